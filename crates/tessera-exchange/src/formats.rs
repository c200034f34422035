//! The token kinds and their claims: the four of the exchange (request, grant, receipt,
//! revocation) and the person's ledger export. Each is a [`TokenKind`] (its `typ` and claims
//! type), signed by the one [`sign`]; each verifier adds its kind's checks. Documented, with
//! JSON Schemas and examples, in `docs/formats/`. Unknown members are refused so that a brand
//! learns at once that a member is misspelt, rather than having it silently ignored.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tessera_profile::BrandId;
use tessera_profile::catalogue;
use tessera_profile::forms::FormKind;
pub use tessera_profile::terms::Agreement;

use crate::jws::{self, Expect, JwsError, PublicJwk, SigningKey, Timed};

/// One kind of signed token: the `typ` its header carries, and its claims.
pub trait TokenKind {
    const TYP: &'static str;
    type Claims: Serialize + serde::de::DeserializeOwned;
}

macro_rules! token_kinds {
    ($($(#[$doc:meta])* $kind:ident: $typ:literal => $claims:ty;)*) => {$(
        $(#[$doc])*
        pub struct $kind;
        impl TokenKind for $kind {
            const TYP: &'static str = $typ;
            type Claims = $claims;
        }
    )*};
}

token_kinds! {
    /// A brand's signed request (`docs/formats/request.md`).
    Request: "tessera-request+jwt" => RequestClaims;
    /// The person's grant to one brand (`docs/formats/grant.md`).
    Grant: "tessera-grant+jwt" => GrantClaims;
    /// A brand's receipt for a grant (`docs/formats/receipt.md`).
    Receipt: "tessera-receipt+jwt" => ReceiptClaims;
    /// The person's revocation of a grant (`docs/formats/revocation.md`).
    Revocation: "tessera-revocation+jwt" => RevocationClaims;
    /// The person's activity ledger, exported (`docs/formats/ledger-export.md`).
    LedgerExport: "tessera-ledger+jwt" => LedgerExportClaims;
    /// The person's letter exercising a right with a brand (`docs/formats/letter.md`).
    Letter: "tessera-letter+jwt" => LetterClaims;
}

pub const REQUEST_TYP: &str = Request::TYP;
pub const GRANT_TYP: &str = Grant::TYP;
pub const RECEIPT_TYP: &str = Receipt::TYP;
pub const REVOCATION_TYP: &str = Revocation::TYP;
pub const LEDGER_EXPORT_TYP: &str = LedgerExport::TYP;
pub const LETTER_TYP: &str = Letter::TYP;

/// The letter format this code writes and reads, in the letter's `v` member.
pub const LETTER_FORMAT: u8 = 1;

/// Signs `claims` as a token of kind `K`: the one way every kind is signed.
pub fn sign<K: TokenKind>(key: &SigningKey, claims: &K::Claims) -> String {
    key.sign(
        K::TYP,
        &serde_json::to_value(claims).expect("claims serialize"),
    )
}

/// Longest validity a request may ask for, and the longest a grant is ever given.
pub const MAX_REQUEST_SECONDS: i64 = 90 * 24 * 3600;
pub const MAX_GRANT_SECONDS: i64 = 2 * 366 * 24 * 3600;

/// The grant format this code writes and reads, in the grant's `v` member. Format 1 (no `v`)
/// carried provenance as free text that named files and exact dates; format 2 carries a
/// [`ProvenanceCode`] and fixed terms; format 3 carries the person's own [`Terms`].
pub const GRANT_FORMAT: u8 = 3;

/// The times the person's tokens (grants and revocations) carry are whole UTC days: a time to
/// the second, equal in the grants the person sends two brands, would link them.
pub const PERSON_TIME_GRANULARITY_SECONDS: i64 = 24 * 3600;

/// `now` rounded down to the start of its UTC day: what the person's tokens say for `iat`.
pub fn person_token_time(now: i64) -> i64 {
    now.saturating_sub(now.rem_euclid(PERSON_TIME_GRANULARITY_SECONDS))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandInfo {
    pub name: String,
    pub privacy_policy: String,
    /// An email address or https URL for privacy questions and deletion requests.
    pub contact: String,
    /// The data-protection authority the brand answers to, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestedField {
    pub name: String,
    #[serde(default = "raw")]
    pub form: String,
    pub required: bool,
    pub purposes: Vec<String>,
}

fn raw() -> String {
    "raw".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    pub id: String,
    /// Plain-language description shown to the person.
    pub description: String,
    /// Optional W3C DPV purpose code, e.g. `dpv:ServiceProvision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpv: Option<String>,
    pub retention_days: u32,
    pub third_parties: bool,
    pub profiling: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// `file` (the person sends the grant file), `email` or `url`.
    pub method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// A brand's signed request for data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestClaims {
    pub iss: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub brand: BrandInfo,
    pub fields: Vec<RequestedField>,
    pub purposes: Vec<Purpose>,
    /// What the person gets in exchange.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer: Option<String>,
    /// Uses the brand promises never to make.
    #[serde(default)]
    pub never: Vec<String>,
    pub reply: Reply,
}

/// Which request a grant answers, or which grant a receipt or revocation is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub jti: String,
    /// SHA-256 of the exact compact token, base64url.
    pub hash: String,
}

/// Where a disclosed value came from, as a brand is told: a closed vocabulary, never names,
/// paths or dates (those stay in the person's vault, see `tessera_profile::model::Provenance`).
///
/// There is one code today, on purpose: whether the person typed a value or imported it from a
/// file they chose, it is their own statement, which nobody verified. Telling brands which
/// (`imported` for some fields, typed for others) would give every grant of the person the same
/// pattern across fields, a fingerprint that links their grants to different brands. A new
/// code (for example a value attested by a third party) is a new grant format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvenanceCode {
    /// The person's own statement: typed by them or imported from a file they chose. Tessera
    /// never infers, enriches or checks it.
    SelfAsserted,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    pub field: String,
    pub form: String,
    pub value: Value,
    pub provenance: ProvenanceCode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurposeDecision {
    pub id: String,
    pub accepted: bool,
}

/// The terms a grant is given on: the person's own for the brand
/// ([`tessera_profile::terms::Terms`]), the uses the brand itself promised never to make, and
/// the purposes the person accepted although they go against those terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The named agreement the person's terms started from.
    pub agreement: Agreement,
    pub no_sale: bool,
    pub no_sharing: bool,
    pub no_profiling: bool,
    pub no_inference: bool,
    pub no_training: bool,
    /// The longest the person accepts the brand keeping the data, in days; null: any.
    pub max_retention_days: Option<u32>,
    /// Within how many days of a revocation or of the grant's end the brand deletes the data.
    pub erase_within_days: u32,
    /// How the brand may contact the person (channels, quiet hours); null: the terms say
    /// nothing of it.
    pub contact: Option<tessera_profile::terms::Contact>,
    /// The person's own additions, in their words.
    pub additions: Vec<String>,
    /// The request's `never`: uses the brand promised never to make.
    pub forbidden_uses: Vec<String>,
    /// Each accepted purpose that goes against the terms above, and what of them it is allowed.
    pub exceptions: Vec<TermsException>,
}

impl Terms {
    /// The grant's terms for the person's `terms` and the brand's `forbidden_uses`, before any
    /// exception (see [`crate::conflicts::grant_terms`]).
    pub fn new(terms: &tessera_profile::terms::Terms, forbidden_uses: Vec<String>) -> Terms {
        Terms {
            agreement: terms.agreement,
            no_sale: terms.no_sale,
            no_sharing: terms.no_sharing,
            no_profiling: terms.no_profiling,
            no_inference: terms.no_inference,
            no_training: terms.no_training,
            max_retention_days: terms.max_retention_days,
            erase_within_days: terms.erase_within_days,
            contact: terms.contact.clone(),
            additions: terms.additions.clone(),
            forbidden_uses,
            exceptions: Vec::new(),
        }
    }
}

/// An accepted purpose that goes against the person's terms: the person approved fields for it
/// knowing so, and the grant says what the purpose is allowed despite the terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsException {
    pub purpose: String,
    pub allows: Vec<ExceptionKind>,
}

