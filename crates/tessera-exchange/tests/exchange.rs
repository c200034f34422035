//! The whole exchange on real vaults, with real signatures.
//!
//! Table of contents:
//! - `story_*`: brand signs a request, person imports, approves, brand verifies the grant,
//!   person revokes, brand verifies the revocation, brand countersigns, person imports receipt.
//! - `pinning_*`: first request pins the key; another key is refused loudly unless re-trusted.
//! - `hostile_*`: every bit flip, alg none, HS256, wrong typ, expired, not yet valid, wrong
//!   audience, replay, oversize and deep nesting: each its own error, nothing stored.
//! - `ledger_*`: the chain verifies, and fails after an edit, a removal or a reorder.

use jiff::civil::Date;
use serde_json::json;
use tessera_exchange::formats::{self, ReceiptClaims, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_exchange::{ledger, person};
use tessera_profile::model::Provenance;
use tessera_profile::store::{self, SetValue};
use tessera_vault::{KdfParams, Passphrase, Vault};

const NOW: i64 = 1_795_000_000; // 2026-11-18
const TODAY: Date = Date::constant(2026, 11, 29);
const BRAND: &str = "https://shop.example";

fn spec() -> RequestClaims {
    serde_json::from_value(json!({
        "iss": BRAND,
        "jti": "req-001",
        "iat": 0, "exp": 0,
        "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
        "fields": [
            {"name": "email", "form": "email_alias", "required": true, "purposes": ["orders"]},
            {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]},
            {"name": "shoe_size", "required": false, "purposes": ["recommend"]},
            {"name": "allergies", "required": false, "purposes": ["recommend"]}
        ],
        "purposes": [
            {"id": "orders", "description": "Deliver and confirm your orders", "dpv": "dpv:ServiceProvision", "retention_days": 365, "third_parties": false, "profiling": false},
            {"id": "recommend", "description": "Suggest shoes that fit", "retention_days": 180, "third_parties": false, "profiling": true}
        ],
        "offer": "10% off your next order",
        "never": ["location-triggered messages", "targeting on sensitive subjects"],
        "reply": {"method": "file"}
    }))
    .unwrap()
}

fn brand_key() -> SigningKey {
    SigningKey::from_seed(&[7; 32])
}

fn request_token(key: &SigningKey, jti: &str) -> String {
    let mut claims = spec();
    claims.jti = jti.into();
    formats::sign_request(key, claims, NOW, 30 * 24 * 3600).unwrap()
}

fn person_vault() -> (tempfile::TempDir, std::path::PathBuf, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = Vault::create(
        &dir,
        &Passphrase::from_str_copy("correct horse battery"),
        KdfParams::FLOOR,
    )
    .unwrap();
    for (field, input) in [
        ("email", "ada@home.example"),
        ("email_alias_pattern", "ada+{brand}@home.example"),
        ("birthdate", "1990-04-23"),
        ("shoe_size", "EU 38"),
        ("allergies", "peanuts"),
    ] {
        let req = SetValue {
            field,
            input,
            label: None,
            primary: false,
            region: None,
            custom: None,
            provenance: Provenance::Entered { on: TODAY },
        };
        store::set_value(&mut v, req, TODAY).unwrap();
    }
    (tmp, dir, v)
}

fn counts(v: &Vault) -> (usize, usize, usize) {
    (
        person::requests(v).unwrap().len(),
        person::grants(v).unwrap().len(),
        store::list_brands(v, None).unwrap().len(),
    )
}

