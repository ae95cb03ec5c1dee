// Escalation handoffs: where cases go, opening a case with a frozen evidence snapshot, and the tier-2
// lifecycle (claim, assign, resolve, reopen). Every action is authorized from scratch. The flow answers with
// data; what reaches other people (the channel's case card, the requester's news, the log steps) goes
// through the courier, which the bot implements with its messenger and the presenter's cards.
import { isObjectId, type Role } from '../access/access-policy';
import { restrictEvidence, restrictReport, type SubjectView } from '../access/intune-scope';
import type { AgentDirectory } from '../access/role-directory';
import { MAX_QUERY_LENGTH } from '../commands/parse-command';
import { RateLimiter } from '../access/rate-limiter';
import { TtlCache } from '../caching/ttl-cache';
import { mapConcurrently } from '../concurrency/map-concurrently';
import {
  CASE_LIMITS,
  assign,
  channelRoot,
  claim,
  isCaseSeverity,
  isCaseTopic,
  normaliseCaseId,
  reopen,
  resolve,
  snapshotEvidence,
  type CasePerson,
  type CaseRefusal,
  type CaseRepository,
  type CaseTopic,
  type CaseTransition,
  type ChannelRegistration,
  type ChannelRegistry,
  type ChannelTopic,
  type ConversationReference,
  type EscalationCase,
  type OpenCaseSummary,
} from '../escalations';
import type { Translator } from '../i18n';
import type { TroubleshootingReport, TroubleshootingSource } from '../troubleshooting/report';
import { coversSubject, type AccessGate, type Requester } from './access-gate';
import { refused, type LookupOutcome, type Refusal } from './outcomes';
import { withinScope, type TroubleshootFlow } from './troubleshoot-flow';

const ROLE_CHECKS_IN_FLIGHT = 10;

/** A person gets the log-collection steps at most once in this window, however often agents click Send. */
const LOG_GUIDE_QUIET_MS = 15 * 60_000;

export type CaseVerb = 'case.view' | 'case.claim' | 'case.assign' | 'case.resolve' | 'case.reopen';

/** Where a new case's card went: its topic's channel, another one (`fellBack`), or nowhere. */
export type CaseDelivery =
  { kind: 'delivered'; to: ChannelRegistration; fellBack: boolean } | { kind: 'notDelivered' };

/** What reaches people besides the one who asked; `tr` is the language of the card the action came from. */
export interface CaseCourier {
  /** Posts a new case's card to tier 2 (the channels of `order`, in turn) and records where it went. */
  deliver(
    created: EscalationCase,
    order: readonly ChannelRegistration[],
    tr: Translator,
    now: Date,
  ): Promise<CaseDelivery>;
  /** Updates the channel card for everyone and tells the requester personally; failures are only logged. */
  announce(updated: EscalationCase, tr: Translator, now: Date): Promise<void>;
  /** The log-collection steps, to the person in a 1:1 chat in `locale`; false when Teams did not take them. */
  sendLogGuide(via: ConversationReference, report: TroubleshootingReport, locale: string): Promise<boolean>;
}

/** The tier-2 channel is chosen for a topic. */
export interface ChannelSet {
  kind: 'channelSet';
  topic: ChannelTopic;
}

/** A new case, and where its card went. */
export interface CaseCreated {
  kind: 'caseCreated';
  case: EscalationCase;
  delivery: CaseDelivery;
  /** Who opened it: an agent, or a person asking for help with their own device. */
  by: Role;
  /** No tier-2 channel was chosen at all. */
  noChannel: boolean;
}

/** A case as the requester may see it: the full card for an agent who covers its subject, else the base. */
export interface CaseShown {
  kind: 'case';
  case: EscalationCase;
  full: boolean;
  /** The change asked for was refused by the workflow (someone else claimed it first, …). */
  refusal?: CaseRefusal;
  /** A change asked for by someone who may only read the case. */
  changeDenied?: true;
}

/** The log steps were sent to the person, or not (again, or because Teams did not take them). */
export interface LogGuideSent {
  kind: 'logGuide';
  report: TroubleshootingReport;
  sent: { kind: 'sent'; locale: string } | { kind: 'notSent' } | { kind: 'alreadySent'; at: string };
}

/** The open cases the agent's scope covers; those it does not are counted, never named. */
export interface CaseList {
  kind: 'caseList';
  cases: readonly OpenCaseSummary[];
  page: number;
  hidden: number;
}

export type EscalationOutcome = ChannelSet | CaseCreated | CaseShown | LogGuideSent | CaseList | Refusal;

export interface EscalationDeskDeps {
  cases: CaseRepository;
  channels: ChannelRegistry;
  roles: AgentDirectory;
  courier: CaseCourier;
  /** Cases a non-agent may open per hour: "contact the helpdesk" must not become a way to flood tier 2. */
  casesPerHourForUsers?: number;
  now?: () => Date;
}

