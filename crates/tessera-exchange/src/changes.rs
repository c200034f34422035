//! What a brand's new request asks beyond, or short of, the request of its that the person
//! last answered with a grant: field by field and purpose by purpose, each change marked when
//! it asks for more (a new field, a finer form, a longer retention, sharing or profiling newly
//! switched on, a promise dropped from `never`, the offer withdrawn).
//!
//! Pure: the caller finds the earlier request (see [`earlier_answered`]).

use serde::Serialize;
use tessera_profile::forms::FormKind;

use crate::formats::{RequestClaims, RequestedField};
use crate::person::{StoredGrant, StoredRequest};

/// One difference between the earlier request and the new one. Field and purpose names are
/// the requests' own (`email`, `orders`); forms are their codes (`age_over_18`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    FieldAdded {
        field: String,
        form: String,
    },
    FieldDropped {
        field: String,
    },
    FormFiner {
        field: String,
        before: String,
        now: String,
    },
    FormCoarser {
        field: String,
        before: String,
        now: String,
    },
    NowRequired {
        field: String,
    },
    NoLongerRequired {
        field: String,
    },
    PurposeAdded {
        purpose: String,
    },
    PurposeDropped {
        purpose: String,
    },
    PurposeReworded {
        purpose: String,
    },
    RetentionLonger {
        purpose: String,
        before: u32,
        now: u32,
    },
    RetentionShorter {
        purpose: String,
        before: u32,
        now: u32,
    },
    ThirdPartiesOn {
        purpose: String,
    },
    ThirdPartiesOff {
        purpose: String,
    },
    ProfilingOn {
        purpose: String,
    },
    ProfilingOff {
        purpose: String,
    },
    OfferAdded,
    OfferChanged,
    OfferWithdrawn,
    PromiseAdded {
        promise: String,
    },
    PromiseDropped {
        promise: String,
    },
}

impl Change {
    /// Whether the new request asks for more than the earlier one, or gives less in return.
    pub fn asks_more(&self) -> bool {
        matches!(
            self,
            Change::FieldAdded { .. }
                | Change::FormFiner { .. }
                | Change::NowRequired { .. }
                | Change::PurposeAdded { .. }
                | Change::RetentionLonger { .. }
                | Change::ThirdPartiesOn { .. }
                | Change::ProfilingOn { .. }
                | Change::OfferWithdrawn
                | Change::PromiseDropped { .. }
        )
    }

    /// The field or purpose the change is about, if any.
    pub fn subject(&self) -> Option<&str> {
        match self {
            Change::FieldAdded { field, .. }
            | Change::FieldDropped { field }
            | Change::FormFiner { field, .. }
            | Change::FormCoarser { field, .. }
            | Change::NowRequired { field }
            | Change::NoLongerRequired { field } => Some(field),
            Change::PurposeAdded { purpose }
            | Change::PurposeDropped { purpose }
            | Change::PurposeReworded { purpose }
            | Change::RetentionLonger { purpose, .. }
            | Change::RetentionShorter { purpose, .. }
            | Change::ThirdPartiesOn { purpose }
            | Change::ThirdPartiesOff { purpose }
            | Change::ProfilingOn { purpose }
            | Change::ProfilingOff { purpose } => Some(purpose),
            Change::PromiseAdded { promise } | Change::PromiseDropped { promise } => Some(promise),
            Change::OfferAdded | Change::OfferChanged | Change::OfferWithdrawn => None,
        }
    }

