import assert from 'node:assert/strict';
import { GraphRequestError } from '../../src/graph/errors';
import type { TroubleshootingReport, UserIdentity } from '../../src/troubleshooting/report';
import { FIXTURE, startFixtureGraphServer, type FixtureGraphServer } from '../support/fixture-graph-server';
import { sourceFor } from './source-for';

function ok<T>(area: { status: 'ok'; data: T } | { status: 'unavailable' }): T {
  assert.equal(area.status, 'ok', JSON.stringify(area));
  return (area as { data: T }).data;
}

describe('graph/graph-troubleshooting-source against the fixture server', () => {
  let server: FixtureGraphServer;
  let adele: UserIdentity;
  beforeEach(async () => {
    server = await startFixtureGraphServer();
    const resolution = await sourceFor(server.url).resolveUser(FIXTURE.adele.userPrincipalName);
    assert.equal(resolution.kind, 'found');
    adele = resolution.user;
    server.resetRequests();
  });
  afterEach(async () => {
    await server.close();
  });

  it('maps every area of the report the way the troubleshooting pane shows it', async () => {
    const report = await sourceFor(server.url).getReport(adele);

    assert.deepEqual(ok(report.account), { subscriptionState: 'active', isActive: true });
    const license = ok(report.license);
    assert.equal(license.hasIntuneLicense, true);
    assert.deepEqual(license.intunePlans.map((p) => p.name).sort(), ['INTUNE_A', 'INTUNE_O365']);

    const devices = ok(report.devices);
    assert.deepEqual(
      devices.map((d) => [d.name, d.joinType, d.ownership, d.entraCompliant, d.isStale]),
      [
        ['ADELE-LAPTOP', 'azureADJoined', 'company', false, false],
        ['Adele iPhone', 'azureADRegistered', 'personal', true, true],
      ],
    );

    const laptopPolicies = ok(ok(report.compliancePolicies)[0]!.policies);
    assert.deepEqual(
      laptopPolicies.map((p) => p.state),
      ['error', 'compliant'],
    );
    assert.equal(laptopPolicies[0]?.failingSettings.length, 1);
    assert.equal(ok(report.compliancePolicies).length, 1, 'only the non-compliant laptop');

    assert.deepEqual(
      ok(report.apps).map((a) => [a.displayName, a.installState, a.deviceName]),
      [
        ['Contoso VPN', 'failed', 'ADELE-LAPTOP'],
        ['Company Portal', 'installed', 'ADELE-LAPTOP'],
      ],
    );

    const protection = ok(report.appProtection);
    assert.equal(protection.registrations[0]?.appIdentifier, 'com.microsoft.office.outlook');
    assert.deepEqual(
      protection.diagnostics.map((d) => d.validationName),
      ['Device health'],
    );

    const restrictions = ok(report.enrollmentRestrictions);
    assert.equal(restrictions.deviceLimit, 2, 'the iOS Pilot group limit wins over the default');
    assert.equal(restrictions.enrolledDeviceCount, 2);
    assert.ok(
      !restrictions.restrictions.some((r) => r.id === 'f3c1e2d4-limit-other'),
      'not targeted at Adele',
    );

    const groups = ok(report.groups);
    assert.equal(groups.length, 4);
    assert.deepEqual(
      groups.filter((g) => g.direct).map((g) => g.displayName),
      ['All Retail', 'iOS Pilot'],
    );
    assert.equal(groups.find((g) => g.displayName === 'All Retail')?.membershipType, 'dynamic');

    const failures = ok(report.enrollmentFailures);
    assert.deepEqual(
      failures.map((f) => f.id),
      ['ev-new', 'ev-old'],
    );
    assert.equal(failures[0]?.microsoftDetails?.remediation, 'Remove a device or raise the limit.');
  });

  it('reads configuration profiles from the reports action, per device for devices with a problem only', async () => {
    const report = await sourceFor(server.url).getReport(adele);
    const [laptop, iphone] = ok(report.configurationPolicies);
    assert.equal(laptop?.deviceName, 'ADELE-LAPTOP');
    assert.deepEqual(
      ok(iphone!.policies).map((p) => [p.displayName, p.state]),
      [['VPN profile', 'compliant']],
      'the compliant iPhone’s profiles come from the sweep, with no per-device request',
    );
    const perDevice = server.requests.filter(
      (r) =>
        r.path.endsWith('/getConfigurationPoliciesReportForDevice') &&
        String((r.body as { filter?: unknown }).filter).includes('IntuneDeviceId eq'),
    );
    assert.equal(perDevice.length, 1);
    assert.deepEqual(
      ok(laptop.policies).map((p) => [p.displayName, p.state]),
      [
        ['Wi-Fi profile', 'error'],
        ['VPN profile', 'compliant'],
      ],
    );
    const body = server.requests.find((r) => r.path.endsWith('/getConfigurationPoliciesReportForDevice'));
    assert.ok(body, 'the report was asked');
    assert.equal(server.requests.filter((r) => r.path.endsWith('/deviceConfigurationStates')).length, 0);
    assert.equal(report.stats.roundTrips, 2);
  });

  it('sweeps every device’s profiles by user in the first batch, and reads the settings of the failing one', async () => {
    await sourceFor(server.url).getReport(adele);
    const reports = server.requests.filter((r) =>
      r.path.endsWith('/getConfigurationPoliciesReportForDevice'),
    );
    const filters = reports.map((r) => String((r.body as { filter?: unknown }).filter));
    assert.equal(filters.filter((f) => f.includes(`UserId eq '${FIXTURE.adele.id}'`)).length, 1);
    const settings = server.requests.filter((r) => r.path.endsWith('/getConfigurationSettingsReport'));
    assert.deepEqual(
      settings.map((r) => String((r.body as { filter?: unknown }).filter)),
      [
        `(PolicyId eq 'cfg-wifi') and (DeviceId eq '${FIXTURE.devices[0].id}') and (UserId eq '${FIXTURE.adele.id}')`,
      ],
    );
  });

  it('a sweep Graph refuses leaves the report as it was: detail for devices with a compliance problem', async () => {
    server.faults.add({ path: /getConfigurationPoliciesReportForDevice$/, status: 400, times: 1 });
    const report = await sourceFor(server.url).getReport(adele);
    assert.deepEqual(
      ok(report.configurationPolicies).map((d) => d.deviceName),
      ['ADELE-LAPTOP'],
    );
    assert.equal(report.stats.roundTrips, 2);
  });

  it('falls back to deviceConfigurationStates when the reports action is refused', async () => {
    server.faults.add({ path: /getConfigurationPoliciesReportForDevice$/, status: 404 });
    const report = await sourceFor(server.url).getReport(adele);
    const [laptop] = ok(report.configurationPolicies);
    assert.deepEqual(
      ok(laptop!.policies).map((p) => [p.displayName, p.state]),
      [
        ['BitLocker', 'error'],
        ['A compliant one', 'compliant'],
      ],
    );
    assert.equal(report.stats.roundTrips, 3);
    assert.equal(ok(report.compliancePolicies).length, 1, 'compliance states are unaffected');
  });

  it('reports the fallback failing too as unavailable, with its HTTP status', async () => {
    server.faults.add({ path: /getConfigurationPoliciesReportForDevice$/, status: 404 });
    server.faults.add({ path: /\/deviceConfigurationStates$/, status: 400 });
    const report = await sourceFor(server.url).getReport(adele);
    assert.deepEqual(
      {
        status: report.configurationPolicies.status,
        kind: kindOf(report.configurationPolicies),
        httpStatus: statusOf(report.configurationPolicies),
      },
      { status: 'unavailable', kind: 'error', httpStatus: 400 },
    );
  });

  it('takes Entra compliance from the devices Adele registered, and asks /devices only for a problem device', async () => {
    const report = await sourceFor(server.url).getReport(adele);
    assert.deepEqual(
      ok(report.devices).map((d) => [d.name, d.entraCompliant]),
      [
        ['ADELE-LAPTOP', false],
        ['Adele iPhone', true],
      ],
    );
    const lookups = server.requests.filter((r) => r.viaBatch && r.path === '/devices');
    assert.equal(lookups.length, 1, 'only the laptop, which has no owner link, is looked up');
  });

  it("reads a healthy device's policies when an agent opens it, once, and keeps them with the report", async () => {
    const source = sourceFor(server.url, { cache: { ttlMs: 60_000, maxEntries: 10 } });
    const iphone = FIXTURE.devices[1].id;
    const first = await source.getReport(adele);
    assert.ok(!ok(first.compliancePolicies).some((d) => d.deviceId === iphone));
    server.resetRequests();
    const opened = await source.getReport(adele, { detailFor: iphone });
    const entry = ok(opened.compliancePolicies).find((d) => d.deviceId === iphone);
    assert.deepEqual(
      ok(entry!.policies).map((p) => p.displayName),
      ['compliance baseline'],
    );
    const sent = server.requests.filter((r) => r.viaBatch).map((r) => r.path);
    assert.equal(sent.filter((p) => p.includes(iphone)).length, 1, 'compliance states of that device only');
    assert.equal(sent.filter((p) => p.endsWith('/getConfigurationPoliciesReportForDevice')).length, 1);
    server.resetRequests();
    const again = await source.getReport(adele, { detailFor: iphone });
    assert.equal(server.requests.length, 0, 'kept with the cached report');
    assert.ok(ok(again.configurationPolicies).some((d) => d.deviceId === iphone));
  });

  it('a 403 on every device makes the compliance area one permission problem', async () => {
    server.faults.add({ path: /\/deviceCompliancePolicyStates$/, status: 403 });
    const report = await sourceFor(server.url).getReport(adele);
    assert.equal(kindOf(report.compliancePolicies), 'permission');
    assert.equal(report.configurationPolicies.status, 'ok');
  });

  it('follows group pages in parallel with the per-device round trip', async () => {
    await server.close();
    server = await startFixtureGraphServer({ groupPageSize: 3 });
    const report = await sourceFor(server.url).getReport(adele);
    assert.equal(ok(report.groups).length, 4);
    assert.equal(report.stats.roundTrips, 2);
    const pages = server.requests.filter(
      (r) => !r.viaBatch && r.path.endsWith('/transitiveMemberOf/microsoft.graph.group'),
    );
    assert.equal(pages.length, 1);
    assert.equal(pages[0]?.headers.consistencylevel, 'eventual');
  });

  it('reuses a report within the cache lifetime and asks again after clearCache', async () => {
    const source = sourceFor(server.url, { cache: { ttlMs: 60_000, maxEntries: 10 } });
    const first = await source.getReport(adele);
    const sent = server.requests.length;
    assert.equal(await source.getReport(adele), first);
    assert.equal(server.requests.length, sent);
    source.clearCache();
    await source.getReport(adele);
    assert.ok(server.requests.length > sent);
  });

  it('does not cache a report with a throttled area', async () => {
    const source = sourceFor(server.url, {
      cache: { ttlMs: 60_000, maxEntries: 10 },
      retry: { maxRetries: 0 },
    });
    server.faults.add({ path: '/deviceManagement', status: 429, times: 1, retryAfterSeconds: 0 });
    const first: TroubleshootingReport = await source.getReport(adele);
    assert.equal(kindOf(first.account), 'throttled');
    const second = await source.getReport(adele);
    assert.equal(second.account.status, 'ok');
  });

  it('shares one Graph round for concurrent lookups of the same user', async () => {
    const source = sourceFor(server.url, { cache: { ttlMs: 60_000, maxEntries: 10 } });
    const [a, b] = await Promise.all([source.getReport(adele), source.getReport(adele)]);
    assert.equal(a, b);
    assert.equal(server.requests.filter((r) => r.path === '/$batch').length, 4, 'one report: 2 + 2 batches');
  });

  it('checks group membership in calls of at most 20 ids', async () => {
    const source = sourceFor(server.url);
    const others = Array.from(
      { length: 44 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    assert.equal(await source.isMemberOfAnyGroup(adele.id, [...others, FIXTURE.helpdeskGroupId]), true);
    const calls = server.requests.filter((r) => r.path.endsWith('/checkMemberGroups'));
    assert.equal(calls.length, 3);
    assert.equal(await source.isMemberOfAnyGroup(adele.id, others), false);
    assert.equal(await source.isMemberOfAnyGroup(adele.id, []), false);
  });

  it('resolves names with an apostrophe and guest UPNs, sending #EXT# as %23EXT%23', async () => {
    const source = sourceFor(server.url);
    const byName = await source.resolveUser("  Pat O'Neil ");
    assert.equal(byName.kind, 'found');
    server.resetRequests();
    const byUpn = await source.resolveUser(FIXTURE.guest.userPrincipalName);
    assert.equal(byUpn.kind, 'found');
    assert.match(server.requests[0]?.path ?? '', /pat_fabrikam\.example%23EXT%23%40contoso\.example$/);
  });

  it('throws a typed error when the directory refuses the lookup', async () => {
    server.faults.add({ path: /^\/users\//, status: 403 });
    await assert.rejects(
      sourceFor(server.url).resolveUser(FIXTURE.adele.userPrincipalName),
      (error: unknown) => {
        assert.ok(error instanceof GraphRequestError);
        assert.equal(error.status, 403);
        return true;
      },
    );
  });

  it('sends one client-request-id, the caller correlation id, on every request of a report', async () => {
    const correlationId = '9f0e5a52-1d9c-4f3a-9b6e-2c8d5f7a1e90';
    await sourceFor(server.url).withCorrelationId(correlationId).getReport(adele);
    assert.ok(
      server.requests
        .filter((r) => !r.viaBatch)
        .every((r) => r.headers['client-request-id'] === correlationId),
    );
  });
});

function kindOf(area: { status: string; kind?: string }): string | undefined {
  return area.status === 'unavailable' ? area.kind : undefined;
}

function statusOf(area: { status: string; httpStatus?: number }): number | undefined {
  return area.httpStatus;
}
