// Read-modify-write with eTags: the one way our documents change, so a lost race is retried against the
// fresh value instead of overwriting it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Storage } from './document-storage';
import { ConcurrentUpdateError, isETagConflict } from './etag-conflict';

/** What to do with the current value: write a new one (and return a result), or only return a result. */
export type UpdateDecision<T, R> = { write: T; result: R } | { write?: undefined; result: R };

export interface UpdateOptions {
  /** Attempts before ConcurrentUpdateError; each lost race costs one. */
  attempts?: number;
}

export const DEFAULT_UPDATE_ATTEMPTS = 8;

export interface Versioned<T> {
  value: T;
  eTag: string;
}

/** One document with its eTag, or null when absent. The eTag is kept out of the value. */
export async function readVersioned<T extends object>(
  storage: Storage,
  key: string,
): Promise<Versioned<T> | null> {
  const items = await storage.read([key]);
  const item = items[key];
  if (item === undefined || item === null) return null;
  const { eTag, ...value } = item;
  return { value: value as T, eTag: typeof eTag === 'string' ? eTag : '*' };
}

/**
 * Applies `decide` to the current value and writes the outcome conditionally on the eTag it read; on a
 * conflict it reads again and re-applies, so `decide` must be pure. A document that does not exist yet is
 * written with '*' (the Storage port has no create-only write).
 */
export async function updateDocument<T extends object, R>(
  storage: Storage,
  key: string,
  decide: (current: T | null) => UpdateDecision<T, R>,
  options: UpdateOptions = {},
): Promise<R> {
  const attempts = options.attempts ?? DEFAULT_UPDATE_ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = await readVersioned<T>(storage, key);
    const decision = decide(current?.value ?? null);
    if (decision.write === undefined) return decision.result;
    try {
      await storage.write({ [key]: { ...decision.write, eTag: current?.eTag ?? '*' } });
      return decision.result;
    } catch (error) {
      if (!isETagConflict(error)) throw error;
      await backOff(attempt);
    }
  }
  throw new ConcurrentUpdateError(key, attempts);
}

/**
 * Jittered pause that doubles per attempt (up to 640 ms), so that writers who collided spread out instead of
 * colliding again in lockstep; a linear 50 ms cap ran out of attempts with a dozen writers on a busy machine.
 */
export function backOff(attempt: number): Promise<void> {
  return sleep(Math.floor(Math.random() * 10 * 2 ** Math.min(attempt, 6)));
}
