//! Approving a request, in pure steps that need no vault (each tested below):
//!
//! 1. [`answerable`]: the request still waits for an answer and has not expired.
//! 2. [`plan_approval`]: what the person's choice means: which fields, in which form, in the
//!    request's order; the required fields left out; the fields given in their standing rule's
//!    form rather than the one asked; the special categories chosen and whether each is
//!    confirmed. The faces show it (before approving with `request_preview`, after with the
//!    approval's result), so what they say and what is signed come from one place.
//! 3. [`ApprovalPlan::ready`]: refuses a plan with nothing chosen, an unconfirmed special
//!    category or a field without a value.
//! 4. [`grant_claims`]: the grant itself (disclosures, time window, purposes, terms).
//!
//! [`crate::person::approve`] adds only what needs the vault: reading the request, rules and
//! values, the per-brand key, a random id, the signature, and storing it all.

use jiff::civil::Date;
use tessera_profile::catalogue::{self, Sensitivity, SpecialCategory};
use tessera_profile::forms::{DisclosureContext, FormKind, disclose};
use tessera_profile::model::{ProfileValue, Provenance, Rule};
use tessera_profile::{BrandId, ProfileError};

use crate::formats::{
    self, Binding, Disclosure, GrantClaims, ProvenanceCode, PurposeDecision, RequestClaims,
    RequestedField,
};
use crate::person::{
    DEFAULT_GRANT_SECONDS, ExchangeError, RequestStatus, Result, StoredGrant, StoredRequest,
};

/// How the review of one requested field starts: whether it is selected, in which form, and
/// what decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewStart {
    pub selected: bool,
    pub form: FormKind,
    pub basis: StartBasis,
}

/// What a field's review starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum StartBasis {
    /// The request alone: required fields selected, in the asked form.
    Request,
    /// The person's standing rule for the field and brand.
    StandingRule,
    /// What the person did with the field when they last answered the brand.
    LastAnswer,
}

/// What the person did with one field when they last answered the brand (see [`Earlier`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarlierField {
    /// Given, in this form.
    Given(FormKind),
    /// Asked for, and left out.
    LeftOut,
    /// Not asked for then: new since.
    New,
}

/// The person's last answer to a brand: the fields of the brand's request they last answered
/// with a grant, and what that grant gave. A new request's review starts from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Earlier {
    /// The fields the earlier request asked for.
    pub asked: Vec<String>,
    /// The fields the grant answering it gave, with their forms.
    pub given: Vec<(String, FormKind)>,
}

impl Earlier {
    /// The earlier answer to `request`, given in `grant` (see
    /// [`crate::changes::earlier_answered`]). A form no longer known counts as left out.
    pub fn of(request: &StoredRequest, grant: &StoredGrant) -> Earlier {
        Earlier {
            asked: request
                .claims()
                .fields
                .into_iter()
                .map(|f| f.name)
                .collect(),
            given: grant
                .fields
                .iter()
                .filter_map(|(name, form)| Some((name.clone(), FormKind::parse(form).ok()?)))
                .collect(),
        }
    }

    /// What the person did with field `name` last time.
    pub fn field(&self, name: &str) -> EarlierField {
        if let Some((_, form)) = self.given.iter().find(|(n, _)| n == name) {
            EarlierField::Given(*form)
        } else if self.asked.iter().any(|n| n == name) {
            EarlierField::LeftOut
        } else {
            EarlierField::New
        }
    }
}

/// The form `asked` starts on when the person's standing decision allowed `decided`: the asked
/// form when that is what was decided or the exact value was (so any form), the decided form
/// when the exact value is asked for and a coarser one was decided, and `None` when another
/// form was decided (`age_over_18` where `age_over_21` is asked, which is not coarser).
fn decided_form(asked: FormKind, decided: FormKind) -> Option<FormKind> {
    if decided == asked || decided == FormKind::Raw {
        Some(asked)
    } else if asked == FormKind::Raw {
        Some(decided)
    } else {
        None
    }
}

/// How the review of `asked` starts, given the person's standing rule for that field and
/// brand, if any, and what they did with it when they last answered the brand (`earlier`,
/// `None` when they never did). A rule governs, then the earlier answer: the review never
/// starts on anything finer than either allowed, and never selects what the person has not
/// chosen for this brand before.
///
/// - A rule allowing the asked form, or the exact value (so any form): the asked form.
/// - A rule allowing a coarser form than the exact value that was asked (`age_over_18` where
///   `raw` was asked): the rule's form.
/// - Either way, selected only if the rule allows today: a denied rule, or one past its last
///   day, still sets the form but selects nothing.
/// - A rule allowing another form than the one asked (`age_over_18` where `age_over_21` was
///   asked, which is not coarser): not selected, in the asked form.
/// - No rule, and the field given last time: selected, in the form given then as a rule's
///   would be (so an exact value asked for now, where a coarser form was given, starts on that
///   form); not selected when another form is asked now.
/// - No rule, and the field left out last time, or new since: not selected, in the asked form
///   (what asks for more than before is for the person to choose).
/// - No rule and no earlier answer (a first request): required fields start selected, in the
///   asked form.
///
/// Approving a field without naming a form gives the form the review starts on.
pub fn review_start(
    asked: &RequestedField,
    rule: Option<&Rule>,
    earlier: Option<EarlierField>,
    today: Date,
) -> Result<ReviewStart, ProfileError> {
    let asked_form = FormKind::parse(&asked.form)?;
    let (decided, allowed, basis) = match (rule, earlier) {
        (Some(rule), _) => (
            FormKind::parse(&rule.form)?,
            rule.allows_on(today),
            StartBasis::StandingRule,
        ),
        (None, Some(EarlierField::Given(form))) => (form, true, StartBasis::LastAnswer),
        (None, Some(EarlierField::LeftOut | EarlierField::New)) => {
            return Ok(ReviewStart {
                selected: false,
                form: asked_form,
                basis: StartBasis::LastAnswer,
            });
        }
        (None, None) => {
            return Ok(ReviewStart {
                selected: asked.required,
                form: asked_form,
                basis: StartBasis::Request,
            });
        }
    };
    Ok(match decided_form(asked_form, decided) {
        Some(form) => ReviewStart {
            selected: allowed,
            form,
            basis,
        },
        None => ReviewStart {
            selected: false,
            form: asked_form,
            basis,
        },
    })
}

