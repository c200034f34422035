//! `faults_*`: a full disk and a read-only folder during each write path.
//!
//! The vault (or the folder a file is written to) is on a small tmpfs the test mounts (the
//! tests need root, as CI has; they say so when they cannot mount). For each operation that
//! writes, with the disk filled to a few sizes of free space, and with the folder remounted
//! read-only: the command fails with exit 7 and a message that names the problem (`disk_full`
//! or `read_only`, with what to do), the vault still opens, checks and holds what it held, and
//! no temporary file is left; with space again, the same command succeeds.

use std::process::Command as Process;

use tessera_vault::{Passphrase, Vault};

use super::*;

/// A tmpfs of `size` bytes mounted on a folder of its own, unmounted on drop.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: u64) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Process::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "the fault tests mount a small tmpfs: run them as root (CI does)"
        );
        SmallDisk { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    /// Fills the disk but for about `free` bytes (whole pages).
    fn fill_leaving(&self, free: u64) {
        let filler = self.path().join("filler");
        let _ = std::fs::remove_file(&filler);
        let avail = self.available();
        if avail > free {
            let f = std::fs::File::create(&filler).unwrap();
            // Written, not sparse: tmpfs counts the pages actually used.
            let mut left = avail - free;
            let chunk = vec![0u8; 64 << 10];
            use std::io::Write;
            let mut w = std::io::BufWriter::new(f);
            while left > 0 {
                let n = left.min(chunk.len() as u64) as usize;
                if w.write_all(&chunk[..n]).is_err() {
                    break;
                }
                left -= n as u64;
            }
            let _ = w.flush();
        }
    }
    fn make_room(&self) {
        let _ = std::fs::remove_file(self.path().join("filler"));
    }
    fn available(&self) -> u64 {
        let out = Process::new("df")
            .args(["--output=avail", "-B1"])
            .arg(self.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
    /// Remounts read-only or read-write. A read-only remount is refused while any process
    /// holds a file there open for writing (a child another test is forking may hold a copy
    /// of a descriptor for a moment), so it is tried a few times.
    fn remount(&self, mode: &str) {
        for _ in 0..50 {
            let status = Process::new("mount")
                .args(["-o", &format!("remount,{mode}")])
                .arg(self.path())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap();
            if status.success() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("cannot remount {} {mode}", self.path().display());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg("-l").arg(self.path()).status();
    }
}

/// What the vault holds, for "nothing changed": the header and every row, sealed bytes and
/// all. The vault must also open, pass its checks and have a ledger that verifies.
fn contents(vault: &Path) -> Vec<String> {
    let v = Vault::unlock(vault, &Passphrase::from_str_copy(PASS)).unwrap();
    v.check().unwrap();
    tessera_exchange::ledger::verify(&v).unwrap();
    v.lock();
    let conn = rusqlite::Connection::open(vault.join("vault.db")).unwrap();
    let mut rows: Vec<String> = conn
        .prepare("SELECT id, kind, version, hex(body) FROM entry ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok(format!(
                "{} {} {} {}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.push(
        conn.query_row(
            "SELECT hex(integrity), hex(header_hash) FROM vault_meta",
            [],
            |r| {
                Ok(format!(
                    "{}{}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            },
        )
        .unwrap(),
    );
    rows.push(format!(
        "{:?}",
        std::fs::read(vault.join("vault.header")).unwrap()
    ));
    rows
}

/// A copy of a vault and of this computer's rollback records, to put both back.
struct Saved {
    dir: tempfile::TempDir,
}

impl Saved {
    fn new(env: &Env, vault: &Path) -> Saved {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(vault, &dir.path().join("vault"));
        copy_dir(&env.state_dir(), &dir.path().join("state"));
        Saved { dir }
    }
    fn put_back(&self, env: &Env, vault: &Path) {
        put_back(&self.dir.path().join("vault"), vault);
        put_back(&self.dir.path().join("state"), &env.state_dir());
    }
}

struct Case {
    name: &'static str,
    /// Arguments; `{out}` is a file on the small disk, `{here}` one in the test's folder.
    args: Vec<String>,
}

/// A vault on a small disk, with a brand's request waiting, a grant, and files to import.
fn setup(disk: &SmallDisk) -> (Env, PathBuf, Vec<Case>) {
    let env = Env::vault_with(&[("email", "ada@home.example"), ("birthdate", "1990-05-01")]);
    let (key, first) = brand_kit_request(&env, "shop", &SPEC.replace("req-cli-1", "req-f-1"));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&first)]));
    let grant = Env::grant_id(&env.approve("req-f-1", &["email"], &env.tmp.path().join("g"), &[]));
    let spec = env.file("second.json", &SPEC.replace("req-cli-1", "req-f-2"));
    let second = env.tmp.path().join("second.jwt");
    assert_success(&env.run(&sign_request_args(&key, &spec, &second)));
    let spec = env.file("pending.json", &SPEC.replace("req-cli-1", "req-f-3"));
    let pending = env.tmp.path().join("pending.jwt");
    assert_success(&env.run(&sign_request_args(&key, &spec, &pending)));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&pending)]));
    let card = env.file(
        "card.vcf",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@work.example\r\nEND:VCARD\r\n",
    );
    let backup = env.tmp.path().join("made.tessera");
    assert_success(&env.run_unlocked(&["backup", "--out", path_str(&backup)]));
    let vault = disk.path().join("vault");
    copy_dir(&env.vault(), &vault);
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let cases = vec![
        Case {
            name: "profile set",
            args: s(&["profile", "set", "nickname", "Countess"]),
        },
        Case {
            name: "profile import",
            args: s(&["profile", "import", path_str(&card), "--yes"]),
        },
        Case {
            name: "request import",
            args: s(&["request", "import", path_str(&second)]),
        },
        Case {
            name: "approve",
            args: s(&[
                "request", "approve", "req-f-3", "--field", "email", "--out", "{here}",
            ]),
        },
        Case {
            name: "revoke",
            args: s(&["grant", "revoke", &grant, "--out", "{here}"]),
        },
        Case {
            name: "brand allow",
            args: s(&["brand", "allow", "https://shop.example", "email"]),
        },
        Case {
            name: "backup auto",
            args: s(&["backup", "auto", "--folder", "{herefolder}"]),
        },
        Case {
            name: "passwd",
            args: s(&["passwd", "--new-passphrase-file", "{newpass}"]),
        },
        Case {
            name: "backup to the disk",
            args: s(&["backup", "--out", "{out}"]),
        },
        Case {
            name: "ledger export to the disk",
            args: s(&["ledger", "export", "--out", "{out}"]),
        },
        Case {
            name: "restore onto the disk",
            args: s(&["restore", path_str(&backup)]),
        },
        Case {
            name: "init on the disk",
            args: s(&["init", "--kdf-memory-mib", "19", "--kdf-iterations", "2"]),
        },
    ];
    (env, vault, cases)
}

