// The embedded default store: one JSON file per key, replaced atomically, with eTags.
// A write compares eTags and renames while holding the key's lock file, so compare-and-swap also holds
// between instances and processes sharing the directory; inside one instance writes to a key queue up
// first, so they do not spin on the lock. Several hosts share state through Azure Blob instead.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { ETagConflictError } from './etag-conflict';
import { keyToFileName } from './file-name';

interface StoredFile {
  key: string;
  eTag: string;
  value: Record<string, unknown>;
}

/** A temp file this old was left by a crash, not by a write in flight. */
const STALE_TEMP_MS = 60_000;
const TEMP_FILE = /^\..*\.tmp$/;
/** A lock held this long belongs to a process that died mid-write: a write takes milliseconds. */
const STALE_LOCK_MS = 10_000;
const LOCK_TIMEOUT_MS = 30_000;

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function newETag(): string {
  return randomBytes(12).toString('base64url');
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new Error('Storage: keys must be non-empty strings');
}

export class FileStorage implements Storage {
  private ready: Promise<void> | null = null;
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  async read(keys: string[]): Promise<StoreItems> {
    keys.forEach(checkKey);
    await this.ensureDir();
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const stored = await this.load(key);
        if (stored) items[key] = { ...stored.value, eTag: stored.eTag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    entries.forEach(([key]) => checkKey(key));
    await this.ensureDir();
    // Keys are independent, as in BlobsStorage: the others are still written when one conflicts.
    const results = await Promise.allSettled(
      entries.map(([key, item]) =>
        this.serialised(key, () => this.locked(key, () => this.writeOne(key, item as StoreItem))),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(checkKey);
    await this.ensureDir();
    await Promise.all(
      keys.map((key) =>
        this.serialised(key, () =>
          this.locked(key, async () => {
            try {
              await unlink(this.pathOf(key));
            } catch (error) {
              if (!isNodeError(error, 'ENOENT')) throw error;
            }
          }),
        ),
      ),
    );
  }

  private pathOf(key: string): string {
    return join(this.dir, keyToFileName(key));
  }

  private ensureDir(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      await this.removeStaleTempFiles();
    })();
    return this.ready;
  }

  private async removeStaleTempFiles(): Promise<void> {
    const now = Date.now();
    for (const name of await readdir(this.dir)) {
      if (!TEMP_FILE.test(name)) continue;
      const path = join(this.dir, name);
      try {
        if (now - (await stat(path)).mtimeMs > STALE_TEMP_MS) await unlink(path);
      } catch (error) {
        if (!isNodeError(error, 'ENOENT')) throw error;
      }
    }
  }

  private async load(key: string): Promise<StoredFile | null> {
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return null;
      throw error;
    }
    const stored = JSON.parse(text) as StoredFile;
    // Only a truncated hash could map two keys to one file; treat the other key's file as absent.
    return stored.key === key ? stored : null;
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...value } = item;
    const current = await this.load(key);
    // Same rules as MemoryStorage for '*' and no eTag; like BlobsStorage, a specific eTag for an item
    // that no longer exists is a conflict too.
    const conditional = typeof eTag === 'string' && eTag !== '' && eTag !== '*';
    if (conditional && current?.eTag !== eTag) throw new ETagConflictError(key);
    const stored: StoredFile = {
      key,
      eTag: newETag(),
      value: JSON.parse(JSON.stringify(value)) as StoredFile['value'],
    };
    await this.replaceFile(this.pathOf(key), JSON.stringify(stored));
  }

  /** Write to a temp file in the same directory, flush it, then rename over the target: all or nothing. */
  private async replaceFile(path: string, content: string): Promise<void> {
    const temp = join(this.dir, `.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.syncDir();
  }

  /** The rename itself is durable only once the directory entry is flushed. */
  private async syncDir(): Promise<void> {
    let dirHandle;
    try {
      dirHandle = await open(this.dir, 'r');
    } catch (error) {
      // Windows cannot open a directory for fsync; rename there is already durable enough.
      if (isNodeError(error, 'EISDIR') || isNodeError(error, 'EPERM')) return;
      throw error;
    }
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  private async locked(key: string, task: () => Promise<void>): Promise<void> {
    const lock = join(this.dir, `.${keyToFileName(key)}.lock`);
    const started = Date.now();
    for (;;) {
      try {
        await (await open(lock, 'wx')).close();
        break;
      } catch (error) {
        if (!isNodeError(error, 'EEXIST')) throw error;
      }
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        (error: unknown) => {
          if (isNodeError(error, 'ENOENT')) return 0;
          throw error;
        },
      );
      if (age > STALE_LOCK_MS) {
        await unlink(lock).catch((error: unknown) => {
          if (!isNodeError(error, 'ENOENT')) throw error;
        });
        continue;
      }
      if (Date.now() - started > LOCK_TIMEOUT_MS) throw new Error(`Storage: "${key}" stayed locked`);
      await sleep(1 + Math.floor(Math.random() * 5));
    }
    try {
      await task();
    } finally {
      await unlink(lock);
    }
  }

  private serialised(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}
