//! `tessera profile ...` and `tessera brand ...`: flag parsing and printing around the API.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use tessera_api::profile::{Format, ImportAction, ImportRemedy, OptIn, Sensitivity};

use clap::Subcommand;
use clap::builder::TypedValueParser as _;
use jiff::Timestamp;
use tessera_api::outcomes::{ImportOutcome, ProfileWritten, RulesRevoked, ValuesRemoved};
use tessera_api::profile::{AllowRequest, ProfileValueView, RuleView, SetValueRequest};
use tessera_api::{ApiError, Session};

use crate::output::{errln, errprompt, outln, print_json, print_table};

#[derive(Subcommand)]
pub enum ProfileCommand {
    #[command(about = tessera_text::text!("cli-help-profile-set"))]
    Set {
        #[arg(help = tessera_text::text!("cli-help-profile-set-field"))]
        field: String,
        #[arg(help = tessera_text::text!("cli-help-profile-set-value"))]
        value: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-set-label"))]
        #[arg(long)]
        label: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-set-primary"))]
        #[arg(long)]
        primary: bool,
        #[arg(help = tessera_text::text!("cli-help-profile-set-region"))]
        #[arg(long, value_name = "CC")]
        region: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-set-custom-label"))]
        #[arg(long, value_name = "TEXT")]
        custom_label: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-set-category"))]
        #[arg(long)]
        category: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-set-sensitivity"))]
        #[arg(long)]
        sensitivity: Option<String>,
    },
    #[command(about = tessera_text::text!("cli-help-profile-get"))]
    Get { field: String },
    #[command(about = tessera_text::text!("cli-help-profile-list"))]
    List,
    #[command(about = tessera_text::text!("cli-help-profile-rm"))]
    Rm {
        field: String,
        #[arg(long)]
        label: Option<String>,
    },
    #[command(about = tessera_text::text!("cli-help-profile-fields"))]
    Fields,
    #[command(about = tessera_text::text!("cli-help-profile-import"))]
    Import {
        file: PathBuf,
        #[arg(help = tessera_text::text!("cli-help-profile-import-card"))]
        #[arg(long, value_name = "N")]
        card: Option<u32>,
        #[arg(help = tessera_text::text!("cli-help-profile-import-region"))]
        #[arg(long, value_name = "COUNTRY")]
        region: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-profile-import-include"))]
        #[arg(long, value_name = "WHAT", value_delimiter = ',', value_parser = opt_in_parser())]
        include: Vec<OptIn>,
        #[arg(help = tessera_text::text!("cli-help-profile-import-dry-run"))]
        #[arg(long)]
        dry_run: bool,
        #[arg(help = tessera_text::text!("cli-help-profile-import-yes"))]
        #[arg(long)]
        yes: bool,
    },
    #[command(about = tessera_text::text!("cli-help-profile-export"))]
    Export {
        #[arg(long, value_parser = format_parser())]
        format: Format,
        #[arg(help = tessera_text::text!("cli-help-profile-export-out"))]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[command(about = tessera_text::text!("cli-help-profile-who"))]
    Who { field: String },
}

/// `--format`: the interchange formats by name, listed in `--help` from `Format::ALL`.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .try_map(|name| Format::parse(&name))
}

/// `--include`: the opt-ins by name, listed in `--help` from `OptIn::ALL`.
fn opt_in_parser() -> impl clap::builder::TypedValueParser<Value = OptIn> {
    clap::builder::PossibleValuesParser::new(OptIn::ALL.map(OptIn::as_str)).try_map(|name| {
        OptIn::ALL
            .into_iter()
            .find(|o| o.as_str() == name)
            .ok_or_else(|| tessera_text::text!("cli-not-an-opt-in"))
    })
}

