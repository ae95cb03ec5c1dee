import assert from 'node:assert/strict';
import { GraphTimeoutError, GraphRequestError } from '../../src/graph/errors';
import { newOperation } from '../../src/graph/operation-context';
import { startFixtureGraphServer, type FixtureGraphServer } from '../support/fixture-graph-server';
import { fakeClock, sitOutRetryWaits, track, until, type FakeClock } from '../support/fake-clock';
import { httpFor, operation } from './source-for';

describe('graph/graph-http', () => {
  let server: FixtureGraphServer;
  let clock: FakeClock | null = null;
  beforeEach(async () => {
    server = await startFixtureGraphServer();
  });
  afterEach(async () => {
    clock?.restore();
    clock = null;
    await server.close();
  });

  it('sends the caller correlation id as client-request-id and no Authorization without a credential', async () => {
    const correlationId = '1b4e28ba-2fa1-4d2b-883f-0016d3cca427';
    const outcome = await httpFor(server.url).send(
      { method: 'GET', version: 'v1.0', url: '/deviceManagement' },
      newOperation(5_000, correlationId),
    );
    assert.equal(outcome.ok, true);
    assert.equal(server.requests[0]?.headers['client-request-id'], correlationId);
    assert.equal(server.requests[0]?.headers.authorization, undefined);
  });

  it('retries a whole request on 429 after the fractional Retry-After', async () => {
    server.faults.add({ path: '/deviceManagement', status: 429, times: 2, retryAfterSeconds: 0.05 });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(
      httpFor(server.url).send({ method: 'GET', version: 'v1.0', url: '/deviceManagement' }, ctx),
    );
    // Not again before the 50 ms Retry-After, each time.
    await sitOutRetryWaits(clock, [50, 50], {
      retries: () => ctx.stats.retries,
      sent: () => server.requests.length,
    });
    const outcome = await sending.promise;
    assert.equal(outcome.ok, true);
    assert.equal(server.requests.length, 3);
    assert.equal(ctx.stats.retries, 2);
    assert.equal(ctx.stats.roundTrips, 3);
  });

  it('sends a request again when the connection drops before Graph answers, after its backoff', async () => {
    server.faults.add({ path: '/deviceManagement', status: 200, dropConnection: true, times: 2 });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(
      httpFor(server.url).send({ method: 'GET', version: 'v1.0', url: '/deviceManagement' }, ctx),
    );
    // No Retry-After on a dropped connection: the backoff, 10 ms doubling.
    await sitOutRetryWaits(clock, [10, 20], {
      retries: () => ctx.stats.retries,
      sent: () => server.requests.length,
    });
    const outcome = await sending.promise;
    assert.equal(outcome.ok, true);
    assert.equal(server.requests.length, 3);
    assert.equal(ctx.stats.retries, 2);
  });

  it('sends a whole $batch again when its connection drops', async () => {
    server.faults.add({ method: 'POST', path: '/$batch', status: 200, dropConnection: true, times: 1 });
    clock = fakeClock();
    const ctx = operation();
    const batches = (): number => server.requests.filter((r) => r.path === '/$batch').length;
    const sending = track(
      httpFor(server.url).send(
        {
          method: 'POST',
          version: 'v1.0',
          url: '/$batch',
          body: { requests: [{ id: '1', method: 'GET', url: '/deviceManagement' }] },
        },
        ctx,
      ),
    );
    await sitOutRetryWaits(clock, [10], { retries: () => ctx.stats.retries, sent: batches });
    const outcome = await sending.promise;
    assert.equal(outcome.ok, true);
    assert.equal(batches(), 2);
  });

  it('reports a network error once the retries are spent, naming no URL', async () => {
    server.faults.add({ path: '/deviceManagement', status: 200, dropConnection: true });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(
      httpFor(server.url).send(
        { method: 'GET', version: 'v1.0', url: '/deviceManagement?$filter=secret' },
        ctx,
      ),
    );
    await sitOutRetryWaits(clock, [10, 20, 40], {
      retries: () => ctx.stats.retries,
      sent: () => server.requests.length,
    });
    const outcome = await sending.promise;
    assert.ok(!outcome.ok && outcome.error instanceof GraphRequestError);
    assert.equal(outcome.error.status, 0);
    assert.equal(outcome.error.code, 'networkError');
    assert.doesNotMatch(outcome.error.message, /secret|deviceManagement/);
    assert.equal(server.requests.length, 1 + ctx.retry.maxRetries);
  });

  it('does not send again a request Graph answered with a client error', async () => {
    server.faults.add({ path: '/deviceManagement', status: 404 });
    const ctx = operation();
    const outcome = await httpFor(server.url).send(
      { method: 'GET', version: 'v1.0', url: '/deviceManagement' },
      ctx,
    );
    assert.equal(outcome.ok, false);
    assert.equal(server.requests.length, 1);
    assert.equal(ctx.stats.retries, 0);
  });

  it('returns the Graph error with request-id and date when retries do not help', async () => {
    server.faults.add({ path: '/deviceManagement', status: 403 });
    const outcome = await httpFor(server.url).send(
      { method: 'GET', version: 'v1.0', url: '/deviceManagement' },
      operation(),
    );
    assert.ok(!outcome.ok && outcome.error instanceof GraphRequestError);
    assert.equal(outcome.error.status, 403);
    assert.equal(outcome.error.code, 'Authorization_RequestDenied');
    assert.equal(outcome.error.requestId, 'req-403');
    assert.equal(outcome.error.date, '2025-02-13T10:17:06');
  });

  it('aborts a hanging request when the time budget runs out', async () => {
    server.faults.add({ path: '/deviceManagement', status: 200, hangMs: 5_000 });
    clock = fakeClock();
    const ctx = operation(300);
    const sending = track(
      httpFor(server.url).send({ method: 'GET', version: 'v1.0', url: '/deviceManagement' }, ctx),
    );
    await until(() => server.requests.length === 1, 'the request reached Graph');
    await clock.tickAsync(299);
    assert.equal(sending.settled, false, 'still waiting inside the budget');
    await clock.tickAsync(1);
    const outcome = await sending.promise;
    assert.ok(!outcome.ok && outcome.error instanceof GraphTimeoutError);
    ctx.budget.dispose();
  });

  it('follows only nextLinks under its own base URL', () => {
    const http = httpFor(server.url);
    assert.deepEqual(
      http.nextLinkRequest(`${server.url}/beta/users?$skiptoken=abc`, { ConsistencyLevel: 'eventual' }),
      {
        method: 'GET',
        version: 'beta',
        url: '/users?$skiptoken=abc',
        headers: { ConsistencyLevel: 'eventual' },
      },
    );
    assert.equal(http.nextLinkRequest('https://evil.example/v1.0/users?$skiptoken=abc', undefined), null);
    assert.equal(http.nextLinkRequest(`${server.url}/v2/users`, undefined), null);
  });
});
