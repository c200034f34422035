// Pure helpers for the profile import dialog (unit-tested in importing.test.ts). The core
// plans; these only turn the person's inputs into ImportChoices and a plan into words.
import type { FieldView } from "../bindings/FieldView";
import type { ImportCardView } from "../bindings/ImportCardView";
import type { ImportChangeView } from "../bindings/ImportChangeView";
import type { ImportChoices } from "../bindings/ImportChoices";
import type { ImportPlanView } from "../bindings/ImportPlanView";
import type { OptIn } from "../bindings/OptIn";
import { t } from "./i18n";

/** The dialog's inputs, as the person left them (the region as typed). */
export type ImportInputs = {
  card: number | null;
  region: string;
  /** The opt-ins ticked. */
  include: OptIn[];
};

/** What a newly chosen or pasted file starts with: what `profile_import_pick` / `_paste` plan with. */
export function initialInputs(): ImportInputs {
  return { card: null, region: "", include: [] };
}

/**
 * The country as the core takes it: `null` when left empty, the two letters in upper case, or
 * `undefined` while what is typed is not two letters (nothing to ask the core yet).
 */
export function regionOf(typed: string): string | null | undefined {
  const trimmed = typed.trim();
  if (trimmed === "") return null;
  return /^[A-Za-z]{2}$/.test(trimmed) ? trimmed.toUpperCase() : undefined;
}

/** The choices to preview and apply with, or `null` while the region is incomplete. */
export function choicesOf(inputs: ImportInputs): ImportChoices | null {
  const region = regionOf(inputs.region);
  if (region === undefined) return null;
  return {
    card: inputs.card,
    region,
    include: [...inputs.include].sort(),
  };
}

export function sameChoices(a: ImportChoices | null, b: ImportChoices | null): boolean {
  if (a === null || b === null) return false;
  return (
    a.card === b.card &&
    a.region === b.region &&
    a.include.length === b.include.length &&
    a.include.every((o) => b.include.includes(o))
  );
}

/** One sentence for the live summary. */
export function summarize(plan: ImportPlanView): string {
  if (plan.needs_card_choice) {
    return t("files-summary-choose-card", { count: plan.cards.length });
  }
  const { adds, replacements, unchanged } = plan;
  return plan.skipped.length
    ? t("files-summary-skipped", { adds, replacements, unchanged, skipped: plan.skipped.length })
    : t("files-summary", { adds, replacements, unchanged });
}

/** The changes worth listing: additions and replacements. */
export function visibleChanges(plan: ImportPlanView): ImportChangeView[] {
  return plan.changes.filter((c) => c.action !== "unchanged");
}

/** A card in the choice list: its name, or its number when it has none. */
export function cardTitle(card: ImportCardView): string {
  return card.name?.trim() ? card.name : t("files-card-unnamed", { index: card.index });
}

export function cardDetails(card: ImportCardView): string {
  return card.details.join(" · ");
}

/** A field's label from the catalogue; a property name (`PHOTO`) or unknown field as it is. */
export function fieldLabel(name: string, catalogue: Pick<FieldView, "name" | "label">[]): string {
  return catalogue.find((f) => f.name === name)?.label ?? name;
}

/** Phone numbers a country would import (national format): the region field's hint counts them. */
export function skippedPhones(plan: ImportPlanView): number {
  return plan.skipped.filter((s) => s.remedy === "region").length;
}

/** How many of the card's values each opt-in would import (the plan counts them ticked or not). */
export function optInCounts(plan: ImportPlanView): Partial<Record<OptIn, number>> {
  const counts: Partial<Record<OptIn, number>> = {};
  for (const o of plan.opt_in) counts[o.kind] = o.count;
  return counts;
}

/** Whether an opt-in's box is shown: the file has such values, or the person ticked it. */
export function offersOptIn(kind: OptIn, known: Partial<Record<OptIn, number>>, inputs: ImportInputs): boolean {
  return inputs.include.includes(kind) || (known[kind] ?? 0) > 0;
}

/** The inputs with `kind` ticked or not. */
export function withOptIn(inputs: ImportInputs, kind: OptIn, on: boolean): ImportInputs {
  const rest = inputs.include.filter((o) => o !== kind);
  return { ...inputs, include: on ? [...rest, kind] : rest };
}
