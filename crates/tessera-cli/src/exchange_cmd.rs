//! `tessera request|grant|receipt|ledger ...` (the person's side) and `tessera brand-kit ...`
//! (the brand's side, no vault needed).

use std::path::{Path, PathBuf};
use tessera_api::exchange::{KeyStatus, OpenableKind};

use clap::Subcommand;
use jiff::Timestamp;
use tessera_api::brand_kit;
use tessera_api::exchange::{
    ApproveRequest, FieldChoice, GrantSummary, ImportedRequest, LastTime, Opened, RequestReview,
    StartBasis,
};
use tessera_api::outcomes::GrantRevoked;
use tessera_api::{ApiError, ApiErrorCode, Session};

use crate::output::{errln, outln, print_data, print_json, print_table};

#[derive(Subcommand)]
pub enum RequestCommand {
    #[command(about = tessera_text::text!("cli-help-request-import"))]
    Import {
        file: String,
        #[arg(help = tessera_text::text!("cli-help-trust-new-key"))]
        #[arg(long)]
        trust_new_key: bool,
    },
    #[command(about = tessera_text::text!("cli-help-request-list"))]
    List,
    #[command(about = tessera_text::text!("cli-help-request-show"))]
    Show {
        #[arg(help = tessera_text::text!("cli-help-request-id"))]
        #[arg(value_name = "ID")]
        id: String,
        #[arg(help = tessera_text::text!("cli-help-request-show-diff"))]
        #[arg(long)]
        diff: bool,
    },
    #[command(about = tessera_text::text!("cli-help-request-approve"))]
    Approve {
        #[arg(help = tessera_text::text!("cli-help-request-id"))]
        #[arg(value_name = "ID")]
        id: String,
        #[arg(help = tessera_text::text!("cli-help-request-approve-fields"))]
        #[arg(long = "field", value_name = "NAME[:FORM]")]
        fields: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-request-approve-all"))]
        #[arg(long)]
        all: bool,
        #[arg(help = tessera_text::text!("cli-help-request-approve-confirm-sensitive"))]
        #[arg(long, value_name = "CATEGORY", value_delimiter = ',')]
        confirm_sensitive: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-request-approve-until"))]
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-request-approve-update-rules"))]
        #[arg(long)]
        update_rules: bool,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    #[command(about = tessera_text::text!("cli-help-request-deny"))]
    Deny {
        #[arg(help = tessera_text::text!("cli-help-request-id"))]
        #[arg(value_name = "ID")]
        id: String,
    },
}

#[derive(Subcommand)]
pub enum GrantCommand {
    #[command(about = tessera_text::text!("cli-help-grant-list"))]
    List,
    #[command(about = tessera_text::text!("cli-help-grant-show"))]
    Show { id: String },
    #[command(about = tessera_text::text!("cli-help-grant-revoke"))]
    Revoke {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    #[command(about = tessera_text::text!("cli-help-grant-deletions"))]
    Deletions {
        #[arg(help = tessera_text::text!("cli-help-grant-deletions-calendar"))]
        #[arg(long, value_name = "FILE")]
        calendar: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-grant-renew"))]
    Renew {
        id: String,
        #[arg(help = tessera_text::text!("cli-help-grant-renew-confirm-sensitive"))]
        #[arg(long, value_name = "CATEGORY", value_delimiter = ',')]
        confirm_sensitive: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-request-approve-until"))]
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-grant-renew-dry-run"))]
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_name = "FILE", required_unless_present = "dry_run")]
        out: Option<PathBuf>,
    },
}

/// What renewing a grant gives, in the CLI's words: the fields, what changed, what is left out.
fn renewal_text(brand: &str, r: &tessera_api::exchange::RenewalView) {
    let fields: Vec<String> = r
        .approval
        .fields
        .iter()
        .map(|f| format!("{}:{}", f.name, f.form))
        .collect();
    errln!(
        "{}",
        tessera_text::text!(
            "cli-renewal-gives",
            brand = brand.to_owned(),
            fields = fields.join(", ")
        )
    );
    if !r.changed.is_empty() {
        let names: Vec<String> = r.changed.iter().map(|f| f.name.clone()).collect();
        errln!(
            "{}",
            tessera_text::text!(
                "cli-renewal-changed",
                fields = names.join(", "),
                brand = brand.to_owned()
            )
        );
    }
    if !r.denied_now.is_empty() {
        let names: Vec<String> = r.denied_now.iter().map(|f| f.name.clone()).collect();
        errln!(
            "{}",
            tessera_text::text!("cli-renewal-denied", fields = names.join(", "))
        );
    }
    if !r.approval.unconfirmed_categories.is_empty() {
        errln!(
            "{}",
            tessera_text::text!(
                "cli-renewal-confirm",
                categories = r.approval.unconfirmed_categories.join(",")
            )
        );
    }
}

#[derive(Subcommand)]
pub enum TermsCommand {
    #[command(about = tessera_text::text!("cli-help-terms-show"))]
    Show,
    #[command(about = tessera_text::text!("cli-help-terms-set"))]
    Set {
        #[arg(help = tessera_text::text!("cli-help-terms-brand"))]
        #[arg(long, value_name = "BRAND")]
        brand: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-terms-agreement"))]
        #[arg(long, value_name = "NAME", default_value = "tessera-strict")]
        agreement: String,
        #[arg(help = tessera_text::text!("cli-help-terms-allow-sharing"))]
        #[arg(long)]
        allow_sharing: bool,
        #[arg(help = tessera_text::text!("cli-help-terms-allow-profiling"))]
        #[arg(long)]
        allow_profiling: bool,
        #[arg(help = tessera_text::text!("cli-help-terms-allow-inference"))]
        #[arg(long)]
        allow_inference: bool,
        #[arg(help = tessera_text::text!("cli-help-terms-allow-training"))]
        #[arg(long)]
        allow_training: bool,
        #[arg(help = tessera_text::text!("cli-help-terms-max-retention"))]
        #[arg(long, value_name = "DAYS")]
        max_retention_days: Option<u32>,
        #[arg(help = tessera_text::text!("cli-help-terms-erase-within"))]
        #[arg(long, value_name = "DAYS")]
        erase_within_days: Option<u32>,
        #[arg(help = tessera_text::text!("cli-help-terms-contact"))]
        #[arg(long = "contact", value_name = "CHANNEL", value_delimiter = ',')]
        contact: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-terms-quiet-hours"))]
        #[arg(long, value_name = "HH:MM-HH:MM", requires = "contact")]
        quiet_hours: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-terms-add"))]
        #[arg(long = "add", value_name = "TEXT")]
        additions: Vec<String>,
    },
    #[command(about = tessera_text::text!("cli-help-terms-clear"))]
    Clear {
        #[arg(long, value_name = "BRAND")]
        brand: Option<String>,
    },
}

fn terms_line(t: &tessera_api::exchange::Terms) -> String {
    let yes_no = |forbidden: bool| {
        if forbidden {
            tessera_text::text!("cli-terms-forbidden")
        } else {
            tessera_text::text!("cli-terms-allowed")
        }
    };
    tessera_text::text!(
        "cli-terms-line",
        agreement = t.agreement.as_str(),
        sale = yes_no(t.no_sale),
        sharing = yes_no(t.no_sharing),
        profiling = yes_no(t.no_profiling),
        inference = yes_no(t.no_inference),
        training = yes_no(t.no_training),
        retention = t.max_retention_days.map_or_else(
            || tessera_text::text!("cli-terms-any-retention"),
            |d| d.to_string()
        ),
        erase = t.erase_within_days,
        contact = match &t.contact {
            None => tessera_text::text!("cli-terms-contact-any"),
            Some(c) => tessera_text::text!(
                "cli-terms-contact",
                channels = c.channels.join(", "),
                quiet = c
                    .quiet_hours
                    .clone()
                    .unwrap_or_else(|| tessera_text::text!("cli-terms-no-quiet-hours"))
            ),
        }
    )
}

pub fn run_terms(session: &mut Session, command: TermsCommand, json: bool) -> Result<(), ApiError> {
    let now = Timestamp::now();
    let view = match command {
        TermsCommand::Show => session.terms()?,
        TermsCommand::Set {
            brand,
            agreement,
            allow_sharing,
            allow_profiling,
            allow_inference,
            allow_training,
            max_retention_days,
            erase_within_days,
            contact,
            quiet_hours,
            additions,
        } => {
            let named = tessera_api::exchange::Agreement::parse(&agreement).ok_or_else(|| {
                ApiError::invalid_input(tessera_text::text!(
                    "cli-terms-unknown-agreement",
                    name = agreement.clone(),
                    known = tessera_api::exchange::Agreement::ALL
                        .map(|a| a.as_str())
                        .join(", ")
                ))
            })?;
            let base = named.terms();
            let terms = tessera_api::exchange::Terms {
                no_sharing: base.no_sharing && !allow_sharing,
                no_profiling: base.no_profiling && !allow_profiling,
                no_inference: base.no_inference && !allow_inference,
                no_training: base.no_training && !allow_training,
                max_retention_days,
                erase_within_days: erase_within_days.unwrap_or(base.erase_within_days),
                contact: (!contact.is_empty()).then_some(tessera_api::exchange::Contact {
                    channels: contact,
                    quiet_hours,
                }),
                additions,
                ..base
            };
            session.set_terms(
                &tessera_api::terms::SetTerms {
                    brand,
                    terms: Some(terms),
                },
                now,
            )?
        }
        TermsCommand::Clear { brand } => {
            session.set_terms(&tessera_api::terms::SetTerms { brand, terms: None }, now)?
        }
    };
    if json {
        print_json(&view);
        return Ok(());
    }
    outln!(
        "{}",
        tessera_text::text!("cli-terms-default", terms = terms_line(&view.default))
    );
    for a in &view.default.additions {
        outln!(
            "{}",
            tessera_text::text!("cli-terms-addition", text = a.clone())
        );
    }
    for b in &view.brands {
        outln!(
            "{}",
            tessera_text::text!(
                "cli-terms-brand",
                name = b.brand_name.clone(),
                brand = b.brand.clone(),
                terms = terms_line(&b.terms)
            )
        );
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum LetterCommand {
    #[command(about = tessera_text::text!("cli-help-letter-write"))]
    Write {
        #[arg(help = tessera_text::text!("cli-help-letter-brand"))]
        brand: String,
        #[arg(help = tessera_text::text!("cli-help-letter-right"))]
        #[arg(long, value_name = "RIGHT")]
        right: String,
        #[arg(help = tessera_text::text!("cli-help-letter-field"))]
        #[arg(long = "field", value_name = "NAME", value_delimiter = ',')]
        fields: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-letter-purpose"))]
        #[arg(long = "purpose", value_name = "ID", value_delimiter = ',')]
        purposes: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-letter-confirm-sensitive"))]
        #[arg(
            long = "confirm-sensitive",
            value_name = "CATEGORY",
            value_delimiter = ','
        )]
        confirm_sensitive: Vec<String>,
        #[arg(help = tessera_text::text!("cli-help-letter-out"))]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-letter-list"))]
    List,
    #[command(about = tessera_text::text!("cli-help-letter-show"))]
    Show { id: String },
    #[command(about = tessera_text::text!("cli-help-letter-replied"))]
    Replied { id: String },
    #[command(about = tessera_text::text!("cli-help-letter-complaint"))]
    Complaint {
        #[arg(help = tessera_text::text!("cli-help-letter-brand"))]
        brand: String,
        #[arg(help = tessera_text::text!("cli-help-letter-complaint-out"))]
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn print_letter(letter: &tessera_api::letters::LetterView) {
    let text = tessera_text::text!(
        "cli-letter-text",
        to = letter.to.clone(),
        subject = letter.subject.clone(),
        body = letter.body.clone()
    );
    print_data(&format!("{text}\n"));
}

pub fn run_letter(
    session: &mut Session,
    command: LetterCommand,
    json: bool,
) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        LetterCommand::Write {
            brand,
            right,
            fields,
            purposes,
            confirm_sensitive,
            out,
        } => {
            let right = tessera_api::exchange::Right::parse(&right).ok_or_else(|| {
                ApiError::invalid_input(tessera_text::text!(
                    "cli-letter-unknown-right",
                    name = right.clone(),
                    known = tessera_api::exchange::Right::ALL
                        .map(|r| r.as_str())
                        .join(", ")
                ))
            })?;
            let letter = session.letter_write(
                &tessera_api::letters::WriteLetter {
                    brand,
                    right,
                    fields,
                    purposes,
                    confirm_categories: confirm_sensitive,
                },
                now,
            )?;
            if let Some(path) = &out {
                write_out(path, &letter.token)?;
            }
            if json {
                print_json(&letter);
                return Ok(());
            }
            print_letter(&letter);
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-letter-written",
                    id = letter.jti.clone(),
                    reply_by = letter
                        .reply_by
                        .get(..10)
                        .unwrap_or(&letter.reply_by)
                        .to_owned()
                )
            );
        }
        LetterCommand::List => {
            let letters = session.letters(now)?;
            if json {
                print_json(&letters);
                return Ok(());
            }
            if letters.is_empty() {
                outln!("{}", tessera_text::text!("cli-letter-none"));
            }
            for l in &letters {
                outln!(
                    "{}",
                    tessera_text::text!(
                        "cli-letter-line",
                        id = l.jti.clone(),
                        brand = l.brand_name.clone(),
                        right = l.right.as_str(),
                        state = l.state_label.clone(),
                        reply_by = l.reply_by.get(..10).unwrap_or(&l.reply_by).to_owned(),
                        overdue = if l.state == tessera_api::exchange::LetterState::Overdue {
                            "!"
                        } else {
                            " "
                        }
                    )
                );
            }
        }
        LetterCommand::Show { id } => {
            let letter = session
                .letters(now)?
                .into_iter()
                .find(|l| l.jti == id)
                .ok_or_else(|| {
                    ApiError::from(tessera_api::exchange::ExchangeError::UnknownLetter(
                        id.clone(),
                    ))
                })?;
            if json {
                print_json(&letter);
            } else {
                print_letter(&letter);
            }
        }
        LetterCommand::Complaint { brand, out } => {
            let complaint = session.complaint(&brand, now)?;
            write_out(&out, &complaint.bundle)?;
            if json {
                print_json(&complaint);
                return Ok(());
            }
            let to = complaint
                .authority
                .clone()
                .unwrap_or_else(|| tessera_text::text!("cli-complaint-no-authority"));
            let text = tessera_text::text!(
                "cli-letter-text",
                to = to,
                subject = complaint.subject.clone(),
                body = complaint.body
            );
            print_data(&format!("{text}\n"));
            errln!(
                "{}",
                tessera_text::text!("cli-complaint-written", path = out.display().to_string())
            );
        }
        LetterCommand::Replied { id } => {
            let letter = session.letter_replied(&id, now)?;
            if json {
                print_json(&letter);
                return Ok(());
            }
            outln!(
                "{}",
                tessera_text::text!(
                    "cli-letter-replied",
                    id = letter.jti.clone(),
                    brand = letter.brand_name
                )
            );
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ReceiptCommand {
    #[command(about = tessera_text::text!("cli-help-receipt-import"))]
    Import { file: String },
}

#[derive(Subcommand)]
pub enum LedgerCommand {
    #[command(about = tessera_text::text!("cli-help-ledger-list"))]
    List,
    #[command(about = tessera_text::text!("cli-help-ledger-verify"))]
    Verify,
    #[command(about = tessera_text::text!("cli-help-ledger-export"))]
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-ledger-verify-export"))]
    VerifyExport { file: PathBuf },
    #[command(about = tessera_text::text!("cli-help-ledger-erasure-letter"))]
    ErasureLetter { seq: u32 },
    #[command(about = tessera_text::text!("cli-help-ledger-consent-records"))]
    ConsentRecords {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// `ledger verify-export`: anyone's check of an export, without a vault.
pub fn verify_ledger_export(file: &Path, json: bool) -> Result<(), ApiError> {
    let check = tessera_api::exchange::verify_ledger_export_file(file)?;
    if json {
        print_json(&check);
    } else {
        errln!(
            "{}",
            tessera_text::text!(
                "cli-ledger-export-verified",
                entries = check.entries.to_string(),
                signer = check.signer.clone(),
                at = check.exported_at.to_string()
            )
        );
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum BrandKitCommand {
    #[command(about = tessera_text::text!("cli-help-brand-kit-keygen"))]
    Keygen {
        #[arg(long, value_name = "KEYFILE")]
        out: PathBuf,
    },
    #[command(about = tessera_text::text!("cli-help-brand-kit-request"))]
    Request {
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        #[arg(long, value_name = "SPEC.json")]
        spec: PathBuf,
        #[arg(help = tessera_text::text!("cli-help-brand-kit-request-out"))]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-kit-verify"))]
    Verify {
        grant: String,
        #[arg(long, value_name = "ID")]
        aud: String,
        #[arg(long, value_name = "FILE")]
        request: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-kit-receipt"))]
    Receipt {
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        grant: String,
        #[arg(help = tessera_text::text!("cli-help-brand-kit-receipt-aud"))]
        #[arg(long, value_name = "ID")]
        aud: String,
        #[arg(help = tessera_text::text!("cli-help-brand-kit-receipt-out"))]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-kit-verify-revocation"))]
    VerifyRevocation {
        file: String,
        #[arg(long, value_name = "ID")]
        aud: String,
        #[arg(long, value_name = "FILE")]
        grant: Option<String>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-kit-verify-letter"))]
    VerifyLetter {
        file: String,
        #[arg(long, value_name = "ID")]
        aud: String,
        #[arg(long, value_name = "FILE")]
        grant: Option<String>,
    },
}

/// Reads a token from FILE or stdin (`-`), refusing anything over 64 KiB before parsing.
fn read_token(source: &str) -> Result<String, ApiError> {
    if source == "-" {
        tessera_api::exchange::read_token(
            crate::stdin::unbuffered()?,
            &tessera_text::text!("cli-source-stdin"),
        )
    } else {
        tessera_api::exchange::read_token_file(Path::new(source))
    }
}

fn write_out(path: &Path, text: &str) -> Result<(), ApiError> {
    tessera_api::files::write_text(path, text.trim_end())
}

fn review_text(r: &RequestReview) {
    outln!(
        "{}",
        tessera_text::text!(
            "cli-review-title",
            brand_name = r.brand_name.clone(),
            brand = r.brand.clone(),
            count = r.fields.len().to_string(),
            request = r.jti.clone()
        )
    );
    outln!(
        "{}",
        tessera_text::text!(
            "cli-review-key",
            fingerprint = r.fingerprint.clone(),
            first_seen = r.first_seen.clone()
        )
    );
    outln!(
        "{}",
        tessera_text::text!(
            "cli-review-policy",
            policy = r.privacy_policy.clone(),
            contact = r.contact.clone()
        )
    );
    if let Some(offer) = &r.offer {
        outln!(
            "{}",
            tessera_text::text!("cli-review-offer", offer = offer.clone())
        );
    }
    for p in &r.purposes {
        let (id, description, days) = (
            p.id.clone(),
            p.description.clone(),
            p.retention_days.to_string(),
        );
        outln!(
            "{}",
            match (p.third_parties, p.profiling) {
                (false, false) => tessera_text::text!(
                    "cli-review-purpose",
                    id = id,
                    description = description,
                    days = days
                ),
                (true, false) => tessera_text::text!(
                    "cli-review-purpose-shared",
                    id = id,
                    description = description,
                    days = days
                ),
                (false, true) => tessera_text::text!(
                    "cli-review-purpose-profiling",
                    id = id,
                    description = description,
                    days = days
                ),
                (true, true) => tessera_text::text!(
                    "cli-review-purpose-shared-profiling",
                    id = id,
                    description = description,
                    days = days
                ),
            }
        );
    }
    for f in &r.fields {
        let mut notes: Vec<String> = Vec::new();
        notes.push(if f.required {
            tessera_text::text!("cli-review-note-required")
        } else {
            tessera_text::text!("cli-review-note-optional")
        });
        if !f.has_value {
            notes.push(tessera_text::text!("cli-review-note-no-value"));
        }
        if f.sensitive {
            notes.push(tessera_text::text!(
                "cli-review-note-sensitive",
                category = f.sensitivity_label.clone()
            ));
        }
        match &f.last_time {
            LastTime::NoAnswer | LastTime::NotAsked => {
                notes.push(tessera_text::text!("cli-review-note-new"));
            }
            LastTime::Given { form } => notes.push(tessera_text::text!(
                "cli-review-note-given-before",
                form = form.clone()
            )),
            LastTime::LeftOut => notes.push(tessera_text::text!("cli-review-note-left-out-before")),
        }
        if f.initial_form != f.form && f.initial_from == StartBasis::StandingRule {
            notes.push(tessera_text::text!(
                "cli-review-note-standing-rule",
                form = f.initial_form.clone()
            ));
        }
        outln!(
            "{}",
            tessera_text::text!(
                "cli-review-field",
                field = f.name.clone(),
                form = f.form.clone(),
                notes = notes.join(", "),
                purposes = f.purposes.join("; ")
            )
        );
    }
    for n in &r.never {
        outln!(
            "{}",
            tessera_text::text!("cli-review-never", promise = n.clone())
        );
    }
    for c in &r.conflicts {
        outln!(
            "{}",
            tessera_text::text!("cli-review-conflict", conflict = c.in_codes())
        );
    }
    outln!(
        "{}",
        tessera_text::text!("cli-review-status", status = r.status.as_str())
    );
}

fn changes_text(c: &tessera_api::exchange::RequestChanges) {
    let (Some(since), Some(at)) = (&c.since, &c.since_granted_at) else {
        outln!("{}", tessera_text::text!("cli-changes-nothing-earlier"));
        return;
    };
    outln!(
        "{}",
        tessera_text::text!(
            "cli-changes-since",
            request = since.clone(),
            at = at.clone()
        )
    );
    if c.changes.is_empty() {
        outln!("{}", tessera_text::text!("cli-changes-none"));
    }
    for change in &c.changes {
        let mark = if change.asks_more { "+" } else { " " };
        outln!("{mark} {}", change.in_codes());
    }
}

fn grants_text(list: &[GrantSummary]) {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|g| {
            vec![
                g.jti.clone(),
                g.state.as_str().to_owned(),
                g.brand_name.clone(),
                tessera_text::text!("cli-grant-until", date = g.expires_at.clone()),
                g.fields.join(","),
            ]
        })
        .collect();
    print_table(&rows);
}

pub fn run_request(
    session: &mut Session,
    command: RequestCommand,
    json: bool,
) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        RequestCommand::Import {
            file,
            trust_new_key,
        } => {
            let token = read_token(&file)?;
            let imported = session.request_import(&token, trust_new_key, now)?;
            request_notice(&imported);
            if json {
                print_json(&imported);
            } else {
                review_text(&imported.review);
            }
        }
        RequestCommand::List => {
            let list = session.request_list()?;
            if json {
                print_json(&list);
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        vec![
                            r.jti.clone(),
                            r.status.as_str().to_owned(),
                            r.brand_name.clone(),
                            tessera_text::text!(
                                "cli-request-row",
                                count = r.fields.to_string(),
                                at = r.received_at.clone()
                            ),
                        ]
                    })
                    .collect();
                print_table(&rows);
            }
        }
        RequestCommand::Show { id, diff: false } => {
            let review = session.request_review(&id, now)?;
            if json {
                print_json(&review);
            } else {
                review_text(&review);
            }
        }
        RequestCommand::Show { id, diff: true } => {
            let changes = session.request_review(&id, now)?.changes;
            if json {
                print_json(&changes);
            } else {
                changes_text(&changes);
            }
        }
        RequestCommand::Approve {
            id,
            fields,
            all,
            confirm_sensitive,
            until,
            update_rules,
            out,
        } => {
            if fields.is_empty() && !all {
                return Err(ApiError::invalid_input(tessera_text::text!(
                    "cli-approve-nothing-chosen"
                )));
            }
            let fields: Vec<FieldChoice> = fields
                .iter()
                .map(|f| match f.split_once(':') {
                    Some((name, form)) => FieldChoice {
                        name: name.into(),
                        form: Some(form.into()),
                    },
                    None => FieldChoice {
                        name: f.clone(),
                        form: None,
                    },
                })
                .collect();
            // The person names each category; the core checks every chosen special-category
            // field against the names given, never filling one in.
            let result = session.request_approve(
                &ApproveRequest {
                    jti: id,
                    fields,
                    all,
                    confirm_categories: confirm_sensitive,
                    until,
                    update_rules,
                },
                now,
            )?;
            let granted = &result.approval;
            if !granted.required_left_out.is_empty() {
                errln!(
                    "{}",
                    tessera_text::text!(
                        "cli-approve-required-left-out",
                        fields = granted.required_left_out.join(", ")
                    )
                );
            }
            for f in &granted.fields {
                let (field, form, asked) = (f.name.clone(), f.form.clone(), f.asked_form.clone());
                if f.by_standing_rule {
                    errln!(
                        "{}",
                        tessera_text::text!(
                            "cli-approve-by-standing-rule",
                            field = field,
                            form = form,
                            asked = asked
                        )
                    );
                } else if f.by_last_answer {
                    errln!(
                        "{}",
                        tessera_text::text!(
                            "cli-approve-by-last-answer",
                            field = field,
                            form = form,
                            asked = asked
                        )
                    );
                }
            }
            let detail = &result.detail;
            for f in granted.fields.iter().filter(|f| f.sensitive) {
                let (field, category, brand) = (
                    f.name.clone(),
                    f.sensitivity_label.clone(),
                    detail.grant.brand_name.clone(),
                );
                errln!(
                    "{}",
                    if update_rules {
                        tessera_text::text!(
                            "cli-approve-confirmed-standing",
                            field = field,
                            category = category,
                            brand = brand
                        )
                    } else {
                        tessera_text::text!(
                            "cli-approve-confirmed",
                            field = field,
                            category = category,
                            brand = brand
                        )
                    }
                );
            }
            write_out(&out, &detail.token).map_err(|e| {
                ApiError::new(
                    e.code,
                    tessera_text::text!(
                        "cli-approve-not-saved",
                        id = detail.grant.jti.clone(),
                        reason = e.message
                    ),
                )
            })?;
            session.grant_exported(
                &detail.grant.jti,
                // not words: a ledger entry's detail is part of its hashed record, kept as written
                &format!("saved to {}", out.display()),
                now,
            )?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-approve-written",
                    id = detail.grant.jti.clone(),
                    path = out.display().to_string(),
                    brand = detail.grant.brand_name.clone()
                )
            );
            if json {
                print_json(&result);
            }
        }
        RequestCommand::Deny { id } => {
            let r = session.request_deny(&id, now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-denied",
                    request = r.jti.clone(),
                    brand = r.brand_name.clone()
                )
            );
            if json {
                print_json(&r);
            }
        }
    }
    Ok(())
}

pub fn run_grant(session: &mut Session, command: GrantCommand, json: bool) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        GrantCommand::List => {
            let list = session.grant_list(now)?;
            if json {
                print_json(&list);
            } else {
                grants_text(&list);
            }
        }
        GrantCommand::Show { id } => {
            let detail = session.grant_show(&id, now)?;
            if json {
                print_json(&detail);
            } else {
                grants_text(std::slice::from_ref(&detail.grant));
                outln!("{}", detail.token);
                if let Some(revocation) = &detail.revocation {
                    outln!("{}", tessera_text::text!("cli-grant-revocation-follows"));
                    outln!("{revocation}");
                }
            }
        }
        GrantCommand::Deletions { calendar } => {
            if let Some(path) = calendar {
                let ics = session.deletion_calendar(now)?;
                tessera_api::files::write_text(&path, &ics)?;
                errln!(
                    "{}",
                    tessera_text::text!(
                        "cli-deletions-calendar-written",
                        path = path.display().to_string()
                    )
                );
                return Ok(());
            }
            let dates = session.deletion_dates(now)?;
            if json {
                print_json(&dates);
                return Ok(());
            }
            if dates.brands.is_empty() {
                outln!("{}", tessera_text::text!("cli-deletions-none"));
            }
            for b in &dates.brands {
                outln!(
                    "{}",
                    if b.overdue {
                        tessera_text::text!(
                            "cli-deletions-brand-overdue",
                            name = b.brand_name.clone(),
                            brand = b.brand.clone()
                        )
                    } else {
                        tessera_text::text!(
                            "cli-deletions-brand",
                            name = b.brand_name.clone(),
                            brand = b.brand.clone()
                        )
                    }
                );
                for f in &b.fields {
                    let mark = if f.overdue { "!" } else { " " };
                    outln!(
                        "{mark} {}",
                        tessera_text::text!(
                            "cli-deletions-field",
                            field = f.field.clone(),
                            date = f.delete_by.get(..10).unwrap_or(&f.delete_by).to_owned(),
                            reason = f.reason.clone()
                        )
                    );
                }
                if let (true, Some(seq)) = (b.overdue, b.letter_entry) {
                    outln!(
                        "{}",
                        tessera_text::text!("cli-deletions-letter", seq = seq.to_string())
                    );
                }
            }
        }
        GrantCommand::Renew {
            id,
            confirm_sensitive,
            until,
            dry_run,
            out,
        } => {
            let req = tessera_api::exchange::RenewRequest {
                jti: id.clone(),
                until,
                confirm_categories: confirm_sensitive,
            };
            let brand = session.grant_show(&id, now)?.grant.brand_name;
            let renewal = session.grant_renewal(&req, now)?;
            renewal_text(&brand, &renewal);
            let Some(out) = out.filter(|_| !dry_run) else {
                if json {
                    print_json(&renewal);
                }
                return Ok(());
            };
            let result = session.grant_renew(&req, now)?;
            let detail = &result.detail;
            write_out(&out, &detail.token).map_err(|e| {
                ApiError::new(
                    e.code,
                    tessera_text::text!(
                        "cli-approve-not-saved",
                        id = detail.grant.jti.clone(),
                        reason = e.message
                    ),
                )
            })?;
            session.grant_exported(
                &detail.grant.jti,
                // not words: a ledger entry's detail is part of its hashed record, kept as written
                &format!("saved to {}", out.display()),
                now,
            )?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-renewed",
                    id = detail.grant.jti.clone(),
                    old = id,
                    path = out.display().to_string(),
                    brand = detail.grant.brand_name.clone()
                )
            );
            if json {
                print_json(&result);
            }
        }
        GrantCommand::Revoke { id, out } => {
            let token = session.grant_revoke(&id, now)?;
            write_out(&out, &token).map_err(|e| {
                ApiError::new(
                    e.code,
                    tessera_text::text!(
                        "cli-revoke-not-saved",
                        id = id.clone(),
                        reason = e.message
                    ),
                )
            })?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-revoked",
                    id = id.clone(),
                    path = out.display().to_string()
                )
            );
            if json {
                print_json(&GrantRevoked {
                    revocation: token,
                    revoked: id,
                });
            }
        }
    }
    Ok(())
}

