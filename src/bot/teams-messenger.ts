// Proactive messages: posting a case card in a tier-2 channel, updating it in place, telling a requester
// personally, and reading a channel's roster. Everything goes through the adapter, so sends are paced
// and retried like replies.
import {
  CardFactory,
  MessageFactory,
  TeamsInfo,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { describeError, type Logger } from '../logging/logger';
import type { AdaptiveCard } from '../views/render-card';

export interface RosterEntry {
  /** The Teams id (29:…), the id refresh.userIds takes. */
  id: string;
  aadObjectId: string | null;
}

export interface Messenger {
  /** Posts a card as a new message; resolves with its activity id. */
  post(reference: Partial<ConversationReference>, card: AdaptiveCard): Promise<string | null>;
  update(reference: Partial<ConversationReference>, activityId: string, card: AdaptiveCard): Promise<void>;
  /** The first `limit` members of the conversation. */
  members(reference: Partial<ConversationReference>, limit: number): Promise<RosterEntry[]>;
  /**
   * Sends a card to the person of `reference` in a 1:1 chat: the reference's own conversation when it is
   * personal, else a new 1:1 conversation. When that cannot be created, `fallback` (which must carry no
   * personal details) goes to the reference's conversation instead; with no fallback the error is thrown.
   */
  tellPersonally(
    reference: Partial<ConversationReference>,
    card: AdaptiveCard,
    fallback: AdaptiveCard | null,
  ): Promise<void>;
  /**
   * Starts (or reopens) the bot's 1:1 chat with a person known only by Entra object id, on the service of
   * `via`, and sends the card there. Teams allows this when the app is installed for the person; false
   * when it could not be delivered.
   */
  sendToPerson(
    via: Partial<ConversationReference>,
    aadObjectId: string,
    card: AdaptiveCard,
  ): Promise<boolean>;
}

/** Why Teams refused a send, read defensively from the connector's error: status and error code. */
export interface ConnectorFailure {
  status: number | null;
  code: string | null;
}

export function connectorFailure(error: unknown): ConnectorFailure {
  if (error === null || typeof error !== 'object') return { status: null, code: null };
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return {
    status: typeof statusCode === 'number' ? statusCode : null,
    // Teams' codes are short identifiers; anything else is not worth keeping.
    code: typeof code === 'string' && /^[A-Za-z]{1,60}$/.test(code) ? code : null,
  };
}

/**
 * The conversation is gone for the bot: 404 (ConversationNotFound, a deleted channel) or 403
 * (BotNotInConversationRoster, the bot removed; the team archived). Retrying there cannot help.
 */
export function isConversationGone(failure: ConnectorFailure): boolean {
  return failure.status === 403 || failure.status === 404;
}

type Logic = (context: TurnContext) => Promise<void>;

/**
 * The adapter hands an error in proactive logic to its turn error handler, which would post an error card
 * into the very conversation that just failed; the error is kept from it and thrown to the caller instead.
 */
async function rethrowing(logic: Logic, run: (wrapped: Logic) => Promise<unknown>): Promise<void> {
  const outcome: { failed: boolean; error: unknown } = { failed: false, error: null };
  await run(async (context) => {
    try {
      await logic(context);
    } catch (error) {
      outcome.failed = true;
      outcome.error = error;
    }
  });
  if (outcome.failed) throw outcome.error;
}

export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty in anonymous local mode. */
    private readonly appId: string,
    private readonly logger: Logger,
  ) {}

  private async continue(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    await rethrowing(logic, (wrapped) =>
      this.adapter.continueConversationAsync(this.appId, reference, wrapped),
    );
  }

  async post(reference: Partial<ConversationReference>, card: AdaptiveCard): Promise<string | null> {
    let id: string | null = null;
    await this.continue(reference, async (context) => {
      const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      id = sent?.id ?? null;
    });
    return id;
  }

  async update(
    reference: Partial<ConversationReference>,
    activityId: string,
    card: AdaptiveCard,
  ): Promise<void> {
    await this.continue(reference, async (context) => {
      await context.updateActivity({
        ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        id: activityId,
      });
    });
  }

  async tellPersonally(
    reference: Partial<ConversationReference>,
    card: AdaptiveCard,
    fallback: AdaptiveCard | null,
  ): Promise<void> {
    const conversation = reference.conversation;
    const personal = conversation?.conversationType === 'personal' || conversation?.isGroup === false;
    if (personal) {
      await this.post(reference, card);
      return;
    }
    const user = reference.user;
    try {
      if (!user?.id) throw new Error('no user to write to');
      await this.openPersonalChat(reference, { id: user.id, name: user.name ?? '' }, card);
    } catch (error) {
      this.logger.warn('notify.personalChatFailed', { error: describeError(error) });
      if (fallback === null) throw error;
      await this.post(reference, fallback);
    }
  }

  async sendToPerson(
    via: Partial<ConversationReference>,
    aadObjectId: string,
    card: AdaptiveCard,
  ): Promise<boolean> {
    try {
      await this.openPersonalChat(via, { id: aadObjectId, name: '' }, card);
      return true;
    } catch (error) {
      this.logger.warn('notify.personalChatFailed', { error: describeError(error) });
      return false;
    }
  }

  private async openPersonalChat(
    via: Partial<ConversationReference>,
    member: { id: string; name: string },
    card: AdaptiveCard,
  ): Promise<void> {
    if (!via.serviceUrl) throw new Error('no service to write to');
    const tenantId = via.conversation?.tenantId;
    const serviceUrl = via.serviceUrl;
    const send = async (context: TurnContext): Promise<void> => {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    };
    await rethrowing(send, (wrapped) =>
      this.adapter.createConversationAsync(
        this.appId,
        via.channelId ?? 'msteams',
        serviceUrl,
        // The audience is used as the token scope as given, so it must be the real one (an empty string
        // would ask Entra for a token with no scope); this is the adapter's own default.
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        {
          isGroup: false,
          bot: via.bot ?? { id: '', name: '' },
          members: [member],
          tenantId: tenantId ?? '',
          channelData: tenantId ? { tenant: { id: tenantId } } : {},
        },
        wrapped,
      ),
    );
  }

  async members(reference: Partial<ConversationReference>, limit: number): Promise<RosterEntry[]> {
    const found: RosterEntry[] = [];
    await this.continue(reference, async (context) => {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(context, Math.min(100, limit), token);
        for (const member of page.members)
          found.push({ id: member.id, aadObjectId: member.aadObjectId ?? null });
        token = page.continuationToken;
      } while (token && found.length < limit);
    });
    return found.slice(0, limit);
  }
}
