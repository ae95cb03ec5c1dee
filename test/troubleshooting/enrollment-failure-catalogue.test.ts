import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  CATALOGUE_ENTRIES,
  CATEGORY_ENTRIES,
  CATEGORY_FALLBACKS,
  FAILURE_VIEW_KEYS,
  FAILURES_NAMESPACE,
  REASON_ENTRIES,
  UNKNOWN_ENTRY,
  extractErrorCodes,
  findCatalogueEntry,
  getCatalogueEntry,
  normaliseReason,
  type CatalogueEntry,
} from '../../src/troubleshooting/enrollment-failure-catalogue';
import type { EnrollmentFailureCategory } from '../../src/troubleshooting/report';

const LANGUAGES = ['en', 'nl'] as const;
type Language = (typeof LANGUAGES)[number];

function loadLocale(lng: Language): unknown {
  const file = path.resolve(__dirname, '..', '..', 'locales', lng, `${FAILURES_NAMESPACE}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

const locales: Record<Language, unknown> = { en: loadLocale('en'), nl: loadLocale('nl') };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves an i18next key ("failures:entries.x.title") the way i18next would, without i18next. */
function resolve(lng: Language, key: string): unknown {
  const prefix = `${FAILURES_NAMESPACE}:`;
  assert.ok(key.startsWith(prefix), `${key} is not in the ${FAILURES_NAMESPACE} namespace`);
  let node: unknown = locales[lng];
  for (const part of key.slice(prefix.length).split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[part];
  }
  return node;
}

function assertText(lng: Language, key: string): string {
  const value = resolve(lng, key);
  assert.equal(typeof value, 'string', `${lng}: ${key} is missing or not a string`);
  const text = value as string;
  assert.ok(text.trim().length > 0, `${lng}: ${key} is empty`);
  return text;
}

function assertSteps(lng: Language, key: string, minimum: number): string[] {
  const value = resolve(lng, key);
  assert.ok(Array.isArray(value), `${lng}: ${key} is missing or not an array`);
  const steps = value as unknown[];
  assert.ok(
    steps.length >= minimum,
    `${lng}: ${key} has ${steps.length} steps, expected at least ${minimum}`,
  );
  steps.forEach((step, index) => {
    assert.equal(typeof step, 'string', `${lng}: ${key}[${index}] is not a string`);
    assert.ok((step as string).trim().length > 0, `${lng}: ${key}[${index}] is empty`);
  });
  return steps as string[];
}

/** Every leaf as "a.b.c" (array items as "a.b.0"), with its text. */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') {
    out.set(prefix, node);
  } else if (Array.isArray(node) || isRecord(node)) {
    for (const [name, child] of Object.entries(node)) {
      for (const [key, text] of leaves(child, prefix === '' ? name : `${prefix}.${name}`)) out.set(key, text);
    }
  } else {
    out.set(prefix, String(node));
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

function entryFor(
  failureReason: string | null,
  category: EnrollmentFailureCategory = 'unknown',
): CatalogueEntry {
  return findCatalogueEntry({ category, failureReason });
}

// Several spellings per documented error: the portal's name, Graph/iOS style codes, snake case, odd spacing.
const SPELLINGS: Record<string, readonly string[]> = {
  'ios-timeout-or-failure': [
    'iOS/iPadOS Timeout or Failure',
    'iOS Timeout or Failure',
    'IOS_TIMEOUT_OR_FAILURE',
    'iosipadostimeoutorfailure',
  ],
  'user-not-found-or-licensed': [
    'User not found or licensed',
    'UserNotFoundOrLicensed',
    'user_not_found_or_licensed',
    'UserLicenseTypeInvalid',
    'User Name Not Recognized',
  ],
  'device-already-enrolled': [
    'Device already enrolled',
    'DeviceAlreadyEnrolled',
    'device-already-enrolled',
    '8018000a',
    '0x8018000A',
    'hr 0x8007064c',
  ],
  'not-onboarded-into-intune': [
    'Not onboarded into Intune',
    'NotOnboardedIntoIntune',
    'MdmAuthorityNotDefined',
    'MDM authority not defined',
  ],
  'enrollment-authorization-failed': [
    'Enrollment authorization failed',
    'EnrollmentAuthorizationFailed',
    'enrollment_authorisation_failed',
  ],
  'device-not-supported': [
    'Device not supported',
    'DeviceNotSupported',
    'DeviceTypeNotSupported',
    '0x80180022',
    'Error 0x801C03EA',
  ],
  'enrollment-restrictions-not-met': [
    'Enrollment restrictions not met',
    'EnrollmentRestrictionsNotMet',
    'enrollment restrictions  not met.',
  ],
  'device-version-too-low': ['Device version too low', 'DeviceVersionTooLow', 'device_version_too_low'],
  'device-version-too-high': ['Device version too high', 'DeviceVersionTooHigh', 'DEVICE VERSION TOO HIGH'],
  'device-cannot-enroll-as-personal': [
    'Device cannot be enrolled as personal',
    'DeviceCannotBeEnrolledAsPersonal',
    'device-cannot-enroll-as-personal',
  ],
  'device-platform-blocked': [
    'Device platform blocked',
    'DevicePlatformBlocked',
    '0x80180014',
    '80180014',
    '-2145910764',
    'Your organization does not support this version of Windows.',
  ],
  'bulk-token-expired': [
    'Bulk token expired',
    'BulkTokenExpired',
    'bulk_token_expired',
    'Bulk token is expired',
  ],
  'autopilot-device-not-found': [
    'Autopilot device or details not found',
    'AutopilotDeviceOrDetailsNotFound',
    'Autopilot device not found',
  ],
  'autopilot-profile-not-assigned': [
    'Autopilot profile not found or not assigned',
    'AutopilotProfileNotFoundOrNotAssigned',
    'Autopilot profile not assigned',
  ],
  'autopilot-enrollment-method-unexpected': [
    'Autopilot enrollment method unexpected',
    'AutopilotEnrollmentMethodUnexpected',
    'Enrollment blocked for AP device by SDM One Time Limit Check (0x80180014)',
  ],
  'autopilot-device-removed': [
    'Autopilot device removed',
    'AutopilotDeviceRemoved',
    'autopilot_device_removed',
  ],
  'device-cap-reached': [
    'DeviceCapReached',
    'Device cap reached',
    'device_cap_reached',
    ' DEVICE-CAP-REACHED ',
    "Couldn't add your device: you have reached the maximum number of devices allowed.",
  ],
  'apple-onboarding': [
    'Apple onboarding',
    'AppleOnboarding',
    'APNSCertificateNotValid',
    'NoEnrollmentPolicy',
    'AccountNotOnboarded',
  ],
  'device-not-preregistered': [
    'Device not preregistered',
    'Device not pre-registered',
    'DeviceNotPreregistered',
  ],
  'feature-not-supported': [
    'Feature not supported',
    'FeatureNotSupported',
    'feature_not_supported',
    '0x8018002B',
  ],
};

const CATEGORIES: readonly EnrollmentFailureCategory[] = [
  'unknown',
  'authentication',
  'authorization',
  'accountValidation',
  'userValidation',
  'deviceNotSupported',
  'inMaintenance',
  'badRequest',
  'featureNotSupported',
  'enrollmentRestrictionsEnforced',
  'clientDisconnected',
  'userAbandonment',
];

describe('enrollment-failure catalogue', () => {
  describe('shape', () => {
    it('has the 20 documented errors, one fallback per Graph category and an unknown entry', () => {
      assert.equal(REASON_ENTRIES.length, 20);
      assert.deepEqual(REASON_ENTRIES.map((entry) => entry.key).sort(), Object.keys(SPELLINGS).sort());
      assert.equal(CATEGORY_ENTRIES.length, 11);
      assert.deepEqual(Object.keys(CATEGORY_FALLBACKS).sort(), [...CATEGORIES].sort());
      assert.equal(CATEGORY_FALLBACKS.unknown, UNKNOWN_ENTRY);
      assert.equal(CATALOGUE_ENTRIES.length, 20 + 11 + 1);
      for (const entry of REASON_ENTRIES) assert.equal(entry.kind, 'reason');
      for (const entry of CATEGORY_ENTRIES) assert.equal(entry.kind, 'category');
      assert.equal(UNKNOWN_ENTRY.kind, 'unknown');
    });

    it('uses unique kebab-case keys that getCatalogueEntry finds', () => {
      const keys = CATALOGUE_ENTRIES.map((entry) => entry.key);
      assert.equal(new Set(keys).size, keys.length);
      for (const entry of CATALOGUE_ENTRIES) {
        assert.match(entry.key, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.equal(getCatalogueEntry(entry.key), entry);
      }
      assert.equal(getCatalogueEntry('no-such-entry'), undefined);
    });

    it('gives no alias or error code to two entries', () => {
      const seen = new Map<string, string>();
      for (const entry of REASON_ENTRIES) {
        for (const alias of [entry.key, ...entry.aliases].map(normaliseReason)) {
          const owner = seen.get(alias);
          assert.ok(
            owner === undefined || owner === entry.key,
            `"${alias}" belongs to ${owner} and ${entry.key}`,
          );
          seen.set(alias, entry.key);
        }
        for (const code of entry.errorCodes) {
          assert.match(code, /^[0-9a-f]{8}$/);
          const owner = seen.get(`code:${code}`);
          assert.ok(owner === undefined, `${code} belongs to ${owner} and ${entry.key}`);
          seen.set(`code:${code}`, entry.key);
        }
      }
    });

    it('links only to learn.microsoft.com over https, without a locale in the path', () => {
      for (const entry of CATALOGUE_ENTRIES) {
        assert.ok(entry.resources.length > 0, `${entry.key} has no resources`);
        for (const resource of entry.resources) {
          assert.match(resource.url, /^https:\/\/learn\.microsoft\.com\/[a-z0-9/-]+$/);
          assert.doesNotMatch(resource.url, /\/[a-z]{2}-[a-z]{2}\//);
        }
      }
    });
  });

  describe('findCatalogueEntry by failureReason', () => {
    for (const [key, spellings] of Object.entries(SPELLINGS)) {
      it(`maps ${key} in ${spellings.length} spellings`, () => {
        for (const spelling of spellings) {
          assert.equal(entryFor(spelling).key, key, `"${spelling}"`);
          // The reason decides, whatever category Graph reported with it.
          assert.equal(entryFor(spelling, 'inMaintenance').key, key, `"${spelling}" with another category`);
        }
      });
    }

    it('recognises every entry by its own key and aliases', () => {
      for (const entry of REASON_ENTRIES) {
        for (const alias of [entry.key, ...entry.aliases])
          assert.equal(entryFor(alias).key, entry.key, alias);
      }
    });

    it('prefers the most specific phrase inside a longer sentence', () => {
      assert.equal(entryFor('Account not onboarded').key, 'apple-onboarding');
      assert.equal(entryFor('The account is not onboarded into Intune yet').key, 'not-onboarded-into-intune');
      assert.equal(
        entryFor('Enrollment failed: device version too low (min 17.0)').key,
        'device-version-too-low',
      );
    });

    it('reads HRESULTs as hex or signed decimal, and ignores other numbers', () => {
      assert.deepEqual(extractErrorCodes('hr 0x8007064C'), ['8007064c']);
      assert.deepEqual(extractErrorCodes('-2145910764'), ['80180014']);
      assert.deepEqual(extractErrorCodes('2149056532'), ['80180014']);
      assert.deepEqual(extractErrorCodes('ticket 1234567890, build 22631.4037'), []);
      assert.deepEqual(extractErrorCodes('0x801800141'), []);
    });

    it('treats a reason that only names a category as that category', () => {
      assert.equal(entryFor('UserAbandonment').key, 'category-user-abandonment');
      assert.equal(entryFor('in_maintenance', 'badRequest').key, 'category-in-maintenance');
    });
  });

  describe('fallback to the failure category', () => {
    for (const category of CATEGORIES) {
      it(`falls back for ${category}`, () => {
        const expected = CATEGORY_FALLBACKS[category];
        assert.equal(expected.category, category);
        assert.equal(entryFor(null, category), expected);
        assert.equal(entryFor('', category), expected);
        assert.equal(entryFor('  -- ', category), expected);
        assert.equal(entryFor('Something nobody documented happened', category), expected);
        assert.equal(entryFor('0x80004005', category), expected);
        assert.equal(expected.kind, category === 'unknown' ? 'unknown' : 'category');
      });
    }
  });

  describe('unknown', () => {
    it('is used when neither the reason nor the category is recognised', () => {
      assert.equal(entryFor(null, 'unknown'), UNKNOWN_ENTRY);
      assert.equal(entryFor('Unknown', 'unknown'), UNKNOWN_ENTRY);
      assert.equal(
        entryFor('Something new', 'unknownFutureValue' as EnrollmentFailureCategory),
        UNKNOWN_ENTRY,
      );
      assert.equal(entryFor(null, 'toString' as EnrollmentFailureCategory), UNKNOWN_ENTRY);
    });

    it('does not turn a reason of "unknown" into a verdict when the category says more', () => {
      assert.equal(entryFor('Unknown', 'authentication').key, 'category-authentication');
    });

    it('says that the cause is not known instead of guessing one', () => {
      assert.match(assertText('en', UNKNOWN_ENTRY.detailsKey), /recognise/);
      assert.match(assertText('nl', UNKNOWN_ENTRY.detailsKey), /herkennen/);
      assert.equal(UNKNOWN_ENTRY.onlyItCanFix, false);
    });
  });

  describe('locales', () => {
    for (const lng of LANGUAGES) {
      it(`${lng}: has every key the catalogue and the view use, with text`, () => {
        for (const entry of CATALOGUE_ENTRIES) {
          assertText(lng, entry.titleKey);
          assertText(lng, entry.detailsKey);
          assertSteps(lng, entry.agentStepsKey, 2);
          assertSteps(lng, entry.userStepsKey, 1);
          for (const resource of entry.resources) assertText(lng, resource.labelKey);
        }
        for (const key of Object.values(FAILURE_VIEW_KEYS)) assertText(lng, key);
      });

      it(`${lng}: has no keys that nothing uses`, () => {
        const used = new Set<string>();
        const strip = (key: string): string => key.slice(FAILURES_NAMESPACE.length + 1);
        for (const entry of CATALOGUE_ENTRIES) {
          for (const key of [entry.titleKey, entry.detailsKey, entry.agentStepsKey, entry.userStepsKey]) {
            used.add(strip(key));
          }
          for (const resource of entry.resources) used.add(strip(resource.labelKey));
        }
        for (const key of Object.values(FAILURE_VIEW_KEYS)) used.add(strip(key));
        for (const key of leaves(locales[lng]).keys()) {
          const owner = key.replace(/\.\d+$/, '');
          assert.ok(used.has(owner), `${lng}: ${key} is not used by the catalogue`);
        }
      });
    }

    it('en and nl have exactly the same keys and the same placeholders', () => {
      const en = leaves(locales.en);
      const nl = leaves(locales.nl);
      assert.deepEqual([...nl.keys()].sort(), [...en.keys()].sort());
      for (const [key, text] of en)
        assert.deepEqual(placeholders(nl.get(key) ?? ''), placeholders(text), key);
    });

    it('the view caveat says that attempts can be missing and may have succeeded later', () => {
      assert.match(assertText('en', FAILURE_VIEW_KEYS.caveat), /not every.*recorded.*later/is);
      assert.match(assertText('nl', FAILURE_VIEW_KEYS.caveat), /niet elke.*vastgelegd.*alsnog/is);
    });

    it('gives end users a self-service step or says only IT can fix it', () => {
      for (const entry of CATALOGUE_ENTRIES) {
        const steps = assertSteps('en', entry.userStepsKey, 1).join(' ');
        if (entry.onlyItCanFix) assert.match(steps, /\bIT\b/, `${entry.key} should send the user to IT`);
      }
    });
  });
});
