//! The person's consent records for others to read: every request answered or refused, as a
//! consent record in the structure of ISO/IEC TS 27560:2023, written with W3C Data Privacy
//! Vocabulary (DPV 2.x) terms as the DPVCG's guide to 27560 does (`dpv-27560:record`).
//! `docs/formats/consent-records.md` maps each member to the standard and lists what is not
//! mapped.
//!
//! Pure: the caller reads the requests and grants. Names of fields and forms only, never a
//! value.

use serde::Serialize;
use tessera_profile::catalogue::{self, Sensitivity};

use crate::formats::RequestClaims;
use crate::person::{RequestStatus, StoredGrant, StoredRequest};

/// The export's own format version (`tessera:format`).
pub const CONSENT_RECORDS_FORMAT: u8 = 1;

/// The JSON-LD context: the prefixes the members use.
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub dpv: &'static str,
    pub pd: &'static str,
    pub dct: &'static str,
    #[serde(rename = "eu-gdpr")]
    pub eu_gdpr: &'static str,
    pub tessera: &'static str,
}

const CONTEXT: Context = Context {
    dpv: "https://w3id.org/dpv#",
    pd: "https://w3id.org/dpv/pd#",
    dct: "http://purl.org/dc/terms/",
    eu_gdpr: "https://w3id.org/dpv/legal/eu/gdpr#",
    tessera: "https://w3id.org/tessera#",
};

/// The whole export.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentRecords {
    #[serde(rename = "@context")]
    pub context: Context,
    #[serde(rename = "tessera:format")]
    pub format: u8,
    /// When it was exported (RFC 3339).
    #[serde(rename = "dct:created")]
    pub created: String,
    #[serde(rename = "@graph")]
    pub records: Vec<ConsentRecord>,
}

