//! The real desktop app, end to end.
//!
//! Table of contents:
//! - `first_run_create_lock_wrong_passphrase_unlock`: setup screen with strength hint and the
//!   no-recovery statement; create; the six sections; Lock button; wrong passphrase message;
//!   unlock; Ctrl+L; the vault on disk matches.
//! - `auto_lock_after_configured_idle_time`: `--auto-lock-seconds 3` locks an idle vault and
//!   clears the screen.
//! - `vault_in_use_by_another_process_is_explained`: the CLI or another app holds the vault.
//! - `an_older_copy_put_back_is_explained_and_opens_only_when_accepted`: the rollback dialog;
//!   "Don't open it" leaves it shut, "Open this older copy" opens it and the ledger records it.
//! - `profile_brands_rules_matrix_and_stored_xss_is_inert`: a broken card refused with its
//!   line, a bad value listed as not imported, the rest imported; the profile form, brands,
//!   rules, the sensitive confirmation, the matrix; stored markup stays text.
//! - `a_phones_vcard_3_import_lists_what_it_skips_takes_a_country_and_notes_on_request` and
//!   `an_address_book_import_asks_which_card_is_yours_and_imports_only_that_one`: the import
//!   dialog on a phone's vCard 3.0 (skipped photo and national number, the country field,
//!   notes on request) and on a three-card file; the stored profile is what the preview showed.
//! - `a_backup_made_in_settings_restores_through_the_first_run_screen`: Settings > Backup
//!   through the native save dialog; the first-run screen of a fresh folder restores it through
//!   the open dialog (a wrong passphrase, then "Restore anyway" since this computer saw a newer
//!   change); the same profile, grant and ledger, plus the `vault_restored` and
//!   `vault_restore_accepted` entries.
//! - `automatic_backups_go_to_the_folder_chosen_in_settings`: Settings > Automatic backups
//!   through the native folder chooser; the backup written there once the vault is quiet
//!   verifies, and is shown as the last one; turned off.
//! - `home_shows_who_holds_what_and_leads_to_each_screen`: the first screen after unlock.
//! - `the_window_opens_as_large_and_where_it_was_left`: the window's size and place kept.
//! - `a_grant_ending_soon_is_said_by_a_notification_after_unlock`: a reminder, and turning
//!   them off in Settings.
//! - `every_screen_passes_axe_core_in_light_and_dark_themes`: axe-core on every screen and
//!   dialog, in both themes.
//! - `keyboard_shortcuts_reach_every_section_and_approve_without_a_mouse`: the cheat sheet,
//!   Alt+N, `/`, Ctrl+Enter on a review, Ctrl+L from a field.
//! - `a_second_launch_hands_its_files_and_links_to_the_running_app`: a request file and a
//!   `tessera:` link given to a second launch reach the running app (locked: waiting, then
//!   reviewed after unlock; unlocked: reviewed at once; a broken link refused).
//! - `grants_and_revocations_go_back_by_email_or_on_the_brands_page`: requests given on the
//!   command line open after unlock; the grant goes back on the brand's page or as an email
//!   draft, the revocation as a draft (links recorded by the debug build's test hook); the
//!   grant as a QR code.
//! - `the_menu_bar_goes_to_a_section_shows_the_shortcuts_and_locks`: the GTK menu bar from
//!   the keyboard (F10, arrows, Return): Go, Help and File each do what their shortcut does.
//! - `the_main_story_works_with_the_keyboard_alone`: create the vault, two profile values, a
//!   brand's request reviewed with a coarser form, approved, the grant copied, revoked, the
//!   ledger, lock and unlock: Tab to each control (its focus shown), keys to use it, no click.
//! - `a_brand_asking_again_shows_what_changed_and_starts_from_the_last_answer`: the review of a
//!   second request lists each change since the answered one (marked when it asks for more),
//!   starts on the fields and forms given then, leaves new ones unchosen; the grant follows.
//! - `a_grant_ending_soon_is_renewed_as_it_is_with_todays_values`: Grants offers to renew a
//!   grant ending in three days, says which value changed since, and the new grant (same
//!   request, same forms, the new email) verifies with the brand kit; the old one is marked.
//! - `home_says_what_should_be_gone_by_now_with_the_letter_and_a_calendar_file`: a brand past
//!   its declared retention is listed on Home with its erasure letter; the dates are saved as
//!   an iCalendar file through the native save dialog; a pasted header traced to the brand
//!   whose alias it came to; the consent records saved (ISO/IEC TS 27560).
//! - `the_review_says_where_a_request_goes_against_the_persons_terms`: terms set in Settings
//!   (a longest retention), then a request that profiles and keeps data two years: its review
//!   names both against the terms.
//! - `the_first_run_tries_the_whole_loop_on_the_demo_brand_and_removes_it`: after creating
//!   the vault, Home's demo card: three values, the demo request reviewed and approved with
//!   "over 18", its receipt, the revocation, the removal; marked Demo on every screen it shows.
//!
//! On the large vault of issue 13 (`tessera_test_support::large`: 2,000 values, 1,000 brands,
//! 10,000 requests and grants; made once per run, then copied for each test):
//! - `every_screen_pages_through_a_large_vault`: every screen opens and pages, the ledger is
//!   checked in steps, each screen's time printed.
//! - `memory_stays_flat_over_screen_changes_on_a_large_vault`: the app's memory after 100 and
//!   300 screen changes.
//! - the `_on_a_large_vault` twin of five stories, the same steps with the brand found by the
//!   search box and the counts of a vault used for years: the request reviewed, approved,
//!   revoked and found in the ledger (`request_review_sensitive_confirmation_grant_receipt_
//!   revocation_and_ledger`), asking again, renewing, against the person's terms, and a
//!   changed value corrected (beside 10,000 other grants that hold it).
#![allow(
    clippy::disallowed_methods,
    reason = "the end-to-end tests wait on the real clock"
)]

use std::time::Duration;

use fantoccini::key::Key;
use tessera_e2e::{AppUnderTest, FileDialog, temp_vault};
use tessera_vault::{KdfParams, Passphrase, Vault};

const PASS: &str = "violet tractor mumbles quietly";

