// Finding 6: every tenant field an activity carries must be allowed and name the same tenant.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { DEMO_TENANT_ID } from '../../src/demo-tenant';
import {
  BotUnderTest,
  assertIncludes,
  cardText,
  describeRequest,
  invokeActivity,
  person,
} from '../bot/bot-harness';

const FOREIGN = '0badc0de-0000-4000-8000-000000000001';
const lotte = person('lotte');
const daan = person('daan');

function withTenants(activity: Partial<Activity>, conversationTenant: string, channelTenant: string) {
  return {
    ...activity,
    conversation: { ...activity.conversation, tenantId: conversationTenant },
    channelData: { tenant: { id: channelTenant } },
  } as Partial<Activity>;
}

describe('security: tenant fields must agree', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start({ PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000' });
  });
  after(() => bot.close());

  for (const [name, conversationTenant, channelTenant] of [
    ['a foreign conversation.tenantId beside an allowed channelData.tenant.id', FOREIGN, DEMO_TENANT_ID],
    ['an allowed conversation.tenantId beside a foreign channelData.tenant.id', DEMO_TENANT_ID, FOREIGN],
  ] as const) {
    it(`refuses ${name}, before any Graph request`, async () => {
      bot.fresh();
      const message = withTenants(
        bot.message(`troubleshoot ${daan.upn}`, { from: lotte }),
        conversationTenant,
        channelTenant,
      );
      assert.equal((await bot.post(message)).status, 200);
      const conversationId = message.conversation?.id ?? '';
      await bot.connector.waitForMessages(conversationId, 1, 5000);
      assertIncludes(cardText(bot.connector.cardsIn(conversationId)[0]), 'This organization is not served');

      const click = withTenants(
        invokeActivity(bot.connector.url, 'dashboard.open', { userId: daan.id }, { from: lotte }),
        conversationTenant,
        channelTenant,
      );
      const response = await bot.post(click);
      const body = (await response.json()) as { value?: unknown };
      assertIncludes(cardText(body.value), 'This organization is not served');
      assert.deepEqual(bot.tenant.requests.map(describeRequest), []);
    });
  }

  it('serves an activity whose tenant fields agree (in any letter case)', async () => {
    const message = withTenants(
      bot.message(`troubleshoot ${daan.upn}`, { from: lotte }),
      DEMO_TENANT_ID.toUpperCase(),
      DEMO_TENANT_ID,
    );
    assert.equal((await bot.post(message)).status, 200);
    const conversationId = message.conversation?.id ?? '';
    await bot.connector.waitForMessages(conversationId, 1, 5000);
    assertIncludes(cardText(bot.connector.cardsIn(conversationId)[0]), 'Troubleshooting: Daan Smit');
  });
});
