// The audit log as JSON lines, one file a day, appended (O_APPEND keeps concurrent writers' lines whole).
// Reading goes backwards from the newest line and stops at the limit, so `audit <user>` stays quick however
// long the files grow. Days older than the retention are deleted, checked once a day.
import { appendFile, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { retriedOnce } from '../concurrency/retried-once';
import { Retention, dayOf, newestAbout } from './audit-log';
import type { AuditEntry, AuditLog, AuditLogOptions, AuditSubject } from './audit-log';

const CHUNK_BYTES = 64 * 1024;
/** Daily files; monthly ones (`audit-YYYY-MM.jsonl`) were written by earlier versions and are still read. */
const AUDIT_FILE = /^audit-(\d{4}-\d{2})(-\d{2})?\.jsonl$/;

/** The lines of a file, last first, read in chunks from the end. */
async function* linesBackwards(path: string): AsyncGenerator<string> {
  const file = await open(path, 'r');
  try {
    let position = (await file.stat()).size;
    let rest = Buffer.alloc(0);
    while (position > 0) {
      const size = Math.min(CHUNK_BYTES, position);
      position -= size;
      const chunk = Buffer.alloc(size);
      await file.read(chunk, 0, size, position);
      // Split on bytes, not characters: a chunk boundary may fall inside a multi-byte character.
      let data = Buffer.concat([chunk, rest]);
      let newline = data.lastIndexOf(0x0a);
      while (newline !== -1) {
        const line = data.subarray(newline + 1).toString('utf8');
        if (line.trim() !== '') yield line;
        data = data.subarray(0, newline);
        newline = data.lastIndexOf(0x0a);
      }
      rest = data;
    }
    const first = rest.toString('utf8');
    if (first.trim() !== '') yield first;
  } finally {
    await file.close();
  }
}

/** The last day a file holds entries of: the day itself, or the last day of a monthly file's month. */
function lastDayIn(name: string): string | null {
  const match = AUDIT_FILE.exec(name);
  if (!match?.[1]) return null;
  if (match[2]) return `${match[1]}${match[2]}`;
  const [year, month] = match[1].split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, month ?? 1, 0)).toISOString().slice(0, 10);
}

export type FileAuditLogOptions = AuditLogOptions;

export class FileAuditLog implements AuditLog {
  private readonly retention: Retention;
  private readonly ensureDir: () => Promise<unknown>;

  constructor(
    private readonly dir: string,
    options: FileAuditLogOptions = {},
  ) {
    this.retention = new Retention(options, (keepFrom) => this.prune(keepFrom));
    this.ensureDir = retriedOnce(() => mkdir(dir, { recursive: true }));
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.ensureDir();
    const file = join(this.dir, `audit-${dayOf(entry.time)}.jsonl`);
    await appendFile(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', flag: 'a' });
    await this.retention.afterRecord();
  }

  /** Deletes files whose every entry is older than the retention; at most once per day per instance. */
  private async prune(keepFrom: string): Promise<void> {
    await this.ensureDir();
    for (const name of await readdir(this.dir)) {
      const last = lastDayIn(name);
      if (last !== null && last < keepFrom) {
        await unlink(join(this.dir, name)).catch(() => undefined);
      }
    }
  }

  async findBySubject(subject: AuditSubject, limit: number): Promise<AuditEntry[]> {
    await this.ensureDir();
    const files = (await readdir(this.dir))
      .filter((f) => AUDIT_FILE.test(f))
      // Newest day first; a monthly file sorts before the daily files of its own month, which is right.
      .sort((a, b) => (lastDayIn(b) ?? '').localeCompare(lastDayIn(a) ?? '') || b.localeCompare(a));
    return newestAbout(this.linesNewestFirst(files), subject, limit);
  }

  /** The lines of these files, each file's last first; a file is opened only when it is reached. */
  private async *linesNewestFirst(files: readonly string[]): AsyncGenerator<string> {
    for (const file of files) yield* linesBackwards(join(this.dir, file));
  }
}
