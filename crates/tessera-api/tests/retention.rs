//! Issue 12: when brands should have deleted what they received, on a real vault through the
//! `Session` the faces call: the dates and why, the overdue first with the ledger entry of the
//! erasure letter, and the calendar file read back by an iCalendar parser.

use serde_json::json;
use tessera_api::Session;
use tessera_api::exchange::ApproveRequest;
use tessera_exchange::formats::{self, RequestClaims};
use tessera_exchange::jws::SigningKey;
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000; // 2026-11-18T11:06:40Z
const DAY: i64 = 86_400;

/// A request from `brand` for the email (kept 30 days for orders) and the shoe size (kept
/// 90 days for recommendations).
fn request(brand: &str, jti: &str, seed: u8) -> String {
    let host = brand.trim_start_matches("https://");
    let claims: RequestClaims = serde_json::from_value(json!({
        "iss": brand, "jti": jti, "iat": 0, "exp": 0,
        "brand": {"name": host, "privacy_policy": format!("{brand}/privacy"), "contact": format!("privacy@{host}")},
        "fields": [
            {"name": "email", "required": true, "purposes": ["orders"]},
            {"name": "shoe_size", "required": false, "purposes": ["recommend"]}
        ],
        "purposes": [
            {"id": "orders", "description": "Deliver your orders", "retention_days": 30, "third_parties": false, "profiling": false},
            {"id": "recommend", "description": "Suggest shoes that fit", "retention_days": 90, "third_parties": false, "profiling": true}
        ],
        "reply": {"method": "file"}
    }))
    .unwrap();
    formats::sign_request(&SigningKey::from_seed(&[seed; 32]), claims, NOW, 3600).unwrap()
}

fn answered(s: &mut Session, brand: &str, seed: u8) {
    let jti = format!("req-{seed}");
    s.request_import(&request(brand, &jti, seed), false, at(NOW))
        .unwrap();
    let all: ApproveRequest = serde_json::from_value(json!({"jti": jti, "all": true})).unwrap();
    s.request_approve(&all, at(NOW)).unwrap();
}

fn session() -> (tempfile::TempDir, Session) {
    let ada = [tessera_test_support::ADA, &[("shoe_size", "EU 40")]].concat();
    tessera_test_support::session_with(&ada, at(NOW))
}

