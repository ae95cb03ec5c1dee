import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, isGraphFailure, type GraphFailure } from './errors';
import {
  lowerCaseHeaders,
  toOutcome,
  type GraphOutcome,
  type GraphResponse,
  type GraphVersion,
} from './graph-response';
import type { OperationContext } from './operation-context';
import { RETRYABLE_STATUSES, retryDelayMs } from './retry-policy';

const NETWORK_ERROR = 'networkError';

export interface HttpRequest {
  method: 'GET' | 'POST';
  version: GraphVersion;
  /** Relative to the version root, starting with `/`, query already escaped (see odata.ts). */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Sends single requests through the SDK client, retrying 429/503/504 and dropped connections within the
 * operation's budget. Every request this bot sends only reads (GETs, `$batch` of GETs, `checkMemberGroups`,
 * report queries), so sending one again after a connection reset cannot change anything in the tenant.
 */
export class GraphHttp {
  private readonly root: string;

  constructor(
    private readonly client: Client,
    baseUrl: string,
  ) {
    const url = new URL(baseUrl);
    this.root = `${url.origin}${url.pathname.replace(/\/+$/, '')}/`;
  }

  async send(request: HttpRequest, ctx: OperationContext): Promise<GraphOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.sendOnce(request, ctx);
      const outcome: GraphOutcome = isGraphFailure(response)
        ? { ok: false, error: response }
        : toOutcome(response);
      const retryable = isGraphFailure(response)
        ? isNetworkFailure(response)
        : RETRYABLE_STATUSES.has(response.status);
      if (!retryable || attempt > ctx.retry.maxRetries) return outcome;
      const retryAfter = isGraphFailure(response) ? undefined : response.headers['retry-after'];
      const delay = retryDelayMs(retryAfter, attempt, ctx.retry);
      if (delay === null || delay >= ctx.budget.remainingMs()) return outcome;
      ctx.stats.retries += 1;
      try {
        await ctx.budget.sleep(delay);
      } catch {
        return { ok: false, error: ctx.budget.timeoutError() };
      }
    }
  }

  /**
   * Turns an `@odata.nextLink` into a request for this client. The link is followed whole (Graph says not to
   * rebuild it from $skiptoken); only links under our own base URL are followed, so a token never leaves it.
   */
  nextLinkRequest(link: string, headers: Record<string, string> | undefined): HttpRequest | null {
    if (!link.startsWith(this.root)) return null;
    const rest = link.slice(this.root.length);
    const slash = rest.indexOf('/');
    const version = rest.slice(0, slash);
    if (slash < 0 || (version !== 'v1.0' && version !== 'beta')) return null;
    return { method: 'GET', version, url: rest.slice(slash), ...(headers ? { headers } : {}) };
  }

  private async sendOnce(request: HttpRequest, ctx: OperationContext): Promise<GraphResponse | GraphFailure> {
    if (ctx.budget.expired) return ctx.budget.timeoutError();
    const end = ctx.stats.begin();
    try {
      const call = this.client
        .api(request.url)
        .version(request.version)
        .headers({ ...request.headers, 'client-request-id': ctx.clientRequestId })
        .option('signal', ctx.budget.signal)
        .responseType(ResponseType.RAW);
      const raw: unknown = request.method === 'GET' ? await call.get() : await call.post(request.body);
      if (!(raw instanceof Response)) {
        return new GraphRequestError(
          0,
          'noResponse',
          'Graph returned no HTTP response',
          undefined,
          undefined,
        );
      }
      const text = await raw.text();
      return { status: raw.status, headers: headersOf(raw.headers), body: parseBody(text) };
    } catch (error) {
      if (ctx.budget.expired) return ctx.budget.timeoutError();
      // Network errors name the URL, query included; keep only the kind of failure.
      const code = (error as { code?: unknown } | null)?.code;
      const kind = typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
      return new GraphRequestError(0, NETWORK_ERROR, `Graph request failed (${kind})`, undefined, undefined);
    } finally {
      end();
    }
  }
}

/** A connection refused, reset or dropped before Graph answered: worth one more try, unlike an answer. */
function isNetworkFailure(failure: GraphFailure): boolean {
  return failure instanceof GraphRequestError && failure.status === 0 && failure.code === NETWORK_ERROR;
}

function headersOf(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return lowerCaseHeaders(record);
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
