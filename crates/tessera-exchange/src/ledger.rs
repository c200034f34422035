//! The activity ledger: an append-only, hash-chained log of every import (accepted or
//! rejected), decision, export, receipt, revocation and rule change. Entries name fields and
//! brands, never values.
//!
//! Each entry is a sealed vault entry holding `{seq, at, event, brand, fields, detail, prev,
//! hash}` where `hash = SHA-256(prev || "\n" || JSON of {at, brand, detail, event, fields, seq})`
//! with keys sorted, `brand` null and `fields` empty when absent (serde_json's default map). A sealed head
//! (`{seq, hash}`) is updated in the same transaction, so removing the last entries is
//! detected too. Editing or moving an entry fails its seal; removing or reordering breaks the
//! chain.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use serde::{Deserialize, Serialize};
use tessera_vault::{EntryKind, Vault, VaultError};

pub const LEDGER_KIND: EntryKind = EntryKind::new("ledger");
pub const HEAD_KIND: EntryKind = EntryKind::new("ledger_head");
// not words: the chain's format (docs/formats/ledger-export.md)
const GENESIS: &str = "tessera ledger v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub v: u8,
    pub seq: u64,
    /// Unix seconds.
    pub at: i64,
    /// A [`LedgerEvent`]'s name; kept as text, so that an entry written by a newer Tessera
    /// with an event this one does not know is still read and verified.
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    pub detail: String,
    pub prev: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Head {
    v: u8,
    seq: u64,
    hash: String,
}

/// What the ledger records, by the names its entries (and ledger exports) carry, forever;
/// [`LedgerEvent::description`] says what each means (docs/formats/ledger-export.md lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerEvent {
    RequestImported,
    RequestRejected,
    KeyPinned,
    KeyRetrusted,
    GrantIssued,
    RequestDenied,
    GrantExported,
    GrantRevoked,
    ReceiptImported,
    RuleChanged,
    VaultRestoreAccepted,
    VaultRestored,
    BrandRemoved,
    LetterSent,
    LetterReplied,
}

impl LedgerEvent {
    pub const ALL: [LedgerEvent; 15] = [
        LedgerEvent::RequestImported,
        LedgerEvent::RequestRejected,
        LedgerEvent::KeyPinned,
        LedgerEvent::KeyRetrusted,
        LedgerEvent::GrantIssued,
        LedgerEvent::RequestDenied,
        LedgerEvent::GrantExported,
        LedgerEvent::GrantRevoked,
        LedgerEvent::ReceiptImported,
        LedgerEvent::RuleChanged,
        LedgerEvent::VaultRestoreAccepted,
        LedgerEvent::VaultRestored,
        LedgerEvent::BrandRemoved,
        LedgerEvent::LetterSent,
        LedgerEvent::LetterReplied,
    ];

    /// Its name in entries and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerEvent::RequestImported => "request_imported",
            LedgerEvent::RequestRejected => "request_rejected",
            LedgerEvent::KeyPinned => "key_pinned",
            LedgerEvent::KeyRetrusted => "key_retrusted",
            LedgerEvent::GrantIssued => "grant_issued",
            LedgerEvent::RequestDenied => "request_denied",
            LedgerEvent::GrantExported => "grant_exported",
            LedgerEvent::GrantRevoked => "grant_revoked",
            LedgerEvent::ReceiptImported => "receipt_imported",
            LedgerEvent::RuleChanged => "rule_changed",
            LedgerEvent::VaultRestoreAccepted => "vault_restore_accepted",
            LedgerEvent::VaultRestored => "vault_restored",
            LedgerEvent::BrandRemoved => "brand_removed",
            LedgerEvent::LetterSent => "letter_sent",
            LedgerEvent::LetterReplied => "letter_replied",
        }
    }

    /// What it records (the table in docs/formats/ledger-export.md).
    // not words: the repository's docs (the person reads `label`)
    pub fn description(self) -> &'static str {
        match self {
            LedgerEvent::RequestImported => "A brand's request was verified and stored for review.",
            LedgerEvent::RequestRejected => {
                "A request failed a check and was not stored (its reason in `detail`)."
            }
            LedgerEvent::KeyPinned => "A brand's key was pinned on its first request.",
            LedgerEvent::KeyRetrusted => "The person trusted a brand's new key.",
            LedgerEvent::GrantIssued => "A grant was signed and stored.",
            LedgerEvent::RequestDenied => "The person refused a request.",
            LedgerEvent::GrantExported => "A grant was saved to a file or copied.",
            LedgerEvent::GrantRevoked => "A grant was revoked and its revocation signed.",
            LedgerEvent::ReceiptImported => "A brand's countersigned receipt was stored.",
            LedgerEvent::RuleChanged => "A standing rule was changed while approving.",
            LedgerEvent::VaultRestoreAccepted => {
                "The person accepted a vault older than the newest this computer saw."
            }
            LedgerEvent::VaultRestored => {
                "The vault was restored from a backup (which one, and any changes this computer had seen that it lacks, in `detail`)."
            }
            LedgerEvent::BrandRemoved => {
                "A brand was removed with its requests, grants and rules; only the first run's demo brand can be (what went, in `detail`). Earlier entries about it stay."
            }
            LedgerEvent::LetterSent => {
                "The person wrote a signed letter exercising a right with a brand (the letter, its right and article, and when a reply is due, in `detail`; the fields it concerns in `fields`)."
            }
            LedgerEvent::LetterReplied => {
                "The person recorded a brand's reply to a letter (which, in `detail`)."
            }
        }
    }

    /// The table of every event in docs/formats/ledger-export.md.
    // not words: the repository's docs
    pub fn markdown_table() -> String {
        let mut table = String::from("| `event` | What it records | Shown as |\n|---|---|---|\n");
        for e in LedgerEvent::ALL {
            table.push_str(&format!(
                "| `{}` | {} | {} |\n",
                e.as_str(),
                e.description(),
                e.label()
            ));
        }
        table
    }

    /// As a person reads it in the activity list.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("ledger-event-{}", self.as_str())
    }
}

