// Dates, relative times and counts in the reader's locale (Intl does the language work).
import type { Translator } from '../i18n';

/**
 * A moment in the reader's time zone, with the zone's name so nobody guesses ("30 Nov 2026, 14:05 CET").
 * `seconds` for "as of" stamps, where two refreshes a minute apart must read differently.
 */
export function formatDateTime(
  iso: string | null,
  tr: Translator,
  options: { seconds?: boolean } = {},
): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(tr.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    timeZoneName: 'short',
    timeZone: tr.timeZone,
  }).format(date);
}

export function formatDate(iso: string | null, tr: Translator): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(tr.locale, { dateStyle: 'medium', timeZone: tr.timeZone }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago" / "3 dagen geleden". */
export function relativeTime(iso: string | null, now: Date, tr: Translator): string {
  if (!iso) return '—';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '—';
  const seconds = Math.round((then - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(tr.locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'minute');
}

export function daysBetween(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return null;
  return Math.floor((now.getTime() - then) / (24 * 3600 * 1000));
}
