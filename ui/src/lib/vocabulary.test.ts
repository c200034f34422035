import { describe, expect, it } from "vitest";
import {
  categoryLabel,
  formatLabel,
  formLabel,
  grantStateLabel,
  grantStates,
  importActionLabel,
  isDemoBrand,
  ledgerEventLabel,
  limits,
  lockedNotice,
  optIns,
  requestStatusLabel,
  ruleStateLabel,
  sensitivities,
  sensitivityLabel,
  setVocabulary,
} from "./vocabulary";

describe("vocabulary", () => {
  it("shows Rust's words for codes, and unknown codes as themselves", () => {
    setVocabulary({
      categories: [{ name: "locale", label: "Language and time" }],
      sensitivities: [
        { name: "standard", label: "Standard" },
        { name: "trade_union", label: "trade-union membership" },
      ],
      forms: [{ name: "age_over_18", label: "Over 18 (yes/no)" }],
      grant_states: [{ name: "expiring", label: "Expiring" }],
      formats: [{ name: "vcard", label: "vCard" }],
      opt_ins: [{ name: "notes", label: "Also import notes (private, never shared)" }],
      ledger_events: [{ name: "grant_issued", label: "Grant issued" }],
      rule_states: [{ name: "expired", label: "Expired" }],
      request_statuses: [{ name: "pending", label: "pending" }],
      import_actions: [{ name: "replace", label: "Replace" }],
      lock_reasons: [{ name: "sleep", label: "Tessera locked itself because the computer went to sleep." }],
      limits: { min_passphrase_chars: 8, custom_field_prefix: "custom.", max_custom_name_chars: 48, auto_lock_choices: [60, 300] },
      demo_brand: "https://demo.tessera.invalid",
      locale: "en",
    });
    expect(isDemoBrand("https://demo.tessera.invalid")).toBe(true);
    expect(isDemoBrand("https://shop.example")).toBe(false);
    expect(isDemoBrand(null)).toBe(false);
    expect(requestStatusLabel("pending")).toBe("pending");
    expect(importActionLabel("replace")).toBe("Replace");
    expect(importActionLabel("merge")).toBe("merge");
    expect(lockedNotice("sleep")).toContain("went to sleep");
    expect(limits().auto_lock_choices).toEqual([60, 300]);
    expect(ruleStateLabel("expired")).toBe("Expired");
    expect(ledgerEventLabel("grant_issued")).toBe("Grant issued");
    expect(ledgerEventLabel("from_the_future")).toBe("from_the_future");
    expect(formatLabel("vcard")).toBe("vCard");
    expect(formatLabel("csv")).toBe("csv");
    expect(optIns().map((o) => o.label)).toEqual(["Also import notes (private, never shared)"]);
    expect(formLabel("age_over_18")).toBe("Over 18 (yes/no)");
    expect(formLabel("something_new")).toBe("something_new");
    expect(categoryLabel("locale")).toBe("Language and time");
    expect(sensitivityLabel("trade_union")).toBe("trade-union membership");
    expect(sensitivities().map((s) => s.name)).toEqual(["standard", "trade_union"]);
    expect(grantStateLabel("expiring")).toBe("Expiring");
    expect(grantStates().map((s) => s.name)).toEqual(["expiring"]);
  });
});
