// What the bot says about an enrollment failure: one entry per documented Intune enrollment error, one per
// Graph failureCategory as a fallback, and an honest "unknown". Texts live in locales/<lng>/failures.json;
// this module only holds keys, links and the rules for recognising Graph's failureReason.

import type { EnrollmentFailure, EnrollmentFailureCategory } from './report';

export const FAILURES_NAMESPACE = 'failures';

/** `reason`: a documented error was recognised; `category`: only the Graph category is known; `unknown`: neither. */
export type CatalogueEntryKind = 'reason' | 'category' | 'unknown';

export interface CatalogueResource {
  readonly labelKey: string;
  readonly url: string;
}

export interface CatalogueEntry {
  /** Stable kebab-case id, safe to put in card action data. */
  readonly key: string;
  readonly kind: CatalogueEntryKind;
  /**
   * The Graph category the error belongs to. For `reason` entries this is an inference: Microsoft does not
   * publish which category the service reports with which reason, so it is never used for matching.
   */
  readonly category: EnrollmentFailureCategory;
  readonly titleKey: string;
  /** "Failure details": what happened, 1–2 sentences. */
  readonly detailsKey: string;
  /** "Possible remediations" for the helpdesk agent; resolves to a string array (returnObjects). */
  readonly agentStepsKey: string;
  /** "What you can do yourself" for the end user; resolves to a string array (returnObjects). */
  readonly userStepsKey: string;
  /** The end user cannot fix this on the device; the view shows "Only IT can fix this". */
  readonly onlyItCanFix: boolean;
  readonly resources: readonly CatalogueResource[];
  /** failureReason texts this entry answers to, in any spelling (normalised before comparison). */
  readonly aliases: readonly string[];
  /** Windows HRESULTs (lowercase hex, no 0x) that identify this entry. */
  readonly errorCodes: readonly string[];
}

/** Shared strings of the failure view. */
export const FAILURE_VIEW_KEYS = {
  caveat: 'failures:view.caveat',
  caveatSelf: 'failures:view.caveatSelf',
  failureDetails: 'failures:view.failureDetails',
  possibleRemediations: 'failures:view.possibleRemediations',
  resources: 'failures:view.resources',
  whatYouCanDo: 'failures:view.whatYouCanDo',
  onlyItCanFix: 'failures:view.onlyItCanFix',
  generalAdvice: 'failures:view.generalAdvice',
  reportedReason: 'failures:view.reportedReason',
} as const;

// Only pages named in the project's Graph/Intune facts reference (§2.1), without a locale segment so that
// learn.microsoft.com picks the reader's language.
const LEARN = 'https://learn.microsoft.com';
const RESOURCE_URLS = {
  troubleshootEnrollment: `${LEARN}/troubleshoot/mem/intune/device-enrollment/troubleshoot-device-enrollment-in-intune`,
  troubleshootIos: `${LEARN}/troubleshoot/mem/intune/device-enrollment/troubleshoot-ios-enrollment-errors`,
  troubleshootWindows: `${LEARN}/troubleshoot/mem/intune/device-enrollment/troubleshoot-windows-enrollment-errors`,
  assignLicenses: `${LEARN}/intune/intune-service/fundamentals/licenses-assign`,
  wipeRetire: `${LEARN}/intune/intune-service/remote-actions/devices-wipe`,
  mdmAuthority: `${LEARN}/intune/intune-service/fundamentals/mdm-authority-set`,
  supportedDevices: `${LEARN}/intune/intune-service/fundamentals/supported-devices-browsers`,
  helpDeskOperators: `${LEARN}/intune/intune-service/fundamentals/help-desk-operators`,
  platformRestrictions: `${LEARN}/intune/intune-service/enrollment/create-device-platform-restrictions`,
  deviceLimit: `${LEARN}/intune/intune-service/enrollment/create-device-limit-restrictions`,
  corporateIdentifiers: `${LEARN}/intune/intune-service/enrollment/corporate-identifiers-add`,
  bulkEnroll: `${LEARN}/intune/intune-service/enrollment/windows-bulk-enroll`,
  applePushCertificate: `${LEARN}/intune/intune-service/enrollment/apple-mdm-push-certificate-get`,
  autopilotTroubleshootOobe: `${LEARN}/autopilot/troubleshoot-oobe`,
  autopilotTroubleshootEnrollment: `${LEARN}/autopilot/troubleshoot-device-enrollment`,
  autopilotAddDevices: `${LEARN}/autopilot/add-devices`,
  autopilotManualRegistration: `${LEARN}/autopilot/manual-registration`,
  autopilotProfiles: `${LEARN}/autopilot/profiles`,
  autopilotRegistrationOverview: `${LEARN}/autopilot/registration-overview`,
  autopilotMotherboard: `${LEARN}/autopilot/autopilot-motherboard-replacement`,
} as const;

