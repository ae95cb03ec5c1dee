// Looks up whether someone is a helpdesk agent (transitive member of a helpdesk group), cached briefly so
// a burst of card clicks costs one Graph call, while a removed agent loses access within the TTL.
import type { TroubleshootingSource } from '../troubleshooting/report';
import { TtlCache } from '../ttl-cache';
import type { Role } from './access-policy';

export const ROLE_CACHE_TTL_MS = 60_000;

export class RoleDirectory {
  private readonly cache: TtlCache<string, Role>;

  constructor(
    private readonly source: Pick<TroubleshootingSource, 'isMemberOfAnyGroup'>,
    private readonly helpdeskGroupIds: readonly string[],
    options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    this.cache = new TtlCache(options.ttlMs ?? ROLE_CACHE_TTL_MS, options.maxEntries ?? 5000, options.now);
  }

  async roleOf(aadObjectId: string): Promise<Role> {
    const key = aadObjectId.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const isAgent =
      this.helpdeskGroupIds.length > 0 && (await this.source.isMemberOfAnyGroup(key, this.helpdeskGroupIds));
    const role: Role = isAgent ? 'agent' : 'user';
    this.cache.set(key, role);
    return role;
  }

  forget(aadObjectId: string): void {
    this.cache.delete(aadObjectId.toLowerCase());
  }
}
