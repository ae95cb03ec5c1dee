import { GraphError } from './graph-error';
import type { GraphRequest } from './graph-request';
import type { JsonObject } from './json';
import { rawQueryWithoutSkiptoken } from './odata-query';

// Server-driven paging like Graph's: a page is at most `maxPageSize` items whatever $top asks for (Graph
// clamps some collections too), and `@odata.nextLink` is a complete URL carrying the original query plus
// an opaque $skiptoken. Tests shrink the page sizes (StartDemoTenantOptions.pageSizes) to exercise paging.

export interface PageSize {
  defaultPageSize: number;
  maxPageSize: number;
}

/** Server page sizes per kind of collection; a `$top` above the maximum is clamped to it. */
export interface PageSizes {
  /** users, groups, memberships, devices: Graph documents 100 by default and 999 at most. */
  directory: PageSize;
  /** A user's managed devices: Intune serves up to 1,000 per page (Graph's docs name no number). */
  managedDevices: PageSize;
  /** Other Intune collections: up to 1,000 per page, like the managed devices (not documented either). */
  intune: PageSize;
}

export const GRAPH_PAGE_SIZES: PageSizes = {
  directory: { defaultPageSize: 100, maxPageSize: 999 },
  managedDevices: { defaultPageSize: 1000, maxPageSize: 1000 },
  intune: { defaultPageSize: 1000, maxPageSize: 1000 },
};

export interface PageOptions {
  /** @odata.context fragment after $metadata#, e.g. users(id,displayName). */
  context: string;
  defaultPageSize: number;
  maxPageSize: number;
}

const TOKEN_PREFIX = 'demo1.';

function encodeToken(offset: number): string {
  return TOKEN_PREFIX + Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  if (!token.startsWith(TOKEN_PREFIX)) throw invalidToken();
  try {
    const parsed: unknown = JSON.parse(
      Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'),
    );
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const offset = parsed.offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through to the error below
  }
  throw invalidToken();
}

function invalidToken(): GraphError {
  return new GraphError(400, 'Request_BadRequest', 'Specified value for skip token is invalid.');
}

export function contextUrl(baseUrl: string, request: GraphRequest, fragment: string): string {
  return `${baseUrl}/${request.version}/$metadata#${fragment}`;
}

export function selectSuffix(request: GraphRequest): string {
  return request.query.select ? `(${request.query.select.join(',')})` : '';
}

export function page(
  baseUrl: string,
  request: GraphRequest,
  items: JsonObject[],
  options: PageOptions,
): JsonObject {
  const offset = request.query.skiptoken === null ? 0 : decodeToken(request.query.skiptoken);
  const size = Math.min(request.query.top ?? options.defaultPageSize, options.maxPageSize);
  const slice = items.slice(offset, offset + size);
  const body: JsonObject = { '@odata.context': contextUrl(baseUrl, request, options.context) };
  // Like Graph, the count is only on the first page.
  if (request.query.count && request.query.skiptoken === null) body['@odata.count'] = items.length;
  const next = offset + size;
  if (size > 0 && next < items.length) {
    const rest = rawQueryWithoutSkiptoken(request.query.raw);
    body['@odata.nextLink'] =
      `${baseUrl}/${request.version}${request.rawPath}?${rest}${rest ? '&' : ''}$skiptoken=${encodeToken(next)}`;
  }
  body.value = slice;
  return body;
}
