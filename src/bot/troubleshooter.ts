// The troubleshoot flow, shared by text commands and card actions: check the tenant and the role first,
// then (only if allowed) resolve the target and read the report, and pick the view.
import {
  canView,
  isObjectId,
  isTenantAllowed,
  type AllowedTenants,
  type Role,
} from '../access/access-policy';
import {
  EVERYTHING,
  FULL_VIEW,
  NOT_COVERED,
  deviceVisible,
  isScopedToGroups,
  restrictReport,
  type Reach,
  type SubjectView,
} from '../access/intune-scope';
import type { AgentDirectory, Standing } from '../access/role-directory';
import type { AuditLog } from '../audit/audit-log';
import { AUDIT_SCAN_LIMIT, auditCard } from '../views/audit-view';
import type { Translator } from '../i18n';
import type { Logger } from '../logging/logger';
import type {
  GraphStats,
  ReportOptions,
  TroubleshootingReport,
  TroubleshootingSource,
  UserIdentity,
} from '../troubleshooting/report';
import { MAX_CANDIDATES, candidatesCard } from '../views/candidates-view';
import { dashboardView } from '../views/dashboard-view';
import { dashboardAreas } from '../areas';
import { messageCard } from '../views/message-view';
import { plain, renderCard, type AdaptiveCard } from '../views/render-card';
import { selfServiceCard } from '../views/self-service-view';
import type { Requester } from './activity-facts';

export type Outcome = 'shown' | 'denied' | 'notFound' | 'ambiguous' | 'invalid' | 'failed';

export interface FlowResult {
  card: AdaptiveCard;
  outcome: Outcome;
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
  later?: Promise<FlowResult>;
}

/** A first card goes out within this, whatever Graph does: Teams drops an answer after about 15 s. */
export const FIRST_ANSWER_MS = 8_000;

export type AuditTarget = { kind: 'text'; text: string } | { kind: 'objectId'; id: string };

export interface Admitted {
  ok: true;
  requesterId: string;
  role: Role;
  /** How far the agent reaches (Intune scope); nobody for non-agents. */
  reach: Reach;
  /** An expired agent standing being checked again alongside the lookup; its answer decides what is shown. */
  recheck?: Promise<Standing>;
}

export type Allowed = Admitted | { ok: false; result: FlowResult };

/** Renders one view of a report the requester is entitled to. */
export type ReportView = (report: TroubleshootingReport, tr: Translator, now: Date) => AdaptiveCard;

