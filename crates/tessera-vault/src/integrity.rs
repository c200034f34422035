//! Whole-vault integrity: what binds the *set* of rows, not only each row.
//!
//! Each sealed row already fails to open anywhere but at its own (table, row, kind, column,
//! version). What a row's seal cannot show is that a row was deleted, or that an older
//! `(version, body)` pair of the same row was put back. For that the vault keeps, per entry kind,
//! the number of rows and a keyed set digest: the XOR of
//! `HMAC-SHA256(integrity key, "tessera entry v1" | id | kind | version | envelope prefix | tag)`
//! over the rows of that kind. Every write updates the digest of its kind in the same
//! transaction (O(1): XOR the old row out and the new one in), together with a generation
//! counter, and the whole state is sealed in `vault_meta.integrity`.
//!
//! Reading a kind recomputes its digest from the rows read and compares: a deleted, restored,
//! duplicated or re-versioned row changes the count or the digest. The digest never leaves the
//! sealed state and the key is derived from the data key, so an attacker without the
//! passphrase can neither compute an element nor find a different set with the same digest.
//! The only consistent older state is a complete older copy of the database, which the
//! rollback anchor (`anchor.rs`) catches on a computer that saw the newer state.
//!
//! State encoding (inside the seal), big-endian: `u8 format (1) | u64 generation | u32 kinds |
//! per kind in byte order: u16 name length | name | u64 rows | 32-byte digest`.

use std::collections::BTreeMap;

use ring::hmac;

use crate::envelope::{NONCE_LEN, TAG_LEN};
use crate::secret::KeyBytes;
use crate::{Result, VaultError};

pub const STATE_FORMAT: u8 = 1;
const ELEMENT_CONTEXT: &[u8] = b"tessera entry v1";
pub const DIGEST_LEN: usize = 32;

/// Rows and digest of one entry kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindDigest {
    pub rows: u64,
    pub digest: [u8; DIGEST_LEN],
}

impl KindDigest {
    fn toggle(&mut self, element: &[u8; DIGEST_LEN]) {
        for (d, e) in self.digest.iter_mut().zip(element) {
            *d ^= e;
        }
    }

    pub(crate) fn add(&mut self, element: &[u8; DIGEST_LEN]) {
        self.toggle(element);
        self.rows = self.rows.saturating_add(1);
    }

    pub(crate) fn remove(&mut self, element: &[u8; DIGEST_LEN]) {
        self.toggle(element);
        self.rows = self.rows.saturating_sub(1);
    }

    fn is_empty(&self) -> bool {
        self.rows == 0 && self.digest == [0; DIGEST_LEN]
    }
}

/// The vault's integrity state: a generation counter and one digest per kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IntegrityState {
    /// Counts committed write transactions; only ever grows.
    pub generation: u64,
    pub kinds: BTreeMap<String, KindDigest>,
}

impl IntegrityState {
    pub fn kind(&self, kind: &str) -> KindDigest {
        self.kinds.get(kind).copied().unwrap_or_default()
    }

    /// The kinds it records rows of.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds
            .iter()
            .filter(|(_, d)| d.rows > 0)
            .map(|(k, _)| k.as_str())
    }

    pub(crate) fn add(&mut self, kind: &str, element: &[u8; DIGEST_LEN]) {
        self.kinds.entry(kind.to_owned()).or_default().add(element);
    }

    pub(crate) fn remove(&mut self, kind: &str, element: &[u8; DIGEST_LEN]) {
        let digest = self.kinds.entry(kind.to_owned()).or_default();
        digest.remove(element);
        if digest.is_empty() {
            self.kinds.remove(kind);
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(13 + self.kinds.len() * 64);
        out.push(STATE_FORMAT);
        out.extend_from_slice(&self.generation.to_be_bytes());
        out.extend_from_slice(&(self.kinds.len() as u32).to_be_bytes());
        for (name, d) in &self.kinds {
            // Kind names are short code constants (checked when written).
            out.extend_from_slice(&(name.len() as u16).to_be_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&d.rows.to_be_bytes());
            out.extend_from_slice(&d.digest);
        }
        out
    }

    /// Parses a state that has already been authenticated (opened from its seal); a malformed
    /// one is still refused rather than trusted.
    pub fn parse(bytes: &[u8]) -> Result<IntegrityState> {
        let bad = || {
            VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-integrity-malformed"
            ))
        };
        let mut r = Reader { bytes, at: 0 };
        if r.take(1).ok_or_else(bad)?[0] != STATE_FORMAT {
            return Err(VaultError::UnsupportedFormat(tessera_text::text!(
                "error-vault-unsupported-integrity"
            )));
        }
        let generation = r.u64().ok_or_else(bad)?;
        let count = r.u32().ok_or_else(bad)?;
        let mut kinds = BTreeMap::new();
        for _ in 0..count {
            let len = r.u16().ok_or_else(bad)? as usize;
            let name = std::str::from_utf8(r.take(len).ok_or_else(bad)?).map_err(|_| bad())?;
            let rows = r.u64().ok_or_else(bad)?;
            let digest: [u8; DIGEST_LEN] = r
                .take(DIGEST_LEN)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?;
            if kinds
                .insert(name.to_owned(), KindDigest { rows, digest })
                .is_some()
            {
                return Err(bad());
            }
        }
        if r.at != bytes.len() {
            return Err(bad());
        }
        Ok(IntegrityState { generation, kinds })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.take(8)?.try_into().ok()?))
    }
}

