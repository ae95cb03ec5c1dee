// ACCESS_MODE=intune-roles through the whole application: Intune role assignments in the demo tenant decide
// who is an agent (an admin group of an assignment whose role may read managed devices) and whom they see
// (the assignment's scope groups or "all users"), and scope tags decide which of those people's devices.
// Lotte administers every country, Ruben is the Netherlands helpdesk (scope group + tag "Netherlands"), Emma
// the United Kingdom one (a custom role), Femke holds a custom role without device access, James none.
import { strict as assert } from 'node:assert';
import type { RecordedRequest } from '../../src/demo-tenant';
import type { RosterMember } from '../support/connector-stand-in';
import {
  assertExcludes,
  assertIncludes,
  BOT,
  BotUnderTest,
  cardActions,
  cardRefresh,
  cardText,
  describeRequest,
  mention,
  person,
  requestsAbout,
  rosterMember,
  type CardAction,
  type Person,
} from './bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const emma = person('emma');
const femke = person('femke');
const james = person('james');
const sander = person('sander');
const daan = person('daan');
const isabel = person('isabel');
const sanneDeBoer = person('sanneDeBoer');
const sanneWillems = person('sanneWillems');

const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '10000', ACCESS_MODE: 'intune-roles' };
const REFUSAL = 'Only helpdesk agents can look up other people';

/** Sander (Rotterdam): his laptop carries the Netherlands tag, his iPad the United Kingdom one. */
const SANDER_DEVICES = { nl: 'NW-LT-0088', uk: 'Sander iPad' };
/** James (London): his laptop carries the United Kingdom tag, his iPhone only the Default tag. */
const JAMES_DEVICES = { uk: 'NW-LT-0311', untagged: 'James iPhone' };

const SEARCH_TERMS: Record<string, string[]> = {
  [sander.id]: ['sander', 'mulder'],
  [james.id]: ['james', 'patel'],
  [isabel.id]: ['isabel', 'santos'],
};

/**
 * Requests about `p` other than resolving them (R1/R2/R3) and checking the agent's scope (checkMemberGroups
 * on the person): what must never happen when the agent may not see them.
 */
function readsBeyondScopeCheck(requests: readonly RecordedRequest[], p: Person): string[] {
  return requestsAbout(requests, p, SEARCH_TERMS[p.id] ?? [])
    .filter((r) => {
      const path = r.path.toLowerCase();
      const resolving =
        r.method === 'GET' && (path === `/users/${p.id}` || path === `/users/${p.upn}` || path === '/users');
      const scopeCheck =
        r.method === 'POST' &&
        (path === `/users/${p.id}/checkmembergroups` || path === `/users/${p.upn}/checkmembergroups`);
      return !resolving && !scopeCheck;
    })
    .map(describeRequest);
}

function reportRequestsAbout(requests: readonly RecordedRequest[], p: Person): string[] {
  return requestsAbout(requests, p)
    .filter((r) => /managedDevices|memberOf|mobileApp/i.test(r.path))
    .map(describeRequest);
}

interface Expectation {
  shown: string[];
  hidden: string[];
  outOfScope: number | null;
}

