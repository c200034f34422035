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

pub const VALUE_KIND: EntryKind = EntryKind::indexed("profile_value", value_keys);
pub const BRAND_KIND: EntryKind = EntryKind::indexed("brand", brand_keys);
pub const RULE_KIND: EntryKind = EntryKind::indexed("rule", rule_keys);

/// What the session's index finds entries by (`tessera_vault::index`): names and
/// identifiers, which stay in memory; a value's own content is never a key.
mod keys {
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub(super) struct Named<'a> {
        #[serde(borrow, default)]
        pub field: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        pub brand: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        pub id: Option<std::borrow::Cow<'a, str>>,
        #[serde(borrow, default)]
        pub name: Option<std::borrow::Cow<'a, str>>,
        #[serde(default)]
        pub allowed: bool,
        #[serde(default)]
        pub until: Option<jiff::civil::Date>,
    }

    pub(super) fn read(plain: &[u8]) -> Option<Named<'_>> {
        serde_json::from_slice(plain).ok()
    }
}

/// The key of a field's values and rules.
pub fn field_key(field: &str) -> String {
    format!("field:{field}")
}

/// The key of a brand's record and rules.
pub fn brand_key(brand: &str) -> String {
    format!("brand:{brand}")
}

/// The key of one brand's rule for one field.
fn rule_key(brand: &str, field: &str) -> String {
    format!("rule:{brand}\u{0}{field}")
}

/// Brands sort by this key: the name in lower case, then the identifier.
const BRAND_NAME_PREFIX: &str = "name:";
/// Allowed rules with an end date, by that date (`until:2027-01-31`).
const UNTIL_PREFIX: &str = "until:";

fn value_keys(plain: &[u8]) -> Vec<String> {
    keys::read(plain)
        .and_then(|r| r.field)
        .map(|f| vec![field_key(&f)])
        .unwrap_or_default()
}

fn brand_keys(plain: &[u8]) -> Vec<String> {
    let Some(r) = keys::read(plain) else {
        return Vec::new();
    };
    let (Some(id), Some(name)) = (r.id, r.name) else {
        return Vec::new();
    };
    vec![
        brand_key(&id),
        format!("{BRAND_NAME_PREFIX}{}\u{0}{id}", name.to_lowercase()),
    ]
}

fn rule_keys(plain: &[u8]) -> Vec<String> {
    let Some(r) = keys::read(plain) else {
        return Vec::new();
    };
    let (Some(brand), Some(field)) = (r.brand, r.field) else {
        return Vec::new();
    };
    let mut keys = vec![
        brand_key(&brand),
        field_key(&field),
        rule_key(&brand, &field),
    ];
    if let (true, Some(until)) = (r.allowed, r.until) {
        keys.push(format!("{UNTIL_PREFIX}{until}"));
    }
    keys
}
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
    decode_all(kind, vault.list_entries(kind)?)
}

/// Opens the records of `kind` that have `key` ([`Vault::find`]), in id order.
pub fn find<T: DeserializeOwned + Versioned>(
    vault: &Vault,
    kind: EntryKind,
    key: &str,
) -> Result<Vec<(EntryId, T)>> {
    decode_all(kind, vault.find(kind, key)?)
}

/// Opens the records `ids` of `kind`, in that order.
pub fn open<T: DeserializeOwned + Versioned>(
    vault: &Vault,
    kind: EntryKind,
    ids: &[EntryId],
) -> Result<Vec<(EntryId, T)>> {
    decode_all(kind, vault.open_entries(kind, ids)?)
}

