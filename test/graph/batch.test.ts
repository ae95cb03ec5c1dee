import assert from 'node:assert/strict';
import { BATCH_LIMIT, MAX_PARALLEL_BATCHES, sendBatched, type BatchRequest } from '../../src/graph/batch';
import { GraphRequestError } from '../../src/graph/errors';
import { startFixtureGraphServer, type FixtureGraphServer } from '../support/fixture-graph-server';
import { fakeClock, sitOutRetryWaits, track, until, type FakeClock } from '../support/fake-clock';
import { httpFor, operation } from './source-for';

const userRequest = (i: number, version: 'v1.0' | 'beta' = 'v1.0'): BatchRequest => ({
  id: `r${i}`,
  method: 'GET',
  version,
  url: '/deviceManagement',
});

describe('graph/batch', () => {
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

  it('splits into batches of at most 20 per version and sends them in parallel', async () => {
    const requests = [
      ...Array.from({ length: 45 }, (_, i) => userRequest(i)),
      ...Array.from({ length: 3 }, (_, i) => userRequest(100 + i, 'beta')),
    ];
    const ctx = operation();
    const results = await sendBatched(httpFor(server.url), requests, ctx);

    const batches = server.requests.filter((r) => r.path === '/$batch');
    assert.deepEqual(batches.map((b) => b.version).sort(), ['beta', 'v1.0', 'v1.0', 'v1.0']);
    const subs = server.requests.filter((r) => r.viaBatch);
    assert.equal(subs.length, 48);
    assert.equal(subs.filter((s) => s.version === 'beta').length, 3);
    assert.equal(results.size, 48);
    assert.ok([...results.values()].every((o) => o.ok));
    assert.equal(ctx.stats.requests, 4);
    assert.equal(ctx.stats.roundTrips, 1, 'parallel batches are one round trip');
    assert.equal(BATCH_LIMIT, 20);
  });

  it('does not come back before a Retry-After longer than it waits: the request stays throttled', async () => {
    server.faults.add({ path: '/deviceManagement', status: 429, times: 1, retryAfterSeconds: 30 });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(sendBatched(httpFor(server.url), [userRequest(1)], ctx));
    // The clock stands still: an answer at all means it did not wait.
    await until(() => sending.settled, 'an answer without waiting');
    const outcome = (await sending.promise).get('r1');
    assert.ok(outcome && !outcome.ok && outcome.error instanceof GraphRequestError);
    assert.equal(outcome.error.status, 429);
    assert.equal(ctx.stats.retries, 0);
  });

  it('sends at most MAX_PARALLEL_BATCHES batches at once; the rest follow in waves', async () => {
    const requests = Array.from({ length: 20 * (MAX_PARALLEL_BATCHES + 2) }, (_, i) => userRequest(i));
    const ctx = operation();
    const results = await sendBatched(httpFor(server.url), requests, ctx);
    assert.equal(results.size, requests.length);
    assert.ok([...results.values()].every((o) => o.ok));
    assert.equal(server.requests.filter((r) => r.path === '/$batch').length, MAX_PARALLEL_BATCHES + 2);
    assert.equal(ctx.stats.roundTrips, 2, 'two waves');
  });

  it('matches sub-responses by id even when Graph returns them in another order', async () => {
    const results = await sendBatched(
      httpFor(server.url),
      [
        { id: 'a', method: 'GET', version: 'v1.0', url: '/deviceManagement' },
        { id: 'b', method: 'GET', version: 'v1.0', url: '/no/such/thing' },
      ],
      operation(),
    );
    assert.equal(results.get('a')?.ok, true);
    const b = results.get('b');
    assert.ok(b && !b.ok && b.error instanceof GraphRequestError);
    assert.equal(b.error.status, 404);
  });

  it('retries only the throttled sub-request, after its own Retry-After, in a following batch', async () => {
    server.faults.add({ path: '/deviceManagement', status: 429, times: 1, retryAfterSeconds: 0.2 });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(
      sendBatched(
        httpFor(server.url),
        [
          userRequest(1),
          {
            id: 'groups',
            method: 'POST',
            version: 'v1.0',
            url: '/users/x/checkMemberGroups',
            body: { groupIds: [] },
          },
        ],
        ctx,
      ),
    );
    const batches = (): number => server.requests.filter((r) => r.path === '/$batch').length;
    // A retry is counted as its wait begins.
    await until(() => ctx.stats.retries === 1, 'the wait for the throttled one');
    assert.equal(batches(), 1);
    await clock.tickAsync(199);
    await until(() => !sending.settled, 'still waiting');
    assert.equal(batches(), 1, 'nothing resent before the 200 ms Retry-After');
    await clock.tickAsync(1);
    const results = await sending.promise;

    assert.equal(results.get('r1')?.ok, true);
    assert.equal(results.get('groups')?.ok, true);
    assert.equal(batches(), 2);
    const retried = server.requests.filter((r) => r.viaBatch && r.path === '/deviceManagement');
    assert.equal(retried.length, 2, 'first try and the retry');
    assert.equal(
      server.requests.filter((r) => r.viaBatch && r.method === 'POST').length,
      1,
      'the good one is not resent',
    );
    assert.equal(ctx.stats.retries, 1);
    assert.equal(ctx.stats.roundTrips, 2);
  });

  it('sends Content-Type on sub-requests with a body (Graph requires it)', async () => {
    await sendBatched(
      httpFor(server.url),
      [
        {
          id: 'p',
          method: 'POST',
          version: 'v1.0',
          url: '/users/x/checkMemberGroups',
          body: { groupIds: ['g'] },
        },
      ],
      operation(),
    );
    const sub = server.requests.find((r) => r.viaBatch);
    assert.equal(sub?.headers['content-type'], 'application/json');
  });

  it('gives up with the 429 when Retry-After is beyond the time budget', async () => {
    server.faults.add({ path: '/deviceManagement', status: 429, retryAfterSeconds: 30 });
    clock = fakeClock();
    const ctx = operation(2_000);
    const sending = track(sendBatched(httpFor(server.url), [userRequest(1)], ctx));
    // The clock stands still: an answer at all means it did not sit out a wait it could never finish.
    await until(() => sending.settled, 'an answer without waiting');
    const outcome = (await sending.promise).get('r1');
    assert.ok(outcome && !outcome.ok && outcome.error instanceof GraphRequestError);
    assert.equal(outcome.error.status, 429);
  });

  it('stops after the bounded number of retries', async () => {
    server.faults.add({ path: '/deviceManagement', status: 503, retryAfterSeconds: 0.01 });
    clock = fakeClock();
    const ctx = operation();
    const sending = track(sendBatched(httpFor(server.url), [userRequest(1)], ctx));
    await sitOutRetryWaits(clock, [10, 10, 10], {
      retries: () => ctx.stats.retries,
      sent: () => server.requests.filter((r) => r.viaBatch).length,
    });
    const results = await sending.promise;
    assert.equal(results.get('r1')?.ok, false);
    assert.equal(server.requests.filter((r) => r.viaBatch).length, 4, 'one try + 3 retries');
    assert.equal(ctx.stats.retries, 3);
  });

  it('rejects duplicate ids (Graph compares them case-insensitively)', async () => {
    await assert.rejects(
      sendBatched(httpFor(server.url), [userRequest(1), { ...userRequest(2), id: 'R1' }], operation()),
    );
  });
});
