//! Reminders while the app is open: a grant or a standing rule about to end, a brand's request
//! about to expire unanswered, within the number of days the person chose (a setting, 7 by
//! default, 0 for none). The app shows each as a desktop notification once per session
//! (`desktop::remind`); they name brands and field names, never values.

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::formats::RequestClaims;
use tessera_exchange::person::{self, RequestStatus};
use ts_rs::TS;

use crate::exchange::GrantState;
use crate::{ApiError, Session};

/// Days ahead a reminder comes unless the person chose otherwise.
pub const DEFAULT_DAYS: u32 = 7;
/// The most days ahead the person may choose.
pub const MAX_DAYS: u32 = 90;
const SETTING: &str = "reminder_days";

/// One thing about to end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminder {
    /// Stable for the same thing ending on the same day: shown once.
    pub id: String,
    pub title: String,
    pub body: String,
}

/// The day of an RFC 3339 time, as notifications say it.
fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

impl Session {
    /// How many days ahead reminders come (0: none).
    pub fn reminder_days(&self) -> Result<u32, ApiError> {
        Ok(self
            .vault()?
            .setting(SETTING)?
            .and_then(|v| v.parse().ok())
            .filter(|d| *d <= MAX_DAYS)
            .unwrap_or(DEFAULT_DAYS))
    }

    pub fn set_reminder_days(&mut self, days: u32) -> Result<u32, ApiError> {
        if days > MAX_DAYS {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-reminder-days",
                max = MAX_DAYS.to_string(),
                days = days.to_string()
            )));
        }
        self.vault_mut()?.set_setting(SETTING, &days.to_string())?;
        self.reminder_days()
    }

    /// Everything ending within the chosen days, soonest first: grants in force, standing
    /// rules that allow something, requests waiting for an answer.
    pub fn reminders(&self, now: Timestamp) -> Result<Vec<Reminder>, ApiError> {
        let days = self.reminder_days()?;
        if days == 0 {
            return Ok(Vec::new());
        }
        let horizon = now.as_second() + i64::from(days) * 24 * 3600;
        let mut due: Vec<(String, Reminder)> = Vec::new();
        for g in self.grant_list(now)? {
            let ends = g
                .expires_at
                .parse::<Timestamp>()
                .ok()
                .map(|t| t.as_second());
            if matches!(g.state, GrantState::Active | GrantState::Expiring)
                && ends.is_some_and(|e| e <= horizon)
            {
                due.push((
                    g.expires_at.clone(),
                    Reminder {
                        // not words: an id, never shown
                        id: format!("grant {} {}", g.jti, g.expires_at),
                        title: tessera_text::text!(
                            "api-reminder-grant-title",
                            brand = g.brand_name.clone(),
                            date = day(&g.expires_at)
                        ),
                        body: tessera_text::text!(
                            "api-reminder-grant-body",
                            fields = g.fields.join(", "),
                            brand = g.brand_name.clone()
                        ),
                    },
                ));
            }
        }
        for r in self.rules_ending_within(i64::from(days), now)? {
            let until = r.until.clone().unwrap_or_default();
            due.push((
                until.clone(),
                Reminder {
                    // not words: an id, never shown
                    id: format!("rule {} {} {until}", r.brand, r.field),
                    title: tessera_text::text!(
                        "api-reminder-rule-title",
                        brand = r.brand_name.clone(),
                        date = until.clone()
                    ),
                    body: tessera_text::text!(
                        "api-reminder-rule-body",
                        brand = r.brand_name.clone(),
                        field = r.field_label.clone()
                    ),
                },
            ));
        }
        let names = crate::exchange::brand_names(self.vault()?)?;
        for r in person::requests(self.vault()?)? {
            let Some(claims) = tessera_exchange::jws::peek_payload::<RequestClaims>(&r.token)
            else {
                continue;
            };
            if r.status == RequestStatus::Pending
                && claims.exp > now.as_second()
                && claims.exp <= horizon
            {
                let brand = names.get(&r.brand).cloned().unwrap_or(r.brand.clone());
                let expires = crate::exchange::time(claims.exp);
                due.push((
                    expires.clone(),
                    Reminder {
                        // not words: an id, never shown
                        id: format!("request {}", r.hash),
                        title: tessera_text::text!(
                            "api-reminder-request-title",
                            brand = brand,
                            date = day(&expires)
                        ),
                        body: tessera_text::text!("api-reminder-request-body"),
                    },
                ));
            }
        }
        due.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(due.into_iter().map(|(_, r)| r).collect())
    }

    /// The reminders due that this session has not given yet; each is given once.
    pub fn new_reminders(&mut self, now: Timestamp) -> Result<Vec<Reminder>, ApiError> {
        let due = self.reminders(now)?;
        Ok(due
            .into_iter()
            .filter(|r| self.reminded.insert(r.id.clone()))
            .collect())
    }
}