fn decode_all<T: DeserializeOwned + Versioned>(
    kind: EntryKind,
    entries: Vec<(EntryId, zeroize::Zeroizing<Vec<u8>>)>,
) -> Result<Vec<(EntryId, T)>> {
    entries
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

/// [`set_value`] inside a transaction the caller has open and gives up as a whole on an error
/// (no savepoint of its own: an import of thousands of values writes them in one).
pub(crate) fn set_value_in(
    vault: &mut Vault,
    req: SetValue<'_>,
    today: Date,
) -> Result<ProfileValue> {
    // The values of this field only: a value is set, and a profile of thousands imported one
    // value at a time, without opening the others.
    let stored: Vec<(EntryId, ProfileValue)> = find(vault, VALUE_KIND, &field_key(req.field))?;
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
        let existing = stored
            .iter()
            .find(|(_, v)| v.field == req.field)
            .and_then(|(_, v)| v.custom.clone());
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
        for (id, rule) in find::<Rule>(vault, RULE_KIND, &field_key(req.field))? {
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

/// The values of `field` (primary first), opening no other value.
pub fn values_of(vault: &Vault, field: &str) -> Result<Vec<ProfileValue>> {
    let values = stored_values_of(vault, field)?;
    field_info(&values, field)?;
    Ok(values)
}

fn stored_values_of(vault: &Vault, field: &str) -> Result<Vec<ProfileValue>> {
    let mut values: Vec<ProfileValue> = find(vault, VALUE_KIND, &field_key(field))?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    values.sort_by(|a, b| (!a.primary, &a.label).cmp(&(!b.primary, &b.label)));
    Ok(values)
}

/// The values of each of `fields`, opening no other value: enough for [`field_info`] and
/// [`field_infos`] on those fields.
pub fn values_of_fields<'a>(
    vault: &Vault,
    fields: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<ProfileValue>> {
    let mut names: Vec<&str> = fields.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        out.extend(stored_values_of(vault, name)?);
    }
    Ok(out)
}

/// Every field that has a value, without opening one.
pub fn fields_with_values(vault: &Vault) -> Result<Vec<String>> {
    field_names(vault, VALUE_KIND)
}

/// Every field some brand has a rule for, without opening one.
pub fn fields_with_rules(vault: &Vault) -> Result<Vec<String>> {
    field_names(vault, RULE_KIND)
}

fn field_names(vault: &Vault, kind: EntryKind) -> Result<Vec<String>> {
    Ok(vault
        .keys_with_prefix(kind, "field:")?
        .into_iter()
        .map(|(key, _)| key["field:".len()..].to_owned())
        .collect())
}

/// Removes every value of `field`, or only the one labelled `label`. Returns how many.
pub fn remove_values(vault: &mut Vault, field: &str, label: Option<&str>) -> Result<usize> {
    vault.atomically(|vault| remove_values_in(vault, field, label))
}

fn remove_values_in(vault: &mut Vault, field: &str, label: Option<&str>) -> Result<usize> {
    let stored: Vec<(EntryId, ProfileValue)> = find(vault, VALUE_KIND, &field_key(field))?;
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
    if find_brand(vault, id)?.is_some() {
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
    let (entry, mut brand) =
        find_brand(vault, id)?.ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))?;
    brand.key = Some(key);
    save(vault, BRAND_KIND, Some(entry), &brand)?;
    Ok(brand)
}

fn find_brand(vault: &Vault, id: &BrandId) -> Result<Option<(EntryId, Brand)>> {
    Ok(find::<Brand>(vault, BRAND_KIND, &brand_key(id.as_str()))?
        .into_iter()
        .find(|(_, b)| b.id == id.as_str()))
}

/// Brands sorted by name; `query` filters on name or identifier, case-insensitively.
pub fn list_brands(vault: &Vault, query: Option<&str>) -> Result<Vec<Brand>> {
    Ok(brand_page(vault, query, 0, usize::MAX)?.1)
}

/// How many brands `query` matches (as [`list_brands`]), and `limit` of them from `offset` in
/// name order: sorted and filtered by the index's keys, opening only the brands returned.
pub fn brand_page(
    vault: &Vault,
    query: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Brand>)> {
    let needle = query.map(str::to_lowercase);
    let matching: Vec<EntryId> = vault
        .keys_with_prefix(BRAND_KIND, BRAND_NAME_PREFIX)?
        .into_iter()
        .filter(|(key, _)| {
            let (name, id) = key[BRAND_NAME_PREFIX.len()..]
                .split_once('\u{0}')
                .unwrap_or_default();
            needle
                .as_ref()
                .is_none_or(|n| name.contains(n.as_str()) || id.contains(n.as_str()))
        })
        .flat_map(|(_, ids)| ids)
        .collect();
    let page: Vec<EntryId> = matching.iter().copied().skip(offset).take(limit).collect();
    let brands = open::<Brand>(vault, BRAND_KIND, &page)?
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    Ok((matching.len(), brands))
}

/// Removes a brand and every rule about it (not the ledger's entries, which stay: the history
/// is append-only). Returns how many rules went. Used for the first run's demo brand; the
/// caller removes the brand's requests and grants in the same transaction.
pub fn remove_brand(vault: &mut Vault, id: &BrandId) -> Result<usize> {
    let (entry, _) =
        find_brand(vault, id)?.ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))?;
    vault.atomically(|vault| -> Result<usize> {
        let mut rules = 0;
        for (rule, _) in brand_rules(vault, id)? {
            vault.delete_entry(rule)?;
            rules += 1;
        }
        vault.delete_entry(entry)?;
        Ok(rules)
    })
}

pub fn get_brand(vault: &Vault, id: &BrandId) -> Result<Brand> {
    find_brand(vault, id)?
        .map(|(_, b)| b)
        .ok_or_else(|| ProfileError::UnknownBrand(id.to_string()))
}

