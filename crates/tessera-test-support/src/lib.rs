//! Fixtures shared by Tessera's tests, so that each is written once.
//!
//! - Vaults: [`vault`], [`vault_with`] (a new vault at the KDF floor in a temporary folder,
//!   with values), [`create_at`], [`unlock`], [`set_values`], [`entered`], [`clear`].
//! - The person most tests use: [`ADA`]; a standing rule as most tests make it: [`allow`].
//! - Sessions, as the app and the CLI hold them: [`session_with`]; brands' requests:
//!   [`signed_request`].
//! - Backups crafted part by part: [`crafted_backup`].
//! - Documents generated from the code: [`generated`].
//! - A large vault, made deterministically for the scale benchmarks and tests: [`large`].
//! - Other processes' memory, searched for canaries: [`memory`] (Linux).
//! - Property tests' cases and any JSON: [`props`].
//! - Folders: [`folder_bytes`] (every file with its bytes, to compare before and after),
//!   [`copy_dir`], [`put_back`], [`contains_bytes`].
//!
//! A dev-dependency only: the core crates' integration tests (`tests/`) use it; their unit tests
//! must not (the crate under test is compiled a second time there, with types of its own).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tessera_profile::BrandId;
use tessera_profile::forms::FormKind;
use tessera_profile::model::{Provenance, Rule};
use tessera_profile::store::{self, SetValue};
use tessera_vault::{KdfParams, Passphrase, Vault};

pub mod large;
#[cfg(target_os = "linux")]
pub mod memory;
pub mod props;

/// The passphrase of every vault made here.
pub const PASS: &str = "correct horse battery staple";

/// The day values are entered on, unless a test names its own.
pub const TODAY: Date = Date::constant(2026, 11, 29);

/// The folder name of the vault inside the temporary folder [`vault`] returns.
pub const VAULT_DIR: &str = "vault";

/// The values the exchange tests give their person: an email, an alias pattern, a birthdate, a
/// shoe size and an allergy (a special category).
pub const ADA: &[(&str, &str)] = &[
    ("email", "ada@home.example"),
    ("email_alias_pattern", "ada+{brand}@home.example"),
    ("birthdate", "1990-04-23"),
    ("shoe_size", "EU 38"),
    ("allergies", "peanuts"),
];

/// [`PASS`] as a passphrase.
pub fn passphrase() -> Passphrase {
    Passphrase::from_str_copy(PASS)
}

/// A new, empty vault at `<tmp>/vault`, at the KDF floor (fast), unlocked with [`PASS`].
pub fn vault() -> (tempfile::TempDir, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let v = create_at(&tmp.path().join(VAULT_DIR), PASS);
    (tmp, v)
}

/// A new vault (as [`vault`]) holding `values`, each `(field, input)` entered on [`TODAY`].
pub fn vault_with(values: &[(&str, &str)]) -> (tempfile::TempDir, Vault) {
    let (tmp, mut v) = vault();
    set_values(&mut v, values);
    (tmp, v)
}

/// The vault of `tmp` (from [`vault`] or [`vault_with`]) unlocked again, as a second process
/// would see it.
pub fn unlock(tmp: &tempfile::TempDir) -> Vault {
    Vault::unlock(&vault_dir(tmp), &passphrase()).unwrap()
}

/// The vault folder inside `tmp`.
pub fn vault_dir(tmp: &tempfile::TempDir) -> PathBuf {
    tmp.path().join(VAULT_DIR)
}

/// A new vault in `dir` with passphrase `pass`, at the KDF floor.
pub fn create_at(dir: &Path, pass: &str) -> Vault {
    Vault::create(dir, &Passphrase::from_str_copy(pass), KdfParams::FLOOR).unwrap()
}

/// Enters each `(field, input)` on [`TODAY`], unlabelled.
pub fn set_values(v: &mut Vault, values: &[(&str, &str)]) {
    for &(field, input) in values {
        store::set_value(v, entered(field, input), TODAY).unwrap();
    }
}

/// A value typed in by the person on [`TODAY`]: no label, not primary, no region, not custom.
/// Change what a test needs with struct update syntax: `SetValue { label, ..entered(f, i) }`.
pub fn entered<'a>(field: &'a str, input: &'a str) -> SetValue<'a> {
    SetValue {
        field,
        input,
        label: None,
        primary: false,
        region: None,
        custom: None,
        provenance: Provenance::Entered { on: TODAY },
    }
}

/// Allows `brand` to see `field` in `form` from [`TODAY`], with no last day and no special
/// category confirmed: `store::allow` as most tests call it. A test of either of those calls
/// `store::allow` itself.
pub fn allow(
    v: &mut Vault,
    brand: &BrandId,
    field: &str,
    form: FormKind,
) -> tessera_profile::Result<Rule> {
    store::allow(v, brand, field, form, None, None, TODAY)
}

/// Removes every value, so one vault serves many cases.
pub fn clear(v: &mut Vault) {
    let fields: std::collections::BTreeSet<String> = store::list_values(v)
        .unwrap()
        .into_iter()
        .map(|p| p.field)
        .collect();
    for f in fields {
        store::remove_values(v, &f, None).unwrap();
    }
}

/// Every file directly in `dir`, by name, with its bytes.
pub fn folder_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Copies everything in `from`, subfolders included, into `to` (created if missing).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Replaces the folder `to` with a copy of `from`, as a person putting a backup back does.
pub fn put_back(from: &Path, to: &Path) {
    std::fs::remove_dir_all(to).unwrap();
    copy_dir(from, to);
}

