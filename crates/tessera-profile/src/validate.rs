//! Validation and normalization of values, by kind. Every error says what was expected.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use std::str::FromStr;

use jiff::civil::Date;

use crate::catalogue::ValueKind;
use crate::model::{Address, Value};
use crate::{ProfileError, Result};

const MAX_TEXT: usize = 500;

fn invalid(field: &str, reason: impl Into<String>) -> ProfileError {
    ProfileError::InvalidValue {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// Validates `input` for a field of `kind` and returns the normalized value. `region` (ISO
/// country code) lets phone numbers be typed in national format. `today` bounds dates.
pub fn validate(
    field: &str,
    kind: ValueKind,
    input: &str,
    region: Option<&str>,
    today: Date,
) -> Result<Value> {
    if kind == ValueKind::Address {
        return parse_address(field, input).map(Value::Address);
    }
    if kind == ValueKind::Note {
        return note(field, input).map(Value::Text);
    }
    let text = single_line(field, input)?;
    let normalized = match kind {
        ValueKind::Text => text.to_owned(),
        ValueKind::Email => email(field, text)?,
        ValueKind::Phone => phone(field, text, region)?,
        ValueKind::Date => match yearless(text) {
            Some(partial) => partial,
            None => date(field, text, today)?.to_string(),
        },
        ValueKind::Note => unreachable!("handled above"),
        ValueKind::LanguageTag => language_tag(field, text)?,
        ValueKind::TimeZone => {
            jiff::tz::TimeZone::get(text).map_err(|_| {
                invalid(
                    field,
                    tessera_text::text!(
                        "error-profile-value-not-time-zone",
                        value = format!("{text:?}")
                    ),
                )
            })?;
            text.to_owned()
        }
        ValueKind::Url => web_url(field, text)?,
        ValueKind::Uri => uri(field, text)?,
        ValueKind::Tags => tags(field, text)?,
        ValueKind::ClothingSize => clothing_size(field, text)?,
        ValueKind::ShoeSize => shoe_size(field, text)?,
        ValueKind::Count { min, max } => {
            let out_of_range = || {
                invalid(
                    field,
                    tessera_text::text!(
                        "error-profile-value-not-whole-number",
                        min = min.to_string(),
                        max = max.to_string()
                    ),
                )
            };
            let n: u32 = text.parse().map_err(|_| out_of_range())?;
            if !(min..=max).contains(&n) {
                return Err(out_of_range());
            }
            n.to_string()
        }
        ValueKind::Choice(options) => {
            let lower = text.to_ascii_lowercase();
            if !options.contains(&lower.as_str()) {
                return Err(invalid(
                    field,
                    tessera_text::text!(
                        "error-profile-value-not-one-of",
                        options = options.join(", ")
                    ),
                ));
            }
            lower
        }
        ValueKind::TimeRange => time_range(field, text)?,
        ValueKind::EmailPattern => {
            if text.matches("{brand}").count() != 1 {
                return Err(invalid(
                    field,
                    tessera_text::text!("error-profile-value-alias-pattern"),
                ));
            }
            email(field, &text.replace("{brand}", "brand"))?;
            text.to_owned()
        }
        ValueKind::Address => unreachable!("handled above"),
    };
    Ok(Value::Text(normalized))
}

fn single_line<'a>(field: &str, input: &'a str) -> Result<&'a str> {
    let text = input.trim();
    if text.is_empty() {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-empty"),
        ));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-too-long", max = MAX_TEXT.to_string()),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-line-breaks"),
        ));
    }
    Ok(text)
}

fn email(field: &str, text: &str) -> Result<String> {
    let parsed = email_address::EmailAddress::from_str(text).map_err(|e| {
        invalid(
            field,
            tessera_text::text!(
                "error-profile-value-not-email",
                value = format!("{text:?}"),
                problem = e.to_string()
            ),
        )
    })?;
    if !parsed.domain().contains('.') {
        return Err(invalid(
            field,
            tessera_text::text!(
                "error-profile-value-email-no-domain",
                value = format!("{text:?}")
            ),
        ));
    }
    Ok(parsed.to_string())
}

