//! The bodies of Tessera's fuzz targets, written once. `fuzz/` (cargo-fuzz, outside the
//! workspace) calls each under libFuzzer; `tests/corpus.rs` replays every committed input of
//! `fuzz/corpus/<target>/` through the same functions on the stable toolchain, as part of
//! `cargo test`. How to run them: `docs/reliability.md`, section "Fuzzing".
//!
//! Each target takes any bytes and must return: a panic (a failed `assert!` included) is a
//! crash. Besides "never panics", the targets check what must hold of whatever is accepted:
//! a token Tessera verified reads back the same, a grant Tessera signs verifies at the brand,
//! a parsed header writes back the same bytes.
//!
//! Table of contents (the names are the cargo-fuzz targets' and the corpus folders'):
//! - Tokens: [`request`], [`grant`], [`receipt`], [`revocation`], [`letter`], [`ledger_export`]: the bytes
//!   as a token, and as the claims of a validly signed token (past the signature into the
//!   claims' parser and every check); [`brand_kit`]: a brand's key file and request spec.
//! - [`review`]: a validly signed request with fuzzed claims through the review the faces
//!   show, every approval it offers, the grant signed and verified by the brand.
//! - Profile files: [`vcard`], [`jscontact`], [`detect`] (format detection and dispatch),
//!   each through a whole import plan on a real vault.
//! - Vault: [`header`] (`vault.header`), [`backup_file`] (a whole backup file),
//!   [`backup_archive`] (the archive inside a backup Tessera can decrypt).
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::sync::{LazyLock, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD as B64};
use serde_json::json;
use tessera_exchange::approval::{Approval, GrantSigner};
use tessera_exchange::formats::{self, TokenKind};
use tessera_exchange::jws::{self, JwsError, SigningKey};
use tessera_exchange::person::{self, RequestStatus, StoredGrant, StoredRequest};
use tessera_exchange::{approval, brandkit, documents};
use tessera_profile::catalogue::SpecialCategory;
use tessera_profile::interchange::{self, ImportOptions, OptIn};
use tessera_profile::model::{Brand, PinnedKey, ProfileValue, Rule};
use tessera_vault::backup::{self, Passphrases};
use tessera_vault::header::{HEADER_LEN, Header};
use tessera_vault::{KdfParams, Passphrase, Vault};

pub use tessera_test_support::{PASS, TODAY};

/// One fuzz target: its name (of `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`)
/// and its body.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, in the order of the table of contents.
pub const TARGETS: &[Target] = &[
    Target {
        name: "request",
        run: request,
    },
    Target {
        name: "grant",
        run: grant,
    },
    Target {
        name: "receipt",
        run: receipt,
    },
    Target {
        name: "revocation",
        run: revocation,
    },
    Target {
        name: "letter",
        run: letter,
    },
    Target {
        name: "ledger_export",
        run: ledger_export,
    },
    Target {
        name: "brand_kit",
        run: brand_kit,
    },
    Target {
        name: "review",
        run: review,
    },
    Target {
        name: "vcard",
        run: vcard,
    },
    Target {
        name: "jscontact",
        run: jscontact,
    },
    Target {
        name: "detect",
        run: detect,
    },
    Target {
        name: "header",
        run: header,
    },
    Target {
        name: "backup_file",
        run: backup_file,
    },
    Target {
        name: "backup_archive",
        run: backup_archive,
    },
];

/// The brand whose key signs fuzzed requests and receipts.
pub const BRAND: &str = "https://shop.example";

/// The time every check runs at: 2026-11-29T12:00:00Z, noon UTC on [`TODAY`].
pub const NOW: i64 = 1_795_953_600;

fn now() -> i64 {
    NOW
}

/// The brand's request-signing key (the same seed as the exchange's hostile-input tests).
pub fn brand_key() -> SigningKey {
    SigningKey::from_seed(&[7; 32])
}

/// The person's per-brand key, which signs fuzzed grants, revocations and ledger exports.
pub fn person_key() -> SigningKey {
    SigningKey::from_seed(&[9; 32])
}

