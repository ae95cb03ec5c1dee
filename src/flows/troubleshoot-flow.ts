// The troubleshoot flow, shared by text commands and card actions: the gate first, then (only if allowed)
// resolve the target and read their report, restricted to the requester's scope. It answers with data.
import { canView, isObjectId } from '../access/access-policy';
import { deviceVisible, isScopedToGroups, restrictReport, type SubjectView } from '../access/intune-scope';
import type {
  ReportOptions,
  TroubleshootingReport,
  TroubleshootingSource,
  UserIdentity,
} from '../troubleshooting/report';
import type { AccessGate, Admitted, Requester } from './access-gate';
import {
  refused,
  subjectOf,
  type LookupOutcome,
  type Refusal,
  type ReportLoading,
  type ReportShown,
} from './outcomes';

/** A first card goes out within this, whatever Graph does: Teams drops an answer after about 15 s. */
export const FIRST_ANSWER_MS = 8_000;

/** Text that is a UPN or an object id: one word with an @, or a GUID. */
const KEY_LIKE = /^(?:[^\s@]+@[^\s@]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Report options that read nothing about devices outside the viewer's scope tags beyond listing them. */
export function withinScope(scope: SubjectView, options: ReportOptions = {}): ReportOptions {
  if (!scope.covered) return { ...options, showsDevice: () => false };
  if (scope.tags === 'any') return options;
  const view = scope;
  return { ...options, showsDevice: (tags) => deviceVisible(view, tags) };
}

export interface TroubleshootFlowDeps {
  gate: AccessGate;
  /** The Graph source of this turn (its requests carry the turn's correlation id). */
  source: TroubleshootingSource;
  /** Time to the first answer (default FIRST_ANSWER_MS); the rest of a slow report follows in `later`. */
  firstAnswerMs?: number;
}

/** How the report is shown: the flow's choice of view, and what it reads beyond the first card. */
export interface ReportRequest {
  view: ReportShown['view'];
  options?: ReportOptions;
  /** The case whose card the dashboard was opened from. */
  fromCase?: string;
}

export class TroubleshootFlow {
  constructor(private readonly deps: TroubleshootFlowDeps) {}

  /** Free text: agents only, since resolving a name is already a lookup about someone else. */
  async forText(requester: Requester, text: string): Promise<LookupOutcome> {
    const { gate } = this.deps;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (admitted.role !== 'agent') return refused('notAgent', { query: text });
    return gate.confirm(admitted, await this.lookUpText(admitted, text));
  }

  /** A user picked by object id (an @mention, a candidate, a card action): re-authorized every time. */
  async forObjectId(
    requester: Requester,
    userId: unknown,
    options: ReportOptions = {},
    fromCase?: string,
  ): Promise<LookupOutcome> {
    const admitted = await this.deps.gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (!isObjectId(userId)) return refused('badAction');
    return this.forUserId(admitted, userId, {
      view: 'dashboard',
      options,
      ...(fromCase === undefined ? {} : { fromCase }),
    });
  }

  /** The report of someone the gate admitted `admitted` to ask about, in the view the flow chose. */
  async forUserId(admitted: Admitted, userId: string, request: ReportRequest): Promise<LookupOutcome> {
    const { gate, source } = this.deps;
    if (!canView(admitted.role, admitted.requesterId, userId)) return refused('notAgent', { id: userId });
    const gone = refused('userGone', { id: userId });
    if (source.getReportWithin) {
      // Scope first (instant in group mode); then the user and their data in one round trip.
      const scope = await gate.viewOf(admitted, userId);
      if (!scope.covered) return refused('outOfScope', { id: userId });
      const shown = await this.reportByKey(userId, userId, request, scope);
      return gate.confirm(admitted, shown ?? gone);
    }
    // Resolving the person and checking scope share one round trip; nothing else is read before both agree.
    const [user, scope] = await Promise.all([source.getUserById(userId), gate.viewOf(admitted, userId)]);
    if (!scope.covered) return refused('outOfScope', { id: userId });
    if (!user) return gone;
    return gate.confirm(admitted, await this.showReport(user, request, scope));
  }

  private async lookUpText(admitted: Admitted, text: string): Promise<LookupOutcome> {
    const { gate, source } = this.deps;
    const key = text.trim();
    if (KEY_LIKE.test(key) && source.getReportWithin) {
      // The scope check comes first (instant in group mode); the user and their data then share one round trip.
      const scope = await gate.viewOf(admitted, key).catch(() => null);
      if (scope?.covered === true) {
        const direct = await this.reportByKey(key, null, { view: 'dashboard' }, scope);
        if (direct !== null) {
          const target = subjectOf(direct);
          if (target !== null) gate.alias(admitted, key, target);
          return direct;
        }
      }
    }
    // A UPN or object id names the person already: their scope check goes out beside resolving them.
    const early = KEY_LIKE.test(key) ? gate.viewOf(admitted, key).catch(() => null) : Promise.resolve(null);
    const resolution = await source.resolveUser(text);
    switch (resolution.kind) {
      case 'notFound':
        return { kind: 'notFound', query: text };
      case 'ambiguous': {
        const { shown, views } = await gate.candidatesInScope(admitted, resolution.candidates);
        const only = shown.length === 1 ? shown[0] : undefined;
        const scope = only === undefined ? undefined : views.get(only.id);
        if (only !== undefined && scope?.covered === true)
          return this.showReport(only, { view: 'dashboard' }, scope);
        if (shown.length === 0) return refused('outOfScope', { query: text });
        return {
          kind: 'candidates',
          query: text,
          purpose: 'troubleshoot',
          candidates: shown,
          found: resolution.candidates.length,
          scoped: isScopedToGroups(admitted.reach),
        };
      }
      case 'found': {
        const { user } = resolution;
        const sameKey = [user.id, user.userPrincipalName].some((k) => k.toLowerCase() === key.toLowerCase());
        const checked = sameKey ? await early : null;
        if (checked !== null) gate.alias(admitted, key, user.id);
        const scope =
          checked !== null && user.id.toLowerCase() !== admitted.requesterId.toLowerCase()
            ? checked
            : await gate.viewOf(admitted, user.id);
        if (!scope.covered) return refused('outOfScope');
        return this.showReport(resolution.user, { view: 'dashboard' }, scope);
      }
    }
  }

  /**
   * The report of a UPN or object id, the user read in the same round trip as their data, restricted to what
   * `scope` shows. Null when no such user exists. When Graph is slow, the first answer carries what was read
   * and `later` the complete one.
   */
  private async reportByKey(
    key: string,
    targetId: string | null,
    request: ReportRequest,
    scope: SubjectView,
  ): Promise<ReportShown | ReportLoading | null> {
    const { source } = this.deps;
    if (!source.getReportWithin) return null;
    const progress = await source.getReportWithin(
      key,
      this.deps.firstAnswerMs ?? FIRST_ANSWER_MS,
      withinScope(scope, request.options),
    );
    const shown = (whole: NonNullable<typeof progress.report>): ReportShown =>
      this.shown(restrictReport(whole, scope), request);
    if (progress.complete === null) return progress.report ? shown(progress.report) : null;
    const later = progress.complete.then((report): ReportShown | Refusal =>
      report ? shown(report) : refused('userGone', targetId === null ? {} : { id: targetId }),
    );
    // The first answer already went out; a failure of the rest is reported by whoever awaits it.
    later.catch(() => undefined);
    if (progress.report) return { ...shown(progress.report), later };
    return { kind: 'loading', targetId, later };
  }

  private async showReport(
    user: UserIdentity,
    request: ReportRequest,
    scope: SubjectView,
  ): Promise<ReportShown> {
    const whole = await this.deps.source.getReport(user, withinScope(scope, request.options));
    return this.shown(restrictReport(whole, scope), request);
  }

  private shown(report: TroubleshootingReport, request: ReportRequest): ReportShown {
    return {
      kind: 'report',
      report,
      view: request.view,
      ...(request.fromCase === undefined ? {} : { fromCase: request.fromCase }),
    };
  }
}
