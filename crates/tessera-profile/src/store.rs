//! Profile values, brands and rules in the vault. Each is one sealed entry holding a JSON
//! record (`model.rs`); plaintext columns only say which kind of entry it is.

use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tessera_vault::{EntryId, EntryKind, Vault};

use crate::brand::BrandId;
use crate::catalogue::{self, Category, Sensitivity, SpecialCategory};
use crate::forms::{DisclosureContext, FormKind, disclose};
use crate::model::{
    Brand, CUSTOM_PREFIX, CustomField, FieldInfo, PinnedKey, ProfileValue, Provenance, Rule,
    check_custom_name,
};
use crate::validate::validate;
use crate::{ProfileError, Result};

pub const VALUE_KIND: EntryKind = EntryKind::new("profile_value");
pub const BRAND_KIND: EntryKind = EntryKind::new("brand");
pub const RULE_KIND: EntryKind = EntryKind::new("rule");
/// The version every stored record carries in `"v"`.
pub const RECORD_VERSION: u8 = 1;

/// Records that carry their format version (`"v"`).
pub trait Versioned {
    fn version(&self) -> u8;
}

impl Versioned for ProfileValue {
    fn version(&self) -> u8 {
        self.v
    }
}

impl Versioned for Brand {
    fn version(&self) -> u8 {
        self.v
    }
}

impl Versioned for Rule {
    fn version(&self) -> u8 {
        self.v
    }
}

/// Opens every sealed record of `kind`: the one reader for Tessera's versioned JSON records
/// (profile, brands, rules, and the exchange's requests and grants).
pub fn load<T: DeserializeOwned + Versioned>(
    vault: &Vault,
    kind: EntryKind,
) -> Result<Vec<(EntryId, T)>> {
    vault
        .list_entries(kind)?
        .into_iter()
        .map(|(id, body)| {
            let corrupt =
                || ProfileError::CorruptStoredRecord(format!("{}#{}", kind.as_str(), id.0));
            let record: T = serde_json::from_slice(&body).map_err(|_| corrupt())?;
            // Records are versioned; a version this build does not know is refused, not guessed.
            if record.version() != RECORD_VERSION {
                return Err(corrupt());
            }
            Ok((id, record))
        })
        .collect()
}

fn encode(record: &impl Serialize) -> zeroize::Zeroizing<Vec<u8>> {
    zeroize::Zeroizing::new(serde_json::to_vec(record).expect("records always serialize"))
}

/// Seals a record as entry `id`, or as a new entry of `kind`.
pub fn save<T: Serialize>(
    vault: &mut Vault,
    kind: EntryKind,
    id: Option<EntryId>,
    record: &T,
) -> Result<EntryId> {
    let body = encode(record);
    Ok(match id {
        Some(id) => {
            vault.update_entry(id, &body)?;
            id
        }
        None => vault.insert_entry(kind, &body)?,
    })
}

/// A custom field's classification as the person gives it.
#[derive(Debug, Clone)]
pub struct CustomSpec {
    pub label: Option<String>,
    pub category: Option<Category>,
    pub sensitivity: Option<Sensitivity>,
}

/// A request to set one value.
#[derive(Debug, Clone)]
pub struct SetValue<'a> {
    pub field: &'a str,
    pub input: &'a str,
    pub label: Option<&'a str>,
    pub primary: bool,
    /// Country for phone numbers typed in national format.
    pub region: Option<&'a str>,
    pub custom: Option<CustomSpec>,
    pub provenance: Provenance,
}

/// Describes a field: from the catalogue, or from the stored values of a custom field.
pub fn field_info(values: &[ProfileValue], name: &str) -> Result<FieldInfo> {
    if let Some(def) = catalogue::lookup(name) {
        return Ok(FieldInfo::from_def(def));
    }
    if name.starts_with(CUSTOM_PREFIX) {
        check_custom_name(name)?;
        if let Some(custom) = values
            .iter()
            .find(|v| v.field == name)
            .and_then(|v| v.custom.as_ref())
        {
            return FieldInfo::from_custom(name, custom);
        }
    }
    Err(ProfileError::UnknownField(name.to_owned()))
}

fn check_label(label: Option<&str>) -> Result<Option<String>> {
    match label.map(str::trim) {
        None => Ok(None),
        Some("") => Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-profile-label-empty"
        ))),
        Some(l) if l.chars().count() > 64 || l.chars().any(char::is_control) => Err(
            ProfileError::InvalidInput(tessera_text::text!("error-profile-label-too-long")),
        ),
        Some(l) => Ok(Some(l.to_owned())),
    }
}

