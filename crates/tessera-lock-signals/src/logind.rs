//! logind on the system bus: `PrepareForSleep` on the manager, and `Lock` and the `LockedHint`
//! property on the person's session.
//!
//! Desktops differ in how a screen lock reaches logind: `loginctl lock-session` (and desktops
//! that lock on it) make logind emit the session's `Lock` signal, while GNOME and KDE lock the
//! screen themselves and then set `LockedHint`. Either locks the vault.
//!
//! Sleep is watched with a "delay" inhibitor, as logind's documentation asks of programs that
//! must act before the computer sleeps: logind waits (up to its `InhibitDelayMaxSec`, 5 seconds
//! by default) until the inhibitor is released, which happens only after the callback has
//! locked the vault, so the keys are wiped before memory is frozen, not after the resume.

use std::collections::HashMap;

use futures_util::stream::{BoxStream, SelectAll, StreamExt, select_all};
use zbus::fdo::{DBusProxy, PropertiesProxy};
use zbus::names::BusName;
use zbus::proxy::CacheProperties;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, Value};
use zbus::{Connection, proxy};

/// Test hook: a D-Bus address to use instead of the system bus, so tests can run a private
/// `dbus-daemon` with a pretend logind. Never set it for real use.
pub const BUS_ADDRESS_ENV: &str = "TESSERA_LOGIND_BUS_ADDRESS";

const LOGIND: &str = "org.freedesktop.login1";
const SESSION_INTERFACE: &str = "org.freedesktop.login1.Session";
/// logind's alias for "the caller's session, else the user's display session".
const AUTO_SESSION_PATH: &str = "/org/freedesktop/login1/session/auto";

#[proxy(
    interface = "org.freedesktop.login1.Manager",
    default_service = "org.freedesktop.login1",
    default_path = "/org/freedesktop/login1"
)]
trait Manager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, pid: u32) -> zbus::Result<OwnedObjectPath>;

    fn get_session(&self, session_id: &str) -> zbus::Result<OwnedObjectPath>;

    fn inhibit(&self, what: &str, who: &str, why: &str, mode: &str) -> zbus::Result<OwnedFd>;

    #[zbus(signal)]
    fn prepare_for_sleep(&self, start: bool) -> zbus::Result<()>;
}

#[proxy(
    interface = "org.freedesktop.login1.Session",
    default_service = "org.freedesktop.login1"
)]
trait LoginSession {
    #[zbus(signal)]
    fn lock(&self) -> zbus::Result<()>;

    #[zbus(property)]
    fn id(&self) -> zbus::Result<String>;
}

/// Why the operating system wants the vault locked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockSignal {
    /// The computer is about to suspend or hibernate.
    Sleep,
    /// The person's session locked its screen.
    ScreenLock,
}

/// Which bus logind is reached on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogindBus {
    System,
    /// A private bus (tests).
    Address(String),
}

impl LogindBus {
    /// The system bus, unless the [`BUS_ADDRESS_ENV`] test hook names another.
    pub fn from_env() -> Self {
        match std::env::var(BUS_ADDRESS_ENV) {
            Ok(address) if !address.is_empty() => LogindBus::Address(address),
            _ => LogindBus::System,
        }
    }
}

/// Why the signals cannot be watched. The messages name no person, path or user.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    #[error("cannot connect to the system bus ({0})")]
    Bus(#[source] zbus::Error),
    #[error("logind is not running on the system bus")]
    NoLogind,
    #[error("cannot subscribe to logind's signals ({0})")]
    Subscribe(#[source] zbus::Error),
    #[error("the connection to logind was closed")]
    Closed,
}

impl WatchError {
    /// A stable code for logs and tests.
    pub fn code(&self) -> &'static str {
        match self {
            WatchError::Bus(_) => "bus_unreachable",
            WatchError::NoLogind => "logind_missing",
            WatchError::Subscribe(_) => "subscribe_failed",
            WatchError::Closed => "connection_closed",
        }
    }
}

enum Event {
    PrepareForSleep(bool),
    ScreenLocked,
    Other,
}

/// Subscribed to logind; [`LogindWatch::run`] turns what arrives into [`LockSignal`]s.
pub struct LogindWatch {
    manager: ManagerProxy<'static>,
    events: SelectAll<BoxStream<'static, Event>>,
    watches_screen_lock: bool,
    /// Held while awake; released once the vault has been locked for sleep.
    sleep_inhibitor: Option<OwnedFd>,
}

