// The audit log as JSON lines, one file a month, appended (O_APPEND keeps concurrent writers' lines whole).
// Reading goes backwards from the newest line and stops at the limit, so `audit <user>` stays quick however
// long the files grow.
import { appendFile, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry, AuditLog } from './audit-log';

const CHUNK_BYTES = 64 * 1024;

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

export class FileAuditLog implements AuditLog {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly dir: string) {}

  private ensureDir(): Promise<unknown> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    return this.ready;
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.ensureDir();
    const file = join(this.dir, `audit-${entry.time.slice(0, 7)}.jsonl`);
    await appendFile(file, `${JSON.stringify(entry)}\n`, { encoding: 'utf8', flag: 'a' });
  }

  async findByTarget(targetId: string, limit: number): Promise<AuditEntry[]> {
    await this.ensureDir();
    const files = (await readdir(this.dir))
      .filter((f) => /^audit-\d{4}-\d{2}\.jsonl$/.test(f))
      .sort()
      .reverse();
    const found: AuditEntry[] = [];
    const wanted = targetId.toLowerCase();
    for (const file of files) {
      for await (const line of linesBackwards(join(this.dir, file))) {
        let entry: AuditEntry;
        try {
          entry = JSON.parse(line) as AuditEntry;
        } catch {
          continue; // a line cut short by a crash is skipped, not fatal
        }
        if (entry.targetId?.toLowerCase() === wanted) found.push(entry);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }
}
