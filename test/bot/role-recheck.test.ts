// An agent's expired role is checked again alongside their lookup (same round trip), and the lookup is
// shown only if the check still says agent; nobody else's lookup reads anything before their role is known.
import { areaReadings } from '../../src/areas';
import { strict as assert } from 'node:assert';
import { RoleDirectory } from '../../src/access/role-directory';
import type { AuditLog } from '../../src/audit/audit-log';
import { Troubleshooter } from '../../src/bot/troubleshooter';
import { DEMO_TENANT_ID, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphTroubleshootingSource } from '../../src/graph/graph-troubleshooting-source';
import { createTranslator } from '../../src/i18n';
import { silentLogger } from '../../src/logging/logger';
import { cardText, person } from './bot-harness';

const lotte = person('lotte');
const james = person('james');
const HELPDESK = '5a1d2c3b-0000-4000-8000-00000000a6e7';
const NOT_AGENT = 'Only helpdesk agents can look up other people';

const noAudit: AuditLog = { record: () => Promise.resolve(), findBySubject: () => Promise.resolve([]) };

describe('bot/troubleshooter: the agent check alongside the lookup', () => {
  let tenant: DemoTenant;
  let now: number;
  let member: boolean;
  let checks: number;
  let flow: Troubleshooter;
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
    flow = new Troubleshooter({
      source,
      roles,
      audit: noAudit,
      allowedTenants: [DEMO_TENANT_ID.toLowerCase()],
      logger: silentLogger,
    });
    // Lotte is confirmed an agent once.
    await flow.forText(requester, james.upn, tr);
    tenant.resetRequests();
  });
  afterEach(() => tenant.close());

  it('uses a cached role without asking again', async () => {
    const result = await flow.forText(requester, james.upn, tr);
    assert.equal(result.outcome, 'shown');
    assert.equal(checks, 1);
  });

  it('checks an expired agent role again and shows the lookup when it still holds', async () => {
    now += 61_000;
    const result = await flow.forText(requester, james.upn, tr);
    assert.equal(checks, 2, 'asked again');
    assert.equal(result.outcome, 'shown');
    assert.ok(cardText(result.card).includes(james.displayName));
  });

  it('shows nothing when the re-check says the agent was removed', async () => {
    now += 61_000;
    member = false;
    const result = await flow.forText(requester, james.upn, tr);
    const text = cardText(result.card);
    assert.equal(result.outcome, 'denied');
    assert.ok(text.includes(NOT_AGENT), text);
    assert.ok(!text.includes(james.displayName));
  });

  it('asks first, reading nothing about the subject, for someone not confirmed an agent recently', async () => {
    now += 9 * 60 * 60_000;
    member = false;
    const result = await flow.forText(requester, james.upn, tr);
    assert.equal(result.outcome, 'denied');
    assert.deepEqual(tenant.requests, [], 'nothing about James was read');
  });
});
