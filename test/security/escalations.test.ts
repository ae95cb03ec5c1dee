// Findings 3, 4 and 7 over real HTTP: a burst of escalations on two instances sharing one store, corrupt
// documents of every kind, a corrupt requester conversation during a claim, and a case card's size after
// many resolve/reopen cycles.
import { strict as assert } from 'node:assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig } from '../../src/config';
import { CaseRepository } from '../../src/escalations';
import { silentLogger } from '../../src/logging/logger';
import { createStorage } from '../../src/storage';
import { keyToFileName } from '../../src/storage/file-name';
import {
  BOT,
  BotUnderTest,
  assertIncludes,
  cardText,
  invokeActivity,
  mention,
  person,
  rosterMember,
} from '../bot/bot-harness';

const lotte = person('lotte');
const ruben = person('ruben');
const emma = person('emma');
const daan = person('daan');
const agents = [lotte, ruben, emma];
const TIER2 = '19:tier2-hardening@thread.tacv2';
const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '100000' };

async function post(url: string, activity: Partial<Activity>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const body = (await response.json().catch(() => ({}))) as { value?: unknown };
  return { status: response.status, text: cardText(body.value) };
}

describe('security: escalations are never lost', function () {
  this.timeout(120_000);
  let bot: BotUnderTest;
  let second: RunningApp;
  const stateDir = (): string => join(bot.dataDir, 'state');
  const damage = (key: string, text: string) => writeFile(join(stateDir(), keyToFileName(key)), text);

  before(async () => {
    bot = await BotUnderTest.start(
      ENV,
      agents.map((p) => rosterMember(p)),
    );
    // A second instance on the same DATA_DIR: two bots sharing one store.
    second = await startApp(envToConfig({ ...ENV, DATA_DIR: bot.dataDir }), silentLogger);
    await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
      from: lotte,
      conversationType: 'channel',
      conversationId: `${TIER2};messageid=1`,
      mentions: [mention(BOT)],
    });
  });
  after(async () => {
    await second.close();
    await bot.close();
  });

  let creations = 0;
  // The answer to the click, followed by what the bot posted in that chat: a case is confirmed in a new message.
  const create = async (url: string, from = lotte, reason = 'Enrollment fails', severity = 'high') => {
    const conversationId = `a:1${from.id}-create-${++creations}`;
    const answer = await post(
      url,
      invokeActivity(
        bot.connector.url,
        'case.create',
        { userId: daan.id, topic: 'enrollment', severity, reason, note: 'n' },
        { from, conversationId },
      ),
    );
    // On a busy machine the answer may be "still reading"; the confirmation then follows as a new message.
    if (answer.text.includes('still reading')) await bot.connector.waitForMessages(conversationId, 1, 60_000);
    const posted = bot.connector.cardsIn(conversationId).map((card) => cardText(card));
    return { status: answer.status, text: [answer.text, ...posted].join('\n') };
  };
  const caseIdIn = (text: string): string | undefined => /Escalated as (HD-[0-9A-Z]{6})/.exec(text)?.[1];

  it('finding 3: 30 simultaneous creations on two instances: 30 cases, every requester told the truth', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        create(i % 2 ? second.url : bot.app.url, agents[i % 3], `burst ${i}`),
      ),
    );
    const ids = answers.map((a) => caseIdIn(a.text));
    assert.deepEqual(
      answers.filter((a, i) => a.status !== 200 || ids[i] === undefined).map((a) => a.text),
      [],
      'every requester was told their case id',
    );
    assert.equal(new Set(ids).size, 30);
    const repository = new CaseRepository(createStorage({ kind: 'file', dir: stateDir() }));
    const listed = await repository.listOpen({ now: new Date(), pageSize: 100 });
    const burst = listed.items.filter((c) => c.reason.startsWith('burst '));
    assert.deepEqual(burst.map((c) => c.id).sort(), [...ids].sort(), 'exactly the cases they were told');
  });

  it('finding 4: corrupt documents are set aside, /readyz says degraded, everything else keeps working', async () => {
    // Critical, so both would be on the list's first page.
    const first = caseIdIn((await create(bot.app.url, lotte, 'will be truncated', 'critical')).text);
    const kept = caseIdIn((await create(bot.app.url, lotte, 'kept', 'critical')).text);
    assert.ok(first && kept);
    const caseFile = join(stateDir(), keyToFileName(`escalations/cases/${first}`));
    const content = await readFile(caseFile, 'utf8');
    await writeFile(caseFile, content.slice(0, content.length / 2));
    await damage('escalations/channels/default', 'garbage{');

    const list = await bot.say('escalations', { from: lotte });
    assertIncludes(list.text, kept);
    assert.ok(!list.text.includes(first), 'the truncated case is not listed');
    const ready = await fetch(`${bot.app.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), {
      status: 'degraded',
      checks: { graph: 'ok', storage: 'degraded' },
    });

    // The registration was garbage: a new case is saved and says so truthfully; registering again replaces it.
    assertIncludes((await create(bot.app.url)).text, 'no channel is chosen for escalations yet');
    const again = await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
      from: lotte,
      conversationType: 'channel',
      conversationId: `${TIER2};messageid=2`,
      mentions: [mention(BOT)],
    });
    assert.ok(!again.text.includes('Something went wrong'), again.text);
    assert.ok(caseIdIn((await create(second.url)).text), 'new cases are created again');
  });

  it('finding 7: a corrupt requester conversation does not turn a saved claim into an error', async () => {
    const id = caseIdIn((await create(bot.app.url, emma, 'claim me')).text);
    assert.ok(id);
    await damage(`escalations/requesters/${emma.id.toLowerCase()}`, '{"aadObjectId":');
    const claimed = await post(
      bot.app.url,
      invokeActivity(bot.connector.url, 'case.claim', { caseId: id }, { from: ruben }),
    );
    assert.ok(!claimed.text.includes('Something went wrong'), claimed.text);
    assertIncludes(claimed.text, id, 'Ruben de Vries');
  });

  it('finding 7: a case card stays under 80 KB after many resolve/reopen cycles with long notes', async () => {
    const id = caseIdIn((await create(bot.app.url, lotte, 'ping-pong')).text);
    assert.ok(id);
    const note = 'Long resolution note, '.repeat(100).slice(0, 2000);
    for (let i = 0; i < 30; i++) {
      await post(
        bot.app.url,
        invokeActivity(bot.connector.url, 'case.resolve', { caseId: id, resolution: note }, { from: ruben }),
      );
      await post(
        bot.app.url,
        invokeActivity(bot.connector.url, 'case.reopen', { caseId: id }, { from: ruben }),
      );
    }
    for (const locale of ['en-US', 'nl-NL']) {
      const response = await fetch(`${bot.app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          invokeActivity(bot.connector.url, 'case.view', { caseId: id }, { from: ruben, locale }),
        ),
      });
      const body = (await response.json()) as { value?: unknown };
      const bytes = Buffer.byteLength(JSON.stringify(body.value));
      assert.ok(bytes < 80 * 1024, `${locale}: ${bytes} bytes`);
      assert.match(
        cardText(body.value),
        locale === 'en-US' ? /53 earlier events are not shown/ : /53 eerdere gebeurtenissen/,
      );
    }
  });
});
