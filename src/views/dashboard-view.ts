// The dashboard: the pane's five areas (account status, selected user, user status, user details,
// group membership) plus the likely causes, worst first.
import type { Translator } from '../i18n';
import { findProblems, type Problem } from '../troubleshooting/find-problems';
import type { Area, TroubleshootingReport } from '../troubleshooting/report';
import { failureTitle } from './enrollment-failures-view';
import { escalationForm, suggestedTopic, type EscalationFormData } from './escalation-form';
import { formatDateTime, relativeTime } from './format';
import { plain } from './render-card';
import { unavailableText } from './unavailable';

export type Color = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

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
    | 'refresh'
    | 'problemsTitle'
    | 'detailsTitle'
    | 'noProblems',
    string
  >;
  title: string;
  subtitle: string;
  userId: string;
  status: StatusRow[];
  problems: { text: string; color: Color }[];
  hasProblems: boolean;
  moreProblems: string;
  sections: SectionRow[];
  footer: string;
  escalation: EscalationFormData;
}

const MAX_PROBLEMS = 6;

export function problemText(problem: Problem, tr: Translator, now: Date): string {
  const { t } = tr;
  switch (problem.kind) {
    case 'tenantInactive':
      return t('problems.tenantInactive', { state: t(`subscriptionState.${problem.state}`) });
    case 'accountDisabled':
      return t('problems.accountDisabled');
    case 'noIntuneLicense':
      return t('problems.noIntuneLicense');
    case 'deviceNoncompliant':
      return t('problems.deviceNoncompliant', {
        device: plain(problem.deviceName),
        state: t(`compliance.${problem.state}`),
      });
    case 'deviceStale':
      return t('problems.deviceStale', {
        device: plain(problem.deviceName),
        when: relativeTime(problem.lastSync, now, tr),
      });
    case 'policyFailing':
      return t('problems.policyFailing', {
        device: plain(problem.deviceName),
        policy: plain(problem.policy),
        state: t(`policyState.${problem.state}`),
      });
    case 'appFailed':
      return t('problems.appFailed', { app: plain(problem.app), device: plain(problem.deviceName) });
    case 'enrollmentFailure':
      return t('problems.enrollmentFailure', {
        reason: failureTitle(problem.failure, tr),
        when: relativeTime(problem.failure.occurredAt, now, tr),
      });
    case 'deviceLimitReached':
      return t('problems.deviceLimitReached', { count: problem.count, limit: problem.limit });
    case 'appProtectionFlagged':
      return t('problems.appProtectionFlagged', {
        app: plain(problem.app),
        reason: t(`flaggedReason.${problem.reason}`, { defaultValue: problem.reason }),
      });
  }
}

function areaValue<T>(
  area: Area<T>,
  tr: Translator,
  render: (data: T) => { value: string; color: Color },
): { value: string; color: Color } {
  if (area.status === 'unavailable') return { value: unavailableText(area, tr), color: 'Warning' };
  return render(area.data);
}

