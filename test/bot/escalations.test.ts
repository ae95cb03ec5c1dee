// Escalation handoffs through the whole application: an agent picks the tier-2 channel by @mentioning the
// bot there, cases are posted into it as a redacted base card that agents' clients refresh into the full
// one, and every change (claim, assign, resolve, reopen) updates that card in place and tells the
// requester personally. Everything goes over HTTP: activities to /api/messages, sends, updates and roster
// reads to the connector stand-in, Graph requests to the demo tenant.
import { strict as assert } from 'node:assert';
import type { RosterMember, SentActivity } from '../support/connector-stand-in';
import {
  ADAPTIVE_CARD,
  assertExcludes,
  assertIncludes,
  assertNoRequestsAbout,
  BOT,
  BotUnderTest,
  cardActions,
  cardRefresh,
  cardText,
  mention,
  person,
  rosterMember,
  type InvokeTurn,
  type MessageTurn,
  type Person,
} from './bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const emma = person('emma');
const james = person('james');
const daan = person('daan');
const sander = person('sander');

/** Lotte is an agent directly, Ruben through the nested tier-2 group, James is not an agent. */
const CHANNEL_ROSTER: RosterMember[] = [lotte, ruben, james].map((p) => rosterMember(p));
/** Many clicks by few people: the per-person rate limit is not what these tests are about. */
const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000' };
const CASE_ID = /HD-[0-9A-HJKMNP-TV-Z]{6}/;

interface Channel {
  /** The channel's conversation id: where new posts go. */
  root: string;
  /** A thread in it, as Teams sends a message typed there. */
  thread: string;
}

let channels = 0;
function newChannel(name: string): Channel {
  channels++;
  const root = `19:tier2-${name}-${channels}@thread.tacv2`;
  return { root, thread: `${root};messageid=17100000000${channels}` };
}

/** What Teams sends when a card in the channel is clicked: the channel thread of that card. */
function threadOf(channel: Channel, activityId: string): string {
  return `${channel.root};messageid=${activityId}`;
}

/** What a person knows about someone else that must never be on the base card: devices and failures. */
interface Evidence {
  deviceNames: string[];
  osVersions: string[];
  correlationIds: string[];
}

async function evidenceOf(bot: BotUnderTest, p: Person): Promise<Evidence> {
  const user = await bot.app.source.getUserById(p.id);
  assert.ok(user, `${p.displayName} is in the demo tenant`);
  const report = await bot.app.source.getReport(user);
  assert.equal(report.devices.status, 'ok');
  assert.equal(report.enrollmentFailures.status, 'ok');
  const devices = report.devices.status === 'ok' ? report.devices.data : [];
  const failures = report.enrollmentFailures.status === 'ok' ? report.enrollmentFailures.data : [];
  return {
    deviceNames: devices.map((d) => d.name),
    osVersions: [
      ...devices.map((d) => d.osVersion),
      ...failures.flatMap((f) => (f.osVersion ? [f.osVersion] : [])),
    ],
    correlationIds: failures.flatMap((f) => (f.correlationId ? [f.correlationId] : [])),
  };
}

function caseIdIn(text: string): string {
  const id = CASE_ID.exec(text)?.[0];
  assert.ok(id, `expected a case id in:\n${text}`);
  return id;
}

function cardOf(activity: SentActivity): unknown {
  const card = activity.attachments.find((a) => a.contentType === ADAPTIVE_CARD)?.content;
  assert.ok(card, 'the activity carries an Adaptive Card');
  return card;
}

/** The case card the bot posted in a channel for `caseId`. */
function postedCase(bot: BotUnderTest, channel: Channel, caseId: string): SentActivity {
  const posts = bot.connector
    .messagesIn(channel.root)
    .filter((a) => cardRefresh(cardOf(a))?.action.data.caseId === caseId);
  assert.equal(posts.length, 1, `one case card for ${caseId} in ${channel.root}`);
  const post = posts[0];
  assert.ok(post);
  return post;
}

function assertCardResponse(turn: InvokeTurn): void {
  assert.equal(turn.httpStatus, 200);
  assert.equal(turn.body.statusCode, 200);
  assert.equal(turn.body.type, ADAPTIVE_CARD);
  assert.equal((turn.card as { type?: unknown }).type, 'AdaptiveCard');
}