/// A compact JWS of `typ` over `payload` exactly as given (any bytes, not only JSON), signed
/// by `key` with its JWK in the header: what a brand or person with that key could send.
pub fn signed(key: &SigningKey, typ: &str, payload: &[u8]) -> String {
    let header = json!({"alg": "EdDSA", "typ": typ, "jwk": key.jwk()});
    let input = format!(
        "{}.{}",
        B64.encode(serde_json::to_vec(&header).expect("a header serializes")),
        B64.encode(payload)
    );
    let signature = key.sign_bytes(input.as_bytes());
    format!("{input}.{}", B64.encode(signature))
}

/// Bytes as the text a face hands to a token check (files are read as UTF-8; a face refuses
/// what is not, and the lossy text keeps the fuzzer's bytes reaching the check).
fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The two ways fuzzed bytes reach a token check: as the token itself, and as the claims of a
/// token of `typ` validly signed by `key` (`true`: claims accepted there are signed again by
/// `key`, which a token signed by another key cannot be).
fn tokens(data: &[u8], typ: &str, key: &SigningKey) -> [(String, bool); 2] {
    [
        (text(data).into_owned(), false),
        (signed(key, typ, data), true),
    ]
}

/// Accepted claims signed again by `key` verify to the same claims: what Tessera accepts it
/// can also write, and reading is not lossy.
fn signs_back<K: TokenKind>(
    key: &SigningKey,
    claims: &K::Claims,
    verify: impl Fn(&str) -> Result<K::Claims, JwsError>,
) where
    K::Claims: PartialEq + std::fmt::Debug,
{
    let again = formats::sign::<K>(key, claims);
    match verify(&again) {
        Ok(read) => assert_eq!(&read, claims, "claims signed again read back otherwise"),
        Err(e) => panic!("claims accepted once are refused when signed again: {e}"),
    }
}

/// The checks every kind of token meets whatever its kind: reading a payload unverified, the
/// signature check that ignores the time window, and `tessera open`'s reading of the text as
/// a `tessera:` link and of the token's kind.
fn any_kind_checks(token: &str) {
    let _ = jws::peek_payload::<serde_json::Value>(token);
    let _ = jws::token_hash(token);
    let _ = documents::token_of_link(token);
    if let Ok(inner) = documents::token_of_link(&documents::link(token)) {
        assert_eq!(inner, token.trim(), "a link carries another token");
    }
    if let Ok(kind) = documents::kind_of(token) {
        assert_eq!(
            jws::peek_typ(token).as_deref(),
            Some(kind.openable().typ),
            "opened as another kind"
        );
    }
    for typ in [
        formats::REQUEST_TYP,
        formats::GRANT_TYP,
        formats::REVOCATION_TYP,
    ] {
        let _ = jws::verify_as_any_time::<serde_json::Value>(token, typ, None);
    }
}

/// A brand's request, as the person's import verifies it.
pub fn request(data: &[u8]) {
    let key = brand_key();
    for (token, ours) in tokens(data, formats::REQUEST_TYP, &key) {
        any_kind_checks(&token);
        if let Ok(verified) = formats::verify_request(&token, now()) {
            // A stored request is read back with `peek_payload`, which must agree.
            let peeked: Option<formats::RequestClaims> = jws::peek_payload(token.trim());
            assert_eq!(peeked.as_ref(), Some(&verified.claims), "peeked otherwise");
            if ours {
                signs_back::<formats::Request>(&key, &verified.claims, |t| {
                    formats::verify_request(t, now()).map(|v| v.claims)
                });
            }
        }
    }
}

/// The valid token of `kind` made from [`seed_claims`], signed once: the request grants
/// answer, the grant revocations name, the revocation that names the fuzzed bytes as its grant.
fn seed_token(kind: &str) -> &'static str {
    static TOKENS: LazyLock<Vec<(&str, String)>> = LazyLock::new(|| {
        [
            ("request", formats::REQUEST_TYP, brand_key()),
            ("grant", formats::GRANT_TYP, person_key()),
            ("revocation", formats::REVOCATION_TYP, person_key()),
            ("letter", formats::LETTER_TYP, person_key()),
        ]
        .into_iter()
        .map(|(kind, typ, key)| {
            (
                kind,
                signed(&key, typ, seed_claims(kind).to_string().as_bytes()),
            )
        })
        .collect()
    });
    TOKENS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, token)| token.as_str())
        .expect("a seed token of that kind")
}

