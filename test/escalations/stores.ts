// Runs a block of tests once per store we ship: files in a temp dir, and Azure Blob on Azurite.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import {
  CorruptionMonitor,
  createStorage,
  type DocumentStorage,
  type StorageSettings,
} from '../../src/storage';
import { keyToFileName } from '../../src/storage/file-name';
import { startAzurite, type Azurite } from '../storage/azurite';

export interface StoreUnderTest {
  /** A store over fresh, empty data. */
  fresh(): Promise<FreshStore>;
}

export interface FreshStore {
  storage: DocumentStorage;
  /** Another instance over the same data (a restart, or a second bot instance). */
  reopen: () => DocumentStorage;
  /** Where `storage` reports what it set aside. */
  corruption: CorruptionMonitor;
  /** Replaces the stored document of `key` with raw text, behind the store's back (disk or blob damage). */
  damage(key: string, text: string): Promise<void>;
  /** How many set-aside copies are kept for inspection. */
  setAsideCount(): Promise<number>;
}

export function forEachStore(body: (store: StoreUnderTest) => void): void {
  describe('on FileStorage', () => {
    const dirs: string[] = [];
    after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));
    body({
      fresh: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'escalations-'));
        dirs.push(dir);
        const settings: StorageSettings = { kind: 'file', dir };
        const corruption = new CorruptionMonitor();
        return {
          storage: createStorage(settings, corruption),
          reopen: () => createStorage(settings),
          corruption,
          damage: (key, text) => writeFile(join(dir, keyToFileName(key)), text),
          setAsideCount: async () => (await readdir(dir)).filter((n) => n.includes('.corrupt-')).length,
        };
      },
    });
  });

  describe('on Azure Blob storage (Azurite)', () => {
    let azurite: Azurite | null = null;
    before(async function () {
      this.timeout(90_000);
      azurite = await startAzurite(60_000);
    });
    after(() => azurite?.stop());
    body({
      fresh: () => {
        if (!azurite) throw new Error('Azurite did not start');
        const settings: StorageSettings = {
          kind: 'azure-blob',
          connectionString: azurite.connectionString,
          container: azurite.newContainer(),
        };
        const corruption = new CorruptionMonitor();
        const container = new ContainerClient(settings.connectionString, settings.container);
        return Promise.resolve({
          storage: createStorage(settings, corruption),
          reopen: () => createStorage(settings),
          corruption,
          damage: async (key, text) => {
            await container.createIfNotExists();
            await container.getBlockBlobClient(encodeURIComponent(key)).upload(text, Buffer.byteLength(text));
          },
          setAsideCount: async () => {
            let count = 0;
            for await (const _ of container.listBlobsFlat({ prefix: 'corrupt/' })) count++;
            return count;
          },
        });
      },
    });
  });
}
