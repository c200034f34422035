//! The whole exchange on real vaults, with real signatures.
//!
//! Table of contents:
//! - `story_*`: brand signs a request, person imports, approves, brand verifies the grant,
//!   person revokes, brand verifies the revocation, brand countersigns, person imports receipt.
//! - `pinning_*`: first request pins the key; another key is refused loudly unless re-trusted.
//! - `hostile_*`: every bit flip, alg none, HS256, wrong typ, expired, not yet valid, wrong
//!   audience, replay, oversize and deep nesting: each its own error, nothing stored.
//! - `ledger_*`: the chain verifies, and fails after an edit, a removal or a reorder.
//! - `privacy_*`: grants and revocations to two brands carry nothing that links them but the
//!   approved values and what each brand sent; provenance is a code, never a file or a date.
//! - `review_*`: a standing rule's form governs the review and the default form of approval.
//! - `sensitive_*`: a special category is granted or allowed only with a confirmation naming it.
//! - `receipt_*`: a receipt for a revoked grant is recorded as late.

use jiff::civil::Date;
use serde_json::json;
use tessera_exchange::formats::{self, ReceiptClaims, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_exchange::{ledger, person};
use tessera_profile::catalogue::SpecialCategory;
use tessera_profile::forms::FormKind;
use tessera_profile::model::Provenance;
use tessera_profile::store::{self, SetValue};
use tessera_test_support::{ADA, TODAY, allow, entered, unlock, vault_dir, vault_with};
use tessera_vault::Vault;

const NOW: i64 = 1_795_000_000; // 2026-11-18
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

/// Imports the shop's request `jti` (trusting no new key), at [`NOW`].
fn import_shop_request(v: &mut Vault, jti: &str) -> person::Imported {
    person::import_request(v, &request_token(&brand_key(), jti), false, NOW, TODAY).unwrap()
}

/// The person's vault ([`ADA`]) with the shop's request `jti` imported.
fn with_request(jti: &str) -> (tempfile::TempDir, Vault) {
    let (t, mut v) = vault_with(ADA);
    import_shop_request(&mut v, jti);
    (t, v)
}

/// The stored grant and the token to send the brand (the grant's own `token`).
fn signed(approved: person::Approved) -> (person::StoredGrant, String) {
    let token = approved.grant.token.clone();
    (approved.grant, token)
}

/// The brand's receipt `receipt-1`, issued at [`NOW`], countersigning the grant `token` whose
/// claims are `claims`.
fn brand_receipt(token: &str, claims: &formats::GrantClaims) -> String {
    receipt_accepting(token, claims, serde_json::to_value(&claims.terms).unwrap())
}

/// The brand's receipt for the grant `token`, accepting `terms`.
fn receipt_accepting(
    token: &str,
    claims: &formats::GrantClaims,
    terms: serde_json::Value,
) -> String {
    formats::sign_receipt(
        &brand_key(),
        &ReceiptClaims {
            iss: BRAND.into(),
            aud: claims.sub.clone(),
            jti: "receipt-1".into(),
            iat: NOW,
            grant: formats::Binding {
                jti: claims.jti.clone(),
                hash: tessera_exchange::jws::token_hash(token),
            },
            accepted_terms: terms,
        },
    )
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
    let (_t, mut v) = vault_with(ADA);
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
    assert_eq!(e.code().as_str(), "confirmation_required");
    approval.confirm_categories = vec![SpecialCategory::Health];
    approval.update_rules = true;
    let (grant, token) = signed(person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap());
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
    // The person's terms (Tessera's default: no profiling), and the exception the person made
    // by approving allergies for "recommend", which profiles.
    assert!(claims.terms.no_profiling && claims.terms.no_sale);
    assert_eq!(
        serde_json::to_value(&claims.terms.exceptions).unwrap(),
        json!([{"purpose": "recommend", "allows": ["profiling"]}])
    );
    let other_request = request_token(&brand_key(), "req-other");
    assert_eq!(
        formats::verify_grant(&token, BRAND, Some(&other_request), NOW)
            .unwrap_err()
            .code()
            .as_str(),
        "invalid_claims"
    );
    assert_eq!(
        formats::verify_grant(&token, "https://other.example", None, NOW)
            .unwrap_err()
            .code()
            .as_str(),
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
    let receipt = brand_receipt(&token, &claims);
    let forged = formats::sign_receipt(
        &SigningKey::from_seed(&[9; 32]),
        &formats::verify_receipt(&receipt, &brand_key().jwk(), NOW).unwrap(),
    );
    assert_eq!(
        person::import_receipt(&mut v, &forged, NOW)
            .unwrap_err()
            .code()
            .as_str(),
        "bad_signature"
    );
    // A receipt, signed by the brand, accepting other terms than the grant's (sharing allowed,
    // no exception) is not its acknowledgement of this grant: refused, nothing stored.
    let mut weaker = serde_json::to_value(&claims.terms).unwrap();
    weaker["no_sharing"] = json!(false);
    weaker["exceptions"] = json!([]);
    let e = person::import_receipt(&mut v, &receipt_accepting(&token, &claims, weaker), NOW)
        .unwrap_err();
    assert_eq!(e.code().as_str(), "receipt_mismatch");
    assert!(e.to_string().contains("other terms"), "{e}");
    assert!(person::grants(&v).unwrap()[0].receipt.is_none());
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
            .code()
            .as_str(),
        "bad_signature"
    );
    assert!(r.delete);
    assert_eq!(r.grant.jti, grant.jti);
    assert_eq!(
        r.iss, claims.iss,
        "the same per-brand key signs grant and revocation"
    );
    assert_eq!(
        person::revoke(&mut v, &grant.jti, NOW)
            .unwrap_err()
            .code()
            .as_str(),
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
    let (_t, mut v) = vault_with(ADA);
    store::remove_values(&mut v, "shoe_size", None).unwrap();
    import_shop_request(&mut v, "req-001");
    // Approves the request with `fields`, each with the form named or none.
    let approve = |v: &mut Vault, fields: &[(&str, Option<&str>)]| {
        let approval = person::Approval {
            fields: fields
                .iter()
                .map(|&(f, form)| (f.to_owned(), form.map(str::to_owned)))
                .collect(),
            ..Default::default()
        };
        person::approve(v, "req-001", &approval, NOW, TODAY)
    };
    assert_eq!(
        approve(&mut v, &[("shoe_size", None)])
            .unwrap_err()
            .code()
            .as_str(),
        "missing_value"
    );
    assert_eq!(
        approve(&mut v, &[("given_name", None)])
            .unwrap_err()
            .code()
            .as_str(),
        "invalid_input"
    );
    assert_eq!(
        approve(&mut v, &[]).unwrap_err().code().as_str(),
        "invalid_input"
    );
    // Asked as age_over_18: a finer or different form is refused; the asked form is given.
    let e = approve(&mut v, &[("birthdate", Some("age_range"))]).unwrap_err();
    assert!(e.to_string().contains("asked as age_over_18"), "{e}");
    let e = approve(&mut v, &[("birthdate", Some("raw"))]).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_input");
    let (_, token) = signed(approve(&mut v, &[("birthdate", None)]).unwrap());
    let claims = formats::verify_grant(&token, BRAND, None, NOW).unwrap();
    assert_eq!(claims.disclosures[0].value, json!(true));
    assert_eq!(
        person::deny(&mut v, "req-001", NOW)
            .unwrap_err()
            .code()
            .as_str(),
        "already_done"
    );
}

#[test]
fn pinning_another_key_is_refused_loudly_unless_retrusted() {
    let (_t, mut v) = with_request("req-001");
    let impostor = SigningKey::from_seed(&[8; 32]);
    let token = request_token(&impostor, "req-002");
    let before = counts(&v);
    let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "key_changed");
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
    let (_t, mut v) = vault_with(ADA);
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
        assert_eq!(e.code().as_str(), code, "{e}");
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
    assert_eq!(e.code().as_str(), "replayed");
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
    let (_t, mut v) = vault_with(ADA);
    let request = request_token(&brand_key(), "req-001");
    person::import_request(&mut v, &request, false, NOW, TODAY).unwrap();
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let (grant, token) = signed(person::approve(&mut v, "req-001", &approval, NOW, TODAY).unwrap());
    let revocation = person::revoke(&mut v, &grant.jti, NOW).unwrap();
    let claims = formats::verify_grant(&token, BRAND, None, NOW).unwrap();
    assert_eq!(claims.jti, grant.jti);
    let receipt = brand_receipt(&token, &claims);
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

/// Imports `n` requests from one brand: a vault whose ledger has `n + 1` entries.
fn import_requests(v: &mut Vault, n: usize) {
    for i in 0..n {
        import_shop_request(v, &format!("req-{i}"));
    }
}

#[test]
fn ledger_detects_edited_removed_and_reordered_entries() {
    let (t, mut v) = vault_with(ADA);
    import_requests(&mut v, 4);
    assert_eq!(ledger::verify(&v).unwrap(), 5);
    drop(v);
    let db = vault_dir(&t).join("vault.db");
    let reopen = || unlock(&t);
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
    // The example's terms (written by tests/interop/person-sim.mjs) are those Tessera writes
    // under its default terms for the purposes the example accepts.
    let accepted: Vec<&str> = claims
        .purposes
        .iter()
        .filter(|p| p.accepted)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        tessera_exchange::conflicts::grant_terms(&documented, &Default::default(), &accepted),
        claims.terms
    );
    let receipt_iat = payload("receipt.json")["iat"].as_i64().unwrap();
    let brand = verified.key;
    formats::verify_receipt(&read("receipt.jwt"), &brand, receipt_iat).unwrap();
    let revocation_iat = payload("revocation.json")["iat"].as_i64().unwrap();
    formats::verify_revocation(&read("revocation.jwt"), &aud, Some(&grant), revocation_iat)
        .unwrap();
    let letter_iat = payload("letter.json")["iat"].as_i64().unwrap();
    let letter =
        formats::verify_letter(&read("letter.jwt"), &aud, Some(&grant), letter_iat).unwrap();
    assert_eq!(
        serde_json::to_value(&letter).unwrap(),
        payload("letter.json")
    );
}

/// Two brands may pick the same request id; each request stays its own, and an ambiguous id
/// is refused rather than guessed.
#[test]
fn pinning_requests_with_the_same_jti_from_two_brands_stay_apart() {
    let (_t, mut v) = vault_with(ADA);
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
    // The refusal names the hash of each, with its brand: what to type instead.
    assert_eq!(e.code().as_str(), "invalid_input");
    for (hash, brand) in [
        (&first.request.hash, "https://evil.example"),
        (&second.request.hash, BRAND),
    ] {
        assert!(
            e.to_string().contains(&format!("{hash} from {brand}")),
            "{e}"
        );
    }
    // Show and deny resolve the same way.
    let shown = person::request(&v, "req-001").unwrap_err();
    assert_eq!(shown.to_string(), e.to_string());
    let denied = person::deny(&mut v, "req-001", NOW).unwrap_err();
    assert_eq!(denied.to_string(), e.to_string());
    let (grant, _) =
        signed(person::approve(&mut v, &second.request.hash, &approval, NOW, TODAY).unwrap());
    assert_eq!(grant.brand, BRAND);
    assert_eq!(
        person::request(&v, &first.request.hash)
            .unwrap()
            .status
            .as_str(),
        "pending"
    );
}

#[test]
fn hostile_requests_with_absurd_times_or_expired_on_approval_are_refused() {
    let (_t, mut v) = vault_with(ADA);
    let mut claims = spec();
    claims.iat = -5_000_000_000_000_000_000;
    claims.exp = 5_000_000_000_000_000_000;
    let token = brand_key().sign(
        formats::REQUEST_TYP,
        &serde_json::to_value(&claims).unwrap(),
    );
    let e = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_claims", "{e}");
    import_shop_request(&mut v, "req-001");
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let later = NOW + 40 * 24 * 3600;
    assert_eq!(
        person::approve(&mut v, "req-001", &approval, later, TODAY)
            .unwrap_err()
            .code()
            .as_str(),
        "token_expired"
    );
}

// --- privacy: nothing links two brands' grants but what the person approved ---

const BOOKS: &str = "https://books.example";

fn books_key() -> SigningKey {
    SigningKey::from_seed(&[21; 32])
}

/// The same request as [`spec`], from another brand, with its own id and words.
fn books_request(jti: &str) -> String {
    let mut claims = spec();
    claims.iss = BOOKS.into();
    claims.jti = jti.into();
    claims.brand.name = "Books".into();
    claims.brand.privacy_policy = "https://books.example/privacy".into();
    claims.brand.contact = "dpo@books.example".into();
    claims.never = vec!["selling your reading list".into()];
    formats::sign_request(&books_key(), claims, NOW, 30 * 24 * 3600).unwrap()
}

/// A compact token's header and payload, decoded (the token was verified elsewhere).
fn decoded(token: &str) -> (serde_json::Value, serde_json::Value) {
    use base64::Engine as _;
    let part = |i: usize| -> serde_json::Value {
        let b64 = token.trim().split('.').nth(i).unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(b64)
                .unwrap(),
        )
        .unwrap()
    };
    (part(0), part(1))
}

