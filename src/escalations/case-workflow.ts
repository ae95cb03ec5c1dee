// The handoff lifecycle, open → claimed → resolved (and back), as pure functions: no I/O, no clock, no SDK.
// A transition returns the next case or a typed refusal the bot turns into a message.
import type { EvidenceSnapshot } from './evidence-snapshot';

export { snapshotEvidence, SNAPSHOT_MAX_ROWS } from './evidence-snapshot';
export type { EvidenceSnapshot, SnapshotList } from './evidence-snapshot';

export const CASE_TOPICS = ['enrollment', 'apps', 'compliance', 'other'] as const;
export type CaseTopic = (typeof CASE_TOPICS)[number];

export const CASE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];

export type CaseState = 'open' | 'claimed' | 'resolved';

/** A tier-2 channel is chosen per topic, with 'default' for every topic without its own. */
export type ChannelTopic = 'default' | CaseTopic;

export function isCaseTopic(value: unknown): value is CaseTopic {
  return typeof value === 'string' && (CASE_TOPICS as readonly string[]).includes(value);
}

export function isCaseSeverity(value: unknown): value is CaseSeverity {
  return typeof value === 'string' && (CASE_SEVERITIES as readonly string[]).includes(value);
}

/** Limits the escalate form can set as maxLength; longer text is cut, not refused. */
export const CASE_LIMITS = { reason: 200, note: 2000, resolution: 2000, historyEntries: 100 } as const;

export interface CasePerson {
  aadObjectId: string;
  name: string;
}

export interface CaseRequester extends CasePerson {
  role: 'agent' | 'user';
}

/** The user the case is about. */
export interface CaseSubject {
  id: string;
  displayName: string;
  upn: string;
}

export type CaseAction = 'created' | 'claimed' | 'assigned' | 'resolved' | 'reopened';

export interface CaseHistoryEntry {
  at: string;
  by: CasePerson;
  action: CaseAction;
  /** For 'assigned': who the case went to. */
  to?: CasePerson;
  note?: string;
}

/** Where the case card lives, so every change can update it in place. */
export interface CaseChannelPost {
  /** The channel registry entry used (a topic, or 'default' when the topic had none). */
  channelTopic: ChannelTopic;
  conversationId: string;
  /** The posted card's activity id; null until the post succeeded. */
  activityId: string | null;
}

/** One channel that could not take the case card. */
export interface CaseDeliveryFailure {
  channelTopic: ChannelTopic;
  conversationId: string;
  /** The HTTP status Teams answered with; null when no answer came at all. */
  status: number | null;
  /** Teams' error code (ConversationNotFound, BotNotInConversationRoster, …), when it gave one. */
  code: string | null;
  at: string;
}

/** Whether tier 2 got the case card: 'notDelivered' when every registered channel refused it. */
export interface CaseDelivery {
  state: 'delivered' | 'notDelivered';
  failures: readonly CaseDeliveryFailure[];
}

export interface CaseResolution {
  note: string;
  by: CasePerson;
  at: string;
}

export interface EscalationCase {
  id: string;
  /** Grows by one with every stored change; the open-case index uses it to order its own updates. */
  revision: number;
  topic: CaseTopic;
  severity: CaseSeverity;
  reason: string;
  note: string;
  subject: CaseSubject;
  requester: CaseRequester;
  state: CaseState;
  owner: CasePerson | null;
  resolution: CaseResolution | null;
  history: readonly CaseHistoryEntry[];
  createdAt: string;
  updatedAt: string;
  channel: CaseChannelPost | null;
  /** Absent until the first post was tried (and on cases stored before deliveries were tracked). */
  delivery?: CaseDelivery;
  evidence: EvidenceSnapshot;
}

/** What the escalating person provides; the workflow adds id, state, owner, history and times. */
export type NewCaseInput = Pick<
  EscalationCase,
  'topic' | 'severity' | 'reason' | 'note' | 'subject' | 'requester' | 'evidence'
> & { channel?: CaseChannelPost | null };

export type CaseRefusal =
  | { ok: false; reason: 'alreadyClaimed'; owner: CasePerson }
  /** The one claiming already owns it (a double click, or a retry after a lost response). */
  | { ok: false; reason: 'alreadyYours' }
  | { ok: false; reason: 'alreadyAssigned'; owner: CasePerson }
  | { ok: false; reason: 'alreadyResolved'; resolvedBy: CasePerson | null }
  | { ok: false; reason: 'notResolved'; state: CaseState }
  | { ok: false; reason: 'noteRequired' };

export type TransitionResult = { ok: true; case: EscalationCase } | CaseRefusal;

/** A change to one case, applied by CaseRepository.update (possibly more than once, so it must be pure). */
export type CaseTransition = (current: EscalationCase) => TransitionResult;

function cut(text: string, max: number): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}

function person(p: CasePerson): CasePerson {
  return { aadObjectId: p.aadObjectId, name: p.name };
}

function samePerson(a: CasePerson | null, b: CasePerson): boolean {
  return a !== null && a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();
}