/// Computes row elements under one integrity key.
pub(crate) struct ElementMac(hmac::Key);

impl ElementMac {
    pub(crate) fn new(key: &KeyBytes) -> Self {
        ElementMac(hmac::Key::new(hmac::HMAC_SHA256, key.expose()))
    }

    /// The element of one row. The body is committed to by its envelope header and nonce and
    /// its AEAD tag: a different ciphertext with the same tag does not open at this cell, and
    /// every re-seal draws a fresh nonce, so an older body of the same row gives another element.
    pub(crate) fn element(
        &self,
        id: i64,
        kind: &str,
        version: u32,
        body: &[u8],
    ) -> [u8; DIGEST_LEN] {
        let mut ctx = hmac::Context::with_key(&self.0);
        ctx.update(ELEMENT_CONTEXT);
        ctx.update(&id.to_be_bytes());
        ctx.update(&(kind.len() as u64).to_be_bytes());
        ctx.update(kind.as_bytes());
        ctx.update(&version.to_be_bytes());
        let prefix = 2 + NONCE_LEN;
        if body.len() >= prefix + TAG_LEN {
            ctx.update(&[1]);
            ctx.update(&body[..prefix]);
            ctx.update(&body[body.len() - TAG_LEN..]);
        } else {
            // Too short to be an envelope (it will not open either): commit to all of it.
            ctx.update(&[0]);
            ctx.update(body);
        }
        let tag = ctx.sign();
        let mut out = [0u8; DIGEST_LEN];
        out.copy_from_slice(tag.as_ref());
        out
    }
}

/// SHA-256 of the encoded state: what the rollback anchor records of it.
pub(crate) fn state_fingerprint(state: &IntegrityState) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, &state.to_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> KeyBytes {
        KeyBytes::from_slice(&[7; 32]).unwrap()
    }

    #[test]
    fn state_round_trips_and_rejects_trailing_or_truncated_bytes() {
        let mac = ElementMac::new(&key());
        let mut state = IntegrityState {
            generation: 42,
            ..Default::default()
        };
        state.add("brand", &mac.element(1, "brand", 1, &[0; 40]));
        state.add("rule", &mac.element(2, "rule", 3, &[1; 40]));
        let bytes = state.to_bytes();
        assert_eq!(IntegrityState::parse(&bytes).unwrap(), state);
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(IntegrityState::parse(&longer).is_err());
        for n in 0..bytes.len() {
            assert!(IntegrityState::parse(&bytes[..n]).is_err(), "prefix {n}");
        }
    }

    #[test]
    fn add_then_remove_leaves_nothing_and_every_field_changes_the_element() {
        let mac = ElementMac::new(&key());
        let body = [9u8; 60];
        let e = mac.element(5, "grant", 2, &body);
        let mut state = IntegrityState::default();
        state.add("grant", &e);
        assert_eq!(state.kind("grant").rows, 1);
        state.remove("grant", &e);
        assert!(state.kinds.is_empty());

        let mut other_body = body;
        other_body[3] ^= 1; // another nonce
        let mut other_tag = body;
        other_tag[59] ^= 1;
        for other in [
            mac.element(6, "grant", 2, &body),
            mac.element(5, "brand", 2, &body),
            mac.element(5, "grant", 1, &body),
            mac.element(5, "grant", 2, &other_body),
            mac.element(5, "grant", 2, &other_tag),
            ElementMac::new(&KeyBytes::from_slice(&[8; 32]).unwrap()).element(5, "grant", 2, &body),
        ] {
            assert_ne!(other, e);
        }
    }
}
