//! vCard 2.1, 3.0 and 4.0 (RFC 6350): a reader that keeps every value it can use and lists
//! every other line with its reason, and a vCard 4.0 writer.
//!
//! The mapping of each property, both ways, is documented in `docs/fields.md` (vCard and
//! JSContact). Lines come from [`super::lexer`], which undoes folding, quoted-printable and
//! charsets; this module decides what each property means for the profile.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::fmt::Write as _;

use super::lexer::{self, Line, RawCard};
use super::{
    CardSummary, Exportable, Incoming, OptIn, Parsed, ParsedCard, STANDARD_FIELDS, Skipped, origin,
    reason,
};
use crate::Result;
use crate::catalogue;
use crate::countries::country_code;
use crate::model::{Address, Value};

/// Splits a structured value on unescaped `;` into components, and each component on
/// unescaped `,` into its values, unescaping them; several values of a component are joined
/// with `join`.
fn components(value: &str, join: &str) -> Vec<String> {
    let mut out: Vec<Vec<String>> = vec![vec![String::new()]];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        let current = out.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => current.last_mut().expect("never empty").push('\n'),
                Some(other) => current.last_mut().expect("never empty").push(other),
                None => {}
            },
            ';' => out.push(vec![String::new()]),
            ',' => current.push(String::new()),
            c => current.last_mut().expect("never empty").push(c),
        }
    }
    out.into_iter()
        .map(|values| {
            values
                .into_iter()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(join)
        })
        .collect()
}

/// Splits on unescaped `,` (a text list such as NICKNAME or CATEGORIES), unescaping.
fn list(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        let current = out.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => current.push('\n'),
                Some(other) => current.push(other),
                None => {}
            },
            ',' => out.push(String::new()),
            c => current.push(c),
        }
    }
    out.into_iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Tessera's parameter for a label that TYPE values cannot carry exactly.
const LABEL_PARAM: &str = "X-TESSERA-LABEL";
/// Marks an FN that Tessera made from the name's parts (no full name was given).
const DERIVED: &str = "X-TESSERA-DERIVED";

/// TYPE values that say how a value is carried rather than what it is for.
const NOT_LABELS: &[&str] = &[
    "pref", "internet", "x400", "voice", "dom", "intl", "postal", "parcel", "msg", "uri", "text",
];

/// The label of a value: Apple's `X-ABLabel` for its group, else its TYPE values (`work`,
/// `home cell`). RFC 6350 TYPE values are case-insensitive, so labels are lowercase.
fn label_of(line: &Line, apple: &HashMap<String, String>) -> Option<String> {
    if let Some(label) = line.param(LABEL_PARAM) {
        return Some(label.to_owned());
    }
    if let Some(label) = line.group.as_ref().and_then(|g| apple.get(g)) {
        return Some(label.clone());
    }
    let types: Vec<String> = line
        .types()
        .into_iter()
        .filter(|t| !NOT_LABELS.contains(&t.as_str()))
        .collect();
    let label = types.join(" ");
    (!label.is_empty()).then(|| label.chars().take(64).collect())
}

/// Apple writes standard labels as `_$!<HomePage>!$_` (read in lower case, like TYPE
/// values); a label of the person's own (`Rowing club`) keeps its case.
fn apple_label(value: &str) -> Option<String> {
    let v = unescape(value);
    let v = v.trim();
    let label: String = match v.strip_prefix("_$!<").and_then(|r| r.strip_suffix(">!$_")) {
        Some(standard) => standard.to_lowercase(),
        None => v.to_owned(),
    };
    let label: String = label.trim().chars().take(64).collect();
    (!label.is_empty()).then_some(label)
}

/// `PREF=n` (4.0, 1 is most preferred) or `TYPE=PREF` (2.1, 3.0).
fn pref_of(line: &Line) -> Option<u8> {
    if let Some(p) = line.param("PREF") {
        return p
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| (1..=100).contains(p));
    }
    line.types().iter().any(|t| t == "pref").then_some(1)
}

/// Why a BDAY or ANNIVERSARY is not a date Tessera keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateProblem {
    /// `--04` or `---23`: a month or a day alone.
    Partial,
    /// `1990` or `1990-04`.
    NoDay,
    Unreadable,
}

impl DateProblem {
    /// The reason an import gives: `raw` is the value as the file has it.
    fn reason(self, raw: &str) -> String {
        let value = format!("{raw:?}");
        match self {
            DateProblem::Partial => {
                tessera_text::text!("interchange-vcard-date-partial", value = value)
            }
            DateProblem::NoDay => {
                tessera_text::text!("interchange-vcard-date-no-day", value = value)
            }
            DateProblem::Unreadable => {
                tessera_text::text!("interchange-vcard-date-unreadable", value = value)
            }
        }
    }
}

