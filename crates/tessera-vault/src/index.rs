//! Finding entries by key without opening every entry of their kind: a session's index, in
//! memory only.
//!
//! A kind declares how its entries are found ([`EntryKind::indexed`]): a function from an
//! entry's plaintext to its keys (a brand's id, a request's `jti`, a rule's field; names and
//! identifiers, the caller's choice). The first lookup of a kind in a session reads the whole
//! kind once, with the whole-kind integrity check ([`Vault::list_entries`]), and builds the
//! index from what it opened; every write of the session keeps it current, a rolled-back
//! transaction drops it (the next lookup rebuilds it), and it goes with the vault at lock.
//! Nothing of it is written to disk, so the vault's format and integrity guarantees are those
//! of the entries themselves (`docs/vault-format.md`, "Finding entries").
//!
//! [`EntryKind::indexed`]: crate::EntryKind::indexed
//! [`Vault::list_entries`]: crate::Vault::list_entries

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::EntryId;

/// An entry's keys, from its plaintext. A body it cannot read gives no keys: such an entry is
/// found by no key (and the caller's own reading of it reports what is wrong).
pub type KeysOf = fn(&[u8]) -> Vec<String>;

/// One kind's index.
pub(crate) struct KindIndex {
    keys_of: KeysOf,
    by_key: BTreeMap<String, BTreeSet<EntryId>>,
    of_entry: HashMap<EntryId, Vec<String>>,
}

impl KindIndex {
    pub(crate) fn new(keys_of: KeysOf) -> Self {
        KindIndex {
            keys_of,
            by_key: BTreeMap::new(),
            of_entry: HashMap::new(),
        }
    }

    /// Records `id`'s keys from its (new) plaintext, replacing the ones it had.
    pub(crate) fn put(&mut self, id: EntryId, plain: &[u8]) {
        self.remove(id);
        let mut keys = (self.keys_of)(plain);
        keys.sort();
        keys.dedup();
        for key in &keys {
            self.by_key.entry(key.clone()).or_default().insert(id);
        }
        self.of_entry.insert(id, keys);
    }

    pub(crate) fn remove(&mut self, id: EntryId) {
        for key in self.of_entry.remove(&id).unwrap_or_default() {
            if let Some(ids) = self.by_key.get_mut(&key) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.by_key.remove(&key);
                }
            }
        }
    }

    /// The entries with `key`, in id order.
    pub(crate) fn ids(&self, key: &str) -> Vec<EntryId> {
        self.by_key
            .get(key)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Every entry of the kind, in id order.
    pub(crate) fn entries(&self) -> Vec<EntryId> {
        let mut ids: Vec<EntryId> = self.of_entry.keys().copied().collect();
        ids.sort_unstable();
        ids
    }

    /// Every key starting with `prefix`, in key order, with its entries in id order.
    pub(crate) fn with_prefix(&self, prefix: &str) -> Vec<(String, Vec<EntryId>)> {
        self.by_key
            .range(prefix.to_owned()..)
            .take_while(|(key, _)| key.starts_with(prefix))
            .map(|(key, ids)| (key.clone(), ids.iter().copied().collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(plain: &[u8]) -> Vec<String> {
        String::from_utf8_lossy(plain)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn keys_follow_each_put_and_remove() {
        let mut index = KindIndex::new(words);
        index.put(EntryId(1), b"brand:a field:x");
        index.put(EntryId(2), b"brand:a field:y field:y");
        index.put(EntryId(3), b"brand:b");
        assert_eq!(index.ids("brand:a"), [EntryId(1), EntryId(2)]);
        assert_eq!(index.ids("field:y"), [EntryId(2)]);
        index.put(EntryId(2), b"brand:b");
        assert_eq!(index.ids("brand:a"), [EntryId(1)]);
        assert!(index.ids("field:y").is_empty());
        assert_eq!(index.ids("brand:b"), [EntryId(2), EntryId(3)]);
        index.remove(EntryId(3));
        index.remove(EntryId(9));
        assert_eq!(
            index.with_prefix("brand:"),
            [
                ("brand:a".to_owned(), vec![EntryId(1)]),
                ("brand:b".to_owned(), vec![EntryId(2)])
            ]
        );
        assert_eq!(index.with_prefix("field:").len(), 1);
        assert!(index.with_prefix("zzz").is_empty());
        assert!(!index.by_key.contains_key("field:y"), "empty keys are gone");
        assert_eq!(index.entries(), [EntryId(1), EntryId(2)]);
    }
}