#[derive(Subcommand)]
pub enum BrandCommand {
    #[command(about = tessera_text::text!("cli-help-brand-add"))]
    Add {
        id: String,
        #[arg(long)]
        name: String,
    },
    #[command(about = tessera_text::text!("cli-help-brand-list"))]
    List {
        #[arg(long)]
        search: Option<String>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-show"))]
    Show { id: String },
    #[command(about = tessera_text::text!("cli-help-brand-allow"))]
    Allow {
        id: String,
        field: String,
        #[arg(help = tessera_text::text!("cli-help-brand-allow-form"))]
        #[arg(long)]
        form: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-brand-allow-until"))]
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[arg(help = tessera_text::text!("cli-help-brand-allow-confirm-sensitive"))]
        #[arg(long, value_name = "CATEGORY")]
        confirm_sensitive: Option<String>,
    },
    #[command(about = tessera_text::text!("cli-help-brand-deny"))]
    Deny { id: String, field: String },
    #[command(about = tessera_text::text!("cli-help-brand-trace"))]
    Trace {
        #[arg(help = tessera_text::text!("cli-help-brand-trace-what"))]
        #[arg(value_name = "ADDRESS|FILE|-")]
        what: String,
    },
    #[command(about = tessera_text::text!("cli-help-brand-revoke"))]
    Revoke { id: String },
}

fn values_text(values: &[ProfileValueView]) {
    for v in values {
        let label = v
            .label
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        let primary = if v.primary && v.field.multiple {
            tessera_text::text!("cli-value-primary")
        } else {
            String::new()
        };
        let sensitive = if v.field.sensitive {
            format!(" <{}>", v.field.sensitivity)
        } else {
            String::new()
        };
        outln!("{}{label}{primary}{sensitive}: {}", v.field.name, v.value);
    }
}

fn rules_text(rules: &[RuleView]) {
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|r| {
            let brand = match &r.until {
                Some(u) => tessera_text::text!(
                    "cli-rule-brand-until",
                    brand = r.brand_name.clone(),
                    date = u.clone()
                ),
                None => r.brand_name.clone(),
            };
            vec![
                r.field.clone(),
                r.state.as_str().to_owned(),
                r.form.clone(),
                brand,
            ]
        })
        .collect();
    print_table(&rows);
}

/// Longest value accepted from standard input; values are at most 500 characters, addresses a
/// little more as JSON.
const MAX_VALUE_BYTES: u64 = 64 * 1024;

/// The value for `profile set`: the argument, standard input for `-`, else a prompt at the
/// terminal (without echo when the field is in a special category, or may be).
fn read_value(
    session: &Session,
    field: &str,
    value: Option<&str>,
    custom_sensitivity: Option<&str>,
) -> Result<String, ApiError> {
    match value {
        Some("-") => {
            let bytes = crate::stdin::read_all(MAX_VALUE_BYTES, || {
                ApiError::invalid_input(tessera_text::text!(
                    "cli-value-stdin-too-large",
                    limit = MAX_VALUE_BYTES.to_string()
                ))
            })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| ApiError::invalid_input(tessera_text::text!("cli-stdin-not-text")))?;
            // One trailing line end is what `echo` and editors add; it is not part of the value.
            let text = text.strip_suffix('\n').unwrap_or(&text);
            Ok(text.strip_suffix('\r').unwrap_or(text).to_owned())
        }
        Some(value) => Ok(value.to_owned()),
        None => {
            if !std::io::stdin().is_terminal() {
                return Err(ApiError::missing_input(tessera_text::text!(
                    "cli-value-none",
                    field = field.to_owned()
                )));
            }
            // Only a field known to be standard is echoed; an unknown one may turn out special.
            let standard = match custom_sensitivity {
                Some(s) => Sensitivity::parse(s).is_some_and(|s| !s.is_special()),
                None => session.field_view(field).is_ok_and(|info| !info.sensitive),
            };
            let prompt = format!(
                "{}: ",
                tessera_text::text!("cli-prompt-value", field = field.to_owned())
            );
            if standard {
                errprompt!("{prompt}");
                crate::stdin::read_line()
            } else {
                rpassword::prompt_password(crate::output::escape_controls(&prompt).as_ref())
                    .map_err(|e| {
                        ApiError::missing_input(tessera_text::text!(
                            "cli-value-terminal-unreadable",
                            reason = e.to_string()
                        ))
                    })
            }
        }
    }
}

