// The diagnosis: one report in, ranked findings out. Every card that says whether something is wrong (the
// dashboard, self-service, a device, list counts, the escalation snapshot) asks this module, so they agree.
// Findings carry i18n keys and parameters, never text: the views put them into the reader's language.
import { appName } from './app-names';
import { findCatalogueEntry, type CatalogueEntry } from './enrollment-failure-catalogue';
import type {
  AppInstall,
  AppInstallState,
  ComplianceState,
  Device,
  DevicePolicies,
  EnrollmentFailure,
  EnrollmentRestrictions,
  PolicySettingState,
  PolicyState,
  PolicyStatus,
  TroubleshootingReport,
  UncountedDevices,
} from './report';
import {
  deviceLimitExemption,
  failurePlatform,
  limitInEffect,
  platformInEffect,
} from './restrictions-in-effect';

/** A value inside a text: data (shown as is), a number, another text, a time ago, a date, or a list. */
export type TextParam =
  string | number | Text | { ago: string | null } | { date: string | null } | { list: TextParam[] };

/** An i18n key with its parameters; a `count` parameter picks the plural form. */
export interface Text {
  key: string;
  params?: Record<string, TextParam>;
  /** Shown as it is when the key is missing: a value read from a device, such as a setting's current value. */
  fallback?: string;
  /** The key read when `key` is missing: the neutral word for a Graph enum value newer than the locales. */
  fallbackKey?: string;
}

export type FindingRule =
  | 'tenantInactive'
  | 'accountDisabled'
  | 'noLicense'
  | 'deviceLimit'
  | 'restrictionBlock'
  | 'enrollmentFailure'
  | 'deviceNoncompliant'
  | 'deviceGracePeriod'
  | 'compliancePolicy'
  | 'configurationConflict'
  | 'configurationError'
  | 'appInstallFailed'
  | 'appProtectionFlagged'
  | 'staleDevices';

/** Rank order: what blocks all work, what explains recent failures, compliance, the rest. */
export type FindingTier = 'blocker' | 'recentFailure' | 'compliance' | 'other';

export type FindingTopic = 'enrollment' | 'compliance' | 'apps' | 'other';

/** The card action that opens a finding's detail; the view adds the subject's user id. */
export interface FindingAction {
  verb: string;
  data: Record<string, string>;
}

export interface Finding {
  rule: FindingRule;
  tier: FindingTier;
  severity: 'critical' | 'warning';
  /** The newest time the finding is about (latest failure, last check-in); breaks ties in the ranking. */
  latest: string | null;
  title: Text;
  /** The figures that prove it, most telling first. */
  evidence: Text[];
  /** One line, for the helpdesk agent. */
  fix: Text;
  /** One line, for the person themselves (self-service). */
  userFix: Text;
  /** Opens the detail for an agent. */
  action: FindingAction | null;
  /** Opens the detail in self-service. */
  userAction: FindingAction | null;
  topic: FindingTopic;
  deviceIds: string[];
  failureIds: string[];
}

/** An area the diagnosis looked at, with how many items it saw (null when it is not a list). */
export interface CheckedArea {
  area:
    'account' | 'license' | 'devices' | 'policies' | 'apps' | 'appProtection' | 'restrictions' | 'failures';
  count: number | null;
}

export interface Diagnosis {
  findings: Finding[];
  checked: CheckedArea[];
  unavailable: CheckedArea['area'][];
  deviceCount: number | null;
}

const NS = 'diagnosis:';
const DAY_MS = 24 * 3600 * 1000;
/** Enrollment failures older than this are history, not a likely cause. */
export const RECENT_FAILURE_DAYS = 30;
/** Devices silent this long are the ones to retire when the device limit is reached. */
export const RETIRE_AFTER_DAYS = 30;
/** Evidence lines per finding that list items (devices, settings). */
const MAX_LISTED = 3;

// ---------------------------------------------------------------------------------------------------------
// Verdicts: the one answer to "is this bad?" for each kind of row.

const DEVICE_PROBLEM: ReadonlySet<ComplianceState> = new Set(['noncompliant', 'error', 'conflict']);
const POLICY_PROBLEM: ReadonlySet<PolicyStatus> = new Set(['error', 'conflict', 'nonCompliant']);
const APP_PROBLEM: ReadonlySet<AppInstallState> = new Set(['failed', 'uninstallFailed']);

export function isDeviceProblem(device: Pick<Device, 'complianceState'>): boolean {
  return DEVICE_PROBLEM.has(device.complianceState);
}

export function isPolicyProblem(state: PolicyStatus): boolean {
  return POLICY_PROBLEM.has(state);
}

export function isAppProblem(state: AppInstallState): boolean {
  return APP_PROBLEM.has(state);
}

/** 0 not compliant or in error, 1 in grace period, 2 not checked in recently, 3 unknown, 4 compliant. */
export function deviceRank(device: Pick<Device, 'complianceState' | 'isStale'>): number {
  if (isDeviceProblem(device)) return 0;
  if (device.complianceState === 'inGracePeriod') return 1;
  if (device.isStale) return 2;
  if (device.complianceState === 'compliant') return 4;
  return 3;
}

/** Devices worst first; the original order within a rank. */
export function devicesWorstFirst<T extends Pick<Device, 'complianceState' | 'isStale'>>(
  devices: readonly T[],
): T[] {
  return devices
    .map((d, i) => ({ d, i }))
    .sort((a, b) => deviceRank(a.d) - deviceRank(b.d) || a.i - b.i)
    .map(({ d }) => d);
}

