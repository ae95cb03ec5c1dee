import assert from 'node:assert/strict';
import { DEMO_DOMAIN, PEOPLE, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import { sourceFor } from './source-for';

describe('graph: a later page that fails', () => {
  let tenant: DemoTenant;
  before(async () => {
    // Graph may page managed devices small; a server doing so makes the client follow links.
    tenant = await startDemoTenant({
      port: 0,
      pageSizes: { managedDevices: { defaultPageSize: 25, maxPageSize: 25 } },
    });
  });
  after(() => tenant.close());

  it('makes the area unavailable (not a silently short list) and keeps the report out of the cache', async () => {
    // Wouter's 60 devices come in pages of 25; the second page is throttled for longer than the bot waits.
    tenant.faults.add({ path: /\/managedDevices$/, query: /skiptoken/, status: 429, retryAfterSeconds: 60 });
    const source = sourceFor(tenant.url, { cache: { ttlMs: 60_000, maxEntries: 10 } });
    const resolution = await source.resolveUser(`${PEOPLE.wouter.key}@${DEMO_DOMAIN}`);
    assert.equal(resolution.kind, 'found');
    const first = await source.getReport(resolution.user);
    assert.equal(first.devices.status, 'unavailable');
    assert.equal(first.devices.status === 'unavailable' && first.devices.kind, 'throttled');
    assert.equal(first.groups.status, 'ok', 'the other areas still arrive');

    tenant.faults.clear();
    tenant.resetRequests();
    const second = await source.getReport(resolution.user);
    assert.ok(tenant.requests.length > 0, 'read from Graph again, not from the cache');
    assert.equal(second.devices.status === 'ok' && second.devices.data.length, 60);
  });
});
