//! The session: which vault, whether it is unlocked, and when it locks itself.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use tessera_vault::{
    AnchorDir, AnchorReport, KdfParams, OpenOptions, Passphrase, Vault, VaultLayout, strength,
};

use crate::{
    ApiError, ApiErrorCode, ContinuousInstant, Settings, StrengthHint, VaultState, VaultStatus,
};

/// Setting name for the idle time before auto-lock, in seconds.
const AUTO_LOCK_SETTING: &str = "auto_lock_seconds";
pub const DEFAULT_AUTO_LOCK_SECONDS: u32 = 5 * 60;
pub const MIN_AUTO_LOCK_SECONDS: u32 = 60;
pub const MAX_AUTO_LOCK_SECONDS: u32 = 8 * 60 * 60;
/// The idle times the app offers for auto-lock, in seconds: 1 minute to 8 hours.
pub const AUTO_LOCK_CHOICES: [u32; 10] = [
    60,
    2 * 60,
    5 * 60,
    10 * 60,
    15 * 60,
    30 * 60,
    60 * 60,
    2 * 60 * 60,
    4 * 60 * 60,
    8 * 60 * 60,
];

/// How KDF parameters are chosen for new vaults and new passphrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfChoice {
    /// Measure this machine and aim at about one second (the default).
    Calibrated,
    /// Use exactly these (validated against floor and ceiling).
    Fixed(KdfParams),
}

impl KdfChoice {
    pub fn resolve(self) -> Result<KdfParams, ApiError> {
        match self {
            KdfChoice::Calibrated => Ok(KdfParams::calibrate(Duration::from_secs(1))?),
            KdfChoice::Fixed(params) => {
                params.validate()?;
                Ok(params)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub kdf: KdfChoice,
    /// Overrides the stored auto-lock setting (the app's `--auto-lock-seconds`).
    pub auto_lock_override: Option<Duration>,
    /// Where this computer keeps rollback anchors (`paths::resolve_anchor_dir`); `None`
    /// keeps none, so an older copy of the vault put back is not recognised.
    pub anchors: Option<AnchorDir>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            kdf: KdfChoice::Calibrated,
            auto_lock_override: None,
            anchors: None,
        }
    }
}

/// How an unlock treats a vault older than the one this computer last opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestorePolicy {
    /// Refuse it with `vault_rolled_back` (the default).
    Refuse,
    /// The person confirmed the older copy was put back on purpose: open it and record the
    /// acceptance in the ledger, at this time.
    Accept { at: Timestamp },
}

impl RestorePolicy {
    /// What a face's "accept the restore" flag or dialog answer means, at time `at`.
    pub fn from_answer(accept: bool, at: Timestamp) -> RestorePolicy {
        if accept {
            RestorePolicy::Accept { at }
        } else {
            RestorePolicy::Refuse
        }
    }
}

pub struct Session {
    pub(crate) layout: VaultLayout,
    options: SessionOptions,
    pub(crate) vault: Option<Vault>,
    auto_lock: Duration,
    /// Measured on a clock that counts sleep: a suspended laptop is idle all night.
    last_activity: ContinuousInstant,
    /// A profile file waiting for the person's choices before import; dropped (and wiped)
    /// on lock.
    pub(crate) staged_import: Option<StagedImport>,
    /// The generation automatic backups last saw, and since when.
    pub(crate) watch: crate::auto_backup::Watch,
    /// A backup file chosen with the open dialog, kept here between choosing it and entering
    /// its passphrase (the webview never holds its path); dropped once restored.
    pub(crate) chosen_backup: Option<PathBuf>,
    /// Requests and receipts the desktop handed over while the vault was locked, opened after
    /// unlock (`inbox.rs`). They stay over a lock: they are the brand's, not the person's.
    pub(crate) inbox: Vec<crate::inbox::Waiting>,
    /// The reminders this session has given (`reminders.rs`): each once.
    pub(crate) reminded: std::collections::HashSet<String>,
    /// Where each older page of the ledger the faces were offered starts, by the `seq` they
    /// pass back (`exchange.rs`, `ledger_page`): the anchors stay on this side, proven by the
    /// chain; dropped on lock.
    pub(crate) ledger_anchors: std::collections::HashMap<u64, tessera_exchange::ledger::PageAnchor>,
    /// The deletion dates of the vault's current state (`retention.rs`): names and dates, no
    /// value; dropped on lock.
    pub(crate) deletions: std::cell::RefCell<Option<crate::retention::DeletionCache>>,
    /// The ledger's check under way, a step at a time (`ledger_verify_step`); dropped on lock.
    pub(crate) ledger_walk: Option<tessera_exchange::ledger::VerifyWalk>,
}

