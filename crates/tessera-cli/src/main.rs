//! `tessera`: the command-line face of Tessera. Parses flags, gathers passphrases from safe
//! sources, calls the core, and prints either text or one JSON document.
#![forbid(unsafe_code)]

mod exchange_cmd;
mod passphrase;
mod profile_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use tessera_api::{
    ApiError, ApiErrorCode, ContinuousInstant, KdfChoice, Session, SessionOptions, VaultStatus,
};
use tessera_vault::{KdfParams, paths};

use crate::passphrase::{PassphraseSource, read_passphrase};

/// Tessera: your personal data, in your own encrypted vault.
#[derive(Parser)]
#[command(name = "tessera", version, about, long_about = None)]
struct Cli {
    /// Vault folder (default: $TESSERA_HOME, else the platform data folder)
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    json: bool,
    /// Read the passphrase from FILE (else $TESSERA_PASSPHRASE, else a terminal prompt)
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault
    Init {
        #[command(flatten)]
        kdf: KdfArgs,
    },
    /// Show where the vault is, its format and key-derivation parameters, and counts
    Status,
    /// Your profile: set, get, list and remove values
    #[command(subcommand)]
    Profile(profile_cmd::ProfileCommand),
    /// Brands and what each may see
    #[command(subcommand)]
    Brand(profile_cmd::BrandCommand),
    /// Brands' signed requests: import, review, approve, deny
    #[command(subcommand)]
    Request(exchange_cmd::RequestCommand),
    /// Your signed grants: list, show, revoke
    #[command(subcommand)]
    Grant(exchange_cmd::GrantCommand),
    /// Brands' countersigned receipts
    #[command(subcommand)]
    Receipt(exchange_cmd::ReceiptCommand),
    /// The tamper-evident activity ledger
    #[command(subcommand)]
    Ledger(exchange_cmd::LedgerCommand),
    /// The brand's side: keys, signed requests, grant verification, receipts (no vault needed)
    #[command(subcommand, name = "brand-kit")]
    BrandKit(exchange_cmd::BrandKitCommand),
    /// Change the vault passphrase (only the key slot is rewritten)
    Passwd {
        /// Read the new passphrase from FILE (else $TESSERA_NEW_PASSPHRASE, else a prompt)
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
        #[command(flatten)]
        kdf: KdfArgs,
    },
}

/// Key-derivation cost. Default: calibrated to about one second on this machine.
#[derive(Args)]
struct KdfArgs {
    /// Argon2id memory in MiB (at least 19)
    #[arg(long, value_name = "MIB", requires = "kdf_iterations")]
    kdf_memory_mib: Option<u32>,
    /// Argon2id passes (at least 2)
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

/// Exit codes, documented in the README. Scripts rely on them: never renumber.
mod exit {
    pub const INTERNAL: u8 = 1;
    // 2 is clap's usage error.
    pub const BAD_DATA: u8 = 3;
    pub const MISSING_INPUT: u8 = 4;
    pub const WRONG_PASSPHRASE: u8 = 5;
    pub const VAULT_BUSY: u8 = 6;
    pub const IO: u8 = 7;
}

fn exit_code(code: ApiErrorCode) -> u8 {
    use ApiErrorCode as C;
    match code {
        C::WrongPassphrase => exit::WRONG_PASSPHRASE,
        C::VaultInUse | C::VaultLocked => exit::VAULT_BUSY,
        C::VaultNotFound | C::MissingInput | C::NotFound | C::UnknownBrand => exit::MISSING_INPUT,
        C::CorruptVault
        | C::CorruptRecord
        | C::UnsupportedFormat
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
        C::Io | C::Database => exit::IO,
        C::Internal => exit::INTERNAL,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tessera: {}", error.message);
            if json {
                print_json(&serde_json::json!({ "error": error }));
            }
            ExitCode::from(exit_code(error.code))
        }
    }
}

pub(crate) fn print_json(value: &impl Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("boundary types always serialize")
    );
}

