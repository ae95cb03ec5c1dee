// The list views reached from the dashboard. Each maps one area of the report to rows of report-list.
import type { Translator } from '../i18n';
import {
  POLICY_STATUSES_WORST_FIRST,
  type AppInstall,
  type Device,
  type DevicePolicies,
  type GroupMembership,
  type PolicyState,
  type TroubleshootingReport,
} from '../troubleshooting/report';
import {
  deviceHasProblem,
  devicesWorstFirst,
  diagnose,
  settingText,
  isAppProblem,
  isDeviceProblem,
  isPolicyProblem,
  type Finding,
} from '../troubleshooting/diagnosis';
import type { Color } from './color';
import { findingRow } from './finding-row';
import { relativeTime } from './format';
import { renderList, type ListRow } from './report-list';
import { say } from './say';
import { plain, type AdaptiveCard } from './render-card';

export const PAGE_SIZES = { devices: 10, apps: 15, policies: 12, groups: 25, findings: 10 } as const;

export const COMPLIANCE_COLORS: Record<Device['complianceState'], Color> = {
  compliant: 'Good',
  noncompliant: 'Attention',
  error: 'Attention',
  conflict: 'Attention',
  inGracePeriod: 'Warning',
  unknown: 'Warning',
  configManager: 'Default',
};

export function policyColor(state: PolicyState['state']): Color {
  if (state === 'error' || state === 'conflict' || state === 'nonCompliant') return 'Attention';
  if (state === 'compliant' || state === 'remediated') return 'Good';
  return 'Default';
}

export function appColor(state: AppInstall['installState']): Color {
  if (isAppProblem(state)) return 'Attention';
  if (state === 'installed') return 'Good';
  if (state === 'pendingInstall') return 'Warning';
  return 'Default';
}

export function entraText(device: Device, tr: Translator): string {
  if (device.entraCompliant === null) return tr.t('devices.entraUnknown');
  return tr.t(device.entraCompliant ? 'devices.entraCompliant' : 'devices.entraNoncompliant');
}

export function deviceLines(device: Device, tr: Translator, now: Date): { details: string; lines: string[] } {
  const { t } = tr;
  const entra = entraText(device, tr);
  const checkIn = t(device.isStale ? 'devices.lastCheckInStale' : 'devices.lastCheckIn', {
    when: relativeTime(device.lastSyncDateTime, now, tr),
  });
  return {
    details: [`${plain(device.operatingSystem)} ${plain(device.osVersion)}`, plain(device.model ?? '')]
      .filter((x) => x.trim())
      .join(' · '),
    lines: [
      [
        tr.word('managedBy', device.managedBy),
        t(`joinType.${device.joinType}`),
        t(`ownership.${device.ownership}`),
      ].join(' · '),
      `${entra} · ${checkIn}`,
    ],
  };
}

export function devicesCard(
  report: TroubleshootingReport,
  tr: Translator,
  now: Date,
  page: unknown,
  filter?: unknown,
): AdaptiveCard {
  const { t } = tr;
  const area = report.devices;
  return renderList({
    report,
    tr,
    titleKey: 'sections.devices',
    verb: 'devices.open',
    area: area.status === 'ok' ? { ...area, data: devicesWorstFirst(area.data) } : area,
    pageSize: PAGE_SIZES.devices,
    page,
    filter,
    problem: deviceHasProblem,
    summary: (devices) => {
      const summary = t('devices.summary', {
        count: devices.length,
        noncompliant: devices.filter(isDeviceProblem).length,
        stale: devices.filter((d) => d.isStale).length,
      });
      const hidden = report.devicesOutOfScope ?? 0;
      return hidden > 0
        ? `${summary} · ${t('scope.devicesOutOfScope', { count: hidden })}. ${t('scope.hiddenDetails', { count: hidden })}`
        : summary;
    },
    row: (device): ListRow => ({
      title: plain(device.name),
      status: t(`compliance.${device.complianceState}`),
      color: COMPLIANCE_COLORS[device.complianceState],
      ...deviceLines(device, tr, now),
      verb: 'device.open',
      action: { userId: report.user.id, deviceId: device.id },
    }),
  });
}

