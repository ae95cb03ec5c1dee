// Tells the agent who chose a tier-2 channel, in a 1:1 chat, when Teams says the channel went away (or a
// case card bounced off it) and when it came back. Never posts into the channel itself: it may be gone.
import type { ConversationReference } from 'botbuilder';
import type { ChannelRegistration, ChannelRegistry } from '../escalations';
import { createTranslator } from '../i18n';
import { describeError, type Logger } from '../logging/logger';
import { channelBackCard, channelUnreachableCard, type ReturnCause } from '../views/teams-life-view';
import type { AdaptiveCard } from '../views/render-card';
import type { Messenger } from './teams-messenger';

export interface ChannelNoticesDeps {
  channels: ChannelRegistry;
  messenger: Messenger;
  logger: Logger;
}

/** The name people pick from the @mention list; the app's name when the activity does not say. */
export const DEFAULT_BOT_NAME = 'Helpdesk Troubleshooter';

export function botNameOf(reference: Partial<ConversationReference>): string {
  const name = reference.bot?.name;
  return typeof name === 'string' && name.trim() !== '' && name.length <= 80 ? name.trim() : DEFAULT_BOT_NAME;
}

export class ChannelNotices {
  constructor(private readonly deps: ChannelNoticesDeps) {}

  /** For registrations that just became unreachable (each one only once, see ChannelRegistry). */
  async unreachable(
    registrations: readonly ChannelRegistration[],
    code: string | null = null,
  ): Promise<void> {
    for (const registration of registrations) {
      const cause = registration.unreachable?.reason ?? 'deliveryFailed';
      const fallsBack =
        registration.topic !== 'default' &&
        (await this.deps.channels.getChannel(registration.topic)) !== null;
      await this.tell(registration, 'channel.unreachableNotice', (locale) =>
        channelUnreachableCard(
          createTranslator(locale),
          registration.topic,
          cause,
          code,
          fallsBack,
          botNameOf(registration.reference),
        ),
      );
    }
  }

  /** For unreachable registrations whose channel or team came back: offered, not reused. */
  async offeredBack(registrations: readonly ChannelRegistration[], cause: ReturnCause): Promise<void> {
    for (const registration of registrations) {
      await this.tell(registration, 'channel.offeredBack', (locale) =>
        channelBackCard(
          createTranslator(locale),
          registration.topic,
          cause,
          botNameOf(registration.reference),
        ),
      );
    }
  }

  private async tell(
    registration: ChannelRegistration,
    event: string,
    card: (locale: string | undefined) => AdaptiveCard,
  ): Promise<void> {
    const agentId = registration.setBy.aadObjectId;
    try {
      // The agent's own chat with the bot when known; else a new 1:1 chat with the account that chose it.
      const known = await this.deps.channels.getRequesterReference(agentId);
      const reference = known ?? registration.reference;
      await this.deps.messenger.tellPersonally(
        reference,
        card(registration.reference.locale ?? known?.locale),
        null,
      );
      this.deps.logger.info(event, { topic: registration.topic, reason: registration.unreachable?.reason });
    } catch (error) {
      this.deps.logger.warn(`${event}Failed`, { topic: registration.topic, error: describeError(error) });
    }
  }
}
