//! Commands for requests, grants, receipts, the ledger and backups. Native file dialogs and the
//! clipboard are used from Rust only: the webview gets no dialog, clipboard or file access.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_notification::NotificationExt;
use tauri_plugin_opener::OpenerExt;
use tessera_api::aliases::AliasTrace;
use tessera_api::auto_backup::AutoBackup;
use tessera_api::backup::{BackupChoice, BackupView, RestoredBackup};
use tessera_api::desktop::{self, Host, OpenDialog, SharedSession};
use tessera_api::exchange::{
    ApprovalPreview, ApprovalResult, ApproveRequest, DeletionRequest, GrantDetail, GrantPage,
    GrantSummary, ImportedRequest, LedgerCheckProgress, LedgerPageView, LedgerQuery, ListQuery,
    RenewRequest, RenewalView, RequestPage, RequestReview, RequestSummary,
};
use tessera_api::inbox::Arrivals;
use tessera_api::letters::{ComplaintView, Correction, LetterOptions, LetterView, WriteLetter};
use tessera_api::profile::{Format, ImportChoices, ImportPlanView};
use tessera_api::reply::{QrView, ReplyItem, ReplyPath};
use tessera_api::retention::DeletionDates;
use tessera_api::terms::{SetTerms, TermsView};
use tessera_api::{ApiError, ApiErrorCode, ContinuousInstant};
use tessera_vault::Passphrase;

use crate::AppEvent;

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ApiErrorCode::Internal, e.to_string())
}

/// The desktop as `tessera_api::desktop` needs it: Tauri's dialogs and clipboard, the clocks.
struct TauriHost<R: Runtime>(AppHandle<R>);

impl<R: Runtime> Host for TauriHost<R> {
    fn pick_file(&self, dialog: OpenDialog) -> Result<Option<PathBuf>, ApiError> {
        let mut picker = self.0.dialog().file().set_title(dialog.title());
        for (filter, extensions) in dialog.filters() {
            picker = picker.add_filter(filter, extensions);
        }
        let picked = picker.blocking_pick_file();
        picked.map(|p| p.into_path().map_err(internal)).transpose()
    }

    fn save_file(&self, suggested: &str) -> Result<Option<PathBuf>, ApiError> {
        let picked = self
            .0
            .dialog()
            .file()
            .set_file_name(suggested)
            .blocking_save_file();
        picked.map(|p| p.into_path().map_err(internal)).transpose()
    }

    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Result<Option<PathBuf>, ApiError> {
        let mut dialog = self.0.dialog().file().set_title(title);
        if let Some(start) = start {
            dialog = dialog.set_directory(start);
        }
        let picked = dialog.blocking_pick_folder();
        picked.map(|p| p.into_path().map_err(internal)).transpose()
    }

    fn open_link(&self, link: &str) -> Result<(), ApiError> {
        if desktop::recorded_for_tests(desktop::TEST_OPENED_LINKS_ENV, link)? {
            return Ok(());
        }
        self.0
            .opener()
            .open_url(link, None::<&str>)
            .map_err(internal)
    }

    fn notify(&self, title: &str, body: &str) -> Result<(), ApiError> {
        if desktop::recorded_for_tests(
            desktop::TEST_NOTIFICATIONS_ENV,
            // not words: the test hook's line, title and body as shown
            &format!("{title}: {body}"),
        )? {
            return Ok(());
        }
        self.0
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show()
            .map_err(internal)
    }

    fn write_clipboard(&self, text: &str) -> Result<(), ApiError> {
        self.0
            .clipboard()
            .write_text(text.to_owned())
            .map_err(internal)
    }

    fn read_clipboard(&self) -> Option<String> {
        self.0.clipboard().read_text().ok()
    }

    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    fn instant(&self) -> ContinuousInstant {
        ContinuousInstant::now()
    }
}

/// Runs a flow of `tessera_api::desktop` with this app as its host, on a blocking thread (a
/// dialog waits for the person).
async fn on_desktop<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    state: &SharedSession,
    flow: impl FnOnce(&TauriHost<R>, &SharedSession) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let host = TauriHost(app);
    state.blocking(move |s| flow(&host, s)).await
}

#[tauri::command]
pub fn request_import_text(
    state: State<'_, SharedSession>,
    token: String,
    trust_new_key: bool,
) -> Result<ImportedRequest, ApiError> {
    let token = tessera_api::exchange::read_token(
        token.as_bytes(),
        &tessera_text::text!("desktop-source-pasted-text"),
    )?;
    state
        .lock()
        .request_import(&token, trust_new_key, Timestamp::now())
}

/// Opens a native file picker; `None` when the person cancels.
#[tauri::command]
pub async fn request_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    trust_new_key: bool,
) -> Result<Option<ImportedRequest>, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::import_request_file(host, s, trust_new_key)
    })
    .await
}

