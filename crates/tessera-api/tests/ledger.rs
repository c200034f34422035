//! Issue 13: the Activity screen's ledger, a page at a time through the `Session` the app
//! calls: newest first, filtered in the core, older pages by the mark the previous page gave,
//! which only this session knows.

use tessera_api::ApiErrorCode;
use tessera_api::exchange::LedgerQuery;
use tessera_exchange::ledger::{self, Event, LedgerEvent};
use tessera_test_support::at;

const NOW: i64 = 1_795_000_000;

fn query(before: Option<u32>, event: Option<&str>, brand: Option<&str>, limit: u32) -> LedgerQuery {
    LedgerQuery {
        before,
        event: event.map(str::to_owned),
        brand: brand.map(str::to_owned),
        limit: Some(limit),
    }
}

#[test]
fn the_ledger_pages_newest_first_with_filters_in_the_core() {
    let (_t, mut s) = tessera_test_support::session_with(&[], at(NOW));
    let vault = s.vault_mut().unwrap();
    vault
        .atomically(|v| -> Result<(), tessera_vault::VaultError> {
            for i in 0..250u32 {
                ledger::append(
                    v,
                    NOW + i64::from(i),
                    Event {
                        event: if i % 10 == 0 {
                            LedgerEvent::GrantRevoked
                        } else {
                            LedgerEvent::RequestImported
                        },
                        brand: Some(format!("https://brand{}.example", i % 5)),
                        fields: Vec::new(),
                        detail: format!("entry {i}"),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();

    let first = s.ledger_page(&query(None, None, None, 100)).unwrap();
    assert_eq!(first.total, 250);
    let seqs: Vec<u32> = first.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs.first(), Some(&250));
    assert_eq!(seqs.last(), Some(&151));
    let second = s.ledger_page(&query(first.older, None, None, 100)).unwrap();
    assert_eq!(second.entries[0].seq, 150);
    let third = s
        .ledger_page(&query(second.older, None, None, 100))
        .unwrap();
    assert_eq!(third.entries.len(), 50);
    assert_eq!(third.entries.last().unwrap().seq, 1);
    assert_eq!(third.older, None, "the first entry is reached");

    // Filtered in the core: only revocations, then only one brand's, across pages.
    let revoked = s
        .ledger_page(&query(None, Some("grant_revoked"), None, 100))
        .unwrap();
    assert_eq!(revoked.entries.len(), 25);
    assert!(revoked.entries.iter().all(|e| e.event == "grant_revoked"));
    let brand = s
        .ledger_page(&query(None, None, Some(" BRAND3 "), 20))
        .unwrap();
    assert_eq!(brand.entries.len(), 20);
    assert!(
        brand
            .entries
            .iter()
            .all(|e| e.brand.as_deref() == Some("https://brand3.example"))
    );
    let more = s
        .ledger_page(&query(brand.older, None, Some("brand3"), 100))
        .unwrap();
    assert_eq!(more.entries.len(), 30, "50 entries of brand3 in all");
    assert!(more.entries[0].seq < brand.entries.last().unwrap().seq);

    // A mark this session never gave is refused; a lock forgets the marks.
    let e = s
        .ledger_page(&query(Some(77), None, None, 100))
        .unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput, "{}", e.message);
    let mark = s.ledger_page(&query(None, None, None, 10)).unwrap().older;
    s.lock();
    s.unlock(
        &tessera_test_support::passphrase(),
        tessera_api::ContinuousInstant::at(std::time::Duration::ZERO),
    )
    .unwrap();
    let e = s.ledger_page(&query(mark, None, None, 10)).unwrap_err();
    assert_eq!(e.code, ApiErrorCode::InvalidInput, "{}", e.message);
}