#[test]
fn story_request_grant_revocation_receipt() {
    let (_t, _dir, mut v) = person_vault();
    let request = request_token(&brand_key(), "req-001");
    let imported = person::import_request(&mut v, &request, false, NOW, TODAY).unwrap();
    assert_eq!(imported.key_status, person::KeyStatus::Pinned);
    assert_eq!(imported.thumbprint, brand_key().jwk().thumbprint());
    assert_eq!(
        store::get_brand(&v, &tessera_profile::BrandId::parse(BRAND).unwrap())
            .unwrap()
            .name,
        "Shop"
    );

    // Sensitive field without confirmation is refused; with it, the grant is signed.
    let mut approval = person::Approval {
        fields: vec![
            ("email".into(), None),
            ("birthdate".into(), None),
            ("allergies".into(), None),
        ],
        ..Default::default()
    };
    let e = person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap_err();
    assert_eq!(e.code(), "confirmation_required");
    approval.confirm_sensitive = true;
    approval.update_rules = true;
    let (grant, token) = person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap();
    assert_eq!(grant.fields.len(), 3);

    // The brand verifies it, bound to its request, and reads exactly what was approved.
    let claims = formats::verify_grant(&token, BRAND, Some(&request), NOW + 60).unwrap();
    let got: Vec<_> = claims
        .disclosures
        .iter()
        .map(|d| (d.field.as_str(), d.value.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("email", json!("ada+shop-example@home.example")),
            ("birthdate", json!(true)),
            ("allergies", json!(["peanuts"])),
        ]
    );
    assert!(claims.exp > NOW);
    assert_eq!(claims.purposes.iter().filter(|p| p.accepted).count(), 2);
    assert_eq!(claims.terms.forbidden_uses.len(), 2);
    let other_request = request_token(&brand_key(), "req-other");
    assert_eq!(
        formats::verify_grant(&token, BRAND, Some(&other_request), NOW)
            .unwrap_err()
            .code(),
        "invalid_claims"
    );
    assert_eq!(
        formats::verify_grant(&token, "https://other.example", None, NOW)
            .unwrap_err()
            .code(),
        "wrong_audience"
    );
    // Standing rules were updated on request.
    assert_eq!(store::who_can_see(&v, "birthdate", TODAY).unwrap().len(), 1);

    // Two brands never see the same key.
    assert_ne!(
        person::grant_key(&v, BRAND).jwk(),
        person::grant_key(&v, "https://books.example").jwk()
    );

    // The brand countersigns; the person imports the receipt.
    let receipt = formats::sign_receipt(
        &brand_key(),
        &ReceiptClaims {
            iss: BRAND.into(),
            aud: claims.sub.clone(),
            jti: "receipt-1".into(),
            iat: NOW,
            grant: formats::Binding {
                jti: claims.jti.clone(),
                hash: tessera_exchange::jws::token_hash(&token),
            },
            accepted_terms: claims.terms.clone(),
        },
    );
    let forged = formats::sign_receipt(
        &SigningKey::from_seed(&[9; 32]),
        &formats::verify_receipt(&receipt, &brand_key().jwk(), NOW).unwrap(),
    );
    assert_eq!(
        person::import_receipt(&mut v, &forged, NOW)
            .unwrap_err()
            .code(),
        "bad_signature"
    );
    let with_receipt = person::import_receipt(&mut v, &receipt, NOW).unwrap();
    assert!(with_receipt.receipt.is_some());

    // Revocation, verified by the brand.
    let revocation = person::revoke(&mut v, &grant.jti, NOW + 100).unwrap();
    let r = formats::verify_revocation(&revocation, BRAND, Some(&token), NOW + 200).unwrap();
    // A revocation signed by someone else for this grant is refused once the grant is given.
    let outsider = SigningKey::from_seed(&[11; 32]);
    let thumb = outsider.jwk().thumbprint();
    let forged = formats::sign_revocation(
        &outsider,
        &formats::RevocationClaims {
            iss: thumb.clone(),
            sub: thumb,
            aud: BRAND.into(),
            jti: "rev-x".into(),
            iat: NOW,
            grant: r.grant.clone(),
            delete: true,
        },
    );
    assert_eq!(
        formats::verify_revocation(&forged, BRAND, Some(&token), NOW)
            .unwrap_err()
            .code(),
        "bad_signature"
    );
    assert!(r.delete);
    assert_eq!(r.grant.jti, grant.jti);
    assert_eq!(
        r.iss, claims.iss,
        "the same per-brand key signs grant and revocation"
    );
    assert_eq!(
        person::revoke(&mut v, &grant.jti, NOW).unwrap_err().code(),
        "already_done"
    );

    let events: Vec<String> = ledger::list(&v)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        events,
        [
            "key_pinned",
            "request_imported",
            "grant_issued",
            "rule_changed",
            "receipt_imported",
            "grant_revoked"
        ]
    );
    assert_eq!(ledger::verify(&v).unwrap(), 6);
    for e in ledger::list(&v).unwrap() {
        assert!(
            !e.detail.contains("peanuts") && !e.fields.iter().any(|f| f.contains("ada")),
            "no values in the ledger"
        );
    }
}

