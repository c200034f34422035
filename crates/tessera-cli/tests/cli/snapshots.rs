//! `snapshot_*`: the CLI's text output and `--help`, pinned as transcripts in `snapshots/`.
//!
//! Each transcript is a sequence of commands, as a person types them, with what each printed:
//! standard output as it is, standard error with `2> ` before each line, and `[exit N]` when the
//! command failed. What changes from run to run is masked before the comparison: the temporary
//! folder (`[TMP]`), tokens (`[JWT]`), grant ids (`[UUID]`), times (`[TIME]`), today's date
//! (`[TODAY]`), seconds since 1970 (`[SECONDS]`), token hashes (`[HASH]`), the vault id
//! (`[VAULT_ID]`), and the fingerprints of the keys made during the run (`[KIT_FINGERPRINT]`,
//! `[PERSON_FINGERPRINT]`). The brand that signs the requests has a fixed key, so its
//! fingerprint is pinned as it is; the KDF parameters are fixed at the floor.
//!
//! `SNAPSHOTS=overwrite cargo test -p tessera-cli --test cli snapshot` rewrites the transcripts
//! after a deliberate change of wording; review the diff before committing it.

use super::*;

/// Commands and what they printed, masked.
struct Transcript<'e> {
    env: &'e Env,
    text: String,
    /// Literal values to mask, with their placeholders, found while the transcript runs.
    literals: Vec<(String, &'static str)>,
}

impl<'e> Transcript<'e> {
    fn new(env: &'e Env, title: &str) -> Self {
        let text = format!(
            "# {title}\n# Each command runs as `tessera --vault [TMP]/vault ...` with TESSERA_PASSPHRASE set.\n# Rewritten by `SNAPSHOTS=overwrite cargo test -p tessera-cli --test cli snapshot`.\n"
        );
        Transcript {
            env,
            text,
            literals: vec![(env.tmp.path().display().to_string(), "[TMP]")],
        }
    }

    /// Runs `tessera ARGS` unlocked and records it; returns its output for further checks.
    fn run(&mut self, args: &[&str]) -> Output {
        let out = self.env.run_unlocked(args);
        self.record(args, &out);
        out
    }

    /// Runs with `env` added to the environment (and no passphrase unless it names one).
    fn run_with(&mut self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let out = self.env.run_env(args, env);
        self.record(args, &out);
        out
    }

    /// Runs without a passphrase in the environment.
    fn run_locked(&mut self, args: &[&str]) -> Output {
        let out = self.env.run(args);
        self.record(args, &out);
        out
    }

