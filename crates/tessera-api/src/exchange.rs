//! Requests, grants, receipts and the ledger as the app and the CLI see them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tessera_exchange::documents;
pub use tessera_exchange::documents::OpenableKind;
pub use tessera_exchange::formats::Right;
use tessera_exchange::formats::{self, RequestClaims};
use tessera_exchange::ledger;
pub use tessera_exchange::letters::LetterState;
pub use tessera_exchange::person::ExchangeError;
use tessera_exchange::person::{
    self, Approval, ApprovalPlan, Earlier, EarlierField, StoredGrant, StoredRequest,
};
pub use tessera_exchange::person::{KeyStatus, RequestStatus, StartBasis};
use tessera_profile::catalogue::{self, Sensitivity, SpecialCategory};
use tessera_profile::store as profile;
pub use tessera_profile::terms::{Agreement, Contact, Terms};
use ts_rs::TS;

use crate::profile::today;
use crate::{ApiError, ApiErrorCode, Session};

/// Tokens are refused above this size, before parsing (the exchange's limit).
pub const MAX_TOKEN_BYTES: u64 = tessera_exchange::jws::MAX_TOKEN_BYTES as u64;

/// Reads a token from any reader, refusing more than 64 KiB without reading further.
pub fn read_token(reader: impl std::io::Read, source: &str) -> Result<String, ApiError> {
    let bytes = crate::files::read_limited(reader, MAX_TOKEN_BYTES, source, || {
        ApiError::new(
            ApiErrorCode::TokenTooLarge,
            tessera_text::text!("api-token-too-large", source = source.to_owned()),
        )
    })?;
    String::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            ApiErrorCode::MalformedToken,
            tessera_text::text!("api-not-text", source = source.to_owned()),
        )
    })
}

/// What a valid ledger export proves: who signed it, when, and the chain it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerExportCheck {
    /// Thumbprint of the vault's ledger key (the same in every export from one vault).
    pub signer: String,
    /// Unix seconds.
    pub exported_at: i64,
    pub entries: u32,
    /// The last entry's hash: two exports agree up to an entry when their hashes there agree.
    pub last_hash: String,
}

/// Checks a ledger export anyone was given (no vault needed): the signature, the signer, and
/// the hash chain of every entry.
pub fn verify_ledger_export_file(path: &std::path::Path) -> Result<LedgerExportCheck, ApiError> {
    let source = path.display().to_string();
    let limit = formats::MAX_LEDGER_EXPORT_BYTES as u64;
    let bytes = crate::files::read_limited(crate::files::open(path)?, limit, &source, || {
        ApiError::new(
            ApiErrorCode::TokenTooLarge,
            tessera_text::text!(
                "api-ledger-export-too-large",
                source = source.clone(),
                limit = limit.to_string()
            ),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            ApiErrorCode::MalformedToken,
            tessera_text::text!("api-not-text", source = source.to_owned()),
        )
    })?;
    let claims = formats::verify_ledger_export(&text)?;
    Ok(LedgerExportCheck {
        signer: claims.iss,
        exported_at: claims.iat,
        entries: claims.entries.len().try_into().unwrap_or(u32::MAX),
        last_hash: claims
            .entries
            .last()
            .map_or_else(String::new, |e| e.hash.clone()),
    })
}

/// Reads a token file (see [`read_token`]).
pub fn read_token_file(path: &std::path::Path) -> Result<String, ApiError> {
    read_token(crate::files::open(path)?, &path.display().to_string())
}

/// A request or a receipt to open, read from a file or from a `tessera:` link: what
/// `tessera open`, the app's file associations and its links hand over. Its kind comes from
/// the token's header; the import of that kind verifies everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: OpenableKind,
    pub token: String,
}

/// Reads `target`, a `tessera:` link or a file's path, as a [`Document`]: refused with what is
/// wrong when the link is malformed or oversized, the file unreadable or over 64 KiB, or the
/// token not one a brand sends (a grant, a revocation, a ledger export).
pub fn read_document(target: &str) -> Result<Document, ApiError> {
    let token = if documents::is_link(target) {
        documents::token_of_link(target)?.to_owned()
    } else {
        read_token_file(std::path::Path::new(target))?
    };
    let kind = documents::kind_of(&token)?;
    Ok(Document { kind, token })
}

/// What opening a [`Document`] did: the request imported for review, or the receipt recorded
/// on its grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Opened {
    Request(Box<ImportedRequest>),
    Receipt(Box<GrantSummary>),
}

/// Grants this close to their end are shown as expiring.
pub(crate) const EXPIRING_SECONDS: i64 = 30 * 24 * 3600;

