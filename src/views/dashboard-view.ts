// The dashboard: the pane's five areas (account status, selected user, user status, user details,
// group membership) plus the likely causes, worst first.
import type { Translator } from '../i18n';
import {
  devicesWorstFirst,
  diagnose,
  isAppProblem,
  isAtDeviceLimit,
  isDeviceProblem,
  isPolicyProblem,
  type Diagnosis,
} from '../troubleshooting/diagnosis';
import {
  reportAreas,
  type Area,
  type Device,
  type EnrollmentRestrictions,
  type TroubleshootingReport,
} from '../troubleshooting/report';
import { limitInEffect, restrictionGroups } from '../troubleshooting/restrictions-in-effect';
import { escalationForm, suggestedTopic, type EscalationFormData } from './escalation-form';
import { formatDateTime, relativeTime } from './format';
import { COMPLIANCE_COLORS, entraText, policyRows } from './list-views';
import { userSubtitle } from './person-label';
import type { Color } from './color';
import { findingRow, type FindingRow } from './finding-row';
import { plain } from './render-card';
import { say } from './say';
import { unavailableText } from './unavailable';

export interface StatusRow {
  label: string;
  value: string;
  color: Color;
}

export interface SectionRow {
  title: string;
  summary: string;
  color: Color;
  verb: string;
}

export interface DashboardData {
  strings: Record<
    | 'changeUser'
    | 'changeUserPlaceholder'
    | 'changeUserSubmit'
    | 'changeUserRequired'
    | 'changeUserLabel'
    | 'refresh'
    | 'logs'
    | 'problemsTitle'
    | 'detailsTitle'
    | 'devicesTitle',
    string
  >;
  title: string;
  subtitle: string;
  userId: string;
  status: StatusRow[];
  problems: FindingRow[];
  hasProblems: boolean;
  moreProblems: string;
  /** Nothing found: what was checked, and what could not be. */
  checked: string[];
  devices: DeviceRow[];
  devicesNote: string;
  allDevices: string;
  sections: SectionRow[];
  footer: string;
  escalation: EscalationFormData;
}

/** Findings on the dashboard; the rest are one click away. */
export const DASHBOARD_FINDINGS = 3;
/** Devices on the dashboard, worst first; "all N devices" opens the list. */
export const DASHBOARD_DEVICES = 10;

export interface DeviceRow {
  name: string;
  details: string;
  compliance: string;
  color: Color;
  checkIn: string;
  deviceId: string;
}

/** "Nothing stands out. Checked: …" plus "Could not check: …" when an area was unavailable. */
export function checkedLines(diagnosis: Diagnosis, tr: Translator): string[] {
  const list = (items: string[]): string =>
    new Intl.ListFormat(tr.locale, { style: 'long', type: 'conjunction' }).format(items);
  const area = (a: Diagnosis['checked'][number]): string =>
    a.count === null
      ? tr.t(`diagnosis:view.area.${a.area}`)
      : tr.t(`diagnosis:view.area.${a.area}`, { count: a.count });
  const lines: string[] = [];
  if (diagnosis.findings.length === 0)
    lines.push(tr.t('diagnosis:view.nothingFound', { areas: list(diagnosis.checked.map(area)) }));
  if (diagnosis.unavailable.length > 0)
    lines.push(
      tr.t('diagnosis:view.unchecked', {
        areas: list(diagnosis.unavailable.map((a) => tr.t(`diagnosis:view.areaName.${a}`))),
      }),
    );
  return lines;
}

function deviceRow(device: Device, tr: Translator, now: Date): DeviceRow {
  const { t } = tr;
  const details = [
    `${plain(device.operatingSystem)} ${plain(device.osVersion)}`.trim(),
    t(`ownership.${device.ownership}`),
    ...(device.entraCompliant === null ? [] : [entraText(device, tr)]),
  ];
  return {
    name: plain(device.name),
    details: details.join(' · '),
    compliance: t(`compliance.${device.complianceState}`),
    color: COMPLIANCE_COLORS[device.complianceState],
    checkIn: t(device.isStale ? 'devices.lastCheckInStale' : 'devices.lastCheckIn', {
      when: relativeTime(device.lastSyncDateTime, now, tr),
    }),
    deviceId: device.id,
  };
}

