// Enrollment restrictions that apply to the user, by priority, and the device limit against the number
// of devices the user has enrolled.
import type { Translator } from '../i18n';
import type { PlatformRule, TroubleshootingReport } from '../troubleshooting/report';
import type { AdaptiveCard } from './render-card';
import { plain } from './render-card';
import { renderSections, section } from './report-sections';
import { unavailableText } from './unavailable';

function ruleLine(rule: PlatformRule, tr: Translator): string {
  const { t } = tr;
  const parts = [t(`platform.${rule.platform}`, { defaultValue: rule.platform }) + ':'];
  parts.push(rule.platformBlocked ? t('restrictions.blocked') : t('restrictions.allowed'));
  if (!rule.platformBlocked && rule.personalDeviceEnrollmentBlocked)
    parts.push(t('restrictions.personalBlocked'));
  if (!rule.platformBlocked && (rule.osMinimumVersion || rule.osMaximumVersion)) {
    parts.push(
      t('restrictions.osRange', { min: rule.osMinimumVersion ?? '—', max: rule.osMaximumVersion ?? '—' }),
    );
  }
  return parts.join(' ');
}

export function enrollmentRestrictionsCard(report: TroubleshootingReport, tr: Translator): AdaptiveCard {
  const { t } = tr;
  const area = report.enrollmentRestrictions;
  const actions = [{ title: t('lists.back'), verb: 'dashboard.open', data: { userId: report.user.id } }];
  if (area.status === 'unavailable') {
    return renderSections(report, tr, {
      title: t('sections.enrollmentRestrictions'),
      sections: [section(t('restrictions.applying'), [], [unavailableText(area, tr)], tr)],
      actions,
    });
  }
  const { restrictions, deviceLimit, enrolledDeviceCount } = area.data;
  const full = deviceLimit !== null && enrolledDeviceCount >= deviceLimit;
  return renderSections(report, tr, {
    title: t('sections.enrollmentRestrictions'),
    status:
      deviceLimit === null
        ? t('restrictions.noLimit', { enrolled: enrolledDeviceCount })
        : t(full ? 'restrictions.limitReached' : 'restrictions.limit', {
            enrolled: enrolledDeviceCount,
            limit: deviceLimit,
          }),
    statusColor: full ? 'Attention' : 'Good',
    sections: [
      section(
        t('restrictions.applying'),
        restrictions.map((r) => ({
          title: plain(r.displayName),
          status: r.isDefault
            ? t('restrictions.default')
            : t('restrictions.priority', { priority: r.priority }),
          color: 'Default',
          lines:
            r.kind === 'limit'
              ? [t('restrictions.deviceLimit', { limit: r.limit ?? '—' })]
              : r.kind === 'platform'
                ? r.platforms.map((rule) => ruleLine(rule, tr))
                : [t('restrictions.other')],
        })),
        [t('restrictions.explain')],
        tr,
      ),
    ],
    actions,
  });
}
