//! The profile, brands and rules as the app and the CLI see them.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tessera_profile::catalogue::{self, Category, SpecialCategory};
pub use tessera_profile::catalogue::{InputKind, Sensitivity};
use tessera_profile::forms::{FormKind, today_in};
use tessera_profile::interchange::{self, Action, ImportPlan};
pub use tessera_profile::interchange::{Format, OptIn};
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
    /// In a special category: asked for without echo, confirmed before sharing, badged.
    pub sensitive: bool,
    /// Plain words for a special category, for confirmations; empty when standard.
    pub sensitivity_label: String,
    pub multiple: bool,
    /// What a value looks like (`text`, `phone`, `date`, `choice`...): what input to show.
    pub kind: InputKind,
    /// The values a `choice` field allows, with their words; empty otherwise.
    pub choices: Vec<Term>,
    /// The value may hold several lines (notes).
    pub multiline: bool,
    pub forms: Vec<String>,
    pub custom: bool,
    pub description: String,
}

impl From<&FieldInfo> for FieldView {
    fn from(info: &FieldInfo) -> Self {
        // Custom fields are one line of text.
        let kind = catalogue::lookup(&info.name).map_or(catalogue::ValueKind::Text, |d| d.kind);
        FieldView {
            name: info.name.clone(),
            label: info.label.clone(),
            category: info.category.as_str().into(),
            sensitivity: info.sensitivity.as_str().into(),
            sensitive: info.sensitivity.is_special(),
            sensitivity_label: match info.sensitivity {
                Sensitivity::Standard => String::new(),
                Sensitivity::Special(c) => c.label(),
            },
            multiple: info.multiple,
            kind: kind.input(),
            choices: kind
                .choices()
                .iter()
                .map(|c| Term::new(c, catalogue::choice_label(c)))
                .collect(),
            multiline: kind == catalogue::ValueKind::Note,
            forms: info.forms.iter().map(|f| f.name()).collect(),
            custom: info.custom,
            description: catalogue::lookup(&info.name)
                .map(|d| d.description())
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
    /// The field is in a special category (see [`FieldView::sensitive`]).
    pub sensitive: bool,
    pub allowed: bool,
    /// Allowed and not expired today.
    pub active: bool,
    /// Where the rule stands today, in one word.
    pub state: RuleState,
    pub form: String,
    pub until: Option<String>,
    pub confirmed_category: Option<String>,
    pub updated_on: String,
}

/// Where a standing rule stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RuleState {
    Allowed,
    /// Allowed until a day now past.
    Expired,
    Denied,
}

impl RuleState {
    pub const ALL: [RuleState; 3] = [RuleState::Allowed, RuleState::Expired, RuleState::Denied];

    pub fn of(allowed: bool, active: bool) -> RuleState {
        match (allowed, active) {
            (true, true) => RuleState::Allowed,
            (true, false) => RuleState::Expired,
            (false, _) => RuleState::Denied,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RuleState::Allowed => "allowed",
            RuleState::Expired => "expired",
            RuleState::Denied => "denied",
        }
    }

    /// The words a person reads for it.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("rule-state-{}", self.as_str())
    }
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

/// What an import does with one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportAction {
    Add,
    /// Replaces the value stored under the same label (shown in `old`).
    Replace,
    /// Already in the profile.
    Unchanged,
}

impl ImportAction {
    pub const ALL: [ImportAction; 3] = [
        ImportAction::Add,
        ImportAction::Replace,
        ImportAction::Unchanged,
    ];

    /// Its name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportAction::Add => "add",
            ImportAction::Replace => "replace",
            ImportAction::Unchanged => "unchanged",
        }
    }

    /// The words a person reads for it, before the value in an import's plan.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("import-action-{}", self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportChangeView {
    pub field: String,
    /// The label the value is stored under (unique within the field).
    pub label: Option<String>,
    pub value: String,
    /// Whether it becomes the field's primary value.
    pub primary: bool,
    /// Whether to say so: it becomes the primary value of a field that holds several.
    pub says_primary: bool,
    pub action: ImportAction,
    /// The value being replaced.
    pub old: Option<String>,
    /// Where in the file: `line 7` or `member /emails/e1`.
    pub origin: String,
}

