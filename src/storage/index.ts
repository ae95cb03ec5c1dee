export { BlobStorage } from './blob-storage';
export { createStorage, type StorageSettings } from './create-storage';
export {
  CorruptionMonitor,
  isStoredObject,
  type CorruptDocument,
  type DocumentStorage,
  type Storage,
  type StoreItem,
  type StoreItems,
} from './document-storage';
export { ConcurrentUpdateError, ETagConflictError, isETagConflict } from './etag-conflict';
export { FileStorage } from './file-storage';
export {
  backOff,
  DEFAULT_UPDATE_ATTEMPTS,
  readVersioned,
  updateDocument,
  type UpdateDecision,
  type UpdateOptions,
  type Versioned,
} from './optimistic-update';
