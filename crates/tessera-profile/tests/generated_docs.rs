//! Documents generated from the code: the field catalogue table in `docs/fields.md` and
//! `tests/interop/catalogue.json` (what the JSON Schema generator reads) are the catalogue's.
//! Run with `TESSERA_UPDATE_GENERATED=1` to rewrite them after changing the catalogue.

use tessera_profile::catalogue;
use tessera_test_support::generated::{check_between, check_or_update, root};

const REGENERATE: &str = "cargo test -p tessera-profile --test generated_docs";
const BEGIN: &str = "<!-- generated from crates/tessera-profile/src/catalogue.rs: do not edit; TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-profile --test generated_docs rewrites it -->\n";
const END: &str = "<!-- end of generated table -->\n";

#[test]
fn the_catalogue_table_in_fields_md_is_generated() {
    check_between(
        &root().join("docs/fields.md"),
        BEGIN,
        END,
        &catalogue::markdown_table(),
        REGENERATE,
    );
}

#[test]
fn the_schema_generators_catalogue_is_generated() {
    check_or_update(
        &root().join("tests/interop/catalogue.json"),
        &catalogue::forms_json(),
        REGENERATE,
    );
}