/// What an exception allows a purpose: sharing with third parties, profiling, or keeping the
/// data longer than `max_retention_days` (as long as the purpose declared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    Sharing,
    Profiling,
    Retention,
}

/// The person's signed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantClaims {
    /// The grant format, [`GRANT_FORMAT`].
    pub v: u8,
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub request: Binding,
    pub disclosures: Vec<Disclosure>,
    pub purposes: Vec<PurposeDecision>,
    pub terms: Terms,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptClaims {
    pub iss: String,
    pub aud: String,
    pub jti: String,
    pub iat: i64,
    pub grant: Binding,
    /// The grant's `terms`, exactly (checked on import): kept as JSON so that a receipt for a
    /// grant of an earlier format, whose terms had other members, still reads.
    pub accepted_terms: Value,
}

/// A right the person exercises with a brand by letter, under the GDPR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Right {
    /// Art. 15: what do you hold about me, from where, shared with whom, for how long.
    Access,
    /// Art. 16: correct what you hold (the corrected values in the letter).
    Correction,
    /// Art. 17: erase what you hold.
    Erasure,
    /// Art. 21: stop profiling me or sending me direct marketing.
    Objection,
    /// Art. 7(3): I withdraw my consent for these purposes, without revoking the rest.
    Withdrawal,
}

