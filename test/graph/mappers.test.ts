import assert from 'node:assert/strict';
import type { User } from '@microsoft/microsoft-graph-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionItems } from '../../src/graph/graph-response';
import { mapAccount } from '../../src/graph/map-account';
import { mapAppProtection } from '../../src/graph/map-app-protection';
import { mapApps } from '../../src/graph/map-apps';
import { mapDevices } from '../../src/graph/map-devices';
import { mapEnrollmentFailures } from '../../src/graph/map-enrollment-failures';
import { mapEnrollmentRestrictions } from '../../src/graph/map-enrollment-restrictions';
import { mapGroups } from '../../src/graph/map-groups';
import { mapLicense } from '../../src/graph/map-license';
import { mapConfigurationReport, mapPolicyStates } from '../../src/graph/map-policies';
import { mapUserIdentity } from '../../src/graph/map-user';

// The documented sample bodies (copied from shared/reference/graph-samples, each with its `_source`).
function sample(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', 'graph-samples', name), 'utf8')) as unknown;
}
/** A sample's `value`, typed by the mapper that receives it (the samples are Graph's own shapes). */
const items = <T extends object>(name: string): T[] => collectionItems(sample(name)) as T[];

const NOW = new Date('2017-01-03T00:00:00Z');

describe('graph/mappers against documented Graph samples', () => {
  it('account: reads subscriptionState, also from the doc sample that wraps it in value', () => {
    assert.deepEqual(mapAccount(sample('deviceManagement-get.v1.0.json')), {
      subscriptionState: 'active',
      isActive: true,
    });
    assert.deepEqual(mapAccount({ subscriptionState: 'warning' }), {
      subscriptionState: 'warning',
      isActive: true,
    });
    assert.deepEqual(mapAccount({ subscriptionState: 'lockedOut' }), {
      subscriptionState: 'lockedOut',
      isActive: false,
    });
    assert.equal(mapAccount({ subscriptionState: 'somethingNew' }).subscriptionState, 'unknown');
  });

  it('license: INTUNE_A Enabled licenses; INTUNE_O365 is listed but never licenses', () => {
    const plan = (servicePlanId: string, capabilityStatus: string) => ({
      servicePlanId,
      capabilityStatus,
      service: 'SCO',
    });
    const o365Only = mapLicense({ assignedPlans: [plan('882e1d05-acd1-4ccb-8708-6ee03664b117', 'Enabled')] });
    assert.equal(o365Only.hasIntuneLicense, false);
    assert.deepEqual(
      o365Only.intunePlans.map((p) => p.name),
      ['INTUNE_O365'],
    );
    assert.equal(
      mapLicense({ assignedPlans: [plan('C1EC4A95-1F05-45B3-A911-AA3FA01094F5', 'Enabled')] })
        .hasIntuneLicense,
      true,
    );
    assert.equal(
      mapLicense({ assignedPlans: [plan('c1ec4a95-1f05-45b3-a911-aa3fa01094f5', 'Suspended')] })
        .hasIntuneLicense,
      false,
    );
    assert.deepEqual(mapLicense({}), { hasIntuneLicense: false, intunePlans: [] });
  });

  it('devices: maps the managedDevice sample and flags a device silent for more than 7 days', () => {
    const [device] = mapDevices(
      items('managedDevices-list.v1.0.json'),
      new Map([['azure addevice id value', true]]),
      NOW,
    );
    assert.ok(device);
    assert.equal(device.name, 'Device Name value');
    assert.equal(device.ownership, 'company');
    assert.equal(device.managedBy, 'mdm');
    assert.equal(device.complianceState, 'compliant');
    assert.equal(device.joinType, 'unknown', 'v1.0 has no joinType');
    assert.equal(device.entraCompliant, true);
    assert.equal(device.isStale, false);
    const [stale] = mapDevices(
      items('managedDevices-list.v1.0.json'),
      new Map(),
      new Date('2017-02-01T00:00:00Z'),
    );
    assert.equal(stale?.isStale, true);
    assert.equal(stale?.entraCompliant, null);
    const [never] = mapDevices([{ id: 'x', lastSyncDateTime: '0001-01-01T00:00:00Z' }], new Map(), NOW);
    assert.equal(never?.lastSyncDateTime, null);
    assert.equal(never?.isStale, true);
  });

  it('compliance policies: worst first, failing settings only', () => {
    const mapped = mapPolicyStates([
      ...items('managedDevice-deviceCompliancePolicyStates.beta.json'),
      { id: 'ok', displayName: 'Fine', state: 'compliant', settingStates: [] },
      {
        id: 'bad',
        displayName: 'Broken',
        state: 'error',
        settingCount: 2,
        settingStates: [
          { setting: 's1', settingName: 'Good', state: 'compliant', errorCode: 0 },
          {
            setting: 's2',
            settingName: 'Bad',
            state: 'error',
            errorCode: 65000,
            errorDescription: 'nope',
            currentValue: 'x',
          },
        ],
      },
      { id: 'c', displayName: 'Conflicting', state: 'conflict' },
      { id: 'n', displayName: 'Non', state: 'nonCompliant' },
    ]);
    assert.deepEqual(
      mapped.map((p) => p.state),
      ['error', 'conflict', 'nonCompliant', 'unknown', 'compliant'],
    );
    assert.deepEqual(mapped[0]?.failingSettings, [
      {
        setting: 's2',
        settingName: 'Bad',
        state: 'error',
        errorCode: 65000,
        errorDescription: 'nope',
        currentValue: 'x',
      },
    ]);
    const placeholder = mapped.find((p) => p.id === 'a359b4dc-b4dc-a359-dcb4-59a3dcb459a3');
    assert.equal(placeholder?.state, 'unknown', 'the doc sample has the placeholder "String" as state');
  });

  it('configuration report fallback: reads the Schema/Values table by column name', () => {
    const mapped = mapConfigurationReport({
      TotalRowCount: 3,
      Schema: [{ Column: 'PolicyName' }, { Column: 'PolicyId' }, { Column: 'PolicyStatus_loc' }],
      Values: [
        ['VPN', 'p1', 'Succeeded'],
        ['Wi-Fi', 'p2', 'Error'],
      ],
    });
    assert.deepEqual(
      mapped.policies.map((p) => [p.id, p.displayName, p.state]),
      [
        ['p2', 'Wi-Fi', 'error'],
        ['p1', 'VPN', 'compliant'],
      ],
    );
    assert.equal(mapped.truncated, true);
  });

  it('apps: failures first, device names joined from the devices list', () => {
    const apps = mapApps(
      [
        ...items('user-mobileAppIntentAndStates.beta.json'),
        {
          managedDeviceIdentifier: 'd2',
          mobileAppList: [
            {
              applicationId: 'ok',
              displayName: 'Authenticator',
              installState: 'installed',
              mobileAppIntent: 'requiredInstall',
            },
          ],
        },
      ],
      new Map([['d2', 'PHONE']]),
    );
    assert.deepEqual(
      apps.map((a) => [a.displayName, a.installState, a.deviceName]),
      [
        ['Display Name value', 'failed', 'Managed Device Identifier value'],
        ['Authenticator', 'installed', 'PHONE'],
      ],
    );
    assert.equal(apps[0]?.intent, 'notAvailable');
  });

  it('app protection: registrations, policies and the diagnostics that are not ok', () => {
    const mapped = mapAppProtection(
      items('managedAppRegistrations-list.v1.0.json'),
      items('user-getManagedAppPolicies.v1.0.json'),
      [...items('user-getManagedAppDiagnosticStatuses.v1.0.json'), { validationName: 'fine', state: 'OK' }],
    );
    assert.equal(mapped.registrations[0]?.appIdentifier, 'Package Id value');
    assert.equal(mapped.registrations[0]?.platform, 'android');
    assert.deepEqual(mapped.registrations[0]?.flaggedReasons, ['rootedDevice']);
    assert.equal(mapped.policies[0]?.displayName, 'Display Name value');
    assert.equal(mapped.policies[0]?.kind, 'managedAppPolicy');
    assert.deepEqual(
      mapped.diagnostics.map((d) => d.validationName),
      ['Validation Name value'],
    );
  });

  it('groups: direct vs transitive, dynamic from groupTypes', () => {
    const transitive = items('user-transitiveMemberOf.v1.0.json').map((g: object, i: number) => ({
      ...g,
      id: `t${i}`,
    }));
    const mapped = mapGroups(
      [{ id: 'd1', displayName: 'Direct dynamic', groupTypes: ['DynamicMembership'] }],
      [...transitive, { id: 'd1', displayName: 'Direct dynamic', groupTypes: ['DynamicMembership'] }],
    );
    assert.deepEqual(
      mapped.map((g) => [g.displayName, g.direct, g.membershipType]),
      [
        ['Direct dynamic', true, 'dynamic'],
        ['All_Contoso_Licensing', false, 'assigned'],
      ],
    );
    assert.equal(mapped[1]?.securityEnabled, true);
  });

  it('enrollment failures: newest first, beta troubleshootingErrorDetails as Microsoft details', () => {
    const beta = items('enrollmentTroubleshootingEvents-list.beta.json');
    const v1 = items('enrollmentTroubleshootingEvents-list.v1.0.json').map((e: object) => ({
      ...e,
      id: 'older',
      eventDateTime: '2016-12-01T00:00:00Z',
    }));
    const mapped = mapEnrollmentFailures([
      ...v1,
      ...beta,
      ...items('deviceManagementTroubleshootingEvents-list.v1.0.json'),
    ]);
    assert.deepEqual(
      mapped.map((f) => f.id),
      ['c4a623f5-23f5-c4a6-f523-a6c4f523a6c4', 'older'],
    );
    assert.equal(mapped[0]?.category, 'authentication');
    assert.deepEqual(mapped[0]?.microsoftDetails, {
      context: 'Context value',
      failure: 'Failure value',
      failureDetails: 'Failure Details value',
      remediation: 'Remediation value',
      resources: [{ text: 'Text value', link: 'Link value' }],
    });
    assert.equal(mapped[1]?.microsoftDetails, null);
  });

  it('enrollment restrictions: applicable ones by priority, default last, winning limit', () => {
    const all = { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' };
    const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });
    const sampleRestriction = sample(
      'deviceEnrollmentPlatformRestrictionsConfiguration-resource.v1.0.json',
    ) as object;
    const mapped = mapEnrollmentRestrictions(
      [
        { ...sampleRestriction, id: 't_DefaultPlatformRestrictions', priority: 0, assignments: [] },
        {
          '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
          id: 't_DefaultLimit',
          priority: 0,
          limit: 15,
        },
        {
          '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
          id: 'g2',
          priority: 2,
          limit: 5,
          assignments: [{ target: group('G') }],
        },
        {
          '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
          id: 'g1',
          priority: 1,
          limit: 3,
          assignments: [{ target: group('other') }],
        },
        {
          '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
          id: 'all',
          priority: 3,
          limit: 10,
          assignments: [{ target: all }],
        },
        ...items('deviceEnrollmentConfigurations-list.v1.0.json'),
      ],
      new Set(['g']),
      4,
    );
    assert.deepEqual(
      mapped.restrictions.map((r) => [r.id, r.kind]),
      [
        ['t_DefaultPlatformRestrictions', 'platform'],
        ['g2', 'limit'],
        ['all', 'limit'],
        ['t_DefaultLimit', 'limit'],
      ],
    );
    assert.equal(mapped.deviceLimit, 5);
    assert.equal(mapped.enrolledDeviceCount, 4);
    const platforms = mapped.restrictions[0]?.platforms.map((p) => p.platform);
    assert.deepEqual(platforms, ['ios', 'android', 'windows', 'windowsMobile', 'macOS']);
    assert.equal(mapped.restrictions[0]?.platforms[0]?.osMinimumVersion, 'String');
  });

  it('user identity: guests by userType or #EXT# UPN; the search sample maps', () => {
    const [user] = items<User>('users-search-displayName.v1.0.json');
    const identity = mapUserIdentity(user!);
    assert.equal(identity.displayName, 'Oscar Ward');
    assert.equal(identity.isGuest, false);
    const [guest] = items<User>('users-filter-startswith.v1.0.json');
    assert.equal(mapUserIdentity(guest!).isGuest, true);
    assert.equal(mapUserIdentity({ userType: 'Guest', userPrincipalName: 'x@y' }).isGuest, true);
  });
});
