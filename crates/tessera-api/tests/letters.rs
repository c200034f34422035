//! Issue 12: the person's rights by signed letter, on a real vault through the `Session` the
//! faces call: each right written, signed with the key of the grants the brand holds (the brand
//! verifies it against them), recorded, tracked to overdue on Home and to the reply.

use serde_json::json;
use tessera_api::exchange::{ApproveRequest, LetterState, Right};
use tessera_api::letters::WriteLetter;
use tessera_api::profile::SetValueRequest;
use tessera_api::{ApiErrorCode, Session};
use tessera_exchange::formats::{self, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000; // 2026-11-18
const DAY: i64 = 86_400;
const SHOP: &str = "https://shop.example";

fn request(brand: &str, jti: &str, seed: u8) -> String {
    let host = brand.trim_start_matches("https://");
    let claims: RequestClaims = serde_json::from_value(json!({
        "iss": brand, "jti": jti, "iat": 0, "exp": 0,
        "brand": {"name": host, "privacy_policy": format!("{brand}/privacy"), "contact": format!("privacy@{host}")},
        "fields": [
            {"name": "email", "required": true, "purposes": ["orders", "ads"]},
            {"name": "shoe_size", "required": false, "purposes": ["ads"]}
        ],
        "purposes": [
            {"id": "orders", "description": "Deliver your orders", "retention_days": 30, "third_parties": false, "profiling": false},
            {"id": "ads", "description": "Show you offers", "retention_days": 90, "third_parties": false, "profiling": true}
        ],
        "reply": {"method": "file"}
    }))
    .unwrap();
    formats::sign_request(&SigningKey::from_seed(&[seed; 32]), claims, NOW, 3600).unwrap()
}

/// A session whose person gave `brand` their email and shoe size; the grant's token.
fn granted(s: &mut Session, brand: &str, seed: u8) -> String {
    s.request_import(&request(brand, "r-1", seed), false, at(NOW))
        .unwrap();
    let approve: ApproveRequest = serde_json::from_value(json!({
        "jti": tessera_exchange::jws::token_hash(&request(brand, "r-1", seed)),
        "fields": [{"name": "email"}, {"name": "shoe_size"}]
    }))
    .unwrap();
    s.request_approve(&approve, at(NOW)).unwrap().detail.token
}

fn letter(right: Right, purposes: &[&str]) -> WriteLetter {
    WriteLetter {
        brand: SHOP.into(),
        right,
        fields: Vec::new(),
        purposes: purposes.iter().map(|p| (*p).to_owned()).collect(),
        confirm_categories: Vec::new(),
    }
}

#[test]
fn each_right_is_a_letter_the_brand_verifies_against_its_grant() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    let e = s
        .letter_write(&letter(Right::Access, &[]), at(NOW))
        .unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput, "{}", e.message);
    let grant = granted(&mut s, SHOP, 7);

    let access = s
        .letter_write(&letter(Right::Access, &[]), at(NOW + 60))
        .unwrap();
    assert_eq!(access.to, "privacy@shop.example");
    assert_eq!(
        access.subject,
        "Access to my data (GDPR Art. 15) - shop.example"
    );
    assert!(access.body.contains("Under Article 15"), "{}", access.body);
    assert!(
        access.body.contains("Please reply by 2026-12-18"),
        "{}",
        access.body
    );
    assert!(access.body.contains(&access.token), "{}", access.body);
    let claims = formats::verify_letter(&access.token, SHOP, Some(&grant), NOW + 60).unwrap();
    assert_eq!(claims.right, Right::Access);
    assert_eq!(claims.iat % DAY, 0, "a whole UTC day, like the grants");
    assert_eq!(claims.grants.len(), 1);
    // Another brand's name, or a letter verified against a grant it does not name, is refused.
    assert_eq!(
        formats::verify_letter(&access.token, "https://books.example", None, NOW)
            .unwrap_err()
            .code()
            .as_str(),
        "wrong_audience"
    );

    // Objection: the purposes that profile unless the person names others.
    let objection = s
        .letter_write(&letter(Right::Objection, &[]), at(NOW + 60))
        .unwrap();
    let claims = formats::verify_letter(&objection.token, SHOP, None, NOW + 60).unwrap();
    assert_eq!(claims.purposes, ["ads"]);
    // Withdrawal: for the purposes named, never for nothing, never an unknown one.
    for (purposes, said) in [
        (&[][..], "name the purposes"),
        (&["marketing"][..], "among orders, ads"),
    ] {
        let e = s
            .letter_write(&letter(Right::Withdrawal, purposes), at(NOW + 60))
            .unwrap_err();
        assert!(e.message.contains(said), "{}", e.message);
    }
    let withdrawal = s
        .letter_write(&letter(Right::Withdrawal, &["ads"]), at(NOW + 60))
        .unwrap();
    assert!(
        withdrawal.body.contains("Article 7(3)"),
        "{}",
        withdrawal.body
    );
    // Erasure, signed and tracked like the others.
    let erasure = s
        .letter_write(&letter(Right::Erasure, &[]), at(NOW + 60))
        .unwrap();
    assert_eq!(erasure.basis, "GDPR Art. 17");

    // Correction: nothing to correct, then the new email in the form the brand received it.
    let e = s
        .letter_write(&letter(Right::Correction, &[]), at(NOW + 60))
        .unwrap_err();
    assert!(e.message.contains("nothing to correct"), "{}", e.message);
    let set: SetValueRequest = serde_json::from_value(json!({
        "field": "email", "value": "ada@new.example", "primary": true
    }))
    .unwrap();
    s.profile_set(&set, at(NOW + 120)).unwrap();
    let offered = s.corrections(at(NOW + 120)).unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].brand, SHOP);
    assert_eq!(offered[0].fields[0].name, "email");
    let correction = s
        .letter_write(&letter(Right::Correction, &[]), at(NOW + 120))
        .unwrap();
    assert!(
        correction.body.contains("Email: ada@new.example"),
        "{}",
        correction.body
    );
    let claims = formats::verify_letter(&correction.token, SHOP, Some(&grant), NOW + 120).unwrap();
    assert_eq!(claims.fields, ["email"]);
    // Corrected: no longer offered.
    assert!(s.corrections(at(NOW + 120)).unwrap().is_empty());

    // Tracked: awaiting; a month later overdue on Home; then replied.
    let all = s.letters(at(NOW + DAY)).unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|l| l.state == LetterState::Awaiting));
    assert!(s.home(at(NOW + DAY)).unwrap().letters_overdue.is_empty());
    let later = at(NOW + 31 * DAY);
    let overdue = s.home(later).unwrap().letters_overdue;
    assert_eq!(overdue.len(), 5);
    assert_eq!(overdue[0].state_label, "Reply overdue");
    let replied = s.letter_replied(&access.jti, later).unwrap();
    assert_eq!(replied.state, LetterState::Replied);
    assert_eq!(s.home(later).unwrap().letters_overdue.len(), 4);
    let e = s.letter_replied(&access.jti, later).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::AlreadyDone, "{}", e.message);
    let e = s.letter_replied("letter-none", later).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::NotFound, "{}", e.message);

    // Each recorded in the ledger, with its reply date; the chain still verifies.
    let ledger = s.ledger_list().unwrap();
    let sent: Vec<&str> = ledger
        .iter()
        .filter(|e| e.event == "letter_sent")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(sent.len(), 5);
    assert!(
        sent[0].contains("(access, GDPR Art. 15); reply due by 2026-12-18"),
        "{}",
        sent[0]
    );
    assert_eq!(ledger.last().unwrap().event, "letter_replied");
    assert!(s.ledger_verify().unwrap().ok);
}