impl Right {
    pub const ALL: [Right; 5] = [
        Right::Access,
        Right::Correction,
        Right::Erasure,
        Right::Objection,
        Right::Withdrawal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Right::Access => "access",
            Right::Correction => "correction",
            Right::Erasure => "erasure",
            Right::Objection => "objection",
            Right::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(s: &str) -> Option<Right> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The article of the GDPR it rests on, as the letter's `basis` says it.
    // not words: a legal citation, the same in every language
    pub fn basis(self) -> &'static str {
        match self {
            Right::Access => "GDPR Art. 15",
            Right::Correction => "GDPR Art. 16",
            Right::Erasure => "GDPR Art. 17",
            Right::Objection => "GDPR Art. 21",
            Right::Withdrawal => "GDPR Art. 7(3)",
        }
    }

    /// The id of its name in the catalogue (`locales/*/letters.ftl`).
    pub fn text_id(self) -> String {
        format!("right-{}", self.as_str())
    }
}

/// The person's signed letter to a brand: which right, about which grants (the brand holds
/// them, signed by the same key: the letter comes from the person who gave them), what it
/// concerns, and by when the brand must answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterClaims {
    /// The letter format, [`LETTER_FORMAT`].
    pub v: u8,
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub jti: String,
    pub iat: i64,
    pub right: Right,
    /// The legal basis: [`Right::basis`].
    pub basis: String,
    /// The grants the brand received from the person, as bindings (`jti`, token hash).
    pub grants: Vec<Binding>,
    /// The fields it concerns (empty: everything the brand received).
    pub fields: Vec<String>,
    /// The purposes it concerns, by the ids of the brand's requests (objection, withdrawal;
    /// empty: every purpose).
    pub purposes: Vec<String>,
    /// For a correction: the corrected values, in the forms the brand received them.
    pub corrections: Vec<Disclosure>,
    /// By when the brand must answer: one month after `iat` (GDPR Art. 12(3)).
    pub reply_by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub jti: String,
    pub iat: i64,
    pub grant: Binding,
    /// Always true: revoking asks the brand to delete what it received (GDPR Art. 17).
    pub delete: bool,
}

fn invalid(claim: &'static str, reason: impl Into<String>) -> JwsError {
    JwsError::InvalidClaim {
        claim,
        reason: reason.into(),
    }
}

macro_rules! timed {
    ($t:ty, $exp:expr) => {
        impl Timed for $t {
            fn iat(&self) -> i64 {
                self.iat
            }
            fn exp(&self) -> Option<i64> {
                #[allow(clippy::redundant_closure_call)]
                ($exp)(self)
            }
        }
    };
}

