// The app's sections and its keyboard shortcuts, each defined once, in `shortcuts.json`: the
// Shell's navigation, its key handler, the cheat sheet (`?`) and the app's menu (src-tauri's
// `menu.rs`, which gives each menu item the same keys) all read it.

import defined from "./shortcuts.json";
import { message, t } from "./i18n";

/** A section: its id, and its name in the catalogue (`section-home`). */
export interface Section {
  id: SectionId;
  text_id: string;
}

/** The Shell's sections, in the order of the sidebar (and of Alt+1 to Alt+7). */
export const SECTIONS = defined.sections as readonly Section[];

/** A section's name, in the person's locale. */
export function sectionTitle(section: Section): string {
  return message(section.text_id);
}
export type SectionId = "home" | "profile" | "brands" | "requests" | "grants" | "activity" | "settings";

export type Action =
  | { kind: "section"; section: SectionId }
  | { kind: "lock" }
  | { kind: "import" }
  | { kind: "approve" }
  | { kind: "deny" }
  | { kind: "search" }
  | { kind: "help" };

type Key = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

export interface Shortcut {
  /** How the cheat sheet writes it, and what `matches` reads: `Ctrl+L`, `Alt+1`, `/`. */
  keys: string;
  /** What it does, in the person's locale (read when shown: the locale is set after start). */
  readonly description: string;
  action: Action;
  /** Also while typing in a field (only shortcuts with Ctrl or Alt). */
  inFields: boolean;
  matches: (e: Key) => boolean;
}

/** Whether `e` presses `keys`: `Ctrl+` (or Cmd on macOS) and `Alt+` exactly as written, then
 * the key itself, case-insensitively (`/` and `?` with no Ctrl or Alt, whatever Shift took). */
export function pressed(keys: string, e: Key): boolean {
  const parts = keys.length > 1 ? keys.split("+") : [keys];
  const key = parts.pop()!;
  const ctrl = parts.includes("Ctrl");
  const alt = parts.includes("Alt");
  return (e.ctrlKey || e.metaKey) === ctrl && e.altKey === alt && (ctrl ? !e.shiftKey : true) &&
    e.key.toLowerCase() === key.toLowerCase();
}

/** The action a menu item or shortcut names: `section:home`, `lock`, ... */
export function actionOf(name: string): Action | undefined {
  const [kind, section] = name.split(":");
  if (kind === "section") {
    return SECTIONS.some((s) => s.id === section) ? { kind, section: section as SectionId } : undefined;
  }
  return ["lock", "import", "approve", "deny", "search", "help"].includes(kind) && section === undefined
    ? ({ kind } as Action)
    : undefined;
}

function shortcut(keys: string, describe: () => string, action: string, inFields: boolean): Shortcut {
  return {
    keys,
    get description() {
      return describe();
    },
    action: actionOf(action)!,
    inFields,
    matches: (e) => pressed(keys, e),
  };
}

/** Every shortcut, from `shortcuts.json`, which the app's menu (src-tauri) reads too. */
export const SHORTCUTS: Shortcut[] = [
  ...SECTIONS.map((s, i) =>
    shortcut(`Alt+${i + 1}`, () => t("shortcut-go", { section: sectionTitle(s) }), `section:${s.id}`, true),
  ),
  ...defined.shortcuts.map((s) => shortcut(s.keys, () => message(s.text_id), s.action, s.in_fields)),
];

/** The shortcut `e` presses, if any; `inField`: the focus is in a text field. */
export function shortcutFor(e: Key, inField: boolean): Shortcut | undefined {
  return SHORTCUTS.find((s) => (s.inFields || !inField) && s.matches(e));
}

/** Whether the lock shortcut is pressed (Ctrl+L, Cmd+L on macOS). */
export function isLockShortcut(e: Key): boolean {
  return shortcutFor(e, true)?.action.kind === "lock";
}