/// Whether the case writes a file or a vault somewhere other than its vault.
fn writes_elsewhere(case: &Case) -> bool {
    case.args
        .iter()
        .any(|a| a.starts_with('{') && a != "{newpass}")
        || matches!(case.name, "restore onto the disk" | "init on the disk")
}

/// Runs the case on `vault`; files it writes go to the test's folder, or with `on_disk` to
/// the small disk.
fn run_case(env: &Env, disk: &SmallDisk, vault: &Path, case: &Case, on_disk: bool) -> Output {
    let here = if on_disk {
        disk.path().join("out")
    } else {
        env.tmp.path().join("out")
    };
    if !on_disk {
        let _ = std::fs::remove_dir_all(&here);
        std::fs::create_dir_all(&here).unwrap();
    }
    let newpass = env.file("newpass", "a new passphrase for faults");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            a.replace("{out}", path_str(&disk.path().join("out.file")))
                .replace("{herefolder}", path_str(&here))
                .replace("{here}", path_str(&here.join("file")))
                .replace("{newpass}", path_str(&newpass))
        })
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let target = match case.name {
        "restore onto the disk" | "init on the disk" => disk.path().join("new-vault"),
        _ => vault.to_path_buf(),
    };
    let mut cmd = env.command_in(&target, &args);
    cmd.env("TESSERA_PASSPHRASE", PASS)
        .stdin(std::process::Stdio::null());
    cmd.output().unwrap()
}

