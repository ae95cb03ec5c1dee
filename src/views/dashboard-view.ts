// The dashboard: the pane's five areas (account status, selected user, user status, user details,
// group membership) plus the likely causes, worst first. Each area's rows come from its descriptor (src/areas/).
import type { Translator } from '../i18n';
import { devicesWorstFirst, diagnose, type Diagnosis } from '../troubleshooting/diagnosis';
import { reportAreas, type Area, type Device, type TroubleshootingReport } from '../troubleshooting/report';
import { escalationForm, suggestedTopic, type EscalationFormData } from './escalation-form';
import { formatDateTime, relativeTime } from './format';
import { COMPLIANCE_COLORS, entraText } from './list-views';
import { userSubtitle } from './person-label';
import type { Color } from './color';
import { findingRow, type FindingRow } from './finding-row';
import { plain } from './render-card';
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

/** A status cell: the area's value, or why it could not be read. */
export function areaValue<T>(
  area: Area<T>,
  tr: Translator,
  render: (data: T) => { value: string; color: Color },
): { value: string; color: Color } {
  if (area.status === 'unavailable') return { value: unavailableText(area, tr), color: 'Warning' };
  return render(area.data);
}

/** One area's rows on the dashboard, as its descriptor (src/areas/) declares them. */
export interface DashboardArea {
  /** Its rows in the status table at the top (account, licence, apps). */
  status?(report: TroubleshootingReport, tr: Translator, now: Date): StatusRow[];
  /** Its row among the sections, which opens its view. */
  section?(report: TroubleshootingReport, tr: Translator, now: Date, diagnosis: Diagnosis): SectionRow;
}

/** The dashboard of `report`, its rows those the areas (in the registry's order) declare. */
export function dashboardView(
  report: TroubleshootingReport,
  tr: Translator,
  now: Date,
  areas: readonly DashboardArea[],
): DashboardData {
  const { t } = tr;
  const diagnosis = diagnose(report, now);
  const status = areas.flatMap((area) => area.status?.(report, tr, now) ?? []);
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
    sections: areas.flatMap((area) => (area.section ? [area.section(report, tr, now, diagnosis)] : [])),
    footer: t('dashboard.footer', { time: formatDateTime(report.generatedAt, tr, { seconds: true }) }),
    escalation: escalationForm(tr, 'agent', suggestedTopic(diagnosis)),
  };
}

function isStillLoading(report: TroubleshootingReport): boolean {
  return reportAreas(report).some((a) => a.status === 'unavailable' && a.kind === 'loading');
}
