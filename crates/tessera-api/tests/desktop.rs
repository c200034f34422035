//! The desktop app's flows (dialogs, clipboard) on a real vault, with a fake desktop: what the
//! app's commands do, without a window.
//!
//! Table of contents:
//! - `save_*`: grants, revocations, the profile and the ledger saved where the person chooses,
//!   under the offered name, or nothing when they cancel.
//! - `open_*`: requests and profile files chosen, dropped or refused.
//! - `clipboard_*`: a copied grant is cleared when its time is up, never what was copied since.
//! - `backup_*` and `restore_*`: a backup saved under a dated name (its own passphrase checked
//!   first); restored on first run from the chosen file: cancelled, a wrong passphrase, a
//!   damaged or foreign file, a passphrase of its own, an older copy accepted only when asked.
//! - `auto_backup_*`: the folder for automatic backups chosen with the folder chooser (cancelled,
//!   inside the vault folder, read-only), turned off, and a failure shown until one succeeds.
//! - `shared_*`: a panic with the session held locks the vault.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::json;
use tessera_api::desktop::{self, CLIPBOARD_HOLD, Host, OpenDialog, SharedSession};
use tessera_api::exchange::ApproveRequest;
use tessera_api::profile::Format;
use tessera_api::{ApiError, ApiErrorCode, ContinuousInstant, KdfChoice, Session, SessionOptions};
use tessera_test_support::at;
use tessera_vault::{AnchorDir, KdfParams, Passphrase};

const NOW: i64 = 1_795_000_000;

/// A desktop whose dialogs answer from a script and whose clocks are set by the test.
#[derive(Default)]
struct FakeDesktop {
    /// What each dialog will answer, in order; a dialog with no answer left is a test failure.
    answers: Mutex<VecDeque<Option<PathBuf>>>,
    /// Each dialog shown: the open dialog, or the name the save dialog offered.
    shown: Mutex<Vec<String>>,
    clipboard: Mutex<Option<String>>,
    /// Each link handed to the mail client or the browser.
    opened: Mutex<Vec<String>>,
    /// The clock that counts sleep, from its origin.
    since_boot: Mutex<Duration>,
    /// How far that clock moves each time it is read.
    per_reading: Duration,
}

impl FakeDesktop {
    fn answering(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        FakeDesktop {
            answers: Mutex::new(answers.into_iter().collect()),
            ..FakeDesktop::default()
        }
    }

    fn answer(&self, shown: String) -> Option<PathBuf> {
        self.shown.lock().unwrap().push(shown);
        self.answers
            .lock()
            .unwrap()
            .pop_front()
            .expect("a dialog the test did not expect")
    }

    fn shown(&self) -> Vec<String> {
        self.shown.lock().unwrap().clone()
    }

    fn opened(&self) -> Vec<String> {
        self.opened.lock().unwrap().clone()
    }

    fn clipboard(&self) -> Option<String> {
        self.clipboard.lock().unwrap().clone()
    }

    fn advance(&self, by: Duration) {
        *self.since_boot.lock().unwrap() += by;
    }
}

impl Host for FakeDesktop {
    fn pick_file(&self, dialog: OpenDialog) -> Result<Option<PathBuf>, ApiError> {
        Ok(self.answer(format!("open: {}", dialog.title())))
    }

    fn save_file(&self, suggested: &str) -> Result<Option<PathBuf>, ApiError> {
        Ok(self.answer(format!("save: {suggested}")))
    }

    fn open_link(&self, link: &str) -> Result<(), ApiError> {
        self.opened.lock().unwrap().push(link.to_owned());
        Ok(())
    }

    fn notify(&self, title: &str, body: &str) -> Result<(), ApiError> {
        self.opened
            .lock()
            .unwrap()
            .push(format!("notification: {title}: {body}"));
        Ok(())
    }

    fn pick_folder(&self, title: &str, start: Option<&Path>) -> Result<Option<PathBuf>, ApiError> {
        let start = start.map_or("nowhere".into(), |s| s.display().to_string());
        Ok(self.answer(format!("folder: {title}, from {start}")))
    }

    fn write_clipboard(&self, text: &str) -> Result<(), ApiError> {
        *self.clipboard.lock().unwrap() = Some(text.to_owned());
        Ok(())
    }

    fn read_clipboard(&self) -> Option<String> {
        self.clipboard()
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_second(NOW).unwrap()
    }

    fn instant(&self) -> ContinuousInstant {
        let mut since_boot = self.since_boot.lock().unwrap();
        let reading = ContinuousInstant::at(*since_boot);
        *since_boot += self.per_reading;
        reading
    }
}

struct Fixture {
    dir: tempfile::TempDir,
    session: SharedSession,
}

impl Fixture {
    /// An unlocked vault holding an email address, and no grant yet.
    fn new() -> Self {
        let (dir, session) =
            tessera_test_support::session_with(&[("email", "ada@home.example")], at(NOW));
        Fixture {
            dir,
            session: SharedSession::new(session),
        }
    }

