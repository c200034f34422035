import { describe, expect, it } from "vitest";
import { SECTIONS, SHORTCUTS, actionOf, shortcutFor } from "./shortcuts";
import defined from "./shortcuts.json";

const key = (over: Partial<KeyboardEvent>) =>
  ({ key: "", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...over }) as KeyboardEvent;

describe("shortcuts", () => {
  it("go to each section by its place in the sidebar", () => {
    SECTIONS.forEach((s, i) => {
      expect(shortcutFor(key({ altKey: true, key: String(i + 1) }), false)?.action).toEqual({
        kind: "section",
        section: s.id,
      });
    });
  });
  it("leave typing alone unless a modifier is held", () => {
    expect(shortcutFor(key({ key: "/" }), true)).toBeUndefined();
    expect(shortcutFor(key({ key: "?" }), true)).toBeUndefined();
    expect(shortcutFor(key({ key: "/" }), false)?.action.kind).toBe("search");
    expect(shortcutFor(key({ ctrlKey: true, key: "l" }), true)?.action.kind).toBe("lock");
    expect(shortcutFor(key({ ctrlKey: true, key: "Backspace" }), true)).toBeUndefined();
  });
  it("are each pressed by one key combination, and each combination does one thing", () => {
    const keys = SHORTCUTS.map((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of SHORTCUTS) {
      const matching = SHORTCUTS.filter((t) =>
        t.matches(
          key({
            key: s.keys.split("+").pop()!.replace("Enter", "Enter").replace("Backspace", "Backspace"),
            ctrlKey: s.keys.startsWith("Ctrl+"),
            altKey: s.keys.startsWith("Alt+"),
          }),
        ),
      );
      expect(matching.map((t) => t.keys)).toEqual([s.keys]);
    }
  });
  it("name only actions and sections the Shell knows, in shortcuts.json and in the menu's ids", () => {
    const known = ["home", "profile", "brands", "requests", "grants", "activity", "settings"];
    expect(SECTIONS.map((s) => s.id)).toEqual(known);
    for (const s of defined.shortcuts) expect(actionOf(s.action), s.action).toBeDefined();
    expect(actionOf("section:home")).toEqual({ kind: "section", section: "home" });
    expect(actionOf("section:nowhere")).toBeUndefined();
    expect(actionOf("lock:extra")).toBeUndefined();
    expect(actionOf("format_disk")).toBeUndefined();
  });
});
