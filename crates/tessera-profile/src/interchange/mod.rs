//! Profile import and export: vCard 2.1, 3.0 and 4.0 (RFC 6350) and JSContact (RFC 9553).
//!
//! Import is two steps. [`plan_import`] reads the whole file, validates each value and
//! compares it with the profile, changing nothing: a value Tessera cannot use is listed as
//! [`Skipped`] with its reason and where it was, and the rest imports. Only a file that holds
//! no card at all, or is broken (a card never closed, JSON that does not parse), is refused.
//! [`apply_import`] then writes every change in one atomic batch; the plan says exactly what
//! is stored, label for label.
//!
//! Files are hostile until proven otherwise: no byte-index slicing of their text, and no
//! arithmetic that could overflow.
#![deny(clippy::arithmetic_side_effects)]

mod jscontact;
mod lexer;
mod vcard;

use std::collections::BTreeSet;
use std::collections::HashMap;

use jiff::civil::Date;
use tessera_vault::Vault;

use crate::catalogue::{self, Sensitivity};
use crate::model::{CUSTOM_PREFIX, ProfileValue, Provenance};
use crate::store::{self, CustomSpec, SetValue};
use crate::validate::validate;
use crate::{ProfileError, Result};

use jscontact::export_jscontact;
pub use jscontact::parse_jscontact;
use vcard::export_vcard;
pub use vcard::parse_vcard;

/// The reasons both readers give for what they skip: one wording per reason.
pub(crate) mod reason {
    pub fn partial_date() -> String {
        tessera_text::text!("interchange-partial-date")
    }

    pub fn media() -> String {
        tessera_text::text!("interchange-media")
    }

    pub fn about_others() -> String {
        tessera_text::text!("interchange-about-others")
    }

    pub fn about_the_file() -> String {
        tessera_text::text!("interchange-about-the-file")
    }

    /// An empty value (a property or member with nothing in it).
    pub fn empty() -> String {
        tessera_text::text!("interchange-empty")
    }

    pub fn unknown_country(country: &str) -> String {
        tessera_text::text!(
            "interchange-unknown-country",
            country = format!("{country:?}")
        )
    }

    /// `what` is a property or member name (`X-FOO`, `photos`, `name/title`).
    pub fn no_field(what: &str) -> String {
        tessera_text::text!("interchange-no-field", item = what.to_owned())
    }
}

/// Where something was in a file, as [`Incoming::origin`] and [`Skipped::origin`] say it.
pub(crate) mod origin {
    /// `line 12`, in a vCard.
    pub fn line(number: usize) -> String {
        tessera_text::text!("interchange-origin-line", line = number.to_string())
    }

    /// `lines 12-14`, in a vCard.
    pub fn lines(from: usize, to: usize) -> String {
        tessera_text::text!(
            "interchange-origin-lines",
            from = from.to_string(),
            to = to.to_string()
        )
    }

    /// `member /emails/e1`, in a JSContact file (a JSON pointer).
    pub fn member(path: &str) -> String {
        tessera_text::text!("interchange-origin-member", path = path.to_owned())
    }

    /// The line number of an origin that is one line ([`line`]), whatever the words.
    pub fn line_number(origin: &str) -> Option<usize> {
        let number: usize = origin
            .split(|c: char| !c.is_ascii_digit())
            .find(|n| !n.is_empty())?
            .parse()
            .ok()?;
        (line(number) == origin).then_some(number)
    }
}

/// Files larger than this are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// The interchange formats, by the names the CLI's `--format` and the app's commands use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Format {
    #[serde(rename = "vcard")]
    VCard,
    #[serde(rename = "jscontact")]
    JsContact,
}

