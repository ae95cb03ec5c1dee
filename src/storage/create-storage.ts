import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { FileStorage } from './file-storage';

export type StorageSettings =
  { kind: 'file'; dir: string } | { kind: 'azure-blob'; connectionString: string; container: string };

export function createStorage(settings: StorageSettings): Storage {
  switch (settings.kind) {
    case 'file':
      return new FileStorage(settings.dir);
    case 'azure-blob':
      return new BlobsStorage(settings.connectionString, settings.container);
  }
}
