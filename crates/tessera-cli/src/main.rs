//! The `tessera` binary: the CLI library's one entry point (see `lib.rs`).
#![forbid(unsafe_code)]

/// Every heap block is wiped when freed: values and passphrases that passed through strings,
/// JSON and buffers leave no copy behind once the vault is locked (the C libraries' own
/// allocations are not covered; `docs/reliability.md`, "Secrets in memory").
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> std::process::ExitCode {
    tessera_cli::main(std::env::args_os())
}
