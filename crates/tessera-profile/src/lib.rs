//! The profile a person keeps, and what each brand may see of it.
//!
//! - [`catalogue`]: field names (OIDC claims and Tessera's own), categories, sensitivities.
//! - [`validate`]: normalizing and checking values.
//! - [`countries`]: country names and codes to ISO 3166-1 alpha-2 (a table from Unicode CLDR).
//! - [`forms`]: disclosure forms (age over 18, country only, email alias...).
//! - [`brand`]: brand identifiers.
//! - [`store`]: values, brands and rules in the vault; default deny.
//!
//! Never imports `tauri`; dates are passed in.
#![forbid(unsafe_code)]

pub mod brand;
pub mod catalogue;
pub mod countries;
mod error;
pub mod forms;
pub mod interchange;
pub mod model;
pub mod store;
pub mod terms;
pub mod validate;

pub use brand::BrandId;
pub use error::{ProfileError, Result};