#[test]
fn story_missing_values_and_unrequested_fields_are_refused() {
    let (_t, _dir, mut v) = person_vault();
    store::remove_values(&mut v, "shoe_size", None).unwrap();
    person::import_request(
        &mut v,
        &request_token(&brand_key(), "req-001"),
        false,
        NOW,
        TODAY,
    )
    .unwrap();
    let ask = |fields: Vec<(&str, Option<&str>)>| person::Approval {
        fields: fields
            .into_iter()
            .map(|(f, form)| (f.to_owned(), form.map(str::to_owned)))
            .collect(),
        ..Default::default()
    };
    assert_eq!(
        person::approve(
            &mut v,
            "req-001",
            &ask(vec![("shoe_size", None)]),
            NOW,
            TODAY
        )
        .unwrap_err()
        .code(),
        "missing_value"
    );
    assert_eq!(
        person::approve(
            &mut v,
            "req-001",
            &ask(vec![("given_name", None)]),
            NOW,
            TODAY
        )
        .unwrap_err()
        .code(),
        "invalid_input"
    );
    assert_eq!(
        person::approve(&mut v, "req-001", &ask(vec![]), NOW, TODAY)
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    // Asked as age_over_18: a finer or different form is refused; the asked form is given.
    let e = person::approve(
        &mut v,
        "req-001",
        &ask(vec![("birthdate", Some("age_range"))]),
        NOW,
        TODAY,
    )
    .unwrap_err();
    assert!(e.to_string().contains("asked as age_over_18"), "{e}");
    let e = person::approve(
        &mut v,
        "req-001",
        &ask(vec![("birthdate", Some("raw"))]),
        NOW,
        TODAY,
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    let (_, token) = person::approve(
        &mut v,
        "req-001",
        &ask(vec![("birthdate", None)]),
        NOW,
        TODAY,
    )
    .unwrap();
    let claims = formats::verify_grant(&token, BRAND, None, NOW).unwrap();
    assert_eq!(claims.disclosures[0].value, json!(true));
    assert_eq!(
        person::deny(&mut v, "req-001", NOW).unwrap_err().code(),
        "already_done"
    );
}

#[test]
fn pinning_another_key_is_refused_loudly_unless_retrusted() {
    let (_t, _dir, mut v) = person_vault();
    person::import_request(
        &mut v,
        &request_token(&brand_key(), "req-001"),
        false,
        NOW,
        TODAY,
    )
    .unwrap();
    let impostor = SigningKey::from_seed(&[8; 32]);
    let token = request_token(&impostor, "req-002");
    let before = counts(&v);
    let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code(), "key_changed");
    assert!(e.to_string().starts_with("WARNING"), "{e}");
    assert!(e.to_string().contains(&impostor.jwk().thumbprint()));
    assert_eq!(counts(&v), before);
    let again = person::import_request(&mut v, &token, true, NOW, TODAY).unwrap();
    assert_eq!(again.key_status, person::KeyStatus::Retrusted);
    assert_eq!(
        ledger::list(&v)
            .unwrap()
            .iter()
            .filter(|e| e.event == "key_retrusted")
            .count(),
        1
    );
}

#[test]
fn hostile_tokens_each_get_their_own_error_and_store_nothing() {
    let (_t, _dir, mut v) = person_vault();
    let good = request_token(&brand_key(), "req-001");
    let key = brand_key();
    let sign = |claims: serde_json::Value, typ: &str| key.sign(typ, &claims);
    let mut base = serde_json::to_value(spec()).unwrap();
    base["iat"] = json!(NOW);
    base["exp"] = json!(NOW + 3600);
    let with = |k: &str, val: serde_json::Value| {
        let mut c = base.clone();
        c[k] = val;
        c
    };
    use base64::Engine as _;
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let jwk = serde_json::to_value(key.jwk()).unwrap();
    let alg_none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": formats::REQUEST_TYP, "jwk": jwk})),
        b64(&base)
    );
    let hs256 = format!(
        "{}.{}.AAAA",
        b64(&json!({"alg": "HS256", "typ": formats::REQUEST_TYP, "jwk": jwk})),
        b64(&base)
    );
    let mut deep = json!("x");
    for _ in 0..100 {
        deep = json!([deep]);
    }
    let cases: Vec<(String, &str)> = vec![
        (alg_none, "bad_algorithm"),
        (hs256, "bad_algorithm"),
        (sign(base.clone(), "tessera-grant+jwt"), "wrong_type"),
        (
            sign(with("exp", json!(NOW - 3600)), formats::REQUEST_TYP),
            "token_expired",
        ),
        (
            sign(with("iat", json!(NOW + 3600)), formats::REQUEST_TYP),
            "token_not_yet_valid",
        ),
        (
            sign(
                with("iss", json!("http://shop.example")),
                formats::REQUEST_TYP,
            ),
            "invalid_claims",
        ),
        (
            sign(
                with(
                    "fields",
                    json!([{"name": "email", "form": "age_over_18", "required": true, "purposes": ["orders"]}]),
                ),
                formats::REQUEST_TYP,
            ),
            "invalid_claims",
        ),
        (
            sign(with("surprise", json!(1)), formats::REQUEST_TYP),
            "invalid_claims",
        ),
        (
            sign(with("offer", deep), formats::REQUEST_TYP),
            "token_too_deep",
        ),
        ("x".repeat(70 * 1024), "token_too_large"),
        ("not a token".into(), "malformed_token"),
    ];
    let before = counts(&v);
    for (token, code) in cases {
        let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
        assert_eq!(e.code(), code, "{e}");
        assert_eq!(counts(&v), before, "{code}: nothing stored");
    }
    // Every single-bit flip of a real request is refused, and nothing is stored.
    let bytes = good.as_bytes();
    for i in (0..bytes.len()).step_by(1) {
        for bit in 0..8 {
            let mut flipped = bytes.to_vec();
            flipped[i] ^= 1 << bit;
            let Ok(text) = String::from_utf8(flipped) else {
                continue;
            };
            if text.trim() == good {
                continue; // flipping trailing whitespace-equivalent bytes cannot happen in base64url, but be exact
            }
            assert!(
                formats::verify_request(&text, NOW).is_err(),
                "flip {i}:{bit} accepted"
            );
        }
    }
    person::import_request(&mut v, &good, false, NOW, TODAY).unwrap();
    let e = person::import_request(&mut v, &good, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code(), "replayed");
    // Every refusal is in the ledger, with why.
    let rejected = ledger::list(&v)
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "request_rejected")
        .count();
    assert_eq!(rejected, 12);
}