/** The user has as many enrolled devices as the device limit in effect allows (or more). */
export function isAtDeviceLimit(
  data: Pick<EnrollmentRestrictions, 'deviceLimit' | 'enrolledDeviceCount'>,
): boolean {
  return data.deviceLimit !== null && data.enrolledDeviceCount >= data.deviceLimit;
}

export function deviceHasProblem(device: Pick<Device, 'complianceState' | 'isStale'>): boolean {
  return deviceRank(device) <= 2;
}

// ---------------------------------------------------------------------------------------------------------

const key = (rule: string, part: string): string => `${NS}${rule}.${part}`;
const text = (k: string, params?: Record<string, TextParam>): Text =>
  params ? { key: k, params } : { key: k };

function daysSince(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const then = Date.parse(iso);
  return Number.isNaN(then) ? null : Math.floor((now.getTime() - then) / DAY_MS);
}

function newest(times: readonly (string | null)[]): string | null {
  let best: string | null = null;
  for (const time of times) if (time && (best === null || Date.parse(time) > Date.parse(best))) best = time;
  return best;
}

/** "3 attempts since 24 Nov, latest 1 hour ago" / "1 attempt, 1 hour ago". */
function attempts(failures: readonly EnrollmentFailure[]): Text {
  const times = failures.map((f) => f.occurredAt).sort();
  return text(`${NS}evidence.attempts`, {
    count: failures.length,
    since: { date: times[0] ?? null },
    latest: { ago: times[times.length - 1] ?? null },
  });
}

function latestFailure(failures: readonly EnrollmentFailure[]): EnrollmentFailure | undefined {
  return [...failures].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))[0];
}

/** The first few items, then "2 more". */
function listOf(items: readonly TextParam[]): TextParam {
  const shown: TextParam[] = items.slice(0, MAX_LISTED);
  if (items.length > MAX_LISTED) shown.push(text(`${NS}evidence.more`, { count: items.length - MAX_LISTED }));
  return { list: shown };
}

/** The checks of Intune's built-in device compliance policy, which every enrolled device reports. */
export type BuiltInCheck = 'active' | 'policyAssigned' | 'userExists';

// The built-in policy's settings (MicrosoftDocs/memdocs, "How Intune evaluates the default compliance policy"):
// a device is active (in contact within the validity period), has a policy assigned, and its user exists.
/** Which built-in check's fix to give when several fail: the user, then contact, then assignment. */
const BUILT_IN_ORDER: readonly BuiltInCheck[] = ['userExists', 'active', 'policyAssigned'];

const BUILT_IN_CHECKS: ReadonlyMap<string, BuiltInCheck> = new Map([
  ['requireremaincontact', 'active'],
  ['requiredevicecompliancepolicyassigned', 'policyAssigned'],
  ['requireuserexistence', 'userExists'],
]);

/** Compliance settings whose current value is the device's OS version, and which way it misses. */
const OS_VERSION_SETTINGS: ReadonlyMap<string, 'belowMinimum' | 'aboveMaximum'> = new Map([
  ['osminimumversion', 'belowMinimum'],
  ['osminimumbuildversion', 'belowMinimum'],
  ['mobileosminimumversion', 'belowMinimum'],
  ['osmaximumversion', 'aboveMaximum'],
  ['osmaximumbuildversion', 'aboveMaximum'],
  ['mobileosmaximumversion', 'aboveMaximum'],
]);

function settingId(setting: PolicySettingState): string {
  return (setting.setting.split('.').pop() ?? '').toLowerCase();
}

export function builtInCheck(setting: PolicySettingState): BuiltInCheck | null {
  return BUILT_IN_CHECKS.get(settingId(setting)) ?? null;
}

/**
 * A failing setting in words, the device's current value said as such: "Require BitLocker: off", "OS version
 * 10.0.19045 is below the policy's minimum", "Password length: not compliant (current: 4)".
 */
export function settingText(setting: PolicySettingState): Text {
  const value = setting.currentValue;
  const check = builtInCheck(setting);
  if (check) return text(`${NS}evidence.builtIn.${check}`);
  const os = OS_VERSION_SETTINGS.get(settingId(setting));
  if (os)
    return value
      ? text(`${NS}evidence.osVersion.${os}`, { version: value })
      : text(`${NS}evidence.osVersion.${os}Unknown`);
  const name = settingName(setting);
  if (value === 'true' || value === 'false')
    return text(`${NS}evidence.settingSwitch.${value}`, { setting: name });
  const state = text(`policyState.${setting.state}`);
  // Intune's enum values ("enabledForAzureAd") read in words where the locales know them.
  if (value)
    return text(`${NS}evidence.settingCurrent`, {
      setting: name,
      state,
      value: /^[a-z][A-Za-z]{1,60}$/.test(value)
        ? { ...text(`settingValue.${value}`), fallback: value }
        : value,
    });
  return text(`${NS}evidence.settingState`, { setting: name, state });
}

interface Context {
  report: TroubleshootingReport;
  now: Date;
  devices: Device[];
  recentFailures: EnrollmentFailure[];
  hasLicense: boolean | null;
}

