import { GraphError } from './graph-error';
import type { GraphRequest, GraphResponse } from './graph-request';
import type { JsonObject } from './json';
import type { PageSizes } from './paging';
import type { TenantData } from './seed/model';
import type { ApiVersion } from './types';

// What a route is and what its handler gets. Handlers return the 200 body or throw GraphError.

export interface RouteContext {
  request: GraphRequest;
  data: TenantData;
  baseUrl: string;
  pageSizes: PageSizes;
  /** Runs another request through the full pipeline (used by $batch for its sub-requests). */
  dispatch: (request: GraphRequest) => Promise<GraphResponse>;
  param: (name: string) => string;
}

export interface Route {
  method: 'GET' | 'POST';
  /** e.g. /users/{user}/memberOf; literal segments match case-insensitively. */
  pattern: string;
  /** Versions that have this path; both when absent. */
  versions?: readonly ApiVersion[];
  handler: (context: RouteContext) => JsonObject | Promise<JsonObject>;
}

/** Function segments may be called as getManagedAppPolicies or getManagedAppPolicies(). */
function normalise(segment: string): string {
  return segment.endsWith('()') ? segment.slice(0, -2) : segment;
}

export function matchPattern(pattern: string, segments: readonly string[]): Map<string, string> | null {
  const parts = pattern.split('/').filter((p) => p !== '');
  if (parts.length !== segments.length) return null;
  const params = new Map<string, string>();
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] ?? '';
    if (part.startsWith('{')) {
      if (segment === '') return null;
      params.set(part.slice(1, -1), segment);
    } else if (part.toLowerCase() !== normalise(segment).toLowerCase()) {
      return null;
    }
  }
  return params;
}

/** The first segment no route knows, for Graph's "Resource not found for the segment" message. */
export function unknownSegment(routes: readonly Route[], segments: readonly string[]): string {
  for (let length = 1; length <= segments.length; length++) {
    const prefix = segments.slice(0, length);
    const known = routes.some((route) => {
      const parts = route.pattern.split('/').filter((p) => p !== '');
      return parts.length >= length && matchPattern(parts.slice(0, length).join('/'), prefix) !== null;
    });
    if (!known) return prefix[length - 1] ?? '';
  }
  return segments[segments.length - 1] ?? '';
}

export function requiredParam(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined)
    throw new GraphError(500, 'InternalServerError', `Route parameter '${name}' missing.`);
  return value;
}
