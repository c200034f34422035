//! The vCard content-line lexer, for every version real address books write (2.1, 3.0, 4.0,
//! and cards without a VERSION line). It works on bytes, so that:
//!
//! - folding is undone before any text is decoded (a fold may fall inside a UTF-8 sequence,
//!   RFC 6350 §3.2), and a quoted-printable soft line break (2.1) joins the next line;
//! - a UTF-8 byte-order mark is dropped and a UTF-16 file (with its mark) is decoded first;
//! - each value is decoded on its own: quoted-printable (`ENCODING=QUOTED-PRINTABLE` or 2.1's
//!   bare `QUOTED-PRINTABLE`), then its `CHARSET` (any label the WHATWG Encoding Standard
//!   knows, through `encoding_rs`), else UTF-8, else windows-1252 with a note saying so.
//!
//! It also splits a file into cards (a nested card, such as 2.1's `AGENT`, stays inside its
//! parent's line range and is skipped by the mapper). Lines that cannot be read become
//! [`Problem`]s carrying their line number; only a file with no card at all, or a card that is
//! never closed, is an error.
// Numbers here come from files: arithmetic that could overflow is refused.
#![deny(clippy::arithmetic_side_effects)]

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::{ProfileError, Result};

/// One parameter: its name (uppercase) and values. A 2.1 bare parameter (`HOME`) is read as
/// `TYPE=HOME`, or `ENCODING=...` for an encoding name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub values: Vec<String>,
}

/// One logical content line, decoded to text (still vCard-escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based number of the physical line it starts on.
    pub number: usize,
    /// `item1` in `item1.EMAIL` (Apple's grouping), lowercase.
    pub group: Option<String>,
    /// Uppercase property name.
    pub name: String,
    pub params: Vec<Param>,
    pub value: String,
    /// Set when the value was not UTF-8 and no known charset said what it is.
    pub guessed_charset: bool,
    /// The value is binary (`ENCODING=BASE64` or `b`) and was not decoded.
    pub binary: bool,
}

impl Line {
    /// Every value of every parameter called `name`, in order (`TYPE=a,b;TYPE=c` gives a, b, c).
    pub fn param_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params
            .iter()
            .filter(move |p| p.name == name)
            .flat_map(|p| p.values.iter().map(String::as_str))
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .filter(|p| p.name == name)
            .flat_map(|p| p.values.iter())
            .next()
            .map(String::as_str)
    }

    /// `TYPE` values, lowercase, each split again on ',' (`TYPE="a,b"` is common).
    pub fn types(&self) -> Vec<String> {
        self.param_values("TYPE")
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }
}

/// A line the lexer could not read, kept so the preview can list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub number: usize,
    pub reason: String,
}

/// One `BEGIN:VCARD` .. `END:VCARD`, with its lines (nested cards' lines included, marked by
/// `depth > 0`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawCard {
    pub begin: usize,
    pub lines: Vec<(usize, Line)>,
    pub problems: Vec<Problem>,
}

/// A file split into cards, and what was found outside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFile {
    pub cards: Vec<RawCard>,
    pub problems: Vec<Problem>,
}

/// Why a line cannot be read (a [`Problem`]'s reason).
type LineResult<T> = std::result::Result<T, String>;

/// Decodes a UTF-16 file (by its byte-order mark) and drops a UTF-8 mark. Other bytes are
/// returned as they are: each value is decoded later, with its own charset.
fn file_bytes(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc == UTF_16LE || enc == UTF_16BE => {
            let (text, _) = enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or(&[]));
            std::borrow::Cow::Owned(text.into_owned().into_bytes())
        }
        Some((_, bom)) => std::borrow::Cow::Borrowed(bytes.get(bom..).unwrap_or(&[])),
        None => std::borrow::Cow::Borrowed(bytes),
    }
}

/// Physical lines (CRLF, LF or a lone CR end one) with their 1-based numbers.
fn physical_lines(bytes: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut number = 1usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((number, &bytes[start..i]));
                number = number.saturating_add(1);
                start = i.saturating_add(1);
            }
            b'\r' => {
                out.push((number, &bytes[start..i]));
                number = number.saturating_add(1);
                if bytes.get(i.saturating_add(1)) == Some(&b'\n') {
                    i = i.saturating_add(1);
                }
                start = i.saturating_add(1);
            }
            _ => {}
        }
        i = i.saturating_add(1);
    }
    if start < bytes.len() {
        out.push((number, &bytes[start..]));
    }
    out
}