const deviceAction = (id: string): FindingAction => ({ verb: 'device.open', data: { deviceId: id } });
const failureAction = (id: string): FindingAction => ({ verb: 'failure.open', data: { failureId: id } });
const selfFailureAction = (id: string): FindingAction => ({
  verb: 'self.failure.open',
  data: { failureId: id },
});

function blockers(c: Context): Finding[] {
  const findings: Finding[] = [];
  const { report } = c;
  if (report.account.status === 'ok' && !report.account.data.isActive) {
    findings.push({
      rule: 'tenantInactive',
      tier: 'blocker',
      severity: 'critical',
      latest: null,
      title: text(key('tenantInactive', 'title')),
      evidence: [
        text(key('tenantInactive', 'state'), {
          state: text(`subscriptionState.${report.account.data.subscriptionState}`),
        }),
      ],
      fix: text(key('tenantInactive', 'fix')),
      userFix: text(key('tenantInactive', 'userFix')),
      action: null,
      userAction: null,
      topic: 'other',
      deviceIds: [],
      failureIds: [],
    });
  }
  if (report.user.accountEnabled === false) {
    const silent = c.devices.filter((d) => (daysSince(d.lastSyncDateTime, c.now) ?? 0) >= RETIRE_AFTER_DAYS);
    findings.push({
      rule: 'accountDisabled',
      tier: 'blocker',
      severity: 'critical',
      latest: null,
      title: text(key('accountDisabled', 'title')),
      evidence: [
        text(key('accountDisabled', 'signIn')),
        ...(c.devices.length > 0
          ? [text(key('accountDisabled', 'devices'), { count: c.devices.length, silent: silent.length })]
          : []),
      ],
      fix: text(key('accountDisabled', silent.length > 0 ? 'fixRetire' : 'fix')),
      userFix: text(key('accountDisabled', 'userFix')),
      action: c.devices.length > 0 ? { verb: 'devices.open', data: {} } : null,
      userAction: null,
      topic: 'other',
      deviceIds: c.devices.map((d) => d.id),
      failureIds: [],
    });
  }
  if (c.hasLicense === false && report.license.status === 'ok') {
    const validation = c.recentFailures.filter((f) => isUserValidation(findCatalogueEntry(f)));
    const plans = report.license.data.intunePlans;
    const last = latestFailure(validation);
    findings.push({
      rule: 'noLicense',
      tier: 'blocker',
      severity: 'critical',
      latest: last?.occurredAt ?? null,
      title: text(key('noLicense', 'title')),
      evidence: [
        plans.length === 0
          ? text(key('noLicense', 'noPlan'))
          : text(key('noLicense', 'plans'), {
              plans: listOf(plans.map((p) => p.name)),
              status: {
                key: `${NS}noLicense.status.${plans[0]?.capabilityStatus ?? 'unknown'}`,
                fallbackKey: `${NS}noLicense.status.other`,
              },
            }),
        ...(validation.length > 0
          ? [text(key('noLicense', 'failures'), { count: validation.length }), attempts(validation)]
          : []),
      ],
      fix: text(key('noLicense', 'fix')),
      userFix: text(key('noLicense', 'userFix')),
      action: last ? failureAction(last.id) : { verb: 'groups.open', data: {} },
      userAction: last ? selfFailureAction(last.id) : null,
      topic: 'enrollment',
      deviceIds: [],
      failureIds: validation.map((f) => f.id),
    });
  }
  return findings;
}

function isUserValidation(entry: CatalogueEntry): boolean {
  return entry.key === 'user-not-found-or-licensed' || entry.key === 'category-user-validation';
}

const DEVICE_CAP_KEYS: ReadonlySet<string> = new Set(['device-cap-reached']);
const RESTRICTION_KEYS: ReadonlySet<string> = new Set([
  'device-platform-blocked',
  'device-cannot-enroll-as-personal',
  'device-version-too-low',
  'device-version-too-high',
  'device-not-preregistered',
  'enrollment-restrictions-not-met',
  'category-enrollment-restrictions-enforced',
]);

function deviceLimit(c: Context, capFailures: EnrollmentFailure[]): Finding[] {
  const area = c.report.enrollmentRestrictions;
  if (area.status !== 'ok') return [];
  const { deviceLimit: limit, enrolledDeviceCount: enrolled } = area.data;
  if (limit === null || !isAtDeviceLimit(area.data)) return [];
  const restriction = limitInEffect(area.data);
  // Only a device the limit counts frees a place when it is retired.
  const retire = c.devices
    .filter((d) => deviceLimitExemption(d) === null)
    .map((d) => ({ d, days: daysSince(d.lastSyncDateTime, c.now) }))
    .filter((x): x is { d: Device; days: number } => x.days !== null && x.days >= RETIRE_AFTER_DAYS)
    .sort((a, b) => b.days - a.days);
  const last = latestFailure(capFailures);
  const { uncountedDevices } = area.data;
  const evidence: Text[] = [
    // What the limit leaves out (dedicated, Autopilot, …) is said with the count, so "5 of 5" of 6 adds up.
    text(key('deviceLimit', uncountedDevices.length > 0 ? 'enrolledExcluding' : 'enrolled'), {
      count: enrolled,
      limit,
      restriction: restriction?.displayName ?? '',
      ...(uncountedDevices.length > 0 ? { uncounted: uncountedList(uncountedDevices) } : {}),
    }),
  ];
  if (capFailures.length > 0) evidence.push(attempts(capFailures));
  for (const { d, days } of retire.slice(0, MAX_LISTED))
    evidence.push(text(key('deviceLimit', 'silent'), { device: d.name, count: days }));
  return [
    {
      rule: 'deviceLimit',
      tier: capFailures.length > 0 ? 'recentFailure' : 'other',
      severity: capFailures.length > 0 ? 'critical' : 'warning',
      latest: last?.occurredAt ?? null,
      title: text(key('deviceLimit', 'title'), { count: enrolled, limit }),
      evidence,
      fix:
        retire.length > 0
          ? text(key('deviceLimit', 'fixRetire'), {
              devices: listOf(retire.map((x) => x.d.name)),
              restriction: restriction?.displayName ?? '',
            })
          : text(key('deviceLimit', 'fix'), { restriction: restriction?.displayName ?? '' }),
      userFix:
        retire.length > 0
          ? text(key('deviceLimit', 'userFixRetire'), { devices: listOf(retire.map((x) => x.d.name)) })
          : text(key('deviceLimit', 'userFix')),
      action: { verb: 'restrictions.open', data: {} },
      userAction: last ? selfFailureAction(last.id) : null,
      topic: 'enrollment',
      deviceIds: retire.map((x) => x.d.id),
      failureIds: capFailures.map((f) => f.id),
    },
  ];
}