    /// The change in words, naming its fields, forms and purposes as `naming` does.
    pub fn describe(&self, naming: &dyn Naming) -> String {
        use tessera_text::text;
        match self {
            Change::FieldAdded { field, form } => {
                text!(
                    "change-field-added",
                    field = naming.field(field),
                    form = naming.form(form)
                )
            }
            Change::FieldDropped { field } => {
                text!("change-field-dropped", field = naming.field(field))
            }
            Change::FormFiner { field, before, now } => text!(
                "change-form-finer",
                field = naming.field(field),
                before = naming.form(before),
                now = naming.form(now)
            ),
            Change::FormCoarser { field, before, now } => text!(
                "change-form-coarser",
                field = naming.field(field),
                before = naming.form(before),
                now = naming.form(now)
            ),
            Change::NowRequired { field } => {
                text!("change-now-required", field = naming.field(field))
            }
            Change::NoLongerRequired { field } => {
                text!("change-no-longer-required", field = naming.field(field))
            }
            Change::PurposeAdded { purpose } => {
                text!("change-purpose-added", purpose = naming.purpose(purpose))
            }
            Change::PurposeDropped { purpose } => {
                text!("change-purpose-dropped", purpose = naming.purpose(purpose))
            }
            Change::PurposeReworded { purpose } => {
                text!("change-purpose-reworded", purpose = naming.purpose(purpose))
            }
            Change::RetentionLonger {
                purpose,
                before,
                now,
            } => text!(
                "change-retention-longer",
                purpose = naming.purpose(purpose),
                before = *before,
                now = *now
            ),
            Change::RetentionShorter {
                purpose,
                before,
                now,
            } => text!(
                "change-retention-shorter",
                purpose = naming.purpose(purpose),
                before = *before,
                now = *now
            ),
            Change::ThirdPartiesOn { purpose } => {
                text!("change-third-parties-on", purpose = naming.purpose(purpose))
            }
            Change::ThirdPartiesOff { purpose } => {
                text!(
                    "change-third-parties-off",
                    purpose = naming.purpose(purpose)
                )
            }
            Change::ProfilingOn { purpose } => {
                text!("change-profiling-on", purpose = naming.purpose(purpose))
            }
            Change::ProfilingOff { purpose } => {
                text!("change-profiling-off", purpose = naming.purpose(purpose))
            }
            Change::OfferAdded => text!("change-offer-added"),
            Change::OfferChanged => text!("change-offer-changed"),
            Change::OfferWithdrawn => text!("change-offer-withdrawn"),
            Change::PromiseAdded { promise } => {
                text!("change-promise-added", promise = promise.clone())
            }
            Change::PromiseDropped { promise } => {
                text!("change-promise-dropped", promise = promise.clone())
            }
        }
    }
}

/// How a change names what it is about: by code (what the CLI takes) or in the person's words.
pub trait Naming {
    fn field(&self, name: &str) -> String;
    fn form(&self, code: &str) -> String;
    fn purpose(&self, id: &str) -> String;
}

/// Fields, forms and purposes by their codes (`birthdate`, `age_over_18`, `orders`), as the
/// CLI shows a request.
pub struct Codes;

impl Naming for Codes {
    fn field(&self, name: &str) -> String {
        name.to_owned()
    }
    fn form(&self, code: &str) -> String {
        code.to_owned()
    }
    fn purpose(&self, id: &str) -> String {
        id.to_owned()
    }
}

/// Fields and forms as the app's words (`Date of birth`, `Over 18 (yes/no)`), purposes by the
/// brand's description of them (the new request's, or the earlier one's for a purpose dropped),
/// as the review screen shows a request. A name neither knows stays as it is.
pub struct Words<'a> {
    pub before: &'a RequestClaims,
    pub now: &'a RequestClaims,
}

impl Naming for Words<'_> {
    fn field(&self, name: &str) -> String {
        tessera_profile::catalogue::lookup(name).map_or_else(|| name.to_owned(), |d| d.label())
    }
    fn form(&self, code: &str) -> String {
        FormKind::parse(code).map_or_else(|_| code.to_owned(), FormKind::label)
    }
    fn purpose(&self, id: &str) -> String {
        let described = [self.now, self.before]
            .into_iter()
            .find_map(|c| c.purposes.iter().find(|p| p.id == id))
            .map_or(id, |p| p.description.as_str());
        tessera_text::text!("change-purpose-quoted", purpose = described.to_owned())
    }
}

/// The request of `brand` the person last answered with a grant, other than `current` (by
/// `jti`), with that grant: what a new request is compared with. `None` on a first request,
/// or when every earlier one was refused or left unanswered.
pub fn earlier_answered<'a>(
    requests: &'a [StoredRequest],
    grants: &'a [StoredGrant],
    brand: &str,
    current: &str,
) -> Option<(&'a StoredRequest, &'a StoredGrant)> {
    grants
        .iter()
        .filter(|g| g.brand == brand && g.request != current)
        .filter_map(|g| {
            requests
                .iter()
                .find(|r| r.brand == brand && r.jti == g.request)
                .map(|r| (r, g))
        })
        .max_by_key(|(_, g)| g.issued_at)
}

