//! The desktop app's flows around the session that need what only a desktop has (native
//! dialogs, the clipboard), written once here behind [`Host`] so the app's commands stay one
//! line each and every flow is tested with a fake host (`tests/desktop.rs`).
//!
//! Each flow holds the session only while it uses it: never while a dialog is open, so the
//! idle lock and other commands go on while the person chooses a file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jiff::Timestamp;
use tessera_profile::interchange::Format;
use tessera_vault::Passphrase;
use zeroize::Zeroizing;

use crate::backup::{BackupChoice, BackupView, RestoredBackup};
use crate::exchange::{ImportedRequest, read_token_file};
use crate::profile::ImportPlanView;
use crate::reply::{ReplyItem, ReplyPath};
use crate::{ApiError, ApiErrorCode, ContinuousInstant, Session};

/// What only the desktop can do. The app implements it with Tauri's dialog and clipboard
/// plugins; tests with a fake.
pub trait Host {
    /// The native open dialog; `None` when the person cancels.
    fn pick_file(&self, dialog: OpenDialog) -> Result<Option<PathBuf>, ApiError>;
    /// The native save dialog, offering `suggested` as the name; `None` when cancelled.
    fn save_file(&self, suggested: &str) -> Result<Option<PathBuf>, ApiError>;
    /// Hands `link` (a `mailto:` draft or an https page, made by [`crate::reply`]) to the
    /// person's mail client or browser.
    fn open_link(&self, link: &str) -> Result<(), ApiError>;
    /// A desktop notification.
    fn notify(&self, title: &str, body: &str) -> Result<(), ApiError>;
    /// The native folder chooser, titled `title`, showing `start` first; `None` when cancelled.
    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Result<Option<PathBuf>, ApiError>;
    fn write_clipboard(&self, text: &str) -> Result<(), ApiError>;
    /// The clipboard's text, or `None` when it holds none or cannot be read.
    fn read_clipboard(&self) -> Option<String>;
    /// The wall clock, read when a flow writes to the vault (a dialog may stay open a while).
    fn now(&self) -> Timestamp;
    /// The clock that counts sleep, for the clipboard's expiry.
    fn instant(&self) -> ContinuousInstant;
}

impl<H: Host + ?Sized> Host for &H {
    fn pick_file(&self, dialog: OpenDialog) -> Result<Option<PathBuf>, ApiError> {
        (**self).pick_file(dialog)
    }
    fn save_file(&self, suggested: &str) -> Result<Option<PathBuf>, ApiError> {
        (**self).save_file(suggested)
    }
    fn open_link(&self, link: &str) -> Result<(), ApiError> {
        (**self).open_link(link)
    }
    fn notify(&self, title: &str, body: &str) -> Result<(), ApiError> {
        (**self).notify(title, body)
    }
    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Result<Option<PathBuf>, ApiError> {
        (**self).pick_folder(title, start)
    }
    fn write_clipboard(&self, text: &str) -> Result<(), ApiError> {
        (**self).write_clipboard(text)
    }
    fn read_clipboard(&self) -> Option<String> {
        (**self).read_clipboard()
    }
    fn now(&self) -> Timestamp {
        (**self).now()
    }
    fn instant(&self) -> ContinuousInstant {
        (**self).instant()
    }
}

/// The files the app asks the person to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenDialog {
    /// A brand's signed request.
    Request,
    /// A vCard or JSContact file to import into the profile.
    ProfileFile,
    /// A backup to restore (the first-run screen).
    Backup,
}

impl OpenDialog {
    pub fn title(self) -> String {
        match self {
            OpenDialog::Request => tessera_text::text!("desktop-dialog-request"),
            OpenDialog::ProfileFile => tessera_text::text!("desktop-dialog-profile-file"),
            OpenDialog::Backup => tessera_text::text!("desktop-dialog-backup"),
        }
    }

    /// The filters the dialog offers, the first shown at first: each a name and the
    /// extensions it shows (`*`: any).
    pub fn filters(self) -> Vec<(String, &'static [&'static str])> {
        match self {
            OpenDialog::Request => vec![(
                tessera_text::text!("desktop-filter-request"),
                &["jwt", "txt"],
            )],
            OpenDialog::ProfileFile => {
                vec![(
                    tessera_text::text!("desktop-filter-contact-card"),
                    &["vcf", "vcard", "json"],
                )]
            }
            OpenDialog::Backup => vec![
                (tessera_text::text!("desktop-filter-backup"), &["tessera"]),
                (tessera_text::text!("desktop-filter-all-files"), &["*"]),
            ],
        }
    }
}

/// How long a copied grant stays on the clipboard.
pub const CLIPBOARD_HOLD: Duration = Duration::from_secs(30);