/// Every scalar in a JSON value with its path, e.g. `payload.disclosures[0].provenance`.
fn scalars(path: &str, value: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                scalars(&format!("{path}.{k}"), v, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                scalars(&format!("{path}[{i}]"), v, out);
            }
        }
        other => out.push((path.to_owned(), other.clone())),
    }
}

/// Scalars of `a` (with their paths) equal to a scalar anywhere in `b`, except those `allowed`.
fn shared(
    a: &[(String, serde_json::Value)],
    b: &[(String, serde_json::Value)],
    allowed: &[serde_json::Value],
) -> Vec<String> {
    a.iter()
        .filter(|(_, v)| !allowed.contains(v))
        .filter(|(_, v)| b.iter().any(|(_, w)| w == v))
        .map(|(p, v)| format!("{p} = {v}"))
        .collect()
}

/// Issue 7: provenance text named the imported file and the dates, the same in every grant;
/// times to the second and the person's choice of order were equal or patterned across brands.
#[test]
fn privacy_grants_and_revocations_to_two_brands_share_only_approved_values() {
    let (_t, mut v) = vault_with(ADA);
    // A value imported from a file named after the person, as phones name vCard exports.
    store::set_value(
        &mut v,
        SetValue {
            primary: true,
            provenance: Provenance::Imported {
                file: "Jane Doe.vcf".into(),
                on: Date::constant(2026, 3, 14),
            },
            ..entered("shoe_size", "EU 39")
        },
        TODAY,
    )
    .unwrap();
    let shop_request = request_token(&brand_key(), "req-shop-1");
    let books_request = books_request("req-books-7");
    person::import_request(&mut v, &shop_request, false, NOW, TODAY).unwrap();
    person::import_request(&mut v, &books_request, false, NOW + 60, TODAY).unwrap();

    // The same fields, chosen in different orders, approved at different seconds of one day.
    let approval = |fields: &[&str]| person::Approval {
        fields: fields.iter().map(|f| ((*f).to_owned(), None)).collect(),
        ..Default::default()
    };
    let (shop_grant, shop_token) = signed(
        person::approve(
            &mut v,
            "req-shop-1",
            &approval(&["email", "birthdate", "shoe_size"]),
            NOW,
            TODAY,
        )
        .unwrap(),
    );
    let (books_grant, books_token) = signed(
        person::approve(
            &mut v,
            "req-books-7",
            &approval(&["shoe_size", "email", "birthdate"]),
            NOW + 1234,
            TODAY,
        )
        .unwrap(),
    );
    let shop_claims = formats::verify_grant(&shop_token, BRAND, Some(&shop_request), NOW).unwrap();
    let books_claims =
        formats::verify_grant(&books_token, BOOKS, Some(&books_request), NOW + 1234).unwrap();

    // What may be equal: the approved values, what either brand sent, the format's constants,
    // and times that are whole UTC days (shared with everyone who approved that day).
    let mut allowed: Vec<serde_json::Value> = vec![
        json!("EdDSA"),
        json!(formats::GRANT_TYP),
        json!(formats::REVOCATION_TYP),
        json!("OKP"),
        json!("Ed25519"),
        json!(formats::GRANT_FORMAT),
        json!("self_asserted"),
        json!(true),
        json!(false),
        // The codes of what an exception allows.
        json!("sharing"),
        json!("profiling"),
        json!("retention"),
    ];
    // The person's terms, Tessera's default ones: the same for everyone who keeps them.
    let mut default_terms = Vec::new();
    scalars(
        "terms",
        &serde_json::to_value(tessera_profile::terms::Terms::default()).unwrap(),
        &mut default_terms,
    );
    allowed.extend(default_terms.into_iter().map(|(_, v)| v));
    for token in [&shop_request, &books_request] {
        let mut brand_sent = Vec::new();
        scalars("request", &decoded(token).1, &mut brand_sent);
        allowed.extend(brand_sent.into_iter().map(|(_, v)| v));
    }
    for claims in [&shop_claims, &books_claims] {
        for d in &claims.disclosures {
            let mut approved = Vec::new();
            scalars("value", &d.value, &mut approved);
            allowed.extend(approved.into_iter().map(|(_, v)| v));
        }
        assert_eq!(claims.iat % 86_400, 0, "iat is a whole UTC day");
        assert_eq!(claims.exp % 86_400, 0, "the default exp is a whole UTC day");
        allowed.extend([json!(claims.iat), json!(claims.exp)]);
    }
    let flatten = |token: &str| {
        let (header, payload) = decoded(token);
        let mut out = Vec::new();
        scalars("header", &header, &mut out);
        scalars("payload", &payload, &mut out);
        out
    };
    let (shop, books) = (flatten(&shop_token), flatten(&books_token));
    assert_eq!(shared(&shop, &books, &allowed), Vec::<String>::new());
    assert_eq!(shared(&books, &shop, &allowed), Vec::<String>::new());

    // Provenance is a code; nothing of the file name or the dates reaches a brand.
    for token in [&shop_token, &books_token] {
        let (_, payload) = decoded(token);
        let text = payload.to_string();
        for leak in [
            "Jane",
            "vcf",
            "2026-03-14",
            "2026-11-29",
            "imported",
            "entered",
        ] {
            assert!(!text.contains(leak), "{leak:?} in {text}");
        }
    }
    assert!(
        shop_claims
            .disclosures
            .iter()
            .all(|d| d.provenance == formats::ProvenanceCode::SelfAsserted)
    );
    // Disclosures follow each request's order, not the order the person typed.
    let order = |c: &formats::GrantClaims| -> Vec<String> {
        c.disclosures.iter().map(|d| d.field.clone()).collect()
    };
    assert_eq!(order(&shop_claims), ["email", "birthdate", "shoe_size"]);
    assert_eq!(order(&books_claims), ["email", "birthdate", "shoe_size"]);
    assert_eq!(
        books_grant
            .fields
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["email", "birthdate", "shoe_size"]
    );
    // The person's own records keep the exact time.
    assert_eq!(shop_grant.issued_at, NOW);

    // Revocations, at different seconds of a later day: likewise.
    let shop_revocation = person::revoke(&mut v, &shop_grant.jti, NOW + 86_400 + 5).unwrap();
    let books_revocation = person::revoke(&mut v, &books_grant.jti, NOW + 86_400 + 999).unwrap();
    let r = formats::verify_revocation(&shop_revocation, BRAND, Some(&shop_token), NOW + 90_000)
        .unwrap();
    assert_eq!(r.iat % 86_400, 0, "a revocation's iat is a whole UTC day");
    allowed.push(json!(r.iat));
    let (shop, books) = (flatten(&shop_revocation), flatten(&books_revocation));
    assert_eq!(shared(&shop, &books, &allowed), Vec::<String>::new());
}

