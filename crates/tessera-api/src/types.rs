//! Boundary types: what crosses IPC and `--json`. Only these are serializable.

use serde::Serialize;
use tessera_vault::{AnchorPresence, VaultInfo};
use ts_rs::TS;

/// What the UI needs to pick a screen: set up, unlock, or the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VaultState {
    pub exists: bool,
    pub unlocked: bool,
    pub path: String,
    pub auto_lock_seconds: u32,
}

/// Why the vault locked itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    /// Idle for the auto-lock time (time asleep counts).
    Idle,
    /// The computer was about to sleep.
    Sleep,
    /// The session's screen locked.
    ScreenLock,
}

impl LockReason {
    pub const ALL: [LockReason; 3] = [LockReason::Idle, LockReason::Sleep, LockReason::ScreenLock];

    /// Its name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            LockReason::Idle => "idle",
            LockReason::Sleep => "sleep",
            LockReason::ScreenLock => "screen_lock",
        }
    }

    /// What the lock screen says after the vault locked itself for this reason.
    pub fn label(self) -> String {
        tessera_text::text_of(&self.text_id())
    }

    /// The id of [`Self::label`]'s message in the catalogue (`locales/*/vocabulary.ftl`).
    pub fn text_id(self) -> String {
        format!("lock-reason-{}", self.as_str())
    }
}

/// The desktop app's `vault-locked` event: the state to show, and why it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AutoLocked {
    pub reason: LockReason,
    pub state: VaultState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KdfSummary {
    pub algorithm: String,
    pub memory_mib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EntryCount {
    pub kind: String,
    pub count: u32,
}

/// `tessera status` and the Settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct VaultStatus {
    pub path: String,
    pub header_version: u16,
    pub schema_version: u32,
    pub vault_id: String,
    pub kdf: KdfSummary,
    pub entries: Vec<EntryCount>,
    pub total_entries: u32,
    /// Another process has the vault open.
    pub in_use: bool,
    /// Whether this computer can recognise an older copy of this vault put back.
    pub rollback_check: RollbackCheck,
    /// A passphrase change was interrupted; the next unlock completes or undoes it.
    pub passphrase_change_pending: bool,
}

/// Whether this computer keeps a record (the rollback anchor) of the newest state of this
/// vault it has seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RollbackCheck {
    /// This computer has seen the vault and would notice an older copy put back.
    Active,
    /// This computer has no record of the vault yet (a new computer, or the record was
    /// removed): an older copy put back here would not be noticed.
    NoRecordHere,
    /// No records are kept (a tool or test configuration).
    NotKept,
}

impl From<VaultInfo> for VaultStatus {
    fn from(info: VaultInfo) -> Self {
        let entries: Vec<EntryCount> = info
            .entry_counts
            .into_iter()
            .map(|(kind, count)| EntryCount {
                kind,
                count: count.try_into().unwrap_or(u32::MAX),
            })
            .collect();
        VaultStatus {
            path: info.dir.display().to_string(),
            header_version: info.header_version,
            schema_version: info.schema_version,
            vault_id: info.vault_id,
            kdf: KdfSummary {
                algorithm: "argon2id".into(),
                memory_mib: info.kdf.memory_kib / 1024,
                iterations: info.kdf.iterations,
                parallelism: info.kdf.parallelism,
            },
            total_entries: entries.iter().map(|e| e.count).sum(),
            entries,
            in_use: info.in_use,
            rollback_check: match info.anchor {
                AnchorPresence::Present(_) => RollbackCheck::Active,
                AnchorPresence::Absent => RollbackCheck::NoRecordHere,
                AnchorPresence::NotKept => RollbackCheck::NotKept,
            },
            passphrase_change_pending: info.passphrase_change_pending,
        }
    }
}

/// A strength hint for a new passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StrengthHint {
    /// 0 (guessable in seconds) to 4 (very hard to guess).
    pub score: u8,
    /// The score in words (`Very weak` ... `Very strong`).
    pub label: String,
    pub crack_time: String,
    pub suggestions: Vec<String>,
    pub long_enough: bool,
}

/// Settings a person can change in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Idle time before the vault locks itself.
    pub auto_lock_seconds: u32,
    /// Set when the app was started with `--auto-lock-seconds`, which wins over the setting.
    pub auto_lock_overridden: bool,
}
