//! When each field a brand received should be deleted: retention kept, not just promised.
//!
//! For every field a brand holds, the grant that governs it is the latest one that gave it
//! (a renewal, or the answer to a later request, replaces the earlier grant). The field
//! should be gone by the earliest of:
//!
//! - the grant's issue plus the longest `retention_days` among the request's purposes the
//!   field serves (how long the brand said it keeps it);
//! - the grant's end (`exp`: the brand must stop using the data), plus the days the grant's
//!   terms give the brand to delete (`erase_within_days`, grant format 3);
//! - for a revoked grant, the revocation plus those days; for a grant of an earlier format
//!   (fixed terms), one calendar month after the revocation (the revocation asks for erasure,
//!   which GDPR Art. 12(3) gives the brand one month to answer).
//!
//! Pure: the caller reads the requests and grants.

use serde::Serialize;

use crate::person::{StoredGrant, StoredRequest};

/// Why a field should be gone by its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "because", rename_all = "snake_case")]
pub enum DueBecause {
    /// The longest retention the brand declared for a purpose the field serves.
    Retention { purpose: String, days: u32 },
    /// The grant ends; with the days its terms give the brand to delete, if they say.
    GrantEnds { within_days: Option<u32> },
    /// The person revoked the grant, asking for erasure: the days its terms give, or (a grant
    /// of an earlier format) one month.
    Revoked { within_days: Option<u32> },
}

/// One field a brand holds, and when it should be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDue {
    pub brand: String,
    pub field: String,
    /// The grant that governs it: the latest that gave it.
    pub grant: String,
    /// Unix seconds.
    pub delete_by: i64,
    pub because: DueBecause,
}

/// A month after `at` (Unix seconds), on the calendar in UTC; `at` plus 31 days if out of range.
pub(crate) fn one_month_after(at: i64) -> i64 {
    jiff::Timestamp::from_second(at)
        .ok()
        .and_then(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .checked_add(jiff::Span::new().months(1))
                .ok()
        })
        .map_or(at.saturating_add(31 * 86_400), |z| {
            z.timestamp().as_second()
        })
}

