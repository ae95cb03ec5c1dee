import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { errorBody, GraphError } from './graph-error';
import type { GraphRequest, GraphResponse } from './graph-request';
import { parseQuery } from './odata-query';
import { errorResponse, newIds } from './router';
import type { ApiVersion } from './types';
import { splitPath } from './url-path';

// The HTTP face of the demo tenant (node:http only): parse the request, wait the configured latency
// once per round trip, hand it to the dispatcher and write Graph's headers and JSON back.

export interface HttpSettings {
  dispatch: (request: GraphRequest) => Promise<GraphResponse>;
  latencyMs: () => number;
  closing: AbortSignal;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new GraphError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Splits /v1.0/users/x?… into version, path and query. The Graph SDK, given an http:// nextLink (it only
 * recognises https:// links as absolute), appends the whole link to its base URL; the inner URL is used then.
 */
function locate(url: string): { version: ApiVersion; rawPath: string; rawQuery: string } | null {
  const question = url.indexOf('?');
  let path = question === -1 ? url : url.slice(0, question);
  const rawQuery = question === -1 ? '' : url.slice(question + 1);
  const nested = /^\/(?:v1\.0|beta)\/https?:\/+[^/]+(\/.*)$/i.exec(path);
  if (nested?.[1]) path = nested[1];
  const match = /^\/(v1\.0|beta)(\/.*)?$/i.exec(path);
  if (!match) return null;
  const version = match[1]?.toLowerCase() === 'beta' ? 'beta' : 'v1.0';
  return { version, rawPath: match[2] ?? '', rawQuery };
}

function send(res: ServerResponse, response: GraphResponse): void {
  const payload = JSON.stringify(response.body);
  res.writeHead(response.status, { ...response.headers, 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

async function handle(settings: HttpSettings, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = new Date();
  const headers = headerMap(req);
  const ids = newIds(headers);
  const location = locate(req.url ?? '/');
  if (!location) {
    const body = errorBody(400, 'BadRequest', 'Invalid version: use /v1.0 or /beta.', {
      ...ids,
      date: receivedAt,
    });
    send(res, {
      status: 400,
      headers: {
        'Content-Type': 'application/json',
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
      body,
    });
    return;
  }
  const base: GraphRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    version: location.version,
    rawPath: location.rawPath,
    segments: [],
    query: parseQuery(''),
    headers,
    body: undefined,
    viaBatch: false,
    ...ids,
    receivedAt,
  };
  let response: GraphResponse;
  try {
    const text = await readBody(req);
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
      }
    }
    const request: GraphRequest = {
      ...base,
      segments: splitPath(location.rawPath),
      query: parseQuery(location.rawQuery),
      body,
    };
    const latency = settings.latencyMs();
    if (latency > 0) await sleep(latency, undefined, { signal: settings.closing });
    response = await settings.dispatch(request);
  } catch (error) {
    if (settings.closing.aborted) {
      res.destroy();
      return;
    }
    const failure =
      error instanceof GraphError ? error : new GraphError(500, 'InternalServerError', String(error));
    response = errorResponse(base, failure);
  }
  if (settings.closing.aborted) {
    res.destroy();
    return;
  }
  send(res, response);
}

export function createGraphServer(settings: HttpSettings): Server {
  const server = createServer((req, res) => {
    void handle(settings, req, res).catch(() => res.destroy());
  });
  // Like Graph's front end, idle connections stay open longer than clients keep them, so none is reused closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
