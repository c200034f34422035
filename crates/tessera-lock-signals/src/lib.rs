//! Signals from the operating system that mean "lock the vault now": the computer is about to
//! sleep, or the person's session locked its screen.
//!
//! On Linux they come from logind (systemd's login manager) over the system bus; see
//! [`LogindWatch`]. Other platforms have no watcher yet: there the idle lock, on a clock that
//! counts sleep (`tessera_api::ContinuousInstant`), is what locks a vault left open.
//!
//! This crate knows nothing of Tauri or of the session: the desktop app hands it a callback that
//! locks the vault and tells the window, the same way the idle lock does.
#![forbid(unsafe_code)]

#[cfg(target_os = "linux")]
mod logind;

#[cfg(target_os = "linux")]
pub use logind::{BUS_ADDRESS_ENV, LockSignal, LogindBus, LogindWatch, WatchError};