/** Text that is a UPN or an object id: one word with an @, or a GUID. */
const KEY_LIKE = /^(?:[^\s@]+@[^\s@]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Report options that read nothing about devices outside the viewer's scope tags beyond listing them. */
export function withinScope(scope: SubjectView, options: ReportOptions = {}): ReportOptions {
  if (!scope.covered) return { ...options, showsDevice: () => false };
  if (scope.tags === 'any') return options;
  const view = scope;
  return { ...options, showsDevice: (tags) => deviceVisible(view, tags) };
}

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

export interface TroubleshooterDeps {
  source: TroubleshootingSource;
  audit: AuditLog;
  roles: AgentDirectory;
  allowedTenants: AllowedTenants;
  logger: Logger;
  now?: () => Date;
  /** Time to the first card (default FIRST_ANSWER_MS); the rest of a slow report follows in `later`. */
  firstAnswerMs?: number;
}

export class Troubleshooter {
  private readonly now: () => Date;

  constructor(private readonly deps: TroubleshooterDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The Graph source of this turn (its requests carry the turn's correlation id). */
  get source(): TroubleshootingSource {
    return this.deps.source;
  }

  /** The same flow for one turn, whose Graph requests carry the turn's correlation id. */
  forTurn(correlationId: string): Troubleshooter {
    const source = this.deps.source.withCorrelationId?.(correlationId);
    return source ? new Troubleshooter({ ...this.deps, source }) : this;
  }

  /** Tenant and identity checks that come before any Graph call. */
  async admit(requester: Requester, tr: Translator): Promise<Allowed> {
    if (requester.tenantConflict || !isTenantAllowed(requester.tenantId, this.deps.allowedTenants)) {
      return {
        ok: false,
        result: { card: messageCard(tr, 'tenant', 'error'), outcome: 'denied', targetId: null },
      };
    }
    if (!isObjectId(requester.aadObjectId)) {
      return {
        ok: false,
        result: { card: messageCard(tr, 'noIdentity', 'error'), outcome: 'denied', targetId: null },
      };
    }
    const { roles } = this.deps;
    const requesterId = requester.aadObjectId;
    const cached = roles.cachedStanding?.(requesterId);
    if (cached !== undefined) return { ok: true, requesterId, role: cached.role, reach: cached.reach };
    if (roles.wasRecentlyAgent?.(requesterId) === true) {
      const recheck = roles.standingOf(requesterId);
      // Awaited by confirm(); a failure there fails the turn, so this copy only keeps it from going unheard.
      recheck.catch(() => undefined);
      const last = roles.recentStanding?.(requesterId);
      return { ok: true, requesterId, role: 'agent', reach: last?.reach ?? EVERYTHING, recheck };
    }
    const { role, reach } = await roles.standingOf(requesterId);
    return { ok: true, requesterId, role, reach };
  }

  /** A result computed alongside a role re-check is shown only if the re-check still allows it. */
  private async confirm(admitted: Admitted, result: FlowResult, tr: Translator): Promise<FlowResult> {
    if (admitted.recheck === undefined) return result;
    const { role } = await admitted.recheck;
    const target = result.targetId ?? '';
    if (role === 'agent' || (result.targetId !== null && canView(role, admitted.requesterId, target)))
      return result;
    // Whatever was read for a lookup the requester may no longer make is dropped here, unseen.
    return this.denied(tr, result.targetId === null ? {} : { id: result.targetId });
  }

  /**
   * What an admitted person may see of someone: all of themselves (their own devices, as the Company Portal
   * shows them); for agents, others within their Intune scope; outside it, nothing at all.
   */
  async viewOf(admitted: Admitted, subjectId: string): Promise<SubjectView> {
    if (subjectId.toLowerCase() === admitted.requesterId.toLowerCase()) return FULL_VIEW;
    const { roles } = this.deps;
    if (admitted.recheck !== undefined && roles.prefetchView !== undefined) {
      // Intune scope: the person's scope check goes out beside the requester's own re-check, and the fresh
      // standing decides; nothing about the person is read on the strength of a standing that has expired.
      const [standing] = await Promise.all([
        admitted.recheck,
        roles.prefetchView(subjectId).catch(() => undefined),
      ]);
      return standing.role === 'agent' ? roles.viewOf(standing.reach, subjectId) : NOT_COVERED;
    }
    if (admitted.role !== 'agent') return NOT_COVERED;
    return roles.viewOf(admitted.reach, subjectId);
  }

  /**
   * Refused with the words a non-agent gets, so a scoped agent learns nothing about people outside scope.
   * The audit records whom it was about: the id, or the typed text when it was not resolved.
   */
  private denied(tr: Translator, target: { id?: string; query?: string } = {}): FlowResult {
    return {
      card: messageCard(tr, 'notAgent', 'warning'),
      outcome: 'denied',
      targetId: target.id ?? null,
      ...(target.query === undefined ? {} : { targetQuery: target.query }),
    };
  }

  /**
   * `troubleshoot me`: the requester's own report, by the object id Teams vouches for. Agents get their
   * dashboard; everyone else the plain-language self-service view.
   */
  async forSelf(
    requester: Requester,
    tr: Translator,
    userView: ReportView = selfServiceView,
  ): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.recheck !== undefined) {
      // Whether the dashboard or the self-service view applies depends on the role itself.
      const { role, reach } = await admitted.recheck;
      const own = role === 'agent' && userView === selfServiceView ? dashboardCard : userView;
      const checked: Admitted = { ok: true, requesterId: admitted.requesterId, role, reach };
      return this.forUserId(checked, admitted.requesterId, tr, own);
    }
    const view = admitted.role === 'agent' && userView === selfServiceView ? dashboardCard : userView;
    return this.forUserId(admitted, admitted.requesterId, tr, view);
  }

  /** Free text: agents only, since resolving a name is already a lookup about someone else. */
  async forText(requester: Requester, text: string, tr: Translator): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.role !== 'agent') return this.denied(tr, { query: text });
    return this.confirm(admitted, await this.lookUpText(admitted, text, tr), tr);
  }

  private async lookUpText(admitted: Admitted, text: string, tr: Translator): Promise<FlowResult> {
    const key = text.trim();
    if (KEY_LIKE.test(key) && this.deps.source.getReportWithin) {
      // The scope check comes first (instant in group mode); the user and their data then share one round trip.
      const scope = await this.viewOf(admitted, key).catch(() => null);
      if (scope?.covered === true) {
        const direct = await this.reportByKey(key, null, tr, dashboardCard, scope);
        if (direct !== null) {
          if (direct.targetId !== null) this.deps.roles.alias(admitted.reach, key, direct.targetId);
          return direct;
        }
      }
    }
    // A UPN or object id names the person already: their scope check goes out beside resolving them.
    const early = KEY_LIKE.test(key) ? this.viewOf(admitted, key).catch(() => null) : Promise.resolve(null);
    const resolution = await this.deps.source.resolveUser(text);
    switch (resolution.kind) {
      case 'notFound':
        return {
          card: messageCard(tr, 'notFound', 'warning', { query: plain(text) }, ['notFoundHint']),
          outcome: 'notFound',
          targetId: null,
        };
      case 'ambiguous': {
        const { shown, views } = await this.candidatesInScope(admitted, resolution.candidates);
        const only = shown.length === 1 ? shown[0] : undefined;
        const scope = only === undefined ? undefined : views.get(only.id);
        if (only !== undefined && scope?.covered === true)
          return this.showReport(only, tr, dashboardCard, scope);
        if (shown.length === 0) return this.denied(tr, { query: text });
        return {
          card: candidatesCard(text, shown, tr, 'user.pick', {
            capped: resolution.candidates.length >= MAX_CANDIDATES,
            scoped: isScopedToGroups(admitted.reach),
          }),
          outcome: 'ambiguous',
          targetId: null,
        };
      }
      case 'found': {
        const { user } = resolution;
        const sameKey = [user.id, user.userPrincipalName].some((k) => k.toLowerCase() === key.toLowerCase());
        const checked = sameKey ? await early : null;
        if (checked !== null) this.deps.roles.alias(admitted.reach, key, user.id);
        const scope =
          checked !== null && user.id.toLowerCase() !== admitted.requesterId.toLowerCase()
            ? checked
            : await this.viewOf(admitted, user.id);
        if (!scope.covered) return this.denied(tr);
        return this.showReport(resolution.user, tr, dashboardCard, scope);
      }
    }
  }

  /**
   * The candidates for a typed name this agent may look at. Those outside their Intune scope are left out
   * and not counted: a count would tell a scoped agent how many people outside it share the name.
   */
  private async candidatesInScope(
    admitted: Admitted,
    candidates: readonly UserIdentity[],
  ): Promise<{ shown: UserIdentity[]; views: Map<string, SubjectView> }> {
    const views = await Promise.all(candidates.map((c) => this.viewOf(admitted, c.id)));
    const shown = candidates.filter((_, i) => views[i]?.covered === true);
    return {
      shown,
      views: new Map(candidates.map((c, i) => [c.id, views[i] ?? NOT_COVERED])),
    };
  }

  /** `audit <who>`: the recorded lookups of one person; agents only, like any lookup of someone else. */
  async forAudit(
    requester: Requester,
    target: AuditTarget,
    tr: Translator,
    page: unknown = 0,
  ): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.role !== 'agent') {
      return this.denied(
        tr,
        target.kind === 'text' ? { query: target.text } : isObjectId(target.id) ? { id: target.id } : {},
      );
    }
    let user: UserIdentity | null;
    if (target.kind === 'objectId') {
      if (!isObjectId(target.id)) user = null;
      else {
        const [found, scope] = await Promise.all([
          this.deps.source.getUserById(target.id),
          this.viewOf(admitted, target.id),
        ]);
        if (!scope.covered) return this.denied(tr);
        user = found;
      }
    } else {
      const resolution = await this.deps.source.resolveUser(target.text);
      if (resolution.kind === 'ambiguous') {
        const { shown } = await this.candidatesInScope(admitted, resolution.candidates);
        if (shown.length === 0) return this.denied(tr, { query: target.text });
        if (shown.length > 1) {
          return {
            card: candidatesCard(target.text, shown, tr, 'audit.open', {
              capped: resolution.candidates.length >= MAX_CANDIDATES,
              scoped: isScopedToGroups(admitted.reach),
            }),
            outcome: 'ambiguous',
            targetId: null,
          };
        }
        user = shown[0] ?? null;
      } else user = resolution.kind === 'found' ? resolution.user : null;
    }
    if (!user) {
      const query = target.kind === 'text' ? target.text : '';
      return {
        card: messageCard(tr, 'notFound', 'warning', { query: plain(query) }, ['notFoundHint']),
        outcome: 'notFound',
        targetId: null,
      };
    }
    const scope = await this.viewOf(admitted, user.id);
    if (!scope.covered) return this.denied(tr, { id: user.id });
    const names = [user.userPrincipalName, user.displayName, ...(user.mail ? [user.mail] : [])];
    // All of them (up to the scan limit), so the card can say the true total and page through it.
    const entries = await this.deps.audit.findBySubject({ id: user.id, names }, AUDIT_SCAN_LIMIT);
    return this.confirm(
      admitted,
      { card: auditCard(user, entries, tr, page), outcome: 'shown', targetId: user.id },
      tr,
    );
  }

  /** A user picked by object id (an @mention, a candidate, a card action): re-authorized every time. */
  async forObjectId(
    requester: Requester,
    userId: unknown,
    tr: Translator,
    view: ReportView = dashboardCard,
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (!isObjectId(userId)) {
      return { card: messageCard(tr, 'badAction', 'warning'), outcome: 'invalid', targetId: null };
    }
    return this.forUserId(admitted, userId, tr, view, options);
  }

  private async forUserId(
    admitted: Admitted,
    userId: string,
    tr: Translator,
    view: ReportView,
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    if (!canView(admitted.role, admitted.requesterId, userId)) return this.denied(tr, { id: userId });
    const gone: FlowResult = {
      card: messageCard(tr, 'userGone', 'warning'),
      outcome: 'notFound',
      targetId: userId,
    };
    if (this.deps.source.getReportWithin) {
      // Scope first (instant in group mode); then the user and their data in one round trip.
      const scope = await this.viewOf(admitted, userId);
      if (!scope.covered) return this.denied(tr, { id: userId });
      const shown = await this.reportByKey(userId, userId, tr, view, scope, options);
      return this.confirm(admitted, shown ?? gone, tr);
    }
    // Resolving the person and checking scope share one round trip; nothing else is read before both agree.
    const [user, scope] = await Promise.all([
      this.deps.source.getUserById(userId),
      this.viewOf(admitted, userId),
    ]);
    if (!scope.covered) return this.denied(tr, { id: userId });
    if (!user) return gone;
    return this.confirm(admitted, await this.showReport(user, tr, view, scope, options), tr);
  }

  /**
   * The report of a UPN or object id, the user read in the same round trip as their data, restricted to what
   * `scope` shows. Null when no such user exists. When Graph is slow, the first card carries what was read
   * and `later` the complete one.
   */
  private async reportByKey(
    key: string,
    targetId: string | null,
    tr: Translator,
    view: ReportView,
    scope: SubjectView,
    options: ReportOptions = {},
  ): Promise<FlowResult | null> {
    const { source } = this.deps;
    const shown = (whole: TroubleshootingReport): FlowResult => {
      const report = restrictReport(whole, scope);
      return {
        card: view(report, tr, this.now()),
        outcome: 'shown',
        targetId: report.user.id,
        stats: report.stats,
      };
    };
    if (!source.getReportWithin) return null;
    const progress = await source.getReportWithin(
      key,
      this.deps.firstAnswerMs ?? FIRST_ANSWER_MS,
      withinScope(scope, options),
    );
    if (progress.complete === null) return progress.report ? shown(progress.report) : null;
    const later = progress.complete.then((report): FlowResult =>
      report
        ? shown(report)
        : { card: messageCard(tr, 'userGone', 'warning'), outcome: 'notFound', targetId },
    );
    // The first card already went out; a failure of the rest is reported by whoever awaits it.
    later.catch(() => undefined);
    if (progress.report) return { ...shown(progress.report), later };
    return { card: messageCard(tr, 'stillLoading', 'info'), outcome: 'shown', targetId, later };
  }

  private async showReport(
    user: UserIdentity,
    tr: Translator,
    view: ReportView,
    scope: SubjectView,
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    const report = restrictReport(await this.deps.source.getReport(user, withinScope(scope, options)), scope);
    return { card: view(report, tr, this.now()), outcome: 'shown', targetId: user.id, stats: report.stats };
  }
}
