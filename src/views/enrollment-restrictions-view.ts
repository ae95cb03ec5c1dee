// Enrollment restrictions that apply to the user, per kind: the one in effect marked (per platform for
// platform restrictions), the ones it overrides shown as such, and the device limit against the number of
// devices the user has enrolled.
import type { Translator } from '../i18n';
import { isAtDeviceLimit, osRangeText, uncountedText } from '../troubleshooting/diagnosis';
import type { EnrollmentRestriction, PlatformRule, TroubleshootingReport } from '../troubleshooting/report';
import { restrictionGroups, type RestrictionGroup } from '../troubleshooting/restrictions-in-effect';
import type { AdaptiveCard } from './render-card';
import { plain } from './render-card';
import {
  backToDashboard,
  renderSections,
  section,
  unreadableAreaCard,
  type Section,
  type SectionRow,
} from './report-sections';
import { say } from './say';

/** "iOS/iPadOS: allowed · personal devices blocked · 16.0 or later". */
export function ruleLine(rule: PlatformRule, tr: Translator, now: Date): string {
  const { t } = tr;
  const parts = [t(rule.platformBlocked ? 'restrictions.blocked' : 'restrictions.allowed')];
  if (!rule.platformBlocked && rule.personalDeviceEnrollmentBlocked)
    parts.push(t('restrictions.personalBlocked'));
  if (!rule.platformBlocked && (rule.osMinimumVersion || rule.osMaximumVersion))
    parts.push(say(osRangeText(rule.osMinimumVersion, rule.osMaximumVersion), tr, now));
  return t('restrictions.ruleLine', {
    platform: tr.word('platform', rule.platform),
    rule: parts.join(' · '),
  });
}

function priorityText(r: EnrollmentRestriction, tr: Translator): string {
  return r.isDefault ? tr.t('restrictions.default') : tr.t('restrictions.priority', { priority: r.priority });
}

function groupSection(group: RestrictionGroup, tr: Translator, now: Date): Section {
  const { t } = tr;
  const rows = group.restrictions.map(({ restriction: r, standing }): SectionRow => {
    const inEffect = standing.kind === 'inEffect';
    const rules =
      r.kind === 'platform'
        ? r.platforms
            // The platforms it decides first; the ones another restriction decides are listed after.
            .filter((p) => !inEffect || standing.platforms.includes(p.platform))
            .map((p) => ruleLine(p, tr, now))
        : [];
    const lines = [
      priorityText(r, tr),
      ...(r.kind === 'limit' ? [t('restrictions.deviceLimit', { count: r.limit ?? 0 })] : []),
      ...rules,
    ];
    return {
      title: plain(r.displayName),
      status: inEffect
        ? r.kind === 'platform' && standing.platforms.length > 0
          ? t('restrictions.inEffectFor', {
              platforms: new Intl.ListFormat(tr.locale, { type: 'conjunction' }).format(
                standing.platforms.map((p) => t(`platform.${p}`)),
              ),
            })
          : t('restrictions.inEffect')
        : t('restrictions.overriddenBy', { name: plain(standing.by.displayName) }),
      color: inEffect ? 'Good' : 'Default',
      lines,
    };
  });
  return section(t(`restrictions.kind.${group.kind}`), rows, [], tr);
}

export function enrollmentRestrictionsCard(
  report: TroubleshootingReport,
  tr: Translator,
  now: Date = new Date(report.generatedAt),
): AdaptiveCard {
  const { t } = tr;
  const area = report.enrollmentRestrictions;
  const actions = [backToDashboard(report, tr)];
  if (area.status === 'unavailable') {
    return unreadableAreaCard(
      report,
      tr,
      { card: t('sections.enrollmentRestrictions'), section: t('restrictions.applying') },
      area,
    );
  }
  const { deviceLimit, enrolledDeviceCount } = area.data;
  const full = isAtDeviceLimit(area.data);
  const groups = restrictionGroups(area.data);
  return renderSections(report, tr, {
    title: t('sections.enrollmentRestrictions'),
    status: [
      deviceLimit === null
        ? t('restrictions.noLimit', { count: enrolledDeviceCount })
        : t(full ? 'restrictions.limitReached' : 'restrictions.limit', {
            enrolled: enrolledDeviceCount,
            count: deviceLimit,
          }),
      // Dedicated, Autopilot and other shared enrollments are not counted: saying so explains "3 of 15" for 60.
      ...(area.data.uncountedDevices.length > 0
        ? [say(uncountedText(area.data.uncountedDevices), tr, now)]
        : []),
    ].join(' · '),
    statusColor: full ? 'Attention' : 'Good',
    sections:
      groups.length > 0
        ? [
            ...groups.map((g) => groupSection(g, tr, now)),
            section(t('restrictions.howTitle'), [], [t('restrictions.explain')], tr),
          ]
        : [section(t('restrictions.applying'), [], [], tr)],
    actions,
  });
}
