import type { StrengthHint } from "../bindings/StrengthHint";

export const STRENGTH_LABELS = ["Very weak", "Weak", "Fair", "Strong", "Very strong"] as const;

/** Words for the strength meter. Advice only: the hard rule is the minimum length. */
export function describeStrength(hint: StrengthHint | null): string {
  if (!hint) return "";
  if (!hint.long_enough) return "Too short: use at least 8 characters";
  const label = STRENGTH_LABELS[Math.min(Math.max(hint.score, 0), 4)];
  return `${label}. Time to guess it from a stolen copy of your vault: ${hint.crack_time}`;
}

/** Whether the passphrase shortcut is Ctrl+L (Cmd+L on macOS). */
export function isLockShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l";
}
