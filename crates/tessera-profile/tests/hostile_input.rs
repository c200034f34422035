//! Hostile bytes into every reader of the profile: each returns a result, none panics. The
//! fuzzing of a later issue builds on this property; here it is checked with proptest (random
//! bytes, and mutations of valid cards), in a few seconds.
//!
//! Table of contents:
//! - `hostile_detect_*`: format detection, including the 11th-byte regression.
//! - `hostile_vcard_*`, `hostile_jscontact_*`: random text and mutated cards into the parsers.
//! - `hostile_import_*`: mutated files through a whole import plan on a real vault.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value as Json;
use tessera_profile::interchange::{self, Format};
use tessera_test_support::{TODAY, vault};

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n\
EMAIL;TYPE=work;PREF=1:ada@work.example\r\nTEL;VALUE=uri;TYPE=home:tel:+33142685300\r\n\
ADR;TYPE=home:;;1 Rue X\\; bis;Paris;;75001;FR\r\nBDAY:19900423\r\nGENDER:F\r\nLANG:fr-FR\r\n\
TZ:Europe/Paris\r\nNICKNAME:Ada\r\nURL:https://ada.example\r\nX-TESSERA-SHOE-SIZE:EU 38\r\n\
X-TESSERA-CUSTOM;X-NAME=custom.pet;X-LABEL=\"Pet, dog\";X-SENSITIVITY=standard:Rex\r\n\
NOTE:skipped\r\nEND:VCARD\r\n";

/// A 2.1 address-book export: bare parameters, quoted-printable with soft breaks, a charset,
/// Apple groups, base64 lines without indentation, and a second card.
const VCARD21: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:M=FCller;J=\r\n=FCrgen\r\n\
TEL;CELL;PREF:+49 151 2345678\r\nitem1.EMAIL;INTERNET:j@example.de\r\nitem1.X-ABLabel:Verein\r\n\
PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQ\r\nSkZJRgABAQ\r\n\r\nAGENT:BEGIN:VCARD\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n\
END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n";

const JSCONTACT: &str = r#"{"@type":"Card","version":"1.0",
 "name":{"components":[{"kind":"given","value":"Ada"},{"kind":"surname","value":"Lovelace"}]},
 "nicknames":{"n":{"name":"Ada"}},
 "emails":{"e1":{"address":"ada@example.com","pref":1,"label":"work"}},
 "phones":{"p":{"number":"tel:+33142685300"}},
 "links":{"l":{"uri":"https://ada.example"}},
 "preferredLanguages":{"l":{"language":"fr"}},
 "anniversaries":{"b":{"kind":"birth","date":{"year":1990,"month":4,"day":23}}},
 "addresses":{"a":{"countryCode":"FR","components":[{"kind":"number","value":"1"},{"kind":"locality","value":"Paris"}]}},
 "tessera.org:fields":{"shoe_size":[{"value":"EU 38"}],"custom.pet":[{"value":"Rex","customLabel":"Pet","sensitivity":"health"}]}}"#;

/// Characters that matter to the formats or to byte offsets, plus anything at all.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            ':', ';', ',', '\\', '"', '^', '=', '.', '-', '\r', '\n', ' ', '\t', '{', '}', '[',
            ']', '/', 'é', '€', '😀', '\u{feff}', '\u{1b}', '\u{0}', '\u{202e}',
        ]),
        any::<char>(),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
    InsertByte(usize, u8),
    Truncate(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::InsertByte(i, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..10)
}

/// Applies byte-level edits: the result need not be UTF-8, nor cut at character boundaries.
fn mutate(text: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *edit {
            Edit::Insert(i, c) => {
                let pos = at(i, bytes.len());
                let mut buf = [0; 4];
                bytes.splice(pos..pos, c.encode_utf8(&mut buf).bytes());
            }
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % bytes.len());
            }
            Edit::Replace(i, c) if !bytes.is_empty() => {
                let pos = i % bytes.len();
                let mut buf = [0; 4];
                bytes.splice(pos..=pos, c.encode_utf8(&mut buf).bytes());
            }
            Edit::InsertByte(i, b) => {
                let pos = at(i, bytes.len());
                bytes.insert(pos, b);
            }
            Edit::Truncate(i) => bytes.truncate(at(i, bytes.len())),
            _ => {}
        }
    }
    bytes
}

fn parse_everything(bytes: &[u8]) {
    let _ = interchange::detect(bytes);
    let text = String::from_utf8_lossy(bytes);
    let _ = interchange::parse_vcard(bytes);
    let _ = interchange::parse_jscontact(&text);
    let _ = interchange::parse(bytes);
}