/// A refusal as promised: exit 7, the problem named, the vault as it was, nothing left over.
fn check_refused(
    env: &Env,
    disk: &SmallDisk,
    vault: &Path,
    before: &[String],
    out: &Output,
    expect: &str,
    what: &str,
) {
    assert_eq!(out.status.code(), Some(7), "{what}: {}", stderr(out));
    let err = stderr(out);
    assert!(err.contains(expect), "{what}: {err}");
    assert_eq!(contents(vault), before, "{what}: the vault changed");
    for dir in [vault, disk.path(), &env.tmp.path().join("out")] {
        assert!(
            leftovers(dir).is_empty(),
            "{what}: left in {}: {:?}",
            dir.display(),
            leftovers(dir)
        );
    }
}

#[test]
fn faults_a_full_disk_refuses_each_write_and_changes_nothing() {
    let disk = SmallDisk::new(8 << 20);
    let (env, vault, cases) = setup(&disk);
    let mut refusals = 0;
    for case in &cases {
        for free in [0u64, 16 << 10, 128 << 10, 512 << 10] {
            let what = format!("{} with {} KiB free", case.name, free >> 10);
            let before = contents(&vault);
            let saved = Saved::new(&env, &vault);
            disk.fill_leaving(free);
            let out = run_case(&env, &disk, &vault, case, false);
            disk.make_room();
            let _ = std::fs::remove_dir_all(disk.path().join("new-vault"));
            if out.status.success() {
                // Enough room for this one: put the vault back for the next.
                saved.put_back(&env, &vault);
                continue;
            }
            refusals += 1;
            eprintln!("{what}: {}", stderr(&out).trim());
            check_refused(&env, &disk, &vault, &before, &out, "is full", &what);
            // With room again, the same command goes through: nothing half-done is in its way.
            let again = run_case(&env, &disk, &vault, case, false);
            assert!(
                again.status.success(),
                "{what}, then with room: {}",
                stderr(&again)
            );
            let _ = std::fs::remove_dir_all(disk.path().join("new-vault"));
            saved.put_back(&env, &vault);
        }
    }
    println!(
        "faults: a full disk: {refusals} of {} attempts refused (the others had room) across {} \
         write paths, each refusal leaving the vault as it was and then done once there was room",
        cases.len() * 4,
        cases.len()
    );
}

#[test]
fn faults_a_read_only_folder_refuses_each_write_and_changes_nothing() {
    let disk = SmallDisk::new(8 << 20);
    let (env, vault, cases) = setup(&disk);
    let mut refusals = 0;
    for case in &cases {
        // A vault on the read-only disk; or, for what writes elsewhere, a vault that can be
        // written and the file or new vault on the read-only disk.
        let elsewhere = writes_elsewhere(case);
        let vault = if elsewhere {
            env.vault()
        } else {
            vault.clone()
        };
        let what = format!(
            "{} with {} on a read-only disk",
            case.name,
            if elsewhere { "its output" } else { "the vault" }
        );
        std::fs::create_dir_all(disk.path().join("out")).unwrap();
        let before = contents(&vault);
        disk.remount("ro");
        let out = run_case(&env, &disk, &vault, case, elsewhere);
        disk.remount("rw");
        assert!(!out.status.success(), "{what}: it succeeded");
        refusals += 1;
        eprintln!("{what}: {}", stderr(&out).trim());
        if matches!(case.name, "approve" | "revoke") {
            // The change is made first and kept; the message says so and how to save it.
            assert_eq!(out.status.code(), Some(7), "{what}");
            assert!(stderr(&out).contains("read-only"), "{what}");
            assert!(stderr(&out).contains("grant show"), "{what}");
            assert_ne!(contents(&vault), before, "{what}");
            // Each case runs once, so the next one starts from this state.
            continue;
        }
        check_refused(&env, &disk, &vault, &before, &out, "read-only", &what);
    }
    println!(
        "faults: a read-only disk: {refusals} refusals across {} write paths (the vault, or its \
         output, on it)",
        cases.len()
    );
}
