//! Where did my address leak from ([`tessera_exchange::aliases`]): the brand an alias belongs
//! to, whether it was given that alias, and what it promised.

use serde::Serialize;
use tessera_exchange::{aliases, ledger, person};
use tessera_profile::BrandId;
use tessera_profile::store as profile;
use ts_rs::TS;

use crate::{ApiError, Session};

/// A brand an address is the alias of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AliasFound {
    pub address: String,
    pub brand: String,
    pub brand_name: String,
    /// `email_alias` or `email_alias_token`.
    pub form: String,
    /// A grant gave the brand the email in this form: the alias reached others from it (or
    /// someone guessed it, which the token form prevents).
    pub given: bool,
    /// The purposes of the brand's latest request that it said share the data with third
    /// parties, in its words.
    pub shared_for: Vec<String>,
    /// What its latest request promised never to do.
    pub never: Vec<String>,
    /// The ledger entry of the brand's latest grant: what `deletion_request` builds the
    /// erasure letter from.
    pub letter_entry: Option<u32>,
}

/// What tracing found: the addresses read, and the brands among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AliasTrace {
    pub addresses: Vec<String>,
    pub found: Vec<AliasFound>,
}

/// The most a pasted address or header may hold: a header is a few KiB.
const MAX_TRACE_BYTES: usize = 64 * 1024;

impl Session {
    /// Which brand's alias the address in `text` is: an address, or a message's header pasted
    /// whole (its recipients are read, never its sender).
    pub fn trace_alias(&self, text: &str) -> Result<AliasTrace, ApiError> {
        let vault = self.vault()?;
        if text.len() > MAX_TRACE_BYTES {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-trace-too-large"
            )));
        }
        let addresses = aliases::addresses_in(text);
        if addresses.is_empty() {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-trace-no-address"
            )));
        }
        let values = profile::list_values(vault)?;
        let Some(pattern) = values
            .iter()
            .find(|v| v.field == "email_alias_pattern")
            .map(|v| v.value.display())
        else {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-trace-no-pattern"
            )));
        };
        let brands = profile::list_brands(vault, None)?;
        let tokens: Vec<(BrandId, String)> = brands
            .iter()
            .filter_map(|b| BrandId::parse(&b.id).ok())
            .map(|id| {
                let token = profile::alias_token(vault, &id);
                (id, token)
            })
            .collect();
        let requests = person::requests(vault)?;
        let grants = person::grants(vault)?;
        let entries = ledger::list(vault)?;
        let found = aliases::trace(&addresses, &pattern, &tokens)
            .into_iter()
            .map(|m| {
                let latest = requests
                    .iter()
                    .filter(|r| r.brand == m.brand)
                    .max_by_key(|r| r.received_at)
                    .map(person::StoredRequest::claims);
                AliasFound {
                    brand_name: brands
                        .iter()
                        .find(|b| b.id == m.brand)
                        .map(|b| b.name.clone())
                        .unwrap_or_default(),
                    form: m.form.name(),
                    given: grants.iter().any(|g| {
                        g.brand == m.brand
                            && g.fields
                                .iter()
                                .any(|(f, form)| f == "email" && *form == m.form.name())
                    }),
                    shared_for: latest
                        .as_ref()
                        .map(|c| {
                            c.purposes
                                .iter()
                                .filter(|p| p.third_parties)
                                .map(|p| p.description.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    never: latest.map(|c| c.never).unwrap_or_default(),
                    letter_entry: entries
                        .iter()
                        .rev()
                        .find(|e| {
                            e.brand.as_deref() == Some(m.brand.as_str())
                                && e.event == ledger::LedgerEvent::GrantIssued.as_str()
                        })
                        .map(|e| u32::try_from(e.seq).unwrap_or(u32::MAX)),
                    address: m.address,
                    brand: m.brand,
                }
            })
            .collect();
        Ok(AliasTrace { addresses, found })
    }
}
