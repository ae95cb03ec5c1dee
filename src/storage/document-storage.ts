// The project's own storage port: documents by key (read, write with eTags, delete) plus what keeps
// escalations free of a hot shared document: create-only writes, conditional deletes and listing by prefix.

/** One stored document: its fields and, as read, the eTag of that version. */
export interface StoreItem {
  [field: string]: unknown;
  eTag?: string;
}

export type StoreItems = Record<string, StoreItem>;

/**
 * Read, write and delete documents by key. A write whose item carries an eTag other than '*' succeeds only
 * while the stored version still has it (else it throws an error isETagConflict recognises).
 */
export interface Storage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export interface DocumentStorage extends Storage {
  /** Writes only when the key does not exist yet; false when it does (someone else created it). */
  create(key: string, value: object): Promise<boolean>;
  /** Deletes only when the stored eTag is still `eTag`; false when it changed or is gone. */
  deleteIfMatch(key: string, eTag: string): Promise<boolean>;
  /** Every key that starts with `prefix`, in no particular order. */
  list(prefix: string): Promise<string[]>;
}

/** A document that exists but cannot be read as one; it has been set aside under `setAsideAs`. */
export interface CorruptDocument {
  key: string;
  setAsideAs: string;
  at: string;
}

/**
 * Where stores report documents they found corrupt and set aside. Readiness reads it (degraded), and
 * owners of derived documents listen to rebuild them.
 */
export class CorruptionMonitor {
  private readonly found: CorruptDocument[] = [];
  private readonly listeners: ((document: CorruptDocument) => void)[] = [];

  report(document: CorruptDocument): void {
    this.found.push(document);
    for (const listener of this.listeners) listener(document);
  }

  onCorrupt(listener: (document: CorruptDocument) => void): void {
    this.listeners.push(listener);
  }

  /** Everything set aside since this instance started, oldest first. */
  get documents(): readonly CorruptDocument[] {
    return this.found;
  }
}

/** A stored value is a JSON object; anything else (an array, a string, garbage) is not one of ours. */
export function isStoredObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
