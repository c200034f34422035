//! The exchange as the app and the CLI call it: requests imported, reviewed and approved with the
//! JSON the webview sends, on a real vault.
//!
//! Table of contents:
//! - `privacy_*`: grants to two brands from one vault share only the approved values and what
//!   each brand sent.
//! - `review_*`: a standing rule's form governs the review and the default form of approval.
//! - `preview_*`: the preview of an approval stores nothing and says what the approval does.
//! - `sensitive_*`: a special category is granted or allowed only with its category named.
//! - `receipt_*`: a receipt for a revoked grant is recorded as late.
//! - `changes_*`: a brand asking again: what its new request changes since the last one answered.
//! - `letter_*`: the erasure letter, to the brand's contact, naming what it holds.
//! - `home_*`: the home screen: who holds what, what waits, what ends soon.
//! - `inbox_*`: files and links the desktop hands over: refused at once when broken, kept
//!   while the vault is locked (nothing imported), opened in order after unlock.
//! - `demo_*`: the first run's demo brand, through the whole loop and removed.
#![allow(
    clippy::disallowed_methods,
    reason = "these tests drive the session as a face does, with the real clock"
)]

use serde_json::{Value, json};
use tessera_api::exchange::ApproveRequest;
use tessera_api::profile::AllowRequest;
use tessera_api::{ApiErrorCode, Session};
use tessera_exchange::jws::{SigningKey, peek_payload};
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000;

fn session() -> (tempfile::TempDir, Session) {
    tessera_test_support::session_with(tessera_test_support::ADA, at(NOW))
}

/// A request from `brand`, signed with a key of its own.
fn request(brand: &str, jti: &str, fields: &Value) -> String {
    let seed = if brand.contains("shop") {
        [7; 32]
    } else {
        [8; 32]
    };
    tessera_test_support::signed_request(seed, brand, jti, fields, NOW)
}

/// Imports, at [`NOW`], the request `jti` from https://shop.example for `fields`.
fn import_from_shop(s: &mut Session, jti: &str, fields: &Value) {
    let token = request("https://shop.example", jti, fields);
    s.request_import(&token, false, at(NOW)).unwrap();
}

/// A standing rule from `body` (an [`AllowRequest`]), made at [`NOW`].
fn allow(s: &mut Session, body: Value) {
    let req: AllowRequest = serde_json::from_value(body).unwrap();
    s.brand_allow(&req, at(NOW)).unwrap();
}

fn approve(s: &mut Session, body: Value, now: i64) -> Result<Value, tessera_api::ApiError> {
    let req: ApproveRequest = serde_json::from_value(body).unwrap();
    s.request_approve(&req, at(now))
        .map(|g| serde_json::to_value(g).unwrap())
}

fn rules(s: &Session, brand: &str) -> Value {
    serde_json::to_value(s.brand_show(brand, at(NOW)).unwrap().rules).unwrap()
}

/// Every scalar of a JSON value.
fn scalars(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => map.values().for_each(|v| scalars(v, out)),
        Value::Array(items) => items.iter().for_each(|v| scalars(v, out)),
        other => out.push(other.clone()),
    }
}

