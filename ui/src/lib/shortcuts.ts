// The app's sections and its keyboard shortcuts, each defined once: the Shell's navigation,
// its key handler and the cheat sheet (`?`) all read these lists.

/** The Shell's sections, in the order of the sidebar (and of Alt+1 to Alt+7). */
export const SECTIONS = [
  { id: "home", title: "Home" },
  { id: "profile", title: "Profile" },
  { id: "brands", title: "Brands" },
  { id: "requests", title: "Requests" },
  { id: "grants", title: "Grants" },
  { id: "activity", title: "Activity" },
  { id: "settings", title: "Settings" },
] as const;
export type SectionId = (typeof SECTIONS)[number]["id"];

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
  /** How the cheat sheet writes it. */
  keys: string;
  description: string;
  action: Action;
  /** Also while typing in a field (only shortcuts with Ctrl or Alt). */
  inFields: boolean;
  matches: (e: Key) => boolean;
}

const ctrl = (e: Key, key: string) =>
  (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === key;

export const SHORTCUTS: Shortcut[] = [
  ...SECTIONS.map(
    (s, i): Shortcut => ({
      keys: `Alt+${i + 1}`,
      description: `Go to ${s.title}`,
      action: { kind: "section", section: s.id },
      inFields: true,
      matches: (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.key === String(i + 1),
    }),
  ),
  {
    keys: "Ctrl+L",
    description: "Lock the vault",
    action: { kind: "lock" },
    inFields: true,
    matches: (e) => ctrl(e, "l"),
  },
  {
    keys: "Ctrl+O",
    description: "Import a brand's request from a file",
    action: { kind: "import" },
    inFields: true,
    matches: (e) => ctrl(e, "o"),
  },
  {
    keys: "Ctrl+Enter",
    description: "Approve the request shown, with the fields chosen",
    action: { kind: "approve" },
    inFields: true,
    matches: (e) => ctrl(e, "enter"),
  },
  {
    keys: "Ctrl+Backspace",
    description: "Refuse the request shown",
    action: { kind: "deny" },
    inFields: false,
    matches: (e) => ctrl(e, "backspace"),
  },
  {
    keys: "/",
    description: "Search on this screen",
    action: { kind: "search" },
    inFields: false,
    matches: (e) => e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  {
    keys: "?",
    description: "Show these shortcuts",
    action: { kind: "help" },
    inFields: false,
    matches: (e) => e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
];

/** The shortcut `e` presses, if any; `inField`: the focus is in a text field. */
export function shortcutFor(e: Key, inField: boolean): Shortcut | undefined {
  return SHORTCUTS.find((s) => (s.inFields || !inField) && s.matches(e));
}

/** Whether the lock shortcut is pressed (Ctrl+L, Cmd+L on macOS). */
export function isLockShortcut(e: Key): boolean {
  return shortcutFor(e, true)?.action.kind === "lock";
}
