//! Commands for requests, grants, receipts and the ledger. Native file dialogs and the
//! clipboard are used from Rust only: the webview gets no dialog, clipboard or file access.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_dialog::DialogExt;
use tessera_api::exchange::{
    ApprovalPreview, ApprovalResult, ApproveRequest, DeletionRequest, GrantDetail, GrantSummary,
    ImportedRequest, LedgerCheck, LedgerEntryView, RequestReview, RequestSummary, read_token_file,
};
use tessera_api::profile::{ImportChoices, ImportPlanView};
use tessera_api::{ApiError, ApiErrorCode, ContinuousInstant};

use crate::{AppState, blocking};

/// Sent when a file dropped on the window was imported (payload: `ImportedRequest`) or
/// refused (payload: `ApiError`).
pub const DROP_IMPORTED_EVENT: &str = "request-imported";
pub const DROP_FAILED_EVENT: &str = "request-import-failed";
/// How long a copied grant stays on the clipboard.
const CLIPBOARD_SECONDS: u64 = 30;

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ApiErrorCode::Internal, e.to_string())
}

#[tauri::command]
pub fn request_import_text(
    state: State<'_, AppState>,
    token: String,
    trust_new_key: bool,
) -> Result<ImportedRequest, ApiError> {
    let token = tessera_api::exchange::read_token(token.as_bytes(), "the pasted text")?;
    state
        .session()
        .request_import(&token, trust_new_key, Timestamp::now())
}

/// Opens a native file picker; `None` when the person cancels.
#[tauri::command]
pub async fn request_import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    trust_new_key: bool,
) -> Result<Option<ImportedRequest>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Import a brand's request")
            .add_filter("Tessera request", &["jwt", "txt"])
            .blocking_pick_file()
    })
    .await
    .map_err(internal)?;
    let Some(path) = picked else { return Ok(None) };
    let path = path.into_path().map_err(internal)?;
    let token = read_token_file(&path)?;
    blocking(&state, move |s| {
        s.request_import(&token, trust_new_key, Timestamp::now())
    })
    .await
    .map(Some)
}

/// A file dropped on the window: read and imported here, the result sent as an event.
pub fn import_dropped<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    let Some(path) = paths.first() else { return };
    let state = app.state::<AppState>();
    let result = read_token_file(path).and_then(|token| {
        state
            .session()
            .request_import(&token, false, Timestamp::now())
    });
    let _ = match result {
        Ok(imported) => app.emit(DROP_IMPORTED_EVENT, imported),
        Err(error) => app.emit(DROP_FAILED_EVENT, error),
    };
}

#[tauri::command]
pub fn request_list(state: State<'_, AppState>) -> Result<Vec<RequestSummary>, ApiError> {
    state.session().request_list()
}

#[tauri::command]
pub fn request_review(state: State<'_, AppState>, jti: String) -> Result<RequestReview, ApiError> {
    state.session().request_review(&jti, Timestamp::now())
}

/// What approving would grant, without signing or storing anything.
#[tauri::command]
pub fn request_preview(
    state: State<'_, AppState>,
    request: ApproveRequest,
) -> Result<ApprovalPreview, ApiError> {
    state.session().request_preview(&request, Timestamp::now())
}

#[tauri::command]
pub fn request_approve(
    state: State<'_, AppState>,
    request: ApproveRequest,
) -> Result<ApprovalResult, ApiError> {
    state.session().request_approve(&request, Timestamp::now())
}

#[tauri::command]
pub fn request_deny(state: State<'_, AppState>, jti: String) -> Result<RequestSummary, ApiError> {
    state.session().request_deny(&jti, Timestamp::now())
}

#[tauri::command]
pub fn grant_list(state: State<'_, AppState>) -> Result<Vec<GrantSummary>, ApiError> {
    state.session().grant_list(Timestamp::now())
}

#[tauri::command]
pub fn grant_show(state: State<'_, AppState>, jti: String) -> Result<GrantDetail, ApiError> {
    state.session().grant_show(&jti, Timestamp::now())
}

/// Saves a token with a native save dialog, atomically. Returns whether it was saved.
async fn save_token<R: Runtime>(
    app: AppHandle<R>,
    suggested: String,
    token: String,
) -> Result<bool, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_file_name(&suggested)
            .blocking_save_file()
    })
    .await
    .map_err(internal)?;
    let Some(path) = picked else { return Ok(false) };
    let path = path.into_path().map_err(internal)?;
    let text = if token.ends_with('\n') {
        token
    } else {
        format!("{token}\n")
    };
    tessera_vault::files::write_file_atomically(&path, text.as_bytes())?;
    Ok(true)
}

#[tauri::command]
pub async fn grant_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jti: String,
) -> Result<bool, ApiError> {
    let token = state.session().grant_show(&jti, Timestamp::now())?.token;
    let saved = save_token(app, format!("{jti}.jwt"), token).await?;
    if saved {
        state
            .session()
            .grant_exported(&jti, "saved with the save dialog", Timestamp::now())?;
    }
    Ok(saved)
}