type ResourceId = keyof typeof RESOURCE_URLS;

interface EntrySpec {
  key: string;
  category: EnrollmentFailureCategory;
  onlyItCanFix: boolean;
  resources: readonly ResourceId[];
  aliases?: readonly string[];
  codes?: readonly string[];
}

// The 20 errors of the portal's enrollment-failure reference. Aliases hold the portal's name, the iOS
// user-facing codes and the messages users report; Graph's exact failureReason strings are not documented.
const REASON_SPECS: readonly EntrySpec[] = [
  {
    key: 'ios-timeout-or-failure',
    category: 'clientDisconnected',
    onlyItCanFix: false,
    resources: ['troubleshootIos', 'troubleshootEnrollment'],
    aliases: [
      'iOS/iPadOS Timeout or Failure',
      'iOS Timeout or Failure',
      'iPadOS Timeout or Failure',
      'iOS timeout',
      'iPadOS timeout',
      'Timeout or failure',
      'Company Portal Temporarily Unavailable',
    ],
  },
  {
    key: 'user-not-found-or-licensed',
    category: 'userValidation',
    onlyItCanFix: true,
    resources: ['assignLicenses', 'troubleshootEnrollment'],
    aliases: [
      'User not found or licensed',
      'User not found or not licensed',
      'User not licensed',
      'UserLicenseTypeInvalid',
      'User Name Not Recognized',
      'IT admin needs to assign license for access',
      'This account is not allowed on this phone',
    ],
  },
  {
    key: 'device-already-enrolled',
    category: 'badRequest',
    onlyItCanFix: false,
    resources: ['troubleshootWindows', 'wipeRetire', 'troubleshootEnrollment'],
    aliases: ['Device already enrolled', 'Already enrolled', 'Machine is already enrolled'],
    codes: ['8018000a', '8007064c', '80043009'],
  },
  {
    key: 'not-onboarded-into-intune',
    category: 'accountValidation',
    onlyItCanFix: true,
    resources: ['mdmAuthority', 'troubleshootEnrollment'],
    aliases: [
      'Not onboarded into Intune',
      'Not onboarded',
      'MdmAuthorityNotDefined',
      'MDM authority not defined',
      'IT admin needs to set MDM authority',
    ],
  },
  {
    key: 'enrollment-authorization-failed',
    category: 'authorization',
    onlyItCanFix: false,
    resources: ['troubleshootIos', 'troubleshootEnrollment'],
    aliases: ['Enrollment authorization failed', 'Enrollment authorisation failed', 'Workplace Join failed'],
  },
  {
    key: 'device-not-supported',
    category: 'deviceNotSupported',
    onlyItCanFix: false,
    resources: ['supportedDevices', 'troubleshootWindows', 'troubleshootIos'],
    aliases: ['Device not supported', 'DeviceTypeNotSupported', 'Device type not supported'],
    codes: ['80180022', '801c03ea'],
  },
  {
    key: 'enrollment-restrictions-not-met',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: true,
    resources: ['platformRestrictions', 'troubleshootEnrollment'],
    aliases: ['Enrollment restrictions not met', 'Enrollment restriction not met'],
  },
  {
    key: 'device-version-too-low',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: false,
    resources: ['platformRestrictions'],
    aliases: ['Device version too low', 'OS version too low'],
  },
  {
    key: 'device-version-too-high',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: true,
    resources: ['platformRestrictions'],
    aliases: ['Device version too high', 'OS version too high'],
  },
  {
    key: 'device-cannot-enroll-as-personal',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: true,
    resources: ['corporateIdentifiers', 'platformRestrictions'],
    aliases: [
      'Device cannot be enrolled as personal',
      'Device can not be enrolled as personal',
      'Device cannot enroll as personal',
      'Personal device enrollment blocked',
    ],
  },
  {
    key: 'device-platform-blocked',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: true,
    resources: ['platformRestrictions', 'troubleshootWindows', 'autopilotTroubleshootEnrollment'],
    aliases: [
      'Device platform blocked',
      'Platform blocked',
      'Your organization does not support this version of Windows',
    ],
    codes: ['80180014'],
  },
  {
    key: 'bulk-token-expired',
    category: 'authentication',
    onlyItCanFix: true,
    resources: ['bulkEnroll'],
    aliases: ['Bulk token expired', 'Bulk token is expired', 'Bulk token has expired'],
  },
  {
    key: 'autopilot-device-not-found',
    category: 'badRequest',
    onlyItCanFix: false,
    resources: ['autopilotAddDevices', 'autopilotManualRegistration', 'autopilotTroubleshootOobe'],
    aliases: [
      'Autopilot device or details not found',
      'Autopilot device not found',
      'Autopilot details not found',
    ],
  },
  {
    key: 'autopilot-profile-not-assigned',
    category: 'badRequest',
    onlyItCanFix: false,
    resources: ['autopilotProfiles', 'autopilotTroubleshootOobe', 'autopilotTroubleshootEnrollment'],
    aliases: [
      'Autopilot profile not found or not assigned',
      'Autopilot profile not found',
      'Autopilot profile not assigned',
    ],
  },
  {
    key: 'autopilot-enrollment-method-unexpected',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: false,
    resources: ['autopilotTroubleshootEnrollment', 'autopilotProfiles'],
    aliases: [
      'Autopilot enrollment method unexpected',
      'Unexpected Autopilot enrollment method',
      'SDM One Time Limit Check',
    ],
  },
  {
    key: 'autopilot-device-removed',
    category: 'badRequest',
    onlyItCanFix: true,
    resources: ['autopilotRegistrationOverview', 'autopilotMotherboard', 'autopilotManualRegistration'],
    aliases: ['Autopilot device removed', 'Autopilot device deleted', 'Autopilot device deregistered'],
  },
  {
    key: 'device-cap-reached',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: false,
    resources: ['deviceLimit', 'troubleshootEnrollment'],
    aliases: ['Device cap reached', 'Device limit reached', 'Maximum number of devices'],
  },
  {
    key: 'apple-onboarding',
    category: 'accountValidation',
    onlyItCanFix: true,
    resources: ['applePushCertificate', 'troubleshootIos'],
    aliases: [
      'Apple onboarding',
      'APNSCertificateNotValid',
      'NoEnrollmentPolicy',
      'AccountNotOnboarded',
      'APNs certificate expired',
      'APNs certificate not valid',
      'Apple MDM push certificate expired',
    ],
  },
  {
    key: 'device-not-preregistered',
    category: 'enrollmentRestrictionsEnforced',
    onlyItCanFix: true,
    resources: ['corporateIdentifiers', 'platformRestrictions'],
    aliases: ['Device not preregistered', 'Device not registered as corporate'],
  },
  {
    key: 'feature-not-supported',
    category: 'featureNotSupported',
    onlyItCanFix: false,
    resources: ['troubleshootWindows', 'troubleshootIos', 'troubleshootEnrollment'],
    aliases: ['Feature not supported'],
    // 8018002b: UPN suffix not verified; 80180026: MDM auto-enrollment clashes with the Intune PC agent.
    codes: ['8018002b', '80180026'],
  },
];

