//! vCard 4.0 (RFC 6350): a strict reader that names the malformed line, and a writer.
//!
//! Mapping (both directions): N -> family_name, given_name, middle_name; NICKNAME -> nickname;
//! EMAIL -> email; TEL -> phone_number; URL -> website; ADR -> address; BDAY -> birthdate;
//! GENDER -> gender; LANG -> language; TZ -> zoneinfo; X-TESSERA-LOCALE -> locale. Other
//! catalogue fields travel as `X-TESSERA-<FIELD NAME>` and custom fields as
//! `X-TESSERA-CUSTOM;X-NAME=custom.x;X-LABEL=...;X-SENSITIVITY=...`. TYPE gives a value's
//! label, PREF=1 marks the primary value.
// Numbers here come from files and input a person or a brand controls: arithmetic that could
// overflow is refused (checked or saturating only).
#![deny(clippy::arithmetic_side_effects)]

use std::fmt::Write as _;

use super::{Exportable, Incoming, Parsed, STANDARD_FIELDS};
use crate::catalogue;
use crate::model::{Address, Value};
use crate::{ProfileError, Result};

struct ContentLine {
    name: String,
    params: Vec<(String, Vec<String>)>,
    value: String,
}

impl ContentLine {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

fn err(line: usize, reason: impl std::fmt::Display) -> ProfileError {
    ProfileError::InvalidInput(format!("line {line}: {reason}"))
}

/// Unfolds lines (CRLF or LF followed by a space or tab continues the previous line) and
/// remembers where each logical line started.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    // CRLF is the standard; LF and lone CR (what some text boxes produce) are accepted too.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t'])
            && let Some(last) = out.last_mut()
        {
            last.1.push_str(rest);
            continue;
        }
        if !raw.is_empty() {
            out.push((i.saturating_add(1), raw.to_owned()));
        }
    }
    out
}

fn parse_line(line: usize, text: &str) -> Result<ContentLine> {
    // The name and parameters end at the first ':' outside double quotes.
    let mut in_quotes = false;
    let colon = text
        .char_indices()
        .find(|&(_, c)| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            c == ':' && !in_quotes
        })
        .map(|(i, _)| i)
        .ok_or_else(|| err(line, "no ':' separating the property name from its value"))?;
    let (head, value) = text.split_at(colon);
    let value = value.strip_prefix(':').unwrap_or(value);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let name = parts.next().unwrap_or_default();
    let name = name
        .rsplit('.')
        .next()
        .unwrap_or(&name)
        .to_ascii_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(err(line, format!("{name:?} is not a property name")));
    }
    let mut params = Vec::new();
    for p in parts {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| err(line, format!("parameter {p:?} has no '='")))?;
        let values = split_outside_quotes(v, ',')
            .into_iter()
            .map(|v| caret_decode(v.trim_matches('"')))
            .collect();
        params.push((k.to_ascii_uppercase(), values));
    }
    Ok(ContentLine {
        name,
        params,
        value: value.to_owned(),
    })
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut in_quotes = false;
    for c in s.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c == sep && !in_quotes {
            out.push(String::new());
        } else {
            out.last_mut().expect("never empty").push(c);
        }
    }
    out
}

/// Splits a structured value on unescaped `;` into components, and each component on
/// unescaped `,` into its values, unescaping them. Several values (two given names) are
/// joined with a space.
fn components(value: &str) -> Vec<String> {
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
                .filter(|v| !v.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// RFC 6868: `^n` is a newline, `^'` a double quote, `^^` a caret, in parameter values.
fn caret_decode(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n')) => {
                chars.next();
                out.push('\n');
            }
            ('^', Some('\'')) => {
                chars.next();
                out.push('"');
            }
            ('^', Some('^')) => {
                chars.next();
                out.push('^');
            }
            _ => out.push(c),
        }
    }
    out
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

fn label_of(cl: &ContentLine) -> Option<String> {
    cl.param("TYPE")
        .map(|t| t.to_ascii_lowercase())
        .filter(|t| t != "pref")
}

