import { describe, expect, it } from "vitest";
import {
  cardDetails,
  cardTitle,
  choicesOf,
  fieldLabel,
  initialInputs,
  offersOptIn,
  withOptIn,
  regionOf,
  optInCounts,
  sameChoices,
  skippedPhones,
  summarize,
  visibleChanges,
} from "./importing";
import type { ImportAction } from "../bindings/ImportAction";
import type { ImportChangeView } from "../bindings/ImportChangeView";
import type { ImportPlanView } from "../bindings/ImportPlanView";

function change(field: string, action: ImportAction, primary = true, label: string | null = null): ImportChangeView {
  return { field, label, value: "v", primary, says_primary: primary, action, old: action === "replace" ? "old" : null, origin: "line 3" };
}

function plan(over: Partial<ImportPlanView> = {}): ImportPlanView {
  return {
    file: "pasted card",
    format: "vcard",
    cards: [{ index: 1, name: "Ada", details: [] }],
    card: 1,
    needs_card_choice: false,
    changes: [],
    skipped: [],
    notes: [],
    opt_in: [],
    region: null,
    adds: 0,
    replacements: 0,
    unchanged: 0,
    writes: 0,
    ...over,
  };
}

const CATALOGUE = [
  { name: "email", label: "Email", multiple: true },
  { name: "given_name", label: "Given name", multiple: false },
];

describe("import choices", () => {
  it("reads the region as two letters, or nothing", () => {
    expect(regionOf("")).toBeNull();
    expect(regionOf("  ")).toBeNull();
    expect(regionOf(" us ")).toBe("US");
    expect(regionOf("u")).toBeUndefined();
    expect(regionOf("USA")).toBeUndefined();
    expect(regionOf("1a")).toBeUndefined();
  });

  it("builds the choices the core takes, none while the region is half typed", () => {
    expect(choicesOf(initialInputs())).toEqual({ card: null, region: null, include: [] });
    expect(choicesOf({ card: 2, region: "fr", include: ["notes"] })).toEqual({
      card: 2,
      region: "FR",
      include: ["notes"],
    });
    expect(choicesOf({ card: null, region: "", include: ["notes", "categories"] })?.include).toEqual([
      "categories",
      "notes",
    ]);
    expect(choicesOf({ ...initialInputs(), region: "F" })).toBeNull();
  });

  it("compares choices field by field; an incomplete side never matches", () => {
    const a = choicesOf({ ...initialInputs(), region: "us" });
    expect(sameChoices(a, choicesOf({ ...initialInputs(), region: "US " }))).toBe(true);
    expect(sameChoices(a, choicesOf({ ...initialInputs(), region: "US", include: ["notes"] }))).toBe(false);
    const both = choicesOf({ ...initialInputs(), include: ["notes", "categories"] });
    expect(sameChoices(both, choicesOf({ ...initialInputs(), include: ["categories", "notes"] }))).toBe(true);
    expect(sameChoices(a, choicesOf({ ...initialInputs(), region: "US", card: 1 }))).toBe(false);
    expect(sameChoices(a, null)).toBe(false);
    expect(sameChoices(null, null)).toBe(false);
  });
});

describe("import plan in words", () => {
  it("asks for a card when several wait and none is chosen", () => {
    const cards = [1, 2, 3].map((index) => ({ index, name: `P${index}`, details: [] }));
    // Whether a card must be chosen is the plan's `needs_card_choice` (tessera-profile's tests).
    const waiting = plan({ cards, card: null, needs_card_choice: true });
    expect(summarize(waiting)).toBe("This file holds 3 cards: choose yours to see what it would import.");
  });

  it("counts changes and what is not imported", () => {
    const p = plan({
      adds: 2,
      replacements: 1,
      unchanged: 1,
      changes: [change("email", "add"), change("given_name", "replace"), change("email", "unchanged"), change("name", "add")],
      skipped: [{ origin: "line 9", item: "PHOTO", reason: "not kept", remedy: null }],
    });
    expect(summarize(p)).toBe("2 to add, 1 to replace, 1 unchanged; 1 item(s) not imported.");
    expect(summarize(plan({ adds: 2 }))).toBe("2 to add, 0 to replace, 0 unchanged.");
    expect(visibleChanges(p).map((c) => c.action)).toEqual(["add", "replace", "add"]);
  });

  it("names cards, fields and formats", () => {
    expect(cardTitle({ index: 2, name: "Priya", details: ["p@x.example", "Lantern Post"] })).toBe("Priya");
    expect(cardTitle({ index: 3, name: null, details: [] })).toBe("Card 3 (no name)");
    expect(cardTitle({ index: 4, name: "  ", details: [] })).toBe("Card 4 (no name)");
    expect(cardDetails({ index: 2, name: "Priya", details: ["p@x.example", "Lantern Post"] })).toBe(
      "p@x.example · Lantern Post",
    );
    expect(fieldLabel("email", CATALOGUE)).toBe("Email");
    expect(fieldLabel("PHOTO", CATALOGUE)).toBe("PHOTO");
  });

  it("counts skipped phone numbers for the region hint", () => {
    const p = plan({
      skipped: [
        { origin: "line 5", item: "phone_number", reason: "give the number's country", remedy: "region" },
        { origin: "line 6", item: "phone_number", reason: "not a valid number", remedy: null },
        { origin: "line 9", item: "PHOTO", reason: "not kept", remedy: null },
      ],
    });
    expect(skippedPhones(p)).toBe(1);
    expect(skippedPhones(plan())).toBe(0);
  });
});

describe("opt-ins", () => {
  it("counts the card's opt-in values, ticked or not", () => {
    const known = optInCounts(
      plan({
        opt_in: [
          { kind: "notes", count: 1, included: true },
          { kind: "categories", count: 2, included: false },
        ],
      }),
    );
    expect(known).toEqual({ notes: 1, categories: 2 });
    const ticked = withOptIn(initialInputs(), "notes", true);
    expect(ticked.include).toEqual(["notes"]);
    expect(offersOptIn("notes", known, ticked)).toBe(true);
    expect(offersOptIn("categories", {}, initialInputs())).toBe(false);
    expect(offersOptIn("categories", {}, withOptIn(initialInputs(), "categories", true))).toBe(true);
    expect(withOptIn(withOptIn(ticked, "categories", true), "notes", false).include).toEqual(["categories"]);
  });
});
