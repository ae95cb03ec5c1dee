// Looks up whether someone is a helpdesk agent (transitive member of a helpdesk group), cached briefly so
// a burst of card clicks costs one Graph call, while a removed agent loses access within the TTL.
import type { TroubleshootingSource } from '../troubleshooting/report';
import { TtlCache } from '../caching/ttl-cache';
import type { Role } from './access-policy';
import { EVERYTHING, FULL_VIEW, NOT_COVERED, type Reach, type SubjectView } from './intune-scope';

export const ROLE_CACHE_TTL_MS = 60_000;

/** How long a confirmed agent's re-check may run alongside their next lookup instead of before it. */
export const AGENT_RECHECK_WINDOW_MS = 8 * 60 * 60_000;

/** Who someone is to the bot, and how far they reach when they are an agent. */
export interface Standing {
  role: Role;
  reach: Reach;
}

export const NO_REACH: Reach = { kind: 'grants', grants: [] };

/** Who is an agent and whom they may see: Entra groups (group mode) or Intune role assignments. */
export interface AgentDirectory {
  roleOf(aadObjectId: string): Promise<Role>;
  standingOf(aadObjectId: string): Promise<Standing>;
  /** What an agent with `reach` may see of the person with this object id. */
  viewOf(reach: Reach, subjectId: string): Promise<SubjectView>;
  /** Lets a later check by object id reuse one made by UPN (the same person). */
  alias(reach: Reach, checkedKey: string, subjectId: string): void;
  forget(aadObjectId: string): void;
  /** The standing while it is cached; undefined when Graph must be asked. */
  cachedStanding?(aadObjectId: string): Standing | undefined;
  /**
   * True for someone Graph confirmed as an agent within the last hours: their expired role may be checked in
   * the same round trip as their lookup, whose result is shown only if the check still says agent.
   */
  wasRecentlyAgent?(aadObjectId: string): boolean;
  /** The last standing Graph confirmed for a recent agent (for their reach while it is checked again). */
  recentStanding?(aadObjectId: string): Standing | undefined;
  /**
   * Starts the scope check of a person (Intune scope only): it then runs beside the requester's own re-check,
   * whose answer decides what the person is to them.
   */
  prefetchView?(subjectKey: string): Promise<void>;
}

export class RoleDirectory implements AgentDirectory {
  private readonly cache: TtlCache<string, Role>;
  private readonly recentAgents: TtlCache<string, true>;

  constructor(
    private readonly source: Pick<TroubleshootingSource, 'isMemberOfAnyGroup'>,
    private readonly helpdeskGroupIds: readonly string[],
    options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    this.cache = new TtlCache(options.ttlMs ?? ROLE_CACHE_TTL_MS, options.maxEntries ?? 5000, options.now);
    this.recentAgents = new TtlCache(AGENT_RECHECK_WINDOW_MS, options.maxEntries ?? 5000, options.now);
  }

  cachedStanding(aadObjectId: string): Standing | undefined {
    const role = this.cache.get(aadObjectId.toLowerCase());
    return role === undefined ? undefined : { role, reach: role === 'agent' ? EVERYTHING : NO_REACH };
  }

  wasRecentlyAgent(aadObjectId: string): boolean {
    return this.recentAgents.get(aadObjectId.toLowerCase()) === true;
  }

  async roleOf(aadObjectId: string): Promise<Role> {
    const key = aadObjectId.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const isAgent =
      this.helpdeskGroupIds.length > 0 && (await this.source.isMemberOfAnyGroup(key, this.helpdeskGroupIds));
    const role: Role = isAgent ? 'agent' : 'user';
    this.cache.set(key, role);
    if (isAgent) this.recentAgents.set(key, true);
    else this.recentAgents.delete(key);
    return role;
  }

  /** Group mode has no scope: an agent reaches everyone and every device. */
  async standingOf(aadObjectId: string): Promise<Standing> {
    const role = await this.roleOf(aadObjectId);
    return { role, reach: role === 'agent' ? EVERYTHING : NO_REACH };
  }

  viewOf(reach: Reach): Promise<SubjectView> {
    return Promise.resolve(reach.kind === 'everything' ? FULL_VIEW : NOT_COVERED);
  }

  alias(): void {
    // Group mode checks no scope.
  }

  forget(aadObjectId: string): void {
    this.cache.delete(aadObjectId.toLowerCase());
    this.recentAgents.delete(aadObjectId.toLowerCase());
  }
}
