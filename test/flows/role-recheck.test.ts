// An agent's expired role is checked again alongside their lookup (same round trip), and the lookup is
// shown only if the check still says agent; nobody else's lookup reads anything before their role is known.
import { areaReadings } from '../../src/areas';
import { strict as assert } from 'node:assert';
import { RoleDirectory } from '../../src/access/role-directory';
import { DEMO_TENANT_ID, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import { createGraphClient } from '../../src/graph/create-graph-client';
import type { Requester } from '../../src/flows';
import { AccessGate } from '../../src/flows/access-gate';
import { TroubleshootFlow } from '../../src/flows/troubleshoot-flow';
import { GraphTroubleshootingSource } from '../../src/graph/graph-troubleshooting-source';
import { createTranslator, type Translator } from '../../src/i18n';
import { present, type Answer } from '../../src/presenter/present';
import { cardText, person } from '../bot/bot-harness';

const lotte = person('lotte');
const james = person('james');
const HELPDESK = '5a1d2c3b-0000-4000-8000-00000000a6e7';
const NOT_AGENT = 'Only helpdesk agents can look up other people';

describe('flows/troubleshoot: the agent check alongside the lookup', () => {
  let tenant: DemoTenant;
  let now: number;
  let member: boolean;
  let checks: number;
  let flow: TroubleshootFlow;
  /** A lookup by typed text, and the card it answers with. */
  const forText = async (who: Requester, text: string, t: Translator): Promise<Answer> =>
    present(await flow.forText(who, text), t);
  const tr = createTranslator('en');
  const requester = { aadObjectId: lotte.id, name: lotte.displayName, tenantId: DEMO_TENANT_ID };

  beforeEach(async () => {
    tenant = await startDemoTenant({ port: 0 });
    const client = createGraphClient({ baseUrl: tenant.url, credential: null });
    const source = new GraphTroubleshootingSource({
      areas: areaReadings(),
      client,
      baseUrl: tenant.url,
      cache: null,
    });
    now = Date.now();
    member = true;
    checks = 0;
    // Membership is the edge this test controls: whether Graph still says Lotte is in the helpdesk group.
    const groups = {
      isMemberOfAnyGroup: (): Promise<boolean> => {
        checks += 1;
        return Promise.resolve(member);
      },
    };
    const roles = new RoleDirectory(groups, [HELPDESK], { now: () => now });
    const gate = new AccessGate({ roles, allowedTenants: [DEMO_TENANT_ID.toLowerCase()] });
    flow = new TroubleshootFlow({ gate, source });
    // Lotte is confirmed an agent once.
    await forText(requester, james.upn, tr);
    tenant.resetRequests();
  });
  afterEach(() => tenant.close());

  it('uses a cached role without asking again', async () => {
    const result = await forText(requester, james.upn, tr);
    assert.equal(result.outcome, 'shown');
    assert.equal(checks, 1);
  });

  it('checks an expired agent role again and shows the lookup when it still holds', async () => {
    now += 61_000;
    const result = await forText(requester, james.upn, tr);
    assert.equal(checks, 2, 'asked again');
    assert.equal(result.outcome, 'shown');
    assert.ok(cardText(result.card).includes(james.displayName));
  });

  it('shows nothing when the re-check says the agent was removed', async () => {
    now += 61_000;
    member = false;
    const result = await forText(requester, james.upn, tr);
    const text = cardText(result.card);
    assert.equal(result.outcome, 'denied');
    assert.ok(text.includes(NOT_AGENT), text);
    assert.ok(!text.includes(james.displayName));
  });

  it('asks first, reading nothing about the subject, for someone not confirmed an agent recently', async () => {
    now += 9 * 60 * 60_000;
    member = false;
    const result = await forText(requester, james.upn, tr);
    assert.equal(result.outcome, 'denied');
    assert.deepEqual(tenant.requests, [], 'nothing about James was read');
  });
});