/// A grant, as the brand verifies it and countersigns it with a receipt.
pub fn grant(data: &[u8]) {
    let key = person_key();
    for (token, ours) in tokens(data, formats::GRANT_TYP, &key) {
        any_kind_checks(&token);
        let _ = formats::verify_grant(&token, BRAND, Some(seed_token("request")), now());
        if let Ok(claims) = formats::verify_grant(&token, BRAND, None, now())
            && ours
        {
            signs_back::<formats::Grant>(&key, &claims, |t| {
                formats::verify_grant(t, BRAND, None, now())
            });
        }
        if let Ok(receipt) = brandkit::receipt_for(&brand_key(), &token, BRAND, now()) {
            // The brand's receipt for a grant it accepted is one the person accepts.
            let read = formats::verify_receipt(&receipt, &brand_key().jwk(), now());
            assert!(read.is_ok(), "the brand's receipt is refused: {read:?}");
        }
    }
}

/// A brand's receipt, as the person verifies it under the pinned key.
pub fn receipt(data: &[u8]) {
    let key = brand_key();
    let pinned = key.jwk();
    for (token, ours) in tokens(data, formats::RECEIPT_TYP, &key) {
        any_kind_checks(&token);
        let _ = formats::verify_receipt(&token, &person_key().jwk(), now());
        if let Ok(claims) = formats::verify_receipt(&token, &pinned, now())
            && ours
        {
            signs_back::<formats::Receipt>(&key, &claims, |t| {
                formats::verify_receipt(t, &pinned, now())
            });
        }
    }
}

/// A revocation, as the brand verifies it, alone and with the grant it names.
pub fn revocation(data: &[u8]) {
    let key = person_key();
    for (token, ours) in tokens(data, formats::REVOCATION_TYP, &key) {
        any_kind_checks(&token);
        let _ = formats::verify_revocation(&token, BRAND, Some(seed_token("grant")), now());
        // The fuzzed bytes as the grant a valid revocation names.
        let _ = formats::verify_revocation(seed_token("revocation"), BRAND, Some(&token), now());
        if let Ok(claims) = formats::verify_revocation(&token, BRAND, None, now())
            && ours
        {
            signs_back::<formats::Revocation>(&key, &claims, |t| {
                formats::verify_revocation(t, BRAND, None, now())
            });
        }
    }
}

/// A letter, as the brand verifies it, alone and with a grant it names.
pub fn letter(data: &[u8]) {
    let key = person_key();
    for (token, ours) in tokens(data, formats::LETTER_TYP, &key) {
        any_kind_checks(&token);
        let _ = formats::verify_letter(&token, BRAND, Some(seed_token("grant")), now());
        // The fuzzed bytes as the grant a valid letter names.
        let _ = formats::verify_letter(seed_token("letter"), BRAND, Some(&token), now());
        if let Ok(claims) = formats::verify_letter(&token, BRAND, None, now())
            && ours
        {
            signs_back::<formats::Letter>(&key, &claims, |t| {
                formats::verify_letter(t, BRAND, None, now())
            });
        }
    }
}

/// The person's ledger export, as anyone verifies it (`tessera ledger verify-export`).
pub fn ledger_export(data: &[u8]) {
    let key = person_key();
    for (token, ours) in tokens(data, formats::LEDGER_EXPORT_TYP, &key) {
        any_kind_checks(&token);
        if let Ok(claims) = formats::verify_ledger_export(&token)
            && ours
        {
            signs_back::<formats::LedgerExport>(&key, &claims, formats::verify_ledger_export);
        }
    }
}

/// A brand's key file and request spec, as the brand kit reads them; a request made from a
/// spec is one the person's import accepts.
pub fn brand_kit(data: &[u8]) {
    let text = text(data);
    let _ = brandkit::load_key(&text);
    if let Ok(token) = brandkit::request_from_spec(&brand_key(), &text, now()) {
        let read = formats::verify_request(&token, now());
        assert!(
            read.is_ok(),
            "a request made from a spec is refused: {read:?}"
        );
    }
}