fn vault_arg(dir: &std::path::Path) -> String {
    dir.to_str().expect("utf-8 temp path").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_create_lock_wrong_passphrase_unlock() {
    let (_tmp, dir) = temp_vault();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;

    // First run: setup screen, honest statement, strength hint.
    app.text_contains("#setup-title", "Create your vault").await;
    app.text_contains(".notice", "There is no recovery").await;
    app.type_into("#new-passphrase", "abc").await;
    app.text_contains("#strength", "Too short").await;
    app.type_into("#new-passphrase", PASS).await;
    app.text_contains("#strength", "Time to guess").await;
    app.type_into("#confirm-passphrase", PASS).await;
    let create = app.find("#create-vault").await;
    assert!(
        !create.is_enabled().await.unwrap(),
        "create stays disabled until the no-recovery box is ticked"
    );
    app.click("#understood").await;
    app.snapshot("setup").await;
    app.click("#create-vault").await;

    // The app frame with its sections.
    home_then_profile(&app).await;
    for section in [
        "home", "profile", "brands", "requests", "grants", "activity", "settings",
    ] {
        app.find(&format!("#nav-{section}")).await;
    }
    app.click("#nav-settings").await;
    app.text_contains("#section-title", "Settings").await;
    app.text_contains(".facts", "Argon2id").await;
    app.snapshot("settings").await;

    // Lock button.
    app.click("#lock").await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    app.gone("#section-title").await;

    // Wrong passphrase: clear message, still locked.
    app.type_into("#passphrase", "not my passphrase").await;
    app.click("#unlock").await;
    app.text_contains("[role=alert]", "Wrong passphrase").await;
    app.snapshot("wrong-passphrase").await;
    app.find("#unlock-title").await;

    // Right passphrase: back in, on a fresh screen.
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;

    // Ctrl+L locks from anywhere.
    let body = app.find("body").await;
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    app.text_contains("#unlock-title", "Unlock Tessera").await;

    // What the app created is a real vault the core can open, with no process holding it.
    let info = Vault::inspect(&dir).unwrap();
    assert!(!info.in_use, "locking releases the vault");
    assert!(info.kdf.memory_kib >= KdfParams::FLOOR.memory_kib);
    assert_eq!(
        info.kdf.memory_kib,
        KdfParams::DEFAULT_MEMORY_KIB,
        "calibrated, not the floor"
    );
    app.quit().await;
    // The app may still be exiting: wait for it to let go of the vault.
    unlock_when_released(
        &dir,
        &Passphrase::from_str_copy(PASS),
        &tessera_vault::OpenOptions::default(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_lock_after_configured_idle_time() {
    let (_tmp, dir) = temp_vault();
    tessera_test_support::create_at(&dir, PASS).lock();
    let app =
        AppUnderTest::launch(&["--vault", &vault_arg(&dir), "--auto-lock-seconds", "3"]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.click("#nav-settings").await;
    app.text_contains(".hint", "--auto-lock-seconds").await;

    // Idle: the backend locks the vault and the UI drops every screen.
    tokio::time::sleep(Duration::from_secs(3)).await;
    app.text_contains("#lock-notice", "locked itself").await;
    app.gone("#section-title").await;
    assert!(
        !Vault::inspect(&dir).unwrap().in_use,
        "keys dropped, vault released"
    );

    // And it opens again.
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_in_use_by_another_process_is_explained() {
    let (_tmp, dir) = temp_vault();
    let held = tessera_test_support::create_at(&dir, PASS);
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("[role=alert]", "open in another Tessera window")
        .await;
    drop(held);
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.quit().await;
}

/// Unlocks once whoever had the vault (the app exiting; or a child process of another test,
/// spawned while this test held the lock, which shares the lock until it execs) lets go.
async fn unlock_when_released(
    dir: &std::path::Path,
    pass: &Passphrase,
    options: &tessera_vault::OpenOptions,
) -> Vault {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match Vault::unlock_with(dir, pass, options) {
            Err(tessera_vault::VaultError::VaultInUse(_))
                if std::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => break other.unwrap(),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_older_copy_put_back_is_explained_and_opens_only_when_accepted() {
    let (tmp, dir) = temp_vault();
    // The same state folder the app is given (see `AppUnderTest::launch`).
    let options = tessera_vault::OpenOptions {
        anchors: Some(tessera_vault::AnchorDir(
            tmp.path().join("state").join("anchors"),
        )),
        accept_restore: false,
    };
    let pass = Passphrase::from_str_copy(PASS);
    let mut vault = Vault::create_with(&dir, &pass, KdfParams::FLOOR, &options).unwrap();
    vault.set_setting("auto_lock_seconds", "600").unwrap();
    vault.lock();
    let older = tmp.path().join("older");
    std::fs::create_dir(&older).unwrap();
    for name in ["vault.header", "vault.db"] {
        std::fs::copy(dir.join(name), older.join(name)).unwrap();
    }
    let mut vault = unlock_when_released(&dir, &pass, &options).await;
    vault.set_setting("auto_lock_seconds", "900").unwrap();
    vault.lock();
    for name in ["vault.header", "vault.db"] {
        std::fs::copy(older.join(name), dir.join(name)).unwrap();
    }

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#rollback-dialog", "older copy of your vault")
        .await;
    app.text_contains("#rollback-message", "are missing").await;
    app.snapshot("rollback-dialog").await;
    app.click("#keep-newest").await;
    app.gone("#rollback-dialog").await;
    app.text_contains("#unlock-error", "was not opened").await;
    app.gone("#section-title").await;

    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.find("#rollback-dialog").await;
    app.click("#accept-restore").await;
    home_then_profile(&app).await;
    app.quit().await;

    let vault = unlock_when_released(&dir, &pass, &options).await;
    assert_eq!(
        vault.setting("auto_lock_seconds").unwrap().as_deref(),
        Some("600")
    );
    let ledger = tessera_exchange::ledger::list(&vault).unwrap();
    assert_eq!(ledger.last().unwrap().event, "vault_restore_accepted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_ipc_arguments_get_errors_and_the_app_keeps_working() {
    let (_tmp, dir) = temp_vault();
    tessera_test_support::create_at(&dir, PASS).lock();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.find("#passphrase").await;
    // The webview is untrusted: call the IPC bridge directly with wrong types, missing
    // arguments, unknown commands and plugin commands that were never granted.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const calls = [
            ["unlock_vault", { passphrase: 42 }],
            ["unlock_vault", {}],
            ["create_vault", { passphrase: null }],
            ["set_auto_lock", { seconds: "soon" }],
            ["set_auto_lock", { seconds: -1 }],
            ["set_auto_lock", { seconds: 600 }],
            ["change_passphrase", { current: [], new: {} }],
            ["no_such_command", {}],
            ["plugin:fs|read_file", { path: "/etc/passwd" }],
            ["plugin:shell|execute", { program: "sh", args: ["-c", "true"] }],
            ["request_import_text", { token: 7, trustNewKey: "yes" }],
            ["request_approve", { request: { jti: [], fields: "all" } }],
            ["request_preview", { request: { jti: "x", fields: [{ name: 3 }] } }],
            ["profile_export_save", { format: "csv" }],
            ["plugin:dialog|open", { multiple: true }],
            ["plugin:clipboard-manager|read_text", {}],
            ["profile_import_paste", { text: 5 }],
            ["profile_import_preview", { choices: { card: -1, region: 7 } }],
            ["profile_import_apply", { choices: { include_notes: "yes", sneaky: true } }],
            ["backup_save", { ownPassphrase: 5 }],
            ["backup_pick", {}],
            ["backup_restore", { passphrase: "x", vaultPassphrase: null, acceptOlder: "yes" }],
            ["backup_restore", { passphrase: "long enough words", vaultPassphrase: null, acceptOlder: false }],
            ["grant_renew", { request: { jti: 5, confirm_categories: "health" } }],
            ["grant_renewal", { request: { jti: "no-such-grant", until: "tomorrow" } }],
        ];
        Promise.all(calls.map(([cmd, args]) =>
            window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                (value) => ({ cmd, ok: true, value }),
                (error) => ({ cmd, ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
            ))).then(done);
    "#;
    let results = app.client.execute_async(script, vec![]).await.unwrap();
    let results = results.as_array().expect("an array of outcomes");
    assert_eq!(results.len(), 25);
    for outcome in results {
        assert_eq!(outcome["ok"], false, "must be refused: {outcome}");
        assert!(
            !outcome["error"].as_str().unwrap_or("").is_empty(),
            "{outcome}"
        );
    }
    // A well-typed call on a locked vault gets the stable code.
    assert!(
        results[5]["error"]
            .as_str()
            .unwrap()
            .contains("vault_locked"),
        "{}",
        results[5]
    );

    // No open dialog where a vault exists, and no restore without a chosen backup.
    for (i, code) in [(20, "vault_exists"), (22, "missing_input")] {
        assert!(
            results[i]["error"].as_str().unwrap().contains(code),
            "{}",
            results[i]
        );
    }

    // Still alive and still locked: the real unlock works.
    assert!(!Vault::inspect(&dir).unwrap().in_use);
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.quit().await;
}

// --- profile, brands and rules (issue 3) ---

const XSS_VALUE: &str = r#"<img src=x onerror="window.__xss='value'">"#;
const XSS_LABEL: &str = r#"<b onmouseover="window.__xss='label'">work</b>"#;
const XSS_BRAND: &str =
    r#"<script>window.__xss='brand'</script><img src=y onerror="window.__xss='brand'">"#;

/// A vault holding stored XSS payloads in a value, a label and a brand name.
fn vault_with_hostile_text(dir: &std::path::Path) {
    use tessera_profile::store::{self, SetValue};
    use tessera_test_support::{TODAY, entered};
    let mut vault = tessera_test_support::create_at(dir, PASS);
    store::set_value(&mut vault, entered("nickname", XSS_VALUE), TODAY).unwrap();
    let label = SetValue {
        label: Some(XSS_LABEL),
        ..entered("email", "ada@work.example")
    };
    store::set_value(&mut vault, label, TODAY).unwrap();
    let hostile = tessera_profile::BrandId::parse("hostile.example").unwrap();
    store::add_brand(&mut vault, &hostile, XSS_BRAND, TODAY).unwrap();
    vault.lock();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_brands_rules_matrix_and_stored_xss_is_inert() {
    let (_tmp, dir) = temp_vault();
    vault_with_hostile_text(&dir);
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;

    // Stored XSS renders as text: the payloads are visible, nothing ran, no element was made.
    app.text_contains(".value-row[data-field=nickname] .value-text", XSS_VALUE)
        .await;
    app.text_contains(".value-row[data-field=email]", "window.__xss='label'")
        .await;

    // Import a vCard: a broken file first (names its line, changes nothing), then one with
    // a bad value, which is listed as not imported while the rest imports.
    app.type_lines(
        "#import-text",
        "BEGIN:VCARD\nVERSION:4.0\nN:Lovelace;Ada;;;",
    )
    .await;
    app.click("#import-preview").await;
    app.text_contains("#import-error", "line 1").await;
    app.text_contains("#import-error", "no END:VCARD").await;
    app.type_lines(
        "#import-text",
        "BEGIN:VCARD\nVERSION:4.0\nBDAY:1990-13-01\nN:Lovelace;Ada;;;\nEND:VCARD",
    )
    .await;
    app.click("#import-preview").await;
    app.text_contains("#import-summary", "2 to add").await;
    app.text_contains("#import-summary", "1 item(s) not imported")
        .await;
    app.click("#import-apply").await;
    app.text_contains("#import-notice", "Imported 2 value(s)")
        .await;
    app.text_contains(
        ".value-row[data-field=family_name]",
        "imported from pasted card",
    )
    .await;

    // Add fields of several kinds through the form.
    app.select("#value-field", "address").await;
    app.type_into("#value-text", "1 Rue de Rivoli; Paris; ; 75001; FR")
        .await;
    app.type_into("#value-label", "home").await;
    app.click("#save-value").await;
    app.text_contains(".value-row[data-field=address]", "Paris")
        .await;
    app.select("#value-field", "birthdate").await;
    app.type_into("#value-text", "23/04/1990").await;
    app.click("#save-value").await;
    app.text_contains("#value-error", "YYYY-MM-DD").await;
    app.type_into("#value-text", "1990-04-23").await;
    app.click("#save-value").await;
    app.text_contains(".value-row[data-field=birthdate]", "1990-04-23")
        .await;
    // A custom field marked sensitive.
    app.select("#value-field", "__custom").await;
    app.type_into("#custom-label", "Therapist").await;
    app.select("#custom-sensitivity", "health").await;
    app.type_into("#value-text", "Dr Example").await;
    app.click("#save-value").await;
    app.text_contains(".value-row[data-field='custom.therapist']", "health")
        .await;
    app.snapshot("profile").await;

    // A brand, a coarser form, a sensitive field with its confirmation.
    app.click("#nav-brands").await;
    app.text_contains(".brand-list", "window.__xss='brand'")
        .await;
    app.type_into("#brand-id", "shop.example").await;
    app.type_into("#brand-name", "Shop").await;
    app.click("#add-brand").await;
    app.text_contains("#brand-detail-title", "Shop").await;
    app.select("#allow-field", "address").await;
    app.select("#allow-form", "locality").await;
    app.click("#allow").await;
    app.text_contains("#brand-notice", "City only").await;
    app.text_contains("#brand-preview", "\"Paris\"").await;
    app.select("#allow-field", "custom.therapist").await;
    app.click("#allow").await;
    app.text_contains("#confirm-sensitive", "health").await;
    app.snapshot("confirm-sensitive").await;
    app.click("#confirm-share").await;
    app.text_contains(".rules tr[data-field='custom.therapist']", "Allowed")
        .await;

    // The matrix shows it.
    app.click("#tab-matrix").await;
    app.text_contains("#matrix tr[data-field=address]", "City only")
        .await;
    app.snapshot("matrix").await;

    // Revoke everything in one action.
    app.click("#tab-list").await;
    app.click(".brand-list li:last-child .brand-item").await;
    app.text_contains("#brand-detail-title", "Shop").await;
    app.click("#revoke-all").await;
    app.text_contains("#brand-notice", "Revoked 2 rule(s)")
        .await;
    app.text_contains(".rules tr[data-field=address]", "Denied")
        .await;

    let injected = app
        .eval("return [window.__xss ?? null, document.querySelectorAll('img, b, script:not([src])').length];")
        .await;
    assert_eq!(
        injected,
        serde_json::json!([null, 0]),
        "stored markup must stay text"
    );
    app.quit().await;
}

// --- requests, grants, receipts, ledger (issue 4) ---

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_review_sensitive_confirmation_grant_receipt_revocation_and_ledger() {
    the_exchange_story(Start::New).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_review_sensitive_confirmation_grant_receipt_revocation_and_ledger_on_a_large_vault()
 {
    the_exchange_story(Start::Large).await;
}

async fn the_exchange_story(start: Start) {
    use tessera_exchange::{brandkit, formats, jws, ledger};

    const BRAND: &str = "https://shop.example";
    let (_tmp, dir) = temp_vault();
    vault_with(
        &dir,
        start,
        &[
            ("email", "ada@home.example"),
            ("birthdate", "1990-04-23"),
            ("allergies", "peanuts"),
        ],
    )
    .lock();
    let (brand_key, _) = brandkit::generate_key().unwrap();
    let spec = r#"{
      "iss": "https://shop.example", "jti": "req-e2e-1",
      "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
      "fields": [
        {"name": "email", "required": true, "purposes": ["orders"]},
        {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]},
        {"name": "allergies", "required": false, "purposes": ["orders"]}
      ],
      "purposes": [{"id": "orders", "description": "Deliver your orders safely", "retention_days": 365, "third_parties": false, "profiling": false}],
      "offer": "Free delivery", "never": ["location-triggered messages"], "reply": {"method": "file"}
    }"#;
    let now = jiff::Timestamp::now().as_second();
    let request = brandkit::request_from_spec(&brand_key, spec, now).unwrap();

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;

    // Import by pasting; the first request pins the brand's key and shows its fingerprint.
    app.click("#nav-requests").await;
    app.type_into("#request-token", &request).await;
    app.click("#import-request").await;
    app.text_contains("#request-notice", "key is now pinned")
        .await;
    app.text_contains("#review-fingerprint", &brand_key.jwk().thumbprint())
        .await;
    app.text_contains("#review-offer", "Free delivery").await;
    app.text_contains("#review", "Deliver your orders safely")
        .await;
    let preselected = app
        .eval("return ['email','birthdate','allergies'].map(n => document.getElementById('share-' + n).checked);")
        .await;
    assert_eq!(
        preselected,
        serde_json::json!([true, true, false]),
        "optional fields start unselected"
    );

    // Choose the sensitive field too: the confirmation names its category.
    app.snapshot("review").await;
    app.click("#share-allergies").await;
    app.click("#approve").await;
    app.text_contains("#confirm-grant", "health").await;
    app.snapshot("confirm-grant").await;
    app.click("#confirm-grant-share").await;
    app.find("#grant-token").await;
    let grant = app
        .eval("return document.getElementById('grant-token').value;")
        .await;
    let grant = grant.as_str().unwrap().trim().to_owned();
    app.snapshot("grant").await;

    // The brand kit verifies the exported grant against its request.
    let claims = formats::verify_grant(&grant, BRAND, Some(&request), now + 5).unwrap();
    let fields: Vec<&str> = claims
        .disclosures
        .iter()
        .map(|d| d.field.as_str())
        .collect();
    assert_eq!(fields, ["email", "birthdate", "allergies"]);
    assert_eq!(claims.disclosures[1].value, serde_json::json!(true));

    // Receipt from the brand, pasted in.
    let receipt = brandkit::receipt_for(&brand_key, &grant, BRAND, now + 5).unwrap();
    app.click("#nav-grants").await;
    app.type_into("#receipt-token", &receipt).await;
    app.click("#import-receipt").await;
    app.text_contains("#grant-notice", "Receipt from Shop recorded")
        .await;
    app.text_contains("#grant-receipt", "countersigned").await;

    // Revoke: the revocation verifies for the brand, against the grant.
    app.click("#revoke-grant").await;
    app.text_contains("#grant-state", "Revoked").await;
    let revocation = app
        .eval("return document.getElementById('revocation-token').value;")
        .await;
    let revocation = formats::verify_revocation(
        revocation.as_str().unwrap().trim(),
        BRAND,
        Some(&grant),
        now + 10,
    )
    .unwrap();
    assert_eq!(revocation.grant.hash, jws::token_hash(&grant));

    // The activity screen shows each step, and the ledger verifies.
    app.click("#nav-activity").await;
    for event in [
        "request_imported",
        "grant_issued",
        "receipt_imported",
        "grant_revoked",
    ] {
        app.find(&format!("#ledger tr[data-event={event}]")).await;
    }
    app.click("#verify-ledger").await;
    app.text_contains("#ledger-check", "Intact").await;
    app.snapshot("activity").await;
    // Readable at the default window size: each time and each "Ask to delete" on one line (a
    // text broken across lines has a box per line).
    let broken = app
        .eval(
            "const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); \
             return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; }; \
             return [...document.querySelectorAll('#ledger td.when time, #ledger td:last-child button')] \
             .filter((el) => lines(el) !== 1).map((el) => el.textContent);",
        )
        .await;
    assert_eq!(broken, serde_json::json!([]), "broken across lines");
    // Filtered in the core: only the revocations, newest first, then every event again (a
    // page of them on the large vault).
    let every = app.texts("#ledger tbody tr").await.len();
    assert_eq!(every == 100, start == Start::Large, "{every} shown");
    app.select("#ledger-event", "grant_revoked").await;
    app.text_contains("#ledger-shown", "1 shown of").await;
    let events = app
        .eval("return [...document.querySelectorAll('#ledger tbody tr')].map((r) => r.dataset.event);")
        .await;
    assert_eq!(events, serde_json::json!(["grant_revoked"]));
    app.select("#ledger-event", "all").await;
    let shown = match start {
        Start::New => format!("{every} shown of {every}"),
        Start::Large => "100 shown of 21,".to_owned(),
    };
    app.text_contains("#ledger-shown", &shown).await;
    app.quit().await;

    // After the app is gone (once it lets go of the vault): the ledger verifies, then fails
    // once a row is edited.
    let vault = unlock_when_released(
        &dir,
        &Passphrase::from_str_copy(PASS),
        &tessera_vault::OpenOptions::default(),
    )
    .await;
    assert!(ledger::verify(&vault).unwrap() >= 5);
    vault.lock();
    rusqlite::Connection::open(dir.join("vault.db"))
        .unwrap()
        .execute_batch("UPDATE entry SET body = CAST(substr(body, 1, 30) || CASE WHEN substr(body, 31, 1) = X'01' THEN X'02' ELSE X'01' END || substr(body, 32) AS BLOB) WHERE id = (SELECT MAX(id) FROM entry WHERE kind = 'ledger')")
        .unwrap();
    let vault = Vault::unlock(&dir, &Passphrase::from_str_copy(PASS)).unwrap();
    assert!(
        ledger::verify(&vault).is_err(),
        "an edited ledger row is detected"
    );
}

// --- profile import from real exporters' cards (issue 8) ---

/// A card as an Android phone's contacts app (Google Contacts) exports it: vCard 3.0, a
/// national phone number, repeated `TYPE`, an Apple-style labelled group, an inline photo,
/// a quoted-printable note with a soft line break, and a folded line. Made up for this test.
const PHONE_EXPORT: &str = "BEGIN:VCARD
VERSION:3.0
N:Okonkwo-Hale;Marguerite;Ifeoma;;
FN:Marguerite Ifeoma Okonkwo-Hale
TEL;TYPE=CELL:(617) 236-0442
EMAIL;TYPE=INTERNET;TYPE=HOME:marguerite.hale@mailbox.example
item1.EMAIL;TYPE=INTERNET:mhale@rowing-club.example
item1.X-ABLabel:Rowing club
PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/
 yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Call after 6 pm =E2=80=94 caf=C3=A9 on the c=
orner
END:VCARD";

/// An address book's export: three people, vCard 3.0. Made up for this test.
const ADDRESS_BOOK: &str = "BEGIN:VCARD
VERSION:3.0
FN:Tobias Lindqvist
N:Lindqvist;Tobias;;;
EMAIL;TYPE=WORK:tobias@fjord-tools.example
TEL;TYPE=WORK:+46 8 123 456 78
ORG:Fjord Tools AB
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Priya Raghunathan
N:Raghunathan;Priya;;;
EMAIL;TYPE=HOME:priya.r@lantern-post.example
TEL;TYPE=CELL:+44 20 7946 0958
ORG:Lantern Post
TITLE:Editor
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Hugo Ferreira
N:Ferreira;Hugo;;;
EMAIL:hugo@azulejo.example
END:VCARD";

/// Calls a command through the webview's IPC bridge, as the UI would: `Ok(value)` or
/// `Err(error as text)`.
async fn invoke(
    app: &AppUnderTest,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let script = r#"
        const [cmd, args, done] = arguments;
        window.__TAURI_INTERNALS__.invoke(cmd, args).then(
            (value) => done({ ok: true, value }),
            (error) => done({ ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
        );
    "#;
    let outcome = app
        .client
        .execute_async(script, vec![serde_json::json!(cmd), args])
        .await
        .unwrap();
    if outcome["ok"] == true {
        Ok(outcome["value"].clone())
    } else {
        Err(outcome["error"].as_str().unwrap_or_default().to_owned())
    }
}

/// Issue 12: a brand that holds a grant asks again, for more. The review says what changed
/// since the request the person answered, marks what asks for more, and starts from that
/// answer: the email given then is chosen, the exact birth date now asked starts on the "over
/// 18" given then, the new phone number is left for the person to choose.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_brand_asking_again_shows_what_changed_and_starts_from_the_last_answer() {
    asking_again(Start::New).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_brand_asking_again_shows_what_changed_and_starts_from_the_last_answer_on_a_large_vault()
{
    asking_again(Start::Large).await;
}

async fn asking_again(start: Start) {
    use tessera_exchange::{brandkit, formats, jws::SigningKey};
    const BRAND: &str = "https://shop.example";
    let (_tmp, dir) = temp_vault();
    let mut session = session_from(
        &dir,
        start,
        &[
            ("email", "ada@home.example"),
            ("birthdate", "1990-04-23"),
            ("phone_number", "+33612345678"),
        ],
    );
    let key = SigningKey::from_seed(&[7; 32]);
    let request = |jti: &str, fields: &str, purpose: &str, offer: &str| {
        let spec = format!(
            r#"{{"iss": "{BRAND}", "jti": "{jti}",
              "brand": {{"name": "Shop", "privacy_policy": "{BRAND}/privacy", "contact": "privacy@shop.example"}},
              "fields": {fields}, "purposes": [{purpose}], {offer} "reply": {{"method": "file"}}}}"#
        );
        brandkit::request_from_spec(&key, &spec, jiff::Timestamp::now().as_second()).unwrap()
    };
    let first = request(
        "shop-1",
        r#"[{"name": "email", "required": true, "purposes": ["orders"]},
            {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["orders"]}]"#,
        r#"{"id": "orders", "description": "Deliver your orders", "retention_days": 365, "third_parties": false, "profiling": false}"#,
        r#""offer": "Free delivery","#,
    );
    let now = jiff::Timestamp::now();
    session.request_import(&first, false, now).unwrap();
    let approve = serde_json::from_value(serde_json::json!({"jti": "shop-1", "all": true}));
    session.request_approve(&approve.unwrap(), now).unwrap();
    session.lock();
    let again = request(
        "shop-2",
        r#"[{"name": "email", "required": true, "purposes": ["orders"]},
            {"name": "birthdate", "form": "raw", "required": true, "purposes": ["orders"]},
            {"name": "phone_number", "required": true, "purposes": ["orders"]}]"#,
        r#"{"id": "orders", "description": "Deliver your orders", "retention_days": 730, "third_parties": true, "profiling": false}"#,
        "",
    );

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    app.click("#nav-requests").await;
    app.type_into("#request-token", &again).await;
    app.click("#import-request").await;
    app.text_contains("#review-changes", "What changed since your last answer")
        .await;
    let changes = app
        .eval(
            "return [...document.querySelectorAll('#review-changes li')]\
               .map(li => [li.dataset.change, li.dataset.asksMore === 'true', li.textContent.trim()]);",
        )
        .await;
    let changes: Vec<(String, bool, String)> = serde_json::from_value(changes).unwrap();
    let kinds: Vec<(&str, bool)> = changes.iter().map(|(c, m, _)| (c.as_str(), *m)).collect();
    assert_eq!(
        kinds,
        [
            ("form_finer", true),
            ("field_added", true),
            ("retention_longer", true),
            ("third_parties_on", true),
            ("offer_withdrawn", true),
        ],
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .all(|(_, _, text)| text.starts_with("asks for more")),
        "each change that asks for more is marked: {changes:?}"
    );
    assert!(changes[2].2.contains("730"), "{changes:?}");
    let start = app
        .eval(
            "return ['email','birthdate','phone_number'].map(n => {\
               const row = document.querySelector(`#review-fields tr[data-field=${n}]`);\
               return [document.getElementById('share-' + n).checked, row.querySelector('select').value,\
                       row.querySelector('.last-time')?.textContent.trim() ?? null];\
             });",
        )
        .await;
    assert_eq!(
        start,
        serde_json::json!([
            [true, "raw", "Given last time as Exact value."],
            [true, "age_over_18", "Given last time as Over 18 (yes/no)."],
            [false, "raw", "Not asked for last time."]
        ]),
        "the review starts from the last answer; the new field is left to choose"
    );
    app.text_contains(
        "#review-fields tr[data-field=birthdate]",
        "last time, so the review starts there",
    )
    .await;
    app.snapshot("review-changes").await;

    // Approving as it starts gives what was given last time, in the same forms.
    app.click("#approve").await;
    app.find("#grant-token").await;
    let grant = app
        .eval("return document.getElementById('grant-token').value;")
        .await;
    let claims = formats::verify_grant(
        grant.as_str().unwrap().trim(),
        BRAND,
        Some(&again),
        jiff::Timestamp::now().as_second(),
    )
    .unwrap();
    let given: Vec<(&str, &str)> = claims
        .disclosures
        .iter()
        .map(|d| (d.field.as_str(), d.form.as_str()))
        .collect();
    assert_eq!(given, [("email", "raw"), ("birthdate", "age_over_18")]);
}

/// Issue 12: a grant ending soon, renewed as it is from the Grants screen after the person
/// changed their email: the screen says so, and the new grant gives the new address in the
/// same forms, answering the same request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_ending_soon_is_renewed_as_it_is_with_todays_values() {
    renewing(Start::New).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_ending_soon_is_renewed_as_it_is_with_todays_values_on_a_large_vault() {
    renewing(Start::Large).await;
}

async fn renewing(start: Start) {
    use tessera_exchange::formats;
    const BRAND: &str = "https://shop.example";
    let (_tmp, dir) = temp_vault();
    let mut session = session_from(
        &dir,
        start,
        &[("email", "ada@home.example"), ("birthdate", "1990-04-23")],
    );
    let now = jiff::Timestamp::now();
    let fields = serde_json::json!([
        {"name": "email", "form": "raw", "purposes": ["orders"], "required": true},
        {"name": "birthdate", "form": "age_over_18", "purposes": ["orders"], "required": true}
    ]);
    let request =
        tessera_test_support::signed_request([7; 32], BRAND, "shop-1", &fields, now.as_second());
    session.request_import(&request, false, now).unwrap();
    let in_three_days = jiff::Timestamp::from_second(now.as_second() + 3 * 24 * 3600)
        .unwrap()
        .strftime("%Y-%m-%d")
        .to_string();
    let approve = serde_json::from_value(
        serde_json::json!({"jti": "shop-1", "all": true, "until": in_three_days}),
    );
    let old = session.request_approve(&approve.unwrap(), now).unwrap();
    let new_email =
        serde_json::json!({"field": "email", "value": "ada@new.example", "primary": true});
    session
        .profile_set(&serde_json::from_value(new_email).unwrap(), now)
        .unwrap();
    session.lock();

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    app.click("#nav-grants").await;
    click_the_one_with(&app, "#grant-list button", "Expiring").await;
    app.text_contains(
        "#renewal-fields",
        "Email (Exact value), Date of birth (Over 18 (yes/no))",
    )
    .await;
    app.text_contains("#renewal-changed", "Changed since this grant: Email")
        .await;
    app.snapshot("grant-renewal").await;
    app.click("#renew-grant").await;
    app.text_contains("#grant-notice", "Renewed").await;
    app.find("#renewed-token").await;
    let token = app
        .eval("return document.getElementById('renewed-token').value;")
        .await;
    let claims = formats::verify_grant(
        token.as_str().unwrap().trim(),
        BRAND,
        Some(&request),
        jiff::Timestamp::now().as_second(),
    )
    .unwrap();
    let given: Vec<(&str, &str)> = claims
        .disclosures
        .iter()
        .map(|d| (d.field.as_str(), d.form.as_str()))
        .collect();
    assert_eq!(given, [("email", "raw"), ("birthdate", "age_over_18")]);
    assert_eq!(
        claims.disclosures[0].value,
        serde_json::json!("ada@new.example")
    );
    assert!(
        claims.exp > now.as_second() + 300 * 24 * 3600,
        "a year by default"
    );
    // The old grant is marked as renewed by the new one, and offers no second renewal.
    click_the_one_with(&app, "#grant-list button", "Expiring").await;
    app.text_contains("#grant-renewed-by", &claims.jti).await;
    let offered = app
        .eval("return document.getElementById('grant-renewal') !== null;")
        .await;
    assert_eq!(offered, serde_json::json!(false));
    assert_eq!(old.detail.grant.state.as_str(), "expiring");
}

/// Issue 12: retention kept, not just promised. A shop said it keeps the email 30 days; 40
/// days after the grant, Home lists it as should be gone by now, shows the erasure letter to
/// send, and saves every date as a calendar file (through the native save dialog).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_says_what_should_be_gone_by_now_with_the_letter_and_a_calendar_file() {
    use tessera_exchange::{brandkit, jws::SigningKey};
    let (tmp, dir) = temp_vault();
    let mut session = session_as_the_app_makes_it(
        &dir,
        &[
            ("email", "ada@home.example"),
            ("birthdate", "1990-04-23"),
            ("email_alias_pattern", "ada+{brand}@home.example"),
        ],
    );
    let then = jiff::Timestamp::now().as_second() - 40 * 24 * 3600;
    let spec = r#"{"iss": "https://shop.example", "jti": "shop-1",
      "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
      "fields": [
        {"name": "email", "required": true, "purposes": ["orders"]},
        {"name": "birthdate", "form": "age_over_18", "required": true, "purposes": ["checks"]}
      ],
      "purposes": [
        {"id": "orders", "description": "Deliver your orders", "retention_days": 30, "third_parties": false, "profiling": false},
        {"id": "checks", "description": "Check your age", "retention_days": 365, "third_parties": false, "profiling": false}
      ],
      "reply": {"method": "file"}}"#;
    let request =
        brandkit::request_from_spec(&SigningKey::from_seed(&[7; 32]), spec, then).unwrap();
    let then = jiff::Timestamp::from_second(then).unwrap();
    session.request_import(&request, false, then).unwrap();
    let approve = serde_json::from_value(serde_json::json!({"jti": "shop-1", "all": true}));
    session.request_approve(&approve.unwrap(), then).unwrap();
    session.lock();

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    let listed = app
        .text_contains(
            "#home-deletions li[data-brand='https://shop.example']",
            "Email: should have been deleted",
        )
        .await;
    assert!(
        !listed.contains("Date of birth"),
        "kept a year: not due yet: {listed}"
    );
    app.text_contains(
        "#home-deletions-next",
        "Shop should delete your Date of birth",
    )
    .await;
    app.snapshot("home-deletions").await;
    app.click("#home-deletions .ask-delete").await;
    let letter = app
        .text_contains("#deletion-letter", "privacy@shop.example")
        .await;
    assert!(letter.contains("GDPR Art. 17"), "{letter}");
    // Signed and tracked, like every letter: the text to send ends with the signed copy.
    app.click("#erasure-sign").await;
    app.text_contains("#erasure-signed", "A reply is due by")
        .await;
    let signed = app
        .eval("return document.getElementById('erasure-signed-text').value;")
        .await;
    assert!(
        signed
            .as_str()
            .unwrap()
            .contains("-----BEGIN TESSERA LETTER-----"),
        "{signed}"
    );

    let file = tmp.path().join("deletions.ics");
    app.click("#deletions-calendar").await;
    app.answer_file_dialog(FileDialog::Save, &file).await;
    app.text_contains("#home-deletions", "Calendar file saved")
        .await;
    let ics = std::fs::read_to_string(&file).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(
        ics.contains("SUMMARY:Shop should have deleted your Email"),
        "{ics}"
    );
    assert!(
        ics.contains("SUMMARY:Shop should have deleted your Date of birth"),
        "{ics}"
    );
    assert!(
        !ics.contains("ada@home.example"),
        "names fields, never values"
    );

    // Where did an address come from: spam to the shop's alias, which it was never given.
    app.click("#nav-activity").await;
    // A header pasted in (typed keys would not carry its line ends).
    app.eval(
        "const box = document.getElementById('trace-text');\
         box.value = 'From: deals@spam.example\\nTo: <Ada+Shop-Example@home.example>\\nSubject: You won\\n';\
         box.dispatchEvent(new Event('input', { bubbles: true })); return true;",
    )
    .await;
    app.click("#trace-button").await;
    app.text_contains(
        "#trace-found li[data-brand='https://shop.example']",
        "is the alias Shop would have, but you never gave it",
    )
    .await;
    app.snapshot("trace-alias").await;

    // The consent records, through the save dialog, for other tools to read.
    let records = tmp.path().join("records.json");
    app.click("#export-consent-records").await;
    app.answer_file_dialog(FileDialog::Save, &records).await;
    app.text_contains("#activity-saved", "ISO/IEC TS 27560")
        .await;
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&records).unwrap()).unwrap();
    assert_eq!(
        doc["@graph"][0]["dpv:hasDataController"]["@id"],
        "https://shop.example"
    );
    assert_eq!(doc["@graph"][0]["dpv:hasConsentStatus"], "dpv:ConsentGiven");
}

/// Issue 12: the person's terms, set in Settings, and a request that goes against them: the
/// review says so, purpose by purpose, and leaves the decision to the person.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_says_where_a_request_goes_against_the_persons_terms() {
    against_the_terms(Start::New).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_says_where_a_request_goes_against_the_persons_terms_on_a_large_vault() {
    against_the_terms(Start::Large).await;
}

async fn against_the_terms(start: Start) {
    use tessera_exchange::{brandkit, formats, jws::SigningKey};
    let (_tmp, dir) = temp_vault();
    vault_with(&dir, start, &[("email", "ada@home.example")]).lock();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.click("#nav-settings").await;
    app.select("#terms-agreement", "tessera-strict").await;
    app.type_into("#terms-retention", "365").await;
    app.click("#terms-save").await;
    app.text_contains("#terms-said", "Your terms are saved")
        .await;
    app.snapshot("my-terms").await;

    let spec = r#"{"iss": "https://shop.example", "jti": "shop-1",
      "brand": {"name": "Shop", "privacy_policy": "https://shop.example/privacy", "contact": "privacy@shop.example"},
      "fields": [{"name": "email", "required": true, "purposes": ["offers"]}],
      "purposes": [{"id": "offers", "description": "Send you offers", "retention_days": 730, "third_parties": false, "profiling": true}],
      "reply": {"method": "file"}}"#;
    let request = brandkit::request_from_spec(
        &SigningKey::from_seed(&[7; 32]),
        spec,
        jiff::Timestamp::now().as_second(),
    )
    .unwrap();
    app.click("#nav-requests").await;
    app.type_into("#request-token", &request).await;
    app.click("#import-request").await;
    app.text_contains("#review-conflicts", "Against your terms")
        .await;
    let said = app
        .eval("return [...document.querySelectorAll('#review-conflicts li')].map(li => [li.dataset.conflict, li.textContent.trim()]);")
        .await;
    assert_eq!(
        said,
        serde_json::json!([
            [
                "profiling",
                "Send you offers uses the data for profiling, which your terms forbid: approving Email lets it."
            ],
            [
                "retention",
                "Send you offers keeps the data 730 days, longer than the 365 days your terms accept: approving Email lets it."
            ]
        ])
    );
    app.snapshot("review-conflicts").await;

    // The shop's own terms, on its page: they start from those for every brand; contact by
    // email only, never at night.
    app.click("#nav-brands").await;
    open_brand(&app, "Shop").await;
    app.text_contains(
        "#brand-terms-whose",
        "Your terms for every brand hold for Shop",
    )
    .await;
    app.click("#brand-terms-contact").await;
    app.click("#brand-terms-channel-email").await;
    app.type_into("#brand-terms-quiet", "21:00-8:00").await;
    app.click("#brand-terms-save").await;
    app.text_contains("#brand-terms-said", "Terms for Shop are saved")
        .await;
    app.text_contains("#brand-terms-whose", "Shop has terms of its own")
        .await;
    app.snapshot("brand-terms").await;

    // The person still decides: approving is possible, and the grant carries the shop's terms
    // with the purpose named as an exception for what it goes against.
    app.click("#nav-requests").await;
    click_the_one_with(&app, "#requests .brand-item", "Shop").await;
    app.text_contains("#review-conflicts", "Against your terms")
        .await;
    app.click("#approve").await;
    app.find("#grant-token").await;
    let grant = app
        .eval("return document.getElementById('grant-token').value;")
        .await;
    let claims = formats::verify_grant(
        grant.as_str().unwrap().trim(),
        "https://shop.example",
        Some(&request),
        jiff::Timestamp::now().as_second(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&claims.terms).unwrap(),
        serde_json::json!({
            "agreement": "tessera-strict", "no_sale": true, "no_sharing": true,
            "no_profiling": true, "no_inference": true, "no_training": true,
            "max_retention_days": 365, "erase_within_days": 30,
            "contact": {"channels": ["email"], "quiet_hours": "21:00-08:00"},
            "additions": [], "forbidden_uses": [],
            "exceptions": [{"purpose": "offers", "allows": ["profiling", "retention"]}]
        })
    );
}

/// Issue 12: a changed email fans out to the brands that hold the old one: Profile lists each,
/// one is corrected by renewing its grant, the other by a signed correction letter the brand
/// verifies against its grant; the brand's page tracks the letter until its reply is recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_value_is_corrected_at_every_brand_that_holds_it() {
    correcting(Start::New).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_value_is_corrected_at_every_brand_that_holds_it_on_a_large_vault() {
    correcting(Start::Large).await;
}

async fn correcting(start: Start) {
    use tessera_exchange::formats;
    let (tmp, dir) = temp_vault();
    let mut session = session_from(&dir, start, &[("email", "ada@home.example")]);
    // Each of the large vault's 10,000 grants in force (ten for each of its 1,000 brands) gave
    // the same email, and each is listed: every grant is renewed on its own terms.
    let others = match start {
        Start::New => 0,
        Start::Large => {
            let large = tessera_test_support::large::LargeVault::ISSUE_13;
            large.brands * large.requests_per_brand
        }
    };
    let now = jiff::Timestamp::now();
    let fields = serde_json::json!([
        {"name": "email", "form": "raw", "purposes": ["orders"], "required": true}
    ]);
    let mut grants = std::collections::HashMap::new();
    for (seed, brand, jti) in [
        (7, "https://shop.example", "shop-1"),
        (8, "https://books.example", "books-1"),
    ] {
        let request =
            tessera_test_support::signed_request([seed; 32], brand, jti, &fields, now.as_second());
        session.request_import(&request, false, now).unwrap();
        let approve = serde_json::from_value(serde_json::json!({"jti": jti, "all": true}));
        let approved = session.request_approve(&approve.unwrap(), now).unwrap();
        grants.insert(brand, approved.detail.token);
    }
    session.lock();

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.select("#value-field", "email").await;
    app.type_into("#value-text", "ada@new.example").await;
    app.click("#save-value").await;
    app.text_contains("#corrections", "Brands holding an older value")
        .await;
    let listed = app.texts("#corrections li .brand-name").await;
    assert_eq!(listed.len(), 2 + others, "{listed:?}");
    // By brand name.
    assert!(listed.windows(2).all(|w| w[0] <= w[1]), "{listed:?}");
    for brand in ["books.example", "shop.example"] {
        assert_eq!(listed.iter().filter(|b| *b == brand).count(), 1, "{brand}");
    }
    app.snapshot("corrections").await;
    let violations = app.accessibility_violations().await;
    assert!(violations.is_empty(), "axe-core: {violations:?}");

    // Books: a new grant with today's email.
    app.eval("document.querySelector('#corrections li[data-brand=\"https://books.example\"] .correction-renew').click(); return true;")
        .await;
    app.text_contains("#corrections-said", "books.example has a new grant")
        .await;
    // Shop: a correction letter, which the shop verifies against the grant it holds.
    app.eval("document.querySelector('#corrections li[data-brand=\"https://shop.example\"] .correction-letter').click(); return true;")
        .await;
    app.text_contains("#corrections-said", "correction letter to shop.example")
        .await;
    let text = app
        .eval("return document.getElementById('correction-text').value;")
        .await;
    let text = text.as_str().unwrap().to_owned();
    assert!(text.starts_with("To: privacy@shop.example\n"), "{text}");
    assert!(text.contains("Email: ada@new.example"), "{text}");
    let token = text
        .split("-----BEGIN TESSERA LETTER-----")
        .nth(1)
        .and_then(|rest| rest.split("-----END TESSERA LETTER-----").next())
        .unwrap()
        .trim()
        .to_owned();
    let letter = formats::verify_letter(
        &token,
        "https://shop.example",
        Some(&grants["https://shop.example"]),
        jiff::Timestamp::now().as_second(),
    )
    .unwrap();
    assert_eq!(letter.right, formats::Right::Correction);
    assert_eq!(
        letter.corrections[0].value,
        serde_json::json!("ada@new.example")
    );
    // Both brands are done: nothing is left to correct but the large vault's own.
    app.count_is("#corrections li", others).await;

    // The shop's page tracks the letter: awaiting a reply, then replied.
    app.click("#nav-brands").await;
    open_brand(&app, "shop.example").await;
    app.text_contains("#letter-list", "Correction of my data")
        .await;
    app.text_contains("#letter-list", "Awaiting a reply").await;
    app.snapshot("letters").await;
    let violations = app.accessibility_violations().await;
    assert!(violations.is_empty(), "axe-core: {violations:?}");
    app.click("#letter-list .letter-replied").await;
    app.text_contains("#letter-list", "Replied").await;

    // A signed access request, written on the same page.
    app.select("#letter-right", "access").await;
    app.click("#letter-write").await;
    app.text_contains("#letter-written", "a reply is due by")
        .await;
    let access = app
        .eval("return document.getElementById('letter-text').value;")
        .await;
    assert!(
        access.as_str().unwrap().contains("Under Article 15"),
        "{access}"
    );

    // A complaint to the authority, with its evidence bundle saved through the save dialog.
    app.click("#complain").await;
    app.text_contains("#complaint-to", "name no authority")
        .await;
    let complaint = app
        .eval("return document.getElementById('complaint-text').value;")
        .await;
    let complaint = complaint.as_str().unwrap().to_owned();
    assert!(
        complaint.starts_with("Subject: Complaint about shop.example (GDPR Art. 77)"),
        "{complaint}"
    );
    assert!(
        complaint.contains("Correction of my data (GDPR Art. 16). It replied on"),
        "{complaint}"
    );
    app.snapshot("complaint").await;
    let file = tmp.path().join("complaint.json");
    app.click("#complaint-save").await;
    app.answer_file_dialog(FileDialog::Save, &file).await;
    app.text_contains("#complaint-saved", "evidence bundle is saved")
        .await;
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(bundle["format"], "tessera-complaint-bundle");
    let request = bundle["requests"][0]["token"].as_str().unwrap();
    let grant = bundle["grants"][0]["token"].as_str().unwrap();
    assert_eq!(grant, grants["https://shop.example"]);
    formats::verify_grant(
        grant,
        "https://shop.example",
        Some(request),
        now.as_second(),
    )
    .unwrap();
    let letters = bundle["letters"].as_array().unwrap();
    assert_eq!(letters.len(), 2, "the correction and the access request");
    for l in letters {
        formats::verify_letter(
            l["token"].as_str().unwrap(),
            "https://shop.example",
            Some(grant),
            jiff::Timestamp::now().as_second(),
        )
        .unwrap();
    }
    let entries: Vec<tessera_exchange::ledger::LedgerEntry> =
        serde_json::from_value(bundle["ledger_entries"].clone()).unwrap();
    assert!(
        entries
            .iter()
            .all(|e| e.brand.as_deref() == Some("https://shop.example"))
    );
    tessera_exchange::ledger::verify_excerpt(&entries, None).unwrap();
}

/// The stored profile as (field, label, value, primary), read after the app is gone.
async fn stored_values(dir: &std::path::Path) -> Vec<(String, Option<String>, String, bool)> {
    // The same state folder the app is given (see `AppUnderTest::launch`).
    let options = tessera_vault::OpenOptions {
        anchors: Some(tessera_vault::AnchorDir(
            dir.with_file_name("state").join("anchors"),
        )),
        accept_restore: false,
    };
    let pass = Passphrase::from_str_copy(PASS);
    let vault = unlock_when_released(dir, &pass, &options).await;
    let mut values: Vec<_> = tessera_profile::store::list_values(&vault)
        .unwrap()
        .into_iter()
        .map(|v| (v.field, v.label, v.value.display(), v.primary))
        .collect();
    values.sort();
    values
}

// --- where a story starts: a new vault, or issue 13's large one ---

/// Where a story starts. The stories that exchange data run twice: on a new vault, and on a
/// copy of issue 13's large vault (`LargeVault::ISSUE_13`: 2,000 values, 1,000 brands with 10
/// rules each, 10,000 requests and grants), where the brand of the story is one among a
/// thousand and every list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    New,
    Large,
}

/// The large vault the stories copy, made once per run under [`PASS`] (an hour ago, so that
/// what a story does is newer than anything in it) in the test target's scratch folder.
fn large_template() -> &'static std::path::Path {
    static TEMPLATE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-large-vault");
        let _ = std::fs::remove_dir_all(&dir);
        let started = std::time::Instant::now();
        tessera_test_support::large::LargeVault::ISSUE_13
            .at(jiff::Timestamp::now().as_second() - 3600)
            .create(&dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR)
            .lock();
        eprintln!(
            "large vault made in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        dir
    })
}

