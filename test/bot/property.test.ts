// Property-based: whatever James (not a helpdesk agent) types or puts in a card action, the bot answers or
// refuses cleanly over HTTP, keeps serving, shows him nothing about anyone else (names, UPNs, mail, object
// ids, device names from the seed), and makes no Graph request about anyone else. Random text covers
// arbitrary unicode and commands built from the real keywords with the seed's names, UPNs, quotes,
// backslashes, `#`, `%` and `<at>` markup; random card actions use the real verbs with data carrying real
// ids of other people, their devices, failures and cases.
//
// The seed is fixed for reproducibility; FC_SEED=<n> runs another one. A failure names the seed.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createCardVerbs } from '../../src/bot/card-verbs';
import { PEOPLE, type RecordedRequest } from '../../src/demo-tenant';
import type { PersonName } from '../../src/demo-tenant/seed/people';
import type { RosterMember } from '../support/connector-stand-in';
import {
  BOT,
  BotUnderTest,
  cardRefresh,
  cardText,
  describeRequest,
  invokeActivity,
  mention,
  person,
  requestsAbout,
  rosterMember,
  type ConversationType,
  type MentionEntity,
  type Person,
} from './bot-harness';

const SEED = process.env.FC_SEED === undefined ? 20240611 : Number(process.env.FC_SEED);
const NUM_RUNS = 60;

const james = person('james');
const lotte = person('lotte');
const daan = person('daan');
const sander = person('sander');

const others: Person[] = (Object.keys(PEOPLE) as PersonName[])
  .filter((name) => name !== 'james')
  .map((name) => person(name));
/** People in the tier-2 channel's roster: posting a case card checks which of them are agents. */
const roster: Person[] = [james, lotte, daan];
const rosterIds = new Set(roster.map((p) => p.id.toLowerCase()));

const TIER2_ROOT = '19:tier2-property@thread.tacv2';

/** What James must never be shown about someone else: per person, every identifying string. */
interface Secrets {
  person: Person;
  needles: string[];
}

interface Seeded {
  secrets: Secrets[];
  userIds: string[];
  deviceIds: string[];
  failureIds: string[];
  caseIds: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function seed(bot: BotUnderTest): Promise<Seeded> {
  const secrets: Secrets[] = [];
  const deviceIds: string[] = [];
  const failureIds: string[] = [];
  const ownDeviceNames = new Set<string>();
  for (const p of [james, ...others]) {
    const user = await bot.app.source.getUserById(p.id);
    assert.ok(user, `${p.displayName} is in the demo tenant`);
    const report = await bot.app.source.getReport(user);
    const devices = report.devices.status === 'ok' ? report.devices.data : [];
    deviceIds.push(...devices.map((d) => d.id));
    if (report.enrollmentFailures.status === 'ok')
      failureIds.push(...report.enrollmentFailures.data.map((f) => f.id));
    if (p === james) devices.forEach((d) => ownDeviceNames.add(d.name));
    else
      secrets.push({
        person: p,
        needles: [
          p.displayName,
          p.upn,
          p.mail,
          p.id,
          ...devices.map((d) => d.name).filter((n) => !ownDeviceNames.has(n)),
        ],
      });
  }

  // A real case about Daan, so that forged case actions can name it.
  const thread = `${TIER2_ROOT};messageid=1720000000000`;
  await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
    from: lotte,
    conversationType: 'channel',
    conversationId: thread,
    mentions: [mention(BOT)],
  });
  const created = await bot.click(
    'case.create',
    { userId: daan.id, topic: 'enrollment', severity: 'high', reason: 'Enrollment fails', note: 'n' },
    { from: lotte, expectPosted: 1 },
  );
  const confirmation = cardText(created.posted[0]);
  const caseId = /HD-[0-9A-Z]{6}/.exec(confirmation)?.[0];
  assert.ok(caseId, confirmation);
  const posted = bot.connector.cardsIn(TIER2_ROOT).map((c) => cardRefresh(c)?.action.data.caseId);
  assert.ok(posted.includes(caseId));

  return {
    secrets,
    userIds: [james.id, ...others.map((p) => p.id)],
    deviceIds,
    failureIds,
    caseIds: [caseId],
  };
}

// --- arbitraries ----------------------------------------------------------------------------------------

const KEYWORDS = [
  'troubleshoot',
  'Troubleshoot',
  'TROUBLESHOOT',
  'probleemoplossing',
  'problemen oplossen',
  'audit',
  'my status',
  'mijn status',
  'use this channel for escalations',
  'gebruik dit kanaal voor escalaties',
  'escalations',
  'escalaties',
  'help',
  'hulp',
  '?',
  '',
];

const DECORATIONS = [
  '"',
  "'",
  '“',
  '”',
  '\\',
  '\\\\',
  '#',
  '%',
  '%20',
  '%27',
  '&nbsp;',
  '<p>',
  '</p>',
  ' ',
  '\n',
];

interface TextCase {
  text: string;
  mentions: MentionEntity[];
}

