// Case cards that cannot be delivered, over real HTTP: the connector stand-in answers for a dead channel
// as Teams does (404 ConversationNotFound for a deleted channel, 403 BotNotInConversationRoster after the
// bot was removed). The requester is told the truth with the case id and what happens next, the case is
// kept and marked, another registered channel is tried, the log says delivery failed, and nothing more is
// sent to the dead conversation.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CaseRepository, type EscalationCase } from '../../src/escalations';
import { FileStorage } from '../../src/storage';
import {
  assertExcludes,
  assertIncludes,
  BOT,
  BotUnderTest,
  cardText,
  mention,
  person,
  rosterMember,
  type Person,
} from './bot-harness';
import { newChannel, newTeam, type Channel, type Team } from './teams-activities';

const lotte = person('lotte');
const ruben = person('ruben');
const james = person('james');
const daan = person('daan');

const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000' };
const CASE_ID = /HD-[0-9A-HJKMNP-TV-Z]{6}/;

let sequence = 0;

function takeChannel(bot: BotUnderTest, team: Team, channel: Channel, topic = '') {
  sequence++;
  return bot.say(`<at>${BOT.name}</at> use this channel for escalations${topic ? ` ${topic}` : ''}`, {
    from: lotte,
    conversationType: 'channel',
    conversationId: `${channel.id};messageid=1720000${sequence}`,
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

async function escalate(
  bot: BotUnderTest,
  data: Record<string, unknown> = DAAN_CASE,
  from: Person = ruben,
): Promise<{ text: string; caseId: string; chat: string }> {
  sequence++;
  const chat = `a:1${from.teamsId}-delivery-${sequence}`;
  // The case is confirmed in a new message; the card it was escalated from stays as the click's answer.
  const turn = await bot.click('case.create', data, { from, conversationId: chat, expectPosted: 1 });
  assert.equal(turn.httpStatus, 200);
  assert.equal(turn.body.statusCode, 200);
  const text = cardText(turn.posted[0]);
  const caseId = CASE_ID.exec(text)?.[0];
  assert.ok(caseId, `a case id in:\n${text}`);
  return { text, caseId, chat };
}

async function storedCase(bot: BotUnderTest, id: string): Promise<EscalationCase> {
  const found = await new CaseRepository(new FileStorage(join(bot.dataDir, 'state'))).get(id);
  assert.ok(found, `${id} is stored`);
  return found;
}

function casesIn(bot: BotUnderTest, channel: Channel): number {
  return bot.connector.cardsIn(channel.id).filter((c) => cardText(c).includes(daan.displayName)).length;
}

/** Every card the bot sent anywhere, as text. */
function everythingSent(bot: BotUnderTest): string {
  return bot.connector.sent.flatMap((a) => a.attachments.map((att) => cardText(att.content))).join('\n');
}

describe('bot: case cards that cannot be delivered', () => {
  let bot: BotUnderTest;
  beforeEach(async () => {
    bot = await BotUnderTest.start(
      ENV,
      [lotte, ruben, james].map((p) => rosterMember(p)),
    );
  });
  afterEach(() => bot.close());

  it('404 ConversationNotFound: the default channel gets the case, the requester is told where it went', async () => {
    const team = newTeam('tier2');
    const general: Channel = { id: team.id, name: 'General' };
    const enrolment = newChannel('enrolment');
    await takeChannel(bot, team, general);
    await takeChannel(bot, team, enrolment, 'enrollment');
    bot.connector.breakConversation(enrolment.id, { status: 404, code: 'ConversationNotFound' });

    const { text, caseId } = await escalate(bot);
    assertIncludes(
      text,
      `Escalated as ${caseId}. Tier 2 has it now`,
      'The channel for this topic could not be reached, so the case went to the channel for all topics instead.',
    );
    assert.equal(casesIn(bot, general), 1);

    const stored = await storedCase(bot, caseId);
    assert.equal(stored.state, 'open');
    assert.equal(stored.delivery?.state, 'delivered');
    assert.deepEqual(
      stored.delivery.failures.map((f) => [f.channelTopic, f.conversationId, f.status, f.code]),
      [['enrollment', enrolment.id, 404, 'ConversationNotFound']],
    );
    assert.equal(stored.channel?.conversationId, general.id);

    const failed = bot.logged('case.deliveryFailed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.caseId, caseId);
    assert.equal(failed[0]?.status, 404);
    assert.equal(failed[0]?.code, 'ConversationNotFound');
    assert.equal(bot.logged('turn').find((l) => l.command === 'case.create')?.delivery, 'fellBack');

    // The agent who chose the channel hears it in a 1:1 chat, with Teams' reason.
    const chats = bot.connector.createdConversations.filter((c) => c.memberIds.includes(lotte.teamsId));
    const notice = chats.flatMap((c) => bot.connector.cardsIn(c.id).map(cardText)).join('\n');
    assertIncludes(
      notice,
      'Teams refused a case card there (ConversationNotFound).',
      'use this channel for escalations enrollment',
    );

    // Nothing more goes to the dead conversation: not the next case, not an update of this one.
    const posts = () => bot.connector.rejectedIn(enrolment.id).filter((r) => r.method === 'POST').length;
    assert.equal(posts(), 1, 'one attempt, no retry and no error card there');
    const attempts = bot.connector.rejectedIn(enrolment.id).length;
    const second = await escalate(bot);
    assertIncludes(second.text, `Escalated as ${second.caseId}`);
    assertExcludes(second.text, 'could not be reached');
    const claimed = await bot.click(
      'case.claim',
      { caseId },
      { from: ruben, conversationType: 'channel', conversationId: `${general.id};messageid=1` },
    );
    assertIncludes(claimed.text, 'Claimed by Ruben de Vries');
    assert.equal(bot.connector.rejectedIn(enrolment.id).length, attempts);
    assert.equal(casesIn(bot, general), 2);
  });

  it('403 BotNotInConversationRoster on the only channel: saved, marked not delivered, and told so truthfully', async () => {
    const team = newTeam('removed');
    const general: Channel = { id: team.id, name: 'General' };
    await takeChannel(bot, team, general);
    bot.connector.breakConversation(general.id, { status: 403, code: 'BotNotInConversationRoster' });

    const { text, caseId } = await escalate(bot);
    assertIncludes(
      text,
      `Not delivered: ${caseId} is saved, but no tier-2 channel could take it`,
      '“escalations”',
      'hand it over directly',
    );
    assertExcludes(text, 'Tier 2 has it now', 'Something went wrong');

    const stored = await storedCase(bot, caseId);
    assert.equal(stored.state, 'open');
    assert.equal(stored.channel, null);
    assert.equal(stored.delivery?.state, 'notDelivered');
    assert.deepEqual(
      stored.delivery.failures.map((f) => [f.status, f.code]),
      [[403, 'BotNotInConversationRoster']],
    );
    assertIncludes((await bot.say('escalations', { from: lotte })).text, caseId);

    assert.equal(bot.logged('case.deliveryFailed')[0]?.code, 'BotNotInConversationRoster');
    assert.equal(bot.logged('case.notDelivered')[0]?.caseId, caseId);
    assert.equal(bot.logged('turn').find((l) => l.command === 'case.create')?.delivery, 'notDelivered');
    assert.deepEqual(bot.logged('turn.unhandled'), []);
    assert.deepEqual(bot.logged('turn.failed'), []);
    assertExcludes(everythingSent(bot), 'Something went wrong');

    const posts = bot.connector.rejectedIn(general.id).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'one attempt at the dead conversation, nothing after it');
    const before = bot.connector.rejectedIn(general.id).length;
    const again = await escalate(bot, DAAN_CASE, ruben);
    assertIncludes(again.text, `Saved as ${again.caseId}: no channel is chosen for escalations yet`);
    assert.equal((await storedCase(bot, again.caseId)).delivery?.state, 'notDelivered');
    assert.equal(bot.connector.rejectedIn(general.id).length, before);
  });

  it('an end user whose request reaches no channel is told it is saved, what happens next, and the case id', async () => {
    const team = newTeam('users');
    const general: Channel = { id: team.id, name: 'General' };
    await takeChannel(bot, team, general);
    bot.connector.breakConversation(general.id, { status: 404, code: 'ConversationNotFound' });
    const { text, caseId } = await escalate(
      bot,
      { self: true, topic: 'other', reason: 'My phone says it is not compliant' },
      james,
    );
    assertIncludes(
      text,
      `Not delivered: ${caseId} is saved`,
      "did not reach the helpdesk team's channel",
      `contact the helpdesk directly and mention ${caseId}`,
    );
    assertExcludes(text, 'escalations', 'hand it over');
    assert.equal((await storedCase(bot, caseId)).delivery?.state, 'notDelivered');
  });

  it('a Dutch requester is told in Dutch', async () => {
    const team = newTeam('nl');
    const general: Channel = { id: team.id, name: 'Algemeen' };
    await takeChannel(bot, team, general);
    bot.connector.breakConversation(general.id, { status: 403, code: 'BotNotInConversationRoster' });
    sequence++;
    const turn = await bot.click('case.create', DAAN_CASE, {
      from: ruben,
      conversationId: `a:1ruben-nl-${sequence}`,
      locale: 'nl-NL',
      expectPosted: 1,
    });
    const told = cardText(turn.posted[0]);
    assertIncludes(told, 'Niet afgeleverd: HD-', 'is opgeslagen', '“escalaties”');
    assertExcludes(told, 'Not delivered', 'saved');
  });

  it('a refusal that does not mean the channel is gone tries the next channel and keeps the first', async () => {
    const team = newTeam('flaky');
    const general: Channel = { id: team.id, name: 'General' };
    const enrolment = newChannel('enrolment');
    await takeChannel(bot, team, general);
    await takeChannel(bot, team, enrolment, 'enrollment');
    bot.connector.breakConversation(enrolment.id, { status: 400, code: 'BadSyntax' });
    const { text, caseId } = await escalate(bot);
    assertIncludes(text, `Escalated as ${caseId}`, 'went to the channel for all topics');
    assert.equal(casesIn(bot, general), 1);
    assert.equal((await storedCase(bot, caseId)).delivery?.failures[0]?.status, 400);
    // A 400 says nothing about the channel being gone: it stays chosen, and nobody is told it is gone.
    assert.equal(bot.connector.createdConversations.length, 0);
    await escalate(bot);
    assert.equal(bot.connector.rejectedIn(enrolment.id).filter((r) => r.method === 'POST').length, 2);
  });
});