/// Something in the file that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportSkippedView {
    /// `line 12` or `member /photos`.
    pub origin: String,
    /// The property or member (`PHOTO`, `/photos`), or the field it would have filled.
    pub item: String,
    pub reason: String,
    /// What would let it be imported; null when nothing would.
    pub remedy: Option<ImportRemedy>,
}

/// What would let a skipped value be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportRemedy {
    /// Give the country of phone numbers written without their country code.
    Region,
    /// Choose to import notes.
    Notes,
    /// Choose to import categories.
    Categories,
}

impl From<interchange::Remedy> for ImportRemedy {
    fn from(remedy: interchange::Remedy) -> Self {
        match remedy {
            interchange::Remedy::Region => ImportRemedy::Region,
            interchange::Remedy::Include(OptIn::Notes) => ImportRemedy::Notes,
            interchange::Remedy::Include(OptIn::Categories) => ImportRemedy::Categories,
        }
    }
}

impl ImportRemedy {
    /// The choice that includes it, for a remedy that is one.
    pub fn opt_in(self) -> Option<OptIn> {
        match self {
            ImportRemedy::Region => None,
            ImportRemedy::Notes => Some(OptIn::Notes),
            ImportRemedy::Categories => Some(OptIn::Categories),
        }
    }
}

/// One card of the file, for choosing which is the person's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportCardView {
    /// 1-based.
    pub index: u32,
    pub name: Option<String>,
    /// A few values that tell the cards apart (email, phone, organization).
    pub details: Vec<String>,
}

/// Values imported only if the person chooses: `notes` or `categories`, how many the card
/// holds, and whether this plan includes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportOptInView {
    pub kind: OptIn,
    pub count: u32,
    pub included: bool,
}

/// The person's choices for an import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ImportChoices {
    /// Which card (1-based) of a file that holds several.
    #[serde(default)]
    pub card: Option<u32>,
    /// ISO 3166-1 country for phone numbers written without their country code.
    #[serde(default)]
    pub region: Option<String>,
    /// Values imported only when chosen: `notes` (NOTE / notes, into the private `notes`
    /// field), `categories` (CATEGORIES / keywords, as interests).
    #[serde(default)]
    pub include: Vec<OptIn>,
}

impl ImportChoices {
    pub fn options(&self) -> interchange::ImportOptions {
        let include = self.include.iter().copied().collect();
        interchange::ImportOptions {
            card: self.card.map(|c| c as usize),
            region: self
                .region
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            include,
        }
    }
}

/// What an import would do, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPlanView {
    pub file: String,
    pub format: Format,
    /// Every card in the file.
    pub cards: Vec<ImportCardView>,
    /// The card the changes come from; null when the file holds several and none is chosen
    /// yet (then `changes` is empty).
    pub card: Option<u32>,
    /// The file holds several cards and none is chosen yet: the person must say which.
    pub needs_card_choice: bool,
    pub changes: Vec<ImportChangeView>,
    /// Everything in the file that is not imported, with the reason.
    pub skipped: Vec<ImportSkippedView>,
    /// How the file was read, when the person should know (a guessed character set...).
    pub notes: Vec<String>,
    /// The card's values imported only if the person chooses (counted whether included or not).
    pub opt_in: Vec<ImportOptInView>,
    pub region: Option<String>,
    pub adds: u32,
    pub replacements: u32,
    pub unchanged: u32,
    /// How many values applying it writes (additions and replacements).
    pub writes: u32,
}

