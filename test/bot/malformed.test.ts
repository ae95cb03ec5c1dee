// Activities as an attacker or a broken client might send them: the bot answers cleanly and keeps serving.
import { strict as assert } from 'node:assert';
import { BotUnderTest, cardText, person } from './bot-harness';

const lotte = person('lotte');

describe('bot: malformed activities', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start({ PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000' });
  });
  after(() => bot.close());

  const variants: [string, (a: Record<string, unknown>) => Record<string, unknown>][] = [
    ['entities that are an object', (a) => ({ ...a, entities: {} })],
    ['entities with null and strings', (a) => ({ ...a, entities: [null, 'x', 3, { type: 'mention' }] })],
    ['a mention without ids', (a) => ({ ...a, entities: [{ type: 'mention', mentioned: {} }] })],
    ['a numeric conversation id', (a) => ({ ...a, conversation: { id: 42 } })],
    ['a recipient without id', (a) => ({ ...a, recipient: {} })],
    ['channelData that is a string', (a) => ({ ...a, channelData: 'tenant' })],
    ['a text that is an object', (a) => ({ ...a, text: { troubleshoot: 'daan' } })],
  ];

  for (const [name, change] of variants) {
    it(`answers ${name} without crashing`, async () => {
      const base = bot.message('troubleshoot daan.smit@northwind.example', { from: lotte }) as Record<
        string,
        unknown
      >;
      const response = await bot.post(change(base));
      assert.ok([200, 400].includes(response.status), `status ${response.status}`);
      // And the next ordinary message is answered as usual.
      const turn = await bot.say('help', { from: lotte, conversationId: `after-${name}` });
      assert.match(cardText(turn.card), /Helpdesk troubleshooter/);
    });
  }

  it('refuses a typed name longer than a query may be, before any Graph request', async () => {
    bot.fresh();
    const turn = await bot.say(`troubleshoot ${'a'.repeat(300)}`, {
      from: lotte,
      conversationId: 'long-query',
    });
    assert.match(turn.text, /too long/);
    const searches = bot.tenant.requests.filter((r) => r.path === '/users' || r.query.includes('$search'));
    assert.deepEqual(searches, []);
  });
});