/// The country a national phone number is read in (`--region`), as the phone library names it.
pub fn phone_region(region: &str) -> Result<phonenumber::country::Id> {
    phonenumber::country::Id::from_str(&region.trim().to_ascii_uppercase()).map_err(|_| {
        ProfileError::InvalidInput(tessera_text::text!(
            "error-profile-not-phone-region",
            region = format!("{region:?}")
        ))
    })
}

fn phone(field: &str, text: &str, region: Option<&str>) -> Result<String> {
    let country = match region {
        Some(r) => Some(phone_region(r).map_err(|_| {
            invalid(
                field,
                tessera_text::text!(
                    "error-profile-value-not-phone-region",
                    region = format!("{r:?}")
                ),
            )
        })?),
        None => None,
    };
    // `+1 617 555 0100;ext=12` (RFC 3966, as Tessera stores it): the library reads
    // extensions only in its own spellings (`ext. 12`).
    let spelled;
    let text = match text.split_once(";ext=") {
        Some((number, ext))
            if !ext.is_empty() && ext.len() <= 10 && ext.chars().all(|c| c.is_ascii_digit()) =>
        {
            // not words: the phone library's spelling of an extension, which it parses
            spelled = format!("{number} ext. {ext}");
            spelled.as_str()
        }
        _ => text,
    };
    let number = phonenumber::parse(country, text).map_err(|_| {
        invalid(
            field,
            tessera_text::text!("error-profile-value-not-phone", value = format!("{text:?}")),
        )
    })?;
    if !phonenumber::is_valid(&number) {
        return Err(invalid(
            field,
            tessera_text::text!(
                "error-profile-value-phone-invalid",
                value = format!("{text:?}")
            ),
        ));
    }
    let e164 = number.format().mode(phonenumber::Mode::E164).to_string();
    // An extension is part of the number a person gives; RFC 3966 writes it `;ext=`.
    Ok(match number.extension() {
        Some(ext) => format!("{e164};ext={}", &**ext),
        None => e164,
    })
}

/// A date without a year, as vCard writes it (`--04-23`): a birthday that says nothing about
/// age. Returned as `--MM-DD`.
pub(crate) fn yearless(text: &str) -> Option<String> {
    // `0000-MM-DD` is OpenID Connect's spelling (and easier to type after a CLI flag).
    let rest = text
        .strip_prefix("--")
        .or_else(|| text.strip_prefix("0000-"))?;
    let digits: String = rest.chars().filter(|c| *c != '-').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) || rest.len() > 5 {
        return None;
    }
    let month: i8 = digits.get(..2)?.parse().ok()?;
    let day: i8 = digits.get(2..)?.parse().ok()?;
    // 2000 is a leap year, so 29 February is accepted.
    Date::new(2000, month, day).ok()?;
    Some(format!("--{month:02}-{day:02}"))
}

pub(crate) fn date(field: &str, text: &str, today: Date) -> Result<Date> {
    let d = Date::from_str(text).map_err(|_| {
        invalid(
            field,
            tessera_text::text!("error-profile-value-not-date", value = format!("{text:?}")),
        )
    })?;
    if d > today {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-date-future", date = d.to_string()),
        ));
    }
    if d.year() < 1900 {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-date-before-1900", date = d.to_string()),
        ));
    }
    Ok(d)
}

fn language_tag(field: &str, text: &str) -> Result<String> {
    let mut parts = text.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !primary_ok || !rest_ok {
        return Err(invalid(
            field,
            tessera_text::text!(
                "error-profile-value-not-language-tag",
                value = format!("{text:?}")
            ),
        ));
    }
    // Canonical case: language lowercase, 2-letter region uppercase, 4-letter script title case.
    let canonical: Vec<String> = text
        .split(['-', '_'])
        .enumerate()
        .map(|(i, p)| match (i, p.len()) {
            (0, _) => p.to_ascii_lowercase(),
            (_, 2) => p.to_ascii_uppercase(),
            (_, 4) => {
                let lower = p.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => p.to_ascii_lowercase(),
        })
        .collect();
    Ok(canonical.join("-"))
}

fn web_url(field: &str, text: &str) -> Result<String> {
    // `www.example.com` (what people type, and what address books store) means https.
    let with_scheme;
    let text = if !text.contains("://") && text.contains('.') && !text.contains(char::is_whitespace)
    {
        with_scheme = format!("https://{text}");
        &with_scheme
    } else {
        text
    };
    let url = url::Url::parse(text).map_err(|e| {
        invalid(
            field,
            tessera_text::text!(
                "error-profile-value-not-web-address",
                value = format!("{text:?}"),
                problem = e.to_string()
            ),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-not-http"),
        ));
    }
    Ok(url.to_string())
}

const MAX_NOTE: usize = 4000;

/// Free text over several lines: trimmed, line ends made `\n`, no other control characters.
fn note(field: &str, input: &str) -> Result<String> {
    let text = input.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-empty"),
        ));
    }
    if text.chars().count() > MAX_NOTE {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-too-long", max = MAX_NOTE.to_string()),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-control-characters"),
        ));
    }
    Ok(text.to_owned())
}

