//! The logind watcher against a real `dbus-daemon` (a private bus per test) and a pretend
//! logind that owns `org.freedesktop.login1` on it and emits what the real one does.
//!
//! - `sleep_locks_before_the_inhibitor_is_released_and_it_is_taken_again_on_resume`
//! - `screen_lock_by_signal_and_by_locked_hint`
//! - `session_found_through_the_auto_alias_outside_a_session`
//! - `a_bus_without_logind_is_reported`, `an_unreachable_bus_is_reported`
#![cfg(target_os = "linux")]
#![allow(
    clippy::disallowed_methods,
    reason = "these tests wait on real signals"
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::net::UnixStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use tessera_lock_signals::{LockSignal, LogindBus, LogindWatch};
use zbus::object_server::SignalEmitter;
use zbus::zvariant::{OwnedFd, OwnedObjectPath, Value};
use zbus::{Connection, interface};

const TIMEOUT: Duration = Duration::from_secs(10);
const MANAGER_PATH: &str = "/org/freedesktop/login1";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/_31";
const AUTO_PATH: &str = "/org/freedesktop/login1/session/auto";

/// A `dbus-daemon` of our own, killed on drop.
struct PrivateBus {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    fn start() -> PrivateBus {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .arg(format!("--address=unix:path={}", socket.display()))
            .stdout(Stdio::piped())
            // As root it warns that it cannot raise its descriptor limit; nothing else to say.
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (Debian package dbus-daemon; scripts/setup.sh installs it)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(
            address.starts_with("unix:"),
            "dbus-daemon gave no address ({address:?}): {:?}",
            daemon.try_wait()
        );
        PrivateBus {
            daemon,
            address,
            _dir: dir,
        }
    }