    /// A file in the test's folder (outside the vault) holding `text`.
    fn file(&self, name: &str, text: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Imports and approves a request for the email address; the grant's id.
    fn grant(&self) -> String {
        let mut s = self.session.lock();
        s.request_import(&request("shop-1"), false, at(NOW))
            .unwrap();
        let approve: ApproveRequest =
            serde_json::from_value(json!({"jti": "shop-1", "all": true})).unwrap();
        s.request_approve(&approve, at(NOW))
            .unwrap()
            .detail
            .grant
            .jti
    }

    fn ledger_events(&self) -> Vec<String> {
        let s = self.session.lock();
        s.ledger_list()
            .unwrap()
            .into_iter()
            .map(|e| format!("{}: {}", e.event, e.detail))
            .collect()
    }
}

/// A shop's signed request for the email address.
fn request(jti: &str) -> String {
    let fields =
        json!([{"name": "email", "form": "raw", "purposes": ["orders"], "required": true}]);
    tessera_test_support::signed_request([7; 32], "https://shop.example", jti, &fields, NOW)
}

#[test]
fn save_a_grant_where_the_person_chooses_under_its_id_and_record_it() {
    let f = Fixture::new();
    let jti = f.grant();
    let out = f.path("chosen.jwt");
    let host = FakeDesktop::answering([None, Some(out.clone())]);

    // Cancelled: nothing written, nothing recorded.
    assert!(!desktop::save_grant(&host, &f.session, &jti).unwrap());
    let before = f.ledger_events();
    assert!(
        !before.iter().any(|e| e.contains("save dialog")),
        "{before:?}"
    );

    assert!(desktop::save_grant(&host, &f.session, &jti).unwrap());
    let token = f.session.lock().grant_show(&jti, at(NOW)).unwrap().token;
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("{token}\n"));
    assert_eq!(
        host.shown(),
        [format!("save: {jti}.jwt"), format!("save: {jti}.jwt")]
    );
    let after = f.ledger_events();
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(
        after.last().unwrap().contains("saved with the save dialog"),
        "{after:?}"
    );
}

#[test]
fn save_a_revocation_only_once_the_grant_is_revoked() {
    let f = Fixture::new();
    let jti = f.grant();
    let out = f.path("revocation.jwt");
    let host = FakeDesktop::answering([Some(out.clone())]);

    let err = desktop::save_revocation(&host, &f.session, &jti).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::InvalidInput);
    assert!(err.message.contains("is not revoked"), "{err:?}");
    assert!(host.shown().is_empty(), "no dialog for a grant not revoked");

    let revocation = f.session.lock().grant_revoke(&jti, at(NOW)).unwrap();
    assert!(desktop::save_revocation(&host, &f.session, &jti).unwrap());
    assert_eq!(host.shown(), [format!("save: {jti}-revocation.jwt")]);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        format!("{revocation}\n")
    );
}

#[test]
fn save_the_profile_in_each_format_under_its_usual_name() {
    let f = Fixture::new();
    for (format, name) in [
        (Format::VCard, "profile.vcf"),
        (Format::JsContact, "profile.json"),
    ] {
        let out = f.path(name);
        let host = FakeDesktop::answering([Some(out.clone())]);
        assert!(desktop::save_profile_export(&host, &f.session, format).unwrap());
        assert_eq!(host.shown(), [format!("save: {name}")]);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("ada@home.example"), "{text}");
        assert!(text.ends_with('\n'));
    }
}

#[test]
fn save_the_ledger_as_an_export_anyone_can_verify() {
    let f = Fixture::new();
    f.grant();
    let out = f.path("ledger.jwt");
    let host = FakeDesktop::answering([Some(out.clone())]);
    assert!(desktop::save_ledger_export(&host, &f.session).unwrap());
    assert_eq!(host.shown(), ["save: tessera-ledger.jwt"]);
    let check = tessera_api::exchange::verify_ledger_export_file(&out).unwrap();
    assert_eq!(check.entries as usize, f.ledger_events().len());
}

