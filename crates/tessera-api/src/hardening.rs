//! What both programs do to their own process so that another program of the same user finds
//! less to read: on Linux, release builds mark the process non-dumpable (`PR_SET_DUMPABLE` 0:
//! no core dump, and `/proc/PID/mem`, `ptrace` and `gcore` refused to anyone without
//! `CAP_SYS_PTRACE`), and test builds may stop themselves after locking so that a test can
//! read their memory (`docs/reliability.md`, "Secrets in memory").
//!
//! Debug builds stay dumpable: developers need core dumps and debuggers, and the memory tests
//! read the memory of debug builds.

/// Marks this process non-dumpable, where the platform has such a thing (Linux). Returns
/// whether it did. The faces call it first thing in release builds.
pub fn make_undumpable() -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
            .is_ok()
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        false
    }
}

/// Whether this process may be dumped (`PR_GET_DUMPABLE`); `None` where the platform does not
/// say.
pub fn is_dumpable() -> Option<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        rustix::process::dumpable_behavior()
            .ok()
            .map(|b| b != rustix::process::DumpableBehavior::NotDumpable)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        None
    }
}

/// Calls [`make_undumpable`] in release builds; debug builds are left as they are.
pub fn harden_release_build() {
    if cfg!(not(debug_assertions)) {
        make_undumpable();
    }
}

/// The test hook of the memory tests, in debug builds only: when the environment variable
/// [`STOP_BEFORE_EXIT_ENV`] is set, the process stops itself (`SIGSTOP`) at the point where a
/// face calls this (after the vault is locked, before exit), so that the test can read its
/// memory; the test then continues it (`SIGCONT`). Release builds do nothing here.
pub fn stop_for_memory_test_if_asked() {
    #[cfg(all(debug_assertions, any(target_os = "linux", target_os = "android")))]
    if std::env::var_os(STOP_BEFORE_EXIT_ENV).is_some() {
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::STOP);
    }
}

/// See [`stop_for_memory_test_if_asked`].
pub const STOP_BEFORE_EXIT_ENV: &str = "TESSERA_TEST_STOP_BEFORE_EXIT";

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = "TESSERA_HARDENING_CHILD";

    /// In a real child process (this test binary run again): dumpable before, not after, as a
    /// release build of either face is from its first line.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_process_made_undumpable_reports_dumpable_zero() {
        if std::env::var_os(CHILD).is_some() {
            let before = is_dumpable();
            let done = make_undumpable();
            println!("before={before:?} done={done} after={:?}", is_dumpable());
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "hardening::tests::a_process_made_undumpable_reports_dumpable_zero",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}");
        assert!(
            stdout.contains("before=Some(true) done=true after=Some(false)"),
            "{stdout}"
        );
        // This test process itself was not touched.
        assert_eq!(is_dumpable(), Some(true));
    }
}
