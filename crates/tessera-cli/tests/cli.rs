//! The `tessera` binary as scripts see it: exit codes, stderr messages and `--json` output.
//!
//! Table of contents:
//! - `init_*`: creating a vault, refusing a second one, weak input.
//! - `status_*`: header facts and counts, without a passphrase.
//! - `passwd_*`: changing the passphrase; wrong passphrase leaves files untouched.
//! - `passphrase_sources_*`: file, environment, and no source at all (never argv).
//! - `in_use_*`: a second process gets "vault is in use".
//! - `usage_*`: clap's usage errors exit 2.
//! - `hostile_*`: input that used to panic (a file cut inside a character, `exp` at the integer
//!   limit), escape sequences that must reach the terminal escaped, a closed output pipe.
//! - `profile_set_reads_*`, `hints_*`: values from standard input; the CLI's own advice.
#![allow(
    clippy::disallowed_methods,
    reason = "the CLI tests run the real binary on the real clock"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const PASS: &str = "correct horse battery staple";

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
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
        cmd.arg("--vault")
            .arg(self.vault())
            .args(args)
            .env_remove("TESSERA_PASSPHRASE")
            .env_remove("TESSERA_NEW_PASSPHRASE")
            .env_remove("TESSERA_HOME")
            // This test's own "computer": rollback records never touch the real home folder.
            .env("TESSERA_STATE_DIR", self.state_dir())
            .stdin(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn init(&self) {
        let pass = self.file("pass", &format!("{PASS}\n"));
        let out = self.run(&[
            "init",
            "--passphrase-file",
            pass.to_str().unwrap(),
            "--kdf-memory-mib",
            "19",
            "--kdf-iterations",
            "2",
        ]);
        assert_success(&out);
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

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_creates_vault_and_states_passphrase_cannot_be_recovered() {
    let env = Env::new();
    let pass = env.file("pass", PASS);
    let out = env.run(&[
        "--json",
        "init",
        "--passphrase-file",
        pass.to_str().unwrap(),
        "--kdf-memory-mib",
        "19",
        "--kdf-iterations",
        "2",
    ]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("can recover a lost passphrase"),
        "{}",
        stderr(&out)
    );
    let status = json(&out);
    assert_eq!(status["kdf"]["memory_mib"], 19);
    assert_eq!(status["kdf"]["iterations"], 2);
    assert_eq!(status["header_version"], 1);
    assert!(env.vault().join("vault.header").exists());
}

#[test]
fn init_twice_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let pass = env.file("pass2", "another passphrase entirely");
    let out = env.run(&["init", "--passphrase-file", pass.to_str().unwrap()]);
    assert_exit(&out, 3, "already exists");
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn init_refuses_weak_passphrase_and_weak_kdf() {
    let env = Env::new();
    let short = env.file("short", "abc");
    let out = env.run(&[
        "init",
        "--passphrase-file",
        short.to_str().unwrap(),
        "--kdf-memory-mib",
        "19",
        "--kdf-iterations",
        "2",
    ]);
    assert_exit(&out, 3, "at least 8 characters");
    let pass = env.file("pass", PASS);
    let out = env.run(&[
        "init",
        "--passphrase-file",
        pass.to_str().unwrap(),
        "--kdf-memory-mib",
        "8",
        "--kdf-iterations",
        "2",
    ]);
    assert_exit(&out, 3, "weaker than the minimum");
    assert!(!env.vault().join("vault.header").exists());
}

#[test]
fn status_without_passphrase_reports_format_and_counts() {
    let env = Env::new();
    env.init();
    let out = env.run(&["status"]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Argon2id, 19 MiB, 2 passes"), "{text}");
    assert!(text.contains(&env.vault().display().to_string()), "{text}");
    let out = env.run(&["status", "--json"]);
    assert_success(&out);
    let v = json(&out);
    assert_eq!(v["total_entries"], 0);
    assert_eq!(v["in_use"], false);
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["rollback_check"], "active");
}

#[test]
fn status_of_missing_vault_exits_4_with_advice_and_json_error() {
    let env = Env::new();
    let out = env.run(&["status", "--json"]);
    assert_exit(&out, 4, "tessera init");
    assert_eq!(json(&out)["error"]["code"], "vault_not_found");
}

#[test]
fn status_of_damaged_header_exits_3() {
    let env = Env::new();
    env.init();
    std::fs::write(env.vault().join("vault.header"), b"garbage").unwrap();
    let out = env.run(&["status", "--json"]);
    assert_exit(&out, 3, "not a Tessera vault header");
    assert_eq!(json(&out)["error"]["code"], "corrupt_vault");
}

#[test]
fn passwd_wrong_passphrase_exits_5_and_leaves_files_identical() {
    let env = Env::new();
    env.init();
    let before = snapshot(&env.vault());
    let wrong = env.file("wrong", "not the passphrase");
    let new = env.file("new", "a new passphrase here");
    let out = env.run(&[
        "--json",
        "passwd",
        "--passphrase-file",
        wrong.to_str().unwrap(),
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    assert_exit(&out, 5, "wrong passphrase");
    assert_eq!(json(&out)["error"]["code"], "wrong_passphrase");
    assert_eq!(snapshot(&env.vault()), before);
}

#[test]
fn passwd_changes_passphrase_old_one_fails_after() {
    let env = Env::new();
    env.init();
    let old = env.file("old", PASS);
    let new = env.file("new", "a new passphrase here");
    let args = |cur: &Path, next: &Path| {
        vec![
            "passwd".to_string(),
            "--passphrase-file".into(),
            cur.to_str().unwrap().into(),
            "--new-passphrase-file".into(),
            next.to_str().unwrap().into(),
            "--kdf-memory-mib".into(),
            "19".into(),
            "--kdf-iterations".into(),
            "2".into(),
        ]
    };
    let run = |a: Vec<String>| env.run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let out = run(args(&old, &new));
    assert_success(&out);
    assert!(stderr(&out).contains("Passphrase changed"));
    assert_exit(&run(args(&old, &new)), 5, "wrong passphrase");
    assert_success(&run(args(&new, &old)));
}

#[test]
fn passphrase_sources_env_var_works_and_none_is_missing_input() {
    let env = Env::new();
    let out = env.run_env(
        &["init", "--kdf-memory-mib", "19", "--kdf-iterations", "2"],
        &[("TESSERA_PASSPHRASE", PASS)],
    );
    assert_success(&out);
    let out = env.run(&["--json", "passwd"]);
    assert_exit(&out, 4, "--passphrase-file");
    assert_eq!(json(&out)["error"]["code"], "missing_input");
    let out = env.run_env(
        &["passwd", "--kdf-memory-mib", "19", "--kdf-iterations", "2"],
        &[
            ("TESSERA_PASSPHRASE", PASS),
            ("TESSERA_NEW_PASSPHRASE", "fresh passphrase words"),
        ],
    );
    assert_success(&out);
    let missing = env.tmp.path().join("does-not-exist");
    let out = env.run(&["passwd", "--passphrase-file", missing.to_str().unwrap()]);
    assert_exit(&out, 4, "cannot read passphrase file");
    let empty = env.file("empty", "\n");
    let out = env.run(&["passwd", "--passphrase-file", empty.to_str().unwrap()]);
    assert_exit(&out, 3, "is empty");
}

#[test]
fn passphrase_sources_tessera_home_selects_the_vault() {
    let env = Env::new();
    let home = env.tmp.path().join("home-vault");
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("TESSERA_STATE_DIR", env.state_dir())
        .args(["init", "--kdf-memory-mib", "19", "--kdf-iterations", "2"])
        .env("TESSERA_HOME", &home)
        .env("TESSERA_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_success(&out);
    assert!(home.join("vault.header").exists());
}

#[test]
fn in_use_second_process_gets_a_clear_error() {
    let env = Env::new();
    env.init();
    let held = tessera_vault::Vault::unlock(
        &env.vault(),
        &tessera_vault::Passphrase::from_str_copy(PASS),
    )
    .unwrap();
    let pass = env.file("p", PASS);
    let new = env.file("n", "a new passphrase here");
    let out = env.run(&[
        "--json",
        "passwd",
        "--passphrase-file",
        pass.to_str().unwrap(),
        "--new-passphrase-file",
        new.to_str().unwrap(),
    ]);
    assert_exit(&out, 6, "in use by another Tessera process");
    assert_eq!(json(&out)["error"]["code"], "vault_in_use");
    let status = env.run(&["status", "--json"]);
    assert_eq!(json(&status)["in_use"], true);
    drop(held);
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    assert_exit(&env.run(&["frobnicate"]), 2, "unrecognized subcommand");
    assert_exit(
        &env.run(&["init", "--kdf-memory-mib", "64"]),
        2,
        "--kdf-iterations",
    );
    assert_exit(
        &env.run(&["init", "--passphrase", "x"]),
        2,
        "unexpected argument",
    );
}

// --- hostile input (issue 7): no panic, nothing raw on a terminal, closed pipes ---

impl Env {
    /// Runs with the passphrase in the environment and `input` on standard input.
    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        use std::io::Write as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("--vault")
            .arg(self.vault())
            .args(args)
            .env_remove("TESSERA_HOME")
            .env("TESSERA_PASSPHRASE", PASS)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input).unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    /// Runs with stdout a pipe that is already closed, as `| head -c 10` leaves it.
    fn run_into_closed_pipe(&self, args: &[&str]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("--vault")
            .arg(self.vault())
            .args(args)
            .env_remove("TESSERA_HOME")
            .env("TESSERA_PASSPHRASE", PASS)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
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

/// Regression: a file whose 11th byte falls inside a character panicked `profile import` (exit
/// 101) and printed the file's text in the panic message.
#[test]
fn hostile_profile_import_of_a_file_cut_inside_a_character_is_refused() {
    let env = Env::new();
    env.init();
    let file = env.file("jane.vcf", "BEGIN:VCARé\nFN:Jane Doe\nEND:VCARD\n");
    let out = env.run_unlocked(&["--json", "profile", "import", path_str(&file), "--dry-run"]);
    assert_exit(&out, 3, "neither a vCard");
    assert_eq!(json(&out)["error"]["code"], "invalid_input");
    assert!(!stderr(&out).contains("Jane"), "{}", stderr(&out));
    let euros = env.file("euros.vcf", "€€€€€€");
    assert_exit(
        &env.run_unlocked(&["profile", "import", path_str(&euros), "--dry-run"]),
        3,
        "neither a vCard",
    );
}

/// Regression: `exp` near `i64::MAX` overflowed `exp + skew` (a panic in debug builds).
#[test]
fn hostile_request_with_exp_at_the_integer_limit_is_an_invalid_claim() {
    let env = Env::new();
    env.init();
    let mut claims = request_claims("req-max");
    claims["exp"] = i64::MAX.into();
    let token = env.file("max.jwt", &signed_request(&claims));
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&token)]);
    assert_exit(&out, 3, "not a time from 1970 to 9999");
    assert_eq!(json(&out)["error"]["code"], "invalid_claims");
}

/// Untrusted text (claim names of a refused token, a brand's name and purposes, JSContact
/// member names) reaches the terminal with its control characters escaped, in text and in
/// JSON; the JSON still carries the exact text.
#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let env = Env::new();
    env.init();
    let title = "\u{1b}]0;pwned\u{7}\u{1b}[2K\u{1b}[1A\r\u{9b}2J";
    // A refused token whose unknown member name is an escape sequence.
    let mut claims = request_claims("req-esc");
    claims[title] = "x".into();
    let token = env.file("esc.jwt", &signed_request(&claims));
    for json_mode in [false, true] {
        let mut args = vec!["request", "import", path_str(&token)];
        if json_mode {
            args.insert(0, "--json");
        }
        let out = env.run_unlocked(&args);
        assert_exit(&out, 3, "\\u{1b}]0;pwned\\u{7}");
        assert_inert("stderr", &out.stderr);
        assert_inert("stdout", &out.stdout);
        if json_mode {
            let message = json(&out)["error"]["message"].as_str().unwrap().to_owned();
            assert!(
                message.contains(title),
                "JSON keeps the exact text: {message:?}"
            );
        }
    }
    // An accepted request whose brand name reorders text and whose purpose fakes a line.
    let mut claims = request_claims("req-bidi");
    claims["brand"]["name"] = "Shop \u{202e}moc.live".into();
    claims["purposes"][0]["description"] = "Orders\n  status: approved".into();
    let token = env.file("bidi.jwt", &signed_request(&claims));
    let out = env.run_unlocked(&["request", "import", path_str(&token)]);
    assert_success(&out);
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Shop \\u{202e}moc.live"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("status: approved")),
        "a purpose cannot fake a line: {text}"
    );
    for args in [
        vec!["request", "list"],
        vec!["ledger", "list"],
        vec!["brand", "list"],
    ] {
        let out = env.run_unlocked(&args);
        assert_success(&out);
        assert_inert("stdout", &out.stdout);
    }
    let out = env.run_unlocked(&["--json", "request", "list"]);
    assert_inert("JSON stdout", &out.stdout);
    assert!(
        json(&out)[0]["brand_name"]
            .as_str()
            .unwrap()
            .contains('\u{202e}')
    );
    // A JSContact card with a member named by an escape sequence is listed as skipped.
    let card = serde_json::json!({"@type": "Card", "version": "1.0", title: 1});
    let file = env.file("esc.json", &card.to_string());
    let out = env.run_unlocked(&["profile", "import", path_str(&file), "--dry-run"]);
    assert_success(&out);
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_inert("stderr", &out.stderr);
}

/// Regression: writing into a closed pipe (`tessera profile list --json | head -c 10`)
/// panicked with exit 101. Now output stops quietly and the exit status is 141, as for a
/// program ended by SIGPIPE.
#[test]
fn hostile_closed_pipe_ends_output_quietly_with_141() {
    let env = Env::new();
    env.init();
    assert_success(&env.run_unlocked(&["profile", "set", "email", "ada@home.example"]));
    for args in [
        vec!["--json", "profile", "list"],
        vec!["profile", "list"],
        vec!["profile", "export", "--format", "vcard"],
    ] {
        let out = env.run_into_closed_pipe(&args);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
    }
}

/// `profile set FIELD -` reads the value from standard input, so that it never appears in the
/// process list or the shell history; without a value and without a terminal, it says how.
#[test]
fn profile_set_reads_the_value_from_standard_input() {
    let env = Env::new();
    env.init();
    let out = env.run_with_stdin(
        &["profile", "set", "allergies", "-"],
        b"peanuts, shellfish\n",
    );
    assert_success(&out);
    // A special category's value is not put on the screen right after it was read.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("peanuts"));
    assert!(
        stderr(&out).contains("its value is not shown"),
        "{}",
        stderr(&out)
    );
    let out = env.run_unlocked(&["--json", "profile", "get", "allergies"]);
    assert_eq!(json(&out)[0]["value"], "peanuts, shellfish");
    let out = env.run_with_stdin(
        &["profile", "set", "email", "-", "--label", "work"],
        b"ada@work.example",
    );
    assert_success(&out);
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_eq!(json(&out)[0]["value"], "ada@work.example");
    let out = env.run_unlocked(&["--json", "profile", "set", "accessibility_needs"]);
    assert_exit(&out, 4, "`-` to read it from standard input");
    assert_eq!(json(&out)["error"]["code"], "missing_input");
    let out = env.run_with_stdin(&["profile", "set", "allergies", "-"], &[0xff, 0xfe]);
    assert_exit(&out, 3, "not UTF-8");
}

/// Core messages state the fact; the CLI adds its own advice (flags, commands) by error code.
#[test]
fn hints_are_the_clis_own_and_follow_the_message() {
    let env = Env::new();
    let out = env.run(&["profile", "list"]);
    assert_exit(&out, 4, "hint: create a vault with `tessera init`");
    env.init();
    let out = env.run_unlocked(&["brand", "show", "nobody.example"]);
    assert_exit(&out, 4, "hint: see `tessera brand list`");
    let out = env.run_unlocked(&["grant", "show", "grant-nope"]);
    assert_exit(&out, 4, "hint: see `tessera grant list`");
    let messages = stderr(&out);
    let first = messages.lines().next().unwrap();
    assert!(
        !first.contains("tessera "),
        "the core's message has no CLI advice: {first}"
    );
}

// --- profile and brands (issue 3) ---

impl Env {
    /// Runs with the vault's passphrase in the environment.
    fn run_unlocked(&self, args: &[&str]) -> Output {
        self.run_env(args, &[("TESSERA_PASSPHRASE", PASS)])
    }
}

#[test]
fn profile_fields_of_each_kind_custom_sensitive_brand_rules_story() {
    let env = Env::new();
    env.init();
    for args in [
        vec!["profile", "set", "given_name", "Ada"],
        vec![
            "profile",
            "set",
            "email",
            "ada@home.example",
            "--label",
            "home",
        ],
        vec![
            "profile",
            "set",
            "email",
            "ada@work.example",
            "--label",
            "work",
            "--primary",
        ],
        vec![
            "profile",
            "set",
            "phone_number",
            "01 42 68 53 00",
            "--region",
            "FR",
        ],
        vec!["profile", "set", "birthdate", "1990-04-23"],
        vec![
            "profile",
            "set",
            "address",
            "1 Rue X; Paris; ; 75001; FR",
            "--label",
            "home",
        ],
        vec!["profile", "set", "shoe_size", "EU 38"],
        vec!["profile", "set", "interests", "chess, jazz"],
        vec![
            "profile",
            "set",
            "custom.therapist",
            "Dr Who",
            "--sensitivity",
            "health",
        ],
    ] {
        assert_success(&env.run_unlocked(&args));
    }
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_success(&out);
    let emails = json(&out);
    assert_eq!(emails.as_array().unwrap().len(), 2);
    assert_eq!(emails[0]["label"], "work");
    assert_eq!(emails[0]["primary"], true);
    let out = env.run_unlocked(&["profile", "get", "phone_number"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("+33142685300"));
    let out = env.run_unlocked(&["--json", "profile", "get", "custom.therapist"]);
    assert_eq!(json(&out)[0]["field"]["sensitivity"], "health");

    assert_success(&env.run_unlocked(&["brand", "add", "shop.example", "--name", "Shop"]));
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "https://shop.example",
        "birthdate",
        "--form",
        "age_over_18",
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["form"], "age_over_18");
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "address",
        "--form",
        "locality",
    ]));

    // Sensitive: refused without confirmation, naming the category; accepted with it.
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
    ]);
    assert_exit(&out, 3, "health");
    assert!(stderr(&out).contains("--confirm-sensitive"));
    assert_eq!(json(&out)["error"]["code"], "confirmation_required");
    // The person names the category: another one does not confirm it.
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
        "--confirm-sensitive",
        "belief",
    ]);
    assert_eq!(json(&out)["error"]["code"], "confirmation_required");
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
        "--confirm-sensitive",
        "health",
    ]));

    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    assert_success(&out);
    let detail = json(&out);
    let preview = detail["preview"].as_array().unwrap();
    assert!(
        preview
            .iter()
            .any(|p| p["field"] == "birthdate" && p["value"] == "true"),
        "{detail}"
    );
    assert!(
        preview
            .iter()
            .any(|p| p["field"] == "address" && p["value"] == "\"Paris\""),
        "{detail}"
    );

    let out = env.run_unlocked(&["--json", "profile", "who", "address"]);
    assert_eq!(json(&out)[0]["form"], "locality");

    let out = env.run_unlocked(&["--json", "brand", "revoke", "shop.example"]);
    assert_eq!(json(&out)["revoked"], 3);
    let out = env.run_unlocked(&["profile", "who", "address"]);
    assert!(stderr(&out).contains("No brand may see address"));
}