fn uri(field: &str, text: &str) -> Result<String> {
    let url = url::Url::parse(text).map_err(|_| {
        invalid(
            field,
            tessera_text::text!("error-profile-value-not-uri", value = format!("{text:?}")),
        )
    })?;
    Ok(url.to_string())
}

fn tags(field: &str, text: &str) -> Result<String> {
    let tags: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-tags-none"),
        ));
    }
    if tags.len() > 50 || tags.iter().any(|t| t.chars().count() > 64) {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-tags-too-many"),
        ));
    }
    Ok(tags.join(", "))
}

const LETTER_SIZES: &[&str] = &["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];

/// A size as a system and a number; `expected` is the sentence for a value of another shape.
fn sized(
    field: &str,
    text: &str,
    systems: &[(&str, f32, f32)],
    expected: fn() -> String,
) -> Result<String> {
    let mut words = text.split_whitespace();
    let (Some(system), Some(number), None) = (words.next(), words.next(), words.next()) else {
        return Err(invalid(field, expected()));
    };
    let system = system.to_ascii_uppercase();
    let Some(&(_, min, max)) = systems.iter().find(|(s, _, _)| *s == system) else {
        let names: Vec<_> = systems.iter().map(|(s, _, _)| *s).collect();
        return Err(invalid(
            field,
            tessera_text::text!(
                "error-profile-value-unknown-size-system",
                system = format!("{system:?}"),
                systems = names.join(", ")
            ),
        ));
    };
    let n: f32 = number.replace(',', ".").parse().map_err(|_| {
        invalid(
            field,
            tessera_text::text!(
                "error-profile-value-not-number",
                value = format!("{number:?}")
            ),
        )
    })?;
    if !(min..=max).contains(&n) || (n * 2.0).fract() != 0.0 {
        return Err(invalid(
            field,
            tessera_text::text!(
                "error-profile-value-size-range",
                system = system,
                min = min.to_string(),
                max = max.to_string()
            ),
        ));
    }
    Ok(format!("{system} {n}"))
}

fn clothing_size(field: &str, text: &str) -> Result<String> {
    let upper = text.to_ascii_uppercase();
    if LETTER_SIZES.contains(&upper.as_str()) {
        return Ok(upper);
    }
    sized(
        field,
        text,
        &[
            ("EU", 28.0, 70.0),
            ("FR", 28.0, 70.0),
            ("IT", 32.0, 74.0),
            ("UK", 2.0, 32.0),
            ("US", 0.0, 30.0),
        ],
        || tessera_text::text!("error-profile-value-clothing-size"),
    )
}

fn shoe_size(field: &str, text: &str) -> Result<String> {
    sized(
        field,
        text,
        &[
            ("EU", 15.0, 52.0),
            ("UK", 0.0, 17.0),
            ("US", 1.0, 18.0),
            ("CM", 10.0, 35.0),
        ],
        || tessera_text::text!("error-profile-value-shoe-size"),
    )
}

fn time_range(field: &str, text: &str) -> Result<String> {
    let parse = |t: &str| -> Option<(u8, u8)> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some((h, m))
    };
    let bad = || {
        invalid(
            field,
            tessera_text::text!("error-profile-value-not-time-range"),
        )
    };
    let (from, to) = text.split_once('-').ok_or_else(bad)?;
    let (from, to) = (parse(from).ok_or_else(bad)?, parse(to).ok_or_else(bad)?);
    if from == to {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-time-range-empty"),
        ));
    }
    Ok(format!(
        "{:02}:{:02}-{:02}:{:02}",
        from.0, from.1, to.0, to.1
    ))
}

