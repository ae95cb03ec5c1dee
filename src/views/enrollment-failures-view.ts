// Enrollment failures: a table of attempts (start, OS, version, failure) whose rows open the failure's
// details, remediation steps and resources.
import type { Translator } from '../i18n';
import { diagnose } from '../troubleshooting/diagnosis';
import { LOG_GUIDES, logPlatformOf } from '../troubleshooting/device-logs';
import { findCatalogueEntry, FAILURE_VIEW_KEYS } from '../troubleshooting/enrollment-failure-catalogue';
import type { EnrollmentFailure, TroubleshootingReport } from '../troubleshooting/report';
import { userSubtitle } from './person-label';
import { formatDateTime } from './format';
import { escalationForm, suggestedTopic } from './escalation-form';
import { messageCard } from './message-view';
import { DASHBOARD, navigationActions, type BackLink } from './navigation';
import { pageOf, pagingBar } from './paging';
import { plain, renderCard, type AdaptiveCard } from './render-card';
import { unavailableText } from './unavailable';

export const FAILURES_PAGE_SIZE = 10;

/** Who reads the failure: agents get admin steps, end users the steps they can take themselves. */
export type Audience = 'agent' | 'self';

export function failureTitle(failure: EnrollmentFailure, tr: Translator): string {
  return tr.t(findCatalogueEntry(failure).titleKey);
}

export function enrollmentFailuresCard(
  report: TroubleshootingReport,
  tr: Translator,
  page: unknown,
  audience: Audience = 'agent',
): AdaptiveCard {
  const { t } = tr;
  const area = report.enrollmentFailures;
  const failures = area.status === 'ok' ? area.data : [];
  const shown = pageOf(failures, page, FAILURES_PAGE_SIZE);
  const notes: string[] = [];
  if (area.status === 'unavailable') notes.push(unavailableText(area, tr));
  else if (area.truncated) notes.push(t('lists.truncated', { count: failures.length }));
  return renderCard('enrollment-failures', {
    strings: {
      caveat: t(audience === 'agent' ? FAILURE_VIEW_KEYS.caveat : FAILURE_VIEW_KEYS.caveatSelf),
      start: t('failuresList.start'),
      os: t('failuresList.os'),
      osVersion: t('failuresList.osVersion'),
      failure: t('failuresList.failure'),
      empty: t('failuresList.empty'),
      previous: t('lists.previous'),
      next: t('lists.next'),
      back: t('lists.back'),
    },
    title: t('sections.enrollmentFailures'),
    subtitle: `${plain(report.user.displayName)} · ${userSubtitle(report, tr)}`,
    summary: area.status === 'ok' ? t('failuresList.summary', { count: failures.length }) : '',
    notes,
    userId: report.user.id,
    rows: shown.items.map((f) => ({
      id: f.id,
      page: shown.page,
      start: formatDateTime(f.occurredAt, tr),
      os: plain(f.operatingSystem) || '—',
      osVersion: plain(f.osVersion) || '—',
      failure: failureTitle(f, tr),
    })),
    ...pagingBar(shown, tr),
    backVerb: audience === 'agent' ? 'dashboard.open' : 'self.open',
  });
}

/** One button per page: the catalogue and Microsoft often name the same page. */
function uniqueByUrl<T extends { url: string }>(links: readonly T[]): T[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const url = l.url.replace(/\/+$/, '').toLowerCase();
    if (seen.has(url)) return false;
    seen.add(url);
    return true;
  });
}

