// One recognisable error for a lost optimistic-concurrency race, whichever of our stores raised it.

/** A conditional write found a newer version than the one read (or none at all): reread and decide again. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export function isETagConflict(error: unknown): error is ETagConflictError {
  return error instanceof ETagConflictError;
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
