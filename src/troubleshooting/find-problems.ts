// The likely causes, worst first, so the agent sees them without opening a single view.
import type { EnrollmentFailure, TroubleshootingReport } from './report';

export type ProblemSeverity = 'critical' | 'warning';

export type Problem =
  | { kind: 'tenantInactive'; severity: ProblemSeverity; state: string }
  | { kind: 'accountDisabled'; severity: ProblemSeverity }
  | { kind: 'noIntuneLicense'; severity: ProblemSeverity }
  | {
      kind: 'deviceNoncompliant';
      severity: ProblemSeverity;
      deviceId: string;
      deviceName: string;
      state: string;
    }
  | {
      kind: 'deviceStale';
      severity: ProblemSeverity;
      deviceId: string;
      deviceName: string;
      lastSync: string | null;
    }
  | {
      kind: 'policyFailing';
      severity: ProblemSeverity;
      deviceId: string;
      deviceName: string;
      policy: string;
      state: string;
    }
  | { kind: 'appFailed'; severity: ProblemSeverity; deviceId: string; deviceName: string; app: string }
  | {
      kind: 'enrollmentFailure';
      severity: ProblemSeverity;
      failure: EnrollmentFailure;
    }
  | { kind: 'deviceLimitReached'; severity: ProblemSeverity; count: number; limit: number }
  | { kind: 'appProtectionFlagged'; severity: ProblemSeverity; app: string; reason: string };

/** Enrollment failures older than this are history, not a likely cause. */
const RECENT_FAILURE_DAYS = 30;

export function findProblems(report: TroubleshootingReport, now: Date): Problem[] {
  const problems: Problem[] = [];
  const { account, license, devices, apps, enrollmentFailures, enrollmentRestrictions, appProtection } =
    report;

  if (account.status === 'ok' && !account.data.isActive) {
    problems.push({ kind: 'tenantInactive', severity: 'critical', state: account.data.subscriptionState });
  }
  if (report.user.accountEnabled === false) problems.push({ kind: 'accountDisabled', severity: 'critical' });
  if (license.status === 'ok' && !license.data.hasIntuneLicense) {
    problems.push({ kind: 'noIntuneLicense', severity: 'critical' });
  }
  if (devices.status === 'ok') {
    for (const d of devices.data) {
      if (['noncompliant', 'error', 'conflict'].includes(d.complianceState)) {
        problems.push({
          kind: 'deviceNoncompliant',
          severity: 'critical',
          deviceId: d.id,
          deviceName: d.name,
          state: d.complianceState,
        });
      }
    }
  }
  const cutoff = now.getTime() - RECENT_FAILURE_DAYS * 24 * 3600 * 1000;
  if (enrollmentFailures.status === 'ok') {
    for (const f of enrollmentFailures.data) {
      if (new Date(f.occurredAt).getTime() >= cutoff) {
        problems.push({
          kind: 'enrollmentFailure',
          severity: 'critical',
          failure: f,
        });
      }
    }
  }
  if (enrollmentRestrictions.status === 'ok') {
    const { deviceLimit, enrolledDeviceCount } = enrollmentRestrictions.data;
    if (deviceLimit !== null && enrolledDeviceCount >= deviceLimit) {
      problems.push({
        kind: 'deviceLimitReached',
        severity: 'warning',
        count: enrolledDeviceCount,
        limit: deviceLimit,
      });
    }
  }
  if (apps.status === 'ok') {
    for (const a of apps.data) {
      if (a.installState === 'failed' || a.installState === 'uninstallFailed') {
        problems.push({
          kind: 'appFailed',
          severity: 'warning',
          deviceId: a.deviceId,
          deviceName: a.deviceName,
          app: a.displayName,
        });
      }
    }
  }
  for (const area of [report.compliancePolicies, report.configurationPolicies]) {
    if (area.status !== 'ok') continue;
    for (const device of area.data) {
      if (device.policies.status !== 'ok') continue;
      for (const p of device.policies.data) {
        if (p.state === 'error' || p.state === 'conflict') {
          problems.push({
            kind: 'policyFailing',
            severity: 'warning',
            deviceId: device.deviceId,
            deviceName: device.deviceName,
            policy: p.displayName,
            state: p.state,
          });
        }
      }
    }
  }
  if (appProtection.status === 'ok') {
    for (const r of appProtection.data.registrations) {
      for (const reason of r.flaggedReasons) {
        problems.push({ kind: 'appProtectionFlagged', severity: 'warning', app: r.appIdentifier, reason });
      }
    }
  }
  if (devices.status === 'ok') {
    for (const d of devices.data.filter((x) => x.isStale)) {
      problems.push({
        kind: 'deviceStale',
        severity: 'warning',
        deviceId: d.id,
        deviceName: d.name,
        lastSync: d.lastSyncDateTime,
      });
    }
  }
  // Stable sort: critical before warning, the order above within each.
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
}