impl Format {
    /// The name an exported profile is offered under.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::VCard => "profile.vcf",
            Format::JsContact => "profile.json",
        }
    }

    pub const ALL: [Format; 2] = [Format::VCard, Format::JsContact];

    /// Its name, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Format::VCard => "vcard",
            Format::JsContact => "jscontact",
        }
    }

    /// Its name as a person reads it.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("format-{}", self.name())
    }

    pub fn parse(s: &str) -> Result<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                ProfileError::InvalidInput(tessera_text::text!(
                    "interchange-unknown-format",
                    format = format!("{s:?}"),
                    vcard = Format::VCard.name(),
                    jscontact = Format::JsContact.name()
                ))
            })
    }
}

/// Values a person imports only when they choose to: they are private or not quite what the
/// profile field means.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum OptIn {
    /// `NOTE` / `notes`: free text about the person, never disclosed (field `notes`).
    Notes,
    /// `CATEGORIES` / `keywords`: address-book groups, which may or may not be interests.
    Categories,
}

impl OptIn {
    pub const ALL: [OptIn; 2] = [OptIn::Notes, OptIn::Categories];

    /// Its name, as serialized and as the CLI's `--include` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            OptIn::Notes => "notes",
            OptIn::Categories => "categories",
        }
    }

    /// What choosing it means, as a person reads it.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("opt-in-{}", self.as_str())
    }
}

/// One value read from a file, before validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    pub field: String,
    pub input: String,
    pub label: Option<String>,
    /// The file's preference, 1 (most preferred) to 100; `None` when it gives none.
    pub pref: Option<u8>,
    pub custom: Option<(String, String)>,
    /// Where it was in the file: `line 7` or `member /emails/e1/address`.
    pub origin: String,
    /// Imported only if the person chose to.
    pub opt_in: Option<OptIn>,
}

impl Incoming {
    pub fn new(field: &str, input: impl Into<String>, origin: &str) -> Incoming {
        Incoming {
            field: field.to_owned(),
            input: input.into(),
            label: None,
            pref: None,
            custom: None,
            origin: origin.to_owned(),
            opt_in: None,
        }
    }

    pub fn label(mut self, label: Option<String>) -> Incoming {
        self.label = label;
        self
    }

    pub fn pref(mut self, pref: Option<u8>) -> Incoming {
        self.pref = pref;
        self
    }
}

/// Something in the file that is not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `line 12` or `member /photos`.
    pub origin: String,
    /// The property, parameter or member: `PHOTO`, `BDAY`, `/photos`.
    pub item: String,
    pub reason: String,
    /// What the person can give for it to be imported, if anything.
    pub remedy: Option<Remedy>,
}

/// What would let a skipped value be imported; each face words it its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// A phone number in national format: give the import a region.
    Region,
    /// A value imported only if the person chooses to.
    Include(OptIn),
}

impl Skipped {
    pub fn new(origin: &str, item: &str, reason: impl Into<String>) -> Skipped {
        Skipped {
            origin: origin.to_owned(),
            item: item.to_owned(),
            reason: reason.into(),
            remedy: None,
        }
    }
}

/// What the card picker shows: a name and a few details to tell cards apart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardSummary {
    /// 1-based position in the file.
    pub index: usize,
    pub name: Option<String>,
    pub details: Vec<String>,
}

impl CardSummary {
    /// A name (the full name, else the name's parts) and the first email, phone and
    /// organization: enough to tell a person's card from the others in an address book.
    pub fn of(index: usize, values: &[Incoming]) -> CardSummary {
        let first = |field: &str| {
            values
                .iter()
                .find(|v| v.field == field)
                .map(|v| v.input.clone())
        };
        let name = first("name").or_else(|| {
            let parts: Vec<String> = ["given_name", "middle_name", "family_name"]
                .iter()
                .filter_map(|f| first(f))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        CardSummary {
            index,
            name,
            details: ["email", "phone_number", "organization"]
                .iter()
                .filter_map(|f| first(f))
                .collect(),
        }
    }
}

/// One card as read: what it would import, and what it would not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedCard {
    pub summary: CardSummary,
    pub values: Vec<Incoming>,
    pub skipped: Vec<Skipped>,
    /// Things the person should know about how the card was read (a guessed charset...).
    pub notes: Vec<String>,
}

/// What a parser returns: the cards, and what it found outside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub cards: Vec<ParsedCard>,
    pub skipped: Vec<Skipped>,
}

