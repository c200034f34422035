//! `tessera profile ...` and `tessera brand ...`: flag parsing and printing around the API.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use clap::Subcommand;
use jiff::Timestamp;
use tessera_api::profile::{AllowRequest, ProfileValueView, RuleView, SetValueRequest};
use tessera_api::{ApiError, ApiErrorCode, Session};

use crate::print_json;

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Set a value (replaces the value with the same label, else adds one)
    Set {
        /// Catalogue name (see `tessera profile fields`) or custom.NAME
        field: String,
        value: String,
        /// Label for one of several values, e.g. home or work
        #[arg(long)]
        label: Option<String>,
        /// Make this the primary value of the field
        #[arg(long)]
        primary: bool,
        /// Country for a phone number typed in national format, e.g. FR
        #[arg(long, value_name = "CC")]
        region: Option<String>,
        /// Custom fields: the label to show
        #[arg(long, value_name = "TEXT")]
        custom_label: Option<String>,
        /// Custom fields: category (identity, contact, preferences, health, custom...)
        #[arg(long)]
        category: Option<String>,
        /// Custom fields: standard, or a special category (health, belief, politics,
        /// trade_union, ethnicity, sexuality, genetic, biometric)
        #[arg(long)]
        sensitivity: Option<String>,
    },
    /// Show the values of one field
    Get { field: String },
    /// List every value
    List,
    /// Remove every value of a field, or the one with --label
    Rm {
        field: String,
        #[arg(long)]
        label: Option<String>,
    },
    /// List the field catalogue with sensitivities and forms
    Fields,
    /// Import a vCard 4 or JSContact file: shows every change, then applies all or none
    Import {
        file: PathBuf,
        /// Only show what would change
        #[arg(long)]
        dry_run: bool,
        /// Apply without asking (needed when not in a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Export the profile as vCard 4 or JSContact (unencrypted!)
    Export {
        #[arg(long, value_parser = ["vcard", "jscontact"])]
        format: String,
        /// Write to FILE (atomically) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Which brands may see a field today, and in which form
    Who { field: String },
}

#[derive(Subcommand)]
pub enum BrandCommand {
    /// Add a brand by its https origin or domain
    Add {
        id: String,
        #[arg(long)]
        name: String,
    },
    /// List brands
    List {
        #[arg(long)]
        search: Option<String>,
    },
    /// A brand's rules, and what it would receive today
    Show { id: String },
    /// Allow a brand to see a field, in a form, until a date
    Allow {
        id: String,
        field: String,
        /// raw (default), age_over_18, age_range, country, locality, email_alias...
        #[arg(long)]
        form: Option<String>,
        /// Last day (inclusive), YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Confirm allowing a field in a special category (health, beliefs...)
        #[arg(long)]
        confirm_sensitive: bool,
    },
    /// Deny a brand a field
    Deny { id: String, field: String },
    /// Revoke every rule of a brand in one action
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
            " (primary)"
        } else {
            ""
        };
        let sensitive = if v.field.sensitivity == "standard" {
            String::new()
        } else {
            format!(" <{}>", v.field.sensitivity)
        };
        println!("{}{label}{primary}{sensitive}: {}", v.field.name, v.value);
    }
}