/// What to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: LedgerEvent,
    pub brand: Option<String>,
    pub fields: Vec<String>,
    pub detail: String,
}

fn head(vault: &Vault) -> Result<Option<(tessera_vault::EntryId, Head)>, VaultError> {
    let mut heads = vault.list_entries(HEAD_KIND)?;
    match heads.len() {
        0 => Ok(None),
        1 => {
            let (id, body) = heads.remove(0);
            let head = serde_json::from_slice(&body).map_err(|_| {
                VaultError::CorruptRecord(tessera_text::text!("error-ledger-record-head"))
            })?;
            Ok(Some((id, head)))
        }
        _ => Err(VaultError::CorruptRecord(tessera_text::text!(
            "error-ledger-several-heads"
        ))),
    }
}

/// Appends one entry (and moves the head) atomically.
pub fn append(vault: &mut Vault, at: i64, event: Event) -> Result<LedgerEntry, VaultError> {
    vault.atomically(|vault| {
        let current = head(vault)?;
        let (seq, prev) = match &current {
            Some((_, h)) => (h.seq + 1, h.hash.clone()),
            None => (1, GENESIS.to_owned()),
        };
        let mut entry = LedgerEntry {
            v: 1,
            seq,
            at,
            event: event.event.as_str().to_owned(),
            brand: event.brand,
            fields: event.fields,
            detail: event.detail,
            prev,
            hash: String::new(),
        };
        entry.hash = chain_hash(&entry.prev, &entry);
        let hash = entry.hash.clone();
        vault.insert_entry(
            LEDGER_KIND,
            &serde_json::to_vec(&entry).expect("serializes"),
        )?;
        let new_head = serde_json::to_vec(&Head { v: 1, seq, hash }).expect("serializes");
        match current {
            Some((id, _)) => vault.update_entry(id, &new_head)?,
            None => {
                vault.insert_entry(HEAD_KIND, &new_head)?;
            }
        }
        Ok(entry)
    })
}

/// Every entry, oldest first. Fails if any entry fails its seal.
pub fn list(vault: &Vault) -> Result<Vec<LedgerEntry>, VaultError> {
    vault
        .list_entries(LEDGER_KIND)?
        .into_iter()
        .map(|(id, body)| {
            serde_json::from_slice(&body).map_err(|_| {
                VaultError::CorruptRecord(tessera_text::text!(
                    "error-ledger-record-entry",
                    id = id.0.to_string()
                ))
            })
        })
        .collect()
}

/// The entry `seq` (1 is the first), reading that entry only: entries are appended in order and
/// never removed, so it is the ledger's `seq`th row; a row there with another `seq` (rows
/// removed or put back) is refused. `None` beyond the head.
pub fn entry(vault: &Vault, seq: u64) -> Result<Option<LedgerEntry>, VaultError> {
    if seq == 0 || seq > count(vault)? {
        return Ok(None);
    }
    let Some((id, body)) = vault.entry_at(LEDGER_KIND, seq - 1)? else {
        return Err(broken_at(seq));
    };
    let entry: LedgerEntry = serde_json::from_slice(&body).map_err(|_| broken_at(seq))?;
    if entry.seq != seq {
        return Err(VaultError::Tampered(tessera_text::text!(
            "error-ledger-entry-out-of-place",
            seq = seq.to_string(),
            id = id.0.to_string()
        )));
    }
    Ok(Some(entry))
}

