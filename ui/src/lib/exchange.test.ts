import { describe, expect, it } from "vitest";
import {
  categoryLabels,
  confirmedCategories,
  formsFor,
  initialForms,
  initialSelection,
  missingRequired,
  selectedSensitive,
} from "./exchange";
import type { RequestStatus } from "../bindings/RequestStatus";
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
    initial_form: extra.form ?? "raw",
    new_since_last_grant: true,
    ...extra,
  };
}

function review(fields: ReviewField[], status: RequestStatus = "pending"): RequestReview {
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

  it("starts each field on the form the core chose, never the asked one when a rule is coarser", () => {
    const r = review([
      field("birthdate", { form: "raw", initial_form: "age_over_18", preselected: true }),
      field("address", { form: "raw" }),
    ]);
    expect(initialForms(r)).toEqual({ birthdate: "age_over_18", address: "raw" });
  });

  it("names each confirmed category once, by code for the core and in words for the person", () => {
    const chosen = [
      field("allergies", { sensitivity: "health", sensitivity_label: "health" }),
      field("medications", { sensitivity: "health", sensitivity_label: "health" }),
      field("religion", { sensitivity: "belief", sensitivity_label: "religious or philosophical beliefs" }),
      field("email"),
    ];
    expect(confirmedCategories(chosen)).toEqual(["health", "belief"]);
    expect(categoryLabels(chosen)).toEqual(["health", "religious or philosophical beliefs"]);
    expect(confirmedCategories([field("email")])).toEqual([]);
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
