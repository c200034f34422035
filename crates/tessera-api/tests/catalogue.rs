//! The catalogue of words (`locales/<locale>/*.ftl`) against the code that reads it, Rust and
//! webview together (the webview's own checks: `ui/src/lib/catalogue.test.ts`):
//! - every locale's files parse, no id is defined twice, other locales define only the
//!   reference's ids with the same variables;
//! - every `text!("id", ...)` in Rust names an existing message and gives exactly its
//!   variables; every id computed for a family of codes (forms, ledger events, fields...)
//!   exists; every `text_id` of `shortcuts.json` exists;
//! - every message of the reference is used by Rust or by the webview (`t("id")`);
//! - the Rust of the core and of both faces keeps no words of its own: a string literal a
//!   person would read is a message, or is marked `// not words: <why>`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;
use regex::Regex;
use tessera_api::LockReason;
use tessera_api::exchange::GrantState;
use tessera_api::profile::{ImportAction, RuleState};
use tessera_exchange::ledger::LedgerEvent;
use tessera_exchange::person::RequestStatus;
use tessera_profile::catalogue::{self, Category, SpecialCategory};
use tessera_profile::forms::FormKind;
use tessera_profile::interchange::{Format, OptIn};
use tessera_text::{Catalogue, REFERENCE_LOCALE};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each message's (or term's) variables, by id, for one locale; and what was wrong.
fn definitions(locale: &str) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let mut ids = BTreeMap::new();
    let mut problems = Vec::new();
    for (_, file, text) in tessera_text::files()
        .iter()
        .filter(|(l, _, _)| *l == locale)
    {
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, errors)) => {
                problems.extend(errors.iter().map(|e| format!("{locale}/{file}: {e:?}")));
                r
            }
        };
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value, m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                ast::Entry::Junk { content } => {
                    problems.push(format!("{locale}/{file}: cannot parse {content:?}"));
                    continue;
                }
                _ => continue,
            };
            let mut variables = BTreeSet::new();
            value
                .iter()
                .for_each(|p| pattern_variables(p, &mut variables));
            attributes
                .iter()
                .for_each(|a| pattern_variables(&a.value, &mut variables));
            if ids.insert(id.clone(), variables).is_some() {
                problems.push(format!("{locale}/{file}: {id} is defined twice"));
            }
        }
    }
    (ids, problems)
}

fn pattern_variables(pattern: &ast::Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            variants
                .iter()
                .for_each(|v| pattern_variables(&v.value, into));
        }
        ast::Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            arguments
                .positional
                .iter()
                .for_each(|a| inline_variables(a, into));
            arguments
                .named
                .iter()
                .for_each(|a| inline_variables(&a.value, into));
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

fn files_under(dir: &Path, extensions: &[&str], into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | "bindings" | "dist"
            ) {
                files_under(&path, extensions, into);
            }
        } else if extensions.iter().any(|e| name.ends_with(e)) && !name.contains(".test.") {
            into.push(path);
        }
    }
}

/// The Rust files under `dirs` (relative to the top): (path as shown, source).
fn rust_sources(dirs: &[&str]) -> Vec<(String, String)> {
    let mut sources = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        files_under(&root().join(dir), &[".rs"], &mut files);
        assert!(!files.is_empty(), "no Rust files under {dir}");
        for path in files {
            let source = std::fs::read_to_string(&path).unwrap();
            let shown = path.strip_prefix(root()).unwrap_or(&path).display();
            sources.push((shown.to_string(), source));
        }
    }
    sources
}