/// The person's choices for one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Which card (1-based) of a file that holds several; a file with one card needs none.
    pub card: Option<usize>,
    /// ISO 3166-1 country for phone numbers written in national format (`(617) 236-0442`).
    pub region: Option<String>,
    /// What the person chose to import besides the values of fields Tessera fills directly.
    pub include: BTreeSet<OptIn>,
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
    /// The label the value is stored under (made unique within the field if the file repeats one).
    pub label: Option<String>,
    pub value: String,
    /// Whether it becomes the field's primary value.
    pub primary: bool,
    pub action: Action,
    pub origin: String,
    input: String,
    custom: Option<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub file: String,
    pub format: Format,
    /// Every card in the file.
    pub cards: Vec<CardSummary>,
    /// The card the changes come from; `None` when the file holds several and none was chosen
    /// (then there are no changes, and the person picks one).
    pub card: Option<usize>,
    pub changes: Vec<PlannedChange>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
    /// The card's values that are imported only if the person chooses: by kind, how many, and
    /// whether this plan includes them.
    pub opt_in: Vec<OptInCount>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptInCount {
    pub kind: OptIn,
    pub count: usize,
    pub included: bool,
}

impl ImportPlan {
    pub fn count(&self, want: fn(&Action) -> bool) -> usize {
        self.changes.iter().filter(|c| want(&c.action)).count()
    }

    /// The file holds several cards and none is chosen: nothing is planned until the person
    /// says which is theirs.
    pub fn needs_card_choice(&self) -> bool {
        self.card.is_none()
    }

    /// How many values applying the plan writes: its additions and replacements.
    pub fn writes(&self) -> usize {
        self.count(|a| *a != Action::Unchanged)
    }
}

impl PlannedChange {
    /// Whether to tell the person that it becomes the field's primary value: only for a field
    /// that holds several values (a field's single value is always its primary), as the
    /// profile shows it; custom fields hold several.
    pub fn says_primary(&self) -> bool {
        self.primary && catalogue::lookup(&self.field).is_none_or(|d| d.multiple)
    }
}

/// Detects the format from the content: `BEGIN:VCARD` or JSON (an object or an array).
pub fn detect(bytes: &[u8]) -> Result<Format> {
    if lexer::looks_like_vcard(bytes) {
        return Ok(Format::VCard);
    }
    let text = lexer::text_of(bytes).map_err(|_| not_a_card())?;
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        Ok(Format::JsContact)
    } else {
        Err(not_a_card())
    }
}

fn not_a_card() -> ProfileError {
    ProfileError::InvalidInput(tessera_text::text!("interchange-not-a-card"))
}

/// Reads a file of either format into cards.
pub fn parse(bytes: &[u8]) -> Result<(Format, Parsed)> {
    let format = detect(bytes)?;
    let parsed = match format {
        Format::VCard => parse_vcard(bytes)?,
        Format::JsContact => parse_jscontact(&lexer::text_of(bytes)?)?,
    };
    Ok((format, parsed))
}

/// Every content line of a vCard file outside nested cards: its line number and property
/// name, for checking that each one is either imported or listed as skipped (the corpus test).
pub fn vcard_content_lines(bytes: &[u8]) -> Result<Vec<(usize, String)>> {
    let file = lexer::read(bytes)?;
    Ok(file
        .cards
        .iter()
        .flat_map(|c| c.lines.iter())
        .filter(|(depth, _)| *depth == 0)
        .map(|(_, l)| (l.number, l.name.clone()))
        .collect())
}

