import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage, isETagConflict } from '../../src/storage';
import { keyToFileName } from '../../src/storage/file-name';

describe('FileStorage on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'file-storage-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('leaves one JSON file per key and no temp files, even after many concurrent and losing writes', async () => {
    const storage = new FileStorage(dir);
    await storage.write({ 'a/b': { n: 0 }, 'c:d': { n: 0 } });
    const eTag = ((await storage.read(['a/b']))['a/b'] as { eTag: string }).eTag;
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => storage.write({ 'a/b': { n: i, eTag } })),
      ...Array.from({ length: 10 }, (_, i) => storage.write({ 'c:d': { n: i } })),
    ]);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 9);
    assert.deepEqual((await readdir(dir)).sort(), [keyToFileName('a/b'), keyToFileName('c:d')].sort());
  });

  it('names files safely: no separators, no leading dot, case kept apart, bounded length', () => {
    const names = ['a/b', '../../etc/passwd', 'A', 'a', 'C:\\x', '名前', 'x'.repeat(1000)].map(keyToFileName);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) {
      assert.match(name, /^[a-z0-9_~-]+\.json$/);
      assert.ok(Buffer.byteLength(name) < 200, name);
    }
  });

  it('refuses empty keys', async () => {
    await assert.rejects(new FileStorage(dir).write({ '': { n: 1 } }), /non-empty/);
  });

  it('writes the other keys of a batch when one of them conflicts, then reports the conflict', async () => {
    const storage = new FileStorage(dir);
    await storage.write({ a: { n: 1 } });
    await assert.rejects(storage.write({ a: { n: 2, eTag: 'stale' }, b: { n: 1 } }), isETagConflict);
    const items = await storage.read(['a', 'b']);
    assert.equal((items['a'] as { n: number }).n, 1);
    assert.equal((items['b'] as { n: number }).n, 1);
  });

  it('removes temp files left by a crash when it starts, but not ones that may be in flight', async () => {
    await writeFile(join(dir, '.crashed.tmp'), '{"half":');
    await writeFile(join(dir, '.inflight.tmp'), '{"half":');
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(join(dir, '.crashed.tmp'), old, old);
    const storage = new FileStorage(dir);
    assert.deepEqual(await storage.read(['x']), {});
    assert.deepEqual((await readdir(dir)).sort(), ['.inflight.tmp']);
  });

  it('stores the value without its eTag, next to the key it belongs to', async () => {
    const storage = new FileStorage(dir);
    await storage.write({ 'k/1': { n: 1, eTag: '*' } });
    const stored = JSON.parse(await readFile(join(dir, keyToFileName('k/1')), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(stored['key'], 'k/1');
    assert.deepEqual(stored['value'], { n: 1 });
    assert.equal(typeof stored['eTag'], 'string');
  });

  it('takes over the lock of a writer that died mid-write', async () => {
    const lock = join(dir, `.${keyToFileName('k')}.lock`);
    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const storage = new FileStorage(dir);
    await storage.write({ k: { n: 1 } });
    assert.deepEqual(await readdir(dir), [keyToFileName('k')]);
  });
});