#[test]
fn save_the_consent_records_for_other_tools() {
    let f = Fixture::new();
    let jti = f.grant();
    let out = f.path("records.json");
    let host = FakeDesktop::answering([Some(out.clone())]);
    assert!(desktop::save_consent_records(&host, &f.session).unwrap());
    assert_eq!(host.shown(), ["save: tessera-consent-records.json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["@graph"][0]["dct:identifier"], jti.as_str());
}

#[test]
fn save_the_deletion_dates_as_a_calendar_file() {
    let f = Fixture::new();
    f.grant();
    let out = f.path("dates.ics");
    let host = FakeDesktop::answering([Some(out.clone())]);
    assert!(desktop::save_deletion_calendar(&host, &f.session).unwrap());
    assert_eq!(host.shown(), ["save: tessera-deletions.ics"]);
    let ics = std::fs::read_to_string(&out).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.contains("BEGIN:VEVENT\r\n"), "{ics}");
    // Cancelled: nothing written.
    let host = FakeDesktop::answering([None]);
    assert!(!desktop::save_deletion_calendar(&host, &f.session).unwrap());
}

#[test]
fn save_dialogs_are_not_shown_while_the_vault_is_locked() {
    let f = Fixture::new();
    let jti = f.grant();
    f.session.lock().lock();
    let host = FakeDesktop::answering([]);
    for err in [
        desktop::save_grant(&host, &f.session, &jti).unwrap_err(),
        desktop::save_profile_export(&host, &f.session, Format::VCard).unwrap_err(),
        desktop::save_ledger_export(&host, &f.session).unwrap_err(),
        desktop::save_deletion_calendar(&host, &f.session).unwrap_err(),
        desktop::save_consent_records(&host, &f.session).unwrap_err(),
    ] {
        assert_eq!(err.code, ApiErrorCode::VaultLocked);
    }
    assert!(host.shown().is_empty());
}

#[test]
fn open_a_request_file_chosen_in_the_dialog() {
    let f = Fixture::new();
    let file = f.file("request.jwt", request("shop-1").as_bytes());
    let host = FakeDesktop::answering([None, Some(file)]);

    assert!(
        desktop::import_request_file(&host, &f.session, false)
            .unwrap()
            .is_none()
    );
    assert!(f.session.lock().request_list().unwrap().is_empty());

    let imported = desktop::import_request_file(&host, &f.session, false)
        .unwrap()
        .unwrap();
    assert_eq!(imported.review.jti, "shop-1");
    assert_eq!(
        host.shown(),
        [
            "open: Import a brand's request",
            "open: Import a brand's request"
        ]
    );
}

#[test]
fn open_refuses_an_oversized_or_missing_file_and_imports_nothing() {
    let f = Fixture::new();
    let huge = f.file("huge.jwt", &vec![b'a'; 1024 * 1024]);
    let host = FakeDesktop::answering([Some(huge), Some(f.path("gone.jwt"))]);
    let err = desktop::import_request_file(&host, &f.session, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::TokenTooLarge);
    let err = desktop::import_request_file(&host, &f.session, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::MissingInput);
    assert!(err.message.contains("gone.jwt"), "{err:?}");
    assert!(f.session.lock().request_list().unwrap().is_empty());
}

/// Files dropped on the window are each opened, as files and links handed over by the desktop
/// are (`inbox_*` in `tests/exchange.rs`): a junk file is refused with what is wrong, the rest
/// still open.
#[test]
fn open_every_dropped_file() {
    use tessera_api::inbox::Arrival;
    let f = Fixture::new();
    let first = f.file("request.jwt", request("shop-1").as_bytes());
    let junk = f.file("junk.jwt", b"not a token");
    let second = f.file("other.tessera-request", request("shop-2").as_bytes());
    let dropped: Vec<String> = [first, junk, second]
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let arrived = f
        .session
        .lock()
        .receive(&dropped, std::path::Path::new("/"), at(NOW));
    let outcomes: Vec<&str> = arrived
        .items
        .iter()
        .map(|a| match a {
            Arrival::Opened { .. } => "opened",
            Arrival::Waiting { .. } => "waiting",
            Arrival::Refused { error, .. } => {
                assert_eq!(error.code, ApiErrorCode::MalformedToken, "{error:?}");
                "refused"
            }
        })
        .collect();
    assert_eq!(outcomes, ["opened", "refused", "opened"]);
    assert_eq!(f.session.lock().request_list().unwrap().len(), 2);
}

#[test]
fn open_a_profile_file_keeps_it_for_the_preview() {
    let f = Fixture::new();
    let card = f.file(
        "me.vcf",
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@work.example\r\nEND:VCARD\r\n",
    );
    let host = FakeDesktop::answering([None, Some(card)]);
    assert!(
        desktop::pick_profile_import(&host, &f.session)
            .unwrap()
            .is_none()
    );
    let plan = desktop::pick_profile_import(&host, &f.session)
        .unwrap()
        .unwrap();
    assert_eq!(plan.file, "me.vcf");
    assert_eq!(plan.format, Format::VCard);
    assert_eq!(
        host.shown(),
        [
            "open: Import a vCard or JSContact file",
            "open: Import a vCard or JSContact file"
        ]
    );
    // Kept in the session: applying it needs no file.
    let written = f
        .session
        .lock()
        .import_staged_apply(&serde_json::from_value(json!({})).unwrap(), at(NOW))
        .unwrap();
    assert_eq!(written, 2);
}

#[test]
fn clipboard_a_copied_grant_is_due_after_its_hold_sleep_included() {
    let f = Fixture::new();
    let jti = f.grant();
    let host = FakeDesktop::default();
    let copied = desktop::copy_grant(&host, &f.session, &jti).unwrap();
    let token = f.session.lock().grant_show(&jti, at(NOW)).unwrap().token;
    assert_eq!(host.clipboard().as_deref(), Some(token.as_str()));
    assert_eq!(copied.seconds(), 30);
    assert!(
        f.ledger_events()
            .last()
            .unwrap()
            .contains("copied to the clipboard")
    );

    let copied_at = host.instant();
    assert!(!copied.is_due(copied_at + (CLIPBOARD_HOLD - Duration::from_millis(1))));
    assert!(copied.is_due(copied_at + CLIPBOARD_HOLD));
    // A night asleep counts (the clock counts sleep).
    assert!(copied.is_due(copied_at + Duration::from_secs(8 * 3600)));
}

#[test]
fn clipboard_a_clock_gone_backwards_counts_as_due() {
    let f = Fixture::new();
    let jti = f.grant();
    let host = FakeDesktop::default();
    host.advance(Duration::from_secs(100));
    let copied = desktop::copy_grant(&host, &f.session, &jti).unwrap();
    assert!(copied.is_due(ContinuousInstant::at(Duration::from_secs(99))));
}

#[test]
fn clipboard_is_cleared_only_while_it_still_holds_the_grant() {
    let f = Fixture::new();
    let jti = f.grant();
    let host = FakeDesktop::default();
    let copied = desktop::copy_grant(&host, &f.session, &jti).unwrap();
    host.write_clipboard("the person's own text").unwrap();
    assert!(!copied.clear(&host));
    assert_eq!(host.clipboard().as_deref(), Some("the person's own text"));

    let copied = desktop::copy_grant(&host, &f.session, &jti).unwrap();
    assert!(copied.clear(&host));
    assert_eq!(host.clipboard().as_deref(), Some(""));
}

#[tokio::test(start_paused = true)]
async fn clipboard_clear_when_due_checks_each_second_then_clears() {
    let f = Fixture::new();
    let jti = f.grant();
    let host = FakeDesktop {
        per_reading: Duration::from_secs(1),
        ..FakeDesktop::default()
    };
    let copied = desktop::copy_grant(&host, &f.session, &jti).unwrap();
    let started = tokio::time::Instant::now();
    assert!(copied.clear_when_due(&host).await);
    assert_eq!(host.clipboard().as_deref(), Some(""));
    // Tokio's (paused) time moved a second per check, as the fake's clock did.
    let waited = started.elapsed();
    assert!(
        waited >= CLIPBOARD_HOLD - Duration::from_secs(2) && waited <= CLIPBOARD_HOLD,
        "{waited:?}"
    );
}

#[test]
fn shared_a_panic_with_the_session_held_locks_the_vault() {
    let f = Fixture::new();
    assert!(f.session.lock().state().unlocked);
    let shared = f.session.clone();
    let crashed = std::thread::spawn(move || {
        let _held = shared.lock();
        panic!("a bug while the session is held");
    })
    .join();
    assert!(crashed.is_err());
    assert!(!f.session.lock().state().unlocked, "the vault stayed open");
    // Sound again: later calls work and do not lock anew.
    f.session
        .lock()
        .unlock(
            &tessera_test_support::passphrase(),
            ContinuousInstant::at(Duration::ZERO),
        )
        .unwrap();
    assert!(f.session.lock().state().unlocked);
}

#[tokio::test]
async fn shared_blocking_work_that_panics_says_only_that_it_stopped() {
    let f = Fixture::new();
    let err = f
        .session
        .blocking(|s| -> Result<(), ApiError> {
            let _held = s.lock();
            panic!("ada@home.example");
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ApiErrorCode::Internal);
    assert!(!err.message.contains("ada@"), "{err:?}");
    assert!(!f.session.lock().state().unlocked);
}

// --- backups and restore (issue 10) ---

/// A session on the folder `dir`, with no vault yet (the app's first run), at the KDF floor,
/// keeping this computer's rollback records in `state` when given.
fn first_run(dir: std::path::PathBuf, state: Option<std::path::PathBuf>) -> SharedSession {
    SharedSession::new(Session::new(
        dir,
        SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: state.map(AnchorDir),
        },
        ContinuousInstant::at(Duration::ZERO),
    ))
}

fn vault_pass() -> Passphrase {
    tessera_test_support::passphrase()
}

const OWN: &str = "a separate backup passphrase, long";

impl Fixture {
    /// A backup of this vault (with a grant) at `name`, made through the save dialog.
    fn backup(&self, name: &str, own: Option<&str>) -> PathBuf {
        let out = self.path(name);
        let host = FakeDesktop::answering([Some(out.clone())]);
        let own = own.map(Passphrase::from_str_copy);
        desktop::save_backup(&host, &self.session, own.as_ref())
            .unwrap()
            .expect("saved");
        out
    }
}

fn events_of(session: &SharedSession) -> Vec<String> {
    session
        .lock()
        .ledger_list()
        .unwrap()
        .into_iter()
        .map(|e| format!("{}: {}", e.event, e.detail))
        .collect()
}

#[test]
fn backup_saved_under_a_dated_name_in_the_persons_zone_or_nothing_when_cancelled() {
    let f = Fixture::new();
    f.grant();
    let zone: tessera_api::profile::SetValueRequest =
        serde_json::from_value(json!({"field": "zoneinfo", "value": "Pacific/Kiritimati"}))
            .unwrap();
    f.session.lock().profile_set(&zone, at(NOW)).unwrap();
    let out = f.path("chosen.tessera");
    let host = FakeDesktop::answering([None, Some(out.clone())]);

    assert_eq!(desktop::save_backup(&host, &f.session, None).unwrap(), None);
    assert!(!out.exists());
    let written = desktop::save_backup(&host, &f.session, None)
        .unwrap()
        .unwrap();
    // 2026-11-18 11:06 UTC is already the 19th at UTC+14.
    assert_eq!(host.shown(), ["save: tessera-backup-2026-11-19.tessera"; 2]);
    assert!(!written.own_passphrase);
    assert_eq!(written.created_at, "2026-11-18T11:06:40Z");
    let checked = tessera_api::backup::verify_backup(&out, &vault_pass(), None).unwrap();
    assert_eq!(checked.entries, written.entries);
    assert!(written.entries >= 4, "{written:?}");
}

#[test]
fn backup_with_its_own_passphrase_refuses_a_weak_one_before_the_dialog() {
    let f = Fixture::new();
    let host = FakeDesktop::answering([]);
    let weak = Passphrase::from_str_copy("short");
    let err = desktop::save_backup(&host, &f.session, Some(&weak)).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::WeakPassphrase);
    assert!(
        host.shown().is_empty(),
        "no dialog for a refused passphrase"
    );

    let out = f.backup("own.tessera", Some(OWN));
    assert!(tessera_api::backup::has_own_passphrase(&out));
    let own = Passphrase::from_str_copy(OWN);
    let checked = tessera_api::backup::verify_backup(&out, &own, Some(&vault_pass())).unwrap();
    assert!(checked.own_passphrase);
}

