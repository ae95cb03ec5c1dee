// What the escalation flow sends to people other than the one who asked, through Teams: a new case's card
// to tier 2, the channel card kept current, the requester's news in a 1:1 chat, and the log-collection steps.
// The channel card everyone sees carries no device details; agents' clients refresh it into the full one.
import type { AgentDirectory } from '../access/role-directory';
import { mapConcurrently } from '../concurrency/map-concurrently';
import {
  channelIdOf,
  inConversation,
  type CaseChannelPost,
  type CaseRepository,
  type ChannelRegistration,
  type ChannelRegistry,
  type ConversationReference,
  type EscalationCase,
} from '../escalations';
import { coversSubject } from '../flows/access-gate';
import type { CaseCourier, CaseDelivery } from '../flows/escalation-flow';
import { createTranslator, type Translator } from '../i18n';
import { describeError, type Logger } from '../logging/logger';
import type { TroubleshootingReport } from '../troubleshooting/report';
import { withCardLanguage } from '../views/card-language';
import { MAX_REFRESH_USERS, caseCard } from '../views/case-view';
import { deviceLogsCard } from '../views/device-logs-view';
import { messageCard } from '../views/message-view';
import { plain } from '../views/render-card';
import { deliverCase } from './case-delivery';
import type { ChannelNotices } from './channel-notices';
import type { Messenger } from './teams-messenger';

/** How many channel members are checked for the agent role when choosing who sees the full card. */
const ROSTER_SCAN_LIMIT = 200;
const ROLE_CHECKS_IN_FLIGHT = 10;

export interface TeamsCaseCourierDeps {
  cases: CaseRepository;
  channels: ChannelRegistry;
  roles: AgentDirectory;
  messenger: Messenger;
  /** Tells the agent who chose a channel that it can no longer take cases. */
  notices: ChannelNotices;
  logger: Logger;
}

function noteCard(tr: Translator, title: string): ReturnType<typeof messageCard> {
  return withCardLanguage(messageCard(tr, 'plain', 'info', { title, line: '' }), tr);
}

export class TeamsCaseCourier implements CaseCourier {
  constructor(private readonly deps: TeamsCaseCourierDeps) {}

  async deliver(
    created: EscalationCase,
    order: readonly ChannelRegistration[],
    tr: Translator,
    now: Date,
  ): Promise<CaseDelivery> {
    return deliverCase(
      this.deps,
      created,
      order,
      async (registration) =>
        withCardLanguage(
          caseCard(created, tr, {
            full: false,
            agentIds: await this.agentIdsIn(registration.reference, created.subject.id),
            now,
          }),
          tr,
        ),
      now,
    );
  }

  async announce(updated: EscalationCase, tr: Translator, now: Date): Promise<void> {
    const last = updated.history[updated.history.length - 1];
    const post = updated.channel;
    const channel =
      post?.activityId && !(await this.postIsGone(post))
        ? await this.deps.channels.getChannel(updated.topic)
        : null;
    if (channel && post?.activityId) {
      // The card stays where it was posted, even when the topic got another channel since.
      const cardReference = inConversation(channel.reference, post.conversationId);
      try {
        const agentIds = await this.agentIdsIn(cardReference, updated.subject.id);
        await this.deps.messenger.update(
          cardReference,
          post.activityId,
          withCardLanguage(caseCard(updated, tr, { full: false, agentIds, now }), tr),
        );
      } catch (error) {
        this.deps.logger.warn('case.channelUpdateFailed', {
          caseId: updated.id,
          error: describeError(error),
        });
      }
    }
    const reference = await this.deps.channels.getRequesterReference(updated.requester.aadObjectId);
    if (!reference || !last || last.action === 'created') return;
    const requesterTr = createTranslator(reference.locale ?? tr.locale);
    const line = requesterTr.t(`cases.notify.${last.action}`, {
      id: updated.id,
      name: plain(last.to?.name ?? last.by.name),
      note: plain(last.note ?? ''),
    });
    try {
      await this.deps.messenger.tellPersonally(
        reference,
        noteCard(requesterTr, line),
        noteCard(requesterTr, requesterTr.t('cases.notify.generic', { id: updated.id })),
      );
    } catch (error) {
      this.deps.logger.warn('case.notifyFailed', { caseId: updated.id, error: describeError(error) });
    }
  }

  sendLogGuide(via: ConversationReference, report: TroubleshootingReport, locale: string): Promise<boolean> {
    const personTr = createTranslator(locale);
    return this.deps.messenger.sendToPerson(
      via,
      report.user.id,
      withCardLanguage(deviceLogsCard(report, personTr, 'sent'), personTr),
    );
  }

  /** The card sits in a channel Teams said is gone: nothing more is sent there. */
  private async postIsGone(post: CaseChannelPost): Promise<boolean> {
    const registration = await this.deps.channels.getRegistration(post.channelTopic);
    return (
      registration !== null &&
      registration.unreachable !== null &&
      channelIdOf(registration) === (post.conversationId.split(';')[0] ?? '')
    );
  }

  /**
   * Agents in the channel whose scope covers the subject: their Teams clients refresh the base card into the
   * full one (at most 60).
   */
  private async agentIdsIn(reference: ConversationReference, subjectId: string): Promise<string[]> {
    try {
      const members = await this.deps.messenger.members(reference, ROSTER_SCAN_LIMIT);
      // Role checks run side by side (each is one cached Graph call): a card click must answer quickly.
      const covering = await mapConcurrently(members, ROLE_CHECKS_IN_FLIGHT, (member) =>
        member.aadObjectId
          ? coversSubject(this.deps.roles, member.aadObjectId, subjectId)
          : Promise.resolve(false),
      );
      return members
        .filter((_, i) => covering[i] === true)
        .map((m) => m.id)
        .slice(0, MAX_REFRESH_USERS);
    } catch (error) {
      // Without the roster nobody refreshes automatically; agents still have "Show details".
      this.deps.logger.warn('case.rosterFailed', { error: describeError(error) });
      return [];
    }
  }
}
