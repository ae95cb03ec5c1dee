// The audit trail in Azure Blob storage, shared by every instance: one append blob per day (appends from
// several instances land whole and in order), rolling to a next part when a blob reaches the service's
// block limit. Days older than the retention are deleted, checked once a day.
import { RestError, type ContainerClient } from '@azure/storage-blob';
import { retriedOnce } from '../concurrency/retried-once';
import { Retention, dayOf, newestAbout } from './audit-log';
import type { AuditEntry, AuditLog, AuditLogOptions, AuditSubject } from './audit-log';

const PREFIX = 'audit/';
/** `audit/YYYY-MM-DD/NNNN.jsonl`: names sort by day, then part. */
const BLOB_NAME = /^audit\/(\d{4}-\d{2}-\d{2})\/(\d{4})\.jsonl$/;

function status(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

function code(error: unknown): string | undefined {
  return error instanceof RestError ? error.code : undefined;
}

export type BlobAuditLogOptions = AuditLogOptions;

export class BlobAuditLog implements AuditLog {
  private readonly retention: Retention;
  /** The part each day's appends go to, once known. */
  private readonly parts = new Map<string, number>();
  private readonly ensureContainer: () => Promise<unknown>;

  constructor(
    private readonly container: ContainerClient,
    options: BlobAuditLogOptions = {},
  ) {
    this.retention = new Retention(options, (keepFrom) => this.prune(keepFrom));
    this.ensureContainer = retriedOnce(() => container.createIfNotExists());
  }

  private blobName(day: string, part: number): string {
    return `${PREFIX}${day}/${String(part).padStart(4, '0')}.jsonl`;
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.ensureContainer();
    const day = dayOf(entry.time);
    const line = `${JSON.stringify(entry)}\n`;
    let part = this.parts.get(day) ?? 0;
    for (;;) {
      const blob = this.container.getAppendBlobClient(this.blobName(day, part));
      try {
        await blob.appendBlock(line, Buffer.byteLength(line));
        break;
      } catch (error) {
        if (status(error) === 404) {
          await blob.createIfNotExists();
          continue;
        }
        if (code(error) === 'BlockCountExceedsLimit' || code(error) === 'MaxBlobSizeConditionNotMet') {
          part++;
          continue;
        }
        throw error;
      }
    }
    this.parts.set(day, part);
    await this.retention.afterRecord();
  }

  /** Deletes the blobs of days older than the retention. */
  private async prune(keepFrom: string): Promise<void> {
    await this.ensureContainer();
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) {
      const day = BLOB_NAME.exec(blob.name)?.[1];
      if (day !== undefined && day < keepFrom) {
        await this.container.deleteBlob(blob.name).catch((error: unknown) => {
          if (status(error) !== 404) throw error;
        });
      }
    }
  }

  async findBySubject(subject: AuditSubject, limit: number): Promise<AuditEntry[]> {
    await this.ensureContainer();
    const names: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) {
      if (BLOB_NAME.test(blob.name)) names.push(blob.name);
    }
    names.sort().reverse();
    return newestAbout(this.linesNewestFirst(names), subject, limit);
  }

  /** The lines of these blobs, each blob's last first; a blob is downloaded only when it is reached. */
  private async *linesNewestFirst(names: readonly string[]): AsyncGenerator<string> {
    for (const name of names) {
      const text = (await this.container.getAppendBlobClient(name).downloadToBuffer()).toString('utf8');
      yield* text.split('\n').reverse();
    }
  }
}
