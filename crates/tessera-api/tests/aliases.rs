//! Issue 12: where did my address leak from. On a real vault through the `Session` the faces
//! call: the per-brand token alias given in a grant names its brand (typed, or read from a
//! pasted message header), with what the brand promised and its letter; the slug alias of a
//! brand never given it says so; without an address or a pattern, the refusal says what to do.

use serde_json::json;
use tessera_api::exchange::ApproveRequest;
use tessera_api::{ApiErrorCode, Session};
use tessera_exchange::jws::peek_payload;
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000;

/// The shop's grant of the email as a token alias; the alias it received.
fn token_alias_granted(s: &mut Session) -> String {
    let fields =
        json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]);
    let token = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "req-1",
        &fields,
        NOW,
    );
    s.request_import(&token, false, at(NOW)).unwrap();
    let req: ApproveRequest = serde_json::from_value(json!({
        "jti": "req-1", "fields": [{"name": "email", "form": "email_alias_token"}]
    }))
    .unwrap();
    let grant = s.request_approve(&req, at(NOW)).unwrap();
    let claims: serde_json::Value = peek_payload(&grant.detail.token).unwrap();
    assert_eq!(claims["disclosures"][0]["form"], "email_alias_token");
    claims["disclosures"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_token_alias_names_the_brand_that_was_given_it() {
    let (_t, mut s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    let alias = token_alias_granted(&mut s);
    // The token names neither the brand nor the person's other aliases.
    assert!(!alias.contains("shop"), "{alias}");
    let local = alias
        .trim_start_matches("ada+")
        .trim_end_matches("@home.example");
    assert_eq!(local.len(), 12, "{alias}");
    assert!(local.chars().all(|c| c.is_ascii_hexdigit()), "{alias}");

    let traced = s.trace_alias(&alias.to_uppercase()).unwrap();
    assert_eq!(traced.found.len(), 1, "{traced:?}");
    let found = &traced.found[0];
    assert_eq!(
        (found.brand.as_str(), found.form.as_str(), found.given),
        ("https://shop.example", "email_alias_token", true)
    );
    assert!(found.letter_entry.is_some());
    let letter = s.deletion_request(found.letter_entry.unwrap()).unwrap();
    assert!(letter.to.contains("shop.example"), "{}", letter.to);

    // A pasted header: the recipients are read, the sender is not.
    let header = format!(
        "From: Deals <deals@spam.example>\r\nTo: \"Ada\" <{alias}>\r\nSubject: A prize\r\n"
    );
    let traced = s.trace_alias(&header).unwrap();
    assert_eq!(traced.addresses, std::slice::from_ref(&alias));
    assert_eq!(traced.found[0].brand, "https://shop.example");

    // The slug alias was never given: the brand is named, but it did not receive it.
    let slug = s.trace_alias("ada+shop-example@home.example").unwrap();
    assert_eq!(slug.found[0].form, "email_alias");
    assert!(!slug.found[0].given);
    // The same token, for the same brand, in a later grant.
    let again = s.trace_alias(&alias).unwrap();
    assert_eq!(again.found, traced.found);
}

#[test]
fn tracing_without_an_address_or_a_pattern_says_what_to_do() {
    let (_t, s) = tessera_test_support::session_with(tessera_test_support::ADA, at(NOW));
    let e = s.trace_alias("Subject: nothing here\r\n").unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput);
    assert!(e.message.contains("paste an address"), "{}", e.message);
    assert!(
        s.trace_alias("someone@else.example")
            .unwrap()
            .found
            .is_empty()
    );
    let (_t, s) = tessera_test_support::session_with(&[("email", "ada@home.example")], at(NOW));
    let e = s.trace_alias("ada+x@home.example").unwrap_err();
    assert!(e.message.contains("email_alias_pattern"), "{}", e.message);
}
