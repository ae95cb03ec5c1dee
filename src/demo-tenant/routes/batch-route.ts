import { GraphError } from '../graph-error';
import type { GraphRequest, GraphResponse } from '../graph-request';
import { isJsonObject, type JsonObject } from '../json';
import { parseQuery } from '../odata-query';
import { errorResponse, newIds } from '../router';
import type { Route, RouteContext } from '../route';
import { splitPath } from '../url-path';

// JSON batching (POST /{version}/$batch): at most 20 sub-requests, each run through the same pipeline
// as a direct request (so faults and the request log see them), in parallel unless `dependsOn` orders
// them; a request whose dependency failed gets 424 without being run.

const MAX_REQUESTS = 20;

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

function badBatch(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function parseSubRequests(body: unknown): SubRequest[] {
  if (!isJsonObject(body) || !Array.isArray(body.requests)) throw badBatch('Invalid batch payload format.');
  const raw: unknown[] = body.requests;
  if (raw.length > MAX_REQUESTS) {
    throw badBatch(
      `The number of requests in the batch (${raw.length}) exceeds the limit of ${MAX_REQUESTS}.`,
    );
  }
  const requests = raw.map((item, index): SubRequest => {
    if (!isJsonObject(item)) throw badBatch(`Request at index ${index} is not an object.`);
    const { id, method, url, headers, dependsOn } = item;
    if (typeof id !== 'string' || id === '') throw badBatch(`Request at index ${index} has no id.`);
    if (typeof method !== 'string' || typeof url !== 'string')
      throw badBatch(`Request '${id}' needs a method and a url.`);
    const headerMap: Record<string, string> = {};
    if (headers !== undefined) {
      if (!isJsonObject(headers)) throw badBatch(`Request '${id}' has invalid headers.`);
      for (const [name, value] of Object.entries(headers)) headerMap[name.toLowerCase()] = String(value);
    }
    if (item.body !== undefined && headerMap['content-type'] === undefined) {
      throw badBatch(`Request '${id}' has a body but no Content-Type header.`);
    }
    if (
      dependsOn !== undefined &&
      (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))
    ) {
      throw badBatch(`Request '${id}' has an invalid dependsOn.`);
    }
    return {
      id,
      method: method.toUpperCase(),
      url,
      headers: headerMap,
      body: item.body,
      dependsOn: dependsOn ?? [],
    };
  });
  const ids = new Set<string>();
  for (const request of requests) {
    const key = request.id.toLowerCase();
    if (ids.has(key)) throw badBatch(`Duplicate request id '${request.id}' in the batch.`);
    ids.add(key);
  }
  for (const request of requests) {
    for (const dependency of request.dependsOn) {
      if (!ids.has(dependency.toLowerCase())) {
        throw badBatch(`Request '${request.id}' depends on '${dependency}', which is not in the batch.`);
      }
    }
  }
  return requests;
}

/** A sub-request's url is relative to the version root; tolerate a leading version or a whole URL too. */
function relativeUrl(url: string, version: string): string {
  let rest = url.replace(/^https?:\/\/[^/]+/i, '');
  if (!rest.startsWith('/')) rest = `/${rest}`;
  const prefix = `/${version}/`;
  if (rest.toLowerCase().startsWith(prefix.toLowerCase())) rest = rest.slice(prefix.length - 1);
  return rest;
}

function toGraphRequest(sub: SubRequest, outer: GraphRequest): GraphRequest {
  const url = relativeUrl(sub.url, outer.version);
  const question = url.indexOf('?');
  const rawPath = question === -1 ? url : url.slice(0, question);
  const rawQuery = question === -1 ? '' : url.slice(question + 1);
  const headers: Record<string, string> = { ...sub.headers };
  // The outer request carries the token and the caller's correlation id for every sub-request.
  if (outer.headers.authorization !== undefined && headers.authorization === undefined) {
    headers.authorization = outer.headers.authorization;
  }
  const clientRequestId = headers['client-request-id'] ?? outer.clientRequestId;
  return {
    method: sub.method,
    version: outer.version,
    rawPath,
    segments: splitPath(rawPath),
    query: parseQuery(rawQuery),
    headers,
    body: sub.body,
    viaBatch: true,
    requestId: newIds(headers).requestId,
    clientRequestId,
    receivedAt: new Date(),
  };
}

function hasCycle(requests: SubRequest[]): boolean {
  const byId = new Map(requests.map((r) => [r.id.toLowerCase(), r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') return true;
    state.set(id, 'visiting');
    const cyclic = (byId.get(id)?.dependsOn ?? []).some((d) => visit(d.toLowerCase()));
    state.set(id, 'done');
    return cyclic;
  };
  return requests.some((r) => visit(r.id.toLowerCase()));
}

async function runBatch({ request, dispatch }: RouteContext): Promise<JsonObject> {
  const subRequests = parseSubRequests(request.body);
  if (hasCycle(subRequests)) throw badBatch('The dependsOn graph of the batch has a cycle.');
  const byId = new Map(subRequests.map((r) => [r.id.toLowerCase(), r]));
  const running = new Map<string, Promise<GraphResponse>>();

  const run = (sub: SubRequest): Promise<GraphResponse> => {
    const key = sub.id.toLowerCase();
    const existing = running.get(key);
    if (existing) return existing;
    const promise = (async (): Promise<GraphResponse> => {
      const dependencies = await Promise.all(
        sub.dependsOn.map((d) => {
          const dependency = byId.get(d.toLowerCase());
          return dependency ? run(dependency) : Promise.resolve<GraphResponse | null>(null);
        }),
      );
      let graphRequest: GraphRequest;
      try {
        graphRequest = toGraphRequest(sub, request);
      } catch (error) {
        const failure = error instanceof GraphError ? error : badBatch(String(error));
        return errorResponse({ ...request, viaBatch: true, ...newIds(sub.headers) }, failure);
      }
      if (dependencies.some((d) => d === null || d.status >= 400)) {
        return errorResponse(
          graphRequest,
          new GraphError(
            424,
            'FailedDependency',
            'The request could not be run because a request it depends on failed.',
          ),
        );
      }
      return dispatch(graphRequest);
    })();
    running.set(key, promise);
    return promise;
  };

  const responses = await Promise.all(subRequests.map(run));
  return {
    responses: responses.map((response, index) => ({
      id: subRequests[index]?.id ?? String(index),
      status: response.status,
      headers: response.headers,
      body: response.body,
    })),
  };
}

export const BATCH_ROUTES: readonly Route[] = [{ method: 'POST', pattern: '/$batch', handler: runBatch }];
