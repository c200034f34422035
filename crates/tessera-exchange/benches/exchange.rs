//! Exchange benchmarks, each beside a baseline measured in the same run:
//! - `sign_grant`: signing a realistic grant (JSON + base64url + Ed25519) vs raw ring Ed25519
//!   signing of a message of the same length.
//! - `verify_grant`: the brand's full check (size, header, algorithm, type, key, signature,
//!   times, claims, audience, binding) vs raw ring Ed25519 verification of the same message.
//! - `import_to_review`: importing a 50-field request into a vault (verification, pinning,
//!   sealing, ledger) and building its review, vs opening every sealed entry of that vault.
//! - `ledger_100k`: the newest page of 100 entries of a 100,000-entry ledger, proven against
//!   the sealed head by the chain (`ledger::page`), and the next page down, vs reading the whole
//!   ledger (`ledger::list`, what the Activity screen asks today) and vs opening just those 100
//!   rows (`Vault::newest_entries`, the raw page).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ring::signature::{self, Ed25519KeyPair, KeyPair};
use serde_json::json;
use tessera_exchange::formats::{
    self, Binding, Disclosure, GrantClaims, ProvenanceCode, PurposeDecision, RequestClaims, Terms,
};
use tessera_exchange::jws::{SigningKey, token_hash};
use tessera_exchange::{ledger, person};
use tessera_vault::{KdfParams, Passphrase, Vault};

const NOW: i64 = 1_795_000_000;

fn grant_claims(thumbprint: &str) -> GrantClaims {
    GrantClaims {
        v: formats::GRANT_FORMAT,
        iss: thumbprint.into(),
        sub: thumbprint.into(),
        aud: "https://shop.example".into(),
        jti: "grant-0b6d3c8e-1111-4222-8333-944455556666".into(),
        iat: NOW,
        exp: NOW + 365 * 24 * 3600,
        request: Binding {
            jti: "req-001".into(),
            hash: token_hash("x"),
        },
        disclosures: (0..10)
            .map(|i| Disclosure {
                field: format!("field_{i}"),
                form: "raw".into(),
                value: json!(format!("value {i}")),
                provenance: ProvenanceCode::SelfAsserted,
            })
            .collect(),
        purposes: vec![PurposeDecision {
            id: "orders".into(),
            accepted: true,
        }],
        terms: Terms::new(&Default::default(), vec!["profiling".into()]),
    }
}

fn signing(c: &mut Criterion) {
    let seed = [3u8; 32];
    let key = SigningKey::from_seed(&seed);
    let raw = Ed25519KeyPair::from_seed_unchecked(&seed).unwrap();
    let claims = grant_claims(&key.jwk().thumbprint());
    let token = formats::sign_grant(&key, &claims);
    let (signing_input, _) = token.rsplit_once('.').unwrap();
    let raw_sig = raw.sign(signing_input.as_bytes());
    let public = raw.public_key().as_ref().to_vec();

    let mut group = c.benchmark_group("sign_grant");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_ring_ed25519_sign", |b| {
        b.iter(|| black_box(raw.sign(black_box(signing_input.as_bytes()))));
    });
    group.bench_function("tessera_sign_grant", |b| {
        b.iter(|| black_box(formats::sign_grant(&key, black_box(&claims))));
    });
    group.finish();

    let mut group = c.benchmark_group("verify_grant");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_ring_ed25519_verify", |b| {
        b.iter(|| {
            signature::UnparsedPublicKey::new(&signature::ED25519, &public)
                .verify(black_box(signing_input.as_bytes()), raw_sig.as_ref())
                .unwrap();
        });
    });
    group.bench_function("tessera_verify_grant", |b| {
        b.iter(|| {
            black_box(
                formats::verify_grant(black_box(&token), "https://shop.example", None, NOW)
                    .unwrap(),
            )
        });
    });
    group.finish();
}

