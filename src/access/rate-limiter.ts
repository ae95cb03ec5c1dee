// Slows down a caller who floods the bot: at most `limit` turns in any `windowMs`, per caller. Bounded in
// memory: idle callers are forgotten.

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxCallers = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a turn; returns 0 when allowed, else the seconds to wait. */
  take(caller: string): number {
    const now = this.now();
    const recent = (this.hits.get(caller) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(caller, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.delete(caller);
    this.hits.set(caller, recent);
    if (this.hits.size > this.maxCallers) {
      const oldest = this.hits.keys().next();
      if (!oldest.done) this.hits.delete(oldest.value);
    }
    return 0;
  }
}