timed!(RequestClaims, |c: &RequestClaims| Some(c.exp));
timed!(GrantClaims, |c: &GrantClaims| Some(c.exp));
timed!(ReceiptClaims, |_: &ReceiptClaims| None);
timed!(RevocationClaims, |_: &RevocationClaims| None);
timed!(LetterClaims, |_: &LetterClaims| None);

fn check_text(claim: &'static str, text: &str, max: usize) -> Result<(), JwsError> {
    if text.trim().is_empty()
        || text.chars().count() > max
        || text.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(invalid(
            claim,
            tessera_text::text!("error-token-claim-text", max = max.to_string()),
        ));
    }
    Ok(())
}

/// An https URL of at most 500 characters, without spaces or control characters.
fn check_url(claim: &'static str, url: &str) -> Result<(), JwsError> {
    if !url.starts_with("https://")
        || url.len() > 500
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid(claim, tessera_text::text!("error-token-claim-url")));
    }
    Ok(())
}

/// A token id: 1 to 128 of `A-Z a-z 0-9 . _ : -`.
pub fn check_jti(jti: &str) -> Result<(), JwsError> {
    let ok = !jti.is_empty()
        && jti.len() <= 128
        && jti
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(invalid("jti", tessera_text::text!("error-token-claim-jti")))
    }
}

