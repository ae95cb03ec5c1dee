// What a lookup costs in Graph round trips and requests, and that an answer arrives inside Teams' time
// whatever Graph does (time is sinon's: nothing here waits for real seconds).
import { strict as assert } from 'node:assert';
import { PEOPLE, DEMO_DOMAIN } from '../../src/demo-tenant';
import { advance, fakeClock, spin, until, type FakeClock } from '../support/fake-clock';
import { assertIncludes, BotUnderTest, cardText, person, rosterMember } from './bot-harness';

const lotte = person('lotte');
const james = person('james');
const kees = `${PEOPLE.kees.key}@${DEMO_DOMAIN}`;
const STILL_LOADING = "I'm still reading this from Microsoft Graph";

describe('bot: Graph cost and answer time', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(undefined, [rosterMember(lotte), rosterMember(james)]);
  });
  after(() => bot.close());

  beforeEach(async () => {
    bot.fresh();
    // Lotte's agent role is read once here and cached, as it is for an agent at work.
    await bot.say('troubleshoot me', { from: lotte });
    bot.fresh();
  });

  function batchesSent(): number {
    return bot.tenant.requests.filter((r) => !r.viaBatch).length;
  }

  it("reads a UPN and all of that user's data in one round trip: one v1.0 and one beta batch", async () => {
    const turn = await bot.say(`troubleshoot ${james.upn}`, { from: lotte });
    assertIncludes(turn.text, james.displayName);
    const requests = bot.tenant.requests;
    assert.equal(batchesSent(), 2, requests.map((r) => r.path).join(', '));
    assert.ok(requests.every((r) => r.viaBatch || r.path === '/$batch'));
    assert.ok(requests.some((r) => r.viaBatch && r.path === `/users/${james.upn}`));
    assert.ok(!requests.some((r) => r.path.endsWith('/checkMemberGroups')), 'the role was cached');
  });

  it('reads the policies of 5 non-compliant devices out of 500, not of all 500', async () => {
    const turn = await bot.say(`troubleshoot ${kees}`, { from: lotte });
    assertIncludes(turn.text, 'Kees Dekker');
    const subs = bot.tenant.requests.filter((r) => r.viaBatch);
    assert.equal(subs.filter((r) => r.path.endsWith('/deviceCompliancePolicyStates')).length, 5);
    const reports = subs.filter((r) => r.path.endsWith('/getConfigurationPoliciesReportForDevice'));
    const filters = reports.map((r) => String((r.body as { filter?: unknown } | undefined)?.filter));
    assert.equal(filters.filter((f) => f.includes('IntuneDeviceId eq')).length, 5, 'per device: the 5');
    const sweep = filters.filter((f) => f.includes('UPN eq') || f.includes('UserId eq'));
    assert.ok(sweep.length >= 1 && sweep.length <= 10, `the profile sweep in ${sweep.length} pages`);
    assert.ok(subs.length <= 40, `${subs.length} Graph requests`);
    assert.ok(batchesSent() <= 4, 'two round trips: 2 batches, then at most 2');
  });

  it('finds profiles in error or conflict on a compliant device with the first answer, in two round trips', async () => {
    const siobhan = person('siobhan');
    const turn = await bot.say(`troubleshoot ${siobhan.upn}`, { from: lotte });
    assertIncludes(turn.text, 'Conflicting profiles set Recovery password rotation on NW-LT-0157');
    assertIncludes(turn.text, 'NW - Wi-Fi Northwind-Corp failed on NW-LT-0157');
    const subs = bot.tenant.requests.filter((r) => r.viaBatch);
    const settings = subs.filter((r) => r.path.endsWith('/getConfigurationSettingsReport'));
    assert.equal(settings.length, 3, 'the settings of the 3 failing profiles, no others');
    assert.equal(batchesSent(), 3, 'two round trips: 2 batches, then 1');
  });

  it("reads a healthy device's policies when an agent opens it", async () => {
    const report = await bot.app.source.getReportByKey(kees);
    assert.ok(report?.devices.status === 'ok');
    const healthy = report.devices.data.find((d) => d.complianceState === 'compliant');
    assert.ok(healthy);
    bot.tenant.resetRequests();
    const turn = await bot.click(
      'device.open',
      { userId: report.user.id, deviceId: healthy.id },
      { from: lotte },
    );
    assertIncludes(turn.text, healthy.name);
    const subs = bot.tenant.requests.filter((r) => r.viaBatch).map((r) => r.path);
    assert.deepEqual(
      subs.filter((p) => p.endsWith('/deviceCompliancePolicyStates')),
      [`/deviceManagement/managedDevices/${healthy.id}/deviceCompliancePolicyStates`],
    );
  });

  it("reads nothing for a device id that is not one of the user's devices", async () => {
    await bot.app.source.getReportByKey(james.upn);
    bot.tenant.resetRequests();
    const other = await bot.app.source.getReportByKey(kees);
    const foreign = other?.devices.status === 'ok' ? other.devices.data[0]?.id : undefined;
    assert.ok(foreign);
    bot.tenant.resetRequests();
    const turn = await bot.click('device.open', { userId: james.id, deviceId: foreign }, { from: lotte });
    assert.equal(turn.httpStatus, 200);
    assert.ok(!turn.text.includes('RT-SCAN'), 'no device of someone else is shown');
    assert.deepEqual(
      bot.tenant.requests.filter((r) => r.path.includes(foreign)),
      [],
      'nothing was read about that device',
    );
  });

  describe('when Graph hangs', () => {
    let clock: FakeClock;
    beforeEach(() => {
      clock = fakeClock(['setTimeout', 'clearTimeout']);
    });
    afterEach(async () => {
      // Let the hanging requests end before the real clock returns.
      await advance(clock, 25_000);
      clock.restore();
    });

    it('answers a message within 9 s saying it is still reading, then updates that card in place', async () => {
      bot.tenant.faults.add({
        path: `/users/${james.upn}`,
        status: 503,
        times: 1,
        hangMs: 15_000,
        retryAfterSeconds: 0,
      });
      const activity = bot.message(`troubleshoot ${james.upn}`, { from: lotte });
      const conversationId = activity.conversation?.id ?? '';
      const posted = bot.post(activity);
      await until(() => bot.tenant.requests.some((r) => r.path === `/users/${james.upn}`), 'Graph asked');
      await advance(clock, 9_000);
      await until(() => bot.connector.cardsIn(conversationId).length === 1, 'a first card');
      assert.equal((await posted).status, 200, 'the turn ended');
      const [first] = bot.connector.messagesIn(conversationId).filter((m) => m.attachments.length > 0);
      assert.ok(first);
      assertIncludes(cardText(first.attachments[0]?.content), STILL_LOADING);

      await advance(clock, 7_000);
      await until(() => bot.connector.updatesOf(conversationId, first.id).length > 0, 'an update');
      const update = bot.connector.updatesOf(conversationId, first.id).at(-1);
      const text = cardText(update?.attachments[0]?.content);
      assertIncludes(text, james.displayName);
      assert.ok(!text.includes(STILL_LOADING));
    });

    it('an escalation answered late still tells the requester its case id, in a new message', async () => {
      bot.tenant.faults.add({
        path: /^\/users\//,
        status: 503,
        times: 1,
        hangMs: 15_000,
        retryAfterSeconds: 0,
      });
      const conversationId = 'a:1lotte-late-escalation';
      const clicked = bot.click(
        'case.create',
        { userId: james.id, topic: 'enrollment', severity: 'high', reason: 'Slow Graph, real problem' },
        { from: lotte, conversationId },
      );
      await until(() => bot.tenant.requests.some((r) => r.path.startsWith('/users/')), 'Graph asked');
      await advance(clock, 9_000);
      const turn = await clicked;
      assertIncludes(turn.text, STILL_LOADING);

      // Sends to Teams are paced on the (fake) clock too: let it run while the late answer arrives.
      const told = () =>
        bot.connector.cardsIn(conversationId).some((c) => /HD-[0-9A-Z]{6}/.test(cardText(c)));
      for (let step = 0; step < 400 && !told(); step += 1) {
        await advance(clock, 250);
        await spin(50);
      }
      await until(told, 'the case id, posted when the answer arrived');
    });

    it('answers a card click within 9 s whatever Graph does', async () => {
      bot.tenant.faults.add({ path: /^\/users\//, status: 504, hangMs: 60_000 });
      const clicked = bot.click('dashboard.open', { userId: james.id }, { from: lotte });
      await until(() => bot.tenant.requests.some((r) => r.viaBatch), 'Graph asked');
      await advance(clock, 9_000);
      const turn = await clicked;
      assert.equal(turn.httpStatus, 200);
      assertIncludes(turn.text, STILL_LOADING);
    });
  });
});
