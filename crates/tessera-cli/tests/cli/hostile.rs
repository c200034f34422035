//! `hostile_*`: input that used to panic (a file cut inside a character, `exp` at the integer
//! limit), escape sequences that must reach the terminal escaped, a closed output pipe.

use super::*;

/// Regression: a file whose 11th byte falls inside a character panicked `profile import` (exit
/// 101) and printed the file's text in the panic message.
#[test]
fn hostile_profile_import_of_a_file_cut_inside_a_character_is_refused() {
    let env = Env::with_vault();
    let file = env.file("jane.vcf", "BEGIN:VCARé\nFN:Jane Doe\nEND:VCARD\n");
    let out = env.profile_import(&file, &["--dry-run", "--json"]);
    assert_exit(&out, 3, "neither a vCard");
    assert_eq!(json(&out)["error"]["code"], "invalid_input");
    assert!(!stderr(&out).contains("Jane"), "{}", stderr(&out));
    let euros = env.file("euros.vcf", "€€€€€€");
    assert_exit(
        &env.profile_import(&euros, &["--dry-run"]),
        3,
        "neither a vCard",
    );
}

/// Regression: `exp` near `i64::MAX` overflowed `exp + skew` (a panic in debug builds).
#[test]
fn hostile_request_with_exp_at_the_integer_limit_is_an_invalid_claim() {
    let env = Env::with_vault();
    let mut claims = request_claims("req-max");
    claims["exp"] = i64::MAX.into();
    let token = env.file("max.jwt", &signed_request(&claims));
    let out = env.run_unlocked(&["--json", "request", "import", path_str(&token)]);
    assert_exit(&out, 3, "not a time from 1970 to 9999");
    assert_eq!(json(&out)["error"]["code"], "invalid_claims");
}

/// Untrusted text (claim names of a refused token, a brand's name and purposes, JSContact
/// member names) reaches the terminal with its control characters escaped, in text and in
/// JSON; the JSON still carries the exact text.
#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let env = Env::with_vault();
    let title = "\u{1b}]0;pwned\u{7}\u{1b}[2K\u{1b}[1A\r\u{9b}2J";
    // A refused token whose unknown member name is an escape sequence.
    let mut claims = request_claims("req-esc");
    claims[title] = "x".into();
    let token = env.file("esc.jwt", &signed_request(&claims));
    for json_mode in [false, true] {
        let mut args = vec!["request", "import", path_str(&token)];
        if json_mode {
            args.insert(0, "--json");
        }
        let out = env.run_unlocked(&args);
        assert_exit(&out, 3, "\\u{1b}]0;pwned\\u{7}");
        assert_inert("stderr", &out.stderr);
        assert_inert("stdout", &out.stdout);
        if json_mode {
            let message = json(&out)["error"]["message"].as_str().unwrap().to_owned();
            assert!(
                message.contains(title),
                "JSON keeps the exact text: {message:?}"
            );
        }
    }
    // An accepted request whose brand name reorders text and whose purpose fakes a line.
    let mut claims = request_claims("req-bidi");
    claims["brand"]["name"] = "Shop \u{202e}moc.live".into();
    claims["purposes"][0]["description"] = "Orders\n  status: approved".into();
    let token = env.file("bidi.jwt", &signed_request(&claims));
    let out = env.run_unlocked(&["request", "import", path_str(&token)]);
    assert_success(&out);
    assert_inert("stdout", &out.stdout);
    assert_inert("stderr", &out.stderr);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Shop \\u{202e}moc.live"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("status: approved")),
        "a purpose cannot fake a line: {text}"
    );
    for args in [
        vec!["request", "list"],
        vec!["ledger", "list"],
        vec!["brand", "list"],
    ] {
        let out = env.run_unlocked(&args);
        assert_success(&out);
        assert_inert("stdout", &out.stdout);
    }
    let out = env.run_unlocked(&["--json", "request", "list"]);
    assert_inert("JSON stdout", &out.stdout);
    assert!(
        json(&out)[0]["brand_name"]
            .as_str()
            .unwrap()
            .contains('\u{202e}')
    );
    // A JSContact card with a member named by an escape sequence is listed as skipped.
    let card = serde_json::json!({"@type": "Card", "version": "1.0", title: 1});
    let file = env.file("esc.json", &card.to_string());
    let out = env.profile_import(&file, &["--dry-run"]);
    assert_success(&out);
    assert!(stderr(&out).contains("skipped"), "{}", stderr(&out));
    assert_inert("stderr", &out.stderr);
}

/// Regression: writing into a closed pipe (`tessera profile list --json | head -c 10`)
/// panicked with exit 101. Now output stops quietly and the exit status is 141, as for a
/// program ended by SIGPIPE.
#[test]
fn hostile_closed_pipe_ends_output_quietly_with_141() {
    let env = Env::with_vault();
    assert_success(&env.run_unlocked(&["profile", "set", "email", "ada@home.example"]));
    for args in [
        vec!["--json", "profile", "list"],
        vec!["profile", "list"],
        vec!["profile", "export", "--format", "vcard"],
    ] {
        let out = env.run_into_closed_pipe(&args);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
    }
}
