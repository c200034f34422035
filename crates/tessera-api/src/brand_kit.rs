//! The brand kit (what a brand runs to make requests and check answers) as the CLI's
//! `tessera brand-kit` calls it: files read bounded, the brand's private key read into memory
//! that is wiped, and errors as `ApiError`s. No vault, no session.
//!
//! Requests and receipts are written, unless the brand names a file, to `ID.tessera-request`
//! and `ID.tessera-receipt` ([`default_file`]), which the person's desktop opens in Tessera.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::brandkit;
use tessera_exchange::documents::OpenableKind;
use tessera_exchange::formats::{self, GrantClaims, RequestClaims, RevocationClaims};
use tessera_exchange::jws::PublicJwk;
use zeroize::Zeroizing;

use crate::ApiError;
use crate::exchange::read_token_file;

/// A brand's private key file is a small JWK; anything larger is not one.
pub const MAX_KEY_BYTES: u64 = 16 * 1024;
/// A request spec is JSON of the request's claims, which fit in a token.
pub const MAX_SPEC_BYTES: u64 = crate::exchange::MAX_TOKEN_BYTES;

/// A new brand key: what the brand publishes (the secret half is only in the file).
#[derive(Debug, Clone, Serialize)]
pub struct NewKey {
    pub fingerprint: String,
    pub public_jwk: PublicJwk,
}

/// Reads a small file into memory that is wiped when dropped (the buffer is allocated once, so
/// no copy is left behind by growing it).
/// What a secret file should be, for the words that refuse it.
#[derive(Clone, Copy)]
enum Secret {
    Key,
    Spec,
}

fn read_secret(path: &Path, limit: u64, what: Secret) -> Result<Zeroizing<String>, ApiError> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(
        usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX),
    ));
    let source = path.display().to_string();
    let too_large = || {
        let (source, limit) = (source.clone(), limit.to_string());
        ApiError::invalid_input(match what {
            Secret::Key => {
                tessera_text::text!("api-brand-key-too-large", source = source, limit = limit)
            }
            Secret::Spec => {
                tessera_text::text!("api-request-spec-too-large", source = source, limit = limit)
            }
        })
    };
    crate::files::read_limited_into(
        crate::files::open(path)?,
        limit,
        &source,
        too_large,
        &mut bytes,
    )?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        let source = source.clone();
        ApiError::invalid_input(match what {
            Secret::Key => tessera_text::text!("api-brand-key-not-text", source = source),
            Secret::Spec => tessera_text::text!("api-request-spec-not-text", source = source),
        })
    })?;
    Ok(Zeroizing::new(text.to_owned()))
}

/// The file a brand's tool writes a document of `kind` to unless told otherwise: `ID.<its
/// extension>` in the current folder (so that it opens in Tessera), the id kept to letters,
/// digits, `-`, `_` and inner dots (anything else becomes `_`; at most 64 characters).
pub fn default_file(id: &str, kind: OpenableKind) -> PathBuf {
    let mut name: String = id
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    name = name.trim_matches('.').to_owned();
    if name.is_empty() {
        name = "document".to_owned();
    }
    PathBuf::from(format!("{name}.{}", kind.openable().extension))
}

/// A grant's `jti`, read but NOT verified, to name the receipt's file (the receipt is only
/// written once the grant verified).
pub fn grant_id(grant: &str) -> Option<String> {
    tessera_exchange::jws::peek_payload::<serde_json::Value>(grant)?
        .get("jti")?
        .as_str()
        .map(str::to_owned)
}

/// Makes a new brand key and writes it to `out`, never over an existing file.
pub fn keygen(out: &Path) -> Result<NewKey, ApiError> {
    if out.exists() {
        return Err(ApiError::invalid_input(tessera_text::text!(
            "api-brand-key-exists",
            path = out.display().to_string()
        )));
    }
    let (key, text) = brandkit::generate_key()?;
    tessera_vault::files::write_file_atomically(out, text.as_bytes())?;
    Ok(NewKey {
        fingerprint: key.jwk().thumbprint(),
        public_jwk: key.jwk(),
    })
}

/// Signs the request described by the spec file with the key file; the token and its claims.
pub fn sign_request(
    key: &Path,
    spec: &Path,
    now: Timestamp,
) -> Result<(String, RequestClaims), ApiError> {
    let key = brandkit::load_key(&read_secret(key, MAX_KEY_BYTES, Secret::Key)?)?;
    let spec = read_secret(spec, MAX_SPEC_BYTES, Secret::Spec)?;
    let token = brandkit::request_from_spec(&key, &spec, now.as_second())?;
    let claims = formats::verify_request(&token, now.as_second())?.claims;
    Ok((token, claims))
}

