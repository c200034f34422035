// The words a person reads, from the one catalogue: `locales/<locale>/*.ftl` at the top of the
// repository, in Project Fluent's syntax, shared with Rust (`tessera-text`), which reads the same
// files for its messages and the menu. A screen never holds literal text: it calls `t(id)` or
// `t(id, { name: value })`, and `src/lib/catalogue.test.ts` checks that every id used exists,
// that every message is used, and that Svelte markup holds no words of its own.
//
// The locale is the one Rust chose from the person's settings (`vocabulary().locale`), so the
// app's Rust words and the webview's agree; numbers in messages and dates (dates.ts) are
// formatted for it through `Intl`.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

/** The reference locale: every message exists in it; other locales may leave some out. */
export const REFERENCE_LOCALE = "en";

/** Every catalogue file, by path (`../../../locales/en/home.ftl`). */
export const CATALOGUE_FILES = import.meta.glob("../../../locales/*/*.ftl", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** The locales the catalogue has, from its folder names. */
export function catalogueLocales(): string[] {
  const found = new Set<string>();
  for (const path of Object.keys(CATALOGUE_FILES)) {
    const locale = path.split("/").at(-2);
    if (locale) found.add(locale);
  }
  return [...found].sort();
}

/** One locale's bundle, with the errors its files gave (none, in a sound catalogue). */
export function bundleFor(locale: string): { bundle: FluentBundle; errors: string[] } {
  // Placeables are not wrapped in Unicode isolation marks: every locale so far is written
  // left to right, and the marks would be invisible characters in copied text.
  const bundle = new FluentBundle(locale, { useIsolating: false });
  const errors: string[] = [];
  for (const [path, text] of Object.entries(CATALOGUE_FILES)) {
    if (path.split("/").at(-2) !== locale) continue;
    for (const e of bundle.addResource(new FluentResource(text))) errors.push(`${path}: ${e.message}`);
  }
  return { bundle, errors };
}

let current = bundleFor(REFERENCE_LOCALE).bundle;
let fallback = current;

/** Use this locale's words (falling back to the reference for what it leaves out). */
export function setLocale(locale: string): void {
  fallback = bundleFor(REFERENCE_LOCALE).bundle;
  current = catalogueLocales().includes(locale) ? bundleFor(locale).bundle : fallback;
  // Screen readers pronounce the page in its language.
  if (typeof document !== "undefined") document.documentElement.lang = currentLocale();
}

/** The locale the words are in, for `Intl` (dates.ts). */
export function currentLocale(): string {
  return current.locales[0] ?? REFERENCE_LOCALE;
}

export type TextArgs = Record<string, FluentVariable>;

/**
 * The message `id` in the person's locale, with `args` put in its placeables. An id the
 * catalogue lacks shows as itself (the check in catalogue.test.ts keeps that from shipping).
 */
export function t(id: string, args?: TextArgs): string {
  return lookup(id, args);
}

function lookup(id: string, args?: TextArgs): string {
  for (const bundle of [current, fallback]) {
    const message = bundle.getMessage(id);
    if (message?.value) return bundle.formatPattern(message.value, args);
  }
  return id;
}

/**
 * The locale for `Intl` (numbers, dates): the person's own regional variant of the words'
 * language when the platform names one (`en-GB` for English words), else the words' locale.
 */
export function formatLocale(): string {
  const language = currentLocale().split("-")[0];
  const platform = typeof navigator === "undefined" ? [] : navigator.languages ?? [];
  return platform.find((l) => l.split("-")[0] === language) ?? currentLocale();
}

/**
 * A message whose id comes from data rather than code (`shortcuts.json`'s `text_id`): the
 * Rust catalogue check (crates/tessera-api/tests/catalogue.rs) checks those ids exist. Code
 * calls `t` with a literal id.
 */
export function message(id: string): string {
  return lookup(id);
}
