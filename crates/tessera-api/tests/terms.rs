//! Issue 12: the person's own terms, on a real vault through the `Session` the faces call: set
//! from a named agreement for every brand or one, refused when they cannot be kept, and a
//! request's review naming each purpose that goes against them.

use serde_json::json;
use tessera_api::exchange::{Agreement, Terms};
use tessera_api::terms::SetTerms;
use tessera_api::{ApiErrorCode, Session};
use tessera_exchange::formats::{self, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000;

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
            {"id": "ads", "description": "Show you offers", "retention_days": 730, "third_parties": true, "profiling": true}
        ],
        "reply": {"method": "file"}
    }))
    .unwrap();
    formats::sign_request(&SigningKey::from_seed(&[seed; 32]), claims, NOW, 3600).unwrap()
}

fn set(
    s: &mut Session,
    brand: Option<&str>,
    terms: Option<Terms>,
) -> Result<(), tessera_api::ApiError> {
    s.set_terms(
        &SetTerms {
            brand: brand.map(str::to_owned),
            terms,
        },
        at(NOW),
    )
    .map(|_| ())
}

#[test]
fn a_review_names_each_purpose_against_the_persons_terms() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    s.request_import(
        &request("https://shop.example", "shop-1", 7),
        false,
        at(NOW),
    )
    .unwrap();
    s.request_import(
        &request("https://books.example", "books-1", 8),
        false,
        at(NOW),
    )
    .unwrap();
    // Tessera's default terms forbid sharing and profiling.
    let review = s.request_review("shop-1", at(NOW)).unwrap();
    let said: Vec<(String, String)> = review
        .conflicts
        .iter()
        .map(|c| {
            (
                serde_json::to_value(c).unwrap()["conflict"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                c.text.clone(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "sharing".to_owned(),
                "Show you offers shares the data with third parties, which your terms forbid: approving Email, Shoe size lets it.".to_owned()
            ),
            (
                "profiling".to_owned(),
                "Show you offers uses the data for profiling, which your terms forbid: approving Email, Shoe size lets it.".to_owned()
            ),
        ]
    );
    assert_eq!(
        review.conflicts[0].in_codes(),
        "ads shares the data with third parties, which your terms forbid: approving email, shoe_size lets it."
    );

    // Terms that accept sharing and profiling but keep data a year at most.
    let year = Terms {
        max_retention_days: Some(365),
        ..Agreement::PdcAi.terms()
    };
    set(&mut s, None, Some(year)).unwrap();
    let review = s.request_review("shop-1", at(NOW)).unwrap();
    assert_eq!(review.conflicts.len(), 1);
    assert!(
        review.conflicts[0]
            .text
            .contains("730 days, longer than the 365 days"),
        "{}",
        review.conflicts[0].text
    );

    // A brand's own terms hold for it alone; clearing them brings back those for every brand.
    set(
        &mut s,
        Some("https://books.example"),
        Some(Agreement::PdcAi.terms()),
    )
    .unwrap();
    assert!(
        s.request_review("books-1", at(NOW))
            .unwrap()
            .conflicts
            .is_empty()
    );
    assert_eq!(
        s.request_review("shop-1", at(NOW)).unwrap().conflicts.len(),
        1
    );
    let view = s.terms().unwrap();
    assert_eq!(view.brands.len(), 1);
    assert_eq!(view.brands[0].brand_name, "books.example");
    assert_eq!(view.agreements.len(), 4);
    set(&mut s, Some("https://books.example"), None).unwrap();
    assert_eq!(
        s.request_review("books-1", at(NOW))
            .unwrap()
            .conflicts
            .len(),
        1
    );
    assert!(s.terms().unwrap().brands.is_empty());
}

#[test]
fn terms_that_cannot_be_kept_are_refused_and_nothing_changes() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    for bad in [
        Terms {
            max_retention_days: Some(0),
            ..Terms::default()
        },
        Terms {
            max_retention_days: Some(4000),
            ..Terms::default()
        },
        Terms {
            erase_within_days: 0,
            ..Terms::default()
        },
        Terms {
            erase_within_days: 366,
            ..Terms::default()
        },
        Terms {
            additions: vec!["  ".into()],
            ..Terms::default()
        },
        Terms {
            additions: vec!["x".repeat(201)],
            ..Terms::default()
        },
        Terms {
            additions: vec!["a\\u{1b}[31m".replace("\\u{1b}", "\u{1b}")],
            ..Terms::default()
        },
    ] {
        let e = set(&mut s, None, Some(bad)).unwrap_err();
        assert_eq!(e.code, ApiErrorCode::InvalidInput, "{}", e.message);
    }
    assert_eq!(s.terms().unwrap().default, Terms::default());
    let e = set(&mut s, Some("not a brand"), Some(Terms::default())).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidBrand, "{}", e.message);
    // Kept across a lock and unlock, sealed like everything else.
    set(
        &mut s,
        None,
        Some(Terms {
            additions: vec!["no calls after 9pm".into()],
            ..Terms::default()
        }),
    )
    .unwrap();
    s.lock();
    s.unlock(
        &tessera_test_support::passphrase(),
        tessera_api::ContinuousInstant::at(std::time::Duration::ZERO),
    )
    .unwrap();
    assert_eq!(s.terms().unwrap().default.additions, ["no calls after 9pm"]);
}

/// The terms that hold for a brand go in its grant, with an exception for each accepted purpose
/// against them, and the brand kit's receipt, accepting exactly them, is taken.
#[test]
fn a_grant_carries_the_brands_terms_and_its_receipt_accepts_them() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    s.request_import(
        &request("https://books.example", "books-1", 8),
        false,
        at(NOW),
    )
    .unwrap();
    let own = Terms {
        max_retention_days: Some(365),
        erase_within_days: 14,
        additions: vec!["Ask me before any new use".into()],
        ..Agreement::PdcAi.terms()
    };
    set(&mut s, Some("https://books.example"), Some(own)).unwrap();
    let approve: tessera_api::exchange::ApproveRequest = serde_json::from_value(
        json!({"jti": "books-1", "fields": [{"name": "email"}, {"name": "shoe_size"}]}),
    )
    .unwrap();
    let approved = s.request_approve(&approve, at(NOW)).unwrap();
    let token = approved.detail.token;
    let claims = formats::verify_grant(&token, "https://books.example", None, NOW).unwrap();
    assert_eq!(
        serde_json::to_value(&claims.terms).unwrap(),
        json!({
            "agreement": "pdc-ai", "no_sale": true, "no_sharing": false, "no_profiling": false,
            "no_inference": false, "no_training": true, "max_retention_days": 365,
            "erase_within_days": 14, "contact": null, "additions": ["Ask me before any new use"],
            "forbidden_uses": [],
            // "ads" keeps the data 730 days: approved anyway, so the grant says so.
            "exceptions": [{"purpose": "ads", "allows": ["retention"]}]
        })
    );
    let receipt = tessera_exchange::brandkit::receipt_for(
        &SigningKey::from_seed(&[8; 32]),
        &token,
        "https://books.example",
        NOW,
    )
    .unwrap();
    s.receipt_import(&receipt, at(NOW)).unwrap();
}
