// ACCESS_MODE=intune-roles, an agent whose standing expired (60 s) but who was confirmed recently: their
// re-check and the scope check of the person they look up go out together, and the fresh standing decides.
// Nothing about the person is read on the strength of the expired standing.
import { areaReadings } from '../../src/areas';
import { strict as assert } from 'node:assert';
import { IntuneRoleDirectory } from '../../src/access/intune-role-directory';
import { DEMO_DOMAIN, PEOPLE, startDemoTenant, userIdFor, type DemoTenant } from '../../src/demo-tenant';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphIntuneRoles } from '../../src/graph/graph-intune-roles';
import type { Requester } from '../../src/flows';
import { AccessGate } from '../../src/flows/access-gate';
import { TroubleshootFlow } from '../../src/flows/troubleshoot-flow';
import { GraphTroubleshootingSource } from '../../src/graph/graph-troubleshooting-source';
import { createTranslator, type Translator } from '../../src/i18n';
import { present, type Answer } from '../../src/presenter/present';

const RUBEN = userIdFor(PEOPLE.ruben.key);
const SANDER_UPN = `${PEOPLE.sander.key}@${DEMO_DOMAIN}`;

describe('flows/troubleshoot: an expired agent standing is checked beside the scope check', () => {
  let tenant: DemoTenant;
  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
  });
  after(() => tenant.close());

  function setup(): {
    /** A lookup by typed text, and the card it answers with. */
    flow: { forText: (who: Requester, text: string, t: Translator) => Promise<Answer> };
    directory: IntuneRoleDirectory;
    advance: (ms: number) => void;
    holdRuben: () => { started: Promise<void>; release: (stillAgent: boolean) => void };
    checks: string[];
    /** Resolves when someone other than Ruben is checked while his own check is held. */
    othersChecked: () => Promise<void>;
  } {
    const client = createGraphClient({ baseUrl: tenant.url, credential: null });
    const graph = new GraphIntuneRoles(client, tenant.url);
    let clock = 0;
    const checks: string[] = [];
    let hold: { gate: Promise<boolean>; started: () => void } | null = null;
    let otherChecked: () => void = () => undefined;
    const othersChecked = new Promise<void>((resolve) => {
      otherChecked = resolve;
    });
    const directory = new IntuneRoleDirectory(
      {
        readRoles: () => graph.readRoles(),
        memberGroups: async (user, groups) => {
          checks.push(user);
          if (user.toLowerCase() !== RUBEN && hold !== null) otherChecked();
          if (user.toLowerCase() === RUBEN && hold !== null) {
            const { gate, started } = hold;
            started();
            return (await gate) ? graph.memberGroups(user, groups) : [];
          }
          return graph.memberGroups(user, groups);
        },
      },
      { now: () => clock },
    );
    const source = new GraphTroubleshootingSource({
      areas: areaReadings(),
      client,
      baseUrl: tenant.url,
      cache: null,
    });
    const lookups = new TroubleshootFlow({
      gate: new AccessGate({ roles: directory, allowedTenants: 'any' }),
      source,
    });
    const flow = {
      forText: async (who: Requester, text: string, t: Translator): Promise<Answer> =>
        present(await lookups.forText(who, text), t),
    };
    return {
      flow,
      directory,
      checks,
      othersChecked: () => othersChecked,
      advance: (ms) => {
        clock += ms;
      },
      holdRuben: () => {
        let release: (stillAgent: boolean) => void = () => undefined;
        let started: () => void = () => undefined;
        const gate = new Promise<boolean>((resolve) => {
          release = resolve;
        });
        const startedPromise = new Promise<void>((resolve) => {
          started = resolve;
        });
        hold = { gate, started };
        return { started: startedPromise, release };
      },
    };
  }

  const ruben = { aadObjectId: RUBEN, name: 'Ruben de Vries', tenantId: null };
  const tr = createTranslator('en');

  it('sends the person’s scope check while the agent’s own re-check is still out, then shows the report', async () => {
    const { flow, directory, advance, holdRuben, checks, othersChecked } = setup();
    await directory.standingOf(RUBEN);
    advance(2 * 60_000);
    checks.length = 0;
    const held = holdRuben();
    const pending = flow.forText(ruben, SANDER_UPN, tr);
    // Sander's check starts while Ruben's is still held (were they sequential, this would never resolve).
    await Promise.all([held.started, othersChecked()]);
    assert.deepEqual(checks, [RUBEN, SANDER_UPN], 'both checks are out together');
    tenant.resetRequests();
    held.release(true);
    const result = await pending;
    assert.equal(result.outcome, 'shown');
    assert.ok(tenant.requests.some((r) => r.path.includes('/managedDevices')));
  });

  it('reads nothing about the person when the re-check says the agent lost their role', async () => {
    const { flow, directory, advance, holdRuben, othersChecked } = setup();
    await directory.standingOf(RUBEN);
    advance(2 * 60_000);
    const held = holdRuben();
    const pending = flow.forText(ruben, SANDER_UPN, tr);
    await Promise.all([held.started, othersChecked()]);
    tenant.resetRequests();
    held.release(false);
    const result = await pending;
    assert.equal(result.outcome, 'denied');
    const about = tenant.requests.filter(
      (r) => r.path.toLowerCase().includes(PEOPLE.sander.key) && !r.path.endsWith('/checkMemberGroups'),
    );
    assert.deepEqual(
      about.filter((r) => !/^\/users\/[^/]+$/.test(r.path)).map((r) => r.path),
      [],
      'nothing beyond resolving Sander',
    );
  });
});