/// Puts the vault a story starts from in `dir` (which must not exist): a new one, or a copy
/// of the large one (its files; it has no rollback records yet, as a vault moved here).
fn start_in(dir: &std::path::Path, start: Start) {
    match start {
        Start::New => tessera_test_support::create_at(dir, PASS).lock(),
        Start::Large => {
            std::fs::create_dir_all(dir).unwrap();
            for file in std::fs::read_dir(large_template()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), dir.join(file.file_name())).unwrap();
            }
        }
    }
}

/// The values of `values` a story still has to enter on `start`: the large vault holds
/// [`tessera_test_support::large::ASKED`] already (entering one again would add a second).
fn to_enter<'a>(start: Start, values: &'a [(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let held = tessera_test_support::large::ASKED;
    values
        .iter()
        .copied()
        .filter(|value| start == Start::New || !held.contains(value))
        .collect()
}

/// The vault a story starts from in `dir`, unlocked, with `values` entered.
fn vault_with(dir: &std::path::Path, start: Start, values: &[(&str, &str)]) -> Vault {
    start_in(dir, start);
    let mut vault = Vault::unlock(dir, &Passphrase::from_str_copy(PASS)).unwrap();
    tessera_test_support::set_values(&mut vault, &to_enter(start, values));
    vault
}

/// Opens the brand named `name` on the Brands screen (already shown), searching for it first:
/// on a large vault it is not on the first page.
async fn open_brand(app: &AppUnderTest, name: &str) {
    app.type_into("#brand-search", name).await;
    click_the_one_with(app, ".brand-item", name).await;
}

/// A vault in `dir` made as the app makes one (a session, at the KDF floor, with this computer's
/// rollback records where `launch` puts them: `state/` beside the vault folder), holding
/// `values`; unlocked, for the test to go on with.
fn session_as_the_app_makes_it(
    dir: &std::path::Path,
    values: &[(&str, &str)],
) -> tessera_api::Session {
    session_from(dir, Start::New, values)
}

/// [`session_as_the_app_makes_it`] from `start`.
fn session_from(
    dir: &std::path::Path,
    start: Start,
    values: &[(&str, &str)],
) -> tessera_api::Session {
    use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
    let anchors = tessera_vault::AnchorDir(dir.with_file_name("state").join("anchors"));
    let mut session = Session::new(
        dir.to_path_buf(),
        SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: Some(anchors),
        },
        ContinuousInstant::now(),
    );
    let pass = Passphrase::from_str_copy(PASS);
    match start {
        Start::New => {
            session.create(&pass, ContinuousInstant::now()).unwrap();
        }
        Start::Large => {
            start_in(dir, start);
            session.unlock(&pass, ContinuousInstant::now()).unwrap();
        }
    }
    let now = jiff::Timestamp::now();
    for (field, value) in to_enter(start, values) {
        let set = serde_json::from_value(serde_json::json!({"field": field, "value": value}));
        session.profile_set(&set.unwrap(), now).unwrap();
    }
    session
}