/// Whether the head of a line (before the first ':') asks for quoted-printable.
fn is_quoted_printable(line: &[u8]) -> bool {
    let head = line.split(|&b| b == b':').next().unwrap_or(&[]);
    head.windows(16)
        .any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"))
}

/// Whether the head of a line asks for base64 (2.1's `ENCODING=BASE64`).
fn is_base64(line: &[u8]) -> bool {
    let head = line.split(|&b| b == b':').next().unwrap_or(&[]);
    head.windows(6).any(|w| w.eq_ignore_ascii_case(b"BASE64"))
}

/// A line of base64 data: what 2.1 exporters write after a BASE64 line, without indenting it.
fn is_base64_data(line: &[u8]) -> bool {
    !line.is_empty()
        && line
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Undoes folding on bytes: a line starting with a space or tab continues the previous one
/// (the one whitespace byte is removed), a quoted-printable value ending in '=' continues
/// on the next line (2.1's soft line break), and so do unindented lines of base64 data after
/// a BASE64 line (2.1 ends such data with a blank line).
fn logical_lines(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut soft_break = false;
    for (number, raw) in physical_lines(bytes) {
        if let Some(last) = out.last_mut() {
            if soft_break {
                last.1.pop();
                last.1.extend_from_slice(raw);
                soft_break = raw.last() == Some(&b'=') && is_quoted_printable(&last.1);
                continue;
            }
            if is_base64_data(raw) && is_base64(&last.1) {
                last.1.extend_from_slice(raw);
                continue;
            }
            if let Some((&(b' ' | b'\t'), rest)) = raw.split_first() {
                last.1.extend_from_slice(rest);
                soft_break = last.1.last() == Some(&b'=') && is_quoted_printable(&last.1);
                continue;
            }
        }
        if raw.iter().all(u8::is_ascii_whitespace) {
            soft_break = false;
            continue;
        }
        soft_break = raw.last() == Some(&b'=') && is_quoted_printable(raw);
        out.push((number, raw.to_vec()));
    }
    out
}

/// Splits on `sep` outside double quotes.
fn split_outside_quotes(s: &[u8], sep: u8) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut in_quotes = false;
    let mut start = 0usize;
    for (i, &b) in s.iter().enumerate() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == sep && !in_quotes {
            out.push(&s[start..i]);
            start = i.saturating_add(1);
        }
    }
    out.push(&s[start..]);
    out
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

const ENCODINGS: &[&str] = &["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"];

fn parse_params(parts: &[&[u8]]) -> LineResult<Vec<Param>> {
    let mut params = Vec::new();
    for part in parts {
        let text = std::str::from_utf8(part)
            .map_err(|_| tessera_text::text!("interchange-vcard-parameter-not-utf8"))?
            .trim();
        if text.is_empty() {
            // `ADR;HOME;PREF;:` has an empty last parameter; nothing is lost by ignoring it.
            continue;
        }
        let (name, value) = match text.split_once('=') {
            Some((name, value)) => (name.trim().to_ascii_uppercase(), value),
            None => {
                let upper = text.to_ascii_uppercase();
                let name = if ENCODINGS.contains(&upper.as_str()) {
                    "ENCODING"
                } else {
                    "TYPE"
                };
                (name.to_owned(), text)
            }
        };
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(tessera_text::text!(
                "interchange-vcard-not-parameter-name",
                name = format!("{name:?}")
            ));
        }
        let values = split_outside_quotes(value.as_bytes(), b',')
            .into_iter()
            .map(|v| {
                let v = String::from_utf8_lossy(v);
                caret_decode(v.trim().trim_matches('"'))
            })
            .collect();
        params.push(Param { name, values });
    }
    Ok(params)
}

/// Decodes a value's bytes: quoted-printable first, then the charset.
fn decode_value(params: &[Param], raw: &[u8]) -> (String, bool, bool) {
    let encoding = params
        .iter()
        .filter(|p| p.name == "ENCODING")
        .flat_map(|p| p.values.iter())
        .map(|v| v.to_ascii_uppercase())
        .next_back();
    let bytes: std::borrow::Cow<'_, [u8]> = match encoding.as_deref() {
        Some("QUOTED-PRINTABLE") => std::borrow::Cow::Owned(
            quoted_printable::decode(raw, quoted_printable::ParseMode::Robust)
                .unwrap_or_else(|_| raw.to_vec()),
        ),
        Some("BASE64" | "B") => {
            return (String::from_utf8_lossy(raw).into_owned(), false, true);
        }
        _ => std::borrow::Cow::Borrowed(raw),
    };
    let charset = params
        .iter()
        .find(|p| p.name == "CHARSET")
        .and_then(|p| p.values.first())
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    if let Some(enc) = charset {
        let (text, _) = enc.decode_without_bom_handling(&bytes);
        return (text.into_owned(), false, false);
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => (text.to_owned(), false, false),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
            (text.into_owned(), true, false)
        }
    }
}

