import type { DeviceEnrollmentConfiguration } from '@microsoft/microsoft-graph-types';
import type {
  EnrollmentRestriction,
  EnrollmentRestrictions,
  PlatformRule,
  UncountedDevices,
} from '../troubleshooting/report';
import { asRecord } from './graph-response';
import { odataType } from './odata-type';

/** v1.0 `deviceEnrollmentPlatformRestrictionsConfiguration`: one property per platform. */
const PLATFORM_PROPERTIES: readonly [string, PlatformRule['platform']][] = [
  ['iosRestriction', 'ios'],
  ['androidRestriction', 'android'],
  ['androidForWorkRestriction', 'androidForWork'],
  ['windowsRestriction', 'windows'],
  ['windowsMobileRestriction', 'windowsMobile'],
  ['macOSRestriction', 'macOS'],
  ['macRestriction', 'macOS'],
  ['linuxRestriction', 'linux'],
];

/** beta `deviceEnrollmentPlatformRestrictionConfiguration` (one platform each): its `platformType` values. */
const SINGLE_PLATFORM_TYPES: ReadonlyMap<string, PlatformRule['platform']> = new Map([
  ['ios', 'ios'],
  ['android', 'android'],
  ['androidForWork', 'androidForWork'],
  ['windows', 'windows'],
  ['windowsPhone', 'windowsMobile'],
  ['mac', 'macOS'],
  ['linux', 'linux'],
]);

const ALL_TARGETS: ReadonlySet<string> = new Set([
  'allLicensedUsersAssignmentTarget',
  'allDevicesAssignmentTarget',
]);
const KIND_ORDER: readonly EnrollmentRestriction['kind'][] = [
  'platform',
  'limit',
  'windowsHello',
  'enrollmentStatusPage',
  'other',
];

/**
 * The restrictions that apply to the user, the way Intune picks them: a configuration applies when one of its
 * assignments targets all users, all devices, or a group the user is in (transitively), unless an exclusion
 * names one of the user's groups; the tenant default applies to everyone. Within a kind the lowest priority
 * number wins and the default comes last.
 */
export function mapEnrollmentRestrictions(
  configurations: readonly DeviceEnrollmentConfiguration[],
  userGroupIds: ReadonlySet<string>,
  enrolledDeviceCount: number,
  uncountedDevices: UncountedDevices[] = [],
): EnrollmentRestrictions {
  const groups = new Set([...userGroupIds].map((id) => id.toLowerCase()));
  const restrictions = configurations
    .filter((c) => isDefault(c) || appliesTo(c, groups))
    .map(mapRestriction)
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        Number(a.isDefault) - Number(b.isDefault) ||
        a.priority - b.priority,
    );
  const winningLimit = restrictions.find((r) => r.kind === 'limit');
  return { restrictions, deviceLimit: winningLimit?.limit ?? null, enrolledDeviceCount, uncountedDevices };
}

function isDefault(c: DeviceEnrollmentConfiguration): boolean {
  const type = asRecord(c)?.deviceEnrollmentConfigurationType;
  // Intune names its tenant defaults `<tenant>_DefaultPlatformRestrictions`, `<tenant>_DefaultLimit`, ….
  return /_Default[A-Za-z0-9]*$/.test(c.id ?? '') || (typeof type === 'string' && type.startsWith('default'));
}

function appliesTo(c: DeviceEnrollmentConfiguration, groups: ReadonlySet<string>): boolean {
  const targets = (c.assignments ?? []).map((a) => a.target);
  const excluded = targets.some(
    (t) => odataType(t) === 'exclusionGroupAssignmentTarget' && inGroups(t, groups),
  );
  const included = targets.some((t) => {
    const type = odataType(t);
    return ALL_TARGETS.has(type) || (type === 'groupAssignmentTarget' && inGroups(t, groups));
  });
  return included && !excluded;
}

function inGroups(target: unknown, groups: ReadonlySet<string>): boolean {
  const id = asRecord(target)?.groupId;
  return typeof id === 'string' && groups.has(id.toLowerCase());
}

function mapRestriction(c: DeviceEnrollmentConfiguration): EnrollmentRestriction {
  const record = asRecord(c) ?? {};
  const type = odataType(c);
  const configType =
    typeof record.deviceEnrollmentConfigurationType === 'string'
      ? record.deviceEnrollmentConfigurationType
      : '';
  const platforms = platformRules(record);
  const isLimit = type === 'deviceEnrollmentLimitConfiguration' || /limit$/i.test(configType);
  const kind: EnrollmentRestriction['kind'] = isLimit
    ? 'limit'
    : platforms.length > 0 || /platformRestriction/i.test(type + configType)
      ? 'platform'
      : /windowsHelloForBusiness/i.test(type + configType)
        ? 'windowsHello'
        : /EnrollmentCompletionPage|enrollmentStatusPage/i.test(type + configType)
          ? 'enrollmentStatusPage'
          : 'other';
  return {
    id: c.id ?? '',
    displayName: c.displayName ?? c.id ?? '',
    kind,
    priority: typeof c.priority === 'number' ? c.priority : 0,
    isDefault: isDefault(c),
    platforms,
    limit: isLimit && typeof record.limit === 'number' ? record.limit : null,
  };
}

function platformRules(record: Record<string, unknown>): PlatformRule[] {
  const rules: PlatformRule[] = [];
  for (const [property, platform] of PLATFORM_PROPERTIES) {
    const rule = asRecord(record[property]);
    if (rule) rules.push(platformRule(platform, rule));
  }
  const single = asRecord(record.platformRestriction);
  const singleType =
    typeof record.platformType === 'string' ? SINGLE_PLATFORM_TYPES.get(record.platformType) : undefined;
  if (single && singleType) rules.push(platformRule(singleType, single));
  return rules;
}

function platformRule(platform: PlatformRule['platform'], rule: Record<string, unknown>): PlatformRule {
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    platform,
    platformBlocked: rule.platformBlocked === true,
    personalDeviceEnrollmentBlocked: rule.personalDeviceEnrollmentBlocked === true,
    osMinimumVersion: text(rule.osMinimumVersion),
    osMaximumVersion: text(rule.osMaximumVersion),
  };
}
