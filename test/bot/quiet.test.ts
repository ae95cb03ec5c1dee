// Quiet where nothing was asked: card submits, reactions, edits, deletes and system events get no answer
// (and no public help card in a channel); files and pictures get a short "I read text commands"; invokes
// the bot has no handler for are logged and answered 200, so Teams shows no error.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { assertExcludes, assertIncludes, BotUnderTest, cardText, person } from './bot-harness';
import {
  attachmentMessage,
  cardSubmit,
  channelEvent,
  invoke,
  messageChange,
  newChannel,
  newTeam,
  reaction,
  teamEvent,
  teamMemberAdded,
} from './teams-activities';

const lotte = person('lotte');
const james = person('james');
const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000' };

let sequence = 0;
function conversation(kind: 'personal' | 'channel' | 'groupChat'): string {
  sequence++;
  if (kind === 'personal') return `a:1quiet-${sequence}`;
  if (kind === 'groupChat') return `19:quiet-group-${sequence}@thread.v2`;
  return `19:quiet-channel-${sequence}@thread.tacv2;messageid=17300000${sequence}`;
}

describe('bot: quiet where nothing was asked', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start(ENV);
  });
  after(() => bot.close());

  async function postAndCount(activity: Partial<Activity>): Promise<number> {
    const before = bot.connector.sent.length;
    const response = await bot.post(activity);
    assert.equal(response.status, 200, `${activity.type} answered ${response.status}`);
    return bot.connector.sent.length - before;
  }

  it('an Action.Submit in a channel thread, a group chat or a personal chat gets no answer', async () => {
    const team = newTeam('quiet');
    for (const kind of ['channel', 'groupChat', 'personal'] as const) {
      const sent = await postAndCount(
        cardSubmit({
          serviceUrl: bot.connector.url,
          from: lotte,
          conversationId: conversation(kind),
          conversationType: kind,
          team: kind === 'channel' ? team : undefined,
          replyToId: '1730000000000',
          value: { action: 'submit', choice: 'yes' },
        }),
      );
      assert.equal(sent, 0, `nothing sent in a ${kind}`);
    }
    assert.ok(bot.logged('turn').some((l) => l.command === 'cardSubmit' && l.outcome === 'ignored'));
  });

  it('reactions, edits, deletes and system events get no answer', async () => {
    const team = newTeam('events');
    const common = { serviceUrl: bot.connector.url, from: lotte };
    const channelId = conversation('channel');
    const inChannel = { ...common, conversationId: channelId, conversationType: 'channel' as const, team };
    const activities: Partial<Activity>[] = [
      reaction({ ...inChannel, replyToId: '1730000000001' }),
      reaction({ ...inChannel, replyToId: '1730000000001', removed: true }),
      messageChange({ ...inChannel, change: 'edit', messageId: '1730000000002', text: 'troubleshoot me' }),
      messageChange({ ...inChannel, change: 'delete', messageId: '1730000000002' }),
      messageChange({
        ...common,
        conversationId: conversation('personal'),
        conversationType: 'personal',
        change: 'edit',
        messageId: '1730000000003',
      }),
      channelEvent({ ...common, team, channel: newChannel('new'), eventType: 'channelCreated' }),
      channelEvent({ ...common, team, channel: newChannel('renamed'), eventType: 'channelRenamed' }),
      teamEvent({ ...common, team, eventType: 'teamRenamed' }),
      teamMemberAdded({ ...common, team, member: james }),
      { ...reaction({ ...inChannel, replyToId: '1' }), type: 'typing' },
      {
        ...reaction({ ...inChannel, replyToId: '1' }),
        type: 'event',
        name: 'application/vnd.microsoft.meetingStart',
      },
    ];
    for (const activity of activities)
      assert.equal(await postAndCount(activity), 0, `nothing sent for ${activity.type}`);
  });

  it('a file or a picture in a personal chat gets "I read text commands", in the person\'s language', async () => {
    for (const kind of ['file', 'image'] as const) {
      const conversationId = conversation('personal');
      const sent = await postAndCount(
        attachmentMessage({
          serviceUrl: bot.connector.url,
          from: james,
          conversationId,
          conversationType: 'personal',
          kind,
        }),
      );
      assert.equal(sent, 1);
      const text = cardText(bot.connector.cardsIn(conversationId)[0]);
      assertIncludes(text, 'I read text commands only', 'troubleshoot me');
      assertExcludes(text, 'Helpdesk troubleshooter');
    }
    const conversationId = conversation('personal');
    await postAndCount(
      attachmentMessage({
        serviceUrl: bot.connector.url,
        from: james,
        conversationId,
        conversationType: 'personal',
        kind: 'image',
        locale: 'nl-NL',
      }),
    );
    assertIncludes(cardText(bot.connector.cardsIn(conversationId)[0]), 'Ik lees alleen tekstopdrachten');
  });

  it('a file sent with a command: the command is answered', async () => {
    const conversationId = conversation('personal');
    await postAndCount(
      attachmentMessage({
        serviceUrl: bot.connector.url,
        from: james,
        conversationId,
        conversationType: 'personal',
        kind: 'file',
        text: 'help',
      }),
    );
    assertIncludes(cardText(bot.connector.cardsIn(conversationId)[0]), 'Helpdesk troubleshooter');
  });

  it('invokes without a handler are answered 200 without a body error, logged with their name, and send nothing', async () => {
    const names = [
      'composeExtension/query',
      'task/fetch',
      'config/fetch',
      'message/submitAction',
      'vnd.example/<script>alert(1)</script>',
    ];
    for (const name of names) {
      const activity = invoke({
        serviceUrl: bot.connector.url,
        from: lotte,
        conversationId: conversation('personal'),
        conversationType: 'personal',
        name,
        value: { commandId: 'x' },
      });
      const before = bot.connector.sent.length;
      const response = await bot.post(activity);
      assert.equal(response.status, 200, `${name} answered ${response.status}`);
      assert.equal(bot.connector.sent.length, before, `${name} sent something`);
    }
    const logged = bot.logged('turn').filter((l) => l.kind === 'invoke' && l.command === 'unhandled');
    assert.deepEqual(
      logged.map((l) => l.name),
      [
        'composeExtension/query',
        'task/fetch',
        'config/fetch',
        'message/submitAction',
        'vnd.example/?script?alert?1??/script?',
      ],
    );
    assert.deepEqual(bot.logged('turn.unhandled'), []);
  });
});