#[test]
fn profile_bad_input_exits_3_or_4_with_clear_messages() {
    let env = Env::new();
    env.init();
    for (args, code, words) in [
        (
            vec!["profile", "set", "email", "nope"],
            3,
            "not an email address",
        ),
        (
            vec!["profile", "set", "birthdate", "23/04/1990"],
            3,
            "YYYY-MM-DD",
        ),
        (vec!["profile", "set", "colour", "blue"], 3, "custom.NAME"),
        (
            vec!["profile", "set", "custom.x", "y", "--sensitivity", "secret"],
            3,
            "unknown sensitivity",
        ),
        (vec!["profile", "rm", "email"], 4, "no value of email"),
        (
            vec!["brand", "add", "http://shop.example", "--name", "S"],
            3,
            "https origin",
        ),
        (
            vec!["brand", "show", "nobody.example"],
            4,
            "tessera brand add",
        ),
        (
            vec!["brand", "allow", "nobody.example", "email"],
            4,
            "unknown brand",
        ),
    ] {
        let out = env.run_unlocked(&args);
        assert_exit(&out, code, words);
    }
    assert_success(&env.run_unlocked(&["brand", "add", "shop.example", "--name", "Shop"]));
    let out = env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "email",
        "--form",
        "age_over_18",
    ]);
    assert_exit(&out, 3, "not offered");
    let out = env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "email",
        "--until",
        "2001-01-01",
    ]);
    assert_exit(&out, 3, "in the past");
    let out = env.run_unlocked(&["brand", "add", "shop.example", "--name", "Again"]);
    assert_exit(&out, 3, "already exists");
    // A wrong passphrase gets in nowhere.
    let out = env.run_env(
        &["profile", "list"],
        &[("TESSERA_PASSPHRASE", "wrong passphrase")],
    );
    assert_exit(&out, 5, "wrong passphrase");
}

