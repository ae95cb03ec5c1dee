// The HTTP edge as an outsider meets it (issue findings 1, 2 and 7): compressed or non-JSON bodies are
// refused before a byte is decoded, the limit counts the bytes that arrive, wrong field types get 400 with
// no error text, and without a bot registration replies go to loopback only.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startApp } from '../../src/app';
import { envToConfig } from '../../src/config';
import { silentLogger } from '../../src/logging/logger';
import { BotUnderTest, invokeActivity, person } from '../bot/bot-harness';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const lotte = person('lotte');

/** 240 MB of JSON in about 240 KB of gzip, as in the finding. */
function gzipBomb(): Buffer {
  const prefix = '{"type":"message","text":"';
  const filler = Buffer.alloc(240 * 1024 * 1024, 0x61);
  return gzipSync(Buffer.concat([Buffer.from(prefix), filler, Buffer.from('"}')]), { level: 9 });
}

interface RawResponse {
  status: number;
  body: string;
}

/** A POST with exactly the headers given (fetch would add or refuse some). */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: Buffer | string,
  chunked = false,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/messages`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent; the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (chunked) {
      const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
      for (let i = 0; i < data.length; i += 16 * 1024) req.write(data.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(body);
  });
}

interface Child {
  url: string;
  process: ChildProcess;
  exitCode(): number | null;
  stop(): Promise<void>;
}

/** The built entry point in its own process, so that a crash is a crash and not a failed assertion. */
async function startChild(env: Record<string, string>): Promise<Child> {
  const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-edge-'));
  const bin = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const child = spawn(bin, [join(__dirname, '..', '..', 'src', 'index.ts')], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', PLAYGROUND: 'off', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"event":"app\.started","port":(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    exitCode: () => child.exitCode,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const MODES: [string, Record<string, string>][] = [
  ['anonymous', {}],
  [
    'MultiTenant',
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-offline',
      MicrosoftAppType: 'MultiTenant',
      ALLOWED_TENANT_IDS: TENANT,
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      HELPDESK_GROUP_IDS: TENANT,
    },
  ],
  [
    'SingleTenant',
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-offline',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      HELPDESK_GROUP_IDS: TENANT,
    },
  ],
];

describe('security: the HTTP edge', () => {
  let bomb: Buffer;
  before(function () {
    this.timeout(60_000);
    bomb = gzipBomb();
  });

  /** Plain gzip, garbage declared as gzip, two encodings, and the bomb: all 415, none decoded. */
  async function sendCompressed(url: string): Promise<void> {
    const json = { 'content-type': 'application/json' };
    const garbage = await rawPost(url, { ...json, 'content-encoding': 'gzip' }, '{"type":"message"}');
    assert.equal(garbage.status, 415);
    const real = await rawPost(url, { ...json, 'content-encoding': 'gzip' }, gzipSync('{"type":"message"}'));
    assert.equal(real.status, 415);
    const two = await rawPost(url, { ...json, 'content-encoding': 'deflate, gzip' }, 'xx');
    assert.equal(two.status, 415);
    const bombed = await rawPost(url, { ...json, 'content-encoding': 'gzip' }, bomb);
    assert.equal(bombed.status, 415);
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
  }

  describe('finding 1: a gzip body does not stop the process', () => {
    it('the entry point in its own process (anonymous mode) answers 415 and keeps running', async function () {
      this.timeout(90_000);
      const child = await startChild({});
      try {
        await sendCompressed(child.url);
        assert.equal(child.exitCode(), null, 'the process is still running');
      } finally {
        await child.stop();
      }
    });

    for (const [mode, env] of MODES.slice(1)) {
      it(`${mode} mode answers 415 before the token check, and keeps serving`, async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-edge-'));
        const app = await startApp(envToConfig({ PORT: '0', DATA_DIR: dataDir, ...env }), silentLogger);
        try {
          await sendCompressed(app.url);
        } finally {
          await app.close();
          await rm(dataDir, { recursive: true, force: true });
        }
      });
    }
  });

  describe('in process, anonymous mode', () => {
    let bot: BotUnderTest;
    before(async () => {
      bot = await BotUnderTest.start({ PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000' });
    });
    after(() => bot.close());

    it('finding 2: a compressed body is never inflated (415, and memory stays put)', async () => {
      const before = process.memoryUsage().rss;
      for (let i = 0; i < 12; i++) {
        const response = await rawPost(
          bot.app.url,
          { 'content-type': 'application/json', 'content-encoding': 'gzip' },
          bomb,
        );
        assert.equal(response.status, 415);
      }
      const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
      assert.ok(grownMb < 50, `RSS grew by ${grownMb.toFixed(1)} MB`);
    });

    it('finding 2: the limit counts the bytes read, also without a Content-Length', async () => {
      const oversized = JSON.stringify({
        ...bot.message('help', { from: lotte }),
        text: 'x'.repeat(300 * 1024),
      });
      const chunked = await rawPost(
        bot.app.url,
        { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        oversized,
        true,
      );
      assert.equal(chunked.status, 413);
      const declared = await rawPost(
        bot.app.url,
        { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024 * 1024) },
        '',
      );
      assert.equal(declared.status, 413);
      const turn = await bot.say('help', { from: lotte });
      assert.match(turn.text, /Helpdesk troubleshooter/);
    });

    it('finding 7: only application/json is parsed (form posts, text/plain and other charsets get 415)', async () => {
      const activity = bot.message('troubleshoot daan', { from: lotte });
      const form = await rawPost(
        bot.app.url,
        { 'content-type': 'application/x-www-form-urlencoded' },
        `type=message&text=help&serviceUrl=${encodeURIComponent(bot.connector.url)}`,
      );
      assert.equal(form.status, 415);
      const plain = await rawPost(bot.app.url, { 'content-type': 'text/plain' }, JSON.stringify(activity));
      assert.equal(plain.status, 415);
      const latin = await rawPost(
        bot.app.url,
        { 'content-type': 'application/json; charset=iso-8859-1' },
        JSON.stringify(activity),
      );
      assert.equal(latin.status, 415);
      const none = await rawPost(bot.app.url, {}, JSON.stringify(activity));
      assert.equal(none.status, 415);
      const conversationId = activity.conversation?.id ?? '';
      assert.deepEqual(bot.connector.activitiesIn(conversationId), [], 'nothing was answered');
    });

    it('finding 7: a non-string locale (and other mistyped fields) get 400 without error text', async () => {
      const base = bot.message('help', { from: lotte }) as Record<string, unknown>;
      const variants: Record<string, unknown>[] = [
        { ...base, locale: 42 },
        { ...base, locale: { en: true } },
        { ...base, from: { id: 7 } },
        { ...base, conversation: { id: 'c', tenantId: ['x'] } },
        { ...base, channelData: { tenant: 'x' } },
        { ...base, timestamp: 'yesterday' },
        { ...base, serviceUrl: 12 },
        { ...base, membersAdded: [{ id: 3 }] },
      ];
      for (const variant of variants) {
        const response = await bot.post(variant);
        const text = await response.text();
        assert.equal(response.status, 400, text);
        assert.doesNotMatch(text, /toLowerCase|TypeError|undefined|stack/);
      }
    });

    it('an invoke whose value is not an object, or an activity without a conversation, gets 400 and no turn', async () => {
      const click = invokeActivity(
        bot.connector.url,
        'dashboard.open',
        { userId: lotte.id },
        { from: lotte },
      );
      const message = bot.message('help', { from: lotte }) as Record<string, unknown>;
      const chat = String((message.conversation as { id: string }).id);
      const variants: Record<string, unknown>[] = [
        ...[{}, { action: null }, { action: { verb: 'dashboard.open' } }, 'x', 5, true, []].map((value) => ({
          ...click,
          value,
        })),
        { ...click, value: { action: { type: 'Action.Execute', verb: ['dashboard.open'] } } },
        { ...click, name: 'application/search', value: 'x' },
        { ...message, conversation: undefined },
        { ...message, conversation: {} },
        { ...message, conversation: { id: '' } },
      ];
      const postedBefore = bot.connector.activitiesIn(chat).length;
      for (const variant of variants) {
        const response = await bot.post(variant);
        const text = await response.text();
        assert.equal(response.status, 400, `${JSON.stringify(variant.value)}: ${text}`);
        assert.doesNotMatch(text, /TypeError|Cannot|undefined|stack/);
      }
      assert.equal(bot.connector.activitiesIn(chat).length, postedBefore, 'nothing posted to the chat');
      assert.deepEqual(bot.logged('turn.unhandled'), []);
      assert.deepEqual(bot.logged('turn.failed'), []);
    });

    it('finding 7: without a bot registration, replies go to loopback only', async () => {
      const activity = { ...bot.message('help', { from: lotte }), serviceUrl: 'https://attacker.example/' };
      const response = await bot.post(activity);
      assert.equal(response.status, 400);
      const ok = { ...bot.message('help', { from: lotte }) };
      assert.equal((await bot.post(ok)).status, 200);
    });
  });
});
