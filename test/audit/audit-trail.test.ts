// The audit trail on both stores (files, and append blobs on Azurite): denied attempts found by what was
// typed, retention by AUDIT_RETENTION_DAYS, and on Blob one trail shared by several instances.
import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditLog } from '../../src/audit/audit-log';
import { BlobAuditLog } from '../../src/audit/blob-audit-log';
import { FileAuditLog } from '../../src/audit/file-audit-log';
import { startAzurite, type Azurite } from '../storage/azurite';

const ADELE = {
  id: 'b7007420-6753-503b-b9e9-c32bab04fb37',
  names: ['adele.vance@northwind.example', 'Adele Vance'],
};
const OTHER = '71982c4f-5587-557e-9f36-3d696934192c';

function entry(
  time: string,
  target: { targetId?: string; targetQuery?: string },
  outcome: AuditEntry['outcome'],
) {
  return {
    time,
    requesterId: 'a1a1a1a1-0000-4000-8000-000000000001',
    requesterName: 'James Patel',
    tenantId: '4e0b7a52-1d9c-4f3a-9b6e-2c8d5f7a1e90',
    targetId: target.targetId ?? null,
    targetQuery: target.targetQuery ?? null,
    action: 'troubleshoot',
    conversationId: 'chat',
    conversationKind: 'personal',
    outcome,
  } satisfies AuditEntry;
}

interface Trail {
  /** A log whose clock says `now`. */
  open(now: Date, retentionDays?: number): AuditLog;
  /** Where entries of a day are stored: how many days have something. */
  days(): Promise<string[]>;
}

function trailContract(name: string, fresh: () => Promise<Trail>): void {
  describe(`audit trail on ${name}`, () => {
    it("finds denied attempts by what was typed, and by id, and not someone else's", async () => {
      const trail = await fresh();
      const log = trail.open(new Date('2026-11-30T12:00:00Z'));
      await log.record(entry('2026-11-30T09:00:00.000Z', { targetQuery: 'adele' }, 'denied'));
      await log.record(
        entry('2026-11-30T09:01:00.000Z', { targetQuery: 'ADELE.VANCE@northwind.example' }, 'denied'),
      );
      await log.record(entry('2026-11-30T09:02:00.000Z', { targetId: ADELE.id }, 'denied'));
      await log.record(entry('2026-11-30T09:03:00.000Z', { targetQuery: 'ad' }, 'denied'));
      await log.record(entry('2026-11-30T09:04:00.000Z', { targetQuery: 'adam' }, 'denied'));
      await log.record(entry('2026-11-30T09:05:00.000Z', { targetId: OTHER }, 'shown'));
      const found = await log.findBySubject(ADELE, 10);
      assert.deepEqual(
        found.map((e) => e.time),
        ['2026-11-30T09:02:00.000Z', '2026-11-30T09:01:00.000Z', '2026-11-30T09:00:00.000Z'],
      );
    });

    it('keeps AUDIT_RETENTION_DAYS days and removes older ones', async () => {
      const trail = await fresh();
      const early = trail.open(new Date('2026-01-01T00:00:00Z'), 30);
      await early.record(entry('2026-01-01T08:00:00.000Z', { targetId: ADELE.id }, 'shown'));
      await early.record(entry('2026-01-20T08:00:00.000Z', { targetId: ADELE.id }, 'shown'));
      // Forty days later, a new day's first entry prunes what is older than 30 days.
      const later = trail.open(new Date('2026-02-10T08:00:00Z'), 30);
      await later.record(entry('2026-02-10T08:00:00.000Z', { targetId: ADELE.id }, 'shown'));
      assert.deepEqual(
        (await later.findBySubject(ADELE, 10)).map((e) => e.time),
        ['2026-02-10T08:00:00.000Z', '2026-01-20T08:00:00.000Z'],
      );
      assert.deepEqual(await trail.days(), ['2026-01-20', '2026-02-10']);
    });

    it('shares one trail between instances writing at the same time', async () => {
      const trail = await fresh();
      const now = new Date('2026-11-30T12:00:00Z');
      const [a, b] = [trail.open(now), trail.open(now)];
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? a : b).record(
            entry(`2026-11-30T10:00:${String(i).padStart(2, '0')}.000Z`, { targetId: ADELE.id }, 'shown'),
          ),
        ),
      );
      assert.equal((await a.findBySubject(ADELE, 100)).length, 40);
      assert.equal((await b.findBySubject(ADELE, 100)).length, 40);
    });
  });
}

describe('audit trail', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  trailContract('files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-trail-'));
    dirs.push(dir);
    return {
      open: (now, retentionDays) => new FileAuditLog(dir, { now: () => now, retentionDays }),
      days: async () => (await readdir(dir)).map((n) => n.slice(6, 16)).sort(),
    };
  });

  describe('on Azure Blob (Azurite)', () => {
    let azurite: Azurite | null = null;
    before(async function () {
      this.timeout(90_000);
      azurite = await startAzurite(60_000);
    });
    after(() => azurite?.stop());
    trailContract('append blobs', () => {
      if (!azurite) throw new Error('Azurite did not start');
      const container = new ContainerClient(azurite.connectionString, azurite.newContainer());
      return Promise.resolve({
        open: (now, retentionDays) => new BlobAuditLog(container, { now: () => now, retentionDays }),
        days: async () => {
          const days = new Set<string>();
          for await (const blob of container.listBlobsFlat({ prefix: 'audit/' })) {
            days.add(blob.name.slice(6, 16));
            assert.equal(blob.properties.blobType, 'AppendBlob');
          }
          return [...days].sort();
        },
      });
    });
  });

  it('a file log whose directory cannot be written refuses to record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'audit-blocked-'));
    dirs.push(dir);
    const blocked = join(dir, 'audit');
    await writeFile(blocked, 'a file where the directory should be');
    const log = new FileAuditLog(blocked);
    await assert.rejects(log.record(entry('2026-11-30T09:00:00.000Z', { targetId: ADELE.id }, 'shown')));
  });
});
