// Looks up whether someone is a helpdesk agent (transitive member of a helpdesk group), cached briefly so
// a burst of card clicks costs one Graph call, while a removed agent loses access within the TTL.
import type { TroubleshootingSource } from '../troubleshooting/report';
import { TtlCache } from '../ttl-cache';
import type { Role } from './access-policy';

export const ROLE_CACHE_TTL_MS = 60_000;

/** How long a confirmed agent's re-check may run alongside their next lookup instead of before it. */
export const AGENT_RECHECK_WINDOW_MS = 8 * 60 * 60_000;

export class RoleDirectory {
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

  /** The role while it is cached; undefined when Graph must be asked. */
  cachedRole(aadObjectId: string): Role | undefined {
    return this.cache.get(aadObjectId.toLowerCase());
  }

  /**
   * True for someone Graph confirmed as an agent within the last hours: their expired role may be checked
   * in the same round trip as their lookup, whose result is shown only if the check still says agent.
   * Nobody else's lookup reads anything before their role is known.
   */
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

  forget(aadObjectId: string): void {
    this.cache.delete(aadObjectId.toLowerCase());
    this.recentAgents.delete(aadObjectId.toLowerCase());
  }
}