function uncountedList(uncounted: readonly UncountedDevices[]): TextParam {
  return { list: uncounted.map((u) => text(`${NS}deviceLimit.uncountedKind.${u.kind}`, { count: u.count })) };
}

/** "Not counted toward the limit: 56 dedicated devices and 1 Autopilot device". */
export function uncountedText(uncounted: readonly UncountedDevices[]): Text {
  return text(key('deviceLimit', 'uncounted'), { devices: uncountedList(uncounted) });
}

/** The evidence line naming the restriction in effect for the failures' platform, when it can be found. */
function restrictionEvidence(c: Context, sample: EnrollmentFailure, entry: CatalogueEntry): Text | null {
  const area = c.report.enrollmentRestrictions;
  if (area.status !== 'ok') return null;
  const platform = failurePlatform(sample.operatingSystem, sample.enrollmentType);
  if (!platform) return null;
  const found = platformInEffect(area.data, platform);
  if (!found) return null;
  const { rule, restriction } = found;
  const params = { platform: text(`platform.${platform}`), restriction: restriction.displayName };
  const range = (): Text =>
    text(key('restrictionBlock', 'versions'), {
      ...params,
      range: osRangeText(rule.osMinimumVersion, rule.osMaximumVersion),
      version: sample.osVersion ?? '',
    });
  const hasRange = Boolean(rule.osMinimumVersion || rule.osMaximumVersion);
  // Only a rule that can explain this very error counts; otherwise the failure stays unexplained.
  switch (entry.key) {
    case 'device-platform-blocked':
      return rule.platformBlocked ? text(key('restrictionBlock', 'blocked'), params) : null;
    case 'device-version-too-low':
    case 'device-version-too-high':
      return !rule.platformBlocked && hasRange ? range() : null;
    case 'device-cannot-enroll-as-personal':
    case 'device-not-preregistered':
      return rule.personalDeviceEnrollmentBlocked ? text(key('restrictionBlock', 'personal'), params) : null;
    default:
      if (rule.platformBlocked) return text(key('restrictionBlock', 'blocked'), params);
      if (rule.personalDeviceEnrollmentBlocked) return text(key('restrictionBlock', 'personal'), params);
      return hasRange ? range() : null;
  }
}

/** "16.0 or later", "up to 17.9", "12.0 to 17.9". */
export function osRangeText(min: string | null, max: string | null): Text {
  if (min && max) return text(`${NS}osRange.between`, { min, max });
  if (min) return text(`${NS}osRange.min`, { min });
  if (max) return text(`${NS}osRange.max`, { max });
  return text(`${NS}osRange.any`);
}

function enrollmentFailures(c: Context): Finding[] {
  const findings: Finding[] = [];
  const groups = new Map<string, { entry: CatalogueEntry; failures: EnrollmentFailure[] }>();
  for (const f of c.recentFailures) {
    const entry = findCatalogueEntry(f);
    // Identical failures: the same error on the same platform.
    const id = `${entry.key}|${failurePlatform(f.operatingSystem, f.enrollmentType) ?? f.operatingSystem ?? ''}`;
    const group = groups.get(id) ?? { entry, failures: [] };
    group.failures.push(f);
    groups.set(id, group);
  }
  const capFailures = [...groups.values()]
    .filter((g) => DEVICE_CAP_KEYS.has(g.entry.key))
    .flatMap((g) => g.failures);
  const limit = deviceLimit(c, capFailures);
  findings.push(...limit);

  for (const { entry, failures } of groups.values()) {
    if (DEVICE_CAP_KEYS.has(entry.key) && limit.length > 0) continue;
    if (isUserValidation(entry) && c.hasLicense === false) continue;
    const last = latestFailure(failures);
    if (!last) continue;
    const failureTitle = text(`failures:entries.${entry.key}.title`);
    const evidence: Text[] = [attempts(failures)];
    const platformLine = text(`${NS}evidence.platform`, {
      os: last.operatingSystem ?? '—',
      version: last.osVersion ?? '',
    });
    const restricted = RESTRICTION_KEYS.has(entry.key) ? restrictionEvidence(c, last, entry) : null;
    if (restricted) evidence.unshift(restricted);
    evidence.push(platformLine);
    const base = {
      latest: last.occurredAt,
      evidence,
      action: failureAction(last.id),
      userAction: selfFailureAction(last.id),
      topic: 'enrollment' as const,
      deviceIds: [],
      failureIds: failures.map((f) => f.id),
    };
    if (restricted) {
      const restriction = restricted.params?.restriction;
      findings.push({
        ...base,
        rule: 'restrictionBlock',
        tier: 'recentFailure',
        severity: 'critical',
        title: text(key('restrictionBlock', 'title'), {
          failure: failureTitle,
          restriction: restriction ?? '',
        }),
        fix: text(
          `${NS}restrictionBlock.fix.${restricted.key.split('.').pop() ?? 'blocked'}`,
          restricted.params,
        ),
        userFix: stepText(entry, 'user'),
      });
      continue;
    }
    findings.push({
      ...base,
      rule: 'enrollmentFailure',
      tier: 'recentFailure',
      severity: 'critical',
      title: failureTitle,
      fix: stepText(entry, 'agent'),
      userFix: stepText(entry, 'user'),
    });
  }
  return findings;
}

