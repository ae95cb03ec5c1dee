// Living in Teams, over real HTTP with Teams-shaped events (see teams-activities.ts): the welcome on a
// personal install (once, although Teams sends two events, across a restart and two instances), the
// introduction in a team, and what happens to tier-2 channels as their team lives: deleted, archived,
// the bot removed or uninstalled, and restored or unarchived (offered back, never silently reused).
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import {
  assertExcludes,
  assertIncludes,
  BOT,
  BotUnderTest,
  cardActions,
  cardText,
  mention,
  person,
  rosterMember,
  type Person,
} from './bot-harness';
import {
  channelEvent,
  newChannel,
  newTeam,
  personalInstallation,
  personalMembersAdded,
  teamBotMembership,
  teamEvent,
  teamInstallation,
  type Channel,
  type Team,
} from './teams-activities';

const lotte = person('lotte');
const ruben = person('ruben');
const james = person('james');
const daan = person('daan');

const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000' };
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';

let chats = 0;
function personalChat(p: Person): string {
  chats++;
  return `a:1${p.teamsId}-life-${chats}`;
}

async function send(bot: BotUnderTest, activity: Partial<Activity>): Promise<void> {
  const response = await bot.post(activity);
  assert.equal(response.status, 200, `${activity.type} answered ${response.status}`);
}

/**
 * Cards the person got personally, in arrival order: in 1:1 chats the bot created for them, or in their
 * own chat with the bot once it knows it (after they escalated from there).
 */
function personalNotices(bot: BotUnderTest, p: Person): string[] {
  const created = new Set(
    bot.connector.createdConversations.filter((c) => c.memberIds.includes(p.teamsId)).map((c) => c.id),
  );
  return bot.connector.sent
    .filter((a) => a.type === 'message')
    .filter((a) => created.has(a.conversationId) || a.conversationId.startsWith(`a:1${p.teamsId}-`))
    .flatMap((a) => a.attachments.map((att) => cardText(att.content)));
}

function takeChannel(bot: BotUnderTest, team: Team, channel: Channel, topic = '', from: Person = lotte) {
  return bot.say(`<at>${BOT.name}</at> use this channel for escalations${topic ? ` ${topic}` : ''}`, {
    from,
    conversationType: 'channel',
    conversationId: `${channel.id};messageid=17100000${++chats}`,
    teamId: team.id,
    mentions: [mention(BOT)],
  });
}

const DAAN_CASE = {
  userId: daan.id,
  topic: 'enrollment',
  severity: 'high',
  reason: 'iPhone enrollment keeps failing',
  note: 'Company Portal says the device cap is reached.',
};

async function escalate(bot: BotUnderTest, conversationId = personalChat(lotte)): Promise<string> {
  // The case is confirmed in a new message; the card it was escalated from stays as the click's answer.
  const turn = await bot.click('case.create', DAAN_CASE, { from: lotte, conversationId, expectPosted: 1 });
  assert.equal(turn.httpStatus, 200);
  return cardText(turn.posted[0]);
}

/** Number of case cards posted in a channel. */
function casesIn(bot: BotUnderTest, channel: Channel): number {
  return bot.connector.cardsIn(channel.id).filter((c) => cardText(c).includes(daan.displayName)).length;
}