/** Texts of the personal messages a person got in one conversation, newest last. */
function messagesTo(bot: BotUnderTest, conversationId: string): string[] {
  return bot.connector.cardsIn(conversationId).map(cardText);
}

function useChannel(
  bot: BotUnderTest,
  from: Person,
  conversation: { type: 'channel' | 'personal' | 'groupChat'; id: string },
  topic = '',
): Promise<MessageTurn> {
  const text = `<at>${BOT.name}</at> use this channel for escalations${topic ? ` ${topic}` : ''}`;
  return bot.say(text, {
    from,
    conversationType: conversation.type,
    conversationId: conversation.id,
    mentions: [mention(BOT)],
  });
}

function setChannel(bot: BotUnderTest, channel: Channel, topic = ''): Promise<MessageTurn> {
  return useChannel(bot, lotte, { type: 'channel', id: channel.thread }, topic);
}

interface Escalation {
  caseId: string;
  turn: InvokeTurn;
}

/** The agent's "Escalate" form on a dashboard, submitted from the agent's personal chat. */
async function escalate(
  bot: BotUnderTest,
  data: Record<string, unknown>,
  from: Person = lotte,
  conversationId = `a:1${from.teamsId}-personal`,
): Promise<Escalation> {
  const turn = await bot.click('case.create', data, { from, conversationId, expectPosted: 1 });
  assertCardResponse(turn);
  // The case is confirmed in a new message; the card it was escalated from stays in place.
  assertExcludes(turn.text, 'Escalated as');
  const confirmation = cardText(turn.posted[0]);
  assertIncludes(confirmation, 'Escalated as HD-');
  return { caseId: caseIdIn(confirmation), turn };
}

const DAAN_CASE = {
  userId: daan.id,
  topic: 'enrollment',
  severity: 'high',
  reason: 'iPhone enrollment keeps failing',
  note: 'Tried a second time after a restart; Company Portal says the device cap is reached.',
};