pub fn run_receipt(
    session: &mut Session,
    command: ReceiptCommand,
    json: bool,
) -> Result<(), ApiError> {
    let ReceiptCommand::Import { file } = command;
    let token = read_token(&file)?;
    let grant = session.receipt_import(&token, Timestamp::now())?;
    receipt_notice(&grant);
    if json {
        print_json(&grant);
    }
    Ok(())
}

/// `tessera open FILE|LINK`: a request (imported for review) or a receipt (recorded), from a
/// file or a `tessera:` link, said as `request import` and `receipt import` say them.
pub fn open(
    session: &mut Session,
    target: &str,
    trust_new_key: bool,
    json: bool,
) -> Result<(), ApiError> {
    let document = tessera_api::exchange::read_document(target)?;
    let opened = session.open_document(&document, trust_new_key, Timestamp::now())?;
    match &opened {
        Opened::Request(imported) => {
            request_notice(imported);
            if !json {
                review_text(&imported.review);
            }
        }
        Opened::Receipt(grant) => receipt_notice(grant),
    }
    if json {
        print_json(&opened);
    }
    Ok(())
}

/// What importing a request did to the brand's key, on stderr.
fn request_notice(imported: &ImportedRequest) {
    match imported.key_status {
        KeyStatus::Pinned => errln!(
            "{}",
            tessera_text::text!(
                "cli-key-pinned",
                brand = imported.review.brand_name.clone(),
                fingerprint = imported.review.fingerprint.clone()
            )
        ),
        KeyStatus::Retrusted => errln!(
            "{}",
            tessera_text::text!(
                "cli-key-retrusted",
                brand = imported.review.brand_name.clone(),
                fingerprint = imported.review.fingerprint.clone()
            )
        ),
        KeyStatus::Known => {}
    }
}

