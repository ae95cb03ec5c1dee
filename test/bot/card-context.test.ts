// What a card carries from one click to the next: its language and the reader's time zone, where it was
// opened from, and who may do what on it (help per role, logs to the person, the case card's dashboard).
// The real bot over HTTP, the demo tenant as Graph.
import { strict as assert } from 'node:assert';
import type { RosterMember } from '../support/connector-stand-in';
import {
  ADAPTIVE_CARD,
  assertExcludes,
  assertIncludes,
  assertNoRequestsAbout,
  BOT,
  BotUnderTest,
  cardActions,
  cardText,
  mention,
  person,
  rosterMember,
  type CardAction,
  type InvokeTurn,
} from './bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const james = person('james');
const daan = person('daan');
const wouter = person('wouter');

const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '100000' };
const ROSTER: RosterMember[] = [lotte, ruben, james].map((p) => rosterMember(p));

function action(card: unknown, verb: string, title?: string): CardAction {
  const found = cardActions(card).find((a) => a.verb === verb && (title === undefined || a.title === title));
  assert.ok(found, `the card has no ${verb} action${title ? ` “${title}”` : ''}:\n${cardText(card)}`);
  return found;
}

function assertCard(turn: InvokeTurn): void {
  assert.equal(turn.httpStatus, 200);
  assert.equal(turn.body.type, ADAPTIVE_CARD);
}

