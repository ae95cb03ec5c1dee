// The troubleshoot flow, shared by text commands and card actions: check the tenant and the role first,
// then (only if allowed) resolve the target and read the report, and pick the view.
import {
  canView,
  isObjectId,
  isTenantAllowed,
  type AllowedTenants,
  type Role,
} from '../access/access-policy';
import type { RoleDirectory } from '../access/role-directory';
import type { AuditLog } from '../audit/audit-log';
import { AUDIT_ROWS, auditCard } from '../views/audit-view';
import type { Translator } from '../i18n';
import type { Logger } from '../logger';
import type {
  GraphStats,
  ReportOptions,
  TroubleshootingReport,
  TroubleshootingSource,
  UserIdentity,
} from '../troubleshooting/report';
import { candidatesCard } from '../views/candidates-view';
import { dashboardView } from '../views/dashboard-view';
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
  /** What reading the report cost in Graph, when one was read. */
  stats?: GraphStats;
  /**
   * The complete card, when `card` went out first with areas still loading (Graph was slow): the caller
   * updates the message in place with it.
   */
  later?: Promise<FlowResult>;
}

/** A first card goes out within this, whatever Graph does: Teams drops an answer after about 15 s. */
export const FIRST_ANSWER_MS = 8_000;

export type AuditTarget = { kind: 'text'; text: string } | { kind: 'objectId'; id: string };

export type Allowed =
  | {
      ok: true;
      requesterId: string;
      role: Role;
      /** An expired agent role being checked again alongside the lookup; its answer decides what is shown. */
      recheck?: Promise<Role>;
    }
  | { ok: false; result: FlowResult };

/** Renders one view of a report the requester is entitled to. */
export type ReportView = (report: TroubleshootingReport, tr: Translator, now: Date) => AdaptiveCard;

export const dashboardCard: ReportView = (report, tr, now) =>
  renderCard('dashboard', dashboardView(report, tr, now));
export const selfServiceView: ReportView = (report, tr, now) => selfServiceCard(report, tr, now);

export interface TroubleshooterDeps {
  source: TroubleshootingSource;
  audit: AuditLog;
  roles: RoleDirectory;
  allowedTenants: AllowedTenants;
  logger: Logger;
  now?: () => Date;
  /** Time to the first card (default FIRST_ANSWER_MS); the rest of a slow report follows in `later`. */
  firstAnswerMs?: number;
}

