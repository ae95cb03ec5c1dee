/** A Graph response with a non-success status, or a request that never got one (status 0). */
export class GraphRequestError extends Error {
  override readonly name = 'GraphRequestError';

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    /** Graph's `request-id` and `date`: what Microsoft support asks for. */
    readonly requestId: string | undefined,
    readonly date: string | undefined,
  ) {
    super(message);
  }
}

/** Graph refused a read the bot cannot work without (403): it names the permission that is missing. */
export class GraphPermissionError extends Error {
  override readonly name = 'GraphPermissionError';

  constructor(
    /** The Microsoft Graph permission that allows the read. */
    readonly permission: string,
    readonly cause: GraphRequestError,
  ) {
    super(`Microsoft Graph refused a read that needs ${permission} (${cause.status})`);
  }
}

/** The operation's time budget ran out before Graph answered. */
export class GraphTimeoutError extends Error {
  override readonly name = 'GraphTimeoutError';

  constructor(readonly budgetMs: number) {
    super(`Microsoft Graph did not answer within ${budgetMs} ms`);
  }
}

/** The Graph client settings are unusable (e.g. no credential for a non-loopback URL). */
export class GraphSettingsError extends Error {
  override readonly name = 'GraphSettingsError';
}

export type GraphFailure = GraphRequestError | GraphTimeoutError;

export function isGraphFailure(value: unknown): value is GraphFailure {
  return value instanceof GraphRequestError || value instanceof GraphTimeoutError;
}
