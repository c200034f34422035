//! `tessera`: the command-line face of Tessera. Parses flags, gathers passphrases from safe
//! sources, calls the core, and prints either text or one JSON document.
//!
//! A library with one entry point, [`main`], run by two binaries: this crate's `tessera` (what
//! the tests and a source build use) and the desktop app's, which the packages ship alone with
//! `/usr/bin/tessera` running `tessera-app --cli` (one binary instead of two copies of the
//! core). Each binary sets the zeroizing allocator itself.
#![forbid(unsafe_code)]
#![allow(
    clippy::disallowed_methods,
    reason = "the CLI is a face: it reads the clock and passes the time in"
)]
// Every byte of output goes through `output`, which escapes what terminals would obey and
// survives closed pipes; the standard print macros would do neither.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod backup_cmd;
mod output;

mod exchange_cmd;
mod passphrase;
mod profile_cmd;
mod stdin;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tessera_api::{
    ApiError, ApiErrorCode, ContinuousInstant, KdfChoice, Locations, RestorePolicy, RollbackCheck,
    Session, SessionOptions, VaultStatus,
};
use tessera_vault::KdfParams;

use crate::output::{errln, outln, print_json, print_table};
use crate::passphrase::{PassphraseSource, read_passphrase};

/// Tessera: your personal data, in your own encrypted vault.
#[derive(Parser)]
#[command(name = "tessera", version, about = tessera_text::text!("cli-help-about"), long_about = None)]
struct Cli {
    #[arg(help = tessera_text::text!("cli-help-vault"))]
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    #[arg(help = tessera_text::text!("cli-help-json"))]
    #[arg(long, global = true)]
    json: bool,
    #[arg(help = tessera_text::text!("cli-help-passphrase-file"))]
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[arg(help = tessera_text::text!("cli-help-accept-restore"))]
    #[arg(long, global = true)]
    accept_restore: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(about = tessera_text::text!("cli-help-init"))]
    Init {
        #[command(flatten)]
        kdf: KdfArgs,
    },
    #[command(about = tessera_text::text!("cli-help-status"))]
    Status,
    #[command(about = tessera_text::text!("cli-help-profile"))]
    #[command(subcommand)]
    Profile(profile_cmd::ProfileCommand),
    #[command(about = tessera_text::text!("cli-help-brand"))]
    #[command(subcommand)]
    Brand(profile_cmd::BrandCommand),
    #[command(about = tessera_text::text!("cli-help-request"))]
    #[command(subcommand)]
    Request(exchange_cmd::RequestCommand),
    #[command(about = tessera_text::text!("cli-help-grant"))]
    #[command(subcommand)]
    Grant(exchange_cmd::GrantCommand),
    #[command(about = tessera_text::text!("cli-help-receipt"))]
    #[command(subcommand)]
    Receipt(exchange_cmd::ReceiptCommand),
    #[command(about = tessera_text::text!("cli-help-terms"))]
    #[command(subcommand)]
    Terms(exchange_cmd::TermsCommand),
    #[command(about = tessera_text::text!("cli-help-letter"))]
    #[command(subcommand)]
    Letter(exchange_cmd::LetterCommand),
    #[command(about = tessera_text::text!("cli-help-open"))]
    Open {
        #[arg(help = tessera_text::text!("cli-help-open-target"))]
        #[arg(value_name = "FILE|LINK")]
        target: String,
        #[arg(help = tessera_text::text!("cli-help-trust-new-key"))]
        #[arg(long)]
        trust_new_key: bool,
    },
    #[command(about = tessera_text::text!("cli-help-ledger"))]
    #[command(subcommand)]
    Ledger(exchange_cmd::LedgerCommand),
    #[command(about = tessera_text::text!("cli-help-brand-kit"))]
    #[command(subcommand, name = "brand-kit")]
    BrandKit(exchange_cmd::BrandKitCommand),
    #[command(about = tessera_text::text!("cli-help-backup"))]
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        #[command(subcommand)]
        check: Option<backup_cmd::BackupCommand>,
        #[arg(help = tessera_text::text!("cli-help-backup-out"))]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(help = tessera_text::text!("cli-help-backup-own-passphrase"))]
        #[arg(long)]
        own_passphrase: bool,
        #[command(flatten)]
        own: backup_cmd::OwnPassphrase,
    },
    #[command(about = tessera_text::text!("cli-help-restore"))]
    Restore {
        file: PathBuf,
        #[command(flatten)]
        own: backup_cmd::OwnPassphrase,
    },
    #[command(about = tessera_text::text!("cli-help-passwd"))]
    Passwd {
        #[arg(help = tessera_text::text!("cli-help-passwd-new-passphrase-file"))]
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        #[command(flatten)]
        kdf: KdfArgs,
    },
}