export function appRow(app: AppInstall, report: TroubleshootingReport, tr: Translator): ListRow {
  const { t } = tr;
  return {
    title: plain(app.displayName),
    status: t(`installState.${app.installState}`),
    color: appColor(app.installState),
    details: [plain(app.deviceName), app.version ? plain(app.version) : ''].filter(Boolean).join(' · '),
    lines: [tr.word('appIntent', app.intent)],
    verb: 'device.open',
    action: { userId: report.user.id, deviceId: app.deviceId },
  };
}

export function clientAppsCard(
  report: TroubleshootingReport,
  tr: Translator,
  page: unknown,
  filter?: unknown,
): AdaptiveCard {
  const { t } = tr;
  return renderList({
    report,
    tr,
    titleKey: 'sections.clientApps',
    verb: 'apps.open',
    area: report.apps,
    pageSize: PAGE_SIZES.apps,
    page,
    filter,
    problem: (app) => isAppProblem(app.installState),
    summary: (apps) =>
      t('apps.summary', {
        count: apps.length,
        failed: apps.filter((a) => isAppProblem(a.installState)).length,
        pending: apps.filter((a) => a.installState === 'pendingInstall').length,
      }),
    row: (app) => appRow(app, report, tr),
  });
}

export function policyLines(policy: PolicyState, tr: Translator): string[] {
  return policy.failingSettings.slice(0, 5).map((s) =>
    // A current value reads in words ("Require BitLocker: off"), never as Graph's raw "false".
    s.currentValue && !s.errorDescription
      ? tr.t('policies.failingSettingValue', {
          setting: say(settingText(s), tr, new Date(0)),
          state: tr.t(`policyState.${s.state}`),
        })
      : tr.t('policies.failingSetting', {
          setting: plain(s.settingName ?? s.setting),
          state: tr.t(`policyState.${s.state}`),
          detail: s.errorDescription ? ` (${plain(s.errorDescription)})` : '',
        }),
  );
}

/** One policy across the user's devices, or one device whose policies could not be read. */
type PolicyRow =
  | { kind: 'policy'; policy: PolicyState; on: { device: DevicePolicies; state: PolicyState }[] }
  | { kind: 'unreadable'; device: DevicePolicies };

const stateRank = (state: PolicyState['state']): number => POLICY_STATUSES_WORST_FIRST.indexOf(state);

function failingOn(
  row: Extract<PolicyRow, { kind: 'policy' }>,
): { device: DevicePolicies; state: PolicyState }[] {
  return row.on.filter((o) => isPolicyProblem(o.state.state));
}

/** Policies grouped across devices: the worst state any device reports, failing ones first. */
export function policyRows(devices: readonly DevicePolicies[]): PolicyRow[] {
  const byPolicy = new Map<string, Extract<PolicyRow, { kind: 'policy' }>>();
  const unreadable: PolicyRow[] = [];
  for (const device of devices) {
    if (device.policies.status !== 'ok') {
      unreadable.push({ kind: 'unreadable', device });
      continue;
    }
    for (const state of device.policies.data) {
      const row = byPolicy.get(state.id) ?? { kind: 'policy', policy: state, on: [] };
      row.on.push({ device, state });
      if (stateRank(state.state) < stateRank(row.policy.state)) row.policy = state;
      byPolicy.set(state.id, row);
    }
  }
  const rows = [...byPolicy.values()].sort(
    (a, b) =>
      failingOn(b).length - failingOn(a).length ||
      stateRank(a.policy.state) - stateRank(b.policy.state) ||
      a.policy.displayName.localeCompare(b.policy.displayName),
  );
  return [...rows, ...unreadable];
}

