//! Documents generated from the code: the table of ledger events in
//! `docs/formats/ledger-export.md` is `LedgerEvent`'s, the table of documents Tessera opens in
//! `docs/formats/links.md` is `documents::OPENABLE`'s. Run with `TESSERA_UPDATE_GENERATED=1`
//! to rewrite them after a change.

use tessera_exchange::ledger::LedgerEvent;
use tessera_test_support::generated::{check_between, root};

const BEGIN: &str = "<!-- generated from LedgerEvent in crates/tessera-exchange/src/ledger.rs: do not edit; TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-exchange --test generated_docs rewrites it -->\n";
const END: &str = "<!-- end of generated table -->\n";

#[test]
fn the_ledger_event_table_is_generated() {
    check_between(
        &root().join("docs/formats/ledger-export.md"),
        BEGIN,
        END,
        &LedgerEvent::markdown_table(),
        "cargo test -p tessera-exchange --test generated_docs",
    );
}

const OPENABLE_BEGIN: &str = "<!-- generated from OPENABLE in crates/tessera-exchange/src/documents.rs: do not edit; TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-exchange --test generated_docs rewrites it -->\n";

#[test]
fn the_table_of_documents_tessera_opens_is_generated() {
    check_between(
        &root().join("docs/formats/links.md"),
        OPENABLE_BEGIN,
        END,
        &tessera_exchange::documents::markdown_table(),
        "cargo test -p tessera-exchange --test generated_docs",
    );
}

#[test]
fn each_event_is_serialized_by_its_name_and_has_words() {
    for e in LedgerEvent::ALL {
        assert_eq!(
            serde_json::to_value(e).unwrap(),
            serde_json::json!(e.as_str())
        );
        assert!(!e.label().is_empty() && !e.description().is_empty());
    }
}

/// `ALL` is kept by hand; this finds every variant without naming one (serde's derived
/// `Deserialize` reads a variant by its index, in declaration order), so an event missing
/// from `ALL`, listed twice or out of order fails here.
#[test]
fn all_lists_every_event_once_in_declaration_order() {
    use serde::Deserialize as _;
    use serde::de::value::{Error, U32Deserializer};
    let declared: Vec<LedgerEvent> = (0u32..)
        .map_while(|index| LedgerEvent::deserialize(U32Deserializer::<Error>::new(index)).ok())
        .collect();
    assert_eq!(declared, LedgerEvent::ALL);
}