function httpsUrl(link: string): string | null {
  try {
    const url = new URL(link);
    return url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function failureDetailsCard(
  report: TroubleshootingReport,
  failureId: unknown,
  tr: Translator,
  audience: Audience = 'agent',
  back: BackLink = DASHBOARD,
  now: Date = new Date(),
): AdaptiveCard {
  const { t } = tr;
  const failure =
    report.enrollmentFailures.status === 'ok'
      ? report.enrollmentFailures.data.find((f) => f.id === failureId)
      : undefined;
  if (!failure) return messageCard(tr, 'badAction', 'warning');
  const entry = findCatalogueEntry(failure);
  const ms = failure.microsoftDetails;

  // The catalogue's details and Microsoft's (English) text speak about "the user": agents only. End users get
  // the steps they can take, which say what happened in their own words.
  const details = audience === 'agent' ? [t(entry.detailsKey)] : [];
  if (audience === 'agent' && entry.kind !== 'reason') details.push(t(FAILURE_VIEW_KEYS.generalAdvice));
  if (audience === 'agent' && ms?.failureDetails) details.push(plain(ms.failureDetails));

  const steps = (audience === 'agent' ? tr.list(entry.agentStepsKey) : tr.list(entry.userStepsKey)).map(
    (step, i) => `${i + 1}. ${step}`,
  );
  const resources = uniqueByUrl(
    audience === 'agent'
      ? [
          ...entry.resources.map((r) => ({ label: t(r.labelKey), url: r.url })),
          ...(ms?.resources ?? []).flatMap((r) => {
            const url = httpsUrl(r.link);
            return url ? [{ label: plain(r.text) || url, url }] : [];
          }),
        ]
      : // End users get Microsoft's user-help pages for sending this platform's errors to IT, not admin docs.
        (LOG_GUIDES[logPlatformOf(failure.operatingSystem) ?? 'ios'] ?? []).map((g) => ({
          label: t(`logs.guide.${g.guide}.title`),
          url: g.url,
        })),
  );

  return renderCard('failure-details', {
    strings: {
      failureDetails: t(FAILURE_VIEW_KEYS.failureDetails),
      resources: t(FAILURE_VIEW_KEYS.resources),
      caveat: t(audience === 'agent' ? FAILURE_VIEW_KEYS.caveat : FAILURE_VIEW_KEYS.caveatSelf),
      fromMicrosoft: t('failuresList.fromMicrosoft'),
    },
    title: t(entry.titleKey),
    subtitle: `${plain(report.user.displayName)} · ${userSubtitle(report, tr)}`,
    userId: report.user.id,
    facts: [
      { title: t('failuresList.start'), value: formatDateTime(failure.occurredAt, tr) },
      {
        title: t('failuresList.os'),
        value: `${plain(failure.operatingSystem) || '—'} ${plain(failure.osVersion)}`.trim(),
      },
      {
        title: t('failuresList.category'),
        value: tr.word('failureCategory', failure.category),
      },
      { title: t('failuresList.reason'), value: plain(failure.failureReason) || '—' },
      ...(audience === 'agent'
        ? [
            {
              title: t('failuresList.enrollmentType'),
              value: failure.enrollmentType ? tr.word('enrollmentType', failure.enrollmentType) : '—',
            },
            { title: t('failuresList.correlationId'), value: plain(failure.correlationId) || '—' },
          ]
        : []),
    ],
    details,
    stepsTitle: t(
      audience === 'agent' ? FAILURE_VIEW_KEYS.possibleRemediations : FAILURE_VIEW_KEYS.whatYouCanDo,
    ),
    onlyIt: audience === 'self' && entry.onlyItCanFix ? t(FAILURE_VIEW_KEYS.onlyItCanFix) : '',
    steps,
    microsoftRemediation: audience === 'agent' && ms?.remediation ? plain(ms.remediation) : '',
    resources,
    actions:
      audience === 'agent'
        ? navigationActions(tr, report.user.id, back)
        : [{ title: t('nav.self'), verb: 'self.open', data: {} }],
    canEscalate: audience === 'agent',
    escalation:
      audience === 'agent'
        ? escalationForm(tr, 'agent', suggestedTopic(diagnose(report, now)), {
            userId: report.user.id,
            origin: { verb: 'failure.open', failureId: failure.id },
            back: { verb: back.verb, ...back.params },
          })
        : null,
  });
}
