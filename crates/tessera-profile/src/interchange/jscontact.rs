//! JSContact (RFC 9553) Cards: a reader that keeps every value it can use and lists every
//! other member by its JSON pointer with the reason, and a writer. JSON itself is parsed and
//! written by serde_json. The mapping is documented in `docs/fields.md`.
//!
//! A file holds one Card, or a JSON array of Cards (what address books export). Every field
//! that has no standard member travels in the vendor property `tessera.org:fields`.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use serde_json::{Map, Value as Json, json};

use super::{
    CardSummary, Exportable, Incoming, OptIn, Parsed, ParsedCard, STANDARD_FIELDS, Skipped, origin,
    reason,
};
use crate::countries::country_code;
use crate::model::{Address, Value};
use crate::{ProfileError, Result};

const VENDOR: &str = "tessera.org:fields";

/// Members about the card or the address book rather than the person.
const ABOUT_THE_FILE: &[&str] = &[
    "language",
    "directories",
    "calendars",
    "schedulingAddresses",
    "vCardProps",
];

/// Maps one Card's members to values and skipped items.
struct CardReader {
    card: ParsedCard,
    /// The card's own JSON pointer in the file: empty for a file of one card, `/2` for the
    /// third card of an array. Every origin starts with it.
    at: String,
}

/// A string member, or a skipped item saying what was wrong.
fn text<'a>(o: &'a Map<String, Json>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Json::as_str)
}

/// RFC 9553 `contexts` (`work`, `private`) and a `label`, as Tessera's label: the label wins;
/// `private` reads as vCard's `home`.
fn label_of(o: &Map<String, Json>, extra: &[&str]) -> Option<String> {
    if let Some(label) = text(o, "label").map(str::trim).filter(|l| !l.is_empty()) {
        return Some(label.chars().take(64).collect());
    }
    let mut words: Vec<String> = o
        .get("contexts")
        .and_then(Json::as_object)
        .map(|c| {
            c.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| match k.as_str() {
                    "private" => "home".to_owned(),
                    other => other.to_ascii_lowercase(),
                })
                .collect()
        })
        .unwrap_or_default();
    words.extend(extra.iter().map(|w| (*w).to_owned()));
    words.sort();
    words.dedup();
    let label = words.join(" ");
    (!label.is_empty()).then(|| label.chars().take(64).collect())
}

fn pref_of(o: &Map<String, Json>) -> Option<u8> {
    o.get("pref")
        .and_then(Json::as_u64)
        .and_then(|p| u8::try_from(p).ok())
        .filter(|p| (1..=100).contains(p))
}

impl CardReader {
    fn value(&mut self, path: &str, field: &str, input: impl Into<String>) -> &mut Incoming {
        self.card
            .values
            .push(Incoming::new(field, input, &self.origin(path)));
        self.card.values.last_mut().expect("just pushed")
    }

    /// A value from an entry of a map member: its label (`label`, else `contexts`) and
    /// preference come from the entry.
    fn entry_value(
        &mut self,
        path: &str,
        field: &str,
        input: impl Into<String>,
        e: &Map<String, Json>,
    ) -> &mut Incoming {
        let v = self.value(path, field, input);
        v.label = label_of(e, &[]);
        v.pref = pref_of(e);
        v
    }

    /// Skips the member at `path`; the item named is its top-level member (`addresses`).
    fn skip(&mut self, path: &str, reason: impl Into<String>) {
        let item = path.trim_start_matches('/').split('/').next().unwrap_or("");
        self.card
            .skipped
            .push(Skipped::new(&self.origin(path), item, reason));
    }

    /// Where the member at `path` of this card is in the file.
    fn origin(&self, path: &str) -> String {
        origin::member(&format!("{}{path}", self.at))
    }

