// Tests own time: sinon's clock drives setTimeout, clearTimeout and Date, while sockets and setImmediate stay
// real, so a test serves HTTP on loopback and still decides when a Retry-After or a time budget has passed.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';

export type FakeClock = sinon.SinonFakeTimers;

export function fakeClock(
  toFake: ('setTimeout' | 'clearTimeout' | 'Date')[] = ['setTimeout', 'clearTimeout', 'Date'],
): FakeClock {
  return sinon.useFakeTimers({ toFake, shouldClearNativeTimers: true });
}

/** Lets real sockets make progress between fake-clock steps. */
export async function spin(times = 20): Promise<void> {
  for (let i = 0; i < times; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Lets real I/O run until `predicate` holds; fails naming `what` when it never does. */
export async function until(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000 && !predicate(); i += 1) await spin(1);
  assert.ok(predicate(), `never happened: ${what}`);
}

/** Moves the clock `ms` forward in steps, letting real sockets make progress between them. */
export async function advance(clock: FakeClock, ms: number, stepMs = 250): Promise<void> {
  for (let passed = 0; passed < ms; passed += stepMs) {
    await clock.tickAsync(Math.min(stepMs, ms - passed));
    await spin();
  }
}

/**
 * Moves the clock in small steps, letting real sockets make progress between them, until `predicate` holds;
 * returns how far it moved. Fails naming `what` when it still does not hold after `maxMs`.
 */
export async function advanceUntil(
  clock: FakeClock,
  predicate: () => boolean,
  what: string,
  stepMs = 10,
  maxMs = 60_000,
): Promise<number> {
  let passed = 0;
  await spin();
  while (!predicate() && passed < maxMs) {
    await clock.tickAsync(stepMs);
    passed += stepMs;
    await spin();
  }
  assert.ok(predicate(), `never happened within ${maxMs} ms of the clock: ${what}`);
  return passed;
}

/**
 * Lets retry waits run out one by one: for each, waits until the retry is counted (its wait has begun), checks
 * that nothing is sent again a millisecond before the wait is over, then lets the last millisecond pass.
 */
export async function sitOutRetryWaits(
  clock: FakeClock,
  waitsMs: readonly number[],
  observed: { retries: () => number; sent: () => number },
): Promise<void> {
  for (const [index, waitMs] of waitsMs.entries()) {
    await until(() => observed.retries() === index + 1, `the wait before retry ${index + 1}`);
    const sent = observed.sent();
    await clock.tickAsync(waitMs - 1);
    await spin();
    assert.equal(observed.sent(), sent, `retry ${index + 1} not sent before its ${waitMs} ms wait is over`);
    await clock.tickAsync(1);
  }
}

/** A promise whose settling can be looked at without awaiting it. */
export interface Tracked<T> {
  readonly settled: boolean;
  readonly promise: Promise<T>;
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked = { settled: false, promise };
  promise.then(
    () => (tracked.settled = true),
    () => (tracked.settled = true),
  );
  return tracked;
}
