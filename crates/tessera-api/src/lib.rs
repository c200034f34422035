//! The API layer shared by the desktop app (through one-line Tauri commands), the CLI and the
//! tests. It owns the session (locked or unlocked vault, idle tracking) and the boundary types
//! that cross IPC or `--json`, whose TypeScript twins are generated into `ui/src/bindings/`
//! (`outcomes` holds the CLI's reports of a change, which have none).
//!
//! Time is passed in (`now: ContinuousInstant`, a clock that counts sleep) so idle locking is
//! tested without sleeping, across simulated suspends too.
#![forbid(unsafe_code)]

pub mod aliases;
pub mod auto_backup;
pub mod backup;
pub mod brand_kit;
mod clock;
pub mod demo;
pub mod desktop;
mod error;
pub mod exchange;
pub mod files;
pub mod hardening;
pub mod home;
pub mod inbox;
pub mod letters;
pub mod outcomes;
pub mod panic_hook;
pub mod profile;
pub mod reminders;
pub mod reply;
pub mod retention;
mod session;
pub mod startup;
pub mod terms;
mod types;

pub use clock::ContinuousInstant;
pub use error::{ApiError, ApiErrorCode};
pub use session::{
    AUTO_LOCK_CHOICES, DEFAULT_AUTO_LOCK_SECONDS, KdfChoice, MAX_AUTO_LOCK_SECONDS,
    MIN_AUTO_LOCK_SECONDS, RestorePolicy, Session, SessionOptions, estimate_strength,
};
pub use startup::{Locations, exit};
pub use types::*;