fn located(origin: &str, e: &ProfileError) -> ProfileError {
    ProfileError::InvalidInput(format!("{origin}: {e}"))
}

/// Parses and validates `bytes`, and compares them with the profile. Writes nothing.
pub fn plan_import(
    vault: &Vault,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
    today: Date,
) -> Result<ImportPlan> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "interchange-file-too-large",
            file = file.to_owned(),
            size = bytes.len().to_string(),
            limit = MAX_IMPORT_BYTES.to_string()
        )));
    }
    let (format, parsed) = parse(bytes)?;
    plan_parsed(vault, file, format, &parsed, options, today)
}

/// [`plan_import`] on a file already read with [`parse`] (to plan several of its cards).
pub fn plan_parsed(
    vault: &Vault,
    file: &str,
    format: Format,
    parsed: &Parsed,
    options: &ImportOptions,
    today: Date,
) -> Result<ImportPlan> {
    if let Some(region) = &options.region {
        crate::validate::phone_region(region)?;
    }
    let cards: Vec<CardSummary> = parsed.cards.iter().map(|c| c.summary.clone()).collect();
    let chosen = match (options.card, parsed.cards.len()) {
        (Some(n), count) if n == 0 || n > count => {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "interchange-no-such-card",
                card = n.to_string(),
                file = file.to_owned(),
                count = count.to_string()
            )));
        }
        (Some(n), _) => Some(n),
        (None, 1) => Some(1),
        (None, _) => None,
    };
    let mut plan = ImportPlan {
        file: file.to_owned(),
        format,
        cards,
        card: chosen,
        changes: Vec::new(),
        skipped: parsed.skipped.clone(),
        notes: Vec::new(),
        opt_in: Vec::new(),
        region: options.region.clone(),
    };
    let Some(chosen) = chosen else {
        return Ok(plan);
    };
    let card = parsed
        .cards
        .get(chosen.saturating_sub(1))
        .expect("the card number was checked")
        .clone();
    plan.skipped.extend(card.skipped);
    plan.notes = card.notes;
    // The stored values of the fields the card has, by field, opening no other value.
    let existing = store::values_of_fields(vault, card.values.iter().map(|v| v.field.as_str()))?;
    let mut planner = Planner {
        existing: by_field(&existing, |v| v.field.as_str()),
        planned: HashMap::new(),
        changes: Vec::new(),
        skipped: Vec::new(),
    };
    let mut incoming = card.values;
    // The most preferred first (a stable sort keeps the file's order among equals), so the
    // preferred value of each field becomes its primary value and keeps its label.
    incoming.sort_by_key(|i| i.pref.unwrap_or(u8::MAX));
    let mut opt_in: Vec<OptInCount> = Vec::new();
    for value in incoming {
        if let Some(kind) = value.opt_in {
            let included = options.include.contains(&kind);
            match opt_in.iter_mut().find(|o| o.kind == kind) {
                Some(o) => o.count = o.count.saturating_add(1),
                None => opt_in.push(OptInCount {
                    kind,
                    count: 1,
                    included,
                }),
            }
            if !included {
                planner.skipped.push(Skipped {
                    remedy: Some(Remedy::Include(kind)),
                    ..Skipped::new(
                        &value.origin,
                        &value.field,
                        tessera_text::text!("interchange-opt-in-not-chosen", kind = kind.as_str()),
                    )
                });
                continue;
            }
        }
        planner.add(value, options.region.as_deref(), today);
    }
    plan.changes = planner.changes;
    plan.skipped.extend(planner.skipped);
    // Shown grouped by field in the profile's order (primary first), and skipped items in the
    // file's order.
    plan.changes.sort_by_key(|c| {
        (
            store::catalogue_position(&c.field),
            c.field.clone(),
            !c.primary,
        )
    });
    plan.skipped
        .sort_by_cached_key(|s| origin::line_number(&s.origin).unwrap_or(usize::MAX));
    opt_in.sort_by_key(|o| o.kind);
    plan.opt_in = opt_in;
    Ok(plan)
}