/// Parses one vCard 4.0. Fails on the first malformed line, naming it.
pub fn parse_vcard(text: &str) -> Result<Parsed> {
    let lines = unfold(text.trim_start_matches('\u{feff}'));
    let mut parsed = Parsed::default();
    let mut iter = lines.iter();
    let Some((first_line, first)) = iter.next() else {
        return Err(err(1, "the file is empty"));
    };
    if !first.eq_ignore_ascii_case("BEGIN:VCARD") {
        return Err(err(*first_line, "a vCard starts with BEGIN:VCARD"));
    }
    let mut ended = false;
    let mut version_seen = false;
    for (line, text) in iter {
        if ended {
            if text.eq_ignore_ascii_case("BEGIN:VCARD") {
                return Err(err(
                    *line,
                    "the file holds more than one card; Tessera imports one (yours)",
                ));
            }
            return Err(err(*line, "nothing may follow END:VCARD"));
        }
        let cl = parse_line(*line, text)?;
        let origin = format!("line {line}");
        let mut push = |field: &str, input: String, label: Option<String>, primary: bool| {
            parsed.values.push(Incoming {
                field: field.to_owned(),
                input,
                label,
                primary,
                custom: None,
                origin: origin.clone(),
            });
        };
        let primary = cl.param("PREF") == Some("1");
        match cl.name.as_str() {
            "END" => {
                if !cl.value.eq_ignore_ascii_case("VCARD") {
                    return Err(err(*line, "expected END:VCARD"));
                }
                ended = true;
            }
            "BEGIN" => return Err(err(*line, "nested BEGIN is not allowed in a vCard")),
            // Derived (FN from N) or about the file rather than the person.
            "FN" | "PRODID" | "UID" | "REV" | "KIND" => {}
            "VERSION" => {
                if cl.value.trim() != "4.0" {
                    return Err(err(
                        *line,
                        format!(
                            "vCard version {} is not supported; export it as vCard 4.0",
                            cl.value.trim()
                        ),
                    ));
                }
                version_seen = true;
            }
            "N" => {
                let c = components(&cl.value);
                for (i, field) in [(0, "family_name"), (1, "given_name"), (2, "middle_name")] {
                    if let Some(v) = c.get(i).map(|s| s.trim().to_owned())
                        && !v.is_empty()
                    {
                        push(field, v, None, false);
                    }
                }
            }
            "NICKNAME" => {
                let first = unescape(&cl.value)
                    .split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                push("nickname", first, None, false);
            }
            "EMAIL" => push("email", unescape(&cl.value), label_of(&cl), primary),
            "TEL" => {
                let v = unescape(&cl.value);
                let v = v.strip_prefix("tel:").unwrap_or(&v).to_owned();
                push("phone_number", v, label_of(&cl), primary);
            }
            "URL" => push("website", unescape(&cl.value), label_of(&cl), primary),
            "ADR" => {
                let c = components(&cl.value);
                if c.len() != 7 {
                    return Err(err(
                        *line,
                        format!(
                            "ADR has {} components; RFC 6350 needs 7 separated by ';'",
                            c.len()
                        ),
                    ));
                }
                let part = |i: usize| Some(c[i].trim().to_owned()).filter(|s| !s.is_empty());
                let address = Address {
                    street_address: part(2),
                    locality: part(3),
                    region: part(4),
                    postal_code: part(5),
                    country: part(6),
                };
                let json = serde_json::to_string(&address).expect("an address serializes");
                push("address", json, label_of(&cl), primary);
            }
            "BDAY" => {
                let v = cl.value.trim();
                let iso = if v.len() == 8 && v.chars().all(|c| c.is_ascii_digit()) {
                    format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..])
                } else {
                    v.to_owned()
                };
                push("birthdate", iso, None, false);
            }
            "GENDER" => {
                let sex = cl
                    .value
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_uppercase();
                let gender = match sex.as_str() {
                    "F" => "female",
                    "M" => "male",
                    "O" => "other",
                    "N" | "U" => "prefer_not_to_say",
                    "" => continue,
                    other => {
                        return Err(err(
                            *line,
                            format!("GENDER {other:?} is not one of F, M, O, N, U"),
                        ));
                    }
                };
                push("gender", gender.to_owned(), None, false);
            }
            "LANG" => push(
                "language",
                cl.value.trim().to_owned(),
                label_of(&cl),
                primary,
            ),
            "TZ" => push("zoneinfo", unescape(&cl.value), None, false),
            "X-TESSERA-CUSTOM" => {
                let name = cl
                    .param("X-NAME")
                    .ok_or_else(|| err(*line, "X-TESSERA-CUSTOM needs X-NAME=custom.<name>"))?
                    .to_owned();
                let label = cl.param("X-LABEL").unwrap_or(&name).to_owned();
                let sensitivity = cl.param("X-SENSITIVITY").unwrap_or("standard").to_owned();
                parsed.values.push(Incoming {
                    field: name,
                    input: unescape(&cl.value),
                    label: cl.param("TYPE").map(str::to_owned),
                    primary,
                    custom: Some((label, sensitivity)),
                    origin: origin.clone(),
                });
            }
            name if name.starts_with("X-TESSERA-") => {
                let field = name["X-TESSERA-".len()..]
                    .to_ascii_lowercase()
                    .replace('-', "_");
                if catalogue::lookup(&field).is_none() {
                    return Err(err(*line, format!("{name} names no Tessera field")));
                }
                push(&field, unescape(&cl.value), label_of(&cl), primary);
            }
            other => parsed.skipped.push(format!("line {line}: {other}")),
        }
    }
    if !ended {
        return Err(err(
            lines.last().map_or(1, |l| l.0),
            "the card has no END:VCARD; the file may be cut short",
        ));
    }
    if !version_seen {
        return Err(err(*first_line, "the card has no VERSION:4.0"));
    }
    Ok(parsed)
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