/// The person's decision on one request.
#[derive(Debug, Clone, Default)]
pub struct Approval {
    /// Fields to grant, each with an optional (coarser) form; empty with `all` = every field.
    /// Without a form, a field is given in the form its review starts on ([`review_start`]).
    pub fields: Vec<(String, Option<String>)>,
    pub all: bool,
    /// The special categories the person confirmed, by name: every special-category field
    /// granted (and, with `update_rules`, allowed from now on) needs its own category here.
    pub confirm_categories: Vec<SpecialCategory>,
    /// Last day of the grant; default one year.
    pub until: Option<Date>,
    /// Also allow these fields in the brand's standing rules.
    pub update_rules: bool,
}

/// One field an approval would grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedField {
    pub name: String,
    /// The form the brand asked for.
    pub asked: String,
    /// The form it is given in.
    pub form: FormKind,
    /// Chosen without naming a form, and given in the coarser form the person's standing rule
    /// for this brand allows, not the (exact) one asked.
    pub by_standing_rule: bool,
    /// Chosen without naming a form, and given in the coarser form the person gave the brand
    /// when they last answered it, not the (exact) one asked.
    pub by_last_answer: bool,
    /// Its special category, if it is one.
    pub special: Option<SpecialCategory>,
    /// Whether the approval confirms that category (always true for a standard field).
    pub confirmed: bool,
    /// Whether the profile holds a (primary) value to give.
    pub has_value: bool,
}

/// What an approval means, decided without a vault: see the module's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalPlan {
    /// The fields granted, in the request's order (never the order the person chose in: how a
    /// person picks fields is a habit, the same in every grant).
    pub fields: Vec<PlannedField>,
    /// Fields the brand marked as required that are not chosen, in the request's order: the
    /// brand may decline a grant without them.
    pub required_left_out: Vec<String>,
    /// The approval also allows the fields in the brand's standing rules.
    pub update_rules: bool,
}

impl ApprovalPlan {
    /// The special categories among the chosen fields that the approval does not confirm,
    /// once each, in the request's order.
    pub fn unconfirmed(&self) -> Vec<SpecialCategory> {
        let mut out: Vec<SpecialCategory> = Vec::new();
        for c in self
            .fields
            .iter()
            .filter(|f| !f.confirmed)
            .filter_map(|f| f.special)
        {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Whether the plan can be signed: something is chosen, and every field chosen (in the
    /// request's order) has its special category confirmed and a value to give.
    pub fn ready(&self) -> Result<()> {
        if self.fields.is_empty() {
            return Err(ExchangeError::NothingSelected);
        }
        for f in &self.fields {
            if let (Some(c), false) = (f.special, f.confirmed) {
                return Err(ExchangeError::ConfirmationRequired {
                    field: f.name.clone(),
                    category: c.as_str(),
                    label: c.label(),
                    standing: self.update_rules,
                });
            }
            if !f.has_value {
                return Err(ExchangeError::MissingValue(f.name.clone()));
            }
        }
        Ok(())
    }

    /// The granted fields as `(field, form)` pairs: names, never values.
    pub fn field_forms(&self) -> Vec<(String, FormKind)> {
        self.fields
            .iter()
            .map(|f| (f.name.clone(), f.form))
            .collect()
    }
}

/// What approving did: the stored grant (its `token` is what the brand is sent) and the plan
/// it was signed from.
#[derive(Debug, Clone)]
pub struct Approved {
    pub grant: StoredGrant,
    pub plan: ApprovalPlan,
}

/// The request's claims, if it can still be answered: pending, and not past its expiry.
/// `id` is how the person named it (for the refusal).
pub fn answerable(request: &StoredRequest, id: &str, now: i64) -> Result<RequestClaims> {
    if request.status != RequestStatus::Pending {
        return Err(ExchangeError::NotPending(id.to_owned()));
    }
    let claims = request.claims();
    if now > claims.exp + crate::jws::CLOCK_SKEW_SECONDS {
        return Err(ExchangeError::RequestExpired(request.jti.clone()));
    }
    Ok(claims)
}

/// The forms a person may answer a request for `asked` with, of those `offered` for their
/// value: only the asked form, unless the exact value (`raw`) was asked, which any coarser
/// offered form answers. The one rule [`plan_approval`] checks, given to the faces so none
/// works it out itself.
pub fn answering_forms(asked: &str, offered: &[String]) -> Vec<String> {
    if answers_with_any_form(asked) {
        offered.to_vec()
    } else {
        vec![asked.to_owned()]
    }
}

/// A request for the exact value may be answered in any coarser form the field offers.
fn answers_with_any_form(asked: &str) -> bool {
    asked == FormKind::Raw.name()
}

/// The field and form the person chose for one requested field, checked: requested, chosen
/// once, and in the asked form or (when the exact value was asked) a coarser one the field
/// offers; never more than was asked.
fn chosen_form(
    claims: &RequestClaims,
    approval: &Approval,
    name: &str,
    form: Option<&str>,
    start: impl Fn(&RequestedField) -> Result<ReviewStart, ProfileError>,
) -> Result<(usize, FormKind, Option<StartBasis>)> {
    let (position, asked) = claims
        .fields
        .iter()
        .enumerate()
        .find(|(_, f)| f.name == name)
        .ok_or_else(|| ExchangeError::NotRequested(name.to_owned()))?;
    if approval.fields.iter().filter(|(n, _)| n == name).count() > 1 {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-exchange-chosen-twice",
            field = name.to_owned()
        ))
        .into());
    }
    let (form, by_default) = match form {
        Some(form) => (FormKind::parse(form)?, None),
        None => {
            let start = start(asked)?;
            (start.form, Some(start.basis))
        }
    };
    if !answers_with_any_form(&asked.form) && form.name() != asked.form {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-exchange-form-only",
            field = name.to_owned(),
            form = asked.form.clone()
        ))
        .into());
    }
    let def = catalogue::lookup(name).ok_or_else(|| ProfileError::UnknownField(name.to_owned()))?;
    if !def.forms.contains(&form) {
        return Err(ProfileError::FormNotOffered {
            field: name.to_owned(),
            form: form.name(),
            offered: def
                .forms
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", "),
        }
        .into());
    }
    Ok((position, form, by_default))
}

