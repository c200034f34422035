//! The person's rights after a grant, by signed letter ([`tessera_exchange::letters`]), as the
//! faces write, list and track them: the letter in words (to, subject, body with the signed
//! copy), where it stands, and what a brand's letter may concern.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tessera_exchange::formats::{Disclosure, Right};
use tessera_exchange::letters::{self, LetterState, Scope, StoredLetter};
use tessera_exchange::person;
use tessera_profile::catalogue;
use ts_rs::TS;

use crate::exchange::{brand_names, categories_of, latest_contact, names_of, time};
use crate::profile::{Term, today};
use crate::{ApiError, Session};

/// A letter, ready to send, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LetterView {
    pub jti: String,
    pub brand: String,
    pub brand_name: String,
    pub right: Right,
    /// The right in words ("Access to my data").
    pub right_label: String,
    /// The article it rests on ("GDPR Art. 15").
    pub basis: String,
    pub state: LetterState,
    pub state_label: String,
    /// RFC 3339.
    pub sent_at: String,
    pub reply_by: String,
    pub replied_at: Option<String>,
    /// The brand's contact, from its latest request.
    pub to: String,
    pub subject: String,
    /// The letter's text, ending with its signed copy.
    pub body: String,
    /// The signed letter (`tessera-letter+jwt`).
    pub token: String,
}

/// What a letter to a brand may concern: its rights, the fields it received, its purposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LetterOptions {
    pub rights: Vec<Term>,
    /// The fields the brand received (name, words).
    pub fields: Vec<Term>,
    /// The purposes of the requests it holds grants for (id, the brand's words).
    pub purposes: Vec<LetterPurpose>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LetterPurpose {
    pub id: String,
    pub description: String,
    pub profiling: bool,
}

/// A brand holding values the person has changed since its grant: the grant, the fields. The
/// person corrects them by renewing the grant (the brand gets today's values) or by letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Correction {
    pub brand: String,
    pub brand_name: String,
    /// The grant in force that gave the older values.
    pub grant: String,
    pub fields: Vec<Term>,
}

/// A complaint to the data-protection authority about a brand (GDPR Art. 77), and its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ComplaintView {
    pub brand: String,
    pub brand_name: String,
    /// The authority the brand's request named, if it named one.
    pub authority: Option<String>,
    pub subject: String,
    pub body: String,
    /// The evidence bundle (`docs/formats/complaint-bundle.md`), as JSON text, to attach.
    pub bundle: String,
    /// The name to save the bundle under.
    pub file_name: String,
}

/// Writing a letter: to which brand, which right, about what.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct WriteLetter {
    pub brand: String,
    pub right: Right,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub purposes: Vec<String>,
    /// Special categories confirmed again, for a correction of such a field.
    #[serde(default)]
    pub confirm_categories: Vec<String>,
}

/// Unix seconds as the UTC day (2026-11-18).
fn day(unix: i64) -> String {
    let t = time(unix);
    t.get(..10).unwrap_or(&t).to_owned()
}

fn words(field: &str) -> String {
    catalogue::lookup(field).map_or_else(|| field.to_owned(), |d| d.label())
}