/// Issue 7: provenance text (the imported file's name, exact dates) and times to the second went
/// to every brand, the same in each grant.
#[test]
fn privacy_grants_to_two_brands_share_only_approved_values_and_what_the_brands_sent() {
    let (_t, mut s) = session();
    let fields = json!([
        {"name": "email", "form": "raw", "required": true, "purposes": ["orders"]},
        {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]},
        {"name": "shoe_size", "required": false, "purposes": ["orders"]}
    ]);
    let shop = request("https://shop.example", "req-a", &fields);
    let books = request("https://books.example", "req-b", &fields);
    s.request_import(&shop, false, at(NOW)).unwrap();
    s.request_import(&books, false, at(NOW + 30)).unwrap();
    let body = |jti: &str, names: &[&str]| json!({"jti": jti, "fields": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>()});
    let a = approve(
        &mut s,
        body("req-a", &["email", "birthdate", "shoe_size"]),
        NOW,
    )
    .unwrap();
    let b = approve(
        &mut s,
        body("req-b", &["shoe_size", "birthdate", "email"]),
        NOW + 777,
    )
    .unwrap();
    let payload =
        |grant: &Value| -> Value { peek_payload(grant["token"].as_str().unwrap()).unwrap() };
    let (pa, pb) = (payload(&a), payload(&b));

    let mut allowed = vec![json!(true), json!(false), json!("self_asserted"), json!(3)];
    // The person's terms go in every grant: Tessera's default ones, as every person who keeps
    // them writes them, link nobody (own additions would: docs/terms.md says so).
    scalars(
        &serde_json::to_value(tessera_api::exchange::Terms::default()).unwrap(),
        &mut allowed,
    );
    for token in [&shop, &books] {
        scalars(&peek_payload::<Value>(token).unwrap(), &mut allowed);
    }
    for p in [&pa, &pb] {
        for d in p["disclosures"].as_array().unwrap() {
            scalars(&d["value"], &mut allowed);
        }
        for time in ["iat", "exp"] {
            let t = p[time].as_i64().unwrap();
            assert_eq!(t % 86_400, 0, "{time} {t} is not a whole UTC day");
            allowed.push(json!(t));
        }
    }
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    scalars(&pa, &mut sa);
    scalars(&pb, &mut sb);
    let linking: Vec<&Value> = sa
        .iter()
        .filter(|v| !allowed.contains(v) && sb.contains(v))
        .collect();
    assert!(linking.is_empty(), "equal in both grants: {linking:?}");
    for p in [&pa, &pb] {
        let text = p.to_string();
        assert!(
            !text.contains("entered") && !text.contains("2026-"),
            "{text}"
        );
        let order: Vec<&str> = p["disclosures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            order,
            ["email", "birthdate", "shoe_size"],
            "the request's order"
        );
    }
    // The person's own view keeps the detailed provenance.
    let profile = serde_json::to_value(s.profile_list().unwrap()).unwrap();
    assert!(
        profile[0]["provenance"]
            .as_str()
            .unwrap()
            .starts_with("entered on ")
    );
}