fn parse_line(number: usize, raw: &[u8]) -> LineResult<Line> {
    let mut in_quotes = false;
    let colon = raw
        .iter()
        .position(|&b| {
            if b == b'"' {
                in_quotes = !in_quotes;
            }
            b == b':' && !in_quotes
        })
        .ok_or_else(|| tessera_text::text!("interchange-vcard-no-colon"))?;
    let (head, value) = raw.split_at(colon);
    let value = value.get(1..).unwrap_or(&[]);
    let parts = split_outside_quotes(head, b';');
    let full_name = std::str::from_utf8(parts.first().copied().unwrap_or(&[]))
        .map_err(|_| tessera_text::text!("interchange-vcard-property-name-not-text"))?
        .trim();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((group, name)) => (Some(group.to_ascii_lowercase()), name),
        None => (None, full_name),
    };
    let name = name.to_ascii_uppercase();
    // RFC 6350 names are letters, digits and '-'; some vendors also use '_'
    // (`X-WAB-WEDDING_ANNIVERSARY`).
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(tessera_text::text!(
            "interchange-vcard-not-property-name",
            name = format!("{name:?}")
        ));
    }
    let params = parse_params(parts.get(1..).unwrap_or(&[]))?;
    let (value, guessed_charset, binary) = decode_value(&params, value);
    Ok(Line {
        number,
        group,
        name,
        params,
        value,
        guessed_charset,
        binary,
    })
}

/// Reads a file into cards. Fails only when no card starts, or a card is never closed.
pub fn read(bytes: &[u8]) -> Result<RawFile> {
    let bytes = file_bytes(bytes);
    let mut file = RawFile::default();
    let mut current: Option<RawCard> = None;
    let mut depth = 0usize;
    for (number, raw) in logical_lines(&bytes) {
        let line = match parse_line(number, &raw) {
            Ok(line) => line,
            Err(reason) => {
                let problem = Problem { number, reason };
                match current.as_mut() {
                    Some(card) => card.problems.push(problem),
                    None => file.problems.push(problem),
                }
                continue;
            }
        };
        let is_card = line.value.trim().eq_ignore_ascii_case("VCARD");
        match (line.name.as_str(), current.as_mut()) {
            ("BEGIN", None) if is_card => {
                current = Some(RawCard {
                    begin: number,
                    ..RawCard::default()
                });
                depth = 0;
            }
            ("BEGIN", Some(card)) if is_card => {
                depth = depth.saturating_add(1);
                card.lines.push((depth, line));
            }
            ("END", Some(card)) if is_card => {
                if depth == 0 {
                    file.cards.extend(current.take());
                } else {
                    card.lines.push((depth, line));
                    depth = depth.saturating_sub(1);
                }
            }
            (_, Some(card)) => card.lines.push((depth, line)),
            (_, None) => file.problems.push(Problem {
                number,
                reason: tessera_text::text!(
                    "interchange-vcard-outside-card",
                    property = line.name.clone()
                ),
            }),
        }
    }
    if let Some(card) = current {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "interchange-vcard-not-closed",
            line = card.begin.to_string()
        )));
    }
    if file.cards.is_empty() {
        return Err(ProfileError::InvalidInput(match file.problems.first() {
            None => tessera_text::text!("interchange-vcard-no-card-empty"),
            Some(p) => tessera_text::text!(
                "interchange-vcard-no-card",
                reason = p.reason.clone(),
                line = p.number.to_string()
            ),
        }));
    }
    Ok(file)
}

