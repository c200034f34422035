//! Issue 13's targets on the large vault (`tessera_test_support::large`: 2,000 values, 1,000
//! brands with 10 rules each, 10,000 requests and 10,000 grants), through the `Session` calls
//! the app makes, each beside its baseline in the same run:
//! - `unlock`: `Session::unlock` against one raw Argon2id call with the same parameters.
//! - each screen's call against opening just the entries that screen shows
//!   (`Vault::open_entries` on their ids, found before the timing): the brands list's first
//!   page, a brand's page, who can see a field, a page of the matrix, the first page of the
//!   grants and of the requests, Home; and the whole grants list (the CLI's) against opening
//!   every grant.
//! - `large_first_screen`: Home right after unlock (the index built), beside unlock alone.
//! - `large_request_import`: a 50-field request imported and its review built, beside one
//!   durable commit of the same vault.
//! - `large_profile_import`: the 2,000 values imported from a profile file into a new vault in
//!   one transaction (and the plan alone), beside raw SQLite inserts of as many rows of the
//!   same size and the vault sealing as many entries in one transaction.
//!
//! Making the vault takes about a minute. Figures are recorded in docs/performance.md.
#![allow(clippy::disallowed_methods, reason = "benchmarks time themselves")]

use std::hint::black_box;

use argon2::{Algorithm, Argon2, Params, Version};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use tessera_api::exchange::ListQuery;
use tessera_api::profile::MatrixQuery;
use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
use tessera_exchange::ledger;
use tessera_exchange::person::{GRANT_KIND, REQUEST_KIND};
use tessera_profile::store::{self, BRAND_KIND, RULE_KIND, VALUE_KIND};
use tessera_test_support::large::{self, LargeVault};
use tessera_vault::{EntryId, EntryKind, KdfParams, Passphrase, Vault};

/// The realistic memory cost (64 MiB) with a small pass count, as the vault's unlock bench.
const PARAMS: KdfParams = KdfParams {
    memory_kib: 64 * 1024,
    iterations: 2,
    parallelism: 1,
};
const PASS: &str = "correct horse battery staple";

fn session_of(dir: &std::path::Path) -> Session {
    let mut s = Session::new(
        dir.to_path_buf(),
        SessionOptions {
            kdf: KdfChoice::Fixed(PARAMS),
            auto_lock_override: None,
            anchors: None,
        },
        ContinuousInstant::now(),
    );
    s.unlock(&Passphrase::from_str_copy(PASS), ContinuousInstant::now())
        .unwrap();
    s
}

/// The ids of the entries of `kind` that have each of `keys`.
fn ids(vault: &Vault, kind: EntryKind, keys: &[String]) -> Vec<EntryId> {
    keys.iter()
        .flat_map(|k| vault.find_ids(kind, k).unwrap())
        .collect()
}

fn open(vault: &Vault, kind: EntryKind, ids: &[EntryId]) -> usize {
    vault.open_entries(kind, ids).unwrap().len()
}

