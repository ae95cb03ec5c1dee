// Keeps the bot within Teams' rate for one bot in one conversation (7 operations a second), and retries
// what Teams asks to be retried (429, 412, 502, 504) with backoff and jitter, honouring Retry-After.

export const TEAMS_OPERATIONS_PER_SECOND = 7;
const RETRY_STATUSES = new Set([412, 429, 502, 504]);

export interface RetrySettings {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_OUTBOUND_RETRY: RetrySettings = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8000 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP status and Retry-After (ms) of a connector error, read defensively: its shape varies. */
export function outboundFailure(error: unknown): { status: number | null; retryAfterMs: number | null } {
  if (error === null || typeof error !== 'object') return { status: null, retryAfterMs: null };
  const { statusCode, response } = error as {
    statusCode?: unknown;
    response?: { headers?: { get?: (name: string) => string | undefined | null } };
  };
  const header = response?.headers?.get?.('retry-after');
  const seconds = header === undefined || header === null ? NaN : Number(header);
  return {
    status: typeof statusCode === 'number' ? statusCode : null,
    retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null,
  };
}

export class OutboundPacer {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly perSecond = TEAMS_OPERATIONS_PER_SECOND,
    private readonly retry: RetrySettings = DEFAULT_OUTBOUND_RETRY,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  /** Waits until the conversation has room for one more operation in the last second, then takes it. */
  async acquire(conversationId: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const times = (this.recent.get(conversationId) ?? []).filter((t) => t > now - 1000);
      if (times.length < this.perSecond) {
        times.push(now);
        this.recent.set(conversationId, times);
        if (this.recent.size > 10_000) this.forgetIdle(now);
        return;
      }
      this.recent.set(conversationId, times);
      await this.wait((times[0] ?? now) + 1000 - now + 1);
    }
  }

  private forgetIdle(now: number): void {
    for (const [id, times] of this.recent) if (times.every((t) => t <= now - 1000)) this.recent.delete(id);
  }

  /** Runs one outbound operation at the conversation's pace, retrying what Teams says to retry. */
  async run<T>(conversationId: string, operation: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire(conversationId);
      try {
        return await operation();
      } catch (error) {
        const { status, retryAfterMs } = outboundFailure(error);
        if (status === null || !RETRY_STATUSES.has(status) || attempt >= this.retry.attempts) throw error;
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const jitter = Math.random() * backoff * 0.5;
        await this.wait(Math.min(this.retry.maxDelayMs, retryAfterMs ?? backoff + jitter));
      }
    }
  }
}
