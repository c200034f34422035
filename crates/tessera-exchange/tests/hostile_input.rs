//! Hostile bytes into every token and key reader, on both sides of the exchange: each returns an
//! error with a code, none panics. Checked with proptest (random text, and validly signed
//! tokens whose members take any JSON shape), in a few seconds.
//!
//! Table of contents:
//! - `hostile_times_*`: the `exp` near `i64::MAX` regression, through each token kind and the
//!   person's import.
//!
//! Every token, hostile or not, meets every check in `check_everywhere`: the four kinds of the
//! exchange and the person's ledger export (`tessera ledger verify-export FILE` reads files
//! anyone may hand over), and `Kind` signs hostile tokens of each of the five.
//! - `hostile_text_*`: random text as a token, a grant, a revocation, a key file, a spec.
//! - `hostile_claims_*`: signed tokens with any header or claim member replaced by any JSON,
//!   through the brand's checks and the person's import on a real vault.

use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value as Json, json};
use tessera_exchange::jws::{self, SigningKey};
use tessera_exchange::{brandkit, formats, person};
use tessera_test_support::props;
use tessera_test_support::{TODAY, vault};

const NOW: i64 = 1_795_000_000; // 2026-11-18
const BRAND: &str = "https://shop.example";

fn brand_key() -> SigningKey {
    SigningKey::from_seed(&[7; 32])
}

fn person_key() -> SigningKey {
    SigningKey::from_seed(&[9; 32])
}

fn request_claims() -> Json {
    json!({
        "iss": BRAND, "jti": "req-001", "iat": NOW - 10, "exp": NOW + 3600,
        "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
        "fields": [
            {"name": "email", "form": "email_alias", "required": true, "purposes": ["orders"]},
            {"name": "birthdate", "form": "age_over_18", "required": false, "purposes": ["orders"]}
        ],
        "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 365, "third_parties": false, "profiling": false}],
        "offer": "10% off", "never": ["selling"], "reply": {"method": "file"}
    })
}

fn grant_claims() -> Json {
    let t = person_key().jwk().thumbprint();
    json!({
        "iss": t, "sub": t, "aud": BRAND, "jti": "grant-1", "iat": NOW - 10, "exp": NOW + 3600,
        "request": {"jti": "req-001", "hash": "x"},
        "disclosures": [{"field": "email", "form": "raw", "value": "a@b.example", "provenance": "entered"}],
        "purposes": [{"id": "orders", "accepted": true}],
        "terms": {"no_sale": true, "no_sharing": true, "no_inference": true, "forbidden_uses": []}
    })
}

fn receipt_claims() -> Json {
    json!({
        "iss": BRAND, "aud": person_key().jwk().thumbprint(), "jti": "receipt-1", "iat": NOW - 10,
        "grant": {"jti": "grant-1", "hash": "x"},
        "accepted_terms": {"no_sale": true, "no_sharing": true, "no_inference": true, "forbidden_uses": []}
    })
}

fn revocation_claims() -> Json {
    let t = person_key().jwk().thumbprint();
    json!({
        "iss": t, "sub": t, "aud": BRAND, "jti": "rev-1", "iat": NOW - 10,
        "grant": {"jti": "grant-1", "hash": "x"}, "delete": true
    })
}

/// A ledger export with a real hash chain (from a vault that imported a request), signed by
/// the person's key; made once.
fn ledger_export_claims() -> Json {
    static CLAIMS: LazyLock<Json> = LazyLock::new(|| {
        let (_tmp, mut v) = vault();
        let token = brand_key().sign(formats::REQUEST_TYP, &request_claims());
        person::import_request(&mut v, &token, false, NOW, TODAY).unwrap();
        let entries = tessera_exchange::ledger::list(&v).unwrap();
        assert!(!entries.is_empty());
        let claims = formats::LedgerExportClaims {
            iss: person_key().jwk().thumbprint(),
            iat: NOW,
            entries,
        };
        let json = serde_json::to_value(&claims).unwrap();
        let token = formats::sign::<formats::LedgerExport>(&person_key(), &claims);
        assert_eq!(formats::verify_ledger_export(&token).unwrap(), claims);
        json
    });
    CLAIMS.clone()
}

