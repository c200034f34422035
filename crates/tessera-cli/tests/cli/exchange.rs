//! `exchange_*`: requests, grants, receipts, revocations, the ledger and its export, the brand kit;
//! bad tokens and files.

use super::*;

#[test]
fn exchange_story_through_the_cli() {
    let env = Env::vault_with(ADA);
    let (key, request) = brand_kit_request(&env, "brand", SPEC);
    assert_exit(
        &env.run(&["brand-kit", "keygen", "--out", path_str(&key)]),
        3,
        "refusing to overwrite",
    );

    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_success(&out);
    assert!(stderr(&out).contains("its key is now pinned"));
    let imported = json(&out);
    assert_eq!(imported["key_status"], "pinned");
    assert_eq!(imported["review"]["fields"][1]["form"], "age_over_18");
    assert_eq!(
        imported["review"]["fields"][2]["preselected"], false,
        "optional fields are not preselected"
    );
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&request)]);
    assert_exit(&out, 3, "already imported");
    assert_eq!(json(&out)["error"]["code"], "replayed");

    let grant = env.tmp.path().join("grant.jwt");
    let approve = |extra: &[&str]| env.approve("req-cli-1", &["email", "birthdate"], &grant, extra);
    let out = approve(&["--field", "allergies"]);
    assert_exit(&out, 3, "--confirm-sensitive");
    assert!(!grant.exists(), "nothing written on refusal");
    let grant_id = Env::grant_id(&approve(&[]));

    let out = env.run(
        &[
            &kit_check_args("verify", &grant)[..],
            &["--request", path_str(&request)],
        ]
        .concat(),
    );
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["disclosures"][0]["value"], "ada@home.example");
    assert_eq!(claims["disclosures"][1]["value"], true);
    assert_eq!(claims["disclosures"].as_array().unwrap().len(), 2);
    assert_exit(
        &env.run(&[
            "brand-kit",
            "verify",
            path_str(&grant),
            "--aud",
            "https://other.example",
        ]),
        3,
        "not \"https://other.example\"",
    );

    let receipt = env.brand_kit_receipt(&key, &grant, "receipt.jwt");
    assert_success(&env.run_unlocked(&["receipt", "import", path_str(&receipt)]));
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["has_receipt"], true);
    assert_eq!(json(&out)[0]["state"], "active");

    let revocation = env.revoke(&grant_id, "revocation.jwt");
    let out = env.run(&kit_check_args("verify-revocation", &revocation));
    assert_success(&out);
    assert_eq!(json(&out)["delete"], true);
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["state"], "revoked");

    let out = env.run_unlocked(&["--json", "ledger", "list"]);
    let events: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "key_pinned",
            "request_imported",
            "request_rejected",
            "grant_issued",
            "grant_exported",
            "receipt_imported",
            "grant_revoked"
        ]
    );
    assert_success(&env.run_unlocked(&["ledger", "verify"]));
    let exported = env.tmp.path().join("ledger.jwt");
    assert_success(&env.run_unlocked(&["ledger", "export", "--out", path_str(&exported)]));
    assert_eq!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .split('.')
            .count(),
        3
    );
    // Anyone can check an export: no vault or passphrase needed.
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&exported)]);
    assert_success(&out);
    assert_eq!(json(&out)["entries"], 7);
    let signer = json(&out)["signer"].as_str().unwrap().to_owned();
    let again = env.tmp.path().join("ledger-again.jwt");
    assert_success(&env.run_unlocked(&["ledger", "export", "--out", path_str(&again)]));
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&again)]);
    assert_eq!(
        json(&out)["signer"],
        signer.as_str(),
        "one ledger key per vault"
    );
    // And a verifier written from docs/formats with npm `jose` agrees, chain included.
    let js = brand_js(&["verify-ledger-export", path_str(&exported)]);
    assert!(
        js.status.success(),
        "{}",
        String::from_utf8_lossy(&js.stderr)
    );
    let js: serde_json::Value = serde_json::from_slice(&js.stdout).unwrap();
    assert_eq!(
        (js["entries"].as_u64(), js["signer"].as_str()),
        (Some(7), Some(signer.as_str()))
    );
    // A changed payload no longer verifies.
    let token = std::fs::read_to_string(&exported).unwrap();
    let parts: Vec<&str> = token.trim().split('.').collect();
    let mut payload = parts[1].to_owned();
    let flipped = if payload.ends_with('A') { 'B' } else { 'A' };
    payload.pop();
    payload.push(flipped);
    let forged = env.file("forged.jwt", &[parts[0], &payload, parts[2]].join("."));
    let out = env.run(&["--json", "ledger", "verify-export", path_str(&forged)]);
    assert_exit(&out, 3, "");
    assert_eq!(json(&out)["error"]["code"], "bad_signature");

    // Edit one ledger row in the database: verify fails with exit 3.
    let db = env.vault().join("vault.db");
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("UPDATE entry SET body = CAST(substr(body, 1, 30) || CASE WHEN substr(body, 31, 1) = X'01' THEN X'02' ELSE X'01' END || substr(body, 32) AS BLOB) WHERE id = (SELECT MIN(id) FROM entry WHERE kind = 'ledger')")
        .unwrap();
    let out = env.run_unlocked(&["--json", "ledger", "verify"]);
    assert_exit(&out, 3, "does not verify");
    assert_eq!(json(&out)["error"]["code"], "ledger_broken");
}

