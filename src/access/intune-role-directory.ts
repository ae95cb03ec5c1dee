// Agents and their scope from Intune's own role assignments. Role data changes rarely and is the same for
// every agent, so it is read once per ROLES_CACHE_TTL_MS (and refreshed ahead, in the background, while agents
// are busy); who holds a role, and which scope groups a person is in, are per person and cached as briefly as
// group mode's role check.
import { TtlCache } from '../caching/ttl-cache';
import {
  AGENT_RECHECK_WINDOW_MS,
  ROLE_CACHE_TTL_MS,
  type AgentDirectory,
  type Standing,
} from './role-directory';
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

interface RoleData {
  assignments: IntuneRoleAssignment[];
  /** Every scope group of every agent assignment: one membership check per person serves every agent. */
  scopeGroups: string[];
  readAt: number;
}

export class IntuneRoleDirectory implements AgentDirectory {
  private readonly roles: TtlCache<'roles', RoleData>;
  private rolesInFlight: Promise<RoleData> | null = null;
  private readonly standings: TtlCache<string, Standing>;
  /** Agents' last confirmed standing: their expired check may then run alongside their next lookup. */
  private readonly recentAgents: TtlCache<string, Standing>;
  private readonly memberships: TtlCache<string, Promise<ReadonlySet<string>>>;
  private readonly rolesTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: IntuneRbacSource,
    options: IntuneRoleDirectoryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.rolesTtlMs = options.rolesTtlMs ?? ROLES_CACHE_TTL_MS;
    this.roles = new TtlCache(this.rolesTtlMs, 1, this.now);
    const ttl = options.ttlMs ?? ROLE_CACHE_TTL_MS;
    const max = options.maxEntries ?? 5000;
    this.standings = new TtlCache(ttl, max, this.now);
    this.recentAgents = new TtlCache(AGENT_RECHECK_WINDOW_MS, max, this.now);
    this.memberships = new TtlCache(ttl, max, this.now);
  }

  /** Assignments whose role may read managed devices; one read shared by concurrent callers. */
  private async roleData(): Promise<RoleData> {
    const cached = this.roles.get('roles');
    if (cached) {
      // Past half its life, the next read starts in the background, so no turn waits for it while agents work.
      if (this.now() - cached.readAt > this.rolesTtlMs / 2) this.readRoles().catch(() => undefined);
      return cached;
    }
    return this.readRoles();
  }

  private readRoles(): Promise<RoleData> {
    if (this.rolesInFlight) return this.rolesInFlight;
    const readAt = this.now();
    this.rolesInFlight = this.source
      .readRoles()
      .then((roles) => {
        const assignments = agentAssignments(roles);
        const scopeGroups = [
          ...new Set(assignments.flatMap((a) => a.scopeGroupIds.map((g) => g.toLowerCase()))),
        ].sort();
        const data: RoleData = { assignments, scopeGroups, readAt };
        this.roles.set('roles', data);
        return data;
      })
      .finally(() => {
        this.rolesInFlight = null;
      });
    return this.rolesInFlight;
  }

  cachedStanding(aadObjectId: string): Standing | undefined {
    return this.standings.get(aadObjectId.toLowerCase());
  }

  wasRecentlyAgent(aadObjectId: string): boolean {
    return this.recentAgents.get(aadObjectId.toLowerCase()) !== undefined;
  }

  recentStanding(aadObjectId: string): Standing | undefined {
    return this.recentAgents.get(aadObjectId.toLowerCase());
  }

  async standingOf(aadObjectId: string): Promise<Standing> {
    const key = aadObjectId.toLowerCase();
    const cached = this.standings.get(key);
    if (cached) return cached;
    const { assignments } = await this.roleData();
    const groups = adminGroupIds(assignments);
    const memberOf = new Set(groups.length > 0 ? await this.source.memberGroups(key, groups) : []);
    const reach = reachOf(assignments, memberOf);
    const standing: Standing = { role: isAgentReach(reach) ? 'agent' : 'user', reach };
    this.standings.set(key, standing);
    if (standing.role === 'agent') this.recentAgents.set(key, standing);
    else this.recentAgents.delete(key);
    return standing;
  }

  async roleOf(aadObjectId: string): Promise<Role> {
    return (await this.standingOf(aadObjectId)).role;
  }

  /** The scope groups (of any agent assignment) the person is in: one check, shared by every agent. */
  private membership(subjectKey: string, scopeGroups: readonly string[]): Promise<ReadonlySet<string>> {
    const key = membershipKey(subjectKey, scopeGroups);
    let membership = this.memberships.get(key);
    if (!membership) {
      membership = this.source
        .memberGroups(subjectKey.toLowerCase(), scopeGroups)
        .then((found) => new Set(found));
      this.memberships.set(key, membership);
      // A failed check is not remembered: the next click asks again.
      membership.catch(() => this.memberships.delete(key));
    }
    return membership;
  }

  async viewOf(reach: Reach, subjectId: string): Promise<SubjectView> {
    if (scopeGroupsToCheck(reach).length === 0) return viewOfSubject(reach, new Set());
    const { scopeGroups } = await this.roleData();
    return viewOfSubject(reach, await this.membership(subjectId, scopeGroups));
  }

  async prefetchView(subjectKey: string): Promise<void> {
    const { scopeGroups } = await this.roleData();
    if (scopeGroups.length > 0) await this.membership(subjectKey, scopeGroups);
  }

  alias(_reach: Reach, checkedKey: string, subjectId: string): void {
    const scopeGroups = this.roles.get('roles')?.scopeGroups;
    if (scopeGroups === undefined) return;
    const membership = this.memberships.get(membershipKey(checkedKey, scopeGroups));
    if (membership) this.memberships.set(membershipKey(subjectId, scopeGroups), membership);
  }

  forget(aadObjectId: string): void {
    this.standings.delete(aadObjectId.toLowerCase());
    this.recentAgents.delete(aadObjectId.toLowerCase());
  }
}

/** Per person and per set of scope groups: a role change that adds a scope group asks again. */
function membershipKey(subject: string, scopeGroups: readonly string[]): string {
  return `${subject.toLowerCase()}|${scopeGroups.join(',')}`;
}
