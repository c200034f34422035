/// Every IPC command the webview may call. Shared by `build.rs` (permissions) and `lib.rs`.
pub const COMMANDS: &[&str] = &[
    "vault_state",
    "create_vault",
    "unlock_vault",
    "lock_vault",
    "vault_status",
    "estimate_passphrase",
    "get_settings",
    "set_auto_lock",
    "change_passphrase",
    "touch",
];