/// Issue 7: with a rule allowing only `age_over_18`, a request for the exact birth date started
/// the review on the exact date, and approving the field without a form gave it.
#[test]
fn review_starts_on_the_standing_rule_form_not_finer() {
    let (_t, mut s) = session();
    import_from_shop(
        &mut s,
        "req-exact",
        &json!([
            {"name": "birthdate", "form": "raw", "required": true, "purposes": ["orders"]},
            {"name": "email", "form": "raw", "required": true, "purposes": ["orders"]},
            {"name": "shoe_size", "required": false, "purposes": ["orders"]}
        ]),
    );
    allow(
        &mut s,
        json!({"brand": "https://shop.example", "field": "birthdate", "form": "age_over_18"}),
    );
    s.brand_deny("https://shop.example", "email", at(NOW))
        .unwrap();
    let review = serde_json::to_value(s.request_review("req-exact", at(NOW)).unwrap()).unwrap();
    let field = |name: &str| {
        review["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field("birthdate")["form"], "raw", "what was asked");
    assert_eq!(field("birthdate")["initial_form"], "age_over_18");
    assert_eq!(field("birthdate")["preselected"], true);
    assert_eq!(
        field("email")["preselected"],
        false,
        "required, but the rule denies it"
    );
    assert_eq!(field("shoe_size")["preselected"], false);

    let grant = approve(
        &mut s,
        json!({"jti": "req-exact", "fields": [{"name": "birthdate"}]}),
        NOW,
    )
    .unwrap();
    assert_eq!(grant["grant"]["fields"], json!(["birthdate:age_over_18"]));
}

fn preview(s: &Session, body: Value) -> Result<Value, tessera_api::ApiError> {
    let req: ApproveRequest = serde_json::from_value(body).unwrap();
    s.request_preview(&req, at(NOW))
        .map(|p| serde_json::to_value(p).unwrap())
}

/// Issue 9: the CLI and the app each worked out the required fields left out; the core now
/// says it, before approving and in the approval's result, from one plan.
#[test]
fn preview_says_what_the_approval_grants_and_stores_nothing() {
    let (_t, mut s) = session();
    import_from_shop(
        &mut s,
        "req-1",
        &json!([
            {"name": "email", "form": "raw", "required": true, "purposes": ["orders"]},
            {"name": "birthdate", "form": "raw", "required": true, "purposes": ["orders"]},
            {"name": "allergies", "required": false, "purposes": ["orders"]}
        ]),
    );
    allow(
        &mut s,
        json!({"brand": "https://shop.example", "field": "birthdate", "form": "age_over_18"}),
    );
    let ledger = s.ledger_list().unwrap().len();

    let choice = json!({"jti": "req-1", "fields": [{"name": "allergies"}, {"name": "birthdate"}]});
    let p = preview(&s, choice.clone()).unwrap();
    assert_eq!(p["required_left_out"], json!(["email"]));
    assert_eq!(p["unconfirmed_categories"], json!(["health"]));
    let fields = p["fields"].as_array().unwrap();
    let got: Vec<(&str, &str, bool, &str)> = fields
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap(),
                f["form"].as_str().unwrap(),
                f["by_standing_rule"].as_bool().unwrap(),
                f["sensitivity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("birthdate", "age_over_18", true, "standard"),
            ("allergies", "raw", false, "health"),
        ],
        "in the request's order"
    );
    assert_eq!(fields[0]["asked_form"], "raw");
    assert_eq!(fields[1]["sensitivity_label"], "health");
    // Nothing chosen: every required field is left out, and the preview is no refusal.
    let p = preview(&s, json!({"jti": "req-1"})).unwrap();
    assert_eq!(p["required_left_out"], json!(["email", "birthdate"]));
    assert_eq!(p["fields"], json!([]));
    // A choice no approval could take is refused as the approval refuses it.
    let e = preview(
        &s,
        json!({"jti": "req-1", "fields": [{"name": "shoe_size"}]}),
    )
    .unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput);
    // Nothing stored, nothing recorded.
    assert!(s.grant_list(at(NOW)).unwrap().is_empty());
    assert_eq!(s.ledger_list().unwrap().len(), ledger);
    assert_eq!(s.request_list().unwrap()[0].status.as_str(), "pending");

    // The approval grants what the preview said, and says it again.
    let mut confirmed = choice;
    confirmed["confirm_categories"] = json!(["health"]);
    let before = preview(&s, confirmed.clone()).unwrap();
    assert_eq!(before["unconfirmed_categories"], json!([]));
    let grant = approve(&mut s, confirmed, NOW).unwrap();
    assert_eq!(grant["approval"], before);
    assert_eq!(
        grant["grant"]["fields"],
        json!(["birthdate:age_over_18", "allergies:raw"])
    );
    assert!(grant["token"].as_str().unwrap().starts_with("ey"));
}

/// Issue 9: the CLI named requests by `jti`, the app by hash; both resolve in the core, and a
/// `jti` two brands share is refused with the hashes to use.
#[test]
fn preview_and_approve_name_a_request_by_hash_or_unambiguous_jti() {
    let (_t, mut s) = session();
    let fields =
        json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]);
    s.request_import(
        &request("https://shop.example", "req-1", &fields),
        false,
        at(NOW),
    )
    .unwrap();
    let only = preview(&s, json!({"jti": "req-1", "all": true})).unwrap();
    s.request_import(
        &request("https://books.example", "req-1", &fields),
        false,
        at(NOW),
    )
    .unwrap();
    let list = s.request_list().unwrap();
    let hashes: Vec<&str> = list.iter().map(|r| r.id.as_str()).collect();
    for result in [
        preview(&s, json!({"jti": "req-1", "all": true})).map(|_| ()),
        s.request_review("req-1", at(NOW)).map(|_| ()),
        approve(&mut s, json!({"jti": "req-1", "all": true}), NOW).map(|_| ()),
        s.request_deny("req-1", at(NOW)).map(|_| ()),
    ] {
        let e = result.unwrap_err();
        assert_eq!(e.code, ApiErrorCode::InvalidInput);
        for hash in &hashes {
            assert!(e.message.contains(hash), "{}", e.message);
        }
    }
    assert_eq!(
        preview(&s, json!({"jti": hashes[1], "all": true})).unwrap(),
        only
    );
    let grant = approve(&mut s, json!({"jti": hashes[1], "all": true}), NOW).unwrap();
    assert_eq!(grant["grant"]["brand"], "https://shop.example");
}

