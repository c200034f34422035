//! The person's rights after a grant, by letter: access (GDPR Art. 15), correction (Art. 16),
//! erasure (Art. 17), objection (Art. 21) and withdrawal of consent (Art. 7(3)). Each letter is
//! a signed token (`tessera-letter+jwt`, `docs/formats/letter.md`) under the same per-brand key
//! as the grants the brand holds, so the brand can tell it comes from the person who gave them
//! without any copy of an ID; it is stored, recorded in the ledger with the date a reply is due
//! (one month), and tracked until the person says the reply came. Tessera sends nothing: the
//! person sends the letter.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tessera_profile::catalogue::SpecialCategory;
use tessera_profile::store::{self as profile, RECORD_VERSION, Versioned};
use tessera_vault::{EntryKind, Vault};

use crate::formats::{self, Binding, LetterClaims, Right};
use crate::ledger::{self, Event, LedgerEvent};
use crate::person::{self, ExchangeError, Result, StoredGrant};

pub const LETTER_KIND: EntryKind = EntryKind::new("letter");

/// A letter the person wrote to a brand, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredLetter {
    pub v: u8,
    pub jti: String,
    pub brand: String,
    pub right: Right,
    /// The signed letter.
    pub token: String,
    /// When the person wrote it (Unix seconds).
    pub sent_at: i64,
    /// By when the brand must answer (Unix seconds).
    pub reply_by: i64,
    /// When the person recorded the brand's reply, if they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_at: Option<i64>,
}

impl Versioned for StoredLetter {
    fn version(&self) -> u8 {
        self.v
    }
}

/// Where a letter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum LetterState {
    /// Sent, its reply not due yet.
    Awaiting,
    /// Its reply date has passed with no reply recorded.
    Overdue,
    /// The person recorded the brand's reply.
    Replied,
}

impl LetterState {
    pub const ALL: [LetterState; 3] = [
        LetterState::Awaiting,
        LetterState::Overdue,
        LetterState::Replied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LetterState::Awaiting => "awaiting",
            LetterState::Overdue => "overdue",
            LetterState::Replied => "replied",
        }
    }

    /// The id of its words in the catalogue (`locales/*/letters.ftl`).
    pub fn text_id(self) -> String {
        format!("letter-state-{}", self.as_str())
    }
}

impl StoredLetter {
    pub fn state(&self, now: i64) -> LetterState {
        match self.replied_at {
            Some(_) => LetterState::Replied,
            None if now >= self.reply_by => LetterState::Overdue,
            None => LetterState::Awaiting,
        }
    }

    /// The letter as signed (written here).
    pub fn claims(&self) -> Option<LetterClaims> {
        crate::jws::peek_payload(&self.token)
    }
}

/// What a letter is to say: the right, and what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope {
    /// The fields it concerns (empty: everything the brand received; a correction: every
    /// field whose value changed).
    pub fields: Vec<String>,
    /// The purposes it concerns, by id (objection: empty for every purpose that profiles, or
    /// all when none does; withdrawal: at least one).
    pub purposes: Vec<String>,
    /// For a correction of a special-category field: its category, confirmed again.
    pub confirm_categories: Vec<SpecialCategory>,
}

fn refuse(reason: String) -> ExchangeError {
    ExchangeError::InvalidLetter(reason)
}

/// Every letter, oldest first.
pub fn letters(vault: &Vault) -> Result<Vec<StoredLetter>> {
    let mut all: Vec<StoredLetter> = person::load(vault, LETTER_KIND)?
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    all.sort_by_key(|l| (l.sent_at, l.jti.clone()));
    Ok(all)
}

/// What a brand holds from the person, as a letter may name it.
pub struct Held {
    /// Its grants from the person, revoked ones included.
    pub grants: Vec<StoredGrant>,
    /// The fields they gave, sorted, each once.
    pub fields: Vec<String>,
    /// The purposes of the requests they answer, in the requests' order, each id once.
    pub purposes: Vec<formats::Purpose>,
}

/// What `brand` holds from the person: the scope any letter to it is checked against.
pub fn held(vault: &Vault, brand: &str) -> Result<Held> {
    let grants: Vec<StoredGrant> = person::grants_of(vault, brand)?;
    let mut fields: Vec<String> = grants
        .iter()
        .flat_map(|g| g.fields.iter().map(|(f, _)| f.clone()))
        .collect();
    fields.sort();
    fields.dedup();
    let mut purposes: Vec<formats::Purpose> = Vec::new();
    for r in person::requests_of(vault, brand)?
        .into_iter()
        .filter(|r| grants.iter().any(|g| g.request == r.jti))
    {
        for p in r.claims().purposes {
            if !purposes.iter().any(|q| q.id == p.id) {
                purposes.push(p);
            }
        }
    }
    Ok(Held {
        grants,
        fields,
        purposes,
    })
}

