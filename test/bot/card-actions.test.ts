// An agent clicks Action.Execute buttons: each click is an adaptiveCard/action invoke whose HTTP response
// carries the next card. Button data is taken from the cards the bot sent, as Teams would send it back.
import { strict as assert } from 'node:assert';
import {
  ADAPTIVE_CARD,
  assertIncludes,
  BotUnderTest,
  cardActions,
  cardText,
  person,
  requestsAbout,
  requestsBesidesRoleCheck,
  type CardAction,
  type InvokeTurn,
} from './bot-harness';

const lotte = person('lotte');
const daan = person('daan');
const sander = person('sander');
const anouk = person('anouk');
const sanneWillems = person('sanneWillems');

function actionsWithVerb(card: unknown, verb: string): CardAction[] {
  return cardActions(card).filter((a) => a.verb === verb);
}

function assertCardResponse(turn: InvokeTurn): void {
  assert.equal(turn.httpStatus, 200);
  assert.equal(turn.body.statusCode, 200);
  assert.equal(turn.body.type, ADAPTIVE_CARD);
  assert.equal((turn.card as { type?: unknown }).type, 'AdaptiveCard');
}

/** One agent clicks a lot: the per-person rate limit is not what these tests are about. */
const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000' };

describe('bot: card actions (agent)', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(ENV);
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  const click = (verb: string, data: unknown, as = lotte): Promise<InvokeTurn> =>
    bot.click(verb, data, { from: as });

  it('opens the enrollment failures, then one failure with numbered remediation steps', async () => {
    const failures = await click('failures.open', { userId: daan.id });
    assertCardResponse(failures);
    assertIncludes(failures.text, 'Enrollment failures', 'Daan Smit', '6 failed enrollment attempts');
    const rows = actionsWithVerb(failures.card, 'failure.open');
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.data.userId === daan.id && typeof r.data.failureId === 'string'));

    const first = rows[0];
    assert.ok(first);
    const details = await click('failure.open', first.data);
    assertCardResponse(details);
    assertIncludes(details.text, 'Daan Smit', 'Possible remediations', 'Reported reason', 'Correlation id');
    const steps = details.text.split('\n').filter((line) => /^\d+\. /.test(line));
    assert.ok(steps.length >= 2, `numbered steps expected:\n${details.text}`);
    assert.ok(steps[0]?.startsWith('1. '));
    // Its back button returns to the list.
    assert.ok(actionsWithVerb(details.card, 'failures.open').some((a) => a.data.userId === daan.id));
  });

  it('opens every failure row of the list', async () => {
    const failures = await click('failures.open', { userId: daan.id });
    for (const row of actionsWithVerb(failures.card, 'failure.open')) {
      const details = await click('failure.open', row.data);
      assertIncludes(details.text, 'Possible remediations');
    }
  });

  it('opens the devices list and a device from it', async () => {
    const devices = await click('devices.open', { userId: sander.id });
    assertCardResponse(devices);
    assertIncludes(devices.text, 'Devices', 'Sander Mulder', 'not compliant');
    const rows = actionsWithVerb(devices.card, 'device.open');
    assert.ok(rows.length >= 2, 'Sander has a Windows PC and an iPad');
    const row = rows[0];
    assert.ok(row);
    const device = await click('device.open', row.data);
    assertCardResponse(device);
    assertIncludes(device.text, 'Intune compliance:', 'Operating system', 'Serial number', 'Last check-in');
  });

  it('refuses a device id that belongs to someone else (ids are looked up in the report)', async () => {
    const devices = await click('devices.open', { userId: sander.id });
    const row = actionsWithVerb(devices.card, 'device.open')[0];
    assert.ok(row);
    const forged = await click('device.open', { userId: daan.id, deviceId: row.data.deviceId });
    assertCardResponse(forged);
    assertIncludes(forged.text, "That button didn't work");
  });

  it('pages through group membership', async () => {
    const first = await click('groups.open', { userId: anouk.id });
    assertCardResponse(first);
    assertIncludes(first.text, 'Group membership', 'Anouk Vermeulen', 'Page 1 of');
    const next = actionsWithVerb(first.card, 'groups.open').find((a) => a.data.page === 1);
    assert.ok(next, 'a Next button for page 2');
    const second = await click('groups.open', next.data);
    assertIncludes(second.text, 'Page 2 of');
    assert.notEqual(first.text, second.text);
    // A page number out of range or of the wrong type still shows a page.
    for (const page of [999, -3, 'two', null, 1.5]) {
      const odd = await click('groups.open', { userId: anouk.id, page });
      assertCardResponse(odd);
      assertIncludes(odd.text, 'Group membership');
    }
  });

  it('opens the other dashboard sections', async () => {
    const dashboard = await click('dashboard.open', { userId: daan.id });
    assertIncludes(dashboard.text, 'Troubleshooting: Daan Smit', 'Likely causes');
    const sections = cardActions(dashboard.card).filter((a) => a.verb.endsWith('.open'));
    const verbs = new Set(sections.map((a) => a.verb));
    for (const verb of ['apps.open', 'compliance.open', 'configuration.open', 'appProtection.open']) {
      assert.ok(verbs.has(verb), verb);
    }
    for (const section of sections) {
      const opened = await click(section.verb, section.data);
      assertCardResponse(opened);
      assert.ok(!opened.text.includes("That button didn't work"), section.verb);
      assertIncludes(opened.text, 'Daan Smit');
    }
  });

  it('picks a candidate (user.pick) and changes the user (user.change)', async () => {
    const picked = await click('user.pick', { userId: sanneWillems.id });
    assertCardResponse(picked);
    assertIncludes(picked.text, 'Troubleshooting: Sanne Willems', 'Likely causes');

    const changed = await click('user.change', { query: 'pieter' });
    assertIncludes(changed.text, 'Troubleshooting: Pieter van den Berg');

    const ambiguous = await click('user.change', { query: 'Sanne' });
    assertIncludes(ambiguous.text, 'Several people match “Sanne”');

    for (const query of ['', '   ', 42, null, 'x'.repeat(201)]) {
      const missing = await click('user.change', { query });
      assertCardResponse(missing);
      assertIncludes(missing.text, 'Who should I look at?');
    }
  });

  it("re-reads Graph when the dashboard's Refresh button is pressed", async () => {
    const dashboard = await click('dashboard.open', { userId: daan.id });
    const refresh = cardActions(dashboard.card).find(
      (a) => a.verb === 'dashboard.open' && a.title === 'Refresh',
    );
    assert.ok(refresh, 'the dashboard has a Refresh button');
    assert.deepEqual(refresh.data, { userId: daan.id, refresh: true, lang: 'en', tz: 'UTC' });
    bot.tenant.resetRequests(); // the report cache is kept, as between two real clicks
    const refreshed = await click(refresh.verb, refresh.data);
    assertIncludes(refreshed.text, 'Troubleshooting: Daan Smit');
    assert.ok(
      requestsAbout(bot.tenant.requests, daan).some((r) => r.path.endsWith('/managedDevices')),
      'Refresh answered from the cached report instead of reading Graph again',
    );
  });

  it('answers an unknown verb with "That button didn\'t work" (status 200)', async () => {
    for (const verb of ['does.not.exist', '', '__proto__', 'constructor', 'toString']) {
      const turn = await click(verb, { userId: daan.id });
      assertCardResponse(turn);
      assertIncludes(turn.text, "That button didn't work", 'Run the command again');
    }
    assert.deepEqual(requestsBesidesRoleCheck(bot.tenant.requests, lotte), []);
  });

  it('answers malformed data with the bad-action card and reads nothing', async () => {
    const malformed: unknown[] = [
      { userId: 'not-a-guid' },
      { userId: "x' or 1 eq 1" },
      { userId: 42 },
      { userId: null },
      { userId: [daan.id] },
      { userId: { id: daan.id } },
      { userId: `${daan.id}/managedDevices` },
      {},
      null,
      'a string',
      42,
      [daan.id],
    ];
    const verbs = [
      'dashboard.open',
      'failures.open',
      'failure.open',
      'devices.open',
      'user.pick',
      'device.open',
    ];
    let i = 0;
    for (const data of malformed) {
      // Every malformed payload with one verb, every verb with several payloads.
      const verb = verbs[i++ % verbs.length] ?? 'dashboard.open';
      const turn = await click(verb, data);
      assertCardResponse(turn);
      assertIncludes(turn.text, "That button didn't work");
    }
    assert.deepEqual(requestsBesidesRoleCheck(bot.tenant.requests, lotte), []);
  });

  it('answers a failure id that is not in the report with the bad-action card', async () => {
    for (const failureId of ['nope', 42, null, "x' or 1 eq 1"]) {
      const turn = await click('failure.open', { userId: daan.id, failureId });
      assertCardResponse(turn);
      assertIncludes(turn.text, "That button didn't work");
    }
  });

  it('answers invokes without an Action.Execute with an error status, and keeps serving', async () => {
    const values: unknown[] = [{}, { action: { type: 'Action.Submit', verb: 'dashboard.open' } }];
    for (const value of values) {
      const activity = {
        ...bot.message('ignored', { from: lotte }),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value,
      };
      const response = await bot.post(activity);
      // botbuilder refuses these before the bot sees them: 400 for another action type, and 501 (after
      // the turn error handler replied with the generic error card) when there is no action at all.
      assert.ok([400, 501].includes(response.status), `status ${response.status}`);
      for (const card of bot.connector.cardsIn(activity.conversation?.id ?? '')) {
        assertIncludes(cardText(card), 'Something went wrong');
      }
    }
    const turn = await click('dashboard.open', { userId: daan.id });
    assertIncludes(turn.text, 'Troubleshooting: Daan Smit');
    assert.deepEqual(requestsAbout(bot.tenant.requests, daan).length > 0, true);
  });

  it("answers a click in the clicker's locale", async () => {
    const turn = await bot.click('failures.open', { userId: daan.id }, { from: lotte, locale: 'nl-NL' });
    assertCardResponse(turn);
    assertIncludes(turn.text, '6 mislukte inschrijvingspogingen');
    assert.ok(!turn.text.includes('failed enrollment attempts'), turn.text);
  });
});
