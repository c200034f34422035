//! vCard 4 and JSContact import and export against real vaults.
//!
//! Table of contents:
//! - `round_trip_*`: export, import into an empty vault, same profile back (and a property
//!   test over generated profiles).
//! - `plan_*`: import shows adds, replacements and unchanged values before writing anything,
//!   and stores exactly what it showed: every value, preference order kept.
//! - `skipped_*`: a value Tessera cannot use is listed with its reason and line; the rest imports.
//! - `refused_*`: a file that is not a card, or is broken, names the problem and changes nothing.

use tessera_profile::catalogue::{Sensitivity, SpecialCategory};
use tessera_profile::interchange::{self, Action, Format, ImportOptions, ImportPlan, OptIn};
use tessera_profile::model::{ProfileValue, Provenance};
use tessera_profile::store::{self, CustomSpec, SetValue};
use tessera_test_support::{TODAY, allow, entered, vault};
use tessera_vault::Vault;

fn set<'a>(field: &'a str, input: &'a str, label: Option<&'a str>) -> SetValue<'a> {
    SetValue {
        label,
        ..entered(field, input)
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
        ("gender", "non_binary", None),
        ("locale", "en-GB", None),
        ("zoneinfo", "Europe/London", None),
        ("language", "en", Some("native")),
        ("language", "fr", Some("fluent")),
        ("name", "Ada King, Countess of Lovelace", None),
        ("anniversary", "--07-08", None),
        (
            "organization",
            "Analytical Society; London, UK",
            Some("work"),
        ),
        ("job_title", "Mathematician", None),
        (
            "instant_messaging",
            "xmpp:ada@jabber.example",
            Some("jabber"),
        ),
        ("notes", "Met at the Royal Society.\nPrefers letters.", None),
        (
            "phone_number",
            "+1 617 555 0100 ext. 12",
            Some("Work, main desk"),
        ),
        ("occupation", "Writer", None),
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

fn everything() -> ImportOptions {
    ImportOptions {
        include: [OptIn::Notes, OptIn::Categories].into(),
        ..ImportOptions::default()
    }
}

/// Fails unless every change `p` plans leaves a value as it is.
fn assert_all_unchanged(p: &ImportPlan) {
    assert!(
        p.changes.iter().all(|c| c.action == Action::Unchanged),
        "{:?}",
        p.changes
    );
}

fn plan(v: &Vault, bytes: &[u8]) -> ImportPlan {
    interchange::plan_import(v, "card", bytes, &everything(), TODAY).unwrap()
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
    let first = interchange::plan_import(
        &target,
        "profile",
        exported.as_bytes(),
        &everything(),
        TODAY,
    )
    .unwrap();
    assert!(
        first.changes.iter().all(|c| c.action == Action::Add),
        "{:?}",
        first.changes
    );
    assert!(first.skipped.is_empty(), "{:?}", first.skipped);
    assert_eq!(
        store::list_values(&target).unwrap().len(),
        0,
        "planning writes nothing"
    );
    interchange::apply_import(&mut target, &first, TODAY).unwrap();

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
    assert_all_unchanged(&plan(&target, exported.as_bytes()));
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
    let p = plan(&v, card.as_bytes());
    let summary: Vec<_> = p
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.label.as_deref(), c.action.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("given_name", None, Action::Unchanged),
            ("family_name", None, Action::Add),
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
    assert_eq!(interchange::apply_import(&mut v, &p, TODAY).unwrap(), 3);
    assert_eq!(store::values_of(&v, "email").unwrap().len(), 2);
}

#[test]
fn refused_files_name_the_problem_and_change_nothing() {
    let (_t, mut v) = vault();
    store::set_value(
        &mut v,
        set("email", "keep@home.example", Some("home")),
        TODAY,
    )
    .unwrap();
    let before = comparable(store::list_values(&v).unwrap());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;TYPE=home:new@home.example\r\n".to_vec(),
            "line 1: the card that starts here has no END:VCARD",
        ),
        (
            br#"{"@type":"Card","version":"1.0","emails":"#.to_vec(),
            "not valid JSON",
        ),
        (br#"{"@type":"Contact"}"#.to_vec(), "no JSContact Card"),
        (b"name,email\nAda,a@b.c\n".to_vec(), "neither a vCard"),
        (vec![0xff, 0xfe, 0x00], "neither a vCard"),
        (vec![b' '; interchange::MAX_IMPORT_BYTES + 1], "the limit"),
    ];
    for (bytes, expected) in cases {
        let err = interchange::plan_import(&v, "bad", &bytes, &everything(), TODAY)
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{expected}: {err}");
    }
    let bad_region = ImportOptions {
        region: Some("XX".into()),
        ..everything()
    };
    let err = interchange::plan_import(
        &v,
        "ok",
        b"BEGIN:VCARD\nFN:A\nEND:VCARD\n",
        &bad_region,
        TODAY,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("\"XX\" is not a country code"), "{err}");
    // A nested-too-deep JSON document is refused by the parser, not by exhausting the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(interchange::plan_import(&v, "deep", deep.as_bytes(), &everything(), TODAY).is_err());
    assert_eq!(comparable(store::list_values(&v).unwrap()), before);
}

