//! Country names and codes to ISO 3166-1 alpha-2, for reading contact cards.
//!
//! Contact cards name the country (vCard `ADR`'s country component and JSContact's address
//! component of kind `country` are names: "Deutschland", "U.S.A.", "日本"); Tessera stores the
//! alpha-2 code. [`country_code`] takes an alpha-2 code (any case), an alpha-3 code, or a name in
//! `countries.tsv`, a table generated from Unicode CLDR's territory names in 66 locales and
//! celes's ISO names and aliases by `scripts/make_country_names.py` (its header says how to
//! regenerate it, and lists the names left out as ambiguous). Anything else, placeholders such as
//! "Country", "Land" or "XX" included, is no country.

use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const TABLE: &str = include_str!("countries.tsv");

/// Longer input is no country name (the longest in the table has under 60 letters); the bound
/// keeps the work on hostile input small.
const MAX_INPUT_BYTES: usize = 256;

/// The table's rows, in the file's order (sorted by key, which the tests check).
static NAMES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .collect()
});

/// The ISO 3166-1 alpha-2 code (uppercase) for `input`: an alpha-2 code in any case, an alpha-3
/// code, or a country or territory name from the table; `None` for anything else.
///
/// Two letters are always read as an alpha-2 code first, since that is what Tessera stores
/// (`"RU"` is Russia, never Spanish "R. U." for the United Kingdom); a code that ISO 3166-1 does
/// not assign may still be a name (`"UK"` is GB).
pub fn country_code(input: &str) -> Option<&'static str> {
    let trimmed = input.trim();
    if trimmed.len() > MAX_INPUT_BYTES {
        return None;
    }
    if trimmed.len() == 2
        && trimmed.bytes().all(|b| b.is_ascii_alphabetic())
        && let Ok(country) = celes::Country::from_alpha2(trimmed.to_ascii_uppercase())
    {
        return Some(country.alpha2);
    }
    let key = normalize(trimmed);
    let names = &*NAMES;
    let found = names
        .binary_search_by(|(k, _)| (*k).cmp(key.as_str()))
        .ok()?;
    names.get(found).map(|(_, code)| *code)
}

