//! `integrity_*`, `durability_*`: whole-vault integrity and rollback on real files, `kill -9`
//! during writes and during `passwd`, modes, the schema-1 upgrade.

use super::*;

/// `kill -9` in the middle of a stream of writes: every write the CLI acknowledged (exit 0) is
/// there after reopening, and SQLite's integrity check passes.
#[test]
fn durability_acknowledged_writes_survive_kill_9() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    let env = Env::with_vault();
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

#[test]
fn integrity_deleting_a_pinned_brand_is_refused_not_a_silent_first_request() {
    let env = Env::with_vault();
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
        let env = Env::with_vault();
        env.succeed_all(&[
            &["brand", "add", "shop.example", "--name", "Shop"],
            &["profile", "set", "email", "ada@home.example"],
            &["brand", "allow", "shop.example", "email"],
        ]);
        let request = brand_request(&env, "b", "req-1");
        assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
        let grant = env.tmp.path().join("g.jwt");
        assert_success(&env.approve("req-1", &["email"], &grant, &[]));
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
    let env = Env::vault_with(&[("email", "ada@home.example")]);
    let request = brand_request(&env, "b", "req-1");
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("g.jwt");
    let grant_id = Env::grant_id(&env.approve("req-1", &["email"], &grant, &[]));
    let older = env.tmp.path().join("older-copy");
    copy_dir(&env.vault(), &older);
    env.revoke(&grant_id, "r.jwt");

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
    let out = env.init_with(&pass, &[]);
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
    let env = Env::with_vault();
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

    revoke_first_grant_verified_by_jose(&env, &fixtures.join("vault-schema1.grant.jwt"));
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
