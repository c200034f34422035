//! The person's own terms ([`tessera_profile::terms`]), as the faces read and set them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tessera_profile::BrandId;
use tessera_profile::terms::{self, Agreement, Terms};
use ts_rs::TS;

use crate::exchange::brand_names;
use crate::{ApiError, Session};

/// A named agreement, as the person chooses it: its name, its words, the terms it sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AgreementView {
    pub agreement: Agreement,
    pub label: String,
    pub description: String,
    pub terms: Terms,
}

/// One brand's terms of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrandTerms {
    pub brand: String,
    pub brand_name: String,
    pub terms: Terms,
}

/// The person's terms: for every brand, each brand's own, and the agreements to start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TermsView {
    pub default: Terms,
    pub brands: Vec<BrandTerms>,
    pub agreements: Vec<AgreementView>,
    /// The channels contact terms may name, with their words (`none` last: no contact).
    pub channels: Vec<crate::profile::Term>,
}

/// Setting terms: for every brand (`brand` none) or one; `terms` none resets them (for a
/// brand: back to those for every brand).
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SetTerms {
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub terms: Option<Terms>,
}

impl Session {
    pub fn terms(&self) -> Result<TermsView, ApiError> {
        let vault = self.vault()?;
        let stored = terms::stored(vault)?;
        let names = brand_names(vault)?;
        Ok(TermsView {
            default: stored.default,
            brands: stored
                .brands
                .into_iter()
                .map(|(brand, terms)| BrandTerms {
                    brand_name: names.get(&brand).cloned().unwrap_or_default(),
                    brand,
                    terms,
                })
                .collect(),
            agreements: Agreement::ALL
                .into_iter()
                .map(|a| AgreementView {
                    agreement: a,
                    label: tessera_text::text_of(&a.text_id()),
                    description: tessera_text::text_of(&a.description_id()),
                    terms: a.terms(),
                })
                .collect(),
            channels: tessera_profile::catalogue::CHANNELS
                .iter()
                .map(|c| crate::profile::Term::new(c, tessera_profile::catalogue::choice_label(c)))
                .collect(),
        })
    }

    pub fn set_terms(&mut self, req: &SetTerms, _now: Timestamp) -> Result<TermsView, ApiError> {
        let brand = req.brand.as_deref().map(BrandId::parse).transpose()?;
        terms::set(self.vault_mut()?, brand.as_ref(), req.terms.clone())?;
        self.terms()
    }
}