/// Decides, value by value, what the import does: the label each value is stored under,
/// whether it replaces one, and which is primary.
struct Planner<'a> {
    /// The stored values of each field, in the order [`store::values_of_fields`] gives.
    existing: HashMap<&'a str, Vec<&'a ProfileValue>>,
    /// The indexes in `changes` of each field's planned changes, in order.
    planned: HashMap<String, Vec<usize>>,
    changes: Vec<PlannedChange>,
    skipped: Vec<Skipped>,
}

/// `items` grouped by `key`, each group in the items' order.
fn by_field<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, Vec<&'a T>> {
    let mut out: HashMap<&str, Vec<&T>> = HashMap::new();
    for item in items {
        out.entry(key(item)).or_default().push(item);
    }
    out
}

impl Planner<'_> {
    fn add(&mut self, incoming: Incoming, region: Option<&str>, today: Date) {
        let (kind, multiple) = match field_kind(&incoming) {
            Ok(found) => found,
            Err(e) => {
                self.skip(&incoming, &e);
                return;
            }
        };
        let value = match validate(&incoming.field, kind, &incoming.input, region, today) {
            Ok(value) => value,
            Err(e) => {
                self.skip(&incoming, &e);
                // A number that reads with a country code but not without one needs the region.
                let input = incoming.input.trim();
                let national = region.is_none()
                    && kind == catalogue::ValueKind::Phone
                    && !input.starts_with('+')
                    && input.chars().filter(char::is_ascii_digit).count() >= 4
                    && input
                        .chars()
                        .all(|c| c.is_ascii_digit() || " ()-./".contains(c));
                if national && let Some(last) = self.skipped.last_mut() {
                    last.remedy = Some(Remedy::Region);
                }
                return;
            }
        };
        let planned: Vec<&PlannedChange> = self
            .planned
            .get(&incoming.field)
            .map(|at| at.iter().map(|&i| &self.changes[i]).collect())
            .unwrap_or_default();
        let display = value.display();
        // An exact repeat (same value, same label) adds nothing; the same value under
        // another label (one number for home and work) is kept.
        if planned
            .iter()
            .any(|c| c.value == display && (!multiple || c.label == incoming.label))
        {
            self.skipped.push(Skipped::new(
                &incoming.origin,
                &incoming.field,
                tessera_text::text!("interchange-repeated-value"),
            ));
            return;
        }
        let claimed = |label: &Option<String>| planned.iter().any(|c| &c.label == label);
        let stored: &[&ProfileValue] = self
            .existing
            .get(incoming.field.as_str())
            .map_or(&[], Vec::as_slice);
        let first_of_field = planned.is_empty();
        let (label, action) = if !multiple {
            if !first_of_field {
                self.skipped.push(Skipped::new(
                    &incoming.origin,
                    &incoming.field,
                    tessera_text::text!("interchange-single-value", field = incoming.field.clone()),
                ));
                return;
            }
            let action = match stored.first() {
                Some(old) if old.value == value => Action::Unchanged,
                Some(old) => Action::Replace {
                    old: old.value.display(),
                },
                None => Action::Add,
            };
            (None, action)
        } else if let Some(same) = stored
            .iter()
            .find(|v| v.value == value && v.label == incoming.label && !claimed(&v.label))
            .or_else(|| {
                stored
                    .iter()
                    .find(|v| v.value == value && !claimed(&v.label))
            })
        {
            // Already in the profile (under whatever label): nothing to change.
            (same.label.clone(), Action::Unchanged)
        } else if let Some(old) = stored
            .iter()
            .find(|v| v.label == incoming.label && !claimed(&v.label))
        {
            (
                old.label.clone(),
                Action::Replace {
                    old: old.value.display(),
                },
            )
        } else {
            let taken: Vec<&Option<String>> = stored
                .iter()
                .map(|v| &v.label)
                .chain(planned.iter().map(|c| &c.label))
                .collect();
            (unique_label(incoming.label.as_deref(), &taken), Action::Add)
        };
        let primary =
            first_of_field && (incoming.pref.is_some() || stored.iter().all(|v| v.label == label));
        self.planned
            .entry(incoming.field.clone())
            .or_default()
            .push(self.changes.len());
        self.changes.push(PlannedChange {
            field: incoming.field.clone(),
            label,
            value: display,
            primary,
            action,
            origin: incoming.origin.clone(),
            input: incoming.input,
            custom: incoming.custom,
        });
    }

    fn skip(&mut self, incoming: &Incoming, e: &ProfileError) {
        let reason = match e {
            ProfileError::InvalidValue { reason, .. } => reason.clone(),
            other => other.to_string(),
        };
        self.skipped
            .push(Skipped::new(&incoming.origin, &incoming.field, reason));
    }
}