#[test]
fn backup_dialog_is_not_shown_while_the_vault_is_locked() {
    let f = Fixture::new();
    f.session.lock().lock();
    let host = FakeDesktop::answering([]);
    let err = desktop::save_backup(&host, &f.session, None).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::VaultLocked);
    assert!(host.shown().is_empty());
}

#[test]
fn restore_cancelled_then_a_wrong_passphrase_then_the_right_one_opens_the_same_vault() {
    let f = Fixture::new();
    let jti = f.grant();
    let file = f.backup("backup.tessera", None);
    let before = f.ledger_events();
    let fresh = f.path("fresh");
    let session = first_run(fresh.clone(), None);
    let host = FakeDesktop::answering([None, Some(file)]);

    assert_eq!(desktop::pick_backup(&host, &session).unwrap(), None);
    let err = desktop::restore_backup(&host, &session, &vault_pass(), None, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::MissingInput, "{err:?}");

    let choice = desktop::pick_backup(&host, &session).unwrap().unwrap();
    assert_eq!(choice.name, "backup.tessera");
    assert!(!choice.own_passphrase);
    assert_eq!(host.shown(), ["open: Restore from a backup"; 2]);

    let wrong = Passphrase::from_str_copy("not the passphrase at all");
    let err = desktop::restore_backup(&host, &session, &wrong, None, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::WrongPassphrase, "{err:?}");
    assert!(!fresh.join("vault.header").exists());
    // A vault passphrase besides is refused for a backup under the vault's passphrase alone.
    let err =
        desktop::restore_backup(&host, &session, &vault_pass(), Some(&wrong), false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::InvalidInput, "{err:?}");

    // Still chosen: the right passphrase restores it, and the vault is open.
    let restored = desktop::restore_backup(&host, &session, &vault_pass(), None, false).unwrap();
    assert!(restored.state.unlocked && restored.state.exists);
    assert_eq!(restored.backup.created_at, "2026-11-18T11:06:40Z");
    let s = session.lock();
    let values: Vec<String> = s
        .profile_list()
        .unwrap()
        .into_iter()
        .map(|v| v.value)
        .collect();
    assert_eq!(values, ["ada@home.example"]);
    let grants: Vec<String> = s
        .grant_list(at(NOW))
        .unwrap()
        .into_iter()
        .map(|g| g.jti)
        .collect();
    assert_eq!(grants, [jti]);
    drop(s);
    let after = events_of(&session);
    assert_eq!(after[..before.len()], before[..]);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(
        after.last().unwrap().starts_with("vault_restored: "),
        "{after:?}"
    );
    // Restored: nothing is chosen any more, and no second restore goes over it.
    let err = desktop::restore_backup(&host, &session, &vault_pass(), None, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::MissingInput, "{err:?}");
}