/** The first step of the catalogue's remediation: the one-line fix. */
function stepText(entry: CatalogueEntry, audience: 'agent' | 'user'): Text {
  return text(`${audience === 'agent' ? entry.agentStepsKey : entry.userStepsKey}.0`);
}

function policiesOf(
  area: TroubleshootingReport['compliancePolicies'],
  deviceId: string,
): PolicyState[] | null {
  if (area.status !== 'ok') return null;
  const device = area.data.find((d) => d.deviceId === deviceId);
  if (!device || device.policies.status !== 'ok') return null;
  return device.policies.data;
}

/** The setting's name as the portal shows it, else the last part of its id; '' when Graph gave neither. */
function settingName(setting: PolicySettingState): string {
  return (setting.settingName ?? '').trim() || (setting.setting.split('.').pop() ?? '').trim();
}

function compliance(c: Context): Finding[] {
  const findings: Finding[] = [];
  const explained = new Set<string>();
  // Devices failing in the same way (same state, same settings and values) make one finding.
  const groups = new Map<
    string,
    { devices: Device[]; settings: { policy: string; setting: PolicySettingState }[]; unreadable: boolean }
  >();
  for (const device of c.devices) {
    const grace = device.complianceState === 'inGracePeriod';
    if (!isDeviceProblem(device) && !grace) continue;
    const policies = policiesOf(c.report.compliancePolicies, device.id);
    const failing = (policies ?? []).filter((p) => isPolicyProblem(p.state));
    for (const p of failing) explained.add(`${device.id}|${p.id}`);
    const settings = failing.flatMap((p) =>
      p.failingSettings.map((setting) => ({ policy: p.displayName, setting })),
    );
    const signature = JSON.stringify([
      device.complianceState,
      policies === null,
      settings.map(({ policy, setting }) => [policy, setting.setting, setting.currentValue]),
    ]);
    const group = groups.get(signature) ?? { devices: [], settings, unreadable: policies === null };
    group.devices.push(device);
    groups.set(signature, group);
  }
  for (const { devices, settings, unreadable } of groups.values()) {
    const device = devices[0];
    if (!device) continue;
    const grace = device.complianceState === 'inGracePeriod';
    const rule = grace ? 'deviceGracePeriod' : 'deviceNoncompliant';
    const many = devices.length > 1;
    const evidence: Text[] = settings
      .slice(0, MAX_LISTED)
      .map(({ policy, setting }) =>
        text(`${NS}evidence.policySetting`, { policy, setting: settingText(setting) }),
      );
    if (unreadable) evidence.push(text(`${NS}evidence.settingsUnreadable`));
    if (many) {
      evidence.push(
        text(`${NS}evidence.devices`, { count: devices.length, devices: listOf(devices.map((d) => d.name)) }),
      );
    } else {
      if (device.entraCompliant === true && !grace) evidence.push(text(`${NS}evidence.entraStillCompliant`));
      evidence.push(text(`${NS}evidence.lastCheckIn`, { when: { ago: device.lastSyncDateTime } }));
    }
    const names = [
      ...new Set(
        settings
          .filter(({ setting }) => builtInCheck(setting) === null)
          .map(({ setting }) => settingName(setting)),
      ),
    ]
      .filter(Boolean)
      .slice(0, MAX_LISTED);
    // The built-in policy's checks come first: a device that stopped reporting can't be fixed setting by setting.
    const checks = new Set(settings.flatMap(({ setting }) => builtInCheck(setting) ?? []));
    const check = BUILT_IN_ORDER.find((x) => checks.has(x));
    const target = many ? text(`${NS}evidence.theseDevices`, { count: devices.length }) : device.name;
    const shared = sharedSuffix(devices);
    findings.push({
      rule,
      tier: 'compliance',
      severity: grace ? 'warning' : 'critical',
      latest: newest(devices.map((d) => d.lastSyncDateTime)),
      title: many
        ? text(key(rule, 'titleMany'), {
            count: devices.length,
            state: text(`compliance.${device.complianceState}`),
          })
        : text(key(rule, 'title'), {
            device: device.name,
            state: text(`compliance.${device.complianceState}`),
          }),
      evidence,
      fix: check
        ? text(`${NS}builtIn.fix.${check}`, { device: target })
        : names.length > 0
          ? text(key(rule, `fixSettings${shared}`), { device: target, settings: { list: names } })
          : text(key(rule, `fix${shared}`), { device: target }),
      userFix: check
        ? text(`${NS}builtIn.userFix.${check}`, { device: device.name })
        : text(key(rule, `userFix${shared}`), { device: device.name }),
      action: many ? { verb: 'devices.open', data: {} } : deviceAction(device.id),
      userAction: { verb: 'self.open', data: {} },
      topic: 'compliance',
      deviceIds: devices.map((d) => d.id),
      failureIds: [],
    });
  }
  // Failing compliance policies on devices that are not themselves marked not compliant, one per policy.
  findings.push(
    ...perPolicy(c, c.report.compliancePolicies, (d, p) => !explained.has(`${d.deviceId}|${p.id}`)),
  );
  return findings;
}

