import assert from 'node:assert/strict';
import { PERMISSION } from '../../src/graph/graph-requests';
import {
  REPORT_AREA_KEYS,
  type TroubleshootingReport,
  type UserIdentity,
} from '../../src/troubleshooting/report';
import { advanceUntil, fakeClock, spin, track, until } from '../support/fake-clock';
import { sourceFor } from './source-for';

/** What the contract needs from a Graph-compatible backend: the fixture server and the demo tenant both fit. */
export interface ContractBackend {
  url: string;
  close(): Promise<void>;
  faults: {
    add(fault: {
      method?: string;
      path: RegExp | string;
      status: number;
      times?: number;
      retryAfterSeconds?: number;
      hangMs?: number;
    }): void;
    clear(): void;
  };
  requests: readonly {
    method: string;
    version: string;
    path: string;
    headers: { consistencylevel?: string };
    viaBatch: boolean;
    body?: unknown;
  }[];
  resetRequests(): void;
  /** A licensed user with a few devices and no paging anywhere. */
  typicalUpn: string;
  typicalDeviceCount: number;
  /** How many of those devices are non-compliant, in error, in conflict or in grace period. */
  typicalProblemDeviceCount: number;
  /** A user's mail address that is not their UPN. */
  mailNotUpn: string;
  /** A word that matches several users. */
  ambiguousName: string;
  guestUpn: string;
}

const AREAS = REPORT_AREA_KEYS;

