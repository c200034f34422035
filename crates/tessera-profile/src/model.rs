//! Profile values, brands and rules as stored (inside sealed entries) and used.
//!
//! The serde derives here define the stored record format (`"v": 1`), documented in
//! `docs/fields.md`; they are not an IPC format.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, Category, FieldDef, Sensitivity};
use crate::forms::FormKind;
use crate::{ProfileError, Result};

/// A postal address, with OpenID Connect's member names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, uppercase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    pub fn one_line(&self) -> String {
        [
            &self.street_address,
            &self.postal_code,
            &self.locality,
            &self.region,
            &self.country,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    Address(Address),
}

impl Value {
    pub fn display(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Address(a) => a.one_line(),
        }
    }
}

/// Where a value came from. Tessera never infers or enriches: every value has one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Provenance {
    Entered { on: Date },
    Imported { file: String, on: Date },
}

impl Provenance {
    pub fn describe(&self) -> String {
        match self {
            Provenance::Entered { on } => {
                tessera_text::text!("interchange-provenance-entered", on = on.to_string())
            }
            Provenance::Imported { file, on } => tessera_text::text!(
                "interchange-provenance-imported",
                file = file.clone(),
                on = on.to_string()
            ),
        }
    }
}

/// A user-defined field. Its name is `custom.<slug>`; the person classifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub label: String,
    pub category: String,
    pub sensitivity: String,
}

/// One stored value of one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileValue {
    pub v: u8,
    pub field: String,
    pub value: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub primary: bool,
    pub provenance: Provenance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom: Option<CustomField>,
}

/// What Tessera knows about a field: the catalogue's definition, or a custom field's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: String,
    pub label: String,
    pub category: Category,
    pub sensitivity: Sensitivity,
    pub multiple: bool,
    pub forms: Vec<FormKind>,
    pub custom: bool,
}

impl FieldInfo {
    pub fn from_def(def: &FieldDef) -> Self {
        FieldInfo {
            name: def.name.to_owned(),
            label: def.label(),
            category: def.category,
            sensitivity: def.sensitivity,
            multiple: def.multiple,
            forms: def.forms.to_vec(),
            custom: false,
        }
    }

    pub fn from_custom(name: &str, custom: &CustomField) -> Result<Self> {
        Ok(FieldInfo {
            name: name.to_owned(),
            label: custom.label.clone(),
            category: Category::parse(&custom.category)
                .ok_or_else(|| ProfileError::CorruptStoredRecord(name.to_owned()))?,
            sensitivity: Sensitivity::parse(&custom.sensitivity)
                .ok_or_else(|| ProfileError::CorruptStoredRecord(name.to_owned()))?,
            multiple: true,
            forms: catalogue::CUSTOM_FORMS.to_vec(),
            custom: true,
        })
    }
}

pub const CUSTOM_PREFIX: &str = "custom.";

/// The longest name a custom field has after [`CUSTOM_PREFIX`].
pub const MAX_CUSTOM_NAME_CHARS: usize = 48;

/// Checks a custom field name: `custom.` then 1 to 48 of `a-z`, `0-9`, `_`.
pub fn check_custom_name(name: &str) -> Result<()> {
    let slug = name.strip_prefix(CUSTOM_PREFIX).unwrap_or("");
    let ok = !slug.is_empty()
        && slug.len() <= MAX_CUSTOM_NAME_CHARS
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ProfileError::InvalidValue {
            field: name.to_owned(),
            reason: tessera_text::text!(
                "error-profile-value-custom-name",
                prefix = CUSTOM_PREFIX,
                max = MAX_CUSTOM_NAME_CHARS.to_string()
            ),
        })
    }
}

/// A brand's request-signing key, pinned when its first request arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedKey {
    /// The Ed25519 public key, base64url (the JWK `x`).
    pub x: String,
    /// RFC 7638 thumbprint: what a person compares with the brand.
    pub thumbprint: String,
    pub pinned_on: Date,
}

/// A brand the person knows about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brand {
    pub v: u8,
    pub id: String,
    pub name: String,
    pub added_on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<PinnedKey>,
}

/// Whether one brand may see one field, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub v: u8,
    pub brand: String,
    pub field: String,
    pub allowed: bool,
    pub form: String,
    /// Last day (inclusive) on which the rule allows anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The special category the person confirmed, for sensitive fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_category: Option<String>,
    pub updated_on: Date,
}

impl Rule {
    /// Allowed today? Denied rules and expired rules allow nothing.
    pub fn allows_on(&self, today: Date) -> bool {
        self.allowed && self.until.is_none_or(|until| today <= until)
    }
}
