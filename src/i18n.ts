// Every user-facing string comes from locales/<lng>/<namespace>.json. One i18next instance, loaded once
// at start, synchronously, so a turn never waits for a file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths/project-root';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';

export const SUPPORTED_LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LOCALES_DIR = join(PROJECT_ROOT, 'locales');

export function loadLocaleResources(dir = LOCALES_DIR): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lng of SUPPORTED_LANGUAGES) {
    const namespaces: Record<string, unknown> = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      namespaces[file.replace(/\.json$/, '')] = JSON.parse(
        readFileSync(join(dir, lng, file), 'utf8'),
      ) as unknown;
    }
    resources[lng] = namespaces;
  }
  return resources;
}

let instance: i18n | null = null;

function getInstance(): i18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  const resources = loadLocaleResources();
  void created.init({
    resources: resources as Resource,
    initAsync: false,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

/** 'nl-NL', 'nl-BE', 'nl' → 'nl'; anything unsupported → 'en'. */
export function toLanguage(locale: string | null | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : 'en';
}

export interface Translator {
  language: Language;
  /** BCP 47 tag used for dates and numbers (the activity's locale when it matches the language). */
  locale: string;
  /** IANA time zone the reader's times are shown in (the Teams client's, else UTC). */
  timeZone: string;
  t: TFunction;
  /** A list of strings (e.g. numbered steps) stored as a JSON array. */
  list(key: string, options?: Record<string, unknown>): string[];
  /** The words for a Graph enum value (`group.value`); a value the locales do not know reads `group.other`. */
  word(group: string, value: string | null | undefined): string;
}

/** Only the languages the bot speaks; anything else (a forged card action's value too) is null. */
export function parseLanguage(value: unknown): Language | null {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value)
    ? (value as Language)
    : null;
}

const TIME_ZONE_SHAPE = /^(?:UTC|[A-Z][A-Za-z_-]{1,30}(?:\/[A-Za-z0-9_+-]{1,30}){1,2})$/;

/** An IANA zone name Intl knows ("Europe/Amsterdam"); null for anything else, so no text reaches a card. */
export function parseTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || !TIME_ZONE_SHAPE.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    // RangeError: a well-formed name that is not a zone.
    return null;
  }
}

export function createTranslator(locale: string | null | undefined, timeZone?: string | null): Translator {
  const language = toLanguage(locale);
  const t = getInstance().getFixedT(language);
  const tag =
    locale && toLanguage(locale) === language && /^[a-z]{2}(-[A-Za-z]{2})?$/.test(locale)
      ? locale
      : language === 'nl'
        ? 'nl-NL'
        : 'en-US';
  return {
    language,
    locale: tag,
    timeZone: parseTimeZone(timeZone) ?? 'UTC',
    t,
    list(key, options) {
      const value: unknown = t(key, { ...options, returnObjects: true });
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    },
    word(group, value) {
      const other = t(`${group}.other`);
      return value && /^\w{1,60}$/.test(value) ? t(`${group}.${value}`, { defaultValue: other }) : other;
    },
  };
}
