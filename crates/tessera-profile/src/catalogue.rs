//! The field catalogue: stable names brands already know (OpenID Connect standard claims) plus
//! Tessera's own names for what personalization needs and OIDC lacks. Documented in
//! `docs/fields.md`; names never change meaning once released.

use crate::forms::FormKind;

/// Where a field is shown, and how a brand sees it grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Identity,
    Contact,
    Address,
    Demographics,
    Locale,
    Preferences,
    Sizes,
    Interests,
    Communication,
    Household,
    Health,
    Custom,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::Identity,
        Category::Contact,
        Category::Address,
        Category::Demographics,
        Category::Locale,
        Category::Preferences,
        Category::Sizes,
        Category::Interests,
        Category::Communication,
        Category::Household,
        Category::Health,
        Category::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Identity => "identity",
            Category::Contact => "contact",
            Category::Address => "address",
            Category::Demographics => "demographics",
            Category::Locale => "locale",
            Category::Preferences => "preferences",
            Category::Sizes => "sizes",
            Category::Interests => "interests",
            Category::Communication => "communication",
            Category::Household => "household",
            Category::Health => "health",
            Category::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The words a person reads for this category (a heading on the profile screen).
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("category-{}", self.as_str())
    }
}

/// Special categories of personal data (GDPR Art. 9), with their DPV codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpecialCategory {
    Health,
    Belief,
    Politics,
    TradeUnion,
    Ethnicity,
    Sexuality,
    Genetic,
    Biometric,
}

impl SpecialCategory {
    pub const ALL: [SpecialCategory; 8] = [
        SpecialCategory::Health,
        SpecialCategory::Belief,
        SpecialCategory::Politics,
        SpecialCategory::TradeUnion,
        SpecialCategory::Ethnicity,
        SpecialCategory::Sexuality,
        SpecialCategory::Genetic,
        SpecialCategory::Biometric,
    ];

    /// Short stable name, used in the CLI, IPC and stored rules.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecialCategory::Health => "health",
            SpecialCategory::Belief => "belief",
            SpecialCategory::Politics => "politics",
            SpecialCategory::TradeUnion => "trade_union",
            SpecialCategory::Ethnicity => "ethnicity",
            SpecialCategory::Sexuality => "sexuality",
            SpecialCategory::Genetic => "genetic",
            SpecialCategory::Biometric => "biometric",
        }
    }

    /// Plain words for the confirmation a person is asked for.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("special-category-{}", self.as_str())
    }

    /// The Data Privacy Vocabulary personal-data extension (DPV 2.x, prefix `pd:` =
    /// `https://w3id.org/dpv/pd#`) concept for this category.
    pub fn dpv_code(self) -> &'static str {
        match self {
            SpecialCategory::Health => "pd:MedicalHealth",
            SpecialCategory::Belief => "pd:Belief",
            SpecialCategory::Politics => "pd:PoliticalOpinion",
            SpecialCategory::TradeUnion => "pd:TradeUnionMembership",
            SpecialCategory::Ethnicity => "pd:Ethnicity",
            SpecialCategory::Sexuality => "pd:Sexual",
            SpecialCategory::Genetic => "pd:Genetic",
            SpecialCategory::Biometric => "pd:Biometric",
        }
    }

    pub fn parse(s: &str) -> Option<SpecialCategory> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// How sensitive a field is. Special categories need an extra, explicit confirmation before any
/// brand may see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sensitivity {
    Standard,
    Special(SpecialCategory),
}

impl Sensitivity {
    /// `standard`, then each special category: every sensitivity a field can have.
    pub fn all() -> impl Iterator<Item = Sensitivity> {
        std::iter::once(Sensitivity::Standard)
            .chain(SpecialCategory::ALL.into_iter().map(Sensitivity::Special))
    }

    /// The words a person reads for it: `Standard`, or the special category's words.
    pub fn label(self) -> String {
        match self {
            Sensitivity::Standard => tessera_text::text!("sensitivity-standard"),
            Sensitivity::Special(c) => c.label(),
        }
    }

    /// In a special category: never shared without the person's explicit confirmation.
    pub fn is_special(self) -> bool {
        matches!(self, Sensitivity::Special(_))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Standard => "standard",
            Sensitivity::Special(c) => c.as_str(),
        }
    }

    pub fn parse(s: &str) -> Option<Sensitivity> {
        if s == "standard" {
            return Some(Sensitivity::Standard);
        }
        SpecialCategory::parse(s).map(Sensitivity::Special)
    }
}

