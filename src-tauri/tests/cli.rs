//! The app's binary as the packages' `tessera` command (`/usr/bin/tessera` runs
//! `tessera-app --cli "$@"`): the same CLI as the `tessera` binary, started without a window or
//! a display.

use std::process::{Command, Output};

fn app(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tessera-app"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("TESSERA_LOCALE", "en")
        .output()
        .expect("the app's binary runs")
}

#[test]
fn with_cli_first_the_app_binary_is_the_tessera_command() {
    let out = app(&["--cli", "--version"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("tessera {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = app(&["--cli", "--help"]);
    assert!(help.status.success(), "{help:?}");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Usage: tessera [OPTIONS] <COMMAND>"),
        "{help}"
    );
    assert!(help.contains("brand-kit"), "{help}");
}

#[test]
fn the_cli_in_the_app_binary_exits_with_the_clis_codes_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-vault-here");
    let out = app(&[
        "--cli",
        "status",
        "--json",
        "--vault",
        missing.to_str().unwrap(),
    ]);
    // 4: missing input (the README's table), with the CLI's own JSON report.
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["error"]["code"], "vault_not_found", "{report}");
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("tessera: "),
        "{out:?}"
    );
    // A flag only the window knows is a usage error of the CLI (2), not a window.
    let out = app(&["--cli", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!missing.exists(), "nothing was created");
}
