// One device: its facts, the compliance policies with failing settings, configuration profiles (errors
// and conflicts first) and the apps targeted at it (failures first).
import type { Translator } from '../i18n';
import type { Area, DevicePolicies, TroubleshootingReport } from '../troubleshooting/report';
import { diagnose } from '../troubleshooting/diagnosis';
import { formatDateTime, relativeTime } from './format';
import { say } from './say';
import { appColor, entraText, policyColor, policyLines } from './list-views';
import { escalationForm, suggestedTopic } from './escalation-form';
import { messageCard } from './message-view';
import { DASHBOARD, navigationActions, type BackLink } from './navigation';
import { plain, type AdaptiveCard } from './render-card';
import { renderSections, section, unreadableSection, type Section } from './report-sections';
import { unavailableText } from './unavailable';

function policySection(
  title: string,
  area: Area<DevicePolicies[]>,
  deviceId: string,
  tr: Translator,
): Section {
  if (area.status === 'unavailable') return unreadableSection(title, area, tr);
  const device = area.data.find((d) => d.deviceId === deviceId);
  if (!device) return section(title, [], [], tr);
  if (device.policies.status === 'unavailable')
    return section(title, [], [unavailableText(device.policies, tr)], tr);
  const rows = device.policies.data.map((p) => ({
    title: plain(p.displayName),
    status: tr.t(`policyState.${p.state}`),
    color: policyColor(p.state),
    lines: policyLines(p, tr),
  }));
  return section(title, rows, [], tr);
}

export function deviceDetailsCard(
  report: TroubleshootingReport,
  deviceId: unknown,
  tr: Translator,
  now: Date,
  back: BackLink = DASHBOARD,
): AdaptiveCard {
  const { t } = tr;
  const device =
    report.devices.status === 'ok' ? report.devices.data.find((d) => d.id === deviceId) : undefined;
  if (!device) return messageCard(tr, 'badAction', 'warning');

  const apps =
    report.apps.status === 'unavailable'
      ? section(t('sections.clientApps'), [], [unavailableText(report.apps, tr)], tr)
      : section(
          t('sections.clientApps'),
          report.apps.data
            .filter((a) => a.deviceId === device.id)
            .map((a) => ({
              title: plain(a.displayName),
              status: t(`installState.${a.installState}`),
              color: appColor(a.installState),
              lines: [tr.word('appIntent', a.intent)],
            })),
          [],
          tr,
        );

  const findings = diagnose(report, now).findings.filter((f) => f.deviceIds.includes(device.id));
  const entra = entraText(device, tr);
  const lastCheckIn = `${formatDateTime(device.lastSyncDateTime, tr)} (${relativeTime(device.lastSyncDateTime, now, tr)})`;
  return renderSections(report, tr, {
    title: plain(device.name),
    status: t('deviceDetails.status', { state: t(`compliance.${device.complianceState}`) }),
    statusColor:
      device.complianceState === 'compliant'
        ? 'Good'
        : device.complianceState === 'inGracePeriod'
          ? 'Warning'
          : 'Attention',
    facts: [
      { title: t('deviceDetails.os'), value: `${plain(device.operatingSystem)} ${plain(device.osVersion)}` },
      {
        title: t('deviceDetails.model'),
        value: plain([device.manufacturer, device.model].filter(Boolean).join(' ')) || '—',
      },
      { title: t('deviceDetails.serial'), value: plain(device.serialNumber) || '—' },
      {
        title: t('deviceDetails.managedBy'),
        value: tr.word('managedBy', device.managedBy),
      },
      { title: t('deviceDetails.joinType'), value: t(`joinType.${device.joinType}`) },
      { title: t('deviceDetails.ownership'), value: t(`ownership.${device.ownership}`) },
      { title: t('deviceDetails.entra'), value: entra },
      { title: t('deviceDetails.enrolled'), value: formatDateTime(device.enrolledDateTime, tr) },
      {
        title: t('deviceDetails.lastCheckIn'),
        value: device.isStale ? `${lastCheckIn} · ${t('deviceDetails.stale')}` : lastCheckIn,
      },
    ],
    sections: [
      ...(findings.length > 0
        ? [
            section(
              t('diagnosis:view.title'),
              findings.map((f) => ({
                title: say(f.title, tr, now),
                status: '',
                color: f.severity === 'critical' ? 'Attention' : 'Warning',
                lines: [
                  ...f.evidence.map((e) => say(e, tr, now)),
                  t('diagnosis:view.fix', { fix: say(f.fix, tr, now) }),
                ],
              })),
              [],
              tr,
            ),
          ]
        : []),
      policySection(t('sections.compliancePolicies'), report.compliancePolicies, device.id, tr),
      policySection(t('sections.configurationPolicies'), report.configurationPolicies, device.id, tr),
      apps,
    ],
    actions: navigationActions(tr, report.user.id, back),
    canEscalate: true,
    // After escalating, this device card is shown again (with its own way back), and the case confirmed apart.
    escalation: escalationForm(tr, 'agent', suggestedTopic(diagnose(report, now)), {
      userId: report.user.id,
      origin: { verb: 'device.open', deviceId: device.id },
      back: { verb: back.verb, ...back.params },
    }),
  });
}
