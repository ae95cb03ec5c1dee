// Delegated mode: the agent's own Graph token through Teams single sign-on and the Azure Bot OAuth connection.
// The Bot Framework token service holds the tokens (it does the on-behalf-of exchange and the refreshes); the
// bot asks it for the token at the start of each turn and keeps it only in that turn's memory.
import { CardFactory, MessageFactory, type Entity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Translator } from '../i18n';
import type { Logger } from '../logging/logger';
import { TtlCache } from '../caching/ttl-cache';

/** A message that waited for sign-in, answered once the agent is signed in. */
export interface PendingCommand {
  text: string;
  entities: Entity[];
  locale: string | null;
}

/** How long a command waits for its sign-in: long enough to consent in a pop-up, short enough to stay relevant. */
const PENDING_TTL_MS = 10 * 60_000;

/** An OAuth card as the value of an invoke's `application/vnd.microsoft.activity.loginRequest` answer. */
export type LoginRequest = {
  text: string;
  connectionName: string;
  tokenExchangeResource?: { id?: string; uri?: string; providerId?: string };
  buttons: { type: 'signin'; title: string; text: string; value: string }[];
};

export type SignInOutcome =
  | { response: InvokeResponse; signedIn: true; token: string; pending: PendingCommand | null }
  | { response: InvokeResponse; signedIn: false };

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function statusOf(error: unknown): number | string {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : error instanceof Error ? error.name : 'unknown';
}

export class AgentSignIn {
  private readonly pending: TtlCache<string, PendingCommand>;

  constructor(
    private readonly connectionName: string,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.pending = new TtlCache(PENDING_TTL_MS, 1000, now);
  }

  /** The user token client CloudAdapter put on this turn (it knows the token service's URL and credentials). */
  private client(context: TurnContext): UserTokenClient {
    const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
    const client: unknown = key === undefined ? undefined : context.turnState.get(key);
    if (client === undefined) throw new Error('Delegated mode needs the CloudAdapter user token client');
    return client as UserTokenClient;
  }

  private who(context: TurnContext): { userId: string; channelId: string; key: string } {
    const userId = String(context.activity.from?.id ?? '');
    const conversationId = String(context.activity.conversation?.id ?? '');
    return { userId, channelId: context.activity.channelId, key: `${conversationId}\n${userId}` };
  }

  /** The agent's token when the token service holds a valid one (it refreshes it itself), else null. */
  async token(context: TurnContext, magicCode?: string): Promise<string | null> {
    const { userId, channelId } = this.who(context);
    if (userId === '') return null;
    try {
      const response = await this.client(context).getUserToken(
        userId,
        this.connectionName,
        channelId,
        // Typed as required, but botbuilder sends no code query parameter when it is undefined.
        magicCode as string,
      );
      return typeof response?.token === 'string' && response.token !== '' ? response.token : null;
    } catch (error) {
      this.logger.warn('signIn.tokenFailed', { status: statusOf(error) });
      return null;
    }
  }

  /**
   * Sends the sign-in card. Teams first tries single sign-on with its tokenExchangeResource (the agent sees
   * nothing); when that fails, the card's button signs in (and asks for consent) in a pop-up.
   */
  async prompt(context: TurnContext, tr: Translator, pending: PendingCommand | null): Promise<void> {
    const { key } = this.who(context);
    if (pending !== null) this.pending.set(key, pending);
    const resource = await this.client(context).getSignInResource(this.connectionName, context.activity, '');
    const card = CardFactory.oauthCard(
      this.connectionName,
      tr.t('signIn.button'),
      tr.t('signIn.text'),
      resource.signInLink,
      resource.tokenExchangeResource,
      resource.tokenPostResource,
    );
    await context.sendActivity(MessageFactory.attachment(card));
  }

  /**
   * The sign-in request that answers a card click itself (Universal Actions): Teams tries single sign-on with
   * the exchange resource, else shows the sign-in button on the card, then sends the same click again with
   * the agent's SSO token (`authentication`) or the pop-up's code (`state`).
   */
  async loginRequest(context: TurnContext, tr: Translator): Promise<LoginRequest> {
    const resource = await this.client(context).getSignInResource(this.connectionName, context.activity, '');
    return {
      text: tr.t('signIn.text'),
      connectionName: this.connectionName,
      ...(resource.tokenExchangeResource ? { tokenExchangeResource: resource.tokenExchangeResource } : {}),
      buttons: [
        {
          type: 'signin',
          title: tr.t('signIn.button'),
          text: tr.t('signIn.button'),
          value: resource.signInLink ?? '',
        },
      ],
    };
  }

