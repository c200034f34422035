//! The person's side of the exchange, on a vault: import requests (pinning brand keys), review,
//! approve into signed grants, deny, revoke, import receipts. Every step lands in the ledger.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tessera_profile::model::PinnedKey;
use tessera_profile::store as profile;
use tessera_profile::{BrandId, ProfileError};
use tessera_vault::{EntryId, EntryKind, ErrorCode, Vault, VaultError};

pub use crate::approval::{
    Approval, ApprovalPlan, Approved, Earlier, EarlierField, ReviewStart, StartBasis,
    answering_forms, review_start,
};
use crate::approval::{GrantSigner, answerable, grant_claims, plan_approval};
use crate::formats::{self, Binding, RequestClaims, RevocationClaims, VerifiedRequest};
use crate::jws::{JwsError, PublicJwk, SigningKey};
use crate::ledger::{self, Event};

pub const REQUEST_KIND: EntryKind = EntryKind::indexed("request", request_keys);
pub const GRANT_KIND: EntryKind = EntryKind::indexed("grant", grant_keys);

/// What the session's index finds requests and grants by (`tessera_vault::index`): their
/// identifiers and their brand's.
#[derive(Deserialize)]
struct Ids<'a> {
    #[serde(borrow)]
    jti: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    brand: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    hash: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default)]
    status: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    exp: Option<i64>,
    #[serde(default)]
    revoked_at: Option<i64>,
}

/// Requests and grants by their `jti`.
fn jti_key(jti: &str) -> String {
    format!("jti:{jti}")
}

/// Requests by status: `status:pending`.
pub fn status_key(status: RequestStatus) -> String {
    format!("status:{}", status.as_str())
}

/// Grants not revoked, by when they end and then their brand: `live:<exp, 20 digits>\0<brand>`
/// (see [`live_grants`]).
const LIVE_PREFIX: &str = "live:";

fn live_key(exp: i64, brand: &str) -> String {
    format!("{LIVE_PREFIX}{exp:020}\u{0}{brand}")
}

/// The grants not revoked that end after `after` (a time in seconds), as `(exp, brand, entry)`
/// soonest first, from the index's keys: no grant is opened.
pub fn live_grants(vault: &Vault, after: i64) -> Result<Vec<(i64, String, EntryId)>> {
    let from = live_key(after.saturating_add(1), "");
    let mut out = Vec::new();
    for (key, ids) in vault.keys_with_prefix(GRANT_KIND, LIVE_PREFIX)? {
        if key < from {
            continue;
        }
        let Some((exp, brand)) = key[LIVE_PREFIX.len()..].split_once('\u{0}') else {
            continue;
        };
        let Ok(exp) = exp.parse::<i64>() else {
            continue;
        };
        out.extend(ids.into_iter().map(|id| (exp, brand.to_owned(), id)));
    }
    Ok(out)
}

/// The grant `jti`, if the vault holds it, opening no other grant.
pub fn grant(vault: &Vault, jti: &str) -> Result<Option<StoredGrant>> {
    by_jti(vault, None, jti)
}

/// The grants `ids`, opened.
pub fn grants_at(vault: &Vault, ids: &[EntryId]) -> Result<Vec<StoredGrant>> {
    Ok(profile::open::<StoredGrant>(vault, GRANT_KIND, ids)?
        .into_iter()
        .map(|(_, g)| g)
        .collect())
}

/// The requests in `status`, in the order they were received, opening no other request.
pub fn requests_in(vault: &Vault, status: RequestStatus) -> Result<Vec<StoredRequest>> {
    Ok(
        profile::find::<StoredRequest>(vault, REQUEST_KIND, &status_key(status))?
            .into_iter()
            .map(|(_, r)| r)
            .filter(|r| r.status == status)
            .collect(),
    )
}

fn request_keys(plain: &[u8]) -> Vec<String> {
    let Ok(r) = serde_json::from_slice::<Ids<'_>>(plain) else {
        return Vec::new();
    };
    let mut keys = vec![jti_key(&r.jti), profile::brand_key(&r.brand)];
    if let Some(hash) = r.hash {
        keys.push(format!("hash:{hash}"));
    }
    if let Some(status) = r.status {
        keys.push(format!("status:{status}"));
    }
    keys
}