type CategoryWithEntry = Exclude<EnrollmentFailureCategory, 'unknown'>;

// Graph's 'unknown' category has no entry of its own: it says no more than "we don't know", which is
// exactly what the unknown entry says. A Record, so a new category in the model fails to compile here.
const CATEGORY_SPECS: Readonly<Record<CategoryWithEntry, Pick<EntrySpec, 'onlyItCanFix' | 'resources'>>> = {
  authentication: { onlyItCanFix: false, resources: ['troubleshootEnrollment'] },
  authorization: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'assignLicenses'] },
  accountValidation: {
    onlyItCanFix: true,
    resources: ['mdmAuthority', 'applePushCertificate', 'troubleshootEnrollment'],
  },
  userValidation: { onlyItCanFix: true, resources: ['assignLicenses', 'troubleshootEnrollment'] },
  deviceNotSupported: { onlyItCanFix: false, resources: ['supportedDevices', 'troubleshootEnrollment'] },
  inMaintenance: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'helpDeskOperators'] },
  badRequest: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'wipeRetire'] },
  featureNotSupported: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'troubleshootWindows'] },
  enrollmentRestrictionsEnforced: {
    onlyItCanFix: false,
    resources: ['platformRestrictions', 'deviceLimit', 'corporateIdentifiers'],
  },
  clientDisconnected: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'troubleshootIos'] },
  userAbandonment: { onlyItCanFix: false, resources: ['troubleshootEnrollment', 'troubleshootIos'] },
};