export function userSubtitle(report: Pick<TroubleshootingReport, 'user'>): string {
  const { user } = report;
  return [user.userPrincipalName, user.jobTitle, user.department, user.officeLocation]
    .filter((x): x is string => Boolean(x))
    .map(plain)
    .join(' · ');
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
    t('dashboard.devices'),
    areaValue(report.devices, tr, (devices) => {
      const bad = devices.filter((d) =>
        ['noncompliant', 'error', 'conflict'].includes(d.complianceState),
      ).length;
      const compliant = devices.filter((d) => d.complianceState === 'compliant').length;
      const hidden = report.devicesOutOfScope ?? 0;
      const summary = t('dashboard.devicesSummary', { count: devices.length, compliant, noncompliant: bad });
      return {
        value: hidden > 0 ? `${summary} · ${t('scope.devicesOutOfScope', { count: hidden })}` : summary,
        color: bad > 0 ? 'Attention' : 'Default',
      };
    }),
  );
  push(
    t('dashboard.apps'),
    areaValue(report.apps, tr, (apps) => {
      const failed = apps.filter(
        (a) => a.installState === 'failed' || a.installState === 'uninstallFailed',
      ).length;
      const installed = apps.filter((a) => a.installState === 'installed').length;
      return {
        value: t('dashboard.appsSummary', { count: apps.length, installed, failed }),
        color: failed > 0 ? 'Attention' : 'Default',
      };
    }),
  );

  const problems = findProblems(report, now);
  const shown = problems.slice(0, MAX_PROBLEMS).map((p): { text: string; color: Color } => ({
    text: problemText(p, tr, now),
    color: p.severity === 'critical' ? 'Attention' : 'Warning',
  }));

  return {
    strings: {
      changeUser: t('dashboard.changeUser'),
      changeUserPlaceholder: t('dashboard.changeUserPlaceholder'),
      changeUserSubmit: t('dashboard.changeUserSubmit'),
      refresh: t('dashboard.refresh'),
      problemsTitle: t('dashboard.problemsTitle'),
      detailsTitle: t('dashboard.detailsTitle'),
      // While areas are still being read, "nothing stands out" would be a claim about data not yet seen.
      noProblems: isStillLoading(report) ? t('dashboard.problemsLoading') : t('dashboard.noProblems'),
    },
    title: t('dashboard.title', { name: plain(report.user.displayName) }),
    subtitle: userSubtitle(report),
    userId: report.user.id,
    status,
    problems: shown,
    hasProblems: shown.length > 0,
    moreProblems:
      problems.length > MAX_PROBLEMS
        ? t('dashboard.moreProblems', { count: problems.length - MAX_PROBLEMS })
        : '',
    sections: sectionRows(report, tr),
    footer: t('dashboard.footer', { time: formatDateTime(report.generatedAt, tr) }),
    escalation: escalationForm(tr, 'agent', suggestedTopic(report, now)),
  };
}

function isStillLoading(report: TroubleshootingReport): boolean {
  const areas = [
    report.account,
    report.license,
    report.devices,
    report.compliancePolicies,
    report.configurationPolicies,
    report.apps,
    report.appProtection,
    report.enrollmentRestrictions,
    report.groups,
    report.enrollmentFailures,
  ];
  return areas.some((a) => a.status === 'unavailable' && a.kind === 'loading');
}

function count<T>(
  area: Area<T[]>,
  tr: Translator,
  describe: (items: T[]) => { summary: string; color: Color },
): { summary: string; color: Color } {
  if (area.status === 'unavailable') return { summary: unavailableText(area, tr), color: 'Warning' };
  return describe(area.data);
}

function sectionRows(report: TroubleshootingReport, tr: Translator): SectionRow[] {
  const { t } = tr;
  const policyRow = (area: TroubleshootingReport['compliancePolicies']): { summary: string; color: Color } =>
    count(area, tr, (devices) => {
      const states = devices.flatMap((d) => (d.policies.status === 'ok' ? d.policies.data : []));
      const failing = states.filter((p) => ['nonCompliant', 'error', 'conflict'].includes(p.state)).length;
      return {
        summary: t('dashboard.policiesSummary', { count: states.length, failing }),
        color: failing > 0 ? 'Attention' : 'Default',
      };
    });
  const appProtection = report.appProtection;
  const restrictions = report.enrollmentRestrictions;
  return [
    {
      title: t('sections.devices'),
      verb: 'devices.open',
      ...count(report.devices, tr, (d) => ({
        summary: t('dashboard.count', { count: d.length }),
        color: 'Default',
      })),
    },
    {
      title: t('sections.clientApps'),
      verb: 'apps.open',
      ...count(report.apps, tr, (a) => {
        const failed = a.filter(
          (x) => x.installState === 'failed' || x.installState === 'uninstallFailed',
        ).length;
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
              policies: appProtection.data.policies.length,
              apps: appProtection.data.registrations.length,
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
        : {
            summary:
              restrictions.data.deviceLimit === null
                ? t('dashboard.count', { count: restrictions.data.restrictions.length })
                : t('dashboard.restrictionsSummary', {
                    count: restrictions.data.restrictions.length,
                    enrolled: restrictions.data.enrolledDeviceCount,
                    limit: restrictions.data.deviceLimit,
                  }),
            color:
              restrictions.data.deviceLimit !== null &&
              restrictions.data.enrolledDeviceCount >= restrictions.data.deviceLimit
                ? 'Attention'
                : 'Default',
          }),
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
