//! Issue 13's growth table for the Activity screen: the newest page of the ledger through the
//! `Session` call the app makes (`ledger_page`: 100 entries, proven by the chain from the sealed
//! head), unfiltered and filtered by a common event, beside the raw page (the newest 100 rows by
//! SQL, opened) measured in the same run, at 1,000, 10,000 and 100,000 entries (and 1,000,000
//! with `TESSERA_BENCH_1M=1`: it takes minutes to build).
//!
//! Beside them, the whole ledger's check in the steps the Activity screen takes
//! (`ledger_verify_step`) against opening every entry and hashing each.
//!
//! Figures are recorded in docs/performance.md.
#![allow(clippy::disallowed_methods, reason = "benchmarks time themselves")]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tessera_api::Session;
use tessera_api::exchange::LedgerQuery;
use tessera_exchange::ledger::{self, Event, LedgerEvent};
use tessera_vault::VaultError;

const NOW: i64 = 1_795_000_000;

/// A session over a new vault whose ledger holds `entries` entries: nine in ten a request
/// received, one in ten a revocation, across 1,000 brands.
fn with_ledger(entries: u64) -> (tempfile::TempDir, Session) {
    let (tmp, mut session) =
        tessera_test_support::session_with(&[], jiff::Timestamp::from_second(NOW).unwrap());
    let vault = session.vault_mut().unwrap();
    // In transactions of 10,000, as a vault used for years would have been written.
    for start in (0..entries).step_by(10_000) {
        vault
            .atomically(|v| -> Result<(), VaultError> {
                for i in start..(start + 10_000).min(entries) {
                    ledger::append(
                        v,
                        NOW + i as i64,
                        Event {
                            event: if i % 10 == 0 {
                                LedgerEvent::GrantRevoked
                            } else {
                                LedgerEvent::RequestImported
                            },
                            brand: Some(format!("https://brand{:04}.example", i % 1000)),
                            fields: vec!["email:raw".into()],
                            detail: format!("request req-{i}"),
                        },
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    (tmp, session)
}

fn growth(c: &mut Criterion) {
    let mut sizes = vec![1_000u64, 10_000, 100_000];
    if std::env::var_os("TESSERA_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    let mut group = c.benchmark_group("activity_newest_page");
    group.sample_size(10);
    for size in sizes {
        let (_tmp, mut session) = with_ledger(size);
        group.bench_with_input(
            BenchmarkId::new("raw_open_newest_100_rows", size),
            &size,
            |b, _| {
                let vault = session.vault().unwrap();
                b.iter(|| {
                    black_box(
                        vault
                            .newest_entries(ledger::LEDGER_KIND, None, 100)
                            .unwrap()
                            .len(),
                    )
                });
            },
        );
        group.bench_with_input(BenchmarkId::new("ledger_page", size), &size, |b, _| {
            b.iter(|| {
                black_box(
                    session
                        .ledger_page(&LedgerQuery::default())
                        .unwrap()
                        .entries
                        .len(),
                )
            });
        });
        // The whole ledger's check, in the steps the Activity screen takes, beside opening
        // every entry and hashing each (SHA-256 of its plaintext) with nothing else.
        group.bench_with_input(
            BenchmarkId::new("raw_open_and_hash_every_entry", size),
            &size,
            |b, _| {
                let vault = session.vault().unwrap();
                b.iter(|| {
                    let mut last = [0u8; 32];
                    for (_, body) in vault.list_entries(ledger::LEDGER_KIND).unwrap() {
                        last.copy_from_slice(
                            ring::digest::digest(&ring::digest::SHA256, &body).as_ref(),
                        );
                    }
                    black_box(last)
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("ledger_verify_in_steps", size),
            &size,
            |b, _| {
                b.iter(|| {
                    let mut step = session.ledger_verify_step(true).unwrap();
                    while !step.done {
                        step = session.ledger_verify_step(false).unwrap();
                    }
                    assert!(step.ok);
                    black_box(step.checked)
                });
            },
        );
        let requests = LedgerQuery {
            event: Some("request_imported".into()),
            ..LedgerQuery::default()
        };
        group.bench_with_input(
            BenchmarkId::new("ledger_page_filtered_by_a_common_event", size),
            &size,
            |b, _| b.iter(|| black_box(session.ledger_page(&requests).unwrap().entries.len())),
        );
    }
    group.finish();
}

criterion_group!(benches, growth);
criterion_main!(benches);