pub fn run_profile(
    session: &mut Session,
    command: ProfileCommand,
    json: bool,
) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        ProfileCommand::Set {
            field,
            value,
            label,
            primary,
            region,
            custom_label,
            category,
            sensitivity,
        } => {
            let value = read_value(session, &field, value.as_deref(), sensitivity.as_deref())?;
            let saved = session.profile_set(
                &SetValueRequest {
                    field,
                    value,
                    label,
                    primary,
                    region,
                    custom_label,
                    category,
                    sensitivity,
                },
                now,
            )?;
            errln!(
                "{}",
                tessera_text::text!("cli-value-saved", field = saved.field.name.clone())
            );
            if json {
                print_json(&saved);
            } else if saved.field.sensitive {
                // It was typed without echo a moment ago: do not put it on the screen now.
                errln!(
                    "{}",
                    tessera_text::text!(
                        "cli-value-saved-not-shown",
                        field = saved.field.name.clone(),
                        category = saved.field.sensitivity_label
                    )
                );
            } else {
                values_text(&[saved]);
            }
        }
        ProfileCommand::Get { field } => {
            let values = session.profile_get(&field)?;
            if values.is_empty() {
                errln!(
                    "{}",
                    tessera_text::text!("cli-value-missing", field = field)
                );
            }
            if json {
                print_json(&values);
            } else {
                values_text(&values);
            }
        }
        ProfileCommand::List => {
            let values = session.profile_list()?;
            if json {
                print_json(&values);
            } else {
                values_text(&values);
            }
        }
        ProfileCommand::Rm { field, label } => {
            let removed = session.profile_remove(&field, label.as_deref())?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-values-removed",
                    count = removed.to_string(),
                    field = field.clone()
                )
            );
            if json {
                print_json(&ValuesRemoved { removed });
            }
        }
        ProfileCommand::Fields => {
            let fields = tessera_api::profile::catalogue_fields();
            if json {
                print_json(&fields);
            } else {
                let rows: Vec<Vec<String>> = fields
                    .into_iter()
                    .map(|f| vec![f.name, f.category, f.sensitivity, f.forms.join(",")])
                    .collect();
                print_table(&rows);
            }
        }
        ProfileCommand::Import {
            file,
            card,
            region,
            include,
            dry_run,
            yes,
        } => {
            let choices = tessera_api::profile::ImportChoices {
                card,
                region,
                include,
            };
            import(session, &file, &choices, dry_run, yes, json, now)?;
        }
        ProfileCommand::Export { format, out } => {
            let text = session.export_profile(format)?;
            match &out {
                Some(path) => {
                    tessera_api::files::write_text(path, &text)?;
                    errln!(
                        "{}",
                        tessera_text::text!(
                            "cli-export-not-encrypted-file",
                            path = path.display().to_string()
                        )
                    );
                    if json {
                        print_json(&ProfileWritten {
                            encrypted: false,
                            format,
                            written: path.clone(),
                        });
                    }
                }
                None => {
                    errln!("{}", tessera_text::text!("cli-export-not-encrypted"));
                    crate::output::print_data(&text);
                }
            }
        }
        ProfileCommand::Who { field } => {
            let who = session.who_can_see(&field, now)?;
            if who.is_empty() {
                errln!("{}", tessera_text::text!("cli-who-nobody", field = field));
            }
            if json {
                print_json(&who);
            } else {
                rules_text(&who);
            }
        }
    }
    Ok(())
}

