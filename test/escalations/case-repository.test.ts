import { strict as assert } from 'node:assert';
import {
  assign,
  CaseRepository,
  claim,
  normaliseCaseId,
  recordChannelPost,
  reopen,
  resolve,
  type CasePerson,
  type UpdateOutcome,
} from '../../src/escalations';
import type { DocumentStorage } from '../../src/storage';
import { ANN, BOB, LOTTE, minutesLater, newCaseInput, NOW } from './case-fixtures';
import { forEachStore } from './stores';

const CAROL: CasePerson = { aadObjectId: '6f1d2c3b-3333-4a5b-9c8d-000000000003', name: 'Carol Tier-Two' };
const DAVE: CasePerson = { aadObjectId: '6f1d2c3b-4444-4a5b-9c8d-000000000004', name: 'Dave Tier-Two' };

function winnerAndLosers(outcomes: UpdateOutcome[]): { winner: CasePerson; refusals: UpdateOutcome[] } {
  const wins = outcomes.filter((o) => o.ok);
  assert.equal(wins.length, 1, `expected exactly one winner, got ${wins.length}`);
  const win = wins[0];
  if (!win?.ok || !win.case.owner) return assert.fail('the winner owns the case');
  return { winner: win.case.owner, refusals: outcomes.filter((o) => !o.ok) };
}