function appendHistory(history: readonly CaseHistoryEntry[], entry: CaseHistoryEntry): CaseHistoryEntry[] {
  const next = [...history, entry];
  if (next.length <= CASE_LIMITS.historyEntries) return next;
  // Keep how it started and the most recent changes; the middle of a long ping-pong matters least.
  return [...next.slice(0, 1), ...next.slice(next.length - CASE_LIMITS.historyEntries + 1)];
}

function advance(
  current: EscalationCase,
  changes: Partial<Pick<EscalationCase, 'state' | 'owner' | 'resolution' | 'channel' | 'delivery'>>,
  now: Date,
  entry: Omit<CaseHistoryEntry, 'at'> | null,
): TransitionResult {
  const at = now.toISOString();
  return {
    ok: true,
    case: {
      ...current,
      ...changes,
      revision: current.revision + 1,
      updatedAt: at,
      history: entry ? appendHistory(current.history, { at, ...entry }) : current.history,
    },
  };
}

function resolvedRefusal(current: EscalationCase): CaseRefusal {
  return { ok: false, reason: 'alreadyResolved', resolvedBy: current.resolution?.by ?? null };
}

export function openCase(input: NewCaseInput, id: string, now: Date): EscalationCase {
  const at = now.toISOString();
  const requester: CaseRequester = {
    aadObjectId: input.requester.aadObjectId,
    name: input.requester.name,
    role: input.requester.role,
  };
  const reason = cut(input.reason, CASE_LIMITS.reason);
  return {
    id,
    revision: 1,
    topic: input.topic,
    severity: input.severity,
    reason,
    note: cut(input.note, CASE_LIMITS.note),
    subject: { id: input.subject.id, displayName: input.subject.displayName, upn: input.subject.upn },
    requester,
    state: 'open',
    owner: null,
    resolution: null,
    history: [{ at, by: person(requester), action: 'created', ...(reason ? { note: reason } : {}) }],
    createdAt: at,
    updatedAt: at,
    channel: input.channel ?? null,
    evidence: input.evidence,
  };
}

export function claim(current: EscalationCase, by: CasePerson, now: Date): TransitionResult {
  if (current.state === 'resolved') return resolvedRefusal(current);
  if (samePerson(current.owner, by)) return { ok: false, reason: 'alreadyYours' };
  if (current.state === 'claimed' && current.owner) {
    return { ok: false, reason: 'alreadyClaimed', owner: current.owner };
  }
  return advance(current, { state: 'claimed', owner: person(by) }, now, {
    by: person(by),
    action: 'claimed',
  });
}

/** Hands the case to another agent (or to oneself), whoever held it; deciding who may do that is access's job. */
export function assign(current: EscalationCase, to: CasePerson, by: CasePerson, now: Date): TransitionResult {
  if (current.state === 'resolved') return resolvedRefusal(current);
  if (samePerson(current.owner, to) && current.owner) {
    return { ok: false, reason: 'alreadyAssigned', owner: current.owner };
  }
  return advance(current, { state: 'claimed', owner: person(to) }, now, {
    by: person(by),
    action: 'assigned',
    to: person(to),
  });
}

export function resolve(current: EscalationCase, by: CasePerson, note: string, now: Date): TransitionResult {
  if (current.state === 'resolved') return resolvedRefusal(current);
  const text = cut(note, CASE_LIMITS.resolution);
  if (text === '') return { ok: false, reason: 'noteRequired' };
  const at = now.toISOString();
  return advance(current, { state: 'resolved', resolution: { note: text, by: person(by), at } }, now, {
    by: person(by),
    action: 'resolved',
    note: text,
  });
}

/** Back to the queue without an owner: whoever picks it up next claims it again. */
export function reopen(current: EscalationCase, by: CasePerson, now: Date): TransitionResult {
  if (current.state !== 'resolved') return { ok: false, reason: 'notResolved', state: current.state };
  return advance(current, { state: 'open', owner: null, resolution: null }, now, {
    by: person(by),
    action: 'reopened',
  });
}

/**
 * Remembers where the case card was posted (after `failures` in channels tried first); not a lifecycle
 * step, so no history entry.
 */
export function recordChannelPost(
  current: EscalationCase,
  post: CaseChannelPost,
  now: Date,
  failures: readonly CaseDeliveryFailure[] = [],
): TransitionResult {
  return advance(
    current,
    { channel: { ...post }, delivery: { state: 'delivered', failures: failures.map((f) => ({ ...f })) } },
    now,
    null,
  );
}

/** No channel took the case card: the case stays open (agents see it in the list), marked not delivered. */
export function recordNotDelivered(
  current: EscalationCase,
  failures: readonly CaseDeliveryFailure[],
  now: Date,
): TransitionResult {
  return advance(
    current,
    { delivery: { state: 'notDelivered', failures: failures.map((f) => ({ ...f })) } },
    now,
    null,
  );
}

export function caseAgeMs(current: Pick<EscalationCase, 'createdAt'>, now: Date): number {
  return Math.max(0, now.getTime() - new Date(current.createdAt).getTime());
}