function perPolicy(
  c: Context,
  area: TroubleshootingReport['compliancePolicies'],
  include: (device: DevicePolicies, policy: PolicyState) => boolean,
): Finding[] {
  if (area.status !== 'ok') return [];
  const byPolicy = new Map<string, { policy: PolicyState; devices: DevicePolicies[] }>();
  for (const device of area.data) {
    if (device.policies.status !== 'ok') continue;
    for (const policy of device.policies.data) {
      if (!isPolicyProblem(policy.state) || !include(device, policy)) continue;
      const entry = byPolicy.get(policy.id) ?? { policy, devices: [] };
      entry.devices.push(device);
      byPolicy.set(policy.id, entry);
    }
  }
  return [...byPolicy.values()].map(({ policy, devices }) => {
    const first = devices[0];
    const settings = policy.failingSettings.slice(0, MAX_LISTED);
    return {
      rule: 'compliancePolicy',
      tier: 'compliance',
      severity: 'warning',
      latest: newest(
        devices.map((d) => c.devices.find((x) => x.id === d.deviceId)?.lastSyncDateTime ?? null),
      ),
      title: text(key('compliancePolicy', 'title'), {
        policy: policy.displayName,
        state: text(`policyState.${policy.state}`),
        count: devices.length,
        device: first?.deviceName ?? '',
      }),
      evidence: settings.map((s) => settingText(s)),
      fix: text(key('compliancePolicy', 'fix'), { policy: policy.displayName }),
      userFix: text(key('compliancePolicy', 'userFix')),
      action:
        devices.length === 1 && first ? deviceAction(first.deviceId) : { verb: 'compliance.open', data: {} },
      userAction: { verb: 'self.open', data: {} },
      topic: 'compliance',
      deviceIds: devices.map((d) => d.deviceId),
      failureIds: [],
    } satisfies Finding;
  });
}

function configuration(c: Context): Finding[] {
  const area = c.report.configurationPolicies;
  if (area.status !== 'ok') return [];
  const findings: Finding[] = [];
  const lastSync = (id: string): string | null =>
    c.devices.find((d) => d.id === id)?.lastSyncDateTime ?? null;
  // Conflicts: the profiles that set the same setting differently on one device, as one finding per setting.
  const conflicts = new Map<
    string,
    { setting: string; profiles: Set<string>; devices: Map<string, string>; value: string | null }
  >();
  const errors = new Map<string, { policy: PolicyState; devices: DevicePolicies[] }>();
  for (const device of area.data) {
    if (device.policies.status !== 'ok') continue;
    for (const policy of device.policies.data) {
      if (policy.state === 'conflict') {
        const settings = policy.failingSettings.filter((s) => s.state === 'conflict');
        for (const s of settings.length > 0 ? settings : [null]) {
          const name = s ? (s.settingName ?? s.setting) : '';
          const entry = conflicts.get(name) ?? {
            setting: name,
            profiles: new Set(),
            devices: new Map(),
            value: s?.currentValue ?? null,
          };
          entry.profiles.add(policy.displayName);
          entry.devices.set(device.deviceId, device.deviceName);
          conflicts.set(name, entry);
        }
      } else if (policy.state === 'error') {
        const entry = errors.get(policy.id) ?? { policy, devices: [] };
        entry.devices.push(device);
        errors.set(policy.id, entry);
      }
    }
  }
  for (const { setting, profiles, devices } of conflicts.values()) {
    const ids = [...devices.keys()];
    const names = [...devices.values()];
    findings.push({
      rule: 'configurationConflict',
      tier: 'other',
      severity: 'warning',
      latest: newest(ids.map(lastSync)),
      title: text(key('configurationConflict', 'title'), {
        setting: setting || '—',
        count: ids.length,
        device: names[0] ?? '',
      }),
      evidence: [
        text(key('configurationConflict', 'profiles'), { profiles: { list: [...profiles] } }),
        text(`${NS}evidence.devices`, { count: names.length, devices: listOf(names) }),
      ],
      fix: setting.trim()
        ? text(key('configurationConflict', 'fix'), { setting, profiles: { list: [...profiles] } })
        : text(key('configurationConflict', 'fixNoSetting'), { profiles: { list: [...profiles] } }),
      userFix: text(key('configurationConflict', 'userFix')),
      action: ids.length === 1 && ids[0] ? deviceAction(ids[0]) : { verb: 'configuration.open', data: {} },
      userAction: null,
      topic: 'other',
      deviceIds: ids,
      failureIds: [],
    });
  }
  for (const { policy, devices } of errors.values()) {
    const first = devices[0];
    const setting = policy.failingSettings.find((s) => settingName(s) !== '');
    findings.push({
      rule: 'configurationError',
      tier: 'other',
      severity: 'warning',
      latest: newest(devices.map((d) => lastSync(d.deviceId))),
      title: text(key('configurationError', 'title'), {
        profile: policy.displayName,
        count: devices.length,
        device: first?.deviceName ?? '',
      }),
      evidence: [
        ...policy.failingSettings.slice(0, MAX_LISTED).map((s) =>
          s.errorDescription
            ? text(key('configurationError', 'settingError'), {
                setting: s.settingName ?? s.setting,
                error: s.errorDescription,
                code: s.errorCode ?? '',
              })
            : settingText(s),
        ),
        text(`${NS}evidence.devices`, {
          count: devices.length,
          devices: listOf(devices.map((d) => d.deviceName)),
        }),
      ],
      fix:
        setting === undefined
          ? text(key('configurationError', 'fixNoSetting'), { profile: policy.displayName })
          : text(key('configurationError', 'fix'), {
              setting: settingName(setting),
              profile: policy.displayName,
            }),
      userFix: text(key('configurationError', 'userFix')),
      action:
        devices.length === 1 && first
          ? deviceAction(first.deviceId)
          : { verb: 'configuration.open', data: {} },
      userAction: null,
      topic: 'other',
      deviceIds: devices.map((d) => d.deviceId),
      failureIds: [],
    });
  }
  return findings;
}