#[test]
fn profile_export_and_import_vcard_and_jscontact() {
    let env = Env::new();
    env.init();
    for args in [
        vec!["profile", "set", "given_name", "Ada"],
        vec![
            "profile",
            "set",
            "email",
            "ada@home.example",
            "--label",
            "home",
        ],
        vec!["profile", "set", "shoe_size", "EU 38"],
    ] {
        assert_success(&env.run_unlocked(&args));
    }
    for format in ["vcard", "jscontact"] {
        let out_file = env.tmp.path().join(format!("me.{format}"));
        let out = env.run_unlocked(&[
            "profile",
            "export",
            "--format",
            format,
            "--out",
            out_file.to_str().unwrap(),
        ]);
        assert_success(&out);
        assert!(stderr(&out).contains("NOT encrypted"), "{}", stderr(&out));
        let text = std::fs::read_to_string(&out_file).unwrap();
        assert!(text.contains("ada@home.example"));

        // Into a second vault: dry run shows, changes nothing; --yes applies.
        let other = Env::new();
        other.init();
        let out = other.run_unlocked(&[
            "--json",
            "profile",
            "import",
            out_file.to_str().unwrap(),
            "--dry-run",
        ]);
        assert_success(&out);
        assert_eq!(json(&out)["plan"]["adds"], 3, "{format}");
        assert!(
            stderr(&out).contains("add      email [home]: ada@home.example"),
            "{}",
            stderr(&out)
        );
        let out = other.run_unlocked(&["--json", "profile", "list"]);
        assert_eq!(
            json(&out).as_array().unwrap().len(),
            0,
            "dry run wrote nothing"
        );
        let out = other.run_unlocked(&["profile", "import", out_file.to_str().unwrap()]);
        assert_exit(&out, 4, "--yes");
        let out = other.run_unlocked(&[
            "--json",
            "profile",
            "import",
            out_file.to_str().unwrap(),
            "--yes",
        ]);
        assert_success(&out);
        assert_eq!(json(&out)["applied"], 3);
        let out = other.run_unlocked(&["--json", "profile", "get", "email"]);
        assert!(
            json(&out)[0]["provenance"]
                .as_str()
                .unwrap()
                .starts_with("imported from me.")
        );
    }
    // Stdout export warns on stderr and prints one card.
    let out = env.run_unlocked(&["profile", "export", "--format", "vcard"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("BEGIN:VCARD\r\n"));
    assert!(stderr(&out).contains("NOT encrypted"));
}

#[test]
fn profile_import_skips_what_it_cannot_use_and_a_broken_file_changes_nothing() {
    let env = Env::new();
    env.init();
    assert_success(&env.run_unlocked(&["profile", "set", "email", "keep@home.example"]));
    let cut = env.file(
        "cut.vcf",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:new@home.example\r\nBDAY:1990-13-01\r\n",
    );
    let out = env.run_unlocked(&["profile", "import", cut.to_str().unwrap(), "--yes"]);
    assert_exit(
        &out,
        3,
        "line 1: the card that starts here has no END:VCARD",
    );
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_eq!(json(&out)[0]["value"], "keep@home.example");

    // One bad value is listed with its line; the rest imports.
    let bad = env.file(
        "bad.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL;TYPE=CELL:(617) 236-0442\r\nBDAY:1990-13-01\r\nPHOTO;VALUE=uri:https://x.example/j.jpg\r\nEND:VCARD\r\n",
    );
    let out = env.run_unlocked(&["profile", "import", bad.to_str().unwrap(), "--yes"]);
    assert_success(&out);
    let err = stderr(&out);
    for expected in [
        "skipped  line 4 phone_number: \"(617) 236-0442\" is not a phone number",
        "(--region COUNTRY, e.g. --region US)",
        "skipped  line 5 birthdate: \"1990-13-01\" is not a date",
        "skipped  line 6 PHOTO: photos, logos, sounds and keys are not kept",
        "1 to add, 0 to replace, 0 unchanged, 3 skipped",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // The region given once for the import reads the national number.
    let out = env.run_unlocked(&[
        "--json",
        "profile",
        "import",
        bad.to_str().unwrap(),
        "--region",
        "US",
        "--yes",
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["applied"], 1);
    let out = env.run_unlocked(&["--json", "profile", "get", "phone_number"]);
    assert_eq!(json(&out)[0]["value"], "+16172360442");
    assert_exit(
        &env.run_unlocked(&["profile", "import", bad.to_str().unwrap(), "--region", "XX"]),
        3,
        "\"XX\" is not a country code for phone numbers",
    );

    let missing = env.tmp.path().join("nope.vcf");
    assert_exit(
        &env.run_unlocked(&["profile", "import", missing.to_str().unwrap()]),
        4,
        "cannot read",
    );
    assert_exit(
        &env.run_unlocked(&["profile", "export", "--format", "csv"]),
        2,
        "invalid value",
    );
}

#[test]
fn profile_import_of_an_address_book_asks_which_card_is_yours() {
    let env = Env::new();
    env.init();
    let book = env.file(
        "book.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Example\nEMAIL:ann@x.example\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nN:Example;Bob\nTEL;CELL:+44 20 7946 0018\nNOTE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 =\nregular\nEND:VCARD\n",
    );
    let out = env.run_unlocked(&["profile", "import", book.to_str().unwrap(), "--yes"]);
    assert_exit(&out, 4, "choose which card is yours with --card N (1 to 2)");
    let err = stderr(&out);
    assert!(err.contains("1  Ann Example (ann@x.example)"), "{err}");
    assert!(err.contains("2  Bob Example (+44 20 7946 0018)"), "{err}");
    let out = env.run_unlocked(&[
        "profile",
        "import",
        book.to_str().unwrap(),
        "--card",
        "2",
        "--yes",
    ]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("1 notes value(s) not imported: add --include notes"),
        "{}",
        stderr(&out)
    );
    let out = env.run_unlocked(&[
        "profile",
        "import",
        book.to_str().unwrap(),
        "--card",
        "2",
        "--include",
        "notes",
        "--yes",
    ]);
    assert_success(&out);
    let out = env.run_unlocked(&["--json", "profile", "list"]);
    let values: Vec<(String, String)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["field"]["name"].as_str().unwrap().to_owned(),
                v["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        values.contains(&("notes".into(), "Café regular".into())),
        "{values:?}"
    );
    assert!(
        values.contains(&("given_name".into(), "Bob".into())),
        "{values:?}"
    );
    assert!(
        !values.iter().any(|(_, v)| v.contains("ann@")),
        "{values:?}"
    );
    assert_exit(
        &env.run_unlocked(&["profile", "import", book.to_str().unwrap(), "--card", "3"]),
        3,
        "there is no card 3",
    );
}

// --- requests, grants, receipts, ledger, brand kit (issue 4) ---

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

#[test]
fn exchange_story_through_the_cli() {
    let env = Env::new();
    env.init();
    for args in [
        vec!["profile", "set", "email", "ada@home.example"],
        vec!["profile", "set", "birthdate", "1990-04-23"],
        vec!["profile", "set", "allergies", "peanuts"],
    ] {
        assert_success(&env.run_unlocked(&args));
    }
    let key = env.tmp.path().join("brand.jwk");
    let spec = env.file("spec.json", SPEC);
    let request = env.tmp.path().join("request.jwt");
    assert_success(&env.run(&["brand-kit", "keygen", "--out", path_str(&key)]));
    assert_exit(
        &env.run(&["brand-kit", "keygen", "--out", path_str(&key)]),
        3,
        "refusing to overwrite",
    );
    assert_success(&env.run(&[
        "brand-kit",
        "request",
        "--key",
        path_str(&key),
        "--spec",
        path_str(&spec),
        "--out",
        path_str(&request),
    ]));

    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_success(&out);
    assert!(stderr(&out).contains("its key is now pinned"));
    let imported = json(&out);
    assert_eq!(imported["key_status"], "pinned");
    assert_eq!(imported["review"]["fields"][1]["form"], "age_over_18");
    assert_eq!(
        imported["review"]["fields"][2]["preselected"], false,
        "optional fields are not preselected"
    );
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_exit(&out, 3, "already imported");
    assert_eq!(json(&out)["error"]["code"], "replayed");

    let grant = env.tmp.path().join("grant.jwt");
    let approve = |extra: &[&str]| {
        let mut args = vec![
            "--json",
            "request",
            "approve",
            "req-cli-1",
            "--field",
            "email",
            "--field",
            "birthdate",
            "--out",
            path_str(&grant),
        ];
        args.extend_from_slice(extra);
        env.run_unlocked(&args)
    };
    let out = approve(&["--field", "allergies"]);
    assert_exit(&out, 3, "--confirm-sensitive");
    assert!(!grant.exists(), "nothing written on refusal");
    let out = approve(&[]);
    assert_success(&out);
    let grant_id = json(&out)["grant"]["jti"].as_str().unwrap().to_owned();

    let out = env.run(&[
        "brand-kit",
        "verify",
        path_str(&grant),
        "--aud",
        "https://shop.example",
        "--request",
        path_str(&request),
    ]);
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["disclosures"][0]["value"], "ada@home.example");
    assert_eq!(claims["disclosures"][1]["value"], true);
    assert_eq!(claims["disclosures"].as_array().unwrap().len(), 2);
    assert_exit(
        &env.run(&[
            "brand-kit",
            "verify",
            path_str(&grant),
            "--aud",
            "https://other.example",
        ]),
        3,
        "not \"https://other.example\"",
    );

    let receipt = env.tmp.path().join("receipt.jwt");
    assert_success(&env.run(&[
        "brand-kit",
        "receipt",
        "--key",
        path_str(&key),
        path_str(&grant),
        "--aud",
        "https://shop.example",
        "--out",
        path_str(&receipt),
    ]));
    assert_success(&env.run_unlocked(&["receipt", "import", path_str(&receipt)]));
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["has_receipt"], true);
    assert_eq!(json(&out)[0]["state"], "active");

    let revocation = env.tmp.path().join("revocation.jwt");
    assert_success(&env.run_unlocked(&[
        "grant",
        "revoke",
        &grant_id,
        "--out",
        path_str(&revocation),
    ]));
    let out = env.run(&[
        "brand-kit",
        "verify-revocation",
        path_str(&revocation),
        "--aud",
        "https://shop.example",
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["delete"], true);
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["state"], "revoked");

    let out = env.run_unlocked(&["--json", "ledger", "list"]);
    let events: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "key_pinned",
            "request_imported",
            "request_rejected",
            "grant_issued",
            "grant_exported",
            "receipt_imported",
            "grant_revoked"
        ]
    );
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
    let exported = env.tmp.path().join("ledger.jwt");
    assert_success(&env.run_unlocked(&["ledger", "export", "--out", path_str(&exported)]));
    assert_eq!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .split('.')
            .count(),
        3
    );
    // Anyone can check an export: no vault or passphrase needed.
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&exported)]);
    assert_success(&out);
    assert_eq!(json(&out)["entries"], 7);
    let signer = json(&out)["signer"].as_str().unwrap().to_owned();
    let again = env.tmp.path().join("ledger-again.jwt");
    assert_success(&env.run_unlocked(&["ledger", "export", "--out", path_str(&again)]));
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&again)]);
    assert_eq!(
        json(&out)["signer"],
        signer.as_str(),
        "one ledger key per vault"
    );
    // And a verifier written from docs/formats with npm `jose` agrees, chain included.
    let js = brand_js(&["verify-ledger-export", path_str(&exported)]);
    assert!(
        js.status.success(),
        "{}",
        String::from_utf8_lossy(&js.stderr)
    );
    let js: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(
        (js["entries"].as_u64(), js["signer"].as_str()),
        (Some(7), Some(signer.as_str()))
    );
    // A changed payload no longer verifies.
    let token = std::fs::read_to_string(&exported).unwrap();
    let parts: Vec<&str> = token.trim().split('.').collect();
    let mut payload = parts[1].to_owned();
    let flipped = if payload.ends_with('A') { 'B' } else { 'A' };
    payload.pop();
    payload.push(flipped);
    let forged = env.file("forged.jwt", &[parts[0], &payload, parts[2]].join("."));
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&forged)]);
    assert_exit(&out, 3, "");
    assert_eq!(json(&out)["error"]["code"], "bad_signature");

    // Edit one ledger row in the database: verify fails with exit 3.
    let db = env.vault().join("vault.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("UPDATE entry SET body = CAST(substr(body, 1, 30) || CASE WHEN substr(body, 31, 1) = X'01' THEN X'02' ELSE X'01' END || substr(body, 32) AS BLOB) WHERE id = (SELECT MIN(id) FROM entry WHERE kind = 'ledger')")
        .unwrap();
    let out = env.run_unlocked(&["--json", "ledger", "verify"]);
    assert_exit(&out, 3, "does not verify");
    assert_eq!(json(&out)["error"]["code"], "ledger_broken");
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

/// Issue 7: `request approve --update-rules --confirm-sensitive` allowed a special category from
/// now on without the confirmation naming it; a standing rule allowing only `age_over_18` did not
/// stop the exact birth date being the default; a receipt for a revoked grant was accepted
/// without remark; grants carried the file and dates a value came from.
#[test]
fn exchange_approval_names_categories_follows_standing_rules_and_flags_late_receipts() {
    let env = Env::new();
    env.init();
    for args in [
        vec!["profile", "set", "email", "ada@home.example"],
        vec!["profile", "set", "birthdate", "1990-04-23"],
        vec!["profile", "set", "allergies", "peanuts"],
    ] {
        assert_success(&env.run_unlocked(&args));
    }
    let (key, request) = brand_kit_request(&env, "brand", SPEC_EXACT);
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "birthdate",
        "--form",
        "age_over_18",
    ]));

    // The review starts on the rule's form, not the exact date asked for.
    let out = env.run_unlocked(&["--json", "request", "show", "req-exact-1"]);
    assert_success(&out);
    let birthdate = json(&out)["fields"][1].clone();
    assert_eq!(birthdate["name"], "birthdate");
    assert_eq!(birthdate["form"], "raw");
    assert_eq!(birthdate["initial_form"], "age_over_18", "{birthdate}");

    // Without confirmation: refused, naming the category and the standing rule.
    let grant = env.tmp.path().join("grant.jwt");
    let approve = |extra: &[&str]| {
        let mut args = vec![
            "--json",
            "request",
            "approve",
            "req-exact-1",
            "--field",
            "birthdate",
            "--field",
            "allergies",
            "--update-rules",
            "--out",
            path_str(&grant),
        ];
        args.extend_from_slice(extra);
        env.run_unlocked(&args)
    };
    let out = approve(&[]);
    assert_exit(&out, 3, "health");
    assert!(stderr(&out).contains("standing rules"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--confirm-sensitive"),
        "{}",
        stderr(&out)
    );
    assert!(!grant.exists(), "nothing written on refusal");
    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    assert!(
        !json(&out)["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["field"] == "allergies"),
        "no standing rule written on refusal"
    );

    // A blanket yes is not a confirmation: the category must be named.
    let out = approve(&["--confirm-sensitive", "politics"]);
    assert_exit(&out, 3, "health");
    assert!(!grant.exists(), "nothing written on refusal");
    let out = approve(&["--confirm-sensitive", "health"]);
    assert_success(&out);
    let said = stderr(&out);
    assert!(said.contains("allergies (health"), "{said}");
    assert!(said.contains("standing rules"), "{said}");
    assert!(said.contains("birthdate given as age_over_18"), "{said}");
    let grant_id = json(&out)["grant"]["jti"].as_str().unwrap().to_owned();
    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    let rules = json(&out)["rules"].clone();
    let allergies = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == "allergies")
        .unwrap()
        .clone();
    assert_eq!(allergies["confirmed_category"], "health", "{rules}");

    // What the brand reads: the rule's form, a provenance code, a whole day.
    let out = env.run(&[
        "brand-kit",
        "verify",
        path_str(&grant),
        "--aud",
        "https://shop.example",
    ]);
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["disclosures"][0]["field"], "birthdate");
    assert_eq!(claims["disclosures"][0]["form"], "age_over_18");
    assert_eq!(claims["disclosures"][0]["value"], true);
    for d in claims["disclosures"].as_array().unwrap() {
        assert_eq!(d["provenance"], "self_asserted", "{claims}");
    }
    assert_eq!(claims["iat"].as_i64().unwrap() % 86_400, 0, "{claims}");

    // A receipt that arrives after the revocation is recorded as late, with a remark.
    let receipt = env.tmp.path().join("receipt.jwt");
    assert_success(&env.run(&[
        "brand-kit",
        "receipt",
        "--key",
        path_str(&key),
        path_str(&grant),
        "--aud",
        "https://shop.example",
        "--out",
        path_str(&receipt),
    ]));
    let revocation = env.tmp.path().join("revocation.jwt");
    assert_success(&env.run_unlocked(&[
        "grant",
        "revoke",
        &grant_id,
        "--out",
        path_str(&revocation),
    ]));
    let out = env.run_unlocked(&["receipt", "import", path_str(&receipt)]);
    assert_success(&out);
    assert!(stderr(&out).contains("late"), "{}", stderr(&out));
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["state"], "revoked");
    assert_eq!(json(&out)[0]["receipt_late"], true);
}