/// Sets a value: replaces the value with the same label (or the only value of a single-valued
/// field), else adds one. Validates everything before writing anything.
pub fn set_value(vault: &mut Vault, req: SetValue<'_>, today: Date) -> Result<ProfileValue> {
    vault.atomically(|vault| set_value_in(vault, req, today))
}

fn set_value_in(vault: &mut Vault, req: SetValue<'_>, today: Date) -> Result<ProfileValue> {
    let stored: Vec<(EntryId, ProfileValue)> = load(vault, VALUE_KIND)?;
    let values: Vec<ProfileValue> = stored.iter().map(|(_, v)| v.clone()).collect();
    let label = check_label(req.label)?;
    let (kind, multiple, custom) = if let Some(def) = catalogue::lookup(req.field) {
        if req.custom.is_some() {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "error-profile-catalogue-field-fixed",
                field = req.field.to_owned()
            )));
        }
        (def.kind, def.multiple, None)
    } else if req.field.starts_with(CUSTOM_PREFIX) {
        check_custom_name(req.field)?;
        let existing = values
            .iter()
            .find(|v| v.field == req.field)
            .and_then(|v| v.custom.clone());
        let spec = req.custom.clone().unwrap_or(CustomSpec {
            label: None,
            category: None,
            sensitivity: None,
        });
        let custom = CustomField {
            label: match (&spec.label, &existing) {
                (Some(l), _) => check_label(Some(l))?.expect("checked non-empty"),
                (None, Some(e)) => e.label.clone(),
                (None, None) => req.field[CUSTOM_PREFIX.len()..].replace('_', " "),
            },
            category: spec
                .category
                .map(|c| c.as_str().to_owned())
                .or_else(|| existing.as_ref().map(|e| e.category.clone()))
                .unwrap_or_else(|| Category::Custom.as_str().to_owned()),
            sensitivity: spec
                .sensitivity
                .map(|s| s.as_str().to_owned())
                .or_else(|| existing.as_ref().map(|e| e.sensitivity.clone()))
                .unwrap_or_else(|| Sensitivity::Standard.as_str().to_owned()),
        };
        (catalogue::ValueKind::Text, true, Some(custom))
    } else {
        return Err(ProfileError::UnknownField(req.field.to_owned()));
    };
    if !multiple && label.is_some() {
        return Err(ProfileError::NotMultiple {
            field: req.field.to_owned(),
        });
    }
    let value = validate(req.field, kind, req.input, req.region, today)?;

    let same_field: Vec<&(EntryId, ProfileValue)> = stored
        .iter()
        .filter(|(_, v)| v.field == req.field)
        .collect();
    let replacing = same_field
        .iter()
        .find(|(_, v)| !multiple || v.label == label)
        .map(|(id, v)| (*id, v.primary));
    let others_exist = same_field
        .iter()
        .any(|(id, _)| Some(*id) != replacing.map(|r| r.0));
    let primary = req.primary || !others_exist || replacing.is_some_and(|(_, was)| was);
    let record = ProfileValue {
        v: RECORD_VERSION,
        field: req.field.to_owned(),
        value,
        label,
        primary,
        provenance: req.provenance,
        custom: custom.clone(),
    };
    save(vault, VALUE_KIND, replacing.map(|r| r.0), &record)?;
    // Keep one primary per field, and one classification per custom field.
    for (id, other) in same_field {
        if Some(*id) == replacing.map(|r| r.0) {
            continue;
        }
        let demote = primary && other.primary;
        let reclassify = custom.is_some() && other.custom != custom;
        if demote || reclassify {
            let mut updated = other.clone();
            updated.primary = other.primary && !demote;
            updated.custom = custom.clone().or(updated.custom);
            save(vault, VALUE_KIND, Some(*id), &updated)?;
        }
    }
    // A custom field newly classified as special loses every permission given without the
    // confirmation of that category: the person must confirm again.
    if let Some(custom) = &custom
        && let Some(Sensitivity::Special(category)) = Sensitivity::parse(&custom.sensitivity)
    {
        for (id, rule) in load::<Rule>(vault, RULE_KIND)? {
            if rule.field == req.field
                && rule.allowed
                && rule.confirmed_category.as_deref() != Some(category.as_str())
            {
                let denied = Rule {
                    allowed: false,
                    updated_on: today,
                    ..rule
                };
                save(vault, RULE_KIND, Some(id), &denied)?;
            }
        }
    }
    Ok(record)
}

