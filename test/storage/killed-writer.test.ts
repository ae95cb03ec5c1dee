// A writer killed mid-write (SIGKILL while it holds the key's lock): the next write proceeds at once. The
// clock is stopped, so only recognising the dead owner can let it through; waiting for the lock to age
// would hang the test.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sinon from 'sinon';
import { FileStorage } from '../../src/storage';

/** Starts the writer, kills it as soon as it holds the lock, and resolves once it is gone. */
async function killWhileLocked(dir: string): Promise<void> {
  // Node itself (not the tsx launcher, which runs the script in a child of its own), so SIGKILL hits the writer.
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', join(__dirname, 'fixtures', 'write-forever.ts'), dir],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const watcher = watch(dir, (_event, name) => {
    if (name?.endsWith('.lock')) {
      child.kill('SIGKILL');
      watcher.close();
    }
  });
  await exited;
  watcher.close();
}

describe('FileStorage after a writer was killed mid-write', () => {
  let dir: string;
  let clock: sinon.SinonFakeTimers | null = null;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'killed-writer-'));
  });
  afterEach(async () => {
    clock?.restore();
    clock = null;
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the dead writer's lock over at once and writes", async function () {
    this.timeout(60_000);
    let locks: string[] = [];
    for (let attempt = 0; attempt < 5 && locks.length === 0; attempt++) {
      await killWhileLocked(dir);
      locks = (await readdir(dir)).filter((n) => n.endsWith('.lock'));
    }
    assert.equal(locks.length, 1, 'the killed writer left its lock behind');
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    const storage = new FileStorage(dir);
    await storage.write({ k: { n: -1 } });
    assert.equal(((await storage.read(['k']))['k'] as { n: number }).n, -1);
    assert.deepEqual(
      (await readdir(dir)).filter((n) => n.endsWith('.lock')),
      [],
    );
  });
});
