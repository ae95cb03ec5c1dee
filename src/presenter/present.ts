// The presenter: each outcome of a flow becomes the card a person reads, with what the audit trail and the
// turn's log line keep (the audit outcome, whom it was about, what Graph cost). Flows never see a card.
import type { AuditOutcome } from '../audit/audit-log';
import {
  statsOf,
  subjectOf,
  type AuditLookupOutcome,
  type LookupOutcome,
  type Refusal,
  type ReportShown,
} from '../flows/outcomes';
import type { Translator } from '../i18n';
import type { GraphStats, TroubleshootingReport } from '../troubleshooting/report';
import { auditCard } from '../views/audit-view';
import { MAX_CANDIDATES, candidatesCard } from '../views/candidates-view';
import { dashboardView } from '../views/dashboard-view';
import { messageCard, type MessageAction } from '../views/message-view';
import { plain, renderCard, type AdaptiveCard } from '../views/render-card';
import { selfServiceCard } from '../views/self-service-view';
import { REFUSALS } from './refusals';

/** What a turn sends for an outcome, and what it records of it. */
export interface Answer {
  card: AdaptiveCard;
  outcome: AuditOutcome;
  /** The Entra object id of the person looked at, when known. */
  targetId: string | null;
  /** What was typed, when a refusal came before the target was resolved (so the audit can name it). */
  targetQuery?: string;
  /** What reading the report cost in Graph, when one was read. */
  stats?: GraphStats;
  /** For a new case: whether its card reached its own channel, another one, or none. */
  delivery?: 'delivered' | 'fellBack' | 'notDelivered';
  /** A card to post as a new message besides the answer (a card action's confirmation). */
  notice?: AdaptiveCard;
  /**
   * The complete card, when `card` went out first with areas still loading (Graph was slow): the caller
   * updates the message in place with it.
   */
  later?: Promise<Answer>;
}

/** Renders one view of a report the requester is entitled to. */
export type ReportView = (report: TroubleshootingReport, tr: Translator, now: Date) => AdaptiveCard;

export const dashboardCard: ReportView = (report, tr, now) =>
  renderCard('dashboard', dashboardView(report, tr, now));

/** The live dashboard opened from a tier-2 case card, with the way back to the case. */
export function caseDashboardCard(caseId: string): ReportView {
  return (report, tr, now) =>
    renderCard('dashboard', {
      ...dashboardView(report, tr, now),
      fromCase: { caseId, title: tr.t('nav.backToCase', { id: caseId }) },
    });
}

export const selfServiceView: ReportView = (report, tr, now) => selfServiceCard(report, tr, now);

/** The view the flow chose for a report. */
function chosenView(outcome: ReportShown): ReportView {
  return outcome.view === 'selfService' ? selfServiceView : dashboardCard;
}

export interface PresentOptions {
  /** The view a card action opened; without it, the view the flow chose. */
  view?: ReportView;
  /** A "not found" or an empty search offers the way back to this person's dashboard. */
  backTo?: string | null;
  now?: () => Date;
}

function backAction(tr: Translator, backTo: string | null | undefined): MessageAction[] {
  return backTo
    ? [{ title: tr.t('nav.back.dashboard'), verb: 'dashboard.open', data: { userId: backTo } }]
    : [];
}

/** A refusal in its catalogue's words. */
export function presentRefusal(refusal: Refusal, tr: Translator, options: PresentOptions = {}): Answer {
  const entry = REFUSALS[refusal.reason];
  return {
    card: messageCard(
      tr,
      entry.message,
      entry.tone,
      refusal.params ?? {},
      [],
      backAction(tr, options.backTo),
    ),
    outcome: entry.outcome,
    targetId: refusal.targetId ?? null,
    ...(refusal.targetQuery === undefined ? {} : { targetQuery: refusal.targetQuery }),
  };
}

function cardOf(
  outcome: LookupOutcome | AuditLookupOutcome,
  tr: Translator,
  options: PresentOptions,
): { card: AdaptiveCard; outcome: AuditOutcome } {
  const now = options.now?.() ?? new Date();
  switch (outcome.kind) {
    case 'refused': {
      const { card, outcome: recorded } = presentRefusal(outcome, tr, options);
      return { card, outcome: recorded };
    }
    case 'notFound':
      return {
        card: messageCard(
          tr,
          'notFound',
          'warning',
          { query: plain(outcome.query) },
          ['notFoundHint'],
          backAction(tr, options.backTo),
        ),
        outcome: 'notFound',
      };
    case 'candidates':
      return {
        card: candidatesCard(
          outcome.query,
          outcome.candidates,
          tr,
          outcome.purpose === 'audit' ? 'audit.open' : 'user.pick',
          { capped: outcome.found >= MAX_CANDIDATES, scoped: outcome.scoped },
        ),
        outcome: 'ambiguous',
      };
    case 'report':
      return { card: (options.view ?? chosenView(outcome))(outcome.report, tr, now), outcome: 'shown' };
    case 'loading':
      return { card: messageCard(tr, 'stillLoading', 'info'), outcome: 'shown' };
    case 'audit':
      return {
        card: auditCard(outcome.user, outcome.entries, tr, outcome.page, outcome.scanLimit),
        outcome: 'shown',
      };
  }
}

/** The answer to a lookup or an audit, in the view the caller opened or the one the flow chose. */
export function present(
  outcome: LookupOutcome | AuditLookupOutcome,
  tr: Translator,
  options: PresentOptions = {},
): Answer {
  if (outcome.kind === 'refused') return presentRefusal(outcome, tr, options);
  const stats = statsOf(outcome);
  const pending = outcome.kind === 'report' || outcome.kind === 'loading' ? outcome.later : undefined;
  const later = pending?.then((complete) => present(complete, tr, options));
  // The first answer already went out; a failure of the rest is reported by whoever awaits it.
  later?.catch(() => undefined);
  return {
    ...cardOf(outcome, tr, options),
    targetId: subjectOf(outcome),
    ...(stats === undefined ? {} : { stats }),
    ...(later === undefined ? {} : { later }),
  };
}
