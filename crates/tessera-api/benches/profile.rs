//! Issue 3's scale: a vault with 2,000 fields and 1,000 brands with 10 rules each (10,000
//! rules), through the same API the desktop app calls. Each figure sits beside a baseline
//! measured in the same run: opening every sealed entry of the vault without interpreting it,
//! which is the least any query over an all-sealed store has to do.
//!
//! Figures are recorded in docs/performance.md.
#![allow(clippy::disallowed_methods, reason = "benchmarks time themselves")]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use std::hint::black_box;
use tessera_api::profile::MatrixQuery;
use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
use tessera_profile::model::{Brand, CustomField, ProfileValue, Provenance, Rule, Value};
use tessera_profile::store::{BRAND_KIND, RULE_KIND, VALUE_KIND};
use tessera_vault::{EntryKind, KdfParams, Passphrase, VaultError};

const FIELDS: usize = 2_000;
const BRANDS: usize = 1_000;
const RULES_PER_BRAND: usize = 10;

fn populated() -> (tempfile::TempDir, Session) {
    let tmp = tempfile::tempdir().unwrap();
    let mut session = Session::new(
        tmp.path().join("v"),
        SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: None,
        },
        ContinuousInstant::now(),
    );
    session
        .create(
            &Passphrase::from_str_copy("correct horse battery"),
            ContinuousInstant::now(),
        )
        .unwrap();
    let today = jiff::civil::Date::constant(2026, 11, 29);
    let vault = session.vault_mut().unwrap();
    vault
        .atomically(|v| -> Result<(), VaultError> {
            let mut put = |kind: EntryKind, record: serde_json::Value| {
                v.insert_entry(kind, &serde_json::to_vec(&record).unwrap())
                    .map(|_| ())
            };
            for i in 0..FIELDS {
                let value = ProfileValue {
                    v: 1,
                    field: format!("custom.field_{i:04}"),
                    value: Value::Text(format!("value number {i}")),
                    label: None,
                    primary: true,
                    provenance: Provenance::Entered { on: today },
                    custom: Some(CustomField {
                        label: format!("Field {i}"),
                        category: "custom".into(),
                        sensitivity: "standard".into(),
                    }),
                };
                put(VALUE_KIND, serde_json::to_value(value).unwrap())?;
            }
            for b in 0..BRANDS {
                let id = format!("https://brand{b:04}.example");
                let brand = Brand {
                    v: 1,
                    id: id.clone(),
                    name: format!("Brand {b:04}"),
                    added_on: today,
                    key: None,
                };
                put(BRAND_KIND, serde_json::to_value(brand).unwrap())?;
                for r in 0..RULES_PER_BRAND {
                    let rule = Rule {
                        v: 1,
                        brand: id.clone(),
                        field: format!("custom.field_{:04}", (b * 7 + r * 131) % FIELDS),
                        allowed: true,
                        form: "raw".into(),
                        until: None,
                        confirmed_category: None,
                        updated_on: today,
                    };
                    put(RULE_KIND, serde_json::to_value(rule).unwrap())?;
                }
            }
            Ok(())
        })
        .unwrap();
    (tmp, session)
}

fn scale(c: &mut Criterion) {
    let (_tmp, session) = populated();
    let now = Timestamp::now();
    let mut group = c.benchmark_group("profile_2000_fields_1000_brands");
    group.sample_size(10);
    group.bench_function("baseline_open_every_entry", |b| {
        let vault = session.vault().unwrap();
        b.iter(|| {
            let mut n = 0;
            for kind in [VALUE_KIND, BRAND_KIND, RULE_KIND] {
                n += vault.list_entries(kind).unwrap().len();
            }
            black_box(n)
        });
    });
    group.bench_function("list_brands_first_page", |b| {
        b.iter(|| black_box(session.brand_list(None, 0, 50, now).unwrap()));
    });
    group.bench_function("load_matrix_page", |b| {
        let query = MatrixQuery {
            field_offset: 0,
            field_limit: 25,
            brand_offset: 0,
            brand_limit: 8,
            brand_search: None,
        };
        b.iter(|| black_box(session.matrix(&query, now).unwrap()));
    });
    group.bench_function("who_can_see_field", |b| {
        b.iter(|| black_box(session.who_can_see("custom.field_0131", now).unwrap()));
    });
    group.finish();
    let who = session.who_can_see("custom.field_0131", now).unwrap();
    assert!(
        !who.is_empty(),
        "the benchmark must measure a field that brands can see"
    );
}

criterion_group!(benches, scale);
criterion_main!(benches);
