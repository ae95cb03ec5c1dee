import { strict as assert } from 'node:assert';
import { retriedOnce } from '../../src/concurrency/retried-once';

describe('concurrency/retried-once', () => {
  it('runs the set-up once for every caller, at the same time or later', async () => {
    let starts = 0;
    const ready = retriedOnce(() => Promise.resolve(++starts));
    assert.deepEqual(await Promise.all([ready(), ready()]), [1, 1]);
    assert.equal(await ready(), 1);
    assert.equal(starts, 1);
  });

  it('gives the failure to the callers waiting on it, and starts again for the next one', async () => {
    let starts = 0;
    const ready = retriedOnce(() =>
      ++starts === 1 ? Promise.reject(new Error('outage')) : Promise.resolve(starts),
    );
    const [first, second] = await Promise.allSettled([ready(), ready()]);
    assert.equal(first.status, 'rejected');
    assert.equal(second.status, 'rejected');
    assert.equal(await ready(), 2);
    assert.equal(await ready(), 2);
    assert.equal(starts, 2);
  });
});
