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
    "catalogue_fields",
    "vocabulary",
    "profile_list",
    "profile_set",
    "profile_remove",
    "brand_add",
    "brand_list",
    "brand_show",
    "brand_allow",
    "brand_deny",
    "brand_revoke_all",
    "who_can_see",
    "matrix",
    "request_import_text",
    "request_import_file",
    "request_list",
    "request_review",
    "request_preview",
    "request_approve",
    "request_deny",
    "grant_list",
    "grant_show",
    "grant_save",
    "grant_copy",
    "grant_revoke",
    "grant_renewal",
    "grant_renew",
    "revocation_save",
    "receipt_import_text",
    "ledger_list",
    "ledger_verify",
    "deletion_request",
    "deletion_dates",
    "deletion_calendar_save",
    "trace_alias",
    "profile_import_pick",
    "profile_import_paste",
    "profile_import_preview",
    "profile_import_apply",
    "profile_export_save",
    "ledger_export_save",
    "consent_records_save",
    "backup_save",
    "backup_auto_get",
    "backup_auto_choose",
    "backup_auto_off",
    "backup_pick",
    "backup_restore",
    "home",
    "terms_get",
    "terms_set",
    "letter_list",
    "letter_options",
    "letter_write",
    "letter_replied",
    "corrections",
    "reminder_days_get",
    "reminder_days_set",
    "reply_send",
    "reply_qr",
    "inbox_waiting",
    "inbox_open",
    "demo_start",
    "demo_receipt",
    "demo_remove",
];

/// An event the app sends the webview.
pub struct Event {
    /// Its name, as the webview listens for it.
    pub name: &'static str,
    /// The payload's Rust type, by path; its last segment names its TypeScript binding.
    pub payload: &'static str,
}

/// Every event the app sends the webview. `build.rs` generates from it the `AppEvent` enum the
/// app emits through (one variant per event, named after it) and `ui/src/bindings/Events.ts`,
/// the names and payloads `ui/src/lib/api.ts` listens by.
pub const EVENTS: &[Event] = &[
    // The vault locked itself: why (idle, sleep, screen lock) and the state to show.
    Event {
        name: "vault-locked",
        payload: "tessera_api::AutoLocked",
    },
    // Files or links the desktop handed over (dropped on the window, double-clicked, a
    // tessera: link, the app's own command line): opened, waiting for an unlock, or refused.
    Event {
        name: "documents-arrived",
        payload: "tessera_api::inbox::Arrivals",
    },
    // A menu item was chosen: its action, which the webview does as the same shortcut does.
    Event {
        name: "menu-chosen",
        payload: "tessera_api::desktop::MenuChoice",
    },
];