/// Files and links the desktop handed over (dropped on the window, given to this launch or a
/// later one, relative to `cwd`): read, opened or kept for after unlock by the session, and
/// what became of each sent to the webview.
pub fn receive<R: Runtime>(app: &AppHandle<R>, targets: &[String], cwd: &Path) {
    if targets.is_empty() {
        return;
    }
    let state = app.state::<SharedSession>();
    let arrived = state.lock().receive(targets, cwd, Timestamp::now());
    // The webview may not listen yet (first launch): it asks `inbox_waiting` when it starts.
    let _ = AppEvent::DocumentsArrived(&arrived).emit(app);
}

/// Sends a grant or its revocation back the way the brand asked (a draft in the mail
/// client, the brand's page, or the save dialog).
#[tauri::command]
pub async fn reply_send<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    jti: String,
    item: ReplyItem,
) -> Result<Option<ReplyPath>, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::send_reply(host, s, &jti, item)
    })
    .await
}

/// A grant or its revocation as a QR code, for in-person use.
#[tauri::command]
pub fn reply_qr(
    state: State<'_, SharedSession>,
    jti: String,
    item: ReplyItem,
) -> Result<QrView, ApiError> {
    state.lock().reply_qr(&jti, item)
}

/// Shows the reminders due that this session has not shown (called by the idle task).
pub fn remind<R: Runtime>(app: &AppHandle<R>, state: &SharedSession) -> Result<u32, ApiError> {
    desktop::remind(&TauriHost(app.clone()), state, Timestamp::now())
}

/// The first run's demo brand sends its request; its review (the one waiting, if any).
#[tauri::command]
pub fn demo_start(state: State<'_, SharedSession>) -> Result<ImportedRequest, ApiError> {
    state.lock().demo_start(Timestamp::now())
}

/// The demo brand countersigns the demo grant.
#[tauri::command]
pub fn demo_receipt(state: State<'_, SharedSession>) -> Result<GrantSummary, ApiError> {
    state.lock().demo_receipt(Timestamp::now())
}

/// Removes the demo brand with its requests, grants and rules (the ledger keeps its entries).
#[tauri::command]
pub fn demo_remove(
    state: State<'_, SharedSession>,
) -> Result<tessera_api::demo::DemoRemoved, ApiError> {
    state.lock().demo_remove(Timestamp::now())
}

/// How many days ahead reminders come (0: none).
#[tauri::command]
pub fn reminder_days_get(state: State<'_, SharedSession>) -> Result<u32, ApiError> {
    state.lock().reminder_days()
}

#[tauri::command]
pub fn reminder_days_set(state: State<'_, SharedSession>, days: u32) -> Result<u32, ApiError> {
    state.lock().set_reminder_days(days)
}

/// How many files and links wait for the vault to be unlocked.
#[tauri::command]
pub fn inbox_waiting(state: State<'_, SharedSession>) -> u32 {
    state.lock().waiting()
}

/// Opens, after unlock, what waited for it.
#[tauri::command]
pub fn inbox_open(state: State<'_, SharedSession>) -> Result<Arrivals, ApiError> {
    state.lock().open_waiting(Timestamp::now())
}

/// A page of the requests, newest first.
#[tauri::command]
pub fn request_page(
    state: State<'_, SharedSession>,
    query: ListQuery,
) -> Result<RequestPage, ApiError> {
    state.lock().request_page(&query)
}

#[tauri::command]
pub fn request_review(
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<RequestReview, ApiError> {
    state.lock().request_review(&jti, Timestamp::now())
}

/// What approving would grant, without signing or storing anything.
#[tauri::command]
pub fn request_preview(
    state: State<'_, SharedSession>,
    request: ApproveRequest,
) -> Result<ApprovalPreview, ApiError> {
    state.lock().request_preview(&request, Timestamp::now())
}

#[tauri::command]
pub fn request_approve(
    state: State<'_, SharedSession>,
    request: ApproveRequest,
) -> Result<ApprovalResult, ApiError> {
    state.lock().request_approve(&request, Timestamp::now())
}

#[tauri::command]
pub fn request_deny(
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<RequestSummary, ApiError> {
    state.lock().request_deny(&jti, Timestamp::now())
}

/// A page of the grants, newest first.
#[tauri::command]
pub fn grant_page(
    state: State<'_, SharedSession>,
    query: ListQuery,
) -> Result<GrantPage, ApiError> {
    state.lock().grant_page(&query, Timestamp::now())
}

#[tauri::command]
pub fn grant_show(state: State<'_, SharedSession>, jti: String) -> Result<GrantDetail, ApiError> {
    state.lock().grant_show(&jti, Timestamp::now())
}

/// Saves a grant with the native save dialog. Whether it was saved.
#[tauri::command]
pub async fn grant_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_grant(host, s, &jti)
    })
    .await
}