#[test]
fn restore_refuses_a_damaged_or_foreign_file_and_leaves_the_folder_as_it_was() {
    let f = Fixture::new();
    let file = f.backup("backup.tessera", None);
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let damaged = f.file("damaged.tessera", &bytes);
    let foreign = f.file("notes.tessera", b"my shopping list\n");
    let fresh = f.path("fresh");
    let session = first_run(fresh.clone(), None);
    let host = FakeDesktop::answering([Some(damaged), Some(foreign), Some(f.path("gone"))]);
    for _ in 0..2 {
        desktop::pick_backup(&host, &session).unwrap().unwrap();
        let err = desktop::restore_backup(&host, &session, &vault_pass(), None, false).unwrap_err();
        assert_eq!(err.code, ApiErrorCode::BackupDamaged, "{err:?}");
        assert!(!fresh.exists(), "nothing left behind");
    }
    let err = desktop::pick_backup(&host, &session).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::MissingInput, "{err:?}");
    assert!(!session.lock().state().unlocked);
}

#[test]
fn restore_a_backup_with_its_own_passphrase_needs_the_vaults_too() {
    let f = Fixture::new();
    let file = f.backup("own.tessera", Some(OWN));
    let session = first_run(f.path("fresh"), None);
    let host = FakeDesktop::answering([Some(file)]);
    let choice = desktop::pick_backup(&host, &session).unwrap().unwrap();
    assert!(choice.own_passphrase);

    let own = Passphrase::from_str_copy(OWN);
    // The backup's own passphrase does not open the vault inside.
    let err = desktop::restore_backup(&host, &session, &own, None, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::WrongPassphrase, "{err:?}");
    // The vault's passphrase does not open the file.
    let err = desktop::restore_backup(&host, &session, &vault_pass(), Some(&vault_pass()), false)
        .unwrap_err();
    assert_eq!(err.code, ApiErrorCode::WrongPassphrase, "{err:?}");
    let restored =
        desktop::restore_backup(&host, &session, &own, Some(&vault_pass()), false).unwrap();
    assert!(restored.backup.own_passphrase && restored.state.unlocked);
}

