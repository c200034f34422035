//! Issue 12: the consent records others can read (ISO/IEC TS 27560 structure, DPV terms), on
//! a real vault through the `Session`: one record per grant and per request not answered with
//! one, each with its status and events, purposes, fields asked and given, and never a value.

use serde_json::{Value, json};
use tessera_api::Session;
use tessera_api::exchange::ApproveRequest;
use tessera_exchange::formats::{self, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000;

fn request(brand: &str, jti: &str, seed: u8) -> String {
    let host = brand.trim_start_matches("https://");
    let claims: RequestClaims = serde_json::from_value(json!({
        "iss": brand, "jti": jti, "iat": 0, "exp": 0,
        "brand": {"name": host, "privacy_policy": format!("{brand}/privacy"), "contact": format!("privacy@{host}"), "authority": "CNIL"},
        "fields": [
            {"name": "email", "required": true, "purposes": ["orders"]},
            {"name": "allergies", "required": false, "purposes": ["recommend"]},
            {"name": "shoe_size", "required": false, "purposes": ["recommend"]}
        ],
        "purposes": [
            {"id": "orders", "description": "Deliver your orders", "dpv": "dpv:ServiceProvision", "retention_days": 30, "third_parties": false, "profiling": false},
            {"id": "recommend", "description": "Suggest shoes that fit", "retention_days": 90, "third_parties": true, "profiling": true}
        ],
        "reply": {"method": "file"}
    }))
    .unwrap();
    formats::sign_request(&SigningKey::from_seed(&[seed; 32]), claims, NOW, 3600).unwrap()
}

fn records(s: &Session, now: i64) -> Value {
    let text = s.consent_records(at(now)).unwrap();
    assert!(!text.contains("ada@home.example"), "never a value: {text}");
    assert!(!text.contains("peanuts"), "never a value: {text}");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_request_and_answer_is_a_consent_record_with_dpv_terms() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    s.request_import(
        &request("https://shop.example", "shop-1", 7),
        false,
        at(NOW),
    )
    .unwrap();
    let approve: ApproveRequest = serde_json::from_value(json!({
        "jti": "shop-1", "fields": [{"name": "email"}, {"name": "allergies"}],
        "confirm_categories": ["health"]
    }))
    .unwrap();
    let grant = s.request_approve(&approve, at(NOW + 60)).unwrap();
    s.request_import(
        &request("https://books.example", "books-1", 8),
        false,
        at(NOW + 120),
    )
    .unwrap();
    s.request_deny("books-1", at(NOW + 180)).unwrap();
    s.request_import(
        &request("https://xn--caf-dma.example", "cafe-1", 9),
        false,
        at(NOW + 240),
    )
    .unwrap();
    s.grant_revoke(&grant.detail.grant.jti, at(NOW + 300))
        .unwrap();

    let doc = records(&s, NOW + 400);
    assert_eq!(doc["@context"]["dpv"], "https://w3id.org/dpv#");
    assert_eq!(doc["tessera:format"], 1);
    let graph = doc["@graph"].as_array().unwrap();
    let statuses: Vec<(&str, &str)> = graph
        .iter()
        .map(|r| {
            (
                r["dpv:hasDataController"]["@id"].as_str().unwrap(),
                r["dpv:hasConsentStatus"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("https://shop.example", "dpv:ConsentWithdrawn"),
            ("https://books.example", "dpv:ConsentRefused"),
            ("https://xn--caf-dma.example", "dpv:ConsentRequested"),
        ]
    );

    let shop = &graph[0];
    assert_eq!(shop["@type"], "dpv:ConsentRecord");
    assert_eq!(
        shop["dct:conformsTo"],
        "https://w3id.org/dpv/schema/dpv-27560#record"
    );
    assert_eq!(shop["dct:identifier"], grant.detail.grant.jti.as_str());
    let claims: Value = tessera_exchange::jws::peek_payload(&grant.detail.token).unwrap();
    assert_eq!(shop["dpv:hasDataSubject"]["@id"], claims["sub"]);
    assert_eq!(
        shop["dpv:hasLegalBasis"],
        json!(["eu-gdpr:A6-1-a", "eu-gdpr:A9-2-a"])
    );
    assert_eq!(
        shop["dpv:hasDataController"]["dpv:hasSupervisoryAuthority"],
        "CNIL"
    );
    assert_eq!(shop["dpv:hasNotice"]["dct:identifier"], "shop-1");
    let events: Vec<&str> = shop["tessera:events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["@type"].as_str().unwrap())
        .collect();
    assert_eq!(
        events,
        [
            "dpv:ConsentRequested",
            "dpv:ConsentGiven",
            "dpv:ConsentWithdrawn"
        ]
    );
    let orders = &shop["dpv:hasProcess"][0];
    assert_eq!(orders["dpv:hasPurpose"]["@type"], "dpv:ServiceProvision");
    assert_eq!(orders["dpv:hasStorageCondition"]["dpv:hasDuration"], "P30D");
    assert!(orders.get("dpv:hasRecipient").is_none());
    let recommend = &shop["dpv:hasProcess"][1];
    assert_eq!(recommend["dpv:hasRecipient"], json!(["dpv:ThirdParty"]));
    assert_eq!(recommend["dpv:hasProcessing"], json!(["dpv:Profiling"]));
    let data: Vec<(&str, Option<&str>, &str, Option<&str>)> = recommend["dpv:hasPersonalData"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["tessera:field"].as_str().unwrap(),
                d["tessera:formGiven"].as_str(),
                d["dpv:hasNecessity"].as_str().unwrap(),
                d["dpv:hasPersonalDataCategory"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        data,
        [
            (
                "allergies",
                Some("raw"),
                "dpv:Optional",
                Some("pd:MedicalHealth")
            ),
            ("shoe_size", None, "dpv:Optional", None),
        ]
    );
    // A refused request has no data subject id: no key was ever used with the brand.
    assert!(graph[1]["dpv:hasDataSubject"].get("@id").is_none());
    assert_eq!(graph[1]["dpv:hasLegalBasis"], json!(["eu-gdpr:A6-1-a"]));
}

#[test]
fn a_grant_past_its_end_is_recorded_as_expired() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    s.request_import(
        &request("https://shop.example", "shop-1", 7),
        false,
        at(NOW),
    )
    .unwrap();
    let approve: ApproveRequest =
        serde_json::from_value(json!({"jti": "shop-1", "fields": [{"name": "email"}]})).unwrap();
    s.request_approve(&approve, at(NOW)).unwrap();
    assert_eq!(
        records(&s, NOW + 10)["@graph"][0]["dpv:hasConsentStatus"],
        "dpv:ConsentGiven"
    );
    let later = records(&s, NOW + 400 * 86_400);
    assert_eq!(
        later["@graph"][0]["dpv:hasConsentStatus"],
        "dpv:ConsentExpired"
    );
}

/// Every member path of a JSON value (array items as `[]`).
fn paths(value: &Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}/{k}");
                out.insert(here.clone());
                paths(v, &here, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| paths(v, &format!("{at}[]"), out)),
        _ => {}
    }
}

/// The worked example in docs/formats/consent-records.md has exactly the members the code
/// writes for the same story (a shop's request for an email and an allergy, approved, then
/// revoked), and the same fixed values.
#[test]
fn the_documented_example_has_the_members_the_code_writes() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/formats/consent-records.md"),
    )
    .unwrap();
    let example = doc
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap();
    let example: Value = serde_json::from_str(example).unwrap();

    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    let claims: RequestClaims = serde_json::from_value(json!({
        "iss": "https://shop.example", "jti": "shop-1", "iat": 0, "exp": 0,
        "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example", "authority": "CNIL"},
        "fields": [
            {"name": "email", "required": true, "purposes": ["orders"]},
            {"name": "allergies", "required": false, "purposes": ["recommend"]}
        ],
        "purposes": [
            {"id": "orders", "description": "Deliver your orders", "dpv": "dpv:ServiceProvision", "retention_days": 30, "third_parties": false, "profiling": false},
            {"id": "recommend", "description": "Suggest shoes that fit", "retention_days": 90, "third_parties": true, "profiling": true}
        ],
        "reply": {"method": "file"}
    }))
    .unwrap();
    let token = formats::sign_request(&SigningKey::from_seed(&[7; 32]), claims, NOW, 3600).unwrap();
    s.request_import(&token, false, at(NOW)).unwrap();
    let approve: ApproveRequest = serde_json::from_value(json!({
        "jti": "shop-1", "all": true, "confirm_categories": ["health"]
    }))
    .unwrap();
    let grant = s.request_approve(&approve, at(NOW + 60)).unwrap();
    s.grant_revoke(&grant.detail.grant.jti, at(NOW + 300))
        .unwrap();
    let made = records(&s, NOW + 400);

    let (mut documented, mut written) = (Default::default(), Default::default());
    paths(&example, "", &mut documented);
    paths(&made, "", &mut written);
    assert_eq!(documented, written);
    for pointer in [
        "/@context",
        "/tessera:format",
        "/@graph/0/dpv:hasLegalBasis",
        "/@graph/0/dpv:hasConsentStatus",
        "/@graph/0/dpv:hasProcess",
        "/@graph/0/dpv:hasDataController",
    ] {
        assert_eq!(example.pointer(pointer), made.pointer(pointer), "{pointer}");
    }
    let events = |v: &Value| -> Vec<Value> {
        v["@graph"][0]["tessera:events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["@type"].clone())
            .collect()
    };
    assert_eq!(events(&example), events(&made));
}