/// Unix seconds as RFC 3339 (UTC), or the number itself when out of range.
pub(crate) fn time(unix: i64) -> String {
    Timestamp::from_second(unix).map_or_else(|_| unix.to_string(), |t| t.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RequestSummary {
    /// The request's hash: unique, unlike `jti` (two brands may pick the same one).
    pub id: String,
    pub jti: String,
    pub brand: String,
    pub brand_name: String,
    pub received_at: String,
    pub status: RequestStatus,
    pub fields: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PurposeView {
    pub id: String,
    pub description: String,
    pub dpv: Option<String>,
    pub retention_days: u32,
    pub third_parties: bool,
    pub profiling: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReviewField {
    pub name: String,
    pub label: String,
    pub form: String,
    /// The forms the field offers for the person's value.
    pub forms: Vec<String>,
    /// The forms the person may give it in: the asked form, or any of `forms` when the exact
    /// value was asked.
    pub form_choices: Vec<String>,
    pub required: bool,
    pub purposes: Vec<String>,
    pub sensitivity: String,
    /// In a special category: approving it needs the category confirmed.
    pub sensitive: bool,
    pub sensitivity_label: String,
    /// Whether the profile holds a value for it.
    pub has_value: bool,
    /// Whether the review starts with it selected: required fields without a standing rule,
    /// and fields a standing rule for this brand allows today (never one a rule denies).
    pub preselected: bool,
    /// The form the review starts on: the asked form, or the coarser form of the person's
    /// standing rule for this brand, or of their last answer to it, when the exact value was
    /// asked. Approving the field without naming a form gives this one.
    pub initial_form: String,
    /// What decided where the review starts: the request, the standing rule or the last answer.
    pub initial_from: StartBasis,
    /// What the person did with the field when they last answered this brand with a grant:
    /// the review starts from it.
    pub last_time: LastTime,
}

/// What the person did with a requested field when they last answered the brand with a grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "answer", rename_all = "snake_case")]
#[ts(export)]
pub enum LastTime {
    /// They never answered this brand with a grant: every field is new.
    NoAnswer,
    /// Given, in this form.
    Given { form: String },
    /// Asked for, and left out.
    LeftOut,
    /// Not asked for then: new since.
    NotAsked,
}

impl LastTime {
    fn of(earlier: Option<&Earlier>, field: &str) -> LastTime {
        match earlier.map(|e| e.field(field)) {
            None => LastTime::NoAnswer,
            Some(EarlierField::Given(form)) => LastTime::Given { form: form.name() },
            Some(EarlierField::LeftOut) => LastTime::LeftOut,
            Some(EarlierField::New) => LastTime::NotAsked,
        }
    }

    /// Not given last time (so every field of a first request).
    pub fn is_new(&self) -> bool {
        !matches!(self, LastTime::Given { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RequestReview {
    /// The request's hash: what to pass back to approve or deny.
    pub id: String,
    pub jti: String,
    pub status: RequestStatus,
    pub brand: String,
    pub brand_name: String,
    pub fingerprint: String,
    pub first_seen: String,
    pub privacy_policy: String,
    pub contact: String,
    pub authority: Option<String>,
    pub received_at: String,
    pub expires_at: String,
    pub offer: Option<String>,
    pub never: Vec<String>,
    pub purposes: Vec<PurposeView>,
    pub fields: Vec<ReviewField>,
    pub reply: String,
    /// What the request changes since the brand's request the person last answered.
    pub changes: RequestChanges,
    /// Where the request goes against the person's terms for this brand.
    pub conflicts: Vec<ConflictView>,
}

/// One way a request goes against the person's terms, as the faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    #[serde(flatten)]
    pub conflict: tessera_exchange::conflicts::Conflict,
    /// The fields that serve the purpose, by name.
    pub fields: Vec<String>,
    /// What approving them would mean, in the person's words.
    pub text: String,
}

impl ConflictView {
    /// The conflict naming the purpose and fields by the codes the CLI uses.
    pub fn in_codes(&self) -> String {
        self.conflict
            .describe(self.conflict.purpose(), &self.fields.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportedRequest {
    /// `pinned` (first request: key now pinned), `known` or `retrusted`.
    pub key_status: KeyStatus,
    /// What the app says about it, in one sentence (the key pinned, re-trusted, or known).
    pub notice: String,
    pub review: RequestReview,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct FieldChoice {
    pub name: String,
    #[serde(default)]
    pub form: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ApproveRequest {
    /// The request: its id (hash), or its `jti` when no other brand used the same one.
    pub jti: String,
    #[serde(default)]
    pub fields: Vec<FieldChoice>,
    #[serde(default)]
    pub all: bool,
    /// The special categories the person confirmed (`health`, ...): each special-category
    /// field approved (and, with `update_rules`, allowed from now on) needs its own here.
    #[serde(default)]
    pub confirm_categories: Vec<String>,
    /// Last day of the grant, `YYYY-MM-DD`; default one year.
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub update_rules: bool,
}

/// One field an approval would grant, or granted: names and forms, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PlannedFieldView {
    pub name: String,
    pub label: String,
    /// The form it is given in.
    pub form: String,
    /// The form the brand asked for.
    pub asked_form: String,
    /// Chosen without naming a form, and given in the coarser form the person's standing
    /// rule for this brand allows rather than the exact value asked.
    pub by_standing_rule: bool,
    /// Chosen without naming a form, and given in the coarser form the person gave the brand
    /// when they last answered it rather than the exact value asked.
    pub by_last_answer: bool,
    /// `standard`, or its special category (as in [`ReviewField`]).
    pub sensitivity: String,
    pub sensitive: bool,
    pub sensitivity_label: String,
    /// Whether the profile holds a value to give.
    pub has_value: bool,
}

/// What an approval grants, decided in the core: shown before approving
/// (`request_preview`) and returned by the approval, so no face works it out itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApprovalPreview {
    /// The fields granted, in the request's order.
    pub fields: Vec<PlannedFieldView>,
    /// Fields the brand marked as required that are not chosen, in the request's order: the
    /// brand may decline a grant without them.
    pub required_left_out: Vec<String>,
    /// The special categories of the chosen fields that `confirm_categories` does not name
    /// yet, once each: approving needs each confirmed (empty after an approval).
    pub unconfirmed_categories: Vec<String>,
}

/// Renewing a grant as it is: which one, until when, and the special categories confirmed
/// again.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct RenewRequest {
    pub jti: String,
    /// Last day of the new grant, `YYYY-MM-DD`; default one year.
    #[serde(default)]
    pub until: Option<String>,
    /// The special categories the person confirms again (`health`, ...): each special-category
    /// field renewed needs its own here, as the grant did.
    #[serde(default)]
    pub confirm_categories: Vec<String>,
}

/// A field, by name and in the person's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldName {
    pub name: String,
    pub label: String,
}

impl FieldName {
    fn of(name: &str) -> FieldName {
        FieldName {
            name: name.to_owned(),
            label: catalogue::lookup(name).map_or_else(|| name.to_owned(), |d| d.label()),
        }
    }
}

/// What renewing a grant as it is would give, before renewing: shown beside the grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RenewalView {
    /// The grant's fields in its forms, as a new grant answering the same request.
    pub approval: ApprovalPreview,
    /// Fields of the grant the person's standing rule for the brand now denies: left out.
    pub denied_now: Vec<FieldName>,
    /// Fields whose value the new grant gives differs from the one the grant gave (a value
    /// changed since, an age grown): the brand gets today's.
    pub changed: Vec<FieldName>,
}

/// What approving did: the grant (as `grant_show` gives it) and what was granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApprovalResult {
    #[serde(flatten)]
    pub detail: GrantDetail,
    pub approval: ApprovalPreview,
}

/// Where a grant stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GrantState {
    Active,
    /// Active, and ending within 30 days.
    Expiring,
    Expired,
    Revoked,
}

impl GrantState {
    pub const ALL: [GrantState; 4] = [
        GrantState::Active,
        GrantState::Expiring,
        GrantState::Expired,
        GrantState::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GrantState::Active => "active",
            GrantState::Expiring => "expiring",
            GrantState::Expired => "expired",
            GrantState::Revoked => "revoked",
        }
    }

    /// The words a person reads for it.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("grant-state-{}", self.as_str())
    }

    fn of(g: &StoredGrant, now: i64) -> GrantState {
        if g.revoked_at.is_some() {
            GrantState::Revoked
        } else if g.exp <= now {
            GrantState::Expired
        } else if g.exp.saturating_sub(now) <= EXPIRING_SECONDS {
            GrantState::Expiring
        } else {
            GrantState::Active
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GrantSummary {
    pub jti: String,
    pub brand: String,
    pub brand_name: String,
    pub request: String,
    pub issued_at: String,
    pub expires_at: String,
    pub state: GrantState,
    /// `field:form` pairs: names, never values.
    pub fields: Vec<String>,
    pub revoked_at: Option<String>,
    pub has_receipt: bool,
    /// The receipt was imported after the grant was revoked: proof the brand received it, not
    /// a renewal (the revocation still asks for deletion).
    pub receipt_late: bool,
    /// The grant this one renews, if it is a renewal.
    pub renews: Option<String>,
    /// The grant that renewed this one, once renewed (it still ends when it was to end).
    pub renewed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GrantDetail {
    pub grant: GrantSummary,
    /// The signed grant to give the brand.
    pub token: String,
    pub revocation: Option<String>,
    pub receipt_at: Option<String>,
    /// How the brand asked for the grant (and a revocation) to be sent back.
    pub reply: crate::reply::ReplyPath,
    /// Why the way the brand asked for cannot be used (then the file is the way), if so.
    pub reply_problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerEntryView {
    pub seq: u32,
    pub at: String,
    pub event: String,
    pub brand: Option<String>,
    pub fields: Vec<String>,
    pub detail: String,
}

/// The page of the ledger the faces ask for: newest first, below an older-page mark a previous
/// page gave (none: the newest), only entries of `event` and of brands containing `brand`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct LedgerQuery {
    #[serde(default)]
    pub before: Option<u32>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub brand: Option<String>,
    /// At most this many entries (1 to 500; default 100).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A page of a list (grants, requests), newest first: `limit` items (1 to 500; default 100)
/// after the first `offset` that match, only those in `state` when given ("all" or none: every
/// one).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ListQuery {
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub state: Option<String>,
}

impl ListQuery {
    fn limit(&self) -> usize {
        self.limit.map_or(LIST_PAGE, |l| {
            usize::try_from(l.clamp(1, 500)).unwrap_or(LIST_PAGE)
        })
    }

    fn state(&self) -> Option<&str> {
        self.state
            .as_deref()
            .filter(|s| !s.is_empty() && *s != "all")
    }
}

/// A list's page when the faces do not say.
const LIST_PAGE: usize = 100;

/// A page of the grants, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GrantPage {
    pub grants: Vec<GrantSummary>,
    /// Whether older grants match too (ask with `offset` moved on by this page's length).
    pub more: bool,
}

/// A page of the requests, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RequestPage {
    pub requests: Vec<RequestSummary>,
    /// Whether older requests match too (ask with `offset` moved on by this page's length).
    pub more: bool,
}

/// The records of `kind`, newest first, that `keep` keeps: `limit` of them after the first
/// `offset`, opened a page at a time (unfiltered, a page opens just its records), and whether
/// more remain.
fn newest_page<T: serde::de::DeserializeOwned + profile::Versioned>(
    vault: &tessera_vault::Vault,
    kind: tessera_vault::EntryKind,
    offset: usize,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> Result<(Vec<T>, bool), ApiError> {
    let ids = vault.entry_ids(kind)?;
    let mut skipped = 0;
    let mut out = Vec::new();
    for chunk in ids.rchunks(offset.saturating_add(limit).saturating_add(1).min(500)) {
        let newest_first: Vec<tessera_vault::EntryId> = chunk.iter().rev().copied().collect();
        for (_, record) in profile::open::<T>(vault, kind, &newest_first)? {
            if !keep(&record) {
                continue;
            }
            if skipped < offset {
                skipped += 1;
            } else if out.len() < limit {
                out.push(record);
            } else {
                return Ok((out, true));
            }
        }
    }
    Ok((out, false))
}

/// The summaries of `requests`, in their order, with their brands' names (opening only those
/// brands).
pub(crate) fn summaries_of_requests(
    vault: &tessera_vault::Vault,
    requests: &[StoredRequest],
) -> Result<Vec<RequestSummary>, ApiError> {
    let names = names_of(vault, requests.iter().map(|r| r.brand.as_str()))?;
    Ok(requests
        .iter()
        .map(|r| request_summary(r, &names))
        .collect())
}

/// The summaries of `grants` at `now`, in their order, with their brands' names.
pub(crate) fn summaries_of_grants(
    vault: &tessera_vault::Vault,
    grants: &[StoredGrant],
    now: i64,
) -> Result<Vec<GrantSummary>, ApiError> {
    let names = names_of(vault, grants.iter().map(|g| g.brand.as_str()))?;
    Ok(grants
        .iter()
        .map(|g| grant_summary(g, &names, now))
        .collect())
}

/// The names of the brands `ids` name, opening only those brands.
pub(crate) fn names_of<'a>(
    vault: &tessera_vault::Vault,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(profile::brands_named(vault, ids)?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect())
}

/// A page of the ledger, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerPageView {
    pub entries: Vec<LedgerEntryView>,
    /// Pass as `before` for the next older page; none: this page reaches the first entry.
    pub older: Option<u32>,
    /// How many entries the ledger holds (the sealed head's count: no row is read for it).
    pub total: u32,
}

/// A ready-to-send erasure request (GDPR Art. 17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeletionRequest {
    /// The brand it is for: a signed, tracked erasure letter to it is one call away
    /// (`Session::letter_write`).
    pub brand: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerCheck {
    pub ok: bool,
    pub entries: u32,
    pub problem: Option<String>,
}

/// Where the step-by-step check of the ledger stands ([`Session::ledger_verify_step`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LedgerCheckProgress {
    /// Entries checked so far, of `total` (the head's count when the check began).
    pub checked: u32,
    pub total: u32,
    /// Whether the check is over: then `ok` and `problem` say how it ended.
    pub done: bool,
    pub ok: bool,
    pub problem: Option<String>,
}

/// Where a brand takes privacy questions and requests: the contact its latest request gave,
/// else its identifier.
pub(crate) fn latest_contact(requests: &[StoredRequest], brand: &str) -> String {
    requests
        .iter()
        .filter(|r| r.brand == brand)
        .max_by_key(|r| r.received_at)
        .map_or_else(|| brand.to_owned(), |r| r.claims().brand.contact)
}

fn entry_view(e: ledger::LedgerEntry) -> LedgerEntryView {
    LedgerEntryView {
        seq: e.seq.try_into().unwrap_or(u32::MAX),
        at: time(e.at),
        event: e.event,
        brand: e.brand,
        fields: e.fields,
        detail: e.detail,
    }
}

fn grant_summary(
    g: &StoredGrant,
    names: &std::collections::HashMap<String, String>,
    now: i64,
) -> GrantSummary {
    GrantSummary {
        jti: g.jti.clone(),
        brand: g.brand.clone(),
        brand_name: names.get(&g.brand).cloned().unwrap_or_default(),
        request: g.request.clone(),
        issued_at: time(g.issued_at),
        expires_at: time(g.exp),
        state: GrantState::of(g, now),
        fields: g.field_forms(),
        revoked_at: g.revoked_at.map(time),
        has_receipt: g.receipt.is_some(),
        receipt_late: g.receipt_late(),
        renews: g.renews.clone(),
        renewed_by: g.renewed_by.clone(),
    }
}

fn request_summary(
    r: &StoredRequest,
    names: &std::collections::HashMap<String, String>,
) -> RequestSummary {
    RequestSummary {
        id: r.hash.clone(),
        jti: r.jti.clone(),
        brand: r.brand.clone(),
        brand_name: names.get(&r.brand).cloned().unwrap_or_default(),
        received_at: time(r.received_at),
        status: r.status,
        fields: r.claims().fields.len().try_into().unwrap_or(u32::MAX),
    }
}

pub(crate) fn brand_names(
    vault: &tessera_vault::Vault,
) -> Result<std::collections::HashMap<String, String>, ApiError> {
    Ok(profile::list_brands(vault, None)?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect())
}

/// A last day as the faces send it, `YYYY-MM-DD`.
fn until_of(until: Option<&str>) -> Result<Option<jiff::civil::Date>, ApiError> {
    until
        .map(|u| {
            u.parse::<jiff::civil::Date>().map_err(|_| {
                ApiError::invalid_input(tessera_text::text!(
                    "api-not-a-date",
                    text = format!("{u:?}")
                ))
            })
        })
        .transpose()
}

/// Special categories as the faces name them (`health`).
pub(crate) fn categories_of(names: &[String]) -> Result<Vec<SpecialCategory>, ApiError> {
    names
        .iter()
        .map(|c| {
            SpecialCategory::parse(c).ok_or_else(|| {
                ApiError::invalid_input(tessera_text::text!(
                    "api-unknown-special-category",
                    category = format!("{c:?}")
                ))
            })
        })
        .collect()
}

/// The person's decision as the core takes it: dates and category names parsed.
fn approval_of(req: &ApproveRequest) -> Result<Approval, ApiError> {
    let until = until_of(req.until.as_deref())?;
    let confirm_categories = categories_of(&req.confirm_categories)?;
    Ok(Approval {
        fields: req
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.form.clone()))
            .collect(),
        all: req.all,
        confirm_categories,
        until,
        update_rules: req.update_rules,
    })
}

/// What approving would grant, as the faces show it: the view of an [`ApprovalPlan`] (the
/// preview before approving, and the approval's result).
pub fn preview_of(plan: &ApprovalPlan) -> ApprovalPreview {
    ApprovalPreview {
        fields: plan
            .fields
            .iter()
            .map(|f| {
                let sensitivity = f
                    .special
                    .map_or(Sensitivity::Standard, Sensitivity::Special);
                PlannedFieldView {
                    name: f.name.clone(),
                    label: catalogue::lookup(&f.name).map_or_else(|| f.name.clone(), |d| d.label()),
                    form: f.form.name(),
                    asked_form: f.asked.clone(),
                    by_standing_rule: f.by_standing_rule,
                    by_last_answer: f.by_last_answer,
                    sensitivity: sensitivity.as_str().into(),
                    sensitive: sensitivity.is_special(),
                    sensitivity_label: match sensitivity {
                        Sensitivity::Standard => String::new(),
                        Sensitivity::Special(c) => c.label(),
                    },
                    has_value: f.has_value,
                }
            })
            .collect(),
        required_left_out: plan.required_left_out.clone(),
        unconfirmed_categories: plan
            .unconfirmed()
            .into_iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
    }
}

impl Session {
    /// Opens a request (imported for review, as [`Session::request_import`]) or a receipt
    /// (recorded, as [`Session::receipt_import`]).
    pub fn open_document(
        &mut self,
        document: &Document,
        trust_new_key: bool,
        now: Timestamp,
    ) -> Result<Opened, ApiError> {
        Ok(match document.kind {
            OpenableKind::Request => Opened::Request(Box::new(self.request_import(
                &document.token,
                trust_new_key,
                now,
            )?)),
            OpenableKind::Receipt => {
                Opened::Receipt(Box::new(self.receipt_import(&document.token, now)?))
            }
        })
    }

    pub fn request_import(
        &mut self,
        token: &str,
        trust_new_key: bool,
        now: Timestamp,
    ) -> Result<ImportedRequest, ApiError> {
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let imported = person::import_request(vault, token, trust_new_key, now.as_second(), today)?;
        let review = self.request_review(&imported.request.hash, now)?;
        Ok(ImportedRequest {
            key_status: imported.key_status,
            notice: imported
                .key_status
                .notice(&review.brand_name, &review.fingerprint),
            review,
        })
    }

    /// A page of the requests, newest first (the Requests screen's list).
    pub fn request_page(&self, query: &ListQuery) -> Result<RequestPage, ApiError> {
        let vault = self.vault()?;
        let state = query.state();
        let (requests, more) = newest_page::<StoredRequest>(
            vault,
            person::REQUEST_KIND,
            query.offset as usize,
            query.limit(),
            |r| state.is_none_or(|s| r.status.as_str() == s),
        )?;
        let names = names_of(vault, requests.iter().map(|r| r.brand.as_str()))?;
        Ok(RequestPage {
            requests: requests
                .iter()
                .map(|r| request_summary(r, &names))
                .collect(),
            more,
        })
    }

    /// Every request, newest first (the CLI's `request list`).
    pub fn request_list(&self) -> Result<Vec<RequestSummary>, ApiError> {
        let vault = self.vault()?;
        let names = brand_names(vault)?;
        let mut list: Vec<RequestSummary> = person::requests(vault)?
            .iter()
            .map(|r| request_summary(r, &names))
            .collect();
        list.reverse();
        Ok(list)
    }

    /// Everything the review screen shows for one request.
    pub fn request_review(&self, id: &str, now: Timestamp) -> Result<RequestReview, ApiError> {
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let request: StoredRequest = person::request(vault, id)?;
        let brand = profile::get_brand(vault, &tessera_profile::BrandId::parse(&request.brand)?)?;
        let values = person::values_asked(vault, &request.claims())?;
        let rules =
            profile::rules_for_brand(vault, &tessera_profile::BrandId::parse(&request.brand)?)?;
        let earlier_pair = person::earlier_pair(vault, &request)?;
        let earlier = earlier_pair.as_ref().map(|(r, g)| (r, g));
        let terms = tessera_profile::terms::for_brand(
            vault,
            &tessera_profile::BrandId::parse(&request.brand)?,
        )?;
        review_of(
            &ReviewInputs {
                request: &request,
                brand: &brand,
                values: &values,
                rules: &rules,
                earlier,
                terms: &terms,
            },
            today,
        )
    }
}

/// What a request asks beyond, or short of, the brand's request the person last answered with
/// a grant ([`tessera_exchange::changes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RequestChanges {
    /// The earlier request's id (`jti`), or `None` when there is none to compare with (a
    /// first request, or every earlier one refused or unanswered).
    pub since: Option<String>,
    /// When the grant answering it was issued (RFC 3339).
    pub since_granted_at: Option<String>,
    pub changes: Vec<ChangeView>,
}

