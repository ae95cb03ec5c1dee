// Who may see whom, checked through the whole application: a refusal must come before any Graph request
// about the person asked for, whichever way the request arrives (text, @mention, a forged card action).
import { strict as assert } from 'node:assert';
import { DEMO_TENANT_ID, groupIdFor } from '../../src/demo-tenant';
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
  requestsAbout,
  requestsBesidesRoleCheck,
  rosterMember,
  type MentionEntity,
} from './bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const james = person('james');
const daan = person('daan');
const siobhan = person('siobhan');

/** Also catches a directory search for the name (`$search="displayName:daan"`). */
const DAAN_TERMS = ['daan', 'smit'];
const REFUSAL = 'Only helpdesk agents can look up other people';
const FOREIGN_TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

describe('bot: access control', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(
      undefined,
      [daan, james, lotte, siobhan].map((p) => rosterMember(p)),
    );
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  /** Nothing about Daan was read, and nothing at all besides the requester's own role check. */
  function assertNothingReadBesidesRoleOf(requester = james): void {
    const requests = bot.tenant.requests;
    assertNoRequestsAbout(requests, daan, DAAN_TERMS);
    assert.deepEqual(requestsBesidesRoleCheck(requests, requester), []);
  }

  describe('a person who is not a helpdesk agent', () => {
    const attempts: { label: string; text: string; mentions?: MentionEntity[]; channel?: boolean }[] = [
      { label: 'UPN', text: `troubleshoot ${daan.upn}` },
      { label: 'email, in mixed case', text: 'troubleshoot Daan.Smit@Northwind.Example' },
      { label: 'display name', text: 'troubleshoot Daan Smit' },
      { label: 'first name', text: 'troubleshoot daan' },
      { label: 'object id', text: `troubleshoot ${daan.id}` },
      {
        label: 'an @mention in a personal chat',
        text: 'troubleshoot <at>Daan Smit</at>',
        mentions: [mention(daan)],
      },
      {
        label: 'an @mention in a channel',
        text: `<at>${BOT.name}</at> troubleshoot <at>Daan Smit</at>`,
        mentions: [mention(BOT), mention(daan)],
        channel: true,
      },
    ];
    for (const attempt of attempts) {
      it(`is refused troubleshooting someone by ${attempt.label}, before any Graph request about them`, async () => {
        const turn = await bot.say(attempt.text, {
          from: james,
          ...(attempt.mentions ? { mentions: attempt.mentions } : {}),
          ...(attempt.channel ? { conversationType: 'channel' as const } : {}),
        });
        assertIncludes(turn.text, REFUSAL, 'troubleshoot me');
        assertExcludes(turn.text, 'Daan Smit', daan.upn);
        assertNothingReadBesidesRoleOf(james);
      });
    }

    it('is refused someone looked up by email that differs from the UPN', async () => {
      const turn = await bot.say(`troubleshoot ${siobhan.mail}`, { from: james });
      assertIncludes(turn.text, REFUSAL);
      assertNoRequestsAbout(bot.tenant.requests, siobhan, ['siobhan', 'brien']);
    });

    it('is refused in Dutch for the Dutch command', async () => {
      const turn = await bot.say('probleemoplossing daan', { from: james });
      assertIncludes(turn.text, 'Alleen helpdeskmedewerkers kunnen anderen opzoeken');
      assertNothingReadBesidesRoleOf(james);
    });

    it('is refused forged card actions about someone else, before any Graph request about them', async () => {
      // Real ids from the cards an agent was shown.
      const failures = await bot.click('failures.open', { userId: daan.id }, { from: lotte });
      const failureId = cardActions(failures.card).find((a) => a.verb === 'failure.open')?.data.failureId;
      assert.equal(typeof failureId, 'string');
      const devices = await bot.click('devices.open', { userId: daan.id }, { from: lotte });
      const deviceId = cardActions(devices.card).find((a) => a.verb === 'device.open')?.data.deviceId;
      assert.equal(typeof deviceId, 'string');
      bot.fresh();

      const forged: [string, Record<string, unknown>][] = [
        ['dashboard.open', { userId: daan.id }],
        ['dashboard.open', { userId: daan.id.toUpperCase(), refresh: true }],
        ['user.pick', { userId: daan.id }],
        ['failures.open', { userId: daan.id }],
        ['failure.open', { userId: daan.id, failureId }],
        ['devices.open', { userId: daan.id, page: 0 }],
        ['device.open', { userId: daan.id, deviceId }],
        ['apps.open', { userId: daan.id }],
        ['compliance.open', { userId: daan.id }],
        ['configuration.open', { userId: daan.id }],
        ['appProtection.open', { userId: daan.id }],
        ['restrictions.open', { userId: daan.id }],
        ['groups.open', { userId: daan.id, page: 1 }],
        ['user.change', { query: 'daan' }],
        ['user.change', { query: daan.upn }],
      ];
      for (const [verb, data] of forged) {
        const turn = await bot.click(verb, data, { from: james });
        assert.equal(turn.httpStatus, 200);
        assert.equal(turn.body.statusCode, 200);
        assertIncludes(turn.text, REFUSAL);
        assertExcludes(turn.text, 'Daan Smit');
      }
      assertNothingReadBesidesRoleOf(james);
    });

    it("cannot reach someone else's data through the self-service verbs", async () => {
      const failures = await bot.click('failures.open', { userId: daan.id }, { from: lotte });
      const failureId = cardActions(failures.card).find((a) => a.verb === 'failure.open')?.data.failureId;
      bot.fresh();

      const self = await bot.click('self.open', { userId: daan.id }, { from: james });
      assertIncludes(self.text, 'Your devices and enrollment', 'James Patel');
      const failure = await bot.click('self.failure.open', { userId: daan.id, failureId }, { from: james });
      assertExcludes(failure.text, 'Daan Smit');
      assertIncludes(failure.text, "That button didn't work");
      assertNoRequestsAbout(bot.tenant.requests, daan, DAAN_TERMS);
    });

    it('gets their own self-service card for "troubleshoot me" and "my status"', async () => {
      for (const text of ['troubleshoot me', 'my status', 'mijn status']) {
        const turn = await bot.say(text, { from: james });
        const seen = cardText(await bot.seenBy(turn.card, james));
        assertIncludes(seen, james.displayName);
        assert.ok(
          seen.includes('Your devices and enrollment') || seen.includes('Jouw apparaten en inschrijving'),
          seen,
        );
        assertExcludes(seen, 'Likely causes', 'Troubleshooting:');
      }
      assert.ok(requestsAbout(bot.tenant.requests, james).length > 1, 'his own report was read');
      assertNoRequestsAbout(bot.tenant.requests, daan, DAAN_TERMS);
    });

    it('is refused when pressing "Show" on the card an agent got in a channel', async () => {
      const posted = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>Daan Smit</at>`, {
        from: lotte,
        conversationType: 'channel',
        mentions: [mention(BOT), mention(daan)],
      });
      const show =
        cardRefresh(posted.card)?.action ?? cardActions(posted.card).find((a) => a.verb === 'dashboard.open');
      assert.ok(show, 'the shared card has a way to show the result');
      bot.fresh();

      const byJames = await bot.click(show.verb, show.data, {
        from: james,
        conversationType: 'channel',
        conversationId: posted.conversationId,
      });
      assertIncludes(byJames.text, REFUSAL);
      assertNothingReadBesidesRoleOf(james);

      const byRuben = await bot.click(show.verb, show.data, {
        from: ruben,
        conversationType: 'channel',
        conversationId: posted.conversationId,
      });
      assertIncludes(byRuben.text, 'Troubleshooting: Daan Smit');
    });
  });

  describe('a result shared in a channel', () => {
    it('names nobody in the JSON every member receives: its action is sealed, and an altered seal does nothing', async () => {
      const posted = await bot.say(`<at>${BOT.name}</at> troubleshoot <at>Daan Smit</at>`, {
        from: lotte,
        conversationType: 'channel',
        mentions: [mention(BOT), mention(daan)],
      });
      const json = JSON.stringify(posted.card);
      for (const term of [daan.id, daan.id.toUpperCase(), daan.upn, daan.displayName, 'dashboard.open'])
        assert.ok(!json.includes(term), `the shared card does not contain ${term}`);
      const refresh = cardRefresh(posted.card);
      assert.ok(refresh, 'the card refreshes for its requester');
      const seen = cardText(await bot.seenBy(posted.card, lotte, { conversationType: 'channel' }));
      assertIncludes(seen, 'Troubleshooting: Daan Smit');

      const sealed = String(refresh.action.data.sealed);
      const flipped = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
      for (const forged of [
        flipped,
        sealed.slice(0, 20),
        '',
        42,
        { verb: 'dashboard.open' },
        'x'.repeat(5000),
      ]) {
        const turn = await bot.click(refresh.action.verb, { sealed: forged }, { from: lotte });
        assertIncludes(turn.text, "That button didn't work");
        assertExcludes(turn.text, 'Daan Smit');
      }
    });
  });

  describe('tenant and identity', () => {
    it('refuses an activity from another organization before any Graph request', async () => {
      for (const from of [lotte, james]) {
        const turn = await bot.say(`troubleshoot ${daan.upn}`, { from, tenantId: FOREIGN_TENANT });
        assertIncludes(turn.text, 'This organization is not served');
        const click = await bot.click(
          'dashboard.open',
          { userId: daan.id },
          { from, tenantId: FOREIGN_TENANT },
        );
        assertIncludes(click.text, 'This organization is not served');
        const self = await bot.say('troubleshoot me', { from, tenantId: FOREIGN_TENANT });
        assertIncludes(self.text, 'This organization is not served');
      }
      assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
    });

    it('refuses an activity that names no tenant at all', async () => {
      const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte, tenantId: null });
      assertIncludes(turn.text, 'This organization is not served');
      assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
    });

    it('serves its tenant whatever the case of the tenant id', async () => {
      const turn = await bot.say(`troubleshoot ${daan.upn}`, {
        from: lotte,
        tenantId: DEMO_TENANT_ID.toUpperCase(),
      });
      assertIncludes(turn.text, 'Troubleshooting: Daan Smit');
    });

    it("says it can't tell who you are when Teams sent no Entra object id", async () => {
      for (const from of [lotte, { ...lotte, id: 'not-a-guid' }]) {
        const turn = await bot.say(`troubleshoot ${daan.upn}`, { from, withoutAadObjectId: from === lotte });
        assertIncludes(turn.text, "I can't tell who you are");
        const click = await bot.click(
          'dashboard.open',
          { userId: daan.id },
          { from, withoutAadObjectId: from === lotte },
        );
        assertIncludes(click.text, "I can't tell who you are");
      }
      assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
    });
  });

  describe('an agent removed from the helpdesk group', () => {
    let withoutLotte: BotUnderTest;

    before(async () => {
      // The same directory, but the helpdesk group is one Lotte is not in: as if she had been removed.
      withoutLotte = await BotUnderTest.start({
        PORT: '0',
        PLAYGROUND: 'off',
        GRAPH_BASE_URL: bot.tenant.url,
        HELPDESK_GROUP_IDS: groupIdFor('sg-contractors'),
        ALLOWED_TENANT_IDS: DEMO_TENANT_ID,
      });
    });
    after(() => withoutLotte.close());

    it('is refused an old card action, before any Graph request about its subject', async () => {
      const turn = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
      assertIncludes(turn.text, 'Troubleshooting: Daan Smit');
      const oldActions = cardActions(turn.card).filter((a) => a.data.userId === daan.id);
      assert.ok(oldActions.some((a) => a.verb === 'dashboard.open'));
      assert.ok(oldActions.some((a) => a.verb === 'failures.open'));
      bot.fresh();

      for (const action of oldActions) {
        const click = await withoutLotte.click(action.verb, action.data, { from: lotte });
        assertIncludes(click.text, REFUSAL);
      }
      const typed = await withoutLotte.say(`troubleshoot ${daan.upn}`, { from: lotte });
      assertIncludes(typed.text, REFUSAL);
      assertNothingReadBesidesRoleOf(lotte);
      assert.ok(
        bot.tenant.requests.some((r) => r.path.toLowerCase() === `/users/${lotte.id}/checkmembergroups`),
        'her role was checked against the directory',
      );
    });

    it('still gets her own self-service card', async () => {
      const turn = await withoutLotte.say('troubleshoot me', { from: lotte });
      assertIncludes(turn.text, 'Your devices and enrollment', lotte.displayName);
    });
  });
});