function textArbitrary(): fc.Arbitrary<TextCase> {
  const somebody = fc.constantFrom(james, ...others);
  const nameOf = somebody.chain((p) =>
    fc.constantFrom(
      p.displayName,
      p.displayName.toLowerCase(),
      p.displayName.split(' ')[0] ?? p.displayName,
      p.upn,
      p.upn.toUpperCase(),
      p.mail,
      p.id,
      'me',
    ),
  );
  const piece: fc.Arbitrary<{ text: string; mention: MentionEntity | null }> = fc.oneof(
    nameOf.map((text) => ({ text, mention: null })),
    somebody.map((p) => ({ text: `<at>${p.displayName}</at>`, mention: mention(p) })),
    fc.constant({ text: `<at>${BOT.name}</at>`, mention: mention(BOT) }),
    fc.constantFrom(...DECORATIONS).map((text) => ({ text, mention: null })),
    fc.string({ maxLength: 12 }).map((text) => ({ text, mention: null })),
  );
  const built = fc
    .tuple(fc.constantFrom(...KEYWORDS), fc.array(piece, { maxLength: 6 }), fc.boolean())
    .map(([keyword, pieces, spaced]) => ({
      text: [keyword, ...pieces.map((p) => p.text)].join(spaced ? ' ' : ''),
      mentions: pieces.flatMap((p) => (p.mention ? [p.mention] : [])),
    }));
  const unicode = fc
    .oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 1100 }))
    .map((text) => ({ text, mentions: [] }));
  return fc.oneof({ arbitrary: built, weight: 3 }, { arbitrary: unicode, weight: 1 });
}

type InvokeValue =
  { kind: 'wellFormed'; verb: string; data: unknown } | { kind: 'malformed'; value: unknown };

function invokeArbitrary(seeded: Seeded, verbs: readonly string[]): fc.Arbitrary<InvokeValue> {
  const anyString = fc.string({ maxLength: 40 });
  const userId = fc.oneof(
    fc.constantFrom(...seeded.userIds),
    fc.constantFrom(...seeded.userIds).map((id) => id.toUpperCase()),
    fc.uuid(),
    anyString,
  );
  const caseId = fc.oneof(
    fc.constantFrom(...seeded.caseIds),
    fc.constantFrom(...seeded.caseIds).map((id) => ` ${id.toLowerCase().slice(3)} `),
    fc.stringMatching(/^HD-[0-9A-Z]{6}$/),
    anyString,
  );
  const page = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, 1, 2, -1, 1e300, Number.MAX_SAFE_INTEGER, '1', 'two', null, true),
  );
  const someText = fc.oneof(
    anyString,
    fc.constantFrom(...others.flatMap((p) => [p.displayName, p.upn, p.mail]), 'me', james.upn),
  );
  const json = fc.jsonValue({ maxDepth: 2 });
  const data = fc.oneof(
    {
      arbitrary: fc.record(
        {
          userId,
          caseId,
          failureId: fc.oneof(fc.constantFrom(...seeded.failureIds), anyString),
          deviceId: fc.oneof(fc.constantFrom(...seeded.deviceIds), anyString),
          page,
          self: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)),
          refresh: fc.oneof(fc.boolean(), json),
          query: someText,
          topic: fc.oneof(fc.constantFrom('enrollment', 'apps', 'compliance', 'other', 'default'), anyString),
          severity: fc.oneof(fc.constantFrom('low', 'medium', 'high', 'critical'), anyString),
          reason: fc.oneof(someText, fc.string({ maxLength: 300 })),
          note: someText,
          assignee: someText,
          resolution: someText,
          extra: json,
        },
        { requiredKeys: [] },
      ),
      weight: 5,
    },
    { arbitrary: json, weight: 1 },
  );
  const verb = fc.oneof(
    { arbitrary: fc.constantFrom(...verbs), weight: 4 },
    {
      arbitrary: fc.oneof(
        anyString,
        fc.constantFrom('CASE.VIEW', 'dashboard.open ', 'case.', '__proto__', 'constructor', 'toString'),
      ),
      weight: 1,
    },
  );
  const wellFormed = fc.record({ verb, data }).map((v): InvokeValue => ({ kind: 'wellFormed', ...v }));
  const malformed = fc
    .oneof(
      fc.constant({}),
      fc.constant(null),
      fc.record({ action: fc.oneof(fc.constant(null), anyString) }),
      fc.record({ action: fc.record({ type: fc.constantFrom('Action.Submit', 'Action.OpenUrl'), verb }) }),
    )
    .map((value): InvokeValue => ({ kind: 'malformed', value }));
  return fc.oneof({ arbitrary: wellFormed, weight: 9 }, { arbitrary: malformed, weight: 1 });
}

const conversationType = fc.constantFrom<ConversationType>('personal', 'groupChat', 'channel');
const locale = fc.constantFrom('en-US', 'nl-NL', 'fr-FR', 'xx', '');

// --- checks ---------------------------------------------------------------------------------------------

/** Needles found in `reply` that were not in what James sent (an echo of his own input reveals nothing). */
function revealed(seeded: Seeded, reply: string, input: string): string[] {
  const haystack = reply.toLowerCase();
  const sent = input.toLowerCase();
  return seeded.secrets.flatMap(({ person: p, needles }) =>
    needles
      .filter((n) => haystack.includes(n.toLowerCase()) && !sent.includes(n.toLowerCase()))
      .map((n) => `${p.displayName}: ${n}`),
  );
}