describe('bot: a card keeps its context', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(ENV, ROSTER);
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  describe('the language travels with the card', () => {
    it('a Dutch dashboard answers every click in Dutch, though Teams says en-US', async () => {
      const turn = await bot.say(`probleemoplossing ${daan.upn}`, { from: lotte, locale: 'en-US' });
      assertIncludes(turn.text, 'Probleemoplossing: Daan Smit');
      const refresh = action(turn.card, 'dashboard.open');
      assert.equal(refresh.data.lang, 'nl');

      const failures = await bot.click('failures.open', action(turn.card, 'failures.open').data, {
        from: lotte,
        locale: 'en-US',
      });
      assertIncludes(failures.text, 'Inschrijvingsfouten');
      assertExcludes(failures.text, 'Enrollment failures', 'Back to dashboard');
      const details = await bot.click('failure.open', action(failures.card, 'failure.open').data, {
        from: lotte,
        locale: 'en-US',
      });
      assertIncludes(details.text, 'Terug naar inschrijvingsfouten', 'Dashboard');
      const again = await bot.click('dashboard.open', refresh.data, { from: lotte, locale: 'en-US' });
      assertIncludes(again.text, 'Probleemoplossing: Daan Smit');
    });

    it('an English card stays English in a Dutch client', async () => {
      const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, locale: 'nl-NL' });
      // An English keyword in a Dutch client: the client's language, as before.
      assertIncludes(turn.text, 'Probleemoplossing: Daan Smit');
      const english = await bot.click(
        'devices.open',
        { userId: daan.id, lang: 'en' },
        { from: lotte, locale: 'nl-NL' },
      );
      assertIncludes(english.text, 'Devices');
      assertExcludes(english.text, 'Apparaten');
      assert.equal(action(english.card, 'dashboard.open').data.lang, 'en');
    });

    it('a forged or unknown language falls back to the client locale', async () => {
      for (const lang of ['de', 'NL', '../nl', { nl: true }, ['nl'], 42, '']) {
        const turn = await bot.click(
          'devices.open',
          { userId: daan.id, lang },
          { from: lotte, locale: 'nl-NL' },
        );
        assertCard(turn);
        assertIncludes(turn.text, 'Apparaten');
        assert.equal(action(turn.card, 'dashboard.open').data.lang, 'nl');
      }
    });

    it('pickers, paging and self-service answer in the card language', async () => {
      const candidates = await bot.say('probleemoplossing sanne', { from: lotte, locale: 'en-US' });
      const pick = action(candidates.card, 'user.pick');
      assert.equal(pick.data.lang, 'nl');
      const picked = await bot.click('user.pick', pick.data, { from: lotte, locale: 'en-US' });
      assertIncludes(picked.text, 'Probleemoplossing: Sanne');

      const devices = await bot.click('devices.open', { userId: wouter.id, lang: 'nl' }, { from: lotte });
      const next = await bot.click('devices.open', action(devices.card, 'devices.open', 'Volgende ›').data, {
        from: lotte,
      });
      assertIncludes(next.text, 'Pagina 2 van');

      const self = await bot.say('mijn status', { from: james, locale: 'en-US' });
      const refreshed = await bot.click('self.open', action(self.card, 'self.open').data, {
        from: james,
        locale: 'en-US',
      });
      assertIncludes(refreshed.text, 'Jouw apparaten en inschrijving');
    });
  });

  describe('times in the reader’s time zone', () => {
    it('the "as of" stamp is in the client’s zone, with seconds and the zone’s name', async () => {
      const turn = await bot.say(`probleemoplossing ${daan.upn}`, {
        from: lotte,
        locale: 'nl-NL',
        timeZone: 'Europe/Amsterdam',
      });
      assert.match(turn.text, /Gelezen uit Microsoft Graph op .*\d{2}:\d{2}:\d{2} (CET|CEST)/);
      const refresh = action(turn.card, 'dashboard.open');
      assert.equal(refresh.data.tz, 'Europe/Amsterdam');

      const utc = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
      assert.match(utc.text, /Read from Microsoft Graph at .*\d{2}:\d{2}:\d{2} (AM |PM )?UTC/);
    });

    it('a zone that is not an IANA zone is ignored, and no text of it reaches the card', async () => {
      for (const timeZone of ['Mars/Olympus', '<b>x</b>', 'Europe/Amsterdam; DROP', 'A'.repeat(300)]) {
        const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, timeZone });
        assert.match(turn.text, /UTC/);
        assertExcludes(turn.text, timeZone);
        assert.equal(action(turn.card, 'dashboard.open').data.tz, 'UTC');
      }
      const forged = await bot.click(
        'dashboard.open',
        { userId: daan.id, tz: 'Nowhere/Land' },
        { from: lotte },
      );
      assert.equal(action(forged.card, 'dashboard.open').data.tz, 'UTC');
    });
  });

  describe('help per role', () => {
    it('an agent sees every command, with examples that work in the demo tenant', async () => {
      const turn = await bot.say('help', { from: lotte });
      assertIncludes(
        turn.text,
        'troubleshoot <name, UPN, email or @mention>',
        'troubleshoot daan.smit@northwind.example',
        'audit <name, UPN, email or @mention>',
        'escalations',
        'use this channel for escalations [topic]',
        'pick Helpdesk Troubleshooter from the @mention list',
      );
      const dutch = await bot.say('hulp', { from: lotte });
      assertIncludes(
        dutch.text,
        'probleemoplossing <naam',
        'escalaties',
        'gebruik dit kanaal voor escalaties',
      );
      for (const example of [
        'troubleshoot daan.smit@northwind.example',
        'audit daan.smit@northwind.example',
      ]) {
        const tried = await bot.say(example, { from: lotte });
        assertIncludes(tried.text, 'Daan Smit');
      }
    });

    it('an end user sees only what they can do about themselves', async () => {
      const turn = await bot.say('help', { from: james });
      assertIncludes(turn.text, 'troubleshoot me', 'my status');
      assertExcludes(turn.text, 'audit', 'escalations', 'use this channel', 'troubleshoot <');
      const dutch = await bot.say('wat kan ik vragen', { from: james, locale: 'nl-NL' });
      assertIncludes(dutch.text, 'probleemoplossing mij', 'mijn status');
      assertExcludes(dutch.text, 'audit', 'escalaties');
    });

    it('the Dutch topic names of the help card set a topic channel', async () => {
      const turn = await bot.say(`<at>${BOT.name}</at> gebruik dit kanaal voor escalaties inschrijving`, {
        from: lotte,
        conversationType: 'channel',
        mentions: [mention(BOT)],
      });
      assertIncludes(turn.text, 'Inschrijving');
      assertExcludes(turn.text, 'onbekend');
    });

    it('an unknown topic in Dutch is answered with the Dutch topic names the bot accepts', async () => {
      const turn = await bot.say(`<at>${BOT.name}</at> gebruik dit kanaal voor escalaties printers`, {
        from: lotte,
        conversationType: 'channel',
        mentions: [mention(BOT)],
      });
      assertIncludes(turn.text, 'Onbekend onderwerp “printers”', 'inschrijving, apps, naleving of overig');
      assertExcludes(turn.text, 'enrollment', 'compliance', 'other');
    });
  });

  describe('collecting logs from the device', () => {
    it('an end user gets the steps for the platforms of their own devices', async () => {
      const self = await bot.say('troubleshoot me', { from: james });
      const logs = await bot.click('self.logs.open', action(self.card, 'self.logs.open').data, {
        from: james,
      });
      assertIncludes(logs.text, 'Send logs from the device to IT', 'Back to my status');
      assert.ok(
        cardActions(logs.card).every((a) => a.verb === 'self.open'),
        'self-service logs offer only the way back to the self-check',
      );
      const links = JSON.stringify(logs.card).match(
        /https:\/\/learn\.microsoft\.com\/mem\/intune\/user-help\/[\w-]+/g,
      );
      assert.ok(links && links.length > 0, 'links to Microsoft user help');
    });

    it('an agent sends the steps to the person in a 1:1 chat, in the language the card was in', async () => {
      const dashboard = await bot.say(`probleemoplossing ${daan.upn}`, { from: lotte });
      const logs = await bot.click('logs.open', action(dashboard.card, 'logs.open').data, { from: lotte });
      assertIncludes(logs.text, 'Logboeken van het apparaat naar IT sturen', 'iPhone en iPad');
      const send = action(logs.card, 'logs.send');
      const before = bot.connector.createdConversations.length;
      const sent = await bot.click('logs.send', send.data, { from: lotte });
      assertIncludes(sent.text, 'Stappen verstuurd', 'Daan Smit', 'Nederlands');
      const created = bot.connector.createdConversations.slice(before);
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]?.memberIds, [daan.id]);
      const card = bot.connector.cardsIn(created[0]?.id ?? '')[0];
      assertIncludes(cardText(card), 'Je helpdesk vraagt om logboeken', 'Hallo Daan Smit', 'iPhone en iPad');
      assertExcludes(cardText(card), 'Lotte');

      // Clicked again (or by a second agent at once): the person is not sent the same steps twice.
      const again = await Promise.all([
        bot.click('logs.send', send.data, { from: lotte }),
        bot.click('logs.send', send.data, { from: lotte }),
      ]);
      for (const turn of again)
        assertIncludes(turn.text, 'Stappen al verstuurd', 'Daan Smit', 'niet opnieuw');
      assert.equal(bot.connector.createdConversations.length, before + 1, 'no further chat started');
      assert.equal(bot.connector.cardsIn(created[0]?.id ?? '').length, 1, 'one message with the steps');
    });

    it('a person who is not an agent cannot send steps to anyone, and nothing is read about them', async () => {
      const before = bot.connector.createdConversations.length;
      const turn = await bot.click('logs.send', { userId: daan.id }, { from: james });
      assertIncludes(turn.text, 'Only helpdesk agents');
      assert.equal(bot.connector.createdConversations.length, before);
      assertNoRequestsAbout(bot.tenant.requests, daan, ['daan']);
    });
  });

  describe('navigation', () => {
    it('a device opened from page 2 of the devices leads back to page 2, and to the dashboard', async () => {
      const first = await bot.click('devices.open', { userId: wouter.id }, { from: lotte });
      const second = await bot.click('devices.open', action(first.card, 'devices.open', 'Next ›').data, {
        from: lotte,
      });
      const device = await bot.click('device.open', action(second.card, 'device.open').data, { from: lotte });
      const back = action(device.card, 'devices.open', 'Back to devices');
      assert.equal(back.data.page, 1);
      assert.equal(back.data.userId, wouter.id);
      const dashboard = action(device.card, 'dashboard.open', 'Dashboard');
      assert.equal(dashboard.data.userId, wouter.id);
      const again = await bot.click('devices.open', back.data, { from: lotte });
      assertIncludes(again.text, 'Page 2 of');
    });

    it('a forged "back" leads to the dashboard of the report’s own user', async () => {
      for (const back of [
        { verb: 'case.claim', caseId: 'HD-AAAAAA' },
        { verb: 'devices.open', userId: daan.id, page: 'x<y' },
        'dashboard.open',
        { verb: 'devices.open', page: -1 },
      ]) {
        const turn = await bot.click(
          'device.open',
          { userId: wouter.id, deviceId: 'nope', back },
          { from: lotte },
        );
        assertCard(turn);
        const device = await bot.click(
          'device.open',
          {
            ...action(
              (await bot.click('devices.open', { userId: wouter.id }, { from: lotte })).card,
              'device.open',
            ).data,
            back,
          },
          { from: lotte },
        );
        for (const a of cardActions(device.card).filter((x) => x.verb.endsWith('.open'))) {
          assert.equal(a.data.userId, wouter.id, `${a.verb} leads to someone else`);
          assert.notEqual(a.data.page, 'x<y');
          assert.notEqual(a.data.page, -1);
        }
      }
    });

    it('the device card and the failure details offer Escalate', async () => {
      const failures = await bot.click('failures.open', { userId: daan.id }, { from: lotte });
      const details = await bot.click('failure.open', action(failures.card, 'failure.open').data, {
        from: lotte,
      });
      const escalate = action(details.card, 'case.create');
      assert.equal(escalate.data.userId, daan.id);
      const devices = await bot.click('devices.open', { userId: wouter.id }, { from: lotte });
      const device = await bot.click('device.open', action(devices.card, 'device.open').data, {
        from: lotte,
      });
      assert.equal(action(device.card, 'case.create').data.userId, wouter.id);
    });
  });

  describe('escalating keeps the card, and the case card opens the live dashboard', () => {
    const tier2 = '19:context-tier2@thread.tacv2';

    before(async () => {
      await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
        from: lotte,
        conversationType: 'channel',
        conversationId: `${tier2};messageid=1`,
        mentions: [mention(BOT)],
      });
    });

    it('escalating from a failure confirms in a new message; the failure details stay, in Dutch', async () => {
      const chat = 'a:1lotte-context-escalate';
      const failures = await bot.click('failures.open', { userId: daan.id, lang: 'nl' }, { from: lotte });
      const details = await bot.click('failure.open', action(failures.card, 'failure.open').data, {
        from: lotte,
        conversationId: chat,
      });
      const form = action(details.card, 'case.create');
      const turn = await bot.click(
        'case.create',
        { ...form.data, topic: 'enrollment', severity: 'high', reason: 'Blijft mislukken' },
        { from: lotte, conversationId: chat, locale: 'en-US', expectPosted: 1 },
      );
      assertIncludes(turn.text, details.text.split('\n')[0] ?? '', 'Terug naar inschrijvingsfouten');
      const confirmation = cardText(turn.posted[0]);
      assert.match(confirmation, /Geëscaleerd als HD-/);
      assert.equal(action(turn.card, 'failures.open').data.lang, 'nl');
    });

    it('an agent opens the subject’s live dashboard from the case card, with the way back', async () => {
      const chat = 'a:1lotte-context-case';
      const dashboard = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, conversationId: chat });
      const created = await bot.click(
        'case.create',
        { ...action(dashboard.card, 'case.create').data, topic: 'other', reason: 'Please look' },
        { from: lotte, conversationId: chat, expectPosted: 1 },
      );
      const caseId = /HD-[0-9A-Z]{6}/.exec(cardText(created.posted[0]))?.[0] ?? '';
      assert.ok(caseId);
      const full = await bot.click('case.view', { caseId }, { from: ruben, conversationType: 'channel' });
      const open = action(full.card, 'case.dashboard');
      assert.deepEqual(Object.keys(open.data).sort(), ['caseId', 'lang', 'tz']);
      const live = await bot.click('case.dashboard', open.data, { from: ruben, conversationType: 'channel' });
      assertIncludes(live.text, 'Troubleshooting: Daan Smit', `Back to case ${caseId}`);
      assert.equal(action(live.card, 'case.view').data.caseId, caseId);
    });

    it('nobody but an agent opens a dashboard from a case card; a forged case id reveals nothing', async () => {
      const chat = 'a:1lotte-context-case2';
      const dashboard = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, conversationId: chat });
      const created = await bot.click(
        'case.create',
        { ...action(dashboard.card, 'case.create').data, topic: 'other', reason: 'Again' },
        { from: lotte, conversationId: chat, expectPosted: 1 },
      );
      const caseId = /HD-[0-9A-Z]{6}/.exec(cardText(created.posted[0]))?.[0] ?? '';
      bot.fresh();
      const refused = await bot.click(
        'case.dashboard',
        { caseId },
        { from: james, conversationType: 'channel' },
      );
      assertIncludes(refused.text, 'Only helpdesk agents');
      assertExcludes(refused.text, 'Daan');
      assertNoRequestsAbout(bot.tenant.requests, daan, ['daan']);
      for (const forged of ['HD-000000', { caseId }, '../../etc', 'x'.repeat(5000)]) {
        const turn = await bot.click('case.dashboard', { caseId: forged }, { from: lotte });
        assertCard(turn);
        assertExcludes(turn.text, 'Daan Smit');
      }
    });
  });
});
