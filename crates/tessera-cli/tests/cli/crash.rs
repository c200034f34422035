//! `crash_trials_*`: `kill -9` at random moments of every operation that writes.
//!
//! Each trial puts a prepared vault (values, a brand with a pending request and a grant, a
//! backup of it) and this computer's rollback records back in place, starts one operation of
//! the `tessera` binary (a passphrase change with its data-key rotation, a backup, a restore,
//! a profile import, a request import, an approval, a revocation, a ledger export, a new
//! vault), and kills its process group with SIGKILL after a random delay. Then, as the next
//! process would find it:
//! - the vault opens (for a passphrase change: with exactly one of the two passphrases), with
//!   this computer's rollback record, and never as rolled back;
//! - SQLite's integrity check passes and every entry of every kind opens
//!   ([`tessera_vault::Vault::check`]), and the activity ledger verifies;
//! - what the vault holds is either the state before the operation or the state after it (as a
//!   run left alone produced), and the state after it when the process had said it succeeded;
//! - a file the operation writes is absent or whole (a grant, revocation or export that
//!   verifies, a backup that verifies), present when it succeeded, and never present when the
//!   vault does not hold the change it records;
//! - no temporary file or staging folder remains after the next open.
//!
//! Delays are drawn between a quarter of the uninterrupted run's time and a little over all of
//! it (the start of each run is spent starting the process and deriving the key, which no kill
//! can damage). `TESSERA_CRASH_TRIALS` sets the number of trials (default 200, the quick mode of
//! the test command; `scripts/crash` runs the long mode) and `TESSERA_CRASH_SEED` the seed; the
//! figures are printed at the end (see docs/reliability.md).

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::time::{Duration, Instant};

use tessera_vault::{AnchorDir, OpenOptions, Passphrase, Vault};

use super::*;

const NEW_PASS: &str = "a new passphrase for the crash trials";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Op {
    Passwd,
    Backup,
    Restore,
    ProfileImport,
    RequestImport,
    Approve,
    Revoke,
    LedgerExport,
    Init,
}

const OPS: [Op; 9] = [
    Op::Passwd,
    Op::Backup,
    Op::Restore,
    Op::ProfileImport,
    Op::RequestImport,
    Op::Approve,
    Op::Revoke,
    Op::LedgerExport,
    Op::Init,
];

/// What a vault holds, as compared across trials: names, values and statuses, never ids or
/// times that differ from run to run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Holds {
    values: Vec<String>,
    requests: Vec<(String, String)>,
    /// (the request it answers, its fields and forms, revoked)
    grants: Vec<GrantHeld>,
    ledger: Vec<String>,
    generation: u64,
}

type GrantHeld = (String, Vec<(String, String)>, bool);

fn holds(vault: &Vault) -> Holds {
    let mut values: Vec<String> = tessera_profile::store::list_values(vault)
        .unwrap()
        .iter()
        .map(|v| format!("{}={:?}", v.field, v.value))
        .collect();
    values.sort();
    let mut requests: Vec<(String, String)> = tessera_exchange::person::requests(vault)
        .unwrap()
        .into_iter()
        .map(|r| (r.jti, format!("{:?}", r.status)))
        .collect();
    requests.sort();
    let mut grants: Vec<_> = tessera_exchange::person::grants(vault)
        .unwrap()
        .into_iter()
        .map(|g| (g.request, g.fields, g.revoked_at.is_some()))
        .collect();
    grants.sort();
    let ledger = tessera_exchange::ledger::list(vault)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    Holds {
        values,
        requests,
        grants,
        ledger,
        generation: vault.generation(),
    }
}

/// The prepared vault, the files each operation reads, and the state before and after each.
struct Bench {
    env: Env,
    pristine: PathBuf,
    pristine_state: PathBuf,
    grant: String,
    before: Holds,
    after: BTreeMap<Op, (Holds, Duration)>,
}

/// Replaces `to` (when there) with a copy of `from`, subfolders included.
fn replace_tree(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    copy_dir(from, to);
}

