//! The words Tessera shows a person, for Rust: messages of the one catalogue,
//! `locales/<locale>/*.ftl` at the top of the repository (Project Fluent), which the webview reads
//! too (`ui/src/lib/i18n.ts`). `docs/translating.md` says how to add a locale.
//!
//! The locale is chosen once per process from the person's languages (`LC_ALL`, `LC_MESSAGES`,
//! `LANG`), negotiated against the catalogue's locales, falling back to [`REFERENCE_LOCALE`],
//! whose files define every message; a message a locale lacks comes from the reference. A
//! message id the catalogue does not have shows as itself rather than failing: the catalogue
//! checks (`crates/tessera-api/tests/catalogue.rs`, `ui/src/lib/catalogue.test.ts`) keep that from
//! shipping.
//!
//! ```
//! use tessera_text::text;
//! assert_eq!(text!("section-home"), "Home");
//! ```

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

pub use fluent_bundle::FluentValue;

mod files {
    include!(concat!(env!("OUT_DIR"), "/catalogue_files.rs"));
}

/// Every catalogue file, embedded at build time: (locale, file name, Fluent text).
pub fn files() -> &'static [(&'static str, &'static str, &'static str)] {
    files::FILES
}

/// The locale every message is defined in.
pub const REFERENCE_LOCALE: &str = "en";

/// The catalogue's locales, from its folder names.
pub fn locales() -> Vec<&'static str> {
    let mut all: Vec<&str> = files().iter().map(|(l, _, _)| *l).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The catalogue locale that best serves `requested` (most wanted first), else the reference.
/// `fr_CA.UTF-8` and `fr-CA` both read as French of Canada.
pub fn negotiate<S: AsRef<str>>(requested: &[S]) -> &'static str {
    let requested: Vec<LanguageIdentifier> = requested
        .iter()
        .filter_map(|r| {
            let tag = r.as_ref().split(['.', '@']).next()?.replace('_', "-");
            tag.parse().ok()
        })
        .collect();
    let available: Vec<LanguageIdentifier> =
        locales().iter().filter_map(|l| l.parse().ok()).collect();
    let default: LanguageIdentifier = REFERENCE_LOCALE.parse().expect("a valid language tag");
    let chosen = fluent_langneg::negotiate_languages(
        &requested,
        &available,
        Some(&default),
        fluent_langneg::NegotiationStrategy::Lookup,
    );
    let chosen = chosen.first().map(|l| l.to_string());
    locales()
        .into_iter()
        .find(|l| Some(*l) == chosen.as_deref())
        .unwrap_or(REFERENCE_LOCALE)
}

/// The locale this process shows its words in, chosen once: `TESSERA_LOCALE` if set (a
/// language tag such as `fr` or `pt-BR`: Tessera in another language than the rest of the
/// desktop; the tests set it to the reference), else the person's languages.
pub fn locale() -> &'static str {
    static CHOSEN: OnceLock<&'static str> = OnceLock::new();
    CHOSEN.get_or_init(|| match std::env::var("TESSERA_LOCALE") {
        Ok(tag) if !tag.trim().is_empty() => negotiate(&[tag]),
        _ => negotiate(&sys_locale::get_locales().collect::<Vec<_>>()),
    })
}

/// One locale's messages, with what went wrong reading its files (nothing, in a sound
/// catalogue: the checks read this).
pub struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    pub problems: Vec<String>,
}

impl Catalogue {
    /// The messages of `locale`'s files (none for a locale the catalogue lacks).
    pub fn load(locale: &str) -> Catalogue {
        let id: LanguageIdentifier = locale
            .parse()
            .unwrap_or_else(|_| REFERENCE_LOCALE.parse().expect("a valid language tag"));
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // As in the webview: no Unicode isolation marks around placeables (every locale so far
        // is written left to right, and the marks would be invisible characters in copied text).
        bundle.set_use_isolating(false);
        let mut problems = Vec::new();
        for (_, file, text) in files().iter().filter(|(l, _, _)| *l == locale) {
            let resource = match FluentResource::try_new((*text).to_owned()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    problems.extend(errors.iter().map(|e| format!("{locale}/{file}: {e:?}")));
                    r
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                problems.extend(errors.iter().map(|e| format!("{locale}/{file}: {e}")));
            }
        }
        Catalogue { bundle, problems }
    }

    /// Whether this locale defines `id`.
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .and_then(|m| m.value())
            .is_some()
    }

    /// The message `id` with `args`, if this locale defines it.
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let out: Cow<str> = self.bundle.format_pattern(pattern, args, &mut errors);
        Some(out.into_owned())
    }
}

fn chosen() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(locale()))
}

fn reference() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(REFERENCE_LOCALE))
}

/// The message `id` in the person's locale with these arguments (use [`text!`]).
pub fn format(id: &str, args: Option<&FluentArgs>) -> String {
    chosen()
        .format(id, args)
        .or_else(|| reference().format(id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// Builds the arguments of a message: `args![path = p.display().to_string(), count = 3]`.
pub fn args<'a, I>(pairs: I) -> FluentArgs<'a>
where
    I: IntoIterator<Item = (&'static str, FluentValue<'a>)>,
{
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name, value);
    }
    args
}

/// A message of the catalogue: `text!("menu-quit")`, or with its variables,
/// `text!("shortcut-go", section = name)`. Each value is anything a
/// [`FluentValue`] is made from (strings and numbers). Use a literal id: the catalogue check
/// finds the ids Rust uses by reading the sources for this macro's calls.
#[macro_export]
macro_rules! text {
    ($id:literal) => {
        $crate::format($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::format(
            $id,
            Some(&$crate::args([$((stringify!($name), $crate::FluentValue::from($value))),+])),
        )
    };
}

/// A message whose id is computed (the words for a family of codes, `form-age_in_years`):
/// each family's ids are listed for the catalogue check by the code that makes them.
pub fn text_of(id: &str) -> String {
    format(id, None)
}

/// [`text_of`] with variables.
pub fn text_of_with(id: &str, args: &FluentArgs) -> String {
    format(id, Some(args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_locale_loads_without_problems() {
        assert!(locales().contains(&REFERENCE_LOCALE));
        assert_eq!(
            Catalogue::load(REFERENCE_LOCALE).problems,
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_missing_id_shows_as_itself_and_a_placeable_takes_its_argument() {
        assert_eq!(text_of("no-such-message"), "no-such-message");
        assert_eq!(text!("home-soon-grant", brand = "Acme"), "Grant to Acme");
    }

    #[test]
    fn locales_are_negotiated_from_platform_tags() {
        assert_eq!(negotiate(&["en_GB.UTF-8"]), "en");
        assert_eq!(negotiate(&["C"]), "en");
        assert_eq!(negotiate::<&str>(&[]), "en");
        assert_eq!(negotiate(&["zz_ZZ"]), "en");
    }

    #[test]
    fn plurals_follow_the_locale() {
        assert_eq!(
            text!("home-ledger-entries", count = 1),
            "Activity: one entry"
        );
        assert_eq!(
            text!("home-ledger-entries", count = 3),
            "Activity: 3 entries"
        );
    }
}