/// Regression (issue 8): one value Tessera could not use refused the whole card.
#[test]
fn skipped_values_are_listed_and_the_rest_imports() {
    let (_t, mut v) = vault();
    let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jane Doe\r\nEMAIL;TYPE=home:jane@home.example\r\nBDAY:19901310\r\nEMAIL;TYPE=work:not-an-email\r\nTEL:(617) 236-0442\r\nURL:jane.example\r\nTZ:-0500\r\nEND:VCARD\r\n";
    let p = plan(&v, card.as_bytes());
    let skipped: Vec<String> = p
        .skipped
        .iter()
        .map(|s| format!("{} {}: {}", s.origin, s.item, s.reason))
        .collect();
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("line 5 birthdate: \"1990-13-10\" is not a date")),
        "{skipped:#?}"
    );
    assert!(
        skipped
            .iter()
            .any(|s| s.starts_with("line 6 email: \"not-an-email\" is not an email address")),
        "{skipped:#?}"
    );
    assert!(skipped.iter().any(|s| s.starts_with("line 7 phone_number: \"(617) 236-0442\" is not a phone number")), "{skipped:#?}");
    let phone = p.skipped.iter().find(|s| s.item == "phone_number").unwrap();
    assert_eq!(
        phone.remedy,
        Some(interchange::Remedy::Region),
        "a region would read it"
    );
    let fields: Vec<(&str, &str)> = p
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.value.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("name", "Jane Doe"),
            ("email", "jane@home.example"),
            ("website", "https://jane.example/"),
            ("zoneinfo", "Etc/GMT+5"),
        ]
    );
    assert_eq!(interchange::apply_import(&mut v, &p, TODAY).unwrap(), 4);

    // The region the person gives reads the national number.
    let us = ImportOptions {
        region: Some("us".into()),
        ..everything()
    };
    let p = interchange::plan_import(&v, "card", card.as_bytes(), &us, TODAY).unwrap();
    let phone = p
        .changes
        .iter()
        .find(|c| c.field == "phone_number")
        .unwrap();
    assert_eq!(
        (phone.value.as_str(), &phone.action),
        ("+16172360442", &Action::Add)
    );
    interchange::apply_import(&mut v, &p, TODAY).unwrap();
    assert_eq!(
        store::values_of(&v, "phone_number").unwrap()[0]
            .value
            .display(),
        "+16172360442"
    );
}