/// A request's `fields` asking for the email address, required, for `orders`.
fn email_required() -> serde_json::Value {
    serde_json::json!([{"name": "email", "form": "raw", "purposes": ["orders"], "required": true}])
}

/// Writes to `path` a request from the brand at `origin` (key from `seed`) for the email
/// address, asking for the answer as `reply` says; `path` back.
fn request_file(
    path: std::path::PathBuf,
    (seed, origin, jti): ([u8; 32], &str, &str),
    reply: &serde_json::Value,
) -> std::path::PathBuf {
    let now = jiff::Timestamp::now().as_second();
    let token = tessera_test_support::signed_request_replying(
        seed,
        origin,
        jti,
        &email_required(),
        reply,
        now,
    );
    std::fs::write(&path, token).unwrap();
    path
}

/// A wrapper script for the app exporting `variable` as `file` (the debug builds' test hooks).
fn app_with_hook(
    dir: &std::path::Path,
    variable: &str,
    file: &std::path::Path,
) -> std::path::PathBuf {
    app_wrapper(
        dir,
        &format!("export {variable}='{}'", file.display()),
        "",
        "",
    )
}

/// Creates the vault on the first-run screen with `passphrase`, as a person does.
async fn create_on_the_setup_screen(app: &AppUnderTest, passphrase: &str) {
    app.type_exactly("#new-passphrase", passphrase).await;
    // The strength words arrive from Rust a moment after typing and can take two lines, moving
    // the box below them: wait for them as a person reads them, so the click lands on the box
    // (CI once clicked where it had been, and it stayed unticked).
    app.find(".meter:not([data-score='-1'])").await;
    app.type_exactly("#confirm-passphrase", passphrase).await;
    app.click("#understood").await;
    // Enabled once both match, the box is ticked and Rust has said the passphrase is long
    // enough; say which of these is missing if it never is.
    let state = "const v = (id) => document.getElementById(id); \
        return v('create-vault').disabled ? `new ${v('new-passphrase').value.length} chars, confirm ${v('confirm-passphrase').value.length}, understood ${v('understood').checked}, strength '${v('strength')?.textContent.trim()}'` : true;";
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let seen = app.eval(state).await;
        if seen == serde_json::json!(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "#create-vault stayed disabled: {seen}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.click("#create-vault").await;
}

/// The app opens on Home once unlocked; most tests then go on from the Profile.
async fn home_then_profile(app: &AppUnderTest) {
    app.text_contains("#section-title", "Home").await;
    app.click("#nav-profile").await;
    app.text_contains("#section-title", "Profile").await;
}

async fn unlocked_app(dir: &std::path::Path) -> AppUnderTest {
    tessera_test_support::create_at(dir, PASS).lock();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phones_vcard_3_import_lists_what_it_skips_takes_a_country_and_notes_on_request() {
    let (_tmp, dir) = temp_vault();
    let app = unlocked_app(&dir).await;
    app.type_lines("#import-text", PHONE_EXPORT).await;
    app.click("#import-preview").await;

    // The preview: what is not imported, with the line and the reason.
    app.text_contains(
        "#import-summary",
        "6 to add, 0 to replace, 0 unchanged; 3 item(s) not imported",
    )
    .await;
    app.text_contains("#import-skipped summary", "3 item(s) not imported")
        .await;
    app.click("#import-skipped summary").await;
    let photo = app
        .text_contains("#import-skipped li[data-item=PHOTO]", "line 9")
        .await;
    assert!(photo.contains("not kept in the profile"), "{photo}");
    let phone = app
        .text_contains("#import-skipped li[data-item=phone_number]", "line 5")
        .await;
    assert!(
        phone.contains("(617) 236-0442") && phone.contains("country"),
        "{phone}"
    );
    app.text_contains("#import-skipped li[data-item=notes]", "line 11")
        .await;
    app.text_contains("#import-region-hint", "1 phone number(s) are not imported")
        .await;
    app.text_contains(
        "#import-opt-notes",
        "Also import notes (private, never shared) (1 in this card)",
    )
    .await;
    app.gone("#import-opt-categories").await;
    assert!(
        app.texts("#import-changes li[data-field=phone_number]")
            .await
            .is_empty(),
        "no phone number without its country"
    );
    app.snapshot("import-phone-preview").await;

    // The country: the number becomes an addition, in international form.
    app.type_into("#import-region", "us").await;
    app.text_contains(
        "#import-changes li[data-field=phone_number]",
        "+16172360442",
    )
    .await;
    app.text_contains(
        "#import-summary",
        "7 to add, 0 to replace, 0 unchanged; 2 item(s) not imported",
    )
    .await;
    app.gone("#import-skipped li[data-item=phone_number]").await;

    // Notes, on request; the count stays on the box once ticked.
    app.click("#import-include-notes").await;
    app.text_contains(
        "#import-changes li[data-field=notes]",
        "Call after 6 pm \u{2014} caf\u{e9} on the corner",
    )
    .await;
    app.text_contains(
        "#import-summary",
        "8 to add, 0 to replace, 0 unchanged; 1 item(s) not imported",
    )
    .await;
    app.text_contains("#import-opt-notes", "(1 in this card)")
        .await;
    let emails = app.texts("#import-changes li[data-field=email]").await;
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(
        emails[0].contains("(home)") && emails[0].contains("becomes primary"),
        "{emails:?}"
    );
    assert!(
        emails[1].contains("(Rowing club)") && !emails[1].contains("primary"),
        "{emails:?}"
    );
    app.snapshot("import-phone-choices").await;

    app.click("#import-apply").await;
    app.text_contains("#import-notice", "Imported 8 value(s) from pasted card.")
        .await;
    app.text_contains(".value-row[data-field=phone_number]", "+16172360442")
        .await;
    app.text_contains(
        ".value-row[data-field=name]",
        "Marguerite Ifeoma Okonkwo-Hale",
    )
    .await;
    app.text_contains(".value-row[data-field=given_name]", "Marguerite")
        .await;
    app.text_contains(
        ".value-row[data-field=notes]",
        "Call after 6 pm \u{2014} caf\u{e9} on the corner",
    )
    .await;
    let emails = app.texts(".value-row[data-field=email] .value-text").await;
    assert_eq!(
        emails,
        [
            "marguerite.hale@mailbox.example",
            "mhale@rowing-club.example"
        ]
    );
    assert_eq!(
        app.texts("#import-summary").await,
        [""],
        "the preview is gone"
    );
    app.quit().await;

    // What the preview showed is what is stored.
    let s = |t: &str| t.to_owned();
    assert_eq!(
        stored_values(&dir).await,
        [
            // Sorted as stored_values sorts: "Rowing club" before "home".
            (
                s("email"),
                Some(s("Rowing club")),
                s("mhale@rowing-club.example"),
                false
            ),
            (
                s("email"),
                Some(s("home")),
                s("marguerite.hale@mailbox.example"),
                true
            ),
            (s("family_name"), None, s("Okonkwo-Hale"), true),
            (s("given_name"), None, s("Marguerite"), true),
            (s("middle_name"), None, s("Ifeoma"), true),
            (s("name"), None, s("Marguerite Ifeoma Okonkwo-Hale"), true),
            (
                s("notes"),
                None,
                s("Call after 6 pm \u{2014} caf\u{e9} on the corner"),
                true
            ),
            (s("phone_number"), Some(s("cell")), s("+16172360442"), true),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_book_import_asks_which_card_is_yours_and_imports_only_that_one() {
    let (_tmp, dir) = temp_vault();
    let app = unlocked_app(&dir).await;
    app.type_lines("#import-text", ADDRESS_BOOK).await;
    app.click("#import-preview").await;

    app.text_contains("#import-summary", "This file holds 3 cards: choose yours")
        .await;
    app.text_contains("#import-cards legend", "Which card is yours?")
        .await;
    assert_eq!(
        app.texts("#import-cards .card-name").await,
        ["Tobias Lindqvist", "Priya Raghunathan", "Hugo Ferreira"]
    );
    let details = app.texts("#import-cards .card-details").await;
    assert!(details[1].contains("Lantern Post"), "{details:?}");
    assert!(
        !app.find("#import-apply").await.is_enabled().await.unwrap(),
        "nothing to apply before a card is chosen"
    );
    assert!(app.texts("#import-changes li").await.is_empty());
    app.snapshot("import-cards").await;

    app.click("#import-cards input[value='2']").await;
    app.text_contains("#import-summary", "7 to add, 0 to replace, 0 unchanged.")
        .await;
    let changes = app.texts("#import-changes li").await.join("\n");
    assert!(
        changes.contains("priya.r@lantern-post.example"),
        "{changes}"
    );
    assert!(changes.contains("+442079460958"), "{changes}");
    assert!(
        !changes.contains("Tobias") && !changes.contains("Hugo"),
        "{changes}"
    );
    app.click("#import-apply").await;
    app.text_contains("#import-notice", "Imported 7 value(s) from pasted card.")
        .await;
    app.text_contains(
        ".value-row[data-field=email]",
        "priya.r@lantern-post.example",
    )
    .await;
    app.text_contains(".value-row[data-field=organization]", "Lantern Post")
        .await;
    let shown = app.texts(".value-row .value-text").await.join("\n");
    for other in ["Tobias", "Lindqvist", "fjord-tools", "Hugo", "azulejo"] {
        assert!(!shown.contains(other), "{other} was imported: {shown}");
    }

    // The kept file is forgotten once applied, and when the vault locks.
    let choices = serde_json::json!({ "choices": { "card": 2 } });
    let after_apply = invoke(&app, "profile_import_preview", choices.clone()).await;
    assert!(
        after_apply
            .as_ref()
            .is_err_and(|e| e.contains("missing_input")),
        "{after_apply:?}"
    );
    app.type_lines("#import-text", ADDRESS_BOOK).await;
    app.click("#import-preview").await;
    app.find("#import-cards").await;
    invoke(&app, "profile_import_preview", choices.clone())
        .await
        .expect("kept until the vault locks");
    app.click("#lock").await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    let after_lock = invoke(&app, "profile_import_preview", choices).await;
    assert!(
        after_lock
            .as_ref()
            .is_err_and(|e| e.contains("missing_input")),
        "{after_lock:?}"
    );
    app.quit().await;

    let stored = stored_values(&dir).await;
    let fields: Vec<&str> = stored.iter().map(|(f, ..)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "email",
            "family_name",
            "given_name",
            "job_title",
            "name",
            "organization",
            "phone_number"
        ]
    );
    assert!(
        stored
            .iter()
            .all(|(_, _, v, _)| !v.contains("Tobias") && !v.contains("Hugo")),
        "{stored:?}"
    );
}

// --- backups and restore (issue 10) ---

/// What a restore must give back: the profile as (field, label, value), the grants' ids, and
/// the ledger's entries as (seq, event, hash).
type VaultContents = (
    Vec<(String, Option<String>, String)>,
    Vec<String>,
    Vec<(u64, String, String)>,
);

fn contents(vault: &Vault) -> VaultContents {
    let mut profile: Vec<_> = tessera_profile::store::list_values(vault)
        .unwrap()
        .into_iter()
        .map(|v| (v.field, v.label, v.value.display()))
        .collect();
    profile.sort();
    let grants = tessera_exchange::person::grants(vault)
        .unwrap()
        .into_iter()
        .map(|g| g.jti)
        .collect();
    let ledger = tessera_exchange::ledger::list(vault)
        .unwrap()
        .into_iter()
        .map(|e| (e.seq, e.event, e.hash))
        .collect();
    (profile, grants, ledger)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_in_settings_restores_through_the_first_run_screen() {
    use tessera_api::{ContinuousInstant, KdfChoice, Session, SessionOptions};
    let (tmp, dir) = temp_vault();
    // This computer's rollback records, the state folder `launch` gives the first app.
    let state = tmp.path().join("state");
    let anchors = tessera_vault::AnchorDir(state.join("anchors"));
    let pass = Passphrase::from_str_copy(PASS);

    // A vault with profile values and a grant, made as the app makes them.
    let mut session = Session::new(
        dir.clone(),
        SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: Some(anchors.clone()),
        },
        ContinuousInstant::now(),
    );
    session.create(&pass, ContinuousInstant::now()).unwrap();
    let now = jiff::Timestamp::now();
    for (field, value) in [
        ("email", "ada@home.example"),
        ("given_name", "Ada"),
        ("birthdate", "1990-04-23"),
    ] {
        let set = serde_json::from_value(serde_json::json!({"field": field, "value": value}));
        session.profile_set(&set.unwrap(), now).unwrap();
    }
    let fields = email_required();
    let request = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "shop-1",
        &fields,
        now.as_second(),
    );
    session.request_import(&request, false, now).unwrap();
    let approve = serde_json::from_value(serde_json::json!({"jti": "shop-1", "all": true}));
    session.request_approve(&approve.unwrap(), now).unwrap();
    session.lock();
    let options = tessera_vault::OpenOptions {
        anchors: Some(anchors.clone()),
        accept_restore: false,
    };
    let original = contents(&Vault::unlock_with(&dir, &pass, &options).unwrap());
    assert_eq!(original.1.len(), 1, "{original:?}");

    // Settings > Backup, through the native save dialog.
    let backups = tmp.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let file = backups.join("my vault.tessera");
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.click("#nav-settings").await;
    app.text_contains("#backup-title", "Backup").await;
    app.snapshot("backup-settings").await;
    app.click("#backup-now").await;
    app.answer_file_dialog(FileDialog::Save, &file).await;
    let result = app.text_contains("#backup-result", "Backed up").await;
    assert!(result.contains("my vault.tessera"), "{result}");
    assert!(file.exists());

    // A change after the backup: this computer has now seen a newer vault than the backup.
    app.click("#nav-profile").await;
    app.select("#value-field", "nickname").await;
    app.type_into("#value-text", "Countess").await;
    app.click("#save-value").await;
    app.text_contains(".value-row[data-field=nickname]", "Countess")
        .await;
    app.quit().await;
    unlock_when_released(&dir, &pass, &options).await.lock();

    // A fresh vault folder on the same computer: the first-run screen restores the backup.
    let fresh = tmp.path().join("second").join("vault");
    let app = AppUnderTest::launch(&[
        "--vault",
        &vault_arg(&fresh),
        "--state-dir",
        state.to_str().unwrap(),
    ])
    .await;
    app.text_contains("#setup-title", "Create your vault").await;
    app.click("#restore-choose").await;
    app.answer_file_dialog(FileDialog::Open("Restore from a backup"), &file)
        .await;
    app.text_contains("#restore-file", "my vault.tessera").await;
    app.snapshot("restore").await;
    app.type_into("#restore-passphrase", "not the passphrase at all")
        .await;
    app.click("#restore").await;
    app.text_contains("#restore-error", "passphrase").await;
    assert!(!fresh.join("vault.header").exists());
    app.type_into("#restore-passphrase", PASS).await;
    app.click("#restore").await;
    app.text_contains("#restore-older", "newer than the backup")
        .await;
    app.snapshot("restore-older").await;
    app.click("#restore-anyway").await;

    // Open, on the profile: the values of the backup, not the later change.
    home_then_profile(&app).await;
    app.text_contains(".value-row[data-field=email]", "ada@home.example")
        .await;
    app.gone(".value-row[data-field=nickname]").await;
    app.click("#nav-grants").await;
    app.text_contains("#grant-list", "shop.example").await;
    app.click("#nav-activity").await;
    for event in ["grant_issued", "vault_restored", "vault_restore_accepted"] {
        app.find(&format!("#ledger tr[data-event={event}]")).await;
    }
    app.quit().await;

    // The same profile, grant and ledger, plus the restore's own entry and the acceptance of
    // an older copy than this computer saw.
    let restored = unlock_when_released(&fresh, &pass, &options).await;
    let (profile, grants, ledger) = contents(&restored);
    assert_eq!(profile, original.0);
    assert_eq!(grants, original.1);
    assert_eq!(ledger[..original.2.len()], original.2[..]);
    let added: Vec<&str> = ledger[original.2.len()..]
        .iter()
        .map(|e| e.1.as_str())
        .collect();
    assert_eq!(
        added,
        ["vault_restored", "vault_restore_accepted"],
        "{ledger:?}"
    );
}

/// Settings > Automatic backups: the folder chosen with the native folder chooser, the first
/// backup written there once the vault has been quiet for `QUIET_SECONDS`, shown as the last
/// backup, verified as `tessera backup verify` does; then turned off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_backups_go_to_the_folder_chosen_in_settings() {
    use tessera_api::auto_backup::QUIET_SECONDS;
    use tessera_vault::backup;
    let (tmp, dir) = temp_vault();
    let folder = tmp.path().join("Synced folder");
    std::fs::create_dir(&folder).unwrap();
    let app = unlocked_app(&dir).await;
    app.click("#nav-settings").await;
    app.text_contains("#auto-backup-state", "Off").await;
    app.click("#auto-backup-choose").await;
    app.answer_file_dialog(FileDialog::Folder("Folder for automatic backups"), &folder)
        .await;
    let state = app.text_contains("#auto-backup-state", "On: into").await;
    assert!(state.contains("Synced folder"), "{state}");
    assert!(state.contains("No backup there yet"), "{state}");
    app.snapshot("auto-backup-on").await;

    // Choosing the folder was a change: the backup follows once the vault has been quiet.
    let deadline = std::time::Instant::now() + Duration::from_secs(QUIET_SECONDS as u64 + 30);
    let written = loop {
        let found: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "tessera"))
            .collect();
        if let [one] = found.as_slice() {
            break one.clone();
        }
        assert!(
            found.len() <= 1 && std::time::Instant::now() < deadline,
            "expected one automatic backup in {folder:?}, found {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let pass = Passphrase::from_str_copy(PASS);
    let passphrases = backup::Passphrases {
        backup: &pass,
        vault: None,
    };
    let manifest = backup::verify(&written, &passphrases, &backup::vault_checks_only)
        .expect("the automatic backup verifies");
    assert!(manifest.entries > 0, "{manifest:?}");

    // Back on Settings, the backup is shown as the last one.
    app.click("#nav-profile").await;
    app.click("#nav-settings").await;
    app.text_contains("#auto-backup-state", "Last backup").await;
    app.click("#auto-backup-off").await;
    app.text_contains("#auto-backup-state", "Off").await;
    app.quit().await;
}

/// Home, the first screen after unlock: the brand holding a grant with what it received and
/// until when, the request waiting, the ledger and backups; each item leads to its screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_shows_who_holds_what_and_leads_to_each_screen() {
    let (_tmp, dir) = temp_vault();
    let mut session = session_as_the_app_makes_it(
        &dir,
        &[("email", "ada@home.example"), ("birthdate", "1990-04-23")],
    );
    let now = jiff::Timestamp::now();
    let fields = serde_json::json!([
        {"name": "email", "form": "raw", "purposes": ["orders"], "required": true},
        {"name": "birthdate", "form": "age_over_18", "purposes": ["orders"], "required": true}
    ]);
    let shop = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "shop-1",
        &fields,
        now.as_second(),
    );
    session.request_import(&shop, false, now).unwrap();
    let approve = serde_json::from_value(serde_json::json!({"jti": "shop-1", "all": true}));
    session.request_approve(&approve.unwrap(), now).unwrap();
    let books = tessera_test_support::signed_request(
        [8; 32],
        "https://books.example",
        "books-1",
        &fields,
        now.as_second(),
    );
    session.request_import(&books, false, now).unwrap();
    session.lock();

    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    let holders = app.text_contains("#home-holders", "shop.example").await;
    // A grant lasts a year unless the person says otherwise: its end is said relative to now.
    for part in ["email", "birthdate as Over 18", "ends next year"] {
        assert!(holders.contains(part), "{part:?} in {holders}");
    }
    app.text_contains("#home-pending", "books.example").await;
    app.text_contains("#home-ledger", "last: Request received")
        .await;
    app.text_contains("#home-backup", "automatic backups are off")
        .await;
    app.snapshot("home").await;

    click_the_one_with(&app, "#home-holders .brand-item", "shop.example").await;
    app.text_contains("#section-title", "Grants").await;
    app.click("#nav-home").await;
    click_the_one_with(&app, "#home-pending .brand-item", "books.example").await;
    app.text_contains("#section-title", "Requests").await;
    app.click("#nav-home").await;
    app.click("#home-ledger").await;
    app.text_contains("#section-title", "Activity").await;
    app.quit().await;
}

