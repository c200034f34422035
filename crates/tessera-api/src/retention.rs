//! When each brand should have deleted what it received ([`tessera_exchange::retention`]), as
//! the faces show it: by brand, the overdue first, with the ledger entry the erasure letter
//! names; and as an iCalendar file (RFC 5545) for the person's own calendar.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::person::{self, StoredRequest};
use tessera_exchange::retention::{self, DueBecause, FieldDue};
use tessera_exchange::{jws, ledger};
use tessera_profile::catalogue;
use ts_rs::TS;

use crate::exchange::{brand_names, time};
use crate::{ApiError, Session};

/// One field a brand holds, and when it should be gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldDueView {
    pub field: String,
    pub label: String,
    /// The grant that governs it: the latest that gave it.
    pub grant: String,
    /// RFC 3339.
    pub delete_by: String,
    pub because: DueBecause,
    /// Why, in words.
    pub reason: String,
    /// Its date has passed.
    pub overdue: bool,
}

/// What one brand should delete, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrandDues {
    pub brand: String,
    pub brand_name: String,
    /// By date, then field.
    pub fields: Vec<FieldDueView>,
    /// Some field's date has passed.
    pub overdue: bool,
    /// The ledger entry of the brand's latest grant: what `deletion_request` builds the
    /// erasure letter from.
    pub letter_entry: Option<u32>,
}

/// Every brand's deletion dates: those with a date passed first, then by their earliest date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeletionDates {
    pub brands: Vec<BrandDues>,
    /// The next date to come, of any brand.
    pub next: Option<NextDeletion>,
}

/// The next field a brand should delete, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NextDeletion {
    pub brand: String,
    pub brand_name: String,
    pub field: FieldDueView,
}

/// A purpose's description in the request the grant answers, else its id.
fn purpose_words(requests: &[StoredRequest], due: &FieldDue, purpose: &str) -> String {
    requests
        .iter()
        .filter(|r| r.brand == due.brand)
        .find_map(|r| {
            r.claims()
                .purposes
                .into_iter()
                .find(|p| p.id == purpose)
                .map(|p| p.description)
        })
        .unwrap_or_else(|| purpose.to_owned())
}

fn reason(requests: &[StoredRequest], due: &FieldDue, brand_name: &str) -> String {
    match &due.because {
        DueBecause::Retention { purpose, days } => tessera_text::text!(
            "api-deletion-because-retention",
            days = *days,
            purpose = purpose_words(requests, due, purpose),
            brand = brand_name.to_owned()
        ),
        DueBecause::GrantEnds { within_days: None } => {
            tessera_text::text!("api-deletion-because-grant-ends")
        }
        DueBecause::GrantEnds {
            within_days: Some(days),
        } => tessera_text::text!("api-deletion-because-grant-ends-within", days = *days),
        DueBecause::Revoked { within_days: None } => {
            tessera_text::text!("api-deletion-because-revoked")
        }
        DueBecause::Revoked {
            within_days: Some(days),
        } => tessera_text::text!("api-deletion-because-revoked-within", days = *days),
    }
}

/// What the deletion dates are made of, for one state of the vault (its generation): the
/// dates themselves do not depend on the time they are asked at, only whether each is past
/// does. Kept by the session until the vault changes or locks (reading every request and
/// grant is the cost; Home asks each time it is shown).
pub(crate) struct DeletionCache {
    generation: u64,
    /// Each field's date, its brand and the brand's name, and its view (`overdue` unset).
    dues: Vec<(i64, String, String, FieldDueView)>,
    /// Each brand's newest grant's ledger entry, named by the erasure letter.
    letters: BTreeMap<String, u32>,
}

impl Session {
    /// When each brand should have deleted each field it received.
    pub fn deletion_dates(&self, now: Timestamp) -> Result<DeletionDates, ApiError> {
        let vault = self.vault()?;
        let generation = vault.generation();
        let mut cache = self.deletions.borrow_mut();
        if cache.as_ref().is_none_or(|c| c.generation != generation) {
            *cache = Some(deletion_cache(vault, generation)?);
        }
        let cache = cache.as_ref().expect("filled above");
        let mut by_brand: BTreeMap<String, BrandDues> = BTreeMap::new();
        for (delete_by, brand, brand_name, view) in &cache.dues {
            let view = FieldDueView {
                overdue: *delete_by <= now.as_second(),
                ..view.clone()
            };
            let entry = by_brand.entry(brand.clone()).or_insert_with(|| BrandDues {
                brand: brand.clone(),
                brand_name: brand_name.clone(),
                fields: Vec::new(),
                overdue: false,
                letter_entry: cache.letters.get(brand).copied(),
            });
            entry.overdue |= view.overdue;
            entry.fields.push(view);
        }
        let mut brands: Vec<BrandDues> = by_brand.into_values().collect();
        // RFC 3339 in UTC sorts as the time it says.
        brands.sort_by(|a, b| {
            (!a.overdue, &a.fields[0].delete_by).cmp(&(!b.overdue, &b.fields[0].delete_by))
        });
        let next = brands
            .iter()
            .flat_map(|b| b.fields.iter().map(move |f| (b, f)))
            .filter(|(_, f)| !f.overdue)
            .min_by(|x, y| x.1.delete_by.cmp(&y.1.delete_by))
            .map(|(b, f)| NextDeletion {
                brand: b.brand.clone(),
                brand_name: b.brand_name.clone(),
                field: f.clone(),
            });
        Ok(DeletionDates { brands, next })
    }