impl From<&ImportPlan> for ImportPlanView {
    fn from(plan: &ImportPlan) -> Self {
        ImportPlanView {
            file: plan.file.clone(),
            format: plan.format,
            cards: plan
                .cards
                .iter()
                .map(|c| ImportCardView {
                    index: count(c.index),
                    name: c.name.clone(),
                    details: c.details.clone(),
                })
                .collect(),
            card: plan.card.map(count),
            needs_card_choice: plan.needs_card_choice(),
            changes: plan
                .changes
                .iter()
                .map(|c| ImportChangeView {
                    field: c.field.clone(),
                    label: c.label.clone(),
                    value: c.value.clone(),
                    primary: c.primary,
                    says_primary: c.says_primary(),
                    action: match c.action {
                        Action::Add => ImportAction::Add,
                        Action::Replace { .. } => ImportAction::Replace,
                        Action::Unchanged => ImportAction::Unchanged,
                    },
                    old: match &c.action {
                        Action::Replace { old } => Some(old.clone()),
                        _ => None,
                    },
                    origin: c.origin.clone(),
                })
                .collect(),
            skipped: plan
                .skipped
                .iter()
                .map(|s| ImportSkippedView {
                    origin: s.origin.clone(),
                    item: s.item.clone(),
                    reason: s.reason.clone(),
                    remedy: s.remedy.map(ImportRemedy::from),
                })
                .collect(),
            notes: plan.notes.clone(),
            opt_in: plan
                .opt_in
                .iter()
                .map(|o| ImportOptInView {
                    kind: o.kind,
                    count: count(o.count),
                    included: o.included,
                })
                .collect(),
            region: plan.region.clone(),
            adds: count(plan.count(|a| *a == Action::Add)),
            replacements: count(plan.count(|a| matches!(a, Action::Replace { .. }))),
            unchanged: count(plan.count(|a| *a == Action::Unchanged)),
            writes: count(plan.writes()),
        }
    }
}

pub use tessera_profile::interchange::MAX_IMPORT_BYTES;

const MAX_PAGE: u32 = 500;

/// A count for the UI (u32: JavaScript numbers hold it exactly), saturating.
pub(crate) fn count(n: impl TryInto<u32>) -> u32 {
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
            reason: tessera_text::text!("api-not-a-date", text = format!("{text:?}")),
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
    let sensitivity = info
        .as_ref()
        .map_or(Sensitivity::Standard, |i| i.sensitivity);
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
        sensitivity: sensitivity.as_str().to_owned(),
        sensitive: sensitivity.is_special(),
        allowed: rule.allowed,
        active: rule.allows_on(today),
        state: RuleState::of(rule.allowed, rule.allows_on(today)),
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

/// A code and the words a person reads for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Term {
    pub name: String,
    pub label: String,
}

impl Term {
    pub fn new(name: &str, label: impl Into<String>) -> Term {
        Term {
            name: name.to_owned(),
            label: label.into(),
        }
    }
}

/// Every vocabulary the UI shows, with its words: defined once, in Rust; the UI keeps no
/// tables of its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Vocabulary {
    pub categories: Vec<Term>,
    /// `standard`, then each special category.
    pub sensitivities: Vec<Term>,
    pub forms: Vec<Term>,
    /// Where a grant stands (`active`, `expiring`, `expired`, `revoked`).
    pub grant_states: Vec<Term>,
    /// The interchange formats (`vcard`, `jscontact`).
    pub formats: Vec<Term>,
    /// What an import takes only when chosen (`notes`, `categories`), with the words of the choice.
    pub opt_ins: Vec<Term>,
    /// What the ledger records (`grant_issued`, ...).
    pub ledger_events: Vec<Term>,
    /// Where a standing rule stands (`allowed`, `expired`, `denied`).
    pub rule_states: Vec<Term>,
    /// Where a request stands (`pending`, `approved`, `denied`).
    pub request_statuses: Vec<Term>,
    /// What an import does with a value (`add`, `replace`, `unchanged`).
    pub import_actions: Vec<Term>,
    /// Why the vault locked itself (`idle`, `sleep`, `screen_lock`), with what the lock
    /// screen says.
    pub lock_reasons: Vec<Term>,
    pub limits: Limits,
    /// The first run's demo brand: every screen that names a brand marks this one as a demo.
    pub demo_brand: String,
    /// The locale of the words (a catalogue folder: `en`), for the webview's own messages,
    /// numbers and dates to match the ones Rust gives.
    pub locale: String,
}

