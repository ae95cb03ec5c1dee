import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';

import { FaultRegistry } from './faults';
import { GRAPH_PAGE_SIZES } from './paging';
import { createGraphServer } from './http-server';
import { createDispatcher } from './router';
import { BATCH_ROUTES } from './routes/batch-route';
import { DIRECTORY_ROUTES } from './routes/directory-routes';
import { INTUNE_ROUTES } from './routes/intune-routes';
import { userCollectionRoutes } from './routes/user-collection-routes';
import { REPORT_ROUTES } from './routes/report-routes';
import { buildNorthwind } from './seed/organisation';
import { USER_COLLECTIONS } from './seed/user-collections';
import type { DemoTenant, RecordedRequest, StartDemoTenantOptions } from './types';

// The embedded demo tenant: a Microsoft-Graph-compatible HTTP server on loopback, seeded with the
// fictional Northwind Logistics, so the bot can be run and tested end to end without a real tenant.

export type {
  DemoTenant,
  FaultInjector,
  FaultRule,
  RecordedRequest,
  StartDemoTenantOptions,
  ApiVersion,
} from './types';
export { DEMO_DOMAIN, DEMO_ORGANISATION_NAME, DEMO_TENANT_ID, PEOPLE } from './seed/people';
export { PLAYGROUND_PEOPLE, type PlaygroundPerson } from './seed/playground-people';
export { FAILURE_CATEGORIES, FAILURE_REASONS, type FailureReason } from './seed/enrollment-failures';
export { INTUNE_A_PLAN_ID, INTUNE_O365_PLAN_ID, groupIdFor, userIdFor } from './seed/tenant-builder';
export { buildNorthwind } from './seed/organisation';
export type { UserCollection } from './seed/user-collections';
export { GRAPH_PAGE_SIZES, type PageSizes } from './paging';

import { groupIdFor } from './seed/tenant-builder';

/** The security group whose (transitive) members are helpdesk agents in the demo tenant. */
export const DEMO_HELPDESK_GROUP_ID = groupIdFor('helpdesk-agents');

export async function startDemoTenant(options: StartDemoTenantOptions = {}): Promise<DemoTenant> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultRegistry();
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();
  // Every request in flight waits on this signal (latency, hangs): many at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  let latencyMs = options.latencyMs ?? 0;
  let url = '';

  const data = buildNorthwind(options.now ?? new Date());
  if (options.subscriptionState) data.deviceManagement.subscriptionState = options.subscriptionState;
  const routes = [
    ...BATCH_ROUTES,
    ...DIRECTORY_ROUTES,
    ...INTUNE_ROUTES,
    ...userCollectionRoutes(options.userCollections ?? USER_COLLECTIONS),
    ...REPORT_ROUTES,
  ];
  const dispatch = createDispatcher(routes, {
    data,
    faults,
    log: requests,
    baseUrl: () => url,
    pageSizes: { ...GRAPH_PAGE_SIZES, ...options.pageSizes },
    closing: closing.signal,
  });
  const server = createGraphServer({ dispatch, latencyMs: () => latencyMs, closing: closing.signal });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${host}:${address.port}`;

  return {
    url,
    faults,
    requests,
    setLatency(ms: number) {
      latencyMs = Math.max(0, ms);
    },
    resetRequests() {
      requests.length = 0;
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
