// The list views reached from the dashboard. Each maps one area of the report to rows of report-list.
import type { Translator } from '../i18n';
import type {
  AppInstall,
  Device,
  DevicePolicies,
  GroupMembership,
  PolicyState,
  TroubleshootingReport,
} from '../troubleshooting/report';
import type { Color } from './dashboard-view';
import { relativeTime } from './format';
import { renderList, type ListRow } from './report-list';
import { plain, type AdaptiveCard } from './render-card';

export const PAGE_SIZES = { devices: 10, apps: 15, policies: 12, groups: 25 } as const;

const COMPLIANCE_COLORS: Record<Device['complianceState'], Color> = {
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
  if (state === 'failed' || state === 'uninstallFailed') return 'Attention';
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
        t(`managedBy.${device.managedBy}`, { defaultValue: device.managedBy }),
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
): AdaptiveCard {
  const { t } = tr;
  return renderList({
    report,
    tr,
    titleKey: 'sections.devices',
    verb: 'devices.open',
    area: report.devices,
    pageSize: PAGE_SIZES.devices,
    page,
    summary: (devices) => {
      const summary = t('devices.summary', {
        count: devices.length,
        noncompliant: devices.filter((d) => COMPLIANCE_COLORS[d.complianceState] === 'Attention').length,
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
    lines: [t(`appIntent.${app.intent}`, { defaultValue: app.intent })],
    verb: 'device.open',
    action: { userId: report.user.id, deviceId: app.deviceId },
  };
}

export function clientAppsCard(report: TroubleshootingReport, tr: Translator, page: unknown): AdaptiveCard {
  const { t } = tr;
  return renderList({
    report,
    tr,
    titleKey: 'sections.clientApps',
    verb: 'apps.open',
    area: report.apps,
    pageSize: PAGE_SIZES.apps,
    page,
    summary: (apps) =>
      t('apps.summary', {
        count: apps.length,
        failed: apps.filter((a) => appColor(a.installState) === 'Attention').length,
        pending: apps.filter((a) => a.installState === 'pendingInstall').length,
      }),
    row: (app) => appRow(app, report, tr),
  });
}

export function policyLines(policy: PolicyState, tr: Translator): string[] {
  return policy.failingSettings.slice(0, 5).map((s) =>
    tr.t('policies.failingSetting', {
      setting: plain(s.settingName ?? s.setting),
      state: tr.t(`policyState.${s.state}`),
      detail: s.errorDescription
        ? ` (${plain(s.errorDescription)})`
        : s.currentValue
          ? ` (${plain(s.currentValue)})`
          : '',
    }),
  );
}

interface PolicyOnDevice {
  device: DevicePolicies;
  policy: PolicyState | null;
}

export function policiesCard(
  kind: 'compliance' | 'configuration',
  report: TroubleshootingReport,
  tr: Translator,
  page: unknown,
): AdaptiveCard {
  const { t } = tr;
  const area = kind === 'compliance' ? report.compliancePolicies : report.configurationPolicies;
  // One row per policy and device; a device whose policies could not be read gets one row saying so.
  const rows =
    area.status === 'ok'
      ? {
          ...area,
          data: area.data.flatMap((device): PolicyOnDevice[] =>
            device.policies.status === 'ok'
              ? device.policies.data.map((policy) => ({ device, policy }))
              : [{ device, policy: null }],
          ),
        }
      : area;
  return renderList<PolicyOnDevice>({
    report,
    tr,
    titleKey: kind === 'compliance' ? 'sections.compliancePolicies' : 'sections.configurationPolicies',
    verb: kind === 'compliance' ? 'compliance.open' : 'configuration.open',
    area: rows,
    pageSize: PAGE_SIZES.policies,
    page,
    summary: (items) => {
      const policies = items.flatMap((i) => (i.policy ? [i.policy] : []));
      return t('policies.summary', {
        count: policies.length,
        failing: policies.filter((p) => policyColor(p.state) === 'Attention').length,
        devices: new Set(items.map((i) => i.device.deviceId)).size,
      });
    },
    row: ({ device, policy }): ListRow =>
      policy
        ? {
            title: plain(policy.displayName),
            status: t(`policyState.${policy.state}`),
            color: policyColor(policy.state),
            details: plain(device.deviceName),
            lines: policyLines(policy, tr),
            verb: 'device.open',
            action: { userId: report.user.id, deviceId: device.deviceId },
          }
        : {
            title: plain(device.deviceName),
            status: '',
            color: 'Warning',
            details: device.policies.status === 'unavailable' ? t('policies.unreadable') : '',
            lines: [],
            verb: 'device.open',
            action: { userId: report.user.id, deviceId: device.deviceId },
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