    fn record(&mut self, args: &[&str], out: &Output) {
        use std::fmt::Write as _;
        let line = args
            .iter()
            .map(|a| {
                if a.is_empty() || a.contains([' ', '"', '\'']) {
                    format!("{a:?}")
                } else {
                    (*a).to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(self.text, "\n$ tessera {line}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        self.text.push_str(&stdout);
        if !stdout.is_empty() && !stdout.ends_with('\n') {
            self.text.push_str("[no newline at the end]\n");
        }
        for l in String::from_utf8_lossy(&out.stderr).lines() {
            let _ = writeln!(self.text, "2> {l}");
        }
        match out.status.code() {
            Some(0) => {}
            Some(code) => {
                let _ = writeln!(self.text, "[exit {code}]");
            }
            None => self.text.push_str("[killed by a signal]\n"),
        }
    }

    /// Masks `value` as `placeholder` wherever it appears.
    fn mask(&mut self, value: &str, placeholder: &'static str) {
        self.literals.push((value.to_owned(), placeholder));
    }

    fn masked(&self) -> String {
        let mut text = self.text.clone();
        for (value, placeholder) in &self.literals {
            text = text.replace(value.as_str(), placeholder);
        }
        let today = jiff::ZonedDateTime::now().date().to_string();
        let patterns = [
            (
                r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*",
                "[JWT]",
            ),
            (
                r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                "[UUID]",
            ),
            (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", "[TIME]"),
            (r"(Vault id: +)[0-9a-f]{32}", "${1}[VAULT_ID]"),
            (r#""hash": "[A-Za-z0-9_-]+""#, r#""hash": "[HASH]""#),
            // Seconds since 1970 (the brand kit prints `iat` and `exp` as they are).
            (r"\b1[0-9]{9}\b", "[SECONDS]"),
        ];
        for (pattern, placeholder) in patterns {
            text = regex::Regex::new(pattern)
                .unwrap()
                .replace_all(&text, placeholder)
                .into_owned();
        }
        text.replace(&today, "[TODAY]")
    }

    /// Compares with `snapshots/NAME.txt` (or rewrites it under `SNAPSHOTS=overwrite`).
    #[track_caller]
    fn check(&self, expected: snapbox::Data) {
        snapbox::assert_data_eq!(self.masked(), expected);
    }
}

#[test]
fn snapshot_help_of_every_command_group() {
    let env = Env::new();
    let mut t = Transcript::new(&env, "`--help` of the command and of each of its commands");
    t.run_locked(&["--help"]);
    for command in [
        "init",
        "status",
        "profile",
        "brand",
        "request",
        "grant",
        "receipt",
        "ledger",
        "brand-kit",
        "passwd",
    ] {
        let out = t.run_locked(&[command, "--help"]);
        assert_success(&out);
    }
    t.check(snapbox::file!["snapshots/help.txt"]);
}

/// A vCard with values to add, one unchanged, one to replace, and two that are skipped.
const VCARD: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n\
EMAIL;TYPE=home:ada@home.example\r\nEMAIL;TYPE=work:ada@new-work.example\r\nBDAY:19900423\r\n\
PHOTO:data:image/png;base64,AAAA\r\nNOTE:met at the conference\r\nEND:VCARD\r\n";

/// The main flows on one vault, in the order a person meets them: creating and opening the
/// vault, the profile, brands and rules, then requests, grants and the ledger.
#[test]
fn snapshot_text_of_the_main_flows() {
    let env = Env::new();

    let mut t = Transcript::new(&env, "Creating and opening the vault, and the profile");
    assert_success(&t.run(&["init", "--kdf-memory-mib", "19", "--kdf-iterations", "2"]));
    t.run(&["status"]);
    t.run_locked(&["profile", "list"]);
    t.run_with(
        &["profile", "list"],
        &[("TESSERA_PASSPHRASE", "not the passphrase")],
    );
    for args in [
        &["profile", "set", "email", "ada@home.example"][..],
        &[
            "profile",
            "set",
            "email",
            "ada@work.example",
            "--label",
            "work",
        ],
        &["profile", "set", "birthdate", "1990-04-23"],
        &["profile", "set", "allergies", "peanuts"],
        &["profile", "set", "shoe_size", "EU 38"],
    ] {
        assert_success(&t.run(args));
    }
    t.run(&["profile", "set", "birthdate", "23 April"]);
    t.run(&["profile", "list"]);
    t.run(&["profile", "get", "email"]);
    t.run(&["profile", "get", "allergies"]);
    let card = env.file("ada.vcf", VCARD);
    t.run(&["profile", "import", path_str(&card), "--dry-run"]);
    t.run(&["profile", "import", path_str(&card)]);
    t.run(&["status"]);
    t.check(snapbox::file!["snapshots/profile.txt"]);

    let mut t = Transcript::new(&env, "Brands and what each may see");
    assert_success(&t.run(&["brand", "add", "books.example", "--name", "Books"]));
    t.run(&["brand", "add", "books.example", "--name", "Books again"]);
    assert_success(&t.run(&["brand", "allow", "books.example", "email"]));
    t.run(&[
        "brand",
        "allow",
        "books.example",
        "birthdate",
        "--form",
        "age_over_18",
    ]);
    t.run(&["brand", "allow", "books.example", "allergies"]);
    t.run(&["brand", "list"]);
    t.run(&["brand", "show", "books.example"]);
    t.run(&["profile", "who", "email"]);
    t.check(snapbox::file!["snapshots/brands.txt"]);

    let mut t = Transcript::new(&env, "Requests, grants and the ledger");
    let request = env.file("request.jwt", &signed_request(&request_claims("req-cli-1")));
    let second = env.file("second.jwt", &signed_request(&request_claims("req-cli-2")));
    assert_success(&t.run(&["request", "import", path_str(&request)]));
    t.run(&["request", "import", path_str(&request)]);
    t.run(&["request", "show", "req-cli-1"]);
    let grant = env.tmp.path().join("grant.jwt");
    let approve = [
        "request",
        "approve",
        "req-cli-1",
        "--field",
        "email",
        "--field",
        "birthdate",
        "--out",
        path_str(&grant),
    ];
    t.run(&[&approve[..], &["--field", "allergies"]].concat());
    assert_success(&t.run(&approve));
    t.run(&["request", "import", path_str(&second)]);
    t.run(&["request", "show", "req-cli-2", "--diff"]);
    assert_success(&t.run(&["request", "deny", "req-cli-2"]));
    // The shop asks again, for more: compared with req-cli-1, the one answered with a grant.
    let mut more = request_claims("req-cli-3");
    more["fields"][1]["form"] = "raw".into();
    more["fields"][2] =
        serde_json::json!({"name": "phone_number", "required": true, "purposes": ["orders"]});
    more["purposes"][0]["retention_days"] = 730.into();
    more["purposes"][0]["third_parties"] = true.into();
    more.as_object_mut().unwrap().remove("offer");
    more["never"] = serde_json::json!([]);
    let third = env.file("third.jwt", &signed_request(&more));
    assert_success(&t.run(&["request", "import", path_str(&third)]));
    t.run(&["request", "show", "req-cli-3", "--diff"]);
    t.run(&["request", "show", "req-cli-1", "--diff"]);
    assert_success(&t.run(&["request", "deny", "req-cli-3"]));
    t.run(&["request", "list"]);
    t.run(&["grant", "list"]);
    let grant_id = env.first_grant_id();
    t.run(&["grant", "show", &grant_id]);
    let revocation = env.tmp.path().join("revocation.jwt");
    assert_success(&t.run(&["grant", "revoke", &grant_id, "--out", path_str(&revocation)]));
    t.run(&["grant", "list"]);
    t.run(&["ledger", "list"]);
    assert_success(&t.run(&["ledger", "verify"]));
    t.check(snapbox::file!["snapshots/exchange.txt"]);

    let mut t = Transcript::new(&env, "The brand kit");
    let key = env.tmp.path().join("kit.jwk");
    let out = t.run_locked(&["brand-kit", "keygen", "--out", path_str(&key)]);
    let fingerprint = stderr(&out)
        .rsplit("Fingerprint: ")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    t.mask(&fingerprint, "[KIT_FINGERPRINT]");
    let spec = env.file("spec.json", &SPEC.replace("req-cli-1", "req-kit-1"));
    let kit_request = env.tmp.path().join("kit-request.jwt");
    t.run_locked(&sign_request_args(&key, &spec, &kit_request));
    let out = env.run(&kit_check_args("verify", &grant));
    t.mask(json(&out)["iss"].as_str().unwrap(), "[PERSON_FINGERPRINT]");
    t.run_locked(&kit_check_args("verify", &grant));
    t.run_locked(&kit_check_args("verify-revocation", &revocation));
    t.check(snapbox::file!["snapshots/brand-kit.txt"]);
}