/// Limits the core enforces, for the faces to state and to keep their inputs within.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Limits {
    /// The shortest passphrase a new vault or a new passphrase may have, in characters.
    pub min_passphrase_chars: u32,
    /// What every custom field's name starts with (`custom.`).
    pub custom_field_prefix: String,
    /// The longest custom field name after the prefix, in characters.
    pub max_custom_name_chars: u32,
    /// The idle times offered before the vault locks itself, in seconds, shortest first.
    pub auto_lock_choices: Vec<u32>,
}

pub fn vocabulary() -> Vocabulary {
    let term = Term::new;
    Vocabulary {
        categories: Category::ALL
            .iter()
            .map(|c| term(c.as_str(), c.label()))
            .collect(),
        sensitivities: Sensitivity::all()
            .map(|s| term(s.as_str(), s.label()))
            .collect(),
        forms: FormKind::all()
            .map(|f| term(&f.name(), f.label()))
            .collect(),
        grant_states: crate::exchange::GrantState::ALL
            .iter()
            .map(|s| term(s.as_str(), s.label()))
            .collect(),
        formats: Format::ALL.map(|f| term(f.name(), f.label())).into(),
        opt_ins: OptIn::ALL.map(|o| term(o.as_str(), o.label())).into(),
        ledger_events: tessera_exchange::ledger::LedgerEvent::ALL
            .map(|e| term(e.as_str(), e.label()))
            .into(),
        rule_states: RuleState::ALL.map(|r| term(r.as_str(), r.label())).into(),
        request_statuses: crate::exchange::RequestStatus::ALL
            .map(|s| term(s.as_str(), s.label()))
            .into(),
        import_actions: ImportAction::ALL
            .map(|a| term(a.as_str(), a.label()))
            .into(),
        lock_reasons: crate::LockReason::ALL
            .map(|r| term(r.as_str(), r.label()))
            .into(),
        limits: Limits {
            min_passphrase_chars: count(tessera_vault::secret::MIN_PASSPHRASE_CHARS),
            custom_field_prefix: tessera_profile::model::CUSTOM_PREFIX.to_owned(),
            max_custom_name_chars: count(tessera_profile::model::MAX_CUSTOM_NAME_CHARS),
            auto_lock_choices: crate::AUTO_LOCK_CHOICES.into(),
        },
        demo_brand: crate::demo::DEMO_BRAND.to_owned(),
        locale: tessera_text::locale().to_owned(),
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
                            ApiError::invalid_input(tessera_text::text!(
                                "api-unknown-category",
                                category = format!("{c:?}"),
                                codes = Category::ALL.map(|c| c.as_str()).join(", ")
                            ))
                        })?),
                        None => None,
                    },
                    sensitivity: match &req.sensitivity {
                        Some(s) => Some(Sensitivity::parse(s).ok_or_else(|| {
                            ApiError::invalid_input(tessera_text::text!(
                                "api-unknown-sensitivity",
                                sensitivity = format!("{s:?}"),
                                codes = SpecialCategory::ALL.map(|c| c.as_str()).join(", ")
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
        choices: &ImportChoices,
        now: Timestamp,
    ) -> Result<ImportPlan, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        Ok(interchange::plan_import(
            vault,
            file_name,
            bytes,
            &choices.options(),
            today,
        )?)
    }

    /// Applies a plan from [`Session::import_plan`], all or nothing.
    pub fn import_apply(&mut self, plan: &ImportPlan, now: Timestamp) -> Result<u32, ApiError> {
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        Ok(count(interchange::apply_import(vault, plan, today)?))
    }

    /// Keeps a file the person chose (or pasted) for import until it is applied, another is
    /// chosen, or the vault locks, so that the webview never holds its bytes. Returns the
    /// plan with default choices.
    pub fn import_stage(
        &mut self,
        file_name: &str,
        bytes: Vec<u8>,
        now: Timestamp,
    ) -> Result<ImportPlanView, ApiError> {
        self.vault()?;
        self.staged_import = None;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-profile-file-too-large",
                name = file_name.to_owned(),
                limit = MAX_IMPORT_BYTES.to_string()
            )));
        }
        let plan = self.import_plan(file_name, &bytes, &ImportChoices::default(), now)?;
        self.staged_import = Some(crate::session::StagedImport {
            name: file_name.to_owned(),
            bytes: zeroize::Zeroizing::new(bytes),
        });
        Ok((&plan).into())
    }

    /// The staged file's plan with the person's choices.
    pub fn import_staged_plan(
        &self,
        choices: &ImportChoices,
        now: Timestamp,
    ) -> Result<ImportPlan, ApiError> {
        let staged = self.staged_import.as_ref().ok_or_else(|| {
            ApiError::missing_input(tessera_text::text!("api-import-nothing-staged"))
        })?;
        self.import_plan(&staged.name, &staged.bytes, choices, now)
    }

    /// Plans the staged file again with the person's choices and applies it, all or nothing.
    /// The file is forgotten once applied.
    pub fn import_staged_apply(
        &mut self,
        choices: &ImportChoices,
        now: Timestamp,
    ) -> Result<u32, ApiError> {
        let plan = self.import_staged_plan(choices, now)?;
        let written = self.import_apply(&plan, now)?;
        self.staged_import = None;
        Ok(written)
    }

    /// The profile as vCard 4 (`vcard`) or JSContact (`jscontact`) text. Unencrypted.
    pub fn export_profile(&self, format: Format) -> Result<String, ApiError> {
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
        let (total, brands) = store::brand_page(
            vault,
            search.filter(|s| !s.trim().is_empty()),
            offset as usize,
            limit.min(MAX_PAGE) as usize,
        )?;
        let rules = rules_of_brands(vault, &brands)?;
        Ok(BrandPage {
            total: count(total),
            brands: brands
                .iter()
                .map(|b| brand_view(b, &rules, today))
                .collect(),
        })
    }

    pub fn brand_show(&self, id: &str, now: Timestamp) -> Result<BrandDetail, ApiError> {
        let id = parse_brand(id)?;
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let brand = store::get_brand(vault, &id)?;
        let rules = store::rules_for_brand(vault, &id)?;
        let values = store::values_of_fields(vault, rules.iter().map(|r| r.field.as_str()))?;
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
                ApiError::invalid_input(tessera_text::text!(
                    "api-unknown-special-category",
                    category = format!("{c:?}")
                ))
            })?),
        };
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let rule = store::allow(vault, &id, &req.field, form, until, confirm, today)?;
        let values = store::values_of_fields(vault, [rule.field.as_str()])?;
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
        let values = store::values_of_fields(vault, [rule.field.as_str()])?;
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
        let values = store::values_of_fields(vault, [field])?;
        let who = store::who_can_see(vault, field, today)?;
        let brands: Vec<Brand> = who.iter().map(|(b, _)| b.clone()).collect();
        Ok(who
            .iter()
            .map(|(_, r)| rule_view(&values, &brands, r, today))
            .collect())
    }

    /// Standing rules that allow something today and end within `days` days, soonest first.
    pub(crate) fn rules_ending_within(
        &self,
        days: i64,
        now: Timestamp,
    ) -> Result<Vec<RuleView>, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let horizon = today.saturating_add(jiff::Span::new().days(days));
        let ending = store::rules_ending_between(vault, today, horizon)?;
        let values = store::values_of_fields(vault, ending.iter().map(|r| r.field.as_str()))?;
        let brands = store::brands_named(vault, ending.iter().map(|r| r.brand.as_str()))?;
        Ok(ending
            .iter()
            .map(|r| rule_view(&values, &brands, r, today))
            .collect())
    }

    /// A page of the matrix: fields that have a value or a rule (catalogue order, then custom),
    /// by brands sorted by name.
    pub fn matrix(&self, q: &MatrixQuery, now: Timestamp) -> Result<MatrixPage, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        // The field names and the brands' order come from the index's keys; only the page's
        // brands, their rules and the page's fields' values are opened.
        let mut field_names: Vec<String> = store::fields_with_values(vault)?;
        // A rule's field is described by the catalogue, or by the values of the custom field.
        field_names.extend(
            store::fields_with_rules(vault)?
                .into_iter()
                .filter(|f| catalogue::lookup(f).is_some()),
        );
        field_names.sort_by(|a, b| {
            (store::catalogue_position(a), a).cmp(&(store::catalogue_position(b), b))
        });
        field_names.dedup();
        let page_names: Vec<&str> = field_names
            .iter()
            .skip(q.field_offset as usize)
            .take(q.field_limit.min(MAX_PAGE) as usize)
            .map(String::as_str)
            .collect();
        let values = store::values_of_fields(vault, page_names.iter().copied())?;
        let page_fields: Vec<FieldInfo> = store::field_infos(&values, page_names.iter().copied());
        let (total_brands, page_brands) = store::brand_page(
            vault,
            q.brand_search.as_deref().filter(|s| !s.trim().is_empty()),
            q.brand_offset as usize,
            q.brand_limit.min(MAX_PAGE) as usize,
        )?;
        let rules = rules_of_brands(vault, &page_brands)?;
        // Index the page's active rules once: (brand, field) -> form.
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
            fields: page_fields.iter().map(FieldView::from).collect(),
            brands: page_brands
                .iter()
                .map(|b| brand_view(b, &rules, today))
                .collect(),
            cells,
            total_fields: count(field_names.len()),
            total_brands: count(total_brands),
        })
    }
}