/// What `approval` of the request with `claims` means, given the person's standing `rules`
/// for its brand, their last answer to it (`earlier`) and their profile `values` (only
/// whether a primary value exists is read).
///
/// Refuses a choice that cannot be answered whatever the person confirms (a field not
/// requested or chosen twice, a finer or other form than asked, a form the field does not
/// offer); an empty choice, an unconfirmed category or a missing value are in the plan, for
/// the faces to show, and refused by [`ApprovalPlan::ready`].
pub fn plan_approval(
    claims: &RequestClaims,
    approval: &Approval,
    rules: &[Rule],
    earlier: Option<&Earlier>,
    values: &[ProfileValue],
    today: Date,
) -> Result<ApprovalPlan> {
    let start = |asked: &RequestedField| {
        review_start(
            asked,
            rules.iter().find(|r| r.field == asked.name),
            earlier.map(|e| e.field(&asked.name)),
            today,
        )
    };
    // (position in the request, name, form, what decided the form when none was named)
    let mut chosen: Vec<(usize, &str, FormKind, Option<StartBasis>)> =
        if approval.all && approval.fields.is_empty() {
            claims
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let start = start(f)?;
                    Ok((i, f.name.as_str(), start.form, Some(start.basis)))
                })
                .collect::<Result<_, ProfileError>>()?
        } else {
            approval
                .fields
                .iter()
                .map(|(name, form)| {
                    let (i, form, by_default) =
                        chosen_form(claims, approval, name, form.as_deref(), start)?;
                    Ok((i, name.as_str(), form, by_default))
                })
                .collect::<Result<_>>()?
        };
    chosen.sort_by_key(|(i, ..)| *i);
    let fields = chosen
        .into_iter()
        .map(|(i, name, form, by_default)| {
            let asked = &claims.fields[i].form;
            let def = catalogue::lookup(name)
                .ok_or_else(|| ProfileError::UnknownField(name.to_owned()))?;
            let special = match def.sensitivity {
                Sensitivity::Special(c) => Some(c),
                Sensitivity::Standard => None,
            };
            Ok(PlannedField {
                name: name.to_owned(),
                asked: asked.clone(),
                form,
                by_standing_rule: by_default == Some(StartBasis::StandingRule)
                    && form.name() != *asked,
                by_last_answer: by_default == Some(StartBasis::LastAnswer) && form.name() != *asked,
                special,
                confirmed: special.is_none_or(|c| approval.confirm_categories.contains(&c)),
                has_value: values.iter().any(|v| v.field == name && v.primary),
            })
        })
        .collect::<Result<Vec<_>, ProfileError>>()?;
    let required_left_out = claims
        .fields
        .iter()
        .filter(|f| f.required && !fields.iter().any(|c| c.name == f.name))
        .map(|f| f.name.clone())
        .collect();
    Ok(ApprovalPlan {
        fields,
        required_left_out,
        update_rules: approval.update_rules,
    })
}