/// `label`, or `label 2`, `label 3`... (`2`, `3`... without a label): the first that no other
/// value of the field has. Labels are unique within a field.
fn unique_label(label: Option<&str>, taken: &[&Option<String>]) -> Option<String> {
    let free = |l: &Option<String>| !taken.contains(&l);
    let base = label.map(str::to_owned);
    if free(&base) {
        return base;
    }
    (2usize..)
        .map(|n| {
            Some(match label {
                Some(l) => format!("{l} {n}"),
                None => n.to_string(),
            })
        })
        .find(|l| free(l))
        .expect("some number is free")
}

/// The field's value kind and whether it holds several values.
fn field_kind(incoming: &Incoming) -> Result<(catalogue::ValueKind, bool)> {
    if let Some(def) = catalogue::lookup(&incoming.field) {
        if incoming.label.is_some() && !def.multiple {
            return Err(ProfileError::NotMultiple {
                field: incoming.field.clone(),
            });
        }
        Ok((def.kind, def.multiple))
    } else if incoming.field.starts_with(CUSTOM_PREFIX) {
        crate::model::check_custom_name(&incoming.field)?;
        if let Some((_, sensitivity)) = &incoming.custom
            && Sensitivity::parse(sensitivity).is_none()
        {
            return Err(ProfileError::InvalidInput(tessera_text::text!(
                "interchange-unknown-sensitivity",
                sensitivity = format!("{sensitivity:?}")
            )));
        }
        Ok((catalogue::ValueKind::Text, true))
    } else {
        Err(ProfileError::UnknownField(incoming.field.clone()))
    }
}