/// Where a receipt was recorded, on stderr.
fn receipt_notice(grant: &GrantSummary) {
    if grant.receipt_late {
        let revoked = grant
            .revoked_at
            .clone()
            .unwrap_or_else(|| tessera_text::text!("cli-receipt-late-unknown-date"));
        errln!(
            "{}",
            tessera_text::text!(
                "cli-receipt-late",
                brand = grant.brand_name.clone(),
                id = grant.jti.clone(),
                date = revoked
            )
        );
    } else {
        errln!(
            "{}",
            tessera_text::text!(
                "cli-receipt-recorded",
                brand = grant.brand_name.clone(),
                id = grant.jti.clone()
            )
        );
    }
}

pub fn run_ledger(
    session: &mut Session,
    command: LedgerCommand,
    json: bool,
) -> Result<(), ApiError> {
    match command {
        LedgerCommand::List => {
            let entries = session.ledger_list()?;
            if json {
                print_json(&entries);
            } else {
                let rows: Vec<Vec<String>> = entries
                    .iter()
                    .map(|e| {
                        vec![
                            e.seq.to_string(),
                            e.at.clone(),
                            e.event.clone(),
                            e.brand.clone().unwrap_or_else(|| "-".into()),
                            e.fields.join(","),
                            e.detail.clone(),
                        ]
                    })
                    .collect();
                print_table(&rows);
            }
        }
        LedgerCommand::Verify => {
            let check = session.ledger_verify()?;
            if !check.ok {
                return Err(ApiError::new(
                    ApiErrorCode::LedgerBroken,
                    tessera_text::text!(
                        "cli-ledger-broken",
                        problem = check.problem.unwrap_or_default()
                    ),
                ));
            }
            errln!(
                "{}",
                tessera_text::text!("cli-ledger-verified", entries = check.entries.to_string())
            );
        }
        LedgerCommand::VerifyExport { file } => verify_ledger_export(&file, json)?,
        LedgerCommand::ConsentRecords { out } => {
            let text = session.consent_records(Timestamp::now())?;
            match out {
                Some(path) => {
                    tessera_api::files::write_text(&path, &text)?;
                    errln!(
                        "{}",
                        tessera_text::text!(
                            "cli-consent-records-written",
                            path = path.display().to_string()
                        )
                    );
                }
                // The same JSON, with what a terminal would obey escaped.
                None => match serde_json::from_str::<serde_json::Value>(&text) {
                    Ok(value) => print_json(&value),
                    Err(_) => crate::output::print_data(&text),
                },
            }
        }
        LedgerCommand::ErasureLetter { seq } => {
            let letter = session.deletion_request(seq)?;
            if json {
                print_json(&letter);
            } else {
                outln!(
                    "{}",
                    tessera_text::text!("cli-letter-to", to = letter.to.clone())
                );
                outln!(
                    "{}",
                    tessera_text::text!("cli-letter-subject", subject = letter.subject.clone())
                );
                outln!();
                outln!("{}", letter.body);
            }
        }
        LedgerCommand::Export { out } => {
            let token = session.ledger_export(Timestamp::now())?;
            match out {
                Some(path) => {
                    write_out(&path, &token)?;
                    errln!(
                        "{}",
                        tessera_text::text!(
                            "cli-ledger-exported",
                            path = path.display().to_string()
                        )
                    );
                }
                None => outln!("{token}"),
            }
        }
    }
    Ok(())
}

