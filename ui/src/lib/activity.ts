// Reports user activity to the backend, which owns the auto-lock timer. At most one report per
// `intervalMs`, so moving the mouse does not flood IPC.

export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel"] as const;

export function throttle(report: () => void, intervalMs: number, now: () => number = Date.now) {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last >= intervalMs) {
      last = t;
      report();
    }
  };
}

export function watchActivity(target: EventTarget, report: () => void, intervalMs = 1000) {
  const onActivity = throttle(report, intervalMs);
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, onActivity, { passive: true });
  return () => {
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, onActivity);
  };
}
