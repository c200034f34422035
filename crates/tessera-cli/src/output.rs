//! The one way the CLI writes to stdout and stderr. Everything goes through here, for two
//! reasons:
//!
//! - Text for people carries untrusted pieces (brand names, token ids, claim names from a
//!   refused token, file contents in error messages). A control character in them could move
//!   the cursor, erase lines, fake output or set the terminal's title, and a bidi override could
//!   reorder what is shown. [`escape_controls`] turns every such character into a visible escape
//!   (`\u{1b}`), so text lines ([`outln!`], [`errln!`], [`errprompt!`]) are always inert, whatever
//!   they contain. JSON ([`print_json`]) stays valid JSON with the same characters escaped as
//!   `\u001b`; data (a profile export, [`print_data`]) is written as it is.
//! - A closed pipe (`tessera profile list | head -1`) must not panic, as `println!` would. The
//!   first failed write stops further output on that stream; [`finish`] turns it into the exit
//!   status ([`CLOSED_PIPE`] for a closed pipe, as a shell shows for a process ended by
//!   SIGPIPE), while the command itself runs to its end (the vault is locked and its keys wiped
//!   as usual).
//!
//! `print!`, `println!`, `eprint!` and `eprintln!` are refused by clippy in this crate
//! (`print_stdout`, `print_stderr` in `main.rs`), so no output can bypass this module.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, Write};
use std::sync::Mutex;

use serde::Serialize;

/// Exit status when stdout or stderr was a closed pipe: 128 + SIGPIPE (13), what a shell
/// reports for a program that SIGPIPE ended.
pub const CLOSED_PIPE: u8 = 141;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// What went wrong writing to each stream, if anything. Once a stream has failed, nothing more
/// is written to it.
#[derive(Default)]
struct Failures {
    out: Option<io::ErrorKind>,
    err: Option<io::ErrorKind>,
    first_message: Option<String>,
}

static FAILURES: Mutex<Failures> = Mutex::new(Failures {
    out: None,
    err: None,
    first_message: None,
});

fn failures() -> std::sync::MutexGuard<'static, Failures> {
    // Output state holds no invariant a panic could break.
    FAILURES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls and DEL (Unicode `Cc`),
/// and the invisible characters that reorder or break text (bidi embeddings, overrides,
/// isolates and marks; line and paragraph separators).
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every character of [`is_unsafe_for_terminal`] written as a visible escape:
/// `\n`, `\r`, `\t`, else `\u{hex}`. One output line stays one line.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_for_terminal(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn write_bytes(stream: Stream, bytes: &[u8]) {
    let mut state = failures();
    let failed = match stream {
        Stream::Out => state.out,
        Stream::Err => state.err,
    };
    if failed.is_some() {
        return;
    }
    let result = match stream {
        Stream::Out => {
            let mut out = io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        Stream::Err => io::stderr().lock().write_all(bytes),
    };
    if let Err(e) = result {
        match stream {
            Stream::Out => state.out = Some(e.kind()),
            Stream::Err => state.err = Some(e.kind()),
        }
        if e.kind() != io::ErrorKind::BrokenPipe && state.first_message.is_none() {
            state.first_message = Some(e.to_string());
        }
    }
}

/// Writes one line of text for people, escaped (see [`escape_controls`]).
pub fn line(stream: Stream, args: fmt::Arguments<'_>) {
    text(stream, args, true);
}

/// Writes text for people without a line end (a prompt), escaped.
pub fn text(stream: Stream, args: fmt::Arguments<'_>, newline: bool) {
    let formatted = fmt::format(args);
    let mut escaped = escape_controls(&formatted).into_owned();
    if newline {
        escaped.push('\n');
    }
    write_bytes(stream, escaped.as_bytes());
}

/// Writes data meant for files and programs (an export) to stdout, unchanged.
pub fn print_data(data: &str) {
    write_bytes(Stream::Out, data.as_bytes());
}

/// Prints one JSON document on stdout. Characters that JSON allows raw but terminals obey
/// (DEL, C1 controls, bidi controls) are written as `\uXXXX` escapes: the same JSON value,
/// inert on a terminal.
pub fn print_json(value: &impl Serialize) {
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, TerminalSafeFormatter::default());
    if value.serialize(&mut serializer).is_err() {
        // Boundary types always serialize; should one not, say so rather than print half.
        line(
            Stream::Err,
            // not words: the program's name, before the message
            format_args!("tessera: {}", tessera_text::text!("cli-json-unwritable")),
        );
        return;
    }
    bytes.push(b'\n');
    write_bytes(Stream::Out, &bytes);
}