/// What the review works with: the person's values (read once from a real vault) and the
/// standing rules they keep for every brand.
struct Person {
    values: Vec<ProfileValue>,
    rules: Vec<(&'static str, bool, &'static str, Option<&'static str>)>,
}

fn person_profile() -> &'static Person {
    static PERSON: LazyLock<Person> = LazyLock::new(|| {
        let (_tmp, vault) = tessera_test_support::vault_with(&profile_values());
        Person {
            values: tessera_profile::store::list_values(&vault).expect("values read back"),
            rules: vec![
                ("email", true, "email_alias", None),
                ("birthdate", true, "age_over_18", None),
                ("address", false, "raw", None),
                ("shoe_size", true, "raw", None),
                ("allergies", true, "raw", Some("health")),
                ("phone_number", true, "raw", None),
            ],
        }
    });
    &PERSON
}

/// The values the review and import targets find in the vault: [`tessera_test_support::ADA`]
/// and an address, a phone number, a yearless anniversary and interests.
fn profile_values() -> Vec<(&'static str, &'static str)> {
    let mut values = tessera_test_support::ADA.to_vec();
    values.extend([
        ("address", "1 Rue de Rivoli; Paris; ; 75001; FR"),
        ("phone_number", "+33 1 42 68 53 00"),
        ("anniversary", "--06-15"),
        ("interests", "jazz, cycling"),
    ]);
    values
}

fn rules_for(brand: &str) -> Vec<Rule> {
    person_profile()
        .rules
        .iter()
        .map(|&(field, allowed, form, confirmed)| Rule {
            v: tessera_profile::store::RECORD_VERSION,
            brand: brand.to_owned(),
            field: field.to_owned(),
            allowed,
            form: form.to_owned(),
            until: None,
            confirmed_category: confirmed.map(str::to_owned),
            updated_on: TODAY,
        })
        .collect()
}

/// At most this many of a request's fields get approvals of their own, and at most this many
/// grants are signed per input (signatures dominate the cost of an execution), for plans spread
/// over the whole review.
const MAX_REVIEWED_FIELDS: usize = 8;
const MAX_SIGNED_GRANTS: usize = 4;

