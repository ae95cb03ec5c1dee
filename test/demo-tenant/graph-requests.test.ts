import assert from 'node:assert/strict';

import { PEOPLE, startDemoTenant, userIdFor, type DemoTenant } from '../../src/demo-tenant';
import { call, EVENTUAL, get, getAll, values } from './helpers';

// Every request of docs/graph-requests.md, for seeded users, answered with 200 (directly and in $batch).

const IDENTITY =
  'id,displayName,userPrincipalName,mail,jobTitle,department,officeLocation,accountEnabled,userType';
const GROUP_SELECT = 'id,displayName,groupTypes,securityEnabled,mailEnabled';
const DEVICE_SELECT =
  'id,deviceName,managementAgent,joinType,managedDeviceOwnerType,complianceState,operatingSystem,osVersion,model,manufacturer,serialNumber,lastSyncDateTime,enrolledDateTime,azureADDeviceId';

interface Spec {
  name: string;
  version: 'v1.0' | 'beta';
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
}

function roundTrip1(id: string): Spec[] {
  return [
    { name: '1', version: 'v1.0', url: `/users/${id}?$select=id,accountEnabled,userType,assignedPlans` },
    { name: '2', version: 'v1.0', url: '/deviceManagement?$select=id,subscriptionState' },
    {
      name: '3',
      version: 'v1.0',
      url: `/users/${id}/memberOf/microsoft.graph.group?$select=${GROUP_SELECT}&$top=999&$count=true`,
      headers: EVENTUAL,
    },
    {
      name: '4',
      version: 'v1.0',
      url: `/users/${id}/transitiveMemberOf/microsoft.graph.group?$select=${GROUP_SELECT}&$top=999&$count=true`,
      headers: EVENTUAL,
    },
    { name: '5', version: 'v1.0', url: `/users/${id}/managedAppRegistrations?$expand=appliedPolicies` },
    { name: '6', version: 'v1.0', url: `/users/${id}/getManagedAppPolicies` },
    { name: '7', version: 'v1.0', url: `/users/${id}/getManagedAppDiagnosticStatuses` },
    {
      name: '8',
      version: 'v1.0',
      url: '/deviceManagement/deviceEnrollmentConfigurations?$expand=assignments',
    },
    { name: '9', version: 'beta', url: `/users/${id}/managedDevices?$select=${DEVICE_SELECT}` },
    { name: '10', version: 'beta', url: `/users/${id}/mobileAppIntentAndStates` },
    { name: '11', version: 'beta', url: `/users/${id}/deviceManagementTroubleshootingEvents` },
  ];
}

function roundTrip2(devices: { id: string; azureADDeviceId: string }[]): Spec[] {
  const filter = `deviceId in (${devices.map((d) => `'${d.azureADDeviceId}'`).join(',')})`;
  return [
    ...devices.flatMap((d): Spec[] => [
      {
        name: '12',
        version: 'beta',
        url: `/deviceManagement/managedDevices/${d.id}/deviceCompliancePolicyStates`,
      },
      {
        name: '13',
        version: 'beta',
        url: `/deviceManagement/managedDevices/${d.id}/deviceConfigurationStates`,
      },
    ]),
    {
      name: '14',
      version: 'v1.0',
      url: `/devices?$filter=${encodeURIComponent(filter)}&$select=deviceId,isCompliant,isManaged`,
    },
  ];
}