/// Position in the catalogue's display order; custom fields sort after every catalogue field.
pub fn catalogue_position(field: &str) -> usize {
    catalogue::CATALOGUE
        .iter()
        .position(|f| f.name == field)
        .unwrap_or(usize::MAX)
}

/// Every stored value, in catalogue order (custom fields last), primary first.
pub fn list_values(vault: &Vault) -> Result<Vec<ProfileValue>> {
    let mut values: Vec<ProfileValue> = load(vault, VALUE_KIND)?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    values.sort_by(|a, b| {
        (catalogue_position(&a.field), &a.field, !a.primary, &a.label).cmp(&(
            catalogue_position(&b.field),
            &b.field,
            !b.primary,
            &b.label,
        ))
    });
    Ok(values)
}

pub fn values_of(vault: &Vault, field: &str) -> Result<Vec<ProfileValue>> {
    let all = list_values(vault)?;
    field_info(&all, field)?;
    Ok(all.into_iter().filter(|v| v.field == field).collect())
}

/// Removes every value of `field`, or only the one labelled `label`. Returns how many.
pub fn remove_values(vault: &mut Vault, field: &str, label: Option<&str>) -> Result<usize> {
    vault.atomically(|vault| remove_values_in(vault, field, label))
}

fn remove_values_in(vault: &mut Vault, field: &str, label: Option<&str>) -> Result<usize> {
    let stored: Vec<(EntryId, ProfileValue)> = load(vault, VALUE_KIND)?;
    let values: Vec<ProfileValue> = stored.iter().map(|(_, v)| v.clone()).collect();
    field_info(&values, field)?;
    let doomed: Vec<&(EntryId, ProfileValue)> = stored
        .iter()
        .filter(|(_, v)| v.field == field && (label.is_none() || v.label.as_deref() == label))
        .collect();
    if doomed.is_empty() {
        return Err(ProfileError::NoSuchValue {
            field: field.to_owned(),
            label: label.map(str::to_owned),
        });
    }
    let lost_primary = doomed.iter().any(|(_, v)| v.primary);
    for (id, _) in &doomed {
        vault.delete_entry(*id)?;
    }
    let successor = stored
        .iter()
        .find(|(id, v)| v.field == field && !doomed.iter().any(|(d, _)| d == id));
    if lost_primary && let Some((id, v)) = successor {
        let mut promoted = v.clone();
        promoted.primary = true;
        save(vault, VALUE_KIND, Some(*id), &promoted)?;
    }
    // A custom field exists only through its values; with the last one gone, its rules go too.
    if field.starts_with(CUSTOM_PREFIX) && successor.is_none() {
        for (id, _) in load::<Rule>(vault, RULE_KIND)?
            .into_iter()
            .filter(|(_, r)| r.field == field)
        {
            vault.delete_entry(id)?;
        }
    }
    Ok(doomed.len())
}

// --- brands ---

fn check_brand_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-profile-brand-name"
        )));
    }
    Ok(name.to_owned())
}

pub fn add_brand(vault: &mut Vault, id: &BrandId, name: &str, today: Date) -> Result<Brand> {
    let name = check_brand_name(name)?;
    let brands: Vec<(EntryId, Brand)> = load(vault, BRAND_KIND)?;
    if brands.iter().any(|(_, b)| b.id == id.as_str()) {
        return Err(ProfileError::BrandExists(id.to_string()));
    }
    let brand = Brand {
        v: RECORD_VERSION,
        id: id.to_string(),
        name,
        added_on: today,
        key: None,
    };
    save(vault, BRAND_KIND, None, &brand)?;
    Ok(brand)
}

/// Pins (or, after the person's explicit re-trust, replaces) a brand's request-signing key.
pub fn pin_brand_key(vault: &mut Vault, id: &BrandId, key: PinnedKey) -> Result<Brand> {
    let (entry, mut brand) = load::<Brand>(vault, BRAND_KIND)?
        .into_iter()
        .find(|(_, b)| b.id == id.as_str())
        .ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))?;
    brand.key = Some(key);
    save(vault, BRAND_KIND, Some(entry), &brand)?;
    Ok(brand)
}

/// Brands sorted by name; `query` filters on name or identifier, case-insensitively.
pub fn list_brands(vault: &Vault, query: Option<&str>) -> Result<Vec<Brand>> {
    let needle = query.map(str::to_lowercase);
    let mut brands: Vec<Brand> = load::<Brand>(vault, BRAND_KIND)?
        .into_iter()
        .map(|(_, b)| b)
        .filter(|b| {
            needle
                .as_ref()
                .is_none_or(|n| b.name.to_lowercase().contains(n) || b.id.contains(n.as_str()))
        })
        .collect();
    brands.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    Ok(brands)
}