function areaValue<T>(
  area: Area<T>,
  tr: Translator,
  render: (data: T) => { value: string; color: Color },
): { value: string; color: Color } {
  if (area.status === 'unavailable') return { value: unavailableText(area, tr), color: 'Warning' };
  return render(area.data);
}

export function dashboardView(report: TroubleshootingReport, tr: Translator, now: Date): DashboardData {
  const { t } = tr;
  const status: StatusRow[] = [];
  const push = (label: string, cell: { value: string; color: Color }): void => {
    status.push({ label, ...cell });
  };

  push(
    t('dashboard.accountStatus'),
    areaValue(report.account, tr, (a) => ({
      // The portal shows Active or Inactive; the exact state matters only when it is not plain "active".
      value:
        a.subscriptionState === 'active'
          ? t('dashboard.active')
          : `${t(a.isActive ? 'dashboard.active' : 'dashboard.inactive')} (${t(`subscriptionState.${a.subscriptionState}`)})`,
      color: a.isActive ? 'Good' : 'Attention',
    })),
  );
  push(t('dashboard.signIn'), {
    value:
      report.user.accountEnabled === false ? t('dashboard.accountDisabled') : t('dashboard.accountEnabled'),
    color: report.user.accountEnabled === false ? 'Attention' : 'Good',
  });
  push(
    t('dashboard.license'),
    areaValue(report.license, tr, (l) => ({
      value: l.hasIntuneLicense ? t('dashboard.licensed') : t('dashboard.notLicensed'),
      color: l.hasIntuneLicense ? 'Good' : 'Attention',
    })),
  );
  push(
    t('dashboard.apps'),
    areaValue(report.apps, tr, (apps) => {
      const failed = apps.filter((a) => isAppProblem(a.installState)).length;
      const installed = apps.filter((a) => a.installState === 'installed').length;
      return {
        value: t('dashboard.appsSummary', { count: apps.length, installed, failed }),
        color: failed > 0 ? 'Attention' : 'Default',
      };
    }),
  );

  const diagnosis = diagnose(report, now);
  const problems = diagnosis.findings;
  const devices = report.devices.status === 'ok' ? devicesWorstFirst(report.devices.data) : [];
  return {
    strings: {
      changeUser: t('dashboard.changeUser'),
      changeUserPlaceholder: t('dashboard.changeUserPlaceholder'),
      changeUserSubmit: t('dashboard.changeUserSubmit'),
      changeUserRequired: t('dashboard.changeUserRequired'),
      changeUserLabel: t('dashboard.changeUserLabel'),
      refresh: t('dashboard.refresh'),
      logs: t('logs.openAgent'),
      problemsTitle: t('dashboard.problemsTitle'),
      detailsTitle: t('dashboard.detailsTitle'),
      devicesTitle: t('sections.devices'),
    },
    title: t('dashboard.title', { name: plain(report.user.displayName) }),
    subtitle: userSubtitle(report, tr),
    userId: report.user.id,
    status,
    problems: problems.slice(0, DASHBOARD_FINDINGS).map((f) => findingRow(f, report.user.id, tr, now)),
    hasProblems: problems.length > 0,
    moreProblems:
      problems.length > DASHBOARD_FINDINGS ? t('diagnosis:view.allFindings', { count: problems.length }) : '',
    // While areas are still being read, "nothing stands out" would be a claim about data not yet seen.
    checked: isStillLoading(report) ? [t('dashboard.problemsLoading')] : checkedLines(diagnosis, tr),
    devices: devices.slice(0, DASHBOARD_DEVICES).map((d) => deviceRow(d, tr, now)),
    devicesNote: [
      report.devices.status === 'unavailable'
        ? unavailableText(report.devices, tr)
        : devices.length === 0
          ? t('diagnosis:view.noDevices')
          : '',
      // Scoped agents: devices outside their Intune scope are counted, never shown.
      (report.devicesOutOfScope ?? 0) > 0
        ? t('scope.devicesOutOfScope', { count: report.devicesOutOfScope })
        : '',
    ]
      .filter(Boolean)
      .join(' · '),
    allDevices:
      devices.length > DASHBOARD_DEVICES ? t('diagnosis:view.allDevices', { count: devices.length }) : '',
    sections: sectionRows(report, diagnosis, tr, now),
    footer: t('dashboard.footer', { time: formatDateTime(report.generatedAt, tr, { seconds: true }) }),
    escalation: escalationForm(tr, 'agent', suggestedTopic(diagnosis)),
  };
}

