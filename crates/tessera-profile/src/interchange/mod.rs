//! Profile import and export: vCard 4 (RFC 6350) and JSContact (RFC 9553).
//!
//! Import is two steps. [`plan_import`] parses and validates the whole file and compares it
//! with the profile, changing nothing; it fails on the first malformed line (vCard) or member
//! (JSContact), naming it. [`apply_import`] then writes every change in one atomic batch.
//!
//! Files are hostile until proven otherwise: no byte-index slicing of their text, and no
//! arithmetic that could overflow.
#![deny(clippy::arithmetic_side_effects)]

mod jscontact;
mod vcard;

use jiff::civil::Date;
use tessera_vault::Vault;

use crate::catalogue::{self, Sensitivity};
use crate::model::{CUSTOM_PREFIX, ProfileValue, Provenance, Value};
use crate::store::{self, CustomSpec, SetValue};
use crate::validate::validate;
use crate::{ProfileError, Result};

use jscontact::export_jscontact;
pub use jscontact::parse_jscontact;
use vcard::export_vcard;
pub use vcard::parse_vcard;

/// Files larger than this are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    VCard,
    JsContact,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s {
            "vcard" => Ok(Format::VCard),
            "jscontact" => Ok(Format::JsContact),
            other => Err(ProfileError::InvalidInput(format!(
                "unknown format {other:?}; use vcard or jscontact"
            ))),
        }
    }
}

/// One value read from a file, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub field: String,
    pub input: String,
    pub label: Option<String>,
    pub primary: bool,
    pub custom: Option<(String, String)>,
    /// Where it was in the file: `line 7` or `/emails/e1/address`.
    pub origin: String,
}

/// What a parser returns: values to import, and what it read but does not import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub values: Vec<Incoming>,
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Add,
    Replace { old: String },
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedChange {
    pub field: String,
    pub label: Option<String>,
    pub value: String,
    pub action: Action,
    pub origin: String,
    incoming: Incoming,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub file: String,
    pub format: Format,
    pub changes: Vec<PlannedChange>,
    pub skipped: Vec<String>,
}

impl ImportPlan {
    pub fn count(&self, want: fn(&Action) -> bool) -> usize {
        self.changes.iter().filter(|c| want(&c.action)).count()
    }
}

/// Detects the format from the content: `BEGIN:VCARD` or a JSON object.
pub fn detect(bytes: &[u8]) -> Result<Format> {
    detect_text(utf8_text(bytes)?)
}

fn utf8_text(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        ProfileError::InvalidInput(format!(
            "the file is not UTF-8 text (byte {})",
            e.valid_up_to()
        ))
    })
}

fn detect_text(text: &str) -> Result<Format> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    // Compared as bytes: the 11th byte of a hostile file may fall inside a character, where
    // slicing the `str` would panic.
    if start
        .as_bytes()
        .get(..11)
        .is_some_and(|head| head.eq_ignore_ascii_case(b"BEGIN:VCARD"))
    {
        Ok(Format::VCard)
    } else if start.starts_with('{') {
        Ok(Format::JsContact)
    } else {
        Err(ProfileError::InvalidInput(
            "this is neither a vCard (BEGIN:VCARD) nor a JSContact card (a JSON object)".into(),
        ))
    }
}

fn located(origin: &str, e: &ProfileError) -> ProfileError {
    ProfileError::InvalidInput(format!("{origin}: {e}"))
}

/// Parses and validates `bytes`, and compares them with the profile. Writes nothing.
pub fn plan_import(vault: &Vault, file: &str, bytes: &[u8], today: Date) -> Result<ImportPlan> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ProfileError::InvalidInput(format!(
            "{file} is {} bytes; the limit for a profile file is {MAX_IMPORT_BYTES}",
            bytes.len()
        )));
    }
    let text = utf8_text(bytes)?;
    let format = detect_text(text)?;
    let parsed = match format {
        Format::VCard => parse_vcard(text)?,
        Format::JsContact => parse_jscontact(text)?,
    };
    let existing = store::list_values(vault)?;
    let mut changes = Vec::new();
    for incoming in parsed.values {
        let value = validate_incoming(&incoming, today)?;
        let old = existing.iter().find(|v| {
            v.field == incoming.field
                && (v.label == incoming.label
                    || !catalogue::lookup(&incoming.field).is_some_and(|d| d.multiple))
        });
        let action = match old {
            Some(old) if old.value == value => Action::Unchanged,
            Some(old) => Action::Replace {
                old: old.value.display(),
            },
            None => Action::Add,
        };
        changes.push(PlannedChange {
            field: incoming.field.clone(),
            label: incoming.label.clone(),
            value: value.display(),
            action,
            origin: incoming.origin.clone(),
            incoming,
        });
    }
    Ok(ImportPlan {
        file: file.to_owned(),
        format,
        changes,
        skipped: parsed.skipped,
    })
}

