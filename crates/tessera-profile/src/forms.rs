//! Disclosure forms: what a brand gets instead of (or as) the raw value. Computed at
//! disclosure time from the stored value and the date passed in. Rules in `docs/fields.md`.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use jiff::civil::Date;
use serde_json::json;

use crate::brand::BrandId;
use crate::catalogue::ValueKind;
use crate::model::Value;
use crate::{ProfileError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    Raw,
    /// `true` when the person is at least this old today (13, 16, 18, 21 or 65).
    AgeOver(u8),
    AgeInYears,
    AgeBirthYear,
    /// `under 18`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`, `65+`.
    AgeRange,
    Country,
    Region,
    Locality,
    PostalPrefix,
    /// The person's sub-addressing pattern with the brand filled in.
    EmailAlias,
    /// The person's sub-addressing pattern with a token of the brand's own in place of its
    /// name: derived from the vault, it says nothing of the brand or of the person's other
    /// aliases.
    EmailAliasToken,
}

pub const AGE_THRESHOLDS: [u8; 5] = [13, 16, 18, 21, 65];

impl FormKind {
    pub fn name(self) -> String {
        match self {
            FormKind::Raw => "raw".into(),
            FormKind::AgeOver(n) => format!("age_over_{n}"),
            FormKind::AgeInYears => "age_in_years".into(),
            FormKind::AgeBirthYear => "age_birth_year".into(),
            FormKind::AgeRange => "age_range".into(),
            FormKind::Country => "country".into(),
            FormKind::Region => "region".into(),
            FormKind::Locality => "locality".into(),
            FormKind::PostalPrefix => "postal_code_prefix".into(),
            FormKind::EmailAlias => "email_alias".into(),
            FormKind::EmailAliasToken => "email_alias_token".into(),
        }
    }

    /// The words a person reads for this form (`Over 18 (yes/no)`, `City only`).
    pub fn label(self) -> String {
        match self {
            FormKind::AgeOver(n) => tessera_text::text!("form-age_over", age = n),
            other => tessera_text::text_of(&other.text_id()),
        }
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        match self {
            FormKind::AgeOver(_) => "form-age_over".into(),
            other => format!("form-{}", other.name()),
        }
    }

    /// How much of the value a form gives away, to compare two forms of one field: the
    /// exact value gives all of it; an age in years or a birth year more than an age range,
    /// which gives more than a yes or no; a postal code prefix more than a city, a city more
    /// than a region, a region more than a country. A higher rank is a finer form.
    pub fn detail(self) -> u8 {
        match self {
            FormKind::Raw => 9,
            FormKind::EmailAlias | FormKind::EmailAliasToken => 5,
            FormKind::AgeInYears | FormKind::AgeBirthYear | FormKind::PostalPrefix => 4,
            FormKind::AgeRange | FormKind::Locality => 3,
            FormKind::Region => 2,
            FormKind::AgeOver(_) | FormKind::Country => 1,
        }
    }

    /// Every form, in the order people are shown them.
    pub fn all() -> impl Iterator<Item = FormKind> {
        [FormKind::Raw]
            .into_iter()
            .chain(AGE_THRESHOLDS.into_iter().map(FormKind::AgeOver))
            .chain([
                FormKind::AgeInYears,
                FormKind::AgeBirthYear,
                FormKind::AgeRange,
                FormKind::Country,
                FormKind::Region,
                FormKind::Locality,
                FormKind::PostalPrefix,
                FormKind::EmailAlias,
                FormKind::EmailAliasToken,
            ])
    }

    pub fn parse(s: &str) -> Result<FormKind> {
        let form = match s {
            "raw" => FormKind::Raw,
            "age_in_years" => FormKind::AgeInYears,
            "age_birth_year" => FormKind::AgeBirthYear,
            "age_range" => FormKind::AgeRange,
            "country" => FormKind::Country,
            "region" => FormKind::Region,
            "locality" => FormKind::Locality,
            "postal_code_prefix" => FormKind::PostalPrefix,
            "email_alias" => FormKind::EmailAlias,
            "email_alias_token" => FormKind::EmailAliasToken,
            other => match other
                .strip_prefix("age_over_")
                .and_then(|n| n.parse::<u8>().ok())
            {
                Some(n) if AGE_THRESHOLDS.contains(&n) => FormKind::AgeOver(n),
                _ => return Err(ProfileError::UnknownForm(s.to_owned())),
            },
        };
        Ok(form)
    }
}

/// What disclosure needs besides the value: today's date in the person's time zone, the brand
/// (for aliases), the person's alias pattern, if any, and the brand's alias token
/// ([`crate::store::alias_token`], derived from the vault).
pub struct DisclosureContext<'a> {
    pub today: Date,
    pub brand: &'a BrandId,
    pub alias_pattern: Option<&'a str>,
    pub alias_token: Option<&'a str>,
}