/// Writes every change of the plan (except unchanged values) in one atomic batch.
pub fn apply_import(vault: &mut Vault, plan: &ImportPlan, today: Date) -> Result<usize> {
    if plan.card.is_none() {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "interchange-choose-card",
            file = plan.file.clone(),
            count = plan.cards.len().to_string()
        )));
    }
    let file = plan.file.clone();
    vault.atomically(|v| {
        let mut written: usize = 0;
        for change in plan
            .changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
        {
            let custom = change
                .custom
                .as_ref()
                .map(|(label, sensitivity)| CustomSpec {
                    label: Some(label.clone()),
                    category: None,
                    sensitivity: Sensitivity::parse(sensitivity),
                });
            // The import is one transaction, given up whole on an error.
            store::set_value_in(
                v,
                SetValue {
                    field: &change.field,
                    input: &change.input,
                    label: change.label.as_deref(),
                    primary: change.primary,
                    region: plan.region.as_deref(),
                    custom,
                    provenance: Provenance::Imported {
                        file: file.clone(),
                        on: today,
                    },
                },
                today,
            )
            .map_err(|e| located(&change.origin, &e))?;
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
    "name",
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
    "anniversary",
    "organization",
    "job_title",
    "instant_messaging",
    "notes",
];

/// Exports the profile. `uid` names this export in JSContact (`urn:uuid:...`).
pub fn export(vault: &Vault, format: Format, uid: &str) -> Result<String> {
    let data = Exportable::load(vault)?;
    Ok(match format {
        Format::VCard => export_vcard(&data),
        Format::JsContact => export_jscontact(&data, uid),
    })
}

/// What the format modules' tests share: the one card of a file, its values as tuples, and
/// checks over lists of them.
#[cfg(test)]
pub(crate) mod test_util {
    use super::{Parsed, ParsedCard};

    /// The one card `parsed` holds (fails if it holds another number).
    pub(crate) fn only_card(mut parsed: Parsed) -> ParsedCard {
        assert_eq!(parsed.cards.len(), 1, "{parsed:?}");
        parsed.cards.remove(0)
    }

    /// Each value of `card` as `(field, input, label, pref)`.
    pub(crate) fn got(card: &ParsedCard) -> Vec<(&str, &str, Option<&str>, Option<u8>)> {
        card.values
            .iter()
            .map(|v| {
                (
                    v.field.as_str(),
                    v.input.as_str(),
                    v.label.as_deref(),
                    v.pref,
                )
            })
            .collect()
    }

    /// Fails unless `got` holds each of `expected`.
    pub(crate) fn assert_holds<T: PartialEq + std::fmt::Debug>(got: &[T], expected: &[T]) {
        for e in expected {
            assert!(got.contains(e), "{e:?} in {got:?}");
        }
    }

    /// Fails unless `parse` refuses each input with an error that says its text.
    pub(crate) fn assert_refused<I: Copy + std::fmt::Debug, T, E: std::fmt::Display>(
        parse: impl Fn(I) -> Result<T, E>,
        cases: &[(I, &str)],
    ) {
        for &(input, expected) in cases {
            match parse(input) {
                Ok(_) => panic!("{input:?} was read"),
                Err(e) => assert!(e.to_string().contains(expected), "{input:?}: {e}"),
            }
        }
    }

    /// Fails unless each of `expected` begins one of `lines`.
    pub(crate) fn assert_each_begins_one(lines: &[String], expected: &[&str]) {
        for e in expected {
            assert!(lines.iter().any(|x| x.starts_with(e)), "{e} in {lines:#?}");
        }
    }
}

#[cfg(test)]
mod format_tests {
    use super::Format;

    #[test]
    fn each_format_is_serialized_and_parsed_by_its_name() {
        for format in Format::ALL {
            assert_eq!(
                serde_json::to_value(format).unwrap(),
                serde_json::json!(format.name())
            );
            assert_eq!(Format::parse(format.name()).unwrap(), format);
        }
        let err = Format::parse("csv").unwrap_err().to_string();
        assert!(err.contains("use vcard or jscontact"), "{err}");
    }

    #[test]
    fn a_change_says_it_becomes_primary_only_in_a_field_of_several_values() {
        let change = |field: &str, primary: bool, label: Option<&str>| super::PlannedChange {
            field: field.into(),
            label: label.map(str::to_owned),
            value: "v".into(),
            primary,
            action: super::Action::Add,
            origin: "line 3".into(),
            input: "v".into(),
            custom: None,
        };
        // Labelled or not: the CLI said it only when labelled, the app for every field of
        // several values; both now ask the plan.
        assert!(change("email", true, None).says_primary());
        assert!(change("email", true, Some("home")).says_primary());
        assert!(!change("email", false, Some("work")).says_primary());
        assert!(!change("given_name", true, None).says_primary());
        assert!(!change("given_name", true, Some("x")).says_primary());
        // Custom fields hold several values.
        assert!(change("custom.x", true, None).says_primary());
    }

    #[test]
    fn each_opt_in_is_serialized_by_its_name() {
        for opt_in in super::OptIn::ALL {
            assert_eq!(
                serde_json::to_value(opt_in).unwrap(),
                serde_json::json!(opt_in.as_str())
            );
        }
    }
}
