// Findings 3 and 4 at the storage level, on file storage and on Azure Blob (Azurite): a burst of creations
// from two instances loses nothing, and a corrupt document of any kind is set aside, reported and contained.
import { strict as assert } from 'node:assert';
import { CaseRepository, ChannelRegistry, type ConversationReference } from '../../src/escalations';
import { ANN, minutesLater, newCaseInput, NOW } from './case-fixtures';
import { forEachStore } from './stores';

const CHANNEL: ConversationReference = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: '19:tier2@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' },
};

describe('escalation storage under stress and damage', () => {
  forEachStore((store) => {
    it('creates every case exactly once when two instances each create 50 at the same moment', async function () {
      this.timeout(60_000);
      const { storage, reopen } = await store.fresh();
      const instances = [new CaseRepository(storage), new CaseRepository(reopen())];
      const results = await Promise.allSettled(
        instances.flatMap((repository, n) =>
          Array.from({ length: 50 }, (_, i) =>
            repository.create(newCaseInput({ reason: `burst ${n}-${i}` }), minutesLater(i)),
          ),
        ),
      );
      const failed = results.filter((r) => r.status === 'rejected');
      assert.deepEqual(failed, [], 'no creation failed');
      const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      assert.equal(new Set(created.map((c) => c.id)).size, 100);
      for (const repository of instances) {
        const listed = await repository.listOpen({ now: minutesLater(60), pageSize: 500 });
        assert.equal(listed.total, 100);
        assert.deepEqual(
          listed.items.map((c) => c.reason).sort(),
          created.map((c) => c.reason).sort(),
          'each case once, with its own content',
        );
      }
    });

    it('sets a corrupt case aside and keeps listing and creating the others', async () => {
      const { storage, corruption, damage, setAsideCount } = await store.fresh();
      const repository = new CaseRepository(storage, { corruption });
      const kept = await repository.create(newCaseInput({ reason: 'kept' }), NOW);
      const broken = await repository.create(newCaseInput({ reason: 'broken' }), NOW);
      await damage(`escalations/cases/${broken.id}`, '{"id":"HD-');
      const listed = await repository.listOpen({ now: minutesLater(1) });
      assert.deepEqual(
        listed.items.map((c) => c.id),
        [kept.id],
      );
      assert.equal(await repository.get(broken.id), null);
      const next = await repository.create(newCaseInput({ reason: 'after' }), minutesLater(2));
      assert.equal((await repository.listOpen({ now: minutesLater(3) })).total, 2);
      assert.ok(next.id);
      assert.deepEqual(
        corruption.documents.map((d) => d.key),
        [`escalations/cases/${broken.id}`],
      );
      assert.equal(await setAsideCount(), 1, 'the damaged document is kept for inspection');
    });

    for (const [kind, text] of [
      ['garbage', 'not json at all \u0000'],
      ['empty', ''],
      ['an array', '[1,2]'],
    ] as const) {
      it(`rebuilds an open-case marker that is ${kind} from the case documents`, async () => {
        const { storage, corruption, damage, reopen } = await store.fresh();
        const repository = new CaseRepository(storage, { corruption });
        const first = await repository.create(newCaseInput({ reason: 'first' }), NOW);
        const second = await repository.create(newCaseInput({ reason: 'second' }), NOW);
        await damage(`escalations/open/${first.id}`, text);
        const ids = async (repo: CaseRepository) =>
          (await repo.listOpen({ now: minutesLater(1) })).items.map((c) => c.id).sort();
        assert.deepEqual(await ids(repository), [first.id, second.id].sort());
        assert.equal(corruption.documents.length, 1);
        // The next listing rebuilt the marker; a fresh instance sees both too.
        assert.deepEqual(await ids(repository), [first.id, second.id].sort());
        assert.deepEqual(await ids(new CaseRepository(reopen())), [first.id, second.id].sort());
        assert.ok(await repository.create(newCaseInput(), minutesLater(2)));
      });
    }

    it('replaces a corrupt channel registration when the channel is registered again', async () => {
      const { storage, corruption, damage } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      await registry.setChannel('default', CHANNEL, ANN, NOW);
      await damage('escalations/channels/default', '{"topic":"default","reference":');
      assert.equal(await registry.getChannel('apps'), null);
      assert.equal(corruption.documents.length, 1);
      await registry.setChannel('default', CHANNEL, ANN, minutesLater(1));
      assert.deepEqual((await registry.getChannel('apps'))?.reference, CHANNEL);
    });

    it('reads a corrupt requester reference as absent, and saves a new one over it', async () => {
      const { storage, corruption, damage } = await store.fresh();
      const registry = new ChannelRegistry(storage);
      await registry.setRequesterReference(ANN.aadObjectId, CHANNEL, NOW);
      await damage(`escalations/requesters/${ANN.aadObjectId}`, '\u00ff\u00fe garbage');
      assert.equal(await registry.getRequesterReference(ANN.aadObjectId), null);
      assert.equal(corruption.documents.length, 1);
      await registry.setRequesterReference(ANN.aadObjectId, CHANNEL, minutesLater(1));
      assert.deepEqual(await registry.getRequesterReference(ANN.aadObjectId), CHANNEL);
    });
  });
});
