/** Graph's transient statuses: throttled, service unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

export interface RetryPolicy {
  /** Retries per request after the first attempt. */
  maxRetries: number;
  /** Backoff base when Graph sends no Retry-After. */
  baseDelayMs: number;
  /** Longest wait we accept for one retry; the time budget still caps it. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Milliseconds to wait before retry number `attempt` (1-based). Retry-After is seconds and may be fractional
 * (Graph sends e.g. `2.128`), or an HTTP date; without it, exponential backoff.
 */
export function retryDelayMs(
  retryAfter: string | undefined,
  attempt: number,
  policy: RetryPolicy,
): number | null {
  const fromHeader = parseRetryAfter(retryAfter);
  // Retrying before Graph's Retry-After only prolongs the throttling: when it asks for longer than we wait,
  // give up (the area reports "throttled") rather than come back early.
  if (fromHeader !== null && fromHeader > policy.maxDelayMs) return null;
  const delay = fromHeader ?? policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(Math.max(0, delay), policy.maxDelayMs);
}

export function parseRetryAfter(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