/// When each field each brand holds should be deleted, by brand, then by date and field.
pub fn deletion_dates(requests: &[StoredRequest], grants: &[StoredGrant]) -> Vec<FieldDue> {
    // The newest grant of each (brand, field) governs it; in time proportional to the grants
    // (a vault of years holds tens of thousands).
    let mut governing: std::collections::HashMap<(&str, &str), &StoredGrant> =
        std::collections::HashMap::new();
    for g in grants {
        for (field, _) in &g.fields {
            let slot = governing.entry((&g.brand, field)).or_insert(g);
            if slot.issued_at < g.issued_at {
                *slot = g;
            }
        }
    }
    let by_jti: std::collections::HashMap<(&str, &str), &StoredRequest> = requests
        .iter()
        .map(|r| ((r.brand.as_str(), r.jti.as_str()), r))
        .collect();
    let mut claims_of: std::collections::HashMap<
        (&str, &str),
        Option<crate::formats::RequestClaims>,
    > = std::collections::HashMap::new();
    let mut dues: Vec<FieldDue> = governing
        .into_iter()
        .map(|((brand, field), g)| {
            // Each request's claims are read once, however many fields it governs.
            let claims = claims_of
                .entry((g.brand.as_str(), g.request.as_str()))
                .or_insert_with(|| {
                    by_jti
                        .get(&(g.brand.as_str(), g.request.as_str()))
                        .map(|r| r.claims())
                })
                .clone();
            let retention = claims.as_ref().and_then(|c| {
                let asked = c.fields.iter().find(|f| f.name == field)?;
                c.purposes
                    .iter()
                    .filter(|p| asked.purposes.contains(&p.id))
                    .max_by_key(|p| p.retention_days)
                    .map(|p| (p.id.clone(), p.retention_days))
            });
            let within_days = g.terms().map(|t| t.erase_within_days);
            let after = |at: i64| match within_days {
                Some(days) => at.saturating_add(i64::from(days) * 86_400),
                None => one_month_after(at),
            };
            let mut candidates = Vec::new();
            if let Some((purpose, days)) = retention {
                let at = g.issued_at.saturating_add(i64::from(days) * 86_400);
                candidates.push((at, DueBecause::Retention { purpose, days }));
            }
            if let Some(revoked) = g.revoked_at {
                candidates.push((after(revoked), DueBecause::Revoked { within_days }));
            }
            // The earliest; on a tie, the grant's end.
            let ends = match within_days {
                Some(days) => g.exp.saturating_add(i64::from(days) * 86_400),
                None => g.exp,
            };
            let (delete_by, because) = candidates.into_iter().fold(
                (ends, DueBecause::GrantEnds { within_days }),
                |a, b| {
                    if b.0 < a.0 { b } else { a }
                },
            );
            FieldDue {
                brand: brand.to_owned(),
                field: field.to_owned(),
                grant: g.jti.clone(),
                delete_by,
                because,
            }
        })
        .collect();
    dues.sort_by(|a, b| {
        (a.brand.as_str(), a.delete_by, a.field.as_str()).cmp(&(
            b.brand.as_str(),
            b.delete_by,
            b.field.as_str(),
        ))
    });
    dues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{self, RequestClaims};
    use crate::jws::SigningKey;
    use crate::person::RequestStatus;
    use serde_json::json;

    const DAY: i64 = 86_400;
    const NOW: i64 = 1_795_000_000; // 2026-11-18
    const BRAND: &str = "https://shop.example";

    fn request(jti: &str) -> StoredRequest {
        let claims: RequestClaims = serde_json::from_value(json!({
            "iss": BRAND, "jti": jti, "iat": 0, "exp": 0,
            "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
            "fields": [
                {"name": "email", "required": true, "purposes": ["orders", "news"]},
                {"name": "shoe_size", "required": false, "purposes": ["recommend"]},
                {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]}
            ],
            "purposes": [
                {"id": "orders", "description": "Orders", "retention_days": 30, "third_parties": false, "profiling": false},
                {"id": "news", "description": "News", "retention_days": 90, "third_parties": false, "profiling": false},
                {"id": "recommend", "description": "Shoes", "retention_days": 400, "third_parties": false, "profiling": true}
            ],
            "reply": {"method": "file"}
        }))
        .unwrap();
        let token =
            formats::sign_request(&SigningKey::from_seed(&[7; 32]), claims, NOW, 3600).unwrap();
        StoredRequest {
            v: 1,
            jti: jti.into(),
            brand: BRAND.into(),
            hash: crate::jws::token_hash(&token),
            token,
            received_at: NOW,
            status: RequestStatus::Approved,
            grant: None,
        }
    }

    fn grant(jti: &str, request: &str, issued_at: i64, fields: &[&str]) -> StoredGrant {
        StoredGrant {
            v: 1,
            jti: jti.into(),
            brand: BRAND.into(),
            request: request.into(),
            token: String::new(),
            issued_at,
            exp: issued_at + 365 * DAY,
            fields: fields
                .iter()
                .map(|f| ((*f).to_owned(), "raw".to_owned()))
                .collect(),
            revoked_at: None,
            revocation: None,
            receipt: None,
            receipt_at: None,
            renews: None,
            renewed_by: None,
            issued_entry: None,
        }
    }

    fn due(dues: &[FieldDue], field: &str) -> (i64, DueBecause, String) {
        let d = dues.iter().find(|d| d.field == field).unwrap();
        (d.delete_by, d.because.clone(), d.grant.clone())
    }

    #[test]
    fn the_longest_retention_of_a_fields_purposes_or_the_grants_end_comes_first() {
        let dues = deletion_dates(
            &[request("req-1")],
            &[grant(
                "g-1",
                "req-1",
                NOW,
                &["email", "shoe_size", "birthdate"],
            )],
        );
        let news = DueBecause::Retention {
            purpose: "news".into(),
            days: 90,
        };
        assert_eq!(due(&dues, "email"), (NOW + 90 * DAY, news, "g-1".into()));
        // 400 days of retention, but the grant ends after 365.
        let shoe = due(&dues, "shoe_size");
        assert_eq!(
            (shoe.0, shoe.1),
            (NOW + 365 * DAY, DueBecause::GrantEnds { within_days: None })
        );
        let orders = DueBecause::Retention {
            purpose: "orders".into(),
            days: 30,
        };
        assert_eq!(due(&dues, "birthdate").1, orders);
        // Sorted by date within the brand.
        let order: Vec<&str> = dues.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(order, ["birthdate", "email", "shoe_size"]);
    }

    #[test]
    fn the_latest_grant_giving_a_field_governs_and_a_revocation_gives_a_month() {
        let mut old = grant("g-1", "req-1", NOW, &["email", "shoe_size"]);
        old.revoked_at = Some(NOW + DAY);
        let newer = grant("g-2", "req-2", NOW + 10 * DAY, &["email"]);
        let dues = deletion_dates(&[request("req-1"), request("req-2")], &[old, newer]);
        let email = due(&dues, "email");
        assert_eq!(email.2, "g-2", "the later grant governs the email");
        assert_eq!(email.0, NOW + 10 * DAY + 90 * DAY);
        // The shoe size was only in the revoked grant: a month after the revocation
        // (2026-11-19 to 2026-12-19: 30 days).
        let shoe = due(&dues, "shoe_size");
        assert_eq!(
            (shoe.0, shoe.1),
            (
                NOW + DAY + 30 * DAY,
                DueBecause::Revoked { within_days: None }
            )
        );
    }

    /// A grant of the current format whose terms give the brand `days` to delete.
    fn with_terms(mut g: StoredGrant, days: u32) -> StoredGrant {
        let terms = formats::Terms {
            erase_within_days: days,
            ..formats::Terms::new(&Default::default(), vec![])
        };
        g.token =
            SigningKey::from_seed(&[3; 32]).sign(formats::GRANT_TYP, &json!({"terms": terms}));
        g
    }

    #[test]
    fn the_grants_terms_give_the_days_to_delete_after_a_revocation_or_the_end() {
        let mut revoked = with_terms(grant("g-1", "req-1", NOW, &["shoe_size"]), 10);
        revoked.revoked_at = Some(NOW + DAY);
        let ends = with_terms(grant("g-2", "gone", NOW, &["email"]), 7);
        let dues = deletion_dates(&[request("req-1")], &[revoked, ends]);
        let shoe = due(&dues, "shoe_size");
        assert_eq!(
            (shoe.0, shoe.1),
            (
                NOW + DAY + 10 * DAY,
                DueBecause::Revoked {
                    within_days: Some(10)
                }
            )
        );
        let email = due(&dues, "email");
        assert_eq!(
            (email.0, email.1),
            (
                NOW + 365 * DAY + 7 * DAY,
                DueBecause::GrantEnds {
                    within_days: Some(7)
                }
            )
        );
    }

    #[test]
    fn a_grant_whose_request_is_unknown_is_due_when_it_ends() {
        let dues = deletion_dates(&[], &[grant("g-1", "gone", NOW, &["email"])]);
        assert_eq!(
            due(&dues, "email").1,
            DueBecause::GrantEnds { within_days: None }
        );
        assert_eq!(one_month_after(i64::MAX), i64::MAX);
    }
}