/// Every check a token can meet, on both sides; each must return, never panic.
fn check_everywhere(token: &str, other: &str) {
    let brand_jwk = brand_key().jwk();
    let _ = formats::verify_request(token, NOW);
    let _ = formats::verify_grant(token, BRAND, None, NOW);
    let _ = formats::verify_grant(token, BRAND, Some(other), NOW);
    let _ = formats::verify_receipt(token, &brand_jwk, NOW);
    let _ = formats::verify_revocation(token, BRAND, None, NOW);
    let _ = formats::verify_revocation(token, BRAND, Some(other), NOW);
    let _ = formats::verify_revocation(other, BRAND, Some(token), NOW);
    let _ = formats::verify_ledger_export(token);
    let _ = formats::verify_ledger_export(other);
    let _ = brandkit::receipt_for(&brand_key(), token, BRAND, NOW);
    let _ = jws::peek_payload::<Json>(token);
    let _ = jws::verify_as_any_time::<Json>(token, formats::GRANT_TYP, None);
}

/// Regression: `exp` near `i64::MAX` overflowed `exp + skew` in the time check.
#[test]
fn hostile_times_at_the_integer_limits_are_invalid_claims() {
    let (_tmp, mut v) = vault();
    for (typ, claims, key) in [
        (formats::REQUEST_TYP, request_claims(), brand_key()),
        (formats::GRANT_TYP, grant_claims(), person_key()),
        (formats::RECEIPT_TYP, receipt_claims(), brand_key()),
        (formats::REVOCATION_TYP, revocation_claims(), person_key()),
    ] {
        for (member, value) in [
            ("exp", json!(i64::MAX)),
            ("exp", json!(i64::MAX - 100)),
            ("iat", json!(i64::MIN)),
            ("nbf", json!(i64::MAX)),
        ] {
            let mut claims = claims.clone();
            claims[member] = value;
            let token = key.sign(typ, &claims);
            check_everywhere(&token, &token);
            let e = match typ {
                formats::REQUEST_TYP => formats::verify_request(&token, NOW).map(|_| ()),
                formats::GRANT_TYP => formats::verify_grant(&token, BRAND, None, NOW).map(|_| ()),
                formats::RECEIPT_TYP => {
                    formats::verify_receipt(&token, &brand_key().jwk(), NOW).map(|_| ())
                }
                _ => formats::verify_revocation(&token, BRAND, None, NOW).map(|_| ()),
            }
            .unwrap_err();
            // Typed claims refuse unknown members (`nbf`) before the times are looked at.
            assert_eq!(e.code().as_str(), "invalid_claims", "{typ} {member}: {e}");
        }
    }
    let mut claims = request_claims();
    claims["exp"] = json!(i64::MAX);
    let token = brand_key().sign(formats::REQUEST_TYP, &claims);
    let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_claims", "{e}");
    assert!(person::requests(&v).unwrap().is_empty());
}

/// A brand spec's `valid_seconds` is range-checked, never added blindly.
#[test]
fn hostile_times_in_a_brand_spec_are_refused() {
    let mut spec = request_claims();
    let spec = spec.as_object_mut().unwrap();
    spec.remove("iat");
    spec.remove("exp");
    for valid in [
        json!(i64::MAX),
        json!(-1),
        json!(0),
        json!(u64::MAX),
        json!(1e300),
        json!("3600"),
        json!(formats::MAX_REQUEST_SECONDS + 1),
    ] {
        let mut s = spec.clone();
        s.insert("valid_seconds".into(), valid.clone());
        let e =
            brandkit::request_from_spec(&brand_key(), &Json::from(s).to_string(), NOW).unwrap_err();
        assert_eq!(e.code().as_str(), "invalid_claims", "{valid}: {e}");
        assert!(e.to_string().contains("valid_seconds"), "{e}");
    }
    let mut s = spec.clone();
    s.insert("valid_seconds".into(), json!(3600));
    let token = brandkit::request_from_spec(&brand_key(), &Json::from(s).to_string(), NOW).unwrap();
    assert_eq!(
        formats::verify_request(&token, NOW).unwrap().claims.exp,
        NOW + 3600
    );
}