/// Every difference from `before` (the earlier request) to `now`, fields first (in the new
/// request's order, then the dropped ones), then purposes, the offer and the promises.
pub fn compare(before: &RequestClaims, now: &RequestClaims) -> Vec<Change> {
    let mut changes = Vec::new();
    let earlier = |name: &str| before.fields.iter().find(|f| f.name == name);
    for field in &now.fields {
        match earlier(&field.name) {
            None => changes.push(Change::FieldAdded {
                field: field.name.clone(),
                form: field.form.clone(),
            }),
            Some(old) => field_changes(old, field, &mut changes),
        }
    }
    for old in &before.fields {
        if !now.fields.iter().any(|f| f.name == old.name) {
            changes.push(Change::FieldDropped {
                field: old.name.clone(),
            });
        }
    }
    for purpose in &now.purposes {
        let id = || purpose.id.clone();
        let Some(old) = before.purposes.iter().find(|p| p.id == purpose.id) else {
            changes.push(Change::PurposeAdded { purpose: id() });
            continue;
        };
        if old.description != purpose.description {
            changes.push(Change::PurposeReworded { purpose: id() });
        }
        if purpose.retention_days > old.retention_days {
            changes.push(Change::RetentionLonger {
                purpose: id(),
                before: old.retention_days,
                now: purpose.retention_days,
            });
        } else if purpose.retention_days < old.retention_days {
            changes.push(Change::RetentionShorter {
                purpose: id(),
                before: old.retention_days,
                now: purpose.retention_days,
            });
        }
        match (old.third_parties, purpose.third_parties) {
            (false, true) => changes.push(Change::ThirdPartiesOn { purpose: id() }),
            (true, false) => changes.push(Change::ThirdPartiesOff { purpose: id() }),
            _ => {}
        }
        match (old.profiling, purpose.profiling) {
            (false, true) => changes.push(Change::ProfilingOn { purpose: id() }),
            (true, false) => changes.push(Change::ProfilingOff { purpose: id() }),
            _ => {}
        }
    }
    for old in &before.purposes {
        if !now.purposes.iter().any(|p| p.id == old.id) {
            changes.push(Change::PurposeDropped {
                purpose: old.id.clone(),
            });
        }
    }
    match (&before.offer, &now.offer) {
        (None, Some(_)) => changes.push(Change::OfferAdded),
        (Some(_), None) => changes.push(Change::OfferWithdrawn),
        (Some(a), Some(b)) if a != b => changes.push(Change::OfferChanged),
        _ => {}
    }
    for promise in &now.never {
        if !before.never.contains(promise) {
            changes.push(Change::PromiseAdded {
                promise: promise.clone(),
            });
        }
    }
    for promise in &before.never {
        if !now.never.contains(promise) {
            changes.push(Change::PromiseDropped {
                promise: promise.clone(),
            });
        }
    }
    changes
}

