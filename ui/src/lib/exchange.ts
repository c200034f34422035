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

export function selectedSensitive(r: RequestReview, selected: Record<string, boolean>): ReviewField[] {
  return r.fields.filter((f) => selected[f.name] && f.sensitivity !== "standard");
}

/** Required fields the person chose not to share: the brand may refuse the grant. */
export function missingRequired(r: RequestReview, selected: Record<string, boolean>): ReviewField[] {
  return r.fields.filter((f) => f.required && !selected[f.name]);
}