    /// Each entry of a map member (`emails`, `phones`...), as an object; other entries skipped.
    fn entries<'a>(
        &mut self,
        member: &'a Json,
        path: &str,
    ) -> Vec<(String, &'a Map<String, Json>)> {
        let Some(map) = member.as_object() else {
            self.skip(
                path,
                tessera_text::text!("interchange-jscontact-expected-entries"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (id, entry) in map {
            let epath = format!("{path}/{id}");
            match entry.as_object() {
                Some(o) => out.push((epath, o)),
                None => self.skip(
                    &epath,
                    tessera_text::text!("interchange-jscontact-expected-object"),
                ),
            }
        }
        out
    }

    /// A string member an entry needs; skips the entry when it is missing.
    fn need<'a>(&mut self, o: &'a Map<String, Json>, key: &str, path: &str) -> Option<&'a str> {
        match o.get(key) {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim()),
            Some(Json::String(_)) => {
                self.skip(&format!("{path}/{key}"), reason::empty());
                None
            }
            Some(_) => {
                self.skip(
                    &format!("{path}/{key}"),
                    tessera_text::text!("interchange-jscontact-expected-string"),
                );
                None
            }
            None => {
                self.skip(
                    path,
                    tessera_text::text!("interchange-jscontact-missing", member = key.to_owned()),
                );
                None
            }
        }
    }

    fn read(mut self, card: &Map<String, Json>) -> ParsedCard {
        match text(card, "version") {
            Some("1.0") => {}
            Some(version) => self.card.notes.push(tessera_text::text!(
                "interchange-jscontact-version",
                version = format!("{version:?}")
            )),
            None => self
                .card
                .notes
                .push(tessera_text::text!("interchange-jscontact-no-version")),
        }
        if let Some(kind) = text(card, "kind")
            && kind != "individual"
        {
            self.card.notes.push(tessera_text::text!(
                "interchange-jscontact-not-a-person",
                kind = kind.to_owned()
            ));
        }
        for (key, member) in card {
            let path = format!("/{key}");
            match key.as_str() {
                // Record-keeping of the program that wrote the card: not listed as skipped.
                "@type" | "version" | "kind" | "uid" | "created" | "updated" | "prodId" => {}
                "name" => self.name(member, &path),
                "nicknames" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(n) = self.need(e, "name", &p) {
                            self.value(&p, "nickname", n);
                        }
                    }
                }
                "emails" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(a) = self.need(e, "address", &p) {
                            let a = a.strip_prefix("mailto:").unwrap_or(a).to_owned();
                            self.entry_value(&p, "email", a, e);
                        }
                    }
                }
                "phones" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(n) = self.need(e, "number", &p) {
                            let n = n.strip_prefix("tel:").unwrap_or(n).to_owned();
                            let features: Vec<&str> = e
                                .get("features")
                                .and_then(Json::as_object)
                                .map(|f| {
                                    f.keys()
                                        .map(String::as_str)
                                        .filter(|k| *k != "voice")
                                        .collect()
                                })
                                .unwrap_or_default();
                            self.entry_value(&p, "phone_number", n, e).label =
                                label_of(e, &features);
                        }
                    }
                }
                "links" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(u) = self.need(e, "uri", &p) {
                            self.entry_value(&p, "website", u, e);
                        }
                    }
                }
                "onlineServices" => {
                    for (p, e) in self.entries(member, &path) {
                        let service = text(e, "service").map(str::to_lowercase);
                        match text(e, "uri") {
                            Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                                let v = self.entry_value(&p, "social_profiles", u, e);
                                v.label = v.label.take().or(service);
                            }
                            Some(u) => {
                                let v = self.entry_value(&p, "instant_messaging", u, e);
                                v.label = v.label.take().or(service);
                            }
                            None => self.skip(
                                &p,
                                tessera_text::text!("interchange-jscontact-service-without-uri"),
                            ),
                        }
                    }
                }
                "preferredLanguages" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(l) = self.need(e, "language", &p) {
                            self.entry_value(&p, "language", l, e);
                        }
                    }
                }
                "addresses" => {
                    for (p, e) in self.entries(member, &path) {
                        self.address(e, &p);
                    }
                }
                "anniversaries" => {
                    for (p, e) in self.entries(member, &path) {
                        let field = match text(e, "kind") {
                            Some("birth") => "birthdate",
                            Some("wedding") => "anniversary",
                            other => {
                                let reason = match other {
                                    Some(kind) => tessera_text::text!(
                                        "interchange-jscontact-anniversary-kind",
                                        kind = format!("{kind:?}")
                                    ),
                                    None => tessera_text::text!(
                                        "interchange-jscontact-anniversary-no-kind"
                                    ),
                                };
                                self.skip(&p, reason);
                                continue;
                            }
                        };
                        match e.get("date").map(date_of) {
                            Some(Ok(d)) => {
                                self.value(&p, field, d);
                            }
                            Some(Err(reason)) => self.skip(&format!("{p}/date"), reason),
                            None => self.skip(
                                &p,
                                tessera_text::text!(
                                    "interchange-jscontact-missing",
                                    member = "date"
                                ),
                            ),
                        }
                    }
                }
                "organizations" => {
                    for (p, e) in self.entries(member, &path) {
                        let mut parts: Vec<String> =
                            text(e, "name").map(str::to_owned).into_iter().collect();
                        if let Some(units) = e.get("units").and_then(Json::as_array) {
                            parts.extend(units.iter().filter_map(|u| {
                                u.get("name").and_then(Json::as_str).map(str::to_owned)
                            }));
                        }
                        if parts.is_empty() {
                            self.skip(
                                &p,
                                tessera_text::text!("interchange-jscontact-organization-unnamed"),
                            );
                            continue;
                        }
                        self.entry_value(&p, "organization", parts.join(", "), e);
                    }
                }
                "titles" => {
                    for (p, e) in self.entries(member, &path) {
                        let field = match text(e, "kind") {
                            Some("role") => "occupation",
                            _ => "job_title",
                        };
                        if let Some(n) = self.need(e, "name", &p) {
                            self.value(&p, field, n);
                        }
                    }
                }
                "notes" => {
                    for (p, e) in self.entries(member, &path) {
                        if let Some(n) = self.need(e, "note", &p) {
                            self.value(&p, "notes", n).opt_in = Some(OptIn::Notes);
                        }
                    }
                }
                "keywords" => {
                    let words: Vec<String> = member
                        .as_object()
                        .map(|k| {
                            k.iter()
                                .filter(|(_, v)| v.as_bool() == Some(true))
                                .map(|(k, _)| k.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    if words.is_empty() {
                        self.skip(
                            &path,
                            tessera_text::text!("interchange-jscontact-no-keywords"),
                        );
                    } else {
                        self.value(&path, "interests", words.join(", ")).opt_in =
                            Some(OptIn::Categories);
                    }
                }
                "personalInfo" => {
                    for (p, e) in self.entries(member, &path) {
                        let field = match text(e, "kind") {
                            Some("hobby") => "hobbies",
                            Some("interest") => "interests",
                            other => {
                                let reason = match other {
                                    Some(kind) => tessera_text::text!(
                                        "interchange-jscontact-personal-info-kind",
                                        kind = format!("{kind:?}")
                                    ),
                                    None => tessera_text::text!(
                                        "interchange-jscontact-personal-info-no-kind"
                                    ),
                                };
                                self.skip(&p, reason);
                                continue;
                            }
                        };
                        if let Some(v) = self.need(e, "value", &p) {
                            self.value(&p, field, v);
                        }
                    }
                }
                VENDOR => self.vendor(member, &path),
                "media" | "cryptoKeys" => {
                    self.skip(&path, reason::media());
                }
                "localizations" => self.skip(
                    &path,
                    tessera_text::text!("interchange-jscontact-localizations"),
                ),
                "relatedTo" | "members" => self.skip(&path, reason::about_others()),
                "speakToAs" => {
                    self.skip(
                        &path,
                        tessera_text::text!("interchange-jscontact-speak-to-as"),
                    );
                }
                k if ABOUT_THE_FILE.contains(&k) => {
                    self.skip(&path, reason::about_the_file());
                }
                other => self.skip(&path, reason::no_field(other)),
            }
        }
        self.card
    }

    fn name(&mut self, member: &Json, path: &str) {
        let Some(name) = member.as_object() else {
            self.skip(
                path,
                tessera_text::text!("interchange-jscontact-expected-object"),
            );
            return;
        };
        if let Some(full) = text(name, "full").map(str::trim).filter(|f| !f.is_empty()) {
            self.value(&format!("{path}/full"), "name", full);
        }
        if let Some(components) = name.get("components") {
            let Some(list) = components.as_array() else {
                self.skip(
                    &format!("{path}/components"),
                    tessera_text::text!("interchange-jscontact-expected-array"),
                );
                return;
            };
            let mut family: Vec<(String, String)> = Vec::new();
            for (i, c) in list.iter().enumerate() {
                let cpath = format!("{path}/components/{i}");
                let (Some(kind), Some(value)) = (
                    c.get("kind").and_then(Json::as_str),
                    c.get("value").and_then(Json::as_str).map(str::trim),
                ) else {
                    self.skip(
                        &cpath,
                        tessera_text::text!("interchange-jscontact-name-component-incomplete"),
                    );
                    continue;
                };
                if value.is_empty() {
                    continue;
                }
                match kind {
                    "given" => {
                        self.value(&cpath, "given_name", value);
                    }
                    "given2" => {
                        self.value(&cpath, "middle_name", value);
                    }
                    "surname" | "surname2" => family.push((cpath, value.to_owned())),
                    "separator" => {}
                    other => self.skip(
                        &cpath,
                        tessera_text::text!(
                            "interchange-jscontact-name-component-kind",
                            kind = other.to_owned()
                        ),
                    ),
                }
            }
            // A second surname (Spanish, Portuguese names) is part of the family name.
            if let Some((first_path, _)) = family.first() {
                let joined = family
                    .iter()
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                let first_path = first_path.clone();
                self.value(&first_path, "family_name", joined);
            }
        }
        for key in name.keys() {
            if !matches!(
                key.as_str(),
                "@type"
                    | "full"
                    | "components"
                    | "isOrdered"
                    | "defaultSeparator"
                    | "sortAs"
                    | "phoneticSystem"
                    | "phoneticScript"
            ) {
                self.skip(
                    &format!("{path}/{key}"),
                    reason::no_field(&format!("name/{key}")),
                );
            }
        }
    }

    fn address(&mut self, e: &Map<String, Json>, path: &str) {
        let mut address = Address::default();
        let mut street: Vec<String> = Vec::new();
        let mut country_name: Option<String> = None;
        if let Some(components) = e.get("components").and_then(Json::as_array) {
            for (i, c) in components.iter().enumerate() {
                let cpath = format!("{path}/components/{i}");
                let kind = c.get("kind").and_then(Json::as_str).unwrap_or("");
                let Some(value) = c.get("value").and_then(Json::as_str).map(str::trim) else {
                    self.skip(
                        &cpath,
                        tessera_text::text!("interchange-jscontact-address-component-no-value"),
                    );
                    continue;
                };
                match kind {
                    "number" | "name" | "building" | "apartment" | "floor" | "room" | "block"
                    | "subdistrict" | "district" | "direction" | "landmark" | "postOfficeBox" => {
                        street.push(value.to_owned());
                    }
                    "locality" => address.locality = Some(value.to_owned()),
                    "region" => address.region = Some(value.to_owned()),
                    "postcode" => address.postal_code = Some(value.to_owned()),
                    "country" => country_name = Some(value.to_owned()),
                    "separator" => {}
                    other => self.skip(
                        &cpath,
                        tessera_text::text!(
                            "interchange-jscontact-address-component-kind",
                            kind = other.to_owned()
                        ),
                    ),
                }
            }
        }
        if !street.is_empty() {
            address.street_address = Some(street.join(" "));
        }
        let wanted = text(e, "countryCode").map(str::to_owned).or(country_name);
        if let Some(country) = wanted {
            match country_code(&country) {
                Some(code) => address.country = Some(code.to_owned()),
                None => self.skip(path, reason::unknown_country(&country)),
            }
        }
        if address == Address::default() {
            match text(e, "full").map(str::trim).filter(|f| !f.is_empty()) {
                Some(full) => address.street_address = Some(full.replace('\n', ", ")),
                None => {
                    self.skip(path, reason::empty());
                    return;
                }
            }
        } else if e.contains_key("full") {
            self.skip(
                &format!("{path}/full"),
                tessera_text::text!("interchange-jscontact-address-full"),
            );
        }
        for key in ["coordinates", "timeZone"] {
            if e.contains_key(key) {
                self.skip(
                    &format!("{path}/{key}"),
                    tessera_text::text!("interchange-jscontact-address-extra", member = key),
                );
            }
        }
        let json = serde_json::to_string(&address).expect("an address serializes");
        self.entry_value(path, "address", json, e);
    }

    fn vendor(&mut self, member: &Json, path: &str) {
        let Some(fields) = member.as_object() else {
            self.skip(
                path,
                tessera_text::text!("interchange-jscontact-expected-fields"),
            );
            return;
        };
        for (field, values) in fields {
            let fpath = format!("{path}/{field}");
            let Some(list) = values.as_array() else {
                self.skip(
                    &fpath,
                    tessera_text::text!("interchange-jscontact-expected-values"),
                );
                continue;
            };
            for (i, entry) in list.iter().enumerate() {
                let vpath = format!("{fpath}/{i}");
                let Some(e) = entry.as_object() else {
                    self.skip(
                        &vpath,
                        tessera_text::text!("interchange-jscontact-expected-object"),
                    );
                    continue;
                };
                let Some(value) = self.need(e, "value", &vpath).map(str::to_owned) else {
                    continue;
                };
                let custom = field.starts_with(crate::model::CUSTOM_PREFIX).then(|| {
                    (
                        text(e, "customLabel").map_or_else(|| field.clone(), str::to_owned),
                        text(e, "sensitivity").unwrap_or("standard").to_owned(),
                    )
                });
                let label = text(e, "label").map(str::to_owned);
                let primary = e.get("primary").and_then(Json::as_bool).unwrap_or(false);
                let v = self.value(&vpath, field, value);
                v.label = label;
                v.pref = primary.then_some(1);
                v.custom = custom;
            }
        }
    }
}