/// What a value looks like, which decides its validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Free text, one line.
    Text,
    Email,
    /// Stored in E.164.
    Phone,
    /// A calendar date, `YYYY-MM-DD`, or `--MM-DD` when the year is not known.
    Date,
    /// BCP 47 language tag, e.g. `fr-CA`.
    LanguageTag,
    /// IANA time zone, e.g. `Europe/Paris`.
    TimeZone,
    /// An `http(s)` URL (`www.example.com` is read as `https://www.example.com/`).
    Url,
    /// A URI of any scheme, e.g. `xmpp:ada@example.com` (instant messaging).
    Uri,
    /// Free text over several lines (up to 4,000 characters).
    Note,
    Address,
    /// Comma-separated tags, e.g. `cycling, jazz`.
    Tags,
    /// A clothing size: XXS..XXXL, or a size system and a number (`EU 40`, `US 8`).
    ClothingSize,
    /// A shoe size: a number with a system (`EU 42`, `US 9.5`, `UK 8`).
    ShoeSize,
    /// A whole number in a range.
    Count {
        min: u32,
        max: u32,
    },
    /// One of a fixed list.
    Choice(&'static [&'static str]),
    /// `HH:MM-HH:MM`, may cross midnight.
    TimeRange,
    /// A sub-addressing pattern with `{brand}`, e.g. `me+{brand}@example.com`.
    EmailPattern,
}

/// What input a face shows for a value: a [`ValueKind`] without its parameters, serialized
/// by its stable name (`phone`, `date`, `choice`...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum InputKind {
    Text,
    Email,
    Phone,
    Date,
    LanguageTag,
    TimeZone,
    Url,
    Uri,
    Note,
    Address,
    Tags,
    ClothingSize,
    ShoeSize,
    Count,
    Choice,
    TimeRange,
    EmailPattern,
}

impl ValueKind {
    /// What input a face shows for it.
    pub fn input(self) -> InputKind {
        match self {
            ValueKind::Text => InputKind::Text,
            ValueKind::Email => InputKind::Email,
            ValueKind::Phone => InputKind::Phone,
            ValueKind::Date => InputKind::Date,
            ValueKind::LanguageTag => InputKind::LanguageTag,
            ValueKind::TimeZone => InputKind::TimeZone,
            ValueKind::Url => InputKind::Url,
            ValueKind::Uri => InputKind::Uri,
            ValueKind::Note => InputKind::Note,
            ValueKind::Address => InputKind::Address,
            ValueKind::Tags => InputKind::Tags,
            ValueKind::ClothingSize => InputKind::ClothingSize,
            ValueKind::ShoeSize => InputKind::ShoeSize,
            ValueKind::Count { .. } => InputKind::Count,
            ValueKind::Choice(_) => InputKind::Choice,
            ValueKind::TimeRange => InputKind::TimeRange,
            ValueKind::EmailPattern => InputKind::EmailPattern,
        }
    }

    /// The values a choice allows; empty for other kinds.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            ValueKind::Choice(options) => options,
            _ => &[],
        }
    }
}

/// The words a person reads for one of a choice field's values (`non_binary` → `non-binary`),
/// from the catalogue of words (`locales/*/fields.ftl`, id `choice-VALUE`).
pub fn choice_label(choice: &str) -> String {
    tessera_text::text_of(&choice_label_id(choice))
}

pub fn choice_label_id(choice: &str) -> String {
    format!("choice-{choice}")
}

/// Every value of every choice field, once (the catalogue check reads their words' ids).
pub fn all_choices() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = CATALOGUE
        .iter()
        .flat_map(|d| d.kind.choices())
        .copied()
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

pub struct FieldDef {
    pub name: &'static str,
    pub category: Category,
    pub sensitivity: Sensitivity,
    pub kind: ValueKind,
    /// Whether several values (home, work...) are natural.
    pub multiple: bool,
    /// Forms a brand may be given; empty means the field is never disclosed.
    pub forms: &'static [FormKind],
    /// What a value looks like, typed and stored (Markdown), for the catalogue table in
    /// `docs/fields.md`, which is generated from this list.
    pub value_doc: &'static str,
}

impl FieldDef {
    /// The field's name as a person reads it (`Full name`), from the catalogue of words
    /// (`locales/*/fields.ftl`, id `field-NAME`).
    pub fn label(&self) -> String {
        tessera_text::text_of(&self.label_id())
    }

    /// One line for people choosing a field (the app, `tessera profile fields`).
    pub fn description(&self) -> String {
        tessera_text::text_of(&self.description_id())
    }

