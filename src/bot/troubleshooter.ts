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
  /** What was typed, when a refusal came before the target was resolved (so the audit can name it). */
  targetQuery?: string;
  /** What reading the report cost in Graph, when one was read. */
  stats?: GraphStats;
}

export type AuditTarget = { kind: 'text'; text: string } | { kind: 'objectId'; id: string };

export type Allowed = { ok: true; requesterId: string; role: Role } | { ok: false; result: FlowResult };

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
    const role = await this.deps.roles.roleOf(requester.aadObjectId);
    return { ok: true, requesterId: requester.aadObjectId, role };
  }

  /** Refused; the audit records whom it was about (by id, or by the typed text when unresolved). */
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
    const view = admitted.role === 'agent' && userView === selfServiceView ? dashboardCard : userView;
    return this.forUserId(admitted, admitted.requesterId, tr, view);
  }

  /** Free text: agents only, since resolving a name is already a lookup about someone else. */
  async forText(requester: Requester, text: string, tr: Translator): Promise<FlowResult> {
    const admitted = await this.admit(requester, tr);
    if (!admitted.ok) return admitted.result;
    if (admitted.role !== 'agent') return this.denied(tr, { query: text });
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
    if (admitted.role !== 'agent') {
      return this.denied(
        tr,
        target.kind === 'text' ? { query: target.text } : isObjectId(target.id) ? { id: target.id } : {},
      );
    }
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
    const names = [user.userPrincipalName, user.displayName, ...(user.mail ? [user.mail] : [])];
    const entries = await this.deps.audit.findBySubject({ id: user.id, names }, AUDIT_ROWS);
    return { card: auditCard(user, entries, tr), outcome: 'shown', targetId: user.id };
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
    admitted: { requesterId: string; role: Role },
    userId: string,
    tr: Translator,
    view: ReportView,
    options: ReportOptions = {},
  ): Promise<FlowResult> {
    if (!canView(admitted.role, admitted.requesterId, userId)) return this.denied(tr, { id: userId });
    const user = await this.deps.source.getUserById(userId);
    if (!user) return { card: messageCard(tr, 'userGone', 'warning'), outcome: 'notFound', targetId: userId };
    return this.showReport(user, tr, view, options);
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
