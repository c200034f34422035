//! The first run's demo: the whole loop tried on a brand that exists only inside Tessera. The
//! demo brand (`https://demo.tessera.invalid`: `.invalid` never resolves) signs a built-in
//! request with a key made at the first start and kept as a sealed setting; the person reviews
//! it like any other, approves (a coarse form of their date of birth, as the request's own
//! words suggest), Tessera plays the brand and countersigns the grant into a receipt, and the
//! person revokes. Each step goes through the same code as a real brand's, and lands in the
//! ledger under the demo brand's name, which every screen marks as a demo. Removing the demo
//! takes its brand, requests, grants, rules and key away; the ledger keeps its entries (the
//! history is append-only) and records the removal.

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::brandkit;
use tessera_exchange::person::{self, RequestStatus};
use tessera_profile::BrandId;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::exchange::{GrantSummary, ImportedRequest};
use crate::{ApiError, Session};

/// The demo brand's identifier: every face marks a brand with this id as a demo.
pub const DEMO_BRAND: &str = "https://demo.tessera.invalid";
/// The demo brand's private key (a JWK), made at the first start, removed with the demo.
const KEY_SETTING: &str = "demo_brand_key";
/// The request the demo brand sends, without `iss` (always [`DEMO_BRAND`]).
const REQUEST_SPEC: &str = include_str!("demo-request.json");

/// Where the demo stands: the next thing the person can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum DemoStep {
    /// Nothing under way: start it (again, after a refusal or a demo request left to expire).
    Start,
    /// The demo request waits for the person's review.
    Review,
    /// Approved: the demo brand can send its receipt.
    Receipt,
    /// Receipt in hand: revoke the grant.
    Revoke,
    /// Revoked: the loop is complete; remove the demo.
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Demo {
    pub step: DemoStep,
    /// The demo request waiting for review (its id), at `review`.
    pub request: Option<String>,
    /// The demo grant, at `receipt`, `revoke` and `done`.
    pub grant: Option<String>,
    /// Something of the demo is in the vault, and can be removed.
    pub present: bool,
    /// Whether the home screen offers it: the demo is under way, or no other brand is known.
    pub offered: bool,
}

/// What removing the demo took away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DemoRemoved {
    pub requests: u32,
    pub grants: u32,
    pub rules: u32,
}

fn demo_brand() -> BrandId {
    BrandId::parse(DEMO_BRAND).expect("the demo brand's id is valid")
}

/// The built-in request's spec, with its issuer.
fn request_spec() -> Result<String, ApiError> {
    let mut spec: serde_json::Value = serde_json::from_str(REQUEST_SPEC).map_err(|e| {
        ApiError::internal(tessera_text::text!(
            "api-demo-spec-broken",
            reason = e.to_string()
        ))
    })?;
    spec["iss"] = serde_json::Value::from(DEMO_BRAND);
    Ok(spec.to_string())
}

impl Session {
    /// Where the demo stands at `now` (a demo request left to expire starts it again).
    pub fn demo(&self, now: Timestamp) -> Result<Demo, ApiError> {
        let vault = self.vault()?;
        let request = person::requests_of(vault, DEMO_BRAND)?
            .into_iter()
            .next_back();
        let grants = person::grants_of(vault, DEMO_BRAND)?;
        let demo_known = !tessera_profile::store::brands_named(vault, [DEMO_BRAND])?.is_empty();
        let others = vault.count(tessera_profile::store::BRAND_KIND) > u64::from(demo_known);
        let present = request.is_some() || !grants.is_empty();
        let (step, request_id, grant_id) = match &request {
            None => (DemoStep::Start, None, None),
            Some(r) if r.status == RequestStatus::Pending => {
                if r.claims().exp > now.as_second() {
                    (DemoStep::Review, Some(r.hash.clone()), None)
                } else {
                    (DemoStep::Start, None, None)
                }
            }
            Some(r) => match r
                .grant
                .as_ref()
                .and_then(|jti| grants.iter().find(|g| &g.jti == jti))
            {
                None => (DemoStep::Start, None, None),
                Some(g) => {
                    let step = if g.revoked_at.is_some() {
                        DemoStep::Done
                    } else if g.receipt.is_none() {
                        DemoStep::Receipt
                    } else {
                        DemoStep::Revoke
                    };
                    (step, None, Some(g.jti.clone()))
                }
            },
        };
        Ok(Demo {
            step,
            request: request_id,
            grant: grant_id,
            present,
            offered: present || !others,
        })
    }

    /// The demo brand sends its request (signed now, with a key made the first time), and
    /// Tessera imports it for review as any request. When one is waiting already, its review.
    pub fn demo_start(&mut self, now: Timestamp) -> Result<ImportedRequest, ApiError> {
        let demo = self.demo(now)?;
        if let (DemoStep::Review, Some(id)) = (demo.step, &demo.request) {
            let review = self.request_review(id, now)?;
            return Ok(ImportedRequest {
                key_status: person::KeyStatus::Known,
                notice: person::KeyStatus::Known.notice(&review.brand_name, &review.fingerprint),
                review,
            });
        }
        let key = self.demo_key()?;
        let token = brandkit::request_from_spec(&key, &request_spec()?, now.as_second())?;
        self.request_import(&token, false, now)
    }

    /// The demo brand countersigns the demo grant: Tessera plays the brand's part (verifying
    /// the grant as a brand would) and imports the receipt as any receipt.
    pub fn demo_receipt(&mut self, now: Timestamp) -> Result<GrantSummary, ApiError> {
        let demo = self.demo(now)?;
        let (DemoStep::Receipt, Some(jti)) = (demo.step, &demo.grant) else {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-demo-no-grant-waiting"
            )));
        };
        let grant = person::grants_of(self.vault()?, DEMO_BRAND)?
            .into_iter()
            .find(|g| &g.jti == jti)
            .ok_or_else(|| ApiError::internal(tessera_text::text!("api-demo-grant-missing")))?;
        let key = self.demo_key()?;
        let receipt = brandkit::receipt_for(&key, &grant.token, DEMO_BRAND, now.as_second())?;
        self.receipt_import(&receipt, now)
    }

    /// Removes the demo brand with its requests, grants, rules and key, in one transaction;
    /// the ledger keeps its entries and records the removal.
    pub fn demo_remove(&mut self, now: Timestamp) -> Result<DemoRemoved, ApiError> {
        let vault = self.vault_mut()?;
        let known = !tessera_profile::store::brands_named(vault, [DEMO_BRAND])?.is_empty();
        if !known {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-demo-nothing-to-remove"
            )));
        }
        let removed = vault.atomically(|vault| -> Result<_, ApiError> {
            // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
            let removed =
                person::remove_brand(vault, &demo_brand(), now.as_second(), "the demo brand")?;
            vault.remove_setting(KEY_SETTING)?;
            Ok(removed)
        })?;
        let count = crate::profile::count;
        Ok(DemoRemoved {
            requests: count(removed.requests),
            grants: count(removed.grants),
            rules: count(removed.rules),
        })
    }

    /// The demo brand's key: the one kept, or a new one, kept from now on.
    fn demo_key(&mut self) -> Result<tessera_exchange::jws::SigningKey, ApiError> {
        let vault = self.vault_mut()?;
        if let Some(jwk) = vault.setting(KEY_SETTING)?.map(Zeroizing::new) {
            return Ok(brandkit::load_key(&jwk)?);
        }
        let (key, jwk) = brandkit::generate_key()?;
        vault.set_setting(KEY_SETTING, &jwk)?;
        Ok(key)
    }
}