/// A file chosen for import, kept on the Rust side between preview and apply.
pub(crate) struct StagedImport {
    pub name: String,
    pub bytes: zeroize::Zeroizing<Vec<u8>>,
}

impl Session {
    pub fn new(dir: PathBuf, options: SessionOptions, now: ContinuousInstant) -> Self {
        Session {
            layout: VaultLayout::new(dir),
            auto_lock: options
                .auto_lock_override
                .unwrap_or(Duration::from_secs(DEFAULT_AUTO_LOCK_SECONDS.into())),
            options,
            vault: None,
            last_activity: now,
            staged_import: None,
            ledger_anchors: std::collections::HashMap::new(),
            deletions: std::cell::RefCell::new(None),
            ledger_walk: None,
            watch: crate::auto_backup::Watch::default(),
            chosen_backup: None,
            inbox: Vec::new(),
            reminded: std::collections::HashSet::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.layout.dir
    }

    pub fn state(&self) -> VaultState {
        VaultState {
            exists: self.layout.exists(),
            unlocked: self.vault.is_some(),
            path: self.layout.dir.display().to_string(),
            auto_lock_seconds: self.auto_lock.as_secs().try_into().unwrap_or(u32::MAX),
        }
    }

    pub fn create(
        &mut self,
        passphrase: &Passphrase,
        now: ContinuousInstant,
    ) -> Result<VaultState, ApiError> {
        if self.vault.is_some() {
            return Err(ApiError::new(
                ApiErrorCode::VaultExists,
                tessera_text::text!("api-vault-already-open"),
            ));
        }
        passphrase.check_new()?;
        let kdf = self.options.kdf.resolve()?;
        let vault =
            Vault::create_with(&self.layout.dir, passphrase, kdf, &self.open_options(false))?;
        self.opened(vault, now)
    }

    /// Unlocks the vault, refusing an older copy than this computer last saw.
    pub fn unlock(
        &mut self,
        passphrase: &Passphrase,
        now: ContinuousInstant,
    ) -> Result<VaultState, ApiError> {
        self.unlock_with(passphrase, RestorePolicy::Refuse, now)
    }

    pub fn unlock_with(
        &mut self,
        passphrase: &Passphrase,
        restore: RestorePolicy,
        now: ContinuousInstant,
    ) -> Result<VaultState, ApiError> {
        if self.vault.is_none() {
            let accept = matches!(restore, RestorePolicy::Accept { .. });
            let mut vault =
                Vault::unlock_with(&self.layout.dir, passphrase, &self.open_options(accept))?;
            if let RestorePolicy::Accept { at } = restore {
                record_accepted_restore(&mut vault, at)?;
            }
            return self.opened(vault, now);
        }
        self.touch(now);
        Ok(self.state())
    }

    pub(crate) fn open_options(&self, accept_restore: bool) -> OpenOptions {
        OpenOptions {
            anchors: self.options.anchors.clone(),
            accept_restore,
        }
    }

    pub(crate) fn opened(
        &mut self,
        vault: Vault,
        now: ContinuousInstant,
    ) -> Result<VaultState, ApiError> {
        self.auto_lock = match self.options.auto_lock_override {
            Some(duration) => duration,
            None => Duration::from_secs(stored_auto_lock(&vault)?.into()),
        };
        self.vault = Some(vault);
        self.last_activity = now;
        Ok(self.state())
    }

    /// Wipes the keys and closes the vault. Locking a locked session is not an error.
    pub fn lock(&mut self) -> VaultState {
        self.staged_import = None;
        self.ledger_anchors.clear();
        self.deletions.take();
        self.ledger_walk = None;
        if let Some(vault) = self.vault.take() {
            vault.lock();
        }
        self.state()
    }

    /// Locks at once, because the computer is about to sleep or its screen locked. Returns
    /// whether the vault was unlocked (and so whether anyone needs telling).
    pub fn lock_if_unlocked(&mut self) -> bool {
        let was_unlocked = self.vault.is_some();
        self.lock();
        was_unlocked
    }

    /// Records user activity, postponing auto-lock; unless the vault has already been idle
    /// for the auto-lock time: activity then (the first mouse move after a resume, before the
    /// idle check has run) cannot undo the idle time, and the next check locks.
    pub fn touch(&mut self, now: ContinuousInstant) {
        if !self.idle_for_auto_lock(now) {
            self.last_activity = now;
        }
    }

    /// Locks the vault when it has been idle for the auto-lock time, sleep included, or when
    /// the clock reads earlier than the last activity (a wall clock set back: how long the
    /// vault was idle is unknown). Returns whether it locked.
    pub fn lock_if_idle(&mut self, now: ContinuousInstant) -> bool {
        self.idle_for_auto_lock(now) && self.lock_if_unlocked()
    }

    fn idle_for_auto_lock(&self, now: ContinuousInstant) -> bool {
        now.checked_duration_since(self.last_activity)
            .is_none_or(|idle| idle >= self.auto_lock)
    }

    pub fn vault(&self) -> Result<&Vault, ApiError> {
        self.vault.as_ref().ok_or_else(locked)
    }

    pub fn vault_mut(&mut self) -> Result<&mut Vault, ApiError> {
        self.vault.as_mut().ok_or_else(locked)
    }

    /// Header facts and counts; works locked (no passphrase needed) or unlocked.
    pub fn status(&self) -> Result<VaultStatus, ApiError> {
        let info = match &self.vault {
            Some(vault) => vault.info()?,
            None => Vault::inspect_with(&self.layout.dir, self.options.anchors.as_ref())?,
        };
        Ok(info.into())
    }

    pub fn settings(&self) -> Result<Settings, ApiError> {
        let vault = self.vault()?;
        Ok(Settings {
            auto_lock_seconds: stored_auto_lock(vault)?,
            auto_lock_overridden: self.options.auto_lock_override.is_some(),
        })
    }

    pub fn set_auto_lock(
        &mut self,
        seconds: u32,
        now: ContinuousInstant,
    ) -> Result<Settings, ApiError> {
        if !(MIN_AUTO_LOCK_SECONDS..=MAX_AUTO_LOCK_SECONDS).contains(&seconds) {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-auto-lock-range",
                min = (MIN_AUTO_LOCK_SECONDS / 60).to_string(),
                max = (MAX_AUTO_LOCK_SECONDS / 3600).to_string(),
                seconds = seconds.to_string()
            )));
        }
        self.vault_mut()?
            .set_setting(AUTO_LOCK_SETTING, &seconds.to_string())?;
        // Activity under the time in force until now; the new time counts from here.
        self.touch(now);
        if self.options.auto_lock_override.is_none() {
            self.auto_lock = Duration::from_secs(seconds.into());
        }
        self.settings()
    }

    /// Checks the current passphrase by unwrapping the key again, then rewraps under the new one.
    pub fn change_passphrase(
        &mut self,
        current: &Passphrase,
        new: &Passphrase,
        now: ContinuousInstant,
    ) -> Result<(), ApiError> {
        new.check_new()?;
        // Checked on the open vault: a wrong current passphrase changes nothing and leaves
        // the vault unlocked, as the person expects.
        let kdf = self.options.kdf.resolve()?;
        let vault = self.vault_mut()?;
        vault.verify_passphrase(current)?;
        vault.change_passphrase(new, kdf)?;
        self.touch(now);
        Ok(())
    }
}