/// Issue 7: `request approve --update-rules --confirm-sensitive` allowed a special category from
/// now on without the confirmation naming it; a standing rule allowing only `age_over_18` did not
/// stop the exact birth date being the default; a receipt for a revoked grant was accepted
/// without remark; grants carried the file and dates a value came from.
#[test]
fn exchange_approval_names_categories_follows_standing_rules_and_flags_late_receipts() {
    let env = Env::vault_with(ADA);
    let (key, request) = brand_kit_request(&env, "brand", SPEC_EXACT);
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "birthdate",
        "--form",
        "age_over_18",
    ]));

    // The review starts on the rule's form, not the exact date asked for.
    let out = env.run_unlocked(&["--json", "request", "show", "req-exact-1"]);
    assert_success(&out);
    let birthdate = json(&out)["fields"][1].clone();
    assert_eq!(birthdate["name"], "birthdate");
    assert_eq!(birthdate["form"], "raw");
    assert_eq!(birthdate["initial_form"], "age_over_18", "{birthdate}");

    // Without confirmation: refused, naming the category and the standing rule.
    let grant = env.tmp.path().join("grant.jwt");
    let approve = |extra: &[&str]| {
        let extra = [&["--update-rules"], extra].concat();
        env.approve("req-exact-1", &["birthdate", "allergies"], &grant, &extra)
    };
    let out = approve(&[]);
    assert_exit(&out, 3, "health");
    assert!(stderr(&out).contains("standing rules"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--confirm-sensitive"),
        "{}",
        stderr(&out)
    );
    assert!(!grant.exists(), "nothing written on refusal");
    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    assert!(
        !json(&out)["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["field"] == "allergies"),
        "no standing rule written on refusal"
    );

    // A blanket yes is not a confirmation: the category must be named.
    let out = approve(&["--confirm-sensitive", "politics"]);
    assert_exit(&out, 3, "health");
    assert!(!grant.exists(), "nothing written on refusal");
    let out = approve(&["--confirm-sensitive", "health"]);
    let grant_id = Env::grant_id(&out);
    let said = stderr(&out);
    assert!(said.contains("allergies (health"), "{said}");
    assert!(said.contains("standing rules"), "{said}");
    assert!(said.contains("birthdate given as age_over_18"), "{said}");
    // Issue 9: the notes, word for word and in this order, now worked out by the core.
    let notes: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("note:") || l.starts_with("Confirmed sharing"))
        .collect();
    assert_eq!(
        notes,
        [
            "note: the brand marked email as required; it may decline a grant without them.",
            "note: birthdate given as age_over_18, as your standing rule for this brand allows, not raw as asked; to give raw, use --field birthdate:raw.",
            "Confirmed sharing allergies (health, a special category of personal data) with Shop in this grant and from now on under its standing rules.",
        ],
        "{said}"
    );
    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    let rules = json(&out)["rules"].clone();
    let allergies = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == "allergies")
        .unwrap()
        .clone();
    assert_eq!(allergies["confirmed_category"], "health", "{rules}");

    // What the brand reads: the rule's form, a provenance code, a whole day.
    let out = env.run(&kit_check_args("verify", &grant));
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["v"], 3);
    assert_eq!(claims["disclosures"][0]["field"], "birthdate");
    assert_eq!(claims["disclosures"][0]["form"], "age_over_18");
    assert_eq!(claims["disclosures"][0]["value"], true);
    for d in claims["disclosures"].as_array().unwrap() {
        assert_eq!(d["provenance"], "self_asserted", "{claims}");
    }
    assert_eq!(claims["iat"].as_i64().unwrap() % 86_400, 0, "{claims}");

    // A receipt that arrives after the revocation is recorded as late, with a remark.
    let receipt = env.brand_kit_receipt(&key, &grant, "receipt.jwt");
    env.revoke(&grant_id, "revocation.jwt");
    let out = env.run_unlocked(&["receipt", "import", path_str(&receipt)]);
    assert_success(&out);
    assert!(stderr(&out).contains("late"), "{}", stderr(&out));
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(json(&out)[0]["state"], "revoked");
    assert_eq!(json(&out)[0]["receipt_late"], true);
}

