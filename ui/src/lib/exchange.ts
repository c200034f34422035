// Pure helpers for the request review (unit-tested in exchange.test.ts). What an approval
// grants (required fields left out, special categories to confirm) is the core's answer to
// `request_preview`, never worked out here.
import type { ApproveRequest } from "../bindings/ApproveRequest";
import type { RequestReview } from "../bindings/RequestReview";
import type { ReviewField } from "../bindings/ReviewField";

/** Required fields and those a standing rule allows start selected; nothing without a value. */
export function initialSelection(r: RequestReview): Record<string, boolean> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.preselected && f.has_value && r.status === "pending"]));
}

/** The form each field starts on: the core's choice, never finer than the person's standing rule. */
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