#[test]
fn exchange_bad_tokens_and_files_give_clear_errors() {
    let env = Env::new();
    env.init();
    let big = env.file("big.jwt", &"a".repeat(70 * 1024));
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&big)]);
    assert_exit(&out, 3, "over 64 KiB");
    assert_eq!(json(&out)["error"]["code"], "token_too_large");
    let junk = env.file("junk.jwt", "hello.world");
    assert_exit(
        &env.run_unlocked(&["request", "import", path_str(&junk)]),
        3,
        "not a JWS compact token",
    );
    assert_exit(
        &env.run_unlocked(&["request", "import", "/no/such/file"]),
        4,
        "cannot read",
    );
    assert_exit(
        &env.run_unlocked(&["request", "show", "req-nope"]),
        4,
        "no request",
    );
    assert_exit(
        &env.run_unlocked(&["grant", "revoke", "grant-nope", "--out", "/tmp/x"]),
        4,
        "no grant",
    );
    assert_exit(
        &env.run_unlocked(&["request", "approve", "req-nope", "--out", "/tmp/x"]),
        3,
        "--field",
    );
    let key = env.file("bad.jwk", r#"{"kty":"RSA","crv":"x","x":"y","d":"z"}"#);
    let spec = env.file("spec.json", SPEC);
    let out_file = env.tmp.path().join("r.jwt");
    assert_exit(
        &env.run(&[
            "brand-kit",
            "request",
            "--key",
            path_str(&key),
            "--spec",
            path_str(&spec),
            "--out",
            path_str(&out_file),
        ]),
        3,
        "not an Ed25519 public key",
    );
}

