// The app's commands get generated `allow-*` permissions; `capabilities/main.json` grants the
// main window exactly these and nothing else.
fn main() {
    check_every_command_is_granted();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(tessera_app_commands::COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

/// A command registered but not granted builds and runs, and fails only when the webview calls
/// it ("not allowed"): refuse to build instead. (tauri-build already refuses a grant of a
/// permission that does not exist.)
fn check_every_command_is_granted() {
    const CAPABILITY: &str = "capabilities/main.json";
    println!("cargo:rerun-if-changed={CAPABILITY}");
    let granted = std::fs::read_to_string(CAPABILITY).expect("read capabilities/main.json");
    let missing: Vec<String> = tessera_app_commands::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .filter(|p| !granted.contains(&format!("\"{p}\"")))
        .collect();
    assert!(
        missing.is_empty(),
        "{CAPABILITY} does not grant {}: add them to its permissions",
        missing.join(", ")
    );
}

#[path = "src/commands_list.rs"]
mod tessera_app_commands;
