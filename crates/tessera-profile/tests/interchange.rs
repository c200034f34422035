//! vCard 4 and JSContact import and export against real vaults.
//!
//! Table of contents:
//! - `round_trip_*`: export, import into an empty vault, same profile back.
//! - `plan_*`: import shows adds, replacements and unchanged values before writing anything.
//! - `malformed_*`: a bad file names its line or member, and changes nothing.

use jiff::civil::Date;
use tessera_profile::catalogue::{Sensitivity, SpecialCategory};
use tessera_profile::interchange::{self, Action, Format};
use tessera_profile::model::{ProfileValue, Provenance};
use tessera_profile::store::{self, CustomSpec, SetValue};
use tessera_vault::{KdfParams, Passphrase, Vault};

const TODAY: Date = Date::constant(2026, 11, 29);

fn vault() -> (tempfile::TempDir, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let v = Vault::create(
        &tmp.path().join("v"),
        &Passphrase::from_str_copy("correct horse battery"),
        KdfParams::FLOOR,
    )
    .unwrap();
    (tmp, v)
}

fn set<'a>(field: &'a str, input: &'a str, label: Option<&'a str>) -> SetValue<'a> {
    SetValue {
        field,
        input,
        label,
        primary: false,
        region: None,
        custom: None,
        provenance: Provenance::Entered { on: TODAY },
    }
}

fn full_profile(v: &mut Vault) {
    for (field, input, label) in [
        ("given_name", "Ada", None),
        ("middle_name", "Augusta", None),
        ("family_name", "King; Lovelace, née Byron", None),
        ("nickname", "Ada", None),
        ("email", "ada@home.example", Some("home")),
        ("email", "ada@work.example", Some("work")),
        ("phone_number", "+44 20 7946 0018", Some("mobile")),
        ("website", "https://ada.example/notes", None),
        (
            "address",
            "12 St James's Square; London; Greater London; SW1Y 4JH; GB",
            Some("home"),
        ),
        ("birthdate", "1990-12-10", None),
        ("gender", "female", None),
        ("locale", "en-GB", None),
        ("zoneinfo", "Europe/London", None),
        ("language", "en", Some("native")),
        ("language", "fr", Some("fluent")),
        ("interests", "mathematics, poetry, engines", None),
        ("clothing_size", "S", Some("top")),
        ("shoe_size", "EU 38", None),
        ("dietary_preferences", "vegetarian", None),
        ("contact_channel", "email", None),
        ("quiet_hours", "21:00-08:00", None),
        ("household_size", "3", None),
        ("email_alias_pattern", "ada+{brand}@home.example", None),
        ("allergies", "peanuts", None),
    ] {
        store::set_value(v, set(field, input, label), TODAY)
            .unwrap_or_else(|e| panic!("{field}: {e}"));
    }
    let spec = CustomSpec {
        label: Some("Therapist, Dr; \"Who\"".into()),
        category: None,
        sensitivity: Some(Sensitivity::Special(SpecialCategory::Health)),
    };
    store::set_value(
        v,
        SetValue {
            custom: Some(spec),
            ..set("custom.therapist", "Dr Example: Tuesdays", None)
        },
        TODAY,
    )
    .unwrap();
    // The work email is primary.
    store::set_value(
        v,
        SetValue {
            primary: true,
            ..set("email", "ada@work.example", Some("work"))
        },
        TODAY,
    )
    .unwrap();
}

/// What must survive a round trip: everything but provenance.
type Comparable = (
    String,
    String,
    Option<String>,
    bool,
    Option<(String, String)>,
);

fn comparable(values: Vec<ProfileValue>) -> Vec<Comparable> {
    let mut out: Vec<_> = values
        .into_iter()
        .map(|v| {
            (
                v.field,
                v.value.display(),
                v.label,
                v.primary,
                v.custom.map(|c| (c.label, c.sensitivity)),
            )
        })
        .collect();
    out.sort();
    out
}