impl Bench {
    fn new() -> Bench {
        let env = Env::vault_with(&[
            ("email", "ada@home.example"),
            ("birthdate", "1990-05-01"),
            ("allergies", "peanuts"),
            ("nickname", "Countess"),
        ]);
        let (key, first) =
            brand_kit_request(&env, "shop", &SPEC.replace("req-cli-1", "req-crash-1"));
        let sign = |jti: &str, out: &str| {
            let spec = env.file(&format!("{jti}.json"), &SPEC.replace("req-cli-1", jti));
            let out = env.tmp.path().join(out);
            assert_success(&env.run(&sign_request_args(&key, &spec, &out)));
            out
        };
        assert_success(&env.run_unlocked(&["request", "import", path_str(&first)]));
        let granted = env.approve("req-crash-1", &["email"], &env.tmp.path().join("g0"), &[]);
        let grant = Env::grant_id(&granted);
        let pending = sign("req-crash-2", "pending.jwt");
        assert_success(&env.run_unlocked(&["request", "import", path_str(&pending)]));
        sign("req-crash-3", "incoming.jwt");
        env.file(
            "card.vcf",
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n\
             EMAIL;TYPE=work:ada@work.example\r\nTEL;VALUE=uri:tel:+44-20-7946-0000\r\n\
             NOTE:kept out\r\nEND:VCARD\r\n",
        );
        env.file("pass-old", PASS);
        env.file("pass-new", NEW_PASS);
        assert_success(&env.run_unlocked(&[
            "backup",
            "--out",
            path_str(&env.tmp.path().join("made.tessera")),
        ]));
        let pristine = env.tmp.path().join("pristine");
        let pristine_state = env.tmp.path().join("pristine-state");
        copy_dir(&env.vault(), &pristine);
        copy_dir(&env.state_dir(), &pristine_state);
        let mut bench = Bench {
            before: Holds {
                values: vec![],
                requests: vec![],
                grants: vec![],
                ledger: vec![],
                generation: 0,
            },
            env,
            pristine,
            pristine_state,
            grant,
            after: BTreeMap::new(),
        };
        bench.reset();
        bench.before = holds(&bench.open(PASS).unwrap());
        // Each operation once, left alone: its time and the state it leaves.
        for op in OPS {
            bench.reset();
            let started = Instant::now();
            let out = bench
                .command(op)
                .stderr(std::process::Stdio::piped())
                .output()
                .unwrap();
            let took = started.elapsed();
            assert!(out.status.success(), "{op:?}: {}", stderr(&out));
            let after = match op {
                Op::Restore => holds(&bench.open_at(&bench.restored(), PASS).unwrap()),
                Op::Init => holds(&bench.open_at(&bench.fresh(), PASS).unwrap()),
                Op::Passwd => holds(&bench.open(NEW_PASS).unwrap()),
                _ => holds(&bench.open(PASS).unwrap()),
            };
            bench.after.insert(op, (after, took));
        }
        bench
    }

    fn tmp(&self) -> &Path {
        self.env.tmp.path()
    }
    fn restored(&self) -> PathBuf {
        self.tmp().join("restored")
    }
    fn fresh(&self) -> PathBuf {
        self.tmp().join("fresh")
    }
    fn output(&self, op: Op) -> Option<PathBuf> {
        let name = match op {
            Op::Backup => "out.tessera",
            Op::Approve => "out-grant.jwt",
            Op::Revoke => "out-revocation.jwt",
            Op::LedgerExport => "out-ledger.jwt",
            _ => return None,
        };
        Some(self.tmp().join("out").join(name))
    }

