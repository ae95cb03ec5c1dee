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

export interface HttpRequest {
  method: 'GET' | 'POST';
  version: GraphVersion;
  /** Relative to the version root, starting with `/`, query already escaped (see odata.ts). */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Sends single requests through the SDK client, retrying 429/503/504 within the operation's budget. */
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
      if (isGraphFailure(response)) return { ok: false, error: response };
      if (!RETRYABLE_STATUSES.has(response.status) || attempt > ctx.retry.maxRetries)
        return toOutcome(response);
      const delay = retryDelayMs(response.headers['retry-after'], attempt, ctx.retry);
      if (delay === null || delay >= ctx.budget.remainingMs()) return toOutcome(response);
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
      return new GraphRequestError(0, 'networkError', `Graph request failed (${kind})`, undefined, undefined);
    } finally {
      end();
    }
  }
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
