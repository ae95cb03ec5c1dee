import assert from 'node:assert/strict';
import { DEMO_DOMAIN, PEOPLE, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import { sourceFor } from './source-for';

describe('graph: enrollment restrictions for a user', () => {
  let tenant: DemoTenant;
  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
  });
  after(() => tenant.close());

  it('reads both the legacy multi-platform and the beta single-platform kind, by priority, with the device limit', async () => {
    const source = sourceFor(tenant.url);
    const resolution = await source.resolveUser(`${PEOPLE.thomas.key}@${DEMO_DOMAIN}`);
    assert.equal(resolution.kind, 'found');
    const report = await source.getReport(resolution.user);
    assert.equal(report.enrollmentRestrictions.status, 'ok');
    if (report.enrollmentRestrictions.status !== 'ok') return;
    const { restrictions, deviceLimit, enrolledDeviceCount } = report.enrollmentRestrictions.data;
    const android = restrictions.find((r) => r.displayName === 'Contractor Android: work profile only');
    assert.ok(android, 'the single-platform restriction applies to a contractor');
    assert.deepEqual(
      android.platforms.map((p) => [p.platform, p.platformBlocked]),
      [['android', true]],
    );
    const platformKinds = restrictions.filter((r) => r.kind === 'platform');
    assert.deepEqual(
      platformKinds.map((r) => r.isDefault),
      [...platformKinds.map(() => false).slice(0, -1), true],
      'the tenant default comes last',
    );
    assert.equal(deviceLimit, 5);
    assert.equal(enrolledDeviceCount, 5);
    assert.ok(
      tenant.requests.some(
        (r) => r.version === 'beta' && r.path === '/deviceManagement/deviceEnrollmentConfigurations',
      ),
      'read on beta',
    );
  });
});
