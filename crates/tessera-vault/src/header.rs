//! The vault header (`vault.header`): format version, vault id and the passphrase key slot.
//!
//! Version 1 is exactly 112 bytes, big-endian integers:
//!
//! | offset | size | field                                            |
//! |-------:|-----:|--------------------------------------------------|
//! |      0 |    4 | magic `TSVH`                                     |
//! |      4 |    2 | header format version (1)                        |
//! |      6 |   16 | vault id (random)                                |
//! |     22 |    1 | KDF id (1 = Argon2id v1.3)                       |
//! |     23 |    4 | Argon2 memory, KiB                               |
//! |     27 |    4 | Argon2 passes                                    |
//! |     31 |    4 | Argon2 lanes                                     |
//! |     35 |   16 | Argon2 salt (random)                             |
//! |     51 |    1 | AEAD id (1 = ChaCha20-Poly1305)                  |
//! |     52 |   12 | nonce of the wrapped data key                    |
//! |     64 |   48 | wrapped data key (32 bytes ciphertext + 16 tag)  |
//!
//! Bytes 0..64 are the associated data of the wrapped key, so changing any of them (parameters,
//! salt, id, version) makes unwrapping fail: the header is authenticated by the key it carries.
//! Parsing checks length, magic, version, algorithm ids and KDF bounds before any key derivation.

use crate::kdf::KdfParams;
use crate::{Result, VaultError};

pub const MAGIC: &[u8; 4] = b"TSVH";
pub const FORMAT_VERSION: u16 = 1;
pub const HEADER_LEN: usize = 112;
pub const AUTHENTICATED_LEN: usize = 64;
pub const KDF_ARGON2ID: u8 = 1;
pub const AEAD_CHACHA20_POLY1305: u8 = 1;

/// A parsed (but not yet authenticated) header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub vault_id: [u8; 16],
    pub kdf: KdfParams,
    pub salt: [u8; 16],
    pub wrap_nonce: [u8; 12],
    pub wrapped_key: [u8; 48],
}

impl Header {
    pub fn to_bytes(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..AUTHENTICATED_LEN].copy_from_slice(&self.authenticated_bytes());
        out[64..112].copy_from_slice(&self.wrapped_key);
        out
    }

    /// The bytes bound as associated data to the wrapped data key.
    pub fn authenticated_bytes(&self) -> [u8; AUTHENTICATED_LEN] {
        let mut out = [0u8; AUTHENTICATED_LEN];
        out[0..4].copy_from_slice(MAGIC);
        out[4..6].copy_from_slice(&FORMAT_VERSION.to_be_bytes());
        out[6..22].copy_from_slice(&self.vault_id);
        out[22] = KDF_ARGON2ID;
        out[23..27].copy_from_slice(&self.kdf.memory_kib.to_be_bytes());
        out[27..31].copy_from_slice(&self.kdf.iterations.to_be_bytes());
        out[31..35].copy_from_slice(&self.kdf.parallelism.to_be_bytes());
        out[35..51].copy_from_slice(&self.salt);
        out[51] = AEAD_CHACHA20_POLY1305;
        out[52..64].copy_from_slice(&self.wrap_nonce);
        out
    }

    /// Parses and bounds-checks a header. Allocates nothing and derives nothing.
    pub fn parse(bytes: &[u8]) -> Result<Header> {
        if bytes.len() < 6 || &bytes[0..4] != MAGIC {
            return Err(VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-not-a-header"
            )));
        }
        let version = u16::from_be_bytes([bytes[4], bytes[5]]);
        if version != FORMAT_VERSION {
            return Err(VaultError::UnsupportedFormat(tessera_text::text!(
                "error-vault-unsupported-header",
                version = version.to_string()
            )));
        }
        if bytes.len() != HEADER_LEN {
            return Err(VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-header-length",
                length = bytes.len().to_string(),
                expected = HEADER_LEN.to_string(),
            )));
        }
        if bytes[22] != KDF_ARGON2ID {
            return Err(VaultError::UnsupportedFormat(tessera_text::text!(
                "error-vault-unsupported-kdf",
                id = bytes[22].to_string()
            )));
        }
        if bytes[51] != AEAD_CHACHA20_POLY1305 {
            return Err(VaultError::UnsupportedFormat(tessera_text::text!(
                "error-vault-unsupported-cipher",
                id = bytes[51].to_string()
            )));
        }
        let u32_at = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        let kdf = KdfParams {
            memory_kib: u32_at(23),
            iterations: u32_at(27),
            parallelism: u32_at(31),
        };
        kdf.validate()?;
        Ok(Header {
            vault_id: bytes[6..22].try_into().expect("16 bytes"),
            kdf,
            salt: bytes[35..51].try_into().expect("16 bytes"),
            wrap_nonce: bytes[52..64].try_into().expect("12 bytes"),
            wrapped_key: bytes[64..112].try_into().expect("48 bytes"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Header {
        Header {
            vault_id: [7; 16],
            kdf: KdfParams::FLOOR,
            salt: [3; 16],
            wrap_nonce: [5; 12],
            wrapped_key: [9; 48],
        }
    }

    #[test]
    fn round_trips() {
        let h = sample();
        assert_eq!(Header::parse(&h.to_bytes()).unwrap(), h);
    }

    #[test]
    fn refuses_wrong_length_magic_version_and_ids() {
        let good = sample().to_bytes();
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (good[..111].to_vec(), "corrupt"),
            ([&good[..], &[0]].concat(), "corrupt"),
            (b"SQLite format 3\0".to_vec(), "corrupt"),
            (vec![], "corrupt"),
            (
                {
                    let mut b = good.to_vec();
                    b[5] = 2;
                    b
                },
                "unsupported",
            ),
            (
                {
                    let mut b = good.to_vec();
                    b[22] = 2;
                    b
                },
                "unsupported",
            ),
            (
                {
                    let mut b = good.to_vec();
                    b[51] = 0;
                    b
                },
                "unsupported",
            ),
        ];
        for (bytes, expected) in cases {
            let err = Header::parse(&bytes).unwrap_err();
            let code = err.code().as_str();
            assert!(code.contains(expected), "{code}: {err}");
        }
    }

    #[test]
    fn refuses_hostile_kdf_parameters_while_parsing() {
        let mut bytes = sample().to_bytes();
        bytes[23..27].copy_from_slice(&(8u32 * 1024 * 1024).to_be_bytes());
        assert_eq!(
            Header::parse(&bytes).unwrap_err().code().as_str(),
            "kdf_params_rejected"
        );
        let mut bytes = sample().to_bytes();
        bytes[27..31].copy_from_slice(&1_000_000u32.to_be_bytes());
        assert_eq!(
            Header::parse(&bytes).unwrap_err().code().as_str(),
            "kdf_params_rejected"
        );
    }
}
