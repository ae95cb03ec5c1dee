// The embedded default store: one JSON file per key, replaced atomically, with eTags.
// A write compares eTags and renames while holding the key's lock file, so compare-and-swap also holds
// between instances and processes sharing the directory; inside one instance writes to a key queue up
// first, so they do not spin on the lock. Several hosts share state through Azure Blob instead.
// A file that is not one of our documents is renamed aside (kept for inspection), reported, and read as
// absent, so one damaged file never stops the rest.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CorruptionMonitor,
  isStoredObject,
  type DocumentStorage,
  type StoreItem,
  type StoreItems,
} from './document-storage';
import { ETagConflictError } from './etag-conflict';
import { fileNameToKey, keyToFileName } from './file-name';

interface StoredFile {
  key: string;
  eTag: string;
  value: Record<string, unknown>;
}

/** A temp file this old was left by a crash, not by a write in flight. */
const STALE_TEMP_MS = 60_000;
const TEMP_FILE = /^\..*\.tmp$/;
/** A lock whose owner cannot be checked (another host, or not yet labelled) is stale after this long. */
const STALE_LOCK_MS = 10_000;
const HOST = hostname();
const CORRUPT = 'corrupt';
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

/** True when the lock file names a process on this host that no longer runs. */
function ownerIsDead(label: string): boolean {
  const [pid, host] = label.split(' ');
  if (host !== HOST || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return isNodeError(error, 'ESRCH');
  }
}