/// A complaint to the authority the request named, and its bundle: every token verifies, and the
/// ledger's entries about the brand verify on their own and against the signed ledger export.
#[test]
fn a_complaint_bundles_evidence_that_verifies_against_the_ledger_export() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    let e = s.complaint(SHOP, at(NOW)).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput, "{}", e.message);
    // The shop names its authority; the person also deals with another brand, which the bundle
    // must not mention.
    let claims: RequestClaims = serde_json::from_value(json!({
        "iss": SHOP, "jti": "r-1", "iat": 0, "exp": 0,
        "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy",
                  "contact": "privacy@shop.example", "authority": "CNIL"},
        "fields": [{"name": "email", "required": true, "purposes": ["orders"]}],
        "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 30, "third_parties": false, "profiling": false}],
        "reply": {"method": "file"}
    }))
    .unwrap();
    let request =
        formats::sign_request(&SigningKey::from_seed(&[7; 32]), claims, NOW, 3600).unwrap();
    s.request_import(&request, false, at(NOW)).unwrap();
    let approve: ApproveRequest =
        serde_json::from_value(json!({"jti": "r-1", "fields": [{"name": "email"}]})).unwrap();
    let grant = s.request_approve(&approve, at(NOW)).unwrap().detail;
    granted(&mut s, "https://books.example", 8);
    s.letter_write(&letter(Right::Erasure, &[]), at(NOW + 60))
        .unwrap();
    s.grant_revoke(&grant.grant.jti, at(NOW + 120)).unwrap();

    let later = at(NOW + 40 * DAY);
    let complaint = s.complaint(SHOP, later).unwrap();
    assert_eq!(complaint.authority.as_deref(), Some("CNIL"));
    assert_eq!(complaint.file_name, "tessera-complaint-shop.example.json");
    assert!(complaint.body.contains("Article 77"), "{}", complaint.body);
    assert!(
        complaint.body.ends_with("Kind regards"),
        "{}",
        complaint.body
    );
    assert!(
        complaint
            .body
            .contains("Erasure of my data (GDPR Art. 17). No reply came by 2026-12-18"),
        "{}",
        complaint.body
    );
    assert!(
        complaint.body.contains("I revoked it"),
        "{}",
        complaint.body
    );
    assert!(!complaint.body.contains("books"), "{}", complaint.body);

    let bundle: serde_json::Value = serde_json::from_str(&complaint.bundle).unwrap();
    assert_eq!(bundle["format"], "tessera-complaint-bundle");
    assert_eq!(bundle["v"], 1);
    assert_eq!(bundle["brand"]["authority"], "CNIL");
    assert!(
        !complaint.bundle.contains("books.example"),
        "only the shop's evidence"
    );
    let request = bundle["requests"][0]["token"].as_str().unwrap();
    formats::verify_request(request, NOW).unwrap();
    let grant_token = bundle["grants"][0]["token"].as_str().unwrap();
    formats::verify_grant(grant_token, SHOP, Some(request), NOW).unwrap();
    let revocation = bundle["grants"][0]["revocation"].as_str().unwrap();
    formats::verify_revocation(revocation, SHOP, Some(grant_token), NOW + 120).unwrap();
    let letter_token = bundle["letters"][0]["token"].as_str().unwrap();
    formats::verify_letter(letter_token, SHOP, Some(grant_token), NOW + 60).unwrap();

    // The ledger excerpt: each entry on its own, then against the signed export, whose key is
    // the one the bundle names.
    let entries: Vec<tessera_exchange::ledger::LedgerEntry> =
        serde_json::from_value(bundle["ledger_entries"].clone()).unwrap();
    let events: Vec<&str> = entries.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "key_pinned",
            "request_imported",
            "grant_issued",
            "letter_sent",
            "grant_revoked"
        ]
    );
    let export = formats::verify_ledger_export(&s.ledger_export(later).unwrap()).unwrap();
    assert_eq!(bundle["ledger_key"], export.iss.as_str());
    tessera_exchange::ledger::verify_excerpt(&entries, Some(&export.entries)).unwrap();
    // An entry edited after the fact fails, on its own and against the export.
    let mut edited = entries.clone();
    edited[2].detail.push_str(" (edited)");
    assert_eq!(
        tessera_exchange::ledger::verify_excerpt(&edited, None),
        Err(edited[2].seq)
    );
}