/// Writes, signs, stores and records a letter exercising `right` with `brand`, about what its
/// grants gave; refused when the brand holds no grant from the person (there is nothing to sign
/// it against) or when the scope names what the brand never received.
pub fn write(
    vault: &mut Vault,
    brand: &str,
    right: Right,
    scope: &Scope,
    now: i64,
    today: Date,
) -> Result<StoredLetter> {
    let Held {
        grants,
        fields: received,
        purposes: declared,
    } = held(vault, brand)?;
    if grants.is_empty() {
        return Err(refuse(tessera_text::text!(
            "error-letter-no-grant",
            brand = brand.to_owned()
        )));
    }
    if let Some(f) = scope.fields.iter().find(|f| !received.contains(f)) {
        return Err(refuse(tessera_text::text!(
            "error-letter-field-not-received",
            field = f.clone(),
            received = received.join(", ")
        )));
    }
    if let Some(p) = scope
        .purposes
        .iter()
        .find(|p| !declared.iter().any(|d| &d.id == *p))
    {
        let ids: Vec<&str> = declared.iter().map(|d| d.id.as_str()).collect();
        return Err(refuse(tessera_text::text!(
            "error-letter-unknown-purpose",
            purpose = p.clone(),
            purposes = ids.join(", ")
        )));
    }
    let mut purposes = scope.purposes.clone();
    let mut fields = scope.fields.clone();
    let mut corrections = Vec::new();
    match right {
        Right::Access | Right::Erasure => {}
        Right::Objection if purposes.is_empty() => {
            purposes = declared
                .iter()
                .filter(|p| p.profiling)
                .map(|p| p.id.clone())
                .collect();
        }
        Right::Objection => {}
        Right::Withdrawal if purposes.is_empty() => {
            return Err(refuse(tessera_text::text!("error-letter-withdraw-what")));
        }
        Right::Withdrawal => {}
        Right::Correction => {
            // What the grants in force would give today, where it differs from what they gave.
            for g in grants
                .iter()
                .filter(|g| g.revoked_at.is_none() && g.renewed_by.is_none())
            {
                let renewal =
                    person::renewal(vault, &g.jti, &scope.confirm_categories, now, today)?;
                renewal.plan.ready()?;
                for d in renewal.corrections {
                    if (scope.fields.is_empty() || scope.fields.contains(&d.field))
                        && !corrections
                            .iter()
                            .any(|c: &formats::Disclosure| c.field == d.field)
                    {
                        corrections.push(d);
                    }
                }
            }
            if corrections.is_empty() {
                return Err(refuse(tessera_text::text!(
                    "error-letter-nothing-to-correct",
                    brand = brand.to_owned()
                )));
            }
            fields = corrections.iter().map(|c| c.field.clone()).collect();
        }
    }
    let key = person::grant_key(vault, brand);
    let thumbprint = key.jwk().thumbprint();
    let iat = formats::person_token_time(now);
    let reply_by = crate::retention::one_month_after(now);
    let claims = LetterClaims {
        v: formats::LETTER_FORMAT,
        iss: thumbprint.clone(),
        sub: thumbprint,
        aud: brand.to_owned(),
        jti: format!(
            "letter-{}",
            &tessera_vault::secret::random_urn_uuid()?["urn:uuid:".len()..]
        ),
        iat,
        right,
        basis: right.basis().to_owned(),
        grants: grants
            .iter()
            .map(|g| Binding {
                jti: g.jti.clone(),
                hash: crate::jws::token_hash(&g.token),
            })
            .collect(),
        fields: fields.clone(),
        purposes,
        corrections,
        reply_by,
    };
    let letter = StoredLetter {
        v: RECORD_VERSION,
        jti: claims.jti.clone(),
        brand: brand.to_owned(),
        right,
        token: formats::sign_letter(&key, &claims),
        sent_at: now,
        reply_by,
        replied_at: None,
    };
    vault.atomically(|vault| -> Result<()> {
        profile::save(vault, LETTER_KIND, None, &letter)?;
        ledger::append(
            vault,
            now,
            Event {
                event: LedgerEvent::LetterSent,
                brand: Some(brand.to_owned()),
                fields,
                // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                detail: format!(
                    "letter {} ({}, {}); reply due by {}",
                    letter.jti,
                    right.as_str(),
                    right.basis(),
                    jiff::Timestamp::from_second(reply_by)
                        .map_or_else(|_| reply_by.to_string(), |t| t.to_string())
                ),
            },
        )?;
        Ok(())
    })?;
    Ok(letter)
}

/// Records that the brand answered letter `jti`.
pub fn replied(vault: &mut Vault, jti: &str, now: i64) -> Result<StoredLetter> {
    let (entry, mut letter) = person::load::<StoredLetter>(vault, LETTER_KIND)?
        .into_iter()
        .find(|(_, l)| l.jti == jti)
        .ok_or_else(|| ExchangeError::UnknownLetter(jti.to_owned()))?;
    if letter.replied_at.is_some() {
        return Err(ExchangeError::AlreadyDone(tessera_text::text!(
            "error-letter-already-replied",
            id = jti.to_owned()
        )));
    }
    letter.replied_at = Some(now);
    person::save_recorded(
        vault,
        LETTER_KIND,
        entry,
        &letter,
        now,
        Event {
            event: LedgerEvent::LetterReplied,
            brand: Some(letter.brand.clone()),
            fields: Vec::new(),
            // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
            detail: format!(
                "reply to letter {} ({}) received",
                letter.jti,
                letter.right.as_str()
            ),
        },
    )?;
    Ok(letter)
}