/// Grants of format 1 (no `v`, provenance as text) are refused by name, not by whichever member
/// fails to parse first; a revocation of one still verifies against it.
#[test]
fn privacy_format_1_grants_are_refused_clearly_and_still_revocable() {
    let key = SigningKey::from_seed(&[5; 32]);
    let thumbprint = key.jwk().thumbprint();
    let old = key.sign(
        formats::GRANT_TYP,
        &json!({
            "iss": thumbprint, "sub": thumbprint, "aud": BRAND, "jti": "grant-old",
            "iat": NOW, "exp": NOW + 3600,
            "request": {"jti": "req-001", "hash": "x"},
            "disclosures": [{"field": "email", "form": "raw", "value": "a@b.example",
                             "provenance": "imported from Jane Doe.vcf on 2026-03-14"}],
            "purposes": [], "terms": {"no_sale": true, "no_sharing": true, "no_inference": true, "forbidden_uses": []}
        }),
    );
    let e = formats::verify_grant(&old, BRAND, None, NOW).unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_claims");
    assert!(e.to_string().contains("format 1"), "{e}");
    let revocation = formats::sign_revocation(
        &key,
        &formats::RevocationClaims {
            iss: thumbprint.clone(),
            sub: thumbprint,
            aud: BRAND.into(),
            jti: "revocation-old".into(),
            iat: NOW,
            grant: formats::Binding {
                jti: "grant-old".into(),
                hash: tessera_exchange::jws::token_hash(&old),
            },
            delete: true,
        },
    );
    formats::verify_revocation(&revocation, BRAND, Some(&old), NOW).unwrap();
}

