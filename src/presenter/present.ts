// The presenter: each outcome of a flow becomes the card a person reads, with what the audit trail and the
// turn's log line keep (the audit outcome, whom it was about, what Graph cost). Flows never see a card.
import { dashboardAreas } from '../areas';
import type { AuditOutcome } from '../audit/audit-log';
import {
  subjectOf,
  type AuditLookupOutcome,
  type LookupOutcome,
  type Refusal,
  type ReportShown,
} from '../flows/outcomes';
import type { EscalationOutcome, CaseCreated, LogGuideSent } from '../flows/escalation-flow';
import { createTranslator, type Translator } from '../i18n';
import type { GraphStats, TroubleshootingReport } from '../troubleshooting/report';
import { auditCard } from '../views/audit-view';
import { MAX_CANDIDATES, candidatesCard } from '../views/candidates-view';
import { CASES_PAGE_SIZE, caseCard, caseListCard, refusalText } from '../views/case-view';
import { dashboardView } from '../views/dashboard-view';
import { deviceLogsCard } from '../views/device-logs-view';
import { pageOf } from '../views/paging';
import { relativeTime } from '../views/format';
import { deliveredElsewhereCard, notDeliveredCard } from '../views/teams-life-view';
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
  renderCard('dashboard', dashboardView(report, tr, now, dashboardAreas()));

/** The live dashboard opened from a tier-2 case card, with the way back to the case. */
export function caseDashboardCard(caseId: string): ReportView {
  return (report, tr, now) =>
    renderCard('dashboard', {
      ...dashboardView(report, tr, now, dashboardAreas()),
      fromCase: { caseId, title: tr.t('nav.backToCase', { id: caseId }) },
    });
}

export const selfServiceView: ReportView = (report, tr, now) => selfServiceCard(report, tr, now);

/** The view the flow chose for a report. */
function chosenView(outcome: ReportShown): ReportView {
  if (outcome.view === 'selfService') return selfServiceView;
  return outcome.fromCase === undefined ? dashboardCard : caseDashboardCard(outcome.fromCase);
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
  // A value may be what the person typed (an unknown topic): quoted as text, never a link on the card.
  const params = Object.fromEntries(
    Object.entries(refusal.params ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? plain(value) : value,
    ]),
  );
  return {
    card: messageCard(tr, entry.message, entry.tone, params, [], backAction(tr, options.backTo)),
    outcome: entry.outcome,
    targetId: refusal.targetId ?? null,
    ...(refusal.targetQuery === undefined ? {} : { targetQuery: refusal.targetQuery }),
  };
}

/** Every outcome a flow answers with. */
export type Outcome = LookupOutcome | AuditLookupOutcome | EscalationOutcome | LogGuideSent;

/** A message card with a title and a line already in words. */
function noteCard(tr: Translator, title: string, line: string): AdaptiveCard {
  return messageCard(tr, 'plain', 'info', { title, line });
}

/** What the requester is told about a new case: where it went, or truthfully that it went nowhere. */
function createdCard(outcome: CaseCreated, tr: Translator): AdaptiveCard {
  const { delivery, case: created } = outcome;
  if (delivery.kind === 'notDelivered')
    return notDeliveredCard(tr, created.id, outcome.by, outcome.noChannel);
  if (delivery.fellBack) return deliveredElsewhereCard(tr, created.id, delivery.to.topic);
  return noteCard(tr, tr.t('cases.created', { id: created.id }), tr.t('cases.createdDetails'));
}

/** The agent's log-collection card, with a line saying whether the steps went to the person. */
function logGuideCard(outcome: LogGuideSent, tr: Translator, now: Date): AdaptiveCard {
  const { report, sent } = outcome;
  const name = plain(report.user.displayName);
  const notice =
    sent.kind === 'alreadySent'
      ? {
          title: tr.t('logs.alreadySentTitle'),
          line: tr.t('logs.alreadySentLine', { name, when: relativeTime(sent.at, now, tr) }),
          color: 'Accent' as const,
        }
      : sent.kind === 'sent'
        ? {
            title: tr.t('logs.sentTitle'),
            line: tr.t('logs.sentLine', {
              name,
              language: tr.t(`logs.language.${createTranslator(sent.locale).language}`),
            }),
            color: 'Good' as const,
          }
        : {
            title: tr.t('logs.notSentTitle'),
            line: tr.t('logs.notSentLine', { name }),
            color: 'Warning' as const,
          };
  return deviceLogsCard(report, tr, 'agent', notice);
}

function cardOf(
  outcome: Outcome,
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
    case 'channelSet': {
      const { topic } = outcome;
      const topicName = topic === 'default' ? tr.t('cases.topicDefault') : tr.t(`cases.topic.${topic}`);
      return {
        card: noteCard(tr, tr.t('cases.channelSet', { topic: topicName }), tr.t('cases.channelSetDetails')),
        outcome: 'shown',
      };
    }
    case 'caseCreated':
      return { card: createdCard(outcome, tr), outcome: 'shown' };
    case 'case':
      return {
        card: caseCard(outcome.case, tr, {
          full: outcome.full,
          agentIds: [],
          now,
          ...(outcome.refusal ? { notice: refusalText(outcome.refusal, tr) } : {}),
        }),
        outcome: outcome.refusal ? 'invalid' : outcome.changeDenied ? 'denied' : 'shown',
      };
    case 'logGuide':
      return {
        card: logGuideCard(outcome, tr, now),
        outcome: outcome.sent.kind === 'notSent' ? 'failed' : 'shown',
      };
    case 'caseList':
      return {
        card: caseListCard(
          // Paged as every list is: a page past the end (a forged card) shows the last one.
          pageOf(outcome.cases, outcome.page, CASES_PAGE_SIZE),
          tr,
          now,
          outcome.hidden,
        ),
        outcome: 'shown',
      };
  }
}

/** Whom an outcome was about, for the audit trail. */
function targetOf(outcome: Outcome): string | null {
  switch (outcome.kind) {
    case 'channelSet':
    case 'caseList':
      return null;
    case 'caseCreated':
      return outcome.case.subject.id;
    case 'case':
      return outcome.full ? outcome.case.subject.id : null;
    case 'logGuide':
      return outcome.report.user.id;
    default:
      return subjectOf(outcome);
  }
}

function deliveryOf({ delivery }: CaseCreated): Answer['delivery'] {
  if (delivery.kind === 'notDelivered') return 'notDelivered';
  return delivery.fellBack ? 'fellBack' : 'delivered';
}

/** The answer to an outcome; a report in the view the caller opened, or else the one the flow chose. */
export function present(outcome: Outcome, tr: Translator, options: PresentOptions = {}): Answer {
  if (outcome.kind === 'refused') return presentRefusal(outcome, tr, options);
  const stats = outcome.kind === 'report' || outcome.kind === 'logGuide' ? outcome.report.stats : undefined;
  const delivery = outcome.kind === 'caseCreated' ? deliveryOf(outcome) : undefined;
  const pending = outcome.kind === 'report' || outcome.kind === 'loading' ? outcome.later : undefined;
  const later = pending?.then((complete) => present(complete, tr, options));
  // The first answer already went out; a failure of the rest is reported by whoever awaits it.
  later?.catch(() => undefined);
  return {
    ...cardOf(outcome, tr, options),
    targetId: targetOf(outcome),
    ...(stats === undefined ? {} : { stats }),
    ...(delivery === undefined ? {} : { delivery }),
    ...(later === undefined ? {} : { later }),
  };
}
