import type { DeviceManagementSubscriptionState } from '@microsoft/microsoft-graph-types';
// The public shapes of the demo tenant: what startDemoTenant() returns and takes.

import type { UserCollection } from './seed/user-collections';
import type { ApiVersion } from './graph-request';
import type { PageSizes } from './paging';

export type { ApiVersion };

export interface StartDemoTenantOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Added before every HTTP response (a $batch POST counts once, like one real round trip). */
  latencyMs?: number;
  /** Server page sizes; Graph's by default (GRAPH_PAGE_SIZES). Smaller ones make clients follow links. */
  pageSizes?: Partial<PageSizes>;
  /** "Now" for the seed's relative dates (last sync, enrollment time); defaults to the real time. */
  now?: Date;
  /** The tenant's Intune subscription state (deviceManagement.subscriptionState); default active. */
  subscriptionState?: DeviceManagementSubscriptionState;
  /** The per-user collections served (seed/user-collections.ts by default); a test adds a made-up area's. */
  userCollections?: readonly UserCollection[];
}

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * Matched against the decoded path after /v1.0 or /beta, without the query, e.g.
   * `/users/{id}/managedAppRegistrations`. A string must equal the path (case-insensitive); a RegExp is tested.
   */
  path: RegExp | string;
  /** Tested against the decoded query string, e.g. /skiptoken/ to fail only a later page. */
  query?: RegExp;
  status: number;
  /** How many matching requests fail; unlimited until clear() when absent. */
  times?: number;
  /** Sent as the Retry-After header (useful with 429 and 503). */
  retryAfterSeconds?: number;
  /** Wait this long before answering, to simulate a slow or hanging service. */
  hangMs?: number;
  code?: string;
  message?: string;
}

export interface FaultInjector {
  add(rule: FaultRule): void;
  clear(): void;
}

export interface RecordedRequest {
  method: string;
  version: ApiVersion;
  /** Decoded path after the version, e.g. /users/a_b.example#EXT#@northwind.example. */
  path: string;
  /** Decoded query string without '?', '' when none. */
  query: string;
  headers: {
    consistencylevel?: string;
    /** Whether an Authorization header was sent (its value is never kept). */
    authorization: boolean;
    'client-request-id'?: string;
  };
  viaBatch: boolean;
  /** The JSON body of a POST (report actions, checkMemberGroups). */
  body?: unknown;
}

export interface DemoTenant {
  /** e.g. http://127.0.0.1:5990, without a trailing slash. */
  url: string;
  close(): Promise<void>;
  setLatency(ms: number): void;
  faults: FaultInjector;
  /** Every request in arrival order; a $batch POST and each of its sub-requests are separate entries. */
  requests: RecordedRequest[];
  resetRequests(): void;
}
