import { describe, expect, it } from "vitest";
import { exact, relative } from "./dates";

describe("relative", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  it("says the largest unit that fits, past and future", () => {
    expect(relative("2026-12-05T12:00:00Z", now, "en")).toBe("in 3 days");
    expect(relative("2026-10-01T12:00:00Z", now, "en")).toBe("2 months ago");
    expect(relative("2027-12-02T12:00:00Z", now, "en")).toBe("next year");
    expect(relative("2026-12-02T11:59:30Z", now, "en")).toBe("30 seconds ago");
    expect(relative("2026-12-01T12:00:00Z", now, "en")).toBe("yesterday");
    // A year's grant ends on a day boundary, a little short of 365 days.
    expect(relative("2027-11-30T00:00:00Z", now, "en")).toBe("next year");
  });
  it("counts a whole day in days, never in hours", () => {
    expect(relative("2026-12-02T00:00:00Z", now, "en")).toBe("today");
    expect(relative("2026-12-01", now, "en")).toBe("yesterday");
    expect(relative("2026-12-05", now, "en")).toBe("in 3 days");
    expect(relative("2026-12-20T00:00:00Z", now, "en")).toBe("in 3 weeks");
  });
  it("follows the locale", () => {
    expect(relative("2026-12-05T12:00:00Z", now, "fr")).toBe("dans 3 jours");
  });
  it("leaves what is not a date as it is", () => {
    expect(relative("never", now, "en")).toBe("never");
  });
});

describe("exact", () => {
  it("is the date and time in the locale and time zone", () => {
    expect(exact("2026-12-02T12:00:00Z", "en-GB", "Europe/Paris")).toBe("2 Dec 2026, 13:00");
    expect(exact("2026-12-02T12:00:00Z", "en-US", "UTC")).toBe("Dec 2, 2026, 12:00 PM");
  });
});
