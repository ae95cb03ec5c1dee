import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FaultRegistry } from './faults';
import type { PageSizes } from './paging';
import { defaultErrorFor, errorBody, GraphError, segmentNotFound } from './graph-error';
import { decodedPath, type GraphRequest, type GraphResponse } from './graph-request';
import { matchPattern, requiredParam, unknownSegment, type Route } from './route';
import type { TenantData } from './seed/model';
import type { RecordedRequest } from './types';

// The request pipeline shared by HTTP requests and $batch sub-requests: record, inject faults, route,
// and turn every outcome into a Graph-shaped response.

export interface RouterState {
  data: TenantData;
  faults: FaultRegistry;
  log: RecordedRequest[];
  baseUrl: () => string;
  pageSizes: PageSizes;
  /** Aborted when the tenant closes, so hanging faults do not outlive it. */
  closing: AbortSignal;
}

const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function responseHeaders(
  request: GraphRequest,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    'Content-Type': JSON_CONTENT_TYPE,
    'OData-Version': '4.0',
    'request-id': request.requestId,
    'client-request-id': request.clientRequestId,
    ...extra,
  };
}

export function errorResponse(request: GraphRequest, error: GraphError): GraphResponse {
  return {
    status: error.status,
    headers: responseHeaders(request, { 'Content-Type': 'application/json', ...error.headers }),
    body: errorBody(error.status, error.code, error.message, {
      requestId: request.requestId,
      clientRequestId: request.clientRequestId,
      date: request.receivedAt,
    }),
  };
}

export function newIds(headers: Record<string, string>): { requestId: string; clientRequestId: string } {
  return { requestId: randomUUID(), clientRequestId: headers['client-request-id'] ?? randomUUID() };
}

/** The log is for tests and demos; a long-running demo (or a load test) keeps only the newest entries. */
export const MAX_RECORDED_REQUESTS = 20_000;

function record(log: RecordedRequest[], request: GraphRequest): void {
  if (log.length >= MAX_RECORDED_REQUESTS) log.splice(0, log.length - MAX_RECORDED_REQUESTS + 1);
  const headers: RecordedRequest['headers'] = { authorization: request.headers.authorization !== undefined };
  const consistency = request.headers.consistencylevel;
  if (consistency !== undefined) headers.consistencylevel = consistency;
  const clientRequestId = request.headers['client-request-id'];
  if (clientRequestId !== undefined) headers['client-request-id'] = clientRequestId;
  log.push({
    method: request.method,
    version: request.version,
    path: decodedPath(request),
    query: request.query.decoded,
    headers,
    viaBatch: request.viaBatch,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
}

export function createDispatcher(
  routes: readonly Route[],
  state: RouterState,
): (request: GraphRequest) => Promise<GraphResponse> {
  const dispatch = async (request: GraphRequest): Promise<GraphResponse> => {
    record(state.log, request);
    try {
      const fault = state.faults.take(request.method, decodedPath(request), request.query.decoded);
      if (fault) {
        if (fault.hangMs) await sleep(fault.hangMs, undefined, { signal: state.closing });
        const fallback = defaultErrorFor(fault.status);
        const headers: Record<string, string> =
          fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
        throw new GraphError(
          fault.status,
          fault.code ?? fallback.code,
          fault.message ?? fallback.message,
          headers,
        );
      }
      return await route(request);
    } catch (error) {
      if (error instanceof GraphError) return errorResponse(request, error);
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(request, new GraphError(500, 'InternalServerError', message));
    }
  };

  const route = async (request: GraphRequest): Promise<GraphResponse> => {
    let methodMismatch = false;
    for (const candidate of routes) {
      const params = matchPattern(candidate.pattern, request.segments);
      if (!params) continue;
      if (candidate.method !== request.method) {
        methodMismatch = true;
        continue;
      }
      if (candidate.versions && !candidate.versions.includes(request.version)) {
        throw segmentNotFound(request.segments[request.segments.length - 1] ?? '');
      }
      const body = await candidate.handler({
        request,
        data: state.data,
        baseUrl: state.baseUrl(),
        pageSizes: state.pageSizes,
        dispatch,
        param: (name) => requiredParam(params, name),
      });
      return { status: 200, headers: responseHeaders(request), body };
    }
    if (methodMismatch) {
      throw new GraphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    }
    throw segmentNotFound(unknownSegment(routes, request.segments));
  };

  return dispatch;
}
