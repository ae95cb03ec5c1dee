// One behavioural contract for every Storage we ship: run it against a factory.
import { strict as assert } from 'node:assert';
import { isETagConflict, type Storage } from '../../src/storage';

export interface StorageFixture {
  storage: Storage;
  /** A new instance over the same data, as after a restart. */
  reopen(): Storage;
}

async function eTagOf(storage: Storage, key: string): Promise<string> {
  const item = (await storage.read([key]))[key] as { eTag?: unknown } | undefined;
  assert.ok(item, `expected ${key} to exist`);
  assert.equal(typeof item.eTag, 'string');
  return item.eTag as string;
}

async function rejectsWithConflict(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => isETagConflict(error));
}

export function storageContract(name: string, create: () => Promise<StorageFixture>): void {
  describe(`Storage contract: ${name}`, () => {
    let fixture: StorageFixture;
    let storage: Storage;
    beforeEach(async () => {
      fixture = await create();
      storage = fixture.storage;
    });

    it('reads nothing for keys never written', async () => {
      assert.deepEqual(await storage.read(['missing', 'also/missing']), {});
    });

    it('reads back what was written, with an eTag, and only the keys asked for', async () => {
      const value = { name: "Siobhán O'Brien", nested: { list: [1, 'two', null], flag: true }, emoji: '🛠️' };
      await storage.write({ a: value, b: { other: 1 } });
      const items = await storage.read(['a', 'missing']);
      assert.deepEqual(Object.keys(items), ['a']);
      const { eTag, ...rest } = items['a'] as Record<string, unknown>;
      assert.deepEqual(rest, value);
      assert.equal(typeof eTag, 'string');
      assert.notEqual(eTag, '');
    });

    it('gives every write a new eTag and does not store the eTag it was given', async () => {
      await storage.write({ k: { n: 1 } });
      const first = await eTagOf(storage, 'k');
      await storage.write({ k: { n: 2, eTag: first } });
      const second = await eTagOf(storage, 'k');
      await storage.write({ k: { n: 2, eTag: second } });
      const third = await eTagOf(storage, 'k');
      assert.equal(new Set([first, second, third]).size, 3);
      assert.deepEqual((await storage.read(['k']))['k'], { n: 2, eTag: third });
    });

    it('rejects a write with a stale eTag, recognisably, and keeps the newer value', async () => {
      await storage.write({ k: { n: 1 } });
      const stale = await eTagOf(storage, 'k');
      await storage.write({ k: { n: 2, eTag: stale } });
      await rejectsWithConflict(storage.write({ k: { n: 3, eTag: stale } }));
      assert.equal(((await storage.read(['k']))['k'] as { n: number }).n, 2);
    });

    it('treats a specific eTag for an item that does not exist (any more) as a conflict', async () => {
      await storage.write({ k: { n: 1 } });
      const eTag = await eTagOf(storage, 'k');
      await storage.delete(['k']);
      await rejectsWithConflict(storage.write({ k: { n: 2, eTag } }));
      assert.deepEqual(await storage.read(['k']), {});
    });

    it("overwrites unconditionally with eTag '*' or without an eTag", async () => {
      await storage.write({ k: { n: 1 } });
      await storage.write({ k: { n: 2, eTag: '*' } });
      assert.equal(((await storage.read(['k']))['k'] as { n: number }).n, 2);
      await storage.write({ k: { n: 3 } });
      assert.equal(((await storage.read(['k']))['k'] as { n: number }).n, 3);
      await storage.write({ fresh: { n: 1, eTag: '*' } });
      assert.equal(((await storage.read(['fresh']))['fresh'] as { n: number }).n, 1);
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.delete(['a', 'never-there']);
      assert.deepEqual(Object.keys(await storage.read(['a', 'b'])), ['b']);
    });

    it('keeps keys with slashes, colons, spaces, percent signs and unicode apart', async () => {
      const keys = [
        'escalations/cases/HD-ABC123',
        'escalations%2Fcases%2FHD-ABC123',
        'escalations_2fcases',
        'conversation:19:abc@thread.tacv2',
        'with space',
        'With Space',
        'ünïcödé/名前/🙂',
        `long/${'x'.repeat(300)}/a`,
        `long/${'x'.repeat(300)}/b`,
      ];
      await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
      const items = await storage.read(keys);
      assert.deepEqual(
        keys.map((key) => (items[key] as { i: number } | undefined)?.i),
        keys.map((_, i) => i),
      );
    });

    it('lets exactly one of several writers with the same eTag win, across instances too', async () => {
      await storage.write({ k: { winner: null } });
      const eTag = await eTagOf(storage, 'k');
      const instances = [storage, fixture.reopen()];
      const writers = Array.from({ length: 8 }, (_, i) =>
        (instances[i % 2] ?? storage).write({ k: { winner: i, eTag } }),
      );
      const results = await Promise.allSettled(writers);
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(won.length, 1, `expected one winner, got ${won.length}`);
      for (const r of results) if (r.status === 'rejected') assert.ok(isETagConflict(r.reason));
      assert.equal(((await storage.read(['k']))['k'] as { winner: number }).winner, won[0]);
    });

    it('keeps data and eTags across a new instance (a restart)', async () => {
      await storage.write({ 'a/b': { n: 1 } });
      const eTag = await eTagOf(storage, 'a/b');
      const restarted = fixture.reopen();
      assert.deepEqual((await restarted.read(['a/b']))['a/b'], { n: 1, eTag });
      await restarted.write({ 'a/b': { n: 2, eTag } });
      await rejectsWithConflict(storage.write({ 'a/b': { n: 3, eTag } }));
      assert.equal(((await storage.read(['a/b']))['a/b'] as { n: number }).n, 2);
    });
  });
}
