// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

/// Every heap block is wiped when freed: values and passphrases that passed through strings,
/// JSON and buffers leave no copy behind once the vault is locked (the C libraries' own
/// allocations are not covered; `docs/reliability.md`, "Secrets in memory").
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// The first argument that runs the command line instead of the window: the packages ship one
/// binary, and their `/usr/bin/tessera` is `exec tessera-app --cli "$@"`.
const CLI: &str = "--cli";

fn main() -> std::process::ExitCode {
    if std::env::args_os().nth(1).is_some_and(|first| first == CLI) {
        // Its words and messages name the command the person typed.
        let args = std::iter::once("tessera".into()).chain(std::env::args_os().skip(2));
        return tessera_cli::main(args);
    }
    // Release builds: no core dump, no /proc/PID/mem for other programs of this user.
    tessera_api::hardening::harden_release_build();
    // A panic's message may quote personal data: print only where it happened.
    tessera_api::panic_hook::install("tessera-app");
    tessera_app::run();
    std::process::ExitCode::SUCCESS
}
