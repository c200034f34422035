//! JSContact (RFC 9553) Card: a reader that names the malformed member by its JSON pointer,
//! and a writer. JSON itself is parsed and written by serde_json.
//!
//! Mapping: name.components (given, given2, surname) -> given_name, middle_name, family_name;
//! nicknames -> nickname; emails -> email; phones -> phone_number; links -> website;
//! addresses -> address; anniversaries (kind birth) -> birthdate; preferredLanguages ->
//! language. Every other field (gender, locale, zoneinfo, Tessera's own and custom fields)
//! travels in the vendor property `tessera.org:fields`.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use serde_json::{Map, Value as Json, json};

use super::{Exportable, Incoming, Parsed, STANDARD_FIELDS};
use crate::model::{Address, Value};
use crate::{ProfileError, Result};

const VENDOR: &str = "tessera.org:fields";

fn err(path: &str, reason: impl std::fmt::Display) -> ProfileError {
    ProfileError::InvalidInput(format!("member {path}: {reason}"))
}

fn object<'a>(v: &'a Json, path: &str) -> Result<&'a Map<String, Json>> {
    v.as_object().ok_or_else(|| err(path, "expected an object"))
}

fn string(v: &Json, path: &str) -> Result<String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| err(path, "expected a string"))
}

fn opt_string(o: &Map<String, Json>, key: &str, path: &str) -> Result<Option<String>> {
    o.get(key)
        .map(|v| string(v, &format!("{path}/{key}")))
        .transpose()
}

fn is_primary(o: &Map<String, Json>, path: &str) -> Result<bool> {
    match o.get("pref") {
        None => Ok(false),
        Some(v) => v
            .as_u64()
            .filter(|p| (1..=100).contains(p))
            .map(|p| p == 1)
            .ok_or_else(|| err(&format!("{path}/pref"), "expected a number from 1 to 100")),
    }
}

