import { strict as assert } from 'node:assert';
import { ChannelRegistry, type ConversationReference } from '../../src/escalations';
import { ANN, BOB, minutesLater, NOW } from './case-fixtures';
import { forEachStore } from './stores';

function channelReference(id: string): ConversationReference {
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

    it('a channel that went away is skipped, reported once, offered back once, and taken again only by setting it', async () => {
      const { storage, reopen } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      const tenant = {
        ...channelReference('general'),
        conversation: { ...channelReference('general').conversation!, tenantId: 'tenant-a' },
      };
      await registry.setChannel('default', tenant, ANN, NOW, '19:team@thread.tacv2');
      await registry.setChannel('apps', channelReference('apps'), BOB, NOW, '19:team@thread.tacv2');
      await registry.setChannel(
        'compliance',
        channelReference('elsewhere'),
        BOB,
        NOW,
        '19:other@thread.tacv2',
      );

      assert.deepEqual(
        (await registry.deliveryOrder('apps')).map((r) => r.topic),
        ['apps', 'default', 'compliance'],
      );
      const channel = { kind: 'channel', channelId: '19:apps@thread.tacv2' } as const;
      assert.deepEqual(
        (await registry.markUnreachable(channel, 'channelDeleted', NOW)).map((r) => r.topic),
        ['apps'],
      );
      assert.deepEqual(await registry.markUnreachable(channel, 'channelDeleted', NOW), [], 'reported once');
      assert.equal((await registry.getChannel('apps'))?.topic, 'default');
      assert.deepEqual(
        (await registry.deliveryOrder('apps')).map((r) => r.topic),
        ['default', 'compliance'],
      );

      // Another tenant's event for the same team changes nothing.
      assert.deepEqual(
        await registry.markUnreachable(
          { kind: 'team', teamId: '19:team@thread.tacv2', tenantId: 'tenant-b' },
          'teamArchived',
          NOW,
        ),
        [],
      );
      const restarted = new ChannelRegistry(reopen());
      assert.deepEqual(
        await restarted.offerBack(channel, ['teamArchived'], NOW),
        [],
        'only for its own reason',
      );
      assert.deepEqual(
        (await restarted.offerBack(channel, ['channelDeleted'], minutesLater(1))).map((r) => r.topic),
        ['apps'],
      );
      assert.deepEqual(
        await restarted.offerBack(channel, ['channelDeleted'], minutesLater(2)),
        [],
        'offered once',
      );
      assert.equal((await restarted.getChannel('apps'))?.topic, 'default', 'still not reused');
      await restarted.setChannel(
        'apps',
        channelReference('apps'),
        BOB,
        minutesLater(3),
        '19:team@thread.tacv2',
      );
      assert.equal((await restarted.getChannel('apps'))?.topic, 'apps');

      assert.deepEqual(
        (await restarted.removeChannels({ kind: 'team', teamId: '19:team@thread.tacv2' })).map(
          (r) => r.topic,
        ),
        ['default', 'apps'],
      );
      assert.deepEqual(
        (await restarted.listChannels()).map((r) => r.topic),
        ['compliance'],
      );
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
