// Escalation handoffs: where cases go, opening a case with a frozen evidence snapshot, and the tier-2
// lifecycle (claim, assign, resolve, reopen). Every action is authorized from scratch; the channel card
// everyone sees carries no device details, agents get the full card.
import type { ConversationReference } from 'botbuilder';
import { isObjectId } from '../access/access-policy';
import { restrictEvidence, restrictReport, type SubjectView } from '../access/intune-scope';
import type { AgentDirectory } from '../access/role-directory';
import {
  CASE_LIMITS,
  assign,
  claim,
  isCaseSeverity,
  isCaseTopic,
  channelIdOf,
  normaliseCaseId,
  pageOf,
  reopen,
  resolve,
  snapshotEvidence,
  type CasePerson,
  type CaseRepository,
  type CaseTopic,
  type CaseTransition,
  type CaseChannelPost,
  type ChannelRegistry,
  type ChannelTopic,
  type EscalationCase,
} from '../escalations';
import { MAX_QUERY_LENGTH } from '../commands/parse-command';
import { RateLimiter } from '../access/rate-limiter';
import { mapConcurrently } from '../concurrency/map-concurrently';
import { TtlCache } from '../caching/ttl-cache';
import { createTranslator, type Translator } from '../i18n';
import { describeError, type Logger } from '../logging/logger';
import type { TroubleshootingReport, TroubleshootingSource } from '../troubleshooting/report';
import { CASES_PAGE_SIZE, MAX_REFRESH_USERS, caseCard, caseListCard, refusalText } from '../views/case-view';
import { withCardLanguage } from '../views/card-language';
import { deviceLogsCard } from '../views/device-logs-view';
import { relativeTime } from '../views/format';
import { messageCard } from '../views/message-view';
import { plain } from '../views/render-card';
import type { ConversationKind, Requester } from './activity-facts';
import { deliverCase, type DeliveryResult } from './case-delivery';
import type { ChannelNotices } from './channel-notices';
import { deliveredElsewhereCard, notDeliveredCard } from '../views/teams-life-view';
import { channelRoot, inConversation, type Messenger } from './teams-messenger';
import type { TurnFlows } from '../flows';
import { refused } from '../flows/outcomes';
import { withinScope } from '../flows/troubleshoot-flow';
import { caseDashboardCard, present, presentRefusal, type Answer } from '../presenter/present';

/** How many channel members are checked for the agent role when choosing who sees the full card. */
const ROSTER_SCAN_LIMIT = 200;
const ROLE_CHECKS_IN_FLIGHT = 10;

export interface EscalationDeskDeps {
  cases: CaseRepository;
  channels: ChannelRegistry;
  roles: AgentDirectory;
  messenger: Messenger;
  /** Tells the agent who chose a channel that it can no longer take cases. */
  notices: ChannelNotices;
  /** Cases a non-agent may open per hour: "contact the helpdesk" must not become a way to flood tier 2. */
  casesPerHourForUsers?: number;
  logger: Logger;
  now?: () => Date;
}

export type CaseVerb = 'case.view' | 'case.claim' | 'case.assign' | 'case.resolve' | 'case.reopen';

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A person gets the log-collection steps at most once in this window, however often agents click Send. */
const LOG_GUIDE_QUIET_MS = 15 * 60_000;

/** What the desk remembers across turns. */
interface DeskMemory {
  userCases: RateLimiter;
  /** When each person last got the log steps (this instance); a second Send within the window is not passed on. */
  logGuidesSent: TtlCache<string, string>;
}

/** The escalation desk of the app: what it remembers, and the desk of each turn. */
export class EscalationDesk {
  private readonly memory: DeskMemory;

  constructor(private readonly deps: EscalationDeskDeps) {
    const now = deps.now ?? (() => new Date());
    this.memory = {
      userCases: new RateLimiter(deps.casesPerHourForUsers ?? 3, 3_600_000),
      logGuidesSent: new TtlCache(LOG_GUIDE_QUIET_MS, 10_000, () => now().getTime()),
    };
  }

  /** The desk for one turn: the turn's access gate, Graph source and lookups. */
  forTurn(flows: TurnFlows): EscalationTurn {
    return new EscalationTurn(this.deps, this.memory, flows);
  }
}

export class EscalationTurn {
  private readonly now: () => Date;

