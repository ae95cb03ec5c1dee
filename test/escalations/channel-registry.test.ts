import { strict as assert } from 'node:assert';
import type { ConversationReference } from 'botbuilder';
import { ChannelRegistry } from '../../src/escalations';
import { ANN, BOB, minutesLater, NOW } from './case-fixtures';
import { forEachStore } from './stores';

function channelReference(id: string): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    bot: { id: '28:bot', name: 'Helpdesk' },
    conversation: {
      id: `19:${id}@thread.tacv2;messageid=1`,
      isGroup: true,
      conversationType: 'channel',
      name: '',
    },
  };
}

describe('ChannelRegistry', () => {
  forEachStore((store) => {
    it('has no channel until one is set, then falls back to the default one for every topic', async () => {
      const { storage } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      assert.equal(await registry.getChannel('apps'), null);
      await registry.setChannel('default', channelReference('general'), ANN, NOW);
      const found = await registry.getChannel('apps');
      assert.equal(found?.topic, 'default');
      assert.deepEqual(found?.reference, channelReference('general'));
      assert.deepEqual(found?.setBy, ANN);
    });

    it('prefers a topic channel, replaces it when set again, and survives a restart', async () => {
      const { storage, reopen } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      await registry.setChannel('default', channelReference('general'), ANN, NOW);
      await registry.setChannel('enrollment', channelReference('enrol-old'), ANN, NOW);
      await registry.setChannel('enrollment', channelReference('enrol'), BOB, minutesLater(1));

      const restarted = new ChannelRegistry(reopen());
      const found = await restarted.getChannel('enrollment');
      assert.equal(found?.topic, 'enrollment');
      assert.equal(found?.reference.conversation?.id, '19:enrol@thread.tacv2;messageid=1');
      assert.deepEqual(found?.setBy, BOB);
      assert.deepEqual(
        (await restarted.listChannels()).map((c) => c.topic),
        ['default', 'enrollment'],
      );
      await restarted.removeChannel('enrollment');
      assert.equal((await restarted.getChannel('enrollment'))?.topic, 'default');
    });

    it("keeps the requester's personal conversation by Entra object id, whatever its letter case", async () => {
      const { storage, reopen } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      const personal = {
        ...channelReference('x'),
        conversation: { id: 'a:1personal', isGroup: false, conversationType: 'personal', name: '' },
      };
      await registry.setRequesterReference(ANN.aadObjectId.toUpperCase(), personal, NOW);
      assert.deepEqual(await new ChannelRegistry(reopen()).getRequesterReference(ANN.aadObjectId), personal);
      assert.equal(await registry.getRequesterReference(BOB.aadObjectId), null);
    });
  });
});
