//! Disclosure forms as properties: a coarser form never reveals more than a finer one. For
//! every field of the catalogue, every form it offers, any stored value of its kind (typed
//! input through `validate`, as the profile stores it) and any day, what a brand receives in
//! the coarser form is computed from what it would receive in the finer form alone, by the
//! brand, without the stored value. `PROPTEST_CASES` cases per property (default 256).
//!
//! The order the exchange relies on (`docs/fields.md`, "Disclosure forms"):
//! - `raw` is the finest form: a request for the exact value may be answered with any form the
//!   field offers, so every form must follow from the raw value (`forms_raw_*`). A birthday
//!   without a year is sent raw as OpenID Connect's `0000-MM-DD`, from which no age follows:
//!   so no age form may be given for it either.
//! - Among the age forms, `age_in_years` is finer than `age_range` and each `age_over_N`, and
//!   `age_range` finer than `age_over_18` and `age_over_65` (`forms_age_*`); a yes for an older
//!   threshold implies a yes for every younger one.
//! - `email_alias` is the person's pattern with the brand filled in: it says nothing of the
//!   stored address (`forms_alias_*`).
//!
//! Table of contents: `forms_raw_is_finer_than_every_form`, `forms_age_forms_follow_from_age`,
//! `forms_alias_reveals_nothing_of_the_address`.

use jiff::civil::Date;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{Value as Json, json};
use tessera_profile::BrandId;
use tessera_profile::catalogue::{self, FieldDef, ValueKind};
use tessera_profile::forms::{self, DisclosureContext, FormKind, disclose};
use tessera_profile::model::Value;
use tessera_profile::validate::validate;
use tessera_test_support::props;

/// The day values are typed on: dates after it are refused as in the future.
const TYPED_ON: Date = Date::constant(2026, 11, 29);

fn brand() -> BrandId {
    BrandId::parse("https://shop.example").unwrap()
}

/// Typed input for a value of `kind`: mostly valid, some not (those are skipped: the profile
/// never stores them).
fn input(kind: ValueKind) -> BoxedStrategy<String> {
    match kind {
        ValueKind::Date => prop_oneof![
            (1890..=2030i16, 1..=12i8, 1..=31i8)
                .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
            (1..=12i8, 1..=31i8).prop_map(|(m, d)| format!("--{m:02}-{d:02}")),
            (1..=12i8, 1..=31i8).prop_map(|(m, d)| format!("0000-{m:02}-{d:02}")),
        ]
        .boxed(),
        ValueKind::Address => {
            let part = |re: &'static str| prop::option::of(re);
            (
                part("[0-9]{1,3} [A-Z][a-z]{2,8}"),
                part("[A-Z][a-z]{2,10}"),
                part("[A-Z][a-z]{2,10}"),
                part("[0-9A-Z]{1,5}( [0-9A-Z]{1,3})?"),
                prop::option::of(prop::sample::select(vec!["FR", "DE", "US", "GB", "Japan"])),
            )
                .prop_map(|(street, locality, region, postal, country)| {
                    [street, locality, region, postal, country.map(str::to_owned)]
                        .map(Option::unwrap_or_default)
                        .join("; ")
                })
                .boxed()
        }
        ValueKind::Email => "[a-z0-9.+]{1,10}@[a-z]{1,8}\\.example".boxed(),
        _ => prop_oneof![".{0,24}", "[a-zA-Z0-9 ,+:-]{1,16}"].boxed(),
    }
}

/// Any field of the catalogue that is ever disclosed, with a stored value of its kind.
/// (A field by name: `FieldDef` has no `Debug`, which proptest needs to report a case.)
fn field_and_value() -> impl Strategy<Value = (&'static str, Option<Value>)> {
    let disclosed = || catalogue::CATALOGUE.iter().filter(|d| !d.forms.is_empty());
    let fields: Vec<&'static str> = disclosed().map(|d| d.name).collect();
    // Most cases go to the fields offering more than `raw` (birthdate, address, email).
    let with_forms: Vec<&'static str> = disclosed()
        .filter(|d| d.forms.len() > 1)
        .map(|d| d.name)
        .collect();
    prop_oneof![
        3 => prop::sample::select(with_forms),
        1 => prop::sample::select(fields),
    ]
    .prop_flat_map(|name| {
        let def = catalogue::lookup(name).expect("a catalogue field");
        input(def.kind).prop_map(move |typed| {
            (
                name,
                validate(name, def.kind, &typed, Some("FR"), TYPED_ON).ok(),
            )
        })
    })
}

/// The day of disclosure: mostly from the day values are typed on to a long life later, and
/// sometimes any day (before a birth too).
fn day() -> impl Strategy<Value = Date> {
    let year = prop_oneof![3 => 2026..=2110i16, 1 => 1900..=2150i16];
    (year, 1..=12i8, 1..=31i8)
        .prop_filter_map("a day of that month", |(y, m, d)| Date::new(y, m, d).ok())
}

/// What a form gives, with any refusal as `Err(())`: a brand learns only that nothing came.
fn shown(def: &FieldDef, value: &Value, form: FormKind, today: Date) -> Result<Json, ()> {
    let brand = brand();
    let ctx = DisclosureContext {
        today,
        brand: &brand,
        alias_pattern: Some("ada+{brand}@home.example"),
        alias_token: Some(TOKEN),
    };
    disclose(def.name, def.kind, value, form, &ctx).map_err(|_| ())
}

/// The brand's alias token, as the vault would derive it.
const TOKEN: &str = "0a1b2c3d4e5f";