/// Issue 7: approving with `update_rules` wrote a standing rule for a special category on a
/// confirmation that named no category.
#[test]
fn sensitive_approval_and_standing_rule_need_the_category_named() {
    let (_t, mut s) = session();
    import_from_shop(
        &mut s,
        "req-1",
        &json!([{"name": "allergies", "required": false, "purposes": ["orders"]}]),
    );
    let body = |extra: Value| {
        let mut b =
            json!({"jti": "req-1", "fields": [{"name": "allergies"}], "update_rules": true});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    // A bare "yes" (what the app sent before) confirms nothing.
    let e = approve(&mut s, body(json!({"confirm_sensitive": true})), NOW).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::ConfirmationRequired);
    assert!(e.message.contains("health"), "{}", e.message);
    assert!(e.message.contains("standing rules"), "{}", e.message);
    let e = approve(&mut s, body(json!({"confirm_categories": ["belief"]})), NOW).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::ConfirmationRequired);
    let e = approve(&mut s, body(json!({"confirm_categories": ["heath"]})), NOW).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput);
    assert_eq!(rules(&s, "https://shop.example"), json!([]));
    assert!(s.grant_list(at(NOW)).unwrap().is_empty());

    approve(&mut s, body(json!({"confirm_categories": ["health"]})), NOW).unwrap();
    let rules = rules(&s, "https://shop.example");
    assert_eq!(rules[0]["field"], "allergies");
    assert_eq!(rules[0]["confirmed_category"], "health");
}

/// Imports shop.example's request `req-1` for the email address and approves it whole.
fn email_granted_to_shop(s: &mut Session) -> Value {
    import_from_shop(
        s,
        "req-1",
        &json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]),
    );
    approve(s, json!({"jti": "req-1", "all": true}), NOW).unwrap()
}

/// A brand asking again: the new request is compared with the one the person last answered
/// with a grant, and what asks for more is marked; nothing to compare on a first request.
#[test]
fn changes_since_the_last_answered_request_are_listed_and_marked() {
    let (_t, mut s) = session();
    email_granted_to_shop(&mut s);
    let first = s.request_review("req-1", at(NOW)).unwrap().changes;
    assert_eq!((first.since, first.changes.len()), (None, 0));
    import_from_shop(
        &mut s,
        "req-2",
        &json!([
            {"name": "email", "form": "raw", "required": false, "purposes": ["orders"]},
            {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]}
        ]),
    );
    let review = s.request_review("req-2", at(NOW)).unwrap();
    let changes = review.changes.clone();
    assert_eq!(changes.since.as_deref(), Some("req-1"));
    let said: Vec<(bool, String, &str)> = changes
        .changes
        .iter()
        .map(|c| (c.asks_more, c.in_codes(), c.text.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (
                false,
                "email is now optional".to_owned(),
                "Email is now optional"
            ),
            (
                true,
                "new field: birthdate, as age_over_18".to_owned(),
                "new field: Date of birth, as Over 18 (yes/no)"
            ),
        ]
    );
    let json = serde_json::to_value(&review).unwrap();
    assert_eq!(json["changes"]["changes"][1]["change"], "field_added");
    assert_eq!(json["changes"]["changes"][1]["field"], "birthdate");
    // The review starts from the last answer: the email given then is selected again, the
    // new birth date (required) is for the person to choose.
    let field = |name: &str| {
        json["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        field("email")["last_time"],
        json!({"answer": "given", "form": "raw"})
    );
    assert_eq!(field("email")["preselected"], true);
    assert_eq!(
        field("birthdate")["last_time"],
        json!({"answer": "not_asked"})
    );
    assert_eq!(field("birthdate")["preselected"], false);
    assert_eq!(field("birthdate")["initial_from"], "last_answer");
}