fn validate_incoming(incoming: &Incoming, today: Date) -> Result<Value> {
    let kind = if let Some(def) = catalogue::lookup(&incoming.field) {
        if incoming.label.is_some() && !def.multiple {
            return Err(located(
                &incoming.origin,
                &ProfileError::NotMultiple {
                    field: incoming.field.clone(),
                },
            ));
        }
        def.kind
    } else if incoming.field.starts_with(CUSTOM_PREFIX) {
        crate::model::check_custom_name(&incoming.field)
            .map_err(|e| located(&incoming.origin, &e))?;
        if let Some((_, sensitivity)) = &incoming.custom
            && Sensitivity::parse(sensitivity).is_none()
        {
            return Err(located(
                &incoming.origin,
                &ProfileError::InvalidInput(format!("unknown sensitivity {sensitivity:?}")),
            ));
        }
        catalogue::ValueKind::Text
    } else {
        return Err(located(
            &incoming.origin,
            &ProfileError::UnknownField(incoming.field.clone()),
        ));
    };
    validate(&incoming.field, kind, &incoming.input, None, today)
        .map_err(|e| located(&incoming.origin, &e))
}

/// Writes every change of the plan (except unchanged values) in one atomic batch.
pub fn apply_import(vault: &mut Vault, plan: &ImportPlan, today: Date) -> Result<usize> {
    let file = plan.file.clone();
    vault.atomically(|v| {
        let mut written: usize = 0;
        for change in plan
            .changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
        {
            let incoming = &change.incoming;
            let custom = incoming
                .custom
                .as_ref()
                .map(|(label, sensitivity)| CustomSpec {
                    label: Some(label.clone()),
                    category: None,
                    sensitivity: Sensitivity::parse(sensitivity),
                });
            store::set_value(
                v,
                SetValue {
                    field: &incoming.field,
                    input: &incoming.input,
                    label: incoming.label.as_deref(),
                    primary: incoming.primary,
                    region: None,
                    custom,
                    provenance: Provenance::Imported {
                        file: file.clone(),
                        on: today,
                    },
                },
                today,
            )
            .map_err(|e| located(&incoming.origin, &e))?;
            written = written.saturating_add(1);
        }
        Ok(written)
    })
}

/// The person's values with what the exporters need to know about each field.
pub(crate) struct Exportable {
    pub values: Vec<ProfileValue>,
}

impl Exportable {
    pub fn load(vault: &Vault) -> Result<Exportable> {
        Ok(Exportable {
            values: store::list_values(vault)?,
        })
    }

    pub fn first(&self, field: &str) -> Option<&ProfileValue> {
        self.values.iter().find(|v| v.field == field)
    }

    pub fn all<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a ProfileValue> + 'a {
        self.values.iter().filter(move |v| v.field == field)
    }
}

/// Fields the standard properties of both formats carry; every other catalogue field travels
/// as a Tessera extension.
pub(crate) const STANDARD_FIELDS: &[&str] = &[
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "email",
    "phone_number",
    "website",
    "address",
    "birthdate",
    "gender",
    "locale",
    "zoneinfo",
    "language",
];

/// Exports the profile. `uid` names this export in JSContact (`urn:uuid:...`).
pub fn export(vault: &Vault, format: Format, uid: &str) -> Result<String> {
    let data = Exportable::load(vault)?;
    Ok(match format {
        Format::VCard => export_vcard(&data),
        Format::JsContact => export_jscontact(&data, uid),
    })
}
