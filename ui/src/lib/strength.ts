import type { StrengthHint } from "../bindings/StrengthHint";
import { limits } from "./vocabulary";

/** Words for the strength meter. Advice only: the hard rule is the minimum length. */
export function describeStrength(hint: StrengthHint | null): string {
  if (!hint) return "";
  if (!hint.long_enough) return `Too short: use at least ${limits().min_passphrase_chars} characters`;
  return `${hint.label}. Time to guess it from a stolen copy of your vault: ${hint.crack_time}`;
}