export function policiesCard(
  kind: 'compliance' | 'configuration',
  report: TroubleshootingReport,
  tr: Translator,
  page: unknown,
  filter?: unknown,
): AdaptiveCard {
  const { t } = tr;
  const area = kind === 'compliance' ? report.compliancePolicies : report.configurationPolicies;
  const deviceCount = area.status === 'ok' ? area.data.length : 0;
  // Detail may be read only for devices with a problem; then "of M" would be a guess, so it is not said.
  const userDevices = report.devices.status === 'ok' ? report.devices.data.length : deviceCount;
  const everyDevice = deviceCount >= userDevices;
  const rows = area.status === 'ok' ? { ...area, data: policyRows(area.data) } : area;
  return renderList<PolicyRow>({
    report,
    tr,
    titleKey: kind === 'compliance' ? 'sections.compliancePolicies' : 'sections.configurationPolicies',
    verb: kind === 'compliance' ? 'compliance.open' : 'configuration.open',
    area: rows,
    pageSize: PAGE_SIZES.policies,
    page,
    filter,
    problem: (row) => row.kind === 'unreadable' || failingOn(row).length > 0,
    summary: (items) => {
      const policies = items.flatMap((i) => (i.kind === 'policy' ? [i] : []));
      return t('policies.summary', {
        policies: t('policies.count', { count: policies.length }),
        devices: everyDevice
          ? t('policies.devices', { count: deviceCount })
          : t('policies.devicesRead', { count: deviceCount, total: userDevices }),
        failing: policies.filter((p) => failingOn(p).length > 0).length,
      });
    },
    row: (item): ListRow => {
      if (item.kind === 'unreadable') {
        return {
          title: plain(item.device.deviceName),
          status: '',
          color: 'Warning',
          details: t('policies.unreadable'),
          lines: [],
          verb: 'device.open',
          action: { userId: report.user.id, deviceId: item.device.deviceId },
        };
      }
      const failing = failingOn(item);
      const first = failing[0];
      return {
        title: plain(item.policy.displayName),
        status: t(`policyState.${item.policy.state}`),
        color: policyColor(item.policy.state),
        details:
          failing.length > 0
            ? everyDevice
              ? t('policies.failingOn', { failing: failing.length, count: item.on.length })
              : t('policies.failingOnRead', { count: failing.length })
            : everyDevice
              ? t('policies.appliedTo', { count: item.on.length })
              : t('policies.appliedToRead', { count: item.on.length }),
        lines: failing.slice(0, 3).map(({ device, state }) =>
          t('policies.deviceLine', {
            device: plain(device.deviceName),
            settings: policyLines(state, tr).join(' · ') || t(`policyState.${state.state}`),
          }),
        ),
        // One failing device opens it; more open the first, whose card leads back here.
        verb: first ? 'device.open' : '',
        action: first ? { userId: report.user.id, deviceId: first.device.deviceId } : {},
      };
    },
  });
}

export function groupsCard(report: TroubleshootingReport, tr: Translator, page: unknown): AdaptiveCard {
  const { t } = tr;
  return renderList<GroupMembership>({
    report,
    tr,
    titleKey: 'sections.groups',
    verb: 'groups.open',
    area: report.groups,
    pageSize: PAGE_SIZES.groups,
    page,
    summary: (groups) =>
      t('groups.summary', {
        count: groups.length,
        direct: groups.filter((g) => g.direct).length,
        dynamic: groups.filter((g) => g.membershipType === 'dynamic').length,
      }),
    row: (group) => ({
      title: plain(group.displayName),
      status: t(`groups.${group.membershipType}`),
      color: group.membershipType === 'dynamic' ? 'Accent' : 'Default',
      details: t(group.direct ? 'groups.direct' : 'groups.nested'),
      lines: [],
      verb: '',
      action: {},
    }),
  });
}

/** Every finding of the diagnosis, ranked, each opening its detail: where the dashboard's "All N findings" goes. */
export function findingsCard(
  report: TroubleshootingReport,
  tr: Translator,
  now: Date,
  page: unknown,
): AdaptiveCard {
  const { findings } = diagnose(report, now);
  return renderList<Finding>({
    report,
    tr,
    titleKey: 'diagnosis:view.title',
    verb: 'findings.open',
    area: { status: 'ok', data: findings, truncated: false },
    pageSize: PAGE_SIZES.findings,
    page,
    summary: (items) => tr.t('diagnosis:view.summary', { count: items.length }),
    row: (finding): ListRow => {
      const row = findingRow(finding, report.user.id, tr, now);
      return {
        title: row.title,
        status: '',
        color: row.color,
        details: row.evidence,
        lines: [row.fix],
        verb: row.verb,
        action: row.action,
      };
    },
  });
}
