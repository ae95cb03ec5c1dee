// The presenter: each outcome a flow can give becomes the card a person reads, in English and in Dutch, and
// the outcome the audit trail keeps. Every refusal in the catalogue has its own words in both languages.
import { strict as assert } from 'node:assert';
import type { AuditEntry } from '../../src/audit/audit-log';
import type {
  Candidates,
  Refusal,
  RefusalParams,
  RefusalReason,
  ReportShown,
} from '../../src/flows/outcomes';
import { createTranslator, type Translator } from '../../src/i18n';
import { present, presentRefusal } from '../../src/presenter/present';
import { REFUSALS } from '../../src/presenter/refusals';
import { claim, openCase, type ChannelRegistration } from '../../src/escalations';
import type { CaseCreated } from '../../src/flows/escalation-flow';
import { NOW, sampleReport } from '../support/sample-report';
import { ANN, LOTTE, newCaseInput } from '../escalations/case-fixtures';
import { cardActions, cardText } from '../bot/bot-harness';

const en = createTranslator('en-US');
const nl = createTranslator('nl-NL');
const now = () => NOW;
const report = sampleReport();
const person = report.user;

/** Nothing a person should never read: a raw key, a placeholder, a template expression, a boolean. */
function assertReadable(text: string): void {
  assert.doesNotMatch(text, /\{\{|\$\{|\b(messages|audit|self|nav|cases)\.[a-z]\w*/i, text);
  assert.doesNotMatch(text, /^(true|false|undefined|null)$/m, text);
}

function both(render: (tr: Translator) => string): { en: string; nl: string } {
  const texts = { en: render(en), nl: render(nl) };
  assertReadable(texts.en);
  assertReadable(texts.nl);
  assert.notEqual(texts.en, texts.nl, 'the Dutch card is not the English one');
  return texts;
}

const SAMPLE_PARAMS: RefusalParams = {
  rateLimited: { count: 12 },
  tooLong: { max: 200 },
  unknownTopic: { topic: 'printers' },
};

function refusalOf(reason: RefusalReason): Refusal {
  const params = (SAMPLE_PARAMS as unknown as Record<string, object | undefined>)[reason];
  return { kind: 'refused', reason, ...(params ? { params } : {}) } as Refusal;
}

describe('presenter: outcomes become cards', () => {
  describe('the refusal catalogue', () => {
    const reasons = Object.keys(REFUSALS) as RefusalReason[];

    it('covers the refusals the flows give', () => {
      for (const reason of ['notAgent', 'outOfScope', 'tenant', 'rateLimited', 'caseHidden'] as const)
        assert.ok(reasons.includes(reason), reason);
    });

    for (const reason of Object.keys(REFUSALS) as RefusalReason[]) {
      it(`${reason}: a title and a line in English and Dutch, with its values filled in`, () => {
        const texts = both((tr) => cardText(presentRefusal(refusalOf(reason), tr).card));
        for (const text of [texts.en, texts.nl]) {
          const [title, line] = text.split('\n');
          assert.ok(title && title.length > 3, `${reason}: a title (${text})`);
          assert.ok(line && line.length > 10, `${reason}: a line (${text})`);
        }
        if (reason === 'rateLimited') assert.match(texts.nl, /12 seconden/);
        if (reason === 'tooLong') assert.match(texts.en, /200/);
        if (reason === 'unknownTopic') assert.match(texts.en, /Unknown topic “printers”/);
      });
    }

    it('records each refusal with its audit outcome and whom it was about', () => {
      const answer = presentRefusal({ kind: 'refused', reason: 'notAgent', targetQuery: 'james' }, en);
      assert.equal(answer.outcome, 'denied');
      assert.equal(answer.targetId, null);
      assert.equal(answer.targetQuery, 'james');
      assert.equal(presentRefusal({ kind: 'refused', reason: 'badAction' }, en).outcome, 'invalid');
      const gone = presentRefusal({ kind: 'refused', reason: 'userGone', targetId: person.id }, en);
      assert.deepEqual([gone.outcome, gone.targetId], ['notFound', person.id]);
      assert.equal(presentRefusal({ kind: 'refused', reason: 'caseGone' }, en).outcome, 'notFound');
      assert.equal(presentRefusal({ kind: 'refused', reason: 'caseHidden' }, en).outcome, 'denied');
    });

    it('tells someone outside an agent’s scope exactly what a non-agent is told', () => {
      for (const tr of [en, nl]) {
        const scoped = presentRefusal({ kind: 'refused', reason: 'outOfScope' }, tr);
        const nonAgent = presentRefusal({ kind: 'refused', reason: 'notAgent' }, tr);
        assert.equal(cardText(scoped.card), cardText(nonAgent.card));
        assert.equal(scoped.outcome, 'denied');
      }
      // A case someone may not read reads as one that does not exist.
      assert.equal(
        cardText(presentRefusal({ kind: 'refused', reason: 'caseHidden' }, nl).card),
        cardText(presentRefusal({ kind: 'refused', reason: 'caseGone' }, nl).card),
      );
    });
  });

  describe('each outcome kind', () => {
    it('a report is the dashboard for an agent, with the Graph cost for the log line', () => {
      const outcome: ReportShown = { kind: 'report', report, view: 'dashboard' };
      const texts = both((tr) => cardText(present(outcome, tr, { now }).card));
      assert.match(texts.en, /Troubleshooting: Siobhán O'Brien/);
      assert.match(texts.nl, /Probleemoplossing: Siobhán O'Brien/);
      const answer = present(outcome, en, { now });
      assert.deepEqual([answer.outcome, answer.targetId], ['shown', person.id]);
      assert.deepEqual(answer.stats, report.stats);
    });

    it('a report for the person themselves is the plain self-service view', () => {
      const outcome: ReportShown = { kind: 'report', report, view: 'selfService' };
      const texts = both((tr) => cardText(present(outcome, tr, { now }).card));
      assert.match(texts.en, /Your devices and enrollment/);
      assert.match(texts.nl, /Jouw apparaten en inschrijving/);
      assert.doesNotMatch(texts.en, /Troubleshooting:/);
    });

    it('a card action’s own view replaces the one the flow chose', () => {
      const outcome: ReportShown = { kind: 'report', report, view: 'selfService' };
      const answer = present(outcome, nl, {
        now,
        view: (r) => ({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: r.user.displayName }],
        }),
      });
      assert.equal(cardText(answer.card), "Siobhán O'Brien");
    });

    it('not found names what was typed, and can offer the way back to the dashboard it came from', () => {
      const texts = both((tr) => cardText(present({ kind: 'notFound', query: 'adele' }, tr).card));
      assert.match(texts.en, /No user found\n.*“adele”/);
      assert.match(texts.nl, /Geen gebruiker gevonden\n.*“adele”/);
      const answer = present({ kind: 'notFound', query: 'adele' }, en, { backTo: person.id });
      assert.equal(answer.outcome, 'notFound');
      assert.deepEqual(
        cardActions(answer.card).map((a) => [a.verb, a.data?.userId]),
        [['dashboard.open', person.id]],
      );
    });

    it('candidates list the people to pick, and picking opens a dashboard or an audit', () => {
      const other = { ...person, id: '0b5e6c1e-52a8-4a55-8a2b-1d3f0a0b0c02', displayName: 'Siobhán Walsh' };
      const outcome = (purpose: Candidates['purpose']): Candidates => ({
        kind: 'candidates',
        query: 'Siobhán',
        purpose,
        candidates: [person, other],
        found: 2,
        scoped: false,
      });
      const texts = both((tr) => cardText(present(outcome('troubleshoot'), tr).card));
      assert.match(texts.en, /Several people match “Siobhán”/);
      assert.match(texts.nl, /Meerdere mensen komen overeen met “Siobhán”/);
      for (const text of [texts.en, texts.nl]) assert.ok(text.includes('Siobhán Walsh'));
      const answer = present(outcome('audit'), en);
      assert.equal(answer.outcome, 'ambiguous');
      assert.ok(cardActions(answer.card).some((a) => a.verb === 'audit.open'));
      assert.ok(cardActions(present(outcome('troubleshoot'), en).card).some((a) => a.verb === 'user.pick'));
    });

    it('still loading says so, and the complete report follows as a card of its own', async () => {
      const answer = present(
        {
          kind: 'loading',
          targetId: null,
          later: Promise.resolve({ kind: 'report', report, view: 'dashboard' }),
        },
        nl,
        { now },
      );
      assert.match(cardText(answer.card), /Microsoft Graph antwoordt traag/);
      assert.equal(answer.outcome, 'shown');
      const complete = await answer.later;
      assert.ok(complete);
      assert.match(cardText(complete.card), /Probleemoplossing: Siobhán O'Brien/);
      assert.equal(complete.targetId, person.id);
    });

    it('an audit shows the person and how many lookups were recorded', () => {
      const entry: AuditEntry = {
        time: '2026-11-24T09:00:00Z',
        requesterId: '0b5e6c1e-52a8-4a55-8a2b-1d3f0a0b0c03',
        requesterName: 'Lotte Bakker',
        tenantId: null,
        targetId: person.id,
        action: 'troubleshoot',
        conversationId: 'a:1',
        conversationKind: 'personal',
        outcome: 'shown',
      };
      const outcome = { kind: 'audit', user: person, entries: [entry], scanLimit: 1, page: 0 } as const;
      const texts = both((tr) => cardText(present(outcome, tr).card));
      assert.match(texts.en, /Lookups of Siobhán O'Brien/);
      assert.match(texts.nl, /Opvragingen van Siobhán O'Brien/);
      assert.match(texts.en, /Lotte Bakker/);
      const answer = present(outcome, en);
      assert.deepEqual([answer.outcome, answer.targetId], ['shown', person.id]);
    });
  });

  describe('each escalation outcome kind', () => {
    const opened = openCase(newCaseInput(), 'C-1234', NOW);
    const registration = (topic: 'enrollment' | 'default'): ChannelRegistration => ({
      topic,
      reference: {},
      setBy: LOTTE,
      setAt: NOW.toISOString(),
      teamId: null,
      unreachable: null,
    });
    const created = (delivery: CaseCreated['delivery'], noChannel = false): CaseCreated => ({
      kind: 'caseCreated',
      case: opened,
      delivery,
      by: 'agent',
      noChannel,
    });

    it('a chosen channel names its topic', () => {
      const texts = both((tr) => cardText(present({ kind: 'channelSet', topic: 'enrollment' }, tr).card));
      assert.match(texts.en, /This channel now receives/);
      assert.match(texts.nl, /Dit kanaal ontvangt nu escalaties voor/);
    });

    it('a new case says where it went: its channel, another one, or nowhere yet', () => {
      const delivered = present(
        created({ kind: 'delivered', to: registration('enrollment'), fellBack: false }),
        nl,
      );
      assert.match(cardText(delivered.card), /Geëscaleerd als C-1234/);
      assert.deepEqual(
        [delivered.outcome, delivered.delivery, delivered.targetId],
        ['shown', 'delivered', person.id],
      );
      const elsewhere = both((tr) =>
        cardText(
          present(created({ kind: 'delivered', to: registration('default'), fellBack: true }), tr).card,
        ),
      );
      assert.match(elsewhere.en, /Escalated as C-1234\. Tier 2 has it now/);
      const nowhere = present(created({ kind: 'notDelivered' }, true), en);
      assert.match(cardText(nowhere.card), /Saved as C-1234: no channel is chosen/);
      assert.equal(nowhere.delivery, 'notDelivered');
      assert.match(
        cardText(present(created({ kind: 'notDelivered' }, true), nl).card),
        /Opgeslagen als C-1234/,
      );
    });

    it('a case card: full for an agent, the base card otherwise, and why a change was refused', () => {
      const full = present({ kind: 'case', case: opened, full: true }, en, { now });
      const base = present({ kind: 'case', case: opened, full: false }, en, { now });
      assert.deepEqual([full.outcome, full.targetId], ['shown', person.id]);
      assert.deepEqual([base.outcome, base.targetId], ['shown', null]);
      assert.ok(cardText(full.card).length > cardText(base.card).length, 'the agent sees more');
      const denied = present({ kind: 'case', case: opened, full: false, changeDenied: true }, en, { now });
      assert.equal(denied.outcome, 'denied');
      const result = claim(opened, ANN, NOW);
      assert.ok(result.ok);
      const texts = both((tr) =>
        cardText(
          present(
            { kind: 'case', case: result.case, full: true, refusal: { ok: false, reason: 'alreadyYours' } },
            tr,
            {
              now,
            },
          ).card,
        ),
      );
      assert.match(texts.en, /This case is already yours\./);
      assert.match(texts.nl, /Deze zaak is al van jou\./);
      assert.equal(
        present(
          { kind: 'case', case: result.case, full: true, refusal: { ok: false, reason: 'alreadyYours' } },
          en,
        ).outcome,
        'invalid',
      );
    });

    it('the log steps: sent (in the person’s language), not sent, or already sent', () => {
      const sent = present({ kind: 'logGuide', report, sent: { kind: 'sent', locale: 'nl-NL' } }, en, {
        now,
      });
      assert.match(cardText(sent.card), /Steps sent/);
      assert.deepEqual([sent.outcome, sent.targetId], ['shown', person.id]);
      const notSent = both((tr) =>
        cardText(present({ kind: 'logGuide', report, sent: { kind: 'notSent' } }, tr, { now }).card),
      );
      assert.match(notSent.en, /The steps could not be sent/);
      assert.match(notSent.nl, /De stappen konden niet worden verstuurd/);
      assert.equal(present({ kind: 'logGuide', report, sent: { kind: 'notSent' } }, en).outcome, 'failed');
      const already = present(
        {
          kind: 'logGuide',
          report,
          sent: { kind: 'alreadySent', at: new Date(NOW.getTime() - 5 * 60_000).toISOString() },
        },
        nl,
        { now },
      );
      assert.match(cardText(already.card), /Stappen al verstuurd/);
    });

    it('the open cases, and how many are outside the agent’s scope', () => {
      const summary = {
        id: opened.id,
        topic: opened.topic,
        severity: opened.severity,
        state: 'open' as const,
        reason: opened.reason,
        subject: opened.subject,
        requester: opened.requester,
        owner: null,
        createdAt: opened.createdAt,
        updatedAt: opened.createdAt,
        ageMs: 30 * 60_000,
      };
      const texts = both((tr) =>
        cardText(present({ kind: 'caseList', cases: [summary], page: 0, hidden: 2 }, tr, { now }).card),
      );
      assert.ok(texts.en.includes('C-1234') && texts.nl.includes('C-1234'));
      assert.match(texts.en, /2 open cases about people outside your Intune scope are not listed/);
      assert.match(texts.nl, /2 open zaken over mensen buiten je Intune-bereik worden niet getoond/);
    });
  });
});
