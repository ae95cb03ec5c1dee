// Reading Intune roles from the demo tenant in Graph's beta shapes: definitions with their permissions, each
// reading role's assignments (ids from the definition's list, members, scope and tags from the full list).
import { strict as assert } from 'node:assert';
import { groupIdFor, startDemoTenant, userIdFor, PEOPLE, type DemoTenant } from '../../src/demo-tenant';
import { agentAssignments } from '../../src/access/intune-scope';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphIntuneRoles } from '../../src/graph/graph-intune-roles';

describe('graph/graph-intune-roles against the demo tenant', () => {
  let tenant: DemoTenant;
  let roles: GraphIntuneRoles;

  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
    roles = new GraphIntuneRoles(createGraphClient({ baseUrl: tenant.url, credential: null }), tenant.url);
  });
  after(() => tenant.close());
  beforeEach(() => tenant.resetRequests());

  it('reads built-in and custom roles, and the assignments of those that may read devices', async () => {
    const read = await roles.readRoles();
    const names = read.definitions.map((d) => d.displayName).sort();
    assert.deepEqual(names, [
      'Help Desk Operator',
      'Intune Administrator (Northwind)',
      'Northwind App Packager',
      'Northwind UK Service Desk',
    ]);
    const agents = agentAssignments(read);
    assert.deepEqual(agents.map((a) => a.displayName).sort(), [
      'Helpdesk Netherlands',
      'Helpdesk United Kingdom',
      'Intune administrators - all countries',
    ]);
    const nl = agents.find((a) => a.displayName === 'Helpdesk Netherlands');
    assert.deepEqual(nl && { ...nl, id: '', roleDefinitionId: '' }, {
      id: '',
      displayName: 'Helpdesk Netherlands',
      roleDefinitionId: '',
      adminGroupIds: [groupIdFor('intune-helpdesk-nl')],
      scopeType: 'resourceScope',
      scopeGroupIds: [groupIdFor('scope-nl')],
      scopeTagIds: ['1'],
    });
    // The app packagers' role cannot read devices: its assignments do not count.
    assert.equal(read.assignments.length, 3);
    const paths = tenant.requests.map((r) => `${r.version} ${r.path}`);
    assert.ok(
      paths.every((p) => p.startsWith('beta /deviceManagement/role') || p.includes('$batch')),
      paths.join('\n'),
    );
    // The full list carried members, scope and tags: no assignment is read on its own.
    assert.deepEqual(
      paths.filter((p) => /\/roleAssignments\/[^/]+$/.test(p)),
      [],
    );
  });

  it('tells which of the given groups a person is a transitive member of, by object id or UPN', async () => {
    const ruben = userIdFor(PEOPLE.ruben.key);
    const groups = [
      groupIdFor('intune-helpdesk-nl'),
      groupIdFor('intune-helpdesk-uk'),
      groupIdFor('scope-nl'),
    ];
    assert.deepEqual((await roles.memberGroups(ruben, groups)).sort(), [groups[0], groups[2]].sort());
    assert.deepEqual(await roles.memberGroups(`${PEOPLE.emma.key}@northwind.example`, groups), [groups[1]]);
    assert.deepEqual(await roles.memberGroups('nobody@northwind.example', groups), []);
  });

  it('checks more than 20 groups in calls of at most 20', async () => {
    const many = Array.from({ length: 25 }, (_, i) => groupIdFor(`prj-${String(i + 1).padStart(3, '0')}`));
    const anouk = userIdFor(PEOPLE.anouk.key);
    assert.equal((await roles.memberGroups(anouk, many)).length, 25);
  });
});