    /// Puts the prepared vault and this computer's records back, and removes every output.
    fn reset(&self) {
        replace_tree(&self.pristine, &self.env.vault());
        replace_tree(&self.pristine_state, &self.env.state_dir());
        for dir in [self.restored(), self.fresh(), self.tmp().join("out")] {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).unwrap();
            }
        }
        std::fs::create_dir(self.tmp().join("out")).unwrap();
    }

    fn command(&self, op: Op) -> Command {
        let t = |name: &str| self.tmp().join(name);
        let out = self.output(op);
        let out = out.as_deref().map(path_str).unwrap_or_default();
        let kdf = ["--kdf-memory-mib", "19", "--kdf-iterations", "2"];
        let old = t("pass-old");
        let new = t("pass-new");
        let (backup, incoming, card) = (t("made.tessera"), t("incoming.jwt"), t("card.vcf"));
        let args: Vec<&str> = match op {
            Op::Passwd => [
                &["passwd", "--passphrase-file", path_str(&old)][..],
                &["--new-passphrase-file", path_str(&new)],
                &kdf,
            ]
            .concat(),
            Op::Backup => vec!["backup", "--out", out],
            Op::Restore => vec!["restore", path_str(&backup)],
            Op::ProfileImport => vec!["profile", "import", path_str(&card), "--yes"],
            Op::RequestImport => vec!["request", "import", path_str(&incoming)],
            Op::Approve => vec![
                "request",
                "approve",
                "req-crash-2",
                "--all",
                "--confirm-sensitive",
                "health",
                "--out",
                out,
            ],
            Op::Revoke => vec!["grant", "revoke", &self.grant, "--out", out],
            Op::LedgerExport => vec!["ledger", "export", "--out", out],
            Op::Init => [&["init", "--passphrase-file", path_str(&old)][..], &kdf].concat(),
        };
        let vault = match op {
            Op::Restore => self.restored(),
            Op::Init => self.fresh(),
            _ => self.env.vault(),
        };
        let mut cmd = self.env.command_in(&vault, &args);
        if !matches!(op, Op::Passwd | Op::Init) {
            cmd.env("TESSERA_PASSPHRASE", PASS);
        }
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0);
        cmd
    }

    fn anchors(&self) -> OpenOptions {
        OpenOptions {
            anchors: Some(AnchorDir(self.env.state_dir().join("anchors"))),
            accept_restore: false,
        }
    }
    fn open(&self, pass: &str) -> Result<Vault, tessera_vault::VaultError> {
        self.open_at(&self.env.vault(), pass)
    }
    fn open_at(&self, dir: &Path, pass: &str) -> Result<Vault, tessera_vault::VaultError> {
        wait_until_free(dir);
        Vault::unlock_with(dir, &Passphrase::from_str_copy(pass), &self.anchors())
    }
}

/// A killed process's lock is released when the kernel has torn it down.
fn wait_until_free(dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Vault::inspect(dir).is_ok_and(|i| i.in_use) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// How a trial ended, as counted in the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ending {
    /// Killed; the vault holds the state before.
    KilledBefore,
    /// Killed; the vault holds the state after.
    KilledAfter,
    /// Killed; the vault holds a state between, which is itself whole (see [`between`]).
    KilledBetween,
    /// The process had finished and said so.
    Acknowledged,
}

/// The one state between before and after that an operation of two steps may be killed in,
/// and which is whole in itself: an approval is committed (the grant issued and in the ledger)
/// before its file is written, and the export is recorded after the file is whole; killed
/// between, the grant is there to export again and the ledger has not claimed a file.
fn between(op: Op, after: &Holds) -> Option<Holds> {
    if op != Op::Approve {
        return None;
    }
    let mut between = after.clone();
    assert_eq!(between.ledger.pop().as_deref(), Some("grant_exported"));
    between.generation -= 1;
    Some(between)
}