  constructor(
    private readonly deps: EscalationDeskDeps,
    private readonly memory: DeskMemory,
    private readonly flows: TurnFlows,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  private person(requester: Requester, id: string): CasePerson {
    return { aadObjectId: id, name: requester.name || id };
  }

  /** `use this channel for escalations [topic]`, by an agent, in a channel. */
  async useChannel(
    requester: Requester,
    tr: Translator,
    conversation: ConversationKind,
    reference: Partial<ConversationReference>,
    topicText: string | null,
    teamId: string | null = null,
  ): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    if (admitted.role !== 'agent') return presentRefusal(refused('notAgent'), tr);
    if (conversation !== 'channel') {
      return presentRefusal(refused('channelOnly'), tr);
    }
    const topic: ChannelTopic | null =
      topicText === null ? 'default' : isCaseTopic(topicText) ? topicText : null;
    if (topic === null)
      return presentRefusal(
        { kind: 'refused', reason: 'unknownTopic', params: { topic: plain(topicText) } },
        tr,
      );
    await this.deps.channels.setChannel(
      topic,
      channelRoot(reference),
      this.person(requester, admitted.requesterId),
      this.now(),
      teamId,
    );
    const topicName = topic === 'default' ? tr.t('cases.topicDefault') : tr.t(`cases.topic.${topic}`);
    return {
      card: messageCardWithTitle(
        tr,
        tr.t('cases.channelSet', { topic: topicName }),
        tr.t('cases.channelSetDetails'),
      ),
      outcome: 'shown',
      targetId: null,
    };
  }

  /** "Escalate" (agent, about anyone) or "Contact the helpdesk" (anyone, about themselves). */
  async create(
    requester: Requester,
    tr: Translator,
    data: Record<string, unknown>,
    requesterReference: Partial<ConversationReference>,
  ): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    const self = data.self === true;
    const subjectId = self ? admitted.requesterId : data.userId;
    if (!isObjectId(subjectId)) return presentRefusal(refused('badAction'), tr);
    const scope = await this.flows.gate.viewOf(admitted, subjectId);
    if (!scope.covered) return presentRefusal(refused('outOfScope'), tr);
    const topic: CaseTopic = isCaseTopic(data.topic) ? data.topic : 'other';
    const severity = admitted.role === 'agent' && isCaseSeverity(data.severity) ? data.severity : 'medium';
    const reason = text(data.reason, CASE_LIMITS.reason);
    if (reason === '') return presentRefusal(refused('badAction'), tr);

    const order = await this.deps.channels.deliveryOrder(topic);
    if (admitted.role !== 'agent' && this.memory.userCases.take(admitted.requesterId.toLowerCase()) > 0) {
      return presentRefusal(refused('tooManyCases'), tr);
    }
    // Without a tier-2 channel the case is still saved (open, not delivered, on the `escalations` list): what
    // the person wrote is never lost because nobody has chosen a channel yet.

    const user = await this.flows.source.getUserById(subjectId);
    if (!user) return presentRefusal(refused('userGone', { id: subjectId }), tr);
    const report = restrictReport(await this.flows.source.getReport(user, withinScope(scope)), scope);
    const now = this.now();
    const created = await this.deps.cases.create(
      {
        topic,
        severity,
        reason,
        note: text(data.note, CASE_LIMITS.note),
        subject: { id: user.id, displayName: user.displayName, upn: user.userPrincipalName },
        requester: { ...this.person(requester, admitted.requesterId), role: admitted.role },
        evidence: snapshotEvidence(report, now),
      },
      now,
    );
    // News of the case reaches the requester in the language of the card they escalated from.
    await this.deps.channels.setRequesterReference(
      admitted.requesterId,
      { ...requesterReference, locale: tr.locale },
      now,
    );