/// Parses one JSContact Card. Fails on the first malformed member, naming its JSON pointer.
pub fn parse_jscontact(text: &str) -> Result<Parsed> {
    let card: Json = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        ProfileError::InvalidInput(format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let card = object(&card, "/")?;
    if card.get("@type").and_then(Json::as_str) != Some("Card") {
        return Err(err("/@type", "a JSContact card has \"@type\": \"Card\""));
    }
    match card.get("version").and_then(Json::as_str) {
        Some("1.0") => {}
        other => {
            return Err(err(
                "/version",
                format!("version {other:?} is not supported; expected \"1.0\""),
            ));
        }
    }
    let mut parsed = Parsed::default();
    let mut vendor_values: Vec<Incoming> = Vec::new();
    let mut push =
        |field: &str, input: String, label: Option<String>, primary: bool, path: String| {
            parsed.values.push(Incoming {
                field: field.into(),
                input,
                label,
                primary,
                custom: None,
                origin: format!("member {path}"),
            });
        };
    let mut skipped = Vec::new();
    for (key, member) in card {
        let path = format!("/{key}");
        match key.as_str() {
            "@type" | "version" | "uid" | "kind" | "created" | "updated" | "prodId"
            | "language" => {}
            "name" => {
                let name = object(member, &path)?;
                if let Some(components) = name.get("components") {
                    let list = components
                        .as_array()
                        .ok_or_else(|| err(&format!("{path}/components"), "expected an array"))?;
                    for (i, c) in list.iter().enumerate() {
                        let cpath = format!("{path}/components/{i}");
                        let c = object(c, &cpath)?;
                        let kind = opt_string(c, "kind", &cpath)?
                            .ok_or_else(|| err(&cpath, "a name component needs a kind"))?;
                        let value = opt_string(c, "value", &cpath)?
                            .ok_or_else(|| err(&cpath, "a name component needs a value"))?;
                        let field = match kind.as_str() {
                            "given" => "given_name",
                            "given2" => "middle_name",
                            "surname" => "family_name",
                            _ => {
                                skipped.push(format!("member {cpath} ({kind})"));
                                continue;
                            }
                        };
                        push(field, value, None, false, cpath);
                    }
                }
            }
            "nicknames" | "emails" | "phones" | "links" | "addresses" | "anniversaries"
            | "preferredLanguages" => {
                for (id, entry) in object(member, &path)? {
                    let epath = format!("{path}/{id}");
                    let e = object(entry, &epath)?;
                    let label = opt_string(e, "label", &epath)?;
                    let primary = is_primary(e, &epath)?;
                    let need = |k: &str| -> Result<String> {
                        e.get(k)
                            .ok_or_else(|| err(&epath, format!("missing \"{k}\"")))
                            .and_then(|v| string(v, &format!("{epath}/{k}")))
                    };
                    match key.as_str() {
                        "nicknames" => push("nickname", need("name")?, None, false, epath),
                        "emails" => push("email", need("address")?, label, primary, epath),
                        "phones" => {
                            let number = need("number")?;
                            let number = number.strip_prefix("tel:").unwrap_or(&number).to_owned();
                            push("phone_number", number, label, primary, epath);
                        }
                        "links" => push("website", need("uri")?, label, primary, epath),
                        "preferredLanguages" => {
                            push("language", need("language")?, label, primary, epath);
                        }
                        "addresses" => {
                            let mut address = Address {
                                country: opt_string(e, "countryCode", &epath)?,
                                ..Address::default()
                            };
                            if let Some(components) = e.get("components") {
                                let list = components.as_array().ok_or_else(|| {
                                    err(&format!("{epath}/components"), "expected an array")
                                })?;
                                let mut street: Vec<String> = Vec::new();
                                for (i, c) in list.iter().enumerate() {
                                    let cpath = format!("{epath}/components/{i}");
                                    let c = object(c, &cpath)?;
                                    let kind = opt_string(c, "kind", &cpath)?.unwrap_or_default();
                                    let value =
                                        opt_string(c, "value", &cpath)?.ok_or_else(|| {
                                            err(&cpath, "an address component needs a value")
                                        })?;
                                    match kind.as_str() {
                                        "number" | "name" | "building" | "apartment" | "floor"
                                        | "room" | "block" => street.push(value),
                                        "locality" => address.locality = Some(value),
                                        "region" => address.region = Some(value),
                                        "postcode" => address.postal_code = Some(value),
                                        "country" if address.country.is_none() => {
                                            skipped.push(format!(
                                                "member {cpath} (country name; use countryCode)"
                                            ));
                                        }
                                        "separator" | "country" => {}
                                        other => skipped.push(format!("member {cpath} ({other})")),
                                    }
                                }
                                if !street.is_empty() {
                                    address.street_address = Some(street.join(" "));
                                }
                            }
                            let json =
                                serde_json::to_string(&address).expect("an address serializes");
                            push("address", json, label, primary, epath);
                        }
                        "anniversaries" => {
                            if opt_string(e, "kind", &epath)?.as_deref() != Some("birth") {
                                skipped.push(format!("member {epath} (not a birth date)"));
                                continue;
                            }
                            let date = e
                                .get("date")
                                .ok_or_else(|| err(&epath, "missing \"date\""))?;
                            let dpath = format!("{epath}/date");
                            let d = object(date, &dpath)?;
                            let part = |k: &str| {
                                d.get(k).and_then(Json::as_u64).ok_or_else(|| {
                                    err(&dpath, format!("a birth date needs a numeric \"{k}\""))
                                })
                            };
                            let iso = format!(
                                "{:04}-{:02}-{:02}",
                                part("year")?,
                                part("month")?,
                                part("day")?
                            );
                            push("birthdate", iso, None, false, epath);
                        }
                        _ => unreachable!("matched above"),
                    }
                }
            }
            VENDOR => {
                for (field, values) in object(member, &path)? {
                    let fpath = format!("{path}/{field}");
                    let list = values
                        .as_array()
                        .ok_or_else(|| err(&fpath, "expected an array of values"))?;
                    for (i, entry) in list.iter().enumerate() {
                        let vpath = format!("{fpath}/{i}");
                        let e = object(entry, &vpath)?;
                        let value = opt_string(e, "value", &vpath)?
                            .ok_or_else(|| err(&vpath, "missing \"value\""))?;
                        let custom = if field.starts_with(crate::model::CUSTOM_PREFIX) {
                            Some((
                                opt_string(e, "customLabel", &vpath)?
                                    .unwrap_or_else(|| field.clone()),
                                opt_string(e, "sensitivity", &vpath)?
                                    .unwrap_or_else(|| "standard".into()),
                            ))
                        } else {
                            None
                        };
                        vendor_values.push(Incoming {
                            field: field.clone(),
                            input: value,
                            label: opt_string(e, "label", &vpath)?,
                            primary: e.get("primary").and_then(Json::as_bool).unwrap_or(false),
                            custom,
                            origin: format!("member {vpath}"),
                        });
                    }
                }
            }
            other => skipped.push(format!("member /{other}")),
        }
    }
    parsed.values.extend(vendor_values);
    parsed.skipped = skipped;
    Ok(parsed)
}

fn with_label_pref(mut o: Map<String, Json>, label: &Option<String>, primary: bool) -> Json {
    if let Some(l) = label {
        o.insert("label".into(), json!(l));
    }
    if primary {
        o.insert("pref".into(), json!(1));
    }
    Json::Object(o)
}

/// The profile as one JSContact Card. `uid` identifies this export (a random URN is right).
pub(crate) fn export_jscontact(data: &Exportable, uid: &str) -> String {
    let mut card = Map::new();
    card.insert("@type".into(), json!("Card"));
    card.insert("version".into(), json!("1.0"));
    card.insert("uid".into(), json!(uid));
    card.insert("kind".into(), json!("individual"));
    card.insert("prodId".into(), json!("Tessera"));
    let text = |f: &str| data.first(f).map(|v| v.value.display());
    let components: Vec<Json> = [
        ("given", "given_name"),
        ("given2", "middle_name"),
        ("surname", "family_name"),
    ]
    .into_iter()
    .filter_map(|(kind, field)| text(field).map(|v| json!({"kind": kind, "value": v})))
    .collect();
    if !components.is_empty() {
        card.insert("name".into(), json!({ "components": components }));
    }
    let mut group =
        |member: &str,
         prefix: &str,
         field: &str,
         build: &dyn Fn(&crate::model::ProfileValue) -> Map<String, Json>| {
            let entries: Map<String, Json> = data
                .all(field)
                .enumerate()
                .map(|(i, v)| {
                    (
                        format!("{prefix}{}", i.saturating_add(1)),
                        with_label_pref(
                            build(v),
                            &v.label,
                            v.primary && data.all(field).count() > 1,
                        ),
                    )
                })
                .collect();
            if !entries.is_empty() {
                card.insert(member.into(), Json::Object(entries));
            }
        };
    let one = |k: &str, v: String| -> Map<String, Json> {
        [(k.to_owned(), json!(v))].into_iter().collect()
    };
    group("nicknames", "k", "nickname", &|v| {
        one("name", v.value.display())
    });
    group("emails", "e", "email", &|v| {
        one("address", v.value.display())
    });
    group("phones", "p", "phone_number", &|v| {
        one("number", format!("tel:{}", v.value.display()))
    });
    group("links", "l", "website", &|v| one("uri", v.value.display()));
    group("preferredLanguages", "g", "language", &|v| {
        one("language", v.value.display())
    });
    group("addresses", "a", "address", &|v| {
        let mut o = Map::new();
        if let Value::Address(a) = &v.value {
            let mut components = Vec::new();
            for (kind, part) in [
                ("name", &a.street_address),
                ("locality", &a.locality),
                ("region", &a.region),
                ("postcode", &a.postal_code),
            ] {
                if let Some(p) = part {
                    components.push(json!({"kind": kind, "value": p}));
                }
            }
            o.insert("components".into(), Json::Array(components));
            if let Some(c) = &a.country {
                o.insert("countryCode".into(), json!(c));
            }
        }
        o
    });
    group("anniversaries", "b", "birthdate", &|v| {
        let text = v.value.display();
        let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
        let mut o = Map::new();
        o.insert("kind".into(), json!("birth"));
        o.insert(
            "date".into(),
            json!({"@type": "PartialDate", "year": y, "month": m, "day": d}),
        );
        o
    });
    let mut vendor = Map::new();
    for v in data.values.iter().filter(|v| {
        !STANDARD_FIELDS.contains(&v.field.as_str())
            || matches!(v.field.as_str(), "gender" | "locale" | "zoneinfo")
    }) {
        let mut o = Map::new();
        o.insert("value".into(), json!(v.value.display()));
        if let Some(l) = &v.label {
            o.insert("label".into(), json!(l));
        }
        if v.primary {
            o.insert("primary".into(), json!(true));
        }
        if let Some(c) = &v.custom {
            o.insert("customLabel".into(), json!(c.label));
            o.insert("sensitivity".into(), json!(c.sensitivity));
        }
        vendor
            .entry(v.field.clone())
            .or_insert_with(|| Json::Array(Vec::new()))
            .as_array_mut()
            .expect("inserted as an array")
            .push(Json::Object(o));
    }
    if !vendor.is_empty() {
        card.insert(VENDOR.into(), Json::Object(vendor));
    }
    serde_json::to_string_pretty(&Json::Object(card)).expect("a card serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_members_are_named_by_pointer() {
        for (card, expected) in [
            ("[1]", "member /: expected an object"),
            (r#"{"@type":"Card","version":"2.0"}"#, "member /version"),
            (r#"{"@type":"Contact","version":"1.0"}"#, "member /@type"),
            (
                r#"{"@type":"Card","version":"1.0","emails":{"e1":{"adress":"x"}}}"#,
                "member /emails/e1: missing \"address\"",
            ),
            (
                r#"{"@type":"Card","version":"1.0","emails":{"e1":{"address":7}}}"#,
                "member /emails/e1/address: expected a string",
            ),
            (
                r#"{"@type":"Card","version":"1.0","emails":{"e1":{"address":"a@b.c","pref":0}}}"#,
                "member /emails/e1/pref",
            ),
            (
                r#"{"@type":"Card","version":"1.0","anniversaries":{"b":{"kind":"birth","date":{"year":1990}}}}"#,
                "numeric \"month\"",
            ),
            (
                r#"{"@type":"Card","version":"1.0","tessera.org:fields":{"shoe_size":{"value":"EU 40"}}}"#,
                "member /tessera.org:fields/shoe_size: expected an array",
            ),
            ("{\"@type\":\"Card\",\n\"version\":", "line 2"),
        ] {
            let e = parse_jscontact(card).unwrap_err().to_string();
            assert!(e.contains(expected), "{card}: {e}");
        }
    }

    #[test]
    fn reads_standard_members_and_skips_unknown_ones() {
        let card = r#"{"@type":"Card","version":"1.0","uid":"urn:x",
          "name":{"components":[{"kind":"given","value":"Ada"},{"kind":"surname","value":"Lovelace"},{"kind":"title","value":"Countess"}]},
          "emails":{"e1":{"address":"ada@home.example","label":"home","pref":1}},
          "addresses":{"a1":{"components":[{"kind":"number","value":"12"},{"kind":"name","value":"High St"},{"kind":"locality","value":"London"}],"countryCode":"GB"}},
          "anniversaries":{"b1":{"kind":"birth","date":{"@type":"PartialDate","year":1815,"month":12,"day":10}}},
          "photos":{"p":{"href":"x"}}}"#;
        let parsed = parse_jscontact(card).unwrap();
        let got: Vec<_> = parsed
            .values
            .iter()
            .map(|v| (v.field.as_str(), v.input.as_str()))
            .collect();
        assert!(got.contains(&("given_name", "Ada")));
        assert!(got.contains(&("birthdate", "1815-12-10")));
        let adr = parsed.values.iter().find(|v| v.field == "address").unwrap();
        assert!(
            adr.input.contains("12 High St") && adr.input.contains("GB"),
            "{}",
            adr.input
        );
        assert!(
            parsed
                .values
                .iter()
                .find(|v| v.field == "email")
                .unwrap()
                .primary
        );
        assert!(parsed.skipped.iter().any(|s| s.contains("/photos")));
        assert!(parsed.skipped.iter().any(|s| s.contains("title")));
    }
}
