// Card verbs (Action.Execute) and their handlers. Everything in `data` is untrusted: handlers pass it
// to the troubleshoot flow, which re-authorizes from scratch.
import type { Translator } from '../i18n';
import { messageCard } from '../views/message-view';
import type { Requester } from './activity-facts';
import type { FlowResult, Troubleshooter } from './troubleshooter';

export const MAX_QUERY_LENGTH = 200;

export interface VerbContext {
  requester: Requester;
  tr: Translator;
  data: Record<string, unknown>;
}

export type CardVerbHandler = (context: VerbContext) => Promise<FlowResult>;

export function createCardVerbs(troubleshooter: Troubleshooter): ReadonlyMap<string, CardVerbHandler> {
  const openDashboard: CardVerbHandler = ({ requester, tr, data }) =>
    troubleshooter.forObjectId(requester, data.userId, tr);

  return new Map<string, CardVerbHandler>([
    ['dashboard.open', openDashboard],
    ['user.pick', openDashboard],
    [
      'user.change',
      async ({ requester, tr, data }) => {
        const query = typeof data.query === 'string' ? data.query.trim() : '';
        if (query === '' || query.length > MAX_QUERY_LENGTH) {
          return { card: messageCard(tr, 'missingTarget', 'info'), outcome: 'invalid', targetId: null };
        }
        return troubleshooter.forText(requester, query, tr);
      },
    ],
  ]);
}