    const delivery = await deliverCase(
      this.deps,
      created,
      order,
      async (registration) =>
        withCardLanguage(
          caseCard(created, tr, {
            full: false,
            agentIds: await this.agentIdsIn(registration.reference, user.id),
            now,
          }),
          tr,
        ),
      now,
    );
    return {
      ...createdResult(delivery, created, tr, admitted.role, order.length === 0),
      outcome: 'shown',
      targetId: user.id,
    };
  }

  /**
   * A button on a case card. Agents get the full card and may change the case. Anyone else gets the base
   * card, and only where they could read it anyway: in the case's channel, or as its requester or subject.
   */
  async act(
    verb: CaseVerb,
    requester: Requester,
    tr: Translator,
    data: Record<string, unknown>,
    reference: Partial<ConversationReference>,
  ): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    const id = typeof data.caseId === 'string' ? normaliseCaseId(data.caseId) : null;
    const current = id ? await this.deps.cases.get(id) : null;
    if (!current) return presentRefusal(refused('caseGone'), tr);
    const now = this.now();
    // Full details and the tier-2 actions only for agents whose Intune scope covers the case's subject.
    const scope: SubjectView =
      admitted.role === 'agent'
        ? await this.flows.gate.viewOf(admitted, current.subject.id)
        : { covered: false };
    const isAgent = scope.covered;
    const seen = (c: EscalationCase): EscalationCase => ({
      ...c,
      evidence: restrictEvidence(c.evidence, scope),
    });
    if (!isAgent && !mayReadBaseCard(current, admitted.requesterId, reference)) {
      // Told the same as for a case that does not exist, so a guessed id reveals nothing.
      return presentRefusal(refused('caseHidden'), tr);
    }
    if (verb === 'case.view' || !isAgent) {
      const card = caseCard(seen(current), tr, { full: isAgent, agentIds: [], now });
      return {
        card,
        outcome: isAgent || verb === 'case.view' ? 'shown' : 'denied',
        targetId: isAgent ? current.subject.id : null,
      };
    }

    const me = this.person(requester, admitted.requesterId);
    let transition: CaseTransition;
    switch (verb) {
      case 'case.claim':
        transition = (c) => claim(c, me, now);
        break;
      case 'case.resolve':
        transition = (c) => resolve(c, me, text(data.resolution, CASE_LIMITS.resolution), now);
        break;
      case 'case.reopen':
        transition = (c) => reopen(c, me, now);
        break;
      case 'case.assign': {
        const assignee = await this.resolveAgent(
          this.flows.source,
          text(data.assignee, MAX_QUERY_LENGTH),
          current.subject.id,
        );
        if (!assignee) {
          return presentRefusal(refused('assigneeNotAgent', { id: current.subject.id }), tr);
        }
        transition = (c) => assign(c, assignee, me, now);
        break;
      }
    }
    const outcome = await this.deps.cases.update(current.id, transition);
    if (!outcome.ok) {
      if (outcome.reason === 'notFound') return presentRefusal(refused('caseGone'), tr);
      return {
        card: caseCard(seen(outcome.case), tr, {
          full: true,
          agentIds: [],
          now,
          notice: refusalText(outcome, tr),
        }),
        outcome: 'invalid',
        targetId: outcome.case.subject.id,
      };
    }
    await this.announce(outcome.case, tr, now);
    return {
      card: caseCard(seen(outcome.case), tr, { full: true, agentIds: [], now }),
      outcome: 'shown',
      targetId: outcome.case.subject.id,
    };
  }

  /**
   * "Send these steps to …" on the log-collection card: agents only. The person gets the steps in a 1:1
   * chat with the bot, in the language they last used with the bot when known, else the agent's.
   */
  async sendLogGuide(
    requester: Requester,
    tr: Translator,
    userId: unknown,
    via: Partial<ConversationReference>,
  ): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    if (admitted.role !== 'agent') return presentRefusal(refused('notAgent'), tr);
    // The same check as opening the person's dashboard.
    const agentLogs = (report: TroubleshootingReport, t: Translator) => deviceLogsCard(report, t, 'agent');
    const found = await this.flows.troubleshoot.forObjectId(requester, userId);
    if (found.kind !== 'report') return present(found, tr, { view: agentLogs });
    const { report } = found;
    const stats = report.stats;
    const person = report.user;
    const name = plain(person.displayName);
    const sentAt = this.memory.logGuidesSent.get(person.id);
    if (sentAt !== undefined) {
      const notice = {
        title: tr.t('logs.alreadySentTitle'),
        line: tr.t('logs.alreadySentLine', { name, when: relativeTime(sentAt, this.now(), tr) }),
        color: 'Accent' as const,
      };
      return {
        card: deviceLogsCard(report, tr, 'agent', notice),
        outcome: 'shown',
        targetId: person.id,
        stats,
      };
    }
    // Claimed before sending, so two clicks at once send one message; given back if Teams refuses it.
    this.memory.logGuidesSent.set(person.id, this.now().toISOString());
    const known = await this.deps.channels.getRequesterReference(person.id);
    const personTr = createTranslator(known?.locale ?? tr.locale);
    const delivered = await this.deps.messenger.sendToPerson(
      via,
      person.id,
      withCardLanguage(deviceLogsCard(report, personTr, 'sent'), personTr),
    );
    if (!delivered) this.memory.logGuidesSent.delete(person.id);
    const notice = delivered
      ? {
          title: tr.t('logs.sentTitle'),
          line: tr.t('logs.sentLine', { name, language: tr.t(`logs.language.${personTr.language}`) }),
          color: 'Good' as const,
        }
      : {
          title: tr.t('logs.notSentTitle'),
          line: tr.t('logs.notSentLine', { name }),
          color: 'Warning' as const,
        };
    return {
      card: deviceLogsCard(report, tr, 'agent', notice),
      outcome: delivered ? 'shown' : 'failed',
      targetId: person.id,
      stats,
    };
  }

  /**
   * "Open live dashboard" on a case card: agents only, checked again here; the subject comes from the
   * stored case, never from the card.
   */
  async openDashboard(requester: Requester, tr: Translator, data: Record<string, unknown>): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    if (admitted.role !== 'agent') return presentRefusal(refused('notAgent'), tr);
    const id = typeof data.caseId === 'string' ? normaliseCaseId(data.caseId) : null;
    const current = id ? await this.deps.cases.get(id) : null;
    if (!current) return presentRefusal(refused('caseGone'), tr);
    return present(await this.flows.troubleshoot.forObjectId(requester, current.subject.id), tr, {
      view: caseDashboardCard(current.id),
    });
  }

  /** `escalations`: the open cases, for agents. */
  async list(requester: Requester, tr: Translator, page: unknown): Promise<Answer> {
    const admitted = await this.flows.gate.admit(requester);
    if (!admitted.ok) return presentRefusal(admitted.refusal, tr);
    // The list names people: an expired standing is confirmed first.
    const role = await this.flows.gate.roleOf(admitted);
    if (role !== 'agent') return presentRefusal(refused('notAgent'), tr);
    const requested = typeof page === 'number' && Number.isInteger(page) && page >= 0 ? page : 0;
    const now = this.now();
    const open = await this.deps.cases.openCases({ now });
    // Cases about people outside the agent's Intune scope are counted, never named.
    const subjects = [...new Set(open.map((c) => c.subject.id.toLowerCase()))];
    const covered = await mapConcurrently(subjects, ROLE_CHECKS_IN_FLIGHT, async (id) =>
      isObjectId(id) ? (await this.flows.gate.viewOf(admitted, id)).covered : false,
    );
    const visible = new Set(subjects.filter((_, i) => covered[i] === true));
    const shown = open.filter((c) => visible.has(c.subject.id.toLowerCase()));
    const result = pageOf(shown, { page: requested, pageSize: CASES_PAGE_SIZE });
    return {
      card: caseListCard(result, tr, now, open.length - shown.length),
      outcome: 'shown',
      targetId: null,
    };
  }

  /** Updates the channel card for everyone and tells the requester personally. Failures are logged, not fatal. */
  private async announce(updated: EscalationCase, tr: Translator, now: Date): Promise<void> {
    const last = updated.history[updated.history.length - 1];
    const post = updated.channel;
    const channel =
      post?.activityId && !(await this.postIsGone(post))
        ? await this.deps.channels.getChannel(updated.topic)
        : null;
    if (channel && post?.activityId) {
      // The card stays where it was posted, even when the topic got another channel since.
      const cardReference = inConversation(channel.reference, post.conversationId);
      try {
        const agentIds = await this.agentIdsIn(cardReference, updated.subject.id);
        await this.deps.messenger.update(
          cardReference,
          post.activityId,
          withCardLanguage(caseCard(updated, tr, { full: false, agentIds, now }), tr),
        );
      } catch (error) {
        this.deps.logger.warn('case.channelUpdateFailed', {
          caseId: updated.id,
          error: describeError(error),
        });
      }
    }
    const reference = await this.deps.channels.getRequesterReference(updated.requester.aadObjectId);
    if (!reference || !last || last.action === 'created') return;
    const requesterTr = createTranslator(reference.locale ?? tr.locale);
    const key = `cases.notify.${last.action}`;
    const line = requesterTr.t(key, {
      id: updated.id,
      name: plain(last.to?.name ?? last.by.name),
      note: plain(last.note ?? ''),
    });
    try {
      await this.deps.messenger.tellPersonally(
        reference,
        withCardLanguage(messageCardWithTitle(requesterTr, line, ''), requesterTr),
        withCardLanguage(
          messageCardWithTitle(requesterTr, requesterTr.t('cases.notify.generic', { id: updated.id }), ''),
          requesterTr,
        ),
      );
    } catch (error) {
      this.deps.logger.warn('case.notifyFailed', { caseId: updated.id, error: describeError(error) });
    }
  }

  /** The card sits in a channel Teams said is gone: nothing more is sent there. */
  private async postIsGone(post: CaseChannelPost): Promise<boolean> {
    const registration = await this.deps.channels.getRegistration(post.channelTopic);
    return (
      registration !== null &&
      registration.unreachable !== null &&
      channelIdOf(registration) === (post.conversationId.split(';')[0] ?? '')
    );
  }

  /** An agent to hand the case to: only one whose Intune scope covers the case's subject. */
  private async resolveAgent(
    source: TroubleshootingSource,
    query: string,
    subjectId: string,
  ): Promise<CasePerson | null> {
    if (query === '') return null;
    const resolution = isObjectId(query)
      ? await source.getUserById(query).then((u) => (u ? { kind: 'found' as const, user: u } : null))
      : await source.resolveUser(query);
    if (!resolution || resolution.kind !== 'found') return null;
    const person = { aadObjectId: resolution.user.id, name: resolution.user.displayName };
    return (await this.coversSubject(resolution.user.id, subjectId)) ? person : null;
  }

  /** True when this person is an agent whose scope covers the subject (or is the subject). */
  private async coversSubject(aadObjectId: string, subjectId: string): Promise<boolean> {
    const standing = await this.deps.roles.standingOf(aadObjectId);
    if (standing.role !== 'agent') return false;
    if (aadObjectId.toLowerCase() === subjectId.toLowerCase()) return true;
    return (await this.deps.roles.viewOf(standing.reach, subjectId)).covered;
  }

  /**
   * Agents in the channel whose scope covers the subject: their Teams clients refresh the base card into the
   * full one (at most 60).
   */
  private async agentIdsIn(reference: Partial<ConversationReference>, subjectId: string): Promise<string[]> {
    try {
      const members = await this.deps.messenger.members(reference, ROSTER_SCAN_LIMIT);
      // Role checks run side by side (each is one cached Graph call): a card click must answer quickly.
      const covering = await mapConcurrently(members, ROLE_CHECKS_IN_FLIGHT, (member) =>
        member.aadObjectId ? this.coversSubject(member.aadObjectId, subjectId) : Promise.resolve(false),
      );
      return members
        .filter((_, i) => covering[i] === true)
        .map((m) => m.id)
        .slice(0, MAX_REFRESH_USERS);
    } catch (error) {
      // Without the roster nobody refreshes automatically; agents still have "Show details".
      this.deps.logger.warn('case.rosterFailed', { error: describeError(error) });
      return [];
    }
  }
}

