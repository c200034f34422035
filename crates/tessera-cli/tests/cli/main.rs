//! The `tessera` binary as scripts and people see it: exit codes, stderr messages, `--json`
//! output and the text of the main flows.
//!
//! One module per area (this file holds the shared harness: `Env`, output checks, tokens and
//! fixtures):
//! - [`backup`]: `backup_*`: backups written, verified and restored (the same profile, grants
//!   and ledger, and the restore recorded); damaged, foreign, newer and misplaced restores refused.
//! - [`basics`]: `init_*`, `status_*`, `passwd_*`, `passphrase_sources_*`, `in_use_*`, `usage_*`,
//!   `hints_*`: creating a vault and refusing a second one or weak input; header facts without a
//!   passphrase; changing the passphrase; passphrase sources (never argv); a second process on a
//!   held vault; clap usage errors; the CLI's own advice.
//! - [`hostile`]: `hostile_*`: input that used to panic (a file cut inside a character, `exp` at
//!   the integer limit), escape sequences that must reach the terminal escaped, a closed output
//!   pipe.
//! - [`profile`]: `profile_*`: fields of each kind, custom and sensitive fields, brands and rules;
//!   bad input; values from standard input; vCard and JSContact export and import (skipped values,
//!   regions, several cards).
//! - [`crash`]: `crash_trials_*`: `kill -9` at random moments of every operation that writes;
//!   run on its own by the test command (`TESSERA_CRASH_TRIALS`, `scripts/crash`).
//! - [`exchange`]: `exchange_*`: requests, grants, receipts, revocations, the ledger and its
//!   export, the brand kit; bad tokens and files.
//! - [`interop`]: `interop_*`: a brand written from docs/formats with npm `jose` (tests/interop) on
//!   the other side.
//! - [`integrity`]: `integrity_*`, `durability_*`: whole-vault integrity and rollback on real
//!   files, `kill -9` during writes and during `passwd`, modes, the schema-1 upgrade.
//! - [`memory`]: `memory_*`: after each command has locked the vault, its process memory holds
//!   no canary passphrase and no canary value (read through `/proc/PID/mem`; Linux).
//! - [`snapshots`]: `snapshot_*`: the text of `--help` and of the main flows pinned as transcripts
//!   in `snapshots/` with ids, times and paths masked; `SNAPSHOTS=overwrite cargo test -p
//!   tessera-cli --test cli snapshot` rewrites them.
#![allow(
    clippy::disallowed_methods,
    reason = "the CLI tests run the real binary on the real clock"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tessera_test_support::{copy_dir, folder_bytes, put_back};

mod backup;
mod basics;
mod crash;
mod exchange;
mod faults;
mod hostile;
mod integrity;
mod interop;
#[cfg(target_os = "linux")]
mod memory;
mod profile;
mod snapshots;

use tessera_test_support::{ADA, PASS};

struct Env {
    tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn vault(&self) -> PathBuf {
        self.tmp.path().join("vault")
    }

    fn state_dir(&self) -> PathBuf {
        self.tmp.path().join("state")
    }

    fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.tmp.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs `tessera --vault <tmp>/vault ARGS` with a clean environment and no stdin.
    fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        cmd.stdin(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// `tessera --vault <tmp>/vault ARGS` with no passphrase in its environment and this test's
    /// own state folder.
    fn command(&self, args: &[&str]) -> Command {
        self.command_in(&self.vault(), args)
    }

    /// [`Env::command`] on the vault folder `vault` (a second vault of the same "computer").
    fn command_in(&self, vault: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
        cmd.arg("--vault")
            .arg(vault)
            .args(args)
            .env_remove("TESSERA_PASSPHRASE")
            .env_remove("TESSERA_NEW_PASSPHRASE")
            .env_remove("TESSERA_BACKUP_PASSPHRASE")
            .env_remove("TESSERA_HOME")
            // This test's own "computer": rollback records never touch the real home folder.
            .env("TESSERA_STATE_DIR", self.state_dir());
        cmd
    }

    /// Starts `tessera ARGS` unlocked, with `stdin` and its stdout and stderr piped.
    fn spawn_unlocked(&self, args: &[&str], stdin: std::process::Stdio) -> std::process::Child {
        self.command(args)
            .env("TESSERA_PASSPHRASE", PASS)
            .stdin(stdin)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// A new `Env` whose vault is created (see [`Env::init`]).
    fn with_vault() -> Env {
        let env = Env::new();
        env.init();
        env
    }

    /// Creates the vault with [`PASS`] at the KDF floor (fast).
    fn init(&self) {
        let pass = self.file("pass", &format!("{PASS}\n"));
        assert_success(&self.init_with(&pass, &[]));
    }

    /// `init --passphrase-file PASS_FILE` at the KDF floor, then `extra`.
    fn init_with(&self, pass_file: &Path, extra: &[&str]) -> Output {
        let mut args = vec![
            "init",
            "--passphrase-file",
            path_str(pass_file),
            "--kdf-memory-mib",
            "19",
            "--kdf-iterations",
            "2",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status.code(),
        stderr(out)
    );
}

fn assert_exit(out: &Output, code: i32, stderr_contains: &str) {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    assert!(
        stderr(out).contains(stderr_contains),
        "stderr {:?} lacks {stderr_contains:?}",
        stderr(out)
    );
}

impl Env {
    /// Runs with the passphrase in the environment and `input` on standard input.
    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write as _;
        let mut child = self.spawn_unlocked(args, std::process::Stdio::piped());
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    /// Runs with stdout a pipe that is already closed, as `| head -c 10` leaves it.
    fn run_into_closed_pipe(&self, args: &[&str]) -> Output {
        let mut child = self.spawn_unlocked(args, std::process::Stdio::null());
        drop(child.stdout.take());
        child.wait_with_output().unwrap()
    }
}

/// Signs `claims` as a request with a brand key of the test's own.
fn signed_request(claims: &Value) -> String {
    tessera_exchange::jws::SigningKey::from_seed(&[5; 32])
        .sign(tessera_exchange::formats::REQUEST_TYP, claims)
}

fn request_claims(jti: &str) -> Value {
    let now = jiff::Timestamp::now().as_second();
    let mut claims: Value = serde_json::from_str(SPEC).unwrap();
    claims["jti"] = jti.into();
    claims["iat"] = (now - 10).into();
    claims["exp"] = (now + 3600).into();
    claims
}

/// No byte that a terminal would obey: ESC, other C0 and C1 controls but the line end, DEL,
/// bidi overrides.
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
        .collect();
    assert!(bad.is_empty(), "{what} holds {bad:?}: {text}");
}

impl Env {
    /// Runs with the vault's passphrase in the environment.
    fn run_unlocked(&self, args: &[&str]) -> Output {
        self.run_env(args, &[("TESSERA_PASSPHRASE", PASS)])
    }
}

const SPEC: &str = r#"{
  "iss": "https://shop.example",
  "jti": "req-cli-1",
  "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
  "fields": [
    {"name": "email", "required": true, "purposes": ["orders"]},
    {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]},
    {"name": "allergies", "required": false, "purposes": ["orders"]}
  ],
  "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 365, "third_parties": false, "profiling": false}],
  "offer": "Free delivery",
  "never": ["ads tied to social posts"],
  "reply": {"method": "file"}
}"#;

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

const SPEC_EXACT: &str = r#"{
  "iss": "https://shop.example",
  "jti": "req-exact-1",
  "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
  "fields": [
    {"name": "email", "required": true, "purposes": ["orders"]},
    {"name": "birthdate", "form": "raw", "required": true, "purposes": ["orders"]},
    {"name": "allergies", "required": false, "purposes": ["orders"]}
  ],
  "purposes": [{"id": "orders", "description": "Deliver your orders", "retention_days": 365, "third_parties": false, "profiling": false}],
  "reply": {"method": "file"}
}"#;

/// Runs `node tests/interop/brand.mjs ARGS`; the test command installs its packages.
fn brand_js(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop");
    assert!(
        root.join("node_modules/jose").exists(),
        "npm packages of tests/interop are missing: run scripts/test (or `npm ci` in tests/interop)"
    );
    Command::new("node")
        .arg(root.join("brand.mjs"))
        .args(args)
        .output()
        .expect("node is installed (scripts/test installs it)")
}

/// A signed request from a new brand key, written to `name`.jwt.
fn brand_request(env: &Env, name: &str, jti: &str) -> PathBuf {
    brand_kit_request(env, name, &SPEC.replace("req-cli-1", jti)).1
}

/// A new brand key `name`.jwk and the request it signs from `spec`, in `name`.jwt.
fn brand_kit_request(env: &Env, name: &str, spec: &str) -> (PathBuf, PathBuf) {
    let key = env.tmp.path().join(format!("{name}.jwk"));
    let spec = env.file(&format!("{name}.json"), spec);
    let request = env.tmp.path().join(format!("{name}.jwt"));
    assert_success(&env.run(&["brand-kit", "keygen", "--out", path_str(&key)]));
    assert_success(&env.run(&sign_request_args(&key, &spec, &request)));
    (key, request)
}