    pub fn label_id(&self) -> String {
        format!("field-{}", self.name)
    }

    pub fn description_id(&self) -> String {
        format!("field-{}-description", self.name)
    }
}

use FormKind as F;
const RAW: &[FormKind] = &[F::Raw];
const BIRTHDATE_FORMS: &[FormKind] = &[
    F::Raw,
    F::AgeOver(13),
    F::AgeOver(16),
    F::AgeOver(18),
    F::AgeOver(21),
    F::AgeOver(65),
    F::AgeInYears,
    F::AgeBirthYear,
    F::AgeRange,
];
const ADDRESS_FORMS: &[FormKind] = &[F::Raw, F::Country, F::Region, F::Locality, F::PostalPrefix];
const EMAIL_FORMS: &[FormKind] = &[F::Raw, F::EmailAlias, F::EmailAliasToken];

/// What most fields are: standard sensitivity, one value, given as is. Entries override the rest.
const STANDARD: FieldDef = FieldDef {
    name: "",
    category: Category::Custom,
    sensitivity: Sensitivity::Standard,
    kind: ValueKind::Text,
    multiple: false,
    forms: RAW,
    value_doc: "",
};

pub const CHANNELS: &[&str] = &["email", "sms", "phone", "post", "push", "none"];
pub const FREQUENCIES: &[&str] = &["never", "monthly", "weekly", "daily", "as_needed"];
pub const PRICE_RANGES: &[&str] = &["budget", "mid", "premium"];
pub const HOME_TYPES: &[&str] = &["apartment", "house", "other"];
pub const EDUCATION_LEVELS: &[&str] = &[
    "primary",
    "secondary",
    "vocational",
    "bachelor",
    "master",
    "doctorate",
];
pub const GENDERS: &[&str] = &["female", "male", "non_binary", "other", "prefer_not_to_say"];

use Category as C;
use ValueKind as K;