#[test]
fn hostile_bit_flips_of_grant_receipt_and_revocation_are_rejected() {
    let (_t, _dir, mut v) = person_vault();
    let request = request_token(&brand_key(), "req-001");
    person::import_request(&mut v, &request, false, NOW, TODAY).unwrap();
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let (grant, token) = person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap();
    let revocation = person::revoke(&mut v, &grant.jti, NOW).unwrap();
    let claims = formats::verify_grant(&token, BRAND, None, NOW).unwrap();
    let receipt = formats::sign_receipt(
        &brand_key(),
        &ReceiptClaims {
            iss: BRAND.into(),
            aud: claims.sub.clone(),
            jti: "receipt-1".into(),
            iat: NOW,
            grant: formats::Binding {
                jti: grant.jti.clone(),
                hash: tessera_exchange::jws::token_hash(&token),
            },
            accepted_terms: claims.terms,
        },
    );
    let flips = |t: &str| -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..t.len() {
            for bit in 0..8 {
                let mut b = t.as_bytes().to_vec();
                b[i] ^= 1 << bit;
                if let Ok(s) = String::from_utf8(b) {
                    out.push(s);
                }
            }
        }
        out
    };
    for f in flips(&token) {
        assert!(formats::verify_grant(&f, BRAND, Some(&request), NOW).is_err());
    }
    for f in flips(&revocation) {
        assert!(formats::verify_revocation(&f, BRAND, Some(&token), NOW).is_err());
    }
    for f in flips(&receipt) {
        assert!(formats::verify_receipt(&f, &brand_key().jwk(), NOW).is_err());
    }
}

