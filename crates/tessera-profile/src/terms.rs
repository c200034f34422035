//! The person's own terms (in the spirit of IEEE 7012-2025 "MyTerms"): what they accept
//! brands doing with what they give, set once, for every brand or for one. A review checks a
//! request against them (`tessera_exchange::conflicts`); nothing is blocked silently.
//!
//! Stored as one sealed record (`terms`): the terms for every brand, and any brand's own.

use serde::{Deserialize, Serialize};
use tessera_vault::{EntryKind, Vault};

use crate::catalogue;
use crate::store::{self, RECORD_VERSION, Versioned};
use crate::{BrandId, ProfileError, Result};

pub const TERMS_KIND: EntryKind = EntryKind::new("terms");

/// The longest retention the person may accept, in days (ten years).
pub const MAX_RETENTION_DAYS: u32 = 3650;

/// How soon after a revocation or a grant's end the person asks a brand to have deleted what
/// it received, unless they say otherwise: the one month of GDPR Art. 12(3).
pub const DEFAULT_ERASE_WITHIN_DAYS: u32 = 30;

/// The longest the person may give a brand to delete, in days.
pub const MAX_ERASE_WITHIN_DAYS: u32 = 365;

fn default_erase_within_days() -> u32 {
    DEFAULT_ERASE_WITHIN_DAYS
}

fn yes() -> bool {
    true
}

/// The named agreements a person starts from: each sets the terms below, which the person may
/// then change. Their names follow IEEE 7012's roster where it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Agreement {
    /// Tessera's default: service delivery only, no sharing, no profiling, no training.
    TesseraStrict,
    /// IEEE 7012 `SD-BASE`: the data serves the service asked for, nothing else.
    SdBase,
    /// IEEE 7012 `PDC-AI`: no use of the data to train models; sharing and profiling left to
    /// each request.
    PdcAi,
    /// The person's own choices, from no named agreement.
    Custom,
}

impl Agreement {
    pub const ALL: [Agreement; 4] = [
        Agreement::TesseraStrict,
        Agreement::SdBase,
        Agreement::PdcAi,
        Agreement::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::TesseraStrict => "tessera-strict",
            Agreement::SdBase => "sd-base",
            Agreement::PdcAi => "pdc-ai",
            Agreement::Custom => "custom",
        }
    }

    /// The id of the agreement's name in the catalogue (`locales/*/terms.ftl`).
    pub fn text_id(self) -> String {
        format!("agreement-{}", self.as_str())
    }

    /// The id of what it means, in the catalogue.
    pub fn description_id(self) -> String {
        format!("agreement-{}-description", self.as_str())
    }

    pub fn parse(s: &str) -> Option<Agreement> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The terms the agreement sets.
    pub fn terms(self) -> Terms {
        let strict = Terms {
            agreement: self,
            no_sale: true,
            no_sharing: true,
            no_profiling: true,
            no_inference: true,
            no_training: true,
            max_retention_days: None,
            erase_within_days: DEFAULT_ERASE_WITHIN_DAYS,
            contact: None,
            additions: Vec::new(),
        };
        match self {
            Agreement::TesseraStrict | Agreement::SdBase | Agreement::Custom => strict,
            Agreement::PdcAi => Terms {
                no_sharing: false,
                no_profiling: false,
                no_inference: false,
                ..strict
            },
        }
    }
}

/// What the person accepts a brand doing with what they give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Terms {
    /// The named agreement these started from.
    pub agreement: Agreement,
    /// No selling of the data.
    #[serde(default = "yes")]
    pub no_sale: bool,
    /// No sharing with third parties.
    pub no_sharing: bool,
    /// No profiling.
    pub no_profiling: bool,
    /// No inferring new data about the person from what they gave.
    #[serde(default = "yes")]
    pub no_inference: bool,
    /// No training of models on the data.
    pub no_training: bool,
    /// The longest the person accepts a brand keeping the data, in days; none: any.
    pub max_retention_days: Option<u32>,
    /// Within how many days of a revocation or of the grant's end the brand deletes what it
    /// received.
    #[serde(default = "default_erase_within_days")]
    pub erase_within_days: u32,
    /// How the brand may contact the person; none: the terms say nothing of it.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// The person's own additions, in their words.
    pub additions: Vec<String>,
}

