// Agents and their scope from Intune's own role assignments. Role data changes rarely and is the same for
// every agent, so it is read once per ROLES_CACHE_TTL_MS; who holds a role, and whom a scope covers, are
// per person and cached as briefly as group mode's role check.
import { TtlCache } from '../caching/ttl-cache';
import { ROLE_CACHE_TTL_MS, type AgentDirectory, type Standing } from './role-directory';
import type { Role } from './access-policy';
import {
  adminGroupIds,
  agentAssignments,
  isAgentReach,
  reachOf,
  scopeGroupsToCheck,
  viewOfSubject,
  type IntuneRoleAssignment,
  type IntuneRoles,
  type Reach,
  type SubjectView,
} from './intune-scope';

/**
 * Five minutes: an administrator who changes a role assignment sees it take effect within that time (Intune
 * itself takes minutes to propagate), while a busy helpdesk costs a handful of role reads per five minutes.
 */
export const ROLES_CACHE_TTL_MS = 5 * 60_000;

/** What the directory needs from Graph. */
export interface IntuneRbacSource {
  readRoles(): Promise<IntuneRoles>;
  /** Which of `groupIds` the user (object id or UPN) is a transitive member of, lower case. */
  memberGroups(userKey: string, groupIds: readonly string[]): Promise<string[]>;
}

export interface IntuneRoleDirectoryOptions {
  rolesTtlMs?: number;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export class IntuneRoleDirectory implements AgentDirectory {
  private readonly roles: TtlCache<'roles', IntuneRoleAssignment[]>;
  private rolesInFlight: Promise<IntuneRoleAssignment[]> | null = null;
  private readonly standings: TtlCache<string, Standing>;
  private readonly views: TtlCache<string, Promise<string[]>>;

  constructor(
    private readonly source: IntuneRbacSource,
    options: IntuneRoleDirectoryOptions = {},
  ) {
    this.roles = new TtlCache(options.rolesTtlMs ?? ROLES_CACHE_TTL_MS, 1, options.now);
    const ttl = options.ttlMs ?? ROLE_CACHE_TTL_MS;
    const max = options.maxEntries ?? 5000;
    this.standings = new TtlCache(ttl, max, options.now);
    this.views = new TtlCache(ttl, max, options.now);
  }

  /** Assignments whose role may read managed devices; one read shared by concurrent callers. */
  private async assignments(): Promise<IntuneRoleAssignment[]> {
    const cached = this.roles.get('roles');
    if (cached) return cached;
    if (this.rolesInFlight) return this.rolesInFlight;
    this.rolesInFlight = this.source
      .readRoles()
      .then((roles) => {
        const agents = agentAssignments(roles);
        this.roles.set('roles', agents);
        return agents;
      })
      .finally(() => {
        this.rolesInFlight = null;
      });
    return this.rolesInFlight;
  }

  async standingOf(aadObjectId: string): Promise<Standing> {
    const key = aadObjectId.toLowerCase();
    const cached = this.standings.get(key);
    if (cached) return cached;
    const assignments = await this.assignments();
    const groups = adminGroupIds(assignments);
    const memberOf = new Set(groups.length > 0 ? await this.source.memberGroups(key, groups) : []);
    const reach = reachOf(assignments, memberOf);
    const standing: Standing = { role: isAgentReach(reach) ? 'agent' : 'user', reach };
    this.standings.set(key, standing);
    return standing;
  }

  async roleOf(aadObjectId: string): Promise<Role> {
    return (await this.standingOf(aadObjectId)).role;
  }

  async viewOf(reach: Reach, subjectId: string): Promise<SubjectView> {
    const groups = scopeGroupsToCheck(reach);
    if (groups.length === 0) return viewOfSubject(reach, new Set());
    const key = viewKey(subjectId, groups);
    let membership = this.views.get(key);
    if (!membership) {
      membership = this.source.memberGroups(subjectId, groups);
      this.views.set(key, membership);
      // A failed check is not remembered: the next click asks again.
      void membership.catch(() => this.views.delete(key));
    }
    return viewOfSubject(reach, new Set(await membership));
  }

  alias(reach: Reach, checkedKey: string, subjectId: string): void {
    const groups = scopeGroupsToCheck(reach);
    const membership = groups.length > 0 ? this.views.get(viewKey(checkedKey, groups)) : undefined;
    if (membership) this.views.set(viewKey(subjectId, groups), membership);
  }

  forget(aadObjectId: string): void {
    this.standings.delete(aadObjectId.toLowerCase());
  }
}

function viewKey(subject: string, groups: readonly string[]): string {
  return `${subject.toLowerCase()}|${groups.join(',')}`;
}
