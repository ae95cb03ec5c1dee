/** How long reports and lookups are reused, and how many are kept (the oldest go first). */
export interface CacheSettings {
  ttlMs: number;
  maxEntries: number;
}

export const DEFAULT_CACHE_SETTINGS: CacheSettings = { ttlMs: 60_000, maxEntries: 200 };