describe('bot: escalations', () => {
  describe('choosing the tier-2 channel', () => {
    let bot: BotUnderTest;

    before(async () => {
      bot = await BotUnderTest.start(ENV, CHANNEL_ROSTER);
    });
    after(() => bot.close());
    beforeEach(() => bot.fresh());

    it('before any channel is set, escalating saves the case, says how to set a channel, and lists it', async () => {
      const turn = await bot.click('case.create', DAAN_CASE, { from: lotte, expectPosted: 1 });
      assertCardResponse(turn);
      const told = cardText(turn.posted[0]);
      assertIncludes(told, 'no channel is chosen for escalations yet', 'use this channel for escalations');
      assertExcludes(told, 'Escalated as');
      const id = /HD-[0-9A-Z]{6}/.exec(told)?.[0];
      assert.ok(id, 'the saved case is named');
      const list = await bot.say('escalations', { from: lotte });
      assertIncludes(list.text, id, daan.displayName);
    });

    it('an agent sets the channel by @mentioning the bot in it, and is told so', async () => {
      const channel = newChannel('set');
      const turn = await setChannel(bot, channel);
      assertIncludes(turn.text, 'This channel now receives all escalations', 'Case cards are posted here');
    });

    it('a non-agent cannot set the channel', async () => {
      const channel = newChannel('james');
      const turn = await useChannel(bot, james, { type: 'channel', id: channel.thread });
      assertIncludes(turn.text, 'Only helpdesk agents');
      assertExcludes(turn.text, 'now receives');
    });

    it('in a personal chat the agent is told to do it in a channel', async () => {
      const turn = await useChannel(bot, lotte, { type: 'personal', id: 'a:1lotte-personal-set' });
      assertIncludes(turn.text, 'Do this in a channel');
    });

    it('an unknown topic is explained, with the topics there are', async () => {
      const turn = await setChannel(bot, newChannel('printers'), 'printers');
      assertIncludes(turn.text, 'Unknown topic “printers”', 'enrollment, apps, compliance, other');
      assertExcludes(turn.text, 'now receives');
    });

    it('an unknown topic is quoted as typed, never as a link everyone in the channel could click', async () => {
      const turn = await setChannel(bot, newChannel('link'), '[reset your password](https://evil.example)');
      assertIncludes(turn.text, 'Unknown topic “[reset your password]');
      assertExcludes(turn.text, '](');
    });

    it('a topic gets its own channel; other topics fall back to the default channel', async () => {
      const general = newChannel('general');
      const enrollment = newChannel('enrollment');
      assertIncludes((await setChannel(bot, general)).text, 'now receives all escalations');
      assertIncludes(
        (await setChannel(bot, enrollment, 'Enrollment')).text,
        'now receives Enrollment escalations',
      );

      const enrolled = await escalate(bot, DAAN_CASE);
      postedCase(bot, enrollment, enrolled.caseId);
      assert.equal(bot.connector.messagesIn(general.root).length, 0, 'nothing in the default channel');

      const apps = await escalate(bot, { ...DAAN_CASE, topic: 'apps', reason: 'Teams will not install' });
      postedCase(bot, general, apps.caseId);
      assert.equal(bot.connector.messagesIn(enrollment.root).length, 1, 'only the enrollment case there');
    });

    it('a card posted before its topic got a channel of its own is still updated where it was posted', async () => {
      const general = newChannel('general-first');
      const compliance = newChannel('compliance-later');
      await setChannel(bot, general);
      const { caseId } = await escalate(bot, { ...DAAN_CASE, topic: 'compliance' });
      const post = postedCase(bot, general, caseId);
      await setChannel(bot, compliance, 'compliance');

      const claimed = await bot.click(
        'case.claim',
        { caseId },
        { from: ruben, conversationType: 'channel', conversationId: threadOf(general, post.id) },
      );
      assertIncludes(claimed.text, 'Claimed by Ruben de Vries');
      assert.deepEqual(
        bot.connector.updates.map((u) => [u.conversationId, u.activityId]),
        [[general.root, post.id]],
        'the PUT goes to the conversation the card is in',
      );
      assertIncludes(cardText(bot.connector.currentCard(general.root, post.id)), 'Claimed by Ruben de Vries');
      assert.equal(bot.connector.messagesIn(compliance.root).length, 0);
    });
  });

  describe('the handoff lifecycle in a channel', () => {
    let bot: BotUnderTest;
    let daanEvidence: Evidence;
    const tier2 = newChannel('tier2');
    const lotteChat = 'a:1lotte-personal-lifecycle';
    const personalCardsOf = (conversationId: string) => messagesTo(bot, conversationId);

    before(async () => {
      bot = await BotUnderTest.start(ENV, CHANNEL_ROSTER);
      daanEvidence = await evidenceOf(bot, daan);
      assert.ok(daanEvidence.deviceNames.length > 0 && daanEvidence.correlationIds.length > 0);
      await setChannel(bot, tier2);
    });
    after(() => bot.close());
    beforeEach(() => bot.fresh());

    /** Creates Daan's case as Lotte from her personal chat; returns its id and the posted channel card. */
    async function daanCase(
      data: Record<string, unknown> = {},
    ): Promise<{ caseId: string; post: SentActivity }> {
      const { caseId } = await escalate(bot, { ...DAAN_CASE, ...data }, lotte, lotteChat);
      return { caseId, post: postedCase(bot, tier2, caseId) };
    }

    const onCard = (verb: string, data: Record<string, unknown>, from: Person, activityId: string) =>
      bot.click(verb, data, {
        from,
        conversationType: 'channel',
        conversationId: threadOf(tier2, activityId),
      });

    it('posts the redacted base card in the channel, with a refresh for the agents in it', async () => {
      const { turn, caseId } = await escalate(bot, DAAN_CASE, lotte, lotteChat);
      assertIncludes(cardText(turn.posted[0]), `Escalated as ${caseId}`, 'Tier 2 has it now');
      // The dashboard the agent escalated from stays in place, as it is now.
      assertIncludes(turn.text, 'Troubleshooting: Daan Smit');

      const post = postedCase(bot, tier2, caseId);
      const card = cardOf(post);
      const json = JSON.stringify(card);
      const text = cardText(card);
      assertIncludes(text, caseId, 'High', 'Enrollment', 'Daan Smit', DAAN_CASE.reason, 'Lotte Bakker');
      assertIncludes(text, 'Device details are visible to helpdesk agents only.');
      for (const secret of [
        ...daanEvidence.deviceNames,
        ...daanEvidence.osVersions,
        ...daanEvidence.correlationIds,
        daan.upn,
        DAAN_CASE.note,
      ]) {
        assert.ok(!json.includes(secret), `the base card must not contain “${secret}”`);
      }
      // Nobody but agents gets a button that changes anything.
      assert.deepEqual(new Set(cardActions(card).map((a) => a.verb)), new Set(['case.view']));

      const refresh = cardRefresh(card);
      assert.ok(refresh);
      assert.equal(refresh.action.verb, 'case.view');
      assert.equal(refresh.action.data.caseId, caseId);
      assert.deepEqual([...refresh.userIds].sort(), [lotte.teamsId, ruben.teamsId].sort());
      assert.ok(!refresh.userIds.includes(james.teamsId));
      // The roster came from the paged members API of the channel itself.
      assert.ok(bot.connector.pagedMemberLookups.some((l) => l.conversationId === tier2.root));
    });

    it('an agent sees the full card with the frozen evidence; a non-agent in the channel sees the base card', async () => {
      const { caseId, post } = await daanCase();
      const card = cardOf(post);

      const full = cardText(await bot.seenBy(card, ruben));
      assertIncludes(
        full,
        'Daan Smit',
        daan.upn,
        DAAN_CASE.note,
        'Evidence as it was at',
        'History',
        'Likely causes',
        'iOS/iPadOS timeout or failure · 2 attempts since',
      );
      assertIncludes(full, ...daanEvidence.deviceNames, ...daanEvidence.correlationIds);

      const viewed = await onCard('case.view', { caseId }, ruben, post.id);
      assertCardResponse(viewed);
      assertIncludes(viewed.text, ...daanEvidence.deviceNames, ...daanEvidence.correlationIds);
      assert.ok(cardActions(viewed.card).some((a) => a.verb === 'case.claim'));

      assert.equal(await bot.seenBy(card, james), card, 'James gets no refresh');
      const asJames = await onCard('case.view', { caseId }, james, post.id);
      assertCardResponse(asJames);
      assertIncludes(asJames.text, 'Daan Smit', 'Device details are visible to helpdesk agents only.');
      const json = JSON.stringify(asJames.card);
      for (const secret of [...daanEvidence.deviceNames, ...daanEvidence.correlationIds, daan.upn])
        assert.ok(!json.includes(secret), `James must not see “${secret}”`);
    });

    it('a non-agent outside the channel learns nothing about a case, not even whom it is about', async () => {
      const { caseId } = await daanCase();
      bot.fresh();
      for (const verb of ['case.view', 'case.claim', 'case.resolve']) {
        const turn = await bot.click(verb, { caseId, resolution: 'x' }, { from: james });
        assertCardResponse(turn);
        assertIncludes(turn.text, 'Case not found');
        assertExcludes(turn.text, 'Daan Smit', DAAN_CASE.reason);
      }
      assertNoRequestsAbout(bot.tenant.requests, daan);
    });

    it('claim: the full card says who has it, the channel card is updated in place, the requester is told', async () => {
      const { caseId, post } = await daanCase();
      const before = personalCardsOf(lotteChat).length;

      const claimed = await onCard('case.claim', { caseId }, ruben, post.id);
      assertCardResponse(claimed);
      assertIncludes(claimed.text, 'Claimed by Ruben de Vries', 'claimed by Ruben de Vries');
      assertIncludes(claimed.text, ...daanEvidence.deviceNames);
      assert.ok(!cardActions(claimed.card).some((a) => a.verb === 'case.claim'), 'no second claim');

      const updates = bot.connector.updatesOf(tier2.root, post.id);
      assert.equal(updates.length, 1, 'one PUT of the posted activity');
      const updated = bot.connector.currentCard(tier2.root, post.id);
      assertIncludes(cardText(updated), 'Claimed by Ruben de Vries', 'Daan Smit');
      const updatedJson = JSON.stringify(updated);
      for (const secret of [...daanEvidence.deviceNames, ...daanEvidence.correlationIds, daan.upn])
        assert.ok(!updatedJson.includes(secret), `the updated channel card must not contain “${secret}”`);
      assert.deepEqual(cardRefresh(updated)?.userIds.sort(), [lotte.teamsId, ruben.teamsId].sort());

      const told = personalCardsOf(lotteChat).slice(before);
      assert.equal(told.length, 1, 'one personal message to the requester');
      assertIncludes(told[0] ?? '', `Ruben de Vries picked up your case ${caseId}.`);
    });

    it('a requester who escalated from a group chat is told in a new 1:1 chat, not in the group', async () => {
      const groupChat = '19:helpdesk-group@thread.v2';
      const turn = await bot.click('case.create', DAAN_CASE, {
        from: lotte,
        conversationType: 'groupChat',
        conversationId: groupChat,
        expectPosted: 1,
      });
      assertCardResponse(turn);
      const caseId = caseIdIn(cardText(turn.posted[0]));
      const post = postedCase(bot, tier2, caseId);
      const inGroupBefore = bot.connector.messagesIn(groupChat).length;

      assertCardResponse(await onCard('case.claim', { caseId }, ruben, post.id));

      assert.equal(
        bot.connector.messagesIn(groupChat).length,
        inGroupBefore,
        'nothing is posted in the group chat',
      );
      const created = bot.connector.createdConversations.at(-1);
      assert.ok(created, 'a 1:1 conversation was created');
      assert.deepEqual(created.memberIds, [lotte.teamsId]);
      assert.equal(created.isGroup, false);
      assertIncludes(messagesTo(bot, created.id).join('\n'), `Ruben de Vries picked up your case ${caseId}.`);
    });

    it('two agents claiming at the same moment: exactly one wins, the other is told who has it', async () => {
      const { caseId, post } = await daanCase();
      const before = personalCardsOf(lotteChat).length;
      const [byLotte, byRuben] = await Promise.all([
        onCard('case.claim', { caseId }, lotte, post.id),
        onCard('case.claim', { caseId }, ruben, post.id),
      ]);
      assertCardResponse(byLotte);
      assertCardResponse(byRuben);
      const refused = [byLotte, byRuben].filter((t) => t.text.includes('already has this case'));
      assert.equal(refused.length, 1, `exactly one refusal:\n${byLotte.text}\n---\n${byRuben.text}`);
      const winner = refused[0] === byLotte ? ruben : lotte;
      for (const turn of [byLotte, byRuben]) assertIncludes(turn.text, `Claimed by ${winner.displayName}`);
      assertIncludes(refused[0]?.text ?? '', `${winner.displayName} already has this case.`);

      assert.equal(bot.connector.updatesOf(tier2.root, post.id).length, 1, 'the card was updated once');
      const told = personalCardsOf(lotteChat).slice(before);
      assert.equal(told.length, 1);
      assertIncludes(told[0] ?? '', `${winner.displayName} picked up your case ${caseId}.`);
    });

    it('assign: only to a helpdesk agent', async () => {
      const { caseId, post } = await daanCase();
      const before = personalCardsOf(lotteChat).length;

      const toJames = await onCard('case.assign', { caseId, assignee: james.upn }, ruben, post.id);
      assertCardResponse(toJames);
      assertIncludes(toJames.text, 'Not a helpdesk agent', 'Cases can only be assigned to helpdesk agents.');
      assert.equal(bot.connector.updatesOf(tier2.root, post.id).length, 0);

      const toEmma = await onCard('case.assign', { caseId, assignee: emma.upn }, ruben, post.id);
      assertCardResponse(toEmma);
      assertIncludes(toEmma.text, 'Claimed by Emma Clarke', 'Ruben de Vries assigned it to Emma Clarke');
      assertIncludes(cardText(bot.connector.currentCard(tier2.root, post.id)), 'Claimed by Emma Clarke');
      const told = personalCardsOf(lotteChat).slice(before);
      assert.deepEqual(told.length, 1);
      assertIncludes(told[0] ?? '', `Your case ${caseId} is now with Emma Clarke.`);
    });

    it('resolve needs a note; resolving tells the requester; reopen puts it back in the queue', async () => {
      const { caseId, post } = await daanCase();
      await onCard('case.claim', { caseId }, ruben, post.id);
      const before = personalCardsOf(lotteChat).length;
      const updatesBefore = bot.connector.updatesOf(tier2.root, post.id).length;

      for (const resolution of [undefined, '', '   ']) {
        const bare = await onCard('case.resolve', { caseId, resolution }, ruben, post.id);
        assertCardResponse(bare);
        assertIncludes(bare.text, 'Say what fixed it', 'Claimed by Ruben de Vries');
      }
      assert.equal(bot.connector.updatesOf(tier2.root, post.id).length, updatesBefore);
      assert.equal(personalCardsOf(lotteChat).length, before);

      const note = 'Removed two stale devices; the enrollment went through.';
      const resolved = await onCard('case.resolve', { caseId, resolution: note }, ruben, post.id);
      assertCardResponse(resolved);
      assertIncludes(resolved.text, `Resolved by Ruben de Vries: ${note}`);
      assert.ok(cardActions(resolved.card).some((a) => a.verb === 'case.reopen'));
      assertIncludes(
        cardText(bot.connector.currentCard(tier2.root, post.id)),
        `Resolved by Ruben de Vries: ${note}`,
      );
      assertIncludes(
        personalCardsOf(lotteChat).at(-1) ?? '',
        `Your case ${caseId} was resolved by Ruben de Vries: ${note}`,
      );

      const again = await onCard('case.resolve', { caseId, resolution: 'twice' }, lotte, post.id);
      assertIncludes(again.text, 'This case was already resolved by Ruben de Vries.');

      const reopened = await onCard('case.reopen', { caseId }, lotte, post.id);
      assertCardResponse(reopened);
      assertIncludes(reopened.text, 'Open: nobody has claimed it yet', 'reopened by Lotte Bakker');
      assert.ok(cardActions(reopened.card).some((a) => a.verb === 'case.claim'));
      assertIncludes(
        cardText(bot.connector.currentCard(tier2.root, post.id)),
        'Open: nobody has claimed it yet',
      );
      assertIncludes(
        personalCardsOf(lotteChat).at(-1) ?? '',
        `Your case ${caseId} was reopened by Lotte Bakker.`,
      );
      const notResolved = await onCard('case.reopen', { caseId }, lotte, post.id);
      assertIncludes(notResolved.text, 'This case is not resolved, so it cannot be reopened.');
    });

    it('a non-agent pressing claim, assign or resolve changes nothing', async () => {
      const { caseId, post } = await daanCase();
      const messagesBefore = bot.connector.sent.length;
      for (const [verb, data] of [
        ['case.claim', { caseId }],
        ['case.assign', { caseId, assignee: james.upn }],
        ['case.resolve', { caseId, resolution: 'I fixed it myself' }],
        ['case.reopen', { caseId }],
      ] as const) {
        const turn = await onCard(verb, data, james, post.id);
        assertCardResponse(turn);
        assertIncludes(turn.text, 'Open: nobody has claimed it yet');
        assertExcludes(turn.text, 'Claimed by', 'Resolved by', ...daanEvidence.deviceNames);
      }
      assert.equal(bot.connector.updatesOf(tier2.root, post.id).length, 0, 'the channel card is unchanged');
      assert.equal(bot.connector.sent.length, messagesBefore, 'nobody was told anything');
      const view = await onCard('case.view', { caseId }, ruben, post.id);
      assertIncludes(view.text, 'Open: nobody has claimed it yet');
      assertExcludes(view.text, 'James Patel');
    });

    it('forged case ids and nonsense data get a clean card, and the bot keeps serving', async () => {
      const { caseId } = await daanCase();
      const forged: [string, unknown][] = [
        ['case.view', { caseId: 'HD-ZZZZZZ' }],
        ['case.claim', { caseId: 'HD-0000000' }],
        ['case.claim', { caseId: '../../state/escalations/open-cases' }],
        ['case.resolve', { caseId: 42, resolution: 'x' }],
        ['case.assign', { caseId: null, assignee: emma.upn }],
        ['case.reopen', {}],
        ['case.view', [caseId]],
        ['case.claim', `caseId=${caseId}`],
        ['case.assign', { caseId, assignee: { id: emma.id } }],
        ['case.assign', { caseId, assignee: 'nobody-at-all@northwind.example' }],
        ['case.create', { userId: 'not-a-guid', reason: 'x' }],
        ['case.create', { userId: daan.id, reason: '' }],
        ['case.create', { userId: daan.id, reason: 42 }],
        ['cases.open', { page: 'two' }],
        ['cases.open', { page: 1e300 }],
      ];
      for (const [verb, data] of forged) {
        const turn = await bot.click(verb, data, { from: ruben });
        assertCardResponse(turn);
        assertExcludes(turn.text, 'Something went wrong');
      }
      const lower = await bot.click('case.view', { caseId: ` ${caseId.toLowerCase()} ` }, { from: ruben });
      assertIncludes(lower.text, caseId, 'Daan Smit');
      const health = await fetch(`${bot.app.url}/healthz`);
      assert.equal(health.status, 200);
    });

    it('a forged page of the open-case list shows its last page, as every other list does', async () => {
      await daanCase();
      let last = await bot.click('cases.open', { page: 0 }, { from: ruben });
      for (let next = cardActions(last.card).find((a) => a.title === 'Next ›'); next;) {
        last = await bot.click(next.verb, next.data, { from: ruben });
        next = cardActions(last.card).find((a) => a.title === 'Next ›');
      }
      assert.match(last.text, CASE_ID);
      for (const page of [1e9, 99]) {
        const forged = await bot.click('cases.open', { page }, { from: ruben });
        assertCardResponse(forged);
        assert.equal(forged.text, last.text, `page ${page}`);
      }
    });

    it('in a channel, the open-case list and an audit are shown only to the agent who asked', async () => {
      const commands = [`<at>${BOT.name}</at> escalations`, `<at>${BOT.name}</at> audit ${daan.upn}`];
      for (const [i, text] of commands.entries()) {
        const turn = await bot.say(text, {
          from: lotte,
          conversationType: 'channel',
          conversationId: threadOf(tier2, `command-${i}`),
          mentions: [mention(BOT)],
        });
        const shared = JSON.stringify(turn.cards.at(-1));
        assertIncludes(cardText(turn.cards.at(-1)), 'Lotte Bakker is looking into a helpdesk case');
        assert.ok(
          !shared.includes(daan.displayName) && !shared.includes(daan.upn),
          `${text}: no names in the channel`,
        );
        const refresh = cardRefresh(turn.cards.at(-1));
        assert.deepEqual(refresh?.userIds, [lotte.teamsId]);
        const shown = await bot.click(refresh.action.verb, refresh.action.data, {
          from: lotte,
          conversationType: 'channel',
          conversationId: tier2.thread,
        });
        assertCardResponse(shown);
        assert.match(shown.text, /Open escalations|Lookups of Daan Smit/);
      }
    });

    it('“escalations” lists the open cases with owner and age for agents, and refuses others', async () => {
      const { caseId, post } = await daanCase({ severity: 'critical', reason: 'Whole laptop wiped' });
      await onCard('case.claim', { caseId }, ruben, post.id);
      const { caseId: openId } = await daanCase({ severity: 'critical', reason: 'Second laptop wiped' });

      const list = await bot.say('escalations', { from: emma });
      assertIncludes(list.text, 'Open escalations', 'open cases, most severe and oldest first');
      const lines = list.text.split('\n');
      const rowOf = (id: string) => lines.findIndex((l) => l.includes(id));
      assert.ok(rowOf(caseId) >= 0 && rowOf(openId) >= 0, list.text);
      assertIncludes(list.text, 'Whole laptop wiped', 'Ruben de Vries', 'Unassigned', 'opened this minute');
      // Critical cases come first, the older one before the newer.
      assert.ok(rowOf(caseId) < rowOf(openId));

      const refused = await bot.say('escalations', { from: james });
      assertIncludes(refused.text, 'Only helpdesk agents');
      assertExcludes(refused.text, caseId, 'Daan Smit', 'Whole laptop wiped');
    });

    it('an end user escalates about themselves from self-service, at medium severity', async () => {
      const jamesChat = 'a:1james-personal-self';
      const self = await bot.say('troubleshoot me', { from: james, conversationId: jamesChat });
      const form = cardActions(await bot.seenBy(self.card, james)).find((a) => a.verb === 'case.create');
      assert.ok(form, 'the self-service card has "Contact the helpdesk"');
      assert.deepEqual(form.data, { self: true, lang: 'en', tz: 'UTC' });
      bot.fresh();

      const created = await escalate(
        bot,
        { ...form.data, topic: 'apps', reason: 'Outlook will not install', severity: 'critical' },
        james,
        jamesChat,
      );
      const card = cardOf(postedCase(bot, tier2, created.caseId));
      assertIncludes(
        cardText(card),
        `${created.caseId} · Medium · Apps`,
        'James Patel',
        'Outlook will not install',
      );
      assertNoRequestsAbout(bot.tenant.requests, daan);

      // The requester is told personally when tier 2 picks it up.
      const post = postedCase(bot, tier2, created.caseId);
      await onCard('case.claim', { caseId: created.caseId }, ruben, post.id);
      assertIncludes(
        messagesTo(bot, jamesChat).at(-1) ?? '',
        `Ruben de Vries picked up your case ${created.caseId}.`,
      );
    });

    it('an end user cannot flood tier 2: after three cases in an hour the helpdesk "already has it"', async () => {
      const siobhan = person('siobhan');
      const chat = 'a:1siobhan-personal-flood';
      for (let i = 0; i < 3; i++) {
        await escalate(bot, { self: true, topic: 'other', reason: `Attempt ${i}` }, siobhan, chat);
      }
      const fourth = await bot.click(
        'case.create',
        { self: true, topic: 'other', reason: 'Again' },
        {
          from: siobhan,
          conversationId: chat,
        },
      );
      assertCardResponse(fourth);
      assertIncludes(fourth.text, 'The helpdesk already has your request');
      assert.ok(
        !bot.connector.cardsIn(tier2.root).some((c) => cardText(c).includes('Again')),
        'no fourth case card',
      );
    });

    it('an end user cannot open a case about someone else, and nothing is read about them', async () => {
      const posted = bot.connector.messagesIn(tier2.root).length;
      for (const data of [
        { userId: daan.id, topic: 'apps', reason: 'Daan asked me to' },
        { userId: daan.id.toUpperCase(), topic: 'apps', reason: 'Daan asked me to', self: 'true' },
        { userId: sander.id, self: false, reason: 'x', severity: 'critical' },
      ]) {
        const turn = await bot.click('case.create', data, { from: james });
        assertCardResponse(turn);
        assertIncludes(turn.text, 'Only helpdesk agents');
        assertExcludes(turn.text, 'Escalated as', 'Daan Smit', 'Sander Mulder');
      }
      assertNoRequestsAbout(bot.tenant.requests, daan, ['daan', 'smit']);
      assertNoRequestsAbout(bot.tenant.requests, sander, ['sander', 'mulder']);
      assert.equal(bot.connector.messagesIn(tier2.root).length, posted, 'no case card was posted');
    });
  });

  describe('a restart in the middle of a handoff', () => {
    let bot: BotUnderTest;

    before(async () => {
      bot = await BotUnderTest.start(ENV, CHANNEL_ROSTER);
    });
    after(() => bot.close());

    it('a case created and claimed before the restart is resolved after it, on the same DATA_DIR', async () => {
      const tier2 = newChannel('restart');
      const lotteChat = 'a:1lotte-personal-restart';
      await setChannel(bot, tier2, 'enrollment');
      const { caseId } = await escalate(bot, DAAN_CASE, lotte, lotteChat);
      const post = postedCase(bot, tier2, caseId);
      const click = (verb: string, data: Record<string, unknown>, from: Person) =>
        bot.click(verb, data, {
          from,
          conversationType: 'channel',
          conversationId: threadOf(tier2, post.id),
        });
      assertIncludes((await click('case.claim', { caseId }, ruben)).text, 'Claimed by Ruben de Vries');

      bot = await bot.restart();

      const list = await bot.say('escalations', { from: lotte });
      assertIncludes(list.text, caseId, 'Ruben de Vries');
      const note = 'Raised the device limit to 5.';
      const resolved = await click('case.resolve', { caseId, resolution: note }, ruben);
      assertCardResponse(resolved);
      assertIncludes(resolved.text, `Resolved by Ruben de Vries: ${note}`, 'claimed by Ruben de Vries');
      // The channel card from before the restart is the one updated; the requester is still told.
      assertIncludes(cardText(bot.connector.currentCard(tier2.root, post.id)), `Resolved by Ruben de Vries`);
      assert.equal(bot.connector.updates.at(-1)?.activityId, post.id);
      assertIncludes(
        messagesTo(bot, lotteChat).at(-1) ?? '',
        `Your case ${caseId} was resolved by Ruben de Vries: ${note}`,
      );
      assertIncludes((await bot.say('escalations', { from: ruben })).text, 'No open escalations.');
    });
  });
});