/// The date on which someone born on `birth` has their birthday in `year`. Someone born on
/// 29 February has it on 1 March in common years (as in UK and Hong Kong law), so an age
/// threshold is never reported a day early.
pub fn birthday_in(birth: Date, year: i16) -> Date {
    if birth.month() == 2 && birth.day() == 29 && Date::new(year, 2, 29).is_err() {
        return Date::new(year, 3, 1).expect("1 March exists");
    }
    Date::new(year, birth.month(), birth.day()).expect("a valid day in every year")
}

/// Completed years of age on `today`.
pub fn age_on(birth: Date, today: Date) -> i32 {
    let years = i32::from(today.year()).saturating_sub(i32::from(birth.year()));
    if today < birthday_in(birth, today.year()) {
        years.saturating_sub(1)
    } else {
        years
    }
}

// not words: the age_range form's values, codes a brand receives as written (docs/formats/grant.md)
pub fn age_range(age: i32) -> &'static str {
    match age {
        i32::MIN..=17 => "under 18",
        18..=24 => "18-24",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65+",
    }
}

/// The first characters of a postal code (spaces removed): three, but never more than the
/// length minus two, and at least one (`75001` -> `750`, `1010` -> `10`, `123` -> `1`).
pub fn postal_prefix(code: &str) -> String {
    let compact: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    let keep = compact.len().saturating_sub(2).clamp(1, 3);
    compact[..keep.min(compact.len())].iter().collect()
}

/// Today's date in a time zone (the profile's `zoneinfo`, else the system's).
#[allow(
    clippy::disallowed_methods,
    reason = "the system time zone is the last resort when the profile has no zoneinfo"
)]
pub fn today_in(zone: Option<&str>, now: jiff::Timestamp) -> Date {
    let tz = zone
        .and_then(|z| jiff::tz::TimeZone::get(z).ok())
        .unwrap_or_else(jiff::tz::TimeZone::system);
    now.to_zoned_datetime(tz).date()
}

/// Why a date without a year has no age form (kept once: [`unsupported`] lends it out).
fn no_year() -> &'static str {
    static NO_YEAR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NO_YEAR.get_or_init(|| tessera_text::text!("error-profile-form-no-year"))
}

/// Why `value` can never be given in `form`, whatever the day: a birthday without a year says
/// nothing about age. (A form can also be unavailable for a while, e.g. an alias without a
/// pattern; [`disclose`] says so.)
pub fn unsupported(form: FormKind, value: &Value) -> Option<&'static str> {
    let age = matches!(
        form,
        FormKind::AgeOver(_) | FormKind::AgeInYears | FormKind::AgeBirthYear | FormKind::AgeRange
    );
    match value {
        Value::Text(t) if age && t.starts_with("--") => Some(no_year()),
        _ => None,
    }
}

/// Computes what a brand receives for `value` in `form`.
pub fn disclose(
    field: &str,
    kind: ValueKind,
    value: &Value,
    form: FormKind,
    ctx: &DisclosureContext<'_>,
) -> Result<serde_json::Value> {
    let unavailable = |reason: &str| ProfileError::FormUnavailable {
        field: field.to_owned(),
        form: form.name(),
        reason: reason.to_owned(),
    };
    let birth = || -> Result<Date> {
        match value {
            Value::Text(t) if t.starts_with("--") => Err(unavailable(no_year())),
            Value::Text(t) => t.parse::<Date>().map_err(|_| {
                unavailable(&tessera_text::text!("error-profile-form-stored-not-date"))
            }),
            Value::Address(_) => Err(unavailable(&tessera_text::text!(
                "error-profile-form-not-date"
            ))),
        }
    };
    let address = || match value {
        Value::Address(a) => Ok(a),
        Value::Text(_) => Err(unavailable(&tessera_text::text!(
            "error-profile-form-not-address"
        ))),
    };
    // `missing` says the address lacks the part, whole sentence by part.
    let part = |p: &Option<String>, missing: fn() -> String| {
        p.clone()
            .map(serde_json::Value::String)
            .ok_or_else(|| unavailable(&missing()))
    };
    Ok(match form {
        FormKind::Raw => raw(kind, value),
        FormKind::AgeOver(n) => json!(age_on(birth()?, ctx.today) >= i32::from(n)),
        FormKind::AgeInYears => json!(age_on(birth()?, ctx.today)),
        FormKind::AgeBirthYear => json!(birth()?.year()),
        FormKind::AgeRange => json!(age_range(age_on(birth()?, ctx.today))),
        FormKind::Country => part(&address()?.country, || {
            tessera_text::text!("error-profile-form-no-country")
        })?,
        FormKind::Region => part(&address()?.region, || {
            tessera_text::text!("error-profile-form-no-region")
        })?,
        FormKind::Locality => part(&address()?.locality, || {
            tessera_text::text!("error-profile-form-no-locality")
        })?,
        FormKind::PostalPrefix => {
            let code = address()?.postal_code.as_deref().ok_or_else(|| {
                unavailable(&tessera_text::text!("error-profile-form-no-postal-code"))
            })?;
            json!(postal_prefix(code))
        }
        FormKind::EmailAlias => {
            let pattern = ctx.alias_pattern.ok_or_else(|| {
                unavailable(&tessera_text::text!("error-profile-form-no-alias-pattern"))
            })?;
            json!(pattern.replace("{brand}", &ctx.brand.slug()))
        }
        FormKind::EmailAliasToken => {
            let pattern = ctx.alias_pattern.ok_or_else(|| {
                unavailable(&tessera_text::text!("error-profile-form-no-alias-pattern"))
            })?;
            let token = ctx.alias_token.ok_or_else(|| {
                unavailable(&tessera_text::text!("error-profile-form-no-alias-token"))
            })?;
            json!(pattern.replace("{brand}", token))
        }
    })
}

