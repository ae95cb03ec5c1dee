// Posting a new case card to tier 2, truthfully: the topic's channel first, then the default one, then
// any other registered channel. A channel Teams says is gone (403/404) is marked unreachable at once and
// its agent told; nothing else is sent there. When no channel takes the card the case is kept, marked not
// delivered, and the log says so.
import type {
  CaseDeliveryFailure,
  CaseRepository,
  ChannelRegistration,
  ChannelRegistry,
  EscalationCase,
} from '../escalations';
import { channelIdOf, recordChannelPost, recordNotDelivered } from '../escalations';
import { describeError, type Logger } from '../logging/logger';
import type { AdaptiveCard } from '../views/render-card';
import type { ChannelNotices } from './channel-notices';
import { connectorFailure, isConversationGone, type Messenger } from './teams-messenger';

export interface CaseDeliveryDeps {
  cases: CaseRepository;
  channels: ChannelRegistry;
  messenger: Messenger;
  notices: ChannelNotices;
  logger: Logger;
}

export type DeliveryResult =
  | { kind: 'delivered'; to: ChannelRegistration; fellBack: boolean; failures: CaseDeliveryFailure[] }
  | { kind: 'notDelivered'; failures: CaseDeliveryFailure[] };

export async function deliverCase(
  deps: CaseDeliveryDeps,
  created: EscalationCase,
  order: readonly ChannelRegistration[],
  cardFor: (registration: ChannelRegistration) => Promise<AdaptiveCard>,
  now: Date,
): Promise<DeliveryResult> {
  const failures: CaseDeliveryFailure[] = [];
  for (const registration of order) {
    const conversationId = channelIdOf(registration);
    let activityId: string | null;
    try {
      activityId = await deps.messenger.post(registration.reference, await cardFor(registration));
    } catch (error) {
      const failure = connectorFailure(error);
      failures.push({
        channelTopic: registration.topic,
        conversationId,
        status: failure.status,
        code: failure.code,
        at: now.toISOString(),
      });
      deps.logger.warn('case.deliveryFailed', {
        caseId: created.id,
        channelTopic: registration.topic,
        status: failure.status,
        code: failure.code,
        error: describeError(error),
      });
      if (isConversationGone(failure)) {
        const gone = await deps.channels.markUnreachable(
          { kind: 'channel', channelId: conversationId },
          'deliveryFailed',
          now,
        );
        await deps.notices.unreachable(gone, failure.code);
      }
      continue;
    }
    const post = {
      channelTopic: registration.topic,
      conversationId: registration.reference.conversation?.id ?? '',
      activityId,
    };
    await deps.cases.update(created.id, (c) => recordChannelPost(c, post, now, failures));
    return { kind: 'delivered', to: registration, fellBack: failures.length > 0, failures };
  }
  await deps.cases.update(created.id, (c) => recordNotDelivered(c, failures, now));
  deps.logger.error('case.notDelivered', { caseId: created.id, channelsTried: failures.length });
  return { kind: 'notDelivered', failures };
}
