// An escalation case card. Everyone in the tier-2 channel sees the base card (who, what, severity, state,
// no device details); helpdesk agents see the full card with the evidence snapshot and the actions.
import { isDeviceProblem } from '../troubleshooting/diagnosis';
import { say } from './say';
import type {
  CaseRefusal,
  EscalationCase,
  EvidenceSnapshot,
  OpenCaseSummary,
  SnapshotList,
} from '../escalations';
import type { Translator } from '../i18n';
import type { Color } from './color';
import { formatDateTime, relativeTime } from './format';
import { pagingBar, type Page } from './paging';
import { plain, renderCard, type AdaptiveCard } from './render-card';

/** Teams refreshes a user-specific view automatically for at most 60 users. */
export const MAX_REFRESH_USERS = 60;

interface EvidenceSection {
  title: string;
  rows: { text: string; color: Color }[];
  note: string;
}

function section<T>(
  title: string,
  list: SnapshotList<T>,
  row: (item: T) => { text: string; color: Color },
  tr: Translator,
): EvidenceSection {
  if (list.status === 'unavailable') return { title, rows: [], note: tr.t('cases.evidenceUnavailable') };
  return {
    title,
    rows: list.rows.map(row),
    note:
      list.rows.length === 0
        ? tr.t('lists.empty')
        : list.truncated
          ? tr.t('cases.evidenceMore', { shown: list.rows.length, total: list.total })
          : '',
  };
}

function findingsSection(evidence: EvidenceSnapshot, tr: Translator): EvidenceSection[] {
  if (!evidence.findings) return [];
  // Relative times read as they did when tier 1 escalated ("latest 1 hour ago" then).
  const then = new Date(evidence.takenAt);
  return [
    {
      title: tr.t('diagnosis:view.title'),
      rows: evidence.findings.map((f) => ({
        text: [say(f.title, tr, then), ...f.evidence.slice(0, 3).map((e) => say(e, tr, then))].join(' · '),
        color: f.severity === 'critical' ? 'Attention' : 'Warning',
      })),
      note: evidence.findings.length === 0 ? tr.t('diagnosis:view.noneAtEscalation') : '',
    },
  ];
}

function evidenceSections(evidence: EvidenceSnapshot, tr: Translator): EvidenceSection[] {
  const { t } = tr;
  const hidden = evidence.devicesOutOfScope ?? 0;
  const devices = section(
    t('sections.devices'),
    evidence.devices,
    (d) => ({
      text: `${plain(d.name)} · ${plain(d.operatingSystem)} ${plain(d.osVersion)} · ${t(`compliance.${d.complianceState}`)}${d.isStale ? ` · ${t('deviceDetails.stale')}` : ''}`,
      color: isDeviceProblem(d) ? 'Attention' : 'Default',
    }),
    tr,
  );
  if (hidden > 0) {
    const line = t('scope.devicesOutOfScope', { count: hidden });
    devices.note = devices.note ? `${devices.note} · ${line}` : line;
  }
  return [
    ...findingsSection(evidence, tr),
    devices,
    section(
      t('cases.complianceProblems'),
      evidence.complianceProblems,
      (p) => ({
        text: `${plain(p.deviceName)}: ${plain(p.policy)} (${t(`policyState.${p.state}`)})${p.failingSettings.length ? ` · ${p.failingSettings.map(plain).join(', ')}` : ''}`,
        color: 'Attention',
      }),
      tr,
    ),
    section(
      t('cases.failingApps'),
      evidence.failingApps,
      (a) => ({
        text: `${plain(a.app)} · ${plain(a.deviceName)} · ${t(`installState.${a.installState}`)}`,
        color: 'Attention',
      }),
      tr,
    ),
    section(
      t('sections.enrollmentFailures'),
      evidence.enrollmentFailures,
      (f) => ({
        text: `${formatDateTime(f.occurredAt, tr)} · ${plain(f.operatingSystem) || '—'} ${plain(f.osVersion)} · ${plain(f.failureReason) || t(`failureCategory.${f.category}`)} · ${t('cases.correlation', { id: plain(f.correlationId) || '—' })}`,
        color: 'Default',
      }),
      tr,
    ),
  ];
}

function stateLine(c: EscalationCase, tr: Translator): { text: string; color: Color } {
  if (c.state === 'resolved') {
    return {
      text: tr.t('cases.stateResolved', {
        name: plain(c.resolution?.by.name ?? ''),
        note: plain(c.resolution?.note ?? ''),
      }),
      color: 'Good',
    };
  }
  if (c.state === 'claimed')
    return { text: tr.t('cases.stateClaimed', { name: plain(c.owner?.name ?? '') }), color: 'Accent' };
  return { text: tr.t('cases.stateOpen'), color: 'Warning' };
}

