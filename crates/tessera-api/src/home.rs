//! The home screen, in one call: who holds what (brands with grants in force: the fields and
//! forms they received and until when), requests waiting for an answer, grants and standing
//! rules that end soon, the ledger, and the last automatic backup. Each item names what its
//! screen needs to open it (a brand, a grant's id, a request's id).

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use crate::exchange::{GrantState, GrantSummary, LedgerEntryView, RequestStatus, RequestSummary};
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
    /// By brand name.
    pub holders: Vec<Holder>,
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

impl Session {
    pub fn home(&self, now: Timestamp) -> Result<Home, ApiError> {
        let grants = self.grant_list(now)?;
        let in_force =
            |g: &&GrantSummary| matches!(g.state, GrantState::Active | GrantState::Expiring);
        let mut holders: BTreeMap<String, Holder> = BTreeMap::new();
        for g in grants.iter().filter(in_force) {
            let holder = holders.entry(g.brand.clone()).or_insert_with(|| Holder {
                brand: g.brand.clone(),
                brand_name: g.brand_name.clone(),
                received: Vec::new(),
                until: g.expires_at.clone(),
                grants: 0,
            });
            holder.grants += 1;
            for field in &g.fields {
                if !holder.received.contains(field) {
                    holder.received.push(field.clone());
                }
            }
            // RFC 3339 times in UTC compare as text.
            if g.expires_at > holder.until {
                holder.until = g.expires_at.clone();
            }
        }
        let mut holders: Vec<Holder> = holders.into_values().collect();
        for h in &mut holders {
            h.received.sort();
        }
        holders.sort_by(|a, b| {
            a.brand_name
                .to_lowercase()
                .cmp(&b.brand_name.to_lowercase())
        });
        // The count from the sealed head and the newest entry proven by it: no other row read.
        let (ledger_entries, last_activity) = self.ledger_head()?;
        let backups = self.auto_backup()?;
        Ok(Home {
            holders,
            pending: self
                .request_list()?
                .into_iter()
                .filter(|r| r.status == RequestStatus::Pending)
                .collect(),
            expiring_grants: grants
                .iter()
                .filter(|g| g.state == GrantState::Expiring)
                .cloned()
                .collect(),
            expiring_rules: self.rules_ending_within(SOON_DAYS, now)?,
            ledger_entries,
            last_activity,
            automatic_backups: backups.folder.is_some(),
            last_backup: backups.last_backup,
            demo: self.demo(now)?,
            letters_overdue: self.letters_overdue(now)?,
            profile_values: crate::profile::count(
                tessera_profile::store::list_values(self.vault()?)?.len(),
            ),
        })
    }
}