#[test]
fn restore_is_refused_where_a_vault_exists_before_any_dialog() {
    let f = Fixture::new();
    let file = f.backup("backup.tessera", None);
    f.session.lock().lock();
    let host = FakeDesktop::answering([Some(file)]);
    let err = desktop::pick_backup(&host, &f.session).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::VaultExists, "{err:?}");
    assert!(host.shown().is_empty());
}

#[test]
fn restore_of_a_copy_older_than_this_computer_saw_only_when_the_person_accepts_it() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let original = first_run(tmp.path().join("vault"), Some(state.clone()));
    let start = ContinuousInstant::at(Duration::ZERO);
    original.lock().create(&vault_pass(), start).unwrap();
    let file = tmp.path().join("backup.tessera");
    let host = FakeDesktop::answering([Some(file.clone()), Some(file)]);
    desktop::save_backup(&host, &original, None)
        .unwrap()
        .unwrap();
    // A change after the backup: this computer has seen a newer vault than the backup holds.
    let later: tessera_api::profile::SetValueRequest =
        serde_json::from_value(json!({"field": "email", "value": "ada@later.example"})).unwrap();
    original.lock().profile_set(&later, at(NOW)).unwrap();
    original.lock().lock();

    let fresh = tmp.path().join("second");
    let session = first_run(fresh.clone(), Some(state));
    desktop::pick_backup(&host, &session).unwrap().unwrap();
    let err = desktop::restore_backup(&host, &session, &vault_pass(), None, false).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::VaultRolledBack, "{err:?}");
    assert!(err.message.contains("nothing was restored"), "{err:?}");
    assert!(
        !fresh.join("vault.header").exists(),
        "the restore was undone"
    );

    let restored = desktop::restore_backup(&host, &session, &vault_pass(), None, true).unwrap();
    assert!(restored.state.unlocked);
    assert!(
        session.lock().profile_list().unwrap().is_empty(),
        "the older copy"
    );
    let events = events_of(&session);
    let [.., restore, accepted] = &events[..] else {
        panic!("{events:?}")
    };
    assert!(restore.starts_with("vault_restored: "), "{events:?}");
    assert!(
        accepted.starts_with("vault_restore_accepted: ") && accepted.contains("are missing"),
        "{events:?}"
    );
}

#[test]
fn auto_backup_folder_chosen_in_the_folder_chooser_or_nothing_when_cancelled() {
    let f = Fixture::new();
    let folder = f.path("synced");
    std::fs::create_dir(&folder).unwrap();
    let host = FakeDesktop::answering([
        None,
        Some(f.dir.path().join("vault")),
        Some(folder.clone()),
        None,
    ]);
    assert_eq!(
        desktop::choose_auto_backup_folder(&host, &f.session, 5).unwrap(),
        None
    );
    assert_eq!(
        f.session.lock().auto_backup().unwrap().folder,
        None,
        "cancelled: still off"
    );
    let err = desktop::choose_auto_backup_folder(&host, &f.session, 5).unwrap_err();
    assert!(err.message.contains("outside the vault folder"), "{err:?}");
    let on = desktop::choose_auto_backup_folder(&host, &f.session, 5)
        .unwrap()
        .unwrap();
    let canonical = folder.canonicalize().unwrap();
    assert_eq!(on.folder.as_deref(), canonical.to_str());
    assert_eq!(
        (on.keep, on.last_backup.clone(), on.problem.clone()),
        (5, None, None)
    );
    // Cancelled once on: the choice stays. The chooser starts at home until a folder is
    // chosen, then in that folder.
    assert_eq!(
        desktop::choose_auto_backup_folder(&host, &f.session, 5).unwrap(),
        None
    );
    assert_eq!(f.session.lock().auto_backup().unwrap(), on);
    let home = tessera_vault::paths::home_dir().unwrap();
    let from = |start: &Path| {
        format!(
            "folder: Folder for automatic backups, from {}",
            start.display()
        )
    };
    assert_eq!(
        host.shown(),
        [from(&home), from(&home), from(&home), from(&canonical)]
    );

    // The first backup once things are quiet; the choice then says when.
    let written = f
        .session
        .lock()
        .auto_backup_if_due(at(NOW + 3600), 0)
        .unwrap()
        .expect("due: the vault has never been backed up");
    assert!(
        written.file.starts_with(canonical.to_str().unwrap()),
        "{}",
        written.file
    );
    let shown = f.session.lock().auto_backup().unwrap();
    assert_eq!(
        shown.last_backup.as_deref(),
        Some(written.created_at.as_str())
    );

    let off = f.session.lock().set_auto_backup(None, 5).unwrap();
    assert_eq!(off.folder, None);
    assert!(
        canonical
            .join(written.file.rsplit('/').next().unwrap())
            .exists(),
        "kept"
    );
}