/// Every `text!(...)` in the Rust sources: (where, id, the variables given).
fn rust_uses() -> Vec<(String, String, BTreeSet<String>)> {
    let mut uses = Vec::new();
    // Not this file, which names the macro in its own code.
    let sources = rust_sources(&["crates", "src-tauri/src"])
        .into_iter()
        .filter(|(shown, _)| !shown.ends_with("tessera-api/tests/catalogue.rs"));
    for (shown, source) in sources {
        let mut rest = source.as_str();
        while let Some(at) = rest.find("text!(") {
            let call = &rest[at + "text!(".len()..];
            let before = source[..source.len() - rest.len() + at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                rest = call; // `generate_context!(`, not this macro
                continue;
            }
            // The macro's arguments up to its closing parenthesis, split at top-level commas.
            let (mut depth, mut end, mut parts, mut start) = (0i32, call.len(), Vec::new(), 0);
            let mut in_string = false;
            let bytes = call.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if in_string => i += 1,
                    b'"' => in_string = !in_string,
                    b'(' | b'[' | b'{' if !in_string => depth += 1,
                    b')' | b']' | b'}' if !in_string && depth == 0 => {
                        end = i;
                        break;
                    }
                    b')' | b']' | b'}' if !in_string => depth -= 1,
                    b',' if !in_string && depth == 0 => {
                        parts.push(&call[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            parts.push(&call[start..end]);
            let line = source[..source.len() - rest.len() + at].lines().count();
            let id = parts[0].trim();
            if let Some(id) = id.strip_prefix('"').and_then(|i| i.strip_suffix('"')) {
                let given = parts[1..]
                    .iter()
                    .filter_map(|p| p.split_once('=').map(|(n, _)| n.trim().to_owned()))
                    .filter(|n| !n.is_empty())
                    .collect();
                uses.push((format!("{shown}:{line}"), id.to_owned(), given));
            } else if !id.starts_with('$') {
                uses.push((
                    format!("{shown}:{line}"),
                    format!("<not a literal: {id}>"),
                    BTreeSet::new(),
                ));
            }
            // On from just inside this call: another may be nested in its arguments.
            rest = call;
        }
    }
    uses
}

/// The ids Rust computes for its families of codes: the words for forms, categories, ledger
/// events..., fields and their values.
fn family_ids() -> Vec<String> {
    let mut ids = Vec::new();
    ids.extend(Category::ALL.iter().map(|c| c.text_id()));
    ids.extend(SpecialCategory::ALL.iter().map(|c| c.text_id()));
    ids.extend(FormKind::all().map(|f| f.text_id()));
    ids.extend(Format::ALL.iter().map(|f| f.text_id()));
    ids.extend(OptIn::ALL.iter().map(|o| o.text_id()));
    ids.extend(LedgerEvent::ALL.iter().map(|e| e.text_id()));
    ids.extend(RequestStatus::ALL.iter().map(|s| s.text_id()));
    ids.extend(GrantState::ALL.iter().map(|s| s.text_id()));
    ids.extend(RuleState::ALL.iter().map(|s| s.text_id()));
    ids.extend(ImportAction::ALL.iter().map(|a| a.text_id()));
    ids.extend(LockReason::ALL.iter().map(|r| r.text_id()));
    ids.extend(
        tessera_exchange::formats::Right::ALL
            .iter()
            .map(|r| r.text_id()),
    );
    ids.extend(
        tessera_exchange::letters::LetterState::ALL
            .iter()
            .map(|s| s.text_id()),
    );
    for a in tessera_profile::terms::Agreement::ALL {
        ids.push(a.text_id());
        ids.push(a.description_id());
    }
    for def in catalogue::CATALOGUE {
        ids.push(def.label_id());
        ids.push(def.description_id());
    }
    ids.extend(
        catalogue::all_choices()
            .into_iter()
            .map(catalogue::choice_label_id),
    );
    ids
}

/// The `text_id`s of `ui/src/lib/shortcuts.json` (sections and shortcuts).
fn shortcut_ids() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("ui/src/lib/shortcuts.json")).unwrap();
    Regex::new(r#""text_id":\s*"([^"]+)""#)
        .unwrap()
        .captures_iter(&text)
        .map(|c| c[1].to_owned())
        .collect()
}

/// Every `t("id"` in the webview's sources (its own check makes every `t` take a literal id).
fn webview_ids() -> BTreeSet<String> {
    let mut files = Vec::new();
    files_under(&root().join("ui/src"), &[".ts", ".svelte"], &mut files);
    let call = Regex::new(r#"\bt\(\s*"([^"]+)""#).unwrap();
    files
        .iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            call.captures_iter(&text)
                .map(|c| c[1].to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_locale_parses_and_matches_the_reference() {
    let (reference, problems) = definitions(REFERENCE_LOCALE);
    assert_eq!(problems, Vec::<String>::new());
    assert!(
        reference.len() > 100,
        "the reference has {} messages",
        reference.len()
    );
    for locale in tessera_text::locales() {
        assert_eq!(Catalogue::load(locale).problems, Vec::<String>::new());
        let (ids, problems) = definitions(locale);
        assert_eq!(problems, Vec::<String>::new());
        for (id, variables) in ids {
            assert_eq!(
                reference.get(&id),
                Some(&variables),
                "{locale}: {id} is not in {REFERENCE_LOCALE} with the variables {variables:?}"
            );
        }
    }
}

#[test]
fn every_message_rust_names_exists_with_the_variables_given() {
    let (reference, _) = definitions(REFERENCE_LOCALE);
    let mut problems = Vec::new();
    let uses = rust_uses();
    assert!(uses.len() > 10, "found {} uses of text!", uses.len());
    for (at, id, given) in uses {
        match reference.get(&id) {
            None => problems.push(format!("{at}: no message {id}")),
            Some(wanted) if *wanted != given => {
                problems.push(format!("{at}: {id} uses {wanted:?}, given {given:?}"));
            }
            _ => {}
        }
    }
    for id in family_ids().into_iter().chain(shortcut_ids()) {
        if !reference.contains_key(&id) {
            problems.push(format!(
                "no message {id} (a family of codes, or shortcuts.json)"
            ));
        }
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn every_message_is_used() {
    let (reference, _) = definitions(REFERENCE_LOCALE);
    let mut used: BTreeSet<String> = rust_uses().into_iter().map(|(_, id, _)| id).collect();
    used.extend(family_ids());
    used.extend(shortcut_ids());
    used.extend(webview_ids());
    let unused: Vec<&String> = reference.keys().filter(|id| !used.contains(*id)).collect();
    assert_eq!(
        unused,
        Vec::<&String>::new(),
        "messages nobody uses: remove them"
    );
}

/// The crates whose string literals a person may read: the core and both faces.
const CRATES_WITH_WORDS: [&str; 7] = [
    "crates/tessera-vault/src",
    "crates/tessera-profile/src",
    "crates/tessera-exchange/src",
    "crates/tessera-api/src",
    "crates/tessera-cli/src",
    "crates/tessera-text/src",
    "src-tauri/src",
];

/// The string literals of Rust source `text` (comments and byte strings skipped, which no
/// person reads): (byte offset, contents).
fn string_literals(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            // A char literal ('"', '\''); a lifetime ('a) has no closing quote here.
            b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'r' if (bytes.get(i + 1) == Some(&b'"') || bytes.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[start..].find(&close).map_or(text.len(), |e| start + e);
                if i == 0 || bytes[i - 1] != b'b' {
                    found.push((start, &text[start..end]));
                }
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if start < 2 || bytes[start - 2] != b'b' {
                    found.push((start, &text[start..i.min(text.len())]));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}

/// The lines (0-based) a `// not words: <why>` comment covers: its own and the next; placed
/// directly above an item or a statement, the whole of it (to the line that closes it).
fn lines_without_words(lines: &[&str]) -> BTreeSet<usize> {
    let mut covered = BTreeSet::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if !line.contains("// not words:") {
            continue;
        }
        covered.insert(at);
        covered.insert(at + 1);
        if !trimmed.starts_with("//") {
            continue;
        }
        let mut next = at + 1;
        while next < lines.len()
            && (lines[next].trim_start().starts_with("//")
                || lines[next].trim_start().starts_with("#["))
        {
            next += 1;
        }
        let Some(first) = lines.get(next) else {
            continue;
        };
        let indent = first.len() - first.trim_start().len();
        let mut end = next;
        if !first.trim_end().ends_with(';') {
            end += 1;
            while end < lines.len() {
                let l = lines[end];
                let closes = l.len() - l.trim_start().len() == indent
                    && l.trim_start().starts_with(['}', ']', ')']);
                if closes {
                    break;
                }
                end += 1;
            }
        }
        covered.extend(at..=end.min(lines.len().saturating_sub(1)));
    }
    covered
}

/// Where `source` holds words of its own outside tests: string literals with a word in them
/// and a space, except SQL, programmers' messages (panics, `expect`, asserts), attributes
/// (`#[serde]`, `#[doc]`, lint reasons) and lines a `// not words:` comment covers.
fn literals_with_words(source: &str) -> Vec<(usize, String)> {
    let tests = Regex::new(r"(?m)^#\[cfg\(test\)\]\s*\n(\s*#\[.*\]\s*\n)*\s*mod \w+ \{").unwrap();
    let source = tests.find(source).map_or(source, |m| &source[..m.start()]);
    let lines: Vec<&str> = source.lines().collect();
    let covered = lines_without_words(&lines);
    let word = Regex::new(r#"^[(`"']*[A-Za-z][a-z']+(\(s\))?[)`"',.:;!?]*$"#).unwrap();
    let placeholder = Regex::new(r"\{[^{}]*\}").unwrap();
    let sql = Regex::new(
        r"^\s*(SELECT|INSERT|CREATE|UPDATE|DELETE|PRAGMA|BEGIN|COMMIT|ALTER|WITH|DROP|SAVEPOINT|RELEASE|ROLLBACK|REPLACE|VACUUM|ATTACH)\b",
    )
    .unwrap();
    let programmers = Regex::new(
        r"(\.expect\(|panic!\(|unreachable!\(|assert(_eq|_ne)?!\(|todo!\(|unimplemented!\(|#!?\[(serde|doc|cfg|allow|expect|deprecated|ts)\b)",
    )
    .unwrap();
    let mut found = Vec::new();
    for (at, literal) in string_literals(source) {
        let line = source[..at].matches('\n').count();
        let words = placeholder
            .replace_all(literal, " ")
            .split_whitespace()
            .any(|w| word.is_match(w));
        if !words || !literal.trim().contains(char::is_whitespace) || sql.is_match(literal) {
            continue;
        }
        if covered.contains(&line) || line > 0 && covered.contains(&(line - 1)) {
            continue;
        }
        let before = &source[at.saturating_sub(300)..at];
        let statement = before.rsplit([';', '{', '}']).next().unwrap_or(before);
        if programmers.is_match(statement) {
            continue;
        }
        found.push((
            line + 1,
            lines.get(line).map_or("", |l| l.trim()).to_owned(),
        ));
    }
    found
}

/// Every word a person reads comes from the catalogue: Rust keeps none of its own.
#[test]
fn rust_keeps_no_words_of_its_own() {
    let mut found = Vec::new();
    for (shown, source) in rust_sources(&CRATES_WITH_WORDS) {
        for (line, text) in literals_with_words(&source) {
            found.push(format!("{shown}:{line}: {text}"));
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "words outside the catalogue: move each to locales/en (text!), or, for what is not \
         words a person reads (a format, an id, the docs), say why with `// not words: <why>`"
    );
}

#[test]
fn the_words_check_finds_words_and_only_words() {
    let source = r####"
fn f() -> String {
    let sql = "SELECT id FROM entry WHERE kind = ?1";
    let id = format!("{}:{}", a, b);
    let fine = "tessera-app: {}";
    x.expect("the key is 32 bytes long");
    let told = format!("cannot read {}", path);
    let raw = r#"a "quoted" word here"#;
    // not words: an id
    let marked = "grant one two";
    let c = '"';
    let after = "Imported {n} value(s).";
    let context = b"tessera v1 grant key";
    String::new()
}
#[cfg(test)]
mod tests {
    fn g() { let t = "words in a test"; }
}
"####;
    let found: Vec<usize> = literals_with_words(source)
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(found, [7, 8, 12]);
}