/// How output ended: `None` when every write succeeded, else the exit status to use.
/// Flushes stdout first.
pub fn finish() -> Option<u8> {
    if failures().out.is_none()
        && let Err(e) = io::stdout().lock().flush()
    {
        let mut state = failures();
        state.out = Some(e.kind());
        if e.kind() != io::ErrorKind::BrokenPipe && state.first_message.is_none() {
            state.first_message = Some(e.to_string());
        }
    }
    let state = failures();
    if state.out.is_none() && state.err.is_none() {
        return None;
    }
    if let Some(message) = &state.first_message {
        let message = message.clone();
        drop(state);
        line(
            Stream::Err,
            // not words: the program's name, before the message
            format_args!(
                "tessera: {}",
                tessera_text::text!("cli-output-unwritable", reason = message)
            ),
        );
        return Some(crate::exit::IO);
    }
    Some(CLOSED_PIPE)
}

/// serde_json's pretty printer, with the characters of [`is_unsafe_for_terminal`] that JSON
/// would leave raw written as `\uXXXX`.
#[derive(Default)]
struct TerminalSafeFormatter {
    pretty: serde_json::ser::PrettyFormatter<'static>,
}

impl serde_json::ser::Formatter for TerminalSafeFormatter {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest
            .char_indices()
            .find(|&(_, c)| is_unsafe_for_terminal(c))
        {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }
    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }
    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

/// `println!` for people: one escaped line on stdout.
macro_rules! outln {
    () => {
        $crate::output::line($crate::output::Stream::Out, format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::output::line($crate::output::Stream::Out, format_args!($($arg)*))
    };
}

/// `eprintln!` for people: one escaped line on stderr.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::line($crate::output::Stream::Err, format_args!($($arg)*))
    };
}

/// `eprint!` for a prompt: escaped text on stderr, no line end.
macro_rules! errprompt {
    ($($arg:tt)*) => {
        $crate::output::text($crate::output::Stream::Err, format_args!($($arg)*), false)
    };
}

pub(crate) use {errln, errprompt, outln};

/// The lines of a table for people: each column as wide as its widest cell as a terminal shows
/// it (wide and combining characters counted so), two spaces apart; the last column is not
/// padded. Cells are escaped as [`outln!`] escapes them before they are measured.
pub fn table_lines(rows: &[Vec<String>]) -> Vec<String> {
    use unicode_width::UnicodeWidthStr as _;
    let rows: Vec<Vec<Cow<'_, str>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| escape_controls(c)).collect())
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i].saturating_sub(cell.width()) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line
        })
        .collect()
}

/// Prints a table of [`table_lines`] to stdout.
pub fn print_table(rows: &[Vec<String>]) {
    for line in table_lines(rows) {
        outln!("{line}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn table_columns_fit_their_widest_cell_as_a_terminal_shows_it() {
        let rows = vec![
            vec![
                "birthdate".to_owned(),
                "age_over_18".to_owned(),
                "Books".to_owned(),
            ],
            vec!["email".to_owned(), "raw".to_owned(), "書店".to_owned()],
            vec!["名前".to_owned(), "raw".to_owned(), "x".to_owned()],
            vec!["bad\u{1b}[2J".to_owned(), "raw".to_owned(), "y".to_owned()],
        ];
        let lines = super::table_lines(&rows);
        assert_eq!(
            lines,
            [
                "birthdate     age_over_18  Books",
                "email         raw          書店",
                "名前          raw          x",
                "bad\\u{1b}[2J  raw          y",
            ]
        );
        assert!(super::table_lines(&[]).is_empty());
    }

    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(
            escape_controls("plain text, é ü 你好"),
            "plain text, é ü 你好"
        );
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}]0;owned\u{7}b\r\nc\td\u{7f}e\u{9b}2Jf\u{202e}g"),
            "a\\u{1b}]0;owned\\u{7}b\\r\\nc\\td\\u{7f}e\\u{9b}2Jf\\u{202e}g"
        );
    }

    #[test]
    fn json_escapes_what_terminals_obey_and_stays_the_same_value() {
        let value = serde_json::json!({
            "name": "Evil\u{1b}[2J\u{9b}2J\u{7f}\u{202e}Corp",
            "\u{1b}key": ["é", "\u{2066}x"]
        });
        let mut bytes = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut bytes, TerminalSafeFormatter::default());
        value.serialize(&mut serializer).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'),
            "{text}"
        );
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
        assert!(text.contains("\n  \""), "still pretty-printed: {text}");
    }
}
