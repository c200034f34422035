//! `profile_*`: fields of each kind, custom and sensitive fields, brands and rules; bad input;
//! values from standard input; vCard and JSContact export and import (skipped values, regions,
//! several cards).

use super::*;

/// `profile set FIELD -` reads the value from standard input, so that it never appears in the
/// process list or the shell history; without a value and without a terminal, it says how.
#[test]
fn profile_set_reads_the_value_from_standard_input() {
    let env = Env::with_vault();
    let out = env.run_with_stdin(
        &["profile", "set", "allergies", "-"],
        b"peanuts, shellfish\n",
    );
    assert_success(&out);
    // A special category's value is not put on the screen right after it was read.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("peanuts"));
    assert!(
        stderr(&out).contains("its value is not shown"),
        "{}",
        stderr(&out)
    );
    let out = env.run_unlocked(&["--json", "profile", "get", "allergies"]);
    assert_eq!(json(&out)[0]["value"], "peanuts, shellfish");
    let out = env.run_with_stdin(
        &["profile", "set", "email", "-", "--label", "work"],
        b"ada@work.example",
    );
    assert_success(&out);
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_eq!(json(&out)[0]["value"], "ada@work.example");
    let out = env.run_unlocked(&["--json", "profile", "set", "accessibility_needs"]);
    assert_exit(&out, 4, "`-` to read it from standard input");
    assert_eq!(json(&out)["error"]["code"], "missing_input");
    let out = env.run_with_stdin(&["profile", "set", "allergies", "-"], &[0xff, 0xfe]);
    assert_exit(&out, 3, "not UTF-8");
}

#[test]
fn profile_fields_of_each_kind_custom_sensitive_brand_rules_story() {
    let env = Env::vault_set(&[
        &["given_name", "Ada"],
        &["email", "ada@home.example", "--label", "home"],
        &["email", "ada@work.example", "--label", "work", "--primary"],
        &["phone_number", "01 42 68 53 00", "--region", "FR"],
        &["birthdate", "1990-04-23"],
        &["address", "1 Rue X; Paris; ; 75001; FR", "--label", "home"],
        &["shoe_size", "EU 38"],
        &["interests", "chess, jazz"],
        &["custom.therapist", "Dr Who", "--sensitivity", "health"],
    ]);
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_success(&out);
    let emails = json(&out);
    assert_eq!(emails.as_array().unwrap().len(), 2);
    assert_eq!(emails[0]["label"], "work");
    assert_eq!(emails[0]["primary"], true);
    let out = env.run_unlocked(&["profile", "get", "phone_number"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("+33142685300"));
    let out = env.run_unlocked(&["--json", "profile", "get", "custom.therapist"]);
    assert_eq!(json(&out)[0]["field"]["sensitivity"], "health");

    assert_success(&env.run_unlocked(&["brand", "add", "shop.example", "--name", "Shop"]));
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "https://shop.example",
        "birthdate",
        "--form",
        "age_over_18",
    ]);
    assert_success(&out);
    assert_eq!(json(&out)["form"], "age_over_18");
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "address",
        "--form",
        "locality",
    ]));

    // Sensitive: refused without confirmation, naming the category; accepted with it.
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
    ]);
    assert_exit(&out, 3, "health");
    assert!(stderr(&out).contains("--confirm-sensitive"));
    assert_eq!(json(&out)["error"]["code"], "confirmation_required");
    // The person names the category: another one does not confirm it.
    let out = env.run_unlocked(&[
        "--json",
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
        "--confirm-sensitive",
        "belief",
    ]);
    assert_eq!(json(&out)["error"]["code"], "confirmation_required");
    assert_success(&env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "custom.therapist",
        "--confirm-sensitive",
        "health",
    ]));

    let out = env.run_unlocked(&["--json", "brand", "show", "shop.example"]);
    assert_success(&out);
    let detail = json(&out);
    let preview = detail["preview"].as_array().unwrap();
    assert!(
        preview
            .iter()
            .any(|p| p["field"] == "birthdate" && p["value"] == "true"),
        "{detail}"
    );
    assert!(
        preview
            .iter()
            .any(|p| p["field"] == "address" && p["value"] == "\"Paris\""),
        "{detail}"
    );

    let out = env.run_unlocked(&["--json", "profile", "who", "address"]);
    assert_eq!(json(&out)[0]["form"], "locality");

    let out = env.run_unlocked(&["--json", "brand", "revoke", "shop.example"]);
    assert_eq!(json(&out)["revoked"], 3);
    let out = env.run_unlocked(&["profile", "who", "address"]);
    assert!(stderr(&out).contains("No brand may see address"));
}