/// The catalogue, in display order.
// not words: each `value_doc` generates docs/fields.md (markdown_table), not text a person reads in the app
pub static CATALOGUE: &[FieldDef] = &[
    // OpenID Connect Core 1.0, section 5.1 standard claims.
    FieldDef {
        name: "name",
        category: C::Identity,
        kind: K::Text,
        value_doc: "text: the whole name as the person writes it (vCard `FN`)",
        ..STANDARD
    },
    FieldDef {
        name: "given_name",
        category: C::Identity,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "family_name",
        category: C::Identity,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "middle_name",
        category: C::Identity,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "nickname",
        category: C::Identity,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "email",
        category: C::Contact,
        kind: K::Email,
        multiple: true,
        forms: EMAIL_FORMS,
        value_doc: "email: `ada@example.com`, stored as typed",
        ..STANDARD
    },
    FieldDef {
        name: "phone_number",
        category: C::Contact,
        kind: K::Phone,
        multiple: true,
        value_doc: "phone: `+33 1 42 68 53 00`, or national with a region → E.164 `+33142685300`",
        ..STANDARD
    },
    FieldDef {
        name: "website",
        category: C::Contact,
        kind: K::Url,
        multiple: true,
        value_doc: "http(s) URL → normalized URL, e.g. `https://Example.com` → `https://example.com/`",
        ..STANDARD
    },
    FieldDef {
        name: "address",
        category: C::Address,
        kind: K::Address,
        multiple: true,
        forms: ADDRESS_FORMS,
        value_doc: "address object (OIDC members)",
        ..STANDARD
    },
    FieldDef {
        name: "birthdate",
        category: C::Demographics,
        kind: K::Date,
        forms: BIRTHDATE_FORMS,
        value_doc: "date `YYYY-MM-DD`, 1900-01-01 to today, or `--MM-DD` without the year (then no age form can be given)",
        ..STANDARD
    },
    FieldDef {
        name: "anniversary",
        category: C::Demographics,
        kind: K::Date,
        value_doc: "date, as `birthdate` (vCard `ANNIVERSARY`)",
        ..STANDARD
    },
    FieldDef {
        name: "gender",
        category: C::Demographics,
        kind: K::Choice(GENDERS),
        value_doc: "one of `female`, `male`, `non_binary`, `other`, `prefer_not_to_say` (any case → lowercase)",
        ..STANDARD
    },
    FieldDef {
        name: "locale",
        category: C::Locale,
        kind: K::LanguageTag,
        value_doc: "BCP 47 tag, `fr_ca` → `fr-CA`",
        ..STANDARD
    },
    FieldDef {
        name: "zoneinfo",
        category: C::Locale,
        kind: K::TimeZone,
        value_doc: "IANA time zone, e.g. `Europe/Paris`; also decides [\"today\"](#today)",
        ..STANDARD
    },
    // Tessera's own names.
    FieldDef {
        name: "language",
        category: C::Locale,
        kind: K::LanguageTag,
        multiple: true,
        value_doc: "BCP 47 tag, one per value",
        ..STANDARD
    },
    FieldDef {
        name: "interests",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags: `cycling, jazz`",
        ..STANDARD
    },
    FieldDef {
        name: "clothing_size",
        category: C::Sizes,
        kind: K::ClothingSize,
        multiple: true,
        value_doc: "`XXS`..`XXXL`, or system + number: `eu 40` → `EU 40` (label each value: top, bottom, dress...)",
        ..STANDARD
    },
    FieldDef {
        name: "shoe_size",
        category: C::Sizes,
        kind: K::ShoeSize,
        value_doc: "system + number: `US 9,5` → `US 9.5`",
        ..STANDARD
    },
    FieldDef {
        name: "dietary_preferences",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags, e.g. `vegetarian` (some, such as halal or kosher, can reveal beliefs)",
        ..STANDARD
    },
    FieldDef {
        name: "preferred_brands",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "preferred_categories",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "contact_channel",
        category: C::Communication,
        kind: K::Choice(CHANNELS),
        value_doc: "one of `email`, `sms`, `phone`, `post`, `push`, `none`",
        ..STANDARD
    },
    FieldDef {
        name: "contact_frequency",
        category: C::Communication,
        kind: K::Choice(FREQUENCIES),
        value_doc: "one of `never`, `monthly`, `weekly`, `daily`, `as_needed`",
        ..STANDARD
    },
    FieldDef {
        name: "quiet_hours",
        category: C::Communication,
        kind: K::TimeRange,
        value_doc: "`HH:MM-HH:MM` in the person's time zone, may cross midnight: `21:00-8:00` → `21:00-08:00`",
        ..STANDARD
    },
    FieldDef {
        name: "household_size",
        category: C::Household,
        kind: K::Count { min: 1, max: 30 },
        value_doc: "whole number 1 to 30",
        ..STANDARD
    },
    FieldDef {
        name: "household_children",
        category: C::Household,
        kind: K::Count { min: 0, max: 20 },
        value_doc: "whole number 0 to 20",
        ..STANDARD
    },
    FieldDef {
        name: "music_genres",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "sports",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "hobbies",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "film_genres",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "reading_genres",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "gift_preferences",
        category: C::Interests,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "favourite_colours",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "preferred_stores",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "travel_preferences",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "cuisine_preferences",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "eco_preferences",
        category: C::Preferences,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "price_range",
        category: C::Preferences,
        kind: K::Choice(PRICE_RANGES),
        value_doc: "one of `budget`, `mid`, `premium`",
        ..STANDARD
    },
    FieldDef {
        name: "newsletter_topics",
        category: C::Communication,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "contact_language",
        category: C::Communication,
        kind: K::LanguageTag,
        value_doc: "language tag",
        ..STANDARD
    },
    FieldDef {
        name: "social_profiles",
        category: C::Contact,
        kind: K::Url,
        multiple: true,
        value_doc: "http(s) URL",
        ..STANDARD
    },
    FieldDef {
        name: "instant_messaging",
        category: C::Contact,
        kind: K::Uri,
        multiple: true,
        value_doc: "URI of any scheme: `xmpp:ada@example.com`, `sip:...`, `skype:...` (label it by service)",
        ..STANDARD
    },
    FieldDef {
        name: "pets",
        category: C::Household,
        kind: K::Tags,
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "home_type",
        category: C::Household,
        kind: K::Choice(HOME_TYPES),
        value_doc: "one of `apartment`, `house`, `other`",
        ..STANDARD
    },
    FieldDef {
        name: "vehicle",
        category: C::Household,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "occupation",
        category: C::Demographics,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "organization",
        category: C::Demographics,
        kind: K::Text,
        multiple: true,
        value_doc: "text (vCard `ORG`: organization, then units, joined by `, `)",
        ..STANDARD
    },
    FieldDef {
        name: "job_title",
        category: C::Demographics,
        kind: K::Text,
        value_doc: "text (vCard `TITLE`)",
        ..STANDARD
    },
    FieldDef {
        name: "education_level",
        category: C::Demographics,
        kind: K::Choice(EDUCATION_LEVELS),
        value_doc: "one of `primary`, `secondary`, `vocational`, `bachelor`, `master`, `doctorate`",
        ..STANDARD
    },
    FieldDef {
        name: "height_cm",
        category: C::Sizes,
        kind: K::Count { min: 50, max: 250 },
        value_doc: "whole number 50 to 250",
        ..STANDARD
    },
    FieldDef {
        name: "trouser_size",
        category: C::Sizes,
        kind: K::ClothingSize,
        value_doc: "letter size or system + number",
        ..STANDARD
    },
    FieldDef {
        name: "dress_size",
        category: C::Sizes,
        kind: K::ClothingSize,
        value_doc: "letter size or system + number",
        ..STANDARD
    },
    FieldDef {
        name: "glove_size",
        category: C::Sizes,
        kind: K::ClothingSize,
        value_doc: "letter size or system + number",
        ..STANDARD
    },
    FieldDef {
        name: "ring_size",
        category: C::Sizes,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "hat_size",
        category: C::Sizes,
        kind: K::Text,
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "email_alias_pattern",
        category: C::Contact,
        kind: K::EmailPattern,
        forms: &[],
        value_doc: "pattern with `{brand}` exactly once: `me+{brand}@example.com`; used by the `email_alias` form",
        ..STANDARD
    },
    FieldDef {
        name: "allergies",
        category: C::Health,
        kind: K::Tags,
        sensitivity: Sensitivity::Special(SpecialCategory::Health),
        value_doc: "tags",
        ..STANDARD
    },
    FieldDef {
        name: "accessibility_needs",
        category: C::Health,
        kind: K::Text,
        sensitivity: Sensitivity::Special(SpecialCategory::Health),
        value_doc: "text",
        ..STANDARD
    },
    FieldDef {
        name: "notes",
        category: C::Identity,
        kind: K::Note,
        forms: &[],
        value_doc: "free text over several lines, up to 4,000 characters (vCard `NOTE`)",
        ..STANDARD
    },
];