fn raw(kind: ValueKind, value: &Value) -> serde_json::Value {
    match (kind, value) {
        (_, Value::Address(a)) => serde_json::to_value(a).expect("an address serializes"),
        (ValueKind::Count { .. }, Value::Text(t)) => {
            t.parse::<u32>().map_or_else(|_| json!(t), |n| json!(n))
        }
        (ValueKind::Tags, Value::Text(t)) => json!(t.split(", ").collect::<Vec<_>>()),
        // OpenID Connect writes a birthdate whose year is omitted with the year 0000.
        (ValueKind::Date, Value::Text(t)) if t.starts_with("--") => {
            json!(format!("0000-{}", t.trim_start_matches('-')))
        }
        (_, Value::Text(t)) => json!(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Address;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn brand() -> BrandId {
        BrandId::parse("https://shop.example").unwrap()
    }

    fn at(today: Date, value: &Value, form: FormKind) -> Result<serde_json::Value> {
        let b = brand();
        let ctx = DisclosureContext {
            today,
            brand: &b,
            alias_pattern: Some("me+{brand}@example.com"),
            alias_token: None,
        };
        disclose("birthdate", ValueKind::Date, value, form, &ctx)
    }

    /// Each `(today, form, expected)`: what `born` discloses in `form` on `today`.
    fn assert_forms(born: &str, cases: &[(Date, FormKind, serde_json::Value)]) {
        let born = Value::Text(born.into());
        for (today, form, expected) in cases {
            assert_eq!(
                &at(*today, &born, *form).unwrap(),
                expected,
                "born {born:?}, on {today}, {form:?}"
            );
        }
    }

    #[test]
    fn turning_18_the_day_before_and_the_day_of() {
        assert_forms(
            "2008-06-15",
            &[
                (d(2026, 6, 14), FormKind::AgeOver(18), json!(false)),
                (d(2026, 6, 14), FormKind::AgeInYears, json!(17)),
                (d(2026, 6, 15), FormKind::AgeOver(18), json!(true)),
                (d(2026, 6, 15), FormKind::AgeInYears, json!(18)),
                (d(2026, 6, 15), FormKind::AgeRange, json!("18-24")),
                (d(2026, 6, 14), FormKind::AgeRange, json!("under 18")),
                (d(2026, 6, 14), FormKind::AgeBirthYear, json!(2008)),
            ],
        );
    }

    #[test]
    fn born_on_29_february() {
        assert_forms(
            "2008-02-29",
            &[
                // Common year: the birthday is 1 March, never 28 February.
                (d(2026, 2, 28), FormKind::AgeOver(18), json!(false)),
                (d(2026, 3, 1), FormKind::AgeOver(18), json!(true)),
                // Leap year: 29 February itself.
                (d(2028, 2, 28), FormKind::AgeInYears, json!(19)),
                (d(2028, 2, 29), FormKind::AgeInYears, json!(20)),
            ],
        );
        assert_eq!(birthday_in(d(2008, 2, 29), 2027), d(2027, 3, 1));
        assert_eq!(birthday_in(d(2008, 2, 29), 2032), d(2032, 2, 29));
    }

    #[test]
    fn time_zones_at_midnight_decide_the_day() {
        // 04:30 UTC on 1 March is still 28 February in New York, already 1 March in Paris.
        let now: jiff::Timestamp = "2026-03-01T04:30:00Z".parse().unwrap();
        let ny = today_in(Some("America/New_York"), now);
        let paris = today_in(Some("Europe/Paris"), now);
        assert_eq!(ny, d(2026, 2, 28));
        assert_eq!(paris, d(2026, 3, 1));
        assert_forms(
            "2008-03-01",
            &[
                (ny, FormKind::AgeOver(18), json!(false)),
                (paris, FormKind::AgeOver(18), json!(true)),
            ],
        );
        // Just after midnight in Auckland it is already the next day everywhere west of it.
        let now: jiff::Timestamp = "2026-02-28T11:05:00Z".parse().unwrap();
        assert_eq!(today_in(Some("Pacific/Auckland"), now), d(2026, 3, 1));
        assert_eq!(today_in(Some("UTC"), now), d(2026, 2, 28));
    }

    #[test]
    fn address_forms_and_missing_parts() {
        let b = brand();
        let ctx = DisclosureContext {
            today: d(2026, 1, 1),
            brand: &b,
            alias_pattern: None,
            alias_token: None,
        };
        let home = Value::Address(Address {
            street_address: Some("1 Rue de Rivoli".into()),
            locality: Some("Paris".into()),
            region: None,
            postal_code: Some("75001".into()),
            country: Some("FR".into()),
        });
        let show = |form| disclose("address", ValueKind::Address, &home, form, &ctx);
        assert_eq!(show(FormKind::Country).unwrap(), json!("FR"));
        assert_eq!(show(FormKind::Locality).unwrap(), json!("Paris"));
        assert_eq!(show(FormKind::PostalPrefix).unwrap(), json!("750"));
        assert_eq!(
            show(FormKind::Raw).unwrap(),
            json!({"street_address": "1 Rue de Rivoli", "locality": "Paris", "postal_code": "75001", "country": "FR"})
        );
        let err = show(FormKind::Region).unwrap_err();
        assert_eq!(err.code().as_str(), "form_unavailable");
        assert!(err.to_string().contains("no region"));
        assert_eq!(postal_prefix("SW1A 1AA"), "SW1");
        assert_eq!(postal_prefix("1010"), "10");
        assert_eq!(postal_prefix("123"), "1");
    }

    #[test]
    fn email_alias_needs_a_pattern() {
        let b = brand();
        let email = Value::Text("me@example.com".into());
        let with = DisclosureContext {
            today: d(2026, 1, 1),
            brand: &b,
            alias_pattern: Some("me+{brand}@example.com"),
            alias_token: None,
        };
        assert_eq!(
            disclose(
                "email",
                ValueKind::Email,
                &email,
                FormKind::EmailAlias,
                &with
            )
            .unwrap(),
            json!("me+shop-example@example.com")
        );
        let without = DisclosureContext {
            alias_pattern: None,
            ..with
        };
        let err = disclose(
            "email",
            ValueKind::Email,
            &email,
            FormKind::EmailAlias,
            &without,
        )
        .unwrap_err();
        assert!(err.to_string().contains("email_alias_pattern"));
    }

    #[test]
    fn email_alias_token_puts_the_brands_token_in_the_pattern_and_needs_one() {
        let brand = BrandId::parse("https://shop.example").unwrap();
        let email = Value::Text("ada@home.example".into());
        let ctx = DisclosureContext {
            today: d(2026, 11, 18),
            brand: &brand,
            alias_pattern: Some("me+{brand}@example.com"),
            alias_token: Some("0a1b2c3d4e5f"),
        };
        let shown = disclose(
            "email",
            ValueKind::Email,
            &email,
            FormKind::EmailAliasToken,
            &ctx,
        );
        assert_eq!(shown.unwrap(), json!("me+0a1b2c3d4e5f@example.com"));
        let without = DisclosureContext {
            alias_token: None,
            ..ctx
        };
        let err = disclose(
            "email",
            ValueKind::Email,
            &email,
            FormKind::EmailAliasToken,
            &without,
        )
        .unwrap_err();
        assert!(err.to_string().contains("from the vault"), "{err}");
    }

    #[test]
    fn form_names_round_trip_and_unknown_forms_are_refused() {
        // Every form: raw, one per age threshold (13 to 65), and the nine others.
        assert_eq!(FormKind::all().count(), 1 + AGE_THRESHOLDS.len() + 9);
        for form in FormKind::all() {
            assert_eq!(FormKind::parse(&form.name()).unwrap(), form);
        }
        for bad in ["age_over_17", "age_over_", "city", ""] {
            assert_eq!(
                FormKind::parse(bad).unwrap_err().code().as_str(),
                "invalid_form"
            );
        }
    }
}
