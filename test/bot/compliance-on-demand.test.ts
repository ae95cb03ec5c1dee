// The compliance policies view reads the policies of healthy devices when it opens (the first card reads
// them only for devices with a problem), and the dashboard never counts policies it did not read.
// The real bot over HTTP, the demo tenant as Graph.
import { strict as assert } from 'node:assert';
import type { RosterMember } from '../support/connector-stand-in';
import {
  assertExcludes,
  assertIncludes,
  BotUnderTest,
  cardActions,
  cardText,
  person,
  rosterMember,
  type CardAction,
} from './bot-harness';

const lotte = person('lotte');
const daan = person('daan');
const fleur = person('fleur');
const kees = person('kees');

const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '100000' };
const ROSTER: RosterMember[] = [rosterMember(lotte)];

function action(card: unknown, verb: string): CardAction {
  const found = cardActions(card).find((a) => a.verb === verb);
  assert.ok(found, `the card has no ${verb} action:\n${cardText(card)}`);
  return found;
}

/** Sub-requests counted one by one, the $batch envelopes left out. */
function policyStateReads(bot: BotUnderTest): string[] {
  return bot.tenant.requests
    .filter((r) => r.path.endsWith('/deviceCompliancePolicyStates'))
    .map((r) => r.path.split('/')[3] ?? '');
}

/** The dashboard's line for compliance policies. */
function complianceRow(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l === 'Compliance policies' || l === 'Nalevingsbeleid');
  return lines[at + 1] ?? '';
}

function graphReads(bot: BotUnderTest): string[] {
  return bot.tenant.requests.filter((r) => r.path !== '/$batch').map((r) => `${r.method} ${r.path}`);
}

describe('bot: compliance policies are read when their view opens', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(ENV, ROSTER);
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  it('Daan (one healthy device): the dashboard reads no policy state and says none is failing', async () => {
    const dashboard = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    assert.deepEqual(policyStateReads(bot), []);
    assert.equal(complianceRow(dashboard.text), 'No device has a failing policy');

    const nl = await bot.say(`probleemoplossing ${daan.upn}`, { from: lotte });
    assert.equal(complianceRow(nl.text), 'Geen apparaat met een mislukt beleid');
  });

  it("Daan's compliance view lists his policies after one click, reading his device in one round trip", async () => {
    const dashboard = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    bot.tenant.resetRequests();
    const view = await bot.click('compliance.open', action(dashboard.card, 'compliance.open').data, {
      from: lotte,
    });
    assertIncludes(
      view.text,
      '2 policies on 1 device · 0 failing',
      'Default Device Compliance Policy',
      'On 1 device',
    );
    assertExcludes(view.text, 'Nothing to show', 'read for devices with a problem');
    // Only the device's policy states (a sub-request of one batch), besides the clicker's role check.
    const reads = graphReads(bot).filter((r) => !r.toLowerCase().includes('/checkmembergroups'));
    assert.deepEqual(reads, [
      `GET /deviceManagement/managedDevices/${policyStateReads(bot)[0] ?? '?'}/deviceCompliancePolicyStates`,
    ]);
    assert.equal(bot.tenant.requests.filter((r) => r.path === '/$batch').length, 1);

    // Read once: opening the view again, and the dashboard after it, read nothing more.
    bot.tenant.resetRequests();
    const again = await bot.click('compliance.open', action(dashboard.card, 'compliance.open').data, {
      from: lotte,
    });
    assertIncludes(again.text, 'Default Device Compliance Policy');
    assert.deepEqual(policyStateReads(bot), []);
    const back = await bot.click('dashboard.open', action(view.card, 'dashboard.open').data, { from: lotte });
    assert.equal(complianceRow(back.text), '2 policies · 0 failing');
  });

  it('in Dutch the view says the same in Dutch', async () => {
    const dashboard = await bot.say(`probleemoplossing ${daan.upn}`, { from: lotte });
    const view = await bot.click('compliance.open', action(dashboard.card, 'compliance.open').data, {
      from: lotte,
    });
    assertIncludes(view.text, '2 beleidsregels op 1 apparaat · 0 mislukt', 'Op 1 apparaat');
    assertExcludes(view.text, 'Niets om te tonen', 'On 1 device');
  });

  it('Fleur (80 devices) reads every device; Kees (500) reads the problem devices and the 100 most recent, and says so', async () => {
    const f = await bot.say(`troubleshoot ${fleur.upn}`, { from: lotte });
    const fleurBefore = policyStateReads(bot).length;
    bot.tenant.resetRequests();
    const fleurView = await bot.click('compliance.open', action(f.card, 'compliance.open').data, {
      from: lotte,
    });
    assert.equal(policyStateReads(bot).length + fleurBefore, 80);
    assertIncludes(fleurView.text, 'on 80 devices');

    bot.tenant.resetRequests();
    const k = await bot.say(`troubleshoot ${kees.upn}`, { from: lotte });
    const keesBefore = new Set(policyStateReads(bot));
    bot.tenant.resetRequests();
    const keesView = await bot.click('compliance.open', action(k.card, 'compliance.open').data, {
      from: lotte,
    });
    const added = policyStateReads(bot);
    // The 100 most recently checked in, less those the dashboard read already for a problem.
    assert.ok(added.length <= 100 && added.length >= 100 - keesBefore.size, `${added.length} read`);
    assert.ok(
      added.every((id) => !keesBefore.has(id)),
      'no device is read twice',
    );
    // Batches of 20 go out together: one round trip's worth of envelopes.
    assert.equal(
      bot.tenant.requests.filter((r) => r.path === '/$batch').length,
      Math.ceil(added.length / 20),
    );
    assertIncludes(
      keesView.text,
      `${keesBefore.size + added.length} of 500 devices (the counts cover the devices with a problem and the 100 most recently checked in)`,
    );

    bot.tenant.resetRequests();
    const again = await bot.click('compliance.open', action(k.card, 'compliance.open').data, {
      from: lotte,
    });
    assert.deepEqual(policyStateReads(bot), [], 'opening it again reads nothing');
    assertIncludes(again.text, `${keesBefore.size + added.length} of 500 devices`);
  });
});
