// The catalogue's checks on the webview's side (Rust's side: crates/tessera-api/tests/catalogue.rs,
// which also fails on a message nobody uses). Every file in locales/ parses; no id is defined
// twice; other locales define only the reference's ids, with the same variables; every `t(...)`
// in the UI names an existing message by a literal id and passes exactly the variables it uses;
// Svelte markup holds no words of its own (text and the attributes people read come from `t`),
// and the scripts no sentences.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseSvelte } from "svelte/compiler";
import { parse as parseFluent, type Pattern, type PatternElement, Junk, Message, Term } from "@fluent/syntax";
import { CATALOGUE_FILES, REFERENCE_LOCALE, bundleFor, catalogueLocales, t } from "./i18n";

const SRC = join(__dirname, "..");

/** Attributes a person reads or hears; their values must come from the catalogue. */
const READ_ATTRIBUTES = new Set(["title", "aria-label", "placeholder", "alt", "aria-description", "aria-roledescription", "label"]);

type Defined = { variables: Set<string>; file: string };

/** The variables (`$name`) a pattern uses, through selectors and nested placeables. */
function variablesOf(pattern: Pattern | null, into: Set<string>): Set<string> {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as { type?: string; id?: { name: string } };
    if (n.type === "VariableReference" && n.id) into.add(n.id.name);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  pattern?.elements.forEach((e: PatternElement) => visit(e));
  return into;
}

function definitions(locale: string): { ids: Map<string, Defined>; problems: string[] } {
  const ids = new Map<string, Defined>();
  const problems: string[] = [];
  for (const [path, text] of Object.entries(CATALOGUE_FILES)) {
    if (path.split("/").at(-2) !== locale) continue;
    const file = path.split("/").slice(-2).join("/");
    for (const entry of parseFluent(text, {}).body) {
      if (entry instanceof Junk) problems.push(`${file}: cannot parse ${JSON.stringify(entry.content.slice(0, 60))}`);
      if (!(entry instanceof Message) && !(entry instanceof Term)) continue;
      const id = entry instanceof Term ? `-${entry.id.name}` : entry.id.name;
      if (ids.has(id)) problems.push(`${file}: ${id} is already defined in ${ids.get(id)!.file}`);
      const variables = variablesOf(entry.value, new Set());
      for (const a of entry.attributes) variablesOf(a.value, variables);
      ids.set(id, { variables, file });
    }
  }
  return { ids, problems };
}

type Use = { id: string | null; args: string[] | null; where: string };