/// One brand's request and the person's answer to it.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentRecord {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The grant's `jti`, or the request's for a request not answered with a grant.
    #[serde(rename = "dct:identifier")]
    pub identifier: String,
    #[serde(rename = "dct:conformsTo")]
    pub conforms_to: &'static str,
    #[serde(rename = "dpv:hasDataSubject")]
    pub data_subject: DataSubject,
    #[serde(rename = "dpv:hasDataController")]
    pub controller: Controller,
    #[serde(rename = "dpv:hasApplicableLaw")]
    pub applicable_law: &'static str,
    /// Consent (GDPR Art. 6(1)(a)), with explicit consent (Art. 9(2)(a)) when a special
    /// category is given.
    #[serde(rename = "dpv:hasLegalBasis")]
    pub legal_basis: Vec<&'static str>,
    /// Where the consent stands now: the last of `events`.
    #[serde(rename = "dpv:hasConsentStatus")]
    pub status: &'static str,
    /// The request: the notice the consent answers.
    #[serde(rename = "dpv:hasNotice")]
    pub notice: Notice,
    /// One per purpose of the request.
    #[serde(rename = "dpv:hasProcess")]
    pub processes: Vec<Process>,
    /// When the consent ends (the grant's `exp`, RFC 3339), if it was given.
    #[serde(rename = "dpv:hasExpiry", skip_serializing_if = "Option::is_none")]
    pub expiry: Option<String>,
    /// What happened, in order.
    #[serde(rename = "tessera:events")]
    pub events: Vec<ConsentEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataSubject {
    /// The person as this brand knows them: the grant's `sub` (the per-brand key's
    /// thumbprint), or none before a grant.
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "@type")]
    pub kind: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Controller {
    /// The brand identifier (an https origin).
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(rename = "dct:title")]
    pub name: String,
    #[serde(rename = "dpv:hasContact")]
    pub contact: String,
    /// The data-protection authority the request named, if any.
    #[serde(
        rename = "dpv:hasSupervisoryAuthority",
        skip_serializing_if = "Option::is_none"
    )]
    pub authority: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The request's `jti`.
    #[serde(rename = "dct:identifier")]
    pub identifier: String,
    /// The SHA-256 of the signed request (as in the grant's `request.hash`): what proves
    /// which notice this was.
    #[serde(rename = "tessera:requestHash")]
    pub hash: String,
    #[serde(rename = "dpv:hasPrivacyNotice")]
    pub privacy_policy: String,
    /// When the person received it (RFC 3339).
    #[serde(rename = "dct:date")]
    pub received: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Process {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "dpv:hasPurpose")]
    pub purpose: Purpose,
    /// The fields asked for this purpose, and whether each was given.
    #[serde(rename = "dpv:hasPersonalData")]
    pub personal_data: Vec<PersonalData>,
    #[serde(rename = "dpv:hasStorageCondition")]
    pub storage: StorageDuration,
    /// `dpv:ThirdParty` when the brand declared it shares the data.
    #[serde(rename = "dpv:hasRecipient", skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<&'static str>,
    /// `dpv:Profiling` when the brand declared profiling.
    #[serde(rename = "dpv:hasProcessing", skip_serializing_if = "Vec::is_empty")]
    pub processing: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Purpose {
    /// The brand's DPV purpose code, if it gave one (`dpv:ServiceProvision`).
    #[serde(rename = "@type", skip_serializing_if = "Option::is_none")]
    pub dpv: Option<String>,
    #[serde(rename = "dct:identifier")]
    pub id: String,
    #[serde(rename = "dct:description")]
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    /// The field's name in Tessera's catalogue (`docs/fields.md`).
    #[serde(rename = "tessera:field")]
    pub field: String,
    /// The form asked for.
    #[serde(rename = "tessera:formAsked")]
    pub form_asked: String,
    /// The form given, or none when it was not given.
    #[serde(rename = "tessera:formGiven", skip_serializing_if = "Option::is_none")]
    pub form_given: Option<String>,
    /// `dpv:Required` or `dpv:Optional`, as the brand marked it.
    #[serde(rename = "dpv:hasNecessity")]
    pub necessity: &'static str,
    /// The DPV code of its special category (GDPR Art. 9), if it is one (`pd:MedicalHealth`).
    #[serde(
        rename = "dpv:hasPersonalDataCategory",
        skip_serializing_if = "Option::is_none"
    )]
    pub special: Option<&'static str>,
    /// Where the value came from: the person (`dpv:DataSubject`).
    #[serde(rename = "dpv:hasDataSource")]
    pub source: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct StorageDuration {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// ISO 8601 duration (`P365D`): the brand's `retention_days`.
    #[serde(rename = "dpv:hasDuration")]
    pub duration: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsentEvent {
    /// A DPV consent status: `dpv:ConsentRequested`, `dpv:ConsentGiven`, `dpv:ConsentRefused`,
    /// `dpv:ConsentWithdrawn`, `dpv:ConsentExpired`; or `tessera:ReceiptReceived` (the brand
    /// countersigned the grant).
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// RFC 3339.
    #[serde(rename = "dct:date")]
    pub at: String,
}

/// Unix seconds as RFC 3339 (UTC), or the number itself when out of range.
fn time(unix: i64) -> String {
    jiff::Timestamp::from_second(unix).map_or_else(|_| unix.to_string(), |t| t.to_string())
}

/// The grant's `sub`, read from its token (signed here).
fn subject(grant: &StoredGrant) -> Option<String> {
    grant.signed("/sub")
}

fn record(
    request: &StoredRequest,
    claims: &RequestClaims,
    grant: Option<&StoredGrant>,
    now: i64,
) -> ConsentRecord {
    let given = |field: &str| {
        grant.and_then(|g| {
            g.fields
                .iter()
                .find(|(n, _)| n == field)
                .map(|(_, f)| f.clone())
        })
    };
    let special = |field: &str| match catalogue::lookup(field).map(|d| d.sensitivity) {
        Some(Sensitivity::Special(c)) => Some(c.dpv_code()),
        _ => None,
    };
    let processes = claims
        .purposes
        .iter()
        .map(|p| Process {
            kind: "dpv:Process",
            purpose: Purpose {
                dpv: p.dpv.clone(),
                id: p.id.clone(),
                description: p.description.clone(),
            },
            personal_data: claims
                .fields
                .iter()
                .filter(|f| f.purposes.contains(&p.id))
                .map(|f| PersonalData {
                    field: f.name.clone(),
                    form_asked: f.form.clone(),
                    form_given: given(&f.name),
                    necessity: if f.required {
                        "dpv:Required"
                    } else {
                        "dpv:Optional"
                    },
                    special: special(&f.name),
                    source: "dpv:DataSubject",
                })
                .collect(),
            storage: StorageDuration {
                kind: "dpv:StorageDuration",
                duration: format!("P{}D", p.retention_days),
            },
            recipients: if p.third_parties {
                vec!["dpv:ThirdParty"]
            } else {
                Vec::new()
            },
            processing: if p.profiling {
                vec!["dpv:Profiling"]
            } else {
                Vec::new()
            },
        })
        .collect();
    let mut events = vec![ConsentEvent {
        kind: "dpv:ConsentRequested",
        at: time(request.received_at),
    }];
    if let Some(g) = grant {
        events.push(ConsentEvent {
            kind: "dpv:ConsentGiven",
            at: time(g.issued_at),
        });
        if let Some(at) = g.receipt_at {
            events.push(ConsentEvent {
                kind: "tessera:ReceiptReceived",
                at: time(at),
            });
        }
        match g.revoked_at {
            Some(at) => events.push(ConsentEvent {
                kind: "dpv:ConsentWithdrawn",
                at: time(at),
            }),
            None if g.exp <= now => events.push(ConsentEvent {
                kind: "dpv:ConsentExpired",
                at: time(g.exp),
            }),
            None => {}
        }
        events.sort_by_key(|e| e.at.clone());
    } else if request.status == RequestStatus::Denied {
        // When it was refused is in the ledger only; the record says that it was.
        events.push(ConsentEvent {
            kind: "dpv:ConsentRefused",
            at: time(request.received_at),
        });
    }
    let special_given = grant.is_some_and(|g| g.fields.iter().any(|(n, _)| special(n).is_some()));
    let mut legal_basis = vec!["eu-gdpr:A6-1-a"];
    if special_given {
        legal_basis.push("eu-gdpr:A9-2-a");
    }
    ConsentRecord {
        kind: "dpv:ConsentRecord",
        identifier: grant.map_or_else(|| request.jti.clone(), |g| g.jti.clone()),
        conforms_to: "https://w3id.org/dpv/schema/dpv-27560#record",
        data_subject: DataSubject {
            id: grant.and_then(subject),
            kind: "dpv:DataSubject",
        },
        controller: Controller {
            id: request.brand.clone(),
            name: claims.brand.name.clone(),
            contact: claims.brand.contact.clone(),
            authority: claims.brand.authority.clone(),
        },
        applicable_law: "eu-gdpr:GDPR",
        legal_basis,
        status: events.last().map_or("dpv:ConsentRequested", |e| e.kind),
        notice: Notice {
            kind: "dpv:ConsentNotice",
            identifier: request.jti.clone(),
            hash: request.hash.clone(),
            privacy_policy: claims.brand.privacy_policy.clone(),
            received: time(request.received_at),
        },
        processes,
        expiry: grant.map(|g| time(g.exp)),
        events,
    }
}

/// Every request the person received and what they did with it, as consent records, oldest
/// first: one record per grant (a renewal is a record of its own), and one per request not
/// answered with a grant (refused, or still waiting).
pub fn consent_records(
    requests: &[StoredRequest],
    grants: &[StoredGrant],
    now: i64,
) -> ConsentRecords {
    let mut records: Vec<(i64, ConsentRecord)> = Vec::new();
    for r in requests {
        let claims = r.claims();
        let answering: Vec<&StoredGrant> = grants
            .iter()
            .filter(|g| g.brand == r.brand && g.request == r.jti)
            .collect();
        if answering.is_empty() {
            records.push((r.received_at, record(r, &claims, None, now)));
        }
        for g in answering {
            records.push((g.issued_at, record(r, &claims, Some(g), now)));
        }
    }
    records.sort_by_key(|(at, _)| *at);
    ConsentRecords {
        context: CONTEXT,
        format: CONSENT_RECORDS_FORMAT,
        created: time(now),
        records: records.into_iter().map(|(_, r)| r).collect(),
    }
}
