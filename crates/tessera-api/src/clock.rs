//! The clock that idle time is measured on.
//!
//! `std::time::Instant` stops while the computer sleeps on Linux (`CLOCK_MONOTONIC`) and macOS
//! (`mach_absolute_time`): a laptop suspended for a night with the vault open would wake up with
//! a few seconds of idle time and stay unlocked. Idle time must count the sleep, so the session
//! takes readings of a clock that does.

use std::ops::Add;
use std::time::Duration;

/// A reading of a clock that keeps counting while the computer sleeps, as a duration since the
/// clock's origin. Readings are only comparable within one process.
///
/// The faces read it with [`ContinuousInstant::now`] and pass it in; domain code never reads the
/// clock itself, so tests can simulate a night of sleep without sleeping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContinuousInstant(Duration);

impl ContinuousInstant {
    /// A reading at this distance from the clock's origin (for tests and simulations).
    pub const fn at(since_origin: Duration) -> Self {
        ContinuousInstant(since_origin)
    }

    /// Reads the platform's clock:
    /// - Linux and Android: `CLOCK_BOOTTIME`, monotonic and counting suspend;
    /// - macOS and iOS: `CLOCK_MONOTONIC`, which on Apple's systems counts sleep (unlike
    ///   `CLOCK_UPTIME_RAW`, which `Instant` uses);
    /// - elsewhere: the wall clock, which counts sleep but can be set backwards; a reading
    ///   earlier than the last one is treated by the session as "cannot tell, lock".
    pub fn now() -> Self {
        ContinuousInstant(read_platform_clock())
    }

    /// How long after `earlier` this reading is, or `None` when the clock went backwards.
    pub fn checked_duration_since(self, earlier: ContinuousInstant) -> Option<Duration> {
        self.0.checked_sub(earlier.0)
    }
}

impl Add<Duration> for ContinuousInstant {
    type Output = ContinuousInstant;

    /// Saturates instead of overflowing: a reading past the end of time is still "later".
    fn add(self, rhs: Duration) -> ContinuousInstant {
        ContinuousInstant(self.0.saturating_add(rhs))
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn read_platform_clock() -> Duration {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let clock = rustix::time::ClockId::Boottime;
    #[cfg(target_vendor = "apple")]
    let clock = rustix::time::ClockId::Monotonic;
    timespec_duration(rustix::time::clock_gettime(clock))
}

#[allow(
    clippy::disallowed_methods,
    reason = "the clock reader itself, on platforms without a boot-time clock"
)]
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn read_platform_clock() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn timespec_duration(time: rustix::time::Timespec) -> Duration {
    // The kernel never reports negative boot or monotonic time; clamp rather than trust that.
    let secs = u64::try_from(time.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(time.tv_nsec).unwrap_or(0).min(999_999_999);
    Duration::new(secs, nanos)
}

#[cfg(test)]
#[allow(clippy::disallowed_methods, reason = "the clock's own tests read it")]
mod tests {
    use super::*;

    #[test]
    fn readings_never_go_backwards_and_backwards_is_detected() {
        let first = ContinuousInstant::now();
        let second = ContinuousInstant::now();
        assert!(second.checked_duration_since(first).is_some());
        let t = ContinuousInstant::at(Duration::from_secs(100));
        assert_eq!(
            (t + Duration::from_secs(5)).checked_duration_since(t),
            Some(Duration::from_secs(5))
        );
        assert_eq!(t.checked_duration_since(t + Duration::from_secs(1)), None);
        assert_eq!(
            ContinuousInstant::at(Duration::MAX) + Duration::from_secs(1),
            ContinuousInstant::at(Duration::MAX)
        );
    }

    /// Environment variable that marks the re-executed child of the test below.
    #[cfg(target_os = "linux")]
    const CHILD_ENV: &str = "TESSERA_CLOCK_TEST_IN_TIME_NAMESPACE";
    /// How much suspended time the child's time namespace pretends has passed.
    #[cfg(target_os = "linux")]
    const SLEPT_SECS: u64 = 7_200;

    /// A suspend cannot be triggered in a test, but its trace on the clocks can: in a Linux time
    /// namespace whose boot clock is two hours ahead of its monotonic clock (exactly what two
    /// hours of suspend leave behind), the reading must be at least two hours past
    /// `CLOCK_MONOTONIC`, the clock `Instant` reads. The test re-runs itself in such a namespace
    /// (`unshare --time --boottime`, util-linux; root or unprivileged user namespaces).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_clock_counts_time_that_the_monotonic_clock_does_not() {
        if std::env::var_os(CHILD_ENV).is_some() {
            let monotonic = timespec_duration(rustix::time::clock_gettime(
                rustix::time::ClockId::Monotonic,
            ));
            let reading = ContinuousInstant::now();
            let ahead = reading
                .checked_duration_since(ContinuousInstant::at(monotonic))
                .expect("the reading is behind the monotonic clock");
            assert!(
                ahead >= Duration::from_secs(SLEPT_SECS),
                "the reading is only {ahead:?} ahead of CLOCK_MONOTONIC: it does not count suspend"
            );
            println!("reading is {ahead:?} ahead of CLOCK_MONOTONIC");
            return;
        }
        let test = "clock::tests::the_clock_counts_time_that_the_monotonic_clock_does_not";
        // Root makes the namespace directly; anyone else through a user namespace.
        let mut last = None;
        for user_namespace in [false, true] {
            let mut command = std::process::Command::new("unshare");
            if user_namespace {
                command.args(["--user", "--map-root-user"]);
            }
            let out = command
                .args(["--time", "--boottime", &SLEPT_SECS.to_string(), "--"])
                .arg(std::env::current_exe().unwrap())
                .args([test, "--exact", "--nocapture", "--test-threads=1"])
                .env(CHILD_ENV, "1")
                .output()
                .expect("unshare (util-linux) runs");
            let ran = String::from_utf8_lossy(&out.stdout).contains("running 1 test");
            last = Some(out);
            if ran {
                break;
            }
        }
        let out = last.unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "the test failed inside a time namespace (if unshare could not make one, run as \
             root or allow unprivileged user namespaces):\n{stdout}\n{stderr}"
        );
        assert!(stdout.contains("ahead of CLOCK_MONOTONIC"), "{stdout}");
    }
}