/// The session as the app shares it between commands and background tasks.
/// The desktop app's `menu-chosen` event: the action of the menu item chosen (`lock`,
/// `section:home`...), as `ui/src/lib/shortcuts.json` names it; the webview does what that
/// action's shortcut does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MenuChoice {
    pub action: String,
}

#[derive(Clone)]
pub struct SharedSession(Arc<Mutex<Session>>);

impl SharedSession {
    pub fn new(session: Session) -> Self {
        SharedSession(Arc::new(Mutex::new(session)))
    }

    /// The session. A panic while it was held must not leave the vault reachable: the
    /// recovered session is locked (keys wiped) before anyone uses it again.
    pub fn lock(&self) -> MutexGuard<'_, Session> {
        self.0.lock().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            guard.lock();
            // Locked now: the session is sound again, and later calls must not lock it anew.
            self.0.clear_poison();
            guard
        })
    }

    /// Runs slow work (Argon2id takes about a second, a dialog as long as the person takes)
    /// on a blocking thread, so the window stays responsive. Must be called within a Tokio
    /// runtime (Tauri's is one).
    pub async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&SharedSession) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let shared = self.clone();
        tokio::task::spawn_blocking(move || work(&shared))
            .await
            // A panicked task's error quotes the panic's message, which may hold personal
            // data: the UI gets only the fact (the session is locked by `lock` on next use).
            .map_err(|_| {
                ApiError::new(
                    ApiErrorCode::Internal,
                    tessera_text::text!("api-internal-error-locked"),
                )
            })?
    }
}

/// Saves `text` where the person chooses, atomically, ending in a newline. Whether it was saved.
fn save_text(host: &impl Host, suggested: &str, text: &str) -> Result<bool, ApiError> {
    let Some(path) = host.save_file(suggested)? else {
        return Ok(false);
    };
    crate::files::write_text(&path, text)?;
    Ok(true)
}

/// Imports a request the person chooses with the open dialog; `None` when they cancel.
pub fn import_request_file(
    host: &impl Host,
    session: &SharedSession,
    trust_new_key: bool,
) -> Result<Option<ImportedRequest>, ApiError> {
    let Some(path) = host.pick_file(OpenDialog::Request)? else {
        return Ok(None);
    };
    let token = read_token_file(&path)?;
    session
        .lock()
        .request_import(&token, trust_new_key, host.now())
        .map(Some)
}

/// Saves a grant with the save dialog as `JTI.jwt` and records the export in the ledger.
pub fn save_grant(host: &impl Host, session: &SharedSession, jti: &str) -> Result<bool, ApiError> {
    let token = Zeroizing::new(session.lock().grant_show(jti, host.now())?.token);
    let saved = save_text(host, &format!("{jti}.jwt"), &token)?;
    if saved {
        // not words: a ledger entry's detail is part of its hashed record, kept as written
        session
            .lock()
            .grant_exported(jti, "saved with the save dialog", host.now())?;
    }
    Ok(saved)
}

/// Sends grant `jti` (or its revocation) back the way its brand asked, on the person's click:
/// a draft in their mail client or the brand's page in their browser ([`crate::reply`]),
/// recorded in the ledger; for a brand that asked for a file, the save dialog. Returns how
/// it went back, or `None` when the save dialog was cancelled.
pub fn send_reply(
    host: &impl Host,
    session: &SharedSession,
    jti: &str,
    item: ReplyItem,
) -> Result<Option<ReplyPath>, ApiError> {
    let reply = session.lock().reply(jti, item)?;
    let Some(link) = &reply.link else {
        let saved = match item {
            ReplyItem::Grant => save_grant(host, session, jti)?,
            ReplyItem::Revocation => save_revocation(host, session, jti)?,
        };
        return Ok(saved.then_some(reply.path));
    };
    host.open_link(link)?;
    // not words: a ledger entry's detail is part of its hashed record, kept as written
    let what = match item {
        ReplyItem::Grant => "",
        ReplyItem::Revocation => "its revocation ",
    };
    // not words: a ledger entry's detail is part of its hashed record, kept as written
    let how = match &reply.path {
        ReplyPath::Email { to, .. } => format!("{what}opened as an email draft to {to}"),
        ReplyPath::Page { url } => format!("{what}opened at the brand's page {url}"),
        ReplyPath::File => unreachable!("a file has no link"),
    };
    session.lock().grant_exported(jti, &how, host.now())?;
    Ok(Some(reply.path))
}

/// The variable naming the file where debug builds write the links they would open.
pub const TEST_OPENED_LINKS_ENV: &str = "TESSERA_TEST_OPENED_LINKS";
/// The variable naming the file where debug builds write the notifications they would show.
pub const TEST_NOTIFICATIONS_ENV: &str = "TESSERA_TEST_NOTIFICATIONS";

