// The flows answer with data: who was refused and why, whom a lookup found, which report (restricted to the
// requester's scope) and which view it is for. No card is made here; test/presenter/ turns these into cards.
import { randomUUID } from 'node:crypto';
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoleDirectory } from '../../src/access/role-directory';
import type { AuditEntry, AuditLog } from '../../src/audit/audit-log';
import { DEMO_TENANT_ID, startDemoTenant, type DemoTenant } from '../../src/demo-tenant';
import {
  CaseRepository,
  ChannelRegistry,
  type ConversationReference,
  type EscalationCase,
} from '../../src/escalations';
import { Flows, type CaseCourier, type Requester, type TurnFlows } from '../../src/flows';
import { createTranslator } from '../../src/i18n';
import { FileStorage } from '../../src/storage';
import { person } from '../bot/bot-harness';
import { sourceFor } from '../graph/source-for';

const lotte = person('lotte');
const james = person('james');
const daan = person('daan');
const HELPDESK = '5a1d2c3b-0000-4000-8000-00000000a6e7';

const as = (who: typeof lotte): Requester => ({
  aadObjectId: who.id,
  name: who.displayName,
  tenantId: DEMO_TENANT_ID,
});

describe('flows: outcomes, not cards', () => {
  let tenant: DemoTenant;
  let flows: TurnFlows;
  let dataDir: string;
  const recorded: AuditEntry[] = [];
  /** What went to other people through Teams: the edge this test stands in for. */
  const sent: { delivered: EscalationCase[]; announced: EscalationCase[] } = { delivered: [], announced: [] };
  const courier: CaseCourier = {
    deliver: (created, order) => {
      sent.delivered.push(created);
      const to = order[0];
      return Promise.resolve(to ? { kind: 'delivered', to, fellBack: false } : { kind: 'notDelivered' });
    },
    announce: (updated) => {
      sent.announced.push(updated);
      return Promise.resolve();
    },
    sendLogGuide: () => Promise.resolve(true),
  };

  before(async () => {
    tenant = await startDemoTenant({ port: 0 });
    const source = sourceFor(tenant.url);
    // Membership is this test's edge: Lotte is the only agent.
    const groups = {
      isMemberOfAnyGroup: (userId: string): Promise<boolean> =>
        Promise.resolve(userId.toLowerCase() === lotte.id.toLowerCase()),
    };
    const audit: AuditLog = {
      record: (entry) => {
        recorded.push(entry);
        return Promise.resolve();
      },
      findBySubject: (subject) =>
        Promise.resolve(recorded.filter((e) => e.targetId?.toLowerCase() === subject.id.toLowerCase())),
    };
    dataDir = await mkdtemp(join(tmpdir(), 'flows-'));
    const storage = new FileStorage(dataDir);
    flows = new Flows({
      source,
      roles: new RoleDirectory(groups, [HELPDESK]),
      audit,
      allowedTenants: [DEMO_TENANT_ID.toLowerCase()],
      escalations: { cases: new CaseRepository(storage), channels: new ChannelRegistry(storage), courier },
    }).forTurn(randomUUID());
  });
  after(async () => {
    await tenant.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('an agent typing a UPN gets that person’s report, for the dashboard', async () => {
    const outcome = await flows.troubleshoot.forText(as(lotte), james.upn);
    assert.equal(outcome.kind, 'report');
    assert.ok(outcome.kind === 'report');
    assert.equal(outcome.report.user.id, james.id);
    assert.equal(outcome.view, 'dashboard');
    assert.equal(outcome.report.user.displayName, james.displayName);
  });

  it('someone who is not an agent is refused before anything about the person is read', async () => {
    tenant.resetRequests();
    const outcome = await flows.troubleshoot.forText(as(daan), james.upn);
    assert.deepEqual(outcome, { kind: 'refused', reason: 'notAgent', targetQuery: james.upn });
    assert.ok(
      tenant.requests.every((r) => !r.path.toLowerCase().includes('james')),
      'nothing about James was read',
    );
  });

  it('a name nobody has is not found; one several people share offers them', async () => {
    assert.deepEqual(await flows.troubleshoot.forText(as(lotte), 'nobody by this name'), {
      kind: 'notFound',
      query: 'nobody by this name',
    });
    const shared = await flows.troubleshoot.forText(as(lotte), 'Sanne');
    assert.equal(shared.kind, 'candidates');
    assert.ok(shared.kind === 'candidates');
    assert.equal(shared.purpose, 'troubleshoot');
    assert.ok(shared.candidates.length >= 2);
    assert.ok(shared.candidates.every((c) => c.displayName.startsWith('Sanne')));
  });

  it('an id that is not one is a bad action; a foreign tenant is refused first', async () => {
    assert.deepEqual(await flows.troubleshoot.forObjectId(as(lotte), 'not-an-id'), {
      kind: 'refused',
      reason: 'badAction',
    });
    assert.deepEqual(
      await flows.troubleshoot.forObjectId({ ...as(lotte), tenantId: randomUUID() }, james.id),
      { kind: 'refused', reason: 'tenant' },
    );
    assert.deepEqual(await flows.troubleshoot.forObjectId({ ...as(lotte), aadObjectId: null }, james.id), {
      kind: 'refused',
      reason: 'noIdentity',
    });
  });

  it('a person opening someone else by id is refused, naming whom it was about', async () => {
    assert.deepEqual(await flows.troubleshoot.forObjectId(as(daan), james.id), {
      kind: 'refused',
      reason: 'notAgent',
      targetId: james.id,
    });
  });

  it('`troubleshoot me` is the self-service view for a person, the dashboard for an agent', async () => {
    const own = await flows.selfService.forSelf(as(daan));
    assert.ok(own.kind === 'report', own.kind);
    assert.equal(own.view, 'selfService');
    assert.equal(own.report.user.id, daan.id);
    const agent = await flows.selfService.forSelf(as(lotte));
    assert.ok(agent.kind === 'report', agent.kind);
    assert.equal(agent.view, 'dashboard');
  });

  it('an audit lists the recorded lookups of the person, for agents only', async () => {
    recorded.push({
      time: '2026-11-30T09:00:00Z',
      requesterId: lotte.id,
      requesterName: lotte.displayName,
      tenantId: DEMO_TENANT_ID,
      targetId: james.id,
      action: 'troubleshoot',
      conversationId: 'a:1',
      conversationKind: 'personal',
      outcome: 'shown',
    });
    const audit = await flows.audit.forAudit(as(lotte), { kind: 'objectId', id: james.id }, 2);
    assert.ok(audit.kind === 'audit', audit.kind);
    assert.equal(audit.user.id, james.id);
    assert.equal(audit.entries.length, 1);
    assert.equal(audit.page, 2);
    assert.deepEqual(await flows.audit.forAudit(as(daan), { kind: 'text', text: 'James' }), {
      kind: 'refused',
      reason: 'notAgent',
      targetQuery: 'James',
    });
    const shared = await flows.audit.forAudit(as(lotte), { kind: 'text', text: 'Sanne' });
    assert.ok(shared.kind === 'candidates' && shared.purpose === 'audit');
  });

  describe('escalations', () => {
    const tr = createTranslator('en');
    const chat: ConversationReference = {
      conversation: { id: 'a:daan', name: '', isGroup: false, conversationType: 'personal' },
    };
    const channel: ConversationReference = {
      conversation: {
        id: '19:tier2@thread.tacv2;messageid=1',
        name: 'Tier 2',
        isGroup: true,
        conversationType: 'channel',
      },
    };

    it('a channel is chosen by an agent, in a channel, for a topic there is', async () => {
      assert.deepEqual(await flows.escalation.useChannel(as(daan), true, channel, null), {
        kind: 'refused',
        reason: 'notAgent',
      });
      assert.deepEqual(await flows.escalation.useChannel(as(lotte), false, chat, null), {
        kind: 'refused',
        reason: 'channelOnly',
      });
      assert.deepEqual(await flows.escalation.useChannel(as(lotte), true, channel, 'printers'), {
        kind: 'refused',
        reason: 'unknownTopic',
        params: { topic: 'printers' },
      });
      assert.deepEqual(await flows.escalation.useChannel(as(lotte), true, channel, 'enrollment'), {
        kind: 'channelSet',
        topic: 'enrollment',
      });
    });

    it('a person asking for help opens a case about themselves; it goes to the chosen channel', async () => {
      const outcome = await flows.escalation.create(
        as(daan),
        tr,
        { self: true, reason: 'My phone will not enroll', topic: 'enrollment' },
        chat,
      );
      assert.ok(outcome.kind === 'caseCreated', outcome.kind);
      assert.equal(outcome.case.subject.id, daan.id);
      assert.equal(outcome.by, 'user');
      assert.equal(outcome.delivery.kind, 'delivered');
      assert.equal(outcome.noChannel, false);
      assert.deepEqual(
        sent.delivered.map((c) => c.id),
        [outcome.case.id],
      );
      // Someone else may not open a case about a person they may not look at.
      assert.deepEqual(await flows.escalation.create(as(daan), tr, { userId: james.id, reason: 'x' }, chat), {
        kind: 'refused',
        reason: 'outOfScope',
      });
    });

    it('a case’s buttons: the agent claims it; its requester reads it but changes nothing; a stranger learns nothing', async () => {
      const [created] = sent.delivered;
      assert.ok(created);
      const claimed = await flows.escalation.act('case.claim', as(lotte), tr, { caseId: created.id }, chat);
      assert.ok(claimed.kind === 'case', claimed.kind);
      assert.equal(claimed.full, true);
      assert.equal(claimed.case.state, 'claimed');
      assert.deepEqual(
        sent.announced.map((c) => c.id),
        [created.id],
      );
      const again = await flows.escalation.act('case.claim', as(lotte), tr, { caseId: created.id }, chat);
      assert.ok(again.kind === 'case' && again.refusal?.reason === 'alreadyYours');
      const byRequester = await flows.escalation.act(
        'case.resolve',
        as(daan),
        tr,
        { caseId: created.id },
        chat,
      );
      assert.ok(byRequester.kind === 'case', byRequester.kind);
      assert.deepEqual([byRequester.full, byRequester.changeDenied], [false, true]);
      const stranger = person('james');
      assert.deepEqual(
        await flows.escalation.act('case.view', as(stranger), tr, { caseId: created.id }, chat),
        { kind: 'refused', reason: 'caseHidden' },
      );
      assert.deepEqual(await flows.escalation.act('case.view', as(lotte), tr, { caseId: 'C-NOPE' }, chat), {
        kind: 'refused',
        reason: 'caseGone',
      });
    });

    it('the open cases are listed for agents only', async () => {
      const list = await flows.escalation.list(as(lotte), 0);
      assert.ok(list.kind === 'caseList', list.kind);
      assert.deepEqual(
        list.cases.map((c) => c.subject.id),
        [daan.id],
      );
      assert.equal(list.hidden, 0);
      assert.deepEqual(await flows.escalation.list(as(daan), 0), { kind: 'refused', reason: 'notAgent' });
    });

    it('the live dashboard of a case is its subject’s report, with the way back to the case', async () => {
      const [created] = sent.delivered;
      assert.ok(created);
      const opened = await flows.escalation.openDashboard(as(lotte), { caseId: created.id });
      assert.ok(opened.kind === 'report', opened.kind);
      assert.equal(opened.report.user.id, daan.id);
      assert.equal(opened.fromCase, created.id);
    });
  });
});
