// Pure helpers for the request review (unit-tested in exchange.test.ts).
import type { RequestReview } from "../bindings/RequestReview";
import type { ReviewField } from "../bindings/ReviewField";

/** Forms the person may give: the one asked, or any offered form when the exact value was asked. */
export function formsFor(f: Pick<ReviewField, "form" | "forms">): string[] {
  return f.form === "raw" ? f.forms : [f.form];
}

/** Required fields and those a standing rule allows start selected; nothing without a value. */
export function initialSelection(r: RequestReview): Record<string, boolean> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.preselected && f.has_value && r.status === "pending"]));
}

/** The form each field starts on: the core's choice, never finer than the person's standing rule. */
export function initialForms(r: RequestReview): Record<string, string> {
  return Object.fromEntries(r.fields.map((f) => [f.name, f.initial_form]));
}

export function selectedSensitive(r: RequestReview, selected: Record<string, boolean>): ReviewField[] {
  return r.fields.filter((f) => selected[f.name] && f.sensitivity !== "standard");
}

/** Required fields the person chose not to share: the brand may refuse the grant. */
export function missingRequired(r: RequestReview, selected: Record<string, boolean>): ReviewField[] {
  return r.fields.filter((f) => f.required && !selected[f.name]);
}

/** The special categories the person confirms, by name (once each): what `confirm_categories` carries. */
export function confirmedCategories(fields: Pick<ReviewField, "sensitivity">[]): string[] {
  return [...new Set(fields.map((f) => f.sensitivity).filter((s) => s !== "standard"))];
}

/** Plain words for the categories of the sensitive fields chosen, once each, for the confirmation. */
export function categoryLabels(fields: Pick<ReviewField, "sensitivity" | "sensitivity_label">[]): string[] {
  return [...new Set(fields.filter((f) => f.sensitivity !== "standard").map((f) => f.sensitivity_label))];
}
