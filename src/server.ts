// HTTP: POST /api/messages into the bot's endpoint, GET /healthz and /readyz. Everything else is the bot's business.
import restify from 'restify';
import type { MessageEndpoint } from './bot/message-endpoint';
import type { InFlight } from './concurrency/in-flight';
import { describeError, type Logger } from './logging/logger';
import { activityProblem } from './http/activity-shape';
import { readJsonBody } from './http/read-json-body';

/** Teams activities are small; 256 KB leaves room for card-action payloads and refuses floods. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A check resolves (ok), resolves 'degraded' (serving, but something needs a look) or throws (not ready). */
export type ReadinessChecks = Record<string, () => Promise<void | 'degraded'>>;

export interface ServerDeps {
  /** The bot's endpoint: it runs one checked activity and answers on the response. */
  messages: MessageEndpoint;
  logger: Logger;
  inFlight: InFlight;
  /** Each check resolves when its dependency is usable and throws (with a short reason) when not. */
  readiness: ReadinessChecks;
  /** Anonymous local mode: activities may only ask for replies to loopback. */
  anonymous: boolean;
}

const READINESS_TIMEOUT_MS = 5000;
const KEEP_ALIVE_MS = 65_000;

/** 'ok', 'degraded' or 'failed'; the reason goes to the log only, since /readyz answers anyone. */
async function runCheck(
  name: string,
  check: () => Promise<void | 'degraded'>,
  logger: Logger,
): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS);
      }),
    ]);
    return result === 'degraded' ? 'degraded' : 'ok';
  } catch (error) {
    logger.warn('readiness.failed', { check: name, error: describeError(error) });
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}

/** Refused before the bot: the socket closes after the answer, so an unread body is not drained. */
function refuse(res: restify.Response, status: number, error: string): void {
  res.setHeader('connection', 'close');
  res.json(status, { error });
}

export function createServer({
  messages,
  logger,
  inFlight,
  readiness,
  anonymous,
}: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'helpdesk-bot', handleUncaughtExceptions: false });
  // Idle keep-alive connections outlive the client's (and a load balancer's) own idle timeout, so a
  // client never reuses a socket the server is closing at that moment (ECONNRESET instead of an answer).
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1000;

  server.get('/healthz', (_req, res, next) => {
    res.json(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req, res) => {
    if (inFlight.isDraining) {
      res.json(503, { status: 'stopping', checks: {} });
      return;
    }
    const names = Object.keys(readiness);
    const results = await Promise.all(
      names.map((name) => runCheck(name, readiness[name] ?? (() => Promise.resolve()), logger)),
    );
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every((r) => r !== 'failed');
    const degraded = results.includes('degraded');
    // Degraded still serves (200): one set-aside document must not take the instance out of rotation.
    res.json(ready ? 200 : 503, { status: ready ? (degraded ? 'degraded' : 'ready') : 'notReady', checks });
  });

  server.post('/api/messages', async (req, res) => {
    const read = await readJsonBody(req, MAX_BODY_BYTES);
    if (!read.ok) {
      logger.warn('request.rejected', { path: '/api/messages', status: read.status });
      refuse(res, read.status, read.error);
      return;
    }
    const problem = activityProblem(read.body, { loopbackServiceUrlOnly: anonymous });
    if (problem !== null) {
      logger.warn('request.rejected', { path: '/api/messages', status: 400 });
      res.json(400, { error: problem });
      return;
    }
    req.body = read.body;
    if (!inFlight.begin()) {
      // Shutting down: Bot Framework retries elsewhere (or later) on 503.
      res.json(503, { error: 'stopping' });
      return;
    }
    try {
      await messages(req, res);
    } finally {
      inFlight.end();
    }
  });

  server.on(
    'restifyError',
    (req: restify.Request, _res: restify.Response, error: Error, callback: () => void) => {
      logger.warn('request.rejected', { path: req.path(), error: describeError(error) });
      callback();
    },
  );
  return server;
}

export function listen(server: restify.Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const onListening = (): void => {
      const address = server.address();
      resolve(address.port);
    };
    if (host) server.listen(port, host, onListening);
    else server.listen(port, onListening);
  });
}