/// Copies a grant to the clipboard and clears it after 30 seconds if it still holds the grant.
#[tauri::command]
pub fn grant_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jti: String,
) -> Result<u32, ApiError> {
    let token = state.session().grant_show(&jti, Timestamp::now())?.token;
    app.clipboard()
        .write_text(token.clone())
        .map_err(internal)?;
    state
        .session()
        .grant_exported(&jti, "copied to the clipboard", Timestamp::now())?;
    let handle = app;
    tauri::async_runtime::spawn(async move {
        // Timed on the clock that counts sleep (tokio's timers do not): a grant copied just
        // before the lid closes is cleared as the computer wakes, not 30 awake seconds later.
        let copied = ContinuousInstant::now();
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        while ContinuousInstant::now()
            .checked_duration_since(copied)
            .is_some_and(|held| held < Duration::from_secs(CLIPBOARD_SECONDS))
        {
            tick.tick().await;
        }
        if handle
            .clipboard()
            .read_text()
            .is_ok_and(|current| current == token)
        {
            let _ = handle.clipboard().write_text(String::new());
        }
    });
    Ok(CLIPBOARD_SECONDS as u32)
}

#[tauri::command]
pub fn grant_revoke(state: State<'_, AppState>, jti: String) -> Result<String, ApiError> {
    state.session().grant_revoke(&jti, Timestamp::now())
}

#[tauri::command]
pub async fn revocation_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    jti: String,
) -> Result<bool, ApiError> {
    let detail = state.session().grant_show(&jti, Timestamp::now())?;
    let token = detail
        .revocation
        .ok_or_else(|| ApiError::invalid_input(format!("grant {jti} is not revoked")))?;
    save_token(app, format!("{jti}-revocation.jwt"), token).await
}

#[tauri::command]
pub fn receipt_import_text(
    state: State<'_, AppState>,
    token: String,
) -> Result<GrantSummary, ApiError> {
    let token = tessera_api::exchange::read_token(token.as_bytes(), "the pasted text")?;
    state.session().receipt_import(&token, Timestamp::now())
}

#[tauri::command]
pub fn ledger_list(state: State<'_, AppState>) -> Result<Vec<LedgerEntryView>, ApiError> {
    state.session().ledger_list()
}

#[tauri::command]
pub fn ledger_verify(state: State<'_, AppState>) -> Result<LedgerCheck, ApiError> {
    state.session().ledger_verify()
}

#[tauri::command]
pub fn deletion_request(state: State<'_, AppState>, seq: u32) -> Result<DeletionRequest, ApiError> {
    state.session().deletion_request(seq)
}

/// Chooses a profile file with the native dialog and keeps it in the session for the
/// import preview (the webview never holds its bytes). `None` when the person cancels.
#[tauri::command]
pub async fn profile_import_pick<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportPlanView>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Import a vCard or JSContact file")
            .add_filter("Contact card", &["vcf", "vcard", "json"])
            .blocking_pick_file()
    })
    .await
    .map_err(internal)?;
    let Some(path) = picked else { return Ok(None) };
    let path = path.into_path().map_err(internal)?;
    let (name, bytes) = tessera_api::files::read_profile_file(&path)?;
    state
        .session()
        .import_stage(&name, bytes, Timestamp::now())
        .map(Some)
}

/// Keeps pasted text for the import preview, as if it were a chosen file.
#[tauri::command]
pub fn profile_import_paste(
    state: State<'_, AppState>,
    text: String,
) -> Result<ImportPlanView, ApiError> {
    state
        .session()
        .import_stage("pasted card", text.into_bytes(), Timestamp::now())
}

/// The chosen file's plan with the person's choices (card, region, notes, categories).
#[tauri::command]
pub fn profile_import_preview(
    state: State<'_, AppState>,
    choices: ImportChoices,
) -> Result<ImportPlanView, ApiError> {
    let plan = state
        .session()
        .import_staged_plan(&choices, Timestamp::now())?;
    Ok((&plan).into())
}

/// Plans the chosen file again with the same choices and applies it, all or nothing.
#[tauri::command]
pub fn profile_import_apply(
    state: State<'_, AppState>,
    choices: ImportChoices,
) -> Result<u32, ApiError> {
    state
        .session()
        .import_staged_apply(&choices, Timestamp::now())
}

/// Exports the profile (unencrypted) with the native save dialog.
#[tauri::command]
pub async fn profile_export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: String,
) -> Result<bool, ApiError> {
    let text = state.session().export_profile(&format)?;
    let suggested = if format == "vcard" {
        "profile.vcf"
    } else {
        "profile.json"
    };
    save_token(app, suggested.to_owned(), text).await
}

/// Exports the signed ledger with the native save dialog.
#[tauri::command]
pub async fn ledger_export_save<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<bool, ApiError> {
    let token = state.session().ledger_export(Timestamp::now())?;
    save_token(app, "tessera-ledger.jwt".to_owned(), token).await
}
