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
    pub fn label(self) -> &'static str {
        match self {
            SpecialCategory::Health => "health",
            SpecialCategory::Belief => "religious or philosophical beliefs",
            SpecialCategory::Politics => "political opinions",
            SpecialCategory::TradeUnion => "trade-union membership",
            SpecialCategory::Ethnicity => "racial or ethnic origin",
            SpecialCategory::Sexuality => "sex life or sexual orientation",
            SpecialCategory::Genetic => "genetic data",
            SpecialCategory::Biometric => "biometric data",
        }
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

pub struct FieldDef {
    pub name: &'static str,
    pub label: &'static str,
    pub category: Category,
    pub sensitivity: Sensitivity,
    pub kind: ValueKind,
    /// Whether several values (home, work...) are natural.
    pub multiple: bool,
    /// Forms a brand may be given; empty means the field is never disclosed.
    pub forms: &'static [FormKind],
    pub description: &'static str,
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
const EMAIL_FORMS: &[FormKind] = &[F::Raw, F::EmailAlias];

const fn field(
    name: &'static str,
    label: &'static str,
    category: Category,
    kind: ValueKind,
    multiple: bool,
    forms: &'static [FormKind],
    description: &'static str,
) -> FieldDef {
    FieldDef {
        name,
        label,
        category,
        sensitivity: Sensitivity::Standard,
        kind,
        multiple,
        forms,
        description,
    }
}

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
pub static CATALOGUE: &[FieldDef] = &[
    // OpenID Connect Core 1.0, section 5.1 standard claims.
    field(
        "name",
        "Full name",
        C::Identity,
        K::Text,
        false,
        RAW,
        "OIDC name: the whole name as the person writes it (vCard FN)",
    ),
    field(
        "given_name",
        "Given name",
        C::Identity,
        K::Text,
        false,
        RAW,
        "OIDC given_name",
    ),
    field(
        "family_name",
        "Family name",
        C::Identity,
        K::Text,
        false,
        RAW,
        "OIDC family_name",
    ),
    field(
        "middle_name",
        "Middle name",
        C::Identity,
        K::Text,
        false,
        RAW,
        "OIDC middle_name",
    ),
    field(
        "nickname",
        "Nickname",
        C::Identity,
        K::Text,
        false,
        RAW,
        "OIDC nickname",
    ),
    field(
        "email",
        "Email",
        C::Contact,
        K::Email,
        true,
        EMAIL_FORMS,
        "OIDC email",
    ),
    field(
        "phone_number",
        "Phone number",
        C::Contact,
        K::Phone,
        true,
        RAW,
        "OIDC phone_number, E.164",
    ),
    field(
        "website",
        "Website",
        C::Contact,
        K::Url,
        true,
        RAW,
        "OIDC website",
    ),
    field(
        "address",
        "Address",
        C::Address,
        K::Address,
        true,
        ADDRESS_FORMS,
        "OIDC address (street_address, locality, region, postal_code, country)",
    ),
    field(
        "birthdate",
        "Date of birth",
        C::Demographics,
        K::Date,
        false,
        BIRTHDATE_FORMS,
        "OIDC birthdate, YYYY-MM-DD",
    ),
    field(
        "anniversary",
        "Anniversary",
        C::Demographics,
        K::Date,
        false,
        RAW,
        "a date that matters to the person (vCard ANNIVERSARY); YYYY-MM-DD or --MM-DD",
    ),
    field(
        "gender",
        "Gender",
        C::Demographics,
        K::Choice(GENDERS),
        false,
        RAW,
        "OIDC gender",
    ),
    field(
        "locale",
        "Locale",
        C::Locale,
        K::LanguageTag,
        false,
        RAW,
        "OIDC locale, BCP 47",
    ),
    field(
        "zoneinfo",
        "Time zone",
        C::Locale,
        K::TimeZone,
        false,
        RAW,
        "OIDC zoneinfo, IANA time zone; also decides 'today' for age forms",
    ),
    // Tessera's own names.
    field(
        "language",
        "Languages spoken",
        C::Locale,
        K::LanguageTag,
        true,
        RAW,
        "BCP 47 tag per language",
    ),
    field(
        "interests",
        "Interests",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "clothing_size",
        "Clothing size",
        C::Sizes,
        K::ClothingSize,
        true,
        RAW,
        "label each value: top, bottom, dress...",
    ),
    field(
        "shoe_size",
        "Shoe size",
        C::Sizes,
        K::ShoeSize,
        false,
        RAW,
        "with its system: EU 42, US 9.5, UK 8",
    ),
    field(
        "dietary_preferences",
        "Dietary preferences",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "e.g. vegetarian; note that some (halal, kosher) can reveal beliefs",
    ),
    field(
        "preferred_brands",
        "Preferred brands",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "preferred_categories",
        "Preferred product categories",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "contact_channel",
        "Preferred contact channel",
        C::Communication,
        K::Choice(CHANNELS),
        false,
        RAW,
        "email, sms, phone, post, push or none",
    ),
    field(
        "contact_frequency",
        "Contact frequency",
        C::Communication,
        K::Choice(FREQUENCIES),
        false,
        RAW,
        "never, monthly, weekly, daily or as_needed",
    ),
    field(
        "quiet_hours",
        "Quiet hours",
        C::Communication,
        K::TimeRange,
        false,
        RAW,
        "HH:MM-HH:MM in your time zone, e.g. 21:00-08:00",
    ),
    field(
        "household_size",
        "People in household",
        C::Household,
        K::Count { min: 1, max: 30 },
        false,
        RAW,
        "1 to 30",
    ),
    field(
        "household_children",
        "Children in household",
        C::Household,
        K::Count { min: 0, max: 20 },
        false,
        RAW,
        "0 to 20",
    ),
    field(
        "music_genres",
        "Music genres",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "sports",
        "Sports",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "hobbies",
        "Hobbies",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "film_genres",
        "Film genres",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "reading_genres",
        "Reading genres",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "gift_preferences",
        "Gift preferences",
        C::Interests,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "favourite_colours",
        "Favourite colours",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "preferred_stores",
        "Preferred stores",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "travel_preferences",
        "Travel preferences",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "cuisine_preferences",
        "Cuisine preferences",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "eco_preferences",
        "Sustainability preferences",
        C::Preferences,
        K::Tags,
        false,
        RAW,
        "comma-separated, e.g. second-hand, local",
    ),
    field(
        "price_range",
        "Usual price range",
        C::Preferences,
        K::Choice(PRICE_RANGES),
        false,
        RAW,
        "budget, mid or premium",
    ),
    field(
        "newsletter_topics",
        "Newsletter topics",
        C::Communication,
        K::Tags,
        false,
        RAW,
        "comma-separated",
    ),
    field(
        "contact_language",
        "Language for messages",
        C::Communication,
        K::LanguageTag,
        false,
        RAW,
        "BCP 47 tag",
    ),
    field(
        "social_profiles",
        "Social profiles",
        C::Contact,
        K::Url,
        true,
        RAW,
        "links to your public profiles",
    ),
    field(
        "instant_messaging",
        "Instant messaging",
        C::Contact,
        K::Uri,
        true,
        RAW,
        "a messaging address as a URI, e.g. xmpp:ada@example.com; label each by service",
    ),
    field(
        "pets",
        "Pets",
        C::Household,
        K::Tags,
        false,
        RAW,
        "comma-separated, e.g. dog, cat",
    ),
    field(
        "home_type",
        "Home type",
        C::Household,
        K::Choice(HOME_TYPES),
        false,
        RAW,
        "apartment, house or other",
    ),
    field(
        "vehicle",
        "Vehicle",
        C::Household,
        K::Text,
        false,
        RAW,
        "e.g. bicycle, electric car",
    ),
    field(
        "occupation",
        "Occupation",
        C::Demographics,
        K::Text,
        false,
        RAW,
        "free text",
    ),
    field(
        "organization",
        "Organization",
        C::Demographics,
        K::Text,
        true,
        RAW,
        "employer or organization (vCard ORG); label each if several",
    ),
    field(
        "job_title",
        "Job title",
        C::Demographics,
        K::Text,
        false,
        RAW,
        "vCard TITLE, e.g. Research scientist",
    ),
    field(
        "education_level",
        "Education level",
        C::Demographics,
        K::Choice(EDUCATION_LEVELS),
        false,
        RAW,
        "primary, secondary, vocational, bachelor, master, doctorate",
    ),
    field(
        "height_cm",
        "Height (cm)",
        C::Sizes,
        K::Count { min: 50, max: 250 },
        false,
        RAW,
        "50 to 250",
    ),
    field(
        "trouser_size",
        "Trouser size",
        C::Sizes,
        K::ClothingSize,
        false,
        RAW,
        "M, or EU 40",
    ),
    field(
        "dress_size",
        "Dress size",
        C::Sizes,
        K::ClothingSize,
        false,
        RAW,
        "M, or EU 38",
    ),
    field(
        "glove_size",
        "Glove size",
        C::Sizes,
        K::ClothingSize,
        false,
        RAW,
        "XS to XXXL",
    ),
    field(
        "ring_size",
        "Ring size",
        C::Sizes,
        K::Text,
        false,
        RAW,
        "as your jeweller gives it, e.g. EU 54",
    ),
    field(
        "hat_size",
        "Hat size",
        C::Sizes,
        K::Text,
        false,
        RAW,
        "e.g. 57 cm",
    ),
    field(
        "email_alias_pattern",
        "Email alias pattern",
        C::Contact,
        K::EmailPattern,
        false,
        &[],
        "e.g. me+{brand}@example.com; used for the email_alias form, never disclosed itself",
    ),
    FieldDef {
        sensitivity: Sensitivity::Special(SpecialCategory::Health),
        ..field(
            "allergies",
            "Allergies",
            C::Health,
            K::Tags,
            false,
            RAW,
            "comma-separated; health data",
        )
    },
    FieldDef {
        sensitivity: Sensitivity::Special(SpecialCategory::Health),
        ..field(
            "accessibility_needs",
            "Accessibility needs",
            C::Health,
            K::Text,
            false,
            RAW,
            "health data",
        )
    },
    field(
        "notes",
        "Notes",
        C::Identity,
        K::Note,
        false,
        &[],
        "private notes (vCard NOTE), never disclosed",
    ),
];

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