#[test]
fn profile_bad_input_exits_3_or_4_with_clear_messages() {
    let env = Env::with_vault();
    for (args, code, words) in [
        (
            vec!["profile", "set", "email", "nope"],
            3,
            "not an email address",
        ),
        (
            vec!["profile", "set", "birthdate", "23/04/1990"],
            3,
            "YYYY-MM-DD",
        ),
        (vec!["profile", "set", "colour", "blue"], 3, "custom.NAME"),
        (
            vec!["profile", "set", "custom.x", "y", "--sensitivity", "secret"],
            3,
            "unknown sensitivity",
        ),
        (vec!["profile", "rm", "email"], 4, "no value of email"),
        (
            vec!["brand", "add", "http://shop.example", "--name", "S"],
            3,
            "https origin",
        ),
        (
            vec!["brand", "show", "nobody.example"],
            4,
            "tessera brand add",
        ),
        (
            vec!["brand", "allow", "nobody.example", "email"],
            4,
            "unknown brand",
        ),
    ] {
        let out = env.run_unlocked(&args);
        assert_exit(&out, code, words);
    }
    assert_success(&env.run_unlocked(&["brand", "add", "shop.example", "--name", "Shop"]));
    let out = env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "email",
        "--form",
        "age_over_18",
    ]);
    assert_exit(&out, 3, "not offered");
    let out = env.run_unlocked(&[
        "brand",
        "allow",
        "shop.example",
        "email",
        "--until",
        "2001-01-01",
    ]);
    assert_exit(&out, 3, "in the past");
    let out = env.run_unlocked(&["brand", "add", "shop.example", "--name", "Again"]);
    assert_exit(&out, 3, "already exists");
    // A wrong passphrase gets in nowhere.
    let out = env.run_env(
        &["profile", "list"],
        &[("TESSERA_PASSPHRASE", "wrong passphrase")],
    );
    assert_exit(&out, 5, "wrong passphrase");
}

