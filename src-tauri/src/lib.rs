//! The desktop app. Each `#[tauri::command]` unpacks arguments, calls the session in
//! `tessera-api`, and returns its result; there is no logic here to test apart from wiring.
#![forbid(unsafe_code)]
#![allow(
    clippy::disallowed_methods,
    reason = "the app is a face: it reads the clock and passes the time in"
)]
// Tauri hands commands their `State` and arguments by value; that is the framework's signature.
#![allow(clippy::needless_pass_by_value)]

mod commands_list;
mod exchange_commands;

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use jiff::Timestamp;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tessera_api::desktop::SharedSession;
use tessera_api::profile::{
    AllowRequest, BrandDetail, BrandPage, BrandView, FieldView, MatrixPage, MatrixQuery,
    ProfileValueView, RuleView, SetValueRequest,
};
use tessera_api::{
    ApiError, AutoLocked, ContinuousInstant, LockReason, RestorePolicy, Session, SessionOptions,
    Settings, StrengthHint, VaultState, VaultStatus,
};
use tessera_vault::{Passphrase, paths};

pub use commands_list::COMMANDS;

/// Event sent to the webview when the vault locks itself (payload: `AutoLocked`, which says
/// why: idle, sleep, screen lock); the UI clears every screen.
pub const LOCKED_EVENT: &str = "vault-locked";

/// Command-line options of the desktop app.
#[derive(Parser, Debug, Clone, Default)]
#[command(name = "tessera-app", version, about = "Tessera desktop app")]
pub struct AppArgs {
    /// Vault folder (default: $TESSERA_HOME, else the platform data folder)
    #[arg(long, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Lock after this many idle seconds, overriding the setting (for kiosks and tests)
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub auto_lock_seconds: Option<u64>,
    /// Where this computer keeps its record of each vault's newest state, which catches an
    /// older copy put back (default: $TESSERA_STATE_DIR, else the platform state folder)
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
}

/// The app's state: the session, shared with background tasks (idle lock, slow commands).
pub fn app_state(dir: PathBuf, options: SessionOptions) -> SharedSession {
    SharedSession::new(Session::new(dir, options, ContinuousInstant::now()))
}

#[tauri::command]
fn vault_state(state: State<'_, SharedSession>) -> VaultState {
    state.lock().state()
}

#[tauri::command]
async fn create_vault(
    state: State<'_, SharedSession>,
    passphrase: String,
) -> Result<VaultState, ApiError> {
    state
        .blocking(move |s| {
            s.lock()
                .create(&Passphrase::new(passphrase), ContinuousInstant::now())
        })
        .await
}

#[tauri::command]
async fn unlock_vault(
    state: State<'_, SharedSession>,
    passphrase: String,
    accept_restore: bool,
) -> Result<VaultState, ApiError> {
    let restore = RestorePolicy::from_answer(accept_restore, jiff::Timestamp::now());
    state
        .blocking(move |s| {
            s.lock().unlock_with(
                &Passphrase::new(passphrase),
                restore,
                ContinuousInstant::now(),
            )
        })
        .await
}

#[tauri::command]
fn lock_vault(state: State<'_, SharedSession>) -> VaultState {
    state.lock().lock()
}

#[tauri::command]
fn vault_status(state: State<'_, SharedSession>) -> Result<VaultStatus, ApiError> {
    state.lock().status()
}

#[tauri::command]
fn estimate_passphrase(passphrase: String) -> StrengthHint {
    tessera_api::estimate_strength(&Passphrase::new(passphrase))
}

#[tauri::command]
fn get_settings(state: State<'_, SharedSession>) -> Result<Settings, ApiError> {
    state.lock().settings()
}

#[tauri::command]
fn set_auto_lock(state: State<'_, SharedSession>, seconds: u32) -> Result<Settings, ApiError> {
    state
        .lock()
        .set_auto_lock(seconds, ContinuousInstant::now())
}

