// Azure Blob Storage as a DocumentStorage: one block blob per key, conditional writes on the blob's own
// ETag (If-Match, If-None-Match: * for create-only), listing by name prefix. Blob names are the key,
// URI-encoded, as botbuilder's BlobsStorage named them, so state written by it stays readable.
import { RestError, type ContainerClient } from '@azure/storage-blob';
import { mapConcurrently } from '../concurrency/map-concurrently';
import { retriedOnce } from '../concurrency/retried-once';
import { CorruptionMonitor, isStoredObject, type DocumentStorage, type StoreItems } from './document-storage';
import { ETagConflictError } from './etag-conflict';

const CONCURRENCY = 16;
/** Set-aside documents live under this name prefix, which no encoded key can start with. */
const CORRUPT_PREFIX = 'corrupt/';

function blobName(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new Error('Storage: keys must be non-empty strings');
  return encodeURIComponent(key);
}

function status(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

type Loaded = { value: Record<string, unknown>; eTag: string } | null;

export class BlobStorage implements DocumentStorage {
  private readonly ensureContainer: () => Promise<unknown>;

  constructor(
    private readonly container: ContainerClient,
    private readonly corruption: CorruptionMonitor = new CorruptionMonitor(),
  ) {
    this.ensureContainer = retriedOnce(() => container.createIfNotExists());
  }

  private async load(key: string): Promise<Loaded> {
    const blob = this.container.getBlockBlobClient(blobName(key));
    let text: string;
    let eTag: string;
    try {
      // One response for body and ETag, so the ETag is the one of the text read.
      const response = await blob.download();
      eTag = response.etag ?? '';
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (status(error) === 404) return null;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isStoredObject(parsed)) return { value: parsed, eTag };
    await this.setAside(key, text, eTag);
    return null;
  }

  /** Copies the unreadable text aside and deletes the original only if nobody rewrote it meanwhile. */
  private async setAside(key: string, text: string, eTag: string): Promise<void> {
    const name = `${CORRUPT_PREFIX}${blobName(key)}.${new Date().toISOString()}`;
    await this.container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
    try {
      await this.container.deleteBlob(blobName(key), { conditions: { ifMatch: eTag } });
    } catch (error) {
      if (status(error) !== 404 && status(error) !== 412) throw error;
    }
    this.corruption.report({ key, setAsideAs: name, at: new Date().toISOString() });
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ensureContainer();
    const loaded = await mapConcurrently(keys, CONCURRENCY, (key) => this.load(key));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const item = loaded[i];
      if (item) items[key] = { ...item.value, eTag: item.eTag };
    });
    return items;
  }

  private async upload(key: string, value: object, conditions: { ifMatch?: string; ifNoneMatch?: string }) {
    const body = JSON.stringify(value);
    await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
      conditions,
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }

  async write(changes: StoreItems): Promise<void> {
    await this.ensureContainer();
    const entries = Object.entries(changes);
    const results = await Promise.allSettled(
      entries.map(async ([key, item]) => {
        const { eTag, ...value } = item;
        const conditional = typeof eTag === 'string' && eTag !== '' && eTag !== '*';
        try {
          await this.upload(key, value, conditional ? { ifMatch: eTag } : {});
        } catch (error) {
          // 412: the ETag changed; 404: conditional on a blob that no longer exists.
          if (conditional && (status(error) === 412 || status(error) === 404))
            throw new ETagConflictError(key);
          throw error;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async create(key: string, value: object): Promise<boolean> {
    await this.ensureContainer();
    try {
      await this.upload(key, value, { ifNoneMatch: '*' });
      return true;
    } catch (error) {
      if (status(error) === 409 || status(error) === 412) return false;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.ensureContainer();
    await mapConcurrently(keys, CONCURRENCY, (key) =>
      this.container.deleteBlob(blobName(key)).catch((error: unknown) => {
        if (status(error) !== 404) throw error;
      }),
    );
  }

  async deleteIfMatch(key: string, eTag: string): Promise<boolean> {
    await this.ensureContainer();
    try {
      await this.container.deleteBlob(blobName(key), { conditions: { ifMatch: eTag } });
      return true;
    } catch (error) {
      if (status(error) === 404 || status(error) === 412) return false;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    await this.ensureContainer();
    const keys: string[] = [];
    const namePrefix = prefix === '' ? '' : encodeURIComponent(prefix);
    for await (const blob of this.container.listBlobsFlat({ prefix: namePrefix })) {
      if (blob.name.startsWith(CORRUPT_PREFIX)) continue;
      keys.push(decodeURIComponent(blob.name));
    }
    return keys;
  }
}
