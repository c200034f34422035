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

/// The package's desktop files follow `OPENABLE`: the shared-mime-info file, the desktop
/// entry's `MimeType=` (with the link scheme; `Exec` takes `%U`, so files and links reach the
/// app), and the bundler's file associations in `src-tauri/tauri.conf.json`.
#[test]
fn the_packages_desktop_files_are_generated_from_openable() {
    use tessera_exchange::documents::{self, OPENABLE};
    let regenerate = "cargo test -p tessera-exchange --test generated_docs";
    tessera_test_support::generated::check_or_update(
        &root().join("src-tauri/linux/org.tessera.vault.xml"),
        &documents::shared_mime_info_xml(),
        regenerate,
    );
    // XML forbids "--" inside a comment (update-mime-database refused the file once).
    let xml = documents::shared_mime_info_xml();
    for comment in xml.split("<!--").skip(1) {
        let body = comment.split("-->").next().unwrap_or_default();
        assert!(!body.contains("--"), "a comment holds \"--\": {body}");
    }
    let desktop = root().join("src-tauri/linux/tessera.desktop");
    check_between(
        &desktop,
        "# generated from OPENABLE in crates/tessera-exchange/src/documents.rs: do not edit; TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-exchange --test generated_docs rewrites it\n",
        "# end of generated part\n",
        &format!("MimeType={}\n", documents::desktop_mime_types()),
        regenerate,
    );
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(entry.contains("\nExec={{exec}} %U\n"), "{entry}");
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let associations: Vec<(String, String, String)> = config["bundle"]["fileAssociations"]
        .as_array()
        .expect("bundle.fileAssociations")
        .iter()
        .map(|a| {
            (
                a["ext"][0].as_str().unwrap_or_default().to_owned(),
                a["mimeType"].as_str().unwrap_or_default().to_owned(),
                a["description"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = OPENABLE
        .iter()
        .map(|o| {
            (
                o.extension.to_owned(),
                o.media_type.to_owned(),
                o.description.to_owned(),
            )
        })
        .collect();
    assert_eq!(
        associations, expected,
        "src-tauri/tauri.conf.json bundle.fileAssociations"
    );
    for package in ["deb", "rpm"] {
        let linux = &config["bundle"]["linux"][package];
        assert_eq!(
            linux["desktopTemplate"], "linux/tessera.desktop",
            "{package}"
        );
        assert_eq!(
            linux["files"]["/usr/share/mime/packages/org.tessera.vault.xml"],
            "linux/org.tessera.vault.xml",
            "{package}"
        );
    }
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