fn token_char() -> impl Strategy<Value = char> + Clone {
    prop_oneof![
        prop::sample::select(vec![
            '.', '-', '_', 'A', 'e', 'y', 'J', '=', ' ', '\n', '{', '"'
        ]),
        any::<char>(),
    ]
}

fn text(max: usize) -> impl Strategy<Value = String> + Clone {
    prop::collection::vec(token_char(), 0..max).prop_map(|c| c.into_iter().collect())
}

/// Three base64url parts of any bytes: past the shape check, into the decoders.
fn three_parts() -> impl Strategy<Value = String> {
    let part = prop::collection::vec(any::<u8>(), 0..96).prop_map(|b| B64.encode(b));
    (part.clone(), part.clone(), part).prop_map(|(a, b, c)| format!("{a}.{b}.{c}"))
}

proptest! {
    #![proptest_config(Config::with_cases(256))]

    #[test]
    fn hostile_text_as_any_token_never_panics(token in text(200), other in text(60)) {
        check_everywhere(&token, &other);
    }

    #[test]
    fn hostile_text_in_three_base64_parts_never_panics(token in three_parts()) {
        check_everywhere(&token, &token);
    }

    #[test]
    fn hostile_text_as_a_key_file_or_spec_never_panics(text in text(200)) {
        let _ = brandkit::load_key(&text);
        let _ = brandkit::request_from_spec(&brand_key(), &text, NOW);
    }
}

/// Any JSON value, its text hostile.
fn any_json() -> impl Strategy<Value = Json> {
    props::any_json(text(16), text(8))
}

/// Sets `pointer` (an existing member, or a new `key` in an object there) to `value`.
fn replace(mut doc: Json, pointer: &str, key: &str, value: Json) -> Json {
    if let Some(target) = doc.pointer_mut(pointer) {
        match target {
            Json::Object(members) if !key.is_empty() => {
                members.insert(key.to_owned(), value);
            }
            other => *other = value,
        }
    }
    doc
}

const POINTERS: &[&str] = &[
    "",
    "/iss",
    "/jti",
    "/iat",
    "/exp",
    "/brand",
    "/brand/name",
    "/brand/privacy_policy",
    "/fields",
    "/fields/0",
    "/fields/0/name",
    "/fields/0/form",
    "/fields/0/purposes",
    "/purposes/0",
    "/purposes/0/id",
    "/purposes/0/retention_days",
    "/reply",
    "/never",
    "/offer",
    "/aud",
    "/sub",
    "/request",
    "/grant",
    "/grant/jti",
    "/disclosures/0",
    "/disclosures/0/value",
    "/terms",
    "/accepted_terms/forbidden_uses",
    "/delete",
    "/entries",
    "/entries/0",
    "/entries/0/seq",
    "/entries/0/at",
    "/entries/0/event",
    "/entries/0/fields",
    "/entries/0/prev",
    "/entries/0/hash",
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    Request,
    Grant,
    Receipt,
    Revocation,
    LedgerExport,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(vec![
        Kind::Request,
        Kind::Grant,
        Kind::Receipt,
        Kind::Revocation,
        Kind::LedgerExport,
    ])
}