/// The rules of `brands`, opening no other rule.
fn rules_of_brands(vault: &Vault, brands: &[Brand]) -> Result<Vec<Rule>, ApiError> {
    let mut rules = Vec::new();
    for b in brands {
        rules.extend(store::rules_for_brand(vault, &parse_brand(&b.id)?)?);
    }
    Ok(rules)
}

#[cfg(test)]
mod vocabulary_tests {
    use super::*;

    #[test]
    fn a_rules_state_is_allowed_expired_or_denied_and_serialized_by_its_name() {
        assert_eq!(RuleState::of(true, true), RuleState::Allowed);
        assert_eq!(RuleState::of(true, false), RuleState::Expired);
        assert_eq!(RuleState::of(false, false), RuleState::Denied);
        assert_eq!(RuleState::of(false, true), RuleState::Denied);
        for state in RuleState::ALL {
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::json!(state.as_str())
            );
        }
    }

    #[test]
    fn every_code_has_its_words_once() {
        let v = vocabulary();
        let label = |terms: &[Term], name: &str| {
            terms
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.label.clone())
        };
        assert_eq!(
            label(&v.forms, "age_over_18").as_deref(),
            Some("Over 18 (yes/no)")
        );
        assert_eq!(label(&v.forms, "raw").as_deref(), Some("Exact value"));
        assert_eq!(
            label(&v.categories, "locale").as_deref(),
            Some("Language and time")
        );
        assert_eq!(
            label(&v.sensitivities, "trade_union").as_deref(),
            Some("trade-union membership")
        );
        assert_eq!(v.sensitivities[0].name, "standard");
        // Every form a field offers has words, and every listed form is a real one.
        for def in catalogue::CATALOGUE {
            for form in def.forms {
                assert!(label(&v.forms, &form.name()).is_some(), "{}", form.name());
            }
        }
        for t in &v.forms {
            assert_eq!(FormKind::parse(&t.name).unwrap().name(), t.name);
        }
        // Named without `..`: a new list fails to compile here until it is checked too.
        let Vocabulary {
            categories,
            sensitivities,
            forms,
            grant_states,
            formats,
            opt_ins,
            ledger_events,
            rule_states,
            request_statuses,
            import_actions,
            lock_reasons,
            // Checked against what the core enforces in its own test.
            limits: _,
            demo_brand,
            locale,
        } = &v;
        assert_eq!(demo_brand, crate::demo::DEMO_BRAND);
        assert!(tessera_text::locales().contains(&locale.as_str()));
        for terms in [
            forms,
            categories,
            sensitivities,
            grant_states,
            formats,
            opt_ins,
            ledger_events,
            rule_states,
            request_statuses,
            import_actions,
            lock_reasons,
        ] {
            assert!(!terms.is_empty());
            assert!(
                terms.iter().all(|t| !t.label.is_empty()),
                "every code has words"
            );
            let mut names: Vec<&str> = terms.iter().map(|t| t.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), terms.len(), "no code twice");
        }
        assert_eq!(v.categories.len(), Category::ALL.len());
        // Each is named as it is serialized.
        for state in crate::exchange::RequestStatus::ALL {
            assert_eq!(serde_json::to_value(state).unwrap(), state.as_str());
        }
        for action in ImportAction::ALL {
            assert_eq!(serde_json::to_value(action).unwrap(), action.as_str());
        }
        for reason in crate::LockReason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.as_str());
        }
        let lock = |reason| label(&v.lock_reasons, reason).unwrap_or_default();
        assert!(lock("idle").contains("inactivity"));
        assert!(lock("sleep").contains("went to sleep"));
        assert_eq!(
            lock("screen_lock"),
            "Tessera locked itself because the screen was locked."
        );
        assert_eq!(label(&v.import_actions, "add").as_deref(), Some("Add"));
        assert_eq!(
            label(&v.request_statuses, "pending").as_deref(),
            Some("pending")
        );
    }

    #[test]
    fn the_limits_are_those_the_core_enforces() {
        let limits = vocabulary().limits;
        assert_eq!(limits.min_passphrase_chars, 8);
        let short = tessera_vault::Passphrase::from_str_copy("1234567");
        let long = tessera_vault::Passphrase::from_str_copy("12345678");
        assert!(short.check_new().is_err() && long.check_new().is_ok());
        let name = |n: usize| format!("{}{}", limits.custom_field_prefix, "a".repeat(n));
        let max = limits.max_custom_name_chars as usize;
        assert!(tessera_profile::model::check_custom_name(&name(max)).is_ok());
        assert!(tessera_profile::model::check_custom_name(&name(max + 1)).is_err());
        let choices = &limits.auto_lock_choices;
        assert!(choices.is_sorted());
        assert_eq!(choices.first(), Some(&crate::MIN_AUTO_LOCK_SECONDS));
        assert_eq!(choices.last(), Some(&crate::MAX_AUTO_LOCK_SECONDS));
        assert!(choices.contains(&crate::DEFAULT_AUTO_LOCK_SECONDS));
        // Each is a whole number of minutes, as the app offers them.
        assert!(choices.iter().all(|s| s % 60 == 0));
    }

    #[test]
    fn an_imported_request_is_told_in_one_sentence_by_its_key_status() {
        use crate::exchange::KeyStatus;
        assert_eq!(
            KeyStatus::Pinned.notice("Shop", "F1"),
            "First request from Shop: its key is now pinned (fingerprint F1)."
        );
        assert_eq!(
            KeyStatus::Retrusted.notice("Shop", "F2"),
            "Shop now signs with a new key, which you chose to trust."
        );
        assert_eq!(
            KeyStatus::Known.notice("Shop", "F1"),
            "Request from Shop imported."
        );
    }

    #[test]
    fn a_field_view_says_what_input_it_needs() {
        let fields = catalogue_fields();
        let field = |name: &str| fields.iter().find(|f| f.name == name).unwrap();
        assert_eq!(field("phone_number").kind, InputKind::Phone);
        assert_eq!(field("gender").kind, InputKind::Choice);
        assert_eq!(
            serde_json::to_value(field("phone_number").kind).unwrap(),
            "phone"
        );
        assert!(
            field("gender")
                .choices
                .contains(&Term::new("non_binary", "non-binary"))
        );
        assert!(field("email").choices.is_empty());
        assert!(field("notes").multiline && !field("email").multiline);
    }
}