// --- review: a standing rule's form governs ---

/// A request for the exact birth date (required) and the exact address (optional).
fn exact_request(jti: &str) -> String {
    let mut claims = spec();
    claims.jti = jti.into();
    claims.fields = serde_json::from_value(json!([
        {"name": "birthdate", "form": "raw", "required": true, "purposes": ["orders"]},
        {"name": "shoe_size", "required": false, "purposes": ["recommend"]},
        {"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}
    ]))
    .unwrap();
    formats::sign_request(&brand_key(), claims, NOW, 30 * 24 * 3600).unwrap()
}

/// Issue 7: a rule allowing only `age_over_18` still had the exact birth date preselected.
#[test]
fn review_never_starts_finer_than_the_standing_rule() {
    let (_t, mut v) = vault_with(ADA);
    let token = exact_request("req-exact");
    let imported = person::import_request(&mut v, &token, false, NOW, TODAY).unwrap();
    let brand = tessera_profile::BrandId::parse(BRAND).unwrap();
    allow(&mut v, &brand, "birthdate", FormKind::AgeOver(18)).unwrap();
    store::deny(&mut v, &brand, "email", TODAY).unwrap();
    let rules = store::rules_for_brand(&v, &brand).unwrap();
    let start = |name: &str| {
        let asked = imported
            .claims
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap();
        person::review_start(asked, rules.iter().find(|r| r.field == name), None, TODAY).unwrap()
    };
    assert_eq!(
        start("birthdate"),
        person::ReviewStart {
            selected: true,
            form: FormKind::AgeOver(18),
            basis: person::StartBasis::StandingRule,
        }
    );
    // Required, but the person's rule denies it: not selected.
    assert!(!start("email").selected);
    // No rule, optional: not selected, asked form.
    assert_eq!(
        start("shoe_size"),
        person::ReviewStart {
            selected: false,
            form: FormKind::Raw,
            basis: person::StartBasis::Request,
        }
    );

    // Approving without naming a form gives the rule's form, not the exact date.
    let (grant, token) = signed(
        person::approve(
            &mut v,
            "req-exact",
            &person::Approval {
                fields: vec![("birthdate".into(), None)],
                ..Default::default()
            },
            NOW,
            TODAY,
        )
        .unwrap(),
    );
    assert_eq!(
        grant.fields,
        [("birthdate".to_owned(), "age_over_18".to_owned())]
    );
    let claims = formats::verify_grant(&token, BRAND, None, NOW).unwrap();
    assert_eq!(claims.disclosures[0].value, json!(true));
}

/// Issue 12: a brand asking again starts from the person's last answer to it. The shop's
/// first request was answered with an email alias and "over 18", leaving the shoe size out;
/// its next one asks for the exact birth date and email: approving without naming forms gives
/// what was given last time, and the preview says the same before.
#[test]
fn a_new_request_starts_from_the_last_answer_to_the_brand() {
    let (_t, mut v) = with_request("req-1");
    let first = person::Approval {
        fields: vec![("email".into(), None), ("birthdate".into(), None)],
        ..Default::default()
    };
    person::approve(&mut v, "req-1", &first, NOW, TODAY).unwrap();
    let imported =
        person::import_request(&mut v, &exact_request("req-exact"), false, NOW, TODAY).unwrap();
    let earlier = person::earlier_answer(&v, &imported.request)
        .unwrap()
        .expect("the shop was answered before");
    let start = |name: &str| {
        let asked = imported
            .claims
            .fields
            .iter()
            .find(|f| f.name == name)
            .unwrap();
        person::review_start(asked, None, Some(earlier.field(name)), TODAY).unwrap()
    };
    assert_eq!(
        start("birthdate"),
        person::ReviewStart {
            selected: true,
            form: FormKind::AgeOver(18),
            basis: person::StartBasis::LastAnswer,
        }
    );
    assert_eq!(start("email").form, FormKind::EmailAlias);
    assert!(!start("shoe_size").selected, "left out last time");

    let again = person::Approval {
        fields: vec![("birthdate".into(), None), ("email".into(), None)],
        ..Default::default()
    };
    let preview = person::preview(&v, "req-exact", &again, TODAY).unwrap();
    let (grant, _) = signed(person::approve(&mut v, "req-exact", &again, NOW, TODAY).unwrap());
    assert_eq!(
        grant.fields,
        [
            ("birthdate".to_owned(), "age_over_18".to_owned()),
            ("email".to_owned(), "email_alias".to_owned())
        ]
    );
    assert_eq!(preview.field_forms(), grant_forms(&grant));
    assert!(preview.fields.iter().all(|f| f.by_last_answer));
}

fn grant_forms(grant: &person::StoredGrant) -> Vec<(String, FormKind)> {
    grant
        .fields
        .iter()
        .map(|(n, f)| (n.clone(), FormKind::parse(f).unwrap()))
        .collect()
}

/// Issue 12: renewing a grant as it is. The new grant answers the same request with the same
/// fields in the same forms and the values as they are now, says which values changed and
/// leaves out what the person's standing rule now denies; the old one is marked renewed, not
/// revoked. A revoked grant, or one renewed already, is not renewed.
#[test]
fn a_grant_is_renewed_as_it_is_with_todays_values_and_rules() {
    let (_t, mut v) = vault_with(ADA);
    let token = exact_request("req-exact");
    person::import_request(&mut v, &token, false, NOW, TODAY).unwrap();
    let approval = person::Approval {
        fields: vec![
            ("birthdate".into(), Some("age_over_18".into())),
            ("email".into(), None),
        ],
        ..Default::default()
    };
    let (old, _) = signed(person::approve(&mut v, "req-exact", &approval, NOW, TODAY).unwrap());

    // Nothing changed yet: the renewal would give the same values.
    let same = person::renewal(&v, &old.jti, &[], NOW, TODAY).unwrap();
    assert_eq!(same.changed, Vec::<String>::new());
    assert_eq!(same.denied_now, Vec::<String>::new());

    let new_email = SetValue {
        primary: true,
        ..entered("email", "ada@new.example")
    };
    store::set_value(&mut v, new_email, TODAY).unwrap();
    let brand = tessera_profile::BrandId::parse(BRAND).unwrap();
    store::deny(&mut v, &brand, "birthdate", TODAY).unwrap();
    let renewal = person::renewal(&v, &old.jti, &[], NOW, TODAY).unwrap();
    assert_eq!(renewal.changed, ["email"]);
    assert_eq!(renewal.denied_now, ["birthdate"]);

    let later = NOW + 86_400;
    let renewed = person::renew(&mut v, &old.jti, &[], None, later, TODAY).unwrap();
    let (grant, renewed_token) = signed(renewed);
    assert_eq!(grant.fields, [("email".to_owned(), "raw".to_owned())]);
    assert_eq!(grant.renews.as_deref(), Some(old.jti.as_str()));
    assert_eq!(grant.request, "req-exact");
    // The brand verifies it against the same request, with today's value.
    let claims = formats::verify_grant(&renewed_token, BRAND, Some(&token), later).unwrap();
    assert_eq!(claims.disclosures[0].value, json!("ada@new.example"));
    let grants = person::grants(&v).unwrap();
    let before = grants.iter().find(|g| g.jti == old.jti).unwrap();
    assert_eq!(before.renewed_by.as_deref(), Some(grant.jti.as_str()));
    assert!(before.revoked_at.is_none(), "renewing does not revoke");
    let last = ledger::list(&v).unwrap().pop().unwrap();
    assert!(last.detail.contains("renewing grant"), "{}", last.detail);

    let e = person::renew(&mut v, &old.jti, &[], None, later, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "already_done");
    assert!(e.to_string().contains(&grant.jti), "{e}");
    person::revoke(&mut v, &grant.jti, later).unwrap();
    let e = person::renew(&mut v, &grant.jti, &[], None, later, TODAY).unwrap_err();
    assert!(e.to_string().contains("revoked"), "{e}");
    assert_eq!(
        person::grants(&v).unwrap().len(),
        2,
        "nothing stored on refusal"
    );
}

/// A renewal of a special-category field needs the category confirmed again.
#[test]
fn renewing_a_sensitive_field_needs_its_category_confirmed_again() {
    let (_t, mut v) = with_request("req-1");
    let approval = person::Approval {
        fields: vec![("allergies".into(), None)],
        confirm_categories: vec![SpecialCategory::Health],
        ..Default::default()
    };
    let (old, _) = signed(person::approve(&mut v, "req-1", &approval, NOW, TODAY).unwrap());
    let e = person::renew(&mut v, &old.jti, &[], None, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "confirmation_required");
    let plan = person::renewal(&v, &old.jti, &[], NOW, TODAY).unwrap().plan;
    assert_eq!(plan.unconfirmed(), [SpecialCategory::Health]);
    person::renew(
        &mut v,
        &old.jti,
        &[SpecialCategory::Health],
        None,
        NOW,
        TODAY,
    )
    .unwrap();
}

/// A rule for a form that is not coarser than the one asked (`age_over_18` for a request of
/// `age_over_21`) selects nothing; a rule allowing the exact value allows any form asked.
#[test]
fn review_rules_of_other_forms_select_nothing() {
    let (_t, mut v) = vault_with(ADA);
    let imported = import_shop_request(&mut v, "req-1");
    let brand = tessera_profile::BrandId::parse(BRAND).unwrap();
    let mut asked = imported.claims.fields[1].clone();
    assert_eq!(asked.name, "birthdate");
    asked.form = "age_over_21".into();
    let rule = allow(&mut v, &brand, "birthdate", FormKind::AgeOver(18)).unwrap();
    let start = person::review_start(&asked, Some(&rule), None, TODAY).unwrap();
    assert!(!start.selected);
    assert_eq!(start.form, FormKind::AgeOver(21));
    let exact = allow(&mut v, &brand, "birthdate", FormKind::Raw).unwrap();
    assert_eq!(
        person::review_start(&asked, Some(&exact), None, TODAY).unwrap(),
        person::ReviewStart {
            selected: true,
            form: FormKind::AgeOver(21),
            basis: person::StartBasis::StandingRule,
        }
    );
    // A rule past its last day still sets the form, but selects nothing.
    let mut expired = store::allow(
        &mut v,
        &brand,
        "birthdate",
        FormKind::AgeOver(18),
        Some(TODAY),
        None,
        TODAY,
    )
    .unwrap();
    expired.until = Some(Date::constant(2026, 1, 1));
    asked.form = "raw".into();
    assert_eq!(
        person::review_start(&asked, Some(&expired), None, TODAY).unwrap(),
        person::ReviewStart {
            selected: false,
            form: FormKind::AgeOver(18),
            basis: person::StartBasis::StandingRule,
        }
    );
}

// --- sensitive: the confirmation names the category ---

/// Issue 7: `--update-rules --confirm-sensitive` wrote a standing rule for a special category
/// with a confirmation that named none.
#[test]
fn sensitive_standing_rules_from_an_approval_need_the_category_named() {
    let (_t, mut v) = with_request("req-1");
    let mut approval = person::Approval {
        fields: vec![("allergies".into(), None)],
        update_rules: true,
        ..Default::default()
    };
    let e = person::approve(&mut v, "req-1", &approval, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "confirmation_required");
    let message = e.to_string();
    assert!(message.contains("health"), "{message}");
    assert!(message.contains("standing rules"), "{message}");
    // Confirming another category does not do.
    approval.confirm_categories = vec![SpecialCategory::Belief];
    let e = person::approve(&mut v, "req-1", &approval, NOW, TODAY).unwrap_err();
    assert_eq!(e.code().as_str(), "confirmation_required");
    assert!(
        store::who_can_see(&v, "allergies", TODAY)
            .unwrap()
            .is_empty()
    );
    assert_eq!(person::grants(&v).unwrap().len(), 0, "nothing granted");

    approval.confirm_categories = vec![SpecialCategory::Health];
    person::approve(&mut v, "req-1", &approval, NOW, TODAY).unwrap();
    let brand = tessera_profile::BrandId::parse(BRAND).unwrap();
    let rule = store::rules_for_brand(&v, &brand)
        .unwrap()
        .into_iter()
        .find(|r| r.field == "allergies")
        .unwrap();
    assert!(rule.allowed);
    assert_eq!(rule.confirmed_category.as_deref(), Some("health"));
}

// --- receipts ---

/// Issue 7: a receipt for a revoked grant was accepted without remark. It is recorded, as late.
#[test]
fn receipt_for_a_revoked_grant_is_recorded_as_late() {
    let (_t, mut v) = with_request("req-1");
    let approval = person::Approval {
        fields: vec![("email".into(), None)],
        ..Default::default()
    };
    let (grant, token) = signed(person::approve(&mut v, "req-1", &approval, NOW, TODAY).unwrap());
    let receipt =
        tessera_exchange::brandkit::receipt_for(&brand_key(), &token, BRAND, NOW + 10).unwrap();
    person::revoke(&mut v, &grant.jti, NOW + 20).unwrap();
    let recorded = person::import_receipt(&mut v, &receipt, NOW + 30).unwrap();
    assert!(recorded.receipt.is_some());
    assert!(recorded.receipt_late());
    assert_eq!(recorded.revoked_at, Some(NOW + 20), "still revoked");
    let last = ledger::list(&v).unwrap().pop().unwrap();
    assert_eq!(last.event, "receipt_imported");
    assert!(last.detail.contains("late"), "{}", last.detail);

    // Before the revocation, the same receipt is on time, and a receipt imported again after
    // the revocation does not replace it (the on-time evidence stays).
    let (_t2, mut w) = with_request("req-1");
    let (_, token) = signed(person::approve(&mut w, "req-1", &approval, NOW, TODAY).unwrap());
    let receipt =
        tessera_exchange::brandkit::receipt_for(&brand_key(), &token, BRAND, NOW + 10).unwrap();
    let on_time = person::import_receipt(&mut w, &receipt, NOW + 30).unwrap();
    assert!(!on_time.receipt_late());
    person::revoke(&mut w, &on_time.jti, NOW + 40).unwrap();
    let again = person::import_receipt(&mut w, &receipt, NOW + 50).unwrap();
    assert_eq!(
        again.receipt_at,
        Some(NOW + 30),
        "the first receipt is kept"
    );
    assert!(!again.receipt_late());
    let last = ledger::list(&w).unwrap().pop().unwrap();
    assert!(last.detail.contains("received again"), "{}", last.detail);
}

/// A ledger export is the fifth token kind: anyone verifies its signature, its signer and its
/// whole hash chain; an entry changed and signed again, or a signer that is not `iss`, is refused.
#[test]
fn ledger_exports_verify_and_a_changed_chain_is_refused() {
    let (_t, mut v) = vault_with(ADA);
    import_requests(&mut v, 3);
    let key = SigningKey::from_seed(&[7; 32]);
    let claims = formats::LedgerExportClaims {
        iss: key.jwk().thumbprint(),
        iat: NOW,
        entries: ledger::list(&v).unwrap(),
    };
    let token = formats::sign::<formats::LedgerExport>(&key, &claims);
    assert_eq!(formats::verify_ledger_export(&token).unwrap(), claims);
    assert_eq!(
        formats::verify_ledger_export(&key.sign(formats::GRANT_TYP, &json!({})))
            .unwrap_err()
            .code()
            .as_str(),
        "wrong_type"
    );

    let mut edited = claims.clone();
    edited.entries[1].detail.push_str(" (edited)");
    let e = formats::verify_ledger_export(&formats::sign::<formats::LedgerExport>(&key, &edited))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_claims", "{e}");
    assert!(e.to_string().contains("entries"), "{e}");

    let mut removed = claims.clone();
    removed.entries.remove(1);
    let e = formats::verify_ledger_export(&formats::sign::<formats::LedgerExport>(&key, &removed))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "invalid_claims", "{e}");

    let other = formats::LedgerExportClaims {
        iss: SigningKey::from_seed(&[8; 32]).jwk().thumbprint(),
        ..claims
    };
    let e = formats::verify_ledger_export(&formats::sign::<formats::LedgerExport>(&key, &other))
        .unwrap_err();
    assert!(e.to_string().contains("iss"), "{e}");
}