/// Issue 12: a brand asking again. `request show --diff` compares the new request with the one
/// answered with a grant (a refused one in between is not the baseline), and an approval
/// naming fields without forms gives the forms given then.
#[test]
fn exchange_a_brand_asking_again_is_compared_and_starts_from_the_last_answer() {
    let env = Env::vault_with(ADA);
    let first = env.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&first)]));
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-cli-1", &["email", "birthdate"], &grant, &[]));
    let refused = env.file("refused.jwt", &signed_request(&request_claims("req-cli-2")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&refused)]));
    assert_success(&env.run_unlocked(&["request", "deny", "req-cli-2"]));
    let mut more = request_claims("req-cli-3");
    more["fields"][1]["form"] = "raw".into();
    more["purposes"][0]["profiling"] = true.into();
    let again = env.file("again.jwt", &signed_request(&more));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&again)]));

    let out = env.run_unlocked(&["--json", "request", "show", "req-cli-3", "--diff"]);
    assert_success(&out);
    let diff = json(&out);
    assert_eq!(diff["since"], "req-cli-1", "{diff}");
    let changes: Vec<(String, bool)> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_owned(),
                c["asks_more"] == true,
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("form_finer".to_owned(), true),
            ("profiling_on".to_owned(), true)
        ]
    );
    let out = env.run_unlocked(&["request", "show", "req-cli-3", "--diff"]);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("+ birthdate is asked as raw, finer than age_over_18 before"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let again_grant = env.tmp.path().join("again-grant.jwt");
    let out = env.approve("req-cli-3", &["birthdate"], &again_grant, &[]);
    assert!(
        stderr(&out)
            .contains("birthdate given as age_over_18, as you gave it to this brand last time"),
        "{}",
        stderr(&out)
    );
    Env::grant_id(&out);
    let out = env.run(&kit_check_args("verify", &again_grant));
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["disclosures"][0]["form"], "age_over_18");
    assert_eq!(claims["disclosures"][0]["value"], true);
}

/// Issue 12: `grant renew` says what renewing gives (`--dry-run`), then writes a new grant
/// answering the same request that the brand verifies; the old one is marked renewed, and a
/// second renewal of it is refused naming the new one.
#[test]
fn exchange_a_grant_is_renewed_as_it_is() {
    let env = Env::vault_with(ADA);
    let request = env.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("grant.jwt");
    let old = Env::grant_id(&env.approve("req-cli-1", &["email", "birthdate"], &grant, &[]));

    let out = env.run_unlocked(&["grant", "renew", &old, "--dry-run"]);
    assert_success(&out);
    assert!(
        stderr(&out).contains(
            "Renewing gives Shop a new grant answering the same request: email:raw, birthdate:age_over_18."
        ),
        "{}",
        stderr(&out)
    );
    assert_exit(&env.run_unlocked(&["grant", "renew", &old]), 2, "--out");

    let renewed = env.tmp.path().join("renewed.jwt");
    let out = env.run_unlocked(&[
        "--json",
        "grant",
        "renew",
        &old,
        "--out",
        path_str(&renewed),
    ]);
    assert_success(&out);
    let new = json(&out)["grant"]["jti"].as_str().unwrap().to_owned();
    assert_eq!(json(&out)["grant"]["renews"], old.as_str());
    assert!(
        stderr(&out).contains(&format!("renewing {old}")),
        "{}",
        stderr(&out)
    );
    let out = env.run(
        &[
            &kit_check_args("verify", &renewed)[..],
            &["--request", path_str(&request)],
        ]
        .concat(),
    );
    assert_success(&out);
    assert_eq!(json(&out)["jti"], new.as_str());
    let out = env.run_unlocked(&["--json", "grant", "show", &old]);
    assert_eq!(json(&out)["grant"]["renewed_by"], new.as_str());
    let out = env.run_unlocked(&["grant", "renew", &old, "--out", path_str(&renewed)]);
    assert_exit(&out, 3, &format!("already renewed by grant {new}"));
}

