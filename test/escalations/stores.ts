// Runs a block of tests once per store we ship: files in a temp dir, and Azure Blob on Azurite.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import { createStorage, type StorageSettings } from '../../src/storage';
import { startAzurite, type Azurite } from '../storage/azurite';

export interface StoreUnderTest {
  /** A store over fresh, empty data. */
  fresh(): Promise<{ storage: Storage; reopen: () => Storage }>;
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
        return { storage: createStorage(settings), reopen: () => createStorage(settings) };
      },
    });
  });

  describe('on BlobsStorage (Azurite)', () => {
    let azurite: Azurite | null = null;
    before(async function () {
      this.timeout(30_000);
      azurite = await startAzurite();
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
        return Promise.resolve({ storage: createStorage(settings), reopen: () => createStorage(settings) });
      },
    });
  });
}