/// One change, as the faces show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangeView {
    #[serde(flatten)]
    pub change: tessera_exchange::changes::Change,
    /// Asks for more than before, or gives less in return: the review marks it.
    pub asks_more: bool,
    /// The change in the person's words (fields and forms as the app names them, purposes by
    /// the brand's description).
    pub text: String,
}

impl ChangeView {
    /// The change naming fields, forms and purposes by the codes `tessera request show` and
    /// `--field` use (`birthdate`, `age_over_18`, `orders`), as the CLI says it.
    pub fn in_codes(&self) -> String {
        self.change.describe(&tessera_exchange::changes::Codes)
    }
}

impl RequestChanges {
    fn of(
        earlier: Option<(&StoredRequest, &StoredGrant)>,
        claims: &RequestClaims,
    ) -> RequestChanges {
        let Some((before, grant)) = earlier else {
            return RequestChanges {
                since: None,
                since_granted_at: None,
                changes: Vec::new(),
            };
        };
        let before_claims = before.claims();
        let words = tessera_exchange::changes::Words {
            before: &before_claims,
            now: claims,
        };
        RequestChanges {
            since: Some(before.jti.clone()),
            since_granted_at: Some(time(grant.issued_at)),
            changes: tessera_exchange::changes::compare(&before_claims, claims)
                .into_iter()
                .map(|change| ChangeView {
                    asks_more: change.asks_more(),
                    text: change.describe(&words),
                    change,
                })
                .collect(),
        }
    }
}