  /**
   * The token a click sent again after sign-in carries: its SSO token exchanged, or its sign-in code redeemed.
   * `none` when the click carries neither (for this connection); null when what it carries does not work.
   */
  async tokenOfClick(
    context: TurnContext,
    value: unknown,
  ): Promise<{ via: 'sso' | 'code'; token: string | null } | 'none'> {
    if (!isRecord(value)) return 'none';
    const auth = value.authentication;
    if (
      isRecord(auth) &&
      auth.connectionName === this.connectionName &&
      typeof auth.token === 'string' &&
      auth.token !== ''
    )
      return { via: 'sso', token: await this.exchangeSso(context, auth.token) };
    const state = typeof value.state === 'string' ? value.state.trim() : '';
    if (state !== '')
      return { via: 'code', token: state.length <= 200 ? await this.token(context, state) : null };
    return 'none';
  }

  /** Teams' SSO token, exchanged on-behalf-of by the token service for a Graph token; null when refused. */
  private async exchangeSso(context: TurnContext, ssoToken: string): Promise<string | null> {
    const { userId, channelId } = this.who(context);
    try {
      const result = await this.client(context).exchangeToken(userId, this.connectionName, channelId, {
        token: ssoToken,
      });
      return typeof result?.token === 'string' && result.token !== '' ? result.token : null;
    } catch (error) {
      this.logger.info('signIn.exchangeFailed', { status: statusOf(error) });
      return null;
    }
  }

  /** `signin/tokenExchange`: Teams' SSO token, exchanged on-behalf-of by the token service for a Graph token. */
  async exchange(context: TurnContext): Promise<SignInOutcome> {
    const value: unknown = context.activity.value;
    const id = isRecord(value) && typeof value.id === 'string' ? value.id : '';
    const ssoToken = isRecord(value) && typeof value.token === 'string' ? value.token : '';
    const connectionName = isRecord(value) ? value.connectionName : undefined;
    if (id === '' || ssoToken === '' || connectionName !== this.connectionName) {
      return {
        signedIn: false,
        response: { status: 400, body: { id, connectionName: this.connectionName } },
      };
    }
    const token = await this.exchangeSso(context, ssoToken);
    if (token === null) {
      // 412 tells Teams to fall back to the card's sign-in button (consent, or a fresh sign-in).
      return {
        signedIn: false,
        response: {
          status: 412,
          body: {
            id,
            connectionName: this.connectionName,
            failureDetail: 'The token could not be exchanged.',
          },
        },
      };
    }
    return {
      signedIn: true,
      token,
      pending: this.takePending(context),
      response: { status: 200, body: { id, connectionName: this.connectionName } },
    };
  }

  /** `signin/verifyState`: the sign-in pop-up finished; its state is the code that redeems the token. */
  async verifyState(context: TurnContext): Promise<SignInOutcome> {
    const value: unknown = context.activity.value;
    const state = isRecord(value) && typeof value.state === 'string' ? value.state.trim() : '';
    // A magic code is short; anything else is not one.
    const token = state !== '' && state.length <= 200 ? await this.token(context, state) : null;
    if (token === null) return { signedIn: false, response: { status: 404 } };
    return { signedIn: true, token, pending: this.takePending(context), response: { status: 200 } };
  }

  /** Graph no longer accepts the token (expired, revoked): forget it, so the next sign-in fetches a new one. */
  async signOut(context: TurnContext): Promise<void> {
    const { userId, channelId } = this.who(context);
    try {
      await this.client(context).signOutUser(userId, this.connectionName, channelId);
    } catch (error) {
      this.logger.warn('signIn.signOutFailed', { status: statusOf(error) });
    }
  }

  private takePending(context: TurnContext): PendingCommand | null {
    const { key } = this.who(context);
    const pending = this.pending.get(key) ?? null;
    if (pending !== null) this.pending.delete(key);
    return pending;
  }
}
