import { describe, expect, it } from "vitest";
import { approveRequest, canRenew, categoryLabels, fieldLabels, initialForms, initialSelection, isNewField, lastTimeHint } from "./exchange";
import type { RequestStatus } from "../bindings/RequestStatus";
import type { RequestReview } from "../bindings/RequestReview";
import type { ReviewField } from "../bindings/ReviewField";

function field(name: string, extra: Partial<ReviewField> = {}): ReviewField {
  return {
    name,
    label: name,
    form: "raw",
    forms: ["raw", "country"],
    form_choices: ["raw", "country"],
    required: false,
    purposes: [],
    sensitivity: "standard",
    sensitive: false,
    sensitivity_label: "",
    has_value: true,
    preselected: false,
    initial_form: extra.form ?? "raw",
    initial_from: "request",
    last_time: { answer: "no_answer" },
    ...extra,
  };
}

function review(fields: ReviewField[], status: RequestStatus = "pending"): RequestReview {
  return {
    id: "h", jti: "r", status, brand: "https://shop.example", brand_name: "Shop", fingerprint: "f", first_seen: "d",
    privacy_policy: "p", contact: "c", authority: null, received_at: "t", expires_at: "t", offer: null,
    never: [], purposes: [], fields, reply: "file", changes: { since: null, since_granted_at: null, changes: [] }, conflicts: [],
  };
}

describe("request review", () => {
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

  it("says what the person did with a field last time, and calls new what was not given", () => {
    const label = (form: string) => `<${form}>`;
    const given = field("birthdate", { last_time: { answer: "given", form: "age_over_18" } });
    expect(lastTimeHint(given, label)).toBe("Given last time as <age_over_18>.");
    expect(isNewField(given)).toBe(false);
    const leftOut = field("shoe_size", { last_time: { answer: "left_out" } });
    expect(lastTimeHint(leftOut, label)).toBe("Left out last time.");
    expect(isNewField(leftOut)).toBe(true);
    expect(lastTimeHint(field("phone", { last_time: { answer: "not_asked" } }), label)).toBe("Not asked for last time.");
    // A first request: every field is new, and there is nothing to say about last time.
    expect(lastTimeHint(field("email"), label)).toBeNull();
    expect(isNewField(field("email"))).toBe(true);
  });

  it("names each category once, in words for the person", () => {
    const chosen = [
      field("allergies", { sensitivity: "health", sensitive: true, sensitivity_label: "health" }),
      field("medications", { sensitivity: "health", sensitive: true, sensitivity_label: "health" }),
      field("religion", { sensitivity: "belief", sensitive: true, sensitivity_label: "religious or philosophical beliefs" }),
      field("email"),
    ];
    expect(categoryLabels(chosen)).toEqual(["health", "religious or philosophical beliefs"]);
    expect(categoryLabels([field("email")])).toEqual([]);
  });
});

describe("renewing a grant", () => {
  it("is offered once a grant ends soon or has ended, unless revoked or renewed already", () => {
    expect(canRenew({ state: "expiring", renewed_by: null })).toBe(true);
    expect(canRenew({ state: "expired", renewed_by: null })).toBe(true);
    expect(canRenew({ state: "active", renewed_by: null })).toBe(false);
    expect(canRenew({ state: "revoked", renewed_by: null })).toBe(false);
    expect(canRenew({ state: "expiring", renewed_by: "grant-2" })).toBe(false);
  });
});

describe("the choices sent to the core", () => {
  it("sends the selected fields in the review's order with their forms, by the request's hash", () => {
    const r = review([field("a"), field("b"), field("c")]);
    const req = approveRequest(r, {
      selected: { c: true, a: true, b: false },
      forms: { a: "country", c: "raw" },
      until: "",
      updateRules: true,
      confirmCategories: ["health"],
    });
    expect(req).toEqual({
      jti: "h",
      fields: [
        { name: "a", form: "country" },
        { name: "c", form: "raw" },
      ],
      all: false,
      confirm_categories: ["health"],
      until: null,
      update_rules: true,
    });
    const none = approveRequest(r, { selected: {}, forms: {}, until: "2027-01-31", updateRules: false, confirmCategories: [] });
    expect(none.fields).toEqual([]);
    expect(none.all).toBe(false);
    expect(none.until).toBe("2027-01-31");
  });

  it("words the fields the core names with the review's labels", () => {
    const r = review([field("email", { label: "Email" }), field("birthdate", { label: "Date of birth" })]);
    expect(fieldLabels(r, ["birthdate", "email"])).toEqual(["Date of birth", "Email"]);
    expect(fieldLabels(r, ["unknown"])).toEqual(["unknown"]);
  });
});
