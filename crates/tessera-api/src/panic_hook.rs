//! What Tessera's programs print when they panic. A panic is a bug, but its message (the
//! payload) may quote whatever was being handled: a profile value, a line of an imported file.
//! The hook installed here prints where the bug is and never what the payload says, in every
//! build, so that what is tested is what ships. With `RUST_BACKTRACE=1` it adds a backtrace,
//! which names functions, not data.

use std::backtrace::{Backtrace, BacktraceStatus};
use std::io::Write as _;
use std::panic::Location;

/// The one line printed for a panic at `location`.
// not words: a panic's report never calls into the catalogue, whose own loading may be what
// panicked; it stays in the reference language
pub fn report(program: &str, location: Option<&Location<'_>>) -> String {
    let place = location.map_or_else(
        || "an unknown place".to_owned(),
        |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
    );
    format!(
        "{program}: internal error at {place}. This is a bug: please report it. \
         (Its details are not shown, as they may contain personal data.)"
    )
}

/// Replaces the default panic hook for the whole process with one that prints [`report`].
pub fn install(program: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        let mut message = report(program, info.location());
        let backtrace = Backtrace::capture();
        if backtrace.status() == BacktraceStatus::Captured {
            message.push('\n');
            message.push_str(&backtrace.to_string());
        }
        message.push('\n');
        // Nothing more can be done if stderr is gone.
        let _ = std::io::stderr().lock().write_all(message.as_bytes());
        // The packages' binary is built to abort on a panic (Cargo.toml's `dist` profile: no
        // unwinding through state a bug left half-changed, and no unwinding tables to ship);
        // it ends with the status an unwound panic in `main` gives, which the README documents,
        // instead of SIGABRT's.
        if cfg!(panic = "abort") {
            std::process::exit(101);
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANARY: &str = "Jane Q. Canary, born 1990-04-23";
    const CHILD: &str = "TESSERA_PANIC_HOOK_CHILD";

    #[test]
    fn the_report_names_the_program_and_the_place() {
        let here = Location::caller();
        let text = report("tessera", Some(here));
        assert!(text.starts_with("tessera: internal error at "), "{text}");
        assert!(
            text.contains(&format!("panic_hook.rs:{}:", here.line())),
            "{text}"
        );
        assert!(report("tessera-app", None).contains("an unknown place"));
    }

    /// The installed hook, in a real process with a real stderr: the payload never appears.
    /// The test runs itself again as a child (marked by an environment variable) that installs
    /// the hook and panics with personal-looking data.
    #[test]
    fn an_installed_hook_prints_the_place_and_never_the_payload() {
        if std::env::var_os(CHILD).is_some() {
            install("tessera-test");
            let value = String::from(CANARY);
            panic!("cannot handle {value}");
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "panic_hook::tests::an_installed_hook_prints_the_place_and_never_the_payload",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "the child must fail: {stdout}");
        assert!(
            stderr.contains("tessera-test: internal error at ")
                && stderr.contains("panic_hook.rs:"),
            "{stderr}"
        );
        for part in ["Jane", "Canary", "1990", "cannot handle"] {
            assert!(
                !stderr.contains(part) && !stdout.contains(part),
                "{part:?} leaked:\n{stderr}\n{stdout}"
            );
        }
    }
}