fn value_words(d: &Disclosure) -> String {
    match &d.value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What a letter's words are made from, read once for every letter shown.
struct Records {
    names: std::collections::HashMap<String, String>,
    requests: Vec<person::StoredRequest>,
    grants: Vec<person::StoredGrant>,
}

impl Records {
    /// The records of the brands `letters` are written to, and of no other brand.
    fn read(vault: &tessera_vault::Vault, letters: &[StoredLetter]) -> Result<Records, ApiError> {
        let mut brands: Vec<&str> = letters.iter().map(|l| l.brand.as_str()).collect();
        brands.sort_unstable();
        brands.dedup();
        let mut requests = Vec::new();
        let mut grants = Vec::new();
        for brand in &brands {
            requests.extend(person::requests_of(vault, brand)?);
            grants.extend(person::grants_of(vault, brand)?);
        }
        Ok(Records {
            names: names_of(vault, brands)?,
            requests,
            grants,
        })
    }
}

fn view(records: &Records, letter: &StoredLetter, now: i64) -> LetterView {
    let name = records
        .names
        .get(&letter.brand)
        .cloned()
        .unwrap_or_else(|| letter.brand.clone());
    let to = latest_contact(&records.requests, &letter.brand);
    let claims = letter.claims().unwrap_or_else(|| {
        // Written here; should it not read, say only what the stored record says.
        tessera_exchange::formats::LetterClaims {
            v: tessera_exchange::formats::LETTER_FORMAT,
            iss: String::new(),
            sub: String::new(),
            aud: letter.brand.clone(),
            jti: letter.jti.clone(),
            iat: letter.sent_at,
            right: letter.right,
            basis: letter.right.basis().to_owned(),
            grants: Vec::new(),
            fields: Vec::new(),
            purposes: Vec::new(),
            corrections: Vec::new(),
            reply_by: letter.reply_by,
        }
    });
    let fields = if claims.fields.is_empty() {
        tessera_text::text!("letter-all-fields")
    } else {
        claims
            .fields
            .iter()
            .map(|f| words(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let purposes = if claims.purposes.is_empty() {
        tessera_text::text!("letter-all-purposes")
    } else {
        claims.purposes.join(", ")
    };
    let corrections = claims
        .corrections
        .iter()
        .map(|d| {
            tessera_text::text!(
                "letter-correction-line",
                field = words(&d.field),
                value = value_words(d)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    // What the person's records show the brand received, and when: each grant the letter names.
    let stored = &records.grants;
    let grants = claims
        .grants
        .iter()
        .map(|b| {
            let g = stored.iter().find(|g| g.jti == b.jti);
            tessera_text::text!(
                "letter-received-line",
                id = b.jti.clone(),
                at = g.map_or_else(String::new, |g| day(g.issued_at)),
                fields = g.map_or_else(String::new, |g| {
                    g.fields
                        .iter()
                        .map(|(f, _)| words(f))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let reply_by = time(letter.reply_by);
    let reply_day = day(letter.reply_by);
    let ask = match letter.right {
        Right::Access => tessera_text::text!("letter-body-access", fields = fields),
        Right::Correction => {
            tessera_text::text!("letter-body-correction", corrections = corrections)
        }
        Right::Erasure => tessera_text::text!("letter-body-erasure", fields = fields),
        Right::Objection => tessera_text::text!("letter-body-objection", purposes = purposes),
        Right::Withdrawal => tessera_text::text!(
            "letter-body-withdrawal",
            purposes = purposes,
            fields = fields
        ),
    };
    let body = tessera_text::text!(
        "letter-body",
        name = name.clone(),
        ask = ask,
        grants = grants,
        reply_by = reply_day,
        token = letter.token.clone()
    );
    let state = letter.state(now);
    LetterView {
        jti: letter.jti.clone(),
        brand: letter.brand.clone(),
        brand_name: name.clone(),
        right: letter.right,
        right_label: tessera_text::text_of(&letter.right.text_id()),
        basis: letter.right.basis().to_owned(),
        state,
        state_label: tessera_text::text_of(&state.text_id()),
        sent_at: time(letter.sent_at),
        reply_by,
        replied_at: letter.replied_at.map(time),
        to,
        subject: tessera_text::text!(
            "letter-subject",
            right = tessera_text::text_of(&letter.right.text_id()),
            basis = letter.right.basis(),
            name = name
        ),
        body,
        token: letter.token.clone(),
    }
}

impl Session {
    /// Every letter, newest first, with where it stands.
    pub fn letters(&self, now: Timestamp) -> Result<Vec<LetterView>, ApiError> {
        let vault = self.vault()?;
        let stored = letters::letters(vault)?;
        let records = Records::read(vault, &stored)?;
        let mut all: Vec<LetterView> = stored
            .iter()
            .map(|l| view(&records, l, now.as_second()))
            .collect();
        all.reverse();
        Ok(all)
    }

    /// The letters past their reply date with no reply recorded, oldest due first.
    pub fn letters_overdue(&self, now: Timestamp) -> Result<Vec<LetterView>, ApiError> {
        let mut overdue: Vec<LetterView> = self
            .letters(now)?
            .into_iter()
            .filter(|l| l.state == LetterState::Overdue)
            .collect();
        overdue.sort_by(|a, b| a.reply_by.cmp(&b.reply_by));
        Ok(overdue)
    }

    /// The brands whose grants in force gave a value the person has changed since (a new
    /// address, a new email), by brand name: the corrections to offer after a change. A brand
    /// a correction letter already gave today's values to is left out.
    pub fn corrections(&self, now: Timestamp) -> Result<Vec<Correction>, ApiError> {
        let vault = self.vault()?;
        let names = brand_names(vault)?;
        let today = today(vault, now)?;
        // What correction letters already told each brand.
        let told: Vec<(String, Disclosure)> = letters::letters(vault)?
            .iter()
            .filter(|l| l.right == Right::Correction)
            .filter_map(|l| Some((l.brand.clone(), l.claims()?.corrections)))
            .flat_map(|(b, cs)| cs.into_iter().map(move |c| (b.clone(), c)))
            .collect();
        // The grants in force (from the index's keys), and the day each granted field's values
        // last changed: a grant issued after that day gave today's values, and is not
        // worked out again.
        let live: Vec<tessera_vault::EntryId> = person::live_grants(vault, now.as_second())?
            .into_iter()
            .map(|(_, _, id)| id)
            .collect();
        let grants = person::grants_at(vault, &live)?;
        let changed_on: std::collections::HashMap<String, jiff::civil::Date> =
            tessera_profile::store::values_of_fields(
                vault,
                grants
                    .iter()
                    .flat_map(|g| g.fields.iter().map(|(f, _)| f.as_str())),
            )?
            .into_iter()
            .fold(std::collections::HashMap::new(), |mut m, v| {
                let on = match v.provenance {
                    tessera_profile::model::Provenance::Entered { on }
                    | tessera_profile::model::Provenance::Imported { on, .. } => on,
                };
                let slot = m.entry(v.field).or_insert(on);
                *slot = (*slot).max(on);
                m
            });
        let mut out = Vec::new();
        for g in grants {
            if g.revoked_at.is_some() || g.renewed_by.is_some() || g.exp <= now.as_second() {
                continue;
            }
            // The day before the grant's day in UTC: a value's day is the person's own, which
            // may be a day behind or ahead.
            let issued_on = jiff::Timestamp::from_second(g.issued_at)
                .ok()
                .and_then(|t| jiff::tz::Offset::UTC.to_datetime(t).date().yesterday().ok())
                .unwrap_or(jiff::civil::Date::MIN);
            // A value changed about the day of the grant, or after, may differ from the one
            // given; a field with no value left is worked out too.
            if g.fields
                .iter()
                .all(|(f, _)| changed_on.get(f).is_some_and(|on| *on < issued_on))
            {
                continue;
            }
            // A grant whose renewal needs a confirmation, or gives nothing, is offered on
            // Grants instead.
            let Ok(renewal) = person::renewal(vault, &g.jti, &[], now.as_second(), today) else {
                continue;
            };
            // Corrected already: a letter gave the brand each of today's values.
            if renewal
                .corrections
                .iter()
                .all(|c| told.iter().any(|(b, t)| *b == g.brand && t == c))
            {
                continue;
            }
            out.push(Correction {
                brand_name: names
                    .get(&g.brand)
                    .cloned()
                    .unwrap_or_else(|| g.brand.clone()),
                brand: g.brand.clone(),
                grant: g.jti.clone(),
                fields: renewal
                    .changed
                    .iter()
                    .map(|f| Term::new(f, words(f)))
                    .collect(),
            });
        }
        out.sort_by(|a, b| (&a.brand_name, &a.grant).cmp(&(&b.brand_name, &b.grant)));
        Ok(out)
    }

    /// A complaint about `brand` to the authority its request named, with the evidence bundle:
    /// its requests, the grants with receipts and revocations, the letters and their replies,
    /// the ledger's entries about it.
    pub fn complaint(&self, brand: &str, now: Timestamp) -> Result<ComplaintView, ApiError> {
        let vault = self.vault()?;
        let brand = tessera_profile::BrandId::parse(brand)?;
        let names = brand_names(vault)?;
        let name = names
            .get(brand.as_str())
            .cloned()
            .unwrap_or_else(|| brand.as_str().to_owned());
        let stored = letters::letters(vault)?;
        let mut lines: Vec<String> = Vec::new();
        for g in person::grants(vault)?
            .iter()
            .filter(|g| g.brand == brand.as_str())
        {
            let fields = g
                .fields
                .iter()
                .map(|(f, _)| words(f))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(tessera_text::text!(
                "complaint-grant",
                name = name.clone(),
                id = g.jti.clone(),
                at = day(g.issued_at),
                fields = fields
            ));
            if let Some(at) = g.revoked_at {
                lines.push(tessera_text::text!("complaint-revoked", at = day(at)));
            }
        }
        for l in stored.iter().filter(|l| l.brand == brand.as_str()) {
            let right = tessera_text::text_of(&l.right.text_id());
            lines.push(match (l.replied_at, l.state(now.as_second())) {
                (Some(at), _) => tessera_text::text!(
                    "complaint-letter-replied",
                    right = right,
                    basis = l.right.basis(),
                    at = day(l.sent_at),
                    replied = day(at)
                ),
                (None, LetterState::Overdue) => tessera_text::text!(
                    "complaint-letter-overdue",
                    right = right,
                    basis = l.right.basis(),
                    at = day(l.sent_at),
                    due = day(l.reply_by)
                ),
                (None, _) => tessera_text::text!(
                    "complaint-letter-awaiting",
                    right = right,
                    basis = l.right.basis(),
                    at = day(l.sent_at),
                    due = day(l.reply_by)
                ),
            });
        }
        let body = tessera_text::text!(
            "complaint-body",
            name = name.clone(),
            brand = brand.as_str(),
            facts = lines.join("\n")
        );
        let bundle = tessera_exchange::complaints::bundle(
            vault,
            brand.as_str(),
            body.clone(),
            now.as_second(),
        )?;
        let authority = bundle.brand.as_ref().and_then(|b| b.authority.clone());
        let host = brand
            .as_str()
            .trim_start_matches("https://")
            .replace(':', "-");
        Ok(ComplaintView {
            brand: brand.as_str().to_owned(),
            brand_name: name.clone(),
            subject: tessera_text::text!("complaint-subject", name = name),
            body,
            bundle: serde_json::to_string_pretty(&bundle).expect("the bundle serializes") + "\n",
            file_name: format!("tessera-complaint-{host}.json"),
            authority,
        })
    }

    /// What a letter to `brand` may concern.
    pub fn letter_options(&self, brand: &str) -> Result<LetterOptions, ApiError> {
        let vault = self.vault()?;
        let brand = tessera_profile::BrandId::parse(brand)?;
        let held = letters::held(vault, brand.as_str())?;
        Ok(LetterOptions {
            rights: Right::ALL
                .into_iter()
                .map(|r| Term::new(r.as_str(), tessera_text::text_of(&r.text_id())))
                .collect(),
            fields: held.fields.iter().map(|f| Term::new(f, words(f))).collect(),
            purposes: held
                .purposes
                .into_iter()
                .map(|p| LetterPurpose {
                    id: p.id,
                    description: p.description,
                    profiling: p.profiling,
                })
                .collect(),
        })
    }

    /// Writes, signs and records a letter; the person sends it.
    pub fn letter_write(
        &mut self,
        req: &WriteLetter,
        now: Timestamp,
    ) -> Result<LetterView, ApiError> {
        let brand = tessera_profile::BrandId::parse(&req.brand)?;
        let scope = Scope {
            fields: req.fields.clone(),
            purposes: req.purposes.clone(),
            confirm_categories: categories_of(&req.confirm_categories)?,
        };
        let vault = self.vault_mut()?;
        let today = today(vault, now)?;
        let letter = letters::write(
            vault,
            brand.as_str(),
            req.right,
            &scope,
            now.as_second(),
            today,
        )?;
        Ok(view(
            &Records::read(self.vault()?, std::slice::from_ref(&letter))?,
            &letter,
            now.as_second(),
        ))
    }

    /// Records that the brand answered letter `jti`.
    pub fn letter_replied(&mut self, jti: &str, now: Timestamp) -> Result<LetterView, ApiError> {
        let letter = letters::replied(self.vault_mut()?, jti, now.as_second())?;
        Ok(view(
            &Records::read(self.vault()?, std::slice::from_ref(&letter))?,
            &letter,
            now.as_second(),
        ))
    }
}
