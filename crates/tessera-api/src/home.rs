//! The home screen, in one call: who holds what (brands with grants in force: the fields and
//! forms they received and until when), requests waiting for an answer, grants and standing
//! rules that end soon, the ledger, and the last automatic backup. Each item names what its
//! screen needs to open it (a brand, a grant's id, a request's id).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::person;
use tessera_profile::model::Brand;
use tessera_vault::EntryId;
use ts_rs::TS;

use crate::exchange::{GrantSummary, LedgerEntryView, RequestStatus, RequestSummary};
use crate::profile::RuleView;
use crate::{ApiError, Session};

/// Rules ending within this many days are shown as ending soon (grants: `GrantState::Expiring`,
/// the same 30 days).
pub const SOON_DAYS: i64 = 30;

/// A brand holding grants in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Holder {
    pub brand: String,
    pub brand_name: String,
    /// `field:form` pairs it received in grants still in force, sorted: names, never values.
    pub received: Vec<String>,
    /// When the last of those grants ends (RFC 3339).
    pub until: String,
    pub grants: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Home {
    /// By brand name, the first [`HOME_HOLDERS`].
    pub holders: Vec<Holder>,
    /// How many brands hold grants in force, shown or not.
    pub holders_total: u32,
    /// Requests waiting for an answer, newest first.
    pub pending: Vec<RequestSummary>,
    /// Grants in force that end within 30 days.
    pub expiring_grants: Vec<GrantSummary>,
    /// Standing rules that allow something and end within [`SOON_DAYS`] days, soonest first.
    pub expiring_rules: Vec<RuleView>,
    pub ledger_entries: u32,
    /// The ledger's newest entry.
    pub last_activity: Option<LedgerEntryView>,
    /// Whether automatic backups are on, and when the newest was written (RFC 3339).
    pub automatic_backups: bool,
    pub last_backup: Option<String>,
    /// The first run's demo: where it stands, and whether to offer it.
    pub demo: crate::demo::Demo,
    /// How many values the profile holds (the demo's first step is to put in a few).
    pub profile_values: u32,
    /// Letters past their reply date with no reply recorded, oldest due first.
    pub letters_overdue: Vec<crate::letters::LetterView>,
}

/// Home lists at most this many holders (by brand name); the rest are counted.
pub const HOME_HOLDERS: usize = 50;

impl Session {
    pub fn home(&self, now: Timestamp) -> Result<Home, ApiError> {
        let vault = self.vault()?;
        let at = now.as_second();
        // Grants in force, from the index's keys (when each ends and its brand): only the
        // shown holders' grants and the ones ending soon are opened.
        let live = person::live_grants(vault, at)?;
        let mut by_brand: BTreeMap<&str, Vec<EntryId>> = BTreeMap::new();
        for (_, brand, id) in &live {
            by_brand.entry(brand.as_str()).or_default().push(*id);
        }
        let holder_brands: Vec<Brand> = tessera_profile::store::brands_in_name_order(
            vault,
            by_brand.keys().copied(),
            HOME_HOLDERS,
        )?;
        let mut holders = Vec::new();
        for brand in &holder_brands {
            let ids = &by_brand[brand.id.as_str()];
            let mut received: Vec<String> = Vec::new();
            let mut until = i64::MIN;
            for g in person::grants_at(vault, ids)? {
                for field in g.field_forms() {
                    if !received.contains(&field) {
                        received.push(field);
                    }
                }
                until = until.max(g.exp);
            }
            received.sort();
            holders.push(Holder {
                brand: brand.id.clone(),
                brand_name: brand.name.clone(),
                received,
                until: crate::exchange::time(until),
                grants: crate::profile::count(ids.len()),
            });
        }
        let soon: Vec<EntryId> = live
            .iter()
            .filter(|(exp, ..)| exp.saturating_sub(at) <= crate::exchange::EXPIRING_SECONDS)
            .map(|(_, _, id)| *id)
            .collect();
        let mut pending = person::requests_in(vault, RequestStatus::Pending)?;
        pending.reverse();
        // The count from the sealed head and the newest entry proven by it: no other row read.
        let (ledger_entries, last_activity) = self.ledger_head()?;
        let backups = self.auto_backup()?;
        Ok(Home {
            holders_total: crate::profile::count(by_brand.len()),
            holders,
            pending: crate::exchange::summaries_of_requests(vault, &pending)?,
            expiring_grants: crate::exchange::summaries_of_grants(
                vault,
                &person::grants_at(vault, &soon)?,
                at,
            )?,
            expiring_rules: self.rules_ending_within(SOON_DAYS, now)?,
            ledger_entries,
            last_activity,
            automatic_backups: backups.folder.is_some(),
            last_backup: backups.last_backup,
            demo: self.demo(now)?,
            letters_overdue: self.letters_overdue(now)?,
            profile_values: crate::profile::count(vault.count(tessera_profile::store::VALUE_KIND)),
        })
    }
}