fn grant_keys(plain: &[u8]) -> Vec<String> {
    let Ok(g) = serde_json::from_slice::<Ids<'_>>(plain) else {
        return Vec::new();
    };
    let mut keys = vec![jti_key(&g.jti), profile::brand_key(&g.brand)];
    if let (None, Some(exp)) = (g.revoked_at, g.exp) {
        keys.push(live_key(exp, &g.brand));
    }
    keys
}
/// Grants last a year unless the person chooses an end date.
pub const DEFAULT_GRANT_SECONDS: i64 = 365 * 24 * 3600;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    #[error(transparent)]
    Token(#[from] JwsError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error("{}", tessera_text::text!("error-exchange-replayed", jti = jti.clone(), brand = brand.clone()))]
    Replayed { brand: String, jti: String },
    #[error(
        "{}",
        tessera_text::text!("error-exchange-key-changed", brand = brand.clone(), new = new.clone(), old = old.clone())
    )]
    KeyChanged {
        brand: String,
        old: String,
        new: String,
    },
    #[error("{}", tessera_text::text!("error-exchange-unknown-request", id = .0.clone()))]
    UnknownRequest(String),
    #[error("{}", tessera_text::text!("error-exchange-unknown-grant", id = .0.clone()))]
    UnknownGrant(String),
    #[error(
        "{}",
        tessera_text::text!(
            "error-exchange-ambiguous-request",
            id = id.clone(),
            candidates = candidates
                .iter()
                .map(|(brand, hash)| tessera_text::text!(
                    "error-exchange-ambiguous-candidate",
                    hash = hash.clone(),
                    brand = brand.clone()
                ))
                .collect::<Vec<_>>()
                .join(", "),
        )
    )]
    AmbiguousRequest {
        id: String,
        /// `(brand, hash)` of each request with that id.
        candidates: Vec<(String, String)>,
    },
    #[error("{}", tessera_text::text!("error-exchange-request-expired", id = .0.clone()))]
    RequestExpired(String),
    #[error("{}", tessera_text::text!("error-exchange-not-pending", id = .0.clone()))]
    NotPending(String),
    #[error("{}", tessera_text::text!("error-exchange-missing-value", field = .0.clone()))]
    MissingValue(String),
    #[error("{}", confirmation_required(field, label, category, *standing))]
    ConfirmationRequired {
        field: String,
        category: &'static str,
        label: String,
        /// The approval would also allow it in the brand's standing rules.
        standing: bool,
    },
    #[error("{}", tessera_text::text!("error-exchange-not-requested", field = .0.clone()))]
    NotRequested(String),
    #[error("{}", tessera_text::text!("error-exchange-nothing-selected"))]
    NothingSelected,
    #[error("{}", tessera_text::text!("error-exchange-already-revoked", id = .0.clone()))]
    AlreadyRevoked(String),
    #[error("{0}")]
    AlreadyDone(String),
    #[error("{}", tessera_text::text!("error-exchange-renew-revoked", id = .0.clone()))]
    RenewRevoked(String),
    #[error("{}", tessera_text::text!("error-exchange-already-renewed", id = id.clone(), by = by.clone()))]
    AlreadyRenewed { id: String, by: String },
    #[error("{}", tessera_text::text!("error-exchange-receipt-mismatch", id = .0.clone()))]
    ReceiptMismatch(String),
    #[error("{}", tessera_text::text!("error-exchange-receipt-other-terms", id = .0.clone()))]
    ReceiptOtherTerms(String),
    #[error("{}", tessera_text::text!("error-exchange-no-pinned-key", brand = .0.clone()))]
    NoPinnedKey(String),
    #[error("{}", tessera_text::text!("error-exchange-unknown-letter", id = .0.clone()))]
    UnknownLetter(String),
    /// A letter that cannot be written as asked (its reason in words).
    #[error("{0}")]
    InvalidLetter(String),
}

/// A special category needs the person's confirmation: to share it, or also to allow it in the
/// brand's standing rules.
fn confirmation_required(field: &str, label: &str, category: &str, standing: bool) -> String {
    let (field, label, category) = (field.to_owned(), label.to_owned(), category.to_owned());
    if standing {
        tessera_text::text!(
            "error-exchange-confirmation-required-standing",
            field = field,
            label = label,
            category = category,
        )
    } else {
        tessera_text::text!(
            "error-exchange-confirmation-required",
            field = field,
            label = label,
            category = category,
        )
    }
}

impl ExchangeError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ExchangeError::Token(e) => e.code(),
            ExchangeError::Profile(e) => e.code(),
            ExchangeError::Vault(e) => e.code(),
            ExchangeError::Replayed { .. } => ErrorCode::Replayed,
            ExchangeError::KeyChanged { .. } => ErrorCode::KeyChanged,
            ExchangeError::UnknownRequest(_)
            | ExchangeError::UnknownGrant(_)
            | ExchangeError::UnknownLetter(_) => ErrorCode::NotFound,
            ExchangeError::AmbiguousRequest { .. } => ErrorCode::InvalidInput,
            ExchangeError::RequestExpired(_) => ErrorCode::TokenExpired,
            ExchangeError::NotPending(_)
            | ExchangeError::AlreadyRevoked(_)
            | ExchangeError::AlreadyDone(_)
            | ExchangeError::RenewRevoked(_)
            | ExchangeError::AlreadyRenewed { .. } => ErrorCode::AlreadyDone,
            ExchangeError::MissingValue(_) => ErrorCode::MissingValue,
            ExchangeError::ConfirmationRequired { .. } => ErrorCode::ConfirmationRequired,
            ExchangeError::NotRequested(_)
            | ExchangeError::NothingSelected
            | ExchangeError::InvalidLetter(_) => ErrorCode::InvalidInput,
            ExchangeError::ReceiptMismatch(_)
            | ExchangeError::ReceiptOtherTerms(_)
            | ExchangeError::NoPinnedKey(_) => ErrorCode::ReceiptMismatch,
        }
    }
}

pub type Result<T, E = ExchangeError> = std::result::Result<T, E>;