    /// The deletion dates as an iCalendar file: one all-day event per brand and date, naming
    /// the fields (never their values) and why, with a reminder a week before and on the day.
    pub fn deletion_calendar(&self, now: Timestamp) -> Result<String, ApiError> {
        use icalendar::{Alarm, Calendar, Component, Event, EventLike, Related};
        let dates = self.deletion_dates(now)?;
        let stamp = chrono::DateTime::from_timestamp(now.as_second(), 0).unwrap_or_default();
        let mut calendar = Calendar::new();
        calendar.name(&tessera_text::text!("api-deletion-calendar-name"));
        for brand in &dates.brands {
            let mut days: BTreeMap<&str, Vec<&FieldDueView>> = BTreeMap::new();
            for f in &brand.fields {
                days.entry(&f.delete_by[..10]).or_default().push(f);
            }
            for (day, fields) in days {
                let Ok(date) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
                    continue;
                };
                let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
                let summary = tessera_text::text!(
                    "api-deletion-summary",
                    brand = brand.brand_name.clone(),
                    fields = labels.join(", ")
                );
                let reasons: Vec<String> = fields
                    .iter()
                    .map(|f| {
                        tessera_text::text!(
                            "api-deletion-field-reason",
                            field = f.label.clone(),
                            reason = f.reason.clone()
                        )
                    })
                    .collect();
                let description = tessera_text::text!(
                    "api-deletion-description",
                    brand = brand.brand_name.clone(),
                    reasons = reasons.join("\n")
                );
                // Stable across exports, so that a calendar importing the file again updates
                // the event: the brand, the day and the grants, hashed.
                let grants: Vec<&str> = fields.iter().map(|f| f.grant.as_str()).collect();
                // not words: an identifier's parts, hashed
                let key = format!("{} {day} {}", brand.brand, grants.join(" "));
                let uid = format!("{}@tessera", jws::token_hash(&key));
                // A reminder a week before and one on the day, with ids and stamps of their
                // own made the same way (the library would take random ones and the clock).
                let alarm = |days: i64| {
                    Alarm::display(&summary, (-chrono::Duration::days(days), Related::Start))
                        // not words: an identifier
                        .uid(&format!("{uid}-{days}"))
                        .timestamp(stamp)
                        .done()
                };
                // An all-day event ends the next day (RFC 5545: DTEND is exclusive).
                let next = date.succ_opt().unwrap_or(date);
                calendar.push(
                    Event::new()
                        .uid(&uid)
                        .timestamp(stamp)
                        .starts(date)
                        .ends(next)
                        .summary(&summary)
                        .description(&description)
                        .alarm(alarm(7))
                        .alarm(alarm(0))
                        .done(),
                );
            }
        }
        Ok(calendar.done().to_string())
    }
}

/// Reads every request and grant once and works out each field's deletion date
/// ([`retention::deletion_dates`]), and the ledger entry each brand's erasure letter names.
fn deletion_cache(
    vault: &tessera_vault::Vault,
    generation: u64,
) -> Result<DeletionCache, ApiError> {
    let requests = person::requests(vault)?;
    let grants = person::grants(vault)?;
    let names = brand_names(vault)?;
    // The newest grant issue of each brand, from the entry each grant names; grants issued
    // before Tessera kept it send the search to the ledger, once.
    let mut letters: BTreeMap<String, u32> = BTreeMap::new();
    let mut unnamed = false;
    for g in &grants {
        match g.issued_entry {
            Some(seq) => {
                let seq = u32::try_from(seq).unwrap_or(u32::MAX);
                let slot = letters.entry(g.brand.clone()).or_insert(seq);
                *slot = (*slot).max(seq);
            }
            None => unnamed = true,
        }
    }
    if unnamed {
        for e in ledger::list(vault)? {
            if let Some(brand) = &e.brand
                && e.event == ledger::LedgerEvent::GrantIssued.as_str()
            {
                let seq = u32::try_from(e.seq).unwrap_or(u32::MAX);
                let slot = letters.entry(brand.clone()).or_insert(seq);
                *slot = (*slot).max(seq);
            }
        }
    }
    let dues = retention::deletion_dates(&requests, &grants)
        .into_iter()
        .map(|due| {
            let brand_name = names.get(&due.brand).cloned().unwrap_or_default();
            let view = FieldDueView {
                label: catalogue::lookup(&due.field)
                    .map_or_else(|| due.field.clone(), |d| d.label()),
                field: due.field.clone(),
                grant: due.grant.clone(),
                delete_by: time(due.delete_by),
                reason: reason(&requests, &due, &brand_name),
                because: due.because.clone(),
                overdue: false,
            };
            (due.delete_by, due.brand, brand_name, view)
        })
        .collect();
    Ok(DeletionCache {
        generation,
        dues,
        letters,
    })
}
