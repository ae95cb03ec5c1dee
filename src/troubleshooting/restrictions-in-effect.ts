// Which enrollment restriction decides, per kind and per platform: the applicable restriction with the lowest
// priority number wins, the tenant default comes last, and the ones it beats are overridden.
import type {
  Device,
  EnrollmentRestriction,
  EnrollmentRestrictions,
  PlatformRule,
  UncountedDevices,
  UncountedEnrollment,
} from './report';

export interface PlatformInEffect {
  platform: PlatformRule['platform'];
  rule: PlatformRule;
  restriction: EnrollmentRestriction;
}

export type RestrictionStanding =
  | { kind: 'inEffect'; platforms: PlatformRule['platform'][] }
  | { kind: 'overridden'; by: EnrollmentRestriction };

/** Restrictions of one kind, the one in effect first. */
export interface RestrictionGroup {
  kind: EnrollmentRestriction['kind'];
  restrictions: { restriction: EnrollmentRestriction; standing: RestrictionStanding }[];
}

const PLATFORM_ORDER: readonly PlatformRule['platform'][] = [
  'ios',
  'android',
  'androidForWork',
  'windows',
  'macOS',
  'linux',
  'windowsMobile',
];

function byPrecedence(a: EnrollmentRestriction, b: EnrollmentRestriction): number {
  return Number(a.isDefault) - Number(b.isDefault) || a.priority - b.priority;
}

/** The rule that decides enrollments of one platform, and the restriction it comes from. */
export function platformInEffect(
  data: EnrollmentRestrictions,
  platform: PlatformRule['platform'],
): PlatformInEffect | null {
  const candidates = data.restrictions.filter((r) => r.kind === 'platform').sort(byPrecedence);
  for (const restriction of candidates) {
    const rule = restriction.platforms.find((p) => p.platform === platform);
    if (rule) return { platform, rule, restriction };
  }
  return null;
}

export function platformsInEffect(data: EnrollmentRestrictions): PlatformInEffect[] {
  return PLATFORM_ORDER.flatMap((p) => {
    const found = platformInEffect(data, p);
    return found ? [found] : [];
  });
}

/** The device limit restriction in effect, or null when none applies. */
export function limitInEffect(data: EnrollmentRestrictions): EnrollmentRestriction | null {
  return data.restrictions.filter((r) => r.kind === 'limit').sort(byPrecedence)[0] ?? null;
}

export function restrictionGroups(data: EnrollmentRestrictions): RestrictionGroup[] {
  // The device limit first: it is what most enrollment calls are about.
  const kinds = [...new Set(data.restrictions.map((r) => r.kind))].sort(
    (a, b) => Number(b === 'limit') - Number(a === 'limit'),
  );
  const platforms = platformsInEffect(data);
  return kinds.map((kind) => {
    const members = data.restrictions.filter((r) => r.kind === kind).sort(byPrecedence);
    const winner = members[0];
    const restrictions = members.map((restriction): RestrictionGroup['restrictions'][number] => {
      if (kind === 'platform') {
        const wins = platforms.filter((p) => p.restriction.id === restriction.id).map((p) => p.platform);
        if (wins.length > 0) return { restriction, standing: { kind: 'inEffect', platforms: wins } };
        // Overridden by whichever restriction decides the platforms this one has rules for.
        const by =
          platforms.find((p) => restriction.platforms.some((r) => r.platform === p.platform))?.restriction ??
          winner ??
          restriction;
        return { restriction, standing: { kind: 'overridden', by } };
      }
      return restriction === winner
        ? { restriction, standing: { kind: 'inEffect', platforms: [] } }
        : { restriction, standing: { kind: 'overridden', by: winner ?? restriction } };
    });
    // The one in effect first, then the overridden ones, each in precedence order.
    restrictions.sort(
      (a, b) => Number(a.standing.kind === 'overridden') - Number(b.standing.kind === 'overridden'),
    );
    return { kind, restrictions };
  });
}

/** The platform of an enrollment attempt, as enrollment restrictions name it. */
export function failurePlatform(
  operatingSystem: string | null,
  enrollmentType: string | null,
): PlatformRule['platform'] | null {
  const os = (operatingSystem ?? '').toLowerCase();
  if (os.startsWith('ios') || os.startsWith('ipados')) return 'ios';
  if (os.startsWith('android'))
    return (enrollmentType ?? '').startsWith('androidEnterprise') ? 'androidForWork' : 'android';
  if (os.startsWith('windows')) return 'windows';
  if (os.startsWith('mac')) return 'macOS';
  if (os.startsWith('linux')) return 'linux';
  return null;
}

// The enrollment methods Intune's device limit does not apply to, after MicrosoftDocs/memdocs
// intune/intune-service/enrollment/device-limit-intune-azure.md ("Intune device limit restrictions don't apply
// to devices enrolled via …": Android device administrator + DEM, Android Enterprise dedicated, co-management,
// automatic enrollment by group policy, DEM, bulk or from Settings, Windows Autopilot) and
// create-device-limit-restrictions.md (devices in shared mode are not counted), as Graph's deviceEnrollmentType
// names them.
const UNCOUNTED_ENROLLMENT: ReadonlyMap<string, UncountedEnrollment> = new Map([
  ['androidEnterpriseDedicatedDevice', 'dedicated'],
  ['androidAOSPUserlessDeviceEnrollment', 'userless'],
  ['appleBulkWithoutUser', 'userless'],
  ['deviceEnrollmentManager', 'enrollmentManager'],
  ['windowsCoManagement', 'coManagement'],
  ['windowsAutoEnrollment', 'automatic'],
  ['windowsAzureADJoinUsingDeviceAuth', 'autopilot'],
  ['windowsBulkUserless', 'bulk'],
  ['windowsBulkAzureDomainJoin', 'bulk'],
]);

const UNCOUNTED_ORDER: readonly UncountedEnrollment[] = [
  'dedicated',
  'userless',
  'autopilot',
  'enrollmentManager',
  'coManagement',
  'automatic',
  'bulk',
];

/** Why the device limit does not count this device, or null when it does. */
export function deviceLimitExemption(
  device: Pick<Device, 'enrollmentType' | 'autopilotEnrolled'>,
): UncountedEnrollment | null {
  if (device.autopilotEnrolled === true) return 'autopilot';
  return UNCOUNTED_ENROLLMENT.get(device.enrollmentType ?? '') ?? null;
}

/** The user's devices as the device limit counts them: how many count, and the others by enrollment method. */
export function countTowardLimit(devices: readonly Device[]): {
  counted: number;
  uncounted: UncountedDevices[];
} {
  const uncounted = new Map<UncountedEnrollment, number>();
  let counted = 0;
  for (const device of devices) {
    const kind = deviceLimitExemption(device);
    if (kind === null) counted++;
    else uncounted.set(kind, (uncounted.get(kind) ?? 0) + 1);
  }
  return {
    counted,
    uncounted: UNCOUNTED_ORDER.flatMap((kind) => {
      const count = uncounted.get(kind) ?? 0;
      return count > 0 ? [{ kind, count }] : [];
    }),
  };
}