/// Key-derivation cost. Default: calibrated to about one second on this machine.
#[derive(Args)]
struct KdfArgs {
    #[arg(help = tessera_text::text!("cli-help-kdf-memory-mib"))]
    #[arg(long, value_name = "MIB", requires = "kdf_iterations")]
    kdf_memory_mib: Option<u32>,
    #[arg(help = tessera_text::text!("cli-help-kdf-iterations"))]
    #[arg(long, value_name = "N", requires = "kdf_memory_mib")]
    kdf_iterations: Option<u32>,
}

impl KdfArgs {
    fn choice(&self) -> KdfChoice {
        match (self.kdf_memory_mib, self.kdf_iterations) {
            (Some(mib), Some(iterations)) => KdfChoice::Fixed(KdfParams {
                memory_kib: mib.saturating_mul(1024),
                iterations,
                parallelism: 1,
            }),
            _ => KdfChoice::Calibrated,
        }
    }
}

/// Exit codes, documented in the README (shared with the app, which exits with them when it
/// cannot start). 141 (a closed output pipe) is `output::CLOSED_PIPE`.
pub(crate) use tessera_api::exit;

fn exit_code(code: ApiErrorCode) -> u8 {
    use ApiErrorCode as C;
    match code {
        C::WrongPassphrase => exit::WRONG_PASSPHRASE,
        C::VaultInUse | C::VaultLocked => exit::VAULT_BUSY,
        C::VaultNotFound | C::MissingInput | C::NotFound | C::UnknownBrand => exit::MISSING_INPUT,
        C::CorruptVault
        | C::CorruptRecord
        | C::UnsupportedFormat
        | C::BackupDamaged
        | C::KdfParamsRejected
        | C::WeakPassphrase
        | C::InvalidInput
        | C::VaultExists
        | C::UnknownField
        | C::InvalidValue
        | C::InvalidBrand
        | C::BrandExists
        | C::InvalidForm
        | C::FormUnavailable
        | C::ConfirmationRequired
        | C::TokenTooLarge
        | C::MalformedToken
        | C::TokenTooDeep
        | C::BadAlgorithm
        | C::WrongType
        | C::BadKey
        | C::BadSignature
        | C::TokenExpired
        | C::TokenNotYetValid
        | C::WrongAudience
        | C::InvalidClaims
        | C::Replayed
        | C::KeyChanged
        | C::AlreadyDone
        | C::MissingValue
        | C::ReceiptMismatch
        | C::LedgerBroken => exit::BAD_DATA,
        C::VaultTampered | C::VaultRolledBack => exit::INTEGRITY,
        C::Io | C::Database | C::DiskFull | C::ReadOnly => exit::IO,
        C::Internal => exit::INTERNAL,
    }
}

/// A panic's message may quote personal data (a value, a line of a file): print only where.
fn install_panic_hook() {
    tessera_api::panic_hook::install("tessera");
}

/// Runs the command `args` names (the first is the program's name, as in `std::env::args_os`)
/// to its end: the whole CLI. The caller's binary has set the zeroizing allocator.
pub fn main(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    // Release builds: no core dump, no /proc/PID/mem for other programs of this user.
    tessera_api::hardening::harden_release_build();
    install_panic_hook();
    let cli = Cli::parse_from(args);
    let json = cli.json;
    let area = Area::of(&cli.command);
    let result = run(cli);
    let finished = output::finish();
    let status = match result {
        Ok(()) => finished.map_or(ExitCode::SUCCESS, ExitCode::from),
        Err(error) => {
            // not words: the program's name, before the core's message
            errln!("tessera: {}", error.message);
            if let Some(hint) = hint(error.code, area) {
                errln!("{}", tessera_text::text!("cli-hint", hint = hint));
            }
            let code = error.code;
            if json {
                print_json(&tessera_api::outcomes::ErrorReport { error });
            }
            ExitCode::from(exit_code(code))
        }
    };
    // The vault is locked and every output written: the memory tests read the process here
    // (debug builds only; see `tessera_api::hardening`).
    tessera_api::hardening::stop_for_memory_test_if_asked();
    status
}

/// Which command ran, for wording advice.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Area {
    Init,
    Backup,
    Status,
    Passwd,
    Profile,
    ProfileSet,
    Brand,
    Request,
    Grant,
    Receipt,
    Open,
    Ledger,
    BrandKit,
}