/// The keyboard alone: `?` shows the shortcuts (from the same list the keys are read from),
/// Escape closes them, Alt+N goes to each section, `/` puts the focus in the screen's search;
/// a request given on the command line is approved with Ctrl+Enter after unlock; Ctrl+L locks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_shortcuts_reach_every_section_and_approve_without_a_mouse() {
    let (tmp, dir) = temp_vault();
    let mut vault = tessera_test_support::create_at(&dir, PASS);
    tessera_test_support::set_values(&mut vault, &[("email", "ada@home.example")]);
    vault.lock();
    let fields = email_required();
    let request = tmp.path().join("shop-1.tessera-request");
    let now = jiff::Timestamp::now().as_second();
    std::fs::write(
        &request,
        tessera_test_support::signed_request(
            [7; 32],
            "https://shop.example",
            "shop-1",
            &fields,
            now,
        ),
    )
    .unwrap();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir), request.to_str().unwrap()]).await;
    app.type_into("#passphrase", PASS).await;
    app.find("#passphrase")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.text_contains("#review-title", "shop.example asks for your data")
        .await;
    let body = app.find("body").await;

    body.send_keys("?").await.unwrap();
    let sheet = app
        .text_contains("#shortcuts[open]", "Keyboard shortcuts")
        .await;
    for line in [
        "Alt+1",
        "Go to Home",
        "Ctrl+Enter",
        "Ctrl+L",
        "Lock the vault",
    ] {
        assert!(sheet.contains(line), "{line:?} in {sheet}");
    }
    app.snapshot("shortcuts").await;
    body.send_keys(&Key::Escape.to_string()).await.unwrap();
    app.gone("#shortcuts[open]").await;

    body.send_keys(&(Key::Control + Key::Enter.to_string().as_str()))
        .await
        .unwrap();
    app.find("#grant-token").await;
    for (n, title) in [
        (1, "Home"),
        (2, "Profile"),
        (5, "Grants"),
        (6, "Activity"),
        (7, "Settings"),
        (3, "Brands"),
    ] {
        body.send_keys(&(Key::Alt + n.to_string().as_str()))
            .await
            .unwrap();
        app.text_contains("#section-title", title).await;
    }
    body.send_keys("/").await.unwrap();
    let focused = app.eval("return document.activeElement.id;").await;
    assert_eq!(focused, serde_json::json!("brand-search"));
    app.find("#brand-search")
        .await
        .send_keys(&(Key::Control + "l"))
        .await
        .unwrap();
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    app.quit().await;
}

