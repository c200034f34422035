//! `backup_*`: `tessera backup`, `backup verify` and `restore` on real vaults: the restored
//! vault holds the same profile, grants and ledger, plus the restore; damaged, foreign,
//! newer-format backups and wrong passphrases are refused and nothing is restored.

use std::path::Path;

use super::*;

/// `--vault DIR ARGS` with the vault passphrase (and, when given, a backup passphrase) in the
/// environment.
fn run_in(env: &Env, dir: &Path, args: &[&str], backup_passphrase: Option<&str>) -> Output {
    let mut cmd = env.command_in(dir, args);
    cmd.stdin(std::process::Stdio::null())
        .env("TESSERA_PASSPHRASE", PASS);
    if let Some(p) = backup_passphrase {
        cmd.env("TESSERA_BACKUP_PASSPHRASE", p);
    }
    cmd.output().unwrap()
}

/// A vault with values, one grant (and its ledger), backed up to `backup.tessera`.
fn backed_up() -> (Env, std::path::PathBuf) {
    let env = Env::vault_with(ADA);
    let request = brand_request(&env, "shop", "req-backup-1");
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-backup-1", &["email"], &grant, &[]));
    let file = env.tmp.path().join("backup.tessera");
    let out = env.run_unlocked(&["--json", "backup", "--out", path_str(&file)]);
    assert_success(&out);
    let made = json(&out);
    assert_eq!(made["own_passphrase"], false);
    assert!(made["entries"].as_u64().unwrap() > 5, "{made}");
    assert!(stderr(&out).contains("never sync the live vault folder"));
    (env, file)
}

fn listing(env: &Env, dir: &Path, what: &[&str]) -> Value {
    let mut args = vec!["--json"];
    args.extend_from_slice(what);
    let out = run_in(env, dir, &args, None);
    assert_success(&out);
    json(&out)
}

#[test]
fn backup_restore_gives_back_the_profile_grants_and_ledger_and_records_the_restore() {
    let (env, file) = backed_up();
    let out = env.run_unlocked(&["--json", "backup", "verify", path_str(&file)]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("The backup is whole"),
        "{}",
        stderr(&out)
    );

    // What the vault holds, read before the restore: afterwards this computer's rollback
    // record follows the restored copy (two copies of one vault on one computer: use one).
    let lists = [&["profile", "list"][..], &["grant", "list"][..]];
    let before: Vec<Value> = lists
        .iter()
        .map(|w| listing(&env, &env.vault(), w))
        .collect();
    let original = listing(&env, &env.vault(), &["ledger", "list"]);
    let restored = env.tmp.path().join("new-computer").join("vault");
    let out = run_in(
        &env,
        &restored,
        &["--json", "restore", path_str(&file)],
        None,
    );
    assert_success(&out);
    assert_eq!(json(&out)["file"], path_str(&file));
    for (what, before) in lists.iter().zip(&before) {
        assert_eq!(&listing(&env, &restored, what), before, "{what:?}");
    }
    let ledger = listing(&env, &restored, &["ledger", "list"]);
    let ledger = ledger.as_array().unwrap();
    let original = original.as_array().unwrap();
    assert_eq!(&ledger[..original.len()], &original[..]);
    assert_eq!(ledger.len(), original.len() + 1);
    let last = &ledger[original.len()];
    assert_eq!(last["event"], "vault_restored", "{last}");
    assert!(
        last["detail"]
            .as_str()
            .unwrap()
            .starts_with("restored from a backup made at "),
        "{last}"
    );
    assert_success(&run_in(&env, &restored, &["ledger", "verify"], None));
}

#[test]
fn backup_restored_on_the_same_computer_after_later_changes_says_what_is_missing() {
    let (env, file) = backed_up();
    // Changes after the backup, on this computer: its rollback record moves past the backup.
    assert_success(&env.run_unlocked(&["profile", "set", "shoe_size", "EU 41"]));
    let restored = env.tmp.path().join("vault-restored");
    // Refused unless the person says they mean it; nothing is left behind.
    let out = run_in(&env, &restored, &["restore", path_str(&file)], None);
    assert_exit(&out, 8, "newer than the backup");
    assert!(
        stderr(&out).contains("--accept-restore"),
        "{}",
        stderr(&out)
    );
    assert!(!restored.exists());
    assert_success(&run_in(
        &env,
        &restored,
        &["--accept-restore", "restore", path_str(&file)],
        None,
    ));
    let ledger = listing(&env, &restored, &["ledger", "list"]);
    let ledger = ledger.as_array().unwrap();
    let [.., restore, accepted] = &ledger[..] else {
        panic!("{ledger:?}")
    };
    assert_eq!(restore["event"], "vault_restored", "{restore}");
    assert_eq!(accepted["event"], "vault_restore_accepted", "{accepted}");
    let detail = accepted["detail"].as_str().unwrap();
    assert!(detail.contains("are missing"), "{detail}");
    // Accepted once: it opens from now on without --accept-restore.
    assert_success(&run_in(&env, &restored, &["status"], None));
    assert_success(&run_in(&env, &restored, &["profile", "list"], None));
}

