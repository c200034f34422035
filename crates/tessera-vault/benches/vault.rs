//! Vault benchmarks, each beside a baseline measured in the same run:
//! - `unlock`: `Vault::unlock` (header read, Argon2id, HKDF, unwrap, database open and checks)
//!   against one raw Argon2id call with the same parameters, on an empty vault and on one with
//!   100,000 entries, with the rollback anchor checked as the app and CLI do.
//! - `list_10k`: reading 10,000 entries of one kind with the whole-kind integrity check,
//!   against opening the same 10,000 envelopes with nothing else.
//! - `seal_1kib` / `open_1kib`: Tessera's envelope (random nonce, identity as associated data,
//!   version header) against raw ring ChaCha20-Poly1305 on the same 1 KiB.
//!
//! Figures and ratios are recorded in docs/performance.md.

use std::hint::black_box;

use argon2::{Algorithm, Argon2, Params, Version};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SystemRandom;
use tessera_vault::envelope::{self, CellId};
use tessera_vault::secret::KeyBytes;
use tessera_vault::{AnchorDir, EntryKind, KdfParams, OpenOptions, Passphrase, Vault};

/// The realistic memory cost (64 MiB) with a small pass count, so a sample takes ~100 ms.
const PARAMS: KdfParams = KdfParams {
    memory_kib: 64 * 1024,
    iterations: 2,
    parallelism: 1,
};

fn unlock(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let pass = "correct horse battery staple";
    Vault::create(&dir, &Passphrase::from_str_copy(pass), PARAMS)
        .unwrap()
        .lock();

    let mut group = c.benchmark_group("unlock");
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
                .hash_password_into(black_box(pass.as_bytes()), &[7u8; 16], &mut out)
                .unwrap();
            black_box(out);
        });
    });
    group.bench_function("tessera_unlock", |b| {
        b.iter(|| {
            let vault = Vault::unlock(&dir, &Passphrase::from_str_copy(pass)).unwrap();
            vault.lock();
        });
    });

    let big = tmp.path().join("big");
    let options = OpenOptions {
        anchors: Some(AnchorDir(tmp.path().join("anchors"))),
        accept_restore: false,
    };
    let mut vault =
        Vault::create_with(&big, &Passphrase::from_str_copy(pass), PARAMS, &options).unwrap();
    let body = vec![0x61u8; 200];
    vault
        .atomically(|v| -> Result<(), tessera_vault::VaultError> {
            for i in 0..100_000u32 {
                let kind = ["ledger", "grant", "rule", "profile_value"][(i % 4) as usize];
                v.insert_entry(EntryKind::new(kind), &body)?;
            }
            Ok(())
        })
        .unwrap();
    vault.lock();
    group.bench_function("tessera_unlock_100k_entries_anchored", |b| {
        b.iter(|| {
            let vault =
                Vault::unlock_with(&big, &Passphrase::from_str_copy(pass), &options).unwrap();
            vault.lock();
        });
    });
    group.finish();
}

fn list_10k(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = Vault::create(
        &dir,
        &Passphrase::from_str_copy("correct horse battery staple"),
        KdfParams::FLOOR,
    )
    .unwrap();
    let kind = EntryKind::new("ledger");
    let body = vec![0x61u8; 200];
    vault
        .atomically(|v| -> Result<(), tessera_vault::VaultError> {
            for _ in 0..10_000 {
                v.insert_entry(kind, &body)?;
            }
            Ok(())
        })
        .unwrap();
    let key = KeyBytes::from_slice(&[0x42; 32]).unwrap();
    let rng = SystemRandom::new();
    let sealed: Vec<Vec<u8>> = (0..10_000)
        .map(|i| {
            let cell = CellId {
                table: "entry",
                row: i,
                kind: "ledger",
                column: "body",
                version: 1,
            };
            envelope::seal(&rng, &key, &cell, &body).unwrap()
        })
        .collect();
    let mut group = c.benchmark_group("list_10k");
    group.sample_size(20);
    group.bench_function("open_10k_envelopes", |b| {
        b.iter(|| {
            for (i, s) in sealed.iter().enumerate() {
                let cell = CellId {
                    table: "entry",
                    row: i as i64,
                    kind: "ledger",
                    column: "body",
                    version: 1,
                };
                black_box(envelope::open(&key, &cell, s).unwrap());
            }
        });
    });
    group.bench_function("tessera_list_entries_checked", |b| {
        b.iter(|| black_box(vault.list_entries(kind).unwrap().len()));
    });
    group.finish();
}

fn seal_open(c: &mut Criterion) {
    let rng = SystemRandom::new();
    let key_bytes = [0x42u8; 32];
    let key = KeyBytes::from_slice(&key_bytes).unwrap();
    let raw_key = LessSafeKey::new(UnboundKey::new(&CHACHA20_POLY1305, &key_bytes).unwrap());
    let record = vec![0x61u8; 1024];
    let cell = CellId {
        table: "entry",
        row: 42,
        kind: "profile_field",
        column: "body",
        version: 3,
    };

    let mut group = c.benchmark_group("seal_1kib");
    group.throughput(Throughput::Bytes(record.len() as u64));
    group.bench_function("raw_ring_chacha20poly1305", |b| {
        b.iter(|| {
            let mut buf = record.clone();
            raw_key
                .seal_in_place_append_tag(
                    Nonce::assume_unique_for_key([1; 12]),
                    Aad::from(b"entry#42"),
                    &mut buf,
                )
                .unwrap();
            black_box(buf);
        });
    });
    group.bench_function("tessera_envelope", |b| {
        b.iter(|| black_box(envelope::seal(&rng, &key, &cell, black_box(&record)).unwrap()));
    });
    group.finish();

    let sealed = envelope::seal(&rng, &key, &cell, &record).unwrap();
    let mut raw_sealed = record.clone();
    raw_key
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key([1; 12]),
            Aad::from(b"entry#42"),
            &mut raw_sealed,
        )
        .unwrap();
    let mut group = c.benchmark_group("open_1kib");
    group.throughput(Throughput::Bytes(record.len() as u64));
    group.bench_function("raw_ring_chacha20poly1305", |b| {
        b.iter(|| {
            let mut buf = raw_sealed.clone();
            let plain = raw_key
                .open_in_place(
                    Nonce::assume_unique_for_key([1; 12]),
                    Aad::from(b"entry#42"),
                    &mut buf,
                )
                .unwrap();
            black_box(plain.len());
        });
    });
    group.bench_function("tessera_envelope", |b| {
        b.iter(|| black_box(envelope::open(&key, &cell, black_box(&sealed)).unwrap()));
    });
    group.finish();
}

criterion_group!(benches, unlock, seal_open, list_10k);
criterion_main!(benches);
