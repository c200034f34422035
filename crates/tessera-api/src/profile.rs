//! The profile, brands and rules as the app and the CLI see them.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tessera_profile::catalogue::{self, Category, Sensitivity, SpecialCategory};
use tessera_profile::forms::{FormKind, today_in};
use tessera_profile::interchange::{self, Action, Format, ImportPlan};
use tessera_profile::model::{Brand, FieldInfo, ProfileValue, Provenance, Rule};
use tessera_profile::store::{self, CustomSpec, SetValue};
use tessera_profile::{BrandId, ProfileError};
use tessera_vault::Vault;
use ts_rs::TS;

use crate::{ApiError, Session};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub category: String,
    /// `standard`, or the special category (`health`, `belief`, ...).
    pub sensitivity: String,
    /// Plain words for a special category, for confirmations; empty when standard.
    pub sensitivity_label: String,
    pub multiple: bool,
    pub forms: Vec<String>,
    pub custom: bool,
    pub description: String,
}

impl From<&FieldInfo> for FieldView {
    fn from(info: &FieldInfo) -> Self {
        FieldView {
            name: info.name.clone(),
            label: info.label.clone(),
            category: info.category.as_str().into(),
            sensitivity: info.sensitivity.as_str().into(),
            sensitivity_label: match info.sensitivity {
                Sensitivity::Standard => String::new(),
                Sensitivity::Special(c) => c.label().into(),
            },
            multiple: info.multiple,
            forms: info.forms.iter().map(|f| f.name()).collect(),
            custom: info.custom,
            description: catalogue::lookup(&info.name)
                .map(|d| d.description.to_owned())
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProfileValueView {
    pub field: FieldView,
    pub value: String,
    pub label: Option<String>,
    pub primary: bool,
    pub provenance: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct SetValueRequest {
    pub field: String,
    pub value: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub primary: bool,
    /// Country (ISO 3166-1 alpha-2) for phone numbers in national format.
    #[serde(default)]
    pub region: Option<String>,
    /// For custom fields: display label, category and sensitivity.
    #[serde(default)]
    pub custom_label: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub sensitivity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrandView {
    pub id: String,
    pub name: String,
    pub added_on: String,
    /// Fields this brand may see today.
    pub allowed_fields: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrandPage {
    pub brands: Vec<BrandView>,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RuleView {
    pub brand: String,
    pub brand_name: String,
    pub field: String,
    pub field_label: String,
    pub sensitivity: String,
    pub allowed: bool,
    /// Allowed and not expired today.
    pub active: bool,
    pub form: String,
    pub until: Option<String>,
    pub confirmed_category: Option<String>,
    pub updated_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DisclosedView {
    pub field: String,
    /// What the brand would receive, as JSON text.
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BrandDetail {
    pub brand: BrandView,
    pub rules: Vec<RuleView>,
    pub preview: Vec<DisclosedView>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct AllowRequest {
    pub brand: String,
    pub field: String,
    #[serde(default)]
    pub form: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub until: Option<String>,
    /// The special category the person confirmed (must match the field's).
    #[serde(default)]
    pub confirm_category: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MatrixQuery {
    #[serde(default)]
    pub field_offset: u32,
    pub field_limit: u32,
    #[serde(default)]
    pub brand_offset: u32,
    pub brand_limit: u32,
    #[serde(default)]
    pub brand_search: Option<String>,
}

/// One page of the fields-by-brands matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MatrixPage {
    pub fields: Vec<FieldView>,
    pub brands: Vec<BrandView>,
    /// `cells[f][b]`: the form brand `b` may see field `f` in today, or null.
    pub cells: Vec<Vec<Option<String>>>,
    pub total_fields: u32,
    pub total_brands: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportChangeView {
    pub field: String,
    pub label: Option<String>,
    pub value: String,
    /// `add`, `replace` or `unchanged`.
    pub action: String,
    /// The value being replaced.
    pub old: Option<String>,
    /// Where in the file: `line 7` or `member /emails/e1`.
    pub origin: String,
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPlanView {
    pub file: String,
    pub format: String,
    pub changes: Vec<ImportChangeView>,
    /// Things in the file that Tessera does not import (photos, notes...).
    pub skipped: Vec<String>,
    pub adds: u32,
    pub replacements: u32,
    pub unchanged: u32,
}

impl From<&ImportPlan> for ImportPlanView {
    fn from(plan: &ImportPlan) -> Self {
        ImportPlanView {
            file: plan.file.clone(),
            format: match plan.format {
                Format::VCard => "vcard".into(),
                Format::JsContact => "jscontact".into(),
            },
            changes: plan
                .changes
                .iter()
                .map(|c| ImportChangeView {
                    field: c.field.clone(),
                    label: c.label.clone(),
                    value: c.value.clone(),
                    action: match c.action {
                        Action::Add => "add",
                        Action::Replace { .. } => "replace",
                        Action::Unchanged => "unchanged",
                    }
                    .into(),
                    old: match &c.action {
                        Action::Replace { old } => Some(old.clone()),
                        _ => None,
                    },
                    origin: c.origin.clone(),
                })
                .collect(),
            skipped: plan.skipped.clone(),
            adds: count(plan.count(|a| *a == Action::Add)),
            replacements: count(plan.count(|a| matches!(a, Action::Replace { .. }))),
            unchanged: count(plan.count(|a| *a == Action::Unchanged)),
        }
    }
}

pub use tessera_profile::interchange::MAX_IMPORT_BYTES;

const MAX_PAGE: u32 = 500;

fn count(n: usize) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// Today in the person's time zone (`zoneinfo`), else the system's.
pub fn today(vault: &Vault, now: Timestamp) -> Result<Date, ApiError> {
    let zone = store::values_of(vault, "zoneinfo")?
        .first()
        .map(|v| v.value.display());
    Ok(today_in(zone.as_deref(), now))
}

fn parse_brand(id: &str) -> Result<BrandId, ApiError> {
    Ok(BrandId::parse(id)?)
}

fn parse_date(field: &str, text: &str) -> Result<Date, ApiError> {
    text.parse::<Date>().map_err(|_| {
        ApiError::from(ProfileError::InvalidValue {
            field: field.into(),
            reason: format!("{text:?} is not a date; use YYYY-MM-DD"),
        })
    })
}

fn value_view(all: &[ProfileValue], v: &ProfileValue) -> Result<ProfileValueView, ApiError> {
    let info = store::field_info(all, &v.field)?;
    Ok(ProfileValueView {
        field: FieldView::from(&info),
        value: v.value.display(),
        label: v.label.clone(),
        primary: v.primary,
        provenance: v.provenance.describe(),
    })
}

fn rule_view(values: &[ProfileValue], brands: &[Brand], rule: &Rule, today: Date) -> RuleView {
    let info = store::field_info(values, &rule.field).ok();
    RuleView {
        brand: rule.brand.clone(),
        brand_name: brands
            .iter()
            .find(|b| b.id == rule.brand)
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        field: rule.field.clone(),
        field_label: info
            .as_ref()
            .map(|i| i.label.clone())
            .unwrap_or_else(|| rule.field.clone()),
        sensitivity: info
            .map(|i| i.sensitivity.as_str().to_owned())
            .unwrap_or_else(|| "standard".into()),
        allowed: rule.allowed,
        active: rule.allows_on(today),
        form: rule.form.clone(),
        until: rule.until.map(|d| d.to_string()),
        confirmed_category: rule.confirmed_category.clone(),
        updated_on: rule.updated_on.to_string(),
    }
}

fn brand_view(brand: &Brand, rules: &[Rule], today: Date) -> BrandView {
    BrandView {
        id: brand.id.clone(),
        name: brand.name.clone(),
        added_on: brand.added_on.to_string(),
        allowed_fields: count(
            rules
                .iter()
                .filter(|r| r.brand == brand.id && r.allows_on(today))
                .count(),
        ),
    }
}

/// The whole catalogue, for pickers.
pub fn catalogue_fields() -> Vec<FieldView> {
    catalogue::CATALOGUE
        .iter()
        .map(|d| FieldView::from(&FieldInfo::from_def(d)))
        .collect()
}

impl Session {
    pub fn profile_list(&self) -> Result<Vec<ProfileValueView>, ApiError> {
        let values = store::list_values(self.vault()?)?;
        values.iter().map(|v| value_view(&values, v)).collect()
    }

    /// Describes one field (catalogue or custom).
    pub fn field_view(&self, field: &str) -> Result<FieldView, ApiError> {
        let values = store::list_values(self.vault()?)?;
        Ok(FieldView::from(&store::field_info(&values, field)?))
    }

    pub fn profile_get(&self, field: &str) -> Result<Vec<ProfileValueView>, ApiError> {
        let vault = self.vault()?;
        let values = store::list_values(vault)?;
        store::field_info(&values, field)?;
        values
            .iter()
            .filter(|v| v.field == field)
            .map(|v| value_view(&values, v))
            .collect()
    }

    pub fn profile_set(
        &mut self,
        req: &SetValueRequest,
        now: Timestamp,
    ) -> Result<ProfileValueView, ApiError> {
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let custom =
            if req.custom_label.is_some() || req.category.is_some() || req.sensitivity.is_some() {
                Some(CustomSpec {
                    label: req.custom_label.clone(),
                    category: match &req.category {
                        Some(c) => Some(Category::parse(c).ok_or_else(|| {
                            ApiError::invalid_input(format!(
                                "unknown category {c:?}; use one of: {}",
                                Category::ALL.map(|c| c.as_str()).join(", ")
                            ))
                        })?),
                        None => None,
                    },
                    sensitivity: match &req.sensitivity {
                        Some(s) => Some(Sensitivity::parse(s).ok_or_else(|| {
                            ApiError::invalid_input(format!(
                                "unknown sensitivity {s:?}; use standard or one of: {}",
                                SpecialCategory::ALL.map(|c| c.as_str()).join(", ")
                            ))
                        })?),
                        None => None,
                    },
                })
            } else {
                None
            };
        let saved = store::set_value(
            vault,
            SetValue {
                field: &req.field,
                input: &req.value,
                label: req.label.as_deref(),
                primary: req.primary,
                region: req.region.as_deref(),
                custom,
                provenance: Provenance::Entered { on: today },
            },
            today,
        )?;
        let values = store::list_values(vault)?;
        value_view(&values, &saved)
    }

    /// Parses and checks a profile file, and says what importing it would change.
    pub fn import_plan(
        &self,
        file_name: &str,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<ImportPlan, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        Ok(interchange::plan_import(vault, file_name, bytes, today)?)
    }

    /// Applies a plan from [`Session::import_plan`], all or nothing.
    pub fn import_apply(&mut self, plan: &ImportPlan, now: Timestamp) -> Result<u32, ApiError> {
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        Ok(count(interchange::apply_import(vault, plan, today)?))
    }

    /// The profile as vCard 4 (`vcard`) or JSContact (`jscontact`) text. Unencrypted.
    pub fn export_profile(&self, format: &str) -> Result<String, ApiError> {
        let format = Format::parse(format)?;
        let uid = tessera_vault::secret::random_urn_uuid()?;
        Ok(interchange::export(self.vault()?, format, &uid)?)
    }

    pub fn profile_remove(&mut self, field: &str, label: Option<&str>) -> Result<u32, ApiError> {
        Ok(count(store::remove_values(
            self.vault_mut()?,
            field,
            label,
        )?))
    }

    pub fn brand_add(
        &mut self,
        id: &str,
        name: &str,
        now: Timestamp,
    ) -> Result<BrandView, ApiError> {
        let id = parse_brand(id)?;
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let brand = store::add_brand(vault, &id, name, today)?;
        Ok(brand_view(&brand, &[], today))
    }

    pub fn brand_list(
        &self,
        search: Option<&str>,
        offset: u32,
        limit: u32,
        now: Timestamp,
    ) -> Result<BrandPage, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let brands = store::list_brands(vault, search.filter(|s| !s.trim().is_empty()))?;
        let rules = store::all_rules(vault)?;
        Ok(BrandPage {
            total: count(brands.len()),
            brands: brands
                .iter()
                .skip(offset as usize)
                .take(limit.min(MAX_PAGE) as usize)
                .map(|b| brand_view(b, &rules, today))
                .collect(),
        })
    }

    pub fn brand_show(&self, id: &str, now: Timestamp) -> Result<BrandDetail, ApiError> {
        let id = parse_brand(id)?;
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let brand = store::get_brand(vault, &id)?;
        let values = store::list_values(vault)?;
        let rules = store::rules_for_brand(vault, &id)?;
        let preview = store::preview_disclosure(vault, &id, today)?
            .into_iter()
            .map(|(field, value)| DisclosedView {
                field,
                value: value.to_string(),
            })
            .collect();
        let brands = [brand.clone()];
        Ok(BrandDetail {
            brand: brand_view(&brand, &rules, today),
            rules: rules
                .iter()
                .map(|r| rule_view(&values, &brands, r, today))
                .collect(),
            preview,
        })
    }

    pub fn brand_allow(
        &mut self,
        req: &AllowRequest,
        now: Timestamp,
    ) -> Result<RuleView, ApiError> {
        let id = parse_brand(&req.brand)?;
        let form = FormKind::parse(req.form.as_deref().unwrap_or("raw"))?;
        let until = req
            .until
            .as_deref()
            .map(|u| parse_date("until", u))
            .transpose()?;
        let confirm = match req.confirm_category.as_deref() {
            None => None,
            Some(c) => Some(SpecialCategory::parse(c).ok_or_else(|| {
                ApiError::invalid_input(format!("unknown special category {c:?}"))
            })?),
        };
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let rule = store::allow(vault, &id, &req.field, form, until, confirm, today)?;
        let values = store::list_values(vault)?;
        let brands = [store::get_brand(vault, &id)?];
        Ok(rule_view(&values, &brands, &rule, today))
    }

    pub fn brand_deny(
        &mut self,
        brand: &str,
        field: &str,
        now: Timestamp,
    ) -> Result<RuleView, ApiError> {
        let id = parse_brand(brand)?;
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let rule = store::deny(vault, &id, field, today)?;
        let values = store::list_values(vault)?;
        let brands = [store::get_brand(vault, &id)?];
        Ok(rule_view(&values, &brands, &rule, today))
    }

    pub fn brand_revoke_all(&mut self, brand: &str, now: Timestamp) -> Result<u32, ApiError> {
        let id = parse_brand(brand)?;
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        Ok(count(store::revoke_all(vault, &id, today)?))
    }

    pub fn who_can_see(&self, field: &str, now: Timestamp) -> Result<Vec<RuleView>, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let values = store::list_values(vault)?;
        let who = store::who_can_see(vault, field, today)?;
        let brands: Vec<Brand> = who.iter().map(|(b, _)| b.clone()).collect();
        Ok(who
            .iter()
            .map(|(_, r)| rule_view(&values, &brands, r, today))
            .collect())
    }

    /// A page of the matrix: fields that have a value or a rule (catalogue order, then custom),
    /// by brands sorted by name.
    pub fn matrix(&self, q: &MatrixQuery, now: Timestamp) -> Result<MatrixPage, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let values = store::list_values(vault)?;
        let rules = store::all_rules(vault)?;
        let brands = store::list_brands(
            vault,
            q.brand_search.as_deref().filter(|s| !s.trim().is_empty()),
        )?;
        let mut field_names: Vec<&str> = values
            .iter()
            .map(|v| v.field.as_str())
            .chain(rules.iter().map(|r| r.field.as_str()))
            .collect();
        field_names.sort_by_key(|f| (store::catalogue_position(f), *f));
        field_names.dedup();
        let fields: Vec<FieldInfo> = store::field_infos(&values, field_names.iter().copied());
        let page_fields: Vec<&FieldInfo> = fields
            .iter()
            .skip(q.field_offset as usize)
            .take(q.field_limit.min(MAX_PAGE) as usize)
            .collect();
        let page_brands: Vec<&Brand> = brands
            .iter()
            .skip(q.brand_offset as usize)
            .take(q.brand_limit.min(MAX_PAGE) as usize)
            .collect();
        // Index the active rules once: (brand, field) -> form.
        let active: std::collections::HashMap<(&str, &str), &str> = rules
            .iter()
            .filter(|r| r.allows_on(today))
            .map(|r| ((r.brand.as_str(), r.field.as_str()), r.form.as_str()))
            .collect();
        let cells = page_fields
            .iter()
            .map(|f| {
                page_brands
                    .iter()
                    .map(|b| {
                        active
                            .get(&(b.id.as_str(), f.name.as_str()))
                            .map(|s| (*s).to_owned())
                    })
                    .collect()
            })
            .collect();
        Ok(MatrixPage {
            fields: page_fields.iter().map(|f| FieldView::from(*f)).collect(),
            brands: page_brands
                .iter()
                .map(|b| brand_view(b, &rules, today))
                .collect(),
            cells,
            total_fields: count(fields.len()),
            total_brands: count(brands.len()),
        })
    }
}