/// The brands of `ids` that exist (identifiers that name no brand are left out).
pub fn brands_named<'a>(
    vault: &Vault,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Brand>> {
    let mut out = Vec::new();
    for id in ids {
        out.extend(
            find::<Brand>(vault, BRAND_KIND, &brand_key(id))?
                .into_iter()
                .map(|(_, b)| b)
                .filter(|b| b.id == id),
        );
    }
    Ok(out)
}

/// The first `limit` of the brands `ids`, in name order (as [`list_brands`] sorts), opening
/// only those: the order comes from the index's keys.
pub fn brands_in_name_order<'a>(
    vault: &Vault,
    ids: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Result<Vec<Brand>> {
    let wanted: std::collections::HashSet<&str> = ids.into_iter().collect();
    let page: Vec<EntryId> = vault
        .keys_with_prefix(BRAND_KIND, BRAND_NAME_PREFIX)?
        .into_iter()
        .filter(|(key, _)| {
            key[BRAND_NAME_PREFIX.len()..]
                .split_once('\u{0}')
                .is_some_and(|(_, id)| wanted.contains(id))
        })
        .flat_map(|(_, ids)| ids)
        .take(limit)
        .collect();
    Ok(open::<Brand>(vault, BRAND_KIND, &page)?
        .into_iter()
        .map(|(_, b)| b)
        .collect())
}

/// A brand's rules as stored, with their entries.
fn brand_rules(vault: &Vault, brand: &BrandId) -> Result<Vec<(EntryId, Rule)>> {
    Ok(find::<Rule>(vault, RULE_KIND, &brand_key(brand.as_str()))?
        .into_iter()
        .filter(|(_, r)| r.brand == brand.as_str())
        .collect())
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
    let values = stored_values_of(vault, field)?;
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
    field_info(&stored_values_of(vault, field)?, field)?;
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
    let mut revoked = 0;
    for (id, rule) in brand_rules(vault, brand)?
        .into_iter()
        .filter(|(_, r)| r.allowed)
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
    let existing = find::<Rule>(vault, RULE_KIND, &rule_key(&rule.brand, &rule.field))?
        .into_iter()
        .find(|(_, r)| r.brand == rule.brand && r.field == rule.field)
        .map(|(id, _)| id);
    save(vault, RULE_KIND, existing, &rule)?;
    Ok(rule)
}

pub fn rules_for_brand(vault: &Vault, brand: &BrandId) -> Result<Vec<Rule>> {
    get_brand(vault, brand)?;
    let mut rules: Vec<Rule> = brand_rules(vault, brand)?
        .into_iter()
        .map(|(_, r)| r)
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

/// Allowed rules whose end date is between `from` and `to` (inclusive), soonest first,
/// opening only those.
pub fn rules_ending_between(vault: &Vault, from: Date, to: Date) -> Result<Vec<Rule>> {
    let (low, high) = (
        format!("{UNTIL_PREFIX}{from}"),
        format!("{UNTIL_PREFIX}{to}"),
    );
    let ids: Vec<EntryId> = vault
        .keys_with_prefix(RULE_KIND, UNTIL_PREFIX)?
        .into_iter()
        .filter(|(key, _)| *key >= low && *key <= high)
        .flat_map(|(_, ids)| ids)
        .collect();
    let mut rules: Vec<Rule> = open::<Rule>(vault, RULE_KIND, &ids)?
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.allowed && r.until.is_some_and(|u| u >= from && u <= to))
        .collect();
    rules.sort_by_key(|r| r.until);
    Ok(rules)
}

/// The brands that may see `field` today, with the form each gets, sorted by brand name:
/// opening that field's rules and their brands only.
pub fn who_can_see(vault: &Vault, field: &str, today: Date) -> Result<Vec<(Brand, Rule)>> {
    field_info(&stored_values_of(vault, field)?, field)?;
    let rules: Vec<Rule> = find::<Rule>(vault, RULE_KIND, &field_key(field))?
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r.field == field && r.allows_on(today))
        .collect();
    let brands = brands_named(vault, rules.iter().map(|r| r.brand.as_str()))?;
    let mut out: Vec<(Brand, Rule)> = rules
        .into_iter()
        .filter_map(|r| {
            let brand = brands.iter().find(|b| b.id == r.brand)?.clone();
            Some((brand, r))
        })
        .collect();
    out.sort_by(|(a, _), (b, _)| {
        (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id))
    });
    Ok(out)
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
    let rules: Vec<Rule> = rules_for_brand(vault, brand)?
        .into_iter()
        .filter(|r| r.allows_on(today))
        .collect();
    let values = values_of_fields(
        vault,
        rules
            .iter()
            .map(|r| r.field.as_str())
            .chain(["email_alias_pattern"]),
    )?;
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
    for rule in rules {
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