/// What a brand holding the raw value can work out for `form` itself: the raw JSON is all it
/// has (plus the day, and the alias pattern and its own token it was told for `email_alias`
/// and `email_alias_token`, which are not the value's).
fn from_raw(raw: &Json, form: FormKind, today: Date) -> Result<Json, ()> {
    let text = || raw.as_str().ok_or(());
    // OpenID Connect's `0000-MM-DD` is a birthday without a year: it gives no age.
    let birth = || -> Result<Date, ()> {
        let t = text()?;
        if t.starts_with("0000-") {
            return Err(());
        }
        t.parse::<Date>().map_err(|_| ())
    };
    let member = |name: &str| raw.get(name).cloned().ok_or(());
    match form {
        FormKind::Raw => Ok(raw.clone()),
        FormKind::AgeOver(n) => Ok(json!(forms::age_on(birth()?, today) >= i32::from(n))),
        FormKind::AgeInYears => Ok(json!(forms::age_on(birth()?, today))),
        FormKind::AgeBirthYear => Ok(json!(birth()?.year())),
        FormKind::AgeRange => Ok(json!(forms::age_range(forms::age_on(birth()?, today)))),
        FormKind::Country => member("country"),
        FormKind::Region => member("region"),
        FormKind::Locality => member("locality"),
        FormKind::PostalPrefix => {
            let code = member("postal_code")?;
            Ok(json!(forms::postal_prefix(code.as_str().ok_or(())?)))
        }
        FormKind::EmailAlias => Ok(json!(format!("ada+{}@home.example", brand().slug()))),
        FormKind::EmailAliasToken => Ok(json!(format!("ada+{TOKEN}@home.example"))),
    }
}

#[test]
fn forms_raw_is_finer_than_every_form() {
    let checked = std::cell::Cell::new(0u32);
    TestRunner::new(props::config(256))
        .run(&(field_and_value(), day()), |((name, value), today)| {
            let Some(value) = value else { return Ok(()) };
            let def = catalogue::lookup(name).expect("a catalogue field");
            let raw = shown(def, &value, FormKind::Raw, today).expect("raw is always given");
            for &form in def.forms {
                prop_assert_eq!(
                    shown(def, &value, form, today),
                    from_raw(&raw, form, today),
                    "{} {:?} in {} on {}",
                    def.name,
                    value,
                    form.name(),
                    today
                );
            }
            checked.set(checked.get() + 1);
            Ok(())
        })
        .unwrap();
    assert!(checked.get() > 0, "no generated value was valid");
}

/// Age forms from `age_in_years` alone, and the two thresholds `age_range` settles.
fn from_age(age: &Json, form: FormKind) -> Option<Json> {
    let age = i32::try_from(age.as_i64()?).ok()?;
    match form {
        FormKind::AgeOver(n) => Some(json!(age >= i32::from(n))),
        FormKind::AgeRange => Some(json!(forms::age_range(age))),
        _ => None,
    }
}

fn from_range(range: &Json, form: FormKind) -> Option<Json> {
    let range = range.as_str()?;
    match form {
        FormKind::AgeOver(18) => Some(json!(range != "under 18")),
        FormKind::AgeOver(65) => Some(json!(range == "65+")),
        _ => None,
    }
}

#[test]
fn forms_age_forms_follow_from_age() {
    let birthdate = catalogue::lookup("birthdate").unwrap();
    TestRunner::new(props::config(256))
        .run(&(input(ValueKind::Date), day()), |(typed, today)| {
            let Ok(value) = validate("birthdate", ValueKind::Date, &typed, None, TYPED_ON) else {
                return Ok(());
            };
            let age = shown(birthdate, &value, FormKind::AgeInYears, today);
            let range = shown(birthdate, &value, FormKind::AgeRange, today);
            for &form in birthdate.forms {
                let coarse = shown(birthdate, &value, form, today);
                // From age in years: every threshold, and the range.
                if let Some(derived) = age.as_ref().ok().and_then(|a| from_age(a, form)) {
                    prop_assert_eq!(coarse.clone(), Ok(derived), "{} from age", form.name());
                }
                if let Some(derived) = range.as_ref().ok().and_then(|r| from_range(r, form)) {
                    prop_assert_eq!(coarse.clone(), Ok(derived), "{} from range", form.name());
                }
                // A coarser form is refused whenever the finer one is (no year, no age).
                if age.is_err() && form != FormKind::Raw {
                    prop_assert!(coarse.is_err(), "{} given without an age", form.name());
                }
            }
            // Over an older threshold is over every younger one.
            for (older, younger) in forms::AGE_THRESHOLDS
                .iter()
                .flat_map(|o| forms::AGE_THRESHOLDS.iter().map(move |y| (*o, *y)))
                .filter(|(o, y)| o > y)
            {
                if shown(birthdate, &value, FormKind::AgeOver(older), today) == Ok(json!(true)) {
                    prop_assert_eq!(
                        shown(birthdate, &value, FormKind::AgeOver(younger), today),
                        Ok(json!(true))
                    );
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn forms_alias_reveals_nothing_of_the_address() {
    let email = catalogue::lookup("email").unwrap();
    let address = || input(ValueKind::Email);
    TestRunner::new(props::config(256))
        .run(&(address(), address(), day()), |(one, other, today)| {
            let (Ok(one), Ok(other)) = (
                validate("email", ValueKind::Email, &one, None, TYPED_ON),
                validate("email", ValueKind::Email, &other, None, TYPED_ON),
            ) else {
                return Ok(());
            };
            let alias = shown(email, &one, FormKind::EmailAlias, today);
            prop_assert!(alias.is_ok());
            prop_assert_eq!(alias, shown(email, &other, FormKind::EmailAlias, today));
            Ok(())
        })
        .unwrap();
}