/// Accessibility checked, not assumed: axe-core in the real webview on every screen and dialog
/// (the first-run screen, Home and each section with data in it, the shortcuts, the unlock
/// screen), in the light theme and in the dark one (GTK's dark variant, which WebKit reports
/// as `prefers-color-scheme: dark`): no serious or critical violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_core_in_light_and_dark_themes() {
    let mut violations = Vec::new();
    let mut checked = 0;
    for (theme, dark) in [("Adwaita", false), ("Adwaita:dark", true)] {
        let (tmp, dir) = temp_vault();
        let wrapper = app_wrapper(tmp.path(), &format!("export GTK_THEME={theme}"), "", "");
        let app = AppUnderTest::launch_with(
            &["--vault", &vault_arg(&dir)],
            tessera_e2e::Launch {
                application: Some(wrapper),
                ..tessera_e2e::Launch::default()
            },
        )
        .await;
        let scheme = app
            .eval("return matchMedia('(prefers-color-scheme: dark)').matches;")
            .await;
        assert_eq!(
            scheme,
            serde_json::json!(dark),
            "the webview's colour scheme under {theme}"
        );
        let mut check = async |screen: &str| {
            checked += 1;
            for v in app.accessibility_violations().await {
                violations.push(format!("{theme}, {screen}: {v}"));
            }
        };
        app.text_contains("#setup-title", "Create your vault").await;
        // The check can fail: a button without a name, added for a moment, is found.
        app.eval("const b = document.createElement('button'); b.id = 'nameless'; document.body.append(b); return true;")
            .await;
        let found = app.accessibility_violations().await;
        assert!(
            found
                .iter()
                .any(|v| v.starts_with("button-name") && v.contains("#nameless")),
            "axe-core did not find the nameless button: {found:?}"
        );
        app.eval("document.getElementById('nameless').remove(); return true;")
            .await;
        check("setup").await;
        create_on_the_setup_screen(&app, PASS).await;
        home_then_profile(&app).await;
        app.select("#value-field", "email").await;
        app.type_into("#value-text", "ada@home.example").await;
        app.click("#save-value").await;
        app.text_contains(".value-row[data-field=email]", "ada@home.example")
            .await;
        for (section, title) in [
            ("home", "Home"),
            ("profile", "Profile"),
            ("brands", "Brands"),
            ("requests", "Requests"),
            ("grants", "Grants"),
            ("activity", "Activity"),
            ("settings", "Settings"),
        ] {
            app.click(&format!("#nav-{section}")).await;
            app.text_contains("#section-title", title).await;
            check(section).await;
        }
        app.snapshot(&format!("settings-{}", if dark { "dark" } else { "light" }))
            .await;
        app.click("#shortcuts-open").await;
        app.find("#shortcuts[open]").await;
        check("shortcuts").await;
        app.click("#shortcuts-close").await;
        app.click("#lock").await;
        app.text_contains("#unlock-title", "Unlock Tessera").await;
        check("unlock").await;
        app.snapshot(&format!("unlock-{}", if dark { "dark" } else { "light" }))
            .await;
        app.quit().await;
    }
    eprintln!(
        "accessibility (axe-core): {checked} screens checked in 2 themes, {} serious or critical violations",
        violations.len()
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// A reminder: a grant ending in three days is said by a desktop notification right after
/// unlock (recorded by the debug build's hook instead of shown), once; Settings > Reminders
/// turns them off.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_ending_soon_is_said_by_a_notification_after_unlock() {
    let (tmp, dir) = temp_vault();
    let mut session = session_as_the_app_makes_it(&dir, &[("email", "ada@home.example")]);
    let now = jiff::Timestamp::now();
    let fields = email_required();
    let shop = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "shop-1",
        &fields,
        now.as_second(),
    );
    session.request_import(&shop, false, now).unwrap();
    let in_three_days = jiff::Timestamp::from_second(now.as_second() + 3 * 24 * 3600)
        .unwrap()
        .strftime("%Y-%m-%d")
        .to_string();
    let approve = serde_json::from_value(
        serde_json::json!({"jti": "shop-1", "all": true, "until": in_three_days}),
    );
    session.request_approve(&approve.unwrap(), now).unwrap();
    session.lock();

    let shown = tmp.path().join("notifications.txt");
    let wrapper = app_with_hook(
        tmp.path(),
        tessera_api::desktop::TEST_NOTIFICATIONS_ENV,
        &shown,
    );
    let app = AppUnderTest::launch_with(
        &["--vault", &vault_arg(&dir)],
        tessera_e2e::Launch {
            application: Some(wrapper),
            ..tessera_e2e::Launch::default()
        },
    )
    .await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let said = loop {
        let said = std::fs::read_to_string(&shown).unwrap_or_default();
        if !said.is_empty() {
            break said;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no notification after unlock"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        said,
        format!(
            "Your grant to shop.example ends on {in_three_days}: It gave email:raw. Renew it when shop.example asks again, or let it end: see Grants.\n"
        )
    );
    app.click("#nav-settings").await;
    app.text_contains("#reminders-title", "Reminders").await;
    app.select("#reminder-days", "0").await;
    app.text_contains("#reminders-title + label + select + .hint", "Saved")
        .await;
    app.quit().await;
    let vault =
        unlock_when_released(&dir, &Passphrase::from_str_copy(PASS), &Default::default()).await;
    assert_eq!(
        vault.setting("reminder_days").unwrap().as_deref(),
        Some("0")
    );
}

/// The window opens as large, and where, the person left it: its size and place are kept in
/// the app's configuration folder when it closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_as_large_and_where_it_was_left() {
    let (tmp, dir) = temp_vault();
    tessera_test_support::create_at(&dir, PASS).lock();
    let config = tmp.path().join("config");
    let launch = || tessera_e2e::Launch {
        config_home: Some(config.clone()),
        ..tessera_e2e::Launch::default()
    };
    let app = AppUnderTest::launch_with(&["--vault", &vault_arg(&dir)], launch()).await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    let first = app.client.get_window_rect().await.unwrap();
    assert_eq!((first.2, first.3), (1100, 720), "the default size");
    app.client.set_window_rect(70, 50, 900, 640).await.unwrap();
    let moved = app.client.get_window_rect().await.unwrap();
    assert_eq!((moved.2, moved.3), (900, 640), "{moved:?}");
    let state = config.join("org.tessera.vault").join(".window-state.json");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !state.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "no window state written in {config:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.quit().await;

    let again = AppUnderTest::launch_with(&["--vault", &vault_arg(&dir)], launch()).await;
    again.text_contains("#unlock-title", "Unlock Tessera").await;
    let reopened = again.client.get_window_rect().await.unwrap();
    assert_eq!(reopened, moved, "reopened as it was left");
    again.quit().await;
}

// --- opening files and links (issue 11) ---

/// A request file double-clicked and a `tessera:` link, each given to a second launch of the
/// app as a desktop launches it: the running app gets them (the second launch exits). Locked,
/// the request waits (the unlock screen says so) and its review opens after unlock; unlocked,
/// a link opens its review at once; a broken link is refused with what is wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_hands_its_files_and_links_to_the_running_app() {
    let (tmp, dir) = temp_vault();
    tessera_test_support::create_at(&dir, PASS).lock();
    let now = jiff::Timestamp::now().as_second();
    let fields = email_required();
    let downloads = tmp.path().join("Downloads");
    std::fs::create_dir(&downloads).unwrap();
    let shop = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "shop-1",
        &fields,
        now,
    );
    std::fs::write(downloads.join("shop-1.tessera-request"), &shop).unwrap();
    let books = tessera_test_support::signed_request(
        [8; 32],
        "https://books.example",
        "books-1",
        &fields,
        now,
    );

    let app = AppUnderTest::launch_with(
        &["--vault", &vault_arg(&dir)],
        tessera_e2e::Launch {
            session_bus: true,
            ..tessera_e2e::Launch::default()
        },
    )
    .await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    let second = app
        .launch_again(&["shop-1.tessera-request"], &downloads)
        .await;
    assert!(
        second.success(),
        "the second launch exits once it handed over: {second}"
    );
    app.text_contains("#inbox-waiting", "A request or receipt is waiting")
        .await;
    app.snapshot("inbox-waiting").await;

    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Requests").await;
    app.text_contains("#review-title", "shop.example asks for your data")
        .await;
    app.snapshot("opened-from-a-file").await;

    let link = format!("tessera:{books}");
    let second = app.launch_again(&[&link], tmp.path()).await;
    assert!(second.success(), "{second}");
    app.text_contains("#review-title", "books.example asks for your data")
        .await;
    let broken = format!("tessera:{}%0A", &books[..60]);
    assert!(app.launch_again(&[&broken], tmp.path()).await.success());
    app.text_contains("#arrival-error", "a tessera: link was not opened")
        .await;
    app.quit().await;

    let vault =
        unlock_when_released(&dir, &Passphrase::from_str_copy(PASS), &Default::default()).await;
    let stored = tessera_exchange::person::requests(&vault).unwrap();
    let mut jtis: Vec<String> = stored.iter().map(|r| r.jti.clone()).collect();
    jtis.sort();
    assert_eq!(jtis, ["books-1", "shop-1"]);
}

