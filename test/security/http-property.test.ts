// Property-based: random headers, encodings, bodies and activity fields sent to /api/messages over real
// HTTP never get a 5xx, never stop the process, and 200 hostile requests grow RSS by less than 50 MB.
// The seed is fixed for reproducibility; FC_SEED=<n> runs another one.
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { BotUnderTest, person } from '../bot/bot-harness';

const SEED = process.env.FC_SEED === undefined ? 20261130 : Number(process.env.FC_SEED);
const RUNS = 200;
const lotte = person('lotte');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function send(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/messages`, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer and close before the whole body is sent.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.end(body);
  });
}

const FIELDS = [
  'type',
  'id',
  'text',
  'locale',
  'serviceUrl',
  'channelId',
  'timestamp',
  'from',
  'recipient',
  'conversation',
  'channelData',
  'entities',
  'attachments',
  'value',
  'name',
  'membersAdded',
  'replyToId',
  'localTimestamp',
];

describe('security: property-based HTTP surface', function () {
  this.timeout(300_000);
  let bot: BotUnderTest;
  let bomb: Buffer;
  before(async () => {
    bot = await BotUnderTest.start({ PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000000' });
    bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
  });
  after(() => bot.close());

  it('never answers 5xx, keeps serving, and stays within 50 MB of RSS over 200 hostile requests', async () => {
    const activity = (): Record<string, unknown> => bot.message('help', { from: lotte });
    const fieldValue = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom(null, 42, true, [], {}, { id: 5 }, 'x'.repeat(5000), 'http://203.0.113.9/'),
    );
    const body = fc.oneof(
      fc.record({
        kind: fc.constant('activity' as const),
        changes: fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 }),
      }),
      fc.record({ kind: fc.constant('json' as const), json: fc.json({ maxDepth: 4 }) }),
      fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 4096 }) }),
      fc.record({ kind: fc.constantFrom('gzipActivity' as const, 'bomb' as const, 'oversized' as const) }),
    );
    const headers = fc.record({
      contentType: fc.oneof(
        // Mostly JSON without an encoding, so that most requests reach the activity checks and the bot.
        { arbitrary: fc.constant('application/json'), weight: 8 },
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          '',
        ),
        fc.stringMatching(/^[a-z/;=+. -]{0,40}$/),
      ),
      contentEncoding: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 8 },
        fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'gzip, identity', 'x-zip'),
      ),
      chunked: fc.boolean(),
      authorization: fc.option(fc.stringMatching(/^[A-Za-z0-9 .=_-]{0,80}$/), { nil: undefined }),
    });

    function encode(b: {
      kind: string;
      changes?: Record<string, unknown>;
      json?: string;
      bytes?: Uint8Array;
    }): Buffer {
      switch (b.kind) {
        case 'activity':
          return Buffer.from(JSON.stringify({ ...activity(), ...b.changes }));
        case 'json':
          return Buffer.from(b.json ?? '');
        case 'bytes':
          return Buffer.from(b.bytes ?? []);
        case 'gzipActivity':
          return gzipSync(JSON.stringify(activity()));
        case 'bomb':
          return bomb;
        default:
          return Buffer.from(JSON.stringify({ ...activity(), text: 'x'.repeat(300 * 1024) }));
      }
    }

    // Warm up, so that lazily loaded code and caches are not counted as growth.
    for (let i = 0; i < 5; i++)
      await send(
        bot.app.url,
        { 'content-type': 'application/json' },
        encode({ kind: 'activity', changes: {} }),
      );
    gc();
    const before = process.memoryUsage().rss;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(headers, body, async (h, b) => {
        const bytes = encode(b);
        const sent: Record<string, string> = {};
        if (h.contentType !== '') sent['content-type'] = h.contentType;
        if (h.contentEncoding !== undefined) sent['content-encoding'] = h.contentEncoding;
        if (h.authorization !== undefined) sent['authorization'] = h.authorization;
        if (h.chunked) sent['transfer-encoding'] = 'chunked';
        else sent['content-length'] = String(bytes.length);
        const status = await send(bot.app.url, sent, bytes);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        assert.ok(status >= 200 && status < 500, `answered ${status}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    gc();
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    assert.ok(grownMb < 50, `RSS grew by ${grownMb.toFixed(1)} MB`);
    assert.equal((await fetch(`${bot.app.url}/healthz`)).status, 200);
    // The run reached the bot as well as the refusals.
    assert.ok(
      (statuses.get(200) ?? 0) > 0 && (statuses.get(415) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0,
      JSON.stringify([...statuses]),
    );
  });
});
