import { describe, expect, it } from "vitest";
import { formsFor, initialSelection, missingRequired, selectedSensitive } from "./exchange";
import type { RequestReview } from "../bindings/RequestReview";
import type { ReviewField } from "../bindings/ReviewField";

function field(name: string, extra: Partial<ReviewField> = {}): ReviewField {
  return {
    name,
    label: name,
    form: "raw",
    forms: ["raw", "country"],
    required: false,
    purposes: [],
    sensitivity: "standard",
    sensitivity_label: "",
    has_value: true,
    preselected: false,
    new_since_last_grant: true,
    ...extra,
  };
}

function review(fields: ReviewField[], status = "pending"): RequestReview {
  return {
    id: "h", jti: "r", status, brand: "https://shop.example", brand_name: "Shop", fingerprint: "f", first_seen: "d",
    privacy_policy: "p", contact: "c", authority: null, received_at: "t", expires_at: "t", offer: null,
    never: [], purposes: [], fields, reply: "file",
  };
}

describe("request review", () => {
  it("offers only the asked form unless the exact value was asked", () => {
    expect(formsFor({ form: "age_over_18", forms: ["raw", "age_over_18", "age_range"] })).toEqual(["age_over_18"]);
    expect(formsFor({ form: "raw", forms: ["raw", "country"] })).toEqual(["raw", "country"]);
  });

  it("preselects required and rule-allowed fields that have a value, never when answered", () => {
    const r = review([
      field("a", { preselected: true }),
      field("b"),
      field("c", { preselected: true, has_value: false }),
    ]);
    expect(initialSelection(r)).toEqual({ a: true, b: false, c: false });
    expect(initialSelection(review([field("a", { preselected: true })], "approved"))).toEqual({ a: false });
  });

  it("lists the selected sensitive fields for the confirmation", () => {
    const r = review([field("a", { sensitivity: "health", sensitivity_label: "health" }), field("b")]);
    expect(selectedSensitive(r, { a: true, b: true }).map((f) => f.name)).toEqual(["a"]);
    expect(selectedSensitive(r, { a: false, b: true })).toEqual([]);
  });
});

describe("required fields", () => {
  it("lists the required fields left out", () => {
    const r = review([field("a", { required: true }), field("b", { required: true }), field("c")]);
    expect(missingRequired(r, { a: true, b: false, c: false }).map((f) => f.name)).toEqual(["b"]);
  });
});
