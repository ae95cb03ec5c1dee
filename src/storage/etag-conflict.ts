// One recognisable error for a lost optimistic-concurrency race, whichever store raised it.

/** BlobsStorage and MemoryStorage both throw a plain Error with exactly this message on a stale eTag. */
const CONFLICT_MESSAGE = /^Storage: error writing ".*" due to eTag conflict\.$/s;

export function eTagConflictMessage(key: string): string {
  return `Storage: error writing "${key}" due to eTag conflict.`;
}

/** Thrown by FileStorage with the same message BlobsStorage uses, so callers need one check. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(eTagConflictMessage(key));
    this.name = 'ETagConflictError';
  }
}

/** True for a stale-eTag write from any of our stores (FileStorage, BlobsStorage, MemoryStorage). */
export function isETagConflict(error: unknown): boolean {
  return (
    error instanceof ETagConflictError || (error instanceof Error && CONFLICT_MESSAGE.test(error.message))
  );
}

/** A read-modify-write lost every attempt to concurrent writers; reported rather than forced through. */
export class ConcurrentUpdateError extends Error {
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`Storage: "${key}" kept changing underneath ${attempts} update attempts.`);
    this.name = 'ConcurrentUpdateError';
  }
}
