// Card verbs (Action.Execute): one list, and for each verb a parser from the card's data (untrusted) to a
// typed payload and a handler of that payload. Data a parser refuses gets "That button didn't work" once the
// clicker is admitted (a refused clicker is told why first, as for any click); nothing throws. Handlers pass
// ids to the troubleshoot flow, which re-authorizes from scratch, and views look them up in the report.
import { MAX_QUERY_LENGTH } from '../commands/parse-command';
import { isObjectId } from '../access/access-policy';
import type { TurnFlows } from '../flows';
import type { Translator } from '../i18n';
import { dashboardCard, present, presentRefusal, type Answer, type ReportView } from '../presenter/present';
import { refused } from '../flows/outcomes';
import { AREAS, areaVerbNames, areaVerbTable, type AreaVerbName } from '../areas';
import {
  idOf,
  pageOf,
  parseList,
  parseReport,
  type ReportPayload,
  type VerbParser,
} from '../areas/verb-payloads';
import { deviceLogsCard } from '../views/device-logs-view';
import { failureDetailsCard } from '../views/enrollment-failures-view';
import { findingsCard } from '../views/list-views';
import { readBack, type BackLink } from '../views/navigation';
import type { ConversationReference } from 'botbuilder';
import type { Requester } from './activity-facts';
import type { CaseVerb } from '../flows';
import type { ReportOptions } from '../troubleshooting/report';

export {
  parseDevice,
  parseFailure,
  parseList,
  parseReport,
  type ReportPayload,
  type VerbParser,
} from '../areas/verb-payloads';

/** The verbs besides those of the areas (src/areas/, which open an area's views). */
const OTHER_VERBS = [
  'dashboard.open',
  'user.pick',
  'logs.open',
  'findings.open',
  'self.open',
  'self.failure.open',
  'self.logs.open',
  'logs.send',
  'case.create',
  'case.view',
  'case.claim',
  'case.assign',
  'case.resolve',
  'case.reopen',
  'case.dashboard',
  'audit.open',
  'audit.find',
  'cases.open',
  'user.change',
] as const;

export type CardVerb = AreaVerbName | (typeof OTHER_VERBS)[number];

/** Every verb a card may send; a template or view naming another one fails test/bot/card-verbs.test.ts. */
export const CARD_VERBS: readonly CardVerb[] = [...OTHER_VERBS, ...areaVerbNames(AREAS)];

/**
 * Not a verb of the list but the envelope of one: a shared placeholder's action carries a sealed verb and data
 * (src/bot/action-seal.ts), which the turn pipeline opens before it looks the verb up.
 */
export const SEALED_ACTION_VERB = 'private.show';

export function isCardVerb(value: string): value is CardVerb {
  return (CARD_VERBS as readonly string[]).includes(value);
}

export interface VerbContext {
  requester: Requester;
  tr: Translator;
  data: Record<string, unknown>;
  /** The flows of this turn (they carry the turn's correlation id to Graph). */
  flows: TurnFlows;
  /** Where the clicker is, to tell them later how their case goes. */
  reference: Partial<ConversationReference>;
}

export type CardVerbHandler = (context: VerbContext) => Promise<Answer>;

/** Data no parser accepts: the clicker is admitted first (a refusal says why), then told the button failed. */
async function badData({ requester, tr, flows }: VerbContext): Promise<Answer> {
  const admitted = await flows.gate.admit(requester);
  return presentRefusal(admitted.ok ? refused('badAction') : admitted.refusal, tr);
}

/** A verb's parser and its handler, checked against each other where they are declared. */
function verb<P>(
  parse: VerbParser<P>,
  handle: (payload: P, context: VerbContext) => Promise<Answer>,
): CardVerbHandler {
  return (context) => {
    const payload = parse(context.data);
    return payload === null ? badData(context) : handle(payload, context);
  };
}

function queryOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export const parseSelfFailure: VerbParser<{ failureId: string }> = (data) => ({
  failureId: idOf(data.failureId),
});

/** Agent-only verbs check the role before the id, so a forged id is kept ('' if not text) for the flow to refuse. */
export const parseAgentSubject: VerbParser<{ userId: string }> = (data) => ({
  userId: typeof data.userId === 'string' ? data.userId : '',
});

/** Nothing to read from the data: the subject is the clicker, or the command is all there is. */
const parseNothing: VerbParser<Record<string, never>> = () => ({});

/** The escalation desk reads its own form and case fields (it answers bad ones in its own words). */
const parseCaseForm: VerbParser<Record<string, unknown>> = (data) => data;

export const parsePage: VerbParser<{ page: number }> = (data) => ({ page: pageOf(data.page) });

/** A typed name to look for; empty when none was given (the flow then asks who). */
export const parseQuery: VerbParser<{ query: string }> = (data) => ({ query: queryOf(data.query) });

/** Change user: the name, and the dashboard it was typed on (null when `from` is not an object id). */
export const parseChangeUser: VerbParser<{ query: string; from: string | null }> = (data) => ({
  query: queryOf(data.query),
  from: isObjectId(data.from) ? data.from : null,
});

/** An audit page: whose lookups (checked by the flow, as parseAgentSubject) and which page. */
export const parseAuditPage: VerbParser<{ userId: string; page: number }> = (data) => ({
  ...(parseAgentSubject(data) ?? { userId: '' }),
  page: pageOf(data.page),
});

/** A verb that opens a view of one report: its handler, and the view again for an origin's parameters. */
interface ReportVerb {
  handler: CardVerbHandler;
  viewFor: (data: Record<string, unknown>) => ReportView | null;
}

function reportVerb<P extends ReportPayload>(
  parse: VerbParser<P>,
  view: (payload: P) => ReportView,
  reads: (payload: P) => Pick<ReportOptions, 'detailFor' | 'allCompliance'> = () => ({}),
): ReportVerb {
  return {
    handler: verb(parse, async (payload, { requester, tr, flows }) =>
      present(
        await flows.troubleshoot.forObjectId(requester, payload.userId, {
          fresh: payload.refresh,
          ...reads(payload),
        }),
        tr,
        { view: view(payload) },
      ),
    ),
    viewFor: (data) => {
      const payload = parse(data);
      return payload === null ? null : view(payload);
    },
  };
}

/** The report views a card can open, by verb; a case is opened again on the one it came from. */
const REPORT_VIEWS = {
  'dashboard.open': reportVerb(parseReport, () => dashboardCard),
  'user.pick': reportVerb(parseReport, () => dashboardCard),
  // Each area's verbs, as its descriptor declares them (src/areas/).
  ...areaVerbTable(reportVerb),
  'logs.open': reportVerb(parseReport, () => (report, tr) => deviceLogsCard(report, tr, 'agent')),
  'findings.open': reportVerb(parseList, (p) => (report, tr, now) => findingsCard(report, tr, now, p.page)),
} satisfies Partial<Record<CardVerb, ReportVerb>>;

/** The report view `origin` names, for `userId` (the dashboard when its parameters do not parse); null when
 * `origin` is not a report view. */
function reportViewFor(origin: BackLink, userId: string, back: unknown): ReportView | null {
  if (!Object.hasOwn(REPORT_VIEWS, origin.verb)) return null;
  const spec: ReportVerb = REPORT_VIEWS[origin.verb as keyof typeof REPORT_VIEWS];
  return spec.viewFor({ ...origin.params, back, userId }) ?? dashboardCard;
}

const caseVerb = (name: CaseVerb): CardVerbHandler =>
  verb(parseCaseForm, async (data, { requester, tr, flows, reference }) =>
    present(await flows.escalation.act(name, requester, tr, data, reference), tr),
  );