fn field_changes(old: &RequestedField, now: &RequestedField, changes: &mut Vec<Change>) {
    let field = || now.name.clone();
    let detail = |form: &str| FormKind::parse(form).map_or(0, FormKind::detail);
    if old.form != now.form {
        let (before, form) = (old.form.clone(), now.form.clone());
        changes.push(if detail(&now.form) > detail(&old.form) {
            Change::FormFiner {
                field: field(),
                before,
                now: form,
            }
        } else {
            Change::FormCoarser {
                field: field(),
                before,
                now: form,
            }
        });
    }
    match (old.required, now.required) {
        (false, true) => changes.push(Change::NowRequired { field: field() }),
        (true, false) => changes.push(Change::NoLongerRequired { field: field() }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{BrandInfo, Purpose, Reply};

    fn field(name: &str, form: &str, required: bool) -> RequestedField {
        RequestedField {
            name: name.into(),
            form: form.into(),
            required,
            purposes: vec!["orders".into()],
        }
    }

    fn purpose(id: &str, days: u32, third_parties: bool, profiling: bool) -> Purpose {
        Purpose {
            id: id.into(),
            description: format!("{id} of the shop"),
            dpv: None,
            retention_days: days,
            third_parties,
            profiling,
        }
    }

    fn request(fields: Vec<RequestedField>, purposes: Vec<Purpose>) -> RequestClaims {
        RequestClaims {
            iss: "https://shop.example".into(),
            jti: "r".into(),
            iat: 0,
            exp: 1,
            brand: BrandInfo {
                name: "Shop".into(),
                privacy_policy: "https://shop.example/privacy".into(),
                contact: "privacy@shop.example".into(),
                authority: None,
            },
            fields,
            purposes,
            offer: Some("10% off".into()),
            never: vec!["sell your data".into(), "call you".into()],
            reply: Reply {
                method: "file".into(),
                to: None,
            },
        }
    }

    #[test]
    fn the_same_request_again_changes_nothing() {
        let r = request(
            vec![field("email", "raw", true)],
            vec![purpose("orders", 30, false, false)],
        );
        assert_eq!(compare(&r, &r), vec![]);
    }

    #[test]
    fn each_way_of_asking_more_is_marked_and_each_way_of_asking_less_is_not() {
        let before = request(
            vec![
                field("email", "raw", true),
                field("birthdate", "age_over_18", false),
                field("address", "raw", false),
                field("phone_number", "raw", false),
            ],
            vec![
                purpose("orders", 30, true, true),
                purpose("news", 90, false, false),
                purpose("gone", 10, false, false),
            ],
        );
        let mut now = request(
            vec![
                field("email", "raw", false),
                field("birthdate", "age_in_years", true),
                field("address", "locality", false),
                field("shoe_size", "raw", false),
            ],
            vec![
                purpose("orders", 10, false, false),
                purpose("news", 365, true, true),
                purpose("ads", 30, false, false),
            ],
        );
        now.purposes[1].description = "news and offers".into();
        now.offer = None;
        now.never = vec!["call you".into(), "share it".into()];
        let changes = compare(&before, &now);
        let marked: Vec<(bool, Change)> =
            changes.iter().map(|c| (c.asks_more(), c.clone())).collect();
        let s = String::from;
        assert_eq!(
            marked,
            vec![
                (false, Change::NoLongerRequired { field: s("email") }),
                (
                    true,
                    Change::FormFiner {
                        field: s("birthdate"),
                        before: s("age_over_18"),
                        now: s("age_in_years")
                    }
                ),
                (
                    true,
                    Change::NowRequired {
                        field: s("birthdate")
                    }
                ),
                (
                    false,
                    Change::FormCoarser {
                        field: s("address"),
                        before: s("raw"),
                        now: s("locality")
                    }
                ),
                (
                    true,
                    Change::FieldAdded {
                        field: s("shoe_size"),
                        form: s("raw")
                    }
                ),
                (
                    false,
                    Change::FieldDropped {
                        field: s("phone_number")
                    }
                ),
                (
                    false,
                    Change::RetentionShorter {
                        purpose: s("orders"),
                        before: 30,
                        now: 10
                    }
                ),
                (
                    false,
                    Change::ThirdPartiesOff {
                        purpose: s("orders")
                    }
                ),
                (
                    false,
                    Change::ProfilingOff {
                        purpose: s("orders")
                    }
                ),
                (false, Change::PurposeReworded { purpose: s("news") }),
                (
                    true,
                    Change::RetentionLonger {
                        purpose: s("news"),
                        before: 90,
                        now: 365
                    }
                ),
                (true, Change::ThirdPartiesOn { purpose: s("news") }),
                (true, Change::ProfilingOn { purpose: s("news") }),
                (true, Change::PurposeAdded { purpose: s("ads") }),
                (false, Change::PurposeDropped { purpose: s("gone") }),
                (true, Change::OfferWithdrawn),
                (
                    false,
                    Change::PromiseAdded {
                        promise: s("share it")
                    }
                ),
                (
                    true,
                    Change::PromiseDropped {
                        promise: s("sell your data")
                    }
                ),
            ]
        );
        assert!(
            changes
                .iter()
                .all(|c| !c.describe(&Codes).starts_with("change-"))
        );
    }

    #[test]
    fn the_app_names_fields_forms_and_purposes_in_words_the_cli_by_code() {
        let orders = || vec![purpose("orders", 30, false, false)];
        let before = request(vec![field("birthdate", "age_over_18", true)], orders());
        let mut now = request(vec![field("birthdate", "raw", true)], orders());
        now.purposes[0].retention_days += 1;
        let changes = compare(&before, &now);
        let words = Words {
            before: &before,
            now: &now,
        };
        let said: Vec<(String, String)> = changes
            .iter()
            .map(|c| (c.describe(&Codes), c.describe(&words)))
            .collect();
        let (codes, in_words) = &said[0];
        assert_eq!(
            codes,
            "birthdate is asked as raw, finer than age_over_18 before"
        );
        assert_eq!(
            in_words,
            "Date of birth is asked as Exact value, finer than Over 18 (yes/no) before"
        );
        let purpose = &now.purposes[0];
        assert!(
            said[1].0.starts_with(&format!("{} keeps", purpose.id)),
            "{said:?}"
        );
        assert!(
            said[1]
                .1
                .starts_with(&format!("“{}” keeps", purpose.description)),
            "{said:?}"
        );
        // A name neither the catalogue nor the request knows stays as it is.
        assert_eq!(words.field("no_such_field"), "no_such_field");
        assert_eq!(words.form("no_such_form"), "no_such_form");
        assert_eq!(words.purpose("gone"), "“gone”");
    }

    #[test]
    fn an_offer_given_or_reworded_is_said() {
        let mut before = request(vec![field("email", "raw", true)], vec![]);
        before.offer = None;
        let mut now = before.clone();
        now.offer = Some("a gift".into());
        assert_eq!(compare(&before, &now), vec![Change::OfferAdded]);
        let mut later = now.clone();
        later.offer = Some("a smaller gift".into());
        assert_eq!(compare(&now, &later), vec![Change::OfferChanged]);
        assert!(!Change::OfferChanged.asks_more());
    }
}
