//! Real contact files from other projects' test suites (`../shared/corpus/contacts`, see its
//! README): every file that is a contact card imports, none panics, nothing is lost between
//! the preview and the stored profile, and every line of a vCard is either imported or listed
//! as skipped. The folder is found as `shared/corpus/contacts` beside the checkout or any
//! folder above it; `TESSERA_CONTACT_CORPUS` names another. Skipped, with a message, when absent.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use tessera_profile::interchange::{self, Action, ImportOptions, OptIn};
use tessera_profile::store;
use tessera_test_support::clear;

const TODAY: Date = Date::constant(2026, 12, 1);

fn corpus() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("TESSERA_CONTACT_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    // `../shared/corpus/contacts` beside the checkout, wherever the checkout is.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus/contacts"))
        .find(|d| d.is_dir())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("vcf" | "vcard" | "json")
            ) && path.file_name().is_some_and(|n| n != "manifest.json")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Structural lines and record-keeping (which program wrote the card, its id, when it
/// changed) that are neither the person's values nor listed.
const NOT_LISTED: &[&str] = &[
    "VERSION",
    "KIND",
    "X-ABLABEL",
    "PRODID",
    "UID",
    "REV",
    "CLIENTPIDMAP",
];

#[derive(Default, Debug)]
struct Counts {
    files: usize,
    refused: Vec<(String, String)>,
    cards: usize,
    stored: usize,
    skipped: usize,
}

#[test]
fn every_real_contact_file_imports_without_loss() {
    let Some(dir) = corpus() else {
        eprintln!(
            "skipped: no contact corpus at ../shared/corpus/contacts (set TESSERA_CONTACT_CORPUS)"
        );
        return;
    };
    let (_tmp, mut vault) = tessera_test_support::vault();
    let everything = ImportOptions {
        include: [OptIn::Notes, OptIn::Categories].into(),
        ..ImportOptions::default()
    };
    let mut counts = Counts::default();
    let mut failures: Vec<String> = Vec::new();
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for path in files(&dir) {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        counts.files += 1;
        let first = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            interchange::plan_import(&vault, &name, &bytes, &everything, TODAY)
        }));
        let first = match first {
            Err(_) => {
                failures.push(format!("{name}: panicked"));
                continue;
            }
            Ok(Err(e)) => {
                counts.refused.push((name, e.to_string()));
                continue;
            }
            Ok(Ok(plan)) => plan,
        };
        let lines = interchange::vcard_content_lines(&bytes).unwrap_or_default();
        let (format, parsed) = interchange::parse(&bytes).unwrap();
        let mut accounted: std::collections::BTreeSet<usize> = Default::default();
        for card in 1..=first.cards.len() {
            let options = ImportOptions {
                card: Some(card),
                ..everything.clone()
            };
            let plan =
                interchange::plan_parsed(&vault, &name, format, &parsed, &options, TODAY).unwrap();
            counts.cards += 1;
            counts.skipped += plan.skipped.len();
            for s in &plan.skipped {
                let reason: String = s.reason.chars().take(70).collect();
                *reasons
                    .entry(format!("{} | {reason}", s.item))
                    .or_insert(0usize) += 1;
            }
            let origins = plan
                .changes
                .iter()
                .map(|c| &c.origin)
                .chain(plan.skipped.iter().map(|s| &s.origin));
            for origin in origins {
                if let Some(n) = origin.strip_prefix("line ").and_then(|n| n.parse().ok()) {
                    accounted.insert(n);
                }
            }
            if plan.changes.is_empty() {
                continue;
            }
            let written = interchange::apply_import(&mut vault, &plan, TODAY)
                .unwrap_or_else(|e| panic!("{name} card {card}: planned but not applied: {e}"));
            let mut planned: Vec<(String, Option<String>, String)> = plan
                .changes
                .iter()
                .inspect(|c| assert_eq!(c.action, Action::Add, "{name}: empty vault"))
                .map(|c| (c.field.clone(), c.label.clone(), c.value.clone()))
                .collect();
            let mut stored: Vec<(String, Option<String>, String)> = store::list_values(&vault)
                .unwrap()
                .into_iter()
                .map(|v| (v.field, v.label, v.value.display()))
                .collect();
            planned.sort();
            stored.sort();
            if planned != stored || written != planned.len() {
                failures.push(format!(
                    "{name} card {card}: previewed {planned:?}\nstored {stored:?}"
                ));
            }
            counts.stored += stored.len();
            clear(&mut vault);
        }
        // Every line of every card is imported or listed as skipped.
        for (number, property) in &lines {
            if !accounted.contains(number) && !NOT_LISTED.contains(&property.as_str()) {
                failures.push(format!(
                    "{name}: line {number} ({property}) is neither imported nor listed as skipped"
                ));
            }
        }
    }
    eprintln!(
        "contact corpus: {} files, {} refused, {} cards imported, {} values stored, {} items skipped",
        counts.files,
        counts.refused.len(),
        counts.cards,
        counts.stored,
        counts.skipped
    );
    for (name, why) in &counts.refused {
        eprintln!("  refused {name}: {why}");
    }
    if std::env::var_os("TESSERA_CORPUS_REPORT").is_some() {
        let mut by_count: Vec<_> = reasons.into_iter().collect();
        by_count.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        for (reason, n) in by_count {
            eprintln!("  {n:>5}  {reason}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // A refused file is one that holds no card or is broken; nothing else is refused.
    for (name, why) in &counts.refused {
        assert!(
            [
                "no BEGIN:VCARD",
                "no JSContact Card",
                "not valid JSON",
                "has no END:VCARD",
                "neither a vCard",
            ]
            .iter()
            .any(|r| why.contains(r)),
            "{name} refused for another reason: {why}"
        );
    }
}
