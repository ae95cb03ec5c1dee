import { ContainerClient } from '@azure/storage-blob';
import { BlobStorage } from './blob-storage';
import { CorruptionMonitor, type DocumentStorage } from './document-storage';
import { FileStorage } from './file-storage';

export type StorageSettings =
  { kind: 'file'; dir: string } | { kind: 'azure-blob'; connectionString: string; container: string };

export function createStorage(
  settings: StorageSettings,
  corruption: CorruptionMonitor = new CorruptionMonitor(),
): DocumentStorage {
  switch (settings.kind) {
    case 'file':
      return new FileStorage(settings.dir, corruption);
    case 'azure-blob':
      return new BlobStorage(new ContainerClient(settings.connectionString, settings.container), corruption);
  }
}