describe('bot: Intune roles and scope (ACCESS_MODE=intune-roles)', () => {
  let bot: BotUnderTest;

  before(async () => {
    bot = await BotUnderTest.start(
      ENV,
      [lotte, ruben, emma, james, sander].map((p) => rosterMember(p)),
    );
  });
  after(() => bot.close());
  beforeEach(() => bot.fresh());

  describe('agent × subject × device tag', () => {
    const matrix: { agent: Person; label: string; subject: Person; expect: Expectation | 'refused' }[] = [
      {
        agent: lotte,
        label: 'the Intune administrator (all users, every tag)',
        subject: sander,
        expect: { shown: [SANDER_DEVICES.nl, SANDER_DEVICES.uk], hidden: [], outOfScope: null },
      },
      {
        agent: lotte,
        label: 'the Intune administrator (all users, every tag)',
        subject: james,
        expect: { shown: [JAMES_DEVICES.uk, JAMES_DEVICES.untagged], hidden: [], outOfScope: null },
      },
      {
        agent: ruben,
        label: 'the Netherlands helpdesk',
        subject: sander,
        expect: { shown: [SANDER_DEVICES.nl], hidden: [SANDER_DEVICES.uk], outOfScope: 1 },
      },
      { agent: ruben, label: 'the Netherlands helpdesk', subject: james, expect: 'refused' },
      {
        agent: emma,
        label: 'the United Kingdom helpdesk (a custom role)',
        subject: james,
        expect: { shown: [JAMES_DEVICES.uk], hidden: [JAMES_DEVICES.untagged], outOfScope: 1 },
      },
      {
        agent: emma,
        label: 'the United Kingdom helpdesk (a custom role)',
        subject: sander,
        expect: 'refused',
      },
      { agent: james, label: 'someone without an Intune role', subject: sander, expect: 'refused' },
      { agent: femke, label: 'a custom role that cannot read devices', subject: sander, expect: 'refused' },
    ];

    for (const { agent, label, subject, expect } of matrix) {
      const what =
        expect === 'refused'
          ? 'is refused, as a non-agent is, and nothing about them is read beyond the scope check'
          : `sees ${expect.shown.join(' and ')}${expect.hidden.length ? `, not ${expect.hidden.join(', ')}` : ''}`;
      it(`${label} × ${subject.displayName}: ${what}`, async () => {
        const turn = await bot.say(`troubleshoot ${subject.upn}`, { from: agent });
        const requests = bot.tenant.requests;
        if (expect === 'refused') {
          assertIncludes(turn.text, REFUSAL, 'troubleshoot me');
          assertExcludes(
            turn.text,
            subject.displayName,
            ...Object.values(SANDER_DEVICES),
            ...Object.values(JAMES_DEVICES),
          );
          assert.deepEqual(readsBeyondScopeCheck(requests, subject), [], 'Graph reads about the subject');
          return;
        }
        assertIncludes(turn.text, `Troubleshooting: ${subject.displayName}`);
        const devices = await bot.click('devices.open', { userId: subject.id }, { from: agent });
        assertIncludes(devices.text, ...expect.shown);
        assertExcludes(devices.text, ...expect.hidden);
        if (expect.outOfScope === null) {
          assertExcludes(turn.text, 'outside your scope');
          assertExcludes(devices.text, 'outside your scope');
        } else {
          const line = `${expect.outOfScope} device${expect.outOfScope === 1 ? '' : 's'} outside your scope`;
          assertIncludes(turn.text, line);
          assertIncludes(devices.text, line);
        }
      });
    }

    it('the same refusal comes whichever way the person is named: name, mail, object id, @mention', async () => {
      const attempts: { text: string; mentions?: ReturnType<typeof mention>[] }[] = [
        { text: 'troubleshoot james patel' },
        { text: `troubleshoot ${james.mail}` },
        { text: `troubleshoot ${james.id}` },
        {
          text: `<at>${BOT.name}</at> troubleshoot <at>James Patel</at>`,
          mentions: [mention(BOT), mention(james)],
        },
      ];
      for (const attempt of attempts) {
        bot.fresh();
        const turn = await bot.say(attempt.text, {
          from: ruben,
          ...(attempt.mentions ? { mentions: attempt.mentions } : {}),
        });
        assertIncludes(turn.text, REFUSAL);
        assertExcludes(turn.text, JAMES_DEVICES.uk, JAMES_DEVICES.untagged);
        assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, james), [], attempt.text);
      }
    });

    for (const [agent, own] of [
      [lotte, 'NW-LT-0142'],
      [ruben, 'NW-LT-0177'],
      [emma, 'Emma MacBook'],
    ] as const) {
      it(`${agent.displayName} sees their own dashboard in full with "troubleshoot me"`, async () => {
        const turn = await bot.say('troubleshoot me', { from: agent });
        assertIncludes(turn.text, `Troubleshooting: ${agent.displayName}`);
        assertExcludes(turn.text, 'outside your scope');
        const devices = await bot.click('devices.open', { userId: agent.id }, { from: agent });
        assertIncludes(devices.text, own);
      });
    }

    it('someone without a role sees all of their own devices, as an end user', async () => {
      const turn = await bot.say('troubleshoot me', { from: james });
      assertIncludes(turn.text, JAMES_DEVICES.uk, JAMES_DEVICES.untagged);
      assertExcludes(turn.text, 'outside your scope');
    });

    it('audit follows the same scope', async () => {
      assertIncludes((await bot.say(`audit ${james.upn}`, { from: ruben })).text, REFUSAL);
      assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, james), []);
      const own = await bot.say(`audit ${sander.upn}`, { from: ruben });
      assertExcludes(own.text, REFUSAL);
      assertIncludes(own.text, sander.displayName);
    });
  });

  describe('people found by name', () => {
    const SCOPE_NOTE = 'Only people within your Intune scope are listed';

    it('a scoped agent is offered only the people in their scope, with nothing said about the others', async () => {
      // "san" matches three people in the Netherlands and Isabel Santos in London.
      const turn = await bot.say('troubleshoot san', { from: ruben });
      assertIncludes(
        turn.text,
        sanneDeBoer.displayName,
        sanneWillems.displayName,
        sander.displayName,
        SCOPE_NOTE,
      );
      assertExcludes(turn.text, isabel.displayName, 'Santos', 'outside');
      assert.ok(
        cardActions(turn.card).every((a) => a.data.userId !== isabel.id),
        'no button names Isabel',
      );
      assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, isabel), []);

      const dutch = await bot.say('probleemoplossing san', { from: ruben, locale: 'nl-NL' });
      assertIncludes(
        dutch.text,
        'Alleen mensen binnen je Intune-bereik staan in de lijst',
        sander.displayName,
      );
      assertExcludes(dutch.text, isabel.displayName, SCOPE_NOTE);
    });

    it('an agent who sees everyone gets every match and no scope note', async () => {
      const turn = await bot.say('troubleshoot san', { from: lotte });
      assertIncludes(turn.text, isabel.displayName, sander.displayName);
      assertExcludes(turn.text, SCOPE_NOTE);
    });

    it('one match within scope opens it; none within scope gets the non-agent’s answer', async () => {
      const one = await bot.say('troubleshoot san', { from: emma });
      assertIncludes(one.text, `Troubleshooting: ${isabel.displayName}`);
      assertExcludes(one.text, sander.displayName, sanneDeBoer.displayName);
      bot.fresh();
      const none = await bot.say('troubleshoot sanne', { from: emma });
      assertIncludes(none.text, REFUSAL);
      assertExcludes(none.text, sanneDeBoer.displayName, sanneWillems.displayName);
      for (const p of [sanneDeBoer, sanneWillems])
        assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, p), []);
    });

    it('audit offers the same people, and a forged pick of someone outside scope is refused', async () => {
      const turn = await bot.say('audit san', { from: ruben });
      assertIncludes(turn.text, sander.displayName, SCOPE_NOTE);
      assertExcludes(turn.text, isabel.displayName);
      const none = await bot.say('audit sanne', { from: emma });
      assertIncludes(none.text, REFUSAL);
      bot.fresh();
      for (const verb of ['audit.open', 'user.pick']) {
        const forged = await bot.click(verb, { userId: isabel.id }, { from: ruben });
        assertIncludes(forged.text, REFUSAL);
        assertExcludes(forged.text, isabel.displayName);
      }
      assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, isabel), []);
    });
  });

  describe('card actions replayed across scopes', () => {
    /** Every Action.Execute on the cards Lotte (who sees everything) was shown about `subject`. */
    async function actionsSeenByLotte(subject: Person): Promise<CardAction[]> {
      const dashboard = await bot.click('dashboard.open', { userId: subject.id }, { from: lotte });
      const devices = await bot.click('devices.open', { userId: subject.id }, { from: lotte });
      const apps = await bot.click('apps.open', { userId: subject.id }, { from: lotte });
      const failures = await bot.click('failures.open', { userId: subject.id }, { from: lotte });
      return [dashboard, devices, apps, failures]
        .flatMap((t) => cardActions(t.card))
        .filter((a) => a.data.userId === subject.id);
    }

    it('an agent outside the subject’s scope gets the refusal for every one of them, and no report is read', async () => {
      const actions = await actionsSeenByLotte(james);
      assert.ok(actions.some((a) => a.verb === 'device.open'));
      assert.ok(actions.length > 5, `only ${actions.length} actions`);
      bot.fresh();
      for (const action of actions) {
        const turn = await bot.click(action.verb, action.data, { from: ruben });
        assertIncludes(turn.text, REFUSAL);
        assertExcludes(turn.text, JAMES_DEVICES.uk, JAMES_DEVICES.untagged);
      }
      assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, james), []);
      assert.deepEqual(reportRequestsAbout(bot.tenant.requests, james), []);
    });

    it('an agent in scope cannot open a device outside their scope tags by its id', async () => {
      const actions = await actionsSeenByLotte(sander);
      const byId = new Map(
        actions.filter((a) => a.verb === 'device.open').map((a) => [String(a.data.deviceId), a]),
      );
      const deviceActions = [...byId.values()];
      assert.equal(deviceActions.length, 2, 'Lotte sees both of Sander’s devices');
      let opened = 0;
      for (const action of deviceActions) {
        const byLotte = await bot.click('device.open', action.data, { from: lotte });
        const byRuben = await bot.click('device.open', action.data, { from: ruben });
        if (byLotte.text.includes(SANDER_DEVICES.uk)) {
          assertExcludes(byRuben.text, SANDER_DEVICES.uk, 'iPad (10th generation)', '17.6.1');
        } else {
          assertIncludes(byRuben.text, SANDER_DEVICES.nl, 'ThinkPad T14 Gen 2');
          opened++;
        }
      }
      assert.equal(opened, 1, 'Ruben opens the Netherlands laptop');
      // Nothing about the iPad was read for Ruben beyond listing it: no policy states, no report.
      bot.fresh();
      for (const action of deviceActions) await bot.click('device.open', action.data, { from: ruben });
      const perDevice = bot.tenant.requests.filter((r) => /\/managedDevices\/[^/]+\//i.test(r.path));
      assert.ok(perDevice.length > 0, 'the laptop’s policies were read');
      const ids = new Set(perDevice.map((r) => /\/managedDevices\/([^/]+)\//i.exec(r.path)?.[1]));
      assert.equal(ids.size, 1, `policy reads for ${[...ids].join(', ')}`);
      for (const action of actions.filter((a) => a.verb !== 'device.open')) {
        const turn = await bot.click(action.verb, action.data, { from: ruben });
        assertExcludes(turn.text, REFUSAL, SANDER_DEVICES.uk);
      }
      // The compliance view's on-demand reads among them: still nothing about the iPad.
      assert.ok(
        actions.some((a) => a.verb === 'compliance.open'),
        'the compliance view was opened',
      );
      const after = bot.tenant.requests.filter((r) => /\/managedDevices\/[^/]+\//i.test(r.path));
      const idsAfter = new Set(after.map((r) => /\/managedDevices\/([^/]+)\//i.exec(r.path)?.[1]));
      assert.deepEqual([...idsAfter], [...ids], 'per-device reads only about the laptop');
    });

    it('a scoped agent opening the compliance view first does not narrow it for an agent who sees more', async () => {
      bot.fresh();
      const byRuben = await bot.click('compliance.open', { userId: sander.id }, { from: ruben });
      assertIncludes(byRuben.text, 'on 1 device');
      const byLotte = await bot.click('compliance.open', { userId: sander.id }, { from: lotte });
      // The iPad's own policy, read now for Lotte, though Ruben opened the view first.
      assertIncludes(byLotte.text, 'on 2 devices', 'NW - iOS/iPadOS compliance');
      assertExcludes(byLotte.text, '1 of 2 devices');
    });
  });

  describe('escalation case cards across scopes', () => {
    const channel = '19:tier2-scope@thread.tacv2';
    const thread = `${channel};messageid=1710000000999`;
    const roster: RosterMember[] = [lotte, ruben, emma, james].map((p) => rosterMember(p));

    async function openCase(by: Person, subject: Person): Promise<{ caseId: string; post: unknown }> {
      const turn = await bot.click(
        'case.create',
        { userId: subject.id, topic: 'compliance', severity: 'high', reason: 'Device not compliant' },
        { from: by, conversationId: `a:1${by.teamsId}-personal`, expectPosted: 1 },
      );
      // The case is confirmed in a new message; the dashboard stays as the click's answer.
      const confirmation = cardText(turn.posted[0]);
      const caseId = /HD-[0-9A-HJKMNP-TV-Z]{6}/.exec(confirmation)?.[0];
      assert.ok(caseId, confirmation);
      const post = bot.connector
        .messagesIn(channel)
        .map((a) => a.attachments[0]?.content)
        .find((c) => cardRefresh(c)?.action.data.caseId === caseId);
      assert.ok(post, 'the case card was posted');
      return { caseId, post };
    }

    before(async () => {
      bot.connector.setRoster(roster);
      const set = await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
        from: lotte,
        conversationType: 'channel',
        conversationId: thread,
        mentions: [mention(BOT)],
      });
      assertIncludes(set.text, 'now receives all escalations');
    });

    it('an agent cannot escalate someone outside their scope', async () => {
      const turn = await bot.click(
        'case.create',
        { userId: james.id, topic: 'other', severity: 'low', reason: 'Laptop slow' },
        { from: ruben },
      );
      assertIncludes(turn.text, REFUSAL);
      assert.deepEqual(reportRequestsAbout(bot.tenant.requests, james), []);
    });

    it('the card refreshes into the full one only for agents whose scope covers the subject, without devices outside their tags', async () => {
      const { caseId, post } = await openCase(lotte, sander);
      const refresh = cardRefresh(post);
      assert.ok(refresh);
      assert.deepEqual(
        [...refresh.userIds].sort(),
        [lotte.teamsId, ruben.teamsId].sort(),
        'Lotte (everything) and Ruben (Netherlands) get the full card; Emma (United Kingdom) does not',
      );
      const base = cardText(post);
      assertExcludes(base, SANDER_DEVICES.nl, SANDER_DEVICES.uk);

      const at = { conversationType: 'channel' as const, conversationId: thread };
      const byLotte = await bot.click('case.view', { caseId }, { ...at, from: lotte });
      assertIncludes(byLotte.text, SANDER_DEVICES.nl, SANDER_DEVICES.uk);
      const byRuben = await bot.click('case.view', { caseId }, { ...at, from: ruben });
      assertIncludes(byRuben.text, SANDER_DEVICES.nl, '1 device outside your scope');
      assertExcludes(byRuben.text, SANDER_DEVICES.uk);
      const byEmma = await bot.click('case.view', { caseId }, { ...at, from: emma });
      assertExcludes(byEmma.text, SANDER_DEVICES.nl, SANDER_DEVICES.uk, sander.upn);

      const claimByEmma = await bot.click('case.claim', { caseId }, { ...at, from: emma });
      assertExcludes(claimByEmma.text, 'Claimed by Emma');
      const claimByRuben = await bot.click('case.claim', { caseId }, { ...at, from: ruben });
      assertIncludes(claimByRuben.text, 'Claimed by Ruben de Vries');
    });

    it('the escalations list names only cases about people in the agent’s scope, and counts the others', async () => {
      const sanders = await openCase(lotte, sander);
      const james1 = await openCase(lotte, james);
      const byRuben = await bot.say('escalations', { from: ruben });
      assertIncludes(byRuben.text, sanders.caseId, sander.displayName);
      assertExcludes(byRuben.text, james1.caseId, james.displayName);
      assert.match(
        byRuben.text,
        /\d+ open cases? about (someone|people) outside your Intune scope (is|are) not listed/,
      );
      const byEmma = await bot.say('escalations', { from: emma });
      assertIncludes(byEmma.text, james1.caseId, james.displayName);
      assertExcludes(byEmma.text, sanders.caseId, sander.displayName);
      const byLotte = await bot.say('escalations', { from: lotte });
      assertIncludes(byLotte.text, sanders.caseId, james1.caseId);
      assertExcludes(byLotte.text, 'outside your Intune scope');
      const dutch = await bot.say('escalaties', { from: ruben, locale: 'nl-NL' });
      assertIncludes(dutch.text, sanders.caseId);
      assertExcludes(dutch.text, james1.caseId, james.displayName);
      assert.match(dutch.text, /\d+ open (zaak|zaken) over (iemand|mensen) buiten je Intune-bereik/);
      // A page number in forged card data pages within the agent's own list.
      const paged = await bot.click('cases.open', { page: 0 }, { from: ruben });
      assertExcludes(paged.text, james1.caseId, james.displayName);
    });

    it('forged case and log actions about someone outside scope get the non-agent’s answer', async () => {
      const { caseId } = await openCase(lotte, james);
      bot.fresh();
      const dashboard = await bot.click('case.dashboard', { caseId }, { from: ruben });
      assertIncludes(dashboard.text, REFUSAL);
      assertExcludes(dashboard.text, james.displayName, ...Object.values(JAMES_DEVICES));
      const elsewhere = await bot.click('case.view', { caseId }, { from: ruben });
      assertIncludes(elsewhere.text, 'Case not found');
      const logs = await bot.click('logs.send', { userId: james.id }, { from: ruben });
      assertIncludes(logs.text, REFUSAL);
      assert.deepEqual(reportRequestsAbout(bot.tenant.requests, james), []);
      assert.deepEqual(readsBeyondScopeCheck(bot.tenant.requests, james), []);
    });

    it('a case can be assigned only to an agent whose scope covers the subject', async () => {
      const { caseId } = await openCase(lotte, james);
      const at = { conversationType: 'channel' as const, conversationId: thread };
      const toRuben = await bot.click('case.assign', { caseId, assignee: ruben.upn }, { ...at, from: lotte });
      assertIncludes(toRuben.text, 'Not a helpdesk agent');
      const toEmma = await bot.click('case.assign', { caseId, assignee: emma.upn }, { ...at, from: lotte });
      assertIncludes(toEmma.text, 'Emma Clarke');
      assertExcludes(toEmma.text, 'Not a helpdesk agent');
    });
  });

  it('checks scope beside resolving a typed UPN, and not again while the check is cached', async () => {
    const first = await bot.say(`troubleshoot ${sander.upn}`, { from: ruben });
    assertIncludes(first.text, `Troubleshooting: ${sander.displayName}`);
    const checks = (): string[] =>
      bot.tenant.requests
        .filter((r) => r.method === 'POST' && /\/checkmembergroups$/i.test(r.path))
        .map((r) => r.path.toLowerCase())
        .filter((path) => path.includes(sander.upn) || path.includes(sander.id));
    // By UPN, not by object id: it was sent before resolving the person had answered.
    assert.deepEqual(checks(), [`/users/${sander.upn}/checkmembergroups`]);

    bot.fresh();
    await bot.say(`troubleshoot ${sander.upn}`, { from: ruben });
    await bot.click('devices.open', { userId: sander.id }, { from: ruben });
    assert.deepEqual(checks(), [], 'the cached check serves the typed UPN and the card action by id');
  });

  it('reads the roles once for many turns by many agents (cached), and no scope check for a global agent', async () => {
    await bot.say('troubleshoot me', { from: femke });
    bot.fresh();
    await bot.say(`troubleshoot ${daan.upn}`, { from: ruben });
    await bot.say(`troubleshoot ${james.upn}`, { from: emma });
    await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    const roleReads = bot.tenant.requests.filter((r) => /roleDefinitions|roleAssignments/i.test(r.path));
    assert.deepEqual(roleReads.map(describeRequest), [], 'roles were read before and are still cached');
    const lotteChecks = bot.tenant.requests.filter(
      (r) =>
        r.method === 'POST' &&
        [`/users/${daan.id}/checkmembergroups`, `/users/${daan.upn}/checkmembergroups`].includes(
          r.path.toLowerCase(),
        ),
    );
    assert.equal(lotteChecks.length, 1, 'only Ruben’s scope needed a check of Daan');
  });
});