/// A BDAY or ANNIVERSARY as Tessera's date (`YYYY-MM-DD` or `--MM-DD`); `Err` says why not.
fn date_value(raw: &str) -> std::result::Result<String, DateProblem> {
    let v = raw.trim();
    let date = v.split(['T', 't']).next().unwrap_or(v);
    if let Some(rest) = date.strip_prefix("--") {
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 4 && rest.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Ok(format!(
                "--{}-{}",
                digits.get(..2).unwrap_or(""),
                digits.get(2..).unwrap_or("")
            ));
        }
        return Err(DateProblem::Partial);
    }
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let shape_ok = date.chars().all(|c| c.is_ascii_digit() || c == '-');
    match (shape_ok, digits.len()) {
        (true, 8) => Ok(format!(
            "{}-{}-{}",
            digits.get(..4).unwrap_or(""),
            digits.get(4..6).unwrap_or(""),
            digits.get(6..).unwrap_or("")
        )),
        (true, 4 | 6) => Err(DateProblem::NoDay),
        _ => Err(DateProblem::Unreadable),
    }
}

/// `-0500`, `-05:00`, `UTC+1` as an IANA zone: whole hours only (`Etc/GMT+5`, whose sign is
/// inverted by IANA's convention).
fn offset_zone(raw: &str) -> Option<String> {
    let v = raw.trim();
    let v = v
        .strip_prefix("UTC")
        .or_else(|| v.strip_prefix("GMT"))
        .unwrap_or(v);
    let (sign, rest) = match v.chars().next()? {
        '+' => (1i8, v.get(1..)?),
        '-' => (-1i8, v.get(1..)?),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let (hours, minutes) = if digits.len() <= 2 {
        (digits.as_str(), "00")
    } else {
        (
            digits.get(..digits.len().saturating_sub(2))?,
            digits.get(digits.len().saturating_sub(2)..)?,
        )
    };
    let hours: i8 = hours.parse().ok()?;
    if minutes != "00" || hours > 14 {
        return None;
    }
    Some(match hours {
        0 => "Etc/UTC".to_owned(),
        h => format!("Etc/GMT{}{h}", if sign > 0 { '-' } else { '+' }),
    })
}

/// Vendor properties for messaging handles, and the URI scheme of each service.
const MESSAGING: &[(&str, &str)] = &[
    ("X-JABBER", "xmpp"),
    ("X-GTALK", "xmpp"),
    ("X-SKYPE", "skype"),
    ("X-SKYPE-USERNAME", "skype"),
    ("X-AIM", "aim"),
    ("X-ICQ", "icq"),
    ("X-MSN", "msnim"),
    ("X-YAHOO", "ymsgr"),
    ("X-SIP", "sip"),
];

/// Record-keeping of the program that wrote the card (which program, the card's id, when it
/// changed): never about the person, and not listed as skipped.
const RECORD_KEEPING: &[&str] = &["PRODID", "UID", "REV", "CLIENTPIDMAP"];

/// Properties about the file or the address book rather than the person.
const ABOUT_THE_FILE: &[&str] = &[
    "SOURCE",
    "NAME",
    "PROFILE",
    "MAILER",
    "CLASS",
    "SORT-STRING",
    "XML",
];

/// Properties that describe someone else.
const ABOUT_OTHERS: &[&str] = &[
    "AGENT",
    "RELATED",
    "MEMBER",
    "X-ABRELATEDNAMES",
    "X-SPOUSE",
    "X-MS-SPOUSE",
    "X-EVOLUTION-SPOUSE",
    "X-WAB-SPOUSE_NAME",
    "X-MS-MANAGER",
    "X-MS-ASSISTANT",
    "X-EVOLUTION-MANAGER",
    "X-EVOLUTION-ASSISTANT",
    "X-ASSISTANT",
    "X-MANAGER",
];

const MEDIA: &[&str] = &["PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE"];

/// Maps one card's lines to values and skipped items.
struct CardReader<'a> {
    card: ParsedCard,
    apple: HashMap<String, String>,
    version: Option<String>,
    lines: &'a [(usize, Line)],
}

