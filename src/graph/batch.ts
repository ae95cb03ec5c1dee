import { GraphRequestError, isGraphFailure, type GraphFailure } from './errors';
import type { GraphHttp, HttpRequest } from './graph-http';
import {
  asRecord,
  lowerCaseHeaders,
  toOutcome,
  type GraphOutcome,
  type GraphResponse,
} from './graph-response';
import type { OperationContext } from './operation-context';
import { mapConcurrently } from '../concurrency/map-concurrently';
import { RETRYABLE_STATUSES, retryDelayMs } from './retry-policy';

/** Graph's documented maximum number of requests in one JSON batch. */
export const BATCH_LIMIT = 20;

/**
 * Batches sent at once. Eight batches (160 requests) cover a user with 80 devices in one round trip; a user
 * with hundreds of devices takes more round trips instead of spending the app's Intune budget (1,000
 * requests per 20 s per tenant) in one burst that throttles every other agent.
 */
export const MAX_PARALLEL_BATCHES = 8;

export interface BatchRequest extends HttpRequest {
  /** Unique within one `sendBatched` call. */
  id: string;
}

interface Attempt {
  request: BatchRequest;
  attempt: number;
}

/**
 * Sends the requests as JSON batches: one version per batch (a batch targets /v1.0 or /beta), at most 20 per
 * batch, all batches in parallel. Graph evaluates throttling per sub-request and SDKs never retry those, so
 * sub-requests answered 429/503/504 are sent again in a following batch after the longest of their own
 * Retry-After values, while the time budget allows.
 */
export async function sendBatched(
  http: GraphHttp,
  requests: readonly BatchRequest[],
  ctx: OperationContext,
): Promise<Map<string, GraphOutcome>> {
  const results = new Map<string, GraphOutcome>();
  if (new Set(requests.map((r) => r.id.toLowerCase())).size !== requests.length) {
    throw new Error('Batch request ids must be unique (Graph compares them case-insensitively)');
  }
  let pending: Attempt[] = requests.map((request) => ({ request, attempt: 1 }));
  while (pending.length > 0) {
    const answered = await mapConcurrently(chunk(pending), MAX_PARALLEL_BATCHES, (attempts) =>
      sendOneBatch(http, attempts, ctx),
    );
    const retry: Attempt[] = [];
    let wait = 0;
    for (const { attempt, response } of answered.flat()) {
      if (isGraphFailure(response) || !RETRYABLE_STATUSES.has(response.status)) {
        results.set(
          attempt.request.id,
          isGraphFailure(response) ? { ok: false, error: response } : toOutcome(response),
        );
      } else {
        const delay =
          attempt.attempt > ctx.retry.maxRetries
            ? null
            : retryDelayMs(response.headers['retry-after'], attempt.attempt, ctx.retry);
        results.set(attempt.request.id, toOutcome(response));
        if (delay !== null) {
          retry.push({ request: attempt.request, attempt: attempt.attempt + 1 });
          wait = Math.max(wait, delay);
        }
      }
    }
    if (retry.length === 0) break;
    if (wait >= ctx.budget.remainingMs()) break;
    ctx.stats.retries += retry.length;
    try {
      await ctx.budget.sleep(wait);
    } catch {
      for (const { request } of retry)
        results.set(request.id, { ok: false, error: ctx.budget.timeoutError() });
      break;
    }
    pending = retry;
  }
  return results;
}

/** Groups by version, then cuts each group into batches of at most BATCH_LIMIT. */
export function chunk<T extends { request: HttpRequest }>(items: readonly T[]): T[][] {
  const byVersion = new Map<string, T[]>();
  for (const item of items) {
    const group = byVersion.get(item.request.version) ?? [];
    group.push(item);
    byVersion.set(item.request.version, group);
  }
  const batches: T[][] = [];
  for (const group of byVersion.values()) {
    for (let i = 0; i < group.length; i += BATCH_LIMIT) batches.push(group.slice(i, i + BATCH_LIMIT));
  }
  return batches;
}

async function sendOneBatch(
  http: GraphHttp,
  attempts: Attempt[],
  ctx: OperationContext,
): Promise<{ attempt: Attempt; response: GraphResponse | GraphFailure }[]> {
  const first = attempts[0];
  if (first === undefined) return [];
  const outcome = await http.send(
    {
      method: 'POST',
      version: first.request.version,
      url: '/$batch',
      body: { requests: attempts.map(({ request }) => toWire(request)) },
    },
    ctx,
  );
  if (!outcome.ok) return attempts.map((attempt) => ({ attempt, response: outcome.error }));
  const byId = new Map<string, GraphResponse>();
  const responses = asRecord(outcome.response.body)?.responses;
  for (const item of Array.isArray(responses) ? (responses as unknown[]) : []) {
    const sub = asRecord(item);
    const id = sub?.id;
    if (sub === null || typeof id !== 'string' || typeof sub.status !== 'number') continue;
    const headers = lowerCaseHeaders(asRecord(sub.headers) ?? undefined);
    byId.set(id.toLowerCase(), { status: sub.status, headers, body: decodeBody(sub.body, headers) });
  }
  // Sub-responses may come back in any order; match them by id.
  return attempts.map((attempt) => ({
    attempt,
    response:
      byId.get(attempt.request.id.toLowerCase()) ??
      new GraphRequestError(
        0,
        'missingBatchResponse',
        'The batch response has no answer for this request',
        undefined,
        undefined,
      ),
  }));
}

function toWire(request: BatchRequest): Record<string, unknown> {
  const headers = { ...request.headers };
  if (request.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    // Graph requires a Content-Type for every sub-request that has a body.
    headers['Content-Type'] = 'application/json';
  }
  return {
    id: request.id,
    method: request.method,
    url: request.url,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

/** Graph base64-encodes sub-response bodies that are not JSON (report actions answer as a stream). */
function decodeBody(body: unknown, headers: Record<string, string>): unknown {
  if (typeof body !== 'string' || (headers['content-type'] ?? '').includes('json')) return body;
  try {
    return JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as unknown;
  } catch {
    return body;
  }
}
