// Who has been welcomed and which teams and chats got the bot's introduction, on the Storage port, so that
// "once" holds across restarts and between instances: Teams sends two events for one install, and they
// may reach two instances at the same moment.
//
// The Storage port has no create-only write, so a claim is a conditional update of a document that
// already exists: the entries live in a fixed number of shard documents, created before the bot serves.
import { createHash } from 'node:crypto';
import { readVersioned, updateDocument, type Storage } from '../storage';

const SHARDS = 16;

interface LedgerShard {
  entries: Record<string, { at: string }>;
}

export interface GreetingLedgerOptions {
  keyPrefix?: string;
}

export class GreetingLedger {
  private readonly prefix: string;
  private prepared: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    options: GreetingLedgerOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'greetings/';
  }

  private shardKey(key: string): string {
    const shard = createHash('sha256').update(key).digest().readUInt32BE(0) % SHARDS;
    return `${this.prefix}shard-${shard}`;
  }

  /**
   * Creates the shard documents that do not exist yet. Called at start, before any turn; a claim also
   * waits for it. (Two instances starting on an empty store at the same moment remain the one window.)
   */
  prepare(): Promise<void> {
    this.prepared ??= (async () => {
      const keys = Array.from({ length: SHARDS }, (_, i) => `${this.prefix}shard-${i}`);
      const existing = await this.storage.read(keys);
      const missing = keys.filter((k) => !existing[k]);
      if (missing.length === 0) return;
      const empty: LedgerShard = { entries: {} };
      await this.storage.write(Object.fromEntries(missing.map((k) => [k, { ...empty, eTag: '*' }])));
    })().catch((error: unknown) => {
      this.prepared = null;
      throw error;
    });
    return this.prepared;
  }

  /** True for exactly one caller per key, until the key is forgotten. */
  async claim(key: string, now: Date): Promise<boolean> {
    await this.prepare();
    return updateDocument<LedgerShard, boolean>(this.storage, this.shardKey(key), (current) => {
      const entries = current?.entries ?? {};
      if (entries[key]) return { result: false };
      return { write: { entries: { ...entries, [key]: { at: now.toISOString() } } }, result: true };
    });
  }

  async has(key: string): Promise<boolean> {
    await this.prepare();
    const shard = await readVersioned<LedgerShard>(this.storage, this.shardKey(key));
    return shard?.value.entries[key] !== undefined;
  }

  /** After an uninstall: the next install is greeted again. */
  async forget(key: string): Promise<void> {
    await this.prepare();
    await updateDocument<LedgerShard, void>(this.storage, this.shardKey(key), (current) => {
      if (!current?.entries[key]) return { result: undefined };
      const { [key]: _gone, ...rest } = current.entries;
      return { write: { entries: rest }, result: undefined };
    });
  }
}
