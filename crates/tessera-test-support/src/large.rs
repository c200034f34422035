//! A large vault, made deterministically (issue 13): a person who has used Tessera for years.
//!
//! [`LargeVault::ISSUE_13`] is the size the issue measures at: 2,000 profile values, 1,000
//! brands with 10 standing rules each, 10 requests per brand (10,000), each answered with a
//! grant (10,000 more), and the ledger those writes leave (about 21,000 entries), topped up to
//! any size with further entries of the same shapes. Requests are real signed tokens,
//! verified and imported, and grants are signed by the real approval, through the same core
//! functions the app calls, in transactions of one brand each; only the profile values and
//! the ledger's top-up are written directly (their own paths are measured elsewhere).
//!
//! Everything is a function of the index (brand `i`'s key is seeded from `i`), so two
//! vaults made with the same size hold the same records; the grants' random ids and the
//! sealing nonces differ, as in any two vaults.

use std::path::Path;

use jiff::civil::Date;
use tessera_exchange::approval::Approval;
use tessera_exchange::ledger::{self, Event, LedgerEvent};
use tessera_exchange::person;
use tessera_profile::BrandId;
use tessera_profile::forms::FormKind;
use tessera_profile::model::{CustomField, ProfileValue, Provenance, Value};
use tessera_profile::store::{self, VALUE_KIND};
use tessera_vault::{KdfParams, Passphrase, Vault, VaultError};

/// The moment [`LargeVault::ISSUE_13`] is made at (2026-11-17): requests are signed and
/// imported then.
pub const LARGE_NOW: i64 = 1_795_400_000;
/// The day of [`LARGE_NOW`].
pub const LARGE_TODAY: Date = Date::constant(2026, 11, 17);

/// The catalogue fields the person has a value for, and that every request asks for.
pub const ASKED: &[(&str, &str)] = &[
    ("email", "ada@home.example"),
    ("given_name", "Ada"),
    ("family_name", "Lovelace"),
    ("birthdate", "1990-04-23"),
    ("shoe_size", "EU 38"),
];

/// How large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeVault {
    /// Profile values in all: [`ASKED`] and custom fields for the rest.
    pub values: usize,
    pub brands: usize,
    /// Standing rules per brand, each allowing one custom field.
    pub rules_per_brand: usize,
    /// Requests per brand, each imported and approved (so as many grants).
    pub requests_per_brand: usize,
    /// The ledger's size at least: entries of the usual shapes are added to reach it.
    pub ledger: u64,
    /// When the requests are signed and imported, and the grants issued (seconds): its grants
    /// are in force for a year from then. [`LARGE_NOW`] in benchmarks; a test of the running
    /// app, whose clock is the real one, passes the time it runs at.
    pub now: i64,
}

impl LargeVault {
    /// The size issue 13's targets are set at (the ledger as the writes leave it).
    pub const ISSUE_13: LargeVault = LargeVault {
        values: 2_000,
        brands: 1_000,
        rules_per_brand: 10,
        requests_per_brand: 10,
        ledger: 0,
        now: LARGE_NOW,
    };

    /// The same with a ledger of at least `entries`.
    pub const fn with_ledger(self, entries: u64) -> LargeVault {
        LargeVault {
            ledger: entries,
            ..self
        }
    }

    /// The same, made at `now` (seconds).
    pub const fn at(self, now: i64) -> LargeVault {
        LargeVault { now, ..self }
    }

    fn today(&self) -> Date {
        jiff::Timestamp::from_second(self.now)
            .map_or(LARGE_TODAY, |t| jiff::tz::Offset::UTC.to_datetime(t).date())
    }