// --- cross-library: a brand written from docs/formats with npm `jose` (tests/interop) ---

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

#[test]
fn interop_jose_brand_requests_and_verifies_grants_and_revocations() {
    let env = Env::new();
    env.init();
    for args in [
        vec!["profile", "set", "email", "ada@home.example"],
        vec!["profile", "set", "birthdate", "1990-04-23"],
    ] {
        assert_success(&env.run_unlocked(&args));
    }
    let key = env.tmp.path().join("jose-brand.jwk");
    let spec = env.file("spec.json", SPEC);
    let request = env.tmp.path().join("request.jwt");
    assert_success(&brand_js(&["keygen", path_str(&key)]));
    let out = brand_js(&[
        "sign-request",
        path_str(&key),
        path_str(&spec),
        path_str(&request),
    ]);
    assert_success(&out);
    let signed = json(&out);

    // Tessera imports what jose signed, pinning jose's key.
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_success(&out);
    assert_eq!(json(&out)["review"]["fingerprint"], signed["thumbprint"]);

    let grant = env.tmp.path().join("grant.jwt");
    assert_success(&env.run_unlocked(&[
        "request",
        "approve",
        "req-cli-1",
        "--field",
        "email",
        "--field",
        "birthdate",
        "--out",
        path_str(&grant),
    ]));
    // jose verifies Tessera's grant, bound to its request, and reads its claims.
    let out = brand_js(&[
        "verify-grant",
        path_str(&grant),
        "https://shop.example",
        path_str(&request),
    ]);
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["aud"], "https://shop.example");
    assert_eq!(claims["disclosures"][0]["field"], "email");
    assert_eq!(claims["disclosures"][0]["value"], "ada@home.example");
    assert_eq!(claims["disclosures"][1]["value"], true);
    // ...and refuses it for another brand.
    let out = brand_js(&["verify-grant", path_str(&grant), "https://other.example"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // A receipt countersigned by jose imports into Tessera.
    let receipt = env.tmp.path().join("receipt.jwt");
    assert_success(&brand_js(&[
        "sign-receipt",
        path_str(&key),
        path_str(&grant),
        path_str(&receipt),
    ]));
    assert_success(&env.run_unlocked(&["receipt", "import", path_str(&receipt)]));

    // Likewise the revocation.
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    let grant_id = json(&out)[0]["jti"].as_str().unwrap().to_owned();
    let revocation = env.tmp.path().join("revocation.jwt");
    assert_success(&env.run_unlocked(&[
        "grant",
        "revoke",
        &grant_id,
        "--out",
        path_str(&revocation),
    ]));
    let out = brand_js(&[
        "verify-revocation",
        path_str(&revocation),
        "https://shop.example",
        path_str(&grant),
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["grant"]["jti"], grant_id);
    assert_eq!(json(&out)["delete"], true);
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
}

#[test]
fn exchange_request_import_reads_standard_input() {
    let env = Env::new();
    env.init();
    let (_key, request) = brand_kit_request(&env, "brand", SPEC);
    let out = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("TESSERA_STATE_DIR", env.state_dir())
        .args([
            "--vault",
            path_str(&env.vault()),
            "--json",
            "request",
            "import",
            "-",
        ])
        .env("TESSERA_PASSPHRASE", PASS)
        .stdin(std::fs::File::open(&request).unwrap())
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(json(&out)["review"]["jti"], "req-cli-1");
}

/// `kill -9` in the middle of a stream of writes: every write the CLI acknowledged (exit 0) is
/// there after reopening, and SQLite's integrity check passes.
#[test]
fn durability_acknowledged_writes_survive_kill_9() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    let env = Env::new();
    env.init();
    let script = format!(
        "i=0; while [ $i -lt 400 ]; do i=$((i+1)); \"{bin}\" --vault \"{vault}\" profile set custom.k$i v$i >/dev/null 2>&1 && echo $i; done",
        bin = env!("CARGO_BIN_EXE_tessera"),
        vault = env.vault().display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .env("TESSERA_STATE_DIR", env.state_dir())
        .env("TESSERA_PASSPHRASE", PASS)
        .stdout(std::process::Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<u32>::new()));
    let reader = {
        let acknowledged = acknowledged.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if let Ok(n) = line.unwrap_or_default().trim().parse() {
                    acknowledged.lock().unwrap().push(n);
                }
            }
        })
    };
    // Let some writes land, then kill the whole group (the shell and the tessera in flight).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while acknowledged.lock().unwrap().len() < 12 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(37));
    Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    let _ = child.wait();
    reader.join().unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 12,
        "the writer was too slow: {acknowledged:?}"
    );

    // The killed `tessera` may take a moment to be torn down and release the vault's lock.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let out = loop {
        let out = env.run_unlocked(&["--json", "profile", "list"]);
        if out.status.code() != Some(6) || std::time::Instant::now() > deadline {
            break out;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_success(&out);
    let stored: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["field"]["name"].as_str().unwrap().to_owned())
        .collect();
    for n in &acknowledged {
        assert!(
            stored.contains(&format!("custom.k{n}")),
            "acknowledged write {n} was lost"
        );
    }
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