/** Every verb's handler: a verb missing here, or one not in CARD_VERBS, does not compile. */
const HANDLERS: { [V in CardVerb]: CardVerbHandler } = {
  ...(Object.fromEntries(Object.entries(REPORT_VIEWS).map(([name, spec]) => [name, spec.handler])) as {
    [V in keyof typeof REPORT_VIEWS]: CardVerbHandler;
  }),
  // Self-service verbs never carry a user id: the subject is always the clicker.
  'self.open': verb(parseNothing, async (_none, { requester, tr, flows }) =>
    present(await flows.selfService.forSelf(requester), tr),
  ),
  'self.failure.open': verb(parseSelfFailure, async ({ failureId }, { requester, tr, flows }) =>
    present(await flows.selfService.forSelf(requester), tr, {
      view: (report, t) => failureDetailsCard(report, failureId, t, 'self'),
    }),
  ),
  'self.logs.open': verb(parseNothing, async (_none, { requester, tr, flows }) =>
    present(await flows.selfService.forSelf(requester), tr, {
      view: (report, t) => deviceLogsCard(report, t, 'self'),
    }),
  ),
  'logs.send': verb(parseAgentSubject, async ({ userId }, { requester, tr, flows, reference }) =>
    present(await flows.escalation.sendLogGuide(requester, tr, userId, reference), tr, {
      view: (report, t) => deviceLogsCard(report, t, 'agent'),
    }),
  ),
  // The case is confirmed in a new message; the card it was opened from stays, shown again as it is now.
  'case.create': verb(parseCaseForm, async (data, { requester, tr, flows, reference }) => {
    const created = present(await flows.escalation.create(requester, tr, data, reference), tr);
    if (created.outcome !== 'shown') return created;
    const view =
      data.self === true || created.targetId === null
        ? null
        : reportViewFor(readBack(data.origin), created.targetId, data.back);
    const again =
      view === null
        ? present(await flows.selfService.forSelf(requester), tr)
        : present(await flows.troubleshoot.forObjectId(requester, created.targetId), tr, { view });
    if (again.outcome !== 'shown') return created;
    return { ...again, notice: created.card, targetId: created.targetId, delivery: created.delivery };
  }),
  'case.view': caseVerb('case.view'),
  'case.claim': caseVerb('case.claim'),
  'case.assign': caseVerb('case.assign'),
  'case.resolve': caseVerb('case.resolve'),
  'case.reopen': caseVerb('case.reopen'),
  'case.dashboard': verb(parseCaseForm, async (data, { requester, tr, flows }) =>
    present(await flows.escalation.openDashboard(requester, data), tr),
  ),
  'audit.open': verb(parseAuditPage, async ({ userId, page }, { requester, tr, flows }) =>
    present(await flows.audit.forAudit(requester, { kind: 'objectId', id: userId }, page), tr),
  ),
  'audit.find': verb(parseQuery, async ({ query }, { requester, tr, flows }) =>
    present(
      await flows.audit.forAudit(requester, { kind: 'text', text: query.slice(0, MAX_QUERY_LENGTH) }),
      tr,
    ),
  ),
  'cases.open': verb(parsePage, async ({ page }, { requester, tr, flows }) =>
    present(await flows.escalation.list(requester, page), tr),
  ),
  'user.change': verb(parseChangeUser, async ({ query, from }, { requester, tr, flows }) => {
    // The dashboard the search came from: a miss keeps the way back to it (opening it is re-authorized).
    if (query === '' || query.length > MAX_QUERY_LENGTH)
      return presentRefusal(refused('emptyQuery'), tr, { backTo: from });
    const found = await flows.troubleshoot.forText(requester, query);
    return present(found, tr, found.kind === 'notFound' ? { backTo: from } : {});
  }),
};

export function createCardVerbs(): ReadonlyMap<string, CardVerbHandler> {
  return new Map(CARD_VERBS.map((name) => [name, HANDLERS[name]]));
}