#[test]
fn backup_with_its_own_passphrase_needs_both_to_restore() {
    let env = Env::vault_with(ADA);
    let file = env.tmp.path().join("own.tessera");
    let own = "a passphrase of the backup's own";
    let out = run_in(
        &env,
        &env.vault(),
        &[
            "--json",
            "backup",
            "--out",
            path_str(&file),
            "--own-passphrase",
        ],
        Some(own),
    );
    assert_success(&out);
    assert_eq!(json(&out)["own_passphrase"], true);

    let out = run_in(
        &env,
        &env.vault(),
        &["backup", "verify", path_str(&file)],
        None,
    );
    assert_exit(&out, 4, "TESSERA_BACKUP_PASSPHRASE");
    let out = run_in(
        &env,
        &env.vault(),
        &["backup", "verify", path_str(&file)],
        Some("not it at all"),
    );
    assert_exit(&out, 5, "wrong passphrase");
    let profile = listing(&env, &env.vault(), &["profile", "list"]);
    let restored = env.tmp.path().join("restored");
    assert_success(&run_in(
        &env,
        &restored,
        &["restore", path_str(&file)],
        Some(own),
    ));
    assert_eq!(listing(&env, &restored, &["profile", "list"]), profile);
}

#[test]
fn backup_refusals_damaged_foreign_newer_wrong_passphrase_occupied_folder() {
    let (env, file) = backed_up();
    let target = env.tmp.path().join("target");
    let restore = |file: &Path, pass: &str| {
        env.command_in(&target, &["--json", "restore", path_str(file)])
            .stdin(std::process::Stdio::null())
            .env("TESSERA_PASSPHRASE", pass)
            .env("TESSERA_BACKUP_PASSPHRASE", pass)
            .output()
            .unwrap()
    };
    let code_of = |out: &Output| json(out)["error"]["code"].clone();

    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x40;
    let damaged = env.tmp.path().join("damaged.tessera");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = restore(&damaged, PASS);
    assert_exit(&out, 3, "Nothing was restored");
    assert_eq!(code_of(&out), "backup_damaged");

    let foreign = env.file("foreign.tessera", "not a backup at all\n");
    let out = restore(&foreign, PASS);
    assert_exit(&out, 3, "not a Tessera backup");
    assert_eq!(code_of(&out), "backup_damaged");

    let out = restore(&file, "not the passphrase");
    assert_exit(&out, 5, "wrong passphrase");

    // A backup from a newer Tessera: its manifest's version is one this one does not know.
    let newer = env.tmp.path().join("newer.tessera");
    let manifest = r#"{"format":"tessera-backup","v":2,"created_at":0,"vault_id":"00","generation":1,"entries":1,"database_bytes":0,"database_sha256":"","encryption":"new"}"#;
    tessera_test_support::crafted_backup(&newer, PASS, &[("manifest.json", manifest.as_bytes())]);
    let out = restore(&newer, PASS);
    assert_exit(&out, 3, "upgrade Tessera");
    assert_eq!(code_of(&out), "unsupported_format");
    assert!(!target.exists(), "nothing was restored");

    // Never over a vault: the folder must be new or empty.
    let out = env.run_unlocked(&["--json", "restore", path_str(&file)]);
    assert_exit(&out, 3, "not empty");
    assert_eq!(code_of(&out), "invalid_input");
    assert_success(&env.run_unlocked(&["ledger", "verify"]));

    let out = env.run_unlocked(&["backup"]);
    assert_exit(&out, 4, "--out FILE");
}

#[test]
fn backup_automatic_after_changes_at_most_daily_keeping_the_newest() {
    let env = Env::vault_with(ADA);
    let folder = env.tmp.path().join("synced");
    std::fs::create_dir(&folder).unwrap();
    let status = json(&env.run(&["--json", "status"]));
    let short = &status["vault_id"].as_str().unwrap()[..8];
    // Two older automatic backups of this vault (their names are all the folder is read for),
    // and someone else's file, which is never touched.
    let old = |at: u32, generation: u32| format!("tessera-{short}-{at}-g{generation}.tessera");
    for name in [old(1_000, 1), old(2_000, 2)] {
        std::fs::write(folder.join(name), b"an older backup").unwrap();
    }
    std::fs::write(folder.join("holiday.jpg"), b"not ours").unwrap();

    let inside = env.vault().join("backups");
    std::fs::create_dir(&inside).unwrap();
    let out = env.run_unlocked(&["backup", "auto", "--folder", path_str(&inside)]);
    assert_exit(&out, 3, "outside the vault folder");

    let out = env.run_unlocked(&[
        "--json",
        "backup",
        "auto",
        "--folder",
        path_str(&folder),
        "--keep",
        "2",
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["keep"], 2);
    // Setting the choice changed the vault, and the newest backup is older than a day: one now.
    assert!(
        stderr(&out).contains("Wrote an automatic backup"),
        "{}",
        stderr(&out)
    );
    let names = |folder: &Path| {
        let mut n: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        n.sort();
        n
    };
    let after = names(&folder);
    assert_eq!(
        after.len(),
        3,
        "kept 2 of ours plus the other file: {after:?}"
    );
    assert!(after.contains(&"holiday.jpg".to_owned()));
    assert!(!after.contains(&old(1_000, 1)), "the oldest is rotated out");
    let newest = after
        .iter()
        .find(|n| n.starts_with("tessera-") && *n != &old(2_000, 2))
        .unwrap();
    let out = env.run_unlocked(&["backup", "verify", path_str(&folder.join(newest))]);
    assert_success(&out);

    // Another change at once: the last backup is less than a day old, so none.
    let out = env.run_unlocked(&["profile", "set", "shoe_size", "EU 42"]);
    assert_success(&out);
    assert!(
        !stderr(&out).contains("automatic backup"),
        "{}",
        stderr(&out)
    );
    assert_eq!(names(&folder), after);

    let out = env.run_unlocked(&["--json", "backup", "auto", "--off"]);
    assert_success(&out);
    assert_eq!(json(&out)["folder"], Value::Null);
}