/** Every `t(...)` call in a parsed Svelte component (its script and its markup). */
function callsIn(ast: unknown, file: string, source: string): Use[] {
  const uses: Use[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as {
      type?: string;
      callee?: { type: string; name?: string };
      arguments?: { type: string; value?: unknown; properties?: { type: string; key?: { type: string; name?: string; value?: unknown } }[] }[];
      start?: number;
    };
    if (n.type === "CallExpression" && n.callee?.type === "Identifier" && n.callee.name === "t") {
      const [first, second] = n.arguments ?? [];
      const id = first?.type === "Literal" && typeof first.value === "string" ? first.value : null;
      let args: string[] | null = [];
      if (second) {
        args =
          second.type === "ObjectExpression" && second.properties!.every((p) => p.type === "Property")
            ? second.properties!.map((p) => (p.key!.type === "Identifier" ? p.key!.name! : String(p.key!.value)))
            : null;
      }
      uses.push({ id, args, where: `${file}:${lineOf(n.start ?? 0)}` });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "parent") continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  visit(ast);
  return uses;
}

/** Words in markup: text nodes and read attributes with letters in them, outside `{...}`. */
function literalWordsIn(fragment: unknown, file: string, source: string): string[] {
  const found: string[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as { type?: string; data?: string; start?: number; name?: string; value?: unknown };
    if (n.type === "Text" && /\p{L}/u.test(n.data ?? "")) {
      found.push(`${file}:${lineOf(n.start ?? 0)}: ${JSON.stringify(n.data!.trim())}`);
    }
    if (n.type === "Attribute" && READ_ATTRIBUTES.has(n.name ?? "") && Array.isArray(n.value)) {
      for (const part of n.value as { type: string; data?: string; start?: number }[]) {
        if (part.type === "Text" && /\p{L}/u.test(part.data ?? "")) {
          found.push(`${file}:${lineOf(part.start ?? 0)}: ${n.name}=${JSON.stringify(part.data)}`);
        }
      }
    }
    if (n.type === "Attribute") {
      // Other attributes' text is code (class names, ids, roles); their expressions may hold markup.
      if (Array.isArray(n.value)) (n.value as { type: string }[]).filter((p) => p.type !== "Text").forEach(visit);
      else visit(n.value);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      // Scripts and styles are not markup; `t` calls in them are checked by callsIn.
      if (key === "parent" || key === "instance" || key === "module" || key === "css") continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  visit(fragment);
  return found;
}

/** DOM calls whose string arguments are selectors, not words. */
const SELECTOR_CALLS = new Set(["querySelector", "querySelectorAll", "closest", "matches"]);

/** Sentences in code: string literals and template text of two words or more, outside
 * imports, selectors and `new Error(...)` (a heuristic: one-word strings are codes far more often than words). */
function sentencesIn(ast: unknown, file: string, source: string): string[] {
  const found: string[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const words = /\p{L}{2,}\s+\p{L}/u;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    const n = node as {
      type?: string;
      value?: unknown;
      start?: number;
      callee?: { type: string; property?: { name?: string } };
    };
    if (n.type === "ImportDeclaration" || n.type === "ExportAllDeclaration") return;
    // A thrown Error is for developers: toApiError shows a person "Unexpected error" instead.
    if (n.type === "NewExpression" && (n.callee as { name?: string } | undefined)?.name === "Error") return;
    if (n.type === "CallExpression" && n.callee?.type === "MemberExpression" && SELECTOR_CALLS.has(n.callee.property?.name ?? "")) {
      return;
    }
    if (n.type === "Literal" && typeof n.value === "string" && words.test(n.value)) {
      found.push(`${file}:${lineOf(n.start ?? 0)}: ${JSON.stringify(n.value)}`);
    }
    const raw = (n.value as { raw?: string } | undefined)?.raw;
    if (n.type === "TemplateElement" && raw && words.test(raw)) found.push(`${file}:${lineOf(n.start ?? 0)}: \`${raw}\``);
    for (const [key, value] of Object.entries(node)) {
      if (key === "parent" || key === "css") continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  visit(ast);
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "bindings" ? [] : sources(path);
    return /\.(svelte|ts)$/.test(e.name) && !/\.(test|d)\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Each UI source parsed by Svelte's compiler (a `.ts` file as a component's script). */
function parsedSources(): { file: string; source: string; ast: ReturnType<typeof parseSvelte>; offset: number }[] {
  return sources(SRC).map((path) => {
    const file = path.slice(SRC.length + 1);
    const text = readFileSync(path, "utf8");
    const wrapped = path.endsWith(".ts") ? `<script lang="ts">${text}</script>` : text;
    return { file, source: wrapped, ast: parseSvelte(wrapped, { modern: true }), offset: 0 };
  });
}

describe("the catalogue", () => {
  const reference = definitions(REFERENCE_LOCALE);

  it("has the reference locale, and every file of every locale parses with no id defined twice", () => {
    expect(catalogueLocales()).toContain(REFERENCE_LOCALE);
    expect(reference.ids.size).toBeGreaterThan(0);
    for (const locale of catalogueLocales()) {
      expect(definitions(locale).problems, locale).toEqual([]);
      expect(bundleFor(locale).errors, locale).toEqual([]);
    }
  });

  it("gives other locales only the reference's ids, with the same variables", () => {
    for (const locale of catalogueLocales().filter((l) => l !== REFERENCE_LOCALE)) {
      for (const [id, d] of definitions(locale).ids) {
        const r = reference.ids.get(id);
        expect(r, `${locale}/${d.file}: ${id} is not in ${REFERENCE_LOCALE}`).toBeDefined();
        expect([...d.variables].sort(), `${locale}: ${id}`).toEqual([...r!.variables].sort());
      }
    }
  });

  it("is what every t(...) in the UI names, with the variables its message uses", () => {
    const problems: string[] = [];
    for (const { file, source, ast } of parsedSources()) {
      for (const use of callsIn(ast, file, source)) {
        if (use.id === null) {
          problems.push(`${use.where}: t(...) needs a literal id, so that the catalogue can be checked`);
          continue;
        }
        const defined = reference.ids.get(use.id);
        if (!defined) {
          problems.push(`${use.where}: no message ${use.id} in locales/${REFERENCE_LOCALE}`);
          continue;
        }
        if (use.args === null) {
          problems.push(`${use.where}: pass ${use.id}'s variables as an object literal`);
          continue;
        }
        const given = [...use.args].sort().join(", ");
        const wanted = [...defined.variables].sort().join(", ");
        if (given !== wanted) problems.push(`${use.where}: ${use.id} uses {${wanted}}, given {${given}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("leaves no words in Svelte markup", () => {
    const found = parsedSources()
      .filter((s) => s.file.endsWith(".svelte"))
      .flatMap(({ file, source, ast }) => literalWordsIn(ast.fragment, file, source));
    expect(found).toEqual([]);
  });

  it("leaves no sentences in the UI's code (scripts and .ts helpers)", () => {
    const found = parsedSources().flatMap(({ file, source, ast }) => sentencesIn(ast, file, source));
    expect(found).toEqual([]);
  });

  it("formats numbers in messages for the locale, and shows a missing id as itself", () => {
    expect(t("no-such-message-id")).toBe("no-such-message-id");
    expect(t("home-ledger-entries", { count: 1234 })).toContain("1,234");
  });
});