// --- whole-vault integrity and rollback, on real files ---

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn put_back(from: &Path, to: &Path) {
    std::fs::remove_dir_all(to).unwrap();
    copy_dir(from, to);
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
    assert_success(&env.run(&[
        "brand-kit",
        "request",
        "--key",
        path_str(&key),
        "--spec",
        path_str(&spec),
        "--out",
        path_str(&request),
    ]));
    (key, request)
}

fn sql(env: &Env, statement: &str) {
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute_batch(statement).unwrap();
}

#[test]
fn integrity_deleting_a_pinned_brand_is_refused_not_a_silent_first_request() {
    let env = Env::new();
    env.init();
    let genuine = brand_request(&env, "genuine", "req-1");
    assert_success(&env.run_unlocked(&["request", "import", path_str(&genuine)]));
    // Someone with write access to the folder removes the brand's pinned key...
    sql(&env, "DELETE FROM entry WHERE kind = 'brand'");
    // ...so that an impostor's key would pin as a "first request".
    let impostor = brand_request(&env, "impostor", "req-2");
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&impostor)]);
    assert_exit(&out, 8, "restore the vault folder from a backup");
    assert_eq!(json(&out)["error"]["code"], "vault_tampered");
    assert!(!stderr(&out).contains("pinned"), "{}", stderr(&out));
}