describe('CaseRepository', () => {
  forEachStore((store) => {
    let storage: DocumentStorage;
    let reopenStorage: () => DocumentStorage;
    let repository: CaseRepository;
    beforeEach(async () => {
      ({ storage, reopen: reopenStorage } = await store.fresh());
      repository = new CaseRepository(storage);
    });

    it('creates a case with a short readable id and reads it back, also after a restart', async () => {
      const created = await repository.create(newCaseInput(), NOW);
      assert.match(created.id, /^HD-[0-9A-HJKMNP-TV-Z]{6}$/);
      assert.equal(normaliseCaseId(` ${created.id.slice(3).toLowerCase()} `), created.id);
      assert.deepEqual(await repository.get(created.id), created);
      assert.deepEqual(await new CaseRepository(reopenStorage()).get(created.id), created);
      assert.equal(await repository.get('HD-000000'), null);
    });

    it('draws another id when the first one is taken', async () => {
      const ids = ['HD-AAAAAA', 'HD-AAAAAA', 'HD-BBBBBB'];
      const repo = new CaseRepository(storage, { newId: () => ids.shift() ?? 'HD-ZZZZZZ' });
      const first = await repo.create(newCaseInput(), NOW);
      const second = await repo.create(newCaseInput(), NOW);
      assert.deepEqual([first.id, second.id], ['HD-AAAAAA', 'HD-BBBBBB']);
    });

    it('lets exactly one of two agents claiming at the same moment win; the other is told who has it', async () => {
      const { id } = await repository.create(newCaseInput(), NOW);
      // Two bot instances over the same store.
      const other = new CaseRepository(reopenStorage());
      const outcomes = await Promise.all([
        repository.update(id, (c) => claim(c, ANN, minutesLater(1))),
        other.update(id, (c) => claim(c, BOB, minutesLater(1))),
      ]);
      const { winner, refusals } = winnerAndLosers(outcomes);
      const loser = refusals[0];
      assert.ok(loser && !loser.ok && loser.reason === 'alreadyClaimed');
      assert.deepEqual(loser.owner, winner);
      const stored = await repository.get(id);
      assert.deepEqual(stored?.owner, winner);
      assert.deepEqual(
        stored?.history.map((h) => h.action),
        ['created', 'claimed'],
      );
    });

    it('keeps one owner when four agents claim at once', async () => {
      const { id } = await repository.create(newCaseInput(), NOW);
      const agents = [ANN, BOB, CAROL, DAVE];
      const outcomes = await Promise.all(agents.map((a) => repository.update(id, (c) => claim(c, a, NOW))));
      const { winner, refusals } = winnerAndLosers(outcomes);
      assert.equal(refusals.length, 3);
      for (const r of refusals)
        assert.ok(!r.ok && r.reason === 'alreadyClaimed' && r.owner.name === winner.name);
    });

    it('finishes a handoff after a restart: claimed before, resolved by a fresh instance', async () => {
      const created = await repository.create(newCaseInput(), NOW);
      await repository.update(created.id, (c) =>
        recordChannelPost(
          c,
          { channelTopic: 'enrollment', conversationId: '19:t2@thread.tacv2', activityId: '17' },
          NOW,
        ),
      );
      assert.ok((await repository.update(created.id, (c) => claim(c, ANN, minutesLater(2)))).ok);

      const afterRestart = new CaseRepository(reopenStorage());
      const resolved = await afterRestart.update(created.id, (c) =>
        resolve(c, ANN, 'Raised the device limit.', minutesLater(9)),
      );
      assert.ok(resolved.ok);
      assert.equal(resolved.previous.state, 'claimed');
      assert.deepEqual(resolved.case.channel, {
        channelTopic: 'enrollment',
        conversationId: '19:t2@thread.tacv2',
        activityId: '17',
      });
      assert.deepEqual(
        resolved.case.history.map((h) => [h.action, h.by.name]),
        [
          ['created', LOTTE.name],
          ['claimed', ANN.name],
          ['resolved', ANN.name],
        ],
      );
      assert.deepEqual(resolved.case.evidence, created.evidence);
      assert.equal((await afterRestart.listOpen({ now: minutesLater(10) })).total, 0);
      const again = await repository.update(created.id, (c) => claim(c, BOB, minutesLater(11)));
      assert.ok(!again.ok && again.reason === 'alreadyResolved' && again.resolvedBy?.name === ANN.name);
    });

    it('answers notFound for an unknown case', async () => {
      assert.deepEqual(await repository.update('HD-NOPE00', (c) => claim(c, ANN, NOW)), {
        ok: false,
        reason: 'notFound',
        id: 'HD-NOPE00',
      });
    });

    it('lists open cases with owner and age, most severe then oldest first, in pages', async () => {
      const severities = ['low', 'critical', 'medium', 'high', 'critical', 'low', 'medium'] as const;
      const ids: string[] = [];
      for (const [i, severity] of severities.entries()) {
        ids.push(
          (
            await repository.create(
              newCaseInput({ severity, topic: i % 2 ? 'apps' : 'enrollment' }),
              minutesLater(i),
            )
          ).id,
        );
      }
      await repository.update(ids[1] ?? '', (c) => claim(c, ANN, minutesLater(10)));
      await repository.update(ids[3] ?? '', (c) => assign(c, BOB, ANN, minutesLater(10)));
      await repository.update(ids[6] ?? '', (c) => resolve(c, ANN, 'done', minutesLater(10)));

      const now = minutesLater(60);
      const pages = await Promise.all(
        [0, 1, 2].map((page) => repository.listOpen({ now, page, pageSize: 2 })),
      );
      assert.deepEqual(
        pages.map((p) => [p.total, p.pageCount, p.items.length]),
        [
          [6, 3, 2],
          [6, 3, 2],
          [6, 3, 2],
        ],
      );
      const rows = pages.flatMap((p) => p.items);
      assert.deepEqual(
        rows.map((r) => [r.id, r.severity, r.state, r.owner?.name ?? null, r.ageMs / 60_000]),
        [
          [ids[1], 'critical', 'claimed', ANN.name, 59],
          [ids[4], 'critical', 'open', null, 56],
          [ids[3], 'high', 'claimed', BOB.name, 57],
          [ids[2], 'medium', 'open', null, 58],
          [ids[0], 'low', 'open', null, 60],
          [ids[5], 'low', 'open', null, 55],
        ],
      );
      assert.deepEqual((await repository.listOpen({ now, page: 3, pageSize: 2 })).items, []);
      const apps = await repository.listOpen({ now, topic: 'apps' });
      assert.deepEqual(
        apps.items.map((r) => r.id),
        [ids[1], ids[3], ids[5]],
      );

      await repository.update(ids[6] ?? '', (c) => reopen(c, LOTTE, minutesLater(61)));
      assert.ok((await repository.listOpen({ now, pageSize: 50 })).items.some((r) => r.id === ids[6]));
    });

    it('indexes every case when many are created at once', async () => {
      const created = await Promise.all(
        Array.from({ length: 12 }, (_, i) => repository.create(newCaseInput(), minutesLater(i))),
      );
      const listed = await repository.listOpen({ now: minutesLater(20), pageSize: 100 });
      assert.deepEqual(listed.items.map((r) => r.id).sort(), created.map((c) => c.id).sort());
    });

    it('heals a marker that outlived its resolved case (a crash between the two writes)', async () => {
      const failures: string[] = [];
      const flaky = new CaseRepository(storage, { onIndexError: (_e, id) => failures.push(id) });
      const { id } = await flaky.create(newCaseInput(), NOW);
      const realDelete = storage.deleteIfMatch.bind(storage);
      // The case write goes through; removing its open marker after it fails.
      storage.deleteIfMatch = () => Promise.reject(new Error('disk full'));
      const outcome = await flaky.update(id, (c) => resolve(c, ANN, 'done', NOW));
      storage.deleteIfMatch = realDelete;
      assert.ok(outcome.ok);
      assert.deepEqual(failures, [id]);
      assert.deepEqual(await storage.list('escalations/open/'), [`escalations/open/${id}`]);
      assert.equal((await repository.listOpen({ now: NOW })).total, 0);
      assert.deepEqual(await storage.list('escalations/open/'), []);
    });
  });
});