describe('demo tenant: every request in docs/graph-requests.md', () => {
  let tenant: DemoTenant;

  before(async () => {
    tenant = await startDemoTenant();
  });

  after(async () => {
    await tenant.close();
  });

  const send = (spec: Spec) =>
    call(tenant, spec.method ?? 'GET', `/${spec.version}${spec.url}`, {
      headers: spec.headers,
      body: spec.body,
    });

  it('R1, R2, R3 and A1 resolve people and agents', async () => {
    const daan = `${PEOPLE.daan.key}@northwind.example`;
    const r1 = await get(tenant, `/v1.0/users/${daan}?$select=${IDENTITY}`);
    assert.equal(r1.status, 200);
    const guest = await get(
      tenant,
      `/v1.0/users/jerome.lefevre_fabrikam.example%23EXT%23%40northwind.example?$select=${IDENTITY}`,
    );
    assert.equal(guest.status, 200);
    const mail = "siobhan.o''brien@northwind.example";
    const r2 = await get(
      tenant,
      `/v1.0/users?$filter=${encodeURIComponent(`mail eq '${mail}' or userPrincipalName eq '${mail}'`)}&$select=${IDENTITY}`,
    );
    assert.equal(r2.status, 200);
    assert.equal(values(r2).length, 1);
    const text = 'san';
    const search = `"displayName:${text}" OR "mail:${text}" OR "userPrincipalName:${text}"`;
    const r3 = await get(
      tenant,
      `/v1.0/users?$search=${encodeURIComponent(search)}&$count=true&$top=10&$select=${IDENTITY}`,
      EVENTUAL,
    );
    assert.equal(r3.status, 200);
    assert.ok(values(r3).length >= 3);
    const a1 = await call(tenant, 'POST', `/v1.0/users/${userIdFor(PEOPLE.lotte.key)}/checkMemberGroups`, {
      body: { groupIds: ['3f1e0c52-0000-4000-8000-000000000000'] },
    });
    assert.equal(a1.status, 200);
  });

  for (const person of [
    'daan',
    'sander',
    'sanneDeBoer',
    'pieter',
    'wouter',
    'anouk',
    'zoe',
    'grace',
  ] as const) {
    it(`rounds 1 and 2 answer 200 for ${PEOPLE[person].givenName} ${PEOPLE[person].surname}, directly and in $batch`, async () => {
      const id = userIdFor(PEOPLE[person].key);
      const first = roundTrip1(id);
      for (const spec of first) {
        const reply = await send(spec);
        assert.equal(
          reply.status,
          200,
          `#${spec.name} ${spec.url}: ${JSON.stringify(reply.body).slice(0, 200)}`,
        );
      }
      const { items: devices } = await getAll(
        tenant,
        `/beta/users/${id}/managedDevices?$select=${DEVICE_SELECT}`,
      );
      const second = devices.length
        ? roundTrip2(devices.map((d) => ({ id: String(d.id), azureADDeviceId: String(d.azureADDeviceId) })))
        : [];
      for (const spec of second) {
        const reply = await send(spec);
        assert.equal(reply.status, 200, `#${spec.name} ${spec.url}`);
      }
      // The same requests as the bot sends them: one batch per version for round 1, batches of 20 for round 2.
      const all = [...first, ...second];
      for (const version of ['v1.0', 'beta'] as const) {
        const specs = all.filter((s) => s.version === version);
        for (let i = 0; i < specs.length; i += 20) {
          const chunk = specs.slice(i, i + 20);
          const reply = await call(tenant, 'POST', `/${version}/$batch`, {
            body: {
              requests: chunk.map((s, n) => ({
                id: String(n + 1),
                method: 'GET',
                url: s.url,
                ...(s.headers ? { headers: s.headers } : {}),
              })),
            },
          });
          assert.equal(reply.status, 200);
          const statuses = (reply.body.responses as { status: number }[]).map((r) => r.status);
          assert.deepEqual(
            statuses,
            chunk.map(() => 200),
          );
        }
      }
    });
  }

  it('serves the configuration report fallback for a device', async () => {
    const id = userIdFor(PEOPLE.sander.key);
    const [device] = values(await get(tenant, `/beta/users/${id}/managedDevices?$select=id`));
    const reply = await call(
      tenant,
      'POST',
      '/beta/deviceManagement/reports/getConfigurationPoliciesReportForDevice',
      {
        body: {
          select: ['PolicyId', 'PolicyName', 'PolicyType', 'PolicyStatus', 'UPN'],
          filter: `(PolicyBaseTypeName eq 'Microsoft.Management.Services.Api.DeviceConfiguration') and (IntuneDeviceId eq '${String(device?.id)}')`,
          skip: 0,
          top: 500,
          orderBy: ['PolicyName'],
        },
      },
    );
    assert.equal(reply.status, 200);
    assert.ok(Array.isArray(reply.body.Schema) && Array.isArray(reply.body.Values));
    assert.ok((reply.body.Values as unknown[]).length > 0);
  });
});
