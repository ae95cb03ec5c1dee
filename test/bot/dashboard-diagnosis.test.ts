// What an agent reads first: every device worst first, the top three causes that open their detail, and
// lists with the problems on top, driven through the real bot over HTTP.
import { strict as assert } from 'node:assert';
import {
  assertIncludes,
  BotUnderTest,
  cardActions,
  cardText,
  person,
  type CardAction,
  type InvokeTurn,
} from './bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const emma = person('emma');
const thomas = person('thomas');
const wouter = person('wouter');
const pieter = person('pieter');
const daan = person('daan');
const sander = person('sander');

/** The rows of a card that open something: the first text of each, with its action. */
function clickableRows(card: unknown): { text: string; type: string; action: CardAction }[] {
  const rows: { text: string; type: string; action: CardAction }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const select = record.selectAction as { verb?: unknown; data?: unknown } | undefined;
    if (select && typeof select.verb === 'string') {
      const text = cardText(record).split('\n')[0] ?? '';
      rows.push({
        text,
        type: String(record.type),
        action: { verb: select.verb, title: '', data: (select.data ?? {}) as Record<string, unknown> },
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return rows;
}

function action(card: unknown, verb: string): CardAction {
  const found = cardActions(card).find((a) => a.verb === verb);
  assert.ok(found, `no ${verb} action`);
  return found;
}

describe('bot: the dashboard answers (diagnosis, devices, lists)', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start();
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  const click = (verb: string, data: unknown, as = lotte, locale?: string): Promise<InvokeTurn> =>
    bot.click(verb, data, { from: as, ...(locale ? { locale } : {}) });

  it('puts the device limit first for Thomas, naming the device to retire, and opens the restriction in effect', async () => {
    const turn = await click('dashboard.open', { userId: thomas.id });
    const rows = clickableRows(turn.card);
    const causes = rows.filter(
      (r) => r.action.verb !== 'device.open' && r.action.data.deviceId === undefined,
    );
    assert.equal(causes[0]?.text, 'Device limit reached (5 of 5)');
    assertIncludes(
      turn.text,
      '5 of 5 devices enrolled (limit from Contractor device limit; not counted: 1 Autopilot device)',
      'Thomas Tab: last check-in',
      'Fix: Retire Thomas Tab',
      'All 8 findings ›',
    );
    // Every device, worst first: the non-compliant, stale tablet on top.
    const devices = rows.filter((r) => r.action.verb === 'device.open' && !r.text.startsWith('Device limit'));
    assert.deepEqual(devices.map((d) => d.text).slice(-6), [
      'Thomas Tab',
      'Thomas iPad',
      'NW-LT-C014',
      'Thomas Surface',
      'Thomas iPhone',
      'Thomas Pixel',
    ]);
    assert.ok(devices.every((d) => d.action.data.userId === thomas.id));

    const restrictions = await click(causes[0].action.verb, causes[0].action.data, lotte);
    assertIncludes(
      restrictions.text,
      'Device limit reached: 5 of 5 devices enrolled',
      'Contractor device limit',
      'In effect',
      'Overridden by Contractor device limit',
      'In effect for iOS/iPadOS',
      'Overridden by BYOD restricted platforms',
      'Android device administrator: allowed · 12.0 or later',
    );
    const findings = await click('findings.open', action(turn.card, 'findings.open').data, lotte);
    assertIncludes(
      findings.text,
      'Likely causes',
      '8 findings, worst first',
      'Device limit reached (5 of 5)',
    );
  });

  it('shows the ten worst of Wouter’s 60 devices and "all 60 devices"; lists put problems first with a switch', async () => {
    const turn = await click('dashboard.open', { userId: wouter.id }, ruben);
    assertIncludes(turn.text, 'All 60 devices ›', '6 devices are not compliant');
    const deviceRows = clickableRows(turn.card).filter(
      (r) => r.type === 'ColumnSet' && r.action.verb === 'device.open',
    );
    assert.equal(deviceRows.length, 10);

    const list = await click('devices.open', action(turn.card, 'devices.open').data, ruben);
    const statuses = cardText(list.card);
    assertIncludes(statuses, 'Only problems (11)');
    const firstPage = clickableRows(list.card).map((r) => r.text);
    assert.equal(firstPage.length, 10);
    const onlyProblems = cardActions(list.card).find((a) => a.title === 'Only problems (11)');
    assert.ok(onlyProblems);
    const problems = await click('devices.open', onlyProblems.data, ruben);
    assertIncludes(problems.text, 'Show all (60)', 'Page 1 of 2 (11 in all)');
    const next = cardActions(problems.card).find((a) => a.title === 'Next ›');
    assert.equal(next?.data.filter, 'problems', 'paging keeps the filter');

    const compliance = await click('compliance.open', { userId: wouter.id }, ruben);
    const rows = clickableRows(compliance.card);
    assert.equal(rows[0]?.text, 'NW - Android Enterprise work profile compliance');
    // Opening the view reads the healthy devices' policies too: the counts cover all 60 devices.
    assertIncludes(compliance.text, '4 policies on 60 devices · 1 failing', 'Failing on 6 of 58 devices');
    assert.doesNotMatch(compliance.text, /Failing on 6 of 60/);

    // Configuration profiles come from the sweep of all 60: "of M" counts the devices that report the profile.
    const configuration = await click('configuration.open', { userId: wouter.id }, ruben);
    assertIncludes(configuration.text, 'NW - Warehouse scanner lockdown', 'Failing on 1 of 56 devices');
  });

  it('says Pieter has no devices and what was checked, instead of "devices are compliant"', async () => {
    const turn = await click('dashboard.open', { userId: pieter.id }, emma);
    assertIncludes(turn.text, 'No enrolled devices', 'Nothing stands out. Checked: account and subscription');
    assert.doesNotMatch(turn.text, /devices are compliant|Only problems/);
  });

  it('opens Daan’s likely cause into its failure details, and drills down in Dutch', async () => {
    const turn = await click('dashboard.open', { userId: daan.id }, emma);
    const cause = clickableRows(turn.card).find((r) => r.text === 'iOS/iPadOS timeout or failure');
    assert.ok(cause, 'the collapsed timeout is a clickable cause');
    assert.equal(cause.action.verb, 'failure.open');
    const details = await click(cause.action.verb, cause.action.data, emma);
    assertIncludes(details.text, 'iOS/iPadOS timeout or failure', 'Possible remediations');

    const dutch = await click('dashboard.open', { userId: daan.id }, lotte, 'nl-NL');
    const oorzaak = clickableRows(dutch.card).find((r) => r.text === 'Time-out of fout op iOS/iPadOS');
    assert.ok(oorzaak);
    assertIncludes(dutch.text, 'Waarschijnlijke oorzaken', '2 pogingen sinds', 'Oplossing:');
    const details_nl = await click(oorzaak.action.verb, oorzaak.action.data, lotte, 'nl-NL');
    assertIncludes(details_nl.text, 'Time-out of fout op iOS/iPadOS', 'Mogelijke oplossingen');
  });

  it('shows a device’s own findings on the device card, with the failing setting in words', async () => {
    const turn = await click('dashboard.open', { userId: sander.id }, ruben);
    const laptop = clickableRows(turn.card).find((r) => r.text === 'NW-LT-0088 is not compliant');
    assert.ok(laptop);
    assert.equal(laptop.action.verb, 'device.open');
    const device = await click(laptop.action.verb, laptop.action.data, ruben);
    assertIncludes(
      device.text,
      'Likely causes',
      'Require BitLocker: off (NW - Windows 11 compliance)',
      'Fix: Have the user fix',
    );
  });

  it('gives the end user the same diagnosis in their words: Sander sees the setting, Thomas what to remove', async () => {
    const self = await bot.say('troubleshoot me', { from: sander });
    assertIncludes(self.text, 'Require BitLocker: off (NW - Windows 11 compliance)', 'tap Check status');
    assert.doesNotMatch(self.text, /Have the user/);
    const limit = await bot.say('my status', { from: thomas });
    assertIncludes(limit.text, 'Remove Thomas Tab at the Company Portal website');
  });

  it('tells the person of shared scanners to ask IT, each device row naming its own device, in Dutch', async () => {
    const self = await bot.say('mijn status', { from: wouter, locale: 'nl-NL' });
    const lines = self.text.split('\n');
    const advice = lines.flatMap((line, at) => (line.includes('is een gedeeld apparaat') ? [at] : []));
    assert.equal(advice.length, 6, self.text);
    for (const at of advice) {
      // The row: "WH-SCAN-018 (Android 11)", its status, the failing setting, then this advice.
      const device = /^(WH-SCAN-\d+) \(/.exec(lines[at - 3] ?? '')?.[1];
      assert.ok(device, `a scanner's row above: ${lines[at - 3]}`);
      assert.ok(lines[at]?.startsWith(`${device} is een gedeeld apparaat dat IT beheert`), lines[at]);
    }
    assert.doesNotMatch(self.text, /Laat de gebruiker/);
  });
});