function isStillLoading(report: TroubleshootingReport): boolean {
  return reportAreas(report).some((a) => a.status === 'unavailable' && a.kind === 'loading');
}

function count<T>(
  area: Area<T[]>,
  tr: Translator,
  describe: (items: T[]) => { summary: string; color: Color },
): { summary: string; color: Color } {
  if (area.status === 'unavailable') return { summary: unavailableText(area, tr), color: 'Warning' };
  return describe(area.data);
}

/** "2 compliant · 1 in grace period · 0 not compliant": every state that occurs, so the parts add up. */
function devicesSummary(devices: readonly Device[], tr: Translator): string {
  const { t } = tr;
  const count = (test: (d: Device) => boolean): number => devices.filter(test).length;
  const parts: [string, number][] = [
    ['compliant', count((d) => d.complianceState === 'compliant')],
    ['noncompliant', count(isDeviceProblem)],
    ['inGracePeriod', count((d) => d.complianceState === 'inGracePeriod')],
    ['configManager', count((d) => d.complianceState === 'configManager')],
    ['unknown', count((d) => d.complianceState === 'unknown')],
  ];
  return t('dashboard.devicesSummary', {
    count: devices.length,
    parts: parts
      // Compliant and not compliant always; the other states only when a device is in them.
      .filter(([, n], i) => i < 2 || n > 0)
      .map(([state, n]) => t(`dashboard.deviceParts.${state}`, { count: n }))
      .join(' · '),
  });
}

/**
 * The restriction that matters for this person: the one a finding names as the block, else the device limit
 * when it is reached, else the ones in effect per kind.
 */
function restrictionsSummary(
  data: EnrollmentRestrictions,
  diagnosis: Diagnosis,
  tr: Translator,
  now: Date,
): { summary: string; color: Color } {
  const { t } = tr;
  const block = diagnosis.findings.find((f) => f.rule === 'restrictionBlock');
  const blockedBy = block?.evidence[0];
  if (blockedBy) return { summary: say(blockedBy, tr, now), color: 'Attention' };
  const limit = limitInEffect(data);
  const limitLine = (): string =>
    t('restrictions.summaryLimit', {
      name: plain(limit?.displayName ?? ''),
      enrolled: data.enrolledDeviceCount,
      count: data.deviceLimit ?? 0,
    });
  if (limit && isAtDeviceLimit(data)) return { summary: limitLine(), color: 'Attention' };
  const kinds = restrictionGroups(data).flatMap((group) => {
    const names = group.restrictions
      .filter((r) => r.standing.kind === 'inEffect')
      .map((r) => plain(r.restriction.displayName));
    if (names.length === 0) return [];
    const kind = t(`restrictions.kind.${group.kind}`);
    return [
      group.kind === 'limit' && data.deviceLimit !== null
        ? t('restrictions.summaryKindLimit', {
            kind,
            name: names[0],
            enrolled: data.enrolledDeviceCount,
            count: data.deviceLimit,
          })
        : t('restrictions.summaryKind', {
            kind,
            names: new Intl.ListFormat(tr.locale, { style: 'long', type: 'conjunction' }).format(names),
          }),
    ];
  });
  return {
    summary: kinds.length > 0 ? kinds.join(' · ') : t('dashboard.count', { count: data.restrictions.length }),
    color: 'Default',
  };
}