/// `brand-kit CHECK TOKEN --aud https://shop.example`, CHECK being `verify` (a grant) or
/// `verify-revocation`.
fn kit_check_args<'a>(check: &'a str, token: &'a Path) -> [&'a str; 5] {
    [
        "brand-kit",
        check,
        path_str(token),
        "--aud",
        "https://shop.example",
    ]
}

/// Revokes the grant `grant list` shows first and has jose's brand (tests/interop) verify the
/// revocation against `grant`, which must succeed and name that grant; returns what it read.
fn revoke_first_grant_verified_by_jose(env: &Env, grant: &Path) -> Value {
    let grant_id = env.first_grant_id();
    let revocation = env.revoke(&grant_id, "revocation.jwt");
    let out = brand_js(&[
        "verify-revocation",
        path_str(&revocation),
        "https://shop.example",
        path_str(grant),
    ]);
    assert_success(&out);
    let read = json(&out);
    assert_eq!(read["grant"]["jti"], grant_id.as_str());
    read
}

/// `brand-kit request --key KEY --spec SPEC --out OUT`.
fn sign_request_args<'a>(key: &'a Path, spec: &'a Path, out: &'a Path) -> [&'a str; 8] {
    [
        "brand-kit",
        "request",
        "--key",
        path_str(key),
        "--spec",
        path_str(spec),
        "--out",
        path_str(out),
    ]
}

impl Env {
    /// A new vault (see [`Env::init`]) whose profile holds `values`, each set with
    /// `profile set FIELD VALUE`.
    fn vault_with(values: &[(&str, &str)]) -> Env {
        let pairs: Vec<[&str; 2]> = values.iter().map(|&(f, v)| [f, v]).collect();
        let sets: Vec<&[&str]> = pairs.iter().map(|p| &p[..]).collect();
        Env::vault_set(&sets)
    }

    /// A new vault (see [`Env::init`]) after `profile set ARGS` for each of `sets`
    /// (`FIELD VALUE` and any flags: `--label`, `--primary`...), each of which must succeed.
    fn vault_set(sets: &[&[&str]]) -> Env {
        let env = Env::with_vault();
        for args in sets {
            assert_success(&env.run_unlocked(&[&["profile", "set"][..], args].concat()));
        }
        env
    }

    /// `profile import FILE FLAGS...`, unlocked (`--json`, being global, may stand among the
    /// flags).
    fn profile_import(&self, file: &Path, flags: &[&str]) -> Output {
        self.run_unlocked(&[&["profile", "import", path_str(file)][..], flags].concat())
    }

    /// Runs each command unlocked, each of which must succeed.
    fn succeed_all(&self, commands: &[&[&str]]) {
        for args in commands {
            assert_success(&self.run_unlocked(args));
        }
    }

    /// `--json request approve ID --field F... --out FILE EXTRA...`, unlocked.
    fn approve(&self, id: &str, fields: &[&str], out: &Path, extra: &[&str]) -> Output {
        let mut args = vec!["--json", "request", "approve", id];
        for field in fields {
            args.extend(["--field", field]);
        }
        args.extend(["--out", path_str(out)]);
        args.extend_from_slice(extra);
        self.run_unlocked(&args)
    }

    /// The id of the grant in a successful `--json request approve`.
    fn grant_id(out: &Output) -> String {
        assert_success(out);
        json(out)["grant"]["jti"].as_str().unwrap().to_owned()
    }

    /// The id of the grant `grant list` shows first.
    fn first_grant_id(&self) -> String {
        let out = self.run_unlocked(&["--json", "grant", "list"]);
        json(&out)[0]["jti"].as_str().unwrap().to_owned()
    }

    /// Revokes `grant_id`, writing the signed revocation to `name` in the test's folder.
    fn revoke(&self, grant_id: &str, name: &str) -> PathBuf {
        let revocation = self.tmp.path().join(name);
        assert_success(&self.run_unlocked(&[
            "grant",
            "revoke",
            grant_id,
            "--out",
            path_str(&revocation),
        ]));
        revocation
    }

    /// The brand kit countersigns `grant` with `key` for https://shop.example, in `name`.
    fn brand_kit_receipt(&self, key: &Path, grant: &Path, name: &str) -> PathBuf {
        let receipt = self.tmp.path().join(name);
        assert_success(&self.run(&[
            "brand-kit",
            "receipt",
            "--key",
            path_str(key),
            path_str(grant),
            "--aud",
            "https://shop.example",
            "--out",
            path_str(&receipt),
        ]));
        receipt
    }
}

/// What a killed or failed writer may leave in `dir`: the names starting with `.tessera-`
/// (temporary files, restore staging folders).
fn leftovers(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tessera-"))
        .collect()
}

fn sql(env: &Env, statement: &str) {
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute_batch(statement).unwrap();
}