/// Whether `needle` occurs in `haystack`.
pub fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `seconds` since 1970 as a `Timestamp`, for the API's `now` (a test's fixed clock).
pub fn at(seconds: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(seconds).expect("a time in range")
}

/// A session over a new vault at `<tmp>/vault` (KDF floor, [`PASS`]), unlocked, holding
/// `values` entered at `now`. Its idle clock starts at zero.
pub fn session_with(
    values: &[(&str, &str)],
    now: jiff::Timestamp,
) -> (tempfile::TempDir, tessera_api::Session) {
    use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
    let tmp = tempfile::tempdir().unwrap();
    let start = ContinuousInstant::at(std::time::Duration::ZERO);
    let mut s = Session::new(
        tmp.path().join(VAULT_DIR),
        SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: None,
        },
        start,
    );
    s.create(&passphrase(), start).unwrap();
    for &(field, value) in values {
        let req: tessera_api::profile::SetValueRequest =
            serde_json::from_value(serde_json::json!({"field": field, "value": value})).unwrap();
        s.profile_set(&req, now).unwrap();
    }
    (tmp, s)
}

/// A request from the brand at `origin` (`https://shop.example`), signed with a key made from
/// `seed`, for `fields` (the request's `fields` member), with one purpose (`orders`), issued
/// at `now` and valid for 30 days.
pub fn signed_request(
    seed: [u8; 32],
    origin: &str,
    jti: &str,
    fields: &serde_json::Value,
    now: i64,
) -> String {
    signed_request_replying(
        seed,
        origin,
        jti,
        fields,
        &serde_json::json!({"method": "file"}),
        now,
    )
}

/// [`signed_request`] asking for the answer as `reply` says (the request's `reply` member).
pub fn signed_request_replying(
    seed: [u8; 32],
    origin: &str,
    jti: &str,
    fields: &serde_json::Value,
    reply: &serde_json::Value,
    now: i64,
) -> String {
    use tessera_exchange::formats::{self, RequestClaims};
    let host = origin.trim_start_matches("https://");
    let claims: RequestClaims = serde_json::from_value(serde_json::json!({
        "iss": origin,
        "jti": jti,
        "iat": 0, "exp": 0,
        "brand": {"name": host, "privacy_policy": format!("{origin}/privacy"), "contact": format!("privacy@{host}")},
        "fields": fields,
        "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 365, "third_parties": false, "profiling": false}],
        "reply": reply
    }))
    .unwrap();
    let key = tessera_exchange::jws::SigningKey::from_seed(&seed);
    formats::sign_request(&key, claims, now, 30 * 24 * 3600).unwrap()
}

/// Documents generated from the code and committed (tables in `docs/`, files the schema
/// generator reads): a test compares them with what the code generates, and rewrites them when
/// run with `TESSERA_UPDATE_GENERATED=1`.
pub mod generated {
    use std::path::{Path, PathBuf};

    /// The workspace's root folder.
    pub fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    /// Fails unless `path` holds `expected`, saying to run `regenerate`; with
    /// `TESSERA_UPDATE_GENERATED` set, writes it instead.
    pub fn check_or_update(path: &Path, expected: &str, regenerate: &str) {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current == expected {
            return;
        }
        if std::env::var_os("TESSERA_UPDATE_GENERATED").is_some() {
            std::fs::write(path, expected).unwrap();
            return;
        }
        panic!(
            "{} is not what the code generates: run TESSERA_UPDATE_GENERATED=1 {regenerate}",
            path.display()
        );
    }

    /// Checks (or rewrites) the part of the file at `path` between the lines `begin` and
    /// `end` (each with its newline), which must be `content`.
    pub fn check_between(path: &Path, begin: &str, end: &str, content: &str, regenerate: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        let start = text
            .find(begin)
            .unwrap_or_else(|| panic!("{} lacks the line {begin:?}", path.display()))
            + begin.len();
        let stop = start
            + text[start..]
                .find(end)
                .unwrap_or_else(|| panic!("{} lacks the line {end:?}", path.display()));
        let expected = format!("{}{content}{}", &text[..start], &text[stop..]);
        check_or_update(path, &expected, regenerate);
    }
}

/// Writes to `path` an age file under `passphrase` (age's scrypt, cheap work factor) whose tar
/// archive holds `parts`, each name written as it is (`..` and all, which tar's own setter
/// refuses): a backup as someone other than Tessera could make it.
pub fn crafted_backup(path: &Path, passphrase: &str, parts: &[(&str, &[u8])]) {
    use std::io::Write as _;
    let mut recipient =
        age::scrypt::Recipient::new(age::secrecy::SecretString::from(passphrase.to_owned()));
    recipient.set_work_factor(10);
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap();
    let mut out = encryptor
        .wrap_output(std::fs::File::create(path).unwrap())
        .unwrap();
    {
        let mut archive = tar::Builder::new(&mut out);
        for (name, bytes) in parts {
            let mut header = tar::Header::new_ustar();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o600);
            header.set_entry_type(tar::EntryType::Regular);
            header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            header.set_cksum();
            archive.append(&header, *bytes).unwrap();
        }
        archive.finish().unwrap();
    }
    out.finish().unwrap().flush().unwrap();
}
