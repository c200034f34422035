//! The brand's side as a small library: keys as JWK files, signing requests from a spec,
//! verifying grants and revocations, countersigning receipts. The `tessera brand-kit` commands
//! are a thin face on it.
//!
//! Specs, keys and grants come from files a brand may not control; numbers in them are
//! range-checked, never trusted in arithmetic.
#![deny(clippy::arithmetic_side_effects)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::formats::{self, Binding, GrantClaims, ReceiptClaims};
use crate::jws::{self, JwsError, SigningKey};

/// A private Ed25519 JWK (RFC 8037), as a brand keeps its key.
#[derive(Serialize, Deserialize)]
pub struct PrivateJwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub d: String,
}

impl std::fmt::Debug for PrivateJwk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // not words: Debug output, for programmers
        write!(f, "PrivateJwk(x={}, d=<redacted>)", self.x)
    }
}

/// A new brand key, and its private JWK to store.
pub fn generate_key() -> Result<(SigningKey, Zeroizing<String>), JwsError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    SystemRandom::new()
        .fill(&mut seed[..])
        .map_err(|_| JwsError::Malformed(tessera_text::text!("error-token-malformed-random")))?;
    let key = SigningKey::from_seed(&seed);
    let jwk = PrivateJwk {
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        x: key.jwk().x,
        d: B64.encode(&seed[..]),
    };
    let text = Zeroizing::new(serde_json::to_string_pretty(&jwk).expect("serializes") + "\n");
    Ok((key, text))
}

/// Loads a brand key from its private JWK; checks that `x` matches `d`.
pub fn load_key(text: &str) -> Result<SigningKey, JwsError> {
    let jwk: PrivateJwk = serde_json::from_str(text).map_err(|e| {
        JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-not-private-jwk",
            reason = e.to_string()
        ))
    })?;
    if jwk.kty != "OKP" || jwk.crv != "Ed25519" {
        return Err(JwsError::BadKey);
    }
    let seed = Zeroizing::new(B64.decode(&jwk.d).map_err(|_| JwsError::BadKey)?);
    let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| JwsError::BadKey)?;
    let key = SigningKey::from_seed(seed);
    if key.jwk().x != jwk.x {
        return Err(JwsError::InvalidClaim {
            claim: "x",
            reason: tessera_text::text!("error-token-claim-key-mismatch"),
        });
    }
    Ok(key)
}

/// How long a request from a spec is valid unless it says `valid_seconds`: 30 days.
pub const DEFAULT_REQUEST_SECONDS: i64 = 30 * 24 * 3600;

/// Signs a request from a JSON spec: every request claim except `iat`/`exp`, plus optional
/// `valid_seconds` (default 30 days) and optional `jti` (default a random one).
pub fn request_from_spec(key: &SigningKey, spec: &str, now: i64) -> Result<String, JwsError> {
    let mut value: serde_json::Value = serde_json::from_str(spec).map_err(|e| {
        JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-spec-not-json",
            reason = e.to_string()
        ))
    })?;
    let obj = value.as_object_mut().ok_or_else(|| {
        JwsError::Malformed(tessera_text::text!("error-token-malformed-spec-not-object"))
    })?;
    let valid = match obj.remove("valid_seconds") {
        None => DEFAULT_REQUEST_SECONDS,
        Some(v) => v
            .as_i64()
            .filter(|s| (1..=formats::MAX_REQUEST_SECONDS).contains(s))
            .ok_or_else(|| JwsError::InvalidClaim {
                claim: "valid_seconds",
                reason: tessera_text::text!(
                    "error-token-claim-valid-seconds",
                    max = formats::MAX_REQUEST_SECONDS.to_string()
                ),
            })?,
    };
    if !obj.contains_key("jti") {
        let mut id = [0u8; 12];
        SystemRandom::new().fill(&mut id).map_err(|_| {
            JwsError::Malformed(tessera_text::text!("error-token-malformed-no-randomness"))
        })?;
        obj.insert(
            "jti".into(),
            serde_json::json!(format!("req-{}", B64.encode(id))),
        );
    }
    obj.insert("iat".into(), serde_json::json!(now));
    // Both are set again by `sign_request`; present here so that the claims parse.
    obj.insert("exp".into(), serde_json::json!(now.saturating_add(valid)));
    let claims = serde_json::from_value(value).map_err(|e| JwsError::InvalidClaim {
        claim: "spec",
        reason: e.to_string(),
    })?;
    formats::sign_request(key, claims, now, valid)
}

/// Countersigns a grant: verifies it first (for `aud`), then signs a receipt accepting its terms.
pub fn receipt_for(
    key: &SigningKey,
    grant_token: &str,
    aud: &str,
    now: i64,
) -> Result<String, JwsError> {
    let grant: GrantClaims = formats::verify_grant(grant_token, aud, None, now)?;
    let mut id = [0u8; 12];
    SystemRandom::new().fill(&mut id).map_err(|_| {
        JwsError::Malformed(tessera_text::text!("error-token-malformed-no-randomness"))
    })?;
    Ok(formats::sign_receipt(
        key,
        &ReceiptClaims {
            iss: grant.aud.clone(),
            aud: grant.sub.clone(),
            jti: format!("receipt-{}", B64.encode(id)),
            iat: now,
            grant: Binding {
                jti: grant.jti.clone(),
                hash: jws::token_hash(grant_token),
            },
            accepted_terms: serde_json::to_value(&grant.terms).expect("terms serialize"),
        },
    ))
}