function sectionRows(
  report: TroubleshootingReport,
  diagnosis: Diagnosis,
  tr: Translator,
  now: Date,
): SectionRow[] {
  const { t } = tr;
  const policyRow = (area: TroubleshootingReport['compliancePolicies']): { summary: string; color: Color } =>
    count(area, tr, (devices) => {
      // Counted as the policy view shows them: one row per policy, failing when it fails on any device.
      const policies = policyRows(devices).flatMap((r) => (r.kind === 'policy' ? [r] : []));
      const failing = policies.filter((r) => r.on.some((o) => isPolicyProblem(o.state.state))).length;
      return {
        summary: t('dashboard.policiesSummary', { count: policies.length, failing }),
        color: failing > 0 ? 'Attention' : 'Default',
      };
    });
  const appProtection = report.appProtection;
  const restrictions = report.enrollmentRestrictions;
  return [
    {
      title: t('sections.devices'),
      verb: 'devices.open',
      ...count(report.devices, tr, (d) => {
        const bad = d.filter(isDeviceProblem).length;
        return {
          summary: d.length === 0 ? t('diagnosis:view.noDevices') : devicesSummary(d, tr),
          color: bad > 0 ? 'Attention' : 'Default',
        };
      }),
    },
    {
      title: t('sections.clientApps'),
      verb: 'apps.open',
      ...count(report.apps, tr, (a) => {
        const failed = a.filter((x) => isAppProblem(x.installState)).length;
        return {
          summary: t('dashboard.appsShort', { count: a.length, failed }),
          color: failed > 0 ? 'Attention' : 'Default',
        };
      }),
    },
    {
      title: t('sections.compliancePolicies'),
      verb: 'compliance.open',
      ...policyRow(report.compliancePolicies),
    },
    {
      title: t('sections.configurationPolicies'),
      verb: 'configuration.open',
      ...policyRow(report.configurationPolicies),
    },
    {
      title: t('sections.appProtection'),
      verb: 'appProtection.open',
      ...(appProtection.status === 'unavailable'
        ? { summary: unavailableText(appProtection, tr), color: 'Warning' }
        : {
            summary: t('dashboard.appProtectionSummary', {
              policies: t('dashboard.appProtectionPolicies', { count: appProtection.data.policies.length }),
              apps: t('dashboard.registeredApps', { count: appProtection.data.registrations.length }),
            }),
            color: appProtection.data.registrations.some((r) => r.flaggedReasons.length > 0)
              ? 'Attention'
              : 'Default',
          }),
    },
    {
      title: t('sections.enrollmentRestrictions'),
      verb: 'restrictions.open',
      ...(restrictions.status === 'unavailable'
        ? { summary: unavailableText(restrictions, tr), color: 'Warning' }
        : restrictionsSummary(restrictions.data, diagnosis, tr, now)),
    },
    {
      title: t('sections.groups'),
      verb: 'groups.open',
      ...count(report.groups, tr, (g) => ({
        summary: t('dashboard.groupsSummary', {
          count: g.length,
          dynamic: g.filter((x) => x.membershipType === 'dynamic').length,
        }),
        color: 'Default',
      })),
    },
    {
      title: t('sections.enrollmentFailures'),
      verb: 'failures.open',
      ...count(report.enrollmentFailures, tr, (f) => ({
        summary: t('dashboard.count', { count: f.length }),
        color: f.length > 0 ? 'Attention' : 'Default',
      })),
    },
  ];
}