#[test]
fn integrity_edited_rules_grants_or_settings_are_refused() {
    for (kind, command) in [
        ("rule", vec!["brand", "show", "shop.example"]),
        ("grant", vec!["grant", "list"]),
        ("setting", vec!["profile", "list"]),
    ] {
        let env = Env::new();
        env.init();
        assert_success(&env.run_unlocked(&["brand", "add", "shop.example", "--name", "Shop"]));
        assert_success(&env.run_unlocked(&["profile", "set", "email", "ada@home.example"]));
        assert_success(&env.run_unlocked(&["brand", "allow", "shop.example", "email"]));
        let request = brand_request(&env, "b", "req-1");
        assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
        let grant = env.tmp.path().join("g.jwt");
        assert_success(&env.run_unlocked(&[
            "request",
            "approve",
            "req-1",
            "--field",
            "email",
            "--out",
            path_str(&grant),
        ]));
        // A setting row exists only once one is set: write it below the CLI.
        {
            let mut vault = tessera_vault::Vault::unlock(
                &env.vault(),
                &tessera_vault::Passphrase::from_str_copy(PASS),
            )
            .unwrap();
            vault.set_setting("auto_lock_seconds", "600").unwrap();
        }
        sql(
            &env,
            &format!(
                "DELETE FROM entry WHERE id = (SELECT MAX(id) FROM entry WHERE kind = '{kind}')"
            ),
        );
        let out = env.run_unlocked(&["--json"].into_iter().chain(command).collect::<Vec<_>>());
        assert_exit(&out, 8, "do not match its own integrity record");
        assert_eq!(json(&out)["error"]["code"], "vault_tampered", "{kind}");
    }
}

#[test]
fn integrity_an_older_copy_put_back_is_refused_then_accepted_and_recorded() {
    let env = Env::new();
    env.init();
    assert_success(&env.run_unlocked(&["profile", "set", "email", "ada@home.example"]));
    let request = brand_request(&env, "b", "req-1");
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("g.jwt");
    let out = env.run_unlocked(&[
        "--json",
        "request",
        "approve",
        "req-1",
        "--field",
        "email",
        "--out",
        path_str(&grant),
    ]);
    assert_success(&out);
    let grant_id = json(&out)["grant"]["jti"].as_str().unwrap().to_owned();
    let older = env.tmp.path().join("older-copy");
    copy_dir(&env.vault(), &older);
    let revocation = env.tmp.path().join("r.jwt");
    assert_success(&env.run_unlocked(&[
        "grant",
        "revoke",
        &grant_id,
        "--out",
        path_str(&revocation),
    ]));

    // The sync tool (or malware) puts the older folder back: the grant would look active again.
    put_back(&older, &env.vault());
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_exit(&out, 8, "older than the one this computer last opened");
    assert_eq!(json(&out)["error"]["code"], "vault_rolled_back");
    assert!(
        stderr(&out).contains("--accept-restore"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("are missing"), "{}", stderr(&out));
    let out = env.run_unlocked(&["--json", "ledger", "verify"]);
    assert_exit(&out, 8, "older than");

    // On a computer that never saw the newer state the copy is consistent; status says so.
    let other = [("TESSERA_STATE_DIR", env.tmp.path().join("other-computer"))];
    let other: Vec<(&str, &str)> = other
        .iter()
        .map(|(k, v)| (*k, v.to_str().unwrap()))
        .collect();
    let out = env.run_env(&["status"], &other);
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("not yet checked on this computer"));

    // A deliberate restore, accepted explicitly, is recorded in the ledger.
    let out = env.run_unlocked(&["--accept-restore", "--json", "ledger", "list"]);
    assert_success(&out);
    let entries = json(&out);
    let last = entries.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "vault_restore_accepted", "{last}");
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
    let out = env.run(&["status"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Rollback:     checked"));
}

#[test]
fn integrity_init_and_passwd_do_not_call_their_own_lock_another_process() {
    let env = Env::new();
    let pass = env.file("pass", &format!("{PASS}\n"));
    let out = env.run(&[
        "init",
        "--passphrase-file",
        path_str(&pass),
        "--kdf-memory-mib",
        "19",
        "--kdf-iterations",
        "2",
    ]);
    assert_success(&out);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!stdout.contains("in use"), "{stdout}");
    let new = env.file("new", "a new passphrase here\n");
    let out = env.run(&[
        "passwd",
        "--passphrase-file",
        path_str(&pass),
        "--new-passphrase-file",
        path_str(&new),
        "--kdf-memory-mib",
        "19",
        "--kdf-iterations",
        "2",
    ]);
    assert_success(&out);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("in use"));
    assert!(stderr(&out).contains("made before the change still open with the old passphrase"));
}