/// A validly signed token of `kind` with one claim member replaced by any JSON.
fn signed_hostile(kind: Kind, pointer: &str, key: &str, value: Json) -> String {
    let (typ, claims, signer) = match kind {
        Kind::Request => (formats::REQUEST_TYP, request_claims(), brand_key()),
        Kind::Grant => (formats::GRANT_TYP, grant_claims(), person_key()),
        Kind::Receipt => (formats::RECEIPT_TYP, receipt_claims(), brand_key()),
        Kind::Revocation => (formats::REVOCATION_TYP, revocation_claims(), person_key()),
        Kind::LedgerExport => (
            formats::LEDGER_EXPORT_TYP,
            ledger_export_claims(),
            person_key(),
        ),
    };
    signer.sign(typ, &replace(claims, pointer, key, value))
}

/// A token whose header member is replaced by any JSON, signed over what it says.
fn hostile_header(member: &str, value: Json) -> String {
    let key = brand_key();
    let mut header = json!({"alg": "EdDSA", "typ": formats::REQUEST_TYP, "jwk": key.jwk()});
    header[member] = value;
    let input = format!(
        "{}.{}",
        B64.encode(serde_json::to_vec(&header).unwrap()),
        B64.encode(serde_json::to_vec(&request_claims()).unwrap())
    );
    let signature = key.sign_bytes(input.as_bytes());
    format!("{input}.{}", B64.encode(signature))
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    #[test]
    fn hostile_claims_of_any_shape_never_panic(
        kind in kind(),
        pointer in prop::sample::select(POINTERS.to_vec()),
        key in text(8),
        value in any_json(),
    ) {
        let token = signed_hostile(kind, pointer, &key, value);
        check_everywhere(&token, &token);
    }

    #[test]
    fn hostile_claims_with_any_times_never_panic(
        kind in kind(),
        member in prop::sample::select(vec!["iat", "exp", "nbf"]),
        seconds in prop_oneof![
            any::<i64>(),
            prop::sample::select(vec![
                i64::MIN, i64::MIN + 1, -1, 0, 1, jws::MAX_TIME, jws::MAX_TIME + 1,
                i64::MAX - jws::CLOCK_SKEW_SECONDS, i64::MAX - 1, i64::MAX,
            ]),
        ],
    ) {
        let token = signed_hostile(kind, "", member, json!(seconds));
        check_everywhere(&token, &token);
    }

    #[test]
    fn hostile_headers_of_any_shape_never_panic(
        member in prop::sample::select(vec!["alg", "typ", "jwk", "crit", "kid", "b64"]),
        value in any_json(),
    ) {
        let token = hostile_header(member, value);
        check_everywhere(&token, &token);
    }

    #[test]
    fn hostile_specs_of_any_shape_never_panic(
        pointer in prop::sample::select(POINTERS.to_vec()),
        key in text(8),
        value in any_json(),
    ) {
        let mut spec = replace(request_claims(), pointer, &key, value);
        if let Some(s) = spec.as_object_mut() {
            s.remove("iat");
            s.remove("exp");
        }
        let _ = brandkit::request_from_spec(&brand_key(), &spec.to_string(), NOW);
    }
}

/// Hostile requests and receipts through the person's side on a real vault: each is stored or
/// refused, and the vault keeps working.
#[test]
fn hostile_claims_into_the_persons_vault_never_panic() {
    let (_tmp, v) = vault();
    // The runner takes a `Fn`; the vault is borrowed mutably inside it, one case at a time.
    let v = std::cell::RefCell::new(v);
    let mut runner = TestRunner::new(Config::with_cases(96));
    runner
        .run(
            &(
                kind(),
                prop::sample::select(POINTERS.to_vec()),
                text(8),
                any_json(),
                any::<bool>(),
            ),
            |(kind, pointer, key, value, trust)| {
                let token = signed_hostile(kind, pointer, &key, value);
                let mut v = v.borrow_mut();
                let _ = person::import_request(&mut v, &token, trust, NOW, TODAY);
                let _ = person::import_receipt(&mut v, &token, NOW);
                Ok(())
            },
        )
        .unwrap();
    assert!(tessera_exchange::ledger::verify(&v.borrow()).is_ok());
}
