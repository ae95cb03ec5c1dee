// `troubleshoot me` for end users: their own devices and enrollment failures in plain language, with
// the steps they can take themselves. No admin jargon, no other person's data.
import type { Translator } from '../i18n';
import { devicesWorstFirst, deviceRank, diagnose, type Finding } from '../troubleshooting/diagnosis';
import type { Device, TroubleshootingReport } from '../troubleshooting/report';
import type { Color } from './color';
import { say } from './say';
import { escalationForm, suggestedTopic } from './escalation-form';
import { relativeTime } from './format';
import { plain, renderCard, type AdaptiveCard } from './render-card';

const RECENT_FAILURES = 5;
/** Blockers an end user reads at the top: they stop every enrollment, whatever the device. */
const BLOCKER_RULES: ReadonlySet<Finding['rule']> = new Set([
  'tenantInactive',
  'accountDisabled',
  'noLicense',
  'deviceLimit',
]);

function deviceAdvice(
  device: Device,
  findings: readonly Finding[],
  tr: Translator,
  now: Date,
): { status: string; color: Color; advice: string[] } {
  const { t } = tr;
  const rank = deviceRank(device);
  const about = findings.filter(
    (f) =>
      f.deviceIds.includes(device.id) && (f.rule === 'deviceNoncompliant' || f.rule === 'deviceGracePeriod'),
  );
  // The settings to change, in words, then what to tap.
  const advice = about.flatMap((f) => [
    ...f.evidence.filter((e) => e.key.endsWith('.policySetting')).map((e) => say(e, tr, now)),
    // A finding about several devices names its first one; each device's row names that device.
    say({ ...f.userFix, params: { ...f.userFix.params, device: device.name } }, tr, now),
  ]);
  if (device.isStale)
    advice.push(t('self.adviceStale', { when: relativeTime(device.lastSyncDateTime, now, tr) }));
  if (rank === 0) return { status: t('self.deviceNeedsAttention'), color: 'Attention', advice };
  if (rank === 1) return { status: t('self.deviceGrace'), color: 'Warning', advice };
  if (device.complianceState === 'unknown')
    return { status: t('self.deviceUnknown'), color: 'Warning', advice };
  return { status: t('self.deviceOk'), color: device.isStale ? 'Warning' : 'Good', advice };
}

export function selfServiceCard(report: TroubleshootingReport, tr: Translator, now: Date): AdaptiveCard {
  const { t } = tr;
  const diagnosis = diagnose(report, now);
  const { findings } = diagnosis;
  const blockers = findings.filter((f) => BLOCKER_RULES.has(f.rule)).map((f) => say(f.userFix, tr, now));
  const devices = report.devices.status === 'ok' ? devicesWorstFirst(report.devices.data) : [];
  // Identical attempts are one line, newest cause first, as on the agent's dashboard.
  const failures = findings
    .filter((f) => f.userAction?.verb === 'self.failure.open')
    .slice(0, RECENT_FAILURES);
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
      ...deviceAdvice(d, findings, tr, now),
    })),
    failures: failures.map((f) => ({
      id: f.userAction?.data.failureId ?? '',
      title: say(f.title, tr, now),
      when: relativeTime(f.latest, now, tr),
    })),
    tips: tr.list('self.tips'),
    escalation: escalationForm(tr, 'self', suggestedTopic(diagnosis)),
  });
}