/// How a brand may contact the person: only through `channels`, never in `quiet_hours`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The only channels the brand may contact the person through: codes of the profile's
    /// `contact_channel` field ([`catalogue::CHANNELS`]: `email`, `sms`, `phone`, `post`,
    /// `push`), or `none` alone: not at all.
    pub channels: Vec<String>,
    /// When never to contact the person: `HH:MM-HH:MM` in their time zone, as the profile's
    /// `quiet_hours` field (it may cross midnight).
    pub quiet_hours: Option<String>,
}

impl Contact {
    /// Normalized (channels lowercase, in [`catalogue::CHANNELS`]'s order; quiet hours
    /// zero-padded), or refused when it cannot be kept: no channel, an unknown or repeated
    /// one, `none` beside another, quiet hours that are not a time range.
    fn checked(self) -> Result<Contact> {
        let wrong = || {
            ProfileError::InvalidInput(tessera_text::text!(
                "error-profile-terms-channels",
                channels = catalogue::CHANNELS.join(", ")
            ))
        };
        let mut channels: Vec<String> = self
            .channels
            .iter()
            .map(|c| c.trim().to_ascii_lowercase())
            .collect();
        let count = channels.len();
        channels.sort_by_key(|c| catalogue::CHANNELS.iter().position(|k| k == c));
        channels.dedup();
        if channels.is_empty()
            || channels.len() != count
            || channels
                .iter()
                .any(|c| !catalogue::CHANNELS.contains(&c.as_str()))
            || (channels.len() > 1 && channels.iter().any(|c| c == "none"))
        {
            return Err(wrong());
        }
        let quiet_hours = match self.quiet_hours.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let any_day = jiff::civil::Date::constant(2000, 1, 1);
                match crate::validate::validate(
                    "quiet_hours",
                    catalogue::ValueKind::TimeRange,
                    text,
                    None,
                    any_day,
                )? {
                    crate::model::Value::Text(t) => Some(t),
                    _ => return Err(wrong()),
                }
            }
        };
        Ok(Contact {
            channels,
            quiet_hours,
        })
    }
}

impl Terms {
    /// The terms normalized ([`Contact`]), or refused when they cannot be kept: a retention of
    /// 0 or beyond [`MAX_RETENTION_DAYS`], a time to delete of 0 or beyond
    /// [`MAX_ERASE_WITHIN_DAYS`], contact terms that cannot be kept, an empty or overlong
    /// addition, more than 20 additions.
    pub fn checked(mut self) -> Result<Terms> {
        self.check()?;
        self.contact = self.contact.map(Contact::checked).transpose()?;
        Ok(self)
    }

    fn check(&self) -> Result<()> {
        if !(1..=MAX_ERASE_WITHIN_DAYS).contains(&self.erase_within_days) {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "error-profile-terms-erase",
                days = self.erase_within_days.to_string(),
                max = MAX_ERASE_WITHIN_DAYS.to_string()
            )));
        }
        if let Some(days) = self.max_retention_days
            && !(1..=MAX_RETENTION_DAYS).contains(&days)
        {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "error-profile-terms-retention",
                days = days.to_string(),
                max = MAX_RETENTION_DAYS.to_string()
            )));
        }
        if self.additions.len() > 20 {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "error-profile-terms-too-many"
            )));
        }
        for a in &self.additions {
            let words = a.trim();
            if words.is_empty()
                || words.chars().count() > 200
                || words.chars().any(char::is_control)
            {
                return Err(ProfileError::InvalidInput(tessera_text::text!(
                    "error-profile-terms-addition"
                )));
            }
        }
        Ok(())
    }
}

impl Default for Terms {
    fn default() -> Self {
        Agreement::TesseraStrict.terms()
    }
}

