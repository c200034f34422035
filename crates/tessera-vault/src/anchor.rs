//! The rollback anchor: what this computer last saw of a vault, kept outside the vault folder.
//!
//! A complete older copy of `vault.db` (or of the whole folder) is internally consistent, so
//! nothing inside the folder can reveal it. The anchor records, per vault id, the generation and
//! a fingerprint of the integrity state this computer last committed, in the platform's state
//! folder (`~/.local/state/org.tessera.vault/anchors` on Linux), where a synced or restored
//! vault folder cannot carry it back. It is authenticated with a key derived from the vault's
//! identity seed, which survives passphrase changes, so an older copy made before a
//! passphrase change is caught too.
//!
//! File `<vault id hex>.anchor`, text, one `name value` per line:
//!
//! ```text
//! tessera-anchor 1
//! vault 3f0c...(32 hex)
//! generation 42
//! state 9a1b...(64 hex, SHA-256 of the integrity state)
//! mac 77e0...(64 hex, HMAC-SHA256 of the lines above, newlines included)
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use ring::hmac;

use crate::secret::KeyBytes;
use crate::{IoAction, Result, VaultError, hex};

// not words: the anchor file's format (docs/vault-format.md)
const MAGIC_LINE: &str = "tessera-anchor 1";
/// Anchor files are a few hundred bytes; anything larger is not one.
const MAX_LEN: u64 = 4096;

/// Where anchors live: a folder outside every vault folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorDir(pub PathBuf);

/// What an anchor says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub generation: u64,
    pub state: [u8; 32],
}

/// What reading the anchor found, before it is compared with the vault.
#[derive(Debug)]
pub(crate) enum Found {
    Missing,
    /// Present but its MAC or shape is wrong (damaged, or written by someone without the key).
    Unreadable,
    Valid(Anchor),
}

impl AnchorDir {
    pub fn path_for(&self, vault_id: &[u8; 16]) -> PathBuf {
        self.0.join(format!("{}.anchor", hex(vault_id)))
    }

    /// Whether an anchor exists for this vault (no key needed; not authenticated).
    pub fn has_anchor(&self, vault_id: &[u8; 16]) -> bool {
        self.path_for(vault_id).is_file()
    }

    pub(crate) fn read(&self, vault_id: &[u8; 16], key: &KeyBytes) -> Result<Found> {
        use std::io::Read;
        let path = self.path_for(vault_id);
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
            Err(e) => return Err(VaultError::io(IoAction::Read, &path, e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_LEN + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| VaultError::io(IoAction::Read, &path, e))?;
        Ok(parse(&bytes, vault_id, key).map_or(Found::Unreadable, Found::Valid))
    }

    pub(crate) fn write(&self, vault_id: &[u8; 16], key: &KeyBytes, anchor: Anchor) -> Result<()> {
        create_private_dir_all(&self.0)?;
        crate::files::write_file_atomically(
            &self.path_for(vault_id),
            &encode(vault_id, key, anchor),
        )
    }
}

// not words: the anchor file's format (docs/vault-format.md)
fn body(vault_id: &[u8; 16], anchor: Anchor) -> String {
    format!(
        "{MAGIC_LINE}\nvault {}\ngeneration {}\nstate {}\n",
        hex(vault_id),
        anchor.generation,
        hex(&anchor.state)
    )
}

// not words: the anchor file's format (docs/vault-format.md)
fn encode(vault_id: &[u8; 16], key: &KeyBytes, anchor: Anchor) -> Vec<u8> {
    let body = body(vault_id, anchor);
    let mac = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, key.expose()),
        body.as_bytes(),
    );
    format!("{body}mac {}\n", hex(mac.as_ref())).into_bytes()
}

fn parse(bytes: &[u8], vault_id: &[u8; 16], key: &KeyBytes) -> Option<Anchor> {
    let text = std::str::from_utf8(bytes).ok()?;
    let (body, mac_line) = text.rsplit_once("mac ")?;
    let mac = unhex(mac_line.strip_suffix('\n')?)?;
    hmac::verify(
        &hmac::Key::new(hmac::HMAC_SHA256, key.expose()),
        body.as_bytes(),
        &mac,
    )
    .ok()?;
    let mut lines = body.lines();
    if lines.next()? != MAGIC_LINE {
        return None;
    }
    if unhex(lines.next()?.strip_prefix("vault ")?)? != vault_id {
        return None;
    }
    let generation = lines.next()?.strip_prefix("generation ")?.parse().ok()?;
    let state: [u8; 32] = unhex(lines.next()?.strip_prefix("state ")?)?
        .try_into()
        .ok()?;
    let anchor = Anchor { generation, state };
    // Canonical form only: what we would have written, byte for byte.
    (encode(vault_id, key, anchor) == bytes).then_some(anchor)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

pub(crate) fn create_private_dir_all(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| VaultError::io(IoAction::Create, dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_any_edit_is_unreadable() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = AnchorDir(tmp.path().join("anchors"));
        let key = KeyBytes::from_slice(&[3; 32]).unwrap();
        let id = [9u8; 16];
        assert!(matches!(dir.read(&id, &key).unwrap(), Found::Missing));
        let anchor = Anchor {
            generation: 12,
            state: [5; 32],
        };
        dir.write(&id, &key, anchor).unwrap();
        assert!(matches!(dir.read(&id, &key).unwrap(), Found::Valid(a) if a == anchor));
        let other_key = KeyBytes::from_slice(&[4; 32]).unwrap();
        assert!(matches!(
            dir.read(&id, &other_key).unwrap(),
            Found::Unreadable
        ));

        let path = dir.path_for(&id);
        let good = fs::read(&path).unwrap();
        let edited = String::from_utf8(good.clone())
            .unwrap()
            .replace("generation 12", "generation 13");
        fs::write(&path, edited).unwrap();
        assert!(matches!(dir.read(&id, &key).unwrap(), Found::Unreadable));
        fs::write(&path, vec![0xff; 10_000]).unwrap();
        assert!(matches!(dir.read(&id, &key).unwrap(), Found::Unreadable));
        fs::write(&path, &good[..good.len() - 1]).unwrap();
        assert!(matches!(dir.read(&id, &key).unwrap(), Found::Unreadable));
    }
}