function apps(c: Context): Finding[] {
  const area = c.report.apps;
  if (area.status !== 'ok') return [];
  const byApp = new Map<string, AppInstall[]>();
  for (const app of area.data) {
    if (!isAppProblem(app.installState)) continue;
    const id = `${app.displayName}|${app.installState}`;
    byApp.set(id, [...(byApp.get(id) ?? []), app]);
  }
  return [...byApp.values()].flatMap((installs): Finding[] => {
    const first = installs[0];
    if (!first) return [];
    const uninstall = first.installState === 'uninstallFailed';
    const rule = 'appInstallFailed';
    return [
      {
        rule,
        tier: 'other',
        severity: 'warning',
        latest: newest(
          installs.map((a) => c.devices.find((d) => d.id === a.deviceId)?.lastSyncDateTime ?? null),
        ),
        title: text(key(rule, uninstall ? 'titleUninstall' : 'title'), {
          app: first.displayName,
          count: installs.length,
          device: first.deviceName,
        }),
        evidence: installs.slice(0, MAX_LISTED).map((a) =>
          text(key(rule, 'install'), {
            device: a.deviceName,
            state: text(`installState.${a.installState}`),
            intent: { ...text(`appIntent.${a.intent}`), fallbackKey: 'appIntent.other' },
            version: a.version ?? '—',
          }),
        ),
        fix: text(key(rule, uninstall ? 'fixUninstall' : 'fix'), {
          app: first.displayName,
          device: first.deviceName,
        }),
        userFix: text(key(rule, 'userFix'), { app: first.displayName }),
        action: installs.length === 1 ? deviceAction(first.deviceId) : { verb: 'apps.open', data: {} },
        userAction: null,
        topic: 'apps',
        deviceIds: installs.map((a) => a.deviceId),
        failureIds: [],
      },
    ];
  });
}

/** Product names, not translated: Graph's registration platforms as people write them. */
const APP_PLATFORMS: Readonly<Record<string, string>> = {
  ios: 'iOS/iPadOS',
  android: 'Android',
  windows: 'Windows',
};

function appProtection(c: Context): Finding[] {
  const area = c.report.appProtection;
  if (area.status !== 'ok') return [];
  const failed = area.data.diagnostics.filter((d) => d.state !== 'ok' && d.mitigationInstruction);
  return area.data.registrations
    .filter((r) => r.flaggedReasons.length > 0)
    .map((r): Finding => ({
      rule: 'appProtectionFlagged',
      tier: 'compliance',
      severity: 'critical',
      latest: r.lastSyncDateTime,
      title: text(key('appProtectionFlagged', 'title'), {
        app: appName(r.appIdentifier) ?? r.appIdentifier,
        device: r.deviceName ?? '—',
        reason: {
          ...text(`flaggedReason.${r.flaggedReasons[0] ?? 'none'}`),
          fallbackKey: 'flaggedReason.other',
        },
      }),
      evidence: [
        text(key('appProtectionFlagged', 'registration'), {
          platform: APP_PLATFORMS[r.platform.toLowerCase()] ?? r.platform,
          version: r.platformVersion ?? '—',
          when: { ago: r.lastSyncDateTime },
        }),
        ...failed.slice(0, 2).map((d) =>
          text(key('appProtectionFlagged', 'diagnostic'), {
            validation: d.validationName,
            mitigation: d.mitigationInstruction ?? '',
          }),
        ),
      ],
      fix: text(key('appProtectionFlagged', 'fix'), { device: r.deviceName ?? '—' }),
      userFix: text(key('appProtectionFlagged', 'userFix')),
      action: { verb: 'appProtection.open', data: {} },
      userAction: null,
      topic: 'apps',
      deviceIds: [],
      failureIds: [],
    }));
}

/**
 * 'Shared' when every device is shared and has no user (Android Enterprise dedicated, userless): nobody can be
 * asked to fix or sync them, so the fix is IT's and the person is told to ask IT.
 */
