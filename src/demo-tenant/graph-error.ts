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

/** The codes Graph uses when a fault rule gives only a status. */
export function defaultErrorFor(status: number): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: 'BadRequest', message: 'Bad request.' };
    case 401:
      return {
        code: 'InvalidAuthenticationToken',
        message: 'Access token validation failure. Invalid audience.',
      };
    case 403:
      return {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      };
    case 404:
      return { code: 'ResourceNotFound', message: 'Resource not found.' };
    case 410:
      return { code: 'Gone', message: 'The requested resource is no longer available.' };
    case 429:
      return { code: 'TooManyRequests', message: 'Please retry again later.' };
    case 500:
      return { code: 'InternalServerError', message: 'An internal server error occurred.' };
    case 502:
      return { code: 'BadGateway', message: 'The server received an invalid response.' };
    case 503:
      return { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' };
    case 504:
      return { code: 'GatewayTimeout', message: 'The operation timed out.' };
    default:
      return {
        code: status >= 500 ? 'InternalServerError' : 'BadRequest',
        message: `Request failed (${status}).`,
      };
  }
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