/// Clicks the first `selector` element whose text contains `text` (list rows have no ids),
/// waiting for it as `find` does (lists load after their screen appears).
async fn click_the_one_with(app: &AppUnderTest, selector: &str, text: &str) {
    let script = format!(
        "for (const e of document.querySelectorAll({selector:?})) if (e.textContent.includes({text:?})) {{ e.click(); return true; }} return false;"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app.eval(&script).await != serde_json::json!(true) {
        assert!(
            std::time::Instant::now() < deadline,
            "no {selector} with {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Two requests given on the app's command line (as a desktop starts it for files): after
/// unlock both are opened. Each grant goes back the way its brand asked, on a click: the brand
/// that asked for its page gets it with the grant after `#`, the one that asked by email a
/// draft to its address with the grant in it, and later the revocation the same way. The
/// debug build's test hook records each link instead of opening a browser or mail client.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grants_and_revocations_go_back_by_email_or_on_the_brands_page() {
    let (tmp, dir) = temp_vault();
    let mut vault = tessera_test_support::create_at(&dir, PASS);
    tessera_test_support::set_values(&mut vault, &[("email", "ada@home.example")]);
    vault.lock();
    let by_mail = request_file(
        tmp.path().join("shop-mail.tessera-request"),
        ([7; 32], "https://shop.example", "shop-mail"),
        &serde_json::json!({"method": "email", "to": "grants@shop.example"}),
    );
    let on_page = request_file(
        tmp.path().join("books-page.tessera-request"),
        ([8; 32], "https://books.example", "books-page"),
        &serde_json::json!({"method": "url", "to": "https://books.example/tessera"}),
    );
    let links = tmp.path().join("opened-links.txt");
    let wrapper = app_with_hook(
        tmp.path(),
        tessera_api::desktop::TEST_OPENED_LINKS_ENV,
        &links,
    );
    let app = AppUnderTest::launch_with(
        &[
            "--vault",
            &vault_arg(&dir),
            by_mail.to_str().unwrap(),
            on_page.to_str().unwrap(),
        ],
        tessera_e2e::Launch {
            application: Some(wrapper),
            ..tessera_e2e::Launch::default()
        },
    )
    .await;
    app.text_contains("#inbox-waiting", "2 requests or receipts are waiting")
        .await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#review-title", "books.example asks for your data")
        .await;
    let opened = || std::fs::read_to_string(&links).unwrap_or_default();
    let grant_token = async || {
        app.find("#grant-token").await;
        let token = app
            .eval("return document.getElementById('grant-token').value;")
            .await;
        token.as_str().unwrap().trim().to_owned()
    };

    app.click("#approve").await;
    let grant = grant_token().await;
    app.text_contains("#reply-grant", "Open https://books.example/tessera")
        .await;
    app.snapshot("reply-page").await;
    app.click("#reply-grant").await;
    app.text_contains("#reply-said-grant", "confirm there")
        .await;
    assert_eq!(
        opened(),
        format!("https://books.example/tessera#tessera={grant}\n")
    );
    // In person: the grant as one QR code.
    app.click("#qr-grant").await;
    let image = app.find("#qr-image-grant").await;
    let alt = image.attr("alt").await.unwrap().unwrap_or_default();
    assert_eq!(alt, format!("QR code of the grant ({} bytes)", grant.len()));
    app.snapshot("reply-qr").await;

    app.text_contains(".brand-list", "shop.example").await;
    click_the_one_with(&app, ".brand-item", "shop.example").await;
    app.text_contains("#review-title", "shop.example asks for your data")
        .await;
    app.click("#approve").await;
    let grant = grant_token().await;
    app.text_contains("#reply-grant", "Write the email to grants@shop.example")
        .await;
    app.click("#reply-grant").await;
    app.text_contains("#reply-said-grant", "a draft to grants@shop.example")
        .await;
    let mail = opened().lines().nth(1).unwrap_or_default().to_owned();
    assert!(
        mail.starts_with(
            "mailto:grants@shop.example?subject=My%20grant%20for%20your%20request%20shop-mail&body="
        ),
        "{mail}"
    );
    assert!(mail.contains(&grant), "the grant is in the draft: {mail}");

    app.click("#nav-grants").await;
    app.text_contains("#grant-list", "shop.example").await;
    click_the_one_with(&app, "#grant-list .brand-item", "shop.example").await;
    app.click("#revoke-grant").await;
    app.text_contains("#grant-state", "Revoked").await;
    let revocation = app
        .eval("return document.getElementById('revocation-token').value;")
        .await;
    app.click("#reply-revocation").await;
    app.text_contains("#reply-said-revocation", "a draft to grants@shop.example")
        .await;
    let mail = opened().lines().nth(2).unwrap_or_default().to_owned();
    assert!(
        mail.contains("My%20revocation%20for%20your%20request%20shop-mail"),
        "{mail}"
    );
    assert!(mail.contains(revocation.as_str().unwrap().trim()), "{mail}");
    app.quit().await;

    let vault =
        unlock_when_released(&dir, &Passphrase::from_str_copy(PASS), &Default::default()).await;
    let exported: Vec<String> = tessera_exchange::ledger::list(&vault)
        .unwrap()
        .into_iter()
        .filter(|e| e.event == "grant_exported")
        .map(|e| e.detail)
        .collect();
    assert_eq!(exported.len(), 3, "{exported:?}");
}

// --- secrets in memory and logs, and no network (issue 10) ---

/// Strings unique to this run, so that nothing but this run can have put them anywhere.
fn run_tag() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{}x{nanos}", std::process::id())
}

/// A wrapper the driver starts instead of the app: `body` runs before the app's `exec`, and
/// `exec_prefix` goes in front of the app on its line (e.g. `strace ...`).
fn app_wrapper(
    dir: &std::path::Path,
    body: &str,
    exec_prefix: &str,
    redirect: &str,
) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let path = dir.join("app-wrapper.sh");
    let app = tessera_e2e::app_binary();
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\n{body}\nexec {exec_prefix} '{}' \"$@\" {redirect}\n",
            app.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The most verbose logging the app's parts have: Tessera installs no logger (so `RUST_LOG`
/// reaches nothing, set anyway in case a dependency ever installs one), panics print full
/// backtraces, GLib and GTK print their debug messages, WebKit every log channel it was built
/// with.
const VERBOSE_LOGGING: &str = "export RUST_LOG=trace RUST_BACKTRACE=full G_MESSAGES_DEBUG=all \
WEBKIT_DEBUG=all JSC_logGC=1";

/// The app after Ctrl+L, with a canary passphrase and canary values typed into it, run at the
/// most verbose log level: nothing the app and its WebKit processes wrote to stderr names a
/// canary. Its memory, and that of its WebKit processes, is read and every copy still there
/// is printed with the process, the mapping and the bytes around it, which name the owner.
/// What remains is not Tessera's: the copies WebKit and GLib made in the app's own process
/// (the IPC request and response bodies, wry's custom-protocol response), the web process's
/// JavaScript heap, and the WebDriver automation messages of this test itself
/// (docs/reliability.md, "Secrets in memory"). The Rust code the app runs is the CLI's, with
/// the same wiping allocator, and `memory_*` in the CLI tests asserts it leaves nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_lock_the_apps_memory_is_reported_and_its_logs_hold_no_canary() {
    use tessera_test_support::memory::{Scan, descendants, process_name, scan_process};
    let tag = run_tag();
    let passphrase = format!("canary passphrase {tag} violet");
    let email = format!("canary.{tag}@example.org");
    let name = format!("Canaryname{tag}");
    let canaries = [passphrase.as_str(), email.as_str(), name.as_str()];
    let (tmp, dir) = temp_vault();
    let log = tmp.path().join("app-stderr.log");
    let wrapper = app_wrapper(
        tmp.path(),
        VERBOSE_LOGGING,
        "",
        &format!("2>>'{}'", log.display()),
    );
    let app = AppUnderTest::launch_with(
        &["--vault", &vault_arg(&dir)],
        tessera_e2e::Launch {
            application: Some(wrapper),
            ..tessera_e2e::Launch::default()
        },
    )
    .await;
    create_on_the_setup_screen(&app, &passphrase).await;
    home_then_profile(&app).await;
    for (field, value) in [("email", &email), ("given_name", &name)] {
        app.select("#value-field", field).await;
        app.type_into("#value-text", value).await;
        app.click("#save-value").await;
        app.text_contains(&format!(".value-row[data-field={field}]"), value)
            .await;
    }
    // Locked by Ctrl+L, then unlocked with the canary and locked again with the button: the
    // values are decrypted and shown once more before the last lock.
    let body = app.find("body").await;
    body.send_keys(&(Key::Control + "l")).await.unwrap();
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    app.type_into("#passphrase", &passphrase).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    app.text_contains(".value-row[data-field=email]", &email)
        .await;
    app.click("#lock").await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    tokio::time::sleep(Duration::from_secs(2)).await;

    let processes = descendants(app.driver_pid());
    let app_pid = *processes
        .iter()
        .find(|&&pid| process_name(pid) == "tessera-app")
        .expect("the app's process");
    let own = scan_process(app_pid, &canaries).unwrap();
    let mut webkit = Scan::default();
    let mut webkit_report = Vec::new();
    let children = descendants(app_pid);
    for &pid in &children {
        let scan = scan_process(pid, &canaries).unwrap();
        webkit_report.push(format!(
            "{} (pid {pid}): {scan}{}",
            process_name(pid),
            if scan.hits.is_empty() {
                String::new()
            } else {
                format!("\n{}", scan.describe_hits())
            }
        ));
        webkit.add(scan);
    }
    eprintln!(
        "memory after lock (app): {} canaries checked; tessera-app: {own}; its {} WebKit processes: {webkit}\n{}",
        canaries.len(),
        children.len(),
        webkit_report.join("\n")
    );
    eprintln!("in tessera-app:\n{}", own.describe_hits());
    assert!(
        own.regions > 100 && webkit.regions > 100,
        "the scan read too little: {own}; {webkit}"
    );
    // The copies are named by what surrounds them, never by Tessera's own record types: a
    // sealed envelope, a key or a decrypted record outside the IPC JSON would show here.
    for hit in own.hits.iter().chain(&webkit.hits) {
        assert!(
            !hit.context.contains("\"v\":1"),
            "a decrypted stored record is still in memory: {}",
            hit.context
        );
    }
    app.quit().await;

    // Everything the app and its WebKit processes wrote on stderr, at the most verbose level.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let written = std::fs::read_to_string(&log).unwrap_or_default();
    let lines = written.lines().count();
    for canary in canaries {
        assert!(
            !written.contains(canary),
            "the app's stderr names a canary:\n{written}"
        );
    }
    eprintln!(
        "verbose logs (app): {lines} lines of stderr checked for {} canaries: none found",
        canaries.len()
    );
}

/// The app, traced with `strace -f` from its start through unlock, a few screens and lock,
/// connects only to local sockets (`AF_UNIX`: the X server, D-Bus, WebKit's own processes) and
/// makes no Internet socket at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_makes_no_network_connection() {
    let (tmp, dir) = temp_vault();
    tessera_test_support::create_at(&dir, PASS).lock();
    let trace = tmp.path().join("connect.trace");
    let inspector = tmp.path().join("inspector-server");
    let wrapper = app_wrapper(
        tmp.path(),
        // WebKitWebDriver tells the browser it drives where to connect for automation.
        &format!(
            "printf '%s' \"$WEBKIT_INSPECTOR_SERVER\" > '{}'",
            inspector.display()
        ),
        &format!("strace -f -qq -e trace=connect -o '{}'", trace.display()),
        "",
    );
    let app = AppUnderTest::launch_with(
        &["--vault", &vault_arg(&dir)],
        tessera_e2e::Launch {
            application: Some(wrapper),
            ..tessera_e2e::Launch::default()
        },
    )
    .await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    home_then_profile(&app).await;
    for section in ["brands", "requests", "grants", "activity", "settings"] {
        app.click(&format!("#nav-{section}")).await;
        app.find("#section-title").await;
    }
    app.click("#lock").await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    app.quit().await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    let traced = std::fs::read_to_string(&trace).expect("strace wrote its trace");
    // The one connection that is not the app's own doing: WebKit's automation channel back to
    // WebKitWebDriver (the test's side), on loopback, which exists only under WebDriver.
    let automation = std::fs::read_to_string(&inspector).unwrap_or_default();
    let automation = automation
        .trim()
        .split_once(':')
        .map(|(host, port)| format!("sin_port=htons({port}), sin_addr=inet_addr(\"{host}\")"));
    let mut processes = std::collections::BTreeSet::new();
    let mut by_kind = std::collections::BTreeMap::<&str, usize>::new();
    let mut refused = Vec::new();
    for line in traced.lines() {
        let Some((pid, call)) = line.split_once(' ') else {
            continue;
        };
        if !call.trim_start().starts_with("connect(") {
            continue;
        }
        processes.insert(pid.to_owned());
        let kind = if call.contains("sa_family=AF_UNIX") {
            "AF_UNIX"
        } else if automation
            .as_ref()
            .is_some_and(|a| call.contains(a.as_str()))
        {
            "WebDriver automation (loopback)"
        } else {
            refused.push(line);
            "other"
        };
        *by_kind.entry(kind).or_default() += 1;
    }
    let total: usize = by_kind.values().sum();
    eprintln!(
        "strace (app): {total} connect() calls in {} processes: {by_kind:?}",
        processes.len()
    );
    assert!(
        by_kind.get("AF_UNIX").is_some_and(|&n| n > 0),
        "the trace holds no AF_UNIX connect() (the app talks to X over one): is strace working?\n{traced}"
    );
    assert!(
        refused.is_empty(),
        "connections other than local sockets:\n{}",
        refused.join("\n")
    );
}

