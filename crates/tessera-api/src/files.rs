//! Reading files the person hands to Tessera (tokens, profile cards): bounded, so a huge or
//! endless file is refused without being read whole. The one reader both faces use.

use std::io::Read as _;
use std::path::Path;

use crate::{ApiError, ApiErrorCode};

/// Reads at most `limit` bytes from `reader`; one byte more gives `too_large()`, without
/// reading further. `source` names it in an I/O error.
pub fn read_limited(
    reader: impl std::io::Read,
    limit: u64,
    source: &str,
    too_large: impl FnOnce() -> ApiError,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    read_limited_into(reader, limit, source, too_large, &mut bytes)?;
    Ok(bytes)
}

/// [`read_limited`] into a buffer the caller owns: a secret is read into one allocated for
/// the limit and wiped on drop, so growing it leaves no copy behind.
pub fn read_limited_into(
    reader: impl std::io::Read,
    limit: u64,
    source: &str,
    too_large: impl FnOnce() -> ApiError,
    bytes: &mut Vec<u8>,
) -> Result<(), ApiError> {
    reader
        .take(limit.saturating_add(1))
        .read_to_end(bytes)
        .map_err(|e| {
            ApiError::new(
                ApiErrorCode::Io,
                tessera_text::text!(
                    "api-cannot-read",
                    source = source.to_owned(),
                    reason = e.to_string()
                ),
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(())
}

/// Opens `path`: a missing or unreadable file is `missing_input`, naming it.
pub fn open(path: &Path) -> Result<std::fs::File, ApiError> {
    std::fs::File::open(path).map_err(|e| {
        ApiError::missing_input(tessera_text::text!(
            "api-cannot-read",
            source = path.display().to_string(),
            reason = e.to_string()
        ))
    })
}

/// A profile file (vCard, JSContact) for import: its name (what the preview and provenance
/// show) and its bytes, at most [`tessera_profile::interchange::MAX_IMPORT_BYTES`].
pub fn read_profile_file(path: &Path) -> Result<(String, Vec<u8>), ApiError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let limit = tessera_profile::interchange::MAX_IMPORT_BYTES as u64;
    let bytes = read_limited(open(path)?, limit, &path.display().to_string(), || {
        ApiError::invalid_input(tessera_text::text!(
            "api-profile-file-too-large",
            name = name.clone(),
            limit = limit.to_string()
        ))
    })?;
    Ok((name, bytes))
}

/// Writes text the person asked to save (a token, an export) to `path` atomically (a crash
/// leaves the old file or the whole new one), ending in a newline. The one writer both faces use.
pub fn write_text(path: &Path, text: &str) -> Result<(), ApiError> {
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(text.len() + 1));
    bytes.extend_from_slice(text.as_bytes());
    if !text.ends_with('\n') {
        bytes.push(b'\n');
    }
    Ok(tessera_vault::files::write_file_atomically(path, &bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_one_byte_over_the_limit_is_refused_and_one_at_it_is_read() {
        let at = vec![b'a'; 8];
        assert_eq!(
            read_limited(&at[..], 8, "x", || ApiError::invalid_input("big")).unwrap(),
            at
        );
        let over = [b'a'; 9];
        let e = read_limited(&over[..], 8, "x", || ApiError::invalid_input("big")).unwrap_err();
        assert_eq!(e.message, "big");
        // An endless source is not read past the limit.
        let e = read_limited(std::io::repeat(b'a'), 8, "x", || {
            ApiError::invalid_input("big")
        })
        .unwrap_err();
        assert_eq!(e.code, ApiErrorCode::InvalidInput);
    }

    #[test]
    fn a_profile_file_is_named_by_its_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ada.vcf");
        std::fs::write(&path, b"BEGIN:VCARD").unwrap();
        let (name, bytes) = read_profile_file(&path).unwrap();
        assert_eq!(
            (name.as_str(), bytes.as_slice()),
            ("ada.vcf", &b"BEGIN:VCARD"[..])
        );
        let e = read_profile_file(&dir.path().join("nope.vcf")).unwrap_err();
        assert_eq!(e.code, ApiErrorCode::MissingInput);
        assert!(e.message.contains("cannot read"), "{}", e.message);
    }
}