/// Removes a brand and every rule about it (not the ledger's entries, which stay: the history
/// is append-only). Returns how many rules went. Used for the first run's demo brand; the
/// caller removes the brand's requests and grants in the same transaction.
pub fn remove_brand(vault: &mut Vault, id: &BrandId) -> Result<usize> {
    let (entry, _) = load::<Brand>(vault, BRAND_KIND)?
        .into_iter()
        .find(|(_, b)| b.id == id.as_str())
        .ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))?;
    vault.atomically(|vault| -> Result<usize> {
        let mut rules = 0;
        for (rule, _) in load::<Rule>(vault, RULE_KIND)?
            .into_iter()
            .filter(|(_, r)| r.brand == id.as_str())
        {
            vault.delete_entry(rule)?;
            rules += 1;
        }
        vault.delete_entry(entry)?;
        Ok(rules)
    })
}

pub fn get_brand(vault: &Vault, id: &BrandId) -> Result<Brand> {
    load::<Brand>(vault, BRAND_KIND)?
        .into_iter()
        .map(|(_, b)| b)
        .find(|b| b.id == id.as_str())
        .ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))
}

// --- rules ---

/// Allows `brand` to see `field` in `form` until `until` (inclusive). Sensitive fields need
/// `confirm` to name their special category.
pub fn allow(
    vault: &mut Vault,
    brand: &BrandId,
    field: &str,
    form: FormKind,
    until: Option<Date>,
    confirm: Option<SpecialCategory>,
    today: Date,
) -> Result<Rule> {
    get_brand(vault, brand)?;
    let values = list_values(vault)?;
    let info = field_info(&values, field)?;
    if !info.forms.contains(&form) {
        return Err(ProfileError::FormNotOffered {
            field: field.to_owned(),
            form: form.name(),
            offered: if info.forms.is_empty() {
                tessera_text::text!("error-profile-offered-none")
            } else {
                info.forms
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        });
    }
    if let Some(reason) = values
        .iter()
        .filter(|v| v.field == field)
        .find_map(|v| crate::forms::unsupported(form, &v.value))
    {
        return Err(ProfileError::FormUnavailable {
            field: field.to_owned(),
            form: form.name(),
            reason: reason.to_owned(),
        });
    }
    if let Some(until) = until
        && until < today
    {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-profile-end-date-past",
            until = until.to_string(),
            today = today.to_string()
        )));
    }
    let confirmed = match info.sensitivity {
        Sensitivity::Standard => None,
        Sensitivity::Special(category) if confirm == Some(category) => {
            Some(category.as_str().to_owned())
        }
        Sensitivity::Special(category) => {
            return Err(ProfileError::ConfirmationRequired {
                field: field.to_owned(),
                category: category.as_str(),
                category_label: category.label(),
            });
        }
    };
    let rule = Rule {
        v: RECORD_VERSION,
        brand: brand.to_string(),
        field: field.to_owned(),
        allowed: true,
        form: form.name(),
        until,
        confirmed_category: confirmed,
        updated_on: today,
    };
    upsert_rule(vault, rule)
}

/// Records that `brand` may not see `field`.
pub fn deny(vault: &mut Vault, brand: &BrandId, field: &str, today: Date) -> Result<Rule> {
    get_brand(vault, brand)?;
    let values = list_values(vault)?;
    field_info(&values, field)?;
    upsert_rule(
        vault,
        Rule {
            v: RECORD_VERSION,
            brand: brand.to_string(),
            field: field.to_owned(),
            allowed: false,
            form: FormKind::Raw.name(),
            until: None,
            confirmed_category: None,
            updated_on: today,
        },
    )
}

/// Revokes every rule of a brand in one action (all or nothing). Returns how many rules were
/// allowing something, expired ones included.
pub fn revoke_all(vault: &mut Vault, brand: &BrandId, today: Date) -> Result<usize> {
    vault.atomically(|vault| revoke_all_in(vault, brand, today))
}

fn revoke_all_in(vault: &mut Vault, brand: &BrandId, today: Date) -> Result<usize> {
    get_brand(vault, brand)?;
    let rules: Vec<(EntryId, Rule)> = load(vault, RULE_KIND)?;
    let mut revoked = 0;
    for (id, rule) in rules
        .into_iter()
        .filter(|(_, r)| r.brand == brand.as_str() && r.allowed)
    {
        let denied = Rule {
            allowed: false,
            confirmed_category: None,
            updated_on: today,
            ..rule
        };
        save(vault, RULE_KIND, Some(id), &denied)?;
        revoked += 1;
    }
    Ok(revoked)
}