/// A PartialDate (`{"year":1990,"month":4,"day":23}`, year optional) or a Timestamp (`utc`).
fn date_of(date: &Json) -> std::result::Result<String, String> {
    let Some(d) = date.as_object() else {
        return Err(tessera_text::text!("interchange-jscontact-expected-date"));
    };
    if let Some(utc) = d.get("utc").and_then(Json::as_str) {
        let day = utc.split('T').next().unwrap_or("");
        return Ok(day.to_owned());
    }
    let part = |k: &str| d.get(k).and_then(Json::as_u64);
    match (part("year"), part("month"), part("day")) {
        (Some(y), Some(m), Some(day)) => Ok(format!("{y:04}-{m:02}-{day:02}")),
        (None, Some(m), Some(day)) => Ok(format!("--{m:02}-{day:02}")),
        _ => Err(reason::partial_date()),
    }
}

/// Reads a JSContact file: one Card, or an array of Cards. Fails when the JSON does not
/// parse or holds no Card; anything else that cannot be used is listed as skipped.
pub fn parse_jscontact(text: &str) -> Result<Parsed> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        ProfileError::InvalidInput(tessera_text::text!(
            "interchange-jscontact-not-json",
            line = e.line().to_string(),
            column = e.column().to_string(),
            problem = e.to_string()
        ))
    })?;
    let mut parsed = Parsed::default();
    let candidates: Vec<(String, &Json)> = match &json {
        Json::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("/{i}"), c))
            .collect(),
        other => vec![(String::new(), other)],
    };
    for (path, candidate) in candidates {
        let at = if path.is_empty() {
            "/".to_owned()
        } else {
            path.clone()
        };
        match candidate.as_object() {
            Some(card) if card.get("@type").and_then(Json::as_str) == Some("Card") => {
                let reader = CardReader {
                    card: ParsedCard::default(),
                    at: path.clone(),
                };
                let mut card = reader.read(card);
                card.summary = CardSummary::of(parsed.cards.len().saturating_add(1), &card.values);
                parsed.cards.push(card);
            }
            Some(_) => parsed.skipped.push(Skipped::new(
                &origin::member(&at),
                &at,
                tessera_text::text!("interchange-jscontact-not-a-card"),
            )),
            None => parsed.skipped.push(Skipped::new(
                &origin::member(&at),
                &at,
                tessera_text::text!("interchange-jscontact-expected-object"),
            )),
        }
    }
    if parsed.cards.is_empty() {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "interchange-jscontact-no-card"
        )));
    }
    Ok(parsed)
}

