// What the flows answer: data about what happened, never a card. src/presenter/ turns each kind into the
// card a person reads and the outcome the audit trail and the turn's log line keep.
import type { AuditEntry } from '../audit/audit-log';
import type { TroubleshootingReport, UserIdentity } from '../troubleshooting/report';

/** Why a flow said no or could not go on; src/presenter/refusals.ts gives each its words and audit outcome. */
export type RefusalReason =
  | 'tenant'
  | 'noIdentity'
  | 'notAgent'
  | 'outOfScope'
  | 'badAction'
  | 'emptyQuery'
  | 'userGone'
  | 'rateLimited'
  | 'tooLong'
  | 'intuneRoleDenied'
  | 'channelOnly'
  | 'unknownTopic'
  | 'tooManyCases'
  | 'caseGone'
  | 'caseHidden'
  | 'assigneeNotAgent';

/** The values a refusal's message needs; a reason not named here takes none. */
export interface RefusalParams {
  rateLimited: { count: number };
  tooLong: { max: number };
  unknownTopic: { topic: string };
}

type ParamsOf<R extends RefusalReason> = R extends keyof RefusalParams
  ? { params: RefusalParams[R] }
  : { params?: never };

/** A refusal, and whom it was about when known: the id, or the typed text when it was not resolved. */
export type Refusal = {
  [R in RefusalReason]: {
    kind: 'refused';
    reason: R;
    targetId?: string;
    targetQuery?: string;
  } & ParamsOf<R>;
}[RefusalReason];

type PlainReason = Exclude<RefusalReason, keyof RefusalParams>;

/** A refusal that needs no values, about `target` when known. */
export function refused(reason: PlainReason, target: { id?: string; query?: string } = {}): Refusal {
  return {
    kind: 'refused',
    reason,
    ...(target.id === undefined ? {} : { targetId: target.id }),
    ...(target.query === undefined ? {} : { targetQuery: target.query }),
  };
}

/**
 * One person's report, restricted to what the requester may see. `view` is the flow's choice of card (the
 * agent's dashboard, or the plain self-service view a person gets of themselves); a card action that opened
 * one particular view of the report presents it with that view instead.
 */
export interface ReportShown {
  kind: 'report';
  report: TroubleshootingReport;
  view: 'dashboard' | 'selfService';
  /** Opened from this case's card: the dashboard offers the way back to it. */
  fromCase?: string;
  /** Graph was slow: this report is what arrived in time, and `later` brings the complete one. */
  later?: Promise<ReportShown | Refusal>;
}

/** Graph was slow and nothing arrived in time: the report follows in `later`. */
export interface ReportLoading {
  kind: 'loading';
  targetId: string | null;
  later: Promise<ReportShown | Refusal>;
}

/** Nobody answers to the typed name. */
export interface NotFound {
  kind: 'notFound';
  query: string;
}

/** Several people answer to the typed name: those the requester may look at, to pick from. */
export interface Candidates {
  kind: 'candidates';
  query: string;
  /** Picking one opens their dashboard, or their audit. */
  purpose: 'troubleshoot' | 'audit';
  candidates: readonly UserIdentity[];
  /** How many the search returned, before those outside the requester's scope were left out. */
  found: number;
  /** The requester's Intune scope leaves people out. */
  scoped: boolean;
}

/** The recorded lookups of one person. */
export interface AuditShown {
  kind: 'audit';
  user: UserIdentity;
  entries: readonly AuditEntry[];
  /** Entries read at most: as many as this means there may be more. */
  scanLimit: number;
  page: number;
}

export type LookupOutcome = ReportShown | ReportLoading | NotFound | Candidates | Refusal;
export type AuditLookupOutcome = AuditShown | NotFound | Candidates | Refusal;

/** The person an outcome is about, when known (an Entra object id). */
export function subjectOf(outcome: LookupOutcome | AuditLookupOutcome): string | null {
  switch (outcome.kind) {
    case 'report':
      return outcome.report.user.id;
    case 'audit':
      return outcome.user.id;
    case 'loading':
      return outcome.targetId;
    case 'refused':
      return outcome.targetId ?? null;
    case 'notFound':
    case 'candidates':
      return null;
  }
}
