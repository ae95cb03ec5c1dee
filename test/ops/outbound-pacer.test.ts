import { strict as assert } from 'node:assert';
import { OutboundPacer } from '../../src/bot/outbound-pacer';

function throttled(status: number, retryAfter?: string): Error {
  return Object.assign(new Error(`status ${status}`), {
    statusCode: status,
    response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
  });
}

describe('OutboundPacer', () => {
  let now: number;
  let waits: number[];
  const pacer = (attempts = 4) =>
    new OutboundPacer(
      7,
      { attempts, baseDelayMs: 100, maxDelayMs: 8000 },
      () => now,
      (ms) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    );

  beforeEach(() => {
    now = 1_000_000;
    waits = [];
  });

  it('lets 7 operations a second through per conversation and makes the 8th wait', async () => {
    const p = pacer();
    for (let i = 0; i < 7; i++) await p.acquire('a');
    assert.deepEqual(waits, []);
    await p.acquire('b');
    assert.deepEqual(waits, [], 'another conversation has its own budget');
    await p.acquire('a');
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! > 990 && waits[0]! <= 1001, `waited ${waits[0]} ms`);
  });

  it('retries 429 after the Retry-After Teams sent, then succeeds', async () => {
    let calls = 0;
    const result = await pacer().run('a', () =>
      ++calls === 1 ? Promise.reject(throttled(429, '2')) : Promise.resolve('sent'),
    );
    assert.equal(result, 'sent');
    assert.equal(calls, 2);
    assert.deepEqual(waits, [2000]);
  });

  it('retries 412, 502 and 504 with growing backoff, and gives up after the attempts', async () => {
    for (const status of [412, 502, 504]) {
      waits = [];
      let calls = 0;
      await assert.rejects(
        pacer(3).run('a', () => {
          calls++;
          return Promise.reject(throttled(status));
        }),
        new RegExp(`status ${status}`),
      );
      assert.equal(calls, 3);
      assert.equal(waits.length, 2);
      assert.ok(waits[0]! >= 100 && waits[0]! < 150 && waits[1]! >= 200 && waits[1]! < 300, waits.join());
    }
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    await assert.rejects(pacer().run('a', () => (calls++, Promise.reject(throttled(403)))));
    await assert.rejects(pacer().run('a', () => (calls++, Promise.reject(new Error('network')))));
    assert.equal(calls, 2);
  });
});