/// Whether `bytes` look like a vCard: `BEGIN:VCARD` first, after a byte-order mark, blank
/// lines or UTF-16.
pub fn looks_like_vcard(bytes: &[u8]) -> bool {
    let bytes = file_bytes(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    bytes
        .get(start..)
        .and_then(|rest| rest.get(..11))
        .is_some_and(|head| head.eq_ignore_ascii_case(b"BEGIN:VCARD"))
}

/// The UTF-8 text of a file that is not a vCard (JSContact): UTF-16 decoded, BOM dropped.
pub fn text_of(bytes: &[u8]) -> Result<String> {
    let bytes = file_bytes(bytes);
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(ProfileError::InvalidInput(tessera_text::text!(
            "interchange-not-utf8",
            byte = e.valid_up_to().to_string()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::test_util::assert_refused;

    fn lines(text: &[u8]) -> Vec<Line> {
        let file = read(text).unwrap();
        file.cards
            .into_iter()
            .flat_map(|c| c.lines.into_iter().map(|(_, l)| l))
            .collect()
    }

    #[test]
    fn a_fold_inside_a_utf8_sequence_is_undone_before_decoding() {
        // "é" is C3 A9; the fold falls between the two bytes.
        let card = b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ren\xc3\r\n \xa9e\r\nEND:VCARD\r\n";
        let l = lines(card);
        assert_eq!(l[1].value, "Renée");
        assert!(!l[1].guessed_charset);
    }

    #[test]
    fn quoted_printable_with_soft_breaks_and_charsets() {
        let card = b"BEGIN:VCARD\nVERSION:2.1\nNOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=A9 =\nau lait\nADR;HOME;QUOTED-PRINTABLE;CHARSET=ISO-8859-1:;;L=E4mmerweg 12;Kleindorf;;98765;DE\nFN;CHARSET=windows-1251:\xcf\xe5\xf2\xf0\nEND:VCARD\n";
        let l = lines(card);
        assert_eq!(l[1].value, "café au lait");
        assert_eq!(l[2].value, ";;Lämmerweg 12;Kleindorf;;98765;DE");
        assert_eq!(l[2].types(), vec!["home"]);
        assert_eq!(l[3].value, "Петр");
    }

    #[test]
    fn undeclared_non_utf8_is_read_as_windows_1252_and_flagged() {
        let l = lines(b"BEGIN:VCARD\nFN:S\xf6ren\nEND:VCARD\n");
        assert_eq!(l[0].value, "Sören");
        assert!(l[0].guessed_charset);
    }

    #[test]
    fn utf16_files_and_byte_order_marks() {
        let text = "BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n";
        let mut utf16 = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(looks_like_vcard(&utf16));
        assert_eq!(lines(&utf16)[0].value, "Zoë");
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(lines(&bom)[0].value, "Zoë");
    }

    #[test]
    fn groups_type_spellings_and_bare_parameters() {
        let card = b"BEGIN:VCARD\nitem1.EMAIL;type=INTERNET;type=HOME,pref:a@b.example\nTEL;TYPE=\"work,voice\":1\nTEL;WORK;FAX:2\nX-ABLabel;x=\"a:b\":q\nEND:VCARD\n";
        let l = lines(card);
        assert_eq!(l[0].group.as_deref(), Some("item1"));
        assert_eq!(l[0].types(), vec!["internet", "home", "pref"]);
        assert_eq!(l[1].types(), vec!["work", "voice"]);
        assert_eq!(l[2].types(), vec!["work", "fax"]);
        assert_eq!(l[3].param("X"), Some("a:b"));
        assert_eq!(l[3].value, "q");
    }

    #[test]
    fn several_cards_nested_cards_and_problems() {
        let file = read(b"junk\nBEGIN:VCARD\nFN:A\nAGENT:BEGIN:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\nbad line\nEND:VCARD\n\nBEGIN:VCARD\nFN:C\nEND:VCARD\n").unwrap();
        assert_eq!(file.cards.len(), 2);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(file.problems[0].number, 1);
        let first = &file.cards[0];
        assert_eq!(first.begin, 2);
        assert!(first.lines.iter().any(|(d, l)| *d == 1 && l.value == "B"));
        assert_eq!(first.problems[0].number, 8);
        assert_eq!(file.cards[1].lines[0].1.number, 12);
    }

    #[test]
    fn files_that_hold_no_card_or_a_cut_card_are_refused() {
        assert_refused(
            read,
            &[
                (&b""[..], "the file is empty"),
                (b"hello", "no BEGIN:VCARD"),
                (
                    b"BEGIN:VCARD\nFN:x\n",
                    "line 1: the card that starts here has no END:VCARD",
                ),
            ],
        );
    }
}