describe('bot: Intune roles without DeviceManagementRBAC.Read.All', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start(
      ENV,
      [ruben].map((p) => rosterMember(p)),
    );
  });
  after(() => bot.close());

  it('says which permission the bot lacks, in English and Dutch, and logs it once', async () => {
    bot.tenant.faults.add({ path: /^\/deviceManagement\/roleDefinitions$/, status: 403 });
    const turn = await bot.say(`troubleshoot ${sander.upn}`, { from: ruben });
    assertIncludes(turn.text, "The bot can't read Intune roles", 'DeviceManagementRBAC.Read.All');
    assertExcludes(turn.text, 'Something went wrong', 'reference', sander.displayName);
    const click = await bot.click('devices.open', { userId: sander.id }, { from: ruben });
    assertIncludes(click.text, 'DeviceManagementRBAC.Read.All');
    const dutch = await bot.say(`probleemoplossing ${sander.upn}`, { from: ruben, locale: 'nl-NL' });
    assertIncludes(dutch.text, 'De bot kan de Intune-rollen niet lezen', 'DeviceManagementRBAC.Read.All');
    assertExcludes(dutch.text, 'The bot');
    assert.deepEqual(
      bot.logged('graph.permissionMissing').map((l) => l.permission),
      ['DeviceManagementRBAC.Read.All'],
      'logged once for three turns',
    );
    assert.deepEqual(bot.logged('turn.failed'), []);

    // Granted: the next turn works without a restart.
    bot.tenant.faults.clear();
    const granted = await bot.say(`troubleshoot ${sander.upn}`, { from: ruben });
    assertIncludes(granted.text, `Troubleshooting: ${sander.displayName}`);
  });
});