/// Issue 12: `grant deletions` says when the brand should delete each field and why, writes
/// the dates as a calendar file, and `ledger erasure-letter` prints the letter it points to.
#[test]
fn exchange_deletion_dates_a_calendar_file_and_the_erasure_letter() {
    let env = Env::vault_with(ADA);
    let out = env.run_unlocked(&["grant", "deletions"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("No brand holds anything from you."),
        "{out:?}"
    );
    let request = env.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-cli-1", &["email", "birthdate"], &grant, &[]));

    let out = env.run_unlocked(&["grant", "deletions"]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.starts_with("Shop (https://shop.example)\n"), "{text}");
    // The grant (from the start of today) ends before the 365 days the brand keeps it, but the
    // person's terms give the brand 30 days after the end to delete: the retention comes first.
    assert!(text.contains("  email by "), "{text}");
    assert!(
        text.contains(": Shop said it keeps it 365 days for"),
        "{text}"
    );
    let out = env.run_unlocked(&["--json", "grant", "deletions"]);
    let dates = json(&out);
    assert_eq!(dates["brands"][0]["overdue"], false);
    let seq = dates["brands"][0]["letter_entry"]
        .as_u64()
        .unwrap()
        .to_string();

    let calendar = env.tmp.path().join("deletions.ics");
    let out = env.run_unlocked(&["grant", "deletions", "--calendar", path_str(&calendar)]);
    assert_success(&out);
    let ics = std::fs::read_to_string(&calendar).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
    // One event for the day both are due, naming both (a comma escaped, as RFC 5545 says).
    assert!(
        ics.contains("SUMMARY:Shop should have deleted your Date of birth\\, Email"),
        "{ics}"
    );

    let out = env.run_unlocked(&["ledger", "erasure-letter", &seq]);
    assert_success(&out);
    let letter = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(letter.starts_with("To: privacy@shop.example\n"), "{letter}");
    assert!(letter.contains("Article 17"), "{letter}");
    assert_exit(
        &env.run_unlocked(&["ledger", "erasure-letter", "999"]),
        4,
        "no ledger entry 999",
    );

    // The consent records, to standard output and to a file.
    let out = env.run_unlocked(&["ledger", "consent-records"]);
    assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["@graph"][0]["dpv:hasConsentStatus"], "dpv:ConsentGiven");
    let file = env.tmp.path().join("records.json");
    let out = env.run_unlocked(&["ledger", "consent-records", "--out", path_str(&file)]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("ISO/IEC TS 27560"),
        "{}",
        stderr(&out)
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(saved["@graph"], doc["@graph"]);
}

/// Issue 12: `brand trace` names the brand whose token alias an address is (typed, or in a
/// message header read from a file), with what it promised and its letter.
#[test]
fn exchange_an_alias_is_traced_to_its_brand() {
    let env = Env::vault_with(ADA);
    let request = env.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-cli-1", &["email:email_alias_token"], &grant, &[]));
    let out = env.run(&kit_check_args("verify", &grant));
    let alias = json(&out)["disclosures"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();

    let out = env.run_unlocked(&["brand", "trace", &alias]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.starts_with(&format!(
            "{alias} is your alias for Shop (https://shop.example), given to it in a grant as email_alias_token.\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("it promised never: ads tied to social posts"),
        "{text}"
    );
    assert!(text.contains("tessera ledger erasure-letter "), "{text}");

    let header = env.file(
        "header.txt",
        &format!("From: spam@spam.example\nTo: <{alias}>\nSubject: hi\n"),
    );
    let out = env.run_unlocked(&["--json", "brand", "trace", path_str(&header)]);
    assert_success(&out);
    assert_eq!(json(&out)["found"][0]["brand"], "https://shop.example");
    let out = env.run_unlocked(&["brand", "trace", "nobody@else.example"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("No brand you know has this alias"),
        "{out:?}"
    );
}

/// Issue 12: `terms set` from a named agreement, for every brand or one; `request show` names
/// what goes against them.
#[test]
fn exchange_terms_are_set_and_a_review_says_what_goes_against_them() {
    let env = Env::vault_with(ADA);
    let mut claims = request_claims("req-cli-1");
    claims["purposes"][0]["third_parties"] = true.into();
    claims["purposes"][0]["retention_days"] = 730.into();
    let request = env.file("first.jwt", &signed_request(&claims));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let show = || {
        let out = env.run_unlocked(&["request", "show", "req-cli-1"]);
        assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        show().contains("  against your terms: orders shares the data with third parties, which your terms forbid: approving email, birthdate, allergies lets it."),
        "{}",
        show()
    );

    let out = env.run_unlocked(&[
        "terms",
        "set",
        "--agreement",
        "pdc-ai",
        "--max-retention-days",
        "365",
        "--contact",
        "POST,email",
        "--quiet-hours",
        "21:00-8:00",
        "--add",
        "no calls after 9pm",
    ]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.starts_with("For every brand: pdc-ai: sale forbidden, sharing accepted, profiling accepted, inference accepted, training forbidden, longest retention 365, deleted within 30 days of a revocation or the end, contact only by email, post, quiet hours 21:00-08:00\n  and: no calls after 9pm\n"),
        "{text}"
    );
    let review = show();
    assert!(!review.contains("shares the data"), "{review}");
    assert!(
        review.contains("keeps the data 730 days, longer than the 365 days your terms accept"),
        "{review}"
    );

    assert_success(&env.run_unlocked(&[
        "terms",
        "set",
        "--brand",
        "shop.example",
        "--agreement",
        "pdc-ai",
    ]));
    assert!(!show().contains("against your terms"), "{}", show());
    let out = env.run_unlocked(&["--json", "terms", "show"]);
    assert_eq!(json(&out)["brands"][0]["brand"], "https://shop.example");
    assert_success(&env.run_unlocked(&["terms", "clear", "--brand", "shop.example"]));
    assert!(show().contains("longer than the 365 days"), "{}", show());
    assert_exit(
        &env.run_unlocked(&["terms", "set", "--agreement", "lenient"]),
        3,
        "choose one of tessera-strict, sd-base, pdc-ai, custom",
    );
    assert_exit(
        &env.run_unlocked(&["terms", "set", "--max-retention-days", "0"]),
        3,
        "between 1 and 3650 days",
    );
    assert_exit(
        &env.run_unlocked(&["terms", "set", "--contact", "fax"]),
        3,
        "among email, sms, phone, post, push, none",
    );
    assert_exit(
        &env.run_unlocked(&["terms", "set", "--erase-within-days", "400"]),
        3,
        "between 1 and 365 days",
    );

    // The grant carries the terms that hold (those for every brand), the brand reads them.
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-cli-1", &["email"], &grant, &[]));
    let out = env.run(&kit_check_args("verify", &grant));
    assert_success(&out);
    let terms = &json(&out)["terms"];
    assert_eq!(terms["agreement"], "pdc-ai");
    assert_eq!(
        terms["contact"],
        serde_json::json!({"channels": ["email", "post"], "quiet_hours": "21:00-08:00"})
    );
    assert_eq!(
        terms["additions"],
        serde_json::json!(["no calls after 9pm"])
    );
    assert_eq!(
        terms["exceptions"],
        serde_json::json!([{"purpose": "orders", "allows": ["retention"]}])
    );
}

#[test]
fn exchange_bad_tokens_and_files_give_clear_errors() {
    let env = Env::with_vault();
    let big = env.file("big.jwt", &"a".repeat(70 * 1024));
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&big)]);
    assert_exit(&out, 3, "over 64 KiB");
    assert_eq!(json(&out)["error"]["code"], "token_too_large");
    let junk = env.file("junk.jwt", "hello.world");
    assert_exit(
        &env.run_unlocked(&["request", "import", path_str(&junk)]),
        3,
        "not a JWS compact token",
    );
    assert_exit(
        &env.run_unlocked(&["request", "import", "/no/such/file"]),
        4,
        "cannot read",
    );
    assert_exit(
        &env.run_unlocked(&["request", "show", "req-nope"]),
        4,
        "no request",
    );
    assert_exit(
        &env.run_unlocked(&["grant", "revoke", "grant-nope", "--out", "/tmp/x"]),
        4,
        "no grant",
    );
    assert_exit(
        &env.run_unlocked(&["request", "approve", "req-nope", "--out", "/tmp/x"]),
        3,
        "--field",
    );
    let key = env.file("bad.jwk", r#"{"kty":"RSA","crv":"x","x":"y","d":"z"}"#);
    let spec = env.file("spec.json", SPEC);
    let out_file = env.tmp.path().join("r.jwt");
    assert_exit(
        &env.run(&sign_request_args(&key, &spec, &out_file)),
        3,
        "not an Ed25519 public key",
    );
}

/// `tessera open`: what the brand kit writes by default (`ID.tessera-request`,
/// `ID.tessera-receipt`, in the current folder) and the same tokens as `tessera:` links open as
/// `request import` and `receipt import` would; broken links, the person's own tokens and
/// missing files are refused with what is wrong.
#[test]
fn exchange_open_takes_the_brand_kits_files_and_tessera_links() {
    let env = Env::vault_with(ADA);
    let in_tmp = |args: &[&str]| {
        let mut cmd = env.command(args);
        cmd.current_dir(env.tmp.path())
            .stdin(std::process::Stdio::null());
        cmd.output().unwrap()
    };
    let key = env.tmp.path().join("brand.jwk");
    assert_success(&env.run(&["brand-kit", "keygen", "--out", path_str(&key)]));
    // `brand-kit request` without --out, in the test's folder.
    let sign = |spec: &Path| {
        in_tmp(&[
            "brand-kit",
            "request",
            "--key",
            path_str(&key),
            "--spec",
            path_str(spec),
        ])
    };
    let out = sign(&env.file("spec.json", SPEC));
    assert_success(&out);
    assert!(
        stderr(&out).contains("to req-cli-1.tessera-request"),
        "{}",
        stderr(&out)
    );
    let request = env.tmp.path().join("req-cli-1.tessera-request");

    let out = env.run_unlocked(&["open", path_str(&request)]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("its key is now pinned"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("req-cli-1"));
    let grant = env.tmp.path().join("grant.jwt");
    let grant_id = Env::grant_id(&env.approve("req-cli-1", &["email"], &grant, &[]));

    let out = in_tmp(&[
        "brand-kit",
        "receipt",
        "--key",
        path_str(&key),
        path_str(&grant),
        "--aud",
        "https://shop.example",
    ]);
    assert_success(&out);
    let receipt = env.tmp.path().join(format!("{grant_id}.tessera-receipt"));
    let receipt_token = std::fs::read_to_string(&receipt).expect("written under the grant's id");
    let out = env.run_unlocked(&[
        "--json",
        "open",
        &format!("tessera:{}", receipt_token.trim()),
    ]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("Receipt from Shop recorded"),
        "{}",
        stderr(&out)
    );
    assert_eq!(json(&out)["kind"], "receipt");
    assert_eq!(json(&out)["has_receipt"], true);

    // A second request, as a link (the scheme in any case).
    let out = sign(&env.file("second.json", &SPEC.replace("req-cli-1", "req-cli-2")));
    assert_success(&out);
    let token = std::fs::read_to_string(env.tmp.path().join("req-cli-2.tessera-request")).unwrap();
    let out = env.run_unlocked(&["--json", "open", &format!("Tessera:{}", token.trim())]);
    assert_success(&out);
    assert_eq!(json(&out)["kind"], "request");
    assert_eq!(json(&out)["review"]["jti"], "req-cli-2");

    let cut = format!("tessera:{}%20", &token.trim()[..40]);
    let out = env.run_unlocked(&["--json", "open", &cut]);
    assert_exit(&out, 3, "'%' at character 49");
    assert_eq!(json(&out)["error"]["code"], "malformed_token");
    let huge = format!("tessera:{}", "a".repeat(70 * 1024));
    let out = env.run_unlocked(&["--json", "open", &huge]);
    assert_exit(&out, 3, "65536");
    assert_eq!(json(&out)["error"]["code"], "token_too_large");
    let out = env.run_unlocked(&["open", path_str(&grant)]);
    assert_exit(&out, 3, "grants and revocations are what you send them");
    assert!(
        stderr(&out).contains("tessera-grant+jwt"),
        "{}",
        stderr(&out)
    );
    assert_exit(
        &env.run_unlocked(&["open", "/no/such/file"]),
        4,
        "cannot read",
    );
    let out = env.run_unlocked(&["--json", "grant", "list"]);
    assert_eq!(
        json(&out).as_array().unwrap().len(),
        1,
        "nothing else was opened"
    );
}

#[test]
fn exchange_request_import_reads_standard_input() {
    let env = Env::with_vault();
    let (_key, request) = brand_kit_request(&env, "brand", SPEC);
    let file = std::fs::File::open(&request).unwrap();
    let child = env.spawn_unlocked(&["--json", "request", "import", "-"], file.into());
    let out = child.wait_with_output().unwrap();
    assert_success(&out);
    assert_eq!(json(&out)["review"]["jti"], "req-cli-1");
}

/// Issue 12: `letter write` signs a letter with the key of the person's grants to the brand,
/// prints it to send and records it; the brand kit and jose's brand verify it against the grant
/// it names; `letter list` tracks it until `letter replied`; a correction carries the new value.
#[test]
fn exchange_letters_are_signed_with_the_grants_key_verified_and_tracked() {
    let env = Env::vault_with(ADA);
    let out = env.run_unlocked(&["letter", "write", "shop.example", "--right", "access"]);
    assert_exit(&out, 3, "holds no grant from you");
    let request = env.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&env.run_unlocked(&["request", "import", path_str(&request)]));
    let grant = env.tmp.path().join("grant.jwt");
    Env::grant_id(&env.approve("req-cli-1", &["email", "birthdate"], &grant, &[]));

    let letter = env.tmp.path().join("access.jwt");
    let out = env.run_unlocked(&[
        "letter",
        "write",
        "shop.example",
        "--right",
        "access",
        "--out",
        path_str(&letter),
    ]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.starts_with(
            "To: privacy@shop.example\nSubject: Access to my data (GDPR Art. 15) - Shop\n"
        ),
        "{text}"
    );
    assert!(text.contains("Under Article 15"), "{text}");
    assert!(text.contains("-----BEGIN TESSERA LETTER-----"), "{text}");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("A reply is due by "), "{stderr}");
    let token = std::fs::read_to_string(&letter).unwrap();
    assert!(
        text.contains(token.trim()),
        "the printed letter carries its token"
    );

    // The brand checks it with the kit and with jose, against the grant it holds.
    let out = env.run(&[
        "brand-kit",
        "verify-letter",
        path_str(&letter),
        "--aud",
        "https://shop.example",
        "--grant",
        path_str(&grant),
    ]);
    assert_success(&out);
    let claims = json(&out);
    assert_eq!(claims["right"], "access");
    assert_eq!(claims["basis"], "GDPR Art. 15");
    assert_eq!(claims["fields"], serde_json::json!([]));
    let out = brand_js(&[
        "verify-letter",
        path_str(&letter),
        "https://shop.example",
        path_str(&grant),
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["jti"], claims["jti"]);
    // A grant signed by another key (another person's) is not what this letter names.
    let other = Env::vault_with(ADA);
    let other_request = other.file("first.jwt", &signed_request(&request_claims("req-cli-1")));
    assert_success(&other.run_unlocked(&["request", "import", path_str(&other_request)]));
    let other_grant = other.tmp.path().join("grant.jwt");
    Env::grant_id(&other.approve("req-cli-1", &["email"], &other_grant, &[]));
    assert_exit(
        &env.run(&[
            "brand-kit",
            "verify-letter",
            path_str(&letter),
            "--aud",
            "https://shop.example",
            "--grant",
            path_str(&other_grant),
        ]),
        3,
        "signed by another key",
    );
    let out = brand_js(&[
        "verify-letter",
        path_str(&letter),
        "https://shop.example",
        path_str(&other_grant),
    ]);
    assert!(!out.status.success(), "{out:?}");

    // Tracked: awaiting a reply, then replied (once).
    let out = env.run_unlocked(&["--json", "letter", "list"]);
    let letters = json(&out);
    assert_eq!(letters[0]["state"], "awaiting");
    let id = letters[0]["jti"].as_str().unwrap().to_owned();
    let out = env.run_unlocked(&["letter", "replied", &id]);
    assert_success(&out);
    assert_exit(
        &env.run_unlocked(&["letter", "replied", &id]),
        3,
        "already recorded",
    );
    let out = env.run_unlocked(&["--json", "letter", "list"]);
    assert_eq!(json(&out)[0]["state"], "replied");
    let out = env.run_unlocked(&["--json", "ledger", "list"]);
    let events: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        events.ends_with(&["letter_sent".to_owned(), "letter_replied".to_owned()]),
        "{events:?}"
    );

    // A correction: nothing to correct until the email changes; then the new value, in the
    // form the brand received it.
    assert_exit(
        &env.run_unlocked(&["letter", "write", "shop.example", "--right", "correction"]),
        3,
        "nothing to correct",
    );
    assert_success(&env.run_unlocked(&["profile", "set", "email", "ada@new.example"]));
    let out = env.run_unlocked(&[
        "--json",
        "letter",
        "write",
        "shop.example",
        "--right",
        "correction",
    ]);
    assert_success(&out);
    let written = json(&out);
    assert!(
        written["body"]
            .as_str()
            .unwrap()
            .contains("Email: ada@new.example"),
        "{written}"
    );
    let correction = env.file("correction.jwt", written["token"].as_str().unwrap());
    let out = brand_js(&[
        "verify-letter",
        path_str(&correction),
        "https://shop.example",
        path_str(&grant),
    ]);
    assert_success(&out);
    assert_eq!(
        json(&out)["corrections"],
        serde_json::json!([{"field": "email", "form": "raw", "value": "ada@new.example", "provenance": "self_asserted"}])
    );

    // A withdrawal names its purposes; an unknown one is refused with those the brand has.
    assert_exit(
        &env.run_unlocked(&["letter", "write", "shop.example", "--right", "withdrawal"]),
        3,
        "name the purposes",
    );
    assert_exit(
        &env.run_unlocked(&[
            "letter",
            "write",
            "shop.example",
            "--right",
            "withdrawal",
            "--purpose",
            "ads",
        ]),
        3,
        "among orders",
    );
    assert_exit(
        &env.run_unlocked(&["letter", "write", "shop.example", "--right", "complain"]),
        3,
        "choose one of access, correction, erasure, objection, withdrawal",
    );

    // A complaint to the authority, and the evidence bundle the brand's own tools verify.
    let bundle = env.tmp.path().join("bundle.json");
    let out = env.run_unlocked(&[
        "letter",
        "complaint",
        "shop.example",
        "--out",
        path_str(&bundle),
    ]);
    assert_success(&out);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.starts_with("To: the data protection authority of your country"),
        "{text}"
    );
    assert!(
        text.contains("Subject: Complaint about Shop (GDPR Art. 77)"),
        "{text}"
    );
    assert!(
        text.contains("Access to my data (GDPR Art. 15). It replied on"),
        "{text}"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    assert_eq!(doc["letters"].as_array().unwrap().len(), 2);
    let first = env.file(
        "first-letter.jwt",
        doc["letters"][0]["token"].as_str().unwrap(),
    );
    let out = brand_js(&[
        "verify-letter",
        path_str(&first),
        "https://shop.example",
        path_str(&grant),
    ]);
    assert_success(&out);
}