fn upsert_rule(vault: &mut Vault, rule: Rule) -> Result<Rule> {
    let existing = load::<Rule>(vault, RULE_KIND)?
        .into_iter()
        .find(|(_, r)| r.brand == rule.brand && r.field == rule.field)
        .map(|(id, _)| id);
    save(vault, RULE_KIND, existing, &rule)?;
    Ok(rule)
}

pub fn rules_for_brand(vault: &Vault, brand: &BrandId) -> Result<Vec<Rule>> {
    get_brand(vault, brand)?;
    let mut rules: Vec<Rule> = load::<Rule>(vault, RULE_KIND)?
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.brand == brand.as_str())
        .collect();
    rules.sort_by(|a, b| {
        (catalogue_position(&a.field), &a.field).cmp(&(catalogue_position(&b.field), &b.field))
    });
    Ok(rules)
}

pub fn all_rules(vault: &Vault) -> Result<Vec<Rule>> {
    Ok(load::<Rule>(vault, RULE_KIND)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// The brands that may see `field` today, with the form each gets, sorted by brand name.
pub fn who_can_see(vault: &Vault, field: &str, today: Date) -> Result<Vec<(Brand, Rule)>> {
    let values = list_values(vault)?;
    field_info(&values, field)?;
    // One rule per brand and field: index this field's active rules by brand.
    let rules: std::collections::HashMap<String, Rule> = all_rules(vault)?
        .into_iter()
        .filter(|r| r.field == field && r.allows_on(today))
        .map(|r| (r.brand.clone(), r))
        .collect();
    Ok(list_brands(vault, None)?
        .into_iter()
        .filter_map(|b| rules.get(&b.id).map(|r| (b.clone(), r.clone())))
        .collect())
}

/// Describes many fields at once, indexing the custom fields' classifications first.
/// Unknown names are left out.
pub fn field_infos<'a>(
    values: &[ProfileValue],
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<FieldInfo> {
    let custom: std::collections::HashMap<&str, &CustomField> = values
        .iter()
        .filter_map(|v| v.custom.as_ref().map(|c| (v.field.as_str(), c)))
        .collect();
    names
        .into_iter()
        .filter_map(|name| match catalogue::lookup(name) {
            Some(def) => Some(FieldInfo::from_def(def)),
            None => custom
                .get(name)
                .and_then(|c| FieldInfo::from_custom(name, c).ok()),
        })
        .collect()
}

/// What `brand` would receive today for each field it is allowed, computed from the stored
/// The token that stands for `brand` in its `email_alias_token` alias: 12 lowercase hex
/// digits (48 bits) of a seed derived from the vault's identity for this brand only, so that
/// it names neither the brand nor the person's alias for any other brand, and stays the same
/// for the brand across grants, passphrase changes and key rotations.
pub fn alias_token(vault: &Vault, brand: &BrandId) -> String {
    let mut context = b"tessera v1 alias token\n".to_vec();
    context.extend_from_slice(brand.as_str().as_bytes());
    vault.derive_seed(&context)[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// values. Fields it may see but that have no value are left out: Tessera never invents data.
pub fn preview_disclosure(
    vault: &Vault,
    brand: &BrandId,
    today: Date,
) -> Result<Vec<(String, serde_json::Value)>> {
    let values = list_values(vault)?;
    let alias_pattern = values
        .iter()
        .find(|v| v.field == "email_alias_pattern")
        .map(|v| v.value.display());
    let token = alias_token(vault, brand);
    let ctx = DisclosureContext {
        today,
        brand,
        alias_pattern: alias_pattern.as_deref(),
        alias_token: Some(&token),
    };
    let mut out = Vec::new();
    for rule in rules_for_brand(vault, brand)?
        .into_iter()
        .filter(|r| r.allows_on(today))
    {
        let form = FormKind::parse(&rule.form)?;
        let Ok(info) = field_info(&values, &rule.field) else {
            continue;
        };
        let kind = catalogue::lookup(&rule.field).map_or(catalogue::ValueKind::Text, |d| d.kind);
        if let Some(value) = values.iter().find(|v| v.field == rule.field && v.primary) {
            out.push((
                info.name,
                disclose(&rule.field, kind, &value.value, form, &ctx)?,
            ));
        }
    }
    Ok(out)
}