/// The end-to-end tests' hook, in debug builds only: when the variable `env`
/// ([`TEST_OPENED_LINKS_ENV`], [`TEST_NOTIFICATIONS_ENV`]) names a file, what the app would
/// hand to the desktop (a link to open, a notification to show) is appended to it as one line
/// instead. Returns whether it was (and so must not be handed over). Release builds never read
/// the variables.
pub fn recorded_for_tests(env: &str, line: &str) -> Result<bool, ApiError> {
    if !cfg!(debug_assertions) {
        return Ok(false);
    }
    let Some(file) = std::env::var_os(env) else {
        return Ok(false);
    };
    use std::io::Write as _;
    let path = PathBuf::from(file);
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{line}"))
        .map_err(|e| {
            ApiError::new(
                crate::ApiErrorCode::Io,
                tessera_text::text!(
                    "api-cannot-write",
                    path = path.display().to_string(),
                    reason = e.to_string()
                ),
            )
        })?;
    Ok(true)
}

/// Shows, as desktop notifications, the reminders due that this session has not shown yet
/// ([`crate::reminders`]); how many. Nothing while the vault is locked.
pub fn remind(host: &impl Host, session: &SharedSession, now: Timestamp) -> Result<u32, ApiError> {
    let due = {
        let mut s = session.lock();
        if !s.state().unlocked {
            return Ok(0);
        }
        s.new_reminders(now)?
    };
    for r in &due {
        host.notify(&r.title, &r.body)?;
    }
    Ok(due.len().try_into().unwrap_or(u32::MAX))
}

/// Saves a revoked grant's revocation with the save dialog as `JTI-revocation.jwt`.
pub fn save_revocation(
    host: &impl Host,
    session: &SharedSession,
    jti: &str,
) -> Result<bool, ApiError> {
    let token = session
        .lock()
        .grant_show(jti, host.now())?
        .revocation
        .ok_or_else(|| {
            ApiError::invalid_input(tessera_text::text!(
                "api-grant-not-revoked",
                id = jti.to_owned()
            ))
        })?;
    save_text(host, &format!("{jti}-revocation.jwt"), &token)
}

/// Saves the profile, unencrypted, in `format`, offering the format's usual file name.
pub fn save_profile_export(
    host: &impl Host,
    session: &SharedSession,
    format: Format,
) -> Result<bool, ApiError> {
    let text = Zeroizing::new(session.lock().export_profile(format)?);
    save_text(host, format.file_name(), &text)
}

/// Saves the signed ledger export as `tessera-ledger.jwt`.
pub fn save_ledger_export(host: &impl Host, session: &SharedSession) -> Result<bool, ApiError> {
    let token = session.lock().ledger_export(host.now())?;
    save_text(host, "tessera-ledger.jwt", &token)
}

/// Saves the consent records as `tessera-consent-records.json`.
pub fn save_consent_records(host: &impl Host, session: &SharedSession) -> Result<bool, ApiError> {
    let text = session.lock().consent_records(host.now())?;
    save_text(host, "tessera-consent-records.json", &text)
}

/// Saves the evidence bundle of a complaint about `brand` (`tessera-complaint-HOST.json`).
pub fn save_complaint_bundle(
    host: &impl Host,
    session: &SharedSession,
    brand: &str,
) -> Result<bool, ApiError> {
    let complaint = session.lock().complaint(brand, host.now())?;
    save_text(host, &complaint.file_name, &complaint.bundle)
}

/// Saves the deletion dates as `tessera-deletions.ics`, for the person's calendar.
pub fn save_deletion_calendar(host: &impl Host, session: &SharedSession) -> Result<bool, ApiError> {
    let ics = session.lock().deletion_calendar(host.now())?;
    save_text(host, "tessera-deletions.ics", &ics)
}

/// Chooses a profile file with the open dialog and keeps it in the session for the import
/// preview (the webview never holds its bytes). `None` when the person cancels.
pub fn pick_profile_import(
    host: &impl Host,
    session: &SharedSession,
) -> Result<Option<ImportPlanView>, ApiError> {
    let Some(path) = host.pick_file(OpenDialog::ProfileFile)? else {
        return Ok(None);
    };
    let (name, bytes) = crate::files::read_profile_file(&path)?;
    session
        .lock()
        .import_stage(&name, bytes, host.now())
        .map(Some)
}

/// Writes a backup of the whole vault where the person chooses with the save dialog, offered as
/// `tessera-backup-YYYY-MM-DD.tessera`: under the vault's passphrase, or under
/// `own_passphrase` (checked before the dialog opens, like a new vault's). What it holds, or
/// `None` when the person cancels.
pub fn save_backup(
    host: &impl Host,
    session: &SharedSession,
    own_passphrase: Option<&Passphrase>,
) -> Result<Option<BackupView>, ApiError> {
    if let Some(own) = own_passphrase {
        own.check_new()?;
    }
    let suggested = session.lock().backup_file_name(host.now())?;
    let Some(path) = host.save_file(&suggested)? else {
        return Ok(None);
    };
    session
        .lock()
        .backup(&path, own_passphrase, host.now())
        .map(Some)
}