export class FileStorage implements DocumentStorage {
  private ready: Promise<void> | null = null;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly dir: string,
    private readonly corruption: CorruptionMonitor = new CorruptionMonitor(),
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    keys.forEach(checkKey);
    await this.ensureDir();
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        let stored = await this.load(key);
        if (stored === CORRUPT) stored = await this.exclusive(key, () => this.loadSettingAside(key));
        if (stored) items[key] = { ...stored.value, eTag: stored.eTag };
      }),
    );
    return items;
  }

  async create(key: string, value: object): Promise<boolean> {
    checkKey(key);
    await this.ensureDir();
    return this.exclusive(key, async () => {
      if ((await this.loadSettingAside(key)) !== null) return false;
      await this.replaceFile(this.pathOf(key), JSON.stringify(this.stored(key, value)));
      return true;
    });
  }

  async deleteIfMatch(key: string, eTag: string): Promise<boolean> {
    checkKey(key);
    await this.ensureDir();
    return this.exclusive(key, async () => {
      const current = await this.loadSettingAside(key);
      if (current?.eTag !== eTag) return false;
      await unlink(this.pathOf(key));
      return true;
    });
  }

  async list(prefix: string): Promise<string[]> {
    await this.ensureDir();
    const keys: string[] = [];
    for (const name of await readdir(this.dir)) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      let key = fileNameToKey(name);
      if (key === null) {
        // A hashed name: the key is inside the file.
        const stored = await this.loadFile(join(this.dir, name));
        key = stored === null || stored === CORRUPT ? null : stored.key;
      }
      if (key !== null && key.startsWith(prefix)) keys.push(key);
    }
    return keys;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    entries.forEach(([key]) => checkKey(key));
    await this.ensureDir();
    // Keys are independent, as in BlobStorage: the others are still written when one conflicts.
    const results = await Promise.allSettled(
      entries.map(([key, item]) => this.exclusive(key, () => this.writeOne(key, item))),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(checkKey);
    await this.ensureDir();
    await Promise.all(
      keys.map((key) =>
        this.exclusive(key, async () => {
          try {
            await unlink(this.pathOf(key));
          } catch (error) {
            if (!isNodeError(error, 'ENOENT')) throw error;
          }
        }),
      ),
    );
  }

  /** Queued behind this instance's other work on the key, and holding the key's lock file. */
  private exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.serialised(key, () => this.locked(key, task));
  }

  private stored(key: string, value: object): StoredFile {
    return { key, eTag: newETag(), value: JSON.parse(JSON.stringify(value)) as StoredFile['value'] };
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

  private async load(key: string): Promise<StoredFile | null | typeof CORRUPT> {
    const stored = await this.loadFile(this.pathOf(key));
    // Only a truncated hash could map two keys to one file; treat the other key's file as absent.
    return stored === null || stored === CORRUPT || stored.key === key ? stored : null;
  }

  private async loadFile(path: string): Promise<StoredFile | null | typeof CORRUPT> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return CORRUPT;
    }
    if (
      !isStoredObject(parsed) ||
      typeof parsed.key !== 'string' ||
      typeof parsed.eTag !== 'string' ||
      !isStoredObject(parsed.value)
    ) {
      return CORRUPT;
    }
    return parsed as unknown as StoredFile;
  }

  /** Under the key's lock: a corrupt file is renamed aside and reported, then reads as absent. */
  private async loadSettingAside(key: string): Promise<StoredFile | null> {
    const stored = await this.load(key);
    if (stored !== CORRUPT) return stored;
    const name = `${keyToFileName(key)}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.pathOf(key), join(this.dir, name));
    this.corruption.report({ key, setAsideAs: name, at: new Date().toISOString() });
    return null;
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...value } = item;
    const current = await this.loadSettingAside(key);
    // '*' or no eTag writes unconditionally; as in BlobStorage, a specific eTag for an item
    // that no longer exists is a conflict too.
    const conditional = typeof eTag === 'string' && eTag !== '' && eTag !== '*';
    if (conditional && current?.eTag !== eTag) throw new ETagConflictError(key);
    await this.replaceFile(this.pathOf(key), JSON.stringify(this.stored(key, value)));
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

  /**
   * The lock file holds its owner's pid and host: a lock left by a process that died on this host is taken
   * over at once; one that cannot be checked (another host, or an unlabelled one) after STALE_LOCK_MS.
   */
  private async locked<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lock = join(this.dir, `.${keyToFileName(key)}.lock`);
    // The label is written first and the lock appears by link(), so no lock ever exists without its owner.
    const label = join(this.dir, `.${randomBytes(8).toString('hex')}.tmp`);
    await writeFile(label, `${process.pid} ${HOST}`, 'utf8');
    const started = Date.now();
    try {
      for (;;) {
        try {
          await link(label, lock);
          break;
        } catch (error) {
          if (!isNodeError(error, 'EEXIST')) throw error;
        }
        if (await this.takeOverIfStale(lock)) continue;
        if (Date.now() - started > LOCK_TIMEOUT_MS) throw new Error(`Storage: "${key}" stayed locked`);
        await sleep(1 + Math.floor(Math.random() * 5));
      }
    } finally {
      await unlink(label);
    }
    try {
      return await task();
    } finally {
      await unlink(lock);
    }
  }

  /** Removes a dead owner's lock; true when the caller should try again at once. */
  private async takeOverIfStale(lock: string): Promise<boolean> {
    let label: string;
    let age: number;
    try {
      label = await readFile(lock, 'utf8');
      age = Date.now() - (await stat(lock)).mtimeMs;
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return true;
      throw error;
    }
    if (!ownerIsDead(label) && age <= STALE_LOCK_MS) return false;
    // Renamed, not unlinked: of several waiters only one moves it, and it can check what it moved.
    const moved = `${lock}.${randomBytes(6).toString('hex')}.stale`;
    try {
      await rename(lock, moved);
    } catch (error) {
      if (isNodeError(error, 'ENOENT')) return true;
      throw error;
    }
    const movedLabel = await readFile(moved, 'utf8').catch(() => label);
    // A live owner took the lock between our read and the rename: give it back.
    if (movedLabel !== label) await link(moved, lock).catch(() => undefined);
    await unlink(moved).catch(() => undefined);
    return true;
  }

  private serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
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
