//! Embeds every file of the catalogue (`locales/<locale>/*.ftl` at the workspace's top) so that
//! a locale added as a folder is picked up with no change of code.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    // Read when the script runs, not when it was compiled: cargo may reuse a compiled build
    // script for a checkout at another path (one target directory for several clones).
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("../../locales");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files: Vec<(String, String, PathBuf)> = Vec::new();
    for locale in std::fs::read_dir(&root).expect("the catalogue folder locales/ exists") {
        let locale = locale.expect("locales/ can be listed").path();
        if !locale.is_dir() {
            continue;
        }
        let name = locale.file_name().unwrap().to_string_lossy().into_owned();
        for file in std::fs::read_dir(&locale).expect("a locale folder can be listed") {
            let path = file.expect("a locale folder can be listed").path();
            if path.extension().is_some_and(|e| e == "ftl") {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                files.push((name.clone(), file, path.canonicalize().unwrap()));
            }
        }
    }
    files.sort();
    let mut out = String::from("/// Every catalogue file: (locale, file name, text).\n");
    out.push_str("pub static FILES: &[(&str, &str, &str)] = &[\n");
    for (locale, file, path) in &files {
        writeln!(
            out,
            "    ({locale:?}, {file:?}, include_str!({:?})),",
            path.display()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalogue_files.rs");
    std::fs::write(dest, out).unwrap();
}