    /// Makes the vault in `dir` (which must not hold one) under `passphrase`, and leaves it
    /// unlocked.
    pub fn create(&self, dir: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Vault {
        let mut vault = Vault::create(dir, passphrase, kdf).expect("a new vault");
        self.fill(&mut vault);
        vault
    }

    /// Makes the vault in `dir` at the KDF floor under [`crate::PASS`], and returns a session
    /// over it, unlocked, as the app holds one.
    pub fn session(&self, dir: &Path) -> tessera_api::Session {
        use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
        self.create(dir, &crate::passphrase(), KdfParams::FLOOR)
            .lock();
        let start = ContinuousInstant::at(std::time::Duration::ZERO);
        let mut session = Session::new(
            dir.to_path_buf(),
            SessionOptions {
                kdf: KdfChoice::Fixed(KdfParams::FLOOR),
                auto_lock_override: None,
                anchors: None,
            },
            start,
        );
        session
            .unlock(&crate::passphrase(), start)
            .expect("the large vault unlocks");
        session
    }

    /// Writes everything into `vault` (a new one).
    pub fn fill(&self, vault: &mut Vault) {
        self.write_values(vault);
        for b in 0..self.brands {
            vault
                .atomically(|v| -> Result<(), tessera_exchange::person::ExchangeError> {
                    self.write_brand(v, b)
                })
                .expect("a generated brand's requests, grants and rules");
        }
        self.top_up_ledger(vault);
    }

    fn write_values(&self, vault: &mut Vault) {
        vault
            .atomically(|v| -> Result<(), tessera_profile::ProfileError> {
                for &(field, input) in ASKED {
                    let entered = store::SetValue {
                        primary: true,
                        provenance: Provenance::Entered { on: self.today() },
                        ..crate::entered(field, input)
                    };
                    store::set_value(v, entered, self.today())?;
                }
                for i in 0..self.values.saturating_sub(ASKED.len()) {
                    let value = ProfileValue {
                        v: store::RECORD_VERSION,
                        field: custom_field(i),
                        value: Value::Text(format!("value number {i}")),
                        label: None,
                        primary: true,
                        provenance: Provenance::Entered { on: self.today() },
                        custom: Some(CustomField {
                            label: format!("Field {i:04}"),
                            category: "custom".into(),
                            sensitivity: "standard".into(),
                        }),
                    };
                    v.insert_entry(VALUE_KIND, &serde_json::to_vec(&value).expect("json"))?;
                }
                Ok(())
            })
            .expect("generated values");
    }

    fn write_brand(
        &self,
        v: &mut Vault,
        b: usize,
    ) -> Result<(), tessera_exchange::person::ExchangeError> {
        let origin = brand_origin(b);
        let fields: Vec<serde_json::Value> = ASKED
            .iter()
            .map(|(name, _)| serde_json::json!({"name": name, "form": "raw", "required": true, "purposes": ["orders"]}))
            .collect();
        let fields = serde_json::Value::Array(fields);
        for r in 0..self.requests_per_brand {
            let token = crate::signed_request(
                brand_seed(b),
                &origin,
                &format!("req-{b:04}-{r:02}"),
                &fields,
                self.now + r as i64,
            );
            let imported =
                person::import_request(v, &token, false, self.now + r as i64, self.today())?;
            person::approve(
                v,
                &imported.request.hash,
                &Approval {
                    fields: Vec::new(),
                    all: true,
                    confirm_categories: Vec::new(),
                    until: None,
                    update_rules: false,
                },
                self.now + r as i64,
                self.today(),
            )?;
        }
        let id = BrandId::parse(&origin)?;
        let custom = self.values.saturating_sub(ASKED.len()).max(1);
        for r in 0..self.rules_per_brand {
            store::allow(
                v,
                &id,
                &custom_field((b * 7 + r * 131) % custom),
                FormKind::Raw,
                None,
                None,
                self.today(),
            )?;
        }
        Ok(())
    }

    fn top_up_ledger(&self, vault: &mut Vault) {
        let have = ledger::count(vault).expect("the ledger's head");
        let brands = self.brands.max(1) as u64;
        let mut next = have;
        while next < self.ledger {
            let end = (next + 10_000).min(self.ledger);
            vault
                .atomically(|v| -> Result<(), VaultError> {
                    for i in next..end {
                        let b = (i % brands) as usize;
                        ledger::append(
                            v,
                            self.now + 60 + i as i64,
                            Event {
                                event: if i % 10 == 0 {
                                    LedgerEvent::GrantRevoked
                                } else {
                                    LedgerEvent::RequestImported
                                },
                                brand: Some(brand_origin(b)),
                                fields: vec!["email:raw".into()],
                                detail: format!("request top-up-{i}"),
                            },
                        )?;
                    }
                    Ok(())
                })
                .expect("the ledger's top-up");
            next = end;
        }
    }
}

/// Brand `b`'s identifier (`https://brand0042.example`).
pub fn brand_origin(b: usize) -> String {
    format!("https://brand{b:04}.example")
}

/// The seed of brand `b`'s request-signing key.
pub fn brand_seed(b: usize) -> [u8; 32] {
    let mut seed = [0x5a; 32];
    seed[..8].copy_from_slice(&(b as u64).to_le_bytes());
    seed
}

/// The `i`th custom field (`custom.field_0042`).
pub fn custom_field(i: usize) -> String {
    format!("custom.field_{i:04}")
}