/// Regression (issue 8): values with the same label (or none) were previewed as several
/// additions and stored as one; the preferred one was often lost, preference order inverted.
#[test]
fn plan_keeps_every_value_and_the_preferred_one_primary() {
    let (_t, mut v) = vault();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jo\r\nEMAIL;TYPE=INTERNET,PREF:first@x.example\r\nEMAIL;TYPE=INTERNET:second@x.example\r\nEMAIL;TYPE=INTERNET:third@x.example\r\nTEL;TYPE=work:+33 1 42 68 53 00\r\nTEL;TYPE=work:+33 1 42 68 53 01\r\nEND:VCARD\r\n";
    let p = plan(&v, card.as_bytes());
    let emails: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.field == "email" || c.field == "phone_number")
        .map(|c| (c.value.as_str(), c.label.as_deref(), c.primary))
        .collect();
    assert_eq!(
        emails,
        vec![
            ("first@x.example", None, true),
            ("second@x.example", Some("2"), false),
            ("third@x.example", Some("3"), false),
            ("+33142685300", Some("work"), true),
            ("+33142685301", Some("work 2"), false),
        ]
    );
    // Telling the person which becomes primary: for fields that hold several values, labelled
    // or not (the CLI once said it only for labelled ones, the app for fields of several
    // values), never for a field's single value.
    let says: Vec<_> = p
        .changes
        .iter()
        .filter(|c| c.says_primary())
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(says, ["first@x.example", "+33142685300"]);
    assert!(
        p.changes
            .iter()
            .any(|c| c.field == "name" && c.primary && !c.says_primary()),
        "{:?}",
        p.changes
    );
    assert_eq!(p.writes(), p.changes.len());
    assert!(!p.needs_card_choice());
    assert_eq!(interchange::apply_import(&mut v, &p, TODAY).unwrap(), 6);
    let stored: Vec<_> = store::list_values(&v)
        .unwrap()
        .into_iter()
        .filter(|v| v.field == "email" || v.field == "phone_number")
        .map(|v| (v.value.display(), v.label, v.primary))
        .collect();
    let planned: Vec<_> = emails
        .iter()
        .map(|(value, label, primary)| (value.to_string(), label.map(str::to_owned), *primary))
        .collect();
    let mut stored_sorted = stored;
    stored_sorted.sort();
    let mut planned_sorted = planned;
    planned_sorted.sort();
    assert_eq!(
        stored_sorted, planned_sorted,
        "the preview, the result and the profile agree"
    );

    // 4.0 PREF order: PREF=1 is primary whatever its place in the file.
    let (_t2, mut w) = vault();
    let card =
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nLANG;PREF=2:en\r\nLANG;PREF=1:ja\r\nEND:VCARD\r\n";
    let p = plan(&w, card.as_bytes());
    interchange::apply_import(&mut w, &p, TODAY).unwrap();
    let langs: Vec<_> = store::values_of(&w, "language")
        .unwrap()
        .into_iter()
        .map(|v| (v.value.display(), v.primary))
        .collect();
    assert_eq!(
        langs,
        vec![("ja".to_owned(), true), ("en".to_owned(), false)]
    );

    // Importing the same file again: every value is already there.
    assert_all_unchanged(&plan(&v, b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:third@x.example\r\nEMAIL:second@x.example\r\nEND:VCARD\r\n"));
}

#[test]
fn plan_chooses_a_card_and_waits_for_opt_ins() {
    let (_t, mut v) = vault();
    let file = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@x.example\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Bob\nNOTE:private\nCATEGORIES:chess,jazz\nEND:VCARD\n";
    let none =
        interchange::plan_import(&v, "book.vcf", file, &ImportOptions::default(), TODAY).unwrap();
    assert_eq!(none.cards.len(), 2);
    assert_eq!(none.card, None);
    assert!(none.needs_card_choice());
    assert!(none.changes.is_empty());
    assert_eq!(none.writes(), 0);
    assert!(
        interchange::apply_import(&mut v, &none, TODAY)
            .unwrap_err()
            .to_string()
            .contains("choose which one")
    );
    let bob = ImportOptions {
        card: Some(2),
        ..ImportOptions::default()
    };
    let p = interchange::plan_import(&v, "book.vcf", file, &bob, TODAY).unwrap();
    assert!(!p.needs_card_choice());
    assert_eq!(
        p.changes
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>(),
        vec!["Bob"]
    );
    let waiting = |kind, included| interchange::OptInCount {
        kind,
        count: 1,
        included,
    };
    assert_eq!(
        p.opt_in,
        vec![
            waiting(OptIn::Notes, false),
            waiting(OptIn::Categories, false)
        ]
    );
    assert!(
        p.skipped
            .iter()
            .any(|s| s.reason.contains("choose to import notes"))
    );
    let note = p.skipped.iter().find(|s| s.item == "notes").unwrap();
    assert_eq!(
        note.remedy,
        Some(interchange::Remedy::Include(OptIn::Notes)),
        "says what would import it"
    );
    let with_notes = ImportOptions {
        include: [OptIn::Notes].into(),
        ..bob
    };
    let p = interchange::plan_import(&v, "book.vcf", file, &with_notes, TODAY).unwrap();
    assert!(
        p.changes
            .iter()
            .any(|c| c.field == "notes" && c.value == "private")
    );
    assert_eq!(
        p.opt_in,
        vec![
            waiting(OptIn::Notes, true),
            waiting(OptIn::Categories, false)
        ],
        "still counted once included"
    );
    let err = interchange::plan_import(
        &v,
        "book.vcf",
        file,
        &ImportOptions {
            card: Some(3),
            ..ImportOptions::default()
        },
        TODAY,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("there is no card 3"), "{err}");
}

/// A yearless birthday is kept, and says nothing about age.
#[test]
fn a_birthday_without_a_year_offers_no_age() {
    use tessera_profile::forms::{DisclosureContext, FormKind, disclose};
    let (_t, mut v) = vault();
    let p = plan(
        &v,
        b"BEGIN:VCARD\nVERSION:4.0\nFN:X\nBDAY:--0416\nEND:VCARD\n",
    );
    interchange::apply_import(&mut v, &p, TODAY).unwrap();
    let stored = store::values_of(&v, "birthdate").unwrap().remove(0);
    assert_eq!(stored.value.display(), "--04-16");
    let brand = tessera_profile::BrandId::parse("https://shop.example").unwrap();
    let ctx = DisclosureContext {
        today: TODAY,
        brand: &brand,
        alias_pattern: None,
        alias_token: None,
    };
    let kind = tessera_profile::catalogue::lookup("birthdate")
        .unwrap()
        .kind;
    let e = disclose(
        "birthdate",
        kind,
        &stored.value,
        FormKind::AgeOver(18),
        &ctx,
    )
    .unwrap_err();
    assert!(e.to_string().contains("no year"), "{e}");
    assert_eq!(
        disclose("birthdate", kind, &stored.value, FormKind::Raw, &ctx).unwrap(),
        serde_json::json!("0000-04-16"),
        "OpenID Connect's way of omitting the year"
    );
    // A rule cannot promise an age this value cannot give; the date itself can be allowed.
    store::add_brand(&mut v, &brand, "Shop", TODAY).unwrap();
    let e = allow(&mut v, &brand, "birthdate", FormKind::AgeOver(18)).unwrap_err();
    assert_eq!(e.code().as_str(), "form_unavailable", "{e}");
    allow(&mut v, &brand, "birthdate", FormKind::Raw).unwrap();
}

/// Regression (issue 8): a fold inside a UTF-8 sequence made the whole file "not UTF-8".
#[test]
fn plan_reads_a_fold_inside_a_character() {
    let (_t, v) = vault();
    let p = plan(
        &v,
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ren\xc3\r\n \xa9e Dupont\r\nEND:VCARD\r\n",
    );
    assert_eq!(p.changes[0].value, "Renée Dupont");
}

mod generated {
    //! Property test: for any profile, export then import gives back the same profile.
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestRunner;
    use tessera_test_support::clear;

    /// One line of text a person might type: letters of several scripts and the characters
    /// the formats must escape.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('a', 'z'),
                proptest::char::range('A', 'Z'),
                Just(' '),
                Just(','),
                Just(';'),
                Just(':'),
                Just('\\'),
                Just('"'),
                Just('^'),
                Just('é'),
                Just('ß'),
                Just('Ж'),
                Just('東'),
                Just('😀'),
            ],
            1..24,
        )
        .prop_map(|c| c.into_iter().collect::<String>().trim().to_owned())
        .prop_filter("not empty", |s| !s.is_empty())
    }

    fn label() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            Just(Some("home".to_owned())),
            Just(Some("work".to_owned())),
            text().prop_map(Some),
        ]
    }

    fn date() -> impl Strategy<Value = String> {
        prop_oneof![
            (1900i16..2026, 1i8..13, 1i8..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (1i8..13, 1i8..29).prop_map(|(m, d)| format!("--{m:02}-{d:02}")),
        ]
    }

    /// (field, input, label) triples for every kind of field the formats carry.
    fn value() -> impl Strategy<Value = (String, String, Option<String>)> {
        let single = |field: &'static str, s: BoxedStrategy<String>| {
            s.prop_map(move |v| (field.to_owned(), v, None))
        };
        prop_oneof![
            single("name", text().boxed()),
            single("given_name", text().boxed()),
            single("family_name", text().boxed()),
            single("middle_name", text().boxed()),
            single("nickname", text().boxed()),
            single("job_title", text().boxed()),
            single("occupation", text().boxed()),
            single("birthdate", date().boxed()),
            single("anniversary", date().boxed()),
            single(
                "gender",
                proptest::sample::select(tessera_profile::catalogue::GENDERS)
                    .prop_map(str::to_owned)
                    .boxed()
            ),
            single(
                "zoneinfo",
                proptest::sample::select(&["Europe/Paris", "America/New_York", "Etc/GMT+5"][..])
                    .prop_map(str::to_owned)
                    .boxed()
            ),
            single(
                "notes",
                (text(), text()).prop_map(|(a, b)| format!("{a}\n{b}")).boxed()
            ),
            single("interests", "[a-z]{1,8}(, [a-z]{1,8}){0,3}".boxed()),
            ("[a-z]{1,8}@[a-z]{1,8}\\.example", label())
                .prop_map(|(v, l)| ("email".to_owned(), v, l)),
            (
                proptest::sample::select(
                    &[
                        "+33 1 42 68 53 00",
                        "+44 20 7946 0018",
                        "+1 617 555 0100;ext=12",
                        "+49 30 1234567",
                    ][..]
                ),
                label()
            )
                .prop_map(|(v, l)| ("phone_number".to_owned(), v.to_owned(), l)),
            ("https://[a-z]{1,8}\\.example/[a-z]{0,5}", label())
                .prop_map(|(v, l)| ("website".to_owned(), v, l)),
            (
                text(),
                text(),
                proptest::sample::select(&["FR", "DE", "US", "JP"][..]),
                label()
            )
                .prop_map(|(street, city, country, l)| (
                    "address".to_owned(),
                    serde_json::json!({"street_address": street, "locality": city, "country": country})
                        .to_string(),
                    l
                )),
            (proptest::sample::select(&["en", "fr", "de-CH", "pt-BR"][..]), label())
                .prop_map(|(v, l)| ("language".to_owned(), v.to_owned(), l)),
            (text(), label()).prop_map(|(v, l)| ("organization".to_owned(), v, l)),
            ("xmpp:[a-z]{1,6}@[a-z]{1,6}\\.example", label())
                .prop_map(|(v, l)| ("instant_messaging".to_owned(), v, l)),
            (text(), label()).prop_map(|(v, l)| ("custom.coffee".to_owned(), v, l)),
        ]
    }

    #[test]
    fn round_trip_any_profile_through_every_format() {
        let (_a, source) = vault();
        let (_b, target) = vault();
        let (source, target) = (
            std::cell::RefCell::new(source),
            std::cell::RefCell::new(target),
        );
        let mut runner = TestRunner::new(tessera_test_support::props::config(48));
        runner
            .run(&proptest::collection::vec(value(), 1..12), |values| {
                let mut source = source.borrow_mut();
                let mut target = target.borrow_mut();
                clear(&mut source);
                for (field, input, label) in &values {
                    // A generated value the profile itself refuses is not part of the profile.
                    let _ =
                        store::set_value(&mut source, set(field, input, label.as_deref()), TODAY);
                }
                let expected = comparable(store::list_values(&source).unwrap());
                for format in [Format::VCard, Format::JsContact] {
                    clear(&mut target);
                    let text = interchange::export(
                        &source,
                        format,
                        "urn:uuid:00000000-0000-4000-8000-000000000000",
                    )
                    .unwrap();
                    let p = plan(&target, text.as_bytes());
                    interchange::apply_import(&mut target, &p, TODAY).unwrap();
                    let got = comparable(store::list_values(&target).unwrap());
                    prop_assert_eq!(
                        &got,
                        &expected,
                        "{:?}\n{}\nskipped {:?}",
                        format,
                        text,
                        p.skipped
                    );
                }
                Ok(())
            })
            .unwrap();
    }
}
