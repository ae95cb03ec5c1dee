import assert from 'node:assert/strict';

import {
  buildNorthwind,
  DEMO_HELPDESK_GROUP_ID,
  DEMO_TENANT_ID,
  FAILURE_CATEGORIES,
  FAILURE_REASONS,
  INTUNE_A_PLAN_ID,
  INTUNE_O365_PLAN_ID,
  PEOPLE,
  PLAYGROUND_PEOPLE,
  startDemoTenant,
  userIdFor,
  type DemoTenant,
} from '../../src/demo-tenant';
import { call, EVENTUAL, get, values } from './helpers';

// The seeded organisation covers the cases the report has to show, observed through the API.

describe('demo tenant: the seeded organisation', () => {
  let tenant: DemoTenant;
  const now = new Date('2026-03-02T09:00:00Z');

  before(async () => {
    tenant = await startDemoTenant({ now });
  });

  after(async () => {
    await tenant.close();
  });

  it('has stable exported ids', () => {
    assert.match(DEMO_TENANT_ID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(DEMO_HELPDESK_GROUP_ID, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      buildNorthwind(now).users.map((u) => u.id),
      buildNorthwind(now).users.map((u) => u.id),
    );
  });

  it('reports every enrollment failure reason and all 12 failure categories, some with Microsoft details', async () => {
    const events: Record<string, unknown>[] = [];
    for (const person of Object.values(PEOPLE)) {
      events.push(
        ...values(
          await get(tenant, `/beta/users/${userIdFor(person.key)}/deviceManagementTroubleshootingEvents`),
        ),
      );
    }
    const reasons = new Set(events.map((e) => e.failureReason));
    for (const reason of Object.values(FAILURE_REASONS)) assert.ok(reasons.has(reason), reason);
    const categories = new Set(events.map((e) => e.failureCategory));
    for (const category of FAILURE_CATEGORIES) assert.ok(categories.has(category), category);
    const withDetails = events.filter((e) => e.troubleshootingErrorDetails !== null);
    assert.ok(withDetails.length > 0 && withDetails.length < events.length);
    const details = withDetails[0]?.troubleshootingErrorDetails as {
      remediation: string;
      resources: { link: string }[];
    };
    assert.ok(details.remediation.length > 0 && details.resources[0]?.link.startsWith('https://'));
  });

  it('has licensed, basic-mobility-only and unlicensed people', async () => {
    const plans = async (name: keyof typeof PEOPLE) =>
      (await get(tenant, `/v1.0/users/${userIdFor(PEOPLE[name].key)}?$select=assignedPlans`)).body
        .assignedPlans as {
        servicePlanId: string;
        capabilityStatus: string;
      }[];
    assert.ok(
      (await plans('sanneDeBoer')).some(
        (p) => p.servicePlanId === INTUNE_A_PLAN_ID && p.capabilityStatus === 'Enabled',
      ),
    );
    const hugo = await plans('hugo');
    assert.ok(
      hugo.some((p) => p.servicePlanId === INTUNE_O365_PLAN_ID) &&
        !hugo.some((p) => p.servicePlanId === INTUNE_A_PLAN_ID),
    );
    assert.deepEqual(await plans('olivia'), []);
  });

  it('has disabled accounts, guests, dynamic groups, stale and non-compliant devices, and an active subscription', async () => {
    const users = values(
      await get(tenant, `/v1.0/users?$select=displayName,accountEnabled,userType,userPrincipalName`),
    );
    assert.ok(users.some((u) => u.accountEnabled === false));
    assert.ok(
      users.filter((u) => u.userType === 'Guest').every((u) => String(u.userPrincipalName).includes('#EXT#')),
    );
    assert.ok(users.some((u) => /[^\p{ASCII}]/u.test(String(u.displayName))));
    const groups = values(
      await get(
        tenant,
        `/v1.0/users/${userIdFor(PEOPLE.sanneDeBoer.key)}/transitiveMemberOf/microsoft.graph.group?$select=groupTypes&$count=true`,
        EVENTUAL,
      ),
    );
    assert.ok(groups.some((g) => (g.groupTypes as string[]).includes('DynamicMembership')));
    const devices = values(await get(tenant, `/beta/users/${userIdFor(PEOPLE.sander.key)}/managedDevices`));
    assert.ok(devices.some((d) => d.complianceState === 'noncompliant'));
    assert.ok(devices.some((d) => now.getTime() - Date.parse(String(d.lastSyncDateTime)) > 7 * 86_400_000));
    const [device] = devices.filter((d) => d.complianceState === 'noncompliant');
    const states = values(
      await get(
        tenant,
        `/beta/deviceManagement/managedDevices/${String(device?.id)}/deviceCompliancePolicyStates`,
      ),
    );
    assert.ok(
      states.some((s) => (s.settingStates as { state: string }[]).some((x) => x.state === 'nonCompliant')),
    );
    assert.equal((await get(tenant, '/v1.0/deviceManagement')).body.subscriptionState, 'active');
  });

  it('has configuration profiles in error and conflict, and apps failed and pending', async () => {
    const siobhan = userIdFor(PEOPLE.siobhan.key);
    const [laptop] = values(await get(tenant, `/beta/users/${siobhan}/managedDevices?$select=id`));
    const profiles = values(
      await get(
        tenant,
        `/beta/deviceManagement/managedDevices/${String(laptop?.id)}/deviceConfigurationStates`,
      ),
    );
    assert.ok(profiles.some((p) => p.state === 'conflict') && profiles.some((p) => p.state === 'error'));
    const apps = values(
      await get(tenant, `/beta/users/${userIdFor(PEOPLE.marco.key)}/mobileAppIntentAndStates`),
    );
    const states = apps.flatMap((a) =>
      (a.mobileAppList as { installState: string }[]).map((x) => x.installState),
    );
    assert.ok(states.includes('failed') && states.includes('pendingInstall') && states.includes('installed'));
  });

  it('lists an agent and five other Playground people who all exist', async () => {
    const { agent, others } = PLAYGROUND_PEOPLE;
    assert.equal(others.length, 5);
    for (const person of [agent, ...others]) {
      const reply = await get(tenant, `/v1.0/users/${person.userPrincipalName}?$select=id,displayName,mail`);
      assert.equal(reply.body.id, person.id);
      assert.equal(reply.body.displayName, person.displayName);
      assert.equal(reply.body.mail, person.mail);
    }
    const check = await call(tenant, 'POST', `/v1.0/users/${agent.id}/checkMemberGroups`, {
      body: { groupIds: [DEMO_HELPDESK_GROUP_ID] },
    });
    assert.deepEqual(check.body.value, [DEMO_HELPDESK_GROUP_ID]);
  });
});