fn broken_at(seq: u64) -> VaultError {
    VaultError::Tampered(tessera_text::text!(
        "error-ledger-entry-missing",
        seq = seq.to_string()
    ))
}

/// How many entries the ledger holds, from its sealed head (no entry is read).
pub fn count(vault: &Vault) -> Result<u64, VaultError> {
    Ok(head(vault)?.map_or(0, |(_, h)| h.seq))
}

/// Where the next older page of the ledger starts: below the entry `id`, which is entry `seq`
/// whose `prev` is the hash the next entry down must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAnchor {
    pub id: tessera_vault::EntryId,
    pub seq: u64,
    pub prev: String,
}

/// A page of the ledger, newest first, and where the next older page starts (none: this page
/// reaches the first entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerPage {
    pub entries: Vec<LedgerEntry>,
    pub older: Option<PageAnchor>,
}

/// The newest `limit` entries of the ledger, or those below `from` (an anchor a previous page
/// returned), in time proportional to the page. Proven complete and current without reading
/// the rest: the newest entry must be the sealed head's, and each entry down must be the one
/// whose hash the entry above names as its `prev`, one `seq` lower, its own hash recomputed.
/// A deleted, reordered, edited or rolled-back entry within the page breaks the chain.
pub fn page(
    vault: &Vault,
    from: Option<&PageAnchor>,
    limit: usize,
) -> Result<LedgerPage, LedgerProblem> {
    let sealed = |e: VaultError| LedgerProblem::Sealed(e.to_string());
    let (mut seq, mut expected) = match from {
        Some(a) => (a.seq.saturating_sub(1), a.prev.clone()),
        None => match head(vault).map_err(sealed)? {
            Some((_, h)) => (h.seq, h.hash),
            None => (0, GENESIS.to_owned()),
        },
    };
    if seq == 0 {
        return Ok(LedgerPage {
            entries: Vec::new(),
            older: None,
        });
    }
    let rows = vault
        .newest_entries(LEDGER_KIND, from.map(|a| a.id), limit.max(1))
        .map_err(sealed)?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut last_id = None;
    for (id, body) in rows {
        let e: LedgerEntry = serde_json::from_slice(&body).map_err(|_| {
            sealed(VaultError::CorruptRecord(tessera_text::text!(
                "error-ledger-record-entry",
                id = id.0.to_string()
            )))
        })?;
        if e.seq != seq {
            return Err(LedgerProblem::Gap {
                expected_before: seq,
                found: e.seq,
            });
        }
        if e.hash != expected || chain_hash(&e.prev, &e) != e.hash {
            return Err(LedgerProblem::Hash(e.seq));
        }
        expected = e.prev.clone();
        seq -= 1;
        last_id = Some(id);
        entries.push(e);
        if seq == 0 {
            break;
        }
    }
    if seq > 0 && entries.len() < limit.max(1) {
        // Fewer rows than the chain says there are below.
        return Err(LedgerProblem::Truncated {
            expected: seq,
            found: 0,
        });
    }
    if seq == 0 && expected != GENESIS {
        return Err(LedgerProblem::Hash(1));
    }
    let older = match (seq, last_id) {
        (0, _) | (_, None) => None,
        (_, Some(id)) => Some(PageAnchor {
            id,
            seq: seq + 1,
            prev: expected,
        }),
    };
    Ok(LedgerPage { entries, older })
}

/// Why a ledger failed verification.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerProblem {
    #[error("{}", tessera_text::text!("error-ledger-sealed", reason = .0.clone()))]
    Sealed(String),
    #[error(
        "{}",
        tessera_text::text!("error-ledger-gap", found = found.to_string(), expected_before = expected_before.to_string())
    )]
    Gap { expected_before: u64, found: u64 },
    #[error("{}", tessera_text::text!("error-ledger-hash", entry = .0.to_string()))]
    Hash(u64),
    #[error(
        "{}",
        tessera_text::text!("error-ledger-truncated", found = found.to_string(), expected = expected.to_string())
    )]
    Truncated { expected: u64, found: u64 },
}

/// Checks the whole chain. Returns the number of entries.
pub fn verify(vault: &Vault) -> Result<u64, LedgerProblem> {
    let mut walk = VerifyWalk::start(vault)?;
    while !walk.step(vault, VERIFY_STEP)? {}
    Ok(walk.checked())
}

/// How many entries one step of [`VerifyWalk`] checks when its caller does not say: a few
/// tens of milliseconds, and memory for that many entries only.
pub const VERIFY_STEP: usize = 20_000;

/// The whole ledger checked a step at a time, so that a face can show progress and answer
/// other calls between steps: the chain walked page by page from the sealed head down to the
/// genesis (as [`page`] proves a page), every entry's hash recomputed, and at the start the
/// head's count compared with the number of entries the vault recorded. Entries appended
/// during the walk are above where it started and do not change what it proves.
#[derive(Debug, Clone)]
pub struct VerifyWalk {
    next: Option<PageAnchor>,
    checked: u64,
    total: u64,
    done: bool,
}