    fn logind_bus(&self) -> LogindBus {
        LogindBus::Address(self.address.clone())
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// What the pretend logind has been asked, shared with the test.
#[derive(Default)]
struct Calls {
    inhibits: Vec<(String, String)>,
    /// The far ends of the inhibitor descriptors handed out: they read end-of-file once the
    /// watcher has closed its end.
    inhibitor_peers: Vec<UnixStream>,
}

struct FakeManager {
    calls: Arc<Mutex<Calls>>,
    /// Whether `GetSessionByPID` knows the caller (false: a process outside any session).
    caller_in_session: bool,
}

#[interface(name = "org.freedesktop.login1.Manager")]
impl FakeManager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> zbus::fdo::Result<OwnedObjectPath> {
        if self.caller_in_session {
            Ok(OwnedObjectPath::try_from(SESSION_PATH).unwrap())
        } else {
            Err(zbus::fdo::Error::Failed(
                "PID does not belong to any known session".into(),
            ))
        }
    }

    fn get_session(&self, session_id: &str) -> zbus::fdo::Result<OwnedObjectPath> {
        if session_id == "31" {
            Ok(OwnedObjectPath::try_from(SESSION_PATH).unwrap())
        } else {
            Err(zbus::fdo::Error::Failed("no such session".into()))
        }
    }

    fn inhibit(&self, what: &str, _who: &str, _why: &str, mode: &str) -> OwnedFd {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let mut calls = self.calls.lock().unwrap();
        calls.inhibits.push((what.to_owned(), mode.to_owned()));
        calls.inhibitor_peers.push(ours);
        OwnedFd::from(std::os::fd::OwnedFd::from(theirs))
    }

    #[zbus(signal)]
    async fn prepare_for_sleep(emitter: &SignalEmitter<'_>, start: bool) -> zbus::Result<()>;
}

struct FakeSession {
    locked_hint: bool,
}

#[interface(name = "org.freedesktop.login1.Session")]
impl FakeSession {
    #[zbus(property)]
    fn id(&self) -> String {
        "31".into()
    }

    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        self.locked_hint
    }

    #[zbus(signal)]
    async fn lock(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;
}

struct FakeLogind {
    connection: Connection,
    calls: Arc<Mutex<Calls>>,
}

impl FakeLogind {
    async fn start(bus: &PrivateBus, caller_in_session: bool) -> FakeLogind {
        let calls = Arc::new(Mutex::new(Calls::default()));
        let manager = FakeManager {
            calls: Arc::clone(&calls),
            caller_in_session,
        };
        let connection = zbus::connection::Builder::address(bus.address.as_str())
            .unwrap()
            .name("org.freedesktop.login1")
            .unwrap()
            .serve_at(MANAGER_PATH, manager)
            .unwrap()
            .serve_at(SESSION_PATH, FakeSession { locked_hint: false })
            .unwrap()
            .serve_at(AUTO_PATH, FakeSession { locked_hint: false })
            .unwrap()
            .build()
            .await
            .unwrap();
        FakeLogind { connection, calls }
    }

    /// The object of type `I` this pretend logind serves at `path`.
    async fn served<I: zbus::object_server::Interface>(
        &self,
        path: &str,
    ) -> zbus::object_server::InterfaceRef<I> {
        self.connection
            .object_server()
            .interface::<_, I>(path)
            .await
            .unwrap()
    }

    async fn prepare_for_sleep(&self, start: bool) {
        let manager = self.served::<FakeManager>(MANAGER_PATH).await;
        FakeManager::prepare_for_sleep(manager.signal_emitter(), start)
            .await
            .unwrap();
    }

    async fn lock_session(&self) {
        let session = self.served::<FakeSession>(SESSION_PATH).await;
        FakeSession::lock(session.signal_emitter()).await.unwrap();
    }

    /// What GNOME's and KDE's lock screens do: set the hint, which logind announces.
    async fn set_locked_hint(&self, locked: bool) {
        let session = self.served::<FakeSession>(SESSION_PATH).await;
        session.get_mut().await.locked_hint = locked;
        session
            .get()
            .await
            .locked_hint_changed(session.signal_emitter())
            .await
            .unwrap();
    }

    /// Emits a `PropertiesChanged` for another property only.
    async fn change_other_property(&self) {
        let emitter = SignalEmitter::new(&self.connection, SESSION_PATH).unwrap();
        let changed = HashMap::from([("Active", Value::Bool(true))]);
        zbus::fdo::Properties::properties_changed(
            &emitter,
            "org.freedesktop.login1.Session".try_into().unwrap(),
            changed,
            (&[] as &[&str]).into(),
        )
        .await
        .unwrap();
    }

    fn inhibit_calls(&self) -> usize {
        self.calls.lock().unwrap().inhibits.len()
    }
}

async fn connect(bus: &PrivateBus) -> LogindWatch {
    LogindWatch::connect(&bus.logind_bus())
        .await
        .expect("the watcher connects")
}

/// Runs the watcher in the background; what it reports arrives on the returned channel.
fn spawn_run(watcher: LogindWatch) -> mpsc::Receiver<LockSignal> {
    let (tx, rx) = mpsc::channel();
    tokio::spawn(watcher.run(move |signal| tx.send(signal).unwrap()));
    rx
}

/// Waits for exactly these signals, then for a moment in which no other arrives. (Signals on
/// different subscriptions may be reported in any order, so the quiet moment is the check.)
async fn expect_signals(rx: &mpsc::Receiver<LockSignal>, expected: &[LockSignal]) {
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.len() < expected.len() {
        if let Ok(signal) = rx.try_recv() {
            seen.push(signal);
            continue;
        }
        assert!(Instant::now() < deadline, "only {seen:?} arrived");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    seen.extend(rx.try_iter());
    assert_eq!(seen, expected);
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until the far end of an inhibitor reads end-of-file: the watcher released it.
fn wait_for_release(mut peer: UnixStream) {
    peer.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match peer.read(&mut [0u8; 1]) {
            Ok(0) => return,
            Ok(_) => panic!("nothing is ever written on an inhibitor"),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(
                    Instant::now() < deadline,
                    "the inhibitor was never released"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("reading the inhibitor: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sleep_locks_before_the_inhibitor_is_released_and_it_is_taken_again_on_resume() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus, true).await;
    let watcher = connect(&bus).await;
    assert!(watcher.delays_sleep() && watcher.watches_screen_lock());
    assert_eq!(
        logind.calls.lock().unwrap().inhibits,
        [("sleep".to_owned(), "delay".to_owned())]
    );
    // The callback looks at the inhibitor as it runs: still held means logind is still waiting.
    let first_peer = logind.calls.lock().unwrap().inhibitor_peers[0]
        .try_clone()
        .unwrap();
    first_peer.set_nonblocking(true).unwrap();
    let (tx, rx) = mpsc::channel();
    tokio::spawn(watcher.run(move |signal| {
        let held = matches!(
            (&first_peer).read(&mut [0u8; 1]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
        );
        tx.send((signal, held)).unwrap();
    }));

    logind.prepare_for_sleep(true).await;
    let peer = logind.calls.lock().unwrap().inhibitor_peers.remove(0);
    tokio::task::spawn_blocking(move || wait_for_release(peer))
        .await
        .unwrap();
    assert_eq!(
        rx.try_recv(),
        Ok((LockSignal::Sleep, true)),
        "the vault is locked while logind still waits, and only then let go"
    );

    logind.prepare_for_sleep(false).await;
    wait_until("the inhibitor is taken again", || {
        logind.inhibit_calls() == 2
    })
    .await;
    // Only the start of sleep locks; waking up is no reason to lock again.
    assert!(rx.try_recv().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screen_lock_by_signal_and_by_locked_hint() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus, true).await;
    let watcher = connect(&bus).await;
    let rx = spawn_run(watcher);

    logind.lock_session().await;
    expect_signals(&rx, &[LockSignal::ScreenLock]).await;
    logind.set_locked_hint(true).await;
    expect_signals(&rx, &[LockSignal::ScreenLock]).await;
    // Neither unlocking the screen nor another property of the session locks.
    logind.set_locked_hint(false).await;
    logind.change_other_property().await;
    expect_signals(&rx, &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_found_through_the_auto_alias_outside_a_session() {
    let bus = PrivateBus::start();
    let logind = FakeLogind::start(&bus, false).await;
    let watcher = connect(&bus).await;
    assert!(watcher.watches_screen_lock());
    let rx = spawn_run(watcher);
    logind.lock_session().await;
    expect_signals(&rx, &[LockSignal::ScreenLock]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bus_without_logind_is_reported() {
    let bus = PrivateBus::start();
    let err = LogindWatch::connect(&bus.logind_bus())
        .await
        .err()
        .expect("no logind on this bus");
    assert_eq!(err.code(), "logind_missing");
    assert_eq!(err.to_string(), "logind is not running on the system bus");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_bus_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let address = format!("unix:path={}", dir.path().join("no-bus-here").display());
    let err = LogindWatch::connect(&LogindBus::Address(address))
        .await
        .err()
        .expect("nothing listens there");
    assert_eq!(err.code(), "bus_unreachable");
    assert!(
        err.to_string()
            .starts_with("cannot connect to the system bus"),
        "{err}"
    );
}