fn large_vault(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let started = std::time::Instant::now();
    LargeVault::ISSUE_13
        .create(&dir, &Passphrase::from_str_copy(PASS), PARAMS)
        .lock();
    eprintln!(
        "large vault made in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let now = jiff::Timestamp::from_second(large::LARGE_NOW + 3600).unwrap();

    let mut group = c.benchmark_group("large_unlock");
    group.sample_size(10);
    group.bench_function("raw_argon2id", |b| {
        let params = Params::new(
            PARAMS.memory_kib,
            PARAMS.iterations,
            PARAMS.parallelism,
            Some(32),
        )
        .unwrap();
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut out = [0u8; 32];
        b.iter(|| {
            argon
                .hash_password_into(black_box(PASS.as_bytes()), &[7u8; 16], &mut out)
                .unwrap();
            black_box(out);
        });
    });
    group.bench_function("session_unlock", |b| {
        b.iter(|| {
            let mut s = session_of(&dir);
            s.lock();
        });
    });
    group.finish();

    let session = session_of(&dir);
    let vault = session.vault().unwrap();
    // Warm the session's index as the first screen's calls do (once per session).
    session.brand_list(None, 0, 50, now).unwrap();
    session.grant_list(now).unwrap();
    session.request_list().unwrap();
    let first_page = session.brand_list(None, 0, 50, now).unwrap();
    let page_brands: Vec<String> = first_page.brands.iter().map(|b| b.id.clone()).collect();
    let brand_keys: Vec<String> = page_brands.iter().map(|b| store::brand_key(b)).collect();
    let brand_ids = ids(vault, BRAND_KIND, &brand_keys);
    let rule_ids = ids(vault, RULE_KIND, &brand_keys);
    let one = &page_brands[..1];
    let one_keys = &brand_keys[..1];
    let one_rules: Vec<String> = session
        .brand_show(&one[0], now)
        .unwrap()
        .rules
        .iter()
        .map(|r| store::field_key(&r.field))
        .collect();
    let field = large::custom_field(131);
    let who = session.who_can_see(&field, now).unwrap();
    assert!(
        !who.is_empty(),
        "the benchmark must measure a field that brands can see"
    );
    let who_brands: Vec<String> = who.iter().map(|r| store::brand_key(&r.brand)).collect();
    let matrix = MatrixQuery {
        field_offset: 0,
        field_limit: 25,
        brand_offset: 0,
        brand_limit: 8,
        brand_search: None,
    };
    let page = session.matrix(&matrix, now).unwrap();
    let matrix_brands: Vec<String> = page
        .brands
        .iter()
        .map(|b| store::brand_key(&b.id))
        .collect();
    let matrix_fields: Vec<String> = page
        .fields
        .iter()
        .map(|f| store::field_key(&f.name))
        .collect();
    let grant_count = vault.count(GRANT_KIND);
    assert_eq!(grant_count, 10_000);

    let mut group = c.benchmark_group("large_screens");
    group.sample_size(20);
    group.bench_function(
        "brands_first_page/raw_open_50_brands_and_their_rules",
        |b| {
            b.iter(|| {
                black_box(open(vault, BRAND_KIND, &brand_ids) + open(vault, RULE_KIND, &rule_ids))
            });
        },
    );
    group.bench_function("brands_first_page/brand_list", |b| {
        b.iter(|| black_box(session.brand_list(None, 0, 50, now).unwrap()));
    });
    let one_brand = ids(vault, BRAND_KIND, one_keys);
    let one_brand_rules = ids(vault, RULE_KIND, one_keys);
    let one_values = ids(vault, VALUE_KIND, &one_rules);
    group.bench_function("brand_page/raw_open_brand_rules_values", |b| {
        b.iter(|| {
            black_box(
                open(vault, BRAND_KIND, &one_brand)
                    + open(vault, RULE_KIND, &one_brand_rules)
                    + open(vault, VALUE_KIND, &one_values),
            )
        });
    });
    group.bench_function("brand_page/brand_show", |b| {
        b.iter(|| black_box(session.brand_show(&one[0], now).unwrap()));
    });
    let field_rules = ids(vault, RULE_KIND, &[store::field_key(&field)]);
    let field_values = ids(vault, VALUE_KIND, &[store::field_key(&field)]);
    let who_brand_ids = ids(vault, BRAND_KIND, &who_brands);
    group.bench_function("who_can_see/raw_open_rules_brands_value", |b| {
        b.iter(|| {
            black_box(
                open(vault, RULE_KIND, &field_rules)
                    + open(vault, BRAND_KIND, &who_brand_ids)
                    + open(vault, VALUE_KIND, &field_values),
            )
        });
    });
    group.bench_function("who_can_see/who_can_see", |b| {
        b.iter(|| black_box(session.who_can_see(&field, now).unwrap()));
    });
    let m_brands = ids(vault, BRAND_KIND, &matrix_brands);
    let m_rules = ids(vault, RULE_KIND, &matrix_brands);
    let m_values = ids(vault, VALUE_KIND, &matrix_fields);
    group.bench_function("matrix_page/raw_open_8_brands_rules_25_values", |b| {
        b.iter(|| {
            black_box(
                open(vault, BRAND_KIND, &m_brands)
                    + open(vault, RULE_KIND, &m_rules)
                    + open(vault, VALUE_KIND, &m_values),
            )
        });
    });
    group.bench_function("matrix_page/matrix", |b| {
        b.iter(|| black_box(session.matrix(&matrix, now).unwrap()));
    });
    // The newest 100 grants and requests (and one more, to know whether older ones remain).
    let newest = |kind: EntryKind| -> Vec<EntryId> {
        let ids = vault.entry_ids(kind).unwrap();
        ids[ids.len() - 101..].iter().rev().copied().collect()
    };
    let newest_grants = newest(GRANT_KIND);
    let newest_requests = newest(REQUEST_KIND);
    let page = ListQuery {
        offset: 0,
        limit: Some(100),
        state: None,
    };
    group.bench_function("grants_first_page/raw_open_101_grants", |b| {
        b.iter(|| black_box(open(vault, GRANT_KIND, &newest_grants)));
    });
    group.bench_function("grants_first_page/grant_page", |b| {
        b.iter(|| black_box(session.grant_page(&page, now).unwrap()));
    });
    group.bench_function("requests_first_page/raw_open_101_requests", |b| {
        b.iter(|| black_box(open(vault, REQUEST_KIND, &newest_requests)));
    });
    group.bench_function("requests_first_page/request_page", |b| {
        b.iter(|| black_box(session.request_page(&page).unwrap()));
    });
    // Home opens the first 50 holders' brands and their grants in force (nothing ends soon
    // and nothing waits, an hour after the vault was made).
    let home = session.home(now).unwrap();
    assert_eq!(home.holders.len(), 50);
    assert_eq!(home.holders_total, 1_000);
    let holder_keys: Vec<String> = home
        .holders
        .iter()
        .map(|h| store::brand_key(&h.brand))
        .collect();
    let holder_brands = ids(vault, BRAND_KIND, &holder_keys);
    let holder_grants = ids(vault, GRANT_KIND, &holder_keys);
    group.bench_function("home/raw_open_50_brands_and_their_grants", |b| {
        b.iter(|| {
            black_box(
                open(vault, BRAND_KIND, &holder_brands) + open(vault, GRANT_KIND, &holder_grants),
            )
        });
    });
    group.bench_function("home/home", |b| {
        b.iter(|| black_box(session.home(now).unwrap()));
    });
    group.bench_function("grants_every_one/raw_open_every_grant", |b| {
        b.iter(|| black_box(vault.list_entries(GRANT_KIND).unwrap().len()));
    });
    group.bench_function("grants_every_one/grant_list", |b| {
        b.iter(|| black_box(session.grant_list(now).unwrap().len()));
    });
    group.finish();
    drop(session);

    // The first call of a session builds the index of the kinds it looks up (once): Home
    // right after unlock, as the app makes it, beside the unlock it follows.
    let mut group = c.benchmark_group("large_first_screen");
    group.sample_size(10);
    group.bench_function("unlock_alone", |b| {
        b.iter_batched(|| (), |()| session_of(&dir), BatchSize::PerIteration);
    });
    group.bench_function("unlock_then_home", |b| {
        b.iter_batched(
            || (),
            |()| {
                let s = session_of(&dir);
                black_box(s.home(now).unwrap());
                s
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();

    // Importing a 50-field request from a known brand, its review built (what the app does),
    // beside one durable commit of the same vault (a ledger entry in its own transaction).
    let mut session = session_of(&dir);
    let fields: Vec<serde_json::Value> = tessera_profile::catalogue::CATALOGUE
        .iter()
        .filter(|f| !f.name.is_empty() && f.forms.contains(&tessera_profile::forms::FormKind::Raw))
        .take(50)
        .map(|f| serde_json::json!({"name": f.name, "form": "raw", "required": false, "purposes": ["orders"]}))
        .collect();
    let fields = serde_json::Value::Array(fields);
    let mut group = c.benchmark_group("large_request_import");
    group.sample_size(20);
    group.bench_function("one_durable_commit", |b| {
        b.iter(|| {
            session
                .vault_mut()
                .unwrap()
                .atomically(|v| {
                    ledger::append(
                        v,
                        large::LARGE_NOW,
                        ledger::Event {
                            event: ledger::LedgerEvent::RuleChanged,
                            brand: None,
                            fields: Vec::new(),
                            detail: "bench".into(),
                        },
                    )
                })
                .unwrap();
        });
    });
    let mut n = 0u32;
    group.bench_function("import_50_fields_and_review", |b| {
        b.iter_batched(
            || {
                n += 1;
                tessera_test_support::signed_request(
                    large::brand_seed(7),
                    &large::brand_origin(7),
                    &format!("bench-{n}"),
                    &fields,
                    large::LARGE_NOW + 3000,
                )
            },
            |token| black_box(session.request_import(&token, false, now).unwrap()),
            BatchSize::PerIteration,
        );
    });
    group.finish();

    profile_import(c, &session);
}

/// A profile file of the large vault's 2,000 values (its JSContact export) imported into a new
/// vault in one transaction (the plan and its application, as the app's import dialog), beside
/// raw SQLite inserting as many rows of the same size into a new file with the vault's
/// durability settings (WAL, `synchronous = FULL`), in one transaction.
fn profile_import(c: &mut Criterion, session: &Session) {
    let file = session
        .export_profile(tessera_profile::interchange::Format::JsContact)
        .unwrap();
    let values = session.vault().unwrap().count(VALUE_KIND) as usize;
    assert_eq!(values, 2_000);
    // Each value's sealed entry: about its share of the file, plus nonce and tag.
    let row = vec![7u8; file.len() / values + 40];
    let now = jiff::Timestamp::from_second(large::LARGE_NOW).unwrap();
    let fresh = || {
        let (tmp, session) = tessera_test_support::session_with(&[], now);
        (tmp, session)
    };
    {
        let (_tmp, mut s) = fresh();
        let plan = s
            .import_plan("profile.json", file.as_bytes(), &Default::default(), now)
            .unwrap();
        let written = s.import_apply(&plan, now).unwrap();
        eprintln!(
            "profile import: a file of {} bytes, {written} values written of {values}",
            file.len()
        );
        assert_eq!(written as usize, values, "the export holds every value");
    }

    let mut group = c.benchmark_group("large_profile_import");
    group.sample_size(10);
    group.bench_function("raw_sqlite_insert_2000_rows", |b| {
        b.iter_batched(
            || {
                let tmp = tempfile::tempdir().unwrap();
                let conn = rusqlite::Connection::open(tmp.path().join("raw.db")).unwrap();
                conn.execute_batch(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                     CREATE TABLE entries (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, sealed BLOB NOT NULL);",
                )
                .unwrap();
                (tmp, conn)
            },
            |(tmp, mut conn)| {
                let tx = conn.transaction().unwrap();
                {
                    let mut insert = tx
                        .prepare("INSERT INTO entries (kind, sealed) VALUES (?1, ?2)")
                        .unwrap();
                    for _ in 0..values {
                        insert.execute(rusqlite::params![1, &row]).unwrap();
                    }
                }
                tx.commit().unwrap();
                (tmp, conn)
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("vault_insert_2000_sealed", |b| {
        b.iter_batched(
            fresh,
            |(tmp, mut s)| {
                s.vault_mut()
                    .unwrap()
                    .atomically(|v| {
                        for _ in 0..values {
                            v.insert_entry(VALUE_KIND, &row)?;
                        }
                        Ok::<_, tessera_vault::VaultError>(())
                    })
                    .unwrap();
                (tmp, s)
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("plan_2000_values", |b| {
        let (_tmp, s) = fresh();
        b.iter(|| {
            black_box(
                s.import_plan("profile.json", file.as_bytes(), &Default::default(), now)
                    .unwrap(),
            )
        });
    });
    group.bench_function("import_2000_values", |b| {
        b.iter_batched(
            fresh,
            |(tmp, mut s)| {
                let plan = s
                    .import_plan("profile.json", file.as_bytes(), &Default::default(), now)
                    .unwrap();
                black_box(s.import_apply(&plan, now).unwrap());
                (tmp, s)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, large_vault);
criterion_main!(benches);