/** A UPN or an object id: Graph reads the user and their data in one round trip. */
function isDirectKey(text: string): boolean {
  return !/\s/.test(text) && (text.includes('@') || isObjectId(text));
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
    if (!isTenantAllowed(requester.tenantId, this.deps.allowedTenants)) {
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
    const cached = roles.cachedRole(requester.aadObjectId);
    if (cached !== undefined) return { ok: true, requesterId: requester.aadObjectId, role: cached };
    if (roles.wasRecentlyAgent(requester.aadObjectId)) {
      const recheck = roles.roleOf(requester.aadObjectId);
      // Awaited by confirm(); a failure there fails the turn, so this copy only keeps it from going unheard.
      recheck.catch(() => undefined);
      return { ok: true, requesterId: requester.aadObjectId, role: 'agent', recheck };
    }
    const role = await roles.roleOf(requester.aadObjectId);
    return { ok: true, requesterId: requester.aadObjectId, role };
  }

  /** A result computed alongside a role re-check is shown only if the re-check still allows it. */
  private async confirm(admitted: Allowed, result: FlowResult, tr: Translator): Promise<FlowResult> {
    if (!admitted.ok || admitted.recheck === undefined) return result;
    const role = await admitted.recheck;
    const target = result.targetId ?? '';
    if (role === 'agent' || (result.targetId !== null && canView(role, admitted.requesterId, target)))
      return result;
    // Whatever was read for a lookup the requester may no longer make is dropped here, unseen.
    return this.denied(tr);
  }

  private denied(tr: Translator): FlowResult {
    return { card: messageCard(tr, 'notAgent', 'warning'), outcome: 'denied', targetId: null };
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
      const role = await admitted.recheck;
      const view = role === 'agent' && userView === selfServiceView ? dashboardCard : userView;
      return this.forUserId({ ...admitted, role, recheck: undefined }, admitted.requesterId, tr, view);
    }
    const view = admitted.role === 'agent' && userView === selfServiceView ? dashboardCard : userView;
    return this.forUserId(admitted, admitted.requesterId, tr, view);
  }

  /** Free text: agents only, since resolving a name is already a lookup about someone else. */
  async forText(requester: Requester, text: string, tr: Translator): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.role !== 'agent') return this.denied(tr);
    return this.confirm(admitted, await this.lookUpText(text, tr), tr);
  }

  private async lookUpText(text: string, tr: Translator): Promise<FlowResult> {
    if (isDirectKey(text)) {
      const direct = await this.reportByKey(text, null, tr, dashboardCard);
      if (direct !== null) return direct;
    }
    const resolution = await this.deps.source.resolveUser(text);
    switch (resolution.kind) {
      case 'notFound':
        return {
          card: messageCard(tr, 'notFound', 'warning', { query: plain(text) }, ['notFoundHint']),
          outcome: 'notFound',
          targetId: null,
        };
      case 'ambiguous':
        return {
          card: candidatesCard(text, resolution.candidates, tr),
          outcome: 'ambiguous',
          targetId: null,
        };
      case 'found':
        return this.showReport(resolution.user, tr, dashboardCard);
    }
  }

  /** `audit <who>`: the recorded lookups of one person; agents only, like any lookup of someone else. */
  async forAudit(requester: Requester, target: AuditTarget, tr: Translator): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.role !== 'agent') return this.denied(tr);
    let user: UserIdentity | null;
    if (target.kind === 'objectId') {
      user = isObjectId(target.id) ? await this.deps.source.getUserById(target.id) : null;
    } else {
      const resolution = await this.deps.source.resolveUser(target.text);
      if (resolution.kind === 'ambiguous') {
        return {
          card: candidatesCard(target.text, resolution.candidates, tr, 'audit.open'),
          outcome: 'ambiguous',
          targetId: null,
        };
      }
      user = resolution.kind === 'found' ? resolution.user : null;
    }
    if (!user) {
      const query = target.kind === 'text' ? target.text : '';
      return {
        card: messageCard(tr, 'notFound', 'warning', { query: plain(query) }, ['notFoundHint']),
        outcome: 'notFound',
        targetId: null,
      };
    }
    const entries = await this.deps.audit.findByTarget(user.id, AUDIT_ROWS);
    return this.confirm(
      admitted,
      { card: auditCard(user, entries, tr), outcome: 'shown', targetId: user.id },
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
    admitted: { requesterId: string; role: Role; recheck?: Promise<Role> },
    userId: string,
    tr: Translator,
    view: ReportView,
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    if (!canView(admitted.role, admitted.requesterId, userId)) return this.denied(tr);
    const gone: FlowResult = {
      card: messageCard(tr, 'userGone', 'warning'),
      outcome: 'notFound',
      targetId: userId,
    };
    if (this.deps.source.getReportWithin ?? this.deps.source.getReportByKey) {
      const shown = await this.reportByKey(userId, userId, tr, view, options);
      return this.confirmed(admitted, shown ?? gone, tr);
    }
    const user = await this.deps.source.getUserById(userId);
    if (!user) return gone;
    return this.confirmed(admitted, await this.showReport(user, tr, view, options), tr);
  }

  private confirmed(
    admitted: { requesterId: string; role: Role; recheck?: Promise<Role> },
    result: FlowResult,
    tr: Translator,
  ): Promise<FlowResult> {
    return this.confirm({ ok: true, ...admitted }, result, tr);
  }

  /**
   * The report of a UPN or object id, the user read in the same round trip as their data. Null when no such
   * user exists. When Graph is slow, the first card carries what was read and `later` the complete one.
   */
  private async reportByKey(
    key: string,
    targetId: string | null,
    tr: Translator,
    view: ReportView,
    options: ReportOptions = {},
  ): Promise<FlowResult | null> {
    const { source } = this.deps;
    const shown = (report: TroubleshootingReport): FlowResult => ({
      card: view(report, tr, this.now()),
      outcome: 'shown',
      targetId: report.user.id,
      stats: report.stats,
    });
    if (!source.getReportWithin) {
      const report = await source.getReportByKey?.(key, options);
      return report ? shown(report) : null;
    }
    const progress = await source.getReportWithin(key, this.deps.firstAnswerMs ?? FIRST_ANSWER_MS, options);
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
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    const report = await this.deps.source.getReport(user, options);
    return { card: view(report, tr, this.now()), outcome: 'shown', targetId: user.id, stats: report.stats };
  }
}