/// What the vault holds that a request's review shows: [`Session::request_review`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInputs<'a> {
    pub request: &'a StoredRequest,
    /// The request's brand, as stored (name, pinned key).
    pub brand: &'a tessera_profile::model::Brand,
    /// The person's values (which fields have one, and which forms each can be given in).
    pub values: &'a [tessera_profile::model::ProfileValue],
    /// The person's standing rules for the request's brand.
    pub rules: &'a [tessera_profile::model::Rule],
    /// The brand's request the person last answered with a grant, and that grant
    /// ([`tessera_exchange::changes::earlier_answered`]).
    pub earlier: Option<(&'a StoredRequest, &'a StoredGrant)>,
    /// The person's terms for the brand.
    pub terms: &'a tessera_profile::terms::Terms,
}

/// The review of a stored request, from what the vault holds about it: the pure part of
/// [`Session::request_review`], which the fuzz target `review` runs on any signed request.
pub fn review_of(
    inputs: &ReviewInputs<'_>,
    today: jiff::civil::Date,
) -> Result<RequestReview, ApiError> {
    let ReviewInputs {
        request,
        brand,
        values,
        rules,
        earlier,
        terms,
    } = *inputs;
    let claims: RequestClaims = request.claims();
    let answer = earlier.map(|(r, g)| Earlier::of(r, g));
    let fields = claims
        .fields
        .iter()
        .map(|f| {
            let def = catalogue::lookup(&f.name);
            let sensitivity = def.map_or(Sensitivity::Standard, |d| d.sensitivity);
            let start = person::review_start(
                f,
                rules.iter().find(|r| r.field == f.name),
                answer.as_ref().map(|e| e.field(&f.name)),
                today,
            )?;
            // Only the forms the person's value can be given in (a birthday
            // without a year has no age), and always the one the review starts on.
            let forms: Vec<String> = def
                .map(|d| {
                    d.forms
                        .iter()
                        .filter(|form| {
                            form.name() == start.form.name()
                                || !values.iter().any(|v| {
                                    v.field == f.name
                                        && tessera_profile::forms::unsupported(**form, &v.value)
                                            .is_some()
                                })
                        })
                        .map(|x| x.name())
                        .collect()
                })
                .unwrap_or_default();
            Ok(ReviewField {
                name: f.name.clone(),
                label: def.map_or_else(|| f.name.clone(), |d| d.label()),
                form: f.form.clone(),
                form_choices: person::answering_forms(&f.form, &forms),
                forms,
                required: f.required,
                purposes: f
                    .purposes
                    .iter()
                    .filter_map(|p| {
                        claims
                            .purposes
                            .iter()
                            .find(|q| &q.id == p)
                            .map(|q| q.description.clone())
                    })
                    .collect(),
                sensitivity: sensitivity.as_str().into(),
                sensitive: sensitivity.is_special(),
                sensitivity_label: match sensitivity {
                    Sensitivity::Standard => String::new(),
                    Sensitivity::Special(c) => c.label(),
                },
                has_value: values.iter().any(|v| v.field == f.name),
                preselected: start.selected,
                initial_form: start.form.name(),
                initial_from: start.basis,
                last_time: LastTime::of(answer.as_ref(), &f.name),
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(RequestReview {
        id: request.hash.clone(),
        jti: request.jti.clone(),
        status: request.status,
        brand: request.brand.clone(),
        brand_name: brand.name.clone(),
        fingerprint: brand
            .key
            .as_ref()
            .map(|k| k.thumbprint.clone())
            .unwrap_or_default(),
        first_seen: brand
            .key
            .as_ref()
            .map_or_else(|| brand.added_on.to_string(), |k| k.pinned_on.to_string()),
        privacy_policy: claims.brand.privacy_policy.clone(),
        contact: claims.brand.contact.clone(),
        authority: claims.brand.authority.clone(),
        received_at: time(request.received_at),
        expires_at: time(claims.exp),
        offer: claims.offer.clone(),
        never: claims.never.clone(),
        purposes: claims
            .purposes
            .iter()
            .map(|p| PurposeView {
                id: p.id.clone(),
                description: p.description.clone(),
                dpv: p.dpv.clone(),
                retention_days: p.retention_days,
                third_parties: p.third_parties,
                profiling: p.profiling,
            })
            .collect(),
        fields,
        reply: match &claims.reply.to {
            Some(to) => tessera_text::text!(
                "api-reply-method-to",
                method = claims.reply.method.clone(),
                to = to.clone()
            ),
            None => claims.reply.method.clone(),
        },
        changes: RequestChanges::of(earlier, &claims),
        conflicts: tessera_exchange::conflicts::conflicts(&claims, terms)
            .into_iter()
            .map(|(conflict, fields)| {
                let purpose = claims
                    .purposes
                    .iter()
                    .find(|p| p.id == conflict.purpose())
                    .map_or_else(|| conflict.purpose().to_owned(), |p| p.description.clone());
                let labels: Vec<String> = fields
                    .iter()
                    .map(|f| catalogue::lookup(f).map_or_else(|| f.clone(), |d| d.label()))
                    .collect();
                ConflictView {
                    text: conflict.describe(&purpose, &labels.join(", ")),
                    conflict,
                    fields,
                }
            })
            .collect(),
    })
}

impl Session {
    /// What approving `req` would grant, without signing or storing anything: built on the
    /// same plan as [`Session::request_approve`], so the two cannot disagree. The review
    /// screen calls it as the person chooses, to warn of required fields left out.
    pub fn request_preview(
        &self,
        req: &ApproveRequest,
        now: Timestamp,
    ) -> Result<ApprovalPreview, ApiError> {
        let approval = approval_of(req)?;
        let vault = self.vault()?;
        let today = today(vault, now)?;
        Ok(preview_of(&person::preview(
            vault, &req.jti, &approval, today,
        )?))
    }

    pub fn request_approve(
        &mut self,
        req: &ApproveRequest,
        now: Timestamp,
    ) -> Result<ApprovalResult, ApiError> {
        let approval = approval_of(req)?;
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let approved = person::approve(vault, &req.jti, &approval, now.as_second(), today)?;
        Ok(ApprovalResult {
            detail: self.grant_show(&approved.grant.jti, now)?,
            approval: preview_of(&approved.plan),
        })
    }

    pub fn request_deny(&mut self, jti: &str, now: Timestamp) -> Result<RequestSummary, ApiError> {
        let vault = self.vault_mut()?;
        let r = person::deny(vault, jti, now.as_second())?;
        Ok(request_summary(&r, &names_of(vault, [r.brand.as_str()])?))
    }

    /// A page of the grants, newest first (the Grants screen's list), in `state` as of `now`.
    pub fn grant_page(&self, query: &ListQuery, now: Timestamp) -> Result<GrantPage, ApiError> {
        let vault = self.vault()?;
        let state = query.state();
        let now = now.as_second();
        let (grants, more) = newest_page::<StoredGrant>(
            vault,
            person::GRANT_KIND,
            query.offset as usize,
            query.limit(),
            |g| state.is_none_or(|s| GrantState::of(g, now).as_str() == s),
        )?;
        let names = names_of(vault, grants.iter().map(|g| g.brand.as_str()))?;
        Ok(GrantPage {
            grants: grants
                .iter()
                .map(|g| grant_summary(g, &names, now))
                .collect(),
            more,
        })
    }

    /// Every grant, newest first (the CLI's `grant list`).
    pub fn grant_list(&self, now: Timestamp) -> Result<Vec<GrantSummary>, ApiError> {
        let vault = self.vault()?;
        let names = brand_names(vault)?;
        let mut list: Vec<GrantSummary> = person::grants(vault)?
            .iter()
            .map(|g| grant_summary(g, &names, now.as_second()))
            .collect();
        list.reverse();
        Ok(list)
    }

    pub fn grant_show(&self, jti: &str, now: Timestamp) -> Result<GrantDetail, ApiError> {
        let vault = self.vault()?;
        let g = person::grant(vault, jti)?.ok_or_else(|| {
            ApiError::new(
                ApiErrorCode::NotFound,
                tessera_text::text!("error-exchange-unknown-grant", id = jti.to_owned()),
            )
        })?;
        let (reply, reply_problem) = match self.reply(jti, crate::reply::ReplyItem::Grant) {
            Ok(r) => (r.path, None),
            Err(e) => (crate::reply::ReplyPath::File, Some(e.message)),
        };
        Ok(GrantDetail {
            grant: grant_summary(&g, &names_of(vault, [g.brand.as_str()])?, now.as_second()),
            token: g.token.clone(),
            revocation: g.revocation.clone(),
            receipt_at: g.receipt_at.map(time),
            reply,
            reply_problem,
        })
    }

    /// What renewing grant `req.jti` as it is would give (`req.until` is not read).
    pub fn grant_renewal(
        &self,
        req: &RenewRequest,
        now: Timestamp,
    ) -> Result<RenewalView, ApiError> {
        let confirm = categories_of(&req.confirm_categories)?;
        let vault = self.vault()?;
        let today = today(vault, now)?;
        let renewal = person::renewal(vault, &req.jti, &confirm, now.as_second(), today)?;
        Ok(RenewalView {
            approval: preview_of(&renewal.plan),
            denied_now: renewal
                .denied_now
                .iter()
                .map(|n| FieldName::of(n))
                .collect(),
            changed: renewal.changed.iter().map(|n| FieldName::of(n)).collect(),
        })
    }

    /// Renews grant `req.jti` as it is: a new grant answering the same request with the same
    /// fields in the same forms and today's values ([`person::renew`]).
    pub fn grant_renew(
        &mut self,
        req: &RenewRequest,
        now: Timestamp,
    ) -> Result<ApprovalResult, ApiError> {
        let confirm = categories_of(&req.confirm_categories)?;
        let until = until_of(req.until.as_deref())?;
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let renewed = person::renew(vault, &req.jti, &confirm, until, now.as_second(), today)?;
        Ok(ApprovalResult {
            detail: self.grant_show(&renewed.grant.jti, now)?,
            approval: preview_of(&renewed.plan),
        })
    }

    /// Revokes a grant; returns the signed revocation to send the brand.
    pub fn grant_revoke(&mut self, jti: &str, now: Timestamp) -> Result<String, ApiError> {
        Ok(person::revoke(self.vault_mut()?, jti, now.as_second())?)
    }

    pub fn receipt_import(
        &mut self,
        token: &str,
        now: Timestamp,
    ) -> Result<GrantSummary, ApiError> {
        let vault = self.vault_mut()?;
        let g = person::import_receipt(vault, token, now.as_second())?;
        let names = names_of(vault, [g.brand.as_str()])?;
        Ok(grant_summary(&g, &names, now.as_second()))
    }

    /// Records that a grant was exported (saved or copied) for the brand.
    pub fn grant_exported(&mut self, jti: &str, how: &str, now: Timestamp) -> Result<(), ApiError> {
        let vault = self.vault_mut()?;
        let g = person::grant(vault, jti)?.ok_or_else(|| {
            ApiError::new(
                ApiErrorCode::NotFound,
                tessera_text::text!("error-exchange-unknown-grant", id = jti.to_owned()),
            )
        })?;
        ledger::append(
            vault,
            now.as_second(),
            ledger::Event {
                event: tessera_exchange::ledger::LedgerEvent::GrantExported,
                brand: Some(g.brand),
                fields: vec![],
                // not words: a ledger entry's detail is part of its hashed record, kept as written
                detail: format!("grant {jti} {how}"),
            },
        )?;
        Ok(())
    }

    /// How many entries the ledger holds and its newest, in time independent of its length:
    /// the count from the sealed head, the entry proven by it.
    pub fn ledger_head(&self) -> Result<(u32, Option<LedgerEntryView>), ApiError> {
        let vault = self.vault()?;
        let total = ledger::count(vault)?;
        let newest = ledger::page(vault, None, 1)
            .map_err(|p| ApiError::new(ApiErrorCode::LedgerBroken, p.to_string()))?
            .entries
            .into_iter()
            .next()
            .map(entry_view);
        Ok((u32::try_from(total).unwrap_or(u32::MAX), newest))
    }

    pub fn ledger_list(&self) -> Result<Vec<LedgerEntryView>, ApiError> {
        Ok(ledger::list(self.vault()?)?
            .into_iter()
            .map(entry_view)
            .collect())
    }

    /// A page of the ledger, newest first, filtered in the core: unfiltered, it reads just the
    /// page (`ledger::page`, proven by the chain from the sealed head); filtered, it reads pages
    /// down until it has `limit` matches or reaches the first entry.
    pub fn ledger_page(&mut self, query: &LedgerQuery) -> Result<LedgerPageView, ApiError> {
        const PAGE: usize = 100;
        let limit = query
            .limit
            .map_or(PAGE, |l| usize::try_from(l.clamp(1, 500)).unwrap_or(PAGE));
        let brand = query
            .brand
            .as_deref()
            .map(|b| b.trim().to_lowercase())
            .filter(|b| !b.is_empty());
        let event = query
            .event
            .as_deref()
            .filter(|e| !e.is_empty() && *e != "all");
        let mut from = match query.before {
            None => None,
            Some(seq) => Some(
                self.ledger_anchors
                    .get(&u64::from(seq))
                    .cloned()
                    .ok_or_else(|| {
                        ApiError::invalid_input(tessera_text::text!(
                            "api-ledger-page-unknown",
                            seq = seq.to_string()
                        ))
                    })?,
            ),
        };
        let vault = self.vault()?;
        let total = ledger::count(vault)?;
        let mut entries = Vec::new();
        let older = loop {
            let page = ledger::page(
                vault,
                from.as_ref(),
                limit.saturating_sub(entries.len()).max(1),
            )
            .map_err(|p| ApiError::new(ApiErrorCode::LedgerBroken, p.to_string()))?;
            entries.extend(page.entries.into_iter().filter(|e| {
                event.is_none_or(|ev| e.event == ev)
                    && brand
                        .as_deref()
                        .is_none_or(|b| e.brand.as_deref().unwrap_or("").contains(b))
            }));
            match page.older {
                Some(anchor) if entries.len() < limit => from = Some(anchor),
                other => break other,
            }
        };
        let older = older.map(|anchor| {
            let seq = anchor.seq;
            self.ledger_anchors.insert(seq, anchor);
            u32::try_from(seq).unwrap_or(u32::MAX)
        });
        Ok(LedgerPageView {
            entries: entries.into_iter().map(entry_view).collect(),
            older,
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }

    /// An erasure request (GDPR Art. 17) for what the ledger entry `seq` says a brand received,
    /// addressed to the contact the brand gave in its request.
    pub fn deletion_request(&self, seq: u32) -> Result<DeletionRequest, ApiError> {
        let vault = self.vault()?;
        let entry = ledger::entry(vault, u64::from(seq))?.ok_or_else(|| {
            ApiError::new(
                ApiErrorCode::NotFound,
                tessera_text::text!("api-no-ledger-entry", seq = seq.to_string()),
            )
        })?;
        let brand = entry.brand.clone().ok_or_else(|| {
            ApiError::invalid_input(tessera_text::text!("api-ledger-entry-no-brand"))
        })?;
        let names = names_of(vault, [brand.as_str()])?;
        let contact = latest_contact(&person::requests_of(vault, &brand)?, &brand);
        let grants: Vec<StoredGrant> = person::grants_of(vault, &brand)?;
        let mut fields: Vec<String> = grants
            .iter()
            .flat_map(|g| g.fields.iter().map(|(n, _)| n.clone()))
            .collect();
        fields.extend(
            entry
                .fields
                .iter()
                .map(|f| f.split(':').next().unwrap_or(f).to_owned()),
        );
        fields.sort();
        fields.dedup();
        let grant_ids: Vec<&str> = grants.iter().map(|g| g.jti.as_str()).collect();
        let name = names.get(&brand).cloned().unwrap_or_else(|| brand.clone());
        let body = tessera_text::text!(
            "api-erasure-letter",
            name = name.clone(),
            fields = if fields.is_empty() {
                tessera_text::text!("api-erasure-letter-all-fields")
            } else {
                fields.join(", ")
            },
            grants = if grant_ids.is_empty() {
                tessera_text::text!("api-erasure-letter-no-grants")
            } else {
                grant_ids.join(", ")
            },
            entry = entry.seq.to_string(),
            event = entry.event.clone(),
            at = time(entry.at),
        );
        Ok(DeletionRequest {
            brand,
            to: contact,
            subject: tessera_text::text!("api-erasure-letter-subject", name = name),
            body,
        })
    }

    /// One step of the whole ledger's check (`ledger::VerifyWalk`, [`ledger::VERIFY_STEP`]
    /// entries): the faces call it again until `done`, showing the progress, and other calls
    /// are answered between steps. `restart` begins a new check; without it, the check under
    /// way goes on (a new one begins when there is none).
    pub fn ledger_verify_step(&mut self, restart: bool) -> Result<LedgerCheckProgress, ApiError> {
        let previous = self.ledger_walk.take();
        let vault = self.vault()?;
        let broken =
            |problem: ledger::LedgerProblem, checked: u64, total: u64| LedgerCheckProgress {
                checked: u32::try_from(checked).unwrap_or(u32::MAX),
                total: u32::try_from(total).unwrap_or(u32::MAX),
                done: true,
                ok: false,
                problem: Some(problem.to_string()),
            };
        let mut walk = match previous {
            Some(walk) if !restart => walk,
            _ => match ledger::VerifyWalk::start(vault) {
                Ok(walk) => walk,
                Err(problem) => return Ok(broken(problem, 0, 0)),
            },
        };
        match walk.step(vault, ledger::VERIFY_STEP) {
            Err(problem) => Ok(broken(problem, walk.checked(), walk.total())),
            Ok(done) => {
                let progress = LedgerCheckProgress {
                    checked: u32::try_from(walk.checked()).unwrap_or(u32::MAX),
                    total: u32::try_from(walk.total()).unwrap_or(u32::MAX),
                    done,
                    ok: done,
                    problem: None,
                };
                if !done {
                    self.ledger_walk = Some(walk);
                }
                Ok(progress)
            }
        }
    }

    pub fn ledger_verify(&self) -> Result<LedgerCheck, ApiError> {
        Ok(match ledger::verify(self.vault()?) {
            Ok(n) => LedgerCheck {
                ok: true,
                entries: n.try_into().unwrap_or(u32::MAX),
                problem: None,
            },
            Err(problem) => LedgerCheck {
                ok: false,
                entries: 0,
                problem: Some(problem.to_string()),
            },
        })
    }

    /// The person's consent records (ISO/IEC TS 27560 structure, DPV terms) as JSON, for other
    /// consent tools and authorities to read (`docs/formats/consent-records.md`).
    pub fn consent_records(&self, now: Timestamp) -> Result<String, ApiError> {
        let vault = self.vault()?;
        let records = tessera_exchange::records::consent_records(
            &person::requests(vault)?,
            &person::grants(vault)?,
            now.as_second(),
        );
        let mut text = serde_json::to_string_pretty(&records)
            .map_err(|e| ApiError::new(ApiErrorCode::Internal, e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// The ledger as a signed JWS (`tessera-ledger+jwt`), signed with the vault's ledger key.
    pub fn ledger_export(&self, now: Timestamp) -> Result<String, ApiError> {
        let vault = self.vault()?;
        let check = self.ledger_verify()?;
        if !check.ok {
            return Err(ApiError::new(
                ApiErrorCode::LedgerBroken,
                check.problem.unwrap_or_default(),
            ));
        }
        let entries = ledger::list(vault)?;
        let key = ledger::export_key(vault);
        let claims = formats::LedgerExportClaims {
            iss: key.jwk().thumbprint(),
            iat: now.as_second(),
            entries,
        };
        Ok(formats::sign::<formats::LedgerExport>(&key, &claims))
    }
}