/// A validly signed request with fuzzed claims, through what the faces show and do: the
/// review, the preview of approving all of it and of each choice the review offers, and each
/// grant that plan allows, signed and verified by the brand (with its receipt back).
pub fn review(data: &[u8]) {
    let token = signed(&brand_key(), formats::REQUEST_TYP, data);
    let Ok(verified) = formats::verify_request(&token, now()) else {
        return;
    };
    let request = StoredRequest {
        v: tessera_profile::store::RECORD_VERSION,
        jti: verified.claims.jti.clone(),
        brand: verified.claims.iss.clone(),
        token: token.trim().to_owned(),
        hash: verified.hash.clone(),
        received_at: now(),
        status: RequestStatus::Pending,
        grant: None,
    };
    let claims = approval::answerable(&request, &request.hash, now()).expect("pending, in time");
    let brand = Brand {
        v: tessera_profile::store::RECORD_VERSION,
        id: request.brand.clone(),
        name: claims.brand.name.clone(),
        added_on: TODAY,
        key: Some(PinnedKey {
            x: verified.key.x.clone(),
            thumbprint: verified.key.thumbprint(),
            pinned_on: TODAY,
        }),
    };
    let person = person_profile();
    let rules = rules_for(&request.brand);
    // The person answered the same request before, giving only the email: the review and
    // the approval start from that answer.
    let given = StoredGrant {
        v: tessera_profile::store::RECORD_VERSION,
        jti: "grant-earlier".into(),
        brand: request.brand.clone(),
        request: request.jti.clone(),
        token: String::new(),
        issued_at: now() - 86_400,
        exp: now() + 86_400,
        fields: vec![("email".into(), "raw".into())],
        revoked_at: None,
        revocation: None,
        receipt: None,
        receipt_at: None,
        renews: None,
        renewed_by: None,
        issued_entry: None,
    };
    let earlier = approval::Earlier::of(&request, &given);
    let inputs = tessera_api::exchange::ReviewInputs {
        request: &request,
        brand: &brand,
        values: &person.values,
        rules: &rules,
        earlier: Some((&request, &given)),
        terms: &tessera_profile::terms::Terms {
            max_retention_days: Some(30),
            ..tessera_profile::terms::Terms::default()
        },
    };
    let Ok(review) = tessera_api::exchange::review_of(&inputs, TODAY) else {
        return;
    };
    let every_category = SpecialCategory::ALL.to_vec();
    let mut approvals = vec![Approval {
        all: true,
        confirm_categories: every_category.clone(),
        ..Approval::default()
    }];
    for field in review.fields.iter().take(MAX_REVIEWED_FIELDS) {
        let forms = std::iter::once(None).chain(field.form_choices.iter().cloned().map(Some));
        approvals.extend(forms.map(|form| Approval {
            fields: vec![(field.name.clone(), form)],
            confirm_categories: every_category.clone(),
            ..Approval::default()
        }));
    }
    let step = approvals.len().div_ceil(MAX_SIGNED_GRANTS);
    for (n, choice) in approvals.iter().enumerate() {
        let plan = approval::plan_approval(
            &claims,
            choice,
            &rules,
            Some(&earlier),
            &person.values,
            TODAY,
        );
        let plan = match plan {
            Ok(plan) => plan,
            // Every choice the review offers is one the approval takes.
            Err(e) => panic!("a choice the review offers is refused: {e}"),
        };
        let _ = tessera_api::exchange::preview_of(&plan);
        // Grants for plans spread over the whole review, at most MAX_SIGNED_GRANTS of them.
        if plan.ready().is_err() || n % step != 0 {
            continue;
        }
        let key = SigningKey::from_seed(&[11; 32]);
        let signer = GrantSigner {
            thumbprint: key.jwk().thumbprint(),
            jti: format!("grant-{n}"),
            alias_token: "0123456789ab".into(),
            terms: inputs.terms.clone(),
        };
        let Ok(grant) = approval::grant_claims(
            &request,
            &claims,
            &plan,
            None,
            &person.values,
            signer,
            now(),
            TODAY,
        ) else {
            continue;
        };
        let token = formats::sign_grant(&key, &grant);
        match formats::verify_grant(&token, &request.brand, Some(&request.token), now()) {
            Ok(read) => assert_eq!(read, grant, "the brand reads another grant"),
            Err(e) => panic!("the brand refuses a grant Tessera signed: {e}"),
        }
        let receipt = brandkit::receipt_for(&brand_key(), &token, &request.brand, now());
        assert!(receipt.is_ok(), "no receipt for a grant: {receipt:?}");
    }
}

/// A vault holding [`profile_values`], made once per process; imports are planned against
/// it (planning only reads).
fn import_vault() -> &'static Mutex<(tempfile::TempDir, Vault)> {
    static VAULT: LazyLock<Mutex<(tempfile::TempDir, Vault)>> =
        LazyLock::new(|| Mutex::new(tessera_test_support::vault_with(&profile_values())));
    &VAULT
}

/// Plans importing `data` as the faces do, with every opt-in: its first card (the whole import
/// path, size check and all), and its last when it holds several. (Each plan reads and opens
/// the whole profile, which is most of an execution's cost.)
fn plan_import(data: &[u8]) {
    let guard = import_vault()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let vault = &guard.1;
    let mut options = ImportOptions {
        card: Some(1),
        include: [OptIn::Notes, OptIn::Categories].into(),
        ..ImportOptions::default()
    };
    let _ = interchange::plan_import(vault, "fuzzed", data, &options, TODAY);
    if let Ok((format, parsed)) = interchange::parse(data)
        && parsed.cards.len() > 1
    {
        options.card = Some(parsed.cards.len());
        let _ = interchange::plan_parsed(vault, "fuzzed", format, &parsed, &options, TODAY);
    }
}

/// A vCard file, read and planned.
pub fn vcard(data: &[u8]) {
    let _ = interchange::parse_vcard(data);
    let _ = interchange::vcard_content_lines(data);
    plan_import(data);
}