impl LogindWatch {
    /// Connects and subscribes. Once this returns, every signal logind emits is seen by `run`.
    pub async fn connect(bus: &LogindBus) -> Result<LogindWatch, WatchError> {
        let builder = match bus {
            LogindBus::System => zbus::connection::Builder::system(),
            LogindBus::Address(address) => zbus::connection::Builder::address(address.as_str()),
        }
        .map_err(WatchError::Bus)?;
        let connection = builder.build().await.map_err(WatchError::Bus)?;
        let logind = BusName::try_from(LOGIND).expect("a valid bus name");
        let has_logind = DBusProxy::new(&connection)
            .await
            .map_err(WatchError::Bus)?
            .name_has_owner(logind)
            .await
            .map_err(|err| WatchError::Bus(err.into()))?;
        if !has_logind {
            return Err(WatchError::NoLogind);
        }

        let manager = ManagerProxy::builder(&connection)
            .cache_properties(CacheProperties::No)
            .build()
            .await
            .map_err(WatchError::Subscribe)?;
        let mut events: SelectAll<BoxStream<'static, Event>> = select_all([manager
            .receive_prepare_for_sleep()
            .await
            .map_err(WatchError::Subscribe)?
            .map(|signal| match signal.args() {
                Ok(args) => Event::PrepareForSleep(args.start),
                Err(_) => Event::Other,
            })
            .boxed()]);

        let session = find_session(&connection, &manager).await;
        if let Some(path) = &session {
            subscribe_session(&connection, path, &mut events)
                .await
                .map_err(WatchError::Subscribe)?;
        }
        let sleep_inhibitor = take_sleep_inhibitor(&manager).await;
        Ok(LogindWatch {
            manager,
            events,
            watches_screen_lock: session.is_some(),
            sleep_inhibitor,
        })
    }

    /// Whether a login session was found, so that its screen lock is watched.
    pub fn watches_screen_lock(&self) -> bool {
        self.watches_screen_lock
    }

    /// Whether logind granted a sleep delay, so that the vault locks before the computer
    /// sleeps rather than as it wakes.
    pub fn delays_sleep(&self) -> bool {
        self.sleep_inhibitor.is_some()
    }

    /// Calls `on_signal` for each reason to lock, until the connection closes.
    pub async fn run(mut self, mut on_signal: impl FnMut(LockSignal)) -> WatchError {
        while let Some(event) = self.events.next().await {
            match event {
                Event::PrepareForSleep(true) => {
                    on_signal(LockSignal::Sleep);
                    // Locked: logind may go ahead.
                    self.sleep_inhibitor = None;
                }
                Event::PrepareForSleep(false) => {
                    if self.sleep_inhibitor.is_none() {
                        self.sleep_inhibitor = take_sleep_inhibitor(&self.manager).await;
                    }
                }
                Event::ScreenLocked => on_signal(LockSignal::ScreenLock),
                Event::Other => {}
            }
        }
        WatchError::Closed
    }
}

/// The session this process runs in; failing that (started outside one, by a service manager
/// say), the one logind's `auto` alias resolves to. Signals carry the real path, never `auto`.
async fn find_session(
    connection: &Connection,
    manager: &ManagerProxy<'static>,
) -> Option<OwnedObjectPath> {
    if let Ok(path) = manager.get_session_by_pid(std::process::id()).await {
        return Some(path);
    }
    let auto = LoginSessionProxy::builder(connection)
        .path(AUTO_SESSION_PATH)
        .ok()?
        .cache_properties(CacheProperties::No)
        .build()
        .await
        .ok()?;
    let id = auto.id().await.ok()?;
    manager.get_session(&id).await.ok()
}

async fn subscribe_session(
    connection: &Connection,
    path: &OwnedObjectPath,
    events: &mut SelectAll<BoxStream<'static, Event>>,
) -> zbus::Result<()> {
    let session = LoginSessionProxy::builder(connection)
        .path(path.clone())?
        .cache_properties(CacheProperties::No)
        .build()
        .await?;
    events.push(
        session
            .receive_lock()
            .await?
            .map(|_| Event::ScreenLocked)
            .boxed(),
    );
    let properties = PropertiesProxy::builder(connection)
        .destination(LOGIND)?
        .path(path.clone())?
        .cache_properties(CacheProperties::No)
        .build()
        .await?;
    events.push(
        properties
            .receive_properties_changed_with_args(&[(0, SESSION_INTERFACE)])
            .await?
            .map(|signal| match signal.args() {
                Ok(args) if locked_hint_set(&args.changed_properties) => Event::ScreenLocked,
                _ => Event::Other,
            })
            .boxed(),
    );
    Ok(())
}

fn locked_hint_set(changed: &HashMap<&str, Value<'_>>) -> bool {
    matches!(changed.get("LockedHint"), Some(Value::Bool(true)))
}

/// A "delay" inhibitor for sleep, or none when logind refuses (a policy may forbid it): then
/// the vault still locks on `PrepareForSleep`, possibly only as the computer wakes.
async fn take_sleep_inhibitor(manager: &ManagerProxy<'static>) -> Option<OwnedFd> {
    manager
        .inhibit(
            "sleep",
            "Tessera",
            "Lock the vault before the computer sleeps",
            "delay",
        )
        .await
        .ok()
}