/** A category's entry key: `accountValidation` → `category-account-validation`. */
function categoryKey(category: CategoryWithEntry): string {
  return `category-${category.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

const UNKNOWN_SPEC: EntrySpec = {
  key: 'unknown',
  category: 'unknown',
  onlyItCanFix: false,
  resources: ['troubleshootEnrollment', 'helpDeskOperators'],
};

function toEntry(kind: CatalogueEntryKind, spec: EntrySpec): CatalogueEntry {
  const base = `${FAILURES_NAMESPACE}:entries.${spec.key}`;
  return {
    key: spec.key,
    kind,
    category: spec.category,
    titleKey: `${base}.title`,
    detailsKey: `${base}.details`,
    agentStepsKey: `${base}.agentSteps`,
    userStepsKey: `${base}.userSteps`,
    onlyItCanFix: spec.onlyItCanFix,
    resources: spec.resources.map((id) => ({
      labelKey: `${FAILURES_NAMESPACE}:resources.${id}`,
      url: RESOURCE_URLS[id],
    })),
    aliases: spec.aliases ?? [],
    errorCodes: spec.codes ?? [],
  };
}

export const REASON_ENTRIES: readonly CatalogueEntry[] = REASON_SPECS.map((spec) => toEntry('reason', spec));
const CATEGORY_ENTRY_OF = Object.fromEntries(
  (Object.keys(CATEGORY_SPECS) as CategoryWithEntry[]).map((category) => [
    category,
    toEntry('category', { key: categoryKey(category), category, ...CATEGORY_SPECS[category] }),
  ]),
) as Readonly<Record<CategoryWithEntry, CatalogueEntry>>;
export const CATEGORY_ENTRIES: readonly CatalogueEntry[] = Object.values(CATEGORY_ENTRY_OF);
export const UNKNOWN_ENTRY: CatalogueEntry = toEntry('unknown', UNKNOWN_SPEC);

export const CATALOGUE_ENTRIES: readonly CatalogueEntry[] = [
  ...REASON_ENTRIES,
  ...CATEGORY_ENTRIES,
  UNKNOWN_ENTRY,
];

/** The fallback per Graph failureCategory. */
export const CATEGORY_FALLBACKS: Readonly<Record<EnrollmentFailureCategory, CatalogueEntry>> = {
  unknown: UNKNOWN_ENTRY,
  ...CATEGORY_ENTRY_OF,
};

/** Case, spacing, punctuation and accents do not matter: "DeviceCapReached" = "device_cap_reached". */
export function normaliseReason(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

// Shorter aliases only match the whole reason: inside a longer sentence they would match by accident.
const MIN_CONTAINED_ALIAS_LENGTH = 10;

const exactAliases = new Map<string, CatalogueEntry>();
const containedAliases: { alias: string; entry: CatalogueEntry }[] = [];
const errorCodes = new Map<string, CatalogueEntry>();
for (const entry of REASON_ENTRIES) {
  for (const alias of [entry.key, ...entry.aliases].map(normaliseReason)) {
    if (!exactAliases.has(alias)) exactAliases.set(alias, entry);
    if (alias.length >= MIN_CONTAINED_ALIAS_LENGTH) containedAliases.push({ alias, entry });
  }
  for (const code of entry.errorCodes) errorCodes.set(code, entry);
}
// A reason that merely repeats a category name ("UserAbandonment") still deserves that category's advice.
for (const entry of CATEGORY_ENTRIES) {
  const alias = normaliseReason(entry.category);
  if (!exactAliases.has(alias)) exactAliases.set(alias, entry);
}
// The longest phrase is the most specific ("Account not onboarded" before "not onboarded").
containedAliases.sort((a, b) => b.alias.length - a.alias.length);

/** Windows HRESULTs in the text as lowercase hex: "0x80180014", "8018000A", or signed decimal -2145910764. */
export function extractErrorCodes(text: string): string[] {
  const codes: string[] = [];
  for (const match of text.matchAll(/(?<![0-9a-z])(?:0x)?([0-9a-f]{8})(?![0-9a-z])/gi)) {
    if (match[1]) codes.push(match[1].toLowerCase());
  }
  for (const match of text.matchAll(/(?<![0-9a-z.])(-?\d{10})(?![0-9a-z.])/gi)) {
    const value = Number(match[1]);
    const unsigned = value < 0 ? value >>> 0 : value;
    // Only the failure range (high bit set) is an HRESULT; other ten-digit numbers are ids or timestamps.
    if (unsigned >= 0x80000000 && unsigned <= 0xffffffff) codes.push(unsigned.toString(16));
  }
  return codes;
}

function matchReason(reason: string): CatalogueEntry | undefined {
  const normalised = normaliseReason(reason);
  if (normalised === '') return undefined;
  const exact = exactAliases.get(normalised);
  if (exact) return exact;
  // Text before codes: "SDM One Time Limit Check (0x80180014)" is Autopilot, although 0x80180014 alone
  // usually means a blocked platform.
  const contained = containedAliases.find(({ alias }) => normalised.includes(alias));
  if (contained) return contained.entry;
  for (const code of extractErrorCodes(reason)) {
    const entry = errorCodes.get(code);
    if (entry) return entry;
  }
  return undefined;
}

/** The entry for a failure: its recognised reason, else its Graph category, else the unknown entry. */
export function findCatalogueEntry(
  failure: Pick<EnrollmentFailure, 'category' | 'failureReason'>,
): CatalogueEntry {
  const byReason = failure.failureReason === null ? undefined : matchReason(failure.failureReason);
  if (byReason) return byReason;
  // Graph enums grow (unknownFutureValue and later members), so the category may be outside the type.
  return Object.hasOwn(CATEGORY_FALLBACKS, failure.category)
    ? CATEGORY_FALLBACKS[failure.category]
    : UNKNOWN_ENTRY;
}

export function getCatalogueEntry(key: string): CatalogueEntry | undefined {
  return CATALOGUE_ENTRIES.find((entry) => entry.key === key);
}
