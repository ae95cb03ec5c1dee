import { strict as assert } from 'node:assert';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/audit/audit-log';
import { FileAuditLog } from '../../src/audit/file-audit-log';

const DAAN = 'b7007420-6753-503b-b9e9-c32bab04fb37';
const OTHER = '71982c4f-5587-557e-9f36-3d696934192c';

function entry(time: string, targetId: string | null, outcome: AuditEntry['outcome'] = 'shown'): AuditEntry {
  return {
    time,
    requesterId: 'b302c4b2-63a5-5aa8-a32c-8c238c55af7c',
    requesterName: 'Lotte Bakker',
    tenantId: '4e0b7a52-1d9c-4f3a-9b6e-2c8d5f7a1e90',
    targetId,
    action: 'troubleshoot',
    conversationId: 'personal-chat-id',
    conversationKind: 'personal',
    outcome,
  };
}

describe('FileAuditLog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps entries across instances (a restart) and finds them by target, newest first', async () => {
    const first = new FileAuditLog(dir);
    await first.record(entry('2026-10-30T09:00:00.000Z', DAAN, 'denied'));
    await first.record(entry('2026-11-24T09:00:00.000Z', OTHER));
    await first.record(entry('2026-11-25T09:00:00.000Z', DAAN));
    const afterRestart = new FileAuditLog(dir);
    const found = await afterRestart.findBySubject({ id: DAAN.toUpperCase(), names: [] }, 10);
    assert.deepEqual(
      found.map((e) => [e.time, e.outcome]),
      [
        ['2026-11-25T09:00:00.000Z', 'shown'],
        ['2026-10-30T09:00:00.000Z', 'denied'],
      ],
    );
    assert.deepEqual((await readdir(dir)).sort(), [
      'audit-2026-10-30.jsonl',
      'audit-2026-11-24.jsonl',
      'audit-2026-11-25.jsonl',
    ]);
  });

  it('stops at the limit and skips a line cut short by a crash', async () => {
    const log = new FileAuditLog(dir);
    for (let i = 0; i < 5; i++) await log.record(entry(`2026-11-25T09:0${i}:00.000Z`, DAAN));
    await appendFile(join(dir, 'audit-2026-11.jsonl'), '{"time":"2026-11-25T10:00');
    const found = await log.findBySubject({ id: DAAN, names: [] }, 3);
    assert.equal(found.length, 3);
    assert.equal(found[0]!.time, '2026-11-25T09:04:00.000Z');
  });

  it('reads the newest entries of a large file without reading it all, across chunk boundaries', async () => {
    const log = new FileAuditLog(dir);
    // ~2,000 lines (several 64 KB chunks) with non-ASCII names, so chunk edges fall inside characters.
    const lines = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({
        ...entry(`2026-11-25T09:00:00.${String(i).padStart(3, '0')}Z`, i % 2 ? DAAN : OTHER),
        requesterName: 'Zoë Çelik ' + 'é'.repeat(i % 7),
      }),
    );
    await appendFile(join(dir, 'audit-2026-11.jsonl'), `${lines.join('\n')}\n`);
    const found = await log.findBySubject({ id: DAAN, names: [] }, 3);
    assert.deepEqual(
      found.map((e) => e.time),
      ['2026-11-25T09:00:00.1999Z', '2026-11-25T09:00:00.1997Z', '2026-11-25T09:00:00.1995Z'],
    );
    assert.ok(found.every((e) => e.requesterName.startsWith('Zoë Çelik')));
    assert.equal((await log.findBySubject({ id: DAAN, names: [] }, 5000)).length, 1000);
  });

  it('keeps every line whole when many turns write at once', async () => {
    const log = new FileAuditLog(dir);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.record(entry(`2026-11-25T09:00:${String(i).padStart(2, '0')}.000Z`, DAAN)),
      ),
    );
    assert.equal((await log.findBySubject({ id: DAAN, names: [] }, 100)).length, 50);
  });
});