impl VerifyWalk {
    /// Starts from the sealed head; refuses at once a ledger whose head and the vault's record
    /// of its entries disagree, or that is empty beside requests and grants.
    pub fn start(vault: &Vault) -> Result<VerifyWalk, LedgerProblem> {
        let sealed = |e: VaultError| LedgerProblem::Sealed(e.to_string());
        let total = count(vault).map_err(sealed)?;
        let recorded = vault.count(LEDGER_KIND);
        if recorded != total {
            return Err(LedgerProblem::Truncated {
                expected: total,
                found: recorded,
            });
        }
        // Requests and grants are always recorded: an empty ledger beside them was emptied.
        let activity =
            vault.count(crate::person::REQUEST_KIND) + vault.count(crate::person::GRANT_KIND);
        if total == 0 && activity > 0 {
            return Err(LedgerProblem::Truncated {
                expected: 1,
                found: 0,
            });
        }
        Ok(VerifyWalk {
            next: None,
            checked: 0,
            total,
            done: total == 0,
        })
    }

    /// Checks up to `entries` more entries; `true` once the walk has reached the first entry
    /// (the whole ledger is proven).
    pub fn step(&mut self, vault: &Vault, entries: usize) -> Result<bool, LedgerProblem> {
        if self.done {
            return Ok(true);
        }
        let page = page(vault, self.next.as_ref(), entries.max(1))?;
        self.checked += page.entries.len() as u64;
        self.next = page.older;
        self.done = self.next.is_none();
        if self.done && self.checked != self.total {
            return Err(LedgerProblem::Truncated {
                expected: self.total,
                found: self.checked,
            });
        }
        Ok(self.done)
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }

    /// The entries the walk proves: the head's count when it started.
    pub fn total(&self) -> u64 {
        self.total
    }
}

/// Checks a chain of entries on its own (numbered from 1, each hash recomputed from the one
/// before): what the vault's ledger and a ledger export both must satisfy. Returns the last
/// entry's hash (the genesis value for no entries).
pub fn verify_chain(entries: &[LedgerEntry]) -> Result<String, LedgerProblem> {
    let mut prev = GENESIS.to_owned();
    for (i, e) in entries.iter().enumerate() {
        let expected = i as u64 + 1;
        if e.seq != expected {
            return Err(LedgerProblem::Gap {
                expected_before: expected,
                found: e.seq,
            });
        }
        let recomputed = chain_hash(&prev, e);
        if e.prev != prev || e.hash != recomputed {
            return Err(LedgerProblem::Hash(e.seq));
        }
        prev = e.hash.clone();
    }
    Ok(prev)
}

/// The key that signs the person's ledger exports: derived from the vault, used for nothing
/// else.
pub fn export_key(vault: &Vault) -> crate::jws::SigningKey {
    crate::jws::SigningKey::from_seed(&vault.derive_seed(b"tessera v1 ledger key"))
}

/// Checks entries taken out of a chain (an excerpt, as a complaint bundle carries them): each
/// one's `hash` recomputed from its own `prev` and members. With the whole chain (a verified
/// ledger export's entries), also that each is in it, the same, at its `seq`. The first entry
/// that fails, by `seq`.
pub fn verify_excerpt(excerpt: &[LedgerEntry], chain: Option<&[LedgerEntry]>) -> Result<(), u64> {
    for e in excerpt {
        let in_chain = chain.is_none_or(|all| {
            usize::try_from(e.seq)
                .ok()
                .and_then(|seq| all.get(seq.checked_sub(1)?))
                == Some(e)
        });
        if chain_hash(&e.prev, e) != e.hash || !in_chain {
            return Err(e.seq);
        }
    }
    Ok(())
}

/// The hash of entry `e` chained on `prev` (its own `prev` and `hash` are not read).
fn chain_hash(prev: &str, e: &LedgerEntry) -> String {
    // The members in the documented order (alphabetical, as a JSON object without
    // `preserve_order` writes them), borrowed: no tree built per entry.
    #[derive(Serialize)]
    struct Hashed<'a> {
        at: i64,
        brand: &'a Option<String>,
        detail: &'a str,
        event: &'a str,
        fields: &'a [String],
        seq: u64,
    }
    let body = Hashed {
        at: e.at,
        brand: &e.brand,
        detail: &e.detail,
        event: &e.event,
        fields: &e.fields,
        seq: e.seq,
    };
    let mut input = prev.as_bytes().to_vec();
    input.push(b'\n');
    serde_json::to_writer(&mut input, &body).expect("serializes");
    B64.encode(ring::digest::digest(&ring::digest::SHA256, &input))
}
