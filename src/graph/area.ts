import type { Available, Unavailable } from '../troubleshooting/report';
import { GraphTimeoutError, type GraphFailure } from './errors';

export function available<T>(data: T, truncated = false): Available<T> {
  return { status: 'ok', data, truncated };
}

/** What an agent can act on: which permission to grant, whether to retry later, what to quote to support. */
export function unavailable(failure: GraphFailure, permission: string): Unavailable {
  if (failure instanceof GraphTimeoutError) return { status: 'unavailable', kind: 'timeout' };
  const details = {
    httpStatus: failure.status,
    ...(failure.code !== undefined ? { graphCode: failure.code } : {}),
    ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
    ...(failure.date !== undefined ? { date: failure.date } : {}),
  };
  return {
    status: 'unavailable',
    kind: kindOf(failure.status),
    ...(isPermission(failure.status) ? { permission } : {}),
    ...details,
  };
}

function isPermission(status: number): boolean {
  return status === 401 || status === 403;
}

function kindOf(status: number): Unavailable['kind'] {
  if (isPermission(status)) return 'permission';
  // 503 carries Retry-After like 429: the service is shedding load; both still failing after our retries.
  if (status === 429 || status === 503) return 'throttled';
  if (status === 504) return 'timeout';
  if (status === 404) return 'notFound';
  return 'error';
}
