//! Where passphrases come from: a file, an environment variable, or a terminal prompt. Never
//! from argv, where other users of the machine could read them in the process list.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use tessera_api::ApiError;
use tessera_vault::Passphrase;

/// Longest passphrase file accepted; anything longer is surely the wrong file.
const MAX_PASSPHRASE_FILE: u64 = 4096;

pub struct PassphraseSource {
    file: Option<PathBuf>,
    env_var: &'static str,
}

impl PassphraseSource {
    pub fn new(file: Option<PathBuf>, env_var: &'static str) -> Self {
        PassphraseSource { file, env_var }
    }
}

fn missing(message: String) -> ApiError {
    ApiError::missing_input(message)
}

fn bad(message: String) -> ApiError {
    ApiError::invalid_input(message)
}

/// Reads a passphrase: `--...-file`, then the environment variable, then a prompt on the
/// terminal (twice when `confirm`, for new passphrases).
pub fn read_passphrase(
    source: &PassphraseSource,
    prompt: &str,
    confirm: bool,
) -> Result<Passphrase, ApiError> {
    if let Some(path) = &source.file {
        let file = std::fs::File::open(path).map_err(|e| {
            missing(tessera_text::text!(
                "cli-passphrase-file-unreadable",
                path = path.display().to_string(),
                reason = e.to_string()
            ))
        })?;
        let mut text = String::new();
        file.take(MAX_PASSPHRASE_FILE + 1)
            .read_to_string(&mut text)
            .map_err(|e| {
                bad(tessera_text::text!(
                    "cli-passphrase-file-not-text",
                    path = path.display().to_string(),
                    reason = e.to_string()
                ))
            })?;
        if text.len() as u64 > MAX_PASSPHRASE_FILE {
            return Err(bad(tessera_text::text!(
                "cli-passphrase-file-too-large",
                path = path.display().to_string(),
                limit = MAX_PASSPHRASE_FILE.to_string()
            )));
        }
        // One trailing newline is what editors and `echo` add; it is not part of the passphrase.
        let trimmed = text.strip_suffix('\n').unwrap_or(&text);
        let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed).to_owned();
        let passphrase = Passphrase::new(trimmed);
        drop(Passphrase::new(text));
        if passphrase.is_empty() {
            return Err(bad(tessera_text::text!(
                "cli-passphrase-file-empty",
                path = path.display().to_string()
            )));
        }
        return Ok(passphrase);
    }
    if let Some(value) = std::env::var_os(source.env_var) {
        let value = value.into_string().map_err(|_| {
            bad(tessera_text::text!(
                "cli-passphrase-env-not-text",
                variable = source.env_var
            ))
        })?;
        if value.is_empty() {
            return Err(bad(tessera_text::text!(
                "cli-passphrase-env-empty",
                variable = source.env_var
            )));
        }
        return Ok(Passphrase::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(missing(tessera_text::text!(
            "cli-passphrase-none",
            variable = source.env_var
        )));
    }
    let first = prompt_once(&format!("{prompt}: "))?;
    if confirm {
        let second = prompt_once(&format!("{}: ", tessera_text::text!("cli-prompt-again")))?;
        if !first.same_as(&second) {
            return Err(bad(tessera_text::text!("cli-passphrases-differ")));
        }
    }
    Ok(first)
}

fn prompt_once(prompt: &str) -> Result<Passphrase, ApiError> {
    rpassword::prompt_password(prompt)
        .map(Passphrase::new)
        .map_err(|e| {
            missing(tessera_text::text!(
                "cli-passphrase-terminal-unreadable",
                reason = e.to_string()
            ))
        })
}