#[tauri::command]
async fn change_passphrase(
    state: State<'_, SharedSession>,
    current: String,
    new: String,
) -> Result<(), ApiError> {
    state
        .blocking(move |s| {
            s.lock().change_passphrase(
                &Passphrase::new(current),
                &Passphrase::new(new),
                ContinuousInstant::now(),
            )
        })
        .await
}

#[tauri::command]
fn touch(state: State<'_, SharedSession>) {
    state.lock().touch(ContinuousInstant::now());
}

#[tauri::command]
fn catalogue_fields() -> Vec<FieldView> {
    tessera_api::profile::catalogue_fields()
}

#[tauri::command]
fn vocabulary() -> tessera_api::profile::Vocabulary {
    tessera_api::profile::vocabulary()
}

#[tauri::command]
fn profile_list(state: State<'_, SharedSession>) -> Result<Vec<ProfileValueView>, ApiError> {
    state.lock().profile_list()
}

#[tauri::command]
fn profile_set(
    state: State<'_, SharedSession>,
    request: SetValueRequest,
) -> Result<ProfileValueView, ApiError> {
    state.lock().profile_set(&request, Timestamp::now())
}

#[tauri::command]
fn profile_remove(
    state: State<'_, SharedSession>,
    field: String,
    label: Option<String>,
) -> Result<u32, ApiError> {
    state.lock().profile_remove(&field, label.as_deref())
}

#[tauri::command]
fn brand_add(
    state: State<'_, SharedSession>,
    id: String,
    name: String,
) -> Result<BrandView, ApiError> {
    state.lock().brand_add(&id, &name, Timestamp::now())
}

#[tauri::command]
fn brand_list(
    state: State<'_, SharedSession>,
    search: Option<String>,
    offset: u32,
    limit: u32,
) -> Result<BrandPage, ApiError> {
    state
        .lock()
        .brand_list(search.as_deref(), offset, limit, Timestamp::now())
}

#[tauri::command]
fn brand_show(state: State<'_, SharedSession>, id: String) -> Result<BrandDetail, ApiError> {
    state.lock().brand_show(&id, Timestamp::now())
}

#[tauri::command]
fn brand_allow(
    state: State<'_, SharedSession>,
    request: AllowRequest,
) -> Result<RuleView, ApiError> {
    state.lock().brand_allow(&request, Timestamp::now())
}

#[tauri::command]
fn brand_deny(
    state: State<'_, SharedSession>,
    brand: String,
    field: String,
) -> Result<RuleView, ApiError> {
    state.lock().brand_deny(&brand, &field, Timestamp::now())
}

#[tauri::command]
fn brand_revoke_all(state: State<'_, SharedSession>, brand: String) -> Result<u32, ApiError> {
    state.lock().brand_revoke_all(&brand, Timestamp::now())
}

#[tauri::command]
fn who_can_see(state: State<'_, SharedSession>, field: String) -> Result<Vec<RuleView>, ApiError> {
    state.lock().who_can_see(&field, Timestamp::now())
}

#[tauri::command]
fn matrix(state: State<'_, SharedSession>, query: MatrixQuery) -> Result<MatrixPage, ApiError> {
    state.lock().matrix(&query, Timestamp::now())
}

/// Registers the plugins, the session state and the commands on the app's builder.
pub fn configure<R: Runtime>(
    builder: tauri::Builder<R>,
    state: SharedSession,
) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            vault_state,
            create_vault,
            unlock_vault,
            lock_vault,
            vault_status,
            estimate_passphrase,
            get_settings,
            set_auto_lock,
            change_passphrase,
            touch,
            catalogue_fields,
            vocabulary,
            profile_list,
            profile_set,
            profile_remove,
            brand_add,
            brand_list,
            brand_show,
            brand_allow,
            brand_deny,
            brand_revoke_all,
            who_can_see,
            matrix,
            exchange_commands::request_import_text,
            exchange_commands::request_import_file,
            exchange_commands::request_list,
            exchange_commands::request_review,
            exchange_commands::request_preview,
            exchange_commands::request_approve,
            exchange_commands::request_deny,
            exchange_commands::grant_list,
            exchange_commands::grant_show,
            exchange_commands::grant_save,
            exchange_commands::grant_copy,
            exchange_commands::grant_revoke,
            exchange_commands::revocation_save,
            exchange_commands::receipt_import_text,
            exchange_commands::ledger_list,
            exchange_commands::ledger_verify,
            exchange_commands::deletion_request,
            exchange_commands::profile_import_pick,
            exchange_commands::profile_import_paste,
            exchange_commands::profile_import_preview,
            exchange_commands::profile_import_apply,
            exchange_commands::profile_export_save,
            exchange_commands::ledger_export_save,
            exchange_commands::backup_save,
            exchange_commands::backup_pick,
            exchange_commands::backup_restore
        ])
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let app = window.app_handle();
                exchange_commands::import_dropped(app, &app.state::<SharedSession>(), paths);
            }
        })
        .setup(|app| {
            spawn_idle_lock(app.handle().clone());
            #[cfg(target_os = "linux")]
            spawn_lock_on_system_signals(app.handle().clone());
            Ok(())
        })
}

