import { GraphRequestError, type GraphFailure } from './errors';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: unknown;
}

/** A request either answered 2xx, or failed (error status, no answer, or out of time). */
export type GraphOutcome = { ok: true; response: GraphResponse } | { ok: false; error: GraphFailure };

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === 'string') result[name.toLowerCase()] = value;
    else if (typeof value === 'number') result[name.toLowerCase()] = String(value);
  }
  return result;
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function stringProp(record: Record<string, unknown> | null, name: string): string | undefined {
  const value = record?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Graph's error body is `{error:{code,message,innerError:{"request-id",date}}}`; the same ids also come as
 * `request-id` / `date` response headers.
 */
export function toRequestError(response: GraphResponse): GraphRequestError {
  const error = asRecord(asRecord(response.body)?.error);
  const inner = asRecord(error?.innerError) ?? asRecord(error?.innererror);
  const code = stringProp(error, 'code');
  const requestId = stringProp(inner, 'request-id') ?? response.headers['request-id'];
  // Graph's own message can quote the query (a typed name), so it stays out of the error and the logs.
  return new GraphRequestError(
    response.status,
    code,
    `Graph answered HTTP ${response.status}${code ? ` ${code}` : ''}${requestId ? ` (request-id ${requestId})` : ''}`,
    requestId,
    stringProp(inner, 'date') ?? response.headers.date,
  );
}

export function toOutcome(response: GraphResponse): GraphOutcome {
  return isSuccess(response.status) ? { ok: true, response } : { ok: false, error: toRequestError(response) };
}

/** The `value` array of a collection response (empty when absent). */
export function collectionItems(body: unknown): unknown[] {
  const value = asRecord(body)?.value;
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function nextLinkOf(body: unknown): string | null {
  const link = asRecord(body)?.['@odata.nextLink'];
  return typeof link === 'string' && link !== '' ? link : null;
}