/// Issue 7: a receipt for a revoked grant was accepted without remark.
#[test]
fn receipt_for_a_revoked_grant_is_recorded_as_late() {
    let (_t, mut s) = session();
    let grant = email_granted_to_shop(&mut s);
    let grant_token = grant["token"].as_str().unwrap();
    let jti = grant["grant"]["jti"].as_str().unwrap();
    let receipt = tessera_exchange::brandkit::receipt_for(
        &SigningKey::from_seed(&[7; 32]),
        grant_token,
        "https://shop.example",
        NOW + 10,
    )
    .unwrap();
    s.grant_revoke(jti, at(NOW + 20)).unwrap();
    let summary = serde_json::to_value(s.receipt_import(&receipt, at(NOW + 30)).unwrap()).unwrap();
    assert_eq!(summary["state"], "revoked");
    assert_eq!(summary["has_receipt"], true);
    assert_eq!(summary["receipt_late"], true);
    assert!(summary["revoked_at"].is_string());
    let ledger = s.ledger_list().unwrap();
    let last = ledger.last().unwrap();
    assert_eq!(last.event, "receipt_imported");
    assert!(last.detail.contains("late"), "{}", last.detail);
}

/// The erasure letter (GDPR Art. 17) for a ledger entry: to the brand's contact, naming the
/// fields and grants the brand holds and the entry, in whole sentences.
#[test]
fn letter_of_erasure_names_the_fields_grants_and_entry_in_whole_sentences() {
    let (_t, mut s) = session();
    let grant = email_granted_to_shop(&mut s);
    let jti = grant["grant"]["jti"].as_str().unwrap().to_owned();
    s.grant_revoke(&jti, at(NOW + 20)).unwrap();
    let revoked = s.ledger_list().unwrap().pop().unwrap();
    assert_eq!(revoked.event, "grant_revoked");
    let letter = s.deletion_request(revoked.seq).unwrap();
    assert_eq!(letter.to, "privacy@shop.example");
    assert_eq!(
        letter.subject,
        "Request for erasure of my personal data (GDPR Art. 17) - shop.example"
    );
    assert_eq!(
        letter.body,
        format!(
            "Dear shop.example data protection team,\n\n\
             Under Article 17 of the General Data Protection Regulation I ask you to erase, without \
             undue delay, all personal data about me that you received through Tessera, and any \
             data derived from it, and to confirm the erasure in writing.\n\n\
             Fields concerned: email\n\
             Grants concerned: {jti}\n\
             Recorded in my activity ledger as entry {} (grant_revoked) on {}.\n\n\
             Please also tell any recipient to whom the data was disclosed (Article 19).\n\n\
             Kind regards",
            revoked.seq, revoked.at
        )
    );
}