export function refusalText(refusal: CaseRefusal, tr: Translator): string {
  switch (refusal.reason) {
    case 'alreadyClaimed':
      return tr.t('cases.refusal.alreadyClaimed', { name: plain(refusal.owner.name) });
    case 'alreadyAssigned':
      return tr.t('cases.refusal.alreadyAssigned', { name: plain(refusal.owner.name) });
    case 'alreadyResolved':
      return tr.t('cases.refusal.alreadyResolved', { name: plain(refusal.resolvedBy?.name ?? '') });
    case 'alreadyYours':
      return tr.t('cases.refusal.alreadyYours');
    case 'notResolved':
      return tr.t('cases.refusal.notResolved');
    case 'noteRequired':
      return tr.t('cases.refusal.noteRequired');
  }
}

export interface CaseCardOptions {
  /** The agent view with evidence and actions; false for the base card everyone sees. */
  full: boolean;
  /** Teams ids (29:…) of agents whose client refreshes the base card into the full one. */
  agentIds: readonly string[];
  now: Date;
  /** A line for the clicker only, e.g. why a claim was refused. */
  notice?: string;
}

/** The newest history events a case card shows; with notes of up to 2,000 characters this stays far under 80 KB. */
export const CASE_HISTORY_SHOWN = 8;

export function caseCard(c: EscalationCase, tr: Translator, options: CaseCardOptions): AdaptiveCard {
  const { t } = tr;
  const older = Math.max(0, c.history.length - CASE_HISTORY_SHOWN);
  const state = stateLine(c, tr);
  return renderCard('case', {
    strings: {
      showDetails: t('cases.showDetails'),
      redacted: t('cases.redacted'),
      history: t('cases.history'),
      claim: t('cases.claim'),
      assign: t('cases.assign'),
      assigneePlaceholder: t('cases.assigneePlaceholder'),
      resolve: t('cases.resolve'),
      resolutionPlaceholder: t('cases.resolutionPlaceholder'),
      reopen: t('cases.reopen'),
      openDashboard: t('cases.openDashboard'),
    },
    caseId: c.id,
    agentIds: options.agentIds.slice(0, MAX_REFRESH_USERS),
    title: t('cases.title', {
      id: c.id,
      severity: t(`cases.severity.${c.severity}`),
      topic: t(`cases.topic.${c.topic}`),
    }),
    stateText: state.text,
    stateColor: state.color,
    facts: [
      { title: t('cases.subject'), value: plain(c.subject.displayName) },
      { title: t('cases.reason'), value: plain(c.reason) },
      {
        title: t('cases.escalatedBy'),
        value: `${plain(c.requester.name)} · ${relativeTime(c.createdAt, options.now, tr)}`,
      },
      ...(options.full ? [{ title: t('cases.upn'), value: plain(c.subject.upn) }] : []),
    ],
    full: options.full,
    note: options.full ? plain(c.note) : '',
    evidenceTitle: t('cases.evidence', { time: formatDateTime(c.evidence.takenAt, tr) }),
    evidence: options.full ? evidenceSections(c.evidence, tr) : [],
    history: options.full
      ? [
          ...(older > 0 ? [t('cases.historyOlder', { count: older })] : []),
          ...c.history.slice(older).map((h) =>
            t(`cases.historyEntry.${h.action}`, {
              time: formatDateTime(h.at, tr),
              by: plain(h.by.name),
              to: plain(h.to?.name ?? ''),
              note: plain(h.note ?? ''),
            }),
          ),
        ]
      : [],
    canClaim: c.state === 'open',
    canAssign: c.state !== 'resolved',
    canResolve: c.state !== 'resolved',
    canReopen: c.state === 'resolved',
    notice: options.notice ?? '',
  });
}

export const CASES_PAGE_SIZE = 10;

/** `outOfScope`: open cases about people outside the agent's Intune scope, counted and not listed. */
export function caseListCard(
  page: Pick<Page<OpenCaseSummary>, 'items' | 'page' | 'pageCount' | 'total'>,
  tr: Translator,
  now: Date,
  outOfScope = 0,
): AdaptiveCard {
  const { t } = tr;
  return renderCard('case-list', {
    strings: { previous: t('lists.previous'), next: t('lists.next') },
    title: t('cases.listTitle'),
    summary:
      page.total > 0
        ? t('cases.listSummary', { count: page.total })
        : t(outOfScope > 0 ? 'cases.listEmptyInScope' : 'cases.listEmpty'),
    outOfScope: outOfScope > 0 ? t('cases.listOutOfScope', { count: outOfScope }) : '',
    rows: page.items.map((c) => ({
      id: c.id,
      heading: t('cases.title', {
        id: c.id,
        severity: t(`cases.severity.${c.severity}`),
        topic: t(`cases.topic.${c.topic}`),
      }),
      details: `${plain(c.subject.displayName)} · ${plain(c.reason)} · ${t('cases.age', { age: relativeTime(c.createdAt, now, tr) })}`,
      owner: c.owner ? plain(c.owner.name) : t('cases.unassigned'),
      ownerColor: c.owner ? 'Default' : 'Warning',
    })),
    ...pagingBar(page, tr),
  });
}