#[test]
fn auto_backup_folder_chooser_is_not_shown_while_the_vault_is_locked() {
    let f = Fixture::new();
    f.session.lock().lock();
    let host = FakeDesktop::default();
    let err = desktop::choose_auto_backup_folder(&host, &f.session, 5).unwrap_err();
    assert_eq!(err.code, ApiErrorCode::VaultLocked, "{err:?}");
    assert!(host.shown().is_empty());
}

/// A failure is shown with what went wrong until a backup succeeds, and is not retried every
/// second: the next try waits `RETRY_SECONDS`, unless the person chooses a folder again.
#[test]
fn auto_backup_failure_is_shown_until_a_backup_succeeds_and_not_hammered() {
    use tessera_api::auto_backup::RETRY_SECONDS;
    let f = Fixture::new();
    let folder = f.path("usb");
    std::fs::create_dir(&folder).unwrap();
    f.session.lock().set_auto_backup(Some(&folder), 3).unwrap();
    // The drive is gone: a file stands where the folder was.
    std::fs::remove_dir(&folder).unwrap();
    std::fs::write(&folder, b"not a folder").unwrap();
    let t = NOW + 3600;
    let err = f.session.lock().auto_backup_if_due(at(t), 0).unwrap_err();
    let problem = f.session.lock().auto_backup().unwrap().problem;
    assert_eq!(problem.as_deref(), Some(err.message.as_str()));
    assert!(err.message.contains("usb"), "{err:?}");
    // Within the retry delay, no new try (it would fail the same way).
    assert_eq!(
        f.session.lock().auto_backup_if_due(at(t + 1), 0).unwrap(),
        None
    );
    assert_eq!(
        f.session
            .lock()
            .auto_backup_if_due(at(t + RETRY_SECONDS - 1), 0)
            .unwrap(),
        None
    );
    // The drive is back: the next try after the delay succeeds, and the problem is gone.
    std::fs::remove_file(&folder).unwrap();
    std::fs::create_dir(&folder).unwrap();
    let written = f
        .session
        .lock()
        .auto_backup_if_due(at(t + RETRY_SECONDS), 0)
        .unwrap();
    assert!(written.is_some());
    assert_eq!(f.session.lock().auto_backup().unwrap().problem, None);
}

/// A grant and its revocation go back the way the brand asked: a draft to its address, its
/// https page with the token after `#`, or the save dialog; each recorded in the ledger. A
/// brand's address that cannot be used is said, and the file is the way.
#[test]
fn reply_by_email_page_or_file_as_the_brand_asked() {
    use tessera_api::reply::{ReplyItem, ReplyPath};
    let f = Fixture::new();
    let fields =
        json!([{"name": "email", "form": "raw", "purposes": ["orders"], "required": true}]);
    let approve = |jti: &str, reply: serde_json::Value| {
        let token = tessera_test_support::signed_request_replying(
            [7; 32],
            "https://shop.example",
            jti,
            &fields,
            &reply,
            NOW,
        );
        let mut s = f.session.lock();
        s.request_import(&token, false, at(NOW)).unwrap();
        let approve: ApproveRequest =
            serde_json::from_value(json!({"jti": jti, "all": true})).unwrap();
        s.request_approve(&approve, at(NOW)).unwrap().detail
    };
    let by_mail = approve(
        "mail-1",
        json!({"method": "email", "to": "grants@shop.example"}),
    );
    assert_eq!(
        by_mail.reply,
        ReplyPath::Email {
            to: "grants@shop.example".into(),
            token_in_body: true
        }
    );
    let on_page = approve(
        "page-1",
        json!({"method": "url", "to": "https://shop.example/answer"}),
    );
    let by_file = approve("file-1", json!({"method": "file"}));
    let broken = approve(
        "http-1",
        json!({"method": "url", "to": "http://shop.example/answer"}),
    );
    assert_eq!(broken.reply, ReplyPath::File);
    assert!(
        broken
            .reply_problem
            .as_deref()
            .is_some_and(|p| p.contains("not an https address"))
    );

    let saved = f.path("grant.jwt");
    let host = FakeDesktop::answering([Some(saved.clone())]);
    let jti = |d: &tessera_api::exchange::GrantDetail| d.grant.jti.clone();
    let sent = desktop::send_reply(&host, &f.session, &jti(&by_mail), ReplyItem::Grant).unwrap();
    assert!(matches!(sent, Some(ReplyPath::Email { .. })));
    let sent = desktop::send_reply(&host, &f.session, &jti(&on_page), ReplyItem::Grant).unwrap();
    assert!(matches!(sent, Some(ReplyPath::Page { .. })));
    assert_eq!(
        desktop::send_reply(&host, &f.session, &jti(&by_file), ReplyItem::Grant).unwrap(),
        Some(ReplyPath::File)
    );
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap().trim(),
        by_file.token
    );
    let opened = host.opened();
    assert!(
        opened[0].starts_with("mailto:grants@shop.example?subject="),
        "{opened:?}"
    );
    assert!(
        opened[0].contains(&by_mail.token),
        "the grant is in the body"
    );
    assert_eq!(
        opened[1],
        format!("https://shop.example/answer#tessera={}", on_page.token)
    );

    // The revocation goes back the same way.
    f.session
        .lock()
        .grant_revoke(&jti(&by_mail), at(NOW))
        .unwrap();
    desktop::send_reply(&host, &f.session, &jti(&by_mail), ReplyItem::Revocation).unwrap();
    let revocation = f
        .session
        .lock()
        .grant_show(&jti(&by_mail), at(NOW))
        .unwrap()
        .revocation
        .unwrap();
    assert!(host.opened()[2].contains("My%20revocation%20for%20your%20request%20mail-1"));
    assert!(host.opened()[2].contains(&revocation));
    let err =
        desktop::send_reply(&host, &f.session, &jti(&on_page), ReplyItem::Revocation).unwrap_err();
    assert!(err.message.contains("is not revoked"), "{err:?}");

    let exported: Vec<String> = f
        .session
        .lock()
        .ledger_list()
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "grant_exported")
        .map(|e| e.detail)
        .collect();
    assert_eq!(exported.len(), 4, "{exported:?}");
    assert!(
        exported[0].ends_with("opened as an email draft to grants@shop.example"),
        "{exported:?}"
    );
    assert!(
        exported[1].ends_with("opened at the brand's page https://shop.example/answer"),
        "{exported:?}"
    );
    assert!(
        exported[3].ends_with("its revocation opened as an email draft to grants@shop.example"),
        "{exported:?}"
    );
}

