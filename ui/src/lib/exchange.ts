// Pure helpers for the request review (unit-tested in exchange.test.ts). What an approval
// grants (required fields left out, special categories to confirm) is the core's answer to
// `request_preview`, never worked out here.
import type { ApproveRequest } from "../bindings/ApproveRequest";
import type { GrantSummary } from "../bindings/GrantSummary";
import type { RequestReview } from "../bindings/RequestReview";
import type { ReviewField } from "../bindings/ReviewField";
import { t } from "./i18n";

/** The fields the core preselects (required ones on a first request, those a standing rule allows, those given last
 * time) start selected; nothing without a value. */
export function initialSelection(r: RequestReview): Record<string, boolean> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.preselected && f.has_value && r.status === "pending"]));
}

/** The words under a field for what the person did with it when they last answered the brand, if they did. */
export function lastTimeHint(f: Pick<ReviewField, "last_time">, formLabel: (form: string) => string): string | null {
  switch (f.last_time.answer) {
    case "no_answer":
      return null;
    case "given":
      return t("requests-last-given", { form: formLabel(f.last_time.form) });
    case "left_out":
      return t("requests-last-left-out");
    case "not_asked":
      return t("requests-last-not-asked");
  }
}

/** A grant is offered for renewal once it ends soon or has ended, unless revoked or renewed already. */
export function canRenew(g: Pick<GrantSummary, "state" | "renewed_by">): boolean {
  return (g.state === "expiring" || g.state === "expired") && g.renewed_by === null;
}

/** Not given in the brand's last grant (every field of a first request). */
export function isNewField(f: Pick<ReviewField, "last_time">): boolean {
  return f.last_time.answer !== "given";
}

/** The form each field starts on: the core's choice, never finer than the person's standing rule or last answer. */
export function initialForms(r: RequestReview): Record<string, string> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.initial_form]));
}

/** The person's choices on the review screen. */
export interface ReviewChoices {
  selected: Record<string, boolean>;
  forms: Record<string, string>;
  until: string;
  updateRules: boolean;
  /** The special categories the person confirmed, by name. */
  confirmCategories: string[];
}

/** The choices as the core takes them, for `request_preview` and `request_approve` alike. */
export function approveRequest(r: RequestReview, c: ReviewChoices): ApproveRequest {
  return {
    jti: r.id,
    fields: r.fields.filter((f) => c.selected[f.name]).map((f) => ({ name: f.name, form: c.forms[f.name] ?? null })),
    all: false,
    confirm_categories: c.confirmCategories,
    until: c.until || null,
    update_rules: c.updateRules,
  };
}

/** The review's words for fields the core names (its label; the name for one it does not list). */
export function fieldLabels(r: RequestReview, names: string[]): string[] {
  return names.map((n) => r.fields.find((f) => f.name === n)?.label ?? n);
}

/** Plain words for the categories of the sensitive fields chosen, once each, for the confirmation. */
export function categoryLabels(fields: Pick<ReviewField, "sensitive" | "sensitivity_label">[]): string[] {
  return [...new Set(fields.filter((f) => f.sensitive).map((f) => f.sensitivity_label))];
}