/// Checks what one trial left; returns how it ended. `what` names the trial in failures.
/// How the trial ended, and for an operation that writes a file, whether it was there (whole).
fn check_trial(bench: &Bench, op: Op, acknowledged: bool, what: &str) -> (Ending, Option<bool>) {
    let (after, _) = &bench.after[&op];
    let (dir, before) = match op {
        Op::Restore => (bench.restored(), None),
        Op::Init => (bench.fresh(), None),
        _ => (bench.env.vault(), Some(&bench.before)),
    };
    wait_until_free(&dir);
    let vault = if op == Op::Passwd {
        // Each passphrase on its own copy of the folder as the kill left it: an unlock may
        // finish or undo the change, which would decide the other attempt.
        let try_on_copy = |pass: &str, name: &str| {
            let copy = bench.tmp().join(name);
            replace_tree(&dir, &copy);
            let found = bench.open_at(&copy, pass);
            replace_tree(&bench.pristine_state, &bench.env.state_dir());
            found
        };
        let old = try_on_copy(PASS, "copy-old");
        let new = try_on_copy(NEW_PASS, "copy-new");
        match (old, new) {
            (Ok(_), Ok(_)) => panic!("{what}: both passphrases open"),
            (Err(a), Err(b)) => panic!("{what}: neither passphrase opens: {a} / {b}"),
            (Ok(_), Err(_)) => {
                assert!(
                    !acknowledged,
                    "{what}: acknowledged, yet the old passphrase opens"
                );
                bench.open(PASS)
            }
            (Err(_), Ok(_)) => bench.open(NEW_PASS),
        }
        .unwrap_or_else(|e| panic!("{what}: reopening: {e}"))
    } else {
        match bench.open_at(&dir, PASS) {
            Ok(v) => v,
            Err(e) if before.is_none() && !acknowledged => {
                // A restore or setup killed early leaves no vault: the folder is absent or
                // empty, or (setup) holds what `init` clears when run again. Running it again
                // works and leaves nothing of the killed run behind.
                assert_eq!(e.code().as_str(), "vault_not_found", "{what}: {e}");
                if op == Op::Restore {
                    let empty = std::fs::read_dir(&dir).map_or(true, |mut d| d.next().is_none());
                    assert!(empty, "{what}: the restore left a part of a vault");
                }
                assert_success(&bench.command(op).output().unwrap());
                for folder in [dir.as_path(), bench.tmp()] {
                    let left = leftovers(folder);
                    assert!(left.is_empty(), "{what}: after running it again: {left:?}");
                }
                return (Ending::KilledBefore, None);
            }
            Err(e) => panic!("{what}: the vault does not open: {e}"),
        }
    };
    let check = vault
        .check()
        .unwrap_or_else(|e| panic!("{what}: vault check: {e}"));
    assert!(check.entries > 0 || op == Op::Init, "{what}");
    tessera_exchange::ledger::verify(&vault)
        .unwrap_or_else(|e| panic!("{what}: the ledger does not verify: {e:?}"));
    let found = holds(&vault);
    let ending = if between(op, after).as_ref() == Some(&found) && !acknowledged {
        Ending::KilledBetween
    } else if &found == after {
        if acknowledged {
            Ending::Acknowledged
        } else {
            Ending::KilledAfter
        }
    } else if before == Some(&found) && !acknowledged {
        Ending::KilledBefore
    } else {
        panic!(
            "{what}: the vault holds neither the state before nor the one after{}:\n{found:#?}\n\
             after: {after:#?}\nbefore: {before:#?}",
            if acknowledged { " (acknowledged)" } else { "" }
        );
    };
    let left = leftovers(&dir);
    assert!(
        left.is_empty(),
        "{what}: left in the vault folder: {left:?}"
    );
    let file = bench
        .output(op)
        .map(|out| check_output(op, &out, ending, what));
    vault.lock();
    (ending, file)
}