describe('bot: living in Teams', () => {
  describe('welcome on a personal install', () => {
    let bot: BotUnderTest;
    before(async () => {
      bot = await BotUnderTest.start(ENV);
    });
    after(() => bot.close());

    it('both install events at once give exactly one welcome; an agent is shown how to look someone up', async () => {
      const chat = personalChat(lotte);
      const common = { serviceUrl: bot.connector.url, from: lotte, conversationId: chat };
      await Promise.all([
        send(bot, personalInstallation({ ...common, locale: 'en-US' })),
        send(bot, personalMembersAdded(common)),
      ]);
      const cards = bot.connector.cardsIn(chat);
      assert.equal(cards.length, 1, 'one welcome');
      const text = cardText(cards[0]);
      assertIncludes(text, `Hi, I'm ${BOT.name}`, 'troubleshoot ‹name, UPN or email›', 'escalations', 'help');
      assertExcludes(text, 'troubleshoot me');
      assert.deepEqual(
        bot.logged('turn').filter((l) => l.outcome === 'welcomed').length,
        1,
        'one turn says it welcomed',
      );
    });

    it('an end user is welcomed with their own first step and a button for it, in Dutch', async () => {
      const chat = personalChat(james);
      const common = { serviceUrl: bot.connector.url, from: james, conversationId: chat };
      await send(bot, personalMembersAdded({ ...common, locale: 'nl-NL' }));
      await send(bot, personalInstallation({ ...common, locale: 'nl-NL' }));
      const cards = bot.connector.cardsIn(chat);
      assert.equal(cards.length, 1);
      const text = cardText(cards[0]);
      assertIncludes(
        text,
        'Hallo, ik ben',
        'probleemoplossing mij',
        'mijn status',
        'Controleer mijn apparaten',
      );
      assertExcludes(text, 'troubleshoot', 'escalaties', 'Check my devices');
      assert.deepEqual(
        cardActions(cards[0]).map((a) => a.verb),
        ['self.open'],
      );
      // The button works: it opens the person's own devices, in the welcome's language even when the
      // Teams client sends another locale with the click.
      const [button] = cardActions(cards[0]);
      assert.ok(button);
      const opened = await bot.click(button.verb, button.data, {
        from: james,
        conversationId: chat,
        locale: 'en-US',
      });
      assert.equal(opened.httpStatus, 200);
      assertIncludes(opened.text, 'Jouw apparaten');
      assertExcludes(opened.text, 'Your devices');
    });

    it('an agent in Dutch gets the Dutch agent welcome', async () => {
      const chat = personalChat(ruben);
      await send(
        bot,
        personalInstallation({
          serviceUrl: bot.connector.url,
          from: ruben,
          conversationId: chat,
          locale: 'nl-NL',
        }),
      );
      const text = cardText(bot.connector.cardsIn(chat)[0]);
      assertIncludes(text, 'probleemoplossing ‹naam, UPN of e-mail›', 'escalaties');
      assertExcludes(text, 'probleemoplossing mij');
    });

    it('an upgrade or a repeated event does not welcome again; an uninstall and reinstall does', async () => {
      const chat = personalChat(daan);
      const common = { serviceUrl: bot.connector.url, from: daan, conversationId: chat };
      await send(bot, personalInstallation(common));
      await send(bot, personalInstallation({ ...common, action: 'add-upgrade' }));
      await send(bot, personalMembersAdded(common));
      assert.equal(bot.connector.cardsIn(chat).length, 1);
      await send(bot, personalInstallation({ ...common, action: 'remove' }));
      assert.equal(bot.connector.cardsIn(chat).length, 1, 'nothing is sent on uninstall');
      await send(bot, personalInstallation(common));
      assert.equal(bot.connector.cardsIn(chat).length, 2, 'welcomed again after a reinstall');
    });

    it('a person of another organization gets no welcome, and nothing is read about them', async () => {
      const chat = personalChat(james);
      bot.fresh();
      await send(
        bot,
        personalInstallation({
          serviceUrl: bot.connector.url,
          from: james,
          conversationId: chat,
          tenantId: OTHER_TENANT,
        }),
      );
      assert.equal(bot.connector.cardsIn(chat).length, 0);
      assert.deepEqual(bot.tenant.requests, []);
    });

    it('welcome once holds across a restart and between two instances', async () => {
      const chat = personalChat(lotte);
      const common = { serviceUrl: bot.connector.url, from: lotte, conversationId: chat };
      await send(bot, personalInstallation(common));
      bot = await bot.restart();
      await send(bot, personalMembersAdded(common));
      assert.equal(bot.connector.cardsIn(chat).length, 1, 'not welcomed again after the restart');

      const second = await bot.secondInstance();
      try {
        const people = [lotte, ruben, james, daan, person('sander'), person('emma')];
        const chatsNow = people.map((p) => personalChat(p));
        await Promise.all(
          people.flatMap((p, i) => {
            const c = { serviceUrl: bot.connector.url, from: p, conversationId: chatsNow[i] ?? '' };
            // Teams sends both events at once; a load balancer may hand them to different instances.
            return [send(bot, personalInstallation(c)), send(second, personalMembersAdded(c))];
          }),
        );
        for (const c of chatsNow) assert.equal(bot.connector.cardsIn(c).length, 1, `one welcome in ${c}`);
      } finally {
        await second.close();
      }
    });
  });

  describe('introduction in a team', () => {
    let bot: BotUnderTest;
    before(async () => {
      bot = await BotUnderTest.start(ENV);
    });
    after(() => bot.close());

    it('introduces itself once, says how to take a channel and how to pick the bot in the @mention list', async () => {
      const team = newTeam('helpdesk');
      const common = { serviceUrl: bot.connector.url, from: lotte, team, locale: 'en-US' };
      await Promise.all([
        send(bot, teamInstallation(common)),
        send(bot, teamBotMembership({ ...common, change: 'added' })),
      ]);
      const cards = bot.connector.cardsIn(team.id);
      assert.equal(cards.length, 1, 'one introduction');
      assertIncludes(
        cardText(cards[0]),
        `Hi everyone, I'm ${BOT.name}`,
        `@${BOT.name} use this channel for escalations`,
        `type @ and the first letters of ${BOT.name}, pick it from the list`,
        'enrollment, apps, compliance or other',
        `@${BOT.name} troubleshoot ‹name›`,
      );
      assert.deepEqual(cardActions(cards[0]), []);
    });

    it('introduces itself in Dutch to a team that installs it in Dutch', async () => {
      const team = newTeam('servicedesk');
      await send(
        bot,
        teamInstallation({ serviceUrl: bot.connector.url, from: ruben, team, locale: 'nl-NL' }),
      );
      assertIncludes(
        cardText(bot.connector.cardsIn(team.id)[0]),
        'Hallo allemaal',
        `@${BOT.name} gebruik dit kanaal voor escalaties`,
        'kies de bot in de lijst',
      );
    });
  });

  describe("following the team's life", () => {
    let bot: BotUnderTest;
    before(async () => {
      bot = await BotUnderTest.start(
        ENV,
        [lotte, ruben, james].map((p) => rosterMember(p)),
      );
    });
    after(() => bot.close());

    it('channelDeleted: cases for its topic go to the default channel, the agent is told once; restored: offered back', async () => {
      const team = newTeam('tier2');
      const general: Channel = { id: team.id, name: 'General' };
      const enrolment = newChannel('enrolment');
      await takeChannel(bot, team, general);
      await takeChannel(bot, team, enrolment, 'enrollment');
      const before = personalNotices(bot, lotte).length;

      const deleted = channelEvent({
        serviceUrl: bot.connector.url,
        from: ruben,
        team,
        channel: enrolment,
        eventType: 'channelDeleted',
      });
      await send(bot, deleted);
      await send(bot, { ...deleted, id: 'f:repeat' });
      const notices = personalNotices(bot, lotte).slice(before);
      assert.equal(notices.length, 1, 'told once, in a 1:1 chat');
      assertIncludes(
        notices[0] ?? '',
        'Escalations for Enrollment can no longer go to the channel you chose',
        'The channel was deleted.',
        'these cases go to the channel for all escalations',
        `@${BOT.name} use this channel for escalations enrollment`,
      );
      assert.equal(
        bot.connector.cardsIn(enrolment.id).length,
        0,
        'nothing was posted into the deleted channel',
      );

      assertIncludes(await escalate(bot), 'Escalated as HD-');
      assert.equal(casesIn(bot, general), 1, 'the case went to the default channel');
      assert.equal(casesIn(bot, enrolment), 0);

      await send(
        bot,
        channelEvent({
          serviceUrl: bot.connector.url,
          from: ruben,
          team,
          channel: enrolment,
          eventType: 'channelRestored',
        }),
      );
      // After the deletion notice and the case confirmation in Lotte's chat.
      const back = personalNotices(bot, lotte).slice(before + 2);
      assert.equal(back.length, 1);
      assertIncludes(
        back[0] ?? '',
        'The channel you chose for escalations (Enrollment) is back',
        'The channel was restored.',
        'does not receive escalations again by itself',
      );
      await escalate(bot);
      assert.equal(casesIn(bot, enrolment), 0, 'not silently reused');
      assert.equal(casesIn(bot, general), 2);

      await takeChannel(bot, team, enrolment, 'enrollment');
      await escalate(bot);
      assert.equal(casesIn(bot, enrolment), 1, 'taken again with the command');
    });

    it('teamArchived: no channel left, so escalating says so; teamUnarchived offers it back', async () => {
      const team = newTeam('archived');
      const general: Channel = { id: team.id, name: 'General' };
      await takeChannel(bot, team, general);
      await takeChannel(bot, team, newChannel('apps'), 'apps');
      await takeChannel(bot, team, newChannel('enrol'), 'enrollment');
      // Other tests' channels belong to other teams; those are taken over here, so this team has them all.
      await takeChannel(bot, team, newChannel('compliance'), 'compliance');
      await takeChannel(bot, team, newChannel('other'), 'other');
      const before = personalNotices(bot, lotte).length;

      await send(
        bot,
        teamEvent({ serviceUrl: bot.connector.url, from: ruben, team, eventType: 'teamArchived' }),
      );
      const notices = personalNotices(bot, lotte).slice(before);
      assert.equal(notices.length, 5, 'one notice per channel');
      for (const n of notices) assertIncludes(n, 'Its team was archived', 'posted nowhere');

      // The case is saved, on the list, and the agent is told how to choose a channel.
      const told = await escalate(bot);
      assertIncludes(told, 'no channel is chosen for escalations yet', 'use this channel for escalations');
      const saved = /HD-[0-9A-Z]{6}/.exec(told)?.[0];
      assert.ok(saved, 'a case id');
      assertIncludes((await bot.say('escalations', { from: lotte })).text, saved);
      // An end user's request is not lost either: saved, with its id and what to do if it is urgent.
      const mine = await bot.click(
        'case.create',
        { self: true, topic: 'other', reason: 'My phone says it is not compliant' },
        { from: james, conversationId: personalChat(james), expectPosted: 1 },
      );
      const mineText = cardText(mine.posted[0]);
      assertIncludes(mineText, "did not reach the helpdesk team's channel", 'contact the helpdesk directly');
      const mineId = /HD-[0-9A-Z]{6}/.exec(mineText)?.[0];
      assert.ok(mineId);
      assertIncludes((await bot.say('escalations', { from: lotte })).text, mineId);

      const beforeBack = personalNotices(bot, lotte).length;
      await send(
        bot,
        teamEvent({ serviceUrl: bot.connector.url, from: ruben, team, eventType: 'teamUnarchived' }),
      );
      const back = personalNotices(bot, lotte).slice(beforeBack);
      assert.equal(back.length, 5);
      assertIncludes(
        back[0] ?? '',
        'Its team was unarchived.',
        'does not receive escalations again by itself',
      );
      assertIncludes(await escalate(bot), 'no channel is chosen');
    });

    it('the bot removed from the team (and the uninstall that follows) tells the agent once; re-adding offers it back', async () => {
      const team = newTeam('removal');
      const general: Channel = { id: team.id, name: 'General' };
      await takeChannel(bot, team, general);
      const before = personalNotices(bot, lotte).length;
      const common = { serviceUrl: bot.connector.url, from: ruben, team };

      await send(bot, teamBotMembership({ ...common, change: 'removed' }));
      await send(bot, teamInstallation({ ...common, action: 'remove' }));
      const notices = personalNotices(bot, lotte).slice(before);
      assert.equal(notices.length, 1);
      assertIncludes(
        notices[0] ?? '',
        'I was removed from its team',
        'Escalations for all topics can no longer go',
      );
      assertIncludes(await escalate(bot), 'no channel is chosen');

      const beforeBack = personalNotices(bot, lotte).length;
      await Promise.all([
        send(bot, teamInstallation(common)),
        send(bot, teamBotMembership({ ...common, change: 'added' })),
      ]);
      const back = personalNotices(bot, lotte).slice(beforeBack);
      assert.equal(back.length, 1, 'offered back once');
      assertIncludes(back[0] ?? '', 'I was added to its team again.');
      const intros = bot.connector.cardsIn(team.id).filter((c) => cardText(c).includes('Hi everyone'));
      assert.equal(intros.length, 1, 'introduced again to the team it rejoined');
    });

    it('teamDeleted marks its channels unreachable; teamRestored offers them back', async () => {
      const team = newTeam('deleted');
      await takeChannel(bot, team, { id: team.id, name: 'General' });
      const before = personalNotices(bot, lotte).length;
      await send(
        bot,
        teamEvent({ serviceUrl: bot.connector.url, from: ruben, team, eventType: 'teamDeleted' }),
      );
      assertIncludes(personalNotices(bot, lotte)[before] ?? '', 'Its team was deleted.');
      await send(
        bot,
        teamEvent({ serviceUrl: bot.connector.url, from: ruben, team, eventType: 'teamRestored' }),
      );
      assertIncludes(personalNotices(bot, lotte)[before + 1] ?? '', 'Its team was restored.');
    });

    it('a Dutch-speaking agent is told in Dutch', async () => {
      const team = newTeam('nl');
      const channel: Channel = { id: team.id, name: 'Algemeen' };
      await bot.say(`<at>${BOT.name}</at> gebruik dit kanaal voor escalaties`, {
        from: ruben,
        conversationType: 'channel',
        conversationId: `${channel.id};messageid=1`,
        teamId: team.id,
        locale: 'nl-NL',
        mentions: [mention(BOT)],
      });
      const before = personalNotices(bot, ruben).length;
      await send(
        bot,
        channelEvent({
          serviceUrl: bot.connector.url,
          from: lotte,
          team,
          channel,
          eventType: 'channelDeleted',
        }),
      );
      const notice = personalNotices(bot, ruben)[before] ?? '';
      assertIncludes(
        notice,
        'Escalaties voor alle onderwerpen kunnen niet meer',
        'Het kanaal is verwijderd.',
        'gebruik dit kanaal voor escalaties',
      );
      assertExcludes(notice, 'channel', 'Escalations');
    });

    it('events from another organization change nothing', async () => {
      const team = newTeam('foreign');
      const channel: Channel = { id: team.id, name: 'General' };
      await takeChannel(bot, team, channel);
      const before = personalNotices(bot, lotte).length;
      for (const eventType of ['teamArchived', 'teamDeleted', 'teamHardDeleted'] as const)
        await send(
          bot,
          teamEvent({ serviceUrl: bot.connector.url, from: ruben, team, eventType, tenantId: OTHER_TENANT }),
        );
      await send(
        bot,
        channelEvent({
          serviceUrl: bot.connector.url,
          from: ruben,
          team,
          channel,
          eventType: 'channelDeleted',
          tenantId: OTHER_TENANT,
        }),
      );
      assert.equal(personalNotices(bot, lotte).length, before);
      await escalate(bot);
      assert.equal(casesIn(bot, channel), 1, 'the channel still receives cases');
    });
  });
});