#[test]
fn each_field_is_due_by_its_purposes_retention_and_the_overdue_come_first() {
    let (_t, mut s) = session();
    answered(&mut s, "https://shop.example", 7);
    answered(&mut s, "https://books.example", 8);
    let jti = |s: &Session, brand: &str| {
        s.grant_list(at(NOW))
            .unwrap()
            .into_iter()
            .find(|g| g.brand == brand)
            .unwrap()
            .jti
    };
    let books_grant = jti(&s, "https://books.example");
    s.grant_revoke(&books_grant, at(NOW + DAY)).unwrap();

    let dates = serde_json::to_value(s.deletion_dates(at(NOW)).unwrap()).unwrap();
    let brand = |dates: &serde_json::Value, id: &str| {
        dates["brands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["brand"] == id)
            .unwrap()
            .clone()
    };
    let fields = |b: &serde_json::Value| -> Vec<(String, String, String)> {
        b["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_owned(),
                    f["delete_by"].as_str().unwrap().to_owned(),
                    f["because"]["because"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let s3 = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    let shop = brand(&dates, "https://shop.example");
    assert_eq!(shop["overdue"], false);
    assert_eq!(
        fields(&shop),
        [
            s3("email", "2026-12-18T11:06:40Z", "retention"),
            s3("shoe_size", "2027-02-16T11:06:40Z", "retention")
        ]
    );
    assert_eq!(
        shop["fields"][0]["reason"],
        "shop.example said it keeps it 30 days for “Deliver your orders”"
    );
    // Revoked a day later: a month to erase, unless the retention ends first.
    assert_eq!(
        dates["next"]["field"]["field"], "email",
        "{}",
        dates["next"]
    );
    let books = brand(&dates, "https://books.example");
    assert_eq!(
        fields(&books),
        [
            s3("email", "2026-12-18T11:06:40Z", "retention"),
            s3("shoe_size", "2026-12-19T11:06:40Z", "revoked")
        ]
    );

    // 33 days on, both emails are overdue (and the books' shoe size), the shop's shoe size
    // is not; the letter names the ledger entry of the brand's grant.
    let later = serde_json::to_value(s.deletion_dates(at(NOW + 33 * DAY)).unwrap()).unwrap();
    assert_eq!(brand(&later, "https://books.example")["overdue"], true);
    assert_eq!(later["next"]["brand"], "https://shop.example");
    assert_eq!(later["next"]["field"]["field"], "shoe_size");
    let first = &brand(&later, "https://shop.example");
    assert_eq!(first["overdue"], true);
    assert_eq!(first["fields"][0]["overdue"], true);
    assert_eq!(first["fields"][1]["overdue"], false);
    let seq = u32::try_from(first["letter_entry"].as_u64().unwrap()).unwrap();
    let letter = s.deletion_request(seq).unwrap();
    assert_eq!(letter.to, "privacy@shop.example");
    assert!(letter.body.contains(&jti(&s, "https://shop.example")));
}

#[test]
fn the_calendar_has_an_all_day_event_per_brand_and_date_with_reminders() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let (_t, mut s) = session();
    answered(&mut s, "https://shop.example", 7);
    let ics = s.deletion_calendar(at(NOW)).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(!ics.contains("ada@"), "names fields, never values: {ics}");
    let calendar: Calendar = ics.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let said: Vec<(String, String)> = events
        .iter()
        .map(|e| {
            (
                e.get_summary().unwrap().to_owned(),
                format!("{:?}", e.get_start().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "shop.example should have deleted your Email".to_owned(),
                "Date(2026-12-18)".to_owned()
            ),
            (
                "shop.example should have deleted your Shoe size".to_owned(),
                "Date(2027-02-16)".to_owned()
            )
        ]
    );
    assert!(
        events[0]
            .get_description()
            .unwrap()
            .contains("Email: shop.example said it keeps it 30 days"),
        "{ics}"
    );
    assert_eq!(ics.matches("BEGIN:VALARM").count(), 4, "{ics}");
    // Seven days before (as seconds), and on the day.
    assert!(ics.contains("TRIGGER;RELATED=START:-PT604800S"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20261218\r\n"), "{ics}");
    assert!(ics.contains("DTEND;VALUE=DATE:20261219\r\n"), "{ics}");
    // Exported again later, the same events keep their ids (a calendar updates them).
    let again = s.deletion_calendar(at(NOW + DAY)).unwrap();
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(uids(&ics), uids(&again));
}

/// The session keeps the dates for the vault as it is: a change (a revocation) shows at once,
/// and the letter names the ledger entry that recorded the brand's newest grant.
#[test]
fn the_dates_follow_each_change_and_name_the_grants_ledger_entry() {
    let (_t, mut s) = session();
    answered(&mut s, "https://shop.example", 7);
    let before = s.deletion_dates(at(NOW)).unwrap();
    let shop = &before.brands[0];
    let seq = shop.letter_entry.unwrap();
    let entry = s
        .ledger_page(&tessera_api::exchange::LedgerQuery::default())
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.seq == seq)
        .unwrap();
    assert_eq!(entry.event, "grant_issued");
    let jti = s.grant_list(at(NOW)).unwrap()[0].jti.clone();
    s.grant_revoke(&jti, at(NOW)).unwrap();
    let after = s.deletion_dates(at(NOW)).unwrap();
    let shoe = |d: &tessera_api::retention::DeletionDates| {
        d.brands[0]
            .fields
            .iter()
            .find(|f| f.field == "shoe_size")
            .unwrap()
            .delete_by
            .clone()
    };
    // Revoked now: a month to erase instead of the 90 days' retention.
    assert!(
        shoe(&after) < shoe(&before),
        "{} / {}",
        shoe(&after),
        shoe(&before)
    );
    // Answered again: the newest grant's entry is the one named.
    s.request_import(
        &request("https://shop.example", "req-again", 7),
        false,
        at(NOW),
    )
    .unwrap();
    let all: ApproveRequest =
        serde_json::from_value(json!({"jti": "req-again", "all": true})).unwrap();
    s.request_approve(&all, at(NOW)).unwrap();
    let again = s.deletion_dates(at(NOW)).unwrap();
    assert!(again.brands[0].letter_entry.unwrap() > seq);
}