impl CardReader<'_> {
    fn value(&mut self, line: &Line, field: &str, input: impl Into<String>) -> &mut Incoming {
        self.card
            .values
            .push(Incoming::new(field, input, &origin::line(line.number)));
        self.card.values.last_mut().expect("just pushed")
    }

    fn skip(&mut self, line: &Line, reason: impl Into<String>) {
        self.card
            .skipped
            .push(Skipped::new(&origin::line(line.number), &line.name, reason));
    }

    fn labelled(&mut self, line: &Line, field: &str, input: String) {
        let label = label_of(line, &self.apple);
        let pref = pref_of(line);
        let v = self.value(line, field, input);
        v.label = label;
        v.pref = pref;
    }

    fn read(mut self) -> ParsedCard {
        let lines = self.lines;
        for (depth, line) in lines {
            if line.name == "X-ABLABEL"
                && let (Some(group), Some(label)) = (&line.group, apple_label(&line.value))
            {
                self.apple.insert(group.clone(), label);
            }
            if line.name == "VERSION" && *depth == 0 {
                self.version = Some(line.value.trim().to_owned());
            }
        }
        let mut nested_from: Option<usize> = None;
        let mut guessed = false;
        for (depth, line) in lines {
            if *depth > 0 {
                nested_from.get_or_insert(line.number);
                continue;
            }
            if let Some(from) = nested_from.take() {
                self.card.skipped.push(Skipped::new(
                    &origin::lines(from, line.number.saturating_sub(1)),
                    "BEGIN:VCARD",
                    tessera_text::text!("interchange-vcard-nested-card"),
                ));
            }
            if line.guessed_charset && !guessed {
                guessed = true;
                self.card.notes.push(tessera_text::text!(
                    "interchange-vcard-guessed-charset",
                    line = line.number.to_string()
                ));
            }
            self.property(line);
        }
        if self.version.is_none() {
            self.card
                .notes
                .push(tessera_text::text!("interchange-vcard-no-version"));
        }
        self.card
    }

    fn property(&mut self, line: &Line) {
        let name = line.name.as_str();
        let text = unescape(&line.value);
        let trimmed = text.trim();
        if line.binary && !MEDIA.contains(&name) {
            self.skip(line, tessera_text::text!("interchange-vcard-binary"));
            return;
        }
        if trimmed.is_empty()
            && !matches!(
                name,
                "N" | "ADR" | "VERSION" | "X-ABLABEL" | "BEGIN" | "END"
            )
        {
            self.skip(line, reason::empty());
            return;
        }
        match name {
            "VERSION" => match trimmed {
                "2.1" | "3.0" | "4.0" => {}
                other => self.card.notes.push(tessera_text::text!(
                    "interchange-vcard-unknown-version",
                    line = line.number.to_string(),
                    version = format!("{other:?}")
                )),
            },
            "X-ABLABEL" => {}
            name if RECORD_KEEPING.contains(&name) => {}
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                if !trimmed.eq_ignore_ascii_case("individual") {
                    self.card.notes.push(tessera_text::text!(
                        "interchange-vcard-not-a-person",
                        line = line.number.to_string(),
                        kind = trimmed.to_owned()
                    ));
                }
            }
            "FN" if line.param(DERIVED).is_some() => {
                self.skip(line, tessera_text::text!("interchange-vcard-derived-name"));
            }
            "FN" => {
                self.value(line, "name", trimmed);
            }
            "N" => self.name(line),
            "NICKNAME" => {
                for nick in list(&line.value) {
                    self.value(line, "nickname", nick);
                }
            }
            "EMAIL" => {
                let address = trimmed
                    .strip_prefix("mailto:")
                    .unwrap_or(trimmed)
                    .to_owned();
                self.labelled(line, "email", address);
            }
            "TEL" => {
                let number = trimmed.strip_prefix("tel:").unwrap_or(trimmed).to_owned();
                self.labelled(line, "phone_number", number);
            }
            "URL" => self.labelled(line, "website", trimmed.to_owned()),
            "X-SOCIALPROFILE" => self.labelled(line, "social_profiles", trimmed.to_owned()),
            "ADR" => self.address(line),
            "LABEL" => self.skip(line, tessera_text::text!("interchange-vcard-label")),
            "BDAY" => self.date(line, "birthdate", trimmed),
            "ANNIVERSARY"
            | "X-ANNIVERSARY"
            | "X-MS-ANNIVERSARY"
            | "X-EVOLUTION-ANNIVERSARY"
            | "X-WAB-WEDDING_ANNIVERSARY" => self.date(line, "anniversary", trimmed),
            "X-ABDATE" => {
                let is_anniversary = line
                    .group
                    .as_ref()
                    .and_then(|g| self.apple.get(g))
                    .is_some_and(|l| l == "anniversary");
                if is_anniversary {
                    self.date(line, "anniversary", trimmed);
                } else {
                    self.skip(line, tessera_text::text!("interchange-vcard-other-date"));
                }
            }
            "GENDER" | "X-GENDER" | "X-WAB-GENDER" => self.gender(line, trimmed),
            "LANG" => self.labelled(line, "language", trimmed.to_owned()),
            "TZ" => {
                let zone = offset_zone(trimmed).unwrap_or_else(|| trimmed.to_owned());
                self.value(line, "zoneinfo", zone);
            }
            "ORG" => {
                let parts: Vec<String> = components(&line.value, ", ")
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect();
                self.labelled(line, "organization", parts.join(", "));
            }
            "TITLE" => {
                self.value(line, "job_title", trimmed);
            }
            "ROLE" => {
                self.value(line, "occupation", trimmed);
            }
            "NOTE" => {
                self.value(line, "notes", text.trim()).opt_in = Some(OptIn::Notes);
            }
            "CATEGORIES" => {
                self.value(line, "interests", list(&line.value).join(", "))
                    .opt_in = Some(OptIn::Categories);
            }
            "INTEREST" => {
                self.value(line, "interests", trimmed);
            }
            "HOBBY" => {
                self.value(line, "hobbies", trimmed);
            }
            "IMPP" => {
                let label = label_of(line, &self.apple)
                    .or_else(|| line.param("X-SERVICE-TYPE").map(str::to_lowercase));
                let pref = pref_of(line);
                let v = self.value(line, "instant_messaging", trimmed);
                v.label = label;
                v.pref = pref;
            }
            "GEO" => self.skip(line, tessera_text::text!("interchange-vcard-geo")),
            "X-TESSERA-CUSTOM" => self.custom(line, text),
            name if name.starts_with("X-TESSERA-") => {
                let field = name
                    .get("X-TESSERA-".len()..)
                    .unwrap_or("")
                    .to_ascii_lowercase()
                    .replace('-', "_");
                if catalogue::lookup(&field).is_none() {
                    self.skip(
                        line,
                        tessera_text::text!(
                            "interchange-vcard-unknown-tessera-field",
                            property = name
                        ),
                    );
                    return;
                }
                let multiple = catalogue::lookup(&field).is_some_and(|d| d.multiple);
                if multiple {
                    self.labelled(line, &field, text);
                } else {
                    self.value(line, &field, text);
                }
            }
            name if MEDIA.contains(&name) => self.skip(line, reason::media()),
            name if ABOUT_OTHERS.contains(&name) => {
                self.skip(line, reason::about_others());
            }
            name if ABOUT_THE_FILE.contains(&name) || name.starts_with("X-AB") => {
                self.skip(line, reason::about_the_file());
            }
            name => {
                if let Some((_, scheme)) = MESSAGING.iter().find(|(p, _)| *p == name) {
                    let uri = if trimmed.contains(':') {
                        trimmed.to_owned()
                    } else {
                        format!("{scheme}:{trimmed}")
                    };
                    let service = name.get(2..).unwrap_or(name).to_ascii_lowercase();
                    self.value(line, "instant_messaging", uri).label = Some(service);
                } else {
                    self.skip(line, reason::no_field(name));
                }
            }
        }
    }

    fn name(&mut self, line: &Line) {
        let c = components(&line.value, " ");
        if c.iter().all(String::is_empty) {
            self.skip(line, reason::empty());
            return;
        }
        for (i, field) in [(0, "family_name"), (1, "given_name"), (2, "middle_name")] {
            if let Some(v) = c.get(i).filter(|v| !v.is_empty()) {
                self.value(line, field, v.clone());
            }
        }
        let honorifics: [(usize, fn() -> String); 2] = [
            (3, || {
                tessera_text::text!("interchange-vcard-honorific-prefix")
            }),
            (4, || {
                tessera_text::text!("interchange-vcard-honorific-suffix")
            }),
        ];
        for (i, reason) in honorifics {
            if let Some(v) = c.get(i).filter(|v| !v.is_empty()) {
                let _ = v;
                self.card
                    .skipped
                    .push(Skipped::new(&origin::line(line.number), "N", reason()));
            }
        }
        if c.len() > 5 && c.iter().skip(5).any(|v| !v.is_empty()) {
            self.card.skipped.push(Skipped::new(
                &origin::line(line.number),
                "N",
                tessera_text::text!("interchange-vcard-name-components-extra"),
            ));
        }
    }

    fn address(&mut self, line: &Line) {
        // A street over several lines (`\n` in 4.0) becomes one line, parts joined by commas.
        let mut c: Vec<String> = components(&line.value, ", ")
            .into_iter()
            .map(|part| {
                part.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        c.resize(7.max(c.len()), String::new());
        let part = |i: usize| c.get(i).cloned().filter(|s| !s.is_empty());
        // RFC 6350: post office box; extended address; street; locality; region; postal code;
        // country. The extended address (a flat or suite) and the box join the street line.
        let street: Vec<String> = [part(2), part(1), part(0)].into_iter().flatten().collect();
        let mut address = Address {
            street_address: (!street.is_empty()).then(|| street.join(", ")),
            locality: part(3),
            region: part(4),
            postal_code: part(5),
            country: None,
        };
        if let Some(country) = part(6) {
            match country_code(&country) {
                Some(code) => address.country = Some(code.to_owned()),
                None => self.card.skipped.push(Skipped::new(
                    &origin::line(line.number),
                    "ADR",
                    reason::unknown_country(&country),
                )),
            }
        }
        if c.iter().skip(7).any(|v| !v.is_empty()) {
            self.card.skipped.push(Skipped::new(
                &origin::line(line.number),
                "ADR",
                tessera_text::text!("interchange-vcard-address-components-extra"),
            ));
        }
        if address == Address::default() {
            // An address given only as text: in ADR's LABEL parameter (4.0).
            match line.param("LABEL").map(|l| l.replace('\n', ", ")) {
                Some(label) if !label.trim().is_empty() => {
                    address.street_address = Some(label.trim().to_owned());
                }
                _ => {
                    self.skip(line, reason::empty());
                    return;
                }
            }
        } else if line.param("LABEL").is_some() {
            self.card.skipped.push(Skipped::new(
                &origin::line(line.number),
                "ADR;LABEL",
                tessera_text::text!("interchange-vcard-address-label"),
            ));
        }
        let json = serde_json::to_string(&address).expect("an address serializes");
        self.labelled(line, "address", json);
    }

    fn date(&mut self, line: &Line, field: &str, raw: &str) {
        match date_value(raw) {
            Ok(date) => {
                self.value(line, field, date);
            }
            Err(problem) => self.skip(line, problem.reason(raw)),
        }
    }

    fn gender(&mut self, line: &Line, raw: &str) {
        let mut parts = raw.splitn(2, ';');
        let sex = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let identity = parts
            .next()
            .map(|i| unescape(i).trim().to_owned())
            .unwrap_or_default();
        let is_non_binary = matches!(
            identity
                .to_ascii_lowercase()
                .replace(['-', ' ', '_'], "")
                .as_str(),
            "nonbinary" | "enby"
        );
        let gender = match (sex.as_str(), line.name.as_str()) {
            (_, _) if is_non_binary => Some("non_binary"),
            ("f" | "female" | "1", "X-WAB-GENDER") => Some("female"),
            ("m" | "male" | "2", "X-WAB-GENDER") => Some("male"),
            ("f" | "female" | "woman", _) => Some("female"),
            ("m" | "male" | "man", _) => Some("male"),
            ("o" | "other", _) => Some("other"),
            ("n" | "u" | "none" | "unknown", _) => Some("prefer_not_to_say"),
            ("", _) => None,
            _ => {
                self.skip(
                    line,
                    tessera_text::text!("interchange-vcard-not-a-sex", value = format!("{raw:?}")),
                );
                return;
            }
        };
        if let Some(g) = gender {
            self.value(line, "gender", g);
        }
        if !identity.is_empty() && !is_non_binary {
            self.card.skipped.push(Skipped::new(
                &origin::line(line.number),
                "GENDER",
                tessera_text::text!("interchange-vcard-gender-identity"),
            ));
        }
    }

    fn custom(&mut self, line: &Line, text: String) {
        let Some(name) = line.param("X-NAME").map(str::to_owned) else {
            self.skip(
                line,
                tessera_text::text!("interchange-vcard-custom-without-name"),
            );
            return;
        };
        let label = line.param("X-LABEL").unwrap_or(&name).to_owned();
        let sensitivity = line.param("X-SENSITIVITY").unwrap_or("standard").to_owned();
        let value_label = line
            .param(LABEL_PARAM)
            .or_else(|| line.param("TYPE"))
            .map(str::to_owned);
        let pref = pref_of(line);
        let v = self.value(line, &name, text);
        v.label = value_label;
        v.pref = pref;
        v.custom = Some((label, sensitivity));
    }
}

/// Reads every card of a vCard file (2.1, 3.0, 4.0). Fails only when the file holds no card
/// or a card is cut short; anything else that cannot be used is listed as skipped.
pub fn parse_vcard(bytes: &[u8]) -> Result<Parsed> {
    let file = lexer::read(bytes)?;
    let mut parsed = Parsed::default();
    for p in file.problems {
        parsed
            .skipped
            .push(Skipped::new(&origin::line(p.number), "", p.reason));
    }
    for (i, raw) in file.cards.iter().enumerate() {
        parsed.cards.push(read_card(i.saturating_add(1), raw));
    }
    Ok(parsed)
}

fn read_card(index: usize, raw: &RawCard) -> ParsedCard {
    let reader = CardReader {
        card: ParsedCard::default(),
        apple: HashMap::new(),
        version: None,
        lines: &raw.lines,
    };
    let mut card = reader.read();
    for p in &raw.problems {
        card.skipped
            .push(Skipped::new(&origin::line(p.number), "", p.reason.clone()));
    }
    card.summary = CardSummary::of(index, &card.values);
    card
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace('\n', "\\n")
}

fn param_value(text: &str) -> String {
    // RFC 6868 caret-encodes what a parameter value cannot hold; quote anything with ':', ';'
    // or ','. Other control characters are dropped.
    let encoded: String = text
        .replace('^', "^^")
        .replace('"', "^'")
        .replace('\n', "^n")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if encoded.contains([':', ';', ',']) {
        format!("\"{encoded}\"")
    } else {
        encoded
    }
}

/// Writes one content line, folded at 75 octets without splitting a character.
fn write_line(out: &mut String, line: &str) {
    let mut width: usize = 0;
    for c in line.chars() {
        if width.saturating_add(c.len_utf8()) > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width = width.saturating_add(c.len_utf8());
    }
    out.push_str("\r\n");
}

/// A label as TYPE values when they read back as the same label (`home`, `work cell`), else
/// as Tessera's own `X-TESSERA-LABEL`, which the reader prefers.
fn label_param(label: &str) -> String {
    let words: Vec<&str> = label.split(' ').collect();
    let as_types = words.iter().all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !NOT_LABELS.contains(w)
    });
    if as_types {
        format!(";TYPE={}", words.join(","))
    } else {
        format!(";X-TESSERA-LABEL={}", param_value(label))
    }
}