/// Issue 13: the ledger read a page at a time, newest first, proven against the sealed head by
/// the chain alone (the kind's set is not read): the pages together are the whole ledger, and
/// a removed, swapped or edited entry inside a page is refused.
#[test]
fn ledger_pages_walk_the_chain_from_the_sealed_head_and_refuse_tampering() {
    let (t, mut v) = vault_with(ADA);
    import_requests(&mut v, 6);
    let all = ledger::list(&v).unwrap();
    assert_eq!(all.len(), 7);
    let mut walked = Vec::new();
    let mut from = None;
    loop {
        let page = ledger::page(&v, from.as_ref(), 3).unwrap();
        assert!(page.entries.len() <= 3);
        walked.extend(page.entries);
        match page.older {
            Some(anchor) => from = Some(anchor),
            None => break,
        }
    }
    walked.reverse();
    assert_eq!(walked, all, "the pages, oldest last, are the whole ledger");
    drop(v);

    let db = vault_dir(&t).join("vault.db");
    let sql = |s: &str| {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(s)
            .unwrap();
    };
    let pristine = std::fs::read(&db).unwrap();
    let newest_pages = |v: &Vault| -> Result<usize, ledger::LedgerProblem> {
        let first = ledger::page(v, None, 3)?;
        let second = ledger::page(v, first.older.as_ref(), 3)?;
        Ok(first.entries.len() + second.entries.len())
    };
    for (what, change) in [
        (
            "the newest entry removed",
            "DELETE FROM entry WHERE id = (SELECT MAX(id) FROM entry WHERE kind = 'ledger')",
        ),
        (
            "an entry of the second page removed",
            "DELETE FROM entry WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id DESC LIMIT 1 OFFSET 4)",
        ),
        (
            "the newest entry's body replaced by the one below it",
            "UPDATE entry SET body = (SELECT body FROM entry WHERE kind = 'ledger' ORDER BY id DESC LIMIT 1 OFFSET 1) WHERE id = (SELECT MAX(id) FROM entry WHERE kind = 'ledger')",
        ),
        (
            "an entry of the second page edited",
            "UPDATE entry SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = X'00' THEN X'01' ELSE X'00' END || substr(body, 42) AS BLOB) WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id DESC LIMIT 1 OFFSET 3)",
        ),
    ] {
        sql(change);
        let v = unlock(&t);
        assert!(newest_pages(&v).is_err(), "{what} went unnoticed");
        drop(v);
        std::fs::write(&db, &pristine).unwrap();
    }
    assert_eq!(newest_pages(&unlock(&t)).unwrap(), 6);
}