/// Copies a grant to the clipboard and clears it when its time is up if it still holds the
/// grant. How many seconds it stays.
#[tauri::command]
pub fn grant_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<u32, ApiError> {
    let host = TauriHost(app);
    let copied = desktop::copy_grant(&host, &state, &jti)?;
    let seconds = copied.seconds();
    tauri::async_runtime::spawn(copied.clear_when_due(host));
    Ok(seconds)
}

/// What renewing a grant as it is would give.
#[tauri::command]
pub fn grant_renewal(
    state: State<'_, SharedSession>,
    request: RenewRequest,
) -> Result<RenewalView, ApiError> {
    state.lock().grant_renewal(&request, Timestamp::now())
}

#[tauri::command]
pub fn grant_renew(
    state: State<'_, SharedSession>,
    request: RenewRequest,
) -> Result<ApprovalResult, ApiError> {
    state.lock().grant_renew(&request, Timestamp::now())
}

#[tauri::command]
pub fn grant_revoke(state: State<'_, SharedSession>, jti: String) -> Result<String, ApiError> {
    state.lock().grant_revoke(&jti, Timestamp::now())
}

#[tauri::command]
pub async fn revocation_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_revocation(host, s, &jti)
    })
    .await
}

#[tauri::command]
pub fn receipt_import_text(
    state: State<'_, SharedSession>,
    token: String,
) -> Result<GrantSummary, ApiError> {
    let token = tessera_api::exchange::read_token(
        token.as_bytes(),
        &tessera_text::text!("desktop-source-pasted-text"),
    )?;
    state.lock().receipt_import(&token, Timestamp::now())
}

/// A page of the ledger, newest first, filtered in the core.
#[tauri::command]
pub fn ledger_page(
    state: State<'_, SharedSession>,
    query: LedgerQuery,
) -> Result<LedgerPageView, ApiError> {
    state.lock().ledger_page(&query)
}

/// One step of the ledger's check: the webview calls it until `done`, showing the progress.
#[tauri::command]
pub fn ledger_verify_step(
    state: State<'_, SharedSession>,
    restart: bool,
) -> Result<LedgerCheckProgress, ApiError> {
    state.lock().ledger_verify_step(restart)
}

#[tauri::command]
pub fn deletion_request(
    state: State<'_, SharedSession>,
    seq: u32,
) -> Result<DeletionRequest, ApiError> {
    state.lock().deletion_request(seq)
}

/// Chooses a profile file with the native dialog and keeps it in the session for the
/// import preview. `None` when the person cancels.
#[tauri::command]
pub async fn profile_import_pick<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
) -> Result<Option<ImportPlanView>, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::pick_profile_import(host, s)
    })
    .await
}

/// Keeps pasted text for the import preview, as if it were a chosen file.
#[tauri::command]
pub fn profile_import_paste(
    state: State<'_, SharedSession>,
    text: String,
) -> Result<ImportPlanView, ApiError> {
    state.lock().import_stage(
        &tessera_text::text!("desktop-source-pasted-card"),
        text.into_bytes(),
        Timestamp::now(),
    )
}

/// The chosen file's plan with the person's choices (card, region, notes, categories).
#[tauri::command]
pub fn profile_import_preview(
    state: State<'_, SharedSession>,
    choices: ImportChoices,
) -> Result<ImportPlanView, ApiError> {
    let plan = state
        .lock()
        .import_staged_plan(&choices, Timestamp::now())?;
    Ok((&plan).into())
}

/// Plans the chosen file again with the same choices and applies it, all or nothing.
#[tauri::command]
pub fn profile_import_apply(
    state: State<'_, SharedSession>,
    choices: ImportChoices,
) -> Result<u32, ApiError> {
    state.lock().import_staged_apply(&choices, Timestamp::now())
}

/// Exports the profile (unencrypted) with the native save dialog.
#[tauri::command]
pub async fn profile_export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    format: Format,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_profile_export(host, s, format)
    })
    .await
}

/// Exports the signed ledger with the native save dialog.
/// When each brand should have deleted what it received.
#[tauri::command]
pub fn deletion_dates(state: State<'_, SharedSession>) -> Result<DeletionDates, ApiError> {
    state.lock().deletion_dates(Timestamp::now())
}

/// The person's own terms.
#[tauri::command]
pub fn terms_get(state: State<'_, SharedSession>) -> Result<TermsView, ApiError> {
    state.lock().terms()
}

#[tauri::command]
pub fn terms_set(
    state: State<'_, SharedSession>,
    request: SetTerms,
) -> Result<TermsView, ApiError> {
    state.lock().set_terms(&request, Timestamp::now())
}