fn type_and_pref(label: &Option<String>, primary: bool, multiple: bool) -> String {
    let mut s = String::new();
    if let Some(l) = label {
        s.push_str(&label_param(l));
    }
    if primary && multiple {
        s.push_str(";PREF=1");
    }
    s
}

/// A date as vCard writes it: `19900423`, or `--0423` without a year.
fn vcard_date(date: &str) -> String {
    match date.strip_prefix("--") {
        Some(month_day) => format!("--{}", month_day.replace('-', "")),
        None => date.replace('-', ""),
    }
}

/// The profile as one vCard 4.0.
pub(crate) fn export_vcard(data: &Exportable) -> String {
    let mut out = String::new();
    let text = |field: &str| data.first(field).map(|v| v.value.display());
    write_line(&mut out, "BEGIN:VCARD");
    write_line(&mut out, "VERSION:4.0");
    // not words: vCard format (the exporting program's identifier, read by programs)
    write_line(&mut out, "PRODID:-//Tessera//Tessera profile export//EN");
    // FN is required. Without a full name it is made from the name's parts, and marked so that
    // reading the file back does not turn it into a value the person never gave.
    match text("name") {
        Some(name) => write_line(&mut out, &format!("FN:{}", escape(&name))),
        None => {
            let full = [text("given_name"), text("middle_name"), text("family_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let full = if full.is_empty() {
                text("nickname").unwrap_or_default()
            } else {
                full
            };
            write_line(&mut out, &format!("FN;{DERIVED}=TRUE:{}", escape(&full)));
        }
    }
    if ["given_name", "family_name", "middle_name"]
        .iter()
        .any(|f| data.first(f).is_some())
    {
        let n = |f: &str| escape(&text(f).unwrap_or_default());
        write_line(
            &mut out,
            &format!(
                "N:{};{};{};;",
                n("family_name"),
                n("given_name"),
                n("middle_name")
            ),
        );
    }
    if let Some(nick) = text("nickname") {
        write_line(&mut out, &format!("NICKNAME:{}", escape(&nick)));
    }
    for (field, property) in [
        ("email", "EMAIL"),
        ("website", "URL"),
        ("language", "LANG"),
        ("organization", "ORG"),
        ("instant_messaging", "IMPP"),
    ] {
        for v in data.all(field) {
            let params = type_and_pref(&v.label, v.primary, true);
            let value = match property {
                "LANG" | "IMPP" => v.value.display(),
                _ => escape(&v.value.display()),
            };
            write_line(&mut out, &format!("{property}{params}:{value}"));
        }
    }
    for v in data.all("phone_number") {
        let params = type_and_pref(&v.label, v.primary, true);
        write_line(
            &mut out,
            &format!("TEL;VALUE=uri{params}:tel:{}", v.value.display()),
        );
    }
    for v in data.all("address") {
        if let Value::Address(a) = &v.value {
            let p = |x: &Option<String>| escape(x.as_deref().unwrap_or(""));
            let params = type_and_pref(&v.label, v.primary, true);
            write_line(
                &mut out,
                &format!(
                    "ADR{params}:;;{};{};{};{};{}",
                    p(&a.street_address),
                    p(&a.locality),
                    p(&a.region),
                    p(&a.postal_code),
                    p(&a.country)
                ),
            );
        }
    }
    if let Some(b) = text("birthdate") {
        write_line(&mut out, &format!("BDAY:{}", vcard_date(&b)));
    }
    if let Some(a) = text("anniversary") {
        write_line(&mut out, &format!("ANNIVERSARY:{}", vcard_date(&a)));
    }
    if let Some(g) = text("gender") {
        let sex = match g.as_str() {
            "female" => "F",
            "male" => "M",
            "non_binary" => "O;non-binary",
            "other" => "O",
            _ => "U",
        };
        write_line(&mut out, &format!("GENDER:{sex}"));
    }
    if let Some(tz) = text("zoneinfo") {
        write_line(&mut out, &format!("TZ:{}", escape(&tz)));
    }
    if let Some(title) = text("job_title") {
        write_line(&mut out, &format!("TITLE:{}", escape(&title)));
    }
    if let Some(note) = text("notes") {
        write_line(&mut out, &format!("NOTE:{}", escape(&note)));
    }
    for def in catalogue::CATALOGUE
        .iter()
        .filter(|d| !STANDARD_FIELDS.contains(&d.name))
    {
        for v in data.all(def.name) {
            let name = def.name.to_ascii_uppercase().replace('_', "-");
            let params = type_and_pref(&v.label, v.primary, def.multiple);
            write_line(
                &mut out,
                &format!("X-TESSERA-{name}{params}:{}", escape(&v.value.display())),
            );
        }
    }
    if let Some(locale) = text("locale") {
        write_line(&mut out, &format!("X-TESSERA-LOCALE:{locale}"));
    }
    for v in data.values.iter().filter(|v| v.custom.is_some()) {
        let custom = v.custom.as_ref().expect("filtered");
        let mut params = format!(
            ";X-NAME={};X-LABEL={};X-SENSITIVITY={}",
            param_value(&v.field),
            param_value(&custom.label),
            param_value(&custom.sensitivity)
        );
        if let Some(l) = &v.label {
            let _ = write!(params, ";X-TESSERA-LABEL={}", param_value(l));
        }
        if v.primary {
            params.push_str(";PREF=1");
        }
        write_line(
            &mut out,
            &format!("X-TESSERA-CUSTOM{params}:{}", escape(&v.value.display())),
        );
    }
    write_line(&mut out, "END:VCARD");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::test_util::{
        assert_each_begins_one, assert_holds, assert_refused, got, only_card,
    };

    fn card(text: &str) -> ParsedCard {
        only_card(parse_vcard(text.as_bytes()).unwrap())
    }

    fn skipped(card: &ParsedCard) -> Vec<String> {
        card.skipped
            .iter()
            .map(|s| format!("{} {}: {}", s.origin, s.item, s.reason))
            .collect()
    }

    #[test]
    fn reads_folded_escaped_and_typed_lines() {
        let c = card(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL;TYPE=work;PREF=1:ada@work.exa\r\n mple\r\nPHOTO:https://x.example/a.jpg\r\nADR;TYPE=home:;Flat 2;1 Rue X\\; bis;Paris;;75001;France\r\nBDAY:19900423\r\nEND:VCARD\r\n",
        );
        assert_holds(
            &got(&c),
            &[
                ("name", "Ada Lovelace", None, None),
                ("email", "ada@work.example", Some("work"), Some(1)),
                ("given_name", "Ada", None, None),
                ("birthdate", "1990-04-23", None, None),
            ],
        );
        let adr = c.values.iter().find(|v| v.field == "address").unwrap();
        assert!(
            adr.input.contains("1 Rue X; bis, Flat 2") && adr.input.contains("\"FR\""),
            "{}",
            adr.input
        );
        assert_eq!(adr.label.as_deref(), Some("home"));
        assert_eq!(adr.origin, "line 8");
        assert_eq!(
            skipped(&c),
            vec!["line 7 PHOTO: photos, logos, sounds and keys are not kept in the profile"]
        );
        assert_eq!(c.summary.name.as_deref(), Some("Ada Lovelace"));
    }

    #[test]
    fn versions_2_1_and_3_0_with_their_spellings() {
        // 2.1: bare types, quoted-printable with a soft break, TYPE PREF.
        let c = card(
            "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\n=C3=BCrgen\nTEL;HOME;VOICE:+49 30 1234567\nTEL;CELL;PREF:+49 151 2345678\nEMAIL;INTERNET:j@example.de\nEND:VCARD\n",
        );
        assert_holds(
            &got(&c),
            &[
                ("family_name", "Müller", None, None),
                ("given_name", "Jürgen", None, None),
                ("phone_number", "+49 30 1234567", Some("home"), None),
                ("phone_number", "+49 151 2345678", Some("cell"), Some(1)),
                ("email", "j@example.de", None, None),
            ],
        );
        // 3.0: TYPE lists in every spelling, Apple's grouped labels.
        let c = card(
            "BEGIN:VCARD\nVERSION:3.0\nFN:Jo\nEMAIL;type=INTERNET;type=WORK;type=pref:jo@work.example\nitem1.EMAIL;type=INTERNET:jo@club.example\nitem1.X-ABLabel:Chess club\nitem2.URL:www.jo.example\nitem2.X-ABLabel:_$!<HomePage>!$_\nTEL;TYPE=\"home,voice\":+1 617 555 0100\nEND:VCARD\n",
        );
        assert_holds(
            &got(&c),
            &[
                ("email", "jo@work.example", Some("work"), Some(1)),
                ("email", "jo@club.example", Some("Chess club"), None),
                ("website", "www.jo.example", Some("homepage"), None),
                ("phone_number", "+1 617 555 0100", Some("home"), None),
            ],
        );
    }

    #[test]
    fn lenient_where_the_meaning_is_clear() {
        let c = card(
            "BEGIN:VCARD\nVERSION:4.0\nFN:X\nBDAY:--0416\nANNIVERSARY:19550719T000000Z\nTZ:-0500\nGENDER:O;non-binary\nTEL;VALUE=uri:tel:+1-555-555-0100;ext=102\nEMAIL:mailto:x@example.com\nORG:ABC\\, Inc.;Marketing\nTITLE:Engineer\nROLE:Programmer\nIMPP;X-SERVICE-TYPE=Jabber:xmpp:x@example.com\nX-SKYPE:x.y\nNOTE:line one\\nline two\nCATEGORIES:Friends,Chess\nEND:VCARD\n",
        );
        assert_holds(
            &got(&c),
            &[
                ("birthdate", "--04-16", None, None),
                ("anniversary", "1955-07-19", None, None),
                ("zoneinfo", "Etc/GMT+5", None, None),
                ("gender", "non_binary", None, None),
                ("phone_number", "+1-555-555-0100;ext=102", None, None),
                ("email", "x@example.com", None, None),
                ("organization", "ABC, Inc., Marketing", None, None),
                ("job_title", "Engineer", None, None),
                ("occupation", "Programmer", None, None),
                (
                    "instant_messaging",
                    "xmpp:x@example.com",
                    Some("jabber"),
                    None,
                ),
                ("instant_messaging", "skype:x.y", Some("skype"), None),
                ("notes", "line one\nline two", None, None),
                ("interests", "Friends, Chess", None, None),
            ],
        );
        let opt_in: Vec<_> = c.values.iter().filter_map(|v| v.opt_in).collect();
        assert_eq!(opt_in, vec![OptIn::Notes, OptIn::Categories]);
        assert!(skipped(&c).is_empty(), "{:?}", skipped(&c));
    }

    #[test]
    fn a_value_that_cannot_be_used_is_listed_with_its_line_and_the_rest_reads() {
        let c = card(
            "BEGIN:VCARD\nVERSION:4.0\nFN:X\nBDAY;VALUE=text:circa 1800\nBDAY:1985\nEMAIL:\nGENDER:Q\nADR:;;;;;;Atlantis\nN:Doe;Jane;;Dr.;PhD\nGEO:geo:1,2\nEMAIL ada@example.com\nX-TESSERA-SHOE:EU 40\nX-FOO:bar\nEND:VCARD\n",
        );
        assert_each_begins_one(
            &skipped(&c),
            &[
                "line 4 BDAY: \"circa 1800\" is not a date",
                "line 5 BDAY: \"1985\" is a year",
                "line 6 EMAIL: empty",
                "line 7 GENDER: \"Q\" is not one of F, M, O, N, U",
                "line 8 ADR: the country \"Atlantis\" is not one Tessera recognizes",
                "line 8 ADR: empty",
                "line 9 N: an honorific prefix",
                "line 9 N: an honorific suffix",
                "line 10 GEO: map coordinates",
                "line 11 : no ':' separating",
                "line 12 X-TESSERA-SHOE: X-TESSERA-SHOE names no Tessera field",
                "line 13 X-FOO: Tessera has no field for X-FOO",
            ],
        );
        assert_holds(&got(&c), &[("family_name", "Doe", None, None)]);
    }

    #[test]
    fn several_cards_and_broken_files() {
        let parsed = parse_vcard(b"BEGIN:VCARD\nVERSION:3.0\nFN:A\nEMAIL:a@x.example\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nN:B;Bo;;;\nORG:Acme\nEND:VCARD\n").unwrap();
        let names: Vec<_> = parsed
            .cards
            .iter()
            .map(|c| {
                (
                    c.summary.index,
                    c.summary.name.clone(),
                    c.summary.details.clone(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                (1, Some("A".into()), vec!["a@x.example".to_owned()]),
                (2, Some("Bo B".into()), vec!["Acme".to_owned()]),
            ]
        );
        assert_refused(
            parse_vcard,
            &[
                (&b""[..], "the file is empty"),
                (b"hello", "no BEGIN:VCARD"),
                (
                    b"BEGIN:VCARD\nVERSION:4.0\nFN:x\n",
                    "line 1: the card that starts here has no END:VCARD",
                ),
            ],
        );
    }

    #[test]
    fn time_zone_offsets() {
        for (offset, zone) in [
            ("-0500", Some("Etc/GMT+5")),
            ("+01:00", Some("Etc/GMT-1")),
            ("UTC+02", Some("Etc/GMT-2")),
            ("+0000", Some("Etc/UTC")),
            ("+0530", None),
            ("Europe/Paris", None),
        ] {
            assert_eq!(offset_zone(offset).as_deref(), zone, "{offset}");
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        write_line(&mut out, &format!("NOTE:{}", "é".repeat(80)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let text = format!("BEGIN:VCARD\r\n{out}END:VCARD\r\n");
        let c = card(&text);
        assert_eq!(c.values[0].input, "é".repeat(80));
    }
}
