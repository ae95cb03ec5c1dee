import type { ODataQuery } from './odata-query';

// One request as the router sees it, whether it came over HTTP or as a $batch sub-request.

export type ApiVersion = 'v1.0' | 'beta';

export interface GraphRequest {
  method: string;
  version: ApiVersion;
  /** The path after the version as sent (percent-encoded), used to build @odata.nextLink. */
  rawPath: string;
  /** Decoded path segments. */
  segments: string[];
  query: ODataQuery;
  /** Lowercased header names. */
  headers: Record<string, string>;
  body: unknown;
  viaBatch: boolean;
  /** Graph's ids for this request (echoed client-request-id, generated request-id). */
  requestId: string;
  clientRequestId: string;
  receivedAt: Date;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function decodedPath(request: GraphRequest): string {
  return `/${request.segments.join('/')}`;
}
