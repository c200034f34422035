import type { StrengthHint } from "../bindings/StrengthHint";
import { limits } from "./vocabulary";

/** Words for the strength meter. Advice only: the hard rule is the minimum length. */
export function describeStrength(hint: StrengthHint | null): string {
  if (!hint) return "";
  if (!hint.long_enough) return `Too short: use at least ${limits().min_passphrase_chars} characters`;
  return `${hint.label}. Time to guess it from a stolen copy of your vault: ${hint.crack_time}`;
}

/** Whether the passphrase shortcut is Ctrl+L (Cmd+L on macOS). */
export function isLockShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "l";
}