/// The approval renewing `grant` as it is: its fields in its forms, named (so no standing rule
/// or last answer changes the form), without those the person's standing `rules` for the brand
/// now deny, which are returned beside it. A rule that has only passed its last day denies
/// nothing: it was never what gave the field.
pub fn renewal_choice(grant: &StoredGrant, rules: &[Rule]) -> (Approval, Vec<String>) {
    let denied = |name: &str| rules.iter().any(|r| r.field == name && !r.allowed);
    let (fields, denied_now): (Vec<_>, Vec<_>) =
        grant.fields.iter().partition(|(name, _)| !denied(name));
    (
        Approval {
            fields: fields
                .into_iter()
                .map(|(n, f)| (n.clone(), Some(f.clone())))
                .collect(),
            ..Approval::default()
        },
        denied_now.into_iter().map(|(n, _)| n.clone()).collect(),
    )
}

/// The fields of `new` whose value differs from the one `old` gave (or that `old` did not
/// give), in `new`'s order.
pub fn changed_values(old: &[Disclosure], new: &[Disclosure]) -> Vec<String> {
    new.iter()
        .filter(|n| {
            !old.iter()
                .any(|o| o.field == n.field && o.form == n.form && o.value == n.value)
        })
        .map(|n| n.field.clone())
        .collect()
}

/// When a grant issued `now` starts and ends: `iat` is the start of the UTC day; it ends at the
/// end of `until` (at most [`formats::MAX_GRANT_SECONDS`] after it starts), or a year after.
pub fn grant_window(until: Option<Date>, now: i64, today: Date) -> Result<(i64, i64)> {
    let issued = formats::person_token_time(now);
    let exp = match until {
        Some(until) => {
            if until < today {
                return Err(ProfileError::InvalidInput(tessera_text::text!(
                    "error-exchange-end-in-past",
                    date = until.to_string()
                ))
                .into());
            }
            let end = until
                .at(23, 59, 59, 0)
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map_err(|e| ProfileError::InvalidInput(e.to_string()))?;
            end.timestamp()
                .as_second()
                .min(issued + formats::MAX_GRANT_SECONDS)
        }
        None => issued + DEFAULT_GRANT_SECONDS,
    };
    if exp <= now {
        return Err(ProfileError::InvalidInput(tessera_text::text!(
            "error-exchange-ends-before-start"
        ))
        .into());
    }
    Ok((issued, exp))
}

/// What a brand is told about where a value came from: a code, never the file or the dates.
fn disclosed_provenance(provenance: &Provenance) -> ProvenanceCode {
    match provenance {
        Provenance::Entered { .. } | Provenance::Imported { .. } => ProvenanceCode::SelfAsserted,
    }
}

/// Who signs a grant and under which id: the per-brand key's thumbprint and a random id,
/// both made where the vault is, with the brand's alias token
/// ([`tessera_profile::store::alias_token`]), also derived there.
#[derive(Debug, Clone)]
/// The person's side of a grant: their key's thumbprint for the brand, the grant's id, the
/// brand's alias token, and the person's terms for the brand.
pub struct GrantSigner {
    pub thumbprint: String,
    pub jti: String,
    pub alias_token: String,
    pub terms: tessera_profile::terms::Terms,
}

