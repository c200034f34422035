//! Types that hold secrets.
//!
//! None of them derive `Debug`, `Clone`, `Serialize` or `Display`: printing or copying a secret
//! has to be written out on purpose. Their bytes live in [`Zeroizing`] buffers, wiped on drop;
//! locking a vault drops them.
//!
//! Keys are also kept in pages locked in RAM (`mlock`, [`crate::locked`]) where the platform
//! allows, so that they are never written to swap.
//!
//! Known limit: `ring` builds its own key object for each AEAD call and does not wipe it; those
//! copies live on the stack for the duration of one call.

use std::fmt;

use ring::rand::{SecureRandom, SystemRandom};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::{Result, VaultError};

/// Minimum length of a new passphrase, in characters. Older passphrases are never re-checked.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// A passphrase, normalized to Unicode NFC so that the same text typed on different systems
/// (composed or decomposed accents) opens the same vault.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes ownership of `raw` and wipes it after normalizing.
    pub fn new(raw: String) -> Self {
        let raw = Zeroizing::new(raw);
        // NFC output is at most 3x the input (Unicode Standard Annex #15); reserving that much
        // means the normalized copy is never reallocated, so no stray copy is left behind.
        let mut normalized = Zeroizing::new(String::with_capacity(raw.len() * 3));
        normalized.extend(raw.nfc());
        Passphrase(normalized)
    }

    pub fn from_str_copy(raw: &str) -> Self {
        Self::new(raw.to_owned())
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }

    /// Whether two passphrases are the same text after normalization.
    pub fn same_as(&self, other: &Passphrase) -> bool {
        self.as_bytes() == other.as_bytes()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Checks the rules for a new passphrase.
    pub fn check_new(&self) -> Result<()> {
        if self.char_count() < MIN_PASSPHRASE_CHARS {
            return Err(VaultError::WeakPassphrase(tessera_text::text!(
                "error-vault-passphrase-too-short",
                count = MIN_PASSPHRASE_CHARS
            )));
        }
        Ok(())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// 32 bytes of key material, on the heap at an address that never changes, in a page locked
/// in RAM while the key lives (see [`crate::locked`]).
pub struct KeyBytes(Box<Zeroizing<[u8; 32]>>);

impl KeyBytes {
    pub(crate) fn zeroed() -> Self {
        let key = KeyBytes(Box::new(Zeroizing::new([0u8; 32])));
        crate::locked::lock_pages(key.address(), 32);
        key
    }

    fn address(&self) -> usize {
        self.0.as_ptr() as usize
    }

    pub(crate) fn random(rng: &SystemRandom) -> Result<Self> {
        let mut key = Self::zeroed();
        rng.fill(&mut key.0[..]).map_err(|_| VaultError::Random)?;
        Ok(key)
    }

    /// Copies 32 bytes of key material; `None` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut key = Self::zeroed();
        if bytes.len() != key.0.len() {
            return None;
        }
        key.0.copy_from_slice(bytes);
        Some(key)
    }

    pub(crate) fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    pub(crate) fn expose_mut(&mut self) -> &mut [u8; 32] {
        &mut self.0
    }
}

impl Drop for KeyBytes {
    fn drop(&mut self) {
        // Wiped before its page may be unlocked (`Zeroizing` wipes it again when freed).
        zeroize::Zeroize::zeroize(&mut **self.0);
        crate::locked::unlock_pages(self.address(), 32);
    }
}

impl fmt::Debug for KeyBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyBytes(<redacted>)")
    }
}

/// A random (version 4) UUID as a `urn:uuid:` URN, e.g. to name an export.
pub fn random_urn_uuid() -> Result<String> {
    let mut b: [u8; 16] = random_array(&SystemRandom::new())?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = crate::hex(&b);
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

pub(crate) fn random_array<const N: usize>(rng: &SystemRandom) -> Result<[u8; N]> {
    let mut out = [0u8; N];
    rng.fill(&mut out).map_err(|_| VaultError::Random)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_and_nfd_forms_normalize_to_the_same_bytes() {
        let composed = Passphrase::from_str_copy("caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e");
        let decomposed = Passphrase::from_str_copy("cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e");
        assert_eq!(composed.as_bytes(), decomposed.as_bytes());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let p = Passphrase::from_str_copy("hunter2-canary-XYZ");
        assert!(!format!("{p:?}").contains("canary"));
        let k = KeyBytes::from_slice(&[0x41; 32]).unwrap();
        assert!(!format!("{k:?}").contains("41"));
    }

    #[test]
    fn keys_live_in_locked_pages_while_they_live() {
        let key = KeyBytes::random(&SystemRandom::new()).unwrap();
        let address = key.address();
        // Locked in RAM: the kernel agrees (`Locked:` of the mapping in /proc/self/smaps).
        assert!(crate::locked::is_locked(address));
        #[cfg(target_os = "linux")]
        assert!(
            locked_kib_of_mapping(address) >= 4,
            "the key's page is not locked"
        );
        let other = KeyBytes::from_slice(&[9; 32]).unwrap();
        drop(key);
        // Another key that may share the page keeps it locked.
        assert!(crate::locked::is_locked(other.address()));
    }

    /// The `Locked:` figure of the mapping of /proc/self/smaps that holds `address`.
    #[cfg(target_os = "linux")]
    fn locked_kib_of_mapping(address: usize) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((start, end)) = range.split_once('-')
                && let (Ok(start), Ok(end)) = (
                    usize::from_str_radix(start, 16),
                    usize::from_str_radix(end, 16),
                )
            {
                inside = (start..end).contains(&address);
                continue;
            }
            if inside && let Some(kib) = line.strip_prefix("Locked:") {
                return kib.trim().trim_end_matches(" kB").trim().parse().unwrap();
            }
        }
        0
    }

    #[test]
    fn short_passphrases_are_refused_with_advice() {
        let err = Passphrase::from_str_copy("short").check_new().unwrap_err();
        assert!(err.to_string().contains("at least 8 characters"));
        assert!(
            Passphrase::from_str_copy("long enough words")
                .check_new()
                .is_ok()
        );
    }
}
