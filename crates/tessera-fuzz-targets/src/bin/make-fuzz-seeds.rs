//! Writes the seeds of `fuzz/corpus/` that Tessera itself makes: every example of
//! `docs/formats/examples` in its target's folder, valid claims of each token kind signed by
//! the targets' keys, a ledger export with a real hash chain, a vault header, Tessera's
//! vCard and JSContact exports, and small backups (and the archive inside one).
//!
//! `cargo run -p tessera-fuzz-targets --bin make-fuzz-seeds` (from the repository root).
//! Backups hold random salts and nonces, so a second run writes other bytes: commit what
//! changed only when a format did.

use std::path::{Path, PathBuf};

use tessera_exchange::formats;
use tessera_fuzz_targets::{
    REQUEST_SEED, backup_seeds, brand_key, ledger_export_seed, person_key, seed_claims, signed,
};
use tessera_profile::catalogue;
use tessera_profile::interchange::{self, Format};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    let dir = root().join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).expect("corpus folder");
    std::fs::write(dir.join(name), bytes).expect("seed written");
    println!("fuzz/corpus/{target}/{name}: {} bytes", bytes.len());
}

fn main() {
    let examples = root().join("docs/formats/examples");
    for (file, targets) in [
        ("request.jwt", &["request", "review"][..]),
        ("request.json", &["request", "review"]),
        ("grant.jwt", &["grant", "revocation"]),
        ("grant.json", &["grant"]),
        ("receipt.jwt", &["receipt"]),
        ("receipt.json", &["receipt"]),
        ("revocation.jwt", &["revocation"]),
        ("revocation.json", &["revocation"]),
        ("letter.jwt", &["letter"]),
        ("letter.json", &["letter"]),
        ("request.spec.json", &["brand_kit"]),
        ("brand-key.jwk", &["brand_kit"]),
        ("grant-key.jwk", &["brand_kit"]),
    ] {
        let bytes = std::fs::read(examples.join(file)).expect("example read");
        for target in targets {
            write(target, &format!("docs-{file}"), &bytes);
        }
    }

    // Valid claims of each kind (the signed path), and the token they sign to (the text path).
    for (kind, typ, key) in [
        ("request", formats::REQUEST_TYP, brand_key()),
        ("grant", formats::GRANT_TYP, person_key()),
        ("receipt", formats::RECEIPT_TYP, brand_key()),
        ("revocation", formats::REVOCATION_TYP, person_key()),
        ("letter", formats::LETTER_TYP, person_key()),
    ] {
        let claims = seed_claims(kind).to_string();
        write(kind, "claims.json", claims.as_bytes());
        write(
            kind,
            "token.jwt",
            signed(&key, typ, claims.as_bytes()).as_bytes(),
        );
    }
    let ledger = ledger_export_seed().to_string();
    write("ledger_export", "claims.json", ledger.as_bytes());
    let token = signed(&person_key(), formats::LEDGER_EXPORT_TYP, ledger.as_bytes());
    write("ledger_export", "token.jwt", token.as_bytes());

    // The review: the seed request, and one asking every disclosable field in each form.
    write("review", "request.json", REQUEST_SEED.as_bytes());
    let mut every: serde_json::Value = serde_json::from_str(REQUEST_SEED).expect("JSON");
    every["fields"] = catalogue::CATALOGUE
        .iter()
        .flat_map(|def| def.forms.iter().map(move |form| (def, form)))
        .map(|(def, form)| {
            serde_json::json!({"name": def.name, "form": form.name(), "required": false, "purposes": ["orders"]})
        })
        .collect();
    write(
        "review",
        "every-field-and-form.json",
        every.to_string().as_bytes(),
    );

    // The vault header, and what Tessera writes as a person's cards.
    let (_tmp, vault) = tessera_test_support::vault_with(&[
        ("name", "Ada Lovelace"),
        ("given_name", "Ada"),
        ("family_name", "Lovelace"),
        ("email", "ada@home.example"),
        ("phone_number", "+33 1 42 68 53 00"),
        ("address", "1 Rue de Rivoli; Paris; ; 75001; FR"),
        ("birthdate", "1990-04-23"),
        ("anniversary", "--06-15"),
        ("shoe_size", "EU 38"),
        ("interests", "jazz, cycling"),
    ]);
    let header = std::fs::read(vault.layout().header_path()).expect("header read");
    write("header", "vault.header", &header);
    for (format, targets) in [
        (Format::VCard, ["vcard", "detect"]),
        (Format::JsContact, ["jscontact", "detect"]),
    ] {
        let text = interchange::export(
            &vault,
            format,
            "urn:uuid:00000000-0000-4000-8000-000000000000",
        )
        .expect("exported");
        for target in targets {
            write(
                target,
                &format!("tessera-{}", format.file_name()),
                text.as_bytes(),
            );
        }
    }

    let (files, archives) = backup_seeds();
    for (name, bytes) in files {
        write("backup_file", &name, &bytes);
    }
    for (name, bytes) in archives {
        write("backup_archive", &name, &bytes);
    }
}