/// Files and links handed over while locked wait (nothing is imported); broken ones are refused
/// at once with what is wrong; after unlock they open in the order they came, a request with
/// its review and a receipt recorded on its grant; when unlocked they open at once.
#[test]
fn inbox_keeps_what_arrives_while_locked_and_opens_it_after_unlock() {
    use tessera_api::exchange::Opened;
    use tessera_api::inbox::Arrival;
    let (tmp, mut s) = session();
    let fields =
        json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]);
    import_from_shop(&mut s, "req-1", &fields);
    let grant = approve(&mut s, json!({"jti": "req-1", "all": true}), NOW).unwrap();
    let receipt = tessera_exchange::brandkit::receipt_for(
        &SigningKey::from_seed(&[7; 32]),
        grant["token"].as_str().unwrap(),
        "https://shop.example",
        NOW + 10,
    )
    .unwrap();
    let folder = tmp.path().join("Downloads");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("req-2.tessera-request"),
        request("https://shop.example", "req-2", &fields),
    )
    .unwrap();
    s.lock();

    let targets = [
        "req-2.tessera-request".to_owned(),
        format!("tessera:{receipt}"),
        "tessera:not%20a%20token".to_owned(),
        "missing.tessera-request".to_owned(),
        "grant.jwt".to_owned(),
    ];
    std::fs::write(folder.join("grant.jwt"), grant["token"].as_str().unwrap()).unwrap();
    let arrived = s.receive(&targets, &folder, at(NOW + 20));
    assert_eq!(arrived.waiting, 2);
    let outcome: Vec<(String, String)> = arrived
        .items
        .iter()
        .map(|a| match a {
            Arrival::Waiting { source } => (source.clone(), "waiting".to_owned()),
            Arrival::Refused { source, error } => (source.clone(), format!("{:?}", error.code)),
            Arrival::Opened { source, .. } => (source.clone(), "opened".to_owned()),
        })
        .collect();
    let expected = [
        ("req-2.tessera-request", "waiting"),
        ("a tessera: link", "waiting"),
        ("a tessera: link", "MalformedToken"),
        ("missing.tessera-request", "MissingInput"),
        ("grant.jwt", "WrongType"),
    ];
    assert_eq!(
        outcome,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())),
        "{arrived:?}"
    );
    assert_eq!(
        s.open_waiting(at(NOW + 20)).unwrap_err().code,
        ApiErrorCode::VaultLocked
    );
    assert_eq!(s.waiting(), 2, "still waiting after a refused open");

    s.unlock(
        &tessera_vault::Passphrase::from_str_copy(tessera_test_support::PASS),
        tessera_api::ContinuousInstant::now(),
    )
    .unwrap();
    assert_eq!(
        s.request_list().unwrap().len(),
        1,
        "nothing imported while locked"
    );
    let opened = s.open_waiting(at(NOW + 30)).unwrap();
    assert_eq!((opened.waiting, s.waiting()), (0, 0));
    let [
        Arrival::Opened {
            opened: Opened::Request(request),
            ..
        },
        Arrival::Opened {
            opened: Opened::Receipt(grant),
            ..
        },
    ] = &opened.items[..]
    else {
        panic!("{opened:?}")
    };
    assert_eq!(request.review.jti, "req-2");
    assert!(grant.has_receipt);
    assert_eq!(s.request_list().unwrap().len(), 2);

    // Unlocked: opened at once (the same request again is a replay, refused by its import).
    let again = s.receive(&["req-2.tessera-request".to_owned()], &folder, at(NOW + 40));
    let [Arrival::Refused { error, .. }] = &again.items[..] else {
        panic!("{again:?}")
    };
    assert_eq!(error.code, ApiErrorCode::Replayed, "{error:?}");
}

#[test]
fn inbox_refuses_more_than_it_keeps_while_locked() {
    use tessera_api::inbox::{Arrival, MAX_WAITING};
    let (tmp, mut s) = session();
    s.lock();
    let fields =
        json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]);
    let links: Vec<String> = (0..=MAX_WAITING)
        .map(|i| {
            format!(
                "tessera:{}",
                request("https://shop.example", &format!("r-{i}"), &fields)
            )
        })
        .collect();
    let arrived = s.receive(&links, tmp.path(), at(NOW));
    assert_eq!(arrived.waiting as usize, MAX_WAITING);
    let Some(Arrival::Refused { error, .. }) = arrived.items.last() else {
        panic!("{arrived:?}")
    };
    assert!(error.message.contains("already wait"), "{error:?}");
}

