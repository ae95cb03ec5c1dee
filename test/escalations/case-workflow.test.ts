import { strict as assert } from 'node:assert';
import {
  assign,
  CASE_LIMITS,
  claim,
  isCaseSeverity,
  isCaseTopic,
  openCase,
  recordChannelPost,
  reopen,
  resolve,
  type EscalationCase,
  type TransitionResult,
} from '../../src/escalations';
import { ANN, BOB, LOTTE, minutesLater, newCaseInput, NOW } from './case-fixtures';

function ok(result: TransitionResult): EscalationCase {
  if (!result.ok) assert.fail(`expected the transition to succeed, got ${result.reason}`);
  return result.case;
}

const fresh = (): EscalationCase => openCase(newCaseInput(), 'HD-ABC123', NOW);

describe('case workflow', () => {
  it('opens a case with no owner, revision 1 and a "created" history entry by the requester', () => {
    const c = fresh();
    assert.equal(c.state, 'open');
    assert.equal(c.owner, null);
    assert.equal(c.revision, 1);
    assert.equal(c.createdAt, NOW.toISOString());
    assert.deepEqual(c.history, [
      { at: NOW.toISOString(), by: LOTTE, action: 'created', note: 'iPhone will not enroll' },
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
  });

  it('cuts over-long reasons and notes instead of refusing them', () => {
    const c = openCase(
      newCaseInput({ reason: 'r'.repeat(500), note: `  ${'n'.repeat(5000)}  ` }),
      'HD-1',
      NOW,
    );
    assert.equal(c.reason.length, CASE_LIMITS.reason);
    assert.equal(c.note.length, CASE_LIMITS.note);
    assert.ok(c.note.endsWith('…'));
  });

  it('claims an open case: owner set, history appended, revision and updatedAt advanced, input untouched', () => {
    const before = fresh();
    const copy = structuredClone(before);
    const after = ok(claim(before, ANN, minutesLater(5)));
    assert.equal(after.state, 'claimed');
    assert.deepEqual(after.owner, ANN);
    assert.equal(after.revision, 2);
    assert.equal(after.updatedAt, minutesLater(5).toISOString());
    assert.deepEqual(after.history.at(-1), { at: minutesLater(5).toISOString(), by: ANN, action: 'claimed' });
    assert.deepEqual(before, copy);
  });

  it('refuses a claim on a case someone else has, naming them, and tells the owner it is already theirs', () => {
    const claimed = ok(claim(fresh(), ANN, NOW));
    assert.deepEqual(claim(claimed, BOB, NOW), { ok: false, reason: 'alreadyClaimed', owner: ANN });
    assert.deepEqual(claim(claimed, { ...ANN, aadObjectId: ANN.aadObjectId.toUpperCase() }, NOW), {
      ok: false,
      reason: 'alreadyYours',
    });
  });

  it('assigns to another agent from open or claimed, and refuses assigning to the current owner', () => {
    const assignedOpen = ok(assign(fresh(), BOB, LOTTE, NOW));
    assert.equal(assignedOpen.state, 'claimed');
    assert.deepEqual(assignedOpen.owner, BOB);
    const reassigned = ok(assign(ok(claim(fresh(), ANN, NOW)), BOB, ANN, minutesLater(1)));
    assert.deepEqual(reassigned.owner, BOB);
    assert.deepEqual(reassigned.history.at(-1), {
      at: minutesLater(1).toISOString(),
      by: ANN,
      action: 'assigned',
      to: BOB,
    });
    assert.deepEqual(assign(reassigned, BOB, ANN, NOW), { ok: false, reason: 'alreadyAssigned', owner: BOB });
  });

  it('resolves with a note, and refuses without one', () => {
    const claimed = ok(claim(fresh(), ANN, NOW));
    assert.deepEqual(resolve(claimed, ANN, '   ', NOW), { ok: false, reason: 'noteRequired' });
    const resolved = ok(resolve(claimed, ANN, 'Removed two stale devices; enrolled.', minutesLater(30)));
    assert.equal(resolved.state, 'resolved');
    assert.deepEqual(resolved.resolution, {
      note: 'Removed two stale devices; enrolled.',
      by: ANN,
      at: minutesLater(30).toISOString(),
    });
    assert.deepEqual(
      resolved.history.map((h) => h.action),
      ['created', 'claimed', 'resolved'],
    );
  });

  it('refuses every change to a resolved case except reopening, naming who resolved it', () => {
    const resolved = ok(resolve(fresh(), ANN, 'fixed', NOW));
    const refusal = { ok: false, reason: 'alreadyResolved', resolvedBy: ANN };
    assert.deepEqual(claim(resolved, BOB, NOW), refusal);
    assert.deepEqual(assign(resolved, BOB, ANN, NOW), refusal);
    assert.deepEqual(resolve(resolved, BOB, 'again', NOW), refusal);
  });

  it('reopens only a resolved case, back to the queue without owner or resolution', () => {
    assert.deepEqual(reopen(fresh(), LOTTE, NOW), { ok: false, reason: 'notResolved', state: 'open' });
    const resolved = ok(resolve(ok(claim(fresh(), ANN, NOW)), ANN, 'fixed', NOW));
    const reopened = ok(reopen(resolved, LOTTE, minutesLater(60)));
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.owner, null);
    assert.equal(reopened.resolution, null);
    assert.deepEqual(reopened.history.at(-1), {
      at: minutesLater(60).toISOString(),
      by: LOTTE,
      action: 'reopened',
    });
    assert.deepEqual(ok(claim(reopened, BOB, NOW)).owner, BOB);
  });

  it('records where the card was posted without a history entry', () => {
    const posted = ok(
      recordChannelPost(
        fresh(),
        { channelTopic: 'default', conversationId: '19:abc@thread.tacv2', activityId: '1700000000000' },
        NOW,
      ),
    );
    assert.equal(posted.channel?.activityId, '1700000000000');
    assert.equal(posted.history.length, 1);
    assert.equal(posted.revision, 2);
  });

  it('keeps the history bounded, keeping how the case started and the latest changes', () => {
    let c = fresh();
    for (let i = 0; i < 160; i++) c = ok(assign(c, i % 2 === 0 ? ANN : BOB, LOTTE, minutesLater(i)));
    assert.equal(c.history.length, CASE_LIMITS.historyEntries);
    assert.equal(c.history[0]?.action, 'created');
    assert.equal(c.history.at(-1)?.at, minutesLater(159).toISOString());
  });

  it('recognises topics and severities from card input', () => {
    assert.ok(isCaseTopic('apps'));
    assert.ok(!isCaseTopic('default'));
    assert.ok(!isCaseTopic(3));
    assert.ok(isCaseSeverity('critical'));
    assert.ok(!isCaseSeverity('urgent'));
  });
});