#[test]
fn ledger_detects_edited_removed_and_reordered_entries() {
    let (_t, dir, mut v) = person_vault();
    for i in 0..4 {
        person::import_request(
            &mut v,
            &request_token(&brand_key(), &format!("req-{i}")),
            false,
            NOW,
            TODAY,
        )
        .unwrap();
    }
    assert_eq!(ledger::verify(&v).unwrap(), 5);
    drop(v);
    let db = dir.join("vault.db");
    let reopen =
        || Vault::unlock(&dir, &Passphrase::from_str_copy("correct horse battery")).unwrap();
    let sql = |s: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(s)
            .unwrap();
    };
    let pristine = std::fs::read(&db).unwrap();

    // Edited: one byte of one entry's ciphertext.
    sql(
        "UPDATE entry SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = X'00' THEN X'01' ELSE X'00' END || substr(body, 42) AS BLOB) WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id LIMIT 1 OFFSET 2)",
    );
    assert!(
        ledger::verify(&reopen())
            .unwrap_err()
            .to_string()
            .contains("altered")
    );
    std::fs::write(&db, &pristine).unwrap();

    // Reordered: two entries' bodies swapped.
    sql(
        "UPDATE entry SET body = CASE id WHEN (SELECT MIN(id) FROM entry WHERE kind='ledger') THEN (SELECT body FROM entry WHERE id = (SELECT MAX(id) FROM entry WHERE kind='ledger')) ELSE (SELECT body FROM entry WHERE id = (SELECT MIN(id) FROM entry WHERE kind='ledger')) END WHERE id IN ((SELECT MIN(id) FROM entry WHERE kind='ledger'), (SELECT MAX(id) FROM entry WHERE kind='ledger'))",
    );
    assert!(ledger::verify(&reopen()).is_err());
    std::fs::write(&db, &pristine).unwrap();

    // Removed: a middle entry, then the last one.
    sql(
        "DELETE FROM entry WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id LIMIT 1 OFFSET 1)",
    );
    // The vault's own integrity record catches a removal before the chain is even walked.
    let removed =
        |message: String| message.contains("removed") || message.contains("entries were deleted");
    let message = ledger::verify(&reopen()).unwrap_err().to_string();
    assert!(removed(message.clone()), "{message}");
    std::fs::write(&db, &pristine).unwrap();
    sql("DELETE FROM entry WHERE id = (SELECT MAX(id) FROM entry WHERE kind = 'ledger')");
    let message = ledger::verify(&reopen()).unwrap_err().to_string();
    assert!(removed(message.clone()), "{message}");
    std::fs::write(&db, &pristine).unwrap();

    // Emptied: every entry and the head gone, while requests remain.
    sql("DELETE FROM entry WHERE kind IN ('ledger', 'ledger_head')");
    assert!(
        ledger::verify(&reopen()).is_err(),
        "an emptied ledger beside requests is detected"
    );
    std::fs::write(&db, &pristine).unwrap();
    assert_eq!(ledger::verify(&reopen()).unwrap(), 5);

    // The documented hash recipe (docs/formats/README.md) reproduces the chain.
    use base64::Engine as _;
    let mut prev = "tessera ledger v1".to_owned();
    for e in ledger::list(&reopen()).unwrap() {
        let brand = e
            .brand
            .as_ref()
            .map_or("null".to_owned(), |b| format!("\"{b}\""));
        let fields = format!(
            "[{}]",
            e.fields
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(",")
        );
        let body = format!(
            r#"{{"at":{},"brand":{brand},"detail":"{}","event":"{}","fields":{fields},"seq":{}}}"#,
            e.at, e.detail, e.event, e.seq
        );
        let digest =
            ring::digest::digest(&ring::digest::SHA256, format!("{prev}\n{body}").as_bytes());
        let hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
        assert_eq!(hash, e.hash, "entry {}", e.seq);
        prev = hash;
    }
}