fn request_with_50_fields(key: &SigningKey, jti: &str) -> String {
    let names: Vec<&str> = tessera_profile::catalogue::CATALOGUE
        .iter()
        .filter(|d| !d.forms.is_empty())
        .map(|d| d.name)
        .take(50)
        .collect();
    assert_eq!(names.len(), 50, "the catalogue offers 50 shareable fields");
    let fields: Vec<serde_json::Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"name": name, "required": i < 5, "purposes": ["p0", "p1"]}))
        .collect();
    let purposes: Vec<serde_json::Value> = (0..10)
        .map(|i| json!({"id": format!("p{i}"), "description": format!("Purpose number {i}"), "retention_days": 30, "third_parties": false, "profiling": false}))
        .collect();
    let spec = json!({
        "iss": "https://shop.example", "jti": jti, "iat": 0, "exp": 0,
        "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
        "fields": fields, "purposes": purposes, "reply": {"method": "file"}
    });
    let claims: RequestClaims = serde_json::from_value(spec).unwrap();
    formats::sign_request(key, claims, NOW, 3600).unwrap()
}

fn import_to_review(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        &tmp.path().join("v"),
        &Passphrase::from_str_copy("correct horse battery"),
        KdfParams::FLOOR,
    )
    .unwrap();
    let key = SigningKey::from_seed(&[5; 32]);
    let today = jiff::civil::Date::constant(2026, 11, 29);
    let mut n = 0u64;
    let mut group = c.benchmark_group("import_to_review_50_fields");
    group.sample_size(20);
    // Warm the vault with one imported request so the baseline has the same entries to open.
    person::import_request(
        &mut vault,
        &request_with_50_fields(&key, "req-0"),
        false,
        NOW,
        today,
    )
    .unwrap();
    group.bench_function("baseline_open_every_entry", |b| {
        b.iter(|| {
            let mut count = 0;
            for kind in [
                "request",
                "brand",
                "ledger",
                "ledger_head",
                "profile_value",
                "rule",
                "grant",
            ] {
                count += vault
                    .list_entries(tessera_vault::EntryKind::new(kind))
                    .unwrap()
                    .len();
            }
            black_box(count)
        });
    });
    group.bench_function("tessera_import_and_review", |b| {
        b.iter_batched(
            || {
                n += 1;
                request_with_50_fields(&key, &format!("req-{n}"))
            },
            |token| {
                let imported =
                    person::import_request(&mut vault, &token, false, NOW, today).unwrap();
                black_box(imported.claims.fields.len())
            },
            criterion::BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn ledger_pages(c: &mut Criterion) {
    const ENTRIES: u64 = 100_000;
    let tmp = tempfile::tempdir().unwrap();
    let mut vault = Vault::create(
        &tmp.path().join("v"),
        &Passphrase::from_str_copy("correct horse battery"),
        KdfParams::FLOOR,
    )
    .unwrap();
    vault
        .atomically(|v| -> Result<(), tessera_vault::VaultError> {
            for i in 0..ENTRIES {
                ledger::append(
                    v,
                    NOW + i as i64,
                    ledger::Event {
                        event: ledger::LedgerEvent::RequestImported,
                        brand: Some(format!("https://brand{:04}.example", i % 1000)),
                        fields: vec!["email:raw".into()],
                        detail: format!("request req-{i}"),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
    let first = ledger::page(&vault, None, 100).unwrap();
    assert_eq!(first.entries.len(), 100);
    let anchor = first.older.unwrap();
    let mut group = c.benchmark_group("ledger_100k");
    group.sample_size(10);
    group.bench_function("raw_open_newest_100_rows", |b| {
        b.iter(|| {
            black_box(
                vault
                    .newest_entries(ledger::LEDGER_KIND, None, 100)
                    .unwrap()
                    .len(),
            )
        });
    });
    group.bench_function("ledger_page_newest_100", |b| {
        b.iter(|| black_box(ledger::page(&vault, None, 100).unwrap().entries.len()));
    });
    group.bench_function("ledger_page_next_100", |b| {
        b.iter(|| {
            black_box(
                ledger::page(&vault, Some(&anchor), 100)
                    .unwrap()
                    .entries
                    .len(),
            )
        });
    });
    group.bench_function("ledger_list_whole", |b| {
        b.iter(|| black_box(ledger::list(&vault).unwrap().len()));
    });
    group.finish();
}

criterion_group!(benches, signing, import_to_review, ledger_pages);
criterion_main!(benches);
