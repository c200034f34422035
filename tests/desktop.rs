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

use std::time::Duration;

use fantoccini::key::Key;
use tessera_e2e::{AppUnderTest, temp_vault};
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
    app.text_contains("#section-title", "Profile").await;
    for section in [
        "profile", "brands", "requests", "grants", "activity", "settings",
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
    app.text_contains("#section-title", "Profile").await;

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
    Vault::unlock(&dir, &Passphrase::from_str_copy(PASS)).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_lock_after_configured_idle_time() {
    let (_tmp, dir) = temp_vault();
    Vault::create(&dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR)
        .unwrap()
        .lock();
    let app =
        AppUnderTest::launch(&["--vault", &vault_arg(&dir), "--auto-lock-seconds", "3"]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Profile").await;
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
    app.text_contains("#section-title", "Profile").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_in_use_by_another_process_is_explained() {
    let (_tmp, dir) = temp_vault();
    let held = Vault::create(&dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR).unwrap();
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("[role=alert]", "open in another Tessera window")
        .await;
    drop(held);
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Profile").await;
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
    app.text_contains("#section-title", "Profile").await;
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
    Vault::create(&dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR)
        .unwrap()
        .lock();
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
            ["plugin:dialog|open", { multiple: true }],
            ["plugin:clipboard-manager|read_text", {}],
        ];
        Promise.all(calls.map(([cmd, args]) =>
            window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                (value) => ({ cmd, ok: true, value }),
                (error) => ({ cmd, ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
            ))).then(done);
    "#;
    let results = app.client.execute_async(script, vec![]).await.unwrap();
    let results = results.as_array().expect("an array of outcomes");
    assert_eq!(results.len(), 14);
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

    // Still alive and still locked: the real unlock works.
    assert!(!Vault::inspect(&dir).unwrap().in_use);
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Profile").await;
    app.quit().await;
}

// --- profile, brands and rules (issue 3) ---

const XSS_VALUE: &str = r#"<img src=x onerror="window.__xss='value'">"#;
const XSS_LABEL: &str = r#"<b onmouseover="window.__xss='label'">work</b>"#;
const XSS_BRAND: &str =
    r#"<script>window.__xss='brand'</script><img src=y onerror="window.__xss='brand'">"#;

/// A vault holding stored XSS payloads in a value, a label and a brand name.
fn vault_with_hostile_text(dir: &std::path::Path) {
    use tessera_profile::model::Provenance;
    use tessera_profile::store::{self, SetValue};
    let today = jiff::civil::Date::constant(2026, 11, 29);
    let mut vault = Vault::create(dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR).unwrap();
    let set = |field, input, label| SetValue {
        field,
        input,
        label,
        primary: false,
        region: None,
        custom: None,
        provenance: Provenance::Entered { on: today },
    };
    store::set_value(&mut vault, set("nickname", XSS_VALUE, None), today).unwrap();
    store::set_value(
        &mut vault,
        set("email", "ada@work.example", Some(XSS_LABEL)),
        today,
    )
    .unwrap();
    let hostile = tessera_profile::BrandId::parse("hostile.example").unwrap();
    store::add_brand(&mut vault, &hostile, XSS_BRAND, today).unwrap();
    vault.lock();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_brands_rules_matrix_and_stored_xss_is_inert() {
    let (_tmp, dir) = temp_vault();
    vault_with_hostile_text(&dir);
    let app = AppUnderTest::launch(&["--vault", &vault_arg(&dir)]).await;
    app.type_into("#passphrase", PASS).await;
    app.click("#unlock").await;
    app.text_contains("#section-title", "Profile").await;

    // Stored XSS renders as text: the payloads are visible, nothing ran, no element was made.
    app.text_contains(".value-row[data-field=nickname] .value-text", XSS_VALUE)
        .await;
    app.text_contains(".value-row[data-field=email]", "window.__xss='label'")
        .await;

    // Import a vCard: malformed first (names its line, changes nothing), then a good one.
    app.type_lines(
        "#import-text",
        "BEGIN:VCARD\nVERSION:4.0\nBDAY:1990-13-01\nEND:VCARD",
    )
    .await;
    app.click("#import-preview").await;
    app.text_contains("#import-error", "line 3").await;
    app.type_lines(
        "#import-text",
        "BEGIN:VCARD\nVERSION:4.0\nN:Lovelace;Ada;;;\nEND:VCARD",
    )
    .await;
    app.click("#import-preview").await;
    app.text_contains("#import-summary", "2 to add").await;
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
    use tessera_exchange::{brandkit, formats, jws, ledger};
    use tessera_profile::model::Provenance;
    use tessera_profile::store::{self, SetValue};

    const BRAND: &str = "https://shop.example";
    let (_tmp, dir) = temp_vault();
    let today = jiff::civil::Date::constant(2026, 11, 29);
    let mut vault =
        Vault::create(&dir, &Passphrase::from_str_copy(PASS), KdfParams::FLOOR).unwrap();
    for (field, input) in [
        ("email", "ada@home.example"),
        ("birthdate", "1990-04-23"),
        ("allergies", "peanuts"),
    ] {
        let req = SetValue {
            field,
            input,
            label: None,
            primary: false,
            region: None,
            custom: None,
            provenance: Provenance::Entered { on: today },
        };
        store::set_value(&mut vault, req, today).unwrap();
    }
    vault.lock();
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
    app.text_contains("#section-title", "Profile").await;

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
    app.text_contains("#grant-state", "revoked").await;
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
    app.quit().await;

    // After the app is gone: the ledger verifies, then fails once a row is edited.
    let vault = Vault::unlock(&dir, &Passphrase::from_str_copy(PASS)).unwrap();
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
