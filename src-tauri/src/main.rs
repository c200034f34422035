// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

fn main() {
    // A panic's message may quote personal data: print only where it happened.
    tessera_api::panic_hook::install("tessera-app");
    tessera_app::run();
}
