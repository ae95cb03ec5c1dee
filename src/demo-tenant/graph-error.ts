// Graph answers every failure with the same envelope: {"error":{"code","message","innerError":{…}}}.
// Handlers throw GraphError; the router turns it into that envelope with the request's ids.

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

export interface ErrorIds {
  requestId: string;
  clientRequestId: string;
  date: Date;
}

/** Graph prints innerError.date without fraction or zone, e.g. 2025-02-13T10:17:05. */
export function innerErrorDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export function errorBody(status: number, code: string, message: string, ids: ErrorIds): object {
  const innerError: Record<string, string> = {
    date: innerErrorDate(ids.date),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
  };
  // The throttling sample in Graph's docs carries the status and a short message inside innerError as well.
  if (status === 429) {
    innerError.code = '429';
    innerError.message = 'Please retry after';
    innerError.status = '429';
  }
  return { error: { code, message, innerError } };
}

/** The code and message Graph uses for a status, for a fault rule that gives only the status. */
const DEFAULT_ERRORS: ReadonlyMap<number, { code: string; message: string }> = new Map(
  (
    [
      [400, 'BadRequest', 'Bad request.'],
      [401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'],
      [403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
      [404, 'ResourceNotFound', 'Resource not found.'],
      [410, 'Gone', 'The requested resource is no longer available.'],
      [429, 'TooManyRequests', 'Please retry again later.'],
      [500, 'InternalServerError', 'An internal server error occurred.'],
      [502, 'BadGateway', 'The server received an invalid response.'],
      [503, 'ServiceUnavailable', 'The service is temporarily unavailable.'],
      [504, 'GatewayTimeout', 'The operation timed out.'],
    ] as const
  ).map(([status, code, message]) => [status, { code, message }]),
);

export function defaultErrorFor(status: number): { code: string; message: string } {
  return (
    DEFAULT_ERRORS.get(status) ?? {
      code: status >= 500 ? 'InternalServerError' : 'BadRequest',
      message: `Request failed (${status}).`,
    }
  );
}

export function userNotFound(idOrUpn: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export function segmentNotFound(segment: string): GraphError {
  return new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

export function unsupportedQuery(message: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', message);
}
