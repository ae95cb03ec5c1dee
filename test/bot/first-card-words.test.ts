// The first card as agents and end users read it, after a review over the demo tenant: counts that add up,
// the device limit as Intune counts it, current values said as such, end users in their own words, ways
// back from a miss, and an audit that says the true total and pages. Real bot over HTTP, English and Dutch.
import { strict as assert } from 'node:assert';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/audit/audit-log';
import { DEMO_TENANT_ID } from '../../src/demo-tenant';
import {
  assertExcludes,
  assertIncludes,
  BotUnderTest,
  cardActions,
  person,
  type CardAction,
  type InvokeTurn,
} from './bot-harness';

const lotte = person('lotte');
const thomas = person('thomas');
const wouter = person('wouter');
const kees = person('kees');
const sander = person('sander');
const daan = person('daan');
const bram = person('bram');
const hugo = person('hugo');
const yara = person('yara');
const isabel = person('isabel');
const james = person('james');

const NL = { locale: 'nl-NL' } as const;

function actionOf(card: unknown, verb: string): CardAction {
  const found = cardActions(card).find((a) => a.verb === verb);
  assert.ok(found, `no ${verb} action`);
  return found;
}

/** Every Action.OpenUrl url on a card. */
function urls(card: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.OpenUrl' && typeof record.url === 'string') found.push(record.url);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

/** The Input.Text of the dashboard's Change user. */
function changeUserInput(card: unknown): Record<string, unknown> | undefined {
  let input: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Input.Text' && record.id === 'query') input = record;
    Object.values(record).forEach(visit);
  };
  visit(card);
  return input;
}