/** The same observable behaviour, asserted against any Graph-compatible backend. */
export function describeContract(name: string, start: () => Promise<ContractBackend>): void {
  describe(`graph contract: ${name}`, function () {
    this.timeout(30_000);
    let backend: ContractBackend;
    before(async () => {
      backend = await start();
    });
    after(async () => {
      await backend.close();
    });
    beforeEach(() => {
      backend.faults.clear();
      backend.resetRequests();
    });

    async function typicalUser(): Promise<UserIdentity> {
      const resolution = await sourceFor(backend.url).resolveUser(backend.typicalUpn);
      assert.equal(resolution.kind, 'found');
      backend.resetRequests();
      return resolution.user;
    }

    it('resolves an exact UPN with one request (R1)', async () => {
      const resolution = await sourceFor(backend.url).resolveUser(backend.typicalUpn.toUpperCase());
      assert.equal(resolution.kind, 'found');
      assert.equal(resolution.user.userPrincipalName.toLowerCase(), backend.typicalUpn.toLowerCase());
      assert.equal(backend.requests.length, 1);
    });

    it('resolves a mail address that is not the UPN (R1 404, then R2)', async () => {
      const resolution = await sourceFor(backend.url).resolveUser(backend.mailNotUpn);
      assert.equal(resolution.kind, 'found');
      assert.equal(resolution.user.mail?.toLowerCase(), backend.mailNotUpn.toLowerCase());
      assert.equal(backend.requests.length, 2);
    });

    it('resolves a guest UPN with #EXT#', async () => {
      const resolution = await sourceFor(backend.url).resolveUser(backend.guestUpn);
      assert.equal(resolution.kind, 'found');
      assert.equal(resolution.user.isGuest, true);
    });

    it('offers candidates for an ambiguous name, searched with ConsistencyLevel: eventual', async () => {
      const resolution = await sourceFor(backend.url).resolveUser(backend.ambiguousName);
      assert.equal(resolution.kind, 'ambiguous');
      assert.ok(resolution.candidates.length >= 2);
      const search = backend.requests.at(-1);
      assert.equal(search?.headers.consistencylevel, 'eventual');
    });

    it('says notFound for nobody, and for an unknown UPN', async () => {
      const source = sourceFor(backend.url);
      assert.equal((await source.resolveUser('Zyxwvut Qqqq')).kind, 'notFound');
      assert.equal((await source.resolveUser('nobody.at.all@nowhere.example')).kind, 'notFound');
      assert.equal(await source.getUserById('00000000-0000-4000-8000-00000000dead'), null);
    });

    it('reads the user by UPN and every area in one round trip, then policy detail only for devices with a problem', async () => {
      const problems = backend.typicalProblemDeviceCount;
      const report = await sourceFor(backend.url).getReportByKey(backend.typicalUpn);
      assert.ok(report !== null);

      for (const area of AREAS)
        assert.equal(report[area].status, 'ok', `${area} is ${JSON.stringify(report[area])}`);
      assert.equal(report.user.userPrincipalName.toLowerCase(), backend.typicalUpn.toLowerCase());
      assert.equal(okData(report, 'devices').length, backend.typicalDeviceCount);
      assert.equal(okData(report, 'compliancePolicies').length, problems);
      assert.equal(
        okData(report, 'configurationPolicies').length,
        backend.typicalDeviceCount,
        'every device’s profile states, from the sweep',
      );
      // Every device either counts toward the device limit or is named as not counted, by enrollment method.
      const limit = okData(report, 'enrollmentRestrictions');
      assert.equal(
        limit.enrolledDeviceCount + limit.uncountedDevices.reduce((n, u) => n + u.count, 0),
        backend.typicalDeviceCount,
      );
      assert.equal(report.stats.roundTrips, problems > 0 ? 2 : 1);
      assert.equal(report.stats.retries, 0);

      const batches = backend.requests.filter((r) => r.path === '/$batch' && !r.viaBatch);
      const direct = backend.requests.filter((r) => !r.viaBatch && r.path !== '/$batch');
      assert.deepEqual(direct, [], 'everything goes through $batch');
      assert.ok(batches.length >= 2 && batches.length === report.stats.requests);
      const subs = backend.requests.filter((r) => r.viaBatch);
      assert.ok(
        subs.filter((r) => r.path.startsWith('/users/')).every((r) => !r.path.includes(report.user.id)),
        'the first batch names the user by UPN',
      );
      const compliance = subs.filter((r) => /\/deviceCompliancePolicyStates$/.test(r.path));
      const reports = subs.filter((r) => r.path.endsWith('/getConfigurationPoliciesReportForDevice'));
      const perDevice = reports.filter((r) => filterOf(r.body).includes('IntuneDeviceId eq'));
      const sweep = reports.filter((r) => !filterOf(r.body).includes('IntuneDeviceId eq'));
      assert.equal(compliance.length, problems);
      assert.equal(perDevice.length, problems);
      assert.equal(sweep.length, 1, 'one sweep of every device’s profiles, in the first batch');
      assert.ok(
        filterOf(sweep[0]?.body).includes(`UPN eq '${backend.typicalUpn}'`),
        filterOf(sweep[0]?.body),
      );
      assert.equal(subs.filter((r) => r.path.endsWith('/deviceConfigurationStates')).length, 0);
      const groupRequests = subs.filter((r) => /memberOf|transitiveMemberOf/.test(r.path));
      assert.equal(groupRequests.length, 2);
      for (const r of groupRequests) assert.equal(r.headers.consistencylevel, 'eventual');
    });

    it('says null for a UPN nobody has, in one round trip', async () => {
      const source = sourceFor(backend.url);
      const report = await source.getReportByKey('nobody.at.all@nowhere.example');
      assert.equal(report, null);
      assert.equal(backend.requests.filter((r) => !r.viaBatch).length, 2, 'one v1.0 and one beta batch');
    });

    it('a 403 in one area makes only that area unavailable, naming the permission', async () => {
      const user = await typicalUser();
      backend.faults.add({ path: /\/managedAppRegistrations$/, status: 403 });
      const report = await sourceFor(backend.url).getReport(user);
      assert.deepEqual(
        {
          status: report.appProtection.status,
          kind: unavailableKind(report, 'appProtection'),
          permission: permissionOf(report),
        },
        { status: 'unavailable', kind: 'permission', permission: PERMISSION.apps },
      );
      for (const area of AREAS.filter((a) => a !== 'appProtection'))
        assert.equal(report[area].status, 'ok', area);
    });

    it('retries a throttled sub-request after its Retry-After and still delivers the area', async () => {
      const user = await typicalUser();
      backend.faults.add({ path: '/deviceManagement', status: 429, times: 1, retryAfterSeconds: 0.1 });
      const throttled = (): number =>
        backend.requests.filter((r) => r.viaBatch && r.path === '/deviceManagement').length;
      const clock = fakeClock();
      let report: TroubleshootingReport;
      try {
        const reading = track(sourceFor(backend.url).getReport(user));
        await until(() => throttled() === 1, 'the throttled sub-request');
        const waited = await advanceUntil(clock, () => throttled() === 2, 'the retry');
        assert.ok(waited >= 100, `sent again after ${waited} ms of the clock, Retry-After said 100 ms`);
        await advanceUntil(clock, () => reading.settled, 'the report');
        report = await reading.promise;
      } finally {
        clock.restore();
      }
      assert.equal(report.account.status, 'ok');
      assert.equal(report.stats.retries, 1);
      assert.equal(throttled(), 2);
    });

    it('an area still throttled after the retries is unavailable as throttled', async () => {
      const user = await typicalUser();
      backend.faults.add({ path: '/deviceManagement', status: 429, retryAfterSeconds: 0.01 });
      const clock = fakeClock();
      let report: TroubleshootingReport;
      try {
        const reading = track(sourceFor(backend.url, { retry: { maxRetries: 2 } }).getReport(user));
        await advanceUntil(clock, () => reading.settled, 'the report');
        report = await reading.promise;
      } finally {
        clock.restore();
      }
      assert.equal(unavailableKind(report, 'account'), 'throttled');
      assert.equal(report.devices.status, 'ok');
      assert.equal(
        backend.requests.filter((r) => r.viaBatch && r.path === '/deviceManagement').length,
        3,
        'one try and two retries',
      );
    });

    it('a hanging request is cut at the time budget; the other batch still arrives', async () => {
      const user = await typicalUser();
      backend.faults.add({ path: /\/mobileAppIntentAndStates$/, status: 200, hangMs: 10_000 });
      const clock = fakeClock();
      let report: TroubleshootingReport;
      try {
        const reading = track(sourceFor(backend.url, { timeBudgetMs: 800 }).getReport(user));
        await until(
          () => backend.requests.some((r) => r.path.endsWith('/mobileAppIntentAndStates')),
          'the request that hangs',
        );
        await clock.tickAsync(799);
        await spin();
        assert.equal(reading.settled, false, 'waits while the budget lasts');
        await clock.tickAsync(1);
        await until(() => reading.settled, 'the report when the budget runs out');
        report = await reading.promise;
      } finally {
        clock.restore();
      }
      assert.equal(unavailableKind(report, 'apps'), 'timeout');
      assert.equal(report.license.status, 'ok', 'the v1.0 batch answered');
      assert.equal(report.groups.status, 'ok');
    });
  });
}

function filterOf(body: unknown): string {
  const filter = (body as { filter?: unknown } | undefined)?.filter;
  return typeof filter === 'string' ? filter : '';
}

function okData<K extends (typeof AREAS)[number]>(
  report: TroubleshootingReport,
  area: K,
): Extract<TroubleshootingReport[K], { status: 'ok' }>['data'] {
  const value = report[area];
  assert.equal(value.status, 'ok');
  return (value as Extract<TroubleshootingReport[K], { status: 'ok' }>).data;
}

function unavailableKind(report: TroubleshootingReport, area: (typeof AREAS)[number]): string | undefined {
  const value = report[area];
  return value.status === 'unavailable' ? value.kind : undefined;
}

function permissionOf(report: TroubleshootingReport): string | undefined {
  return report.appProtection.status === 'unavailable' ? report.appProtection.permission : undefined;
}