fn rules_text(rules: &[RuleView]) {
    for r in rules {
        let state = match (r.allowed, r.active) {
            (true, true) => "allowed",
            (true, false) => "expired",
            (false, _) => "denied",
        };
        let until = r
            .until
            .as_deref()
            .map(|u| format!(" until {u}"))
            .unwrap_or_default();
        println!(
            "{:<24} {:<8} {:<7} {}{until}",
            r.field, state, r.form, r.brand_name
        );
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
            eprintln!("Saved {}.", saved.field.name);
            if json {
                print_json(&saved);
            } else {
                values_text(&[saved]);
            }
        }
        ProfileCommand::Get { field } => {
            let values = session.profile_get(&field)?;
            if values.is_empty() {
                eprintln!("{field} has no value: Tessera only knows what you enter.");
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
            eprintln!("Removed {removed} value(s) of {field}.");
            if json {
                print_json(&serde_json::json!({ "removed": removed }));
            }
        }
        ProfileCommand::Fields => {
            let fields = tessera_api::profile::catalogue_fields();
            if json {
                print_json(&fields);
            } else {
                for f in fields {
                    println!(
                        "{:<22} {:<14} {:<10} {}",
                        f.name,
                        f.category,
                        f.sensitivity,
                        f.forms.join(",")
                    );
                }
            }
        }
        ProfileCommand::Import { file, dry_run, yes } => {
            import(session, &file, dry_run, yes, json, now)?;
        }
        ProfileCommand::Export { format, out } => {
            let text = session.export_profile(&format)?;
            match &out {
                Some(path) => {
                    tessera_vault::files::write_file_atomically(path, text.as_bytes())?;
                    eprintln!(
                        "warning: {} is NOT encrypted: anyone who can read it can read your profile. \
                         Keep it safe and delete it when done.",
                        path.display()
                    );
                    if json {
                        print_json(
                            &serde_json::json!({ "written": path, "format": format, "encrypted": false }),
                        );
                    }
                }
                None => {
                    eprintln!("warning: this export is NOT encrypted.");
                    print!("{text}");
                }
            }
        }
        ProfileCommand::Who { field } => {
            let who = session.who_can_see(&field, now)?;
            if who.is_empty() {
                eprintln!("No brand may see {field}.");
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
    dry_run: bool,
    yes: bool,
    json: bool,
    now: Timestamp,
) -> Result<(), ApiError> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let opened = std::fs::File::open(file)
        .map_err(|e| ApiError::missing_input(format!("cannot read {}: {e}", file.display())))?;
    // Read at most one byte past the limit, so a huge file is refused without loading it.
    let limit = tessera_api::profile::MAX_IMPORT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    opened.take(limit).read_to_end(&mut bytes).map_err(|e| {
        ApiError::new(
            ApiErrorCode::Io,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let plan = session.import_plan(&name, &bytes, now)?;
    let view = tessera_api::profile::ImportPlanView::from(&plan);
    for c in &view.changes {
        let label = c
            .label
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        match c.action.as_str() {
            "add" => eprintln!("  add      {}{label}: {}", c.field, c.value),
            "replace" => eprintln!(
                "  replace  {}{label}: {} (was {})",
                c.field,
                c.value,
                c.old.as_deref().unwrap_or("")
            ),
            _ => eprintln!("  same     {}{label}", c.field),
        }
    }
    for s in &view.skipped {
        eprintln!("  skipped  {s} (not imported)");
    }
    eprintln!(
        "{}: {} to add, {} to replace, {} unchanged.",
        view.file, view.adds, view.replacements, view.unchanged
    );
    let apply = !dry_run && (view.adds + view.replacements) > 0;
    let mut applied = 0;
    if apply {
        if !yes {
            if !std::io::stdin().is_terminal() {
                return Err(ApiError::missing_input(
                    "nothing was imported: pass --yes to apply without a terminal, or --dry-run to only look",
                ));
            }
            eprint!("Apply these changes? [y/N] ");
            let _ = std::io::stderr().flush();
            let mut answer = String::new();
            std::io::stdin()
                .read_line(&mut answer)
                .map_err(|e| ApiError::new(ApiErrorCode::Io, e.to_string()))?;
            if !answer.trim().eq_ignore_ascii_case("y") {
                eprintln!("Nothing was imported.");
                return Ok(());
            }
        }
        applied = session.import_apply(&plan, now)?;
        eprintln!("Imported {applied} value(s).");
    }
    if json {
        print_json(&serde_json::json!({ "plan": view, "applied": applied }));
    }
    Ok(())
}

pub fn run_brand(session: &mut Session, command: BrandCommand, json: bool) -> Result<(), ApiError> {
    let now = Timestamp::now();
    match command {
        BrandCommand::Add { id, name } => {
            let brand = session.brand_add(&id, &name, now)?;
            eprintln!(
                "Added {} ({}). It may see nothing until you allow fields.",
                brand.name, brand.id
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
                for b in &page.brands {
                    println!(
                        "{:<40} {:<30} {} field(s) allowed",
                        b.id, b.name, b.allowed_fields
                    );
                }
            }
        }
        BrandCommand::Show { id } => {
            let detail = session.brand_show(&id, now)?;
            if json {
                print_json(&detail);
            } else {
                println!(
                    "{} ({}), added {}",
                    detail.brand.name, detail.brand.id, detail.brand.added_on
                );
                rules_text(&detail.rules);
                if !detail.preview.is_empty() {
                    println!("It would receive today:");
                    for d in &detail.preview {
                        println!("  {}: {}", d.field, d.value);
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
            let confirm_category = if confirm_sensitive {
                let info = session.field_view(&field)?;
                (info.sensitivity != "standard").then_some(info.sensitivity)
            } else {
                None
            };
            let rule = session
                .brand_allow(
                    &AllowRequest {
                        brand: id,
                        field,
                        form,
                        until,
                        confirm_category,
                    },
                    now,
                )
                .map_err(|e| {
                    if e.code == ApiErrorCode::ConfirmationRequired {
                        ApiError::new(
                            e.code,
                            format!(
                                "{}; to confirm, run again with --confirm-sensitive",
                                e.message
                            ),
                        )
                    } else {
                        e
                    }
                })?;
            eprintln!(
                "{} may now see {} as {}.",
                rule.brand_name, rule.field, rule.form
            );
            if json {
                print_json(&rule);
            }
        }
        BrandCommand::Deny { id, field } => {
            let rule = session.brand_deny(&id, &field, now)?;
            eprintln!("{} may no longer see {}.", rule.brand_name, rule.field);
            if json {
                print_json(&rule);
            }
        }
        BrandCommand::Revoke { id } => {
            let revoked = session.brand_revoke_all(&id, now)?;
            eprintln!("Revoked {revoked} rule(s); the brand may see nothing now.");
            if json {
                print_json(&serde_json::json!({ "revoked": revoked }));
            }
        }
    }
    Ok(())
}
