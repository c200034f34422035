// Pure helpers for the Profile, Brands and matrix screens (unit-tested in profile.test.ts).
import type { FieldView } from "../bindings/FieldView";
import type { ProfileValueView } from "../bindings/ProfileValueView";

export const CATEGORY_LABELS: Record<string, string> = {
  identity: "Identity",
  contact: "Contact",
  address: "Address",
  demographics: "Demographics",
  locale: "Language and time",
  preferences: "Preferences",
  sizes: "Sizes",
  interests: "Interests",
  communication: "Communication",
  household: "Household",
  health: "Health",
  custom: "Custom",
};

export const SENSITIVITIES = [
  "standard",
  "health",
  "belief",
  "politics",
  "trade_union",
  "ethnicity",
  "sexuality",
  "genetic",
  "biometric",
] as const;

export const FORM_LABELS: Record<string, string> = {
  raw: "Exact value",
  age_over_13: "Over 13 (yes/no)",
  age_over_16: "Over 16 (yes/no)",
  age_over_18: "Over 18 (yes/no)",
  age_over_21: "Over 21 (yes/no)",
  age_over_65: "Over 65 (yes/no)",
  age_in_years: "Age in years",
  age_birth_year: "Birth year",
  age_range: "Age range",
  country: "Country only",
  region: "Region only",
  locality: "City only",
  postal_code_prefix: "Postal code prefix",
  email_alias: "Per-brand email alias",
};

export function formLabel(form: string): string {
  return FORM_LABELS[form] ?? form;
}

export function isSensitive(field: Pick<FieldView, "sensitivity">): boolean {
  return field.sensitivity !== "standard";
}

/** Case-insensitive match on field name, field label, value text and value label. */
export function matchesSearch(v: ProfileValueView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [v.field.name, v.field.label, v.value, v.label ?? ""].some((s) => s.toLowerCase().includes(q));
}

/** Groups values by category, keeping the order in which categories first appear. */
export function groupByCategory(values: ProfileValueView[]): { category: string; values: ProfileValueView[] }[] {
  const groups = new Map<string, ProfileValueView[]>();
  for (const v of values) {
    const list = groups.get(v.field.category) ?? [];
    list.push(v);
    groups.set(v.field.category, list);
  }
  return [...groups.entries()].map(([category, values]) => ({ category, values }));
}

/** A window of `size` items starting at `offset`, clamped to the list. */
export function pageOf<T>(items: T[], offset: number, size: number): T[] {
  const start = Math.max(0, Math.min(offset, Math.max(0, items.length - 1)));
  return items.slice(start, start + size);
}

/** `custom.` + a slug from free text: lowercase letters, digits and _. */
export function customFieldName(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 48);
  return slug ? `custom.${slug}` : "";
}