pub fn run_brand_kit(command: BrandKitCommand, json: bool) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        BrandKitCommand::Keygen { out } => {
            let made = brand_kit::keygen(&out)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-key-written",
                    path = out.display().to_string(),
                    fingerprint = made.fingerprint.clone()
                )
            );
            if json {
                print_json(&made);
            }
        }
        BrandKitCommand::Request { key, spec, out } => {
            let (token, claims) = brand_kit::sign_request(&key, &spec, now)?;
            let out =
                out.unwrap_or_else(|| brand_kit::default_file(&claims.jti, OpenableKind::Request));
            write_out(&out, &token)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-request-written",
                    path = out.display().to_string()
                )
            );
            if json {
                print_json(&claims);
            }
        }
        BrandKitCommand::Verify {
            grant,
            aud,
            request,
        } => {
            let claims =
                brand_kit::verify_grant(&read_token(&grant)?, &aud, request.as_deref(), now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-grant-verified",
                    signer = claims.iss.clone(),
                    aud = aud,
                    until = claims.exp.to_string()
                )
            );
            print_json(&claims);
        }
        BrandKitCommand::Receipt {
            key,
            grant,
            aud,
            out,
        } => {
            let grant = read_token(&grant)?;
            let token = brand_kit::receipt(&key, &grant, &aud, now)?;
            let out = out.unwrap_or_else(|| {
                let jti = brand_kit::grant_id(&grant).unwrap_or_else(|| "grant".to_owned());
                brand_kit::default_file(&jti, OpenableKind::Receipt)
            });
            write_out(&out, &token)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-receipt-written",
                    path = out.display().to_string()
                )
            );
        }
        BrandKitCommand::VerifyRevocation { file, aud, grant } => {
            let grant = grant.map(|g| read_token(&g)).transpose()?;
            let claims =
                brand_kit::verify_revocation(&read_token(&file)?, &aud, grant.as_deref(), now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-revocation-verified",
                    id = claims.grant.jti.clone()
                )
            );
            print_json(&claims);
        }
        BrandKitCommand::VerifyLetter { file, aud, grant } => {
            let grant = grant.map(|g| read_token(&g)).transpose()?;
            let claims =
                brand_kit::verify_letter(&read_token(&file)?, &aud, grant.as_deref(), now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-kit-letter-verified",
                    right = claims.right.as_str(),
                    basis = claims.basis.clone(),
                    reply_by = claims.reply_by.to_string()
                )
            );
            print_json(&claims);
        }
    }
    Ok(())
}
