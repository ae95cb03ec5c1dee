// An agent types commands in Teams: the real application answers over HTTP, replies go to the connector
// stand-in, and Graph is the embedded demo tenant.
import { strict as assert } from 'node:assert';
import {
  assertExcludes,
  assertIncludes,
  assertNoRequestsAbout,
  BOT,
  BotUnderTest,
  cardActions,
  cardRefresh,
  cardText,
  describeRequest,
  mention,
  person,
  requestsBesidesRoleCheck,
  rosterMember,
} from './bot-harness';

const lotte = person('lotte');
const daan = person('daan');
const siobhan = person('siobhan');
const grace = person('grace');
const pieter = person('pieter');
const sanneDeBoer = person('sanneDeBoer');
const sanneWillems = person('sanneWillems');
const ruben = person('ruben');

describe('bot: troubleshoot by text command (agent)', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(undefined, [rosterMember(daan), rosterMember(lotte)]);
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  it('sends a typing indicator first, then the dashboard, for a UPN', async () => {
    const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    assert.deepEqual(
      turn.activities.map((a) => a.type),
      ['typing', 'message'],
    );
    assert.ok(turn.activities.every((a) => a.replyToId !== null && a.replyToId !== ''));
    assertIncludes(
      turn.text,
      'Troubleshooting: Daan Smit',
      'Likely causes',
      daan.upn,
      'iOS/iPadOS timeout or failure',
      '2 attempts since',
    );
    // The dashboard's buttons carry Daan's object id, not his name.
    const verbs = cardActions(turn.card);
    assert.ok(verbs.some((a) => a.verb === 'failures.open' && a.data.userId === daan.id));
    assert.ok(verbs.some((a) => a.verb === 'dashboard.open' && a.data.userId === daan.id));
  });

  it('finds a user by an email address that differs from the UPN (with an apostrophe)', async () => {
    assert.notEqual(siobhan.mail, siobhan.upn);
    const turn = await bot.say(`troubleshoot ${siobhan.mail}`, { from: lotte });
    assertIncludes(turn.text, "Troubleshooting: Siobhan O'Brien", 'Likely causes');
  });

  it('finds a user by display name', async () => {
    const turn = await bot.say('troubleshoot Daan Smit', { from: lotte });
    assertIncludes(turn.text, 'Troubleshooting: Daan Smit', 'Likely causes');
  });

  it('finds a user by a partial, lower-case name', async () => {
    const turn = await bot.say('troubleshoot pieter', { from: lotte });
    assertIncludes(turn.text, 'Troubleshooting: Pieter van den Berg', 'Likely causes', pieter.upn);
  });

  it('finds a B2B guest by the #EXT# UPN', async () => {
    assert.match(grace.upn, /#EXT#@/);
    const turn = await bot.say(`troubleshoot ${grace.upn}`, { from: lotte });
    assertIncludes(turn.text, 'Troubleshooting: Grace Miller', 'Likely causes');
  });

  it('finds a user whose name has an apostrophe, quoted or not', async () => {
    const plain = await bot.say("troubleshoot Siobhan O'Brien", { from: lotte });
    assertIncludes(plain.text, "Troubleshooting: Siobhan O'Brien", 'Likely causes');
    bot.fresh();
    const quoted = await bot.say('troubleshoot "Siobhan O\'Brien"', { from: lotte });
    assertIncludes(quoted.text, "Troubleshooting: Siobhan O'Brien");
  });

  it('lists both Sannes with UPN hints and reads nothing about either', async () => {
    const turn = await bot.say('troubleshoot Sanne', { from: lotte });
    assertIncludes(
      turn.text,
      'Several people match “Sanne”',
      'Sanne de Boer',
      'Sanne Willems',
      sanneDeBoer.upn,
      sanneWillems.upn,
    );
    assertExcludes(turn.text, 'Likely causes');
    const picks = cardActions(turn.card).filter((a) => a.verb === 'user.pick');
    assert.deepEqual(picks.map((a) => a.data.userId).sort(), [sanneDeBoer.id, sanneWillems.id].sort());

    // Only the name search (GET /users?$search=…) may have run: no report, no per-user request.
    const requests = bot.tenant.requests;
    const others = requestsBesidesRoleCheck(requests, lotte).filter((r) => !r.startsWith('GET /v1.0/users?'));
    assert.deepEqual(others, []);
    assertNoRequestsAbout(requests, sanneDeBoer);
    assertNoRequestsAbout(requests, sanneWillems);
    assert.ok(!requests.some((r) => /managedDevices|memberOf|managedApp|troubleshooting/i.test(r.path)));
  });

  it('says nobody was found, quoting the query', async () => {
    const turn = await bot.say('troubleshoot Zebedee Nobody', { from: lotte });
    assertIncludes(turn.text, 'No user found', '“Zebedee Nobody”', 'Check the spelling');
    assert.ok(!bot.tenant.requests.some((r) => /managedDevices/i.test(r.path)));
  });

  it('asks who, for "troubleshoot" without a name, before any Graph request', async () => {
    const turn = await bot.say('troubleshoot', { from: lotte });
    assertIncludes(turn.text, 'Who should I look at?');
    assert.deepEqual(
      turn.activities.map((a) => a.type),
      ['message'],
    );
    assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
  });

  it('answers "help" and gibberish with the help card', async () => {
    for (const text of ['help', 'HELP', '?', 'asdf qwerty zxcv', 'please fix my laptop']) {
      const turn = await bot.say(text, { from: lotte });
      assertIncludes(turn.text, 'Helpdesk troubleshooter', 'troubleshoot me');
      assert.deepEqual(
        turn.activities.map((a) => a.type),
        ['message'],
        text,
      );
    }
    assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
  });

  it('answers the Dutch keyword in Dutch', async () => {
    const turn = await bot.say('probleemoplossing daan', { from: lotte });
    assertIncludes(turn.text, 'Probleemoplossing: Daan Smit', 'Waarschijnlijke oorzaken');
    assertExcludes(turn.text, 'Likely causes');
  });

  it('answers in Dutch when the client locale is nl-NL, even for an English command', async () => {
    const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, locale: 'nl-NL' });
    assertIncludes(turn.text, 'Probleemoplossing: Daan Smit', 'Waarschijnlijke oorzaken');
    const help = await bot.say('help', { from: lotte, locale: 'nl-NL' });
    assertIncludes(help.text, 'Helpdesk-probleemoplosser');
  });

  it('shows an agent their own dashboard for "troubleshoot me"', async () => {
    const turn = await bot.say('troubleshoot me', { from: lotte });
    assertIncludes(turn.text, 'Troubleshooting: Lotte Bakker', 'Likely causes');
  });

  it('treats a transitive member of the helpdesk group (nested group) as an agent', async () => {
    const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: ruben });
    assertIncludes(turn.text, 'Troubleshooting: Daan Smit');
  });

  it('troubleshoots an @mentioned user in a channel by the object id from the roster', async () => {
    const turn = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>Daan Smit</at>`, {
      from: lotte,
      conversationType: 'channel',
      mentions: [mention(BOT), mention(daan)],
    });
    assert.deepEqual(
      turn.activities.map((a) => a.type),
      ['typing', 'message'],
    );
    const seen = await bot.seenBy(turn.card, lotte, {
      conversationType: 'channel',
      conversationId: turn.conversationId,
    });
    assertIncludes(cardText(seen), 'Troubleshooting: Daan Smit', 'Likely causes');
    assert.ok(
      bot.connector.memberLookups.some((l) => l.userId === daan.teamsId && l.found),
      'the bot asked the roster for the mentioned member',
    );
    // The object id came from Teams, so no directory search was needed.
    assert.ok(!bot.tenant.requests.some((r) => r.query.includes('$search')));
  });

  it('does not post the report for the whole channel to read: Teams refreshes it for the requester', async () => {
    const turn = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>Daan Smit</at>`, {
      from: lotte,
      conversationType: 'channel',
      mentions: [mention(BOT), mention(daan)],
    });
    assertExcludes(
      turn.text,
      'Likely causes',
      daan.upn,
      'iOS/iPadOS timeout or failure',
      'Sales Representative',
    );
    const refresh = cardRefresh(turn.card);
    assert.ok(refresh, 'the shared card refreshes into the result');
    assert.deepEqual(refresh.userIds, [lotte.teamsId]);
    // What the refresh recreates (whose dashboard) travels sealed; the requester sees the result.
    assert.deepEqual(Object.keys(refresh.action.data).sort(), ['lang', 'sealed', 'tz']);
    assert.ok(!JSON.stringify(turn.card).includes(daan.id), "the subject's id is not in the shared card");
    const seen = await bot.seenBy(turn.card, lotte, {
      conversationType: 'channel',
      conversationId: turn.conversationId,
    });
    assertIncludes(cardText(seen), 'Troubleshooting: Daan Smit');
  });

  it('handles @mentions with HTML markup around them in a group chat', async () => {
    const turn = await bot.say(`<p><at>${BOT.name}</at>&nbsp;troubleshoot&nbsp;<at>Daan Smit</at></p>`, {
      from: lotte,
      conversationType: 'groupChat',
      mentions: [mention(BOT), mention(daan)],
    });
    const seen = await bot.seenBy(turn.card, lotte, {
      conversationType: 'groupChat',
      conversationId: turn.conversationId,
    });
    assertIncludes(cardText(seen), 'Troubleshooting: Daan Smit');
  });

  it('falls back to the mentioned name when the roster does not know the member', async () => {
    const stranger = { ...siobhan, teamsId: '29:1not-in-the-roster' };
    const turn = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>${siobhan.displayName}</at>`, {
      from: lotte,
      conversationType: 'channel',
      mentions: [mention(BOT), mention(stranger)],
    });
    assert.ok(bot.connector.memberLookups.some((l) => l.userId === stranger.teamsId && !l.found));
    const seen = await bot.seenBy(turn.card, lotte, {
      conversationType: 'channel',
      conversationId: turn.conversationId,
    });
    assertIncludes(cardText(seen), "Troubleshooting: Siobhan O'Brien");
  });

  it('audit of an ambiguous name offers the candidates, and picking one opens their audit', async () => {
    const turn = await bot.say('audit Sanne', { from: lotte });
    assertIncludes(turn.text, 'Several people match');
    const json = JSON.stringify(turn.card);
    assert.match(json, /"verb":"audit\.open"/);
    assert.doesNotMatch(json, /"verb":"user\.pick"/);
    const picked = await bot.click('audit.open', { userId: person('sanneDeBoer').id }, { from: lotte });
    assertIncludes(picked.text, 'Lookups of Sanne de Boer');
  });

  it('keeps the candidates private in a channel when an unknown mention matches several people', async () => {
    const unknownSanne = { ...siobhan, displayName: 'Sanne', teamsId: '29:1sanne-not-in-the-roster' };
    const turn = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>Sanne</at>`, {
      from: lotte,
      conversationType: 'channel',
      mentions: [mention(BOT), mention(unknownSanne)],
    });
    const shared = JSON.stringify(turn.card);
    assert.ok(!/northwind\.example/.test(shared), 'no UPNs of the candidates in the channel');
    assertIncludes(cardText(turn.card), 'Lotte Bakker is looking into a helpdesk case');
    const seen = await bot.seenBy(turn.card, lotte, {
      conversationType: 'channel',
      conversationId: turn.conversationId,
    });
    assertIncludes(cardText(seen), 'Several people match', 'Sanne de Boer', 'Sanne Willems');
  });

  it('still sends the dashboard when one Graph area fails, naming the missing permission', async () => {
    bot.tenant.faults.add({ path: /managedAppRegistrations/, status: 403 });
    const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    assertIncludes(
      turn.text,
      'Troubleshooting: Daan Smit',
      'Likely causes',
      'Not available:',
      'DeviceManagementApps.Read.All',
    );
    // The other areas are still there.
    assertIncludes(turn.text, 'Enrollment failures', 'Group membership');
    const appProtection = await bot.click('appProtection.open', { userId: daan.id }, { from: lotte });
    assertIncludes(appProtection.text, 'Not available:', 'DeviceManagementApps.Read.All');
  });
});
