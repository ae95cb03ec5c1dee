import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../../src/storage';
import { startAzurite, type Azurite } from './azurite';
import { storageContract } from './storage-contract';

describe('storage', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  storageContract('FileStorage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-storage-'));
    dirs.push(dir);
    return {
      storage: createStorage({ kind: 'file', dir }),
      reopen: () => createStorage({ kind: 'file', dir }),
    };
  });

  describe('on Azurite', () => {
    let azurite: Azurite | null = null;
    before(async function () {
      this.timeout(90_000);
      azurite = await startAzurite(60_000);
    });
    after(() => azurite?.stop());

    storageContract('BlobsStorage', () => {
      if (!azurite) throw new Error('Azurite did not start');
      const settings = {
        kind: 'azure-blob' as const,
        connectionString: azurite.connectionString,
        container: azurite.newContainer(),
      };
      return Promise.resolve({ storage: createStorage(settings), reopen: () => createStorage(settings) });
    });
  });
});