impl RequestClaims {
    /// Checks everything a person's review relies on.
    pub fn validate(&self) -> Result<(), JwsError> {
        let id = BrandId::parse(&self.iss).map_err(|e| invalid("iss", e.to_string()))?;
        if id.as_str() != self.iss {
            return Err(invalid(
                "iss",
                tessera_text::text!(
                    "error-token-claim-normalized-origin",
                    origin = id.to_string()
                ),
            ));
        }
        check_jti(&self.jti)?;
        if self.iat < 0 {
            return Err(invalid(
                "iat",
                tessera_text::text!("error-token-claim-after-1970"),
            ));
        }
        if self
            .exp
            .checked_sub(self.iat)
            .is_none_or(|d| d > MAX_REQUEST_SECONDS)
        {
            return Err(invalid(
                "exp",
                tessera_text::text!("error-token-claim-request-lifetime"),
            ));
        }
        check_text("brand.name", &self.brand.name, 200)?;
        if self.brand.name.contains('\n') {
            return Err(invalid(
                "brand.name",
                tessera_text::text!("error-token-claim-one-line"),
            ));
        }
        check_url("brand.privacy_policy", &self.brand.privacy_policy)?;
        check_text("brand.contact", &self.brand.contact, 300)?;
        if let Some(a) = &self.brand.authority {
            check_text("brand.authority", a, 300)?;
        }
        if self.purposes.is_empty() || self.purposes.len() > 50 {
            return Err(invalid(
                "purposes",
                tessera_text::text!("error-token-claim-purposes-count"),
            ));
        }
        let mut ids = std::collections::HashSet::new();
        for p in &self.purposes {
            check_jti(&p.id).map_err(|_| {
                invalid(
                    "purposes[].id",
                    tessera_text::text!("error-token-claim-purpose-id"),
                )
            })?;
            if !ids.insert(p.id.as_str()) {
                return Err(invalid(
                    "purposes[].id",
                    tessera_text::text!(
                        "error-token-claim-purpose-twice",
                        id = format!("{:?}", p.id)
                    ),
                ));
            }
            check_text("purposes[].description", &p.description, 1000)?;
        }
        if self.fields.is_empty() || self.fields.len() > 200 {
            return Err(invalid(
                "fields",
                tessera_text::text!("error-token-claim-fields-count"),
            ));
        }
        let mut names = std::collections::HashSet::new();
        for f in &self.fields {
            let def = catalogue::lookup(&f.name).ok_or_else(|| {
                invalid(
                    "fields[].name",
                    tessera_text::text!(
                        "error-token-claim-unknown-field",
                        field = format!("{:?}", f.name)
                    ),
                )
            })?;
            if !names.insert(f.name.as_str()) {
                return Err(invalid(
                    "fields[].name",
                    tessera_text::text!(
                        "error-token-claim-field-twice",
                        field = format!("{:?}", f.name)
                    ),
                ));
            }
            let form = FormKind::parse(&f.form).map_err(|_| {
                invalid(
                    "fields[].form",
                    tessera_text::text!(
                        "error-token-claim-unknown-form",
                        form = format!("{:?}", f.form)
                    ),
                )
            })?;
            if !def.forms.contains(&form) {
                return Err(invalid(
                    "fields[].form",
                    tessera_text::text!(
                        "error-token-claim-form-not-offered",
                        form = f.form.clone(),
                        field = f.name.clone()
                    ),
                ));
            }
            if f.purposes.is_empty() || f.purposes.iter().any(|p| !ids.contains(p.as_str())) {
                return Err(invalid(
                    "fields[].purposes",
                    tessera_text::text!("error-token-claim-field-purposes", field = f.name.clone()),
                ));
            }
        }
        if let Some(offer) = &self.offer {
            check_text("offer", offer, 1000)?;
        }
        for n in &self.never {
            check_text("never[]", n, 300)?;
        }
        if !matches!(self.reply.method.as_str(), "file" | "email" | "url") {
            return Err(invalid(
                "reply.method",
                tessera_text::text!("error-token-claim-reply-method"),
            ));
        }
        if let Some(to) = &self.reply.to {
            check_text("reply.to", to, 300)?;
            if to.chars().any(char::is_whitespace) {
                return Err(invalid(
                    "reply.to",
                    tessera_text::text!("error-token-claim-reply-to"),
                ));
            }
        }
        for p in &self.purposes {
            if let Some(dpv) = &p.dpv {
                check_text("purposes[].dpv", dpv, 100)?;
                if dpv.chars().any(char::is_whitespace) {
                    return Err(invalid(
                        "purposes[].dpv",
                        tessera_text::text!("error-token-claim-dpv"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A verified and validated request, with its key and the hash grants bind to.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedRequest {
    pub claims: RequestClaims,
    pub key: PublicJwk,
    pub hash: String,
}

/// Verifies a request token (signature under its own header key; pinning is the caller's job).
pub fn verify_request(token: &str, now: i64) -> Result<VerifiedRequest, JwsError> {
    let (key, claims): (PublicJwk, RequestClaims) = jws::verify_as(
        token,
        &Expect {
            typ: REQUEST_TYP,
            key: None,
            now,
            require_exp: true,
        },
    )?;
    claims.validate()?;
    Ok(VerifiedRequest {
        claims,
        key,
        hash: jws::token_hash(token),
    })
}

/// The brand side: signs a request from a spec (all claims but `iat` and `exp`, which are set
/// from `now` and `valid_seconds`).
pub fn sign_request(
    key: &SigningKey,
    mut claims: RequestClaims,
    now: i64,
    valid_seconds: i64,
) -> Result<String, JwsError> {
    claims.iat = now;
    claims.exp = now.checked_add(valid_seconds).ok_or_else(|| {
        invalid(
            "exp",
            tessera_text::text!("error-token-claim-request-lifetime"),
        )
    })?;
    claims.validate()?;
    Ok(sign::<Request>(key, &claims))
}

/// The person side: signs a grant with the brand's own grant key.
pub fn sign_grant(key: &SigningKey, claims: &GrantClaims) -> String {
    sign::<Grant>(key, claims)
}

pub fn sign_revocation(key: &SigningKey, claims: &RevocationClaims) -> String {
    sign::<Revocation>(key, claims)
}

pub fn sign_receipt(key: &SigningKey, claims: &ReceiptClaims) -> String {
    sign::<Receipt>(key, claims)
}

pub fn sign_letter(key: &SigningKey, claims: &LetterClaims) -> String {
    sign::<Letter>(key, claims)
}

/// A grant the brand holds, checked as a revocation or a letter about it needs: signed by
/// `key` (the one that signed the revocation or letter), read any time and in any grant format
/// (it may have ended since, or be older than this format). Its `iss`, and its binding.
fn signed_grant(grant: &str, key: &PublicJwk) -> Result<(String, Binding), JwsError> {
    #[derive(Deserialize)]
    struct Granted {
        iss: String,
        jti: String,
    }
    let (_, granted): (PublicJwk, Granted) = jws::verify_as_any_time(grant, GRANT_TYP, Some(key))?;
    Ok((
        granted.iss,
        Binding {
            jti: granted.jti,
            hash: jws::token_hash(grant),
        },
    ))
}

/// The brand side: verifies a letter meant for `aud`. With a grant the brand holds, also checks
/// that the same key signed both and that the letter names that grant: the letter then comes
/// from the person who gave it, with no other proof of who they are.
pub fn verify_letter(
    token: &str,
    aud: &str,
    grant: Option<&str>,
    now: i64,
) -> Result<LetterClaims, JwsError> {
    let (key, claims): (PublicJwk, LetterClaims) = jws::verify_as(
        token,
        &Expect {
            typ: LETTER_TYP,
            key: None,
            now,
            require_exp: false,
        },
    )?;
    if claims.v != LETTER_FORMAT {
        return Err(invalid(
            "v",
            tessera_text::text!(
                "error-token-claim-letter-format",
                version = claims.v.to_string(),
                format = LETTER_FORMAT.to_string()
            ),
        ));
    }
    check_person_token(&key, &claims.iss, &claims.sub, &claims.aud, aud)?;
    check_jti(&claims.jti)?;
    if claims.basis != claims.right.basis() {
        return Err(invalid(
            "basis",
            tessera_text::text!(
                "error-token-claim-letter-basis",
                basis = claims.right.basis()
            ),
        ));
    }
    if claims.reply_by < claims.iat {
        return Err(invalid(
            "reply_by",
            tessera_text::text!("error-token-claim-letter-reply-by"),
        ));
    }
    if let Some(grant) = grant {
        let (iss, binding) = signed_grant(grant, &key)?;
        if iss != claims.iss || !claims.grants.contains(&binding) {
            return Err(invalid(
                "grants",
                tessera_text::text!("error-token-claim-letter-grant"),
            ));
        }
    }
    Ok(claims)
}

/// Ledger exports are written only by the person and hold the whole ledger: they may be far
/// larger than exchange tokens.
pub const MAX_LEDGER_EXPORT_BYTES: usize = 256 * 1024 * 1024;

/// The claims of a ledger export (`tessera-ledger+jwt`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerExportClaims {
    /// RFC 7638 thumbprint of the vault's ledger key, which signed the export.
    pub iss: String,
    /// Unix seconds.
    pub iat: i64,
    /// Every entry, oldest first.
    pub entries: Vec<crate::ledger::LedgerEntry>,
}

/// Anyone's check of a ledger export: the signature under the key in its header, `iss` that
/// key's thumbprint, and the hash chain of its entries recomputed from the first.
pub fn verify_ledger_export(token: &str) -> Result<LedgerExportClaims, JwsError> {
    let (key, claims): (PublicJwk, LedgerExportClaims) =
        jws::verify_as_any_time_up_to(token, LedgerExport::TYP, None, MAX_LEDGER_EXPORT_BYTES)?;
    if claims.iss != key.thumbprint() {
        return Err(invalid(
            "iss",
            tessera_text::text!("error-token-claim-export-issuer"),
        ));
    }
    crate::ledger::verify_chain(&claims.entries)
        .map_err(|problem| invalid("entries", problem.to_string()))?;
    Ok(claims)
}

/// Grants and revocations are signed by the person's per-brand key: `iss` and `sub` are its
/// thumbprint, and `aud` must be the verifying brand.
fn check_person_token(
    key: &PublicJwk,
    iss: &str,
    sub: &str,
    aud: &str,
    expected_aud: &str,
) -> Result<(), JwsError> {
    let thumbprint = key.thumbprint();
    if iss != thumbprint || sub != thumbprint {
        return Err(invalid(
            "iss",
            tessera_text::text!("error-token-claim-grant-issuer"),
        ));
    }
    if aud != expected_aud {
        return Err(JwsError::WrongAudience {
            expected: expected_aud.to_owned(),
            found: aud.to_owned(),
        });
    }
    Ok(())
}

/// The refusal of a grant in another format than [`GRANT_FORMAT`], if `token` (whose signature
/// has verified) is one: clearer than the member that happens to fail to parse first.
fn other_grant_format(token: &str) -> Option<JwsError> {
    #[derive(Deserialize)]
    struct Format {
        v: Option<Value>,
    }
    let found = jws::peek_payload::<Format>(token)?.v;
    let reason = match found {
        Some(v) if v == GRANT_FORMAT => return None,
        None => tessera_text::text!(
            "error-token-claim-grant-format-1",
            format = GRANT_FORMAT.to_string()
        ),
        Some(v) => {
            tessera_text::text!(
                "error-token-claim-grant-format",
                version = v.to_string(),
                format = GRANT_FORMAT.to_string()
            )
        }
    };
    Some(invalid("v", reason))
}

/// The brand side: verifies a grant meant for `aud`, and that it answers `request` if given.
pub fn verify_grant(
    token: &str,
    aud: &str,
    request: Option<&str>,
    now: i64,
) -> Result<GrantClaims, JwsError> {
    let (key, claims): (PublicJwk, GrantClaims) = jws::verify_as(
        token,
        &Expect {
            typ: GRANT_TYP,
            key: None,
            now,
            require_exp: true,
        },
    )
    .map_err(|e| match e {
        JwsError::InvalidClaim { .. } => other_grant_format(token).unwrap_or(e),
        e => e,
    })?;
    if claims.v != GRANT_FORMAT {
        return Err(other_grant_format(token).unwrap_or_else(|| {
            invalid("v", tessera_text::text!("error-token-claim-unsupported"))
        }));
    }
    check_person_token(&key, &claims.iss, &claims.sub, &claims.aud, aud)?;
    if let Some(request) = request
        && jws::token_hash(request) != claims.request.hash
    {
        return Err(invalid(
            "request.hash",
            tessera_text::text!("error-token-claim-not-this-request"),
        ));
    }
    Ok(claims)
}

/// The person side: verifies a receipt under the brand's pinned key.
pub fn verify_receipt(
    token: &str,
    brand_key: &PublicJwk,
    now: i64,
) -> Result<ReceiptClaims, JwsError> {
    let (_, claims): (PublicJwk, ReceiptClaims) = jws::verify_as(
        token,
        &Expect {
            typ: RECEIPT_TYP,
            key: Some(brand_key),
            now,
            require_exp: false,
        },
    )?;
    // Its id is shown to the person and recorded in the ledger: the same rules as any token id.
    check_jti(&claims.jti)?;
    Ok(claims)
}

/// The brand side: verifies a revocation meant for `aud`. With the grant it revokes, also checks
/// that the same key signed both and that it names exactly that grant: without the grant, anyone
/// could sign a revocation of a grant they have seen.
pub fn verify_revocation(
    token: &str,
    aud: &str,
    grant: Option<&str>,
    now: i64,
) -> Result<RevocationClaims, JwsError> {
    let (key, claims): (PublicJwk, RevocationClaims) = jws::verify_as(
        token,
        &Expect {
            typ: REVOCATION_TYP,
            key: None,
            now,
            require_exp: false,
        },
    )?;
    check_person_token(&key, &claims.iss, &claims.sub, &claims.aud, aud)?;
    if !claims.delete {
        return Err(invalid(
            "delete",
            tessera_text::text!("error-token-claim-revocation-deletes"),
        ));
    }
    if let Some(grant) = grant {
        let (iss, binding) = signed_grant(grant, &key)?;
        if iss != claims.iss || claims.grant != binding {
            return Err(invalid(
                "grant",
                tessera_text::text!("error-token-claim-revocation-key"),
            ));
        }
    }
    Ok(claims)
}