/// An address, given either as a JSON object with OIDC member names, or as
/// `street; locality; region; postal code; country` (empty parts allowed).
pub fn parse_address(field: &str, input: &str) -> Result<Address> {
    let trimmed = input.trim();
    let mut address = if trimmed.starts_with('{') {
        serde_json::from_str::<Address>(trimmed).map_err(|e| {
            invalid(
                field,
                tessera_text::text!(
                    "error-profile-value-not-address-object",
                    problem = e.to_string()
                ),
            )
        })?
    } else {
        let parts: Vec<&str> = trimmed.split(';').map(str::trim).collect();
        if parts.len() > 5 {
            return Err(invalid(
                field,
                tessera_text::text!("error-profile-value-address-parts"),
            ));
        }
        let part = |i: usize| {
            parts
                .get(i)
                .filter(|p| !p.is_empty())
                .map(|p| (*p).to_owned())
        };
        Address {
            street_address: part(0),
            locality: part(1),
            region: part(2),
            postal_code: part(3),
            country: part(4),
        }
    };
    for (name, part) in [
        ("street_address", &mut address.street_address),
        ("locality", &mut address.locality),
        ("region", &mut address.region),
        ("postal_code", &mut address.postal_code),
        ("country", &mut address.country),
    ] {
        if let Some(value) = part.as_mut() {
            let clean = single_line(&format!("{field}.{name}"), value)?.to_owned();
            *value = clean;
        }
        if part.as_deref() == Some("") {
            *part = None;
        }
    }
    if let Some(country) = &mut address.country {
        // Cards name the country ("Deutschland", "U.S.A."); Tessera stores the alpha-2 code.
        let code = crate::countries::country_code(country).ok_or_else(|| {
            invalid(
                field,
                tessera_text::text!(
                    "error-profile-value-unknown-country",
                    country = format!("{country:?}")
                ),
            )
        })?;
        code.clone_into(country);
    }
    if address == Address::default() {
        return Err(invalid(
            field,
            tessera_text::text!("error-profile-value-address-empty"),
        ));
    }
    Ok(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::constant(2026, 11, 29)
    }

    fn ok(kind: ValueKind, input: &str) -> String {
        validate("f", kind, input, None, today()).unwrap().display()
    }

    fn err(kind: ValueKind, input: &str) -> String {
        validate("f", kind, input, None, today())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn emails() {
        assert_eq!(ok(ValueKind::Email, " ada@example.com "), "ada@example.com");
        assert!(err(ValueKind::Email, "ada@").contains("not an email address"));
        assert!(err(ValueKind::Email, "ada@localhost").contains("full domain"));
        assert!(err(ValueKind::Email, "").contains("empty"));
    }

    #[test]
    fn phones_in_e164_or_with_a_region() {
        assert_eq!(ok(ValueKind::Phone, "+33 1 42 68 53 00"), "+33142685300");
        let fr = validate("f", ValueKind::Phone, "01 42 68 53 00", Some("fr"), today()).unwrap();
        assert_eq!(fr.display(), "+33142685300");
        // The advice is the face's to word (the CLI's --region, the app's country field).
        let national = err(ValueKind::Phone, "01 42 68 53 00");
        assert!(national.contains("give the number's country"), "{national}");
        assert!(!national.contains("--"), "{national}");
        assert!(err(ValueKind::Phone, "+33 1").contains("not"));
        let bad_region = validate("f", ValueKind::Phone, "0142685300", Some("XX"), today());
        assert!(
            bad_region
                .unwrap_err()
                .to_string()
                .contains("not a country code")
        );
    }

    #[test]
    fn dates() {
        assert_eq!(ok(ValueKind::Date, "2008-02-29"), "2008-02-29");
        assert_eq!(ok(ValueKind::Date, "--0229"), "--02-29");
        assert_eq!(ok(ValueKind::Date, "--04-16"), "--04-16");
        assert_eq!(ok(ValueKind::Date, "0000-04-16"), "--04-16");
        assert!(err(ValueKind::Date, "--02-30").contains("YYYY-MM-DD"));
        assert!(err(ValueKind::Date, "--13-01").contains("YYYY-MM-DD"));
        assert!(err(ValueKind::Date, "--0416x").contains("YYYY-MM-DD"));
        assert!(err(ValueKind::Date, "2007-02-29").contains("YYYY-MM-DD"));
        assert!(err(ValueKind::Date, "29/02/2008").contains("YYYY-MM-DD"));
        assert!(err(ValueKind::Date, "2026-11-30").contains("in the future"));
        assert!(err(ValueKind::Date, "1899-12-31").contains("before 1900"));
    }

    #[test]
    fn addresses_and_country_codes() {
        let a = parse_address(
            "address",
            "1 Rue de Rivoli; Paris; Île-de-France; 75001; fr",
        )
        .unwrap();
        assert_eq!(a.country.as_deref(), Some("FR"));
        assert_eq!(a.postal_code.as_deref(), Some("75001"));
        let j = parse_address("address", r#"{"locality":"Berlin","country":"DE"}"#).unwrap();
        assert_eq!(j.locality.as_deref(), Some("Berlin"));
        assert!(
            parse_address("address", ";;;;ZZ")
                .unwrap_err()
                .to_string()
                .contains("ISO 3166-1")
        );
        for (name, code) in [
            ("Deutschland", "DE"),
            ("U.S.A.", "US"),
            ("UK", "GB"),
            ("deu", "DE"),
        ] {
            let a = parse_address("address", &format!(";Berlin;;;{name}")).unwrap();
            assert_eq!(a.country.as_deref(), Some(code), "{name}");
        }
        let named = parse_address("address", r#"{"country":"Österreich"}"#).unwrap();
        assert_eq!(named.country.as_deref(), Some("AT"));
        for placeholder in ["Country", "Land", "XX", "Kongo"] {
            let refused = parse_address("address", &format!(";Berlin;;;{placeholder}"))
                .unwrap_err()
                .to_string();
            assert!(
                refused.contains("is not a country Tessera recognizes; use an ISO 3166-1 code"),
                "{refused}"
            );
        }
        assert!(
            parse_address("address", ";;;;")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            parse_address("address", "a;b;c;d;e;f")
                .unwrap_err()
                .to_string()
                .contains("at most 5")
        );
        assert!(
            parse_address("address", r#"{"town":"x"}"#)
                .unwrap_err()
                .to_string()
                .contains("members are")
        );
    }

    #[test]
    fn sizes_choices_counts_ranges_tags() {
        assert_eq!(ok(ValueKind::ClothingSize, "xl"), "XL");
        assert_eq!(ok(ValueKind::ClothingSize, "eu 40"), "EU 40");
        assert!(err(ValueKind::ClothingSize, "huge").contains("size system"));
        assert_eq!(ok(ValueKind::ShoeSize, "US 9,5"), "US 9.5");
        assert!(err(ValueKind::ShoeSize, "EU 42.3").contains("in halves"));
        assert!(err(ValueKind::ShoeSize, "XX 42").contains("unknown size system"));
        assert_eq!(ok(ValueKind::Choice(&["email", "sms"]), "SMS"), "sms");
        assert!(err(ValueKind::Choice(&["email", "sms"]), "fax").contains("one of: email, sms"));
        assert!(err(ValueKind::Count { min: 1, max: 30 }, "0").contains("from 1 to 30"));
        assert_eq!(ok(ValueKind::TimeRange, "21:00-8:00"), "21:00-08:00");
        assert!(err(ValueKind::TimeRange, "25:00-08:00").contains("HH:MM"));
        assert_eq!(ok(ValueKind::Tags, "jazz,  cycling ,,"), "jazz, cycling");
        assert_eq!(ok(ValueKind::LanguageTag, "pt_br"), "pt-BR");
        assert!(err(ValueKind::LanguageTag, "english!").contains("language tag"));
        assert_eq!(ok(ValueKind::TimeZone, "Europe/Paris"), "Europe/Paris");
        assert!(err(ValueKind::TimeZone, "Mars/Olympus").contains("IANA"));
        assert!(err(ValueKind::Url, "ftp://x.example").contains("http or https"));
        assert!(err(ValueKind::EmailPattern, "me@example.com").contains("{brand}"));
        assert_eq!(
            ok(ValueKind::EmailPattern, "me+{brand}@example.com"),
            "me+{brand}@example.com"
        );
        assert!(err(ValueKind::Text, "two\nlines").contains("line breaks"));
    }
}