fn import(
    session: &mut Session,
    file: &std::path::Path,
    choices: &tessera_api::profile::ImportChoices,
    dry_run: bool,
    yes: bool,
    json: bool,
    now: Timestamp,
) -> Result<(), ApiError> {
    let (name, bytes) = tessera_api::files::read_profile_file(file)?;
    let plan = session.import_plan(&name, &bytes, choices, now)?;
    let view = tessera_api::profile::ImportPlanView::from(&plan);
    if view.cards.len() > 1 {
        errln!(
            "{}",
            tessera_text::text!(
                "cli-import-cards",
                file = view.file.clone(),
                count = view.cards.len().to_string()
            )
        );
        for c in &view.cards {
            let mark = if Some(c.index) == view.card { "*" } else { " " };
            errln!(
                " {mark}{:>3}  {}{}",
                c.index,
                c.name
                    .clone()
                    .unwrap_or_else(|| tessera_text::text!("cli-import-card-no-name")),
                if c.details.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.details.join(", "))
                }
            );
        }
    }
    if view.needs_card_choice {
        let cards = view.cards.len();
        if json {
            print_json(&ImportOutcome {
                applied: 0,
                plan: view,
            });
        }
        return Err(ApiError::missing_input(tessera_text::text!(
            "cli-import-choose-card",
            cards = cards.to_string()
        )));
    }
    for c in &view.changes {
        let label = c
            .label
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        let primary = if c.says_primary {
            tessera_text::text!("cli-value-primary")
        } else {
            String::new()
        };
        let (field, value) = (c.field.clone(), c.value.clone());
        match c.action {
            ImportAction::Add => errln!(
                "{}",
                tessera_text::text!(
                    "cli-import-add",
                    field = field,
                    label = label,
                    value = value,
                    primary = primary
                )
            ),
            ImportAction::Replace => errln!(
                "{}",
                tessera_text::text!(
                    "cli-import-replace",
                    field = field,
                    label = label,
                    value = value,
                    old = c.old.clone().unwrap_or_default(),
                    primary = primary
                )
            ),
            ImportAction::Unchanged => errln!(
                "{}",
                tessera_text::text!("cli-import-same", field = field, label = label)
            ),
        }
    }
    for s in &view.skipped {
        let item = if s.item.is_empty() {
            String::new()
        } else {
            format!(" {}", s.item)
        };
        let advice = match s.remedy.map(|r| (r, r.opt_in())) {
            Some((_, Some(opt_in))) => format!(" (--include {})", opt_in.as_str()),
            Some((ImportRemedy::Region, None)) => tessera_text::text!("cli-import-advice-region"),
            _ => String::new(),
        };
        errln!(
            "{}",
            tessera_text::text!(
                "cli-import-skipped",
                origin = s.origin.clone(),
                item = item,
                reason = s.reason.clone(),
                advice = advice
            )
        );
    }
    for note in &view.notes {
        errln!(
            "{}",
            tessera_text::text!("cli-import-note", note = note.clone())
        );
    }
    for o in view.opt_in.iter().filter(|o| !o.included) {
        errln!(
            "{}",
            tessera_text::text!(
                "cli-import-opt-in",
                count = o.count.to_string(),
                kind = o.kind.as_str()
            )
        );
    }
    errln!(
        "{}",
        tessera_text::text!(
            "cli-import-summary",
            file = view.file.clone(),
            adds = view.adds.to_string(),
            replacements = view.replacements.to_string(),
            unchanged = view.unchanged.to_string(),
            skipped = view.skipped.len().to_string()
        )
    );
    let apply = !dry_run && view.writes > 0;
    let mut applied = 0;
    if apply {
        if !yes {
            if !std::io::stdin().is_terminal() {
                return Err(ApiError::missing_input(tessera_text::text!(
                    "cli-import-needs-yes"
                )));
            }
            errprompt!("{} ", tessera_text::text!("cli-import-confirm"));
            let _ = std::io::stderr().flush();
            let answer = crate::stdin::read_line()?;
            if !answer.trim().eq_ignore_ascii_case("y") {
                errln!("{}", tessera_text::text!("cli-import-nothing"));
                return Ok(());
            }
        }
        applied = session.import_apply(&plan, now)?;
        errln!(
            "{}",
            tessera_text::text!("cli-import-applied", count = applied.to_string())
        );
    }
    if json {
        print_json(&ImportOutcome {
            applied,
            plan: view,
        });
    }
    Ok(())
}

