import { GUID } from '../ids/guid';
import { randomUUID } from 'node:crypto';
import { CallStats } from './call-stats';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { TimeBudget } from './time-budget';

/** What every Graph call of one operation (a report, a lookup) shares. */
export interface OperationContext {
  budget: TimeBudget;
  stats: CallStats;
  retry: RetryPolicy;
  /** Sent as `client-request-id`, so the caller's logs and Graph's can be joined. */
  clientRequestId: string;
}

/** Graph documents client-request-id as a GUID; anything else is replaced by a fresh one. */
export function clientRequestIdFrom(correlationId: string | undefined): string {
  return correlationId !== undefined && GUID.test(correlationId) ? correlationId : randomUUID();
}

export function newOperation(
  budgetMs: number,
  correlationId?: string,
  retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): OperationContext {
  return {
    budget: new TimeBudget(budgetMs),
    stats: new CallStats(),
    retry,
    clientRequestId: clientRequestIdFrom(correlationId),
  };
}