/// A file the operation writes: whole or absent; present when acknowledged; absent while the
/// vault does not hold what it records. The next write to its folder clears a temporary file.
fn check_output(op: Op, out: &Path, ending: Ending, what: &str) -> bool {
    let present = out.exists();
    match ending {
        Ending::Acknowledged => assert!(present, "{what}: acknowledged without its file"),
        Ending::KilledBefore if op != Op::Backup && op != Op::LedgerExport => {
            assert!(
                !present,
                "{what}: a file for a change the vault does not hold"
            );
        }
        _ => {}
    }
    if present {
        let now = jiff::Timestamp::now().as_second();
        let text = || std::fs::read_to_string(out).unwrap();
        let whole = match op {
            Op::Backup => tessera_vault::backup::verify(
                out,
                &tessera_vault::backup::Passphrases {
                    backup: &Passphrase::from_str_copy(PASS),
                    vault: None,
                },
                &|_| Ok(()),
            )
            .map(drop)
            .map_err(|e| e.to_string()),
            Op::Approve => {
                tessera_exchange::formats::verify_grant(&text(), "https://shop.example", None, now)
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
            Op::Revoke => tessera_exchange::formats::verify_revocation(
                &text(),
                "https://shop.example",
                None,
                now,
            )
            .map(drop)
            .map_err(|e| e.to_string()),
            Op::LedgerExport => tessera_exchange::formats::verify_ledger_export(&text())
                .map(drop)
                .map_err(|e| e.to_string()),
            _ => unreachable!(),
        };
        whole.unwrap_or_else(|e| panic!("{what}: {} is not whole: {e}", out.display()));
    }
    let folder = out.parent().unwrap();
    tessera_vault::files::write_file_atomically(&folder.join("next"), b"x").unwrap();
    let left = leftovers(folder);
    assert!(
        left.is_empty(),
        "{what}: left after the next write: {left:?}"
    );
    present
}

#[test]
fn crash_trials_kill_9_at_random_moments_loses_no_acknowledged_change() {
    let trials: usize = std::env::var("TESSERA_CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("TESSERA_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| fastrand::u64(..));
    let mut rng = fastrand::Rng::with_seed(seed);
    let started = Instant::now();
    let bench = Bench::new();
    let mut tally: BTreeMap<(Op, Ending), usize> = BTreeMap::new();
    let mut killed_files: BTreeMap<Op, (usize, usize)> = BTreeMap::new();
    for trial in 0..trials {
        let op = OPS[trial % OPS.len()];
        let took = bench.after[&op].1.as_micros() as u64;
        let delay = Duration::from_micros(rng.u64(took / 4..=took + took / 10));
        let what = format!("trial {trial} (seed {seed}): {op:?} killed at {delay:?}");
        bench.reset();
        let mut child = bench.command(op).spawn().unwrap();
        std::thread::sleep(delay);
        // SIGKILL to the whole group; a process that ended meanwhile is reaped with its status.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(std::process::Stdio::null())
            .status();
        let status = child.wait().unwrap();
        let acknowledged = status.success();
        let (ending, file) = check_trial(&bench, op, acknowledged, &what);
        *tally.entry((op, ending)).or_default() += 1;
        if let (Some(present), false) = (file, ending == Ending::Acknowledged) {
            let files = killed_files.entry(op).or_insert((0, 0));
            if present {
                files.0 += 1;
            } else {
                files.1 += 1;
            }
        }
    }
    let mut lines = vec![format!(
        "crash trials: {trials} kill -9 trials across {} operations in {:.0?} (seed {seed}); \
         each: killed with the vault as before / killed with the vault as after / finished \
         (a backup and a ledger export change nothing in the vault: as after)",
        OPS.len(),
        started.elapsed()
    )];
    for op in OPS {
        let n = |e| tally.get(&(op, e)).copied().unwrap_or(0);
        let mut between = match n(Ending::KilledBetween) {
            0 => String::new(),
            k => {
                format!(" ({k} killed after the grant was issued, before its export was recorded)")
            }
        };
        if let Some((whole, absent)) = killed_files.get(&op) {
            between.push_str(&format!(
                "; killed: its file whole {whole}, absent {absent}"
            ));
        }
        lines.push(format!(
            "  {op:?}: {} / {} / {}{between}",
            n(Ending::KilledBefore),
            n(Ending::KilledAfter),
            n(Ending::Acknowledged)
        ));
    }
    println!("{}", lines.join("\n"));
}
