import { strict as assert } from 'node:assert';
import { snapshotEvidence, SNAPSHOT_MAX_ROWS } from '../../src/escalations';
import { SNAPSHOT_MAX_FINDINGS } from '../../src/escalations/evidence-snapshot';
import { createTranslator } from '../../src/i18n';
import { diagnose } from '../../src/troubleshooting/diagnosis';
import { say } from '../../src/views/say';
import { device, NOW, sampleReport } from '../support/sample-report';

describe('evidence snapshot', () => {
  it('summarises devices, compliance problems, failing apps and enrollment failures with correlation ids', () => {
    const report = sampleReport();
    const snapshot = snapshotEvidence(report, new Date('2026-11-25T10:05:00Z'));
    assert.equal(snapshot.takenAt, '2026-11-25T10:05:00.000Z');
    assert.equal(snapshot.reportGeneratedAt, NOW.toISOString());

    assert.equal(snapshot.devices.status, 'ok');
    if (snapshot.devices.status !== 'ok') return;
    assert.deepEqual(
      snapshot.devices.rows.map((d) => [d.name, d.complianceState, d.isStale]),
      [
        ['LAPTOP-0001', 'noncompliant', false],
        ['LAPTOP-0003', 'compliant', true],
        ['LAPTOP-0002', 'compliant', false],
      ],
    );

    assert.deepEqual(snapshot.complianceProblems, {
      status: 'ok',
      total: 1,
      truncated: false,
      rows: [
        {
          deviceId: report.devices.status === 'ok' ? report.devices.data[0]?.id : '',
          deviceName: 'LAPTOP-0001',
          policy: 'Windows baseline',
          state: 'nonCompliant',
          failingSettings: ['BitLockerEnabled'],
        },
      ],
    });

    assert.equal(snapshot.failingApps.status, 'ok');
    if (snapshot.failingApps.status === 'ok') {
      assert.deepEqual(
        snapshot.failingApps.rows.map((a) => [a.deviceName, a.app, a.installState]),
        [['LAPTOP-0001', 'Microsoft Teams', 'failed']],
      );
    }

    assert.equal(snapshot.enrollmentFailures.status, 'ok');
    if (snapshot.enrollmentFailures.status === 'ok') {
      const rows = snapshot.enrollmentFailures.rows;
      assert.deepEqual(
        rows.map((f) => f.correlationId),
        ['c0ffee00-0000-4000-8000-000000000001', 'c0ffee00-0000-4000-8000-000000000002'],
      );
      assert.ok(rows.every((row, i) => i === 0 || (rows[i - 1]?.occurredAt ?? '') >= row.occurredAt));
    }
  });

  it('says an area could not be read rather than showing it as empty', () => {
    const report = {
      ...sampleReport(),
      devices: { status: 'unavailable' as const, kind: 'permission' as const, httpStatus: 403 },
    };
    assert.deepEqual(snapshotEvidence(report, NOW).devices, { status: 'unavailable', kind: 'permission' });
  });

  it('is bounded: at most SNAPSHOT_MAX_ROWS rows per list, problem devices kept, the real total recorded', () => {
    const report = sampleReport({ devices: 60, failures: 50 });
    if (report.devices.status === 'ok') {
      report.devices.data[55] = device(56, { complianceState: 'error' });
    }
    const snapshot = snapshotEvidence(report, NOW);
    assert.equal(snapshot.devices.status, 'ok');
    if (snapshot.devices.status === 'ok') {
      assert.equal(snapshot.devices.rows.length, SNAPSHOT_MAX_ROWS);
      assert.equal(snapshot.devices.total, 60);
      assert.equal(snapshot.devices.truncated, true);
      assert.ok(snapshot.devices.rows.some((d) => d.name === 'LAPTOP-0056'));
    }
    assert.equal(snapshot.enrollmentFailures.status === 'ok' && snapshot.enrollmentFailures.rows.length, 20);
    assert.ok(JSON.stringify(snapshot).length < 30_000);
  });

  it('is frozen and survives a JSON round trip unchanged', () => {
    const snapshot = snapshotEvidence(sampleReport(), NOW);
    assert.ok(Object.isFrozen(snapshot));
    assert.ok(Object.isFrozen(snapshot.devices));
    assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
  });

  it('keeps the diagnosis tier 1 saw, ranked and language-free, and the case card reads it in each language', () => {
    const report = sampleReport({ devices: 3, failures: 4 });
    const snapshot = snapshotEvidence(report, NOW);
    const expected = diagnose(report, NOW).findings.slice(0, SNAPSHOT_MAX_FINDINGS);
    assert.deepEqual(
      snapshot.findings?.map((f) => f.rule),
      expected.map((f) => f.rule),
    );
    assert.ok((snapshot.findings?.length ?? 0) > 0);
    const first = snapshot.findings?.[0];
    assert.ok(first);
    const en = say(first.title, createTranslator('en'), NOW);
    const nl = say(first.title, createTranslator('nl'), NOW);
    assert.equal(en, say(expected[0]!.title, createTranslator('en'), NOW));
    assert.notEqual(en, nl);
    assert.doesNotMatch(`${en} ${nl}`, /\{\{|diagnosis:/);
  });

  it('clips long names inside the findings', () => {
    const report = sampleReport();
    if (report.devices.status === 'ok' && report.devices.data[0]) {
      report.devices.data[0] = { ...report.devices.data[0], name: 'X'.repeat(5000) };
    }
    const snapshot = snapshotEvidence(report, NOW);
    assert.ok(JSON.stringify(snapshot.findings).length < 5000);
  });
});