/// The worked examples in docs/formats verify with Tessera's own code, at the times they were
/// made: the docs and the code agree.
#[test]
fn documented_examples_verify() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/formats/examples");
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap()
            .trim()
            .to_owned()
    };
    let payload = |name: &str| -> serde_json::Value { serde_json::from_str(&read(name)).unwrap() };
    let request = read("request.jwt");
    let grant = read("grant.jwt");
    let request_iat = payload("request.json")["iat"].as_i64().unwrap();
    let grant_iat = payload("grant.json")["iat"].as_i64().unwrap();
    let aud = payload("grant.json")["aud"].as_str().unwrap().to_owned();
    let verified = formats::verify_request(&request, request_iat).unwrap();
    let documented: RequestClaims = serde_json::from_value(payload("request.json")).unwrap();
    assert_eq!(verified.claims, documented);
    let claims = formats::verify_grant(&grant, &aud, Some(&request), grant_iat).unwrap();
    assert_eq!(
        serde_json::to_value(&claims).unwrap(),
        payload("grant.json")
    );
    let receipt_iat = payload("receipt.json")["iat"].as_i64().unwrap();
    let brand = verified.key;
    formats::verify_receipt(&read("receipt.jwt"), &brand, receipt_iat).unwrap();
    let revocation_iat = payload("revocation.json")["iat"].as_i64().unwrap();
    formats::verify_revocation(&read("revocation.jwt"), &aud, Some(&grant), revocation_iat)
        .unwrap();
}

/// Two brands may pick the same request id; each request stays its own, and an ambiguous id
/// is refused rather than guessed.
#[test]
fn pinning_requests_with_the_same_jti_from_two_brands_stay_apart() {
    let (_t, _dir, mut v) = person_vault();
    let shop = request_token(&brand_key(), "req-001");
    let mut other = spec();
    other.iss = "https://evil.example".into();
    other.brand.name = "Evil".into();
    let evil_key = SigningKey::from_seed(&[12; 32]);
    let evil = formats::sign_request(&evil_key, other, NOW, 3600).unwrap();
    let first = person::import_request(&mut v, &evil, false, NOW, TODAY).unwrap();
    let second = person::import_request(&mut v, &shop, false, NOW, TODAY).unwrap();
    assert_eq!(second.request.brand, BRAND);
    assert_ne!(first.request.hash, second.request.hash);
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let e = person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap_err();
    assert!(e.to_string().contains("use the request's hash"), "{e}");
    let (grant, _) = person::approve(&mut v, &second.request.hash, &approval, NOW, TODAY).unwrap();
    assert_eq!(grant.brand, BRAND);
    assert_eq!(
        person::request(&v, &first.request.hash).unwrap().status,
        "pending"
    );
}

#[test]
fn hostile_requests_with_absurd_times_or_expired_on_approval_are_refused() {
    let (_t, _dir, mut v) = person_vault();
    let mut claims = spec();
    claims.iat = -5_000_000_000_000_000_000;
    claims.exp = 5_000_000_000_000_000_000;
    let token = brand_key().sign(
        formats::REQUEST_TYP,
        &serde_json::to_value(&claims).unwrap(),
    );
    let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code(), "invalid_claims", "{e}");
    person::import_request(
        &mut v,
        &request_token(&brand_key(), "req-001"),
        false,
        NOW,
        TODAY,
    )
    .unwrap();
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let later = NOW + 40 * 24 * 3600;
    assert_eq!(
        person::approve(&mut v, "req-001", &approval, later, TODAY)
            .unwrap_err()
            .code(),
        "token_expired"
    );
}