#[cfg(unix)]
#[test]
fn integrity_modes_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    std::fs::create_dir(env.vault()).unwrap();
    std::fs::set_permissions(env.vault(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let script = format!(
        "umask 000; \"{bin}\" --vault \"{vault}\" init --kdf-memory-mib 19 --kdf-iterations 2 && \
         \"{bin}\" --vault \"{vault}\" profile set email ada@home.example",
        bin = env!("CARGO_BIN_EXE_tessera"),
        vault = env.vault().display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .env("TESSERA_PASSPHRASE", PASS)
        .env("TESSERA_STATE_DIR", env.state_dir())
        .output()
        .unwrap();
    assert_success(&out);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.vault()), 0o700);
    for e in std::fs::read_dir(env.vault()).unwrap() {
        let e = e.unwrap();
        assert_eq!(mode(&e.path()), 0o600, "{:?}", e.file_name());
    }
    assert_eq!(mode(&env.state_dir().join("anchors")), 0o700);
}

/// `kill -9` at many moments of a passphrase change: afterwards exactly one of the two
/// passphrases opens the vault, and every record reads.
#[test]
fn integrity_passwd_killed_at_any_moment_leaves_exactly_one_passphrase() {
    use std::os::unix::process::CommandExt;
    const NEW: &str = "a new passphrase here";
    let env = Env::new();
    env.init();
    {
        let mut vault = tessera_vault::Vault::unlock(
            &env.vault(),
            &tessera_vault::Passphrase::from_str_copy(PASS),
        )
        .unwrap();
        vault
            .atomically(|v| -> Result<(), tessera_vault::VaultError> {
                for i in 0..3000 {
                    v.insert_entry(
                        tessera_vault::EntryKind::new("note"),
                        format!("n{i}").as_bytes(),
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    let pristine = env.tmp.path().join("pristine");
    copy_dir(&env.vault(), &pristine);
    let pass = env.file("p", PASS);
    let new = env.file("n", NEW);
    let (mut old_opens, mut new_opens) = (0, 0);
    for delay_ms in (0..900).step_by(75) {
        put_back(&pristine, &env.vault());
        let _ = std::fs::remove_dir_all(env.state_dir());
        let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(["--vault", path_str(&env.vault()), "passwd"])
            .args([
                "--passphrase-file",
                path_str(&pass),
                "--new-passphrase-file",
                path_str(&new),
            ])
            .args(["--kdf-memory-mib", "19", "--kdf-iterations", "2"])
            .env("TESSERA_STATE_DIR", env.state_dir())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Each passphrase is tried on its own copy of the folder as the kill left it (an
        // unlock may finish or undo the change, which would decide the other attempt).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while tessera_vault::Vault::inspect(&env.vault()).is_ok_and(|i| i.in_use)
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let open = |p: &str| {
            let copy = env.tmp.path().join(format!("after-kill-{}", p.len()));
            let _ = std::fs::remove_dir_all(&copy);
            copy_dir(&env.vault(), &copy);
            tessera_vault::Vault::unlock(&copy, &tessera_vault::Passphrase::from_str_copy(p))
        };
        let with_old = open(PASS);
        let with_new = open(NEW);
        let opened = match (with_old, with_new) {
            (Ok(v), Err(_)) => {
                old_opens += 1;
                v
            }
            (Err(_), Ok(v)) => {
                new_opens += 1;
                v
            }
            (Ok(_), Ok(_)) => panic!("both passphrases open after a kill at {delay_ms} ms"),
            (Err(a), Err(b)) => panic!("neither opens after a kill at {delay_ms} ms: {a} / {b}"),
        };
        let notes = opened
            .list_entries(tessera_vault::EntryKind::new("note"))
            .unwrap();
        assert_eq!(notes.len(), 3000, "after a kill at {delay_ms} ms");
    }
    assert!(
        old_opens > 0 && new_opens > 0,
        "kills landed on both sides: {old_opens} / {new_opens}"
    );
}

/// A vault made by the last schema-1 release (see tests/fixtures/README.md) opens, is upgraded
/// in place, keeps every value, rule, grant, ledger entry and setting, and keeps signing with
/// the same per-brand key: a revocation made now verifies against the grant it issued then.
#[test]
fn integrity_a_schema_1_vault_is_upgraded_and_keeps_everything() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let env = Env::new();
    copy_dir(&fixtures.join("vault-schema1"), &env.vault());
    let out = env.run(&["--json", "status"]);
    assert_success(&out);
    assert_eq!(json(&out)["schema_version"], 1);

    let out = env.run_unlocked(&["--json", "profile", "list"]);
    assert_success(&out);
    assert_eq!(json(&out).as_array().unwrap().len(), 3);
    let out = env.run(&["--json", "status"]);
    assert_eq!(json(&out)["schema_version"], 2);
    assert_eq!(json(&out)["rollback_check"], "active");
    let out = env.run_unlocked(&["--json", "brand", "show", "cafe.example"]);
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("given_name"));
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
    {
        let vault = tessera_vault::Vault::unlock(
            &env.vault(),
            &tessera_vault::Passphrase::from_str_copy(PASS),
        )
        .unwrap();
        assert_eq!(
            vault.setting("auto_lock_seconds").unwrap().as_deref(),
            Some("900")
        );
    }
    let db = std::fs::read(env.vault().join("vault.db")).unwrap();
    assert!(
        !db.windows(17).any(|w| w == b"auto_lock_seconds"),
        "the setting is sealed now"
    );

    let out = env.run_unlocked(&["--json", "grant", "list"]);
    let grant_id = json(&out)[0]["jti"].as_str().unwrap().to_owned();
    let revocation = env.tmp.path().join("revocation.jwt");
    assert_success(&env.run_unlocked(&[
        "grant",
        "revoke",
        &grant_id,
        "--out",
        path_str(&revocation),
    ]));
    let out = brand_js(&[
        "verify-revocation",
        path_str(&revocation),
        "https://shop.example",
        path_str(&fixtures.join("vault-schema1.grant.jwt")),
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["grant"]["jti"], grant_id.as_str());
}

/// After the upgrade, the schema-1 vault's own sealed values open no more: putting its old
/// (v1) key check back and emptying the integrity columns cannot make the upgraded vault pass
/// for one still to upgrade, whose rows would be trusted as they are.
#[test]
fn integrity_an_upgraded_vault_cannot_be_passed_off_as_schema_1_again() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let env = Env::new();
    copy_dir(&fixtures.join("vault-schema1"), &env.vault());
    let old_check: Vec<u8> = rusqlite::Connection::open(env.vault().join("vault.db"))
        .unwrap()
        .query_row("SELECT key_check FROM vault_meta", [], |r| r.get(0))
        .unwrap();
    assert_success(&env.run_unlocked(&["profile", "list"]));
    let conn = rusqlite::Connection::open(env.vault().join("vault.db")).unwrap();
    conn.execute(
        "UPDATE vault_meta SET key_check = ?1, identity_seed = NULL, integrity = NULL",
        [old_check],
    )
    .unwrap();
    conn.execute("DELETE FROM entry WHERE kind = 'brand'", [])
        .unwrap();
    drop(conn);
    let out = env.run_unlocked(&["--json", "brand", "list"]);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        json(&out)["error"]["code"],
        "corrupt_vault",
        "{}",
        stderr(&out)
    );
}