/// The guided first run: right after the vault is created, Home offers the demo. Three values
/// typed on the card, the demo brand's request (signed at run time) reviewed and approved with
/// the date of birth given as "over 18" only, the demo brand's receipt, the revocation on
/// Grants, and the removal; the demo brand is marked Demo on each screen that shows it, and
/// Activity keeps its entries, marked, with the removal recorded.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_run_tries_the_whole_loop_on_the_demo_brand_and_removes_it() {
    let (_tmp, dir) = temp_vault();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    create_on_the_setup_screen(&app, PASS).await;
    app.text_contains("#section-title", "Home").await;
    app.text_contains("#home-demo", "Try the whole loop with a demo brand")
        .await;

    app.type_into("#demo-given-name", "Ada").await;
    app.type_into("#demo-birthdate", "1990-04-23").await;
    app.type_into("#demo-city", "Lyon").await;
    app.snapshot("demo").await;
    app.click("#demo-save-values").await;
    app.text_contains("#demo-notice", "Saved 3 value(s)").await;

    app.click("#demo-start").await;
    app.text_contains("#section-title", "Requests").await;
    let title = app
        .text_contains("#review-title", "Demo brand (not real) asks for your data")
        .await;
    assert!(title.contains("Demo"), "{title}");
    app.text_contains("#review", "give \"over 18\" instead")
        .await;
    app.select("tr[data-field=birthdate] select", "age_over_18")
        .await;
    app.click("#approve").await;
    let token = app
        .find("#grant-token")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    app.text_contains("#demo-next", "Go back to Home").await;
    let grant: serde_json::Value = tessera_exchange::jws::peek_payload(&token).unwrap();
    let birthdate: Vec<_> = grant["disclosures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["field"] == "birthdate")
        .collect();
    assert_eq!(birthdate.len(), 1, "{grant}");
    assert_eq!(
        (&birthdate[0]["form"], &birthdate[0]["value"]),
        (&serde_json::json!("age_over_18"), &serde_json::json!(true))
    );
    assert!(
        !token.is_empty() && !grant.to_string().contains("1990"),
        "{grant}"
    );

    app.click("#nav-home").await;
    app.text_contains("#home-holders", "Demo brand (not real)")
        .await;
    app.click("#demo-receipt").await;
    app.text_contains("#demo-notice", "sent its receipt").await;
    app.click("#demo-revoke").await;
    app.text_contains("#section-title", "Grants").await;
    click_the_one_with(&app, "#grant-list .brand-item", "Demo brand").await;
    app.text_contains("#grant-title", "Demo").await;
    app.click("#revoke-grant").await;
    app.text_contains("#grant-state", "Revoked").await;

    app.click("#nav-home").await;
    app.click("#demo-remove").await;
    app.text_contains("#demo-notice", "Demo removed: 1 request(s), 1 grant(s)")
        .await;
    app.text_contains("#home-holders", "No brand holds a grant")
        .await;
    app.find("#demo-start").await;

    app.click("#nav-activity").await;
    app.text_contains("#section-title", "Activity").await;
    app.text_contains("#ledger", "Brand removed").await;
    let marked = app
        .eval("return document.querySelectorAll('#ledger tr .badge.demo').length;")
        .await;
    assert!(
        marked.as_u64().unwrap() >= 5,
        "demo entries marked: {marked}"
    );
    app.quit().await;

    let vault = Vault::unlock(&dir, &Passphrase::from_str_copy(PASS)).unwrap();
    let events: Vec<String> = tessera_exchange::ledger::list(&vault)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    for event in [
        "request_imported",
        "grant_issued",
        "receipt_imported",
        "grant_revoked",
    ] {
        assert!(events.iter().any(|e| e == event), "{event} in {events:?}");
    }
    assert_eq!(events.last().map(String::as_str), Some("brand_removed"));
    assert!(tessera_exchange::person::grants(&vault).unwrap().is_empty());
    assert!(
        tessera_profile::store::list_brands(&vault, None)
            .unwrap()
            .is_empty()
    );
}

/// The menu bar, as a person uses it from the keyboard (F10 opens it, arrows move, Return
/// chooses), through GTK, which WebDriver's keys never reach: Go > Activity shows Activity,
/// Help > Show these shortcuts opens the cheat sheet, File > Lock the vault locks. The items
/// come from `ui/src/lib/shortcuts.json`, in its order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_bar_goes_to_a_section_shows_the_shortcuts_and_locks() {
    let (_tmp, dir) = temp_vault();
    let app = unlocked_app(&dir).await;
    // Go is the second menu; Activity its sixth item.
    app.press_in_window(&[
        "F10", "Right", "Down", "Down", "Down", "Down", "Down", "Down", "Return",
    ])
    .await;
    app.text_contains("#section-title", "Activity").await;
    app.press_in_window(&["F10", "Right", "Right", "Down", "Return"])
        .await;
    app.text_contains("#shortcuts[open]", "Keyboard shortcuts")
        .await;
    app.press_in_window(&["Escape"]).await;
    app.gone("#shortcuts[open]").await;
    // F10 marks File without opening it: Down opens it, then Import a brand's request, then
    // Lock the vault.
    app.press_in_window(&["F10", "Down", "Down", "Down", "Return"])
        .await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    app.quit().await;
}

/// The main story with the keyboard alone, as a person who cannot use a mouse: every control
/// reached with Tab (and showing its focus), used with Enter, Space or typing, the sections
/// reached with their shortcuts; not one click. Create the vault, put in two values (and
/// delete a third), review a brand's request (given on the command line) giving the date of
/// birth as "over 18" only, approve it, copy the grant, revoke it, read the ledger, lock, unlock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_story_works_with_the_keyboard_alone() {
    let (tmp, dir) = temp_vault();
    let now = jiff::Timestamp::now().as_second();
    let fields = serde_json::json!([
        {"name": "email", "form": "raw", "purposes": ["orders"], "required": true},
        {"name": "birthdate", "form": "raw", "purposes": ["orders"], "required": true}
    ]);
    let request = tmp.path().join("shop-1.tessera-request");
    let token = tessera_test_support::signed_request(
        [7; 32],
        "https://shop.example",
        "shop-1",
        &fields,
        now,
    );
    std::fs::write(&request, token).unwrap();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir), request.to_str().unwrap()]).await;
    let enter = Key::Enter.to_string();
    let mut presses = 0;

    presses += app.tab_to("#new-passphrase").await;
    app.press(PASS).await;
    presses += app.tab_to("#confirm-passphrase").await;
    app.press(PASS).await;
    presses += app.tab_to("#understood").await;
    app.press(" ").await;
    presses += app.tab_to("#create-vault").await;
    app.press(&enter).await;
    // The request given on the command line opens once the vault exists.
    app.text_contains("#review-title", "shop.example asks for your data")
        .await;

    app.press(&(Key::Alt + "2")).await;
    app.text_contains("#section-title", "Profile").await;
    for (field, label, value) in [
        ("email", "Email", "ada@home.example"),
        ("birthdate", "Date of birth", "1990-04-23"),
    ] {
        presses += app.tab_to("#value-field").await;
        app.choose_with_keys(field).await;
        presses += app.tab_to("#value-text").await;
        app.press(&format!("{value}{enter}")).await;
        app.text_contains("#values", label).await;
    }
    // A value deleted from the keyboard: its row goes with the button that had the focus, and
    // the keyboard goes on from the list's heading (not from nowhere, where WebKit refuses
    // keys; ui/src/lib/focus.ts).
    presses += app.tab_to("#value-field").await;
    app.choose_with_keys("nickname").await;
    presses += app.tab_to("#value-text").await;
    app.press(&format!("Ada{enter}")).await;
    app.text_contains("#values", "Nickname").await;
    presses += app.tab_to("button[aria-label='Delete Nickname']").await;
    app.press(&enter).await;
    app.text_contains("#values", "Removed Nickname").await;
    app.wait_for_focus("#values-title").await;

    app.press(&(Key::Alt + "4")).await;
    app.text_contains("#section-title", "Requests").await;
    presses += app.tab_to("#requests .brand-item").await;
    app.press(&enter).await;
    app.text_contains("#review-title", "shop.example").await;
    let form = "tr[data-field=birthdate] select";
    presses += app.tab_to(form).await;
    // A closed list steps through its choices with the arrow keys.
    let value = format!("return document.querySelector({form:?}).value;");
    for _ in 0..12 {
        if app.eval(&value).await == serde_json::json!("age_over_18") {
            break;
        }
        app.press(&Key::Down.to_string()).await;
    }
    assert_eq!(app.eval(&value).await, serde_json::json!("age_over_18"));
    app.press(&(Key::Control + enter.as_str())).await;
    let token = app
        .find("#grant-token")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    let grant: serde_json::Value = tessera_exchange::jws::peek_payload(&token).unwrap();
    assert!(!grant.to_string().contains("1990"), "{grant}");
    // The buttons that had the focus are gone; the keyboard goes on from the signed grant,
    // not from the top of the page (or from nowhere: WebKit then refuses keys).
    app.wait_for_focus("#grant-title").await;
    presses += app.tab_to("#copy-grant").await;
    app.press(&enter).await;
    app.text_contains("#review", "Copied").await;

    app.press(&(Key::Alt + "5")).await;
    app.text_contains("#section-title", "Grants").await;
    presses += app.tab_to("#grant-list .brand-item").await;
    app.press(&enter).await;
    presses += app.tab_to("#revoke-grant").await;
    app.press(&enter).await;
    app.text_contains("#grant-state", "Revoked").await;

    app.press(&(Key::Alt + "6")).await;
    app.text_contains("#ledger", "Grant revoked").await;
    app.press(&(Key::Control + "l")).await;
    app.text_contains("#unlock-title", "Unlock Tessera").await;
    presses += app.tab_to("#passphrase").await;
    app.press(&format!("{PASS}{enter}")).await;
    app.text_contains("#section-title", "Home").await;
    println!("keyboard alone: the main story in {presses} presses of Tab, no click");
    app.quit().await;
}

/// The stories of a vault used for years, on the large vault of issue 13
/// (`tessera_test_support::large`: 2,000 values, 1,000 brands with 10 rules each, 10,000
/// requests answered with 10,000 grants, a ledger of 30,000 entries), made as of now: every
/// screen opens, pages, and says how much more there is. Each screen's time to its first page
/// (click to content, through WebDriver) is printed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_pages_through_a_large_vault() {
    use tessera_test_support::large::LargeVault;
    let (_tmp, dir) = temp_vault();
    let now = jiff::Timestamp::now().as_second();
    let started = std::time::Instant::now();
    LargeVault::ISSUE_13
        .with_ledger(30_000)
        .at(now)
        .create(&dir, &tessera_test_support::passphrase(), KdfParams::FLOOR)
        .lock();
    eprintln!(
        "large vault made in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", tessera_test_support::PASS)
        .await;
    let timed = |what: &'static str, started: std::time::Instant| {
        eprintln!("{what}: {} ms", started.elapsed().as_millis());
    };
    let t = std::time::Instant::now();
    app.click("#unlock").await;
    app.text_contains("#home-holders-more", "950 more brands")
        .await;
    timed("unlock to Home", t);
    assert_eq!(app.texts("#home-holders .brand-item").await.len(), 50);
    app.snapshot("large-home").await;

    let t = std::time::Instant::now();
    app.click("#nav-brands").await;
    app.text_contains("#section-title", "Brands").await;
    app.text_contains("#brands-range", "1–50 of").await;
    timed("Brands", t);
    app.snapshot("large-brands").await;
    app.click("#tab-matrix").await;
    app.find("#matrix").await;

    let t = std::time::Instant::now();
    app.click("#nav-grants").await;
    app.find("#grants-more").await;
    timed("Grants", t);
    assert_eq!(app.texts("#grant-list .brand-item").await.len(), 100);
    app.click("#grants-more").await;
    app.find("#grant-list li:nth-child(200)").await;
    app.snapshot("large-grants").await;

    let t = std::time::Instant::now();
    app.click("#nav-requests").await;
    app.find("#requests-more").await;
    timed("Requests", t);
    app.click("#requests-more").await;
    app.find("#requests .brand-list li:nth-child(200)").await;

    let t = std::time::Instant::now();
    app.click("#nav-activity").await;
    app.find("#ledger-older").await;
    timed("Activity", t);
    app.text_contains("#ledger-shown", "100 shown").await;
    app.snapshot("large-activity").await;
    // The whole ledger checked in steps (two of them here), the screen answering meanwhile.
    let t = std::time::Instant::now();
    app.click("#verify-ledger").await;
    app.text_contains("#ledger-check", "Intact").await;
    timed("ledger check", t);

    let t = std::time::Instant::now();
    app.click("#nav-profile").await;
    app.text_contains("#section-title", "Profile").await;
    app.find("#values").await;
    timed("Profile", t);
    app.quit().await;
}

/// Issue 13's memory target, on the large vault: the proportional memory (PSS) of the app's
/// process and of its whole process tree (with WebKit's) after unlocking and visiting every
/// screen, then over scripted screen changes, printed at each point. From the 100th change on,
/// the anonymous memory of the app's own process (what Tessera's code and the webview's UI
/// side hold, unlike PSS not moved by other processes sharing its libraries, such as the other
/// tests' apps) may grow by less than 10%; the tree's PSS is printed, not asserted: WebKit's
/// collector moves it both ways by more than that (docs/performance.md). 300 changes here; `TESSERA_E2E_SCREEN_CHANGES=1000` for the issue's
/// count, and `cargo test --release` for the release app's sizes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_over_screen_changes_on_a_large_vault() {
    use tessera_test_support::large::LargeVault;
    use tessera_test_support::memory::{
        anonymous_kib, descendants, process_name, pss_kib, tree_pss_kib,
    };
    let changes: usize = std::env::var("TESSERA_E2E_SCREEN_CHANGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
        .max(101);
    let (_tmp, dir) = temp_vault();
    LargeVault::ISSUE_13
        .at(jiff::Timestamp::now().as_second())
        .create(&dir, &tessera_test_support::passphrase(), KdfParams::FLOOR)
        .lock();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    let app_pid = *descendants(app.driver_pid())
        .iter()
        .find(|&&pid| process_name(pid) == "tessera-app")
        .expect("the app's process");
    let mib = |kib: u64| kib as f64 / 1024.0;
    let first_screen = tree_pss_kib(app_pid);
    app.type_into("#passphrase", tessera_test_support::PASS)
        .await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Home").await;
    let screens = [
        ("profile", "Profile"),
        ("brands", "Brands"),
        ("requests", "Requests"),
        ("grants", "Grants"),
        ("activity", "Activity"),
        ("settings", "Settings"),
        ("home", "Home"),
    ];
    let (mut at_100, mut own_at_100) = (0, 0);
    for i in 0..changes {
        let (nav, title) = screens[i % screens.len()];
        app.click(&format!("#nav-{nav}")).await;
        app.text_contains("#section-title", title).await;
        if i + 1 == screens.len() {
            eprintln!(
                "PSS of the app's process tree: first screen {:.1} MiB, every screen visited {:.1} MiB (the app's own process {:.1} MiB)",
                mib(first_screen),
                mib(tree_pss_kib(app_pid)),
                mib(pss_kib(app_pid))
            );
        }
        if (i + 1) % 100 == 0 && i + 1 != 100 {
            eprintln!(
                "after {} screen changes: the app's anonymous memory {:.1} MiB, the tree's PSS {:.1} MiB",
                i + 1,
                mib(anonymous_kib(app_pid)),
                mib(tree_pss_kib(app_pid))
            );
        }
        if i + 1 == 100 {
            // Let the page settle (timers, collection) before the reference point.
            tokio::time::sleep(Duration::from_secs(2)).await;
            at_100 = tree_pss_kib(app_pid);
            own_at_100 = anonymous_kib(app_pid);
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (at_end, own_at_end) = (tree_pss_kib(app_pid), anonymous_kib(app_pid));
    let growth = own_at_end as f64 / own_at_100 as f64;
    eprintln!(
        "after 100 screen changes: the app's anonymous memory {:.1} MiB, the tree's PSS {:.1} MiB; after {changes}: the app {:.1} MiB ({growth:.3}x), the tree {:.1} MiB ({:.3}x)",
        mib(own_at_100),
        mib(at_100),
        mib(own_at_end),
        mib(at_end),
        at_end as f64 / at_100 as f64
    );
    assert!(
        growth < 1.10,
        "the app's anonymous memory grew {growth:.3}x from the 100th screen change to the {changes}th"
    );
    app.quit().await;
}
