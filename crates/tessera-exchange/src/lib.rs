//! Signed exchange between a person and a brand, as JWS compact serialization (RFC 7515) with
//! Ed25519 (RFC 8037): requests (brand -> person), grants (person -> brand), receipts (brand ->
//! person) and revocations (person -> brand). Formats are documented in `docs/formats/`.
//!
//! Verification never trusts the header's algorithm: anything but Ed25519 is refused before
//! the signature is looked at. Nothing here reads the clock; times are passed in.
#![forbid(unsafe_code)]

pub mod aliases;
pub mod approval;
pub mod brandkit;
pub mod changes;
pub mod complaints;
pub mod conflicts;
pub mod documents;
pub mod formats;
pub mod jws;
pub mod ledger;
pub mod letters;
pub mod person;
pub mod records;
pub mod retention;

pub use jws::{JwsError, SigningKey, VerifiedJws};
