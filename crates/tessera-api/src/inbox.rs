//! What the desktop hands the app to open: request and receipt files (double-clicked, dropped
//! on the window, given on the command line) and `tessera:` links, at the first launch or from
//! a later one. Each is read at once, so a broken file or link is refused there and then with
//! what is wrong; it is opened (imported) only while the vault is unlocked, so that nothing is
//! imported before the person can see it. While the vault is locked they wait here, in the
//! order they came, and the app opens them right after unlock.

use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;
use ts_rs::TS;

use crate::exchange::{Document, Opened, read_document};
use crate::{ApiError, Session};

/// The most documents that wait for an unlock; more are refused (a flood of links is not a
/// queue a person works through).
pub const MAX_WAITING: usize = 16;

/// What became of one file or link the desktop handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum Arrival {
    /// Opened: the request imported (its review to show) or the receipt recorded.
    Opened { source: String, opened: Opened },
    /// Waiting for the vault to be unlocked.
    Waiting { source: String },
    /// Refused, with what is wrong.
    Refused { source: String, error: ApiError },
}

/// What the desktop handed over, and how many documents now wait for an unlock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Arrivals {
    pub items: Vec<Arrival>,
    pub waiting: u32,
}

/// A document waiting for an unlock, with the name it is shown by.
#[derive(Debug)]
pub(crate) struct Waiting {
    source: String,
    document: Document,
}

/// How a file or link is named to the person: a file by its name, a link as a link (its
/// token is no name).
fn source_of(target: &str) -> String {
    if tessera_exchange::documents::is_link(target) {
        tessera_text::text!("api-source-link")
    } else {
        Path::new(target)
            .file_name()
            .map_or_else(|| target.to_owned(), |n| n.to_string_lossy().into_owned())
    }
}

impl Session {
    /// Takes the files and links the desktop handed over (`targets`; relative paths are
    /// relative to `cwd`, the launching program's folder): each is read, then opened if the
    /// vault is unlocked, else kept until [`Session::open_waiting`]. A changed brand key is
    /// never trusted this way.
    pub fn receive(&mut self, targets: &[String], cwd: &Path, now: Timestamp) -> Arrivals {
        let mut items = Vec::with_capacity(targets.len());
        for target in targets {
            let source = source_of(target);
            let resolved = if tessera_exchange::documents::is_link(target) {
                target.clone()
            } else {
                cwd.join(target).display().to_string()
            };
            let document = match read_document(&resolved) {
                Ok(document) => document,
                Err(error) => {
                    items.push(Arrival::Refused { source, error });
                    continue;
                }
            };
            items.push(if self.vault.is_some() {
                self.open_one(source, &document, now)
            } else if self.inbox.len() >= MAX_WAITING {
                Arrival::Refused {
                    source,
                    error: ApiError::invalid_input(tessera_text::text!(
                        "api-inbox-full",
                        count = MAX_WAITING
                    )),
                }
            } else {
                self.inbox.push(Waiting {
                    source: source.clone(),
                    document,
                });
                Arrival::Waiting { source }
            });
        }
        Arrivals {
            items,
            waiting: self.waiting(),
        }
    }

    /// Opens, in the order they came, the documents that waited for the vault to be
    /// unlocked (an error if it is still locked: they keep waiting).
    pub fn open_waiting(&mut self, now: Timestamp) -> Result<Arrivals, ApiError> {
        self.vault()?;
        let waiting = std::mem::take(&mut self.inbox);
        let items = waiting
            .into_iter()
            .map(|w| self.open_one(w.source, &w.document, now))
            .collect();
        Ok(Arrivals { items, waiting: 0 })
    }

    /// How many documents wait for the vault to be unlocked.
    pub fn waiting(&self) -> u32 {
        self.inbox.len().try_into().unwrap_or(u32::MAX)
    }

    fn open_one(&mut self, source: String, document: &Document, now: Timestamp) -> Arrival {
        match self.open_document(document, false, now) {
            Ok(opened) => Arrival::Opened { source, opened },
            Err(error) => Arrival::Refused { source, error },
        }
    }
}