/** What the desk remembers across turns. */
interface DeskMemory {
  userCases: RateLimiter;
  /** When each person last got the log steps (this instance); a second Send within the window is not passed on. */
  logGuidesSent: TtlCache<string, string>;
}

/** What one turn's escalation flow works with: the gate, the turn's Graph source and its lookups. */
export interface EscalationTurnDeps {
  gate: AccessGate;
  source: TroubleshootingSource;
  troubleshoot: TroubleshootFlow;
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** The escalation desk of the app: what it remembers, and the flow of each turn. */
export class EscalationDesk {
  private readonly memory: DeskMemory;

  constructor(private readonly deps: EscalationDeskDeps) {
    const now = deps.now ?? (() => new Date());
    this.memory = {
      userCases: new RateLimiter(deps.casesPerHourForUsers ?? 3, 3_600_000),
      logGuidesSent: new TtlCache(LOG_GUIDE_QUIET_MS, 10_000, () => now().getTime()),
    };
  }

  forTurn(turn: EscalationTurnDeps): EscalationFlow {
    return new EscalationFlow(this.deps, this.memory, turn);
  }
}

export class EscalationFlow {
  private readonly now: () => Date;

  constructor(
    private readonly deps: EscalationDeskDeps,
    private readonly memory: DeskMemory,
    private readonly turn: EscalationTurnDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  private person(requester: Requester, id: string): CasePerson {
    return { aadObjectId: id, name: requester.name || id };
  }

  /** `use this channel for escalations [topic]`, by an agent, in a channel. */
  async useChannel(
    requester: Requester,
    inChannel: boolean,
    reference: ConversationReference,
    topicText: string | null,
    teamId: string | null = null,
  ): Promise<EscalationOutcome> {
    const admitted = await this.turn.gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (admitted.role !== 'agent') return refused('notAgent');
    if (!inChannel) return refused('channelOnly');
    const topic: ChannelTopic | null =
      topicText === null ? 'default' : isCaseTopic(topicText) ? topicText : null;
    if (topic === null)
      return { kind: 'refused', reason: 'unknownTopic', params: { topic: topicText ?? '' } };
    await this.deps.channels.setChannel(
      topic,
      channelRoot(reference),
      this.person(requester, admitted.requesterId),
      this.now(),
      teamId,
    );
    return { kind: 'channelSet', topic };
  }

  /** "Escalate" (agent, about anyone) or "Contact the helpdesk" (anyone, about themselves). */
  async create(
    requester: Requester,
    tr: Translator,
    data: Record<string, unknown>,
    requesterReference: ConversationReference,
  ): Promise<EscalationOutcome> {
    const { gate, source } = this.turn;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    const self = data.self === true;
    const subjectId = self ? admitted.requesterId : data.userId;
    if (!isObjectId(subjectId)) return refused('badAction');
    const scope = await gate.viewOf(admitted, subjectId);
    if (!scope.covered) return refused('outOfScope');
    const topic: CaseTopic = isCaseTopic(data.topic) ? data.topic : 'other';
    const severity = admitted.role === 'agent' && isCaseSeverity(data.severity) ? data.severity : 'medium';
    const reason = text(data.reason, CASE_LIMITS.reason);
    if (reason === '') return refused('badAction');

    const order = await this.deps.channels.deliveryOrder(topic);
    if (admitted.role !== 'agent' && this.memory.userCases.take(admitted.requesterId.toLowerCase()) > 0)
      return refused('tooManyCases');
    // Without a tier-2 channel the case is still saved (open, not delivered, on the `escalations` list): what
    // the person wrote is never lost because nobody has chosen a channel yet.

    const user = await source.getUserById(subjectId);
    if (!user) return refused('userGone', { id: subjectId });
    const report = restrictReport(await source.getReport(user, withinScope(scope)), scope);
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
    const delivery = await this.deps.courier.deliver(created, order, tr, now);
    return { kind: 'caseCreated', case: created, delivery, by: admitted.role, noChannel: order.length === 0 };
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
    reference: ConversationReference,
  ): Promise<EscalationOutcome> {
    const { gate } = this.turn;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    const id = typeof data.caseId === 'string' ? normaliseCaseId(data.caseId) : null;
    const current = id ? await this.deps.cases.get(id) : null;
    if (!current) return refused('caseGone');
    const now = this.now();
    // Full details and the tier-2 actions only for agents whose Intune scope covers the case's subject.
    const scope: SubjectView =
      admitted.role === 'agent' ? await gate.viewOf(admitted, current.subject.id) : { covered: false };
    const isAgent = scope.covered;
    const seen = (c: EscalationCase): EscalationCase => ({
      ...c,
      evidence: restrictEvidence(c.evidence, scope),
    });
    if (!isAgent && !mayReadBaseCard(current, admitted.requesterId, reference)) return refused('caseHidden');
    if (verb === 'case.view' || !isAgent) {
      return {
        kind: 'case',
        case: seen(current),
        full: isAgent,
        ...(isAgent || verb === 'case.view' ? {} : { changeDenied: true as const }),
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
        const assignee = await this.resolveAgent(text(data.assignee, MAX_QUERY_LENGTH), current.subject.id);
        if (!assignee) return refused('assigneeNotAgent', { id: current.subject.id });
        transition = (c) => assign(c, assignee, me, now);
        break;
      }
    }
    const outcome = await this.deps.cases.update(current.id, transition);
    if (!outcome.ok) {
      if (outcome.reason === 'notFound') return refused('caseGone');
      return { kind: 'case', case: seen(outcome.case), full: true, refusal: outcome };
    }
    await this.deps.courier.announce(outcome.case, tr, now);
    return { kind: 'case', case: seen(outcome.case), full: true };
  }

  /**
   * "Send these steps to …" on the log-collection card: agents only. The person gets the steps in a 1:1
   * chat with the bot, in the language they last used with the bot when known, else the agent's.
   */
  async sendLogGuide(
    requester: Requester,
    tr: Translator,
    userId: unknown,
    via: ConversationReference,
  ): Promise<LogGuideSent | LookupOutcome> {
    const admitted = await this.turn.gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (admitted.role !== 'agent') return refused('notAgent');
    // The same check as opening the person's dashboard.
    const found = await this.turn.troubleshoot.forObjectId(requester, userId);
    if (found.kind !== 'report') return found;
    const { report } = found;
    const person = report.user;
    const sentAt = this.memory.logGuidesSent.get(person.id);
    if (sentAt !== undefined) return { kind: 'logGuide', report, sent: { kind: 'alreadySent', at: sentAt } };
    // Claimed before sending, so two clicks at once send one message; given back if Teams refuses it.
    this.memory.logGuidesSent.set(person.id, this.now().toISOString());
    const known = await this.deps.channels.getRequesterReference(person.id);
    const locale = known?.locale ?? tr.locale;
    const delivered = await this.deps.courier.sendLogGuide(via, report, locale);
    if (!delivered) this.memory.logGuidesSent.delete(person.id);
    return { kind: 'logGuide', report, sent: delivered ? { kind: 'sent', locale } : { kind: 'notSent' } };
  }

  /**
   * "Open live dashboard" on a case card: agents only, checked again here; the subject comes from the
   * stored case, never from the card.
   */
  async openDashboard(requester: Requester, data: Record<string, unknown>): Promise<LookupOutcome> {
    const admitted = await this.turn.gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (admitted.role !== 'agent') return refused('notAgent');
    const id = typeof data.caseId === 'string' ? normaliseCaseId(data.caseId) : null;
    const current = id ? await this.deps.cases.get(id) : null;
    if (!current) return refused('caseGone');
    return this.turn.troubleshoot.forObjectId(requester, current.subject.id, {}, current.id);
  }

  /** `escalations`: the open cases, for agents. */
  async list(requester: Requester, page: number): Promise<EscalationOutcome> {
    const { gate } = this.turn;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    // The list names people: an expired standing is confirmed first.
    if ((await gate.roleOf(admitted)) !== 'agent') return refused('notAgent');
    const open = await this.deps.cases.openCases({ now: this.now() });
    // Cases about people outside the agent's Intune scope are counted, never named.
    const subjects = [...new Set(open.map((c) => c.subject.id.toLowerCase()))];
    const covered = await mapConcurrently(subjects, ROLE_CHECKS_IN_FLIGHT, async (id) =>
      isObjectId(id) ? (await gate.viewOf(admitted, id)).covered : false,
    );
    const visible = new Set(subjects.filter((_, i) => covered[i] === true));
    const shown = open.filter((c) => visible.has(c.subject.id.toLowerCase()));
    return {
      kind: 'caseList',
      cases: shown,
      page: Number.isInteger(page) && page >= 0 ? page : 0,
      hidden: open.length - shown.length,
    };
  }

  /** An agent to hand the case to: only one whose Intune scope covers the case's subject. */
  private async resolveAgent(query: string, subjectId: string): Promise<CasePerson | null> {
    const { source } = this.turn;
    if (query === '') return null;
    const resolution = isObjectId(query)
      ? await source.getUserById(query).then((u) => (u ? { kind: 'found' as const, user: u } : null))
      : await source.resolveUser(query);
    if (!resolution || resolution.kind !== 'found') return null;
    const person = { aadObjectId: resolution.user.id, name: resolution.user.displayName };
    return (await coversSubject(this.deps.roles, resolution.user.id, subjectId)) ? person : null;
  }
}

function mayReadBaseCard(c: EscalationCase, requesterId: string, reference: ConversationReference): boolean {
  const me = requesterId.toLowerCase();
  if (c.requester.aadObjectId.toLowerCase() === me || c.subject.id.toLowerCase() === me) return true;
  const here = channelRoot(reference).conversation?.id;
  return c.channel !== null && here !== undefined && c.channel.conversationId === here;
}
