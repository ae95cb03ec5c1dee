import { strict as assert } from 'node:assert';
import { RateLimiter } from '../../src/access/rate-limiter';

describe('RateLimiter', () => {
  it('allows the limit within the window, then says how long to wait, per caller', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 60_000, 100, () => now);
    assert.deepEqual([limiter.take('a'), limiter.take('a'), limiter.take('a')], [0, 0, 0]);
    assert.equal(limiter.take('a'), 60);
    assert.equal(limiter.take('b'), 0, 'another caller is not slowed');
    now = 30_000;
    assert.equal(limiter.take('a'), 30);
    now = 60_001;
    assert.equal(limiter.take('a'), 0);
  });

  it('forgets the oldest callers beyond its bound', () => {
    const limiter = new RateLimiter(1, 60_000, 2, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    assert.equal(limiter.take('a'), 0, 'a was forgotten, so it starts afresh');
    assert.ok(limiter.take('c') > 0);
  });
});