#[test]
fn profile_export_and_import_vcard_and_jscontact() {
    let env = Env::vault_set(&[
        &["given_name", "Ada"],
        &["email", "ada@home.example", "--label", "home"],
        &["shoe_size", "EU 38"],
    ]);
    for format in ["vcard", "jscontact"] {
        let out_file = env.tmp.path().join(format!("me.{format}"));
        let out = env.run_unlocked(&[
            "profile",
            "export",
            "--format",
            format,
            "--out",
            out_file.to_str().unwrap(),
        ]);
        assert_success(&out);
        assert!(stderr(&out).contains("NOT encrypted"), "{}", stderr(&out));
        let text = std::fs::read_to_string(&out_file).unwrap();
        assert!(text.contains("ada@home.example"));

        // Into a second vault: dry run shows, changes nothing; --yes applies.
        let other = Env::with_vault();
        let out = other.profile_import(&out_file, &["--dry-run", "--json"]);
        assert_success(&out);
        assert_eq!(json(&out)["plan"]["adds"], 3, "{format}");
        assert!(
            stderr(&out).contains("add      email [home]: ada@home.example"),
            "{}",
            stderr(&out)
        );
        let out = other.run_unlocked(&["--json", "profile", "list"]);
        assert_eq!(
            json(&out).as_array().unwrap().len(),
            0,
            "dry run wrote nothing"
        );
        let out = other.profile_import(&out_file, &[]);
        assert_exit(&out, 4, "--yes");
        let out = other.profile_import(&out_file, &["--yes", "--json"]);
        assert_success(&out);
        assert_eq!(json(&out)["applied"], 3);
        let out = other.run_unlocked(&["--json", "profile", "get", "email"]);
        assert!(
            json(&out)[0]["provenance"]
                .as_str()
                .unwrap()
                .starts_with("imported from me.")
        );
    }
    // Stdout export warns on stderr and prints one card.
    let out = env.run_unlocked(&["profile", "export", "--format", "vcard"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("BEGIN:VCARD\r\n"));
    assert!(stderr(&out).contains("NOT encrypted"));
}

#[test]
fn profile_import_skips_what_it_cannot_use_and_a_broken_file_changes_nothing() {
    let env = Env::with_vault();
    assert_success(&env.run_unlocked(&["profile", "set", "email", "keep@home.example"]));
    let cut = env.file(
        "cut.vcf",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:new@home.example\r\nBDAY:1990-13-01\r\n",
    );
    let out = env.profile_import(&cut, &["--yes"]);
    assert_exit(
        &out,
        3,
        "line 1: the card that starts here has no END:VCARD",
    );
    let out = env.run_unlocked(&["--json", "profile", "get", "email"]);
    assert_eq!(json(&out)[0]["value"], "keep@home.example");

    // One bad value is listed with its line; the rest imports.
    let bad = env.file(
        "bad.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nTEL;TYPE=CELL:(617) 236-0442\r\nBDAY:1990-13-01\r\nPHOTO;VALUE=uri:https://x.example/j.jpg\r\nEND:VCARD\r\n",
    );
    let out = env.profile_import(&bad, &["--yes"]);
    assert_success(&out);
    let err = stderr(&out);
    for expected in [
        "skipped  line 4 phone_number: \"(617) 236-0442\" is not a phone number",
        "(--region COUNTRY, e.g. --region US)",
        "skipped  line 5 birthdate: \"1990-13-01\" is not a date",
        "skipped  line 6 PHOTO: photos, logos, sounds and keys are not kept",
        "1 to add, 0 to replace, 0 unchanged, 3 skipped",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // The region given once for the import reads the national number.
    let out = env.profile_import(&bad, &["--region", "US", "--yes", "--json"]);
    assert_success(&out);
    assert_eq!(json(&out)["applied"], 1);
    let out = env.run_unlocked(&["--json", "profile", "get", "phone_number"]);
    assert_eq!(json(&out)[0]["value"], "+16172360442");
    assert_exit(
        &env.profile_import(&bad, &["--region", "XX"]),
        3,
        "\"XX\" is not a country code for phone numbers",
    );

    let missing = env.tmp.path().join("nope.vcf");
    assert_exit(&env.profile_import(&missing, &[]), 4, "cannot read");
    assert_exit(
        &env.run_unlocked(&["profile", "export", "--format", "csv"]),
        2,
        "invalid value",
    );
}

#[test]
fn profile_import_of_an_address_book_asks_which_card_is_yours() {
    let env = Env::with_vault();
    let book = env.file(
        "book.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Example\nEMAIL:ann@x.example\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nN:Example;Bob\nTEL;CELL:+44 20 7946 0018\nNOTE;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9 =\nregular\nEND:VCARD\n",
    );
    let out = env.profile_import(&book, &["--yes"]);
    assert_exit(&out, 4, "choose which card is yours with --card N (1 to 2)");
    let err = stderr(&out);
    assert!(err.contains("1  Ann Example (ann@x.example)"), "{err}");
    assert!(err.contains("2  Bob Example (+44 20 7946 0018)"), "{err}");
    let out = env.profile_import(&book, &["--card", "2", "--yes"]);
    assert_success(&out);
    assert!(
        stderr(&out).contains("1 notes value(s) not imported: add --include notes"),
        "{}",
        stderr(&out)
    );
    let out = env.profile_import(&book, &["--card", "2", "--include", "notes", "--yes"]);
    assert_success(&out);
    let out = env.run_unlocked(&["--json", "profile", "list"]);
    let values: Vec<(String, String)> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["field"]["name"].as_str().unwrap().to_owned(),
                v["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        values.contains(&("notes".into(), "Café regular".into())),
        "{values:?}"
    );
    assert!(
        values.contains(&("given_name".into(), "Bob".into())),
        "{values:?}"
    );
    assert!(
        !values.iter().any(|(_, v)| v.contains("ann@")),
        "{values:?}"
    );
    assert_exit(
        &env.profile_import(&book, &["--card", "3"]),
        3,
        "there is no card 3",
    );
}
