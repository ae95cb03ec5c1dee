import { strict as assert } from 'node:assert';
import { DEMO_TENANT_ID, PLAYGROUND_PEOPLE } from '../../src/demo-tenant';
import { playgroundConfigYaml, signInAs } from '../../src/playground/start-playground';

describe('Playground configuration', () => {
  it('signs in the helpdesk agent by default, and anyone of the six by the start of their UPN', () => {
    assert.equal(signInAs(PLAYGROUND_PEOPLE, null)?.agent, PLAYGROUND_PEOPLE.agent);
    const james = signInAs(PLAYGROUND_PEOPLE, 'james');
    assert.ok(james);
    assert.match(james.agent.userPrincipalName, /^james\./);
    assert.equal(james.others.length, 5, 'the Playground wants exactly five other users');
    assert.ok(james.others.includes(PLAYGROUND_PEOPLE.agent));
    assert.equal(signInAs(PLAYGROUND_PEOPLE, 'nobody'), null);
  });

  it('signs in a scoped helpdesk agent in place of one of the five listed', () => {
    for (const who of ['ruben', 'emma']) {
      const signedIn = signInAs(PLAYGROUND_PEOPLE, who);
      assert.ok(signedIn, who);
      assert.match(signedIn.agent.userPrincipalName, new RegExp(`^${who}\\.`));
      assert.equal(signedIn.others.length, 5);
      assert.ok(signedIn.others.includes(PLAYGROUND_PEOPLE.agent));
      assert.ok(!signedIn.others.includes(signedIn.agent));
    }
  });

  it('writes the strict schema the Playground reads (its own spelling of userPrincipleName)', () => {
    const yaml = playgroundConfigYaml({
      botEndpoint: 'x',
      tenantId: DEMO_TENANT_ID,
      people: PLAYGROUND_PEOPLE,
    });
    assert.match(yaml, /^version: "0\.1\.1"$/m);
    assert.match(yaml, new RegExp(`^tenantId: ${DEMO_TENANT_ID}$`, 'm'));
    assert.match(yaml, new RegExp(`aadObjectId: ${PLAYGROUND_PEOPLE.agent.id}`));
    assert.equal((yaml.match(/userPrincipleName:/g) ?? []).length, 6);
    assert.match(yaml, /channels:\n {4}- id: channel-tier2-id\n {6}name: Tier 2/);
  });
});
