//! `memory_*`: after the vault is locked, the process holds no copy of the passphrase or of the
//! values it handled. Each command runs with the debug builds' test hook
//! (`TESSERA_TEST_STOP_BEFORE_EXIT`, `tessera_api::hardening`): the process stops itself once
//! its session is locked and its output written, this test reads every readable mapping of it
//! through `/proc/PID/mem` (`tessera_test_support::memory`), then lets it exit.
//!
//! The passphrase comes from a file: an environment variable would stay in the process's
//! environment block, which no program can wipe (documented in docs/reliability.md). Values are
//! given on standard input, not as arguments, for the same reason (argv).

use std::io::Write as _;
use std::process::Stdio;
use std::time::Duration;

use tessera_test_support::memory::{Scan, scan_process, wait_until_stopped};

use super::*;

/// Canaries unique to this run, so that nothing but this run can have put them anywhere.
struct Canaries {
    passphrase: String,
    new_passphrase: String,
    email: String,
    name: String,
}

impl Canaries {
    fn new() -> Canaries {
        let tag = format!(
            "{}x{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        Canaries {
            passphrase: format!("canary passphrase {tag} horse"),
            new_passphrase: format!("canary new passphrase {tag} staple"),
            email: format!("canary.{tag}@example.org"),
            name: format!("Canaryname{tag}"),
        }
    }

    fn all(&self) -> [&str; 4] {
        [
            &self.passphrase,
            &self.new_passphrase,
            &self.email,
            &self.name,
        ]
    }
}

/// Runs `tessera ARGS` with `stdin`, at the most verbose log level there is, until it stops
/// itself after locking, scans its memory, and lets it finish; the command must succeed, and
/// its stderr must name no canary. Returns the scan and the number of stderr lines.
fn run_and_scan(env: &Env, args: &[&str], stdin: &str, canaries: &Canaries) -> (Scan, usize) {
    let mut child = env
        .command(args)
        .env(tessera_api::hardening::STOP_BEFORE_EXIT_ENV, "1")
        // Tessera installs no logger, so `RUST_LOG` reaches nothing (set in case a dependency
        // ever installs one); a panic would print a full backtrace.
        .env("RUST_LOG", "trace")
        .env("RUST_BACKTRACE", "full")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).unwrap();
    }
    let pid = child.id();
    assert!(
        wait_until_stopped(pid, Duration::from_secs(60)),
        "tessera {args:?} did not stop at the test hook"
    );
    let scan = scan_process(pid, &canaries.all()).unwrap();
    std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_success(&out);
    let err = stderr(&out);
    for canary in canaries.all() {
        assert!(
            !err.contains(canary),
            "tessera {args:?} names a canary on stderr:\n{err}"
        );
    }
    assert!(
        scan.hits.is_empty(),
        "tessera {args:?} still holds canaries after locking:\n{}",
        scan.describe_hits()
    );
    (scan, err.lines().count())
}

#[test]
fn memory_after_lock_holds_no_passphrase_and_no_value_and_stderr_names_none() {
    let canaries = Canaries::new();
    let env = Env::new();
    let pass = env.file("pass", &format!("{}\n", canaries.passphrase));
    let new_pass = env.file("new-pass", &format!("{}\n", canaries.new_passphrase));
    let pass = path_str(&pass);
    let new_pass = path_str(&new_pass);
    let backup = env.tmp.path().join("backup.tessera");
    let vcard = env.tmp.path().join("me.vcf");
    let steps: Vec<(Vec<&str>, String)> = vec![
        (
            vec![
                "init",
                "--passphrase-file",
                pass,
                "--kdf-memory-mib",
                "19",
                "--kdf-iterations",
                "2",
            ],
            String::new(),
        ),
        (
            vec!["--passphrase-file", pass, "profile", "set", "email", "-"],
            format!("{}\n", canaries.email),
        ),
        (
            vec![
                "--passphrase-file",
                pass,
                "profile",
                "set",
                "given_name",
                "-",
            ],
            format!("{}\n", canaries.name),
        ),
        (
            vec!["--passphrase-file", pass, "profile", "list"],
            String::new(),
        ),
        (
            vec![
                "--json",
                "--passphrase-file",
                pass,
                "profile",
                "get",
                "email",
            ],
            String::new(),
        ),
        (
            vec![
                "--passphrase-file",
                pass,
                "profile",
                "export",
                "--format",
                "vcard",
                "--out",
                path_str(&vcard),
            ],
            String::new(),
        ),
        (
            vec![
                "--passphrase-file",
                pass,
                "backup",
                "--out",
                path_str(&backup),
            ],
            String::new(),
        ),
        (
            vec![
                "--passphrase-file",
                pass,
                "passwd",
                "--new-passphrase-file",
                new_pass,
                "--kdf-memory-mib",
                "19",
                "--kdf-iterations",
                "2",
            ],
            String::new(),
        ),
        (
            vec!["--passphrase-file", new_pass, "profile", "list"],
            String::new(),
        ),
    ];
    let mut total = Scan::default();
    let mut lines = 0;
    for (args, stdin) in &steps {
        let (scan, stderr_lines) = run_and_scan(&env, args, stdin, &canaries);
        total.add(scan);
        lines += stderr_lines;
    }
    // The values were really there to be found: they are in the export the commands wrote.
    let exported = std::fs::read_to_string(&vcard).unwrap();
    assert!(exported.contains(&canaries.email) && exported.contains(&canaries.name));
    eprintln!(
        "memory after lock (CLI): {} canaries checked in {} processes: {}",
        canaries.all().len(),
        steps.len(),
        total
    );
    eprintln!(
        "verbose logs (CLI): {lines} lines of stderr from {} commands checked for {} canaries: none found",
        steps.len(),
        canaries.all().len()
    );
}