pub fn run_brand(session: &mut Session, command: BrandCommand, json: bool) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        BrandCommand::Add { id, name } => {
            let brand = session.brand_add(&id, &name, now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-added",
                    name = brand.name.clone(),
                    id = brand.id.clone()
                )
            );
            if json {
                print_json(&brand);
            }
        }
        BrandCommand::List { search } => {
            let mut page = session.brand_list(search.as_deref(), 0, 500, now)?;
            while page.brands.len() < page.total as usize {
                let offset = page.brands.len() as u32;
                let more = session.brand_list(search.as_deref(), offset, 500, now)?;
                if more.brands.is_empty() {
                    break;
                }
                page.brands.extend(more.brands);
            }
            if json {
                print_json(&page);
            } else {
                let rows: Vec<Vec<String>> = page
                    .brands
                    .iter()
                    .map(|b| {
                        vec![
                            b.id.clone(),
                            b.name.clone(),
                            tessera_text::text!(
                                "cli-brand-row",
                                count = b.allowed_fields.to_string()
                            ),
                        ]
                    })
                    .collect();
                print_table(&rows);
            }
        }
        BrandCommand::Show { id } => {
            let detail = session.brand_show(&id, now)?;
            if json {
                print_json(&detail);
            } else {
                outln!(
                    "{}",
                    tessera_text::text!(
                        "cli-brand-title",
                        name = detail.brand.name.clone(),
                        id = detail.brand.id.clone(),
                        added = detail.brand.added_on.clone()
                    )
                );
                rules_text(&detail.rules);
                if !detail.preview.is_empty() {
                    outln!("{}", tessera_text::text!("cli-brand-preview"));
                    for d in &detail.preview {
                        outln!("  {}: {}", d.field, d.value);
                    }
                }
            }
        }
        BrandCommand::Allow {
            id,
            field,
            form,
            until,
            confirm_sensitive,
        } => {
            // The person names the category; the core checks it against the field's.
            let confirm_category = confirm_sensitive;
            let rule = session.brand_allow(
                &AllowRequest {
                    brand: id,
                    field,
                    form,
                    until,
                    confirm_category,
                },
                now,
            )?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-allowed",
                    brand = rule.brand_name.clone(),
                    field = rule.field.clone(),
                    form = rule.form.clone()
                )
            );
            if json {
                print_json(&rule);
            }
        }
        BrandCommand::Trace { what } => {
            let too_large = || ApiError::invalid_input(tessera_text::text!("cli-trace-too-large"));
            let text = if what == "-" {
                String::from_utf8_lossy(&crate::stdin::read_all(64 * 1024, too_large)?).into_owned()
            } else if std::path::Path::new(&what).is_file() {
                let file = std::fs::File::open(&what).map_err(|e| {
                    ApiError::new(
                        tessera_api::ApiErrorCode::Io,
                        tessera_text::text!(
                            "api-cannot-read",
                            source = what.clone(),
                            reason = e.to_string()
                        ),
                    )
                })?;
                let bytes = tessera_api::files::read_limited(file, 64 * 1024, &what, too_large)?;
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                what
            };
            let traced = session.trace_alias(&text)?;
            if json {
                print_json(&traced);
                return Ok(());
            }
            if traced.found.is_empty() {
                outln!(
                    "{}",
                    tessera_text::text!("cli-trace-none", addresses = traced.addresses.join(", "))
                );
            }
            for f in &traced.found {
                let (address, name, brand, form) = (
                    f.address.clone(),
                    f.brand_name.clone(),
                    f.brand.clone(),
                    f.form.clone(),
                );
                outln!(
                    "{}",
                    if f.given {
                        tessera_text::text!(
                            "cli-trace-given",
                            address = address,
                            name = name,
                            brand = brand,
                            form = form
                        )
                    } else {
                        tessera_text::text!(
                            "cli-trace-not-given",
                            address = address,
                            name = name,
                            brand = brand
                        )
                    }
                );
                outln!(
                    "{}",
                    if f.shared_for.is_empty() {
                        tessera_text::text!("cli-trace-shares-none")
                    } else {
                        tessera_text::text!("cli-trace-shares", purposes = f.shared_for.join("; "))
                    }
                );
                for n in &f.never {
                    outln!(
                        "{}",
                        tessera_text::text!("cli-trace-never", promise = n.clone())
                    );
                }
                if let Some(seq) = f.letter_entry {
                    outln!(
                        "{}",
                        tessera_text::text!("cli-deletions-letter", seq = seq.to_string())
                    );
                }
            }
        }
        BrandCommand::Deny { id, field } => {
            let rule = session.brand_deny(&id, &field, now)?;
            errln!(
                "{}",
                tessera_text::text!(
                    "cli-brand-denied",
                    brand = rule.brand_name.clone(),
                    field = rule.field.clone()
                )
            );
            if json {
                print_json(&rule);
            }
        }
        BrandCommand::Revoke { id } => {
            let revoked = session.brand_revoke_all(&id, now)?;
            errln!(
                "{}",
                tessera_text::text!("cli-brand-revoked", count = revoked.to_string())
            );
            if json {
                print_json(&RulesRevoked { revoked });
            }
        }
    }
    Ok(())
}