/// Where a request stands: stored as `pending`, `approved` or `denied`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RequestStatus {
    /// Waiting for the person's answer.
    Pending,
    Approved,
    Denied,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 3] = [
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Denied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Denied => "denied",
        }
    }

    /// The words a person reads for it.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("request-status-{}", self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRequest {
    pub v: u8,
    pub jti: String,
    pub brand: String,
    pub token: String,
    pub hash: String,
    pub received_at: i64,
    pub status: RequestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<String>,
}

impl StoredRequest {
    pub fn claims(&self) -> RequestClaims {
        // Verified and validated on import; the token is sealed since.
        crate::jws::peek_payload(&self.token).expect("a stored request was verified on import")
    }
}

impl StoredGrant {
    /// The member at `pointer` (`/sub`, `/terms`...) of the grant as signed, if it reads as `T`.
    /// Read member by member, so that a grant of an earlier format, kept in the vault, still
    /// gives what it has.
    pub fn signed<T: serde::de::DeserializeOwned>(&self, pointer: &str) -> Option<T> {
        let payload = crate::jws::peek_payload::<serde_json::Value>(&self.token)?;
        serde_json::from_value(payload.pointer(pointer)?.clone()).ok()
    }

    /// The grant's terms, if it is of the current format (an earlier one had fixed terms).
    pub fn terms(&self) -> Option<formats::Terms> {
        self.signed("/terms")
    }

    /// Whether the receipt was imported once the grant was already revoked.
    pub fn receipt_late(&self) -> bool {
        matches!((self.revoked_at, self.receipt_at), (Some(revoked), Some(received)) if received >= revoked)
    }

    /// The granted fields as `field:form`: names, never values (for lists and the ledger).
    pub fn field_forms(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|(n, f)| format!("{n}:{f}"))
            .collect()
    }
}

impl profile::Versioned for StoredRequest {
    fn version(&self) -> u8 {
        self.v
    }
}

