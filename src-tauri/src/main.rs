// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

/// Every heap block is wiped when freed: values and passphrases that passed through strings,
/// JSON and buffers leave no copy behind once the vault is locked (the C libraries' own
/// allocations are not covered; `docs/reliability.md`, "Secrets in memory").
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() {
    // Release builds: no core dump, no /proc/PID/mem for other programs of this user.
    tessera_api::hardening::harden_release_build();
    // A panic's message may quote personal data: print only where it happened.
    tessera_api::panic_hook::install("tessera-app");
    tessera_app::run();
}