impl Area {
    fn of(command: &Command) -> Area {
        match command {
            Command::Init { .. } => Area::Init,
            Command::Status => Area::Status,
            Command::Passwd { .. } => Area::Passwd,
            Command::Backup { .. } | Command::Restore { .. } => Area::Backup,
            Command::Profile(profile_cmd::ProfileCommand::Set { .. }) => Area::ProfileSet,
            Command::Profile(_) => Area::Profile,
            Command::Brand(_) | Command::Terms(_) | Command::Letter(_) => Area::Brand,
            Command::Request(_) => Area::Request,
            Command::Grant(_) => Area::Grant,
            Command::Receipt(_) => Area::Receipt,
            Command::Open { .. } => Area::Open,
            Command::Ledger(_) => Area::Ledger,
            Command::BrandKit(_) => Area::BrandKit,
        }
    }
}

/// The CLI's own advice, by stable error code. The core's messages state what is wrong; what
/// to do about it differs between the app (buttons, dialogs) and this command (flags).
fn hint(code: ApiErrorCode, area: Area) -> Option<String> {
    use ApiErrorCode as C;
    Some(match (code, area) {
        (C::VaultNotFound, a) if a != Area::Init => tessera_text::text!("cli-hint-vault-not-found"),
        (C::UnknownBrand, _) => tessera_text::text!("cli-hint-unknown-brand"),
        (C::KeyChanged, _) => tessera_text::text!("cli-hint-key-changed"),
        (C::ConfirmationRequired, Area::Brand | Area::Request) => {
            tessera_text::text!("cli-hint-confirmation-required")
        }
        (C::VaultRolledBack, _) => tessera_text::text!("cli-hint-vault-rolled-back"),
        (C::NotFound, Area::Request) => tessera_text::text!("cli-hint-request-not-found"),
        (C::NotFound, Area::Grant | Area::Receipt | Area::Open) => {
            tessera_text::text!("cli-hint-grant-not-found")
        }
        (C::WrongType, Area::Open) => tessera_text::text!("cli-hint-open-wrong-type"),
        (C::NotFound, Area::Profile) => tessera_text::text!("cli-hint-profile-not-found"),
        (C::InvalidValue, Area::ProfileSet) => tessera_text::text!("cli-hint-invalid-value"),
        _ => return None,
    })
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let Locations {
        vault: dir,
        anchors,
    } = Locations::resolve(cli.vault, None)?;
    let now = ContinuousInstant::now();
    let restore = RestorePolicy::from_answer(cli.accept_restore, jiff::Timestamp::now());
    let session = |kdf: KdfChoice| {
        Session::new(
            dir.clone(),
            SessionOptions {
                kdf,
                auto_lock_override: None,
                anchors: anchors.clone(),
            },
            now,
        )
    };
    let unlocked = |session, passphrase_file| unlocked(session, passphrase_file, restore, now);
    match cli.command {
        Command::Init { kdf } => {
            let mut session = session(kdf.choice());
            if session.state().exists {
                return Err(ApiError::new(
                    ApiErrorCode::VaultExists,
                    tessera_text::text!("error-vault-exists", path = dir.display().to_string()),
                ));
            }
            let source = PassphraseSource::new(cli.passphrase_file, "TESSERA_PASSPHRASE");
            let passphrase = read_passphrase(
                &source,
                &tessera_text::text!("cli-prompt-new-vault-passphrase"),
                true,
            )?;
            let hint = tessera_api::estimate_strength(&passphrase);
            if hint.long_enough && hint.score < 3 {
                errln!(
                    "{}",
                    tessera_text::text!(
                        "cli-weak-passphrase-warning",
                        time = hint.crack_time.clone(),
                        advice = hint.suggestions.join(" ")
                    )
                );
            }
            if matches!(kdf.choice(), KdfChoice::Calibrated) {
                errln!("{}", tessera_text::text!("cli-init-calibrating"));
            }
            session.create(&passphrase, now)?;
            let status = session.status()?;
            session.lock();
            errln!(
                "{}",
                tessera_text::text!("cli-init-created", path = status.path.clone())
            );
            report(cli.json, &status);
        }
        Command::Profile(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            profile_cmd::run_profile(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Brand(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            profile_cmd::run_brand(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Request(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_request(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Grant(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_grant(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Terms(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_terms(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Letter(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_letter(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Receipt(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_receipt(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Open {
            target,
            trust_new_key,
        } => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::open(&mut session, &target, trust_new_key, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Ledger(exchange_cmd::LedgerCommand::VerifyExport { file }) => {
            exchange_cmd::verify_ledger_export(&file, cli.json)?;
        }
        Command::Ledger(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            exchange_cmd::run_ledger(&mut session, command, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::BrandKit(command) => exchange_cmd::run_brand_kit(command, cli.json)?,
        Command::Backup {
            check: Some(backup_cmd::BackupCommand::Verify { file, own }),
            ..
        } => {
            let vault = PassphraseSource::new(cli.passphrase_file, "TESSERA_PASSPHRASE");
            backup_cmd::verify(&file, own, &vault, cli.json)?;
        }
        Command::Backup {
            check: Some(backup_cmd::BackupCommand::Auto { folder, keep, off }),
            ..
        } => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            backup_cmd::auto(&mut session, folder.as_deref(), keep, off, cli.json)?;
            backup_cmd::after_command(&mut session);
        }
        Command::Backup {
            check: None,
            out,
            own_passphrase,
            own,
        } => {
            let out = out
                .ok_or_else(|| ApiError::missing_input(tessera_text::text!("cli-backup-no-out")))?;
            let session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file)?;
            backup_cmd::write(&session, &out, own_passphrase, own, cli.json)?;
        }
        Command::Restore { file, own } => {
            let mut session = session(KdfChoice::Calibrated);
            let vault = PassphraseSource::new(cli.passphrase_file, "TESSERA_PASSPHRASE");
            backup_cmd::restore(
                &mut session,
                &file,
                own,
                &vault,
                cli.accept_restore,
                cli.json,
            )?;
        }
        Command::Status => {
            let session = session(KdfChoice::Calibrated);
            report(cli.json, &session.status()?);
        }
        Command::Passwd {
            new_passphrase_file,
            kdf,
        } => {
            let mut session = session(kdf.choice());
            if !session.state().exists {
                return Err(tessera_vault::VaultError::VaultNotFound(dir).into());
            }
            let current = read_passphrase(
                &PassphraseSource::new(cli.passphrase_file, "TESSERA_PASSPHRASE"),
                &tessera_text::text!("cli-prompt-current-passphrase"),
                false,
            )?;
            session.unlock_with(&current, restore, now)?;
            let new = read_passphrase(
                &PassphraseSource::new(new_passphrase_file, "TESSERA_NEW_PASSPHRASE"),
                &tessera_text::text!("cli-prompt-new-passphrase"),
                true,
            )?;
            // Through the API, as the app does (the session was made with the chosen KDF).
            session.change_passphrase(&current, &new, now)?;
            let status = session.status()?;
            session.lock();
            errln!("{}", tessera_text::text!("cli-passwd-changed"));
            report(cli.json, &status);
        }
    }
    Ok(())
}

/// Unlocks the session with the passphrase from the usual sources.
fn unlocked(
    mut session: Session,
    passphrase_file: Option<PathBuf>,
    restore: RestorePolicy,
    now: ContinuousInstant,
) -> Result<Session, ApiError> {
    if !session.state().exists {
        return Err(tessera_vault::VaultError::VaultNotFound(session.dir().to_path_buf()).into());
    }
    let passphrase = read_passphrase(
        &PassphraseSource::new(passphrase_file, "TESSERA_PASSPHRASE"),
        &tessera_text::text!("cli-prompt-passphrase"),
        false,
    )?;
    session.unlock_with(&passphrase, restore, now)?;
    Ok(session)
}

fn report(json: bool, status: &VaultStatus) {
    if json {
        print_json(status);
        return;
    }
    outln!(
        "{}",
        tessera_text::text!("cli-status-vault", path = status.path.clone())
    );
    let (header, schema) = (
        status.header_version.to_string(),
        status.schema_version.to_string(),
    );
    outln!(
        "{}",
        if status.in_use {
            tessera_text::text!("cli-status-format-in-use", header = header, schema = schema)
        } else {
            tessera_text::text!("cli-status-format", header = header, schema = schema)
        }
    );
    outln!(
        "{}",
        tessera_text::text!(
            "cli-status-key",
            memory = status.kdf.memory_mib.to_string(),
            passes = status.kdf.iterations.to_string(),
            lanes = status.kdf.parallelism.to_string()
        )
    );
    outln!(
        "{}",
        tessera_text::text!("cli-status-vault-id", id = status.vault_id.clone())
    );
    outln!(
        "{}",
        match status.rollback_check {
            RollbackCheck::Active => tessera_text::text!("cli-status-rollback-active"),
            RollbackCheck::NoRecordHere => tessera_text::text!("cli-status-rollback-no-record"),
            RollbackCheck::NotKept => tessera_text::text!("cli-status-rollback-not-kept"),
        }
    );
    if status.passphrase_change_pending {
        outln!("{}", tessera_text::text!("cli-status-passphrase-pending"));
    }
    outln!(
        "{}",
        tessera_text::text!(
            "cli-status-entries",
            count = status.total_entries.to_string()
        )
    );
    let rows: Vec<Vec<String>> = status
        .entries
        .iter()
        .map(|e| vec![format!("  {}", e.kind), e.count.to_string()])
        .collect();
    print_table(&rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/cli.md` is every command's `--help`, generated from the clap definitions:
    /// `TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-cli --lib cli_reference`
    /// rewrites it.
    #[test]
    fn the_cli_reference_is_generated_from_clap() {
        use clap::CommandFactory as _;
        fn walk(cmd: &mut clap::Command, path: &str, out: &mut String) {
            let name = if path.is_empty() {
                cmd.get_name().to_owned()
            } else {
                format!("{path} {}", cmd.get_name())
            };
            let help = cmd.render_long_help().to_string();
            out.push_str(&format!(
                "## `{name}`\n\n```text\n{}\n```\n\n",
                help.trim_end()
            ));
            let mut subs: Vec<clap::Command> = cmd
                .get_subcommands()
                .filter(|s| s.get_name() != "help")
                .cloned()
                .collect();
            for sub in &mut subs {
                walk(sub, &name, out);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut out = String::from(
            "# The `tessera` command line\n\nGenerated from the CLI's definitions by the test `the_cli_reference_is_generated_from_clap` (`TESSERA_UPDATE_GENERATED=1 cargo test -p tessera-cli --lib cli_reference` rewrites it); the README explains what the commands are for.\n\n",
        );
        walk(&mut cmd, "", &mut out);
        tessera_test_support::generated::check_or_update(
            &tessera_test_support::generated::root().join("docs/cli.md"),
            &out,
            "cargo test -p tessera-cli --lib cli_reference",
        );
    }

    /// The README's exit-code table lists every error code exactly once, in the row of the exit
    /// code the CLI gives it, and no code the enum does not have.
    #[test]
    fn the_readme_exit_code_table_matches_the_codes() {
        let readme = include_str!("../../../README.md");
        let mut listed: Vec<(u8, String)> = Vec::new();
        for row in readme
            .lines()
            .filter(|l| l.starts_with("| ") && l.matches('|').count() == 4)
        {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let Ok(exit) = cells[1].parse::<u8>() else {
                continue;
            };
            for code in cells[3].split(',').map(|c| c.trim().trim_matches('`')) {
                if !code.is_empty() {
                    listed.push((exit, code.to_owned()));
                }
            }
        }
        for code in ApiErrorCode::all() {
            let rows: Vec<u8> = listed
                .iter()
                .filter(|(_, c)| c == code.as_str())
                .map(|(e, _)| *e)
                .collect();
            assert_eq!(rows, vec![exit_code(code)], "README row for `{code}`");
        }
        for (exit, code) in &listed {
            assert!(
                ApiErrorCode::from_name(code).is_some(),
                "README lists `{code}` (exit {exit}), which is not an error code"
            );
        }
    }

    const CHILD: &str = "TESSERA_CLI_PANIC_CHILD";

    /// The hook `main` installs, in a real process: a panic whose message holds personal data
    /// prints the place and exit status 101, never the data. (The shipped binary has no way to
    /// panic on purpose; this test binary re-runs itself as the child that does.)
    #[test]
    fn a_panic_prints_the_place_never_the_payload() {
        if std::env::var_os(CHILD).is_some() {
            install_panic_hook();
            let line = String::from("EMAIL:jane.doe@example.com");
            panic!("cannot read {line}");
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "tests::a_panic_prints_the_place_never_the_payload",
                "--nocapture",
            ])
            .env(CHILD, "1")
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("tessera: internal error at crates/tessera-cli/src/lib.rs:"),
            "{stderr}"
        );
        assert!(stderr.contains("please report it"), "{stderr}");
        assert!(
            !stderr.contains("jane.doe") && !stderr.contains("cannot read"),
            "{stderr}"
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("jane.doe"));
    }

    #[test]
    fn hints_are_given_where_the_cli_has_advice_and_only_there() {
        assert!(hint(ApiErrorCode::VaultNotFound, Area::Profile).is_some());
        assert_eq!(hint(ApiErrorCode::VaultNotFound, Area::Init), None);
        assert!(
            hint(ApiErrorCode::KeyChanged, Area::Request)
                .is_some_and(|h| h.contains("--trust-new-key"))
        );
        assert!(hint(ApiErrorCode::InvalidValue, Area::ProfileSet).is_some());
        assert_eq!(hint(ApiErrorCode::InvalidValue, Area::Profile), None);
        assert_eq!(hint(ApiErrorCode::WrongPassphrase, Area::Profile), None);
    }
}
