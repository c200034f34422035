// Pure helpers for the Profile, Brands and matrix screens (unit-tested in profile.test.ts).
import type { Limits } from "../bindings/Limits";
import type { ProfileValueView } from "../bindings/ProfileValueView";
import type { SetValueRequest } from "../bindings/SetValueRequest";

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

/** `custom.` + a slug from free text: lowercase letters, digits and _, as long as the core allows. */
export function customFieldName(label: string, limits: Pick<Limits, "custom_field_prefix" | "max_custom_name_chars">): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, limits.max_custom_name_chars);
  return slug ? `${limits.custom_field_prefix}${slug}` : "";
}

/** Setting one catalogue field's value with nothing else said: no label, not primary, no
 * region, not custom (what the first run's demo card saves). */
export function plainValue(field: string, value: string): SetValueRequest {
  return { field, value, label: null, primary: false, region: null, custom_label: null, category: null, sensitivity: null };
}
