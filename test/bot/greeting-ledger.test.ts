// "Once" for welcomes and introductions, on each store we ship: of many instances claiming the same key at
// the same moment exactly one wins, the claim survives a restart, and forgetting it allows one more.
import { strict as assert } from 'node:assert';
import { GreetingLedger } from '../../src/bot/greeting-ledger';
import { forEachStore } from '../escalations/stores';

const NOW = new Date('2026-11-30T09:00:00Z');

describe('GreetingLedger', () => {
  forEachStore((store) => {
    it('one claim wins among instances racing for the same key, and it survives a restart', async () => {
      const { storage, reopen } = await store.fresh();
      const first = new GreetingLedger(storage);
      await first.prepare();
      const instances = [first, ...Array.from({ length: 5 }, () => new GreetingLedger(reopen()))];
      const keys = ['personal/a:1x', 'personal/a:1y', 'team/19:t@thread.tacv2'];
      for (const key of keys) {
        const wins = await Promise.all(instances.map((ledger) => ledger.claim(key, NOW)));
        assert.equal(wins.filter(Boolean).length, 1, `exactly one claim of ${key}`);
      }
      const restarted = new GreetingLedger(reopen());
      for (const key of keys) assert.equal(await restarted.has(key), true);
      assert.equal(await restarted.claim('personal/a:1x', NOW), false);
      await restarted.forget('personal/a:1x');
      assert.equal(await first.claim('personal/a:1x', NOW), true, 'claimable again after forgetting');
      assert.equal(await first.has('personal/a:1y'), true, 'other keys untouched');
    });
  });
});
