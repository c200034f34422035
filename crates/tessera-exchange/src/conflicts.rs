//! Where a request conflicts with the person's terms ([`tessera_profile::terms`]): a purpose
//! that shares with third parties when the terms forbid sharing, profiling when they forbid
//! it, a retention longer than they accept. The review shows each, with the fields it touches
//! and what approving them would mean; the person decides.
//!
//! Pure.

use serde::Serialize;
use tessera_profile::terms::Terms;

use crate::formats::{self, ExceptionKind, RequestClaims, TermsException};

/// One way a purpose of the request goes against the person's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    /// The purpose shares the data with third parties; the terms say no sharing.
    Sharing { purpose: String },
    /// The purpose profiles; the terms say no profiling.
    Profiling { purpose: String },
    /// The purpose keeps the data longer than the terms accept.
    Retention {
        purpose: String,
        days: u32,
        max: u32,
    },
}

impl Conflict {
    /// What an exception for this conflict allows, in the grant's terms.
    pub fn allows(&self) -> ExceptionKind {
        match self {
            Conflict::Sharing { .. } => ExceptionKind::Sharing,
            Conflict::Profiling { .. } => ExceptionKind::Profiling,
            Conflict::Retention { .. } => ExceptionKind::Retention,
        }
    }

    pub fn purpose(&self) -> &str {
        match self {
            Conflict::Sharing { purpose }
            | Conflict::Profiling { purpose }
            | Conflict::Retention { purpose, .. } => purpose,
        }
    }

    /// What approving a field for this purpose would mean, in words; `purpose` is how to name
    /// the purpose (its description in the app).
    pub fn describe(&self, purpose: &str, fields: &str) -> String {
        let (purpose, fields) = (purpose.to_owned(), fields.to_owned());
        match self {
            Conflict::Sharing { .. } => {
                tessera_text::text!("conflict-sharing", purpose = purpose, fields = fields)
            }
            Conflict::Profiling { .. } => {
                tessera_text::text!("conflict-profiling", purpose = purpose, fields = fields)
            }
            Conflict::Retention { days, max, .. } => tessera_text::text!(
                "conflict-retention",
                purpose = purpose,
                fields = fields,
                days = *days,
                max = *max
            ),
        }
    }
}

/// Every conflict between `request` and `terms`, purpose by purpose in the request's order,
/// with the fields that serve the purpose (in the request's order).
pub fn conflicts(request: &RequestClaims, terms: &Terms) -> Vec<(Conflict, Vec<String>)> {
    let mut out = Vec::new();
    for p in &request.purposes {
        let fields: Vec<String> = request
            .fields
            .iter()
            .filter(|f| f.purposes.contains(&p.id))
            .map(|f| f.name.clone())
            .collect();
        let purpose = || p.id.clone();
        if p.third_parties && terms.no_sharing {
            out.push((Conflict::Sharing { purpose: purpose() }, fields.clone()));
        }
        if p.profiling && terms.no_profiling {
            out.push((Conflict::Profiling { purpose: purpose() }, fields.clone()));
        }
        if let Some(max) = terms.max_retention_days
            && p.retention_days > max
        {
            out.push((
                Conflict::Retention {
                    purpose: purpose(),
                    days: p.retention_days,
                    max,
                },
                fields.clone(),
            ));
        }
    }
    out
}

/// The terms a grant answering `request` carries: the person's `terms`, the request's `never`,
/// and an exception for each purpose in `accepted` that goes against the terms (the person
/// approved fields for it after the review said so).
pub fn grant_terms(request: &RequestClaims, terms: &Terms, accepted: &[&str]) -> formats::Terms {
    let mut exceptions: Vec<TermsException> = Vec::new();
    for (conflict, _) in conflicts(request, terms) {
        if !accepted.contains(&conflict.purpose()) {
            continue;
        }
        match exceptions
            .iter_mut()
            .find(|e| e.purpose == conflict.purpose())
        {
            Some(e) => e.allows.push(conflict.allows()),
            None => exceptions.push(TermsException {
                purpose: conflict.purpose().to_owned(),
                allows: vec![conflict.allows()],
            }),
        }
    }
    formats::Terms {
        exceptions,
        ..formats::Terms::new(terms, request.never.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tessera_profile::terms::Agreement;

    fn request() -> RequestClaims {
        serde_json::from_value(json!({
            "iss": "https://shop.example", "jti": "r", "iat": 0, "exp": 0,
            "brand": {"name": "Shop", "privacy_policy": "https://shop.example/p", "contact": "c@shop.example"},
            "fields": [
                {"name": "email", "required": true, "purposes": ["orders", "ads"]},
                {"name": "shoe_size", "required": false, "purposes": ["ads"]}
            ],
            "purposes": [
                {"id": "orders", "description": "Orders", "retention_days": 30, "third_parties": false, "profiling": false},
                {"id": "ads", "description": "Ads", "retention_days": 730, "third_parties": true, "profiling": true}
            ],
            "reply": {"method": "file"}
        }))
        .unwrap()
    }

    #[test]
    fn a_purpose_against_the_terms_is_named_with_its_fields() {
        let strict = Terms {
            max_retention_days: Some(365),
            ..Agreement::TesseraStrict.terms()
        };
        let found = conflicts(&request(), &strict);
        let ads = vec!["email".to_owned(), "shoe_size".to_owned()];
        assert_eq!(
            found,
            [
                (
                    Conflict::Sharing {
                        purpose: "ads".into()
                    },
                    ads.clone()
                ),
                (
                    Conflict::Profiling {
                        purpose: "ads".into()
                    },
                    ads.clone()
                ),
                (
                    Conflict::Retention {
                        purpose: "ads".into(),
                        days: 730,
                        max: 365
                    },
                    ads
                ),
            ]
        );
        // Terms that allow sharing and profiling, with no longest retention: none.
        assert!(conflicts(&request(), &Agreement::PdcAi.terms()).is_empty());
        let said = found[2].0.describe("Ads", "Email, Shoe size");
        assert!(said.contains("730") && said.contains("365"), "{said}");
    }

    #[test]
    fn a_grant_carries_the_terms_and_an_exception_for_each_accepted_purpose_against_them() {
        let strict = Terms {
            max_retention_days: Some(365),
            additions: vec!["Ask me before any new use".into()],
            ..Agreement::TesseraStrict.terms()
        };
        let mut asked = request();
        asked.never = vec!["resale".into()];
        // Only "orders" accepted: it goes against nothing, so no exception.
        let orders = grant_terms(&asked, &strict, &["orders"]);
        assert!(orders.exceptions.is_empty());
        assert_eq!(
            (
                orders.no_sale,
                orders.no_inference,
                orders.erase_within_days
            ),
            (true, true, 30)
        );
        assert_eq!(orders.additions, strict.additions);
        assert_eq!(orders.forbidden_uses, ["resale"]);
        // "ads" accepted: it is allowed sharing, profiling and its longer retention, by name.
        let both = grant_terms(&asked, &strict, &["orders", "ads"]);
        assert_eq!(
            both.exceptions,
            [TermsException {
                purpose: "ads".into(),
                allows: vec![
                    ExceptionKind::Sharing,
                    ExceptionKind::Profiling,
                    ExceptionKind::Retention
                ]
            }]
        );
        assert_eq!(
            serde_json::to_value(&both.exceptions).unwrap(),
            json!([{"purpose": "ads", "allows": ["sharing", "profiling", "retention"]}])
        );
    }
}
