// Dates and times as a person reads them: in their locale and time zone, relative to now
// ("in 3 days", "2 months ago"), with the exact time kept for a tooltip. The browser's Intl
// does the wording; nothing here spells a unit by hand. The locale is the words' (i18n.ts).
import { formatLocale } from "./i18n";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** A day rather than a moment: `YYYY-MM-DD`, or midnight UTC (how Tessera's tokens and
 * rules carry whole days). */
function isDay(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?Z)?$/.test(iso);
}

/** `iso` relative to `now` in the largest unit that fits ("in 3 days", "2 months ago"); a
 * whole day is counted in days at least ("today", "yesterday"), never in hours. */
export function relative(iso: string, now: Date = new Date(), locale: string = formatLocale()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  let seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  if (isDay(iso)) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const days = Math.round((at.getTime() - today) / 86_400_000);
    if (Math.abs(days) < 7) return format.format(days, "day");
    seconds = days * 86_400;
  }
  for (const [unit, size] of UNITS) {
    // A little short of a unit still reads as one ("next year", not "in 12 months").
    if (Math.abs(seconds) >= size * 0.95 || unit === "second") {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** `iso` as a date and time in the person's locale and time zone (for a tooltip). */
export function exact(iso: string, locale: string = formatLocale(), timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(at);
}

/** A day (`YYYY-MM-DD`, or a moment's day in the person's time zone) in the person's locale,
 * for a date inside a sentence ("added 14 Mar 2026"). */
export function day(iso: string, locale: string = formatLocale()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  // A bare day is midnight UTC: shown in UTC, so it is the same day everywhere.
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: isDay(iso) ? "UTC" : undefined }).format(at);
}
