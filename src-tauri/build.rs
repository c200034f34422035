// The app's commands get generated `allow-*` permissions; `capabilities/main.json` grants the
// main window exactly these and nothing else.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(tessera_app_commands::COMMANDS)),
    )
    .expect("failed to run tauri-build");
}

#[path = "src/commands_list.rs"]
mod tessera_app_commands;
