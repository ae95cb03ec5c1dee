// Card verbs (Action.Execute) and their handlers. Everything in `data` is untrusted: handlers pass it
// to the troubleshoot flow, which re-authorizes from scratch, and views look ids up in the report
// instead of trusting them.
import { MAX_QUERY_LENGTH } from '../commands/parse-command';
import type { Translator } from '../i18n';
import { appProtectionCard } from '../views/app-protection-view';
import { deviceDetailsCard } from '../views/device-details-view';
import { deviceLogsCard } from '../views/device-logs-view';
import { enrollmentFailuresCard, failureDetailsCard } from '../views/enrollment-failures-view';
import { enrollmentRestrictionsCard } from '../views/enrollment-restrictions-view';
import { clientAppsCard, devicesCard, findingsCard, groupsCard, policiesCard } from '../views/list-views';
import { messageCard } from '../views/message-view';
import { readBack } from '../views/navigation';
import { plain } from '../views/render-card';
import { isObjectId } from '../access/access-policy';
import type { ConversationReference } from 'botbuilder';
import type { Requester } from './activity-facts';
import type { CaseVerb, EscalationDesk } from './escalation-desk';
import { dashboardCard, type FlowResult, type ReportView, type Troubleshooter } from './troubleshooter';

const CASE_VERBS: readonly CaseVerb[] = [
  'case.view',
  'case.claim',
  'case.assign',
  'case.resolve',
  'case.reopen',
];

export interface VerbContext {
  requester: Requester;
  tr: Translator;
  data: Record<string, unknown>;
  /** The flow for this turn (it carries the turn's correlation id to Graph). */
  troubleshooter: Troubleshooter;
  desk: EscalationDesk;
  /** Where the clicker is, to tell them later how their case goes. */
  reference: Partial<ConversationReference>;
}

export type CardVerbHandler = (context: VerbContext) => Promise<FlowResult>;

/** A view of the report of `data.userId`, built from the rest of `data`. */
type ViewFromData = (data: Record<string, unknown>) => ReportView;

const REPORT_VIEWS: ReadonlyArray<[string, ViewFromData]> = [
  ['dashboard.open', () => dashboardCard],
  ['user.pick', () => dashboardCard],
  ['devices.open', (d) => (report, tr, now) => devicesCard(report, tr, now, d.page, d.filter)],
  [
    'device.open',
    (d) => (report, tr, now) => deviceDetailsCard(report, d.deviceId, tr, now, readBack(d.back)),
  ],
  ['apps.open', (d) => (report, tr) => clientAppsCard(report, tr, d.page, d.filter)],
  ['compliance.open', (d) => (report, tr) => policiesCard('compliance', report, tr, d.page, d.filter)],
  ['configuration.open', (d) => (report, tr) => policiesCard('configuration', report, tr, d.page, d.filter)],
  ['appProtection.open', () => (report, tr) => appProtectionCard(report, tr)],
  ['restrictions.open', () => (report, tr, now) => enrollmentRestrictionsCard(report, tr, now)],
  ['groups.open', (d) => (report, tr) => groupsCard(report, tr, d.page)],
  ['failures.open', (d) => (report, tr) => enrollmentFailuresCard(report, tr, d.page)],
  [
    'failure.open',
    (d) => (report, tr, now) => failureDetailsCard(report, d.failureId, tr, 'agent', readBack(d.back), now),
  ],
  ['logs.open', () => (report, tr) => deviceLogsCard(report, tr, 'agent')],
  ['findings.open', (d) => (report, tr, now) => findingsCard(report, tr, now, d.page)],
];