/// Issue 13: one ledger entry read by its `seq` (what an erasure letter names), opening that
/// entry only; an entry removed below it moves the rows, and the one found there is refused.
#[test]
fn a_ledger_entry_is_read_by_its_number_and_a_removed_one_is_noticed() {
    let (t, mut v) = vault_with(ADA);
    import_requests(&mut v, 4);
    let all = ledger::list(&v).unwrap();
    for e in &all {
        assert_eq!(ledger::entry(&v, e.seq).unwrap().as_ref(), Some(e));
    }
    assert_eq!(ledger::entry(&v, 0).unwrap(), None);
    assert_eq!(ledger::entry(&v, all.len() as u64 + 1).unwrap(), None);
    drop(v);
    rusqlite::Connection::open(vault_dir(&t).join("vault.db"))
        .unwrap()
        .execute_batch(
            "DELETE FROM entry WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id LIMIT 1 OFFSET 1)",
        )
        .unwrap();
    let v = unlock(&t);
    let e = ledger::entry(&v, 3).unwrap_err();
    assert_eq!(e.code(), tessera_vault::ErrorCode::VaultTampered, "{e}");
    assert_eq!(ledger::entry(&v, 1).unwrap().unwrap().seq, 1);
}

/// Issue 13: the whole ledger checked a step at a time proves what the check in one go does:
/// the steps reach the first entry, and a removed or edited entry anywhere is found at its step.
#[test]
fn the_ledger_checked_in_steps_finds_what_the_whole_check_finds() {
    let (t, mut v) = vault_with(ADA);
    import_requests(&mut v, 6);
    let total = ledger::count(&v).unwrap();
    let mut walk = ledger::VerifyWalk::start(&v).unwrap();
    let mut steps = 0;
    while !walk.step(&v, 2).unwrap() {
        steps += 1;
        assert!(walk.checked() < total);
    }
    assert_eq!((walk.checked(), walk.total()), (total, total));
    assert_eq!(steps, (total as usize).div_ceil(2) - 1);
    assert_eq!(ledger::verify(&v).unwrap(), total);
    drop(v);
    let db = vault_dir(&t).join("vault.db");
    let pristine = std::fs::read(&db).unwrap();
    for (what, change) in [
        (
            "the oldest entry removed",
            "DELETE FROM entry WHERE id = (SELECT MIN(id) FROM entry WHERE kind = 'ledger')",
        ),
        (
            "an entry in the middle edited",
            "UPDATE entry SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = X'00' THEN X'01' ELSE X'00' END || substr(body, 42) AS BLOB) WHERE id = (SELECT id FROM entry WHERE kind = 'ledger' ORDER BY id LIMIT 1 OFFSET 3)",
        ),
    ] {
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch(change)
            .unwrap();
        let v = unlock(&t);
        let mut walk = ledger::VerifyWalk::start(&v).unwrap();
        let found = loop {
            match walk.step(&v, 2) {
                Ok(true) => break false,
                Ok(false) => {}
                Err(_) => break true,
            }
        };
        assert!(found, "{what} went unnoticed by the steps");
        assert!(ledger::verify(&v).is_err(), "{what} went unnoticed");
        drop(v);
        std::fs::write(&db, &pristine).unwrap();
    }
}
