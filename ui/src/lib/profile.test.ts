import { describe, expect, it } from "vitest";
import { customFieldName, groupByCategory, matchesSearch, pageOf, plainValue } from "./profile";
import type { ProfileValueView } from "../bindings/ProfileValueView";

function value(name: string, category: string, text: string, label: string | null = null): ProfileValueView {
  return {
    field: {
      name,
      label: name.replace("_", " "),
      category,
      sensitivity: "standard",
      sensitive: false,
      sensitivity_label: "",
      multiple: false,
      kind: "text",
      choices: [],
      multiline: false,
      forms: ["raw"],
      custom: false,
      description: "",
    },
    value: text,
    label,
    primary: true,
    provenance: "entered on 2026-11-29",
  };
}

describe("profile helpers", () => {
  it("groups by category in first-seen order", () => {
    const groups = groupByCategory([
      value("given_name", "identity", "Ada"),
      value("email", "contact", "a@b.example"),
      value("family_name", "identity", "L"),
    ]);
    expect(groups.map((g) => g.category)).toEqual(["identity", "contact"]);
    expect(groups[0].values).toHaveLength(2);
  });

  it("searches names, labels, values and value labels", () => {
    const v = value("email", "contact", "ada@work.example", "work");
    expect(matchesSearch(v, "WORK")).toBe(true);
    expect(matchesSearch(v, "email")).toBe(true);
    expect(matchesSearch(v, "home")).toBe(false);
    expect(matchesSearch(v, "  ")).toBe(true);
  });

  it("pages and clamps", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(pageOf(items, 0, 3)).toEqual([0, 1, 2]);
    expect(pageOf(items, 9, 3)).toEqual([9]);
    expect(pageOf(items, 50, 3)).toEqual([9]);
    expect(pageOf([], 0, 3)).toEqual([]);
  });

  it("makes custom field names", () => {
    const limits = { custom_field_prefix: "custom.", max_custom_name_chars: 48 };
    expect(customFieldName("Coffee order!", limits)).toBe("custom.coffee_order");
    expect(customFieldName("Café", limits)).toBe("custom.cafe");
    expect(customFieldName("!!!", limits)).toBe("");
    expect(customFieldName("a".repeat(60), limits)).toBe(`custom.${"a".repeat(48)}`);
    // Form labels come from Rust now: vocabulary.test.ts and tessera-api's vocabulary test.
  });
});

describe("plainValue", () => {
  it("says nothing but the field and its value", () => {
    expect(plainValue("given_name", "Ada")).toEqual({
      field: "given_name",
      value: "Ada",
      label: null,
      primary: false,
      region: null,
      custom_label: null,
      category: null,
      sensitivity: null,
    });
  });
});
