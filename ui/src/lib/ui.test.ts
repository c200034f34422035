import { describe, expect, it, vi } from "vitest";
import { throttle, watchActivity } from "./activity";
import { describeStrength } from "./strength";
import { isLockShortcut } from "./shortcuts";
import { describeError, toApiError } from "./api";
import { EMPTY_VOCABULARY, lockedNotice, setVocabulary } from "./vocabulary";


describe("throttle", () => {
  it("reports at most once per interval", () => {
    let t = 0;
    const report = vi.fn();
    const f = throttle(report, 1000, () => t);
    f();
    f();
    t = 999;
    f();
    expect(report).toHaveBeenCalledTimes(1);
    t = 1000;
    f();
    expect(report).toHaveBeenCalledTimes(2);
  });

  it("listens to input events and stops when asked", () => {
    const target = new EventTarget();
    const report = vi.fn();
    const stop = watchActivity(target, report, 0);
    target.dispatchEvent(new Event("keydown"));
    target.dispatchEvent(new Event("pointerdown"));
    expect(report).toHaveBeenCalledTimes(2);
    stop();
    target.dispatchEvent(new Event("keydown"));
    expect(report).toHaveBeenCalledTimes(2);
  });
});

describe("strength words", () => {
  it("says too short before anything else", () => {
    setVocabulary({ ...EMPTY_VOCABULARY, limits: { ...EMPTY_VOCABULARY.limits, min_passphrase_chars: 8 } });
    expect(
      describeStrength({ score: 4, label: "Very strong", crack_time: "centuries", suggestions: [], long_enough: false }),
    ).toBe("Too short: use at least 8 characters");
    expect(describeStrength({ score: 1, label: "Weak", crack_time: "3 hours", suggestions: [], long_enough: true })).toBe(
      "Weak. Time to guess it from a stolen copy of your vault: 3 hours",
    );
    expect(describeStrength(null)).toBe("");
  });
});

describe("lock shortcut", () => {
  const key = (k: Partial<KeyboardEvent>) => ({ key: "l", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...k });
  it("is Ctrl+L or Cmd+L only", () => {
    expect(isLockShortcut(key({ ctrlKey: true }))).toBe(true);
    expect(isLockShortcut(key({ metaKey: true, key: "L" }))).toBe(true);
    expect(isLockShortcut(key({}))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isLockShortcut(key({ ctrlKey: true, key: "k" }))).toBe(false);
  });
});

describe("describeError", () => {
  it("adds the app's own advice by code, never CLI flags", () => {
    const changed = describeError({ code: "key_changed", message: "WARNING: the key changed" });
    expect(changed).toContain("trust the new key");
    expect(changed).not.toContain("--");
    expect(describeError({ code: "not_found", message: "no grant g1" })).toBe("no grant g1");
  });
});

describe("toApiError", () => {
  it("keeps known codes and wraps anything else as internal", () => {
    expect(toApiError({ code: "wrong_passphrase", message: "nope" })).toEqual({
      code: "wrong_passphrase",
      message: "nope",
    });
    expect(toApiError({ code: "made_up", message: "x" }).code).toBe("internal");
    expect(toApiError("boom")).toEqual({ code: "internal", message: "boom" });
    expect(toApiError(null).code).toBe("internal");
  });
});

describe("lockedNotice", () => {
  // The sentences are Rust's (tessera-api's vocabulary test checks each); here, the lookup.
  it("says why the vault locked itself", () => {
    setVocabulary({
      ...EMPTY_VOCABULARY,
      lock_reasons: [
        { name: "idle", label: "Tessera locked itself after a period of inactivity." },
        { name: "sleep", label: "Tessera locked itself because the computer went to sleep." },
        { name: "screen_lock", label: "Tessera locked itself because the screen was locked." },
      ],
    });
    expect(lockedNotice("idle")).toContain("inactivity");
    expect(lockedNotice("sleep")).toContain("went to sleep");
    expect(lockedNotice("screen_lock")).toContain("screen was locked");
  });
});
