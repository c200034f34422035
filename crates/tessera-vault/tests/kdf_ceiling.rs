//! Hostile KDF parameters are refused before any memory is allocated for them.
//!
//! This binary runs one test under a capped global allocator: once the vault exists, the cap
//! is set to what is allocated now plus 8 MiB. Had Tessera started Argon2 with the header's
//! 8 GiB (or even the 19 MiB floor), the allocation would fail and the process would abort.

use std::alloc::System;

use cap::Cap;
use tessera_vault::header::Header;
use tessera_vault::{KdfParams, Passphrase, Vault};

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

#[test]
fn hostile_header_is_refused_within_a_small_allocation_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let pass = Passphrase::from_str_copy("correct horse battery staple");
    Vault::create(&dir, &pass, KdfParams::FLOOR).unwrap().lock();
    let header_path = dir.join("vault.header");
    let mut header = Header::parse(&std::fs::read(&header_path).unwrap()).unwrap();
    header.kdf = KdfParams {
        memory_kib: 8 * 1024 * 1024,
        iterations: 1_000_000,
        parallelism: 1,
    };
    std::fs::write(&header_path, header.to_bytes()).unwrap();

    ALLOCATOR
        .set_limit(ALLOCATOR.allocated() + 8 * 1024 * 1024)
        .unwrap();
    let result = Vault::unlock(&dir, &pass);
    let inspected = Vault::inspect(&dir);
    ALLOCATOR.set_limit(usize::MAX).unwrap();

    let err = result.err().expect("hostile header must be refused");
    assert_eq!(err.code().as_str(), "kdf_params_rejected");
    assert!(err.to_string().contains("exceeds the maximum"), "{err}");
    assert_eq!(
        inspected.err().unwrap().code().as_str(),
        "kdf_params_rejected"
    );
}