/// The person's letters to brands, newest first.
#[tauri::command]
pub fn letter_list(state: State<'_, SharedSession>) -> Result<Vec<LetterView>, ApiError> {
    state.lock().letters(Timestamp::now())
}

/// What a letter to `brand` may concern.
#[tauri::command]
pub fn letter_options(
    state: State<'_, SharedSession>,
    brand: String,
) -> Result<LetterOptions, ApiError> {
    state.lock().letter_options(&brand)
}

/// Writes, signs and records a letter (the person sends it).
#[tauri::command]
pub fn letter_write(
    state: State<'_, SharedSession>,
    request: WriteLetter,
) -> Result<LetterView, ApiError> {
    state.lock().letter_write(&request, Timestamp::now())
}

/// Records that the brand answered a letter.
#[tauri::command]
pub fn letter_replied(
    state: State<'_, SharedSession>,
    jti: String,
) -> Result<LetterView, ApiError> {
    state.lock().letter_replied(&jti, Timestamp::now())
}

/// The brands holding values the person changed since their grants.
#[tauri::command]
pub fn corrections(state: State<'_, SharedSession>) -> Result<Vec<Correction>, ApiError> {
    state.lock().corrections(Timestamp::now())
}

/// A complaint about `brand` to the authority its request named, with its evidence.
#[tauri::command]
pub fn complaint(
    state: State<'_, SharedSession>,
    brand: String,
) -> Result<ComplaintView, ApiError> {
    state.lock().complaint(&brand, Timestamp::now())
}

/// Saves a complaint's evidence bundle with the native save dialog. Whether saved.
#[tauri::command]
pub async fn complaint_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    brand: String,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_complaint_bundle(host, s, &brand)
    })
    .await
}

/// Which brand's alias an address (or a pasted message header) is.
#[tauri::command]
pub fn trace_alias(state: State<'_, SharedSession>, text: String) -> Result<AliasTrace, ApiError> {
    state.lock().trace_alias(&text)
}

/// Saves the deletion dates as an iCalendar file with the native save dialog. Whether saved.
#[tauri::command]
pub async fn deletion_calendar_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_deletion_calendar(host, s)
    })
    .await
}

/// Saves the consent records (ISO/IEC TS 27560, DPV) with the native save dialog.
#[tauri::command]
pub async fn consent_records_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_consent_records(host, s)
    })
    .await
}

#[tauri::command]
pub async fn ledger_export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
) -> Result<bool, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::save_ledger_export(host, s)
    })
    .await
}

/// Writes a backup of the whole vault with the native save dialog, under the vault's
/// passphrase or `own_passphrase`. What it holds, or `None` when the person cancels.
#[tauri::command]
pub async fn backup_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    own_passphrase: Option<String>,
) -> Result<Option<BackupView>, ApiError> {
    let own = own_passphrase.map(Passphrase::new);
    on_desktop(app, &state, move |host, s| {
        desktop::save_backup(host, s, own.as_ref())
    })
    .await
}

/// The automatic-backup choice and how it is going (the last backup, the last failure).
#[tauri::command]
pub fn backup_auto_get(state: State<'_, SharedSession>) -> Result<AutoBackup, ApiError> {
    state.lock().auto_backup()
}

/// Turns automatic backups on into a folder chosen with the native folder chooser, keeping
/// the newest `keep`. `None` when the person cancels.
#[tauri::command]
pub async fn backup_auto_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    keep: u32,
) -> Result<Option<AutoBackup>, ApiError> {
    on_desktop(app, &state, move |host, s| {
        desktop::choose_auto_backup_folder(host, s, keep)
    })
    .await
}

/// Turns automatic backups off (the backups already written stay where they are).
#[tauri::command]
pub fn backup_auto_off(state: State<'_, SharedSession>) -> Result<AutoBackup, ApiError> {
    let mut session = state.lock();
    let keep = session.auto_backup()?.keep;
    session.set_auto_backup(None, keep)
}

/// First run: chooses a backup to restore with the native open dialog and keeps it on the
/// Rust side. `None` when the person cancels.
#[tauri::command]
pub async fn backup_pick<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
) -> Result<Option<BackupChoice>, ApiError> {
    on_desktop(app, &state, desktop::pick_backup).await
}

/// Restores the chosen backup into the app's vault folder and opens it.
#[tauri::command]
pub async fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, SharedSession>,
    passphrase: String,
    vault_passphrase: Option<String>,
    accept_older: bool,
) -> Result<RestoredBackup, ApiError> {
    let passphrase = Passphrase::new(passphrase);
    let vault_passphrase = vault_passphrase.map(Passphrase::new);
    on_desktop(app, &state, move |host, s| {
        desktop::restore_backup(
            host,
            s,
            &passphrase,
            vault_passphrase.as_ref(),
            accept_older,
        )
    })
    .await
}
