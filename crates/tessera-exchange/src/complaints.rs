//! A complaint to the data-protection authority about a brand (GDPR Art. 77), with the evidence
//! the person holds: the brand's signed requests, the person's grants with the brand's receipts
//! and the person's revocations, the letters sent with their dates and replies, and the
//! activity ledger's entries about the brand, each verifiable on its own and against the
//! person's signed ledger export (`docs/formats/complaint-bundle.md`). Tessera sends nothing:
//! the person files the complaint.

use serde::Serialize;
use tessera_vault::Vault;

use crate::formats::BrandInfo;
use crate::ledger::{self, LedgerEntry};
use crate::letters;
use crate::person::{self, ExchangeError, Result};

/// The bundle's format, in its `v` member.
pub const BUNDLE_FORMAT: u8 = 1;

/// Everything the person holds about one brand, for an authority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplaintBundle {
    /// Always `tessera-complaint-bundle`.
    pub format: &'static str,
    pub v: u8,
    /// When the person made it (Unix seconds).
    pub created: i64,
    /// The brand, as its latest request names itself (the authority included, if it names one).
    pub brand_id: String,
    pub brand: Option<BrandInfo>,
    /// The complaint, in the person's words (filled in by the face).
    pub complaint: String,
    pub requests: Vec<RequestEvidence>,
    pub grants: Vec<GrantEvidence>,
    pub letters: Vec<LetterEvidence>,
    /// The ledger's entries about the brand, as they are in the chain.
    pub ledger_entries: Vec<LedgerEntry>,
    /// The thumbprint of the vault's ledger key, which signs the person's ledger export.
    pub ledger_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestEvidence {
    pub received_at: i64,
    /// The brand's signed request.
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantEvidence {
    pub issued_at: i64,
    /// The person's signed grant.
    pub token: String,
    /// The brand's signed receipt, and when it came.
    pub receipt: Option<String>,
    pub receipt_at: Option<i64>,
    /// The person's signed revocation, and when.
    pub revocation: Option<String>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterEvidence {
    pub right: crate::formats::Right,
    pub sent_at: i64,
    pub reply_by: i64,
    pub replied_at: Option<i64>,
    /// The person's signed letter.
    pub token: String,
}

/// The bundle for `brand`, with `complaint` as its words; refused for a brand the person
/// never dealt with (no request, grant or letter).
pub fn bundle(vault: &Vault, brand: &str, complaint: String, now: i64) -> Result<ComplaintBundle> {
    let mut requests = person::requests_of(vault, brand)?;
    requests.sort_by_key(|r| r.received_at);
    let mut grants = person::grants_of(vault, brand)?;
    grants.sort_by_key(|g| g.issued_at);
    let letters: Vec<_> = letters::letters(vault)?
        .into_iter()
        .filter(|l| l.brand == brand)
        .collect();
    if requests.is_empty() && grants.is_empty() && letters.is_empty() {
        return Err(ExchangeError::InvalidLetter(tessera_text::text!(
            "error-complaint-nothing",
            brand = brand.to_owned()
        )));
    }
    let ledger_key = ledger::export_key(vault).jwk().thumbprint();
    Ok(ComplaintBundle {
        format: "tessera-complaint-bundle",
        v: BUNDLE_FORMAT,
        created: now,
        brand_id: brand.to_owned(),
        brand: requests.last().map(|r| r.claims().brand),
        complaint,
        requests: requests
            .iter()
            .map(|r| RequestEvidence {
                received_at: r.received_at,
                token: r.token.clone(),
            })
            .collect(),
        grants: grants
            .iter()
            .map(|g| GrantEvidence {
                issued_at: g.issued_at,
                token: g.token.clone(),
                receipt: g.receipt.clone(),
                receipt_at: g.receipt_at,
                revocation: g.revocation.clone(),
                revoked_at: g.revoked_at,
            })
            .collect(),
        letters: letters
            .iter()
            .map(|l| LetterEvidence {
                right: l.right,
                sent_at: l.sent_at,
                reply_by: l.reply_by,
                replied_at: l.replied_at,
                token: l.token.clone(),
            })
            .collect(),
        ledger_entries: ledger::list(vault)?
            .into_iter()
            .filter(|e| e.brand.as_deref() == Some(brand))
            .collect(),
        ledger_key,
    })
}
