// Intune role-based access decided from Graph's own shapes: which roles make an agent, whom an assignment
// covers, which devices its scope tags show (the Default tag as Intune treats it), and the caches.
import { strict as assert } from 'node:assert';
import { IntuneRoleDirectory, ROLES_CACHE_TTL_MS } from '../../src/access/intune-role-directory';
import {
  DEFAULT_SCOPE_TAG,
  agentAssignments,
  allowsReadingDevices,
  deviceVisible,
  reachOf,
  restrictEvidence,
  restrictReport,
  scopeGroupsToCheck,
  viewOfSubject,
  type IntuneRoleAssignment,
  type IntuneRoles,
  type SubjectView,
} from '../../src/access/intune-scope';
import { snapshotEvidence } from '../../src/escalations/evidence-snapshot';
import { mapRoleAssignment, mapRoleDefinition } from '../../src/graph/graph-intune-roles';
import { NOW, sampleReport } from '../support/sample-report';

/** A role definition as GET /beta/deviceManagement/roleDefinitions returns it (rolePermissions + permissions). */
function graphRole(id: string, allowed: string[], notAllowed: string[] = [], isBuiltIn = true): unknown {
  const permission = {
    '@odata.type': 'microsoft.graph.rolePermission',
    actions: [],
    resourceActions: [
      {
        '@odata.type': 'microsoft.graph.resourceAction',
        allowedResourceActions: allowed,
        notAllowedResourceActions: notAllowed,
      },
    ],
  };
  return {
    '@odata.type': '#microsoft.graph.deviceAndAppManagementRoleDefinition',
    id,
    displayName: id,
    description: '',
    isBuiltIn,
    isBuiltInRoleDefinition: isBuiltIn,
    roleScopeTagIds: [],
    rolePermissions: [permission],
    permissions: [permission],
  };
}

function role(raw: unknown) {
  const mapped = mapRoleDefinition(raw);
  assert.ok(mapped);
  return mapped;
}

const READ = 'Microsoft.Intune_ManagedDevices_Read';

function assignment(overrides: Partial<IntuneRoleAssignment>): IntuneRoleAssignment {
  return {
    id: 'a1',
    displayName: 'a1',
    roleDefinitionId: 'helpdesk',
    adminGroupIds: ['admins-nl'],
    scopeType: 'resourceScope',
    scopeGroupIds: ['scope-nl'],
    scopeTagIds: ['1'],
    ...overrides,
  };
}