/// The field catalogue table of `docs/fields.md` (Markdown rows, header included), generated
/// from [`CATALOGUE`]; a test keeps the document equal to it.
// not words: generates the repository's docs/fields.md
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| Name | Label | Category | Sensitivity | Value (input → stored) | Several | Forms offered |\n|---|---|---|---|---|---|---|\n",
    );
    for f in CATALOGUE {
        let sensitivity = match f.sensitivity {
            Sensitivity::Standard => "standard".to_owned(),
            Sensitivity::Special(c) => format!("**{}** (special category)", c.as_str()),
        };
        let forms = if f.forms.is_empty() {
            "none: never disclosed".to_owned()
        } else {
            f.forms
                .iter()
                .map(|form| format!("`{}`", form.name()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            f.name,
            f.label(),
            f.category.as_str(),
            sensitivity,
            f.value_doc,
            if f.multiple { "yes" } else { "no" },
            forms
        ));
    }
    out
}

/// Each field's name and offered forms as JSON, for the JSON Schema generator
/// (`tests/interop/make_schemas.py` reads `tests/interop/catalogue.json`, generated from this).
pub fn forms_json() -> String {
    let fields: Vec<serde_json::Value> = CATALOGUE
        .iter()
        .map(|f| {
            let mut field = serde_json::json!({
                "name": f.name,
                "forms": f.forms.iter().map(|form| form.name()).collect::<Vec<_>>(),
            });
            if let ValueKind::Choice(choices) = f.kind {
                field["choices"] = serde_json::json!(choices);
            }
            field
        })
        .collect();
    serde_json::to_string_pretty(&fields).expect("JSON") + "\n"
}

pub fn lookup(name: &str) -> Option<&'static FieldDef> {
    CATALOGUE.iter().find(|f| f.name == name)
}

/// Forms offered for custom fields.
pub const CUSTOM_FORMS: &[FormKind] = RAW;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut names: Vec<_> = CATALOGUE.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn oidc_claims_are_present_and_health_fields_are_special() {
        for claim in [
            "given_name",
            "family_name",
            "nickname",
            "email",
            "phone_number",
            "birthdate",
            "gender",
            "locale",
            "zoneinfo",
            "website",
            "address",
        ] {
            assert!(lookup(claim).is_some(), "{claim}");
        }
        assert_eq!(
            lookup("allergies").unwrap().sensitivity,
            Sensitivity::Special(SpecialCategory::Health)
        );
        for c in SpecialCategory::ALL {
            assert_eq!(SpecialCategory::parse(c.as_str()), Some(c));
            assert!(c.dpv_code().starts_with("pd:"));
        }
    }
}
