//! Documents generated from the code: the field catalogue table in `docs/fields.md` and
//! `tests/interop/catalogue.json` (what the JSON Schema generator reads) are the catalogue's.
//! Run with `TESSERA_UPDATE_GENERATED=1` to rewrite them after changing the catalogue.

use std::path::PathBuf;

use tessera_profile::catalogue;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const BEGIN: &str = "<!-- generated from crates/tessera-profile/src/catalogue.rs: do not edit; TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-profile --test generated_docs rewrites it -->\n";
const END: &str = "<!-- end of generated table -->\n";

fn check_or_update(path: &std::path::Path, expected: &str) {
    let current = std::fs::read_to_string(path).unwrap();
    if current == expected {
        return;
    }
    if std::env::var_os("TESSERA_UPDATE_GENERATED").is_some() {
        std::fs::write(path, expected).unwrap();
        return;
    }
    panic!(
        "{} is not what the catalogue generates: run TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-profile --test generated_docs",
        path.display()
    );
}

#[test]
fn the_catalogue_table_in_fields_md_is_generated() {
    let path = root().join("docs/fields.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find(BEGIN)
        .expect("the generated table's start marker")
        + BEGIN.len();
    let end = start
        + text[start..]
            .find(END)
            .expect("the generated table's end marker");
    let expected = format!(
        "{}{}{}",
        &text[..start],
        catalogue::markdown_table(),
        &text[end..]
    );
    check_or_update(&path, &expected);
}

#[test]
fn the_schema_generators_catalogue_is_generated() {
    check_or_update(
        &root().join("tests/interop/catalogue.json"),
        &catalogue::forms_json(),
    );
}