/**
 * Graph requests about anyone but James. Posting his own case card checks which members of the tier-2
 * channel are agents (to choose who sees the full card); that role check is the one request allowed.
 */
function requestsAboutOthers(requests: readonly RecordedRequest[]): string[] {
  return others.flatMap((p) =>
    requestsAbout(requests, p)
      .filter((r) => !(rosterIds.has(p.id) && r.path.toLowerCase() === `/users/${p.id}/checkmembergroups`))
      .map((r) => `${p.displayName}: ${describeRequest(r)}`),
  );
}

async function withSeed(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `property failed with fast-check seed ${SEED} (rerun with FC_SEED=${SEED}):\n${message}`,
      {
        cause: error,
      },
    );
  }
}

describe('bot: property-based (a non-agent, random text and card actions)', function () {
  // Shrinking a failure replays many turns; a passing run takes a few seconds.
  this.timeout(120_000);
  let bot: BotUnderTest;
  let seeded: Seeded;

  before(async () => {
    bot = await BotUnderTest.start(
      { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000000' },
      roster.map((p): RosterMember => rosterMember(p)),
    );
    seeded = await seed(bot);
  });
  after(() => bot.close());

  it('answers any message cleanly, and shows and reads nothing about anyone else', () =>
    withSeed(() =>
      fc.assert(
        fc.asyncProperty(textArbitrary(), conversationType, locale, async (message, type, loc) => {
          bot.fresh();
          const activity = bot.message(message.text, {
            from: james,
            conversationType: type,
            locale: loc,
            mentions: message.mentions,
          });
          const conversationId = activity.conversation?.id ?? '';
          const response = await bot.post(activity);
          assert.equal(response.status, 200, `POST /api/messages answered ${response.status}`);
          const replies = await bot.connector.waitForMessages(conversationId, 1, 5000);
          const reply = JSON.stringify(replies.map((r) => r.raw));
          assert.deepEqual(revealed(seeded, reply, message.text), [], 'the reply shows someone else');
          assert.ok(!reply.includes('Something went wrong'), `the turn failed:\n${reply}`);
          assert.deepEqual(requestsAboutOthers(bot.tenant.requests), []);
        }),
        { numRuns: NUM_RUNS, seed: SEED },
      ),
    ));

  it('answers any card action cleanly, and shows and reads nothing about anyone else', () =>
    withSeed(async () => {
      const verbs = [...createCardVerbs().keys()];
      await fc.assert(
        fc.asyncProperty(
          invokeArbitrary(seeded, verbs),
          conversationType,
          locale,
          fc.constantFrom<'manual' | 'automatic'>('manual', 'automatic'),
          async (invoke, type, loc, trigger) => {
            bot.fresh();
            const base = invokeActivity(bot.connector.url, 'x', null, {
              from: james,
              conversationType: type,
              locale: loc,
              trigger,
            });
            const activity =
              invoke.kind === 'wellFormed'
                ? {
                    ...base,
                    value: {
                      action: { type: 'Action.Execute', verb: invoke.verb, data: invoke.data },
                      trigger,
                    },
                  }
                : { ...base, value: invoke.value };
            const input = JSON.stringify(invoke);
            const conversationId = activity.conversation?.id ?? '';
            const response = await bot.post(activity);
            const body = await response.text();
            if (invoke.kind === 'wellFormed') {
              assert.equal(response.status, 200, `the invoke answered ${response.status}: ${body}`);
              const parsed: unknown = JSON.parse(body);
              assert.ok(isRecord(parsed) && parsed.statusCode === 200, body);
              assert.equal(parsed.type, 'application/vnd.microsoft.card.adaptive');
              assert.ok(isRecord(parsed.value) && parsed.value.type === 'AdaptiveCard', body);
              assert.ok(!body.includes('Something went wrong'), `the turn failed:\n${body}`);
            } else {
              // botbuilder refuses these before the bot sees them (see card-actions.test.ts).
              assert.ok([400, 501].includes(response.status), `status ${response.status}: ${body}`);
            }
            const posted = JSON.stringify(bot.connector.activitiesIn(conversationId).map((a) => a.raw));
            assert.deepEqual(revealed(seeded, body + posted, input), [], 'the reply shows someone else');
            assert.deepEqual(requestsAboutOthers(bot.tenant.requests), []);
          },
        ),
        { numRuns: NUM_RUNS, seed: SEED },
      );
    }));

  it('still serves everyone afterwards', async () => {
    bot.fresh();
    const health = await fetch(`${bot.app.url}/healthz`);
    assert.equal(health.status, 200);
    const self = await bot.say('troubleshoot me', { from: james });
    assert.ok(self.text.includes('James Patel'), self.text);
    const agent = await bot.click('dashboard.open', { userId: sander.id }, { from: lotte });
    assert.ok(agent.text.includes('Troubleshooting: Sander Mulder'), agent.text);
  });
});
