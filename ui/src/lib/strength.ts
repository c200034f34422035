import type { StrengthHint } from "../bindings/StrengthHint";
import { limits } from "./vocabulary";
import { t } from "./i18n";

/** Words for the strength meter. Advice only: the hard rule is the minimum length. */
export function describeStrength(hint: StrengthHint | null): string {
  if (!hint) return "";
  if (!hint.long_enough) return t("passphrase-too-short", { count: limits().min_passphrase_chars });
  return t("passphrase-strength", { label: hint.label, time: hint.crack_time });
}