/// The home screen: each brand holding grants in force with every field and form it received
/// and the last end date; revoked grants left out; pending requests; a grant and a rule ending
/// within 30 days; the ledger's size and newest entry; backups off.
#[test]
fn home_says_who_holds_what_what_waits_and_what_ends_soon() {
    let (_t, mut s) = session();
    let email = json!([{"name": "email", "form": "raw", "required": true, "purposes": ["orders"]}]);
    let birth = json!([{"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]}]);
    import_from_shop(&mut s, "shop-1", &email);
    import_from_shop(&mut s, "shop-2", &birth);
    approve(&mut s, json!({"jti": "shop-1", "all": true}), NOW).unwrap();
    approve(
        &mut s,
        json!({"jti": "shop-2", "all": true, "until": "2026-12-01"}),
        NOW,
    )
    .unwrap();
    let token = request("https://books.example", "books-1", &email);
    s.request_import(&token, false, at(NOW)).unwrap();
    approve(&mut s, json!({"jti": "books-1", "all": true}), NOW).unwrap();
    let books_grant = s
        .grant_list(at(NOW))
        .unwrap()
        .into_iter()
        .find(|g| g.brand_name == "books.example")
        .unwrap();
    s.grant_revoke(&books_grant.jti, at(NOW)).unwrap();
    let pending = request("https://books.example", "books-2", &email);
    s.request_import(&pending, false, at(NOW)).unwrap();
    allow(
        &mut s,
        json!({"brand": "https://shop.example", "field": "email", "until": "2026-12-05"}),
    );
    allow(
        &mut s,
        json!({"brand": "https://shop.example", "field": "given_name"}),
    );

    let home = s.home(at(NOW)).unwrap();
    let holders: Vec<(&str, Vec<&str>, u32)> = home
        .holders
        .iter()
        .map(|h| {
            (
                h.brand_name.as_str(),
                h.received.iter().map(String::as_str).collect(),
                h.grants,
            )
        })
        .collect();
    assert_eq!(
        holders,
        [(
            "shop.example",
            vec!["birthdate:age_over_18", "email:raw"],
            2
        )]
    );
    assert!(
        home.holders[0].until.as_str() > "2027",
        "the later grant's end: {:?}",
        home.holders[0]
    );
    let pending: Vec<&str> = home.pending.iter().map(|r| r.jti.as_str()).collect();
    assert_eq!(pending, ["books-2"]);
    let expiring: Vec<&[String]> = home
        .expiring_grants
        .iter()
        .map(|g| g.fields.as_slice())
        .collect();
    assert_eq!(expiring, [["birthdate:age_over_18".to_owned()]]);
    let rules: Vec<(&str, Option<&str>)> = home
        .expiring_rules
        .iter()
        .map(|r| (r.field.as_str(), r.until.as_deref()))
        .collect();
    assert_eq!(rules, [("email", Some("2026-12-05"))]);
    assert_eq!(home.ledger_entries as usize, s.ledger_list().unwrap().len());
    assert_eq!(
        home.last_activity.as_ref().map(|e| e.event.as_str()),
        Some("request_imported")
    );
    assert!(!home.automatic_backups && home.last_backup.is_none());
}

/// The first run's demo: the built-in request reviewed, approved with a coarse form, the demo
/// brand's receipt, the revocation, and the removal, each step through the code a real
/// brand's goes through; the ledger keeps the demo's entries and records the removal.
#[test]
fn demo_runs_the_whole_loop_and_is_removed_with_its_ledger_entries_kept() {
    use tessera_api::demo::{DEMO_BRAND, DemoStep};
    let (_tmp, mut s) = tessera_test_support::session_with(
        &[("given_name", "Ada"), ("birthdate", "1990-04-23")],
        at(NOW),
    );
    let demo = s.demo(at(NOW)).unwrap();
    assert_eq!(
        (demo.step, demo.present, demo.offered),
        (DemoStep::Start, false, true)
    );
    assert_eq!(
        s.demo_receipt(at(NOW)).unwrap_err().code,
        ApiErrorCode::InvalidInput
    );
    assert_eq!(
        s.demo_remove(at(NOW)).unwrap_err().code,
        ApiErrorCode::InvalidInput
    );

    let imported = s.demo_start(at(NOW)).unwrap();
    assert_eq!(imported.review.brand, DEMO_BRAND);
    assert!(
        imported.review.brand_name.contains("Demo"),
        "{}",
        imported.review.brand_name
    );
    let id = imported.review.id;
    let demo = s.demo(at(NOW)).unwrap();
    assert_eq!(
        (demo.step, demo.request.as_deref()),
        (DemoStep::Review, Some(id.as_str()))
    );
    // Starting again while it waits gives the same request, not a second one.
    assert_eq!(s.demo_start(at(NOW)).unwrap().review.id, id);
    assert_eq!(s.request_list().unwrap().len(), 1);

    let grant = approve(
        &mut s,
        json!({"jti": id, "fields": [{"name": "given_name"}, {"name": "birthdate", "form": "age_over_18"}]}),
        NOW,
    )
    .unwrap();
    let jti = grant["grant"]["jti"].as_str().unwrap().to_owned();
    assert_eq!(
        grant["grant"]["fields"],
        json!(["given_name:raw", "birthdate:age_over_18"])
    );
    let demo = s.demo(at(NOW)).unwrap();
    assert_eq!(
        (demo.step, demo.grant.as_deref()),
        (DemoStep::Receipt, Some(jti.as_str()))
    );

    assert!(s.demo_receipt(at(NOW + 60)).unwrap().has_receipt);
    assert_eq!(s.demo(at(NOW)).unwrap().step, DemoStep::Revoke);
    s.grant_revoke(&jti, at(NOW + 120)).unwrap();
    assert_eq!(s.demo(at(NOW)).unwrap().step, DemoStep::Done);

    let before = s.ledger_list().unwrap();
    let removed = s.demo_remove(at(NOW + 180)).unwrap();
    assert_eq!((removed.requests, removed.grants), (1, 1));
    assert!(s.request_list().unwrap().is_empty());
    assert!(s.grant_list(at(NOW + 180)).unwrap().is_empty());
    assert_eq!(
        s.brand_show(DEMO_BRAND, at(NOW)).unwrap_err().code,
        ApiErrorCode::UnknownBrand
    );
    let after = s.ledger_list().unwrap();
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "the demo's entries stay"
    );
    let last = after.last().unwrap();
    assert_eq!(
        (last.event.as_str(), last.brand.as_deref()),
        ("brand_removed", Some(DEMO_BRAND))
    );
    for event in [
        "request_imported",
        "grant_issued",
        "receipt_imported",
        "grant_revoked",
    ] {
        assert!(
            before
                .iter()
                .any(|e| e.event == event && e.brand.as_deref() == Some(DEMO_BRAND)),
            "{event} in {before:?}"
        );
    }
    assert!(s.ledger_verify().unwrap().ok);
    let demo = s.demo(at(NOW)).unwrap();
    assert_eq!(
        (demo.step, demo.present, demo.offered),
        (DemoStep::Start, false, true)
    );

    // The key went with it: the next demo pins a new one.
    let again = s.demo_start(at(NOW + 240)).unwrap();
    assert_eq!(
        again.key_status,
        tessera_exchange::person::KeyStatus::Pinned
    );
}

/// The demo is offered while no real brand is known, and stays offered while under way.
#[test]
fn demo_is_offered_until_a_real_brand_is_known() {
    let (_tmp, mut s) = session();
    assert!(s.demo(at(NOW)).unwrap().offered);
    import_from_shop(
        &mut s,
        "r1",
        &json!([{"name": "email", "required": true, "purposes": ["orders"]}]),
    );
    assert!(!s.demo(at(NOW)).unwrap().offered);
    s.demo_start(at(NOW)).unwrap();
    assert!(s.demo(at(NOW)).unwrap().offered);
    assert!(s.home(at(NOW)).unwrap().demo.present);
}

/// A demo request left unanswered until it expired is not offered for review again: the next
/// start sends a new one (an expired request cannot be approved).
#[test]
fn demo_request_left_to_expire_is_replaced_by_a_new_one() {
    use tessera_api::demo::DemoStep;
    let (_tmp, mut s) = session();
    let first = s.demo_start(at(NOW)).unwrap().review.id;
    let later = NOW + 8 * 24 * 3600;
    assert_eq!(s.demo(at(later)).unwrap().step, DemoStep::Start);
    let second = s.demo_start(at(later)).unwrap().review.id;
    assert_ne!(first, second);
    assert_eq!(s.demo(at(later)).unwrap().step, DemoStep::Review);
}
