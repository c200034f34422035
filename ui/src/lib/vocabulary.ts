// The words a person reads for Tessera's codes (forms, categories, sensitivities, grant
// states, rule and request states, interchange formats, import opt-ins and actions, ledger
// events, lock reasons) and the limits the core enforces. They are
// defined once, in Rust (`tessera_api::profile::vocabulary`), and loaded once at start-up
// (main.ts); the UI keeps no tables of its own. Before they load, or for a code Rust does not
// know, a code shows as itself.
import type { Limits } from "../bindings/Limits";
import type { Term } from "../bindings/Term";
import type { Vocabulary } from "../bindings/Vocabulary";

/** The vocabulary before Rust's has loaded: every code shows as itself. */
export const EMPTY_VOCABULARY: Vocabulary = {
  categories: [],
  sensitivities: [],
  forms: [],
  grant_states: [],
  formats: [],
  opt_ins: [],
  ledger_events: [],
  rule_states: [],
  request_statuses: [],
  import_actions: [],
  lock_reasons: [],
  limits: { min_passphrase_chars: 0, custom_field_prefix: "custom.", max_custom_name_chars: 0, auto_lock_choices: [] },
  demo_brand: "",
  locale: "en",
};

let words: Vocabulary = EMPTY_VOCABULARY;

export function setVocabulary(v: Vocabulary): void {
  words = v;
}

function labelIn(terms: Term[], name: string): string {
  return terms.find((t) => t.name === name)?.label ?? name;
}

/** `age_over_18` → `Over 18 (yes/no)`. */
export function formLabel(form: string): string {
  return labelIn(words.forms, form);
}

/** `locale` → `Language and time`. */
export function categoryLabel(category: string): string {
  return labelIn(words.categories, category);
}

/** `trade_union` → `trade-union membership`; `standard` → `Standard`. */
export function sensitivityLabel(sensitivity: string): string {
  return labelIn(words.sensitivities, sensitivity);
}

/** Every sensitivity a custom field can be given, `standard` first. */
export function sensitivities(): Term[] {
  return words.sensitivities;
}

/** `expiring` → `Expiring`. */
export function grantStateLabel(state: string): string {
  return labelIn(words.grant_states, state);
}

/** Every state a grant can be in, for filters. */
export function grantStates(): Term[] {
  return words.grant_states;
}

/** `vcard` → `vCard`. */
export function formatLabel(format: string): string {
  return labelIn(words.formats, format);
}

/** What an import takes only when chosen, with the words of each choice, in Rust's order. */
export function optIns(): Term[] {
  return words.opt_ins;
}

/** `grant_issued` → `Grant issued`; an event a newer Tessera recorded shows as its name. */
/** Every ledger event, with its words (Activity's filter). */
export function ledgerEvents(): Term[] {
  return words.ledger_events;
}

export function ledgerEventLabel(event: string): string {
  return labelIn(words.ledger_events, event);
}

/** `expired` → `Expired`: where a standing rule stands today. */
export function ruleStateLabel(state: string): string {
  return labelIn(words.rule_states, state);
}

/** `pending` → `pending`: where a request stands. */
export function requestStatusLabel(status: string): string {
  return labelIn(words.request_statuses, status);
}

/** `add` → `Add`: what an import does with a value. */
export function importActionLabel(action: string): string {
  return labelIn(words.import_actions, action);
}

/** What the lock screen says after the vault locked itself (`idle` → `Tessera locked itself after…`). */
export function lockedNotice(reason: string): string {
  return labelIn(words.lock_reasons, reason);
}

/** The limits the core enforces (shortest passphrase, custom field names, auto-lock times). */
export function limits(): Limits {
  return words.limits;
}

/** Whether `brand` is the first run's demo brand, which every screen marks as a demo. */
export function isDemoBrand(brand: string | null | undefined): boolean {
  return !!brand && brand === words.demo_brand;
}

