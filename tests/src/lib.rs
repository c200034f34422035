//! Harness for desktop end-to-end tests.
//!
//! Each [`AppUnderTest`] starts (when `DISPLAY` is unset) its own Xvfb, its own `tauri-driver`
//! on free ports in its own process group, and through it the real `tessera-app` binary built
//! in this target directory. Everything is stopped on drop: SIGTERM to the group, then SIGKILL,
//! so no stale `WebKitWebDriver` keeps a port (see docs/testing.md).
#![forbid(unsafe_code)]
#![allow(
    clippy::disallowed_methods,
    reason = "the end-to-end harness waits on the real clock"
)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// The app is a heavy process; tests in one binary run one app at a time.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub const TIMEOUT: Duration = Duration::from_secs(20);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// `target/debug/tessera-app`, next to this test binary's `deps` folder.
pub fn app_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let app = dir.join("tessera-app");
    assert!(
        app.exists(),
        "{} is missing: build it with `cargo build -p tessera-app` (scripts/test does)",
        app.display()
    );
    app
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return path.into();
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|home| home.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// A child process in its own process group, stopped with SIGTERM then SIGKILL on drop.
struct Group(Child);

impl Group {
    fn spawn(cmd: &mut Command) -> std::io::Result<Group> {
        cmd.process_group(0).spawn().map(Group)
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-TERM", "--", &group])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a display it picks itself (`-displayfd`), so parallel runs never collide.
fn start_xvfb() -> (Group, String) {
    let mut child = Group::spawn(
        Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )
    .expect("Xvfb is not installed: run scripts/test, which installs it (Debian package xvfb)");
    let stdout = child.0.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("Xvfb prints its display number");
    let display = format!(":{}", line.trim());
    assert!(line.trim().parse::<u32>().is_ok(), "Xvfb said {line:?}");
    (child, display)
}

/// Starts a D-Bus session bus of the test's own (`dbus-daemon --session`), as a desktop
/// session has; its address.
fn start_session_bus() -> (Group, String) {
    let mut child = Group::spawn(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    )
    .expect("dbus-daemon is not installed: run scripts/test, which installs it (Debian package dbus-daemon)");
    let stdout = child.0.stdout.take().expect("piped stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("dbus-daemon prints its address");
    assert!(line.starts_with("unix:"), "dbus-daemon said {line:?}");
    (child, line.trim().to_owned())
}

pub struct AppUnderTest {
    pub client: Client,
    /// The X display the app runs on (its own Xvfb's, or `$DISPLAY`).
    display: String,
    /// The session bus the app sees, when [`Launch::session_bus`] asked for one.
    bus_address: Option<String>,
    _config_home: Option<tempfile::TempDir>,
    // Dropped after the client: driver first (it owns the app), then the bus and the display.
    driver: Group,
    _bus: Option<Group>,
    _xvfb: Option<Group>,
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

/// How [`AppUnderTest::launch_with`] starts the app, beyond its arguments.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// A program started instead of the app, with the arguments `WebKitWebDriver` gives the
    /// app; it must end by running [`app_binary`] with them. A wrapper script sets what only
    /// the app should see (log levels, where its standard error goes, `strace`), apart from
    /// `tauri-driver` and `WebKitWebDriver`, which are the test's side.
    pub application: Option<PathBuf>,
    /// A D-Bus session bus of the test's own, as on a desktop: the app then finds itself
    /// running when launched again ([`AppUnderTest::launch_again`]). Without it, as in the
    /// other tests, each launch is on its own.
    pub session_bus: bool,
    /// The app's configuration folder (`XDG_CONFIG_HOME`: where the window's size and place are
    /// kept); a new empty one unless given, so that no test sees another's window state.
    pub config_home: Option<PathBuf>,
}

impl AppUnderTest {
    /// Launches the app with `args` (e.g. `--vault DIR`). Unless `args` name one, the app's
    /// state folder (rollback records) is `state` beside the vault folder, never the real one.
    pub async fn launch(args: &[&str]) -> AppUnderTest {
        Self::launch_with(args, Launch::default()).await
    }

    /// [`AppUnderTest::launch`], started as `launch` says.
    pub async fn launch_with(args: &[&str], launch: Launch) -> AppUnderTest {
        let mut args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if !args.iter().any(|a| a == "--state-dir")
            && let Some(vault) = args
                .iter()
                .position(|a| a == "--vault")
                .and_then(|i| args.get(i + 1))
        {
            let state = std::path::Path::new(vault).with_file_name("state");
            args.extend(["--state-dir".to_owned(), state.display().to_string()]);
        }
        let serial = ONE_APP_AT_A_TIME.lock().await;
        let app = app_binary();
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => (None, d),
            _ => {
                let (group, display) = start_xvfb();
                (Some(group), display)
            }
        };
        let (bus, bus_address) = if launch.session_bus {
            let (group, address) = start_session_bus();
            (Some(group), Some(address))
        } else {
            (None, None)
        };
        let port = free_port();
        let native_port = free_port();
        let mut driver = Command::new(tauri_driver());
        if let Some(address) = &bus_address {
            driver.env("DBUS_SESSION_BUS_ADDRESS", address);
        }
        let own_config = match &launch.config_home {
            Some(_) => None,
            None => Some(tempfile::tempdir().expect("a configuration folder")),
        };
        let config_home = launch
            .config_home
            .clone()
            .unwrap_or_else(|| own_config.as_ref().unwrap().path().to_path_buf());
        driver.env("XDG_CONFIG_HOME", &config_home);
        let driver = Group::spawn(
            driver
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native_port.to_string(),
                ])
                .env("DISPLAY", &display)
                // Keeps GTK from looking for an accessibility bus that Xvfb does not have.
                .env("NO_AT_BRIDGE", "1")
                // File dialogs are GTK's own (tauri-plugin-dialog uses rfd with GTK 3, whose
                // native chooser goes through the xdg portal only when asked to): they are
                // windows on this display that `answer_file_dialog` can type into.
                .env_remove("GTK_USE_PORTAL")
                // The file chooser keeps its settings (last folder, sort order) in memory, not
                // in the person's dconf, which needs a session bus Xvfb does not have.
                .env("GSETTINGS_BACKEND", "memory")
                .stdout(Stdio::null())
                .stderr(Stdio::inherit()),
        )
        .expect("tauri-driver is not installed: run scripts/test, which installs it");
        let app = launch.application.unwrap_or(app);

        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app, "args": args }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + TIMEOUT;
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("could not start a WebDriver session on {url}: {e}"),
            }
        };
        AppUnderTest {
            client,
            display,
            bus_address,
            _config_home: own_config,
            driver,
            _bus: bus,
            _xvfb: xvfb,
            _serial: serial,
        }
    }

    /// Launches the app binary a second time, as a desktop does when the person opens a file
    /// or link with it (`args`: those files and links, and any flags), on the same display
    /// and session bus, from the folder `cwd`; waits for it to hand its arguments to the
    /// running app and exit, and returns how it exited.
    pub async fn launch_again(&self, args: &[&str], cwd: &Path) -> std::process::ExitStatus {
        let bus = self
            .bus_address
            .as_ref()
            .expect("launch_again needs Launch { session_bus: true }");
        let mut child = Command::new(app_binary())
            .args(args)
            .current_dir(cwd)
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("NO_AT_BRIDGE", "1")
            .env("GSETTINGS_BACKEND", "memory")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the app binary starts");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().expect("wait for the second launch") {
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the second launch with {args:?} did not exit within {TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The process id of `tauri-driver`: `WebKitWebDriver`, the app and the app's WebKit
    /// processes are its descendants.
    pub fn driver_pid(&self) -> u32 {
        self.driver.0.id()
    }

    /// Waits until an element matching `css` exists and is displayed.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.is_displayed().await.unwrap_or(false)
            {
                return el;
            }
            assert!(
                Instant::now() < deadline,
                "no visible element matches {css:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element matches `css`.
    pub async fn gone(&self, css: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.client.find(Locator::Css(css)).await.is_ok() {
            assert!(Instant::now() < deadline, "{css:?} is still there");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until exactly `n` elements match `css` (hidden ones too).
    pub async fn count_is(&self, css: &str, n: usize) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = self.texts(css).await.len();
            if seen == n {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css:?} matched {seen} elements, never {n}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` contains `text`, and returns its whole text.
    pub async fn text_contains(&self, css: &str, text: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if seen.contains(text) {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "{css:?} never contained {text:?}; last seen {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` has the focus: where the app puts the keyboard
    /// after something it had replaced (a button that went away with its form).
    pub async fn wait_for_focus(&self, css: &str) {
        let check = format!(
            "const e = document.activeElement; return e && e.matches({css:?}) ? true : ((e && (e.id || e.tagName)) || 'nothing');"
        );
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = self.eval(&check).await;
            if seen == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the focus never went to {css:?}; it is on {seen}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        el.clear().await.expect("clear input");
        el.send_keys(text).await.expect("type into input");
    }

    /// Types `text` into the input matching `css` and waits until the input holds exactly it;
    /// on a loaded machine WebKitWebDriver may lose a key, so a differing value is typed again
    /// (twice at most) before giving up with what the input held.
    pub async fn type_exactly(&self, css: &str, text: &str) {
        let read = format!("return document.querySelector({css:?}).value;");
        let mut seen = serde_json::Value::Null;
        for _ in 0..3 {
            self.type_into(css, text).await;
            let deadline = Instant::now() + Duration::from_secs(2);
            loop {
                seen = self.eval(&read).await;
                if seen == serde_json::json!(text) {
                    return;
                }
                if Instant::now() >= deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        panic!(
            "{css:?} never held the {} characters typed; it held {}",
            text.chars().count(),
            seen.as_str().map_or(0, |s| s.chars().count())
        );
    }

    /// Types several lines into a text area, pressing Enter between them (WebKitWebDriver
    /// drops a plain newline character).
    pub async fn type_lines(&self, css: &str, text: &str) {
        let enter = char::from(fantoccini::key::Key::Enter).to_string();
        self.type_into(css, &text.replace('\n', &enter)).await;
    }

    /// Chooses the option with `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let el = self.find(css).await;
        el.select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {value:?} in {css:?}: {e}"));
    }

    /// Chooses the option with `value` in the focused `<select>` with the keyboard alone: Home,
    /// then Down as many times as there are usable options before it (a closed list on GTK moves
    /// with the arrows), and waits until the list shows it. Typing the first letters works too,
    /// but WebKit forgets them after a second without a key, which a loaded machine can exceed.
    pub async fn choose_with_keys(&self, value: &str) {
        let before = self
            .client
            .execute(
                "const e = document.activeElement; if (!e || e.tagName !== 'SELECT') return -1; \
                 const usable = [...e.options].filter((o) => !o.disabled); \
                 return usable.findIndex((o) => o.value === arguments[0]);",
                vec![serde_json::json!(value)],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot read the focused list: {e}"));
        let Some(downs) = before.as_u64() else {
            panic!("the focused element is not a list with {value:?} among its choices")
        };
        let keys = char::from(fantoccini::key::Key::Home).to_string()
            + &char::from(fantoccini::key::Key::Down)
                .to_string()
                .repeat(downs as usize);
        self.press(&keys).await;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let seen = self.eval("return document.activeElement.value;").await;
            if seen == serde_json::json!(value) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the list never showed {value:?}; last seen {seen}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of every element matching `css`, in document order (hidden ones too).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let found = self
            .client
            .execute(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot read {css:?}: {e}"));
        serde_json::from_value(found).expect("a list of strings")
    }

    /// Runs a script in the page and returns its result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}"))
    }

    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let el = self.find(css).await;
            if el.is_enabled().await.unwrap_or(false) {
                // WebKitWebDriver does not scroll inner scroll containers by itself.
                let arg = serde_json::to_value(&el).expect("element reference");
                let _ = self
                    .client
                    .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
                    .await;
                el.click()
                    .await
                    .unwrap_or_else(|e| panic!("click on {css:?}: {e}"));
                return;
            }
            assert!(Instant::now() < deadline, "{css:?} never became enabled");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a screenshot as `<name>.png` in `$TESSERA_E2E_SCREENSHOTS`, when that is set.
    /// Waits two animation frames first so the picture shows the frame just checked.
    pub async fn snapshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("TESSERA_E2E_SCREENSHOTS") else {
            return;
        };
        let _ = self
            .client
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                vec![],
            )
            .await;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Answers the app's native GTK file dialog with `path`, as a person would type it:
    /// waits for the dialog's window on the app's display, focuses it, then in a save dialog
    /// selects the offered name and types the whole path over it, in an open dialog opens the
    /// location field (Ctrl+L) and types the path; then Return, and waits for the dialog to
    /// close. In a folder chooser the path is typed with a final `/`, which Return chooses
    /// (GTK's chooser must start in a folder, not in "Recent", where nothing can be chosen).
    /// WebDriver cannot reach native windows, so this drives X with `xdotool` (Debian
    /// package `xdotool`, installed by `scripts/setup.sh`). Fails with what it last saw.
    pub async fn answer_file_dialog(&self, dialog: FileDialog<'_>, path: &Path) {
        let (title, open_field, folder) = match dialog {
            FileDialog::Save => (SAVE_DIALOG_TITLE, "ctrl+a", false),
            FileDialog::Open(title) => (title, "ctrl+l", false),
            FileDialog::Folder(title) => (title, "ctrl+l", true),
        };
        let name = format!("^{title}$");
        let deadline = Instant::now() + TIMEOUT;
        let window = loop {
            let found = self.xdotool(&["search", "--onlyvisible", "--name", &name]);
            if let Some(window) = found.lines().next().filter(|w| !w.is_empty()) {
                break window.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no file dialog titled {title:?} appeared on display {} within {TIMEOUT:?}",
                self.display
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // GTK fills the dialog in once mapped: give it a moment before typing.
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.xdotool(&["windowfocus", "--sync", &window]);
        let mut text = path.to_str().expect("a UTF-8 path to type").to_owned();
        if folder {
            text.push('/');
        }
        self.xdotool(&["key", "--clearmodifiers", open_field]);
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.xdotool(&["type", "--delay", "20", &text]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.xdotool(&["key", "Return"]);
        let deadline = Instant::now() + TIMEOUT;
        while !self
            .xdotool(&["search", "--onlyvisible", "--name", &name])
            .trim()
            .is_empty()
        {
            assert!(
                Instant::now() < deadline,
                "the file dialog {title:?} is still open after typing {text:?} and Return"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core (npm `axe-core`, from `ui/node_modules`) on the page as it is now and
    /// returns its serious and critical violations, each as `rule: help (elements)`.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../ui/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe).unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}): run `npm ci` in ui/ (scripts/test does)",
                axe.display()
            )
        });
        let script = format!(
            "const done = arguments[arguments.length - 1];\n{source}\n\
             axe.run(document, {{ resultTypes: ['violations'] }}).then((r) => done(r.violations\
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')\
             .map((v) => `${{v.id}}: ${{v.help}} (${{v.nodes.map((n) => n.target.join(' ')).join(', ')}})`)),\
             (e) => done([`axe failed: ${{e}}`]));"
        );
        let found = self
            .client
            .execute_async(&script, vec![])
            .await
            .expect("axe-core ran");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// Types `keys` into whatever has the focus, as a person's keyboard does (WebDriver's
    /// keys: `fantoccini::key::Key` for Enter, Tab, arrows).
    pub async fn press(&self, keys: &str) {
        let el = self
            .client
            .active_element()
            .await
            .expect("an element has the focus");
        el.send_keys(keys)
            .await
            .unwrap_or_else(|e| panic!("keys {keys:?} to the focused element: {e}"));
    }

    /// Presses Tab until the element matching `css` has the focus, as a person who cannot use
    /// a mouse gets there, and checks that the page shows where the focus is (the element
    /// matches `:focus-visible` and draws an outline or a shadow). Fails after 100 presses,
    /// naming where the focus went. Returns how many presses it took.
    pub async fn tab_to(&self, css: &str) -> usize {
        self.find(css).await;
        let check = format!(
            "const e = document.activeElement; if (!e || !e.matches({css:?})) return (e && (e.id || e.tagName)) || 'nothing'; \
             const s = getComputedStyle(e); \
             return e.matches(':focus-visible') && ((s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none') ? true : 'no visible focus on ' + {css:?};"
        );
        let tab = char::from(fantoccini::key::Key::Tab).to_string();
        let mut seen = Vec::new();
        for presses in 0..=100 {
            match self.eval(&check).await {
                serde_json::Value::Bool(true) => return presses,
                serde_json::Value::String(s) if s.starts_with("no visible focus") => panic!("{s}"),
                other => seen.push(other.as_str().unwrap_or_default().to_owned()),
            }
            self.press(&tab).await;
        }
        panic!("100 presses of Tab never reached {css:?}; the focus went through {seen:?}");
    }

    /// Presses `keys` (xdotool's names: `F10`, `Down`, `Return`) in the app's window as the X
    /// server delivers them, so that GTK sees them first, as it does a person's: its menu bar
    /// and accelerators, which WebDriver's keys (sent to the page) never reach.
    pub async fn press_in_window(&self, keys: &[&str]) {
        let found = self.xdotool(&["search", "--onlyvisible", "--name", "^Tessera$"]);
        let window = found
            .lines()
            .next()
            .filter(|w| !w.is_empty())
            .unwrap_or_else(|| panic!("no window titled Tessera on display {}", self.display))
            .to_owned();
        self.xdotool(&["windowfocus", "--sync", &window]);
        for key in keys {
            self.xdotool(&["key", "--clearmodifiers", key]);
            // GTK opens a menu in a frame or two: let it before the next key.
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }

    /// Runs `xdotool` on the app's display; its standard output (empty when it found nothing).
    fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .stderr(Stdio::piped())
            .output()
            .expect("xdotool is not installed: run scripts/setup.sh (Debian package xdotool)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub async fn quit(self) {
        let AppUnderTest { client, .. } = self;
        let _ = client.close().await;
    }
}

/// The title GTK gives a save dialog when the app names none (all of Tessera's).
pub const SAVE_DIALOG_TITLE: &str = "Save File";

/// A native file dialog of the app, for [`AppUnderTest::answer_file_dialog`].
#[derive(Debug, Clone, Copy)]
pub enum FileDialog<'a> {
    /// A save dialog (titled [`SAVE_DIALOG_TITLE`]).
    Save,
    /// An open dialog with this title (`OpenDialog::title` in `tessera_api::desktop`).
    Open(&'a str),
    /// A folder chooser with this title (`tessera_api::desktop::AUTO_BACKUP_FOLDER_TITLE`).
    Folder(&'a str),
}

/// A temporary vault folder.
pub fn temp_vault() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("vault");
    (tmp, dir)
}