/// The stored record: the terms for every brand, and the brands with terms of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTerms {
    pub v: u8,
    pub default: Terms,
    /// `(brand identifier, its terms)`, one each.
    #[serde(default)]
    pub brands: Vec<(String, Terms)>,
}

impl Versioned for StoredTerms {
    fn version(&self) -> u8 {
        self.v
    }
}

/// The person's terms: those for every brand, and each brand's own. Tessera's default before
/// the person sets any.
pub fn stored(vault: &Vault) -> Result<StoredTerms> {
    Ok(store::load::<StoredTerms>(vault, TERMS_KIND)?
        .into_iter()
        .next()
        .map(|(_, t)| t)
        .unwrap_or(StoredTerms {
            v: RECORD_VERSION,
            ..StoredTerms::default()
        }))
}

/// The terms that hold for `brand`: its own, else those for every brand.
pub fn for_brand(vault: &Vault, brand: &BrandId) -> Result<Terms> {
    let all = stored(vault)?;
    Ok(all
        .brands
        .into_iter()
        .find(|(b, _)| b == brand.as_str())
        .map_or(all.default, |(_, t)| t))
}

/// Sets the terms for every brand (`brand` none) or for one brand; `terms` none for a brand
/// removes its own, so that those for every brand hold again.
pub fn set(
    vault: &mut Vault,
    brand: Option<&BrandId>,
    terms: Option<Terms>,
) -> Result<StoredTerms> {
    let terms = terms.map(Terms::checked).transpose()?;
    let existing = store::load::<StoredTerms>(vault, TERMS_KIND)?
        .into_iter()
        .next();
    let (id, mut all) = match existing {
        Some((id, t)) => (Some(id), t),
        None => (None, stored(vault)?),
    };
    match (brand, terms) {
        (None, Some(t)) => all.default = t,
        (None, None) => all.default = Terms::default(),
        (Some(b), t) => {
            all.brands.retain(|(id, _)| id != b.as_str());
            if let Some(t) = t {
                all.brands.push((b.as_str().to_owned(), t));
                all.brands.sort_by(|x, y| x.0.cmp(&y.0));
            }
        }
    }
    store::save(vault, TERMS_KIND, id, &all)?;
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(channels: &[&str], quiet_hours: Option<&str>) -> Terms {
        Terms {
            contact: Some(Contact {
                channels: channels.iter().map(|c| (*c).to_owned()).collect(),
                quiet_hours: quiet_hours.map(str::to_owned),
            }),
            ..Terms::default()
        }
    }

    #[test]
    fn contact_terms_are_normalized_or_refused_in_words() {
        let kept = contact(&["Post", " email"], Some("21:00-8:00"))
            .checked()
            .unwrap()
            .contact
            .unwrap();
        // In the catalogue's order, lowercase; the quiet hours zero-padded.
        assert_eq!(kept.channels, ["email", "post"]);
        assert_eq!(kept.quiet_hours.as_deref(), Some("21:00-08:00"));
        let blank = contact(&["none"], Some("  ")).checked().unwrap();
        assert_eq!(blank.contact.unwrap().quiet_hours, None);
        for bad in [
            contact(&[], None),
            contact(&["fax"], None),
            contact(&["email", "EMAIL"], None),
            contact(&["none", "sms"], None),
        ] {
            let e = bad.checked().unwrap_err().to_string();
            assert!(e.contains("email, sms, phone, post, push, none"), "{e}");
        }
        let e = contact(&["email"], Some("25:00-08:00"))
            .checked()
            .unwrap_err()
            .to_string();
        assert!(e.contains("HH:MM"), "{e}");
    }

    #[test]
    fn a_record_written_before_the_newer_members_reads_with_their_defaults() {
        let old: Terms = serde_json::from_value(serde_json::json!({
            "agreement": "pdc-ai", "no_sharing": false, "no_profiling": false,
            "no_training": true, "max_retention_days": null, "additions": []
        }))
        .unwrap();
        assert!(old.no_sale && old.no_inference);
        assert_eq!(old.erase_within_days, DEFAULT_ERASE_WITHIN_DAYS);
        assert_eq!(old.contact, None);
    }
}