fn round_trip(format: Format) {
    let (_a, mut source) = vault();
    full_profile(&mut source);
    let exported = interchange::export(
        &source,
        format,
        "urn:uuid:00000000-0000-4000-8000-000000000000",
    )
    .unwrap();

    let (_b, mut target) = vault();
    let plan = interchange::plan_import(&target, "profile", exported.as_bytes(), TODAY).unwrap();
    assert!(
        plan.changes.iter().all(|c| c.action == Action::Add),
        "{:?}",
        plan.changes
    );
    assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);
    assert_eq!(
        store::list_values(&target).unwrap().len(),
        0,
        "planning writes nothing"
    );
    interchange::apply_import(&mut target, &plan, TODAY).unwrap();

    assert_eq!(
        comparable(store::list_values(&target).unwrap()),
        comparable(store::list_values(&source).unwrap())
    );
    let imported = store::list_values(&target).unwrap();
    assert!(
        imported.iter().all(
            |v| matches!(&v.provenance, Provenance::Imported { file, .. } if file == "profile")
        )
    );

    // Importing the same file again changes nothing.
    let again = interchange::plan_import(&target, "profile", exported.as_bytes(), TODAY).unwrap();
    assert!(
        again.changes.iter().all(|c| c.action == Action::Unchanged),
        "{:?}",
        again.changes
    );
}

#[test]
fn round_trip_vcard() {
    round_trip(Format::VCard);
}

#[test]
fn round_trip_jscontact() {
    round_trip(Format::JsContact);
}

#[test]
fn plan_shows_adds_and_replacements_before_writing() {
    let (_t, mut v) = vault();
    store::set_value(&mut v, set("given_name", "Ada", None), TODAY).unwrap();
    store::set_value(
        &mut v,
        set("email", "old@home.example", Some("home")),
        TODAY,
    )
    .unwrap();
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Lovelace;Ada;;;\r\nEMAIL;TYPE=home:new@home.example\r\nEMAIL;TYPE=work:ada@work.example\r\nEND:VCARD\r\n";
    let plan = interchange::plan_import(&v, "ada.vcf", card.as_bytes(), TODAY).unwrap();
    let summary: Vec<_> = plan
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_deref(), c.action.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("family_name", None, Action::Add),
            ("given_name", None, Action::Unchanged),
            (
                "email",
                Some("home"),
                Action::Replace {
                    old: "old@home.example".into()
                }
            ),
            ("email", Some("work"), Action::Add),
        ]
    );
    assert_eq!(interchange::apply_import(&mut v, &plan, TODAY).unwrap(), 3);
    assert_eq!(store::values_of(&v, "email").unwrap().len(), 2);
}

#[test]
fn malformed_files_name_the_problem_and_change_nothing() {
    let (_t, mut v) = vault();
    store::set_value(
        &mut v,
        set("email", "keep@home.example", Some("home")),
        TODAY,
    )
    .unwrap();
    let before = comparable(store::list_values(&v).unwrap());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;TYPE=home:new@home.example\r\nBDAY:19901310\r\nEND:VCARD\r\n".to_vec(), "line 4"),
        (b"BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;TYPE=home:not-an-email\r\nEND:VCARD\r\n".to_vec(), "line 3: invalid value for email"),
        (b"BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;TYPE=home:new@home.example\r\n".to_vec(), "no END:VCARD"),
        (br#"{"@type":"Card","version":"1.0","emails":{"e1":{"address":"new@home.example","label":"home"}},"phones":{"p1":{"number":"12"}}}"#.to_vec(), "member /phones/p1"),
        (br#"{"@type":"Card","version":"1.0","tessera.org:fields":{"custom.x":[{"value":"y","sensitivity":"secret"}]}}"#.to_vec(), "unknown sensitivity"),
        (b"name,email\nAda,a@b.c\n".to_vec(), "neither a vCard"),
        (vec![0xff, 0xfe, 0x00], "not UTF-8"),
        (vec![b' '; interchange::MAX_IMPORT_BYTES + 1], "the limit"),
    ];
    for (bytes, expected) in cases {
        let err = interchange::plan_import(&v, "bad", &bytes, TODAY)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // A nested-too-deep JSON document is refused by the parser, not by exhausting the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(interchange::plan_import(&v, "deep", deep.as_bytes(), TODAY).is_err());
    assert_eq!(comparable(store::list_values(&v).unwrap()), before);
}