/// `1990-04-23` or `--04-23` as an RFC 9553 PartialDate.
fn partial_date(date: &str) -> Json {
    let numbers: Vec<u64> = date
        .split('-')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    match numbers.as_slice() {
        [y, m, d] => json!({"@type": "PartialDate", "year": y, "month": m, "day": d}),
        [m, d] => json!({"@type": "PartialDate", "month": m, "day": d}),
        _ => json!({"@type": "PartialDate"}),
    }
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
    let mut name = Map::new();
    if !components.is_empty() {
        name.insert("components".into(), Json::Array(components));
    }
    if let Some(full) = text("name") {
        name.insert("full".into(), json!(full));
    }
    if !name.is_empty() {
        card.insert("name".into(), Json::Object(name));
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
    group("organizations", "o", "organization", &|v| {
        one("name", v.value.display())
    });
    group("onlineServices", "s", "instant_messaging", &|v| {
        one("uri", v.value.display())
    });
    let mut anniversaries = Map::new();
    for (id, kind, field) in [
        ("b1", "birth", "birthdate"),
        ("w1", "wedding", "anniversary"),
    ] {
        if let Some(date) = text(field) {
            anniversaries.insert(
                id.into(),
                json!({"kind": kind, "date": partial_date(&date)}),
            );
        }
    }
    if !anniversaries.is_empty() {
        card.insert("anniversaries".into(), Json::Object(anniversaries));
    }
    if let Some(title) = text("job_title") {
        card.insert(
            "titles".into(),
            json!({"t1": {"kind": "title", "name": title}}),
        );
    }
    if let Some(note) = text("notes") {
        card.insert("notes".into(), json!({"n1": {"note": note}}));
    }
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
    use crate::interchange::test_util::{
        assert_each_begins_one, assert_holds, assert_refused, got, only_card,
    };

    fn card(text: &str) -> ParsedCard {
        only_card(parse_jscontact(text).unwrap())
    }

    #[test]
    fn only_unreadable_json_or_no_card_is_refused() {
        assert_refused(
            parse_jscontact,
            &[
                ("[1]", "no JSContact Card"),
                (r#"{"@type":"Contact","version":"1.0"}"#, "member /@type"),
                ("{\"@type\":\"Card\",\n\"version\":", "line 2"),
            ],
        );
    }

    /// Regression: a card without a version, or an anniversary or personal information without
    /// a kind, was described with Rust's own notation (`None`, `Some("death")`).
    #[test]
    fn a_missing_version_or_kind_is_said_in_words() {
        let c = card(
            r#"{"@type":"Card",
            "anniversaries":{"a":{"kind":"death","date":{"year":1990,"month":1,"day":2}},"b":{"date":{"year":1990,"month":1,"day":2}}},
            "personalInfo":{"p":{"kind":"expertise","value":"chemistry"},"q":{"value":"chess"}}}"#,
        );
        let mut said: Vec<String> = c.skipped.iter().map(|s| s.reason.clone()).collect();
        said.extend(c.notes.iter().cloned());
        assert!(
            said.iter()
                .all(|s| !s.contains("Some(") && !s.contains("None")),
            "{said:#?}"
        );
        assert_each_begins_one(
            &said,
            &[
                "an anniversary of kind \"death\": Tessera keeps birth dates and wedding anniversaries",
                "an anniversary without a kind: Tessera keeps birth dates and wedding anniversaries",
                "personal information of kind \"expertise\" has no field",
                "personal information without a kind has no field",
                "the card gives no version; it was read as JSContact 1.0",
            ],
        );
    }

    #[test]
    fn a_member_that_cannot_be_used_is_listed_by_its_pointer() {
        let c = card(
            r#"{"@type":"Card","version":"1.0","emails":{"e1":{"adress":"x"},"e2":{"address":7},"e3":{"address":"ok@example.com"}},
            "anniversaries":{"b":{"kind":"birth","date":{"year":1990}}},"photos":{"p":{"href":"x"}}}"#,
        );
        let s: Vec<String> = c
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.origin, s.reason))
            .collect();
        assert_each_begins_one(
            &s,
            &[
                "member /emails/e1: missing \"address\"",
                "member /emails/e2/address: expected a string",
                "member /anniversaries/b/date: a date without a month and day",
                "member /photos: Tessera has no field for photos",
            ],
        );
        assert_eq!(c.values.len(), 1);
    }

    #[test]
    fn reads_standard_members_contexts_and_organizations() {
        let c = card(
            r#"{"@type":"Card","version":"1.0","uid":"urn:x",
          "name":{"full":"Ada King","components":[{"kind":"given","value":"Ada"},{"kind":"surname","value":"Lovelace"},{"kind":"title","value":"Countess"}]},
          "emails":{"e1":{"address":"ada@home.example","contexts":{"private":true},"pref":1},"e2":{"address":"mailto:ada@work.example","contexts":{"work":true}}},
          "addresses":{"a1":{"components":[{"kind":"number","value":"12"},{"kind":"name","value":"High St"},{"kind":"locality","value":"London"},{"kind":"country","value":"United Kingdom"}]}},
          "anniversaries":{"b1":{"kind":"birth","date":{"@type":"PartialDate","month":12,"day":10}}},
          "organizations":{"o1":{"name":"ABC","units":[{"name":"Research"}]}},
          "titles":{"t1":{"kind":"title","name":"Analyst"}},
          "onlineServices":{"s1":{"service":"XMPP","uri":"xmpp:ada@example.com"}}}"#,
        );
        assert_holds(
            &got(&c),
            &[
                ("name", "Ada King", None, None),
                ("given_name", "Ada", None, None),
                ("email", "ada@home.example", Some("home"), Some(1)),
                ("email", "ada@work.example", Some("work"), None),
                ("birthdate", "--12-10", None, None),
                ("organization", "ABC, Research", None, None),
                ("job_title", "Analyst", None, None),
                (
                    "instant_messaging",
                    "xmpp:ada@example.com",
                    Some("xmpp"),
                    None,
                ),
            ],
        );
        let adr = c.values.iter().find(|v| v.field == "address").unwrap();
        assert!(
            adr.input.contains("12 High St") && adr.input.contains("\"GB\""),
            "{}",
            adr.input
        );
        assert!(c.skipped.iter().any(|s| s.reason.contains("title")));
    }

    #[test]
    fn an_array_holds_several_cards() {
        let parsed = parse_jscontact(
            r#"[{"@type":"Card","version":"1.0","name":{"full":"A"}},{"@type":"Card","version":"1.0","name":{"full":"B"},"emails":{"e":{"address":"b@x.example"}}},{"x":1}]"#,
        )
        .unwrap();
        assert_eq!(parsed.cards.len(), 2);
        assert_eq!(parsed.cards[1].summary.index, 2);
        let email = parsed.cards[1]
            .values
            .iter()
            .find(|v| v.field == "email")
            .unwrap();
        assert_eq!(email.origin, "member /1/emails/e");
        assert_eq!(parsed.skipped[0].origin, "member /2");
    }
}