function mayReadBaseCard(
  c: EscalationCase,
  requesterId: string,
  reference: Partial<ConversationReference>,
): boolean {
  const me = requesterId.toLowerCase();
  if (c.requester.aadObjectId.toLowerCase() === me || c.subject.id.toLowerCase() === me) return true;
  const here = channelRoot(reference).conversation?.id;
  return c.channel !== null && here !== undefined && c.channel.conversationId === here;
}

/** What the requester is told about a new case: where it went, or truthfully that it went nowhere. */
function createdResult(
  delivery: DeliveryResult,
  created: EscalationCase,
  tr: Translator,
  role: 'agent' | 'user',
  noChannel: boolean,
): Pick<Answer, 'card' | 'delivery'> {
  if (delivery.kind === 'notDelivered')
    return { card: notDeliveredCard(tr, created.id, role, noChannel), delivery: 'notDelivered' };
  if (delivery.fellBack)
    return { card: deliveredElsewhereCard(tr, created.id, delivery.to.topic), delivery: 'fellBack' };
  return {
    card: messageCardWithTitle(tr, tr.t('cases.created', { id: created.id }), tr.t('cases.createdDetails')),
    delivery: 'delivered',
  };
}

function messageCardWithTitle(tr: Translator, title: string, line: string) {
  return messageCard(tr, 'plain', 'info', { title, line });
}
