// The access gate every flow passes first: tenant and identity before any Graph call, the requester's role
// and Intune reach, and what they may see of one person. Pure decisions live in src/access/; this is where
// they meet the role directory and an expired standing being checked again.
import {
  canView,
  isObjectId,
  isTenantAllowed,
  type AllowedTenants,
  type Role,
} from '../access/access-policy';
import { EVERYTHING, FULL_VIEW, NOT_COVERED, type Reach, type SubjectView } from '../access/intune-scope';
import type { AgentDirectory, Standing } from '../access/role-directory';
import type { UserIdentity } from '../troubleshooting/report';
import { refused, subjectOf, type Refusal, type LookupOutcome, type AuditLookupOutcome } from './outcomes';

/** Who is asking, as the activity says (the bot reads it; the gate decides what it is worth). */
export interface Requester {
  /** Entra object id of the sender; the only identity access decisions use. */
  aadObjectId: string | null;
  name: string;
  tenantId: string | null;
  /** The activity names more than one tenant (channelData and conversation disagree): always refused. */
  tenantConflict?: true;
}

export interface Admitted {
  ok: true;
  requesterId: string;
  role: Role;
  /** How far the agent reaches (Intune scope); nobody for non-agents. */
  reach: Reach;
  /** An expired agent standing being checked again alongside the lookup; its answer decides what is shown. */
  recheck?: Promise<Standing>;
}

export type Admission = Admitted | { ok: false; refusal: Refusal };

export interface AccessGateDeps {
  roles: AgentDirectory;
  allowedTenants: AllowedTenants;
}

/** True when this person is an agent whose scope covers the subject (or is the subject). */
export async function coversSubject(
  roles: AgentDirectory,
  aadObjectId: string,
  subjectId: string,
): Promise<boolean> {
  const standing = await roles.standingOf(aadObjectId);
  if (standing.role !== 'agent') return false;
  if (aadObjectId.toLowerCase() === subjectId.toLowerCase()) return true;
  return (await roles.viewOf(standing.reach, subjectId)).covered;
}

export class AccessGate {
  constructor(private readonly deps: AccessGateDeps) {}

  /** Tenant and identity checks that come before any Graph call, then the requester's standing. */
  async admit(requester: Requester): Promise<Admission> {
    if (requester.tenantConflict || !isTenantAllowed(requester.tenantId, this.deps.allowedTenants))
      return { ok: false, refusal: refused('tenant') };
    if (!isObjectId(requester.aadObjectId)) return { ok: false, refusal: refused('noIdentity') };
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

  /** The requester's role, once an expired standing has been checked again. */
  async roleOf(admitted: Admitted): Promise<Role> {
    return admitted.recheck ? (await admitted.recheck).role : admitted.role;
  }

  /** An outcome computed alongside a role re-check is shown only if the re-check still allows it. */
  async confirm<O extends LookupOutcome | AuditLookupOutcome>(
    admitted: Admitted,
    outcome: O,
  ): Promise<O | Refusal> {
    if (admitted.recheck === undefined) return outcome;
    const { role } = await admitted.recheck;
    const target = subjectOf(outcome);
    if (role === 'agent' || (target !== null && canView(role, admitted.requesterId, target))) return outcome;
    // Whatever was read for a lookup the requester may no longer make is dropped here, unseen.
    return refused('notAgent', target === null ? {} : { id: target });
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
   * The candidates for a typed name this agent may look at. Those outside their Intune scope are left out
   * and not counted: a count would tell a scoped agent how many people outside it share the name.
   */
  async candidatesInScope(
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

  /** Remembers that `key` (a UPN or id the requester typed) names `subjectId`, whose scope was checked. */
  alias(admitted: Admitted, key: string, subjectId: string): void {
    this.deps.roles.alias(admitted.reach, key, subjectId);
  }
}