/// Regression: `detect` sliced `start[..11]`, which panicked (and printed the file's text)
/// whenever the 11th byte fell inside a character.
#[test]
fn hostile_detect_eleventh_byte_inside_a_character() {
    for text in [
        "BEGIN:VCARé",
        "BEGIN:VCARé\r\nVERSION:4.0\r\nEND:VCARD\r\n",
        "€€€€ Jane Doe, 12 Main St",
        "  \u{feff}BEGIN:VCA€",
        "ééééé€",
    ] {
        let e = interchange::detect(text.as_bytes()).unwrap_err();
        assert_eq!(e.code().as_str(), "invalid_input", "{text}");
        assert!(!e.to_string().contains("Jane"), "{e}");
    }
    assert_eq!(
        interchange::detect("begin:vcard\r\n".as_bytes()).unwrap(),
        Format::VCard
    );
    // Every prefix of a card with multi-byte characters, cut anywhere.
    let card = "BEGIN:VCARD\r\nN:Ñúñez;José;;;\r\nEND:VCARD\r\n";
    for end in 0..=card.len() {
        let _ = interchange::detect(&card.as_bytes()[..end]);
    }
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    #[test]
    fn hostile_detect_and_parsers_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_everything(&bytes);
    }

    #[test]
    fn hostile_vcard_mutations_never_panic(edits in edits()) {
        parse_everything(&mutate(VCARD, &edits));
        parse_everything(&mutate(VCARD21, &edits));
    }

    #[test]
    fn hostile_jscontact_mutations_never_panic(edits in edits()) {
        parse_everything(&mutate(JSCONTACT, &edits));
    }

    #[test]
    fn hostile_vcard_lines_of_random_text_never_panic(
        lines in prop::collection::vec(prop::collection::vec(interesting_char(), 0..40), 0..12)
    ) {
        let mut card = String::from("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        for line in lines {
            card.extend(line);
            card.push_str("\r\n");
        }
        card.push_str("END:VCARD\r\n");
        parse_everything(card.as_bytes());
    }
}

/// Any JSON value: the shapes the JSContact reader must refuse rather than assume.
fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::from),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        prop::collection::vec(interesting_char(), 0..12)
            .prop_map(|c| Json::from(c.into_iter().collect::<String>())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Json::from),
            prop::collection::btree_map(".{0,8}", inner, 0..4)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(Config::with_cases(512))]

    /// Each member of a valid card, in turn, replaced by any JSON value (or a new member added).
    #[test]
    fn hostile_jscontact_members_of_any_shape_never_panic(
        pointer in prop::sample::select(vec![
            "", "/name", "/name/components", "/name/components/0", "/name/components/0/value",
            "/nicknames/n", "/emails", "/emails/e1", "/emails/e1/pref", "/emails/e1/address",
            "/phones/p/number", "/links/l/uri", "/preferredLanguages/l/language",
            "/anniversaries/b", "/anniversaries/b/date", "/anniversaries/b/date/year",
            "/anniversaries/b/date/month", "/addresses/a", "/addresses/a/components",
            "/addresses/a/components/1/value", "/addresses/a/countryCode",
            "/tessera.org:fields", "/tessera.org:fields/shoe_size",
            "/tessera.org:fields/shoe_size/0", "/tessera.org:fields/custom.pet/0/sensitivity",
            "/version", "/@type",
        ]),
        key in ".{0,8}",
        value in any_json(),
    ) {
        let mut card: Json = serde_json::from_str(JSCONTACT).unwrap();
        let target = card.pointer_mut(pointer).unwrap();
        match target {
            Json::Object(members) if !key.is_empty() => {
                members.insert(key, value);
            }
            other => *other = value,
        }
        let text = card.to_string();
        let _ = interchange::parse_jscontact(&text);
        let _ = interchange::detect(text.as_bytes());
    }
}

/// Mutated files through the whole import path (detection, parsing, validation, comparison
/// with the stored profile) on a real vault that already holds the valid card's values.
#[test]
fn hostile_import_plans_on_a_real_vault_never_panic() {
    let (_tmp, mut vault) = vault();
    let all = interchange::ImportOptions {
        include: [interchange::OptIn::Notes, interchange::OptIn::Categories].into(),
        ..Default::default()
    };
    let plan = interchange::plan_import(&vault, "ada.vcf", VCARD.as_bytes(), &all, TODAY).unwrap();
    interchange::apply_import(&mut vault, &plan, TODAY).unwrap();
    let mut runner = TestRunner::new(Config::with_cases(128));
    // The seeds are real cards, so mutations start from something the readers accept.
    let (_, seed) = interchange::parse(VCARD21.as_bytes()).unwrap();
    assert_eq!(seed.cards.len(), 2);
    assert_eq!(seed.cards[0].summary.name.as_deref(), Some("Jürgen Müller"));
    let files = prop_oneof![Just(VCARD), Just(VCARD21), Just(JSCONTACT)];
    runner
        .run(&(files, edits()), |(file, edits)| {
            let bytes = mutate(file, &edits);
            let _ = interchange::plan_import(&vault, "hostile", &bytes, &all, TODAY);
            Ok(())
        })
        .unwrap();
}