describe('bot: the first card in words both audiences can act on', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start();
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  const click = (verb: string, data: unknown, as = lotte, locale?: string): Promise<InvokeTurn> =>
    bot.click(verb, data, { from: as, ...(locale ? { locale } : {}) });

  it('counts the device limit as Intune does: Wouter’s dedicated scanners and Autopilot laptop are named, not counted', async () => {
    for (const [who, en, nl] of [
      [
        wouter,
        '3 of 15 devices enrolled · Not counted toward the limit: 56 dedicated devices and 1 Autopilot device',
        '3 van 15 apparaten ingeschreven · Telt niet mee voor de limiet: 56 toegewezen apparaten en 1 Autopilot-apparaat',
      ],
      [
        kees,
        '0 of 15 devices enrolled · Not counted toward the limit: 500 dedicated devices',
        '0 van 15 apparaten ingeschreven · Telt niet mee voor de limiet: 500 toegewezen apparaten',
      ],
    ] as const) {
      const dashboard = await click('dashboard.open', { userId: who.id });
      assertExcludes(dashboard.text, 'Device limit reached');
      const restrictions = await click('restrictions.open', { userId: who.id });
      assertIncludes(restrictions.text, en);
      assertExcludes(restrictions.text, 'Device limit reached');
      const dutch = await click('restrictions.open', { userId: who.id }, lotte, 'nl-NL');
      assertIncludes(dutch.text, nl);
    }
    const thomasCard = await click('dashboard.open', { userId: thomas.id });
    assertIncludes(
      thomasCard.text,
      'Device limit reached (5 of 5)',
      '5 of 5 devices enrolled (limit from Contractor device limit; not counted: 1 Autopilot device)',
      'Thomas Tab: last check-in',
    );
  });

  it('says a device’s current value as its own, and the built-in policy’s checks in words, for agents and end users', async () => {
    const sanderCard = await click('dashboard.open', { userId: sander.id });
    assertIncludes(sanderCard.text, "OS version 10.0.19045.5247 is below the policy's minimum");
    assertExcludes(sanderCard.text, 'Minimum OS version: 10.0', 'Check the —', ' — value');
    const sanderSelf = await bot.say('mijn status', { from: sander, ...NL });
    assertIncludes(
      sanderSelf.text,
      'Besturingssysteemversie 10.0.19045.5247 is lager dan het minimum van het beleid',
    );
    assertExcludes(sanderSelf.text, 'Minimum OS version: 10.0');

    const tab = await click('dashboard.open', { userId: thomas.id });
    const findings = await click('findings.open', actionOf(tab.card, 'findings.open').data);
    assertIncludes(
      findings.text,
      'Not in contact with Intune within the compliance validity period',
      'Fix: Thomas Tab has lost contact with Intune',
    );
    assertExcludes(findings.text, 'Is active', 'fix Is active');
    const self = await bot.say('mijn status', { from: thomas, ...NL });
    assertIncludes(self.text, 'Geen contact met Intune binnen de geldigheidsduur van de nalevingsstatus');
    assertExcludes(self.text, 'Is active');
  });

  it('adds up the devices summary: the device in its grace period is counted', async () => {
    for (const who of [yara, isabel]) {
      const en = await click('dashboard.open', { userId: who.id });
      assertIncludes(en.text, '2 devices · 1 compliant · 0 not compliant · 1 in grace period');
      const nl = await click('dashboard.open', { userId: who.id }, lotte, 'nl-NL');
      assertIncludes(nl.text, '2 apparaten · 1 conform · 0 niet conform · 1 in respijtperiode');
    }
  });

  it('names the restriction that blocks this person on the dashboard, else the ones in effect per kind', async () => {
    for (const [who, en, nl] of [
      [
        bram,
        'BYOD restricted platforms blocks macOS for this user',
        'BYOD restricted platforms blokkeert macOS',
      ],
      [
        hugo,
        'BYOD restricted platforms allows Android device administrator 12.0 or later',
        'staat Android-apparaatbeheerder',
      ],
      [
        daan,
        'BYOD restricted platforms blocks personal iOS/iPadOS devices',
        'blokkeert persoonlijke iOS/iPadOS-apparaten',
      ],
    ] as const) {
      const english = await click('dashboard.open', { userId: who.id });
      const lines = english.text.split('\n');
      const row = lines[lines.indexOf('Enrollment restrictions') + 1] ?? '';
      assert.ok(row.startsWith(en), `restrictions row: ${row}`);
      assertExcludes(english.text, 'All users and all devices in effect');
      const dutch = await click('dashboard.open', { userId: who.id }, lotte, 'nl-NL');
      assertIncludes(dutch.text, nl);
    }
    const plain = await click('dashboard.open', { userId: wouter.id });
    assertIncludes(
      plain.text,
      'Device limit: All users and all devices, 3 of 15 devices',
      'Device platform: ',
    );
    const dutch = await click('dashboard.open', { userId: wouter.id }, lotte, 'nl-NL');
    assertIncludes(dutch.text, 'All users and all devices, 3 van 15 apparaten');
  });

  it('lists a resource once, however many sources name it', async () => {
    const dashboard = await click('dashboard.open', { userId: daan.id });
    const failure = cardActions(dashboard.card).find((a) => a.verb === 'failure.open');
    assert.ok(failure);
    for (const locale of ['en-US', 'nl-NL']) {
      const details = await click('failure.open', failure.data, lotte, locale);
      const links = urls(details.card).map((u) => u.replace(/\/+$/, '').toLowerCase());
      assert.ok(links.length > 0);
      assert.deepEqual(links, [...new Set(links)], `duplicate links: ${links.join(', ')}`);
    }
  });

  it('gives end users their own words: no admin caveat, no Graph English, user-help links, their own note and help', async () => {
    const self = await bot.say('mijn status', { from: thomas, ...NL });
    assertExcludes(self.text, 'wat de gebruiker ziet', 'what the user sees');
    assertIncludes(self.text, 'Wat je hebt geprobeerd en wat je op het scherm ziet');
    const failure = cardActions(self.card).find((a) => a.verb === 'self.failure.open');
    assert.ok(failure, 'a failure to open');
    for (const action of cardActions(self.card).filter((a) => a.verb === 'self.failure.open')) {
      const details = await click(action.verb, action.data, thomas, 'nl-NL');
      assertExcludes(
        details.text,
        'apparaten van de gebruiker',
        'De gebruiker',
        'applies to the user',
        'the user',
      );
      assertIncludes(details.text, 'Wat je zelf kunt doen');
      for (const url of urls(details.card)) assert.match(url, /\/user-help\//, url);
    }
    const english = await bot.say('my status', { from: daan });
    for (const action of cardActions(english.card).filter((a) => a.verb === 'self.failure.open')) {
      const details = await click(action.verb, action.data, daan);
      assertExcludes(details.text, "Check the user's devices", 'applies to the user', 'the user');
      assertIncludes(details.text, 'What you can do yourself');
      for (const url of urls(details.card)) assert.match(url, /\/user-help\//, url);
    }
    for (const [text, locale, excluded] of [
      ['help', 'en-US', 'troubleshoot daan'],
      ['hulp', 'nl-NL', 'probleemoplossing daan'],
    ] as const) {
      const help = await bot.say(text, { from: james, locale });
      assertExcludes(help.text, excluded);
    }
  });

  it('Change user: the field is required, and a miss or an empty search keeps the way back to the dashboard', async () => {
    const dashboard = await click('dashboard.open', { userId: daan.id });
    const input = changeUserInput(dashboard.card);
    assert.equal(input?.isRequired, true);
    assert.equal(input?.errorMessage, 'Type a name, UPN or email.');
    const dutchDashboard = await click('dashboard.open', { userId: daan.id }, lotte, 'nl-NL');
    assert.equal(changeUserInput(dutchDashboard.card)?.errorMessage, 'Typ een naam, UPN of e-mailadres.');
    for (const [query, locale, expected] of [
      ['', 'en-US', 'Type a name, UPN or email under Change user'],
      ['nobody-here', 'en-US', 'Nobody in the directory matched “nobody-here”'],
      ['', 'nl-NL', 'Typ bij Gebruiker wijzigen een naam'],
      ['nobody-here', 'nl-NL', '“nobody-here”'],
    ] as const) {
      // The search button of the dashboard in that language (its data carries the card's language).
      const search = actionOf(locale === 'nl-NL' ? dutchDashboard.card : dashboard.card, 'user.change');
      const turn = await click('user.change', { ...search.data, query }, lotte, locale);
      assertIncludes(turn.text, expected);
      assertExcludes(turn.text, 'after the command', 'achter de opdracht');
      const back = actionOf(turn.card, 'dashboard.open');
      assert.equal(back.data.userId, daan.id);
      const again = await click(back.verb, back.data, lotte, locale);
      assertIncludes(again.text, 'Daan Smit');
    }
    // A forged `from` is not an object id: no way back is offered to it.
    const forged = await click('user.change', { query: '', from: "x' or 1 eq 1" });
    assert.equal(cardActions(forged.card).length, 0);
  });

  it('`audit` alone gives an example that works here', async () => {
    const en = await bot.say('audit', { from: lotte });
    assertIncludes(en.text, 'audit daan.smit@northwind.example');
    assertExcludes(en.text, 'troubleshoot adele', 'contoso');
    const nl = await bot.say('audit', { from: lotte, ...NL });
    assertIncludes(nl.text, 'audit daan.smit@northwind.example');
  });

  it('audit says the true total, newest first, and pages through every lookup in the card’s language', async () => {
    // A busy history: 104 earlier lookups of Daan in the stored audit log.
    const day = new Date().toISOString().slice(0, 10);
    const entries: AuditEntry[] = Array.from({ length: 104 }, (_, i) => ({
      time: new Date(Date.now() - (104 - i) * 60_000).toISOString(),
      requesterId: lotte.id,
      requesterName: `Agent ${String(i + 1).padStart(3, '0')}`,
      tenantId: DEMO_TENANT_ID,
      targetId: daan.id,
      action: 'troubleshoot',
      conversationId: 'a:earlier',
      conversationKind: 'personal',
      outcome: 'shown',
    }));
    await mkdir(join(bot.dataDir, 'audit'), { recursive: true });
    await writeFile(
      join(bot.dataDir, 'audit', `audit-${day}.jsonl`),
      `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`,
    );
    const first = await bot.say(`audit ${daan.upn}`, { from: lotte });
    assertIncludes(first.text, '104 recorded lookups', 'Agent 104', 'Page 1 of 7 (104 in all)');
    assertExcludes(first.text, 'Agent 089', 'more.');
    const lines = first.text.split('\n');
    assert.ok(
      lines.indexOf('Page 1 of 7 (104 in all)') > lines.indexOf('Agent 090'),
      'the page line comes under the rows',
    );
    const next = cardActions(first.card).find((a) => a.title === 'Next ›');
    assert.ok(next, 'a Next action');
    assert.equal(next.verb, 'audit.open');
    // The audit itself is a recorded lookup of Daan: the next page counts it, newest on top.
    const second = await click(next.verb, next.data);
    assertIncludes(
      second.text,
      '105 recorded lookups',
      'Agent 076',
      'Page 2 of 7 (105 in all)',
      '‹ Previous',
    );
    assertExcludes(second.text, 'Agent 091', 'Agent 075');
    // A Dutch audit pages in Dutch, whatever locale the click itself comes with.
    const dutch = await bot.say(`audit ${daan.upn}`, { from: lotte, ...NL });
    assertIncludes(dutch.text, '106 vastgelegde opvragingen', 'Pagina 1 van 8 (106 in totaal)');
    const volgende = cardActions(dutch.card).find((a) => a.title === 'Volgende ›');
    assert.ok(volgende, 'a Dutch next action');
    const tweede = await click(volgende.verb, volgende.data, lotte, 'en-US');
    assertIncludes(tweede.text, 'Pagina 2 van 8', '‹ Vorige');
    const last = await click('audit.open', { userId: daan.id, page: 999 });
    assertIncludes(last.text, 'Agent 001');
    assert.match(last.text, /Page (\d) of \1 \(\d+ in all\)/);
    assertExcludes(last.text, 'Next ›');
  });
});
