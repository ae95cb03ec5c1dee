// `troubleshoot me` for end users: their own devices and enrollment failures in plain language, with
// the steps they can take themselves. No admin jargon, no other person's data.
import type { Translator } from '../i18n';
import type { Device, TroubleshootingReport } from '../troubleshooting/report';
import type { Color } from './dashboard-view';
import { failureTitle } from './enrollment-failures-view';
import { escalationForm, suggestedTopic } from './escalation-form';
import { relativeTime } from './format';
import { plain, renderCard, type AdaptiveCard } from './render-card';

const RECENT_FAILURES = 5;

function deviceAdvice(
  device: Device,
  tr: Translator,
  now: Date,
): { status: string; color: Color; advice: string[] } {
  const { t } = tr;
  const advice: string[] = [];
  let status = t('self.deviceOk');
  let color: Color = 'Good';
  if (['noncompliant', 'error', 'conflict'].includes(device.complianceState)) {
    status = t('self.deviceNeedsAttention');
    color = 'Attention';
    advice.push(t('self.adviceNoncompliant'));
  } else if (device.complianceState === 'inGracePeriod') {
    status = t('self.deviceGrace');
    color = 'Warning';
    advice.push(t('self.adviceNoncompliant'));
  } else if (device.complianceState === 'unknown') {
    status = t('self.deviceUnknown');
    color = 'Warning';
  }
  if (device.isStale) {
    advice.push(t('self.adviceStale', { when: relativeTime(device.lastSyncDateTime, now, tr) }));
    if (color === 'Good') color = 'Warning';
  }
  return { status, color, advice };
}

export function selfServiceCard(report: TroubleshootingReport, tr: Translator, now: Date): AdaptiveCard {
  const { t } = tr;
  const blockers: string[] = [];
  if (report.user.accountEnabled === false) blockers.push(t('self.blockerDisabled'));
  if (report.license.status === 'ok' && !report.license.data.hasIntuneLicense)
    blockers.push(t('self.blockerLicense'));
  if (report.enrollmentRestrictions.status === 'ok') {
    const { deviceLimit, enrolledDeviceCount } = report.enrollmentRestrictions.data;
    if (deviceLimit !== null && enrolledDeviceCount >= deviceLimit) {
      blockers.push(t('self.blockerLimit', { count: enrolledDeviceCount, limit: deviceLimit }));
    }
  }
  const devices = report.devices.status === 'ok' ? report.devices.data : [];
  const failures =
    report.enrollmentFailures.status === 'ok' ? report.enrollmentFailures.data.slice(0, RECENT_FAILURES) : [];
  return renderCard('self-service', {
    strings: {
      devices: t('self.devices'),
      noDevices: report.devices.status === 'ok' ? t('self.noDevices') : t('self.devicesUnavailable'),
      failures: t('self.failures'),
      tips: t('self.tipsTitle'),
      contact: t('self.contact'),
      portal: t('self.portal'),
      guides: t('self.guides'),
      refresh: t('dashboard.refresh'),
      logs: t('logs.open'),
    },
    title: t('self.title'),
    intro: t('self.intro', { name: plain(report.user.displayName) }),
    blockers,
    devices: devices.map((d) => ({
      name: `${plain(d.name)} (${plain(d.operatingSystem)} ${plain(d.osVersion)})`,
      ...deviceAdvice(d, tr, now),
    })),
    failures: failures.map((f) => ({
      id: f.id,
      title: failureTitle(f, tr),
      when: relativeTime(f.occurredAt, now, tr),
    })),
    tips: tr.list('self.tips'),
    escalation: escalationForm(tr, 'self', suggestedTopic(report, now)),
  });
}