describe('access/intune-scope', () => {
  describe('which roles make an agent (from permissions, never names)', () => {
    it('a built-in role that allows reading managed devices', () => {
      assert.equal(allowsReadingDevices(role(graphRole('Help Desk Operator', [READ]))), true);
    });

    it('a custom role with the same resource action, in any letter case', () => {
      assert.equal(
        allowsReadingDevices(
          role(graphRole('Anything', ['microsoft.intune_manageddevices_read'], [], false)),
        ),
        true,
      );
    });

    it('not a role that only manages apps, even when called "Help Desk"', () => {
      assert.equal(
        allowsReadingDevices(role(graphRole('Help Desk', ['Microsoft.Intune_MobileApps_Read']))),
        false,
      );
    });

    it('not when the action is also in notAllowedResourceActions, and yes for a wildcard', () => {
      assert.equal(allowsReadingDevices(role(graphRole('r', ['Microsoft.Intune_*'], [READ]))), false);
      assert.equal(allowsReadingDevices(role(graphRole('r', ['Microsoft.Intune_ManagedDevices_*']))), true);
    });

    it('reads the older plain `actions` list too, and ignores definitions without an id', () => {
      assert.equal(allowsReadingDevices(role({ id: 'old', permissions: [{ actions: [READ] }] })), true);
      assert.equal(mapRoleDefinition({ displayName: 'no id' }), null);
      assert.equal(mapRoleDefinition('junk'), null);
    });

    it('maps a role assignment as GET /beta/deviceManagement/roleAssignments/{id} returns it', () => {
      const mapped = mapRoleAssignment(
        {
          '@odata.type': '#microsoft.graph.deviceAndAppManagementRoleAssignment',
          id: 'ra',
          displayName: 'Helpdesk NL',
          scopeMembers: ['legacy-scope'],
          scopeType: 'resourceScope',
          resourceScopes: ['scope-nl'],
          members: ['admins-nl'],
          roleScopeTagIds: ['1'],
        },
        'def',
      );
      assert.deepEqual(mapped, {
        id: 'ra',
        displayName: 'Helpdesk NL',
        roleDefinitionId: 'def',
        adminGroupIds: ['admins-nl'],
        scopeType: 'resourceScope',
        scopeGroupIds: ['scope-nl', 'legacy-scope'],
        scopeTagIds: ['1'],
      });
      assert.equal(
        mapRoleAssignment({ id: 'x', scopeType: 'somethingNew' }, 'd')?.scopeType,
        'resourceScope',
      );
    });

    it('keeps only assignments of reading roles that have admin groups', () => {
      const roles: IntuneRoles = {
        definitions: [
          role(graphRole('helpdesk', [READ])),
          role(graphRole('apps', ['Microsoft.Intune_MobileApps_Read'])),
        ],
        assignments: [
          assignment({ id: 'keep' }),
          assignment({ id: 'apps', roleDefinitionId: 'apps' }),
          assignment({ id: 'nobody', adminGroupIds: [] }),
        ],
      };
      assert.deepEqual(
        agentAssignments(roles).map((a) => a.id),
        ['keep'],
      );
    });
  });

  describe('whom an assignment covers, and which devices', () => {
    const nl = assignment({ id: 'nl' });
    const uk = assignment({
      id: 'uk',
      adminGroupIds: ['admins-uk'],
      scopeGroupIds: ['scope-uk'],
      scopeTagIds: ['2'],
    });
    const all = assignment({
      id: 'all',
      adminGroupIds: ['admins-all'],
      scopeType: 'allDevicesAndLicensedUsers',
      scopeGroupIds: [],
      scopeTagIds: [],
    });

    it('an agent holds the assignments of their admin groups only', () => {
      const reach = reachOf([nl, uk, all], new Set(['admins-nl']));
      assert.equal(reach.kind, 'grants');
      assert.deepEqual(reach.kind === 'grants' ? reach.grants.map((g) => g.assignmentId) : [], ['nl']);
      assert.deepEqual(reachOf([nl], new Set()), { kind: 'grants', grants: [] });
    });

    it('a scope group covers its members; others are not covered at all', () => {
      const reach = reachOf([nl], new Set(['admins-nl']));
      assert.deepEqual(scopeGroupsToCheck(reach), ['scope-nl']);
      assert.equal(viewOfSubject(reach, new Set(['scope-nl'])).covered, true);
      assert.equal(viewOfSubject(reach, new Set()).covered, false);
    });

    for (const scopeType of ['allDevices', 'allLicensedUsers', 'allDevicesAndLicensedUsers'] as const) {
      it(`"${scopeType}" covers everyone without a membership check`, () => {
        const reach = reachOf([assignment({ scopeType, scopeGroupIds: [] })], new Set(['admins-nl']));
        assert.deepEqual(scopeGroupsToCheck(reach), []);
        assert.equal(viewOfSubject(reach, new Set()).covered, true);
      });
    }

    it('still checks scope groups whose tags the "everyone" grants do not give', () => {
      const reach = reachOf(
        [nl, { ...all, adminGroupIds: ['admins-nl'], scopeTagIds: ['0'] }],
        new Set(['admins-nl']),
      );
      assert.deepEqual(scopeGroupsToCheck(reach), ['scope-nl']);
      const tags = (view: SubjectView): string[] =>
        view.covered && view.tags !== 'any' ? [...view.tags].sort() : [];
      assert.deepEqual(tags(viewOfSubject(reach, new Set())), ['0']);
      assert.deepEqual(tags(viewOfSubject(reach, new Set(['scope-nl']))), ['0', '1']);
    });

    it('the Default tag: an untagged device carries it, an assignment without tags sees only it', () => {
      const nlView: SubjectView = { covered: true, tags: new Set(['1']) };
      assert.equal(deviceVisible(nlView, ['1']), true);
      assert.equal(deviceVisible(nlView, ['2']), false);
      assert.equal(deviceVisible(nlView, []), false, 'an untagged device is Default-tagged');
      assert.equal(deviceVisible(nlView, undefined), false);
      const defaultOnly = viewOfSubject(reachOf([all], new Set(['admins-all'])), new Set());
      assert.equal(deviceVisible(defaultOnly, [DEFAULT_SCOPE_TAG]), true);
      assert.equal(deviceVisible(defaultOnly, []), true);
      assert.equal(deviceVisible(defaultOnly, ['1']), false);
      assert.equal(deviceVisible(defaultOnly, ['1', '0']), true, 'any shared tag is enough');
      assert.equal(deviceVisible({ covered: false }, ['1']), false);
    });
  });

  describe('restricting what is shown', () => {
    const report = sampleReport({ devices: 3 });
    const [first, second, third] = report.devices.status === 'ok' ? report.devices.data : [];
    assert.ok(first && second && third);
    const tagged: typeof report = {
      ...report,
      devices: {
        status: 'ok',
        truncated: false,
        data: [
          { ...first, scopeTagIds: ['1'] },
          { ...second, scopeTagIds: ['2'] },
          { ...third, scopeTagIds: [] },
        ],
      },
      apps: {
        status: 'ok',
        truncated: false,
        data: [first, second].map((d) => ({
          deviceId: d.id,
          deviceName: d.name,
          appId: `app-${d.id}`,
          displayName: `App on ${d.name}`,
          version: null,
          intent: 'requiredInstall',
          installState: 'failed' as const,
        })),
      },
      enrollmentFailures:
        report.enrollmentFailures.status === 'ok'
          ? {
              ...report.enrollmentFailures,
              data: report.enrollmentFailures.data.map((f, i) => ({
                ...f,
                managedDeviceId: i === 0 ? second.id : null,
              })),
            }
          : report.enrollmentFailures,
    };
    const nlView: SubjectView = { covered: true, tags: new Set(['1']) };

    it('keeps devices with a shared tag, counts the rest, and drops every row tied to them', () => {
      const seen = restrictReport(tagged, nlView);
      assert.deepEqual(seen.devices.status === 'ok' ? seen.devices.data.map((d) => d.name) : [], [
        first.name,
      ]);
      assert.equal(seen.devicesOutOfScope, 2);
      assert.deepEqual(
        seen.compliancePolicies.status === 'ok' ? seen.compliancePolicies.data.map((p) => p.deviceId) : [],
        [first.id],
      );
      assert.deepEqual(seen.apps.status === 'ok' ? seen.apps.data.map((a) => a.deviceId) : [], [first.id]);
      assert.deepEqual(
        seen.enrollmentFailures.status === 'ok'
          ? seen.enrollmentFailures.data.map((f) => f.managedDeviceId)
          : [],
        [null],
        'a failure of a hidden device goes; one without a device stays',
      );
    });

    it('changes nothing for a full view', () => {
      assert.equal(restrictReport(tagged, { covered: true, tags: 'any' }), tagged);
    });

    it('restricts a case’s frozen evidence the same way', () => {
      const evidence = snapshotEvidence(tagged, NOW);
      const seen = restrictEvidence(JSON.parse(JSON.stringify(evidence)) as typeof evidence, nlView);
      assert.deepEqual(seen.devices.status === 'ok' ? seen.devices.rows.map((d) => d.name) : [], [
        first.name,
      ]);
      assert.equal(seen.devicesOutOfScope, 2);
      assert.deepEqual(seen.failingApps.status === 'ok' ? seen.failingApps.rows.map((a) => a.deviceId) : [], [
        first.id,
      ]);
    });
  });

  describe('IntuneRoleDirectory', () => {
    const readerRoles: IntuneRoles = {
      definitions: [role(graphRole('helpdesk', [READ]))],
      assignments: [assignment({})],
    };

    function fakeGraph(roles: () => Promise<IntuneRoles>, members: Record<string, string[]>) {
      const calls = { roles: 0, members: [] as string[] };
      return {
        calls,
        source: {
          readRoles: () => {
            calls.roles++;
            return roles();
          },
          memberGroups: (user: string, groups: readonly string[]) => {
            calls.members.push(user);
            return Promise.resolve(groups.filter((g) => (members[user] ?? []).includes(g)));
          },
        },
      };
    }

    it(`reads the roles once per ${ROLES_CACHE_TTL_MS / 60_000} minutes for every agent, and again after`, async () => {
      let now = 0;
      const graph = fakeGraph(() => Promise.resolve(readerRoles), {
        ruben: ['admins-nl'],
        sander: ['scope-nl'],
      });
      const directory = new IntuneRoleDirectory(graph.source, { now: () => now });
      const [a, b] = await Promise.all([directory.standingOf('ruben'), directory.standingOf('emma')]);
      assert.equal(a.role, 'agent');
      assert.equal(b.role, 'user');
      assert.equal(graph.calls.roles, 1, 'concurrent callers share one read');
      now += ROLES_CACHE_TTL_MS / 2 - 1;
      directory.forget('ruben');
      await directory.standingOf('ruben');
      assert.equal(graph.calls.roles, 1);
      // Past half their life the roles are read again in the background; the turn uses the cached ones.
      now += 2;
      directory.forget('ruben');
      let finishRead: (roles: IntuneRoles) => void = () => undefined;
      graph.source.readRoles = () => {
        graph.calls.roles++;
        return new Promise<IntuneRoles>((resolve) => {
          finishRead = resolve;
        });
      };
      // Answered while the background read is still pending.
      assert.equal((await directory.standingOf('ruben')).role, 'agent');
      assert.equal(graph.calls.roles, 2);
      finishRead(readerRoles);
      await new Promise((resolve) => setImmediate(resolve));
      // Idle for longer than the whole life: the turn reads them itself.
      now += ROLES_CACHE_TTL_MS + 1;
      directory.forget('ruben');
      graph.source.readRoles = () => {
        graph.calls.roles++;
        return Promise.resolve(readerRoles);
      };
      await directory.standingOf('ruben');
      assert.equal(graph.calls.roles, 3);

      assert.equal((await directory.viewOf(a.reach, 'sander')).covered, true);
      assert.equal((await directory.viewOf(a.reach, 'SANDER')).covered, true);
      assert.equal(graph.calls.members.filter((m) => m.toLowerCase() === 'sander').length, 1, 'cached');
      assert.equal((await directory.viewOf(a.reach, 'james')).covered, false);
    });

    it('does not remember a failed role read: nobody is let in, and the next turn asks again', async () => {
      let fail = true;
      const graph = fakeGraph(
        () => (fail ? Promise.reject(new Error('403')) : Promise.resolve(readerRoles)),
        { ruben: ['admins-nl'] },
      );
      const directory = new IntuneRoleDirectory(graph.source);
      await assert.rejects(directory.standingOf('ruben'));
      fail = false;
      assert.equal((await directory.standingOf('ruben')).role, 'agent');
      assert.equal(graph.calls.roles, 2);
    });
  });
});
