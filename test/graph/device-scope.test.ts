// Devices outside the viewer's Intune scope tags are listed (to be counted) and nothing more: no policy
// states, no configuration report, no Entra lookup. A report read for a narrow viewer and cached still gives a
// wider viewer the detail of the devices only they may see.
import assert from 'node:assert/strict';
import { DEMO_DOMAIN, PEOPLE, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import type { RecordedRequest } from '../../src/demo-tenant';
import { DEFAULT_CACHE_SETTINGS } from '../../src/graph/cache-settings';
import type { TroubleshootingReport } from '../../src/troubleshooting/report';
import { sourceFor } from './source-for';

const SANDER = `${PEOPLE.sander.key}@${DEMO_DOMAIN}`;
/** Sander's laptop (non-compliant) carries the Netherlands tag "1"; his iPad the United Kingdom tag "2". */
const ukOnly = (tags: readonly string[] | undefined): boolean => (tags ?? []).includes('2');

function deviceId(report: TroubleshootingReport, name: string): string {
  assert.equal(report.devices.status, 'ok');
  const device =
    report.devices.status === 'ok' ? report.devices.data.find((d) => d.name === name) : undefined;
  assert.ok(device, name);
  return device.id;
}

function detailReads(requests: readonly RecordedRequest[], id: string): string[] {
  return requests
    .filter((r) => r.path.toLowerCase().includes(`/managedDevices/${id}`.toLowerCase()))
    .map((r) => `${r.method} ${r.path}`);
}

function policyDeviceIds(report: TroubleshootingReport): string[] {
  return report.compliancePolicies.status === 'ok'
    ? report.compliancePolicies.data.map((d) => d.deviceId)
    : [];
}

describe('graph: nothing is read about devices outside the viewer’s scope tags beyond listing them', () => {
  let tenant: DemoTenant;
  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
  });
  after(() => tenant.close());
  beforeEach(() => tenant.resetRequests());

  it('a viewer who may not see the non-compliant laptop causes no policy or report read for it', async () => {
    const source = sourceFor(tenant.url);
    const report = await source.getReportByKey(SANDER, { showsDevice: ukOnly });
    assert.ok(report);
    const laptop = deviceId(report, 'NW-LT-0088');
    assert.deepEqual(detailReads(tenant.requests, laptop), []);
    const reports = (): number =>
      tenant.requests.filter((r) => r.path.endsWith('/getConfigurationPoliciesReportForDevice')).length;
    const narrowReports = reports();
    // Read for someone who may see the laptop, the same report asks one more: the laptop's own profile report.
    tenant.resetRequests();
    await sourceFor(tenant.url).getReportByKey(SANDER);
    assert.equal(narrowReports, reports() - 1, 'no configuration report of a device outside scope');
    tenant.resetRequests();
    assert.deepEqual(policyDeviceIds(report), []);

    // Opening it by its id (forged card data) reads nothing about it either.
    await source.getReportByKey(SANDER, { showsDevice: ukOnly, detailFor: laptop });
    assert.deepEqual(detailReads(tenant.requests, laptop), []);
  });

  it('a cached report read for a narrow viewer gets the missing detail for a wider one', async () => {
    const source = sourceFor(tenant.url, { cache: DEFAULT_CACHE_SETTINGS });
    const narrow = await source.getReportByKey(SANDER, { showsDevice: ukOnly });
    assert.ok(narrow);
    const laptop = deviceId(narrow, 'NW-LT-0088');
    tenant.resetRequests();
    const wide = await source.getReportByKey(SANDER);
    assert.ok(wide);
    assert.deepEqual(policyDeviceIds(wide), [laptop]);
    assert.deepEqual(detailReads(tenant.requests, laptop), [
      `GET /deviceManagement/managedDevices/${laptop}/deviceCompliancePolicyStates`,
    ]);
    assert.ok(
      !tenant.requests.some((r) => r.path.endsWith('/managedDevices') && !r.viaBatch && r.method === 'GET'),
      'the cached report is reused, not read again',
    );
  });
});