/// The claims of the grant answering `request` as `plan` says, with the person's `values`.
///
/// Nothing in them but the approved values and what the brand itself sent can link them to
/// the person's grants to other brands: the key is the brand's own, the id is random, times
/// are whole UTC days, provenance is a code, and disclosures follow the request's order.
#[allow(clippy::too_many_arguments)]
pub fn grant_claims(
    request: &StoredRequest,
    claims: &RequestClaims,
    plan: &ApprovalPlan,
    until: Option<Date>,
    values: &[ProfileValue],
    signer: GrantSigner,
    now: i64,
    today: Date,
) -> Result<GrantClaims> {
    plan.ready()?;
    let brand = BrandId::parse(&request.brand)?;
    let alias = values
        .iter()
        .find(|v| v.field == "email_alias_pattern")
        .map(|v| v.value.display());
    let ctx = DisclosureContext {
        today,
        brand: &brand,
        alias_pattern: alias.as_deref(),
        alias_token: Some(&signer.alias_token),
    };
    let disclosures = plan
        .fields
        .iter()
        .map(|f| {
            let def = catalogue::lookup(&f.name)
                .ok_or_else(|| ProfileError::UnknownField(f.name.clone()))?;
            let value = values
                .iter()
                .find(|v| v.field == f.name && v.primary)
                .ok_or_else(|| ExchangeError::MissingValue(f.name.clone()))?;
            Ok(Disclosure {
                field: f.name.clone(),
                form: f.form.name(),
                value: disclose(&f.name, def.kind, &value.value, f.form, &ctx)?,
                provenance: disclosed_provenance(&value.provenance),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let (issued, exp) = grant_window(until, now, today)?;
    let purposes = claims
        .purposes
        .iter()
        .map(|p| PurposeDecision {
            id: p.id.clone(),
            accepted: claims.fields.iter().any(|f| {
                plan.fields.iter().any(|g| g.name == f.name) && f.purposes.contains(&p.id)
            }),
        })
        .collect::<Vec<_>>();
    let accepted: Vec<&str> = purposes
        .iter()
        .filter(|p| p.accepted)
        .map(|p| p.id.as_str())
        .collect();
    let terms = crate::conflicts::grant_terms(claims, &signer.terms, &accepted);
    Ok(GrantClaims {
        v: formats::GRANT_FORMAT,
        iss: signer.thumbprint.clone(),
        sub: signer.thumbprint,
        aud: request.brand.clone(),
        jti: signer.jti,
        iat: issued,
        exp,
        request: Binding {
            jti: claims.jti.clone(),
            hash: request.hash.clone(),
        },
        disclosures,
        purposes,
        terms,
    })
}

#[cfg(test)]
mod tests {
    //! Every decision of an approval, without a vault: a request signed in memory, rules and
    //! values built by hand.
    use super::*;
    use crate::jws::SigningKey;
    use serde_json::json;
    use tessera_profile::model::Value;

    const NOW: i64 = 1_795_000_000; // 2026-11-18
    const TODAY: Date = Date::constant(2026, 11, 18);
    const BRAND: &str = "https://shop.example";

    fn claims() -> RequestClaims {
        serde_json::from_value(json!({
            "iss": BRAND, "jti": "req-1", "iat": 0, "exp": 0,
            "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
            "fields": [
                {"name": "email", "required": true, "purposes": ["orders"]},
                {"name": "birthdate", "required": true, "purposes": ["orders"]},
                {"name": "shoe_size", "required": false, "purposes": ["recommend"]},
                {"name": "allergies", "required": false, "purposes": ["recommend"]},
                {"name": "locale", "form": "raw", "required": true, "purposes": ["orders"]}
            ],
            "purposes": [
                {"id": "orders", "description": "Orders", "retention_days": 30, "third_parties": false, "profiling": false},
                {"id": "recommend", "description": "Shoes", "retention_days": 30, "third_parties": false, "profiling": true}
            ],
            "never": ["resale"],
            "reply": {"method": "file"}
        }))
        .unwrap()
    }

    fn stored(status: RequestStatus) -> StoredRequest {
        let token =
            formats::sign_request(&SigningKey::from_seed(&[7; 32]), claims(), NOW, 3600).unwrap();
        StoredRequest {
            v: 1,
            jti: "req-1".into(),
            brand: BRAND.into(),
            hash: crate::jws::token_hash(&token),
            token,
            received_at: NOW,
            status,
            grant: None,
        }
    }

    fn value(field: &str, text: &str) -> ProfileValue {
        ProfileValue {
            v: 1,
            field: field.into(),
            value: Value::Text(text.into()),
            label: None,
            primary: true,
            provenance: Provenance::Imported {
                file: "contacts.vcf".into(),
                on: TODAY,
            },
            custom: None,
        }
    }

    fn values() -> Vec<ProfileValue> {
        vec![
            value("email", "ada@home.example"),
            value("birthdate", "1990-04-23"),
            value("allergies", "peanuts"),
            value("locale", "fr-FR"),
        ]
    }

    fn rule(field: &str, form: &str, allowed: bool) -> Rule {
        Rule {
            v: 1,
            brand: BRAND.into(),
            field: field.into(),
            allowed,
            form: form.into(),
            until: None,
            confirmed_category: None,
            updated_on: TODAY,
        }
    }

    fn choose(fields: &[(&str, Option<&str>)]) -> Approval {
        Approval {
            fields: fields
                .iter()
                .map(|(n, f)| ((*n).to_owned(), f.map(str::to_owned)))
                .collect(),
            ..Default::default()
        }
    }

    fn plan(approval: &Approval, rules: &[Rule]) -> Result<ApprovalPlan> {
        plan_approval(&claims(), approval, rules, None, &values(), TODAY)
    }

    /// The plan's fields as `field:form`.
    fn names(plan: &ApprovalPlan) -> Vec<String> {
        plan.field_forms()
            .iter()
            .map(|(n, f)| format!("{n}:{}", f.name()))
            .collect()
    }

    /// The person's last answer to the brand: a request for email, birthdate and shoe size,
    /// answered with the email and an age over 18.
    fn last_answer() -> Earlier {
        Earlier {
            asked: ["email", "birthdate", "shoe_size"].map(String::from).into(),
            given: vec![
                ("email".into(), FormKind::Raw),
                ("birthdate".into(), FormKind::AgeOver(18)),
            ],
        }
    }

    fn start_of(name: &str, rules: &[Rule], earlier: Option<&Earlier>) -> ReviewStart {
        let claims = claims();
        let asked = claims.fields.iter().find(|f| f.name == name).unwrap();
        let rule = rules.iter().find(|r| r.field == name);
        review_start(asked, rule, earlier.map(|e| e.field(name)), TODAY).unwrap()
    }

    #[test]
    fn a_review_starts_from_the_last_answer_to_the_brand() {
        let earlier = last_answer();
        let start = |name| start_of(name, &[], Some(&earlier));
        let at = |selected, form| ReviewStart {
            selected,
            form,
            basis: StartBasis::LastAnswer,
        };
        // Given last time: selected; the exact birth date asked now starts on the age given.
        assert_eq!(start("email"), at(true, FormKind::Raw));
        assert_eq!(start("birthdate"), at(true, FormKind::AgeOver(18)));
        // Left out last time: not selected. New since (even required): not selected.
        assert_eq!(start("shoe_size"), at(false, FormKind::Raw));
        assert_eq!(start("locale"), at(false, FormKind::Raw));
        assert_eq!(start("allergies"), at(false, FormKind::Raw));
        // A first request: required fields selected, as asked.
        assert_eq!(
            start_of("locale", &[], None),
            ReviewStart {
                selected: true,
                form: FormKind::Raw,
                basis: StartBasis::Request,
            }
        );
        // A standing rule governs over the last answer: denied, nothing is selected.
        let denied = [rule("email", "raw", false)];
        assert_eq!(
            start_of("email", &denied, Some(&earlier)),
            ReviewStart {
                selected: false,
                form: FormKind::Raw,
                basis: StartBasis::StandingRule,
            }
        );
        // Another form than the one given (over 21 where over 18 was given): not selected.
        let mut asked = claims().fields[1].clone();
        asked.form = "age_over_21".into();
        let other = review_start(&asked, None, Some(earlier.field("birthdate")), TODAY).unwrap();
        assert_eq!(other, at(false, FormKind::AgeOver(21)));
    }

    #[test]
    fn approving_without_a_form_gives_the_form_given_last_time() {
        let earlier = last_answer();
        let p = plan_approval(
            &claims(),
            &choose(&[("birthdate", None), ("email", None)]),
            &[],
            Some(&earlier),
            &values(),
            TODAY,
        )
        .unwrap();
        assert_eq!(names(&p), ["email:raw", "birthdate:age_over_18"]);
        let birthdate = &p.fields[1];
        assert!(birthdate.by_last_answer && !birthdate.by_standing_rule);
        assert!(!p.fields[0].by_last_answer, "given as asked");
        // "All" gives every field, each in the form its review starts on.
        let all = Approval {
            all: true,
            ..Default::default()
        };
        let p = plan_approval(&claims(), &all, &[], Some(&earlier), &values(), TODAY).unwrap();
        assert!(names(&p).contains(&"birthdate:age_over_18".to_owned()));
        // Naming the exact form still gives it: the start is a starting point.
        let exact = choose(&[("birthdate", Some("raw"))]);
        let p = plan_approval(&claims(), &exact, &[], Some(&earlier), &values(), TODAY).unwrap();
        assert_eq!(names(&p), ["birthdate:raw"]);
        assert!(!p.fields[0].by_last_answer);
    }

    #[test]
    fn a_renewal_names_the_grants_forms_and_leaves_out_only_what_a_rule_denies() {
        let grant = StoredGrant {
            v: 1,
            jti: "grant-1".into(),
            brand: BRAND.into(),
            request: "req-1".into(),
            token: String::new(),
            issued_at: NOW,
            exp: NOW + 3600,
            fields: vec![
                ("email".into(), "raw".into()),
                ("birthdate".into(), "age_over_18".into()),
                ("locale".into(), "raw".into()),
            ],
            revoked_at: None,
            revocation: None,
            receipt: None,
            receipt_at: None,
            renews: None,
            renewed_by: None,
            issued_entry: None,
        };
        let mut lapsed = rule("locale", "raw", true);
        lapsed.until = Some(Date::constant(2026, 1, 1));
        // A coarser rule changes nothing: the grant's forms are named.
        let rules = [
            rule("email", "raw", false),
            lapsed,
            rule("birthdate", "raw", true),
        ];
        let (approval, denied) = renewal_choice(&grant, &rules);
        assert_eq!(denied, ["email"]);
        let p = plan_approval(&claims(), &approval, &rules, None, &values(), TODAY).unwrap();
        assert_eq!(names(&p), ["birthdate:age_over_18", "locale:raw"]);
    }

    #[test]
    fn changed_values_are_those_given_otherwise_or_not_before() {
        let d = |field: &str, form: &str, value: serde_json::Value| Disclosure {
            field: field.into(),
            form: form.into(),
            value,
            provenance: ProvenanceCode::SelfAsserted,
        };
        let old = [
            d("email", "raw", json!("a@x.example")),
            d("age", "age_in_years", json!(35)),
        ];
        let new = [
            d("email", "raw", json!("a@x.example")),
            d("age", "age_in_years", json!(36)),
            d("locale", "raw", json!("fr-FR")),
        ];
        assert_eq!(changed_values(&old, &new), ["age", "locale"]);
        assert!(changed_values(&new, &new).is_empty());
    }

    #[test]
    fn an_earlier_answer_is_read_from_its_request_and_grant() {
        let request = stored(RequestStatus::Approved);
        let grant = StoredGrant {
            v: 1,
            jti: "grant-1".into(),
            brand: BRAND.into(),
            request: "req-1".into(),
            token: String::new(),
            issued_at: NOW,
            exp: NOW + 3600,
            fields: vec![
                ("email".into(), "raw".into()),
                ("birthdate".into(), "no_such_form".into()),
            ],
            revoked_at: None,
            revocation: None,
            receipt: None,
            receipt_at: None,
            renews: None,
            renewed_by: None,
            issued_entry: None,
        };
        let e = Earlier::of(&request, &grant);
        assert_eq!(e.field("email"), EarlierField::Given(FormKind::Raw));
        // A form no longer known counts as left out, never as given.
        assert_eq!(e.field("birthdate"), EarlierField::LeftOut);
        assert_eq!(e.field("shoe_size"), EarlierField::LeftOut);
        assert_eq!(e.field("phone_number"), EarlierField::New);
    }

    #[test]
    fn the_forms_offered_for_an_answer_are_those_the_plan_accepts() {
        let offered: Vec<String> = ["raw", "age_over_18", "age_range"].map(String::from).into();
        assert_eq!(answering_forms("raw", &offered), offered);
        assert_eq!(answering_forms("age_over_18", &offered), ["age_over_18"]);
        // Each form offered for a birthdate asked exactly is one the plan takes; asked as
        // over 18, only that one is.
        for form in &offered {
            let chosen = choose(&[("birthdate", Some(form.as_str()))]);
            assert!(plan(&chosen, &[]).is_ok(), "{form}");
        }
        let mut asked = claims();
        asked.fields[1].form = "age_over_18".into();
        for form in &offered {
            let chosen = choose(&[("birthdate", Some(form.as_str()))]);
            let planned = plan_approval(&asked, &chosen, &[], None, &values(), TODAY);
            assert_eq!(
                planned.is_ok(),
                answering_forms("age_over_18", &offered).contains(form),
                "{form}"
            );
        }
    }

    #[test]
    fn only_a_pending_request_within_its_time_is_answerable() {
        assert!(answerable(&stored(RequestStatus::Pending), "req-1", NOW).is_ok());
        let e = answerable(&stored(RequestStatus::Denied), "the-id", NOW).unwrap_err();
        assert!(
            matches!(e, ExchangeError::NotPending(ref id) if id == "the-id"),
            "{e}"
        );
        let late = NOW + 3600 + crate::jws::CLOCK_SKEW_SECONDS + 1;
        let e = answerable(&stored(RequestStatus::Pending), "req-1", late).unwrap_err();
        assert!(matches!(e, ExchangeError::RequestExpired(_)), "{e}");
    }

    #[test]
    fn fields_follow_the_requests_order_and_required_ones_left_out_are_named() {
        let p = plan(&choose(&[("shoe_size", None), ("email", None)]), &[]).unwrap();
        assert_eq!(names(&p), ["email:raw", "shoe_size:raw"]);
        assert_eq!(p.required_left_out, ["birthdate", "locale"]);
        let all = Approval {
            all: true,
            ..Default::default()
        };
        let p = plan(&all, &[]).unwrap();
        assert_eq!(p.fields.len(), 5);
        assert!(p.required_left_out.is_empty());
        // Nothing chosen is a plan (the faces show what is left out), not yet an approval.
        let p = plan(&choose(&[]), &[]).unwrap();
        assert!(p.fields.is_empty());
        assert_eq!(p.required_left_out, ["email", "birthdate", "locale"]);
        assert!(matches!(p.ready(), Err(ExchangeError::NothingSelected)));
    }

    #[test]
    fn a_coarser_standing_rule_gives_its_form_only_when_no_form_is_named() {
        let rules = [rule("birthdate", "age_over_18", true)];
        let p = plan(&choose(&[("birthdate", None)]), &rules).unwrap();
        assert_eq!(names(&p), ["birthdate:age_over_18"]);
        assert!(p.fields[0].by_standing_rule);
        assert_eq!(p.fields[0].asked, "raw");
        // Named: the person's form, not a rule's doing.
        let p = plan(&choose(&[("birthdate", Some("age_over_18"))]), &rules).unwrap();
        assert!(!p.fields[0].by_standing_rule);
        let p = plan(&choose(&[("birthdate", Some("raw"))]), &rules).unwrap();
        assert_eq!(names(&p), ["birthdate:raw"]);
        // A rule allowing the exact value gives what was asked.
        let p = plan(
            &choose(&[("birthdate", None)]),
            &[rule("birthdate", "raw", true)],
        )
        .unwrap();
        assert_eq!(names(&p), ["birthdate:raw"]);
        assert!(!p.fields[0].by_standing_rule);
        // A denying rule still sets the form (the review never starts finer).
        let denied = [rule("birthdate", "age_over_18", false)];
        let p = plan(
            &Approval {
                all: true,
                ..Default::default()
            },
            &denied,
        )
        .unwrap();
        assert_eq!(p.fields[1].form, FormKind::parse("age_over_18").unwrap());
        assert!(p.fields[1].by_standing_rule);
    }

    #[test]
    fn a_choice_that_cannot_be_answered_is_refused() {
        let e = plan(&choose(&[("given_name", None)]), &[]).unwrap_err();
        assert!(matches!(e, ExchangeError::NotRequested(_)), "{e}");
        let e = plan(&choose(&[("email", None), ("email", None)]), &[]).unwrap_err();
        assert!(e.to_string().contains("more than once"), "{e}");
        let e = plan(&choose(&[("email", Some("nonsense"))]), &[]).unwrap_err();
        assert_eq!(e.code(), tessera_vault::ErrorCode::InvalidForm);
        let e = plan(&choose(&[("email", Some("country"))]), &[]).unwrap_err();
        assert!(
            matches!(
                e,
                ExchangeError::Profile(ProfileError::FormNotOffered { .. })
            ),
            "{e}"
        );
        // Asked as the exact value: a coarser form is fine; asked coarser: nothing else.
        let mut c = claims();
        c.fields[1].form = "age_over_18".into();
        let a = choose(&[("birthdate", Some("age_range"))]);
        let e = plan_approval(&c, &a, &[], None, &values(), TODAY).unwrap_err();
        assert!(e.to_string().contains("asked as age_over_18"), "{e}");
        let a = choose(&[("birthdate", None)]);
        let p = plan_approval(&c, &a, &[], None, &values(), TODAY).unwrap();
        assert_eq!(names(&p), ["birthdate:age_over_18"]);
        assert!(!p.fields[0].by_standing_rule);
    }

    #[test]
    fn a_special_category_needs_its_own_confirmation() {
        let mut a = choose(&[("email", None), ("allergies", None)]);
        let p = plan(&a, &[]).unwrap();
        assert_eq!(p.unconfirmed(), [SpecialCategory::Health]);
        let e = p.ready().unwrap_err();
        assert!(
            matches!(e, ExchangeError::ConfirmationRequired { ref field, standing: false, .. } if field == "allergies"),
            "{e}"
        );
        a.update_rules = true;
        let e = plan(&a, &[]).unwrap().ready().unwrap_err();
        assert!(e.to_string().contains("standing rules"), "{e}");
        a.confirm_categories = vec![SpecialCategory::Belief];
        assert_eq!(
            plan(&a, &[]).unwrap().unconfirmed(),
            [SpecialCategory::Health]
        );
        a.confirm_categories = vec![SpecialCategory::Health];
        let p = plan(&a, &[]).unwrap();
        assert!(p.unconfirmed().is_empty());
        assert_eq!(p.fields[1].special, Some(SpecialCategory::Health));
        assert_eq!(p.fields[0].special, None);
        p.ready().unwrap();
    }

    #[test]
    fn a_field_without_a_value_is_planned_but_not_ready() {
        let p = plan(&choose(&[("shoe_size", None)]), &[]).unwrap();
        assert!(!p.fields[0].has_value);
        let e = p.ready().unwrap_err();
        assert!(
            matches!(e, ExchangeError::MissingValue(ref f) if f == "shoe_size"),
            "{e}"
        );
        // Only a primary value counts.
        let mut v = values();
        v.push(ProfileValue {
            primary: false,
            ..value("shoe_size", "EU 38")
        });
        let p = plan_approval(
            &claims(),
            &choose(&[("shoe_size", None)]),
            &[],
            None,
            &v,
            TODAY,
        )
        .unwrap();
        assert!(!p.fields[0].has_value);
    }

    #[test]
    fn the_window_is_whole_days_from_today_to_the_end_date_or_a_year() {
        let day = formats::person_token_time(NOW);
        assert_eq!(
            grant_window(None, NOW, TODAY).unwrap(),
            (day, day + DEFAULT_GRANT_SECONDS)
        );
        let until = Date::constant(2026, 12, 1);
        let (_, exp) = grant_window(Some(until), NOW, TODAY).unwrap();
        assert_eq!(exp, day + 13 * 24 * 3600 + 24 * 3600 - 1);
        let far = Date::constant(2099, 1, 1);
        let (_, exp) = grant_window(Some(far), NOW, TODAY).unwrap();
        assert_eq!(exp, day + formats::MAX_GRANT_SECONDS);
        let e = grant_window(Some(Date::constant(2026, 11, 17)), NOW, TODAY).unwrap_err();
        assert!(e.to_string().contains("in the past"), "{e}");
    }

    #[test]
    fn the_grant_discloses_the_plan_in_its_forms_with_provenance_as_a_code() {
        let request = stored(RequestStatus::Pending);
        let claims = request.claims();
        let rules = [rule("birthdate", "age_over_18", true)];
        let p = plan(&choose(&[("birthdate", None), ("email", None)]), &rules).unwrap();
        let signer = GrantSigner {
            thumbprint: "thumb".into(),
            jti: "grant-1".into(),
            alias_token: "0123456789ab".into(),
            terms: Default::default(),
        };
        let g = grant_claims(&request, &claims, &p, None, &values(), signer, NOW, TODAY).unwrap();
        let got: Vec<_> = g
            .disclosures
            .iter()
            .map(|d| (d.field.as_str(), d.form.as_str(), d.value.clone()))
            .collect();
        assert_eq!(
            got,
            [
                ("email", "raw", json!("ada@home.example")),
                ("birthdate", "age_over_18", json!(true)),
            ]
        );
        assert!(
            g.disclosures
                .iter()
                .all(|d| d.provenance == ProvenanceCode::SelfAsserted)
        );
        assert_eq!(
            (g.iss.as_str(), g.sub.as_str(), g.jti.as_str()),
            ("thumb", "thumb", "grant-1")
        );
        assert_eq!(g.aud, BRAND);
        assert_eq!(g.request.hash, request.hash);
        let purposes: Vec<_> = g
            .purposes
            .iter()
            .map(|p| (p.id.as_str(), p.accepted))
            .collect();
        assert_eq!(purposes, [("orders", true), ("recommend", false)]);
        assert_eq!(g.terms.forbidden_uses, ["resale"]);
        assert_eq!(g.iat, formats::person_token_time(NOW));
        // An unready plan is never signed.
        let p = plan(&choose(&[("allergies", None)]), &[]).unwrap();
        let signer = GrantSigner {
            thumbprint: "t".into(),
            jti: "j".into(),
            alias_token: "0123456789ab".into(),
            terms: Default::default(),
        };
        let e = grant_claims(&request, &claims, &p, None, &values(), signer, NOW, TODAY);
        assert!(matches!(e, Err(ExchangeError::ConfirmationRequired { .. })));
    }
}
