//! A bare Tauri 2 window: the baseline of scripts/bench-app.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the bare window");
}