/// Checks a person's grant for `aud`, and against the request it answers when given.
pub fn verify_grant(
    grant: &str,
    aud: &str,
    request: Option<&Path>,
    now: Timestamp,
) -> Result<GrantClaims, ApiError> {
    let request = request.map(read_token_file).transpose()?;
    Ok(formats::verify_grant(
        grant,
        aud,
        request.as_deref().map(str::trim),
        now.as_second(),
    )?)
}

/// Countersigns a person's grant with the brand's key file: the receipt to send back.
pub fn receipt(key: &Path, grant: &str, aud: &str, now: Timestamp) -> Result<String, ApiError> {
    let key = brandkit::load_key(&read_secret(key, MAX_KEY_BYTES, Secret::Key)?)?;
    Ok(brandkit::receipt_for(&key, grant, aud, now.as_second())?)
}

/// Checks a person's revocation for `aud`, and against the grant it revokes when given.
pub fn verify_revocation(
    revocation: &str,
    aud: &str,
    grant: Option<&str>,
    now: Timestamp,
) -> Result<RevocationClaims, ApiError> {
    Ok(formats::verify_revocation(
        revocation,
        aud,
        grant.map(str::trim),
        now.as_second(),
    )?)
}

/// Checks a person's letter for `aud`, and that it was signed by the key of `grant` and names
/// it, when given.
pub fn verify_letter(
    letter: &str,
    aud: &str,
    grant: Option<&str>,
    now: Timestamp,
) -> Result<formats::LetterClaims, ApiError> {
    Ok(formats::verify_letter(
        letter,
        aud,
        grant.map(str::trim),
        now.as_second(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_read_bounded_and_must_be_text() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.jwk");
        std::fs::write(&big, vec![b'{'; MAX_KEY_BYTES as usize + 1]).unwrap();
        let err = read_secret(&big, MAX_KEY_BYTES, Secret::Key).unwrap_err();
        assert_eq!(err.code, crate::ApiErrorCode::InvalidInput);
        assert!(err.message.contains("it is not a brand key"), "{err:?}");

        let binary = dir.path().join("binary.jwk");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
        let err = read_secret(&binary, MAX_KEY_BYTES, Secret::Key).unwrap_err();
        assert!(err.message.contains("is not text"), "{err:?}");

        let err = read_secret(&dir.path().join("gone"), MAX_KEY_BYTES, Secret::Key).unwrap_err();
        assert_eq!(err.code, crate::ApiErrorCode::MissingInput);
    }

    #[test]
    fn a_new_key_signs_a_request_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("brand.jwk");
        let made = keygen(&key).unwrap();
        let err = keygen(&key).unwrap_err();
        assert!(err.message.contains("refusing to overwrite"), "{err:?}");
        let spec = dir.path().join("spec.json");
        std::fs::write(
            &spec,
            serde_json::json!({
                "iss": "https://shop.example",
                "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
                "fields": [{"name": "email", "form": "raw", "purposes": ["orders"], "required": true}],
                "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 30, "third_parties": false, "profiling": false}],
                "reply": {"method": "file"}
            })
            .to_string(),
        )
        .unwrap();
        let now = Timestamp::from_second(1_795_000_000).unwrap();
        let (token, claims) = sign_request(&key, &spec, now).unwrap();
        assert_eq!(claims.iss, "https://shop.example");
        let signer = formats::verify_request(&token, now.as_second())
            .unwrap()
            .key;
        assert_eq!(signer.thumbprint(), made.fingerprint);
    }

    #[test]
    fn default_files_are_named_by_id_with_the_kind_extension() {
        for (id, kind, name) in [
            ("shop-1", OpenableKind::Request, "shop-1.tessera-request"),
            ("g.2026", OpenableKind::Receipt, "g.2026.tessera-receipt"),
            (
                "../../etc/passwd",
                OpenableKind::Request,
                "_.._etc_passwd.tessera-request",
            ),
            ("a/b\\c d", OpenableKind::Receipt, "a_b_c_d.tessera-receipt"),
            ("", OpenableKind::Request, "document.tessera-request"),
            ("...", OpenableKind::Request, "document.tessera-request"),
        ] {
            assert_eq!(default_file(id, kind), PathBuf::from(name), "{id:?}");
        }
        let long = default_file(&"x".repeat(500), OpenableKind::Request);
        assert_eq!(long.to_str().unwrap().len(), 64 + ".tessera-request".len());
    }
}