/// Runs `lock` on the session; when it reports that it locked the vault, tells the webview.
/// The one way every automatic lock reaches the UI.
fn lock_and_tell_ui<R: Runtime>(
    app: &AppHandle<R>,
    state: &SharedSession,
    reason: LockReason,
    lock: impl FnOnce(&mut Session) -> bool,
) {
    let mut session = state.lock();
    if lock(&mut session) {
        let payload = AutoLocked {
            reason,
            state: session.state(),
        };
        drop(session);
        // The UI may be gone (window closing); the vault is locked either way.
        let _ = app.emit(LOCKED_EVENT, payload);
    }
}

/// Checks once a second whether the vault has been idle long enough, sleep included, and
/// locks it.
fn spawn_idle_lock<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            lock_and_tell_ui(
                &app,
                &app.state::<SharedSession>(),
                LockReason::Idle,
                |session| session.lock_if_idle(ContinuousInstant::now()),
            );
        }
    });
}

/// Locks the vault when logind says the computer is about to sleep or the session's screen
/// locked. Without a system bus or logind (a container, a minimal system) it says so in one
/// line and the idle lock carries on alone.
#[cfg(target_os = "linux")]
fn spawn_lock_on_system_signals<R: Runtime>(app: AppHandle<R>) {
    use tessera_lock_signals::{LockSignal, LogindBus, LogindWatch};
    tauri::async_runtime::spawn(async move {
        let watch = match LogindWatch::connect(&LogindBus::from_env()).await {
            Ok(watch) => watch,
            Err(err) => {
                eprintln!(
                    "tessera-app: {err}: sleep and screen lock will not lock the vault; the idle lock still does"
                );
                return;
            }
        };
        if !watch.watches_screen_lock() {
            eprintln!("tessera-app: no login session found: a screen lock will not lock the vault");
        }
        let err = watch
            .run(|signal| {
                let reason = match signal {
                    LockSignal::Sleep => LockReason::Sleep,
                    LockSignal::ScreenLock => LockReason::ScreenLock,
                };
                let state = app.state::<SharedSession>();
                lock_and_tell_ui(&app, &state, reason, Session::lock_if_unlocked);
            })
            .await;
        eprintln!("tessera-app: {err}: sleep and screen lock no longer lock the vault");
    });
}

pub fn run() {
    let args = AppArgs::parse();
    let Some(dir) = paths::resolve_vault_dir(
        args.vault,
        std::env::var_os(paths::HOME_ENV).map(Into::into),
    ) else {
        eprintln!("tessera-app: cannot find a home folder; pass --vault DIR or set TESSERA_HOME");
        std::process::exit(4);
    };
    let options = SessionOptions {
        auto_lock_override: args.auto_lock_seconds.map(Duration::from_secs),
        anchors: paths::resolve_anchor_dir(
            args.state_dir
                .or_else(|| std::env::var_os(paths::STATE_ENV).map(Into::into)),
        ),
        ..SessionOptions::default()
    };
    configure(tauri::Builder::default(), app_state(dir, options))
        .run(tauri::generate_context!())
        .expect("error while running the Tessera app");
}
