// The audit log as JSON lines, one file a month, appended (O_APPEND keeps concurrent writers' lines whole).
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEntry, AuditLog } from './audit-log';

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
      const lines = (await readFile(join(this.dir, file), 'utf8')).split('\n').filter(Boolean).reverse();
      for (const line of lines) {
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
