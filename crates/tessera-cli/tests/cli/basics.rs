//! `init_*`, `status_*`, `passwd_*`, `passphrase_sources_*`, `in_use_*`, `usage_*`, `hints_*`:
//! creating a vault and refusing a second one or weak input; header facts without a passphrase;
//! changing the passphrase; passphrase sources (never argv); a second process on a held vault;
//! clap usage errors; the CLI's own advice.

use super::*;

#[test]
fn init_creates_vault_and_states_passphrase_cannot_be_recovered() {
    let env = Env::new();
    let pass = env.file("pass", PASS);
    let out = env.init_with(&pass, &["--json"]);
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
    let env = Env::with_vault();
    let before = folder_bytes(&env.vault());
    let pass = env.file("pass2", "another passphrase entirely");
    let out = env.run(&["init", "--passphrase-file", pass.to_str().unwrap()]);
    assert_exit(&out, 3, "already exists");
    assert_eq!(folder_bytes(&env.vault()), before);
}

#[test]
fn init_refuses_weak_passphrase_and_weak_kdf() {
    let env = Env::new();
    let short = env.file("short", "abc");
    let out = env.init_with(&short, &[]);
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
    let env = Env::with_vault();
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
    let env = Env::with_vault();
    std::fs::write(env.vault().join("vault.header"), b"garbage").unwrap();
    let out = env.run(&["status", "--json"]);
    assert_exit(&out, 3, "not a Tessera vault header");
    assert_eq!(json(&out)["error"]["code"], "corrupt_vault");
}

/// `--json passwd --passphrase-file CURRENT --new-passphrase-file NEXT`.
fn passwd_json(env: &Env, current: &Path, next: &Path) -> Output {
    env.run(&[
        "--json",
        "passwd",
        "--passphrase-file",
        path_str(current),
        "--new-passphrase-file",
        path_str(next),
    ])
}

#[test]
fn passwd_wrong_passphrase_exits_5_and_leaves_files_identical() {
    let env = Env::with_vault();
    let before = folder_bytes(&env.vault());
    let wrong = env.file("wrong", "not the passphrase");
    let new = env.file("new", "a new passphrase here");
    let out = passwd_json(&env, &wrong, &new);
    assert_exit(&out, 5, "wrong passphrase");
    assert_eq!(json(&out)["error"]["code"], "wrong_passphrase");
    assert_eq!(folder_bytes(&env.vault()), before);
}

#[test]
fn passwd_changes_passphrase_old_one_fails_after() {
    let env = Env::with_vault();
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
    let env = Env::with_vault();
    let held = tessera_vault::Vault::unlock(
        &env.vault(),
        &tessera_vault::Passphrase::from_str_copy(PASS),
    )
    .unwrap();
    let pass = env.file("p", PASS);
    let new = env.file("n", "a new passphrase here");
    let out = passwd_json(&env, &pass, &new);
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