export function createCardVerbs(): ReadonlyMap<string, CardVerbHandler> {
  const verbs = new Map<string, CardVerbHandler>();
  for (const [verb, view] of REPORT_VIEWS) {
    verbs.set(verb, ({ requester, tr, data, troubleshooter }) =>
      troubleshooter.forObjectId(requester, data.userId, tr, view(data), {
        fresh: data.refresh === true,
        // A device's policies are read when it is opened; an id that is not one of the user's devices reads nothing.
        ...(verb === 'device.open' && typeof data.deviceId === 'string' && data.deviceId.length <= 64
          ? { detailFor: data.deviceId }
          : {}),
      }),
    );
  }
  // Self-service verbs never carry a user id: the subject is always the clicker.
  verbs.set('self.open', ({ requester, tr, troubleshooter }) => troubleshooter.forSelf(requester, tr));
  verbs.set('self.failure.open', ({ requester, tr, data, troubleshooter }) =>
    troubleshooter.forSelf(requester, tr, (report, t) =>
      failureDetailsCard(report, data.failureId, t, 'self'),
    ),
  );
  verbs.set('self.logs.open', ({ requester, tr, troubleshooter }) =>
    troubleshooter.forSelf(requester, tr, (report, t) => deviceLogsCard(report, t, 'self')),
  );
  verbs.set('logs.send', ({ requester, tr, data, troubleshooter, desk, reference }) =>
    desk.sendLogGuide(troubleshooter, requester, tr, data.userId, reference),
  );
  const views = new Map(REPORT_VIEWS);
  // The case is confirmed in a new message; the card it was opened from stays, shown again as it is now.
  verbs.set('case.create', async (context) => {
    const { requester, tr, data, troubleshooter, desk, reference } = context;
    const created = await desk.create(troubleshooter, requester, tr, data, reference);
    if (created.outcome !== 'shown') return created;
    const origin = readBack(data.origin);
    const view = views.get(origin.verb);
    const again =
      data.self === true || !view
        ? await troubleshooter.forSelf(requester, tr)
        : await troubleshooter.forObjectId(
            requester,
            created.targetId,
            tr,
            view({ ...origin.params, back: data.back }),
          );
    if (again.outcome !== 'shown') return created;
    return { ...again, notice: created.card, targetId: created.targetId, delivery: created.delivery };
  });
  for (const verb of CASE_VERBS) {
    verbs.set(verb, ({ requester, tr, data, troubleshooter, desk, reference }) =>
      desk.act(troubleshooter, verb, requester, tr, data, reference),
    );
  }
  verbs.set('case.dashboard', ({ requester, tr, data, troubleshooter, desk }) =>
    desk.openDashboard(troubleshooter, requester, tr, data),
  );
  verbs.set('audit.open', ({ requester, tr, data, troubleshooter }) =>
    troubleshooter.forAudit(
      requester,
      { kind: 'objectId', id: typeof data.userId === 'string' ? data.userId : '' },
      tr,
      data.page,
    ),
  );
  verbs.set('audit.find', ({ requester, tr, data, troubleshooter }) => {
    const query = typeof data.query === 'string' ? data.query.trim().slice(0, MAX_QUERY_LENGTH) : '';
    return troubleshooter.forAudit(requester, { kind: 'text', text: query }, tr);
  });
  verbs.set('cases.open', ({ requester, tr, data, troubleshooter, desk }) =>
    desk.list(troubleshooter, requester, tr, data.page),
  );
  verbs.set('user.change', async ({ requester, tr, data, troubleshooter }) => {
    const query = typeof data.query === 'string' ? data.query.trim() : '';
    // The dashboard the search came from: a miss keeps the way back to it (opening it is re-authorized).
    const back = isObjectId(data.from)
      ? [{ title: tr.t('nav.back.dashboard'), verb: 'dashboard.open', data: { userId: data.from } }]
      : [];
    if (query === '' || query.length > MAX_QUERY_LENGTH) {
      return {
        card: messageCard(tr, 'changeUserEmpty', 'info', {}, [], back),
        outcome: 'invalid',
        targetId: null,
      };
    }
    const found = await troubleshooter.forText(requester, query, tr);
    if (found.outcome !== 'notFound' || back.length === 0) return found;
    return {
      ...found,
      card: messageCard(tr, 'notFound', 'warning', { query: plain(query) }, ['notFoundHint'], back),
    };
  });
  return verbs;
}
