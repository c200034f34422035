//! Sealing as properties: what is sealed opens back, and nothing else does. Each property runs
//! `PROPTEST_CASES` cases (default 256 for the envelope, 48 on a real vault).
//!
//! Table of contents:
//! - `sealing_envelope_*`: any plaintext sealed for any cell under any key opens back
//!   identical; any change of one byte of the envelope, of the cell or of the key is refused.
//! - `sealing_entries_*`: any entry bodies of any kinds written to a real vault (inserted, then
//!   some replaced) read back identical, and each is bound to its row.

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use ring::rand::SystemRandom;
use tessera_test_support::{props, vault};
use tessera_vault::envelope::{self, CellId};
use tessera_vault::secret::KeyBytes;
use tessera_vault::{EntryKind, ErrorCode};

/// A cell's identity: short names (as the code's constants are), any row and version.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    table: String,
    row: i64,
    kind: String,
    column: String,
    version: u32,
}

impl Cell {
    fn id(&self) -> CellId<'_> {
        CellId {
            table: &self.table,
            row: self.row,
            kind: &self.kind,
            column: &self.column,
            version: self.version,
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["entries", "settings", "profile_value", "body", ""])
            .prop_map(str::to_owned),
        "[a-z_.]{0,12}",
        ".{0,6}",
    ]
}

fn cell() -> impl Strategy<Value = Cell> {
    (name(), any::<i64>(), name(), name(), any::<u32>()).prop_map(
        |(table, row, kind, column, version)| Cell {
            table,
            row,
            kind,
            column,
            version,
        },
    )
}

/// One change to a cell: each of its five parts.
fn other_cell(cell: &Cell, part: usize, text: &str, number: i64) -> Cell {
    let mut other = cell.clone();
    match part % 5 {
        0 => other.table.push_str(text),
        1 => other.row = other.row.wrapping_add(number | 1),
        2 => other.kind.push_str(text),
        3 => other.column.push_str(text),
        _ => {
            other.version = other
                .version
                .wrapping_add(u32::try_from(number & 0xff).unwrap() | 1);
        }
    }
    other
}

fn key(bytes: &[u8; 32]) -> KeyBytes {
    KeyBytes::from_slice(bytes).unwrap()
}

#[test]
fn sealing_envelope_opens_back_and_refuses_every_change() {
    let rng = SystemRandom::new();
    let strategy = (
        any::<[u8; 32]>(),
        cell(),
        prop::collection::vec(any::<u8>(), 0..2048),
        (any::<usize>(), 1..=255u8),
        (any::<usize>(), "[a-z]{1,3}", any::<i64>()),
        any::<[u8; 32]>(),
    );
    TestRunner::new(props::config(256))
        .run(
            &strategy,
            |(key_bytes, cell, plaintext, (at, xor), (part, text, number), other_key)| {
                let k = key(&key_bytes);
                let sealed = envelope::seal(&rng, &k, &cell.id(), &plaintext).unwrap();
                prop_assert_eq!(sealed.len(), envelope::OVERHEAD + plaintext.len());
                let opened = envelope::open(&k, &cell.id(), &sealed).unwrap();
                prop_assert_eq!(&opened[..], &plaintext[..]);
                // Any byte changed, anywhere (version, cipher id, nonce, ciphertext, tag).
                let mut changed = sealed.clone();
                changed[at % sealed.len()] ^= xor;
                prop_assert!(envelope::open(&k, &cell.id(), &changed).is_err());
                // Cut short, or with a byte more.
                prop_assert!(envelope::open(&k, &cell.id(), &sealed[..at % sealed.len()]).is_err());
                let mut longer = sealed.clone();
                longer.push(xor);
                prop_assert!(envelope::open(&k, &cell.id(), &longer).is_err());
                // Another cell: the record copied to another row, kind, column or version.
                let other = other_cell(&cell, part, &text, number);
                prop_assert_ne!(&other, &cell);
                let e = envelope::open(&k, &other.id(), &sealed).unwrap_err();
                prop_assert_eq!(e.code(), ErrorCode::CorruptRecord);
                // Another key.
                if other_key != key_bytes {
                    prop_assert!(envelope::open(&key(&other_key), &cell.id(), &sealed).is_err());
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Entry kinds the store accepts (code-defined names).
const KINDS: [&str; 4] = ["profile_value", "grant", "ledger", "brand"];

#[test]
fn sealing_entries_of_any_body_read_back_on_a_real_vault() {
    let (_tmp, v) = vault();
    let v = std::cell::RefCell::new(v);
    let entry = (
        prop::sample::select(KINDS.to_vec()),
        prop::collection::vec(any::<u8>(), 0..4096),
    );
    let strategy = (
        prop::collection::vec(entry, 1..6),
        prop::collection::vec(
            (any::<usize>(), prop::collection::vec(any::<u8>(), 0..512)),
            0..3,
        ),
    );
    TestRunner::new(props::config(48))
        .run(&strategy, |(entries, replacements)| {
            let mut v = v.borrow_mut();
            let mut written = Vec::new();
            for (kind, body) in &entries {
                let id = v.insert_entry(EntryKind::new(kind), body).unwrap();
                written.push((id, *kind, body.clone()));
            }
            for (at, body) in replacements {
                let n = at % written.len();
                v.update_entry(written[n].0, &body).unwrap();
                written[n].2 = body;
            }
            for (id, kind, body) in &written {
                let (read_kind, read) = v.read_entry(*id).unwrap();
                prop_assert_eq!(&read_kind, kind);
                prop_assert_eq!(&read[..], &body[..]);
            }
            for kind in KINDS {
                let listed = v.list_entries(EntryKind::new(kind)).unwrap();
                for (id, _, body) in written.iter().filter(|(_, k, _)| *k == kind) {
                    let found = listed.iter().find(|(i, _)| i == id).map(|(_, b)| &b[..]);
                    prop_assert_eq!(found, Some(&body[..]));
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(v.borrow().check().is_ok());
}