/// Turns automatic backups on into a folder the person chooses with the native folder chooser
/// (refused, with what is wrong, when it is inside the vault folder or cannot be written),
/// keeping the newest `keep`. The new choice, or `None` when they cancel (nothing changes).
pub fn choose_auto_backup_folder(
    host: &impl Host,
    session: &SharedSession,
    keep: u32,
) -> Result<Option<crate::auto_backup::AutoBackup>, ApiError> {
    // Locked vaults have no settings: say so before the dialog, not after. The chooser starts
    // in the folder chosen before, else in the home folder (GTK would show "Recent", where no
    // folder can be chosen).
    let current = session.lock().auto_backup()?.folder.map(PathBuf::from);
    let start = current
        .filter(|f| f.is_dir())
        .or_else(tessera_vault::paths::home_dir);
    let Some(folder) = host.pick_folder(
        &tessera_text::text!("desktop-dialog-auto-backup-folder"),
        start.as_deref(),
    )?
    else {
        return Ok(None);
    };
    session
        .lock()
        .set_auto_backup(Some(&folder), keep)
        .map(Some)
}

/// Chooses a backup to restore with the open dialog (first run: no vault here yet) and keeps
/// it in the session; what the person is asked next depends on whether it has a passphrase of
/// its own. `None` when they cancel (a backup chosen before stays chosen).
pub fn pick_backup(
    host: &impl Host,
    session: &SharedSession,
) -> Result<Option<BackupChoice>, ApiError> {
    session.lock().check_restore_target()?;
    let Some(path) = host.pick_file(OpenDialog::Backup)? else {
        return Ok(None);
    };
    session.lock().restore_choose(path).map(Some)
}

/// Restores the backup chosen with [`pick_backup`] into the app's vault folder and opens it
/// (see `Session::restore_chosen`); `accept_older` answers "restore anyway" after
/// `vault_rolled_back`.
pub fn restore_backup(
    host: &impl Host,
    session: &SharedSession,
    passphrase: &Passphrase,
    vault_passphrase: Option<&Passphrase>,
    accept_older: bool,
) -> Result<RestoredBackup, ApiError> {
    session.lock().restore_chosen(
        passphrase,
        vault_passphrase,
        accept_older,
        host.now(),
        host.instant(),
    )
}

/// A grant put on the clipboard, to be cleared when its time is up.
pub struct CopiedGrant {
    token: Zeroizing<String>,
    copied_at: ContinuousInstant,
}

impl CopiedGrant {
    /// How long it stays, in whole seconds (what the app tells the person).
    pub fn seconds(&self) -> u32 {
        u32::try_from(CLIPBOARD_HOLD.as_secs()).unwrap_or(u32::MAX)
    }

    /// Whether its time is up at `now`; a clock that went backwards counts as up.
    pub fn is_due(&self, now: ContinuousInstant) -> bool {
        now.checked_duration_since(self.copied_at)
            .is_none_or(|held| held >= CLIPBOARD_HOLD)
    }

    /// Empties the clipboard if it still holds this grant (never what the person copied since).
    /// Whether it did.
    pub fn clear(&self, host: &impl Host) -> bool {
        host.read_clipboard()
            .is_some_and(|current| *current == **self.token)
            && host.write_clipboard("").is_ok()
    }

    /// Waits until the time is up, checking each second on the clock that counts sleep (Tokio's
    /// timers do not: a grant copied just before the lid closes is cleared as the computer
    /// wakes, not 30 awake seconds later), then clears it.
    pub async fn clear_when_due(self, host: impl Host) -> bool {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        while !self.is_due(host.instant()) {
            tick.tick().await;
        }
        self.clear(&host)
    }
}

/// Copies a grant to the clipboard and records it in the ledger. The caller then runs
/// [`CopiedGrant::clear_when_due`] in the background.
pub fn copy_grant(
    host: &impl Host,
    session: &SharedSession,
    jti: &str,
) -> Result<CopiedGrant, ApiError> {
    let mut session = session.lock();
    let token = Zeroizing::new(session.grant_show(jti, host.now())?.token);
    host.write_clipboard(&token)?;
    let copied = CopiedGrant {
        token,
        copied_at: host.instant(),
    };
    // not words: a ledger entry's detail is part of its hashed record, kept as written
    session.grant_exported(jti, "copied to the clipboard", host.now())?;
    Ok(copied)
}