fn run(cli: Cli) -> Result<(), ApiError> {
    let dir =
        paths::resolve_vault_dir(cli.vault, std::env::var_os(paths::HOME_ENV).map(Into::into))
            .ok_or_else(|| {
                ApiError::missing_input(
                    "cannot find a home folder for the vault; pass --vault DIR or set TESSERA_HOME",
                )
            })?;
    let now = ContinuousInstant::now();
    let session = |kdf: KdfChoice| {
        Session::new(
            dir.clone(),
            SessionOptions {
                kdf,
                auto_lock_override: None,
            },
            now,
        )
    };
    match cli.command {
        Command::Init { kdf } => {
            let mut session = session(kdf.choice());
            if session.state().exists {
                return Err(ApiError::new(
                    ApiErrorCode::VaultExists,
                    format!("a vault already exists at {}", dir.display()),
                ));
            }
            let source = PassphraseSource::new(cli.passphrase_file, "TESSERA_PASSPHRASE");
            let passphrase = read_passphrase(&source, "New vault passphrase", true)?;
            let hint = tessera_api::estimate_strength(&passphrase);
            if hint.long_enough && hint.score < 3 {
                eprintln!(
                    "warning: this passphrase could be guessed in {} by someone who copies your vault. {}",
                    hint.crack_time,
                    hint.suggestions.join(" ")
                );
            }
            if matches!(kdf.choice(), KdfChoice::Calibrated) {
                eprintln!("Measuring this machine to set key-derivation cost (about a second)...");
            }
            session.create(&passphrase, now)?;
            let status = session.status()?;
            session.lock();
            eprintln!(
                "Created a vault at {}. Nobody, including Tessera, can recover a lost passphrase: keep it safe.",
                status.path
            );
            report(cli.json, &status);
        }
        Command::Profile(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            profile_cmd::run_profile(&mut session, command, cli.json)?;
        }
        Command::Brand(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            profile_cmd::run_brand(&mut session, command, cli.json)?;
        }
        Command::Request(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            exchange_cmd::run_request(&mut session, command, cli.json)?;
        }
        Command::Grant(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            exchange_cmd::run_grant(&mut session, command, cli.json)?;
        }
        Command::Receipt(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            exchange_cmd::run_receipt(&mut session, command, cli.json)?;
        }
        Command::Ledger(command) => {
            let mut session = unlocked(session(KdfChoice::Calibrated), cli.passphrase_file, now)?;
            exchange_cmd::run_ledger(&mut session, command, cli.json)?;
        }
        Command::BrandKit(command) => exchange_cmd::run_brand_kit(command, cli.json)?,
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
                "Current passphrase",
                false,
            )?;
            session.unlock(&current, now)?;
            let new = read_passphrase(
                &PassphraseSource::new(new_passphrase_file, "TESSERA_NEW_PASSPHRASE"),
                "New passphrase",
                true,
            )?;
            new.check_new()?;
            let params = kdf.choice().resolve()?;
            session.vault_mut()?.change_passphrase(&new, params)?;
            let status = session.status()?;
            session.lock();
            eprintln!("Passphrase changed. The old passphrase no longer opens this vault.");
            report(cli.json, &status);
        }
    }
    Ok(())
}

/// Unlocks the session with the passphrase from the usual sources.
fn unlocked(
    mut session: Session,
    passphrase_file: Option<PathBuf>,
    now: ContinuousInstant,
) -> Result<Session, ApiError> {
    if !session.state().exists {
        return Err(tessera_vault::VaultError::VaultNotFound(session.dir().to_path_buf()).into());
    }
    let passphrase = read_passphrase(
        &PassphraseSource::new(passphrase_file, "TESSERA_PASSPHRASE"),
        "Passphrase",
        false,
    )?;
    session.unlock(&passphrase, now)?;
    Ok(session)
}

fn report(json: bool, status: &VaultStatus) {
    if json {
        print_json(status);
        return;
    }
    println!("Vault:        {}", status.path);
    println!(
        "Format:       header v{}, schema v{}{}",
        status.header_version,
        status.schema_version,
        if status.in_use {
            " (in use by another Tessera process)"
        } else {
            ""
        }
    );
    println!(
        "Key:          Argon2id, {} MiB, {} passes, {} lane(s)",
        status.kdf.memory_mib, status.kdf.iterations, status.kdf.parallelism
    );
    println!("Vault id:     {}", status.vault_id);
    println!("Entries:      {}", status.total_entries);
    for entry in &status.entries {
        println!("  {:<12}{}", entry.kind, entry.count);
    }
}