/// Advice on a candidate passphrase; needs no vault.
pub fn estimate_strength(passphrase: &Passphrase) -> StrengthHint {
    let hint = strength::estimate(passphrase);
    StrengthHint {
        score: hint.score,
        label: strength::score_label(hint.score),
        crack_time: hint.crack_time,
        suggestions: hint.suggestions,
        long_enough: passphrase.check_new().is_ok(),
    }
}

fn locked() -> ApiError {
    ApiError::new(
        ApiErrorCode::VaultLocked,
        tessera_text::text!("error-vault-locked"),
    )
}

/// The stored auto-lock time. Bounds are checked when read as well as when written: a value
/// outside them (from a vault written by something else) is not applied; the default is.
fn stored_auto_lock(vault: &Vault) -> Result<u32, ApiError> {
    Ok(vault
        .setting(AUTO_LOCK_SETTING)?
        .and_then(|v| v.parse().ok())
        .filter(|s| (MIN_AUTO_LOCK_SECONDS..=MAX_AUTO_LOCK_SECONDS).contains(s))
        .unwrap_or(DEFAULT_AUTO_LOCK_SECONDS))
}

/// A deliberate restore is part of the vault's history: the ledger says which changes the
/// person accepted to lose.
pub(crate) fn record_accepted_restore(vault: &mut Vault, at: Timestamp) -> Result<(), ApiError> {
    // not words: a ledger entry's detail is part of its hashed record, kept as written
    let detail = match vault.anchor_report() {
        AnchorReport::RestoreAccepted {
            missing_from,
            missing_to,
        } => format!(
            "an older copy of the vault was accepted on this computer; changes \
             {missing_from}..{missing_to} are missing"
        ),
        AnchorReport::DamagedAnchorReplaced => {
            "the vault was accepted as it is on this computer, whose record of it was damaged"
                .to_owned()
        }
        _ => return Ok(()),
    };
    tessera_exchange::ledger::append(
        vault,
        at.as_second(),
        tessera_exchange::ledger::Event {
            event: tessera_exchange::ledger::LedgerEvent::VaultRestoreAccepted,
            brand: None,
            fields: vec![],
            detail,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(dir: &Path, override_secs: Option<u64>, now: ContinuousInstant) -> Session {
        Session::new(
            dir.to_path_buf(),
            SessionOptions {
                kdf: KdfChoice::Fixed(KdfParams::FLOOR),
                auto_lock_override: override_secs.map(Duration::from_secs),
                anchors: None,
            },
            now,
        )
    }

    fn pass(s: &str) -> Passphrase {
        Passphrase::from_str_copy(s)
    }

    #[test]
    fn create_lock_unlock_cycle() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        assert!(!s.state().exists);
        assert_eq!(
            s.unlock(&pass("whatever it is"), t0).unwrap_err().code,
            ApiErrorCode::VaultNotFound
        );
        let state = s.create(&pass("correct horse battery"), t0).unwrap();
        assert!(state.exists && state.unlocked);
        assert_eq!(state.auto_lock_seconds, DEFAULT_AUTO_LOCK_SECONDS);
        assert!(!s.lock().unlocked);
        assert_eq!(s.settings().unwrap_err().code, ApiErrorCode::VaultLocked);
        let err = s.unlock(&pass("wrong horse battery"), t0).unwrap_err();
        assert_eq!(err.code, ApiErrorCode::WrongPassphrase);
        assert!(
            s.unlock(&pass("correct horse battery"), t0)
                .unwrap()
                .unlocked
        );
        // This process holds the vault: it is not "in use by another process".
        assert!(!s.status().unwrap().in_use);
    }

    #[test]
    fn an_older_copy_is_refused_then_accepted_and_recorded() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let options = SessionOptions {
            kdf: KdfChoice::Fixed(KdfParams::FLOOR),
            auto_lock_override: None,
            anchors: Some(AnchorDir(tmp.path().join("anchors"))),
        };
        let dir = tmp.path().join("vault");
        let mut s = Session::new(dir.clone(), options.clone(), t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        assert_eq!(
            s.status().unwrap().rollback_check,
            crate::RollbackCheck::Active
        );
        s.lock();
        let db = std::fs::read(dir.join("vault.db")).unwrap();
        s.unlock(&pass("correct horse battery"), t0).unwrap();
        s.set_auto_lock(600, t0).unwrap();
        s.lock();
        std::fs::write(dir.join("vault.db"), db).unwrap();
        let err = s.unlock(&pass("correct horse battery"), t0).unwrap_err();
        assert_eq!(err.code, ApiErrorCode::VaultRolledBack);
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        s.unlock_with(
            &pass("correct horse battery"),
            RestorePolicy::Accept { at },
            t0,
        )
        .unwrap();
        let entries = tessera_exchange::ledger::list(s.vault().unwrap()).unwrap();
        let last = entries.last().unwrap();
        assert_eq!(last.event, "vault_restore_accepted");
        assert!(last.detail.contains("are missing"), "{}", last.detail);
        s.lock();
        s.unlock(&pass("correct horse battery"), t0).unwrap();

        let elsewhere = Session::new(
            dir,
            SessionOptions {
                anchors: Some(AnchorDir(tmp.path().join("new-computer"))),
                ..options
            },
            t0,
        );
        s.lock();
        assert_eq!(
            elsewhere.status().unwrap().rollback_check,
            crate::RollbackCheck::NoRecordHere
        );
    }

    #[test]
    fn a_stored_auto_lock_outside_the_bounds_is_not_applied() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        // Written below the API's bounds check, as another program could.
        s.vault_mut()
            .unwrap()
            .set_setting(AUTO_LOCK_SETTING, "5")
            .unwrap();
        s.lock();
        s.unlock(&pass("correct horse battery"), t0).unwrap();
        assert_eq!(s.state().auto_lock_seconds, DEFAULT_AUTO_LOCK_SECONDS);
        assert_eq!(
            s.settings().unwrap().auto_lock_seconds,
            DEFAULT_AUTO_LOCK_SECONDS
        );
    }

    #[test]
    fn auto_lock_after_idle_time_and_touch_postpones_it() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        s.set_auto_lock(120, t0).unwrap();
        assert!(!s.lock_if_idle(t0 + Duration::from_secs(119)));
        s.touch(t0 + Duration::from_secs(100));
        assert!(!s.lock_if_idle(t0 + Duration::from_secs(219)));
        assert!(s.lock_if_idle(t0 + Duration::from_secs(220)));
        assert!(!s.state().unlocked);
        assert!(
            !s.lock_if_idle(t0 + Duration::from_secs(999)),
            "already locked"
        );
        // The setting persists in the vault.
        s.unlock(&pass("correct horse battery"), t0).unwrap();
        assert_eq!(s.state().auto_lock_seconds, 120);
    }

    #[test]
    fn a_shorter_auto_lock_time_counts_from_the_change() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        // Four minutes into the default five, the person picks one minute.
        s.set_auto_lock(60, t0 + Duration::from_secs(240)).unwrap();
        assert!(!s.lock_if_idle(t0 + Duration::from_secs(299)));
        assert!(s.lock_if_idle(t0 + Duration::from_secs(300)));
    }

    #[test]
    fn auto_lock_override_wins_and_bounds_are_enforced() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), Some(3), t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        assert_eq!(s.state().auto_lock_seconds, 3);
        let err = s.set_auto_lock(5, t0).unwrap_err();
        assert_eq!(err.code, ApiErrorCode::InvalidInput);
        assert!(err.message.contains("between 1 minute and 8 hours"));
        assert!(s.set_auto_lock(600, t0).unwrap().auto_lock_overridden);
        assert_eq!(s.state().auto_lock_seconds, 3);
        assert!(s.lock_if_idle(t0 + Duration::from_secs(3)));
    }

    /// Issue 7: `Instant` stopped while the computer slept, so a laptop suspended with the vault
    /// open woke up with seconds of idle time. On the clock the session now reads, a night of
    /// sleep is a night of idle time, and the first check after the resume locks.
    #[test]
    fn idle_time_across_a_suspend_locks_at_the_first_check_after_resume() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        // The idle task's checks, once a second, while the person reads a screen.
        for second in 1..=10 {
            assert!(!s.lock_if_idle(t0 + Duration::from_secs(second)));
        }
        // The lid closes; the next check runs on resume, eight hours of sleep later.
        let resumed = t0 + Duration::from_secs(10 + 8 * 3600);
        assert!(s.lock_if_idle(resumed));
        assert!(!s.state().unlocked);
    }

    /// The first mouse move after a resume can reach the session before the idle check does;
    /// it must not wipe out the night's idle time. Nor may any other call that counts as
    /// activity.
    #[test]
    fn activity_after_a_suspend_does_not_postpone_the_lock() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let night = Duration::from_secs(8 * 3600);
        let second = Duration::from_secs(1);
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        s.touch(t0 + Duration::from_secs(60));
        assert!(
            !s.lock_if_idle(t0 + Duration::from_secs(61)),
            "ordinary activity"
        );

        let resumed = t0 + Duration::from_secs(60) + night;
        s.touch(resumed);
        assert!(
            s.lock_if_idle(resumed + second),
            "the touch after the suspend"
        );
        assert!(!s.state().unlocked);

        let passphrase = pass("correct horse battery");
        s.unlock(&passphrase, resumed).unwrap();
        let resumed = resumed + night;
        s.unlock(&passphrase, resumed).unwrap();
        assert!(s.lock_if_idle(resumed + second), "unlocking an open vault");

        s.unlock(&passphrase, resumed).unwrap();
        let resumed = resumed + night;
        s.set_auto_lock(600, resumed).unwrap();
        assert!(
            s.lock_if_idle(resumed + second),
            "changing the auto-lock time"
        );

        s.unlock(&passphrase, resumed).unwrap();
        let resumed = resumed + night;
        s.change_passphrase(&passphrase, &pass("new passphrase here"), resumed)
            .unwrap();
        assert!(s.lock_if_idle(resumed + second), "changing the passphrase");
    }

    /// Where the only clock that counts sleep is the wall clock, it can be set back; the idle
    /// time is then unknown, and unknown locks.
    #[test]
    fn a_clock_that_goes_backwards_locks() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        assert!(s.lock_if_idle(ContinuousInstant::at(Duration::from_secs(999))));
        assert!(!s.state().unlocked);
        s.unlock(&pass("correct horse battery"), t0).unwrap();
        let earlier = ContinuousInstant::at(Duration::from_secs(10));
        s.touch(earlier);
        assert!(
            s.lock_if_idle(earlier),
            "activity at a time set back postpones nothing"
        );
    }

    #[test]
    fn lock_on_a_system_signal_reports_whether_it_locked() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        assert!(!s.lock_if_unlocked(), "no vault open yet");
        s.create(&pass("correct horse battery"), t0).unwrap();
        assert!(s.lock_if_unlocked());
        assert!(!s.state().unlocked);
        assert!(!s.lock_if_unlocked(), "already locked");
    }

    #[test]
    fn change_passphrase_requires_the_current_one() {
        let tmp = tempfile::tempdir().unwrap();
        let t0 = ContinuousInstant::at(Duration::from_secs(1_000));
        let mut s = session(tmp.path(), None, t0);
        s.create(&pass("correct horse battery"), t0).unwrap();
        let err = s
            .change_passphrase(
                &pass("not the passphrase"),
                &pass("new passphrase here"),
                t0,
            )
            .unwrap_err();
        assert_eq!(err.code, ApiErrorCode::WrongPassphrase);
        assert!(
            s.state().unlocked,
            "a wrong current passphrase leaves the vault open"
        );
        s.change_passphrase(
            &pass("correct horse battery"),
            &pass("new passphrase here"),
            t0,
        )
        .unwrap();
        assert!(s.state().unlocked);
        s.lock();
        assert!(s.unlock(&pass("correct horse battery"), t0).is_err());
        assert!(s.unlock(&pass("new passphrase here"), t0).is_ok());
    }

    #[test]
    fn strength_hint_flags_short_passphrases() {
        assert!(!estimate_strength(&pass("abc")).long_enough);
        let strong = estimate_strength(&pass("violet tractor mumbles quietly"));
        assert!(strong.long_enough && strong.score >= 3);
    }
}
