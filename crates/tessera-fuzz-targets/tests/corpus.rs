//! The fuzz corpus as a regular test, on the stable toolchain: every committed input of
//! `fuzz/corpus/<target>/` (seeds, and every crash input once fixed) runs through its target's
//! body, the same function cargo-fuzz runs (`tessera_fuzz_targets::TARGETS`). The real contact
//! files of `../shared/corpus/contacts` (other projects' test suites, not copied here) go
//! through the vCard, JSContact and detection targets too, when the folder is there.
//!
//! It prints its figure (`fuzz corpus replay: N files across M targets`); `scripts/test` runs
//! it with `--nocapture` so that the figure reaches the log.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tessera_fuzz_targets::TARGETS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Each target's body, on every input of its corpus folder.
#[test]
fn fuzz_corpus_replays_without_a_crash() {
    let corpus = root().join("fuzz/corpus");
    let mut total = 0;
    for target in TARGETS {
        let files = files_in(&corpus.join(target.name));
        assert!(
            !files.is_empty(),
            "fuzz/corpus/{} holds no seed",
            target.name
        );
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            // A crash names the input; the panic hook of the test prints the message.
            eprintln!("replaying {}", file.display());
            (target.run)(&bytes);
        }
        println!("fuzz corpus {}: {} files", target.name, files.len());
        total += files.len();
    }
    println!(
        "fuzz corpus replay: {total} files across {} targets",
        TARGETS.len()
    );
}

/// The real contact files of other projects, through the profile targets.
#[test]
fn fuzz_shared_contact_files_replay_without_a_crash() {
    let dir = std::env::var_os("TESSERA_CONTACT_CORPUS")
        .map_or_else(|| root().join("../shared/corpus/contacts"), PathBuf::from);
    if !dir.is_dir() {
        println!("skipped: no contact corpus at {}", dir.display());
        return;
    }
    let mut files = Vec::new();
    for source in std::fs::read_dir(&dir).unwrap() {
        let source = source.unwrap().path();
        if source.is_dir() {
            files.extend(files_in(&source));
        }
    }
    assert!(!files.is_empty(), "{} holds no contact file", dir.display());
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        tessera_fuzz_targets::vcard(&bytes);
        tessera_fuzz_targets::jscontact(&bytes);
        tessera_fuzz_targets::detect(&bytes);
    }
    println!(
        "fuzz corpus replay: {} shared contact files through vcard, jscontact and detect",
        files.len()
    );
}

/// The cargo-fuzz package and the targets' list agree: a target for each body, a body and a
/// corpus for each target, and every example of `docs/formats/examples` is a seed.
#[test]
fn fuzz_targets_corpora_and_examples_agree() {
    let names: BTreeSet<String> = TARGETS.iter().map(|t| t.name.to_owned()).collect();
    assert_eq!(names.len(), TARGETS.len(), "a target is listed twice");
    let stems = |dir: &str, ext: Option<&str>| -> BTreeSet<String> {
        std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(stems("fuzz/fuzz_targets", Some("rs")), names);
    assert_eq!(
        stems("fuzz/corpus", None)
            .into_iter()
            .filter(|n| n != "README")
            .collect::<BTreeSet<_>>(),
        names
    );
    let cargo_toml = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    for name in &names {
        let body =
            std::fs::read_to_string(root().join(format!("fuzz/fuzz_targets/{name}.rs"))).unwrap();
        assert!(
            body.contains(&format!("tessera_fuzz_targets::{name}(")),
            "fuzz/fuzz_targets/{name}.rs does not call tessera_fuzz_targets::{name}"
        );
        assert!(
            cargo_toml.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] {name}"
        );
    }
    let seeds: Vec<Vec<u8>> = TARGETS
        .iter()
        .flat_map(|t| files_in(&root().join("fuzz/corpus").join(t.name)))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    for example in files_in(&root().join("docs/formats/examples")) {
        let bytes = std::fs::read(&example).unwrap();
        assert!(
            seeds.contains(&bytes),
            "{} is not in the fuzz corpus as it is: run `cargo run -p tessera-fuzz-targets --bin make-fuzz-seeds`",
            example.display()
        );
    }
}