impl profile::Versioned for StoredGrant {
    fn version(&self) -> u8 {
        self.v
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredGrant {
    pub v: u8,
    pub jti: String,
    pub brand: String,
    pub request: String,
    pub token: String,
    pub issued_at: i64,
    pub exp: i64,
    /// `(field, form)` pairs granted: names, never values.
    pub fields: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_at: Option<i64>,
    /// The grant this one renews (same request, same fields and forms, a new time window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renews: Option<String>,
    /// The grant that renewed this one, once renewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_by: Option<String>,
    /// The `seq` of the ledger entry that records this grant's issue (grants issued before
    /// Tessera kept it have none: their entry is found by reading the ledger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_entry: Option<u64>,
}

pub(crate) fn load<T: serde::de::DeserializeOwned + profile::Versioned>(
    vault: &Vault,
    kind: EntryKind,
) -> Result<Vec<(EntryId, T)>> {
    Ok(profile::load(vault, kind)?)
}

/// Saves `record` over its entry and records `event`, in one transaction.
pub(crate) fn save_recorded<T: Serialize>(
    vault: &mut Vault,
    kind: EntryKind,
    id: EntryId,
    record: &T,
    now: i64,
    event: Event,
) -> Result<()> {
    vault.atomically(|vault| -> Result<()> {
        save(vault, kind, Some(id), record)?;
        ledger::append(vault, now, event)?;
        Ok(())
    })
}

fn save<T: Serialize>(
    vault: &mut Vault,
    kind: EntryKind,
    id: Option<EntryId>,
    record: &T,
) -> Result<()> {
    profile::save(vault, kind, id, record)?;
    Ok(())
}

/// What requests and grants are found by: their brand and their `jti`.
trait Keyed: serde::de::DeserializeOwned + profile::Versioned {
    const KIND: EntryKind;
    fn brand(&self) -> &str;
    fn jti(&self) -> &str;
}

impl Keyed for StoredRequest {
    const KIND: EntryKind = REQUEST_KIND;
    fn brand(&self) -> &str {
        &self.brand
    }
    fn jti(&self) -> &str {
        &self.jti
    }
}

impl Keyed for StoredGrant {
    const KIND: EntryKind = GRANT_KIND;
    fn brand(&self) -> &str {
        &self.brand
    }
    fn jti(&self) -> &str {
        &self.jti
    }
}

/// The records of `brand`, in the order they were stored, opening no other record, with
/// their entries.
fn stored_of<T: Keyed>(vault: &Vault, brand: &str) -> Result<Vec<(EntryId, T)>> {
    Ok(
        profile::find::<T>(vault, T::KIND, &profile::brand_key(brand))?
            .into_iter()
            .filter(|(_, r)| r.brand() == brand)
            .collect(),
    )
}

/// The record `jti` (of `brand`, when given), opening no other record.
fn by_jti<T: Keyed>(vault: &Vault, brand: Option<&str>, jti: &str) -> Result<Option<T>> {
    Ok(profile::find::<T>(vault, T::KIND, &jti_key(jti))?
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| r.jti() == jti && brand.is_none_or(|b| r.brand() == b)))
}

/// The requests of `brand`, in the order they were received, opening no other request.
pub fn requests_of(vault: &Vault, brand: &str) -> Result<Vec<StoredRequest>> {
    Ok(stored_of(vault, brand)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// The grants to `brand`, in the order they were issued, opening no other grant.
pub fn grants_of(vault: &Vault, brand: &str) -> Result<Vec<StoredGrant>> {
    Ok(stored_of(vault, brand)?
        .into_iter()
        .map(|(_, g)| g)
        .collect())
}

pub fn requests(vault: &Vault) -> Result<Vec<StoredRequest>> {
    Ok(load(vault, REQUEST_KIND)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

pub fn grants(vault: &Vault) -> Result<Vec<StoredGrant>> {
    Ok(load(vault, GRANT_KIND)?
        .into_iter()
        .map(|(_, g)| g)
        .collect())
}

/// The person's last answer to `request`'s brand before it: the brand's request they last
/// answered with a grant, and that grant ([`crate::changes::earlier_answered`]); `None` when
/// they never answered the brand with one.
pub fn earlier_answer(vault: &Vault, request: &StoredRequest) -> Result<Option<Earlier>> {
    Ok(earlier_pair(vault, request)?.map(|(r, g)| Earlier::of(&r, &g)))
}

/// The request and grant [`crate::changes::earlier_answered`] picks for `request`, opening the
/// brand's grants and the requests they answer (newest first, until one is found), not the
/// brand's every request.
pub fn earlier_pair(
    vault: &Vault,
    request: &StoredRequest,
) -> Result<Option<(StoredRequest, StoredGrant)>> {
    let mut grants = grants_of(vault, &request.brand)?;
    grants.retain(|g| g.request != request.jti);
    // Newest first; of two issued at once, the one `max_by_key` would keep (the later).
    grants.reverse();
    grants.sort_by_key(|g| std::cmp::Reverse(g.issued_at));
    for g in grants {
        let answered = request_by_jti(vault, &request.brand, &g.request)?;
        if let Some(r) = answered {
            let picked = crate::changes::earlier_answered(
                std::slice::from_ref(&r),
                std::slice::from_ref(&g),
                &request.brand,
                &request.jti,
            )
            .is_some();
            if picked {
                return Ok(Some((r, g)));
            }
        }
    }
    Ok(None)
}

/// The request `jti` of `brand`, opening no other request.
fn request_by_jti(vault: &Vault, brand: &str, jti: &str) -> Result<Option<StoredRequest>> {
    by_jti(vault, Some(brand), jti)
}

/// Finds a request by its hash (unique) or its `jti` (unique per brand only: two brands may
/// pick the same one, and then the hash must be used). The one way the CLI and the app name
/// a request: `request show/approve/deny` and every `Session` method taking a request id
/// come here.
fn find_request(vault: &Vault, id: &str) -> Result<(EntryId, StoredRequest)> {
    let mut ids = vault.find_ids(REQUEST_KIND, &format!("hash:{id}"))?;
    ids.extend(vault.find_ids(REQUEST_KIND, &jti_key(id))?);
    ids.sort();
    ids.dedup();
    let mut found: Vec<(EntryId, StoredRequest)> =
        profile::open::<StoredRequest>(vault, REQUEST_KIND, &ids)?
            .into_iter()
            .filter(|(_, r)| r.hash == id || r.jti == id)
            .collect();
    match found.len() {
        0 => Err(ExchangeError::UnknownRequest(id.to_owned())),
        1 => Ok(found.remove(0)),
        _ => Err(ExchangeError::AmbiguousRequest {
            id: id.to_owned(),
            candidates: found.into_iter().map(|(_, r)| (r.brand, r.hash)).collect(),
        }),
    }
}

/// The stored request with this hash or (unambiguous) `jti`.
pub fn request(vault: &Vault, id: &str) -> Result<StoredRequest> {
    find_request(vault, id).map(|(_, r)| r)
}

fn find_grant(vault: &Vault, jti: &str) -> Result<(EntryId, StoredGrant)> {
    profile::find::<StoredGrant>(vault, GRANT_KIND, &jti_key(jti))?
        .into_iter()
        .find(|(_, g)| g.jti() == jti)
        .ok_or_else(|| ExchangeError::UnknownGrant(jti.to_owned()))
}

/// The person's values of the fields `claims` asks for, and the alias pattern a disclosure
/// may use: all that planning and signing an answer read, opening no other value.
pub fn values_asked(
    vault: &Vault,
    claims: &RequestClaims,
) -> Result<Vec<tessera_profile::model::ProfileValue>> {
    Ok(profile::values_of_fields(
        vault,
        claims
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .chain(["email_alias_pattern"]),
    )?)
}

/// The signing key Tessera uses with one brand only, derived from the vault's identity seed
/// (so it survives a passphrase change and its data-key rotation), so that two brands cannot
/// link the person by key.
pub fn grant_key(vault: &Vault, brand: &str) -> SigningKey {
    let mut context = b"tessera v1 grant key\n".to_vec();
    context.extend_from_slice(brand.as_bytes());
    SigningKey::from_seed(&vault.derive_seed(&context))
}

/// What importing a request did with the brand's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum KeyStatus {
    /// First request from this brand: its key is now pinned.
    Pinned,
    /// Same key as before.
    Known,
    /// Another key, re-trusted by the person.
    Retrusted,
}

impl KeyStatus {
    /// The sentence the app shows once a request from `brand` (signed by the key with
    /// `fingerprint`) is imported.
    pub fn notice(self, brand: &str, fingerprint: &str) -> String {
        match self {
            KeyStatus::Pinned => tessera_text::text!(
                "exchange-notice-key-pinned",
                brand = brand.to_owned(),
                fingerprint = fingerprint.to_owned()
            ),
            KeyStatus::Retrusted => {
                tessera_text::text!("exchange-notice-key-retrusted", brand = brand.to_owned())
            }
            KeyStatus::Known => {
                tessera_text::text!("exchange-notice-imported", brand = brand.to_owned())
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub request: StoredRequest,
    pub claims: RequestClaims,
    pub key_status: KeyStatus,
    pub thumbprint: String,
}

fn reject(
    vault: &mut Vault,
    now: i64,
    brand: Option<String>,
    error: ExchangeError,
) -> ExchangeError {
    // The refusal itself is recorded; if even that fails, the original error still wins.
    let _ = ledger::append(
        vault,
        now,
        Event {
            event: ledger::LedgerEvent::RequestRejected,
            brand,
            fields: Vec::new(),
            detail: format!("{}: {error}", error.code()),
        },
    );
    error
}

/// Verifies and stores a request. Nothing but the ledger's record of the refusal is written
/// unless every check passes: size, shape, type, algorithm, signature, time window, claims,
/// replay and key pinning.
pub fn import_request(
    vault: &mut Vault,
    token: &str,
    trust_new_key: bool,
    now: i64,
    today: Date,
) -> Result<Imported> {
    let verified: VerifiedRequest = match formats::verify_request(token, now) {
        Ok(v) => v,
        Err(e) => return Err(reject(vault, now, None, e.into())),
    };
    let brand_id = verified.claims.iss.clone();
    if request_by_jti(vault, &brand_id, &verified.claims.jti)?.is_some() {
        let e = ExchangeError::Replayed {
            brand: brand_id.clone(),
            jti: verified.claims.jti.clone(),
        };
        return Err(reject(vault, now, Some(brand_id), e));
    }
    let id = BrandId::parse(&brand_id)?;
    let thumbprint = verified.key.thumbprint();
    let existing = profile::brands_named(vault, [brand_id.as_str()])?
        .into_iter()
        .next();
    let key_status = match existing.as_ref().and_then(|b| b.key.as_ref()) {
        Some(pinned) if pinned.x == verified.key.x => KeyStatus::Known,
        Some(pinned) if !trust_new_key => {
            let e = ExchangeError::KeyChanged {
                brand: brand_id.clone(),
                old: pinned.thumbprint.clone(),
                new: thumbprint.clone(),
            };
            return Err(reject(vault, now, Some(brand_id), e));
        }
        Some(_) => KeyStatus::Retrusted,
        None => KeyStatus::Pinned,
    };
    let claims = verified.claims.clone();
    let request = StoredRequest {
        v: profile::RECORD_VERSION,
        jti: claims.jti.clone(),
        brand: brand_id.clone(),
        token: token.trim().to_owned(),
        hash: verified.hash.clone(),
        received_at: now,
        status: RequestStatus::Pending,
        grant: None,
    };
    vault.atomically(|vault| -> Result<()> {
        if existing.is_none() {
            profile::add_brand(vault, &id, &claims.brand.name, today)?;
        }
        if key_status != KeyStatus::Known {
            profile::pin_brand_key(
                vault,
                &id,
                PinnedKey {
                    x: verified.key.x.clone(),
                    thumbprint: thumbprint.clone(),
                    pinned_on: today,
                },
            )?;
            let event = if key_status == KeyStatus::Pinned {
                ledger::LedgerEvent::KeyPinned
            } else {
                ledger::LedgerEvent::KeyRetrusted
            };
            ledger::append(
                vault,
                now,
                Event {
                    event,
                    brand: Some(brand_id.clone()),
                    fields: vec![],
                    // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                    detail: format!("fingerprint {thumbprint}"),
                },
            )?;
        }
        save(vault, REQUEST_KIND, None, &request)?;
        ledger::append(
            vault,
            now,
            Event {
                event: ledger::LedgerEvent::RequestImported,
                brand: Some(brand_id.clone()),
                fields: claims
                    .fields
                    .iter()
                    .map(|f| format!("{}:{}", f.name, f.form))
                    .collect(),
                detail: format!("request {}", claims.jti),
            },
        )?;
        Ok(())
    })?;
    Ok(Imported {
        request,
        claims,
        key_status,
        thumbprint,
    })
}

/// What approving the request `id` would grant, without signing or storing anything: the
/// same plan [`approve`] signs from ([`plan_approval`]), for the faces to show while the
/// person chooses. It does not refuse a request that is no longer pending or has expired
/// (approving it does).
pub fn preview(vault: &Vault, id: &str, approval: &Approval, today: Date) -> Result<ApprovalPlan> {
    let (_, request) = find_request(vault, id)?;
    let brand = BrandId::parse(&request.brand)?;
    let rules = profile::rules_for_brand(vault, &brand)?;
    let claims = request.claims();
    let values = values_asked(vault, &claims)?;
    let earlier = earlier_answer(vault, &request)?;
    plan_approval(&claims, approval, &rules, earlier.as_ref(), &values, today)
}

/// Signs a grant for the chosen fields, stores it and marks the request approved; with
/// `update_rules`, also allows the fields in the brand's standing rules. The decisions are
/// the pure steps of [`crate::approval`]; this adds the vault's part.
pub fn approve(
    vault: &mut Vault,
    id: &str,
    approval: &Approval,
    now: i64,
    today: Date,
) -> Result<Approved> {
    let (entry, mut request) = find_request(vault, id)?;
    let claims = answerable(&request, id, now)?;
    let brand = BrandId::parse(&request.brand)?;
    let rules = profile::rules_for_brand(vault, &brand)?;
    let values = values_asked(vault, &claims)?;
    let earlier = earlier_answer(vault, &request)?;
    let plan = plan_approval(&claims, approval, &rules, earlier.as_ref(), &values, today)?;
    let mut stored = issue(
        vault,
        &request,
        &claims,
        &plan,
        approval.until,
        &values,
        now,
        today,
    )?;
    vault.atomically(|vault| -> Result<()> {
        let issued = ledger::append(
            vault,
            now,
            Event {
                event: ledger::LedgerEvent::GrantIssued,
                brand: Some(request.brand.clone()),
                fields: stored.field_forms(),
                // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                detail: format!("grant {} answering request {}", stored.jti, claims.jti),
            },
        )?;
        stored.issued_entry = Some(issued.seq);
        save(vault, GRANT_KIND, None, &stored)?;
        request.status = RequestStatus::Approved;
        request.grant = Some(stored.jti.clone());
        save(vault, REQUEST_KIND, Some(entry), &request)?;
        if approval.update_rules {
            for f in &plan.fields {
                // The person's own confirmation, naming the category: `allow` checks it as it
                // does for `brand allow`.
                profile::allow(
                    vault,
                    &brand,
                    &f.name,
                    f.form,
                    approval.until,
                    f.special,
                    today,
                )?;
            }
            ledger::append(
                vault,
                now,
                Event {
                    event: ledger::LedgerEvent::RuleChanged,
                    brand: Some(request.brand.clone()),
                    fields: stored.field_forms(),
                    // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                    detail: "allowed from an approved request".into(),
                },
            )?;
        }
        Ok(())
    })?;
    Ok(Approved {
        grant: stored,
        plan,
    })
}

/// Signs the grant answering `request` as `plan` says, with the person's `values`, under the
/// brand's own key and a new random id: the record to store (not stored yet).
#[allow(clippy::too_many_arguments)]
fn issue(
    vault: &Vault,
    request: &StoredRequest,
    claims: &RequestClaims,
    plan: &ApprovalPlan,
    until: Option<Date>,
    values: &[tessera_profile::model::ProfileValue],
    now: i64,
    today: Date,
) -> Result<StoredGrant> {
    plan.ready()?;
    let key = grant_key(vault, &request.brand);
    let signer = GrantSigner {
        thumbprint: key.jwk().thumbprint(),
        jti: format!(
            "grant-{}",
            &tessera_vault::secret::random_urn_uuid()?["urn:uuid:".len()..]
        ),
        alias_token: profile::alias_token(vault, &BrandId::parse(&request.brand)?),
        terms: tessera_profile::terms::for_brand(vault, &BrandId::parse(&request.brand)?)?,
    };
    let grant_claims = grant_claims(request, claims, plan, until, values, signer, now, today)?;
    let chosen = plan.field_forms();
    Ok(StoredGrant {
        v: profile::RECORD_VERSION,
        jti: grant_claims.jti.clone(),
        brand: request.brand.clone(),
        request: claims.jti.clone(),
        token: formats::sign_grant(&key, &grant_claims),
        issued_at: now,
        exp: grant_claims.exp,
        fields: chosen.iter().map(|(n, f)| (n.clone(), f.name())).collect(),
        revoked_at: None,
        revocation: None,
        receipt: None,
        receipt_at: None,
        renews: None,
        renewed_by: None,
        issued_entry: None,
    })
}

/// What renewing a grant would give (see [`renewal`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Renewal {
    /// The same fields in the same forms, as a new grant answering the same request; without
    /// the fields in `denied_now`.
    pub plan: ApprovalPlan,
    /// Fields of the grant that the person's standing rule for the brand now denies: left out.
    pub denied_now: Vec<String>,
    /// Fields the new grant would give another value than the grant renewed gave (a value the
    /// person changed since, an age that has grown).
    pub changed: Vec<String>,
    /// What the new grant gives for the fields in `changed`: the corrections a letter carries.
    pub corrections: Vec<formats::Disclosure>,
}

/// What renewing grant `grant_jti` would give, without signing or storing anything: the same
/// plan [`renew`] signs from. `confirm_categories` are the special categories the person
/// confirms again (each renewal of a special-category field needs it, as the grant did).
pub fn renewal(
    vault: &Vault,
    grant_jti: &str,
    confirm_categories: &[tessera_profile::catalogue::SpecialCategory],
    now: i64,
    today: Date,
) -> Result<Renewal> {
    let (_, grant) = renewable(vault, grant_jti)?;
    let request = answered_by(vault, &grant)?;
    let claims = request.claims();
    let brand = BrandId::parse(&grant.brand)?;
    let rules = profile::rules_for_brand(vault, &brand)?;
    let values = values_asked(vault, &claims)?;
    let (approval, denied_now) = crate::approval::renewal_choice(&grant, &rules);
    let approval = Approval {
        confirm_categories: confirm_categories.to_vec(),
        ..approval
    };
    let plan = plan_approval(&claims, &approval, &rules, None, &values, today)?;
    let (changed, corrections) = if plan.ready().is_ok() {
        let signer = GrantSigner {
            thumbprint: String::new(),
            jti: String::new(),
            alias_token: profile::alias_token(vault, &brand),
            terms: tessera_profile::terms::for_brand(vault, &brand)?,
        };
        let new = grant_claims(&request, &claims, &plan, None, &values, signer, now, today)?;
        // Signed here; were it unreadable, every field counts as changed.
        let old: Vec<formats::Disclosure> = grant.signed("/disclosures").unwrap_or_default();
        let changed = crate::approval::changed_values(&old, &new.disclosures);
        let corrections = new
            .disclosures
            .into_iter()
            .filter(|d| changed.contains(&d.field))
            .collect();
        (changed, corrections)
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Renewal {
        plan,
        denied_now,
        changed,
        corrections,
    })
}

/// Renews grant `grant_jti`: signs a new grant answering the same request with the same
/// fields in the same forms (the values as they are now; fields the person's standing rule
/// for the brand now denies left out), ending on `until` or a year from today, and records on
/// both which renews which. The old grant is not revoked: it ends when it was to end.
pub fn renew(
    vault: &mut Vault,
    grant_jti: &str,
    confirm_categories: &[tessera_profile::catalogue::SpecialCategory],
    until: Option<Date>,
    now: i64,
    today: Date,
) -> Result<Approved> {
    let plan = renewal(vault, grant_jti, confirm_categories, now, today)?.plan;
    let (entry, mut old) = renewable(vault, grant_jti)?;
    let request = answered_by(vault, &old)?;
    let claims = request.claims();
    let values = values_asked(vault, &claims)?;
    let mut stored = issue(vault, &request, &claims, &plan, until, &values, now, today)?;
    stored.renews = Some(old.jti.clone());
    old.renewed_by = Some(stored.jti.clone());
    vault.atomically(|vault| -> Result<()> {
        let issued = ledger::append(
            vault,
            now,
            Event {
                event: ledger::LedgerEvent::GrantIssued,
                brand: Some(stored.brand.clone()),
                fields: stored.field_forms(),
                // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                detail: format!(
                    "grant {} renewing grant {} answering request {}",
                    stored.jti, old.jti, claims.jti
                ),
            },
        )?;
        stored.issued_entry = Some(issued.seq);
        save(vault, GRANT_KIND, None, &stored)?;
        save(vault, GRANT_KIND, Some(entry), &old)?;
        Ok(())
    })?;
    Ok(Approved {
        grant: stored,
        plan,
    })
}

/// Grant `jti`, if it can be renewed: not revoked, not renewed already.
fn renewable(vault: &Vault, jti: &str) -> Result<(EntryId, StoredGrant)> {
    let (entry, grant) = find_grant(vault, jti)?;
    if grant.revoked_at.is_some() {
        return Err(ExchangeError::RenewRevoked(jti.to_owned()));
    }
    if let Some(by) = &grant.renewed_by {
        return Err(ExchangeError::AlreadyRenewed {
            id: jti.to_owned(),
            by: by.clone(),
        });
    }
    Ok((entry, grant))
}

/// The request `grant` answers.
fn answered_by(vault: &Vault, grant: &StoredGrant) -> Result<StoredRequest> {
    request_by_jti(vault, &grant.brand, &grant.request)?
        .ok_or_else(|| ExchangeError::UnknownRequest(grant.request.clone()))
}

/// Refuses a request entirely. Nothing is sent; the refusal is recorded.
pub fn deny(vault: &mut Vault, jti: &str, now: i64) -> Result<StoredRequest> {
    let (entry, mut request) = find_request(vault, jti)?;
    if request.status != RequestStatus::Pending {
        return Err(ExchangeError::NotPending(jti.to_owned()));
    }
    request.status = RequestStatus::Denied;
    save_recorded(
        vault,
        REQUEST_KIND,
        entry,
        &request,
        now,
        Event {
            event: ledger::LedgerEvent::RequestDenied,
            brand: Some(request.brand.clone()),
            fields: vec![],
            // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
            detail: format!("request {jti}"),
        },
    )?;
    Ok(request)
}

/// Revokes a grant: signs a revocation (with a request to delete the data) under the same
/// per-brand key, and records it.
pub fn revoke(vault: &mut Vault, grant_jti: &str, now: i64) -> Result<String> {
    let (entry, mut grant) = find_grant(vault, grant_jti)?;
    if grant.revoked_at.is_some() {
        return Err(ExchangeError::AlreadyRevoked(grant_jti.to_owned()));
    }
    let key = grant_key(vault, &grant.brand);
    let thumbprint = key.jwk().thumbprint();
    let claims = RevocationClaims {
        iss: thumbprint.clone(),
        sub: thumbprint,
        aud: grant.brand.clone(),
        jti: format!(
            "revocation-{}",
            &tessera_vault::secret::random_urn_uuid()?["urn:uuid:".len()..]
        ),
        iat: formats::person_token_time(now),
        grant: Binding {
            jti: grant.jti.clone(),
            hash: crate::jws::token_hash(&grant.token),
        },
        delete: true,
    };
    let token = formats::sign_revocation(&key, &claims);
    grant.revoked_at = Some(now);
    grant.revocation = Some(token.clone());
    save_recorded(
        vault,
        GRANT_KIND,
        entry,
        &grant,
        now,
        Event {
            event: ledger::LedgerEvent::GrantRevoked,
            brand: Some(grant.brand.clone()),
            fields: grant.field_forms(),
            // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
            detail: format!("grant {grant_jti}; deletion requested"),
        },
    )?;
    Ok(token)
}

/// Imports a brand's receipt: checked under the brand's pinned key and bound to a grant here.
///
/// A receipt for a grant the person has already revoked is recorded, as late
/// ([`StoredGrant::receipt_late`]): it is still the brand's signed word that it received the
/// grant and accepted its terms (evidence worth keeping), but it changes nothing about the
/// revocation, which still asks the brand to delete the data.
pub fn import_receipt(vault: &mut Vault, token: &str, now: i64) -> Result<StoredGrant> {
    // Find the grant first, from the unverified claims, to know which brand key to check with.
    let grant_jti = crate::jws::peek_payload::<serde_json::Value>(token)
        .and_then(|v| {
            v.pointer("/grant/jti")
                .and_then(|j| j.as_str())
                .map(str::to_owned)
        })
        .ok_or_else(|| {
            ExchangeError::Token(JwsError::Malformed(tessera_text::text!(
                "error-token-malformed-not-a-receipt"
            )))
        })?;
    let (entry, mut grant) = find_grant(vault, &grant_jti)?;
    let brand = profile::get_brand(vault, &BrandId::parse(&grant.brand)?)?;
    let pinned = brand
        .key
        .ok_or_else(|| ExchangeError::NoPinnedKey(grant.brand.clone()))?;
    let jwk = PublicJwk::from_public_key(
        &PublicJwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: pinned.x,
        }
        .public_key()?,
    );
    let claims = formats::verify_receipt(token, &jwk, now)?;
    let thumbprint = grant_key(vault, &grant.brand).jwk().thumbprint();
    if claims.grant.hash != crate::jws::token_hash(&grant.token)
        || claims.iss != grant.brand
        || claims.aud != thumbprint
    {
        return Err(ExchangeError::ReceiptMismatch(grant_jti));
    }
    // A receipt accepts the terms the grant was given on, exactly: one accepting others (fewer
    // promises, a longer retention) is not the brand's acknowledgement of this grant.
    if grant.signed::<serde_json::Value>("/terms") != Some(claims.accepted_terms.clone()) {
        return Err(ExchangeError::ReceiptOtherTerms(grant_jti));
    }
    // The first receipt is the evidence of when the brand acknowledged the grant: a later one
    // (before or after a revocation) is recorded in the ledger but never replaces it.
    let first = grant.receipt.is_none();
    if first {
        grant.receipt = Some(token.trim().to_owned());
        grant.receipt_at = Some(now);
    }
    // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
    let detail = if !first {
        format!(
            "receipt {} for grant {} received again; the first receipt is kept",
            claims.jti, grant.jti
        )
    } else if grant.receipt_late() {
        format!(
            "receipt {} for grant {}, late: the grant was already revoked",
            claims.jti, grant.jti
        )
    } else {
        format!("receipt {} for grant {}", claims.jti, grant.jti)
    };
    save_recorded(
        vault,
        GRANT_KIND,
        entry,
        &grant,
        now,
        Event {
            event: ledger::LedgerEvent::ReceiptImported,
            brand: Some(grant.brand.clone()),
            fields: vec![],
            detail,
        },
    )?;
    Ok(grant)
}

/// What [`remove_brand`] took away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Removed {
    pub requests: usize,
    pub grants: usize,
    pub rules: usize,
}

/// Removes a brand with its requests, grants (their receipts and revocations with them) and
/// rules, in one transaction, and records a `brand_removed` entry. The ledger's earlier entries
/// about the brand stay: the history is append-only, and still says who received what. Only
/// the first run's demo brand is removed this way; a real brand's grants are the person's
/// evidence of what it received.
pub fn remove_brand(vault: &mut Vault, brand: &BrandId, now: i64, why: &str) -> Result<Removed> {
    vault.atomically(|vault| -> Result<Removed> {
        let mut removed = Removed::default();
        for (entry, _) in stored_of::<StoredRequest>(vault, brand.as_str())? {
            vault.delete_entry(entry)?;
            removed.requests += 1;
        }
        for (entry, _) in stored_of::<StoredGrant>(vault, brand.as_str())? {
            vault.delete_entry(entry)?;
            removed.grants += 1;
        }
        removed.rules = profile::remove_brand(vault, brand)?;
        ledger::append(
            vault,
            now,
            Event {
                event: ledger::LedgerEvent::BrandRemoved,
                brand: Some(brand.to_string()),
                fields: vec![],
                // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                detail: format!(
                    "{why}: {} request(s), {} grant(s) and {} rule(s) removed",
                    removed.requests, removed.grants, removed.rules
                ),
            },
        )?;
        Ok(removed)
    })
}