/// Reminders come as notifications for what ends within the chosen days, soonest first, each
/// once per session, none while locked or when turned off; a year's grant is not one.
#[test]
fn reminders_notify_what_ends_soon_once() {
    use tessera_api::reminders::MAX_DAYS;
    let f = Fixture::new();
    let fields =
        json!([{"name": "email", "form": "raw", "purposes": ["orders"], "required": true}]);
    {
        let mut s = f.session.lock();
        for (jti, until) in [("soon-1", Some("2026-11-21")), ("year-1", None)] {
            s.request_import(&request(jti), false, at(NOW)).unwrap();
            let approve: ApproveRequest =
                serde_json::from_value(json!({"jti": jti, "all": true, "until": until})).unwrap();
            s.request_approve(&approve, at(NOW)).unwrap();
        }
        let allow: tessera_api::profile::AllowRequest = serde_json::from_value(
            json!({"brand": "https://shop.example", "field": "email", "until": "2026-11-25"}),
        )
        .unwrap();
        s.brand_allow(&allow, at(NOW)).unwrap();
        let pending = tessera_test_support::signed_request(
            [8; 32],
            "https://books.example",
            "books-1",
            &fields,
            NOW,
        );
        s.request_import(&pending, false, at(NOW)).unwrap();
        assert_eq!(s.reminder_days().unwrap(), 7);
    }
    let host = FakeDesktop::default();
    assert_eq!(desktop::remind(&host, &f.session, at(NOW)).unwrap(), 2);
    let shown = host.opened();
    assert!(
        shown[0].starts_with(
            "notification: Your grant to shop.example ends on 2026-11-21: It gave email:raw"
        ),
        "{shown:?}"
    );
    assert!(
        shown[1].starts_with("notification: Your rule for shop.example ends on 2026-11-25"),
        "{shown:?}"
    );
    assert_eq!(
        desktop::remind(&host, &f.session, at(NOW)).unwrap(),
        0,
        "each once"
    );

    // Further ahead, the pending request (valid 30 days) comes too; never the year's grant.
    f.session.lock().set_reminder_days(31).unwrap();
    assert_eq!(desktop::remind(&host, &f.session, at(NOW)).unwrap(), 1);
    assert!(
        host.opened()[2].starts_with("notification: books.example's request expires on"),
        "{:?}",
        host.opened()
    );
    assert!(
        !host.opened().iter().any(|n| n.contains("2027")),
        "{:?}",
        host.opened()
    );

    let err = f
        .session
        .lock()
        .set_reminder_days(MAX_DAYS + 1)
        .unwrap_err();
    assert!(err.message.contains("at most 90 days"), "{err:?}");
    f.session.lock().set_reminder_days(0).unwrap();
    assert!(
        f.session.lock().reminders(at(NOW)).unwrap().is_empty(),
        "off"
    );
    f.session.lock().lock();
    assert_eq!(
        desktop::remind(&host, &f.session, at(NOW)).unwrap(),
        0,
        "locked"
    );
}