fn type_and_pref(label: &Option<String>, primary: bool, multiple: bool) -> String {
    let mut s = String::new();
    if let Some(l) = label {
        let _ = write!(s, ";TYPE={}", param_value(l));
    }
    if primary && multiple {
        s.push_str(";PREF=1");
    }
    s
}

/// The profile as one vCard 4.0.
pub(crate) fn export_vcard(data: &Exportable) -> String {
    let mut out = String::new();
    let text = |field: &str| data.first(field).map(|v| v.value.display());
    write_line(&mut out, "BEGIN:VCARD");
    write_line(&mut out, "VERSION:4.0");
    write_line(&mut out, "PRODID:-//Tessera//Tessera profile export//EN");
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
    write_line(&mut out, &format!("FN:{}", escape(&full)));
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
    for (field, property) in [("email", "EMAIL"), ("website", "URL"), ("language", "LANG")] {
        for v in data.all(field) {
            let params = type_and_pref(&v.label, v.primary, true);
            let value = if property == "LANG" {
                v.value.display()
            } else {
                escape(&v.value.display())
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
        write_line(&mut out, &format!("BDAY:{}", b.replace('-', "")));
    }
    if let Some(g) = text("gender") {
        let sex = match g.as_str() {
            "female" => "F",
            "male" => "M",
            "other" | "non_binary" => "O",
            _ => "U",
        };
        write_line(&mut out, &format!("GENDER:{sex}"));
    }
    if let Some(tz) = text("zoneinfo") {
        write_line(&mut out, &format!("TZ:{}", escape(&tz)));
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
            let _ = write!(params, ";TYPE={}", param_value(l));
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

    #[test]
    fn reads_folded_escaped_and_typed_lines() {
        let card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nEMAIL;TYPE=work;PREF=1:ada@work.exa\r\n mple\r\nNOTE:ignored\\, kept out\r\nADR;TYPE=home:;;1 Rue X\\; bis;Paris;;75001;FR\r\nBDAY:19900423\r\nEND:VCARD\r\n";
        let parsed = parse_vcard(card).unwrap();
        let fields: Vec<_> = parsed
            .values
            .iter()
            .map(|v| (v.field.as_str(), v.input.as_str()))
            .collect();
        assert!(
            fields.contains(&("email", "ada@work.example")),
            "{fields:?}"
        );
        assert!(fields.contains(&("given_name", "Ada")));
        assert!(fields.contains(&("birthdate", "1990-04-23")));
        let adr = parsed.values.iter().find(|v| v.field == "address").unwrap();
        assert!(adr.input.contains("1 Rue X; bis"), "{}", adr.input);
        assert_eq!(adr.label.as_deref(), Some("home"));
        assert_eq!(parsed.skipped, vec!["line 7: NOTE".to_owned()]);
        let email = parsed.values.iter().find(|v| v.field == "email").unwrap();
        assert!(email.primary);
        assert_eq!(email.origin, "line 5");
    }

    #[test]
    fn malformed_files_name_the_line() {
        for (card, expected) in [
            ("", "line 1: the file is empty"),
            (
                "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n",
                "line 2: vCard version 3.0",
            ),
            (
                "BEGIN:VCARD\nVERSION:4.0\nEMAIL ada@example.com\nEND:VCARD\n",
                "line 3: no ':'",
            ),
            (
                "BEGIN:VCARD\nVERSION:4.0\nADR:;;x;y\nEND:VCARD\n",
                "line 3: ADR has 4 components",
            ),
            ("BEGIN:VCARD\nVERSION:4.0\nFN:x\n", "no END:VCARD"),
            ("BEGIN:VCARD\nFN:x\nEND:VCARD\n", "no VERSION:4.0"),
            (
                "BEGIN:VCARD\nVERSION:4.0\nEND:VCARD\nBEGIN:VCARD\n",
                "line 4: the file holds more than one card",
            ),
            (
                "BEGIN:VCARD\nVERSION:4.0\nX-TESSERA-SHOE:EU 40\nEND:VCARD\n",
                "line 3: X-TESSERA-SHOE names no Tessera field",
            ),
            (
                "BEGIN:VCARD\nVERSION:4.0\nEMAIL;TYPE:x@y.z\nEND:VCARD\n",
                "line 3: parameter",
            ),
            ("hello", "line 1: a vCard starts with BEGIN:VCARD"),
        ] {
            let e = parse_vcard(card).unwrap_err().to_string();
            assert!(e.contains(expected), "{card:?}: {e}");
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        write_line(&mut out, &format!("NOTE:{}", "é".repeat(80)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded: String = unfold(&out).into_iter().map(|(_, l)| l).collect();
        assert_eq!(unfolded, format!("NOTE:{}", "é".repeat(80)));
    }
}