function sharedSuffix(devices: readonly Device[]): '' | 'Shared' {
  const shared = (d: Device): boolean => {
    const kind = deviceLimitExemption(d);
    return kind === 'dedicated' || kind === 'userless';
  };
  return devices.length > 0 && devices.every(shared) ? 'Shared' : '';
}

function stale(c: Context, alreadyShown: ReadonlySet<string>): Finding[] {
  const devices = c.devices
    .filter((d) => d.isStale && !alreadyShown.has(d.id))
    .map((d) => ({ d, days: daysSince(d.lastSyncDateTime, c.now) }))
    .sort((a, b) => (b.days ?? Infinity) - (a.days ?? Infinity));
  const first = devices[0];
  if (!first) return [];
  return [
    {
      rule: 'staleDevices',
      tier: 'other',
      severity: 'warning',
      latest: first.d.lastSyncDateTime,
      title: text(key('staleDevices', 'title'), { count: devices.length, device: first.d.name }),
      evidence: devices
        .slice(0, MAX_LISTED)
        .map(({ d, days }) =>
          days === null
            ? text(key('staleDevices', 'never'), { device: d.name })
            : text(key('staleDevices', 'days'), { device: d.name, count: days }),
        ),
      fix: text(key('staleDevices', `fix${sharedSuffix(devices.map(({ d }) => d))}`)),
      userFix: text(key('staleDevices', `userFix${sharedSuffix(devices.map(({ d }) => d))}`), {
        device: first.d.name,
      }),
      action: devices.length === 1 ? deviceAction(first.d.id) : { verb: 'devices.open', data: {} },
      userAction: { verb: 'self.open', data: {} },
      topic: 'compliance',
      deviceIds: devices.map(({ d }) => d.id),
      failureIds: [],
    },
  ];
}

const TIERS: readonly FindingTier[] = ['blocker', 'recentFailure', 'compliance', 'other'];

function rank(findings: Finding[]): Finding[] {
  const time = (f: Finding): number => (f.latest ? Date.parse(f.latest) || 0 : 0);
  return findings
    .map((f, order) => ({ f, order }))
    .sort(
      (a, b) =>
        TIERS.indexOf(a.f.tier) - TIERS.indexOf(b.f.tier) ||
        // Blockers keep their fixed order: tenant, account, license.
        (a.f.tier === 'blocker' ? a.order - b.order : 0) ||
        Number(a.f.severity === 'warning') - Number(b.f.severity === 'warning') ||
        time(b.f) - time(a.f) ||
        a.order - b.order,
    )
    .map(({ f }) => f);
}

function checkedAreas(
  report: TroubleshootingReport,
  recent: number,
): Pick<Diagnosis, 'checked' | 'unavailable'> {
  const checked: CheckedArea[] = [];
  const unavailable: CheckedArea['area'][] = [];
  const see = (area: CheckedArea['area'], status: 'ok' | 'unavailable', count: number | null): void => {
    if (status === 'ok') checked.push({ area, count });
    else unavailable.push(area);
  };
  see('account', report.account.status, null);
  see('license', report.license.status, null);
  see('devices', report.devices.status, report.devices.status === 'ok' ? report.devices.data.length : null);
  const policyStates = [report.compliancePolicies, report.configurationPolicies].flatMap((a) =>
    a.status === 'ok' ? a.data.flatMap((d) => (d.policies.status === 'ok' ? d.policies.data : [])) : [],
  );
  see(
    'policies',
    report.compliancePolicies.status === 'ok' && report.configurationPolicies.status === 'ok'
      ? 'ok'
      : 'unavailable',
    policyStates.length,
  );
  see('apps', report.apps.status, report.apps.status === 'ok' ? report.apps.data.length : null);
  see('appProtection', report.appProtection.status, null);
  see('restrictions', report.enrollmentRestrictions.status, null);
  see('failures', report.enrollmentFailures.status, recent);
  return { checked, unavailable };
}

export function diagnose(report: TroubleshootingReport, now: Date): Diagnosis {
  const devices = report.devices.status === 'ok' ? report.devices.data : [];
  const cutoff = now.getTime() - RECENT_FAILURE_DAYS * DAY_MS;
  const recentFailures =
    report.enrollmentFailures.status === 'ok'
      ? report.enrollmentFailures.data.filter((f) => Date.parse(f.occurredAt) > cutoff)
      : [];
  const c: Context = {
    report,
    now,
    devices,
    recentFailures,
    hasLicense: report.license.status === 'ok' ? report.license.data.hasIntuneLicense : null,
  };
  const found = [...blockers(c), ...enrollmentFailures(c), ...compliance(c), ...appProtection(c)];
  const shownDevices = new Set(
    found
      .filter(
        (f) =>
          f.rule === 'deviceNoncompliant' ||
          f.rule === 'deviceGracePeriod' ||
          f.rule === 'deviceLimit' ||
          f.rule === 'accountDisabled',
      )
      .flatMap((f) => f.deviceIds),
  );
  found.push(...configuration(c), ...apps(c), ...stale(c, shownDevices));
  return {
    findings: rank(found),
    ...checkedAreas(report, recentFailures.length),
    deviceCount: report.devices.status === 'ok' ? devices.length : null,
  };
}

/** The devices a finding is about, for putting problem rows first. */
export function devicesWithFindings(diagnosis: Diagnosis): Set<string> {
  return new Set(diagnosis.findings.flatMap((f) => f.deviceIds));
}
