import { strict as assert } from 'node:assert';
import { canView, isObjectId, isTenantAllowed } from '../../src/access/access-policy';
import { RoleDirectory } from '../../src/access/role-directory';

const ME = '11111111-1111-1111-1111-111111111111';
const OTHER = '22222222-2222-2222-2222-222222222222';
const GROUP = '33333333-3333-3333-3333-333333333333';

describe('access policy', () => {
  it('lets agents see anyone and users only themselves', () => {
    assert.equal(canView('agent', ME, OTHER), true);
    assert.equal(canView('user', ME, ME.toUpperCase()), true);
    assert.equal(canView('user', ME, OTHER), false);
  });

  it('serves only allowed tenants, case-insensitively', () => {
    assert.equal(isTenantAllowed(GROUP.toUpperCase(), [GROUP]), true);
    assert.equal(isTenantAllowed(OTHER, [GROUP]), false);
    assert.equal(isTenantAllowed(null, [GROUP]), false);
    assert.equal(isTenantAllowed(null, 'any'), true);
  });

  it('accepts only GUID-shaped object ids', () => {
    assert.equal(isObjectId(ME), true);
    for (const bad of ['', 'me', `${ME}/managedDevices`, "x' or 1 eq 1", 42, null, undefined]) {
      assert.equal(isObjectId(bad), false, String(bad));
    }
  });
});

describe('RoleDirectory', () => {
  it('caches the role for its TTL, then asks Graph again', async () => {
    let clock = 0;
    let member = true;
    const calls: string[] = [];
    const roles = new RoleDirectory(
      {
        isMemberOfAnyGroup: (userId) => {
          calls.push(userId);
          return Promise.resolve(member);
        },
      },
      [GROUP],
      { ttlMs: 1000, now: () => clock },
    );
    assert.equal(await roles.roleOf(ME), 'agent');
    member = false;
    assert.equal(await roles.roleOf(ME), 'agent');
    clock = 1001;
    assert.equal(await roles.roleOf(ME), 'user');
    assert.equal(calls.length, 2);
  });

  it('makes nobody an agent when no helpdesk group is configured', async () => {
    const roles = new RoleDirectory({ isMemberOfAnyGroup: () => Promise.resolve(true) }, []);
    assert.equal(await roles.roleOf(ME), 'user');
  });
});