/// A JSContact file, read and planned.
pub fn jscontact(data: &[u8]) {
    let _ = interchange::parse_jscontact(&text(data));
    plan_import(data);
}

/// Format detection, and the reader it picks agrees with it.
pub fn detect(data: &[u8]) {
    if let Ok(format) = interchange::detect(data)
        && let Ok((read_as, _)) = interchange::parse(data)
    {
        assert_eq!(read_as, format, "read as another format than detected");
    }
}

/// `vault.header`: parsed (bounds checked, nothing derived), and what parses writes back the
/// same bytes.
pub fn header(data: &[u8]) {
    if let Ok(parsed) = Header::parse(data) {
        assert_eq!(parsed.to_bytes().as_slice(), data, "written back otherwise");
    }
}

/// The most scrypt work (log2 N) [`backup_file`] lets through, and that of its scrypt seed.
const CHEAP_SCRYPT: u8 = 10;

/// Whether reading `data` as a backup would ask its key derivation for more than the cheapest
/// work: Argon2id above the floor, or scrypt above [`CHEAP_SCRYPT`]. Such inputs are skipped:
/// their cost is the design (bounded before any work: `kdf_ceiling.rs` and the backup tests),
/// and a fuzzer stuck on them learns nothing more.
fn asks_costly_key_derivation(data: &[u8]) -> bool {
    let text = text(data);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let args: Vec<&str> = line.split(' ').collect();
        match args.as_slice() {
            ["->", "scrypt", _, factor, ..]
                if factor.parse::<u8>().map_or(true, |f| f > CHEAP_SCRYPT) =>
            {
                return true;
            }
            ["->", backup::VAULT_STANZA, ..] => {
                let mut body = String::new();
                while let Some(next) =
                    lines.next_if(|l| !l.starts_with("->") && !l.starts_with("---"))
                {
                    body.push_str(next);
                }
                if let Ok(bytes) = STANDARD_NO_PAD.decode(body)
                    && let Some(header_bytes) = bytes.get(..HEADER_LEN)
                    && Header::parse(header_bytes).is_ok_and(|h| h.kdf != KdfParams::FLOOR)
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// A whole backup file, verified with the vault's passphrase ([`PASS`]) as `tessera backup
/// verify` does.
pub fn backup_file(data: &[u8]) {
    if asks_costly_key_derivation(data) {
        return;
    }
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("fuzzed.tessera-backup");
    std::fs::write(&path, data).expect("written");
    verify_backup(&path);
}

/// Wraps `archive` in an age file under [`PASS`] at scrypt's `work_factor` (log2 N): a backup
/// with a passphrase of its own (here the vault's), as any age tool could write it.
pub fn wrap_archive(archive: &[u8], out: &std::path::Path, work_factor: u8) {
    use std::io::Write as _;
    // age times a run of scrypt to make a recipient: one per work factor, made once.
    static RECIPIENTS: LazyLock<Mutex<Vec<(u8, age::scrypt::Recipient)>>> =
        LazyLock::new(Mutex::default);
    let mut recipients = RECIPIENTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !recipients.iter().any(|(w, _)| *w == work_factor) {
        let mut recipient =
            age::scrypt::Recipient::new(age::secrecy::SecretString::from(PASS.to_owned()));
        recipient.set_work_factor(work_factor);
        recipients.push((work_factor, recipient));
    }
    let recipient = &recipients
        .iter()
        .find(|(w, _)| *w == work_factor)
        .expect("made above")
        .1;
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
            .expect("one recipient");
    let file = std::fs::File::create(out).expect("created");
    let mut sealed = encryptor.wrap_output(file).expect("age header written");
    sealed.write_all(archive).expect("written");
    sealed.finish().expect("finished").sync_all().ok();
}

/// The archive inside a backup (the tar of `manifest.json`, `vault.header` and `vault.db`),
/// reached behind the encryption: wrapped in an age file Tessera opens, then verified as
/// [`backup_file`] verifies a file.
pub fn backup_archive(data: &[u8]) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("fuzzed.tessera-backup");
    // The cheapest work factor: scrypt would otherwise be most of an execution.
    wrap_archive(data, &path, 1);
    verify_backup(&path);
}

/// `tessera backup verify` with [`PASS`]: the vault's passphrase, and the backup's own.
fn verify_backup(path: &std::path::Path) {
    let pass = Passphrase::from_str_copy(PASS);
    let passphrases = Passphrases {
        backup: &pass,
        vault: None,
    };
    let _ = backup::verify(path, &passphrases, &backup::vault_checks_only);
}

/// The claims of a valid token of `kind` ("request", "grant", "receipt", "revocation") at
/// [`now`], signed by the keys above: seeds for the signed path of each token target, and
/// the request, grant and revocation the targets check others against.
pub fn seed_claims(kind: &str) -> serde_json::Value {
    let now = now();
    let person = person_key().jwk().thumbprint();
    let request_hash = jws::token_hash(&signed(
        &brand_key(),
        formats::REQUEST_TYP,
        REQUEST_SEED.as_bytes(),
    ));
    // Ed25519 signatures are deterministic: this is the hash of `seed_token("grant")`.
    let grant_hash = || {
        let grant = seed_claims("grant").to_string();
        jws::token_hash(&signed(&person_key(), formats::GRANT_TYP, grant.as_bytes()))
    };
    let terms = formats::Terms::new(&Default::default(), vec!["selling".into()]);
    match kind {
        "request" => serde_json::from_str(REQUEST_SEED).expect("JSON"),
        "grant" => json!({
            "v": formats::GRANT_FORMAT, "iss": person, "sub": person, "aud": BRAND,
            "jti": "grant-1", "iat": now - 3600, "exp": now + 86_400,
            "request": {"jti": "req-001", "hash": request_hash},
            "disclosures": [
                {"field": "email", "form": "email_alias", "value": "ada+shop-example@home.example", "provenance": "self_asserted"},
                {"field": "birthdate", "form": "age_over_18", "value": true, "provenance": "self_asserted"}
            ],
            "purposes": [{"id": "orders", "accepted": true}],
            "terms": terms,
        }),
        "receipt" => json!({
            "iss": BRAND, "aud": person, "jti": "receipt-1", "iat": now - 10,
            "grant": {"jti": "grant-1", "hash": grant_hash()},
            "accepted_terms": terms,
        }),
        "revocation" => json!({
            "iss": person, "sub": person, "aud": BRAND, "jti": "rev-1", "iat": now - 10,
            "grant": {"jti": "grant-1", "hash": grant_hash()}, "delete": true,
        }),
        "letter" => json!({
            "v": formats::LETTER_FORMAT, "iss": person, "sub": person, "aud": BRAND,
            "jti": "letter-1", "iat": now - 10, "right": "correction", "basis": "GDPR Art. 16",
            "grants": [{"jti": "grant-1", "hash": grant_hash()}],
            "fields": ["email"], "purposes": [],
            "corrections": [{"field": "email", "form": "raw", "value": "ada@new.example", "provenance": "self_asserted"}],
            "reply_by": now + 31 * 86_400,
        }),
        other => panic!("no seed claims for {other}"),
    }
}

/// The request every token target starts from (its times around [`TODAY`]): two standard
/// fields, a special category and an address asked in a coarser form.
pub const REQUEST_SEED: &str = r#"{"iss":"https://shop.example","jti":"req-001","iat":1795950000,"exp":1796558400,"brand":{"name":"Shop","privacy_policy":"https://shop.example/privacy","contact":"privacy@shop.example"},"fields":[{"name":"email","form":"raw","required":true,"purposes":["orders"]},{"name":"birthdate","form":"age_over_18","required":false,"purposes":["orders"]},{"name":"allergies","form":"raw","required":false,"purposes":["orders"]},{"name":"address","form":"raw","required":false,"purposes":["orders"]}],"purposes":[{"id":"orders","description":"Deliver your orders","retention_days":365,"third_parties":false,"profiling":false}],"offer":"10% off","never":["selling"],"reply":{"method":"file"}}"#;

/// Seed files: `(file name, bytes)`.
pub type Seeds = Vec<(String, Vec<u8>)>;

/// Tessera's own backups of a small vault ([`profile_values`], with the ledger of an imported
/// request), and the archive inside them: seeds for [`backup_file`] and [`backup_archive`].
/// Returns `(file name, bytes)` for each target.
pub fn backup_seeds() -> (Seeds, Seeds) {
    use std::io::Read as _;
    let (tmp, mut vault) = tessera_test_support::vault_with(&profile_values());
    let token = signed(&brand_key(), formats::REQUEST_TYP, REQUEST_SEED.as_bytes());
    person::import_request(&mut vault, &token, false, now(), TODAY).expect("imported");
    let own = tmp.path().join("vault-key.tessera-backup");
    vault
        .write_backup(&own, &backup::BackupKey::Vault, now())
        .expect("backup written");
    // The archive: what a backup under a passphrase of its own decrypts to.
    let pass = Passphrase::from_str_copy(PASS);
    let theirs = tmp.path().join("passphrase.tessera-backup");
    vault
        .write_backup(&theirs, &backup::BackupKey::Passphrase(&pass), now())
        .expect("backup written");
    let decryptor =
        age::Decryptor::new(std::fs::File::open(&theirs).expect("opened")).expect("an age file");
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(PASS.to_owned()));
    let mut archive = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .expect("decrypts")
        .read_to_end(&mut archive)
        .expect("read");
    // The same archive under PASS at a cheap work factor: a whole file the fuzzer can open.
    let cheap = tmp.path().join("cheap-scrypt.tessera-backup");
    wrap_archive(&archive, &cheap, CHEAP_SCRYPT);
    let files = vec![
        (
            "tessera-vault-key.age".to_owned(),
            std::fs::read(&own).expect("read"),
        ),
        (
            "scrypt-cheap.age".to_owned(),
            std::fs::read(&cheap).expect("read"),
        ),
    ];
    (files, vec![("tessera-archive.tar".to_owned(), archive)])
}

/// A ledger export with a real hash chain (the ledger of a vault that imported
/// [`REQUEST_SEED`]'s request), as claims: the seed of [`ledger_export`]'s signed path.
pub fn ledger_export_seed() -> serde_json::Value {
    let (_tmp, mut vault) = tessera_test_support::vault();
    let token = signed(&brand_key(), formats::REQUEST_TYP, REQUEST_SEED.as_bytes());
    person::import_request(&mut vault, &token, false, now(), TODAY).expect("imported");
    let claims = formats::LedgerExportClaims {
        iss: person_key().jwk().thumbprint(),
        iat: now(),
        entries: tessera_exchange::ledger::list(&vault).expect("listed"),
    };
    serde_json::to_value(&claims).expect("serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeds_are_valid_at_now() {
        assert_eq!(
            jiff::Timestamp::from_second(now()).unwrap().to_string(),
            "2026-11-29T12:00:00Z"
        );
        let request = seed_claims("request");
        assert!(request["iat"].as_i64().unwrap() <= now());
        let token = signed(&brand_key(), formats::REQUEST_TYP, REQUEST_SEED.as_bytes());
        formats::verify_request(&token, now()).unwrap();
        let bytes = seed_claims("grant").to_string();
        let grant = signed(&person_key(), formats::GRANT_TYP, bytes.as_bytes());
        formats::verify_grant(&grant, BRAND, Some(&token), now()).unwrap();
        let bytes = seed_claims("receipt").to_string();
        let receipt = signed(&brand_key(), formats::RECEIPT_TYP, bytes.as_bytes());
        formats::verify_receipt(&receipt, &brand_key().jwk(), now()).unwrap();
        let bytes = seed_claims("revocation").to_string();
        let revocation = signed(&person_key(), formats::REVOCATION_TYP, bytes.as_bytes());
        formats::verify_revocation(&revocation, BRAND, Some(seed_token("grant")), now()).unwrap();
        let bytes = seed_claims("letter").to_string();
        let letter = signed(&person_key(), formats::LETTER_TYP, bytes.as_bytes());
        formats::verify_letter(&letter, BRAND, Some(seed_token("grant")), now()).unwrap();
    }
}