/// The table key of a name. Keep in step with `normalize` in `scripts/make_country_names.py`,
/// which documents each step; in short: compatibility-decompose and lowercase, drop the Latin,
/// Greek and Cyrillic diacritics (U+0300..U+036F: "Österreich" = "Osterreich"), fold the letters
/// that do not decompose (ß, æ, ø, ł...), recompose, keep letters, marks and digits only
/// ("U.S.A." = "usa").
fn normalize(text: &str) -> String {
    let lower = text.nfkd().collect::<String>().to_lowercase();
    let mut folded = String::with_capacity(lower.len());
    for c in lower.nfkd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ß' => folded.push_str("ss"),
            'æ' => folded.push_str("ae"),
            'œ' => folded.push_str("oe"),
            'þ' => folded.push_str("th"),
            'ø' => folded.push('o'),
            'ł' => folded.push('l'),
            'đ' | 'ð' => folded.push('d'),
            'ı' => folded.push('i'),
            'ħ' => folded.push('h'),
            'ŧ' => folded.push('t'),
            'ς' => folded.push('σ'),
            c => folded.push(c),
        }
    }
    folded
        .nfc()
        .filter(|c| c.is_alphanumeric() || is_combining_mark(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_people_write_map_to_their_code() {
        for (name, code) in [
            ("Canada", "CA"),
            ("Germany", "DE"),
            ("Deutschland", "DE"),
            ("U.S.A.", "US"),
            ("USA", "US"),
            ("United States of America", "US"),
            ("UK", "GB"),
            ("United Kingdom", "GB"),
            ("Great Britain", "GB"),
            ("España", "ES"),
            ("Österreich", "AT"),
            ("Schweiz", "CH"),
            ("Suisse", "CH"),
            ("Nederland", "NL"),
            ("The Netherlands", "NL"),
            ("Holland", "NL"),
            ("Italia", "IT"),
            ("Polska", "PL"),
            ("België", "BE"),
            ("Россия", "RU"),
            ("日本", "JP"),
            ("Brasil", "BR"),
            ("México", "MX"),
            ("Sverige", "SE"),
            ("Türkiye", "TR"),
            ("Ελλάδα", "GR"),
            ("ドイツ", "DE"),
            ("독일", "DE"),
            ("中国", "CN"),
            ("中國", "CN"),
            ("ألمانيا", "DE"),
            ("גרמניה", "DE"),
            ("जर्मनी", "DE"),
            ("Україна", "UA"),
            ("Ísland", "IS"),
            ("Éire", "IE"),
        ] {
            assert_eq!(country_code(name), Some(code), "{name}");
        }
    }

    #[test]
    fn codes_in_any_case() {
        assert_eq!(country_code("fr"), Some("FR"));
        assert_eq!(country_code(" De "), Some("DE"));
        assert_eq!(country_code("deu"), Some("DE"));
        assert_eq!(country_code("GBR"), Some("GB"));
        assert_eq!(country_code("U.S."), Some("US"));
        // Kosovo: user-assigned, accepted by celes under both alpha-3 codes in use.
        assert_eq!(country_code("XK"), Some("XK"));
        assert_eq!(country_code("XKX"), Some("XK"));
        assert_eq!(country_code("XKK"), Some("XK"));
    }

    #[test]
    fn case_diacritics_and_punctuation_do_not_matter() {
        for spelling in [
            "Österreich",
            "Osterreich",
            "ÖSTERREICH",
            "osterreich",
            "Oesterreich",
        ] {
            let expected = (spelling != "Oesterreich").then_some("AT");
            assert_eq!(country_code(spelling), expected, "{spelling}");
        }
        for spelling in ["u.s.a.", "U. S. A.", "u-s-a", "ＵＳＡ", "United-States"] {
            assert_eq!(country_code(spelling), Some("US"), "{spelling}");
        }
        // No CLDR country name has ß; the fold is pinned here all the same.
        assert_eq!(normalize("GROẞ-straße"), "grossstrasse");
        assert_eq!(country_code("Danmark"), Some("DK"));
        assert_eq!(country_code("Østrig"), Some("AT"));
        assert_eq!(country_code("Ostrig"), Some("AT"));
        assert_eq!(country_code("Włochy"), Some("IT"));
        assert_eq!(country_code("Wlochy"), Some("IT"));
        assert_eq!(country_code("İsviçre"), Some("CH"));
        assert_eq!(country_code("ISVIÇRE"), Some("CH"));
        assert_eq!(country_code("ΕΛΛΆΔΑ"), Some("GR"));
    }

    #[test]
    fn two_letters_are_a_code_before_a_name() {
        // Spanish and French abbreviate the United Kingdom "RU" / "R.-U."; RU is Russia's code.
        assert_eq!(country_code("RU"), Some("RU"));
        assert_eq!(country_code("R.-U."), None);
        // French "É.-U." (États-Unis) normalizes to EU, which is no country Tessera stores.
        assert_eq!(country_code("É.-U."), None);
        assert_eq!(country_code("EU"), None);
    }

    #[test]
    fn ambiguous_names_map_to_nothing() {
        // Norwegian "Kongo" is Congo - Kinshasa (CD), Polish "Kongo" Congo - Brazzaville (CG).
        assert!(TABLE.contains("#   kongo -> CD CG"));
        assert_eq!(country_code("Kongo"), None);
        assert_eq!(country_code("Congo - Kinshasa"), Some("CD"));
        assert_eq!(country_code("Kongo-Brazzaville"), Some("CG"));
    }

    #[test]
    fn placeholders_and_junk_map_to_nothing() {
        for junk in [
            "",
            " ",
            "Country",
            "country",
            "Land",
            "XX",
            "xx",
            "ZZ",
            "N/A",
            "n/a",
            "-",
            "?",
            "HomeCountry",
            "WorkCountry",
            "country1",
            "xxxx",
            "Unknown",
            "None",
            "Klöster-Reich",
            "Germany work",
            "Land Firma",
        ] {
            assert_eq!(country_code(junk), None, "{junk:?}");
        }
        assert_eq!(country_code(&"a".repeat(100_000)), None);
    }

    #[test]
    fn the_table_is_sorted_without_duplicates_and_its_keys_are_normalized() {
        assert!(NAMES.len() > 5_000, "{} rows", NAMES.len());
        for pair in NAMES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
        }
        let rows = TABLE.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(rows, NAMES.len(), "every row is key<TAB>code");
        for (key, _) in NAMES.iter() {
            assert_eq!(normalize(key), *key, "the script and normalize disagree");
        }
    }

    #[test]
    fn every_code_in_the_table_is_one_celes_accepts() {
        for (key, code) in NAMES.iter() {
            let country = celes::Country::from_alpha2(code).unwrap_or_else(|_| panic!("{key}"));
            assert_eq!(country.alpha2, *code);
        }
    }

    #[test]
    fn every_country_celes_knows_is_found_by_its_codes() {
        for country in celes::Country::get_countries() {
            assert_eq!(country_code(country.alpha2), Some(country.alpha2));
            assert_eq!(country_code(country.alpha3), Some(country.alpha2));
            assert_eq!(
                country_code(&country.alpha3.to_ascii_lowercase()),
                Some(country.alpha2)
            );
        }
    }
}
