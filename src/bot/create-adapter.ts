// botbuilder's CloudAdapter. With an app id it validates every incoming JWT (401 otherwise); without one
// it runs anonymously, which config.ts allows only for local use.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Activity, InvokeResponse, ResourceResponse, TurnContext } from 'botbuilder';
import { OutboundPacer } from './outbound-pacer';
// botbuilder does not re-export this class, and CloudAdapter maps only this class to 401.
import {
  AuthenticationConstants,
  AuthenticationError,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type UserTokenClient,
} from 'botframework-connector';
import type { BotAuth } from '../config';

/**
 * Fails closed: when a token cannot be validated for any reason (for example the signing keys cannot be
 * fetched), the request is unauthorized (401), not an internal error (500).
 */
class FailClosedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly anonymous: boolean,
  ) {
    super(options);
  }

  /**
   * Anonymous local mode has no app id, which the token service's sign-in state requires: an empty one is
   * sent instead, to a token service that config.ts allows only on loopback in this mode.
   */
  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    if (!this.anonymous) return super.createUserTokenClient(claimsIdentity);
    const local = new ClaimsIdentity(
      [{ type: AuthenticationConstants.AudienceClaim, value: '' }],
      AuthenticationConstants.AnonymousAuthType,
    );
    return super.createUserTokenClient(local);
  }
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError('The token could not be validated', 401);
    }
  }
}

/** Every send and update goes through the pacer: one at a time per activity, so a retry never repeats another. */
export class PacedCloudAdapter extends CloudAdapter {
  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    private readonly pacer: OutboundPacer,
  ) {
    super(authentication);
  }

  override async sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation?.id ?? '';
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const sent = await this.pacer.run(conversationId, () => super.sendActivities(context, [activity]));
      responses.push(...sent);
    }
    return responses;
  }

  /**
   * Checks the caller's token and runs the turn: what `process` does without its console output and error
   * text (see message-endpoint.ts). Throws AuthenticationError for a refused token.
   */
  async runIncoming(
    authorization: string,
    body: Record<string, unknown>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    // As botbuilder's own validation does: the wire's date strings become Dates, the raw text is kept.
    const activity: Record<string, unknown> = { ...body };
    for (const [field, raw] of [
      ['timestamp', 'rawTimestamp'],
      ['localTimestamp', 'rawLocalTimestamp'],
      ['expiration', 'rawExpiration'],
    ] as const) {
      const value = activity[field];
      if (typeof value === 'string') {
        activity[raw] = value;
        activity[field] = new Date(value);
      }
    }
    return this.processActivity(authorization, activity as unknown as Activity, logic);
  }

  override async updateActivity(
    context: TurnContext,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse | void> {
    const conversationId = activity.conversation?.id ?? context.activity.conversation?.id ?? '';
    return this.pacer.run(conversationId, () => super.updateActivity(context, activity));
  }
}

export function createAdapter(
  auth: BotAuth,
  pacer: OutboundPacer = new OutboundPacer(),
  /** The Bot Framework token service (delegated mode), e.g. a regional one; null = botbuilder's default. */
  oauthUrl: string | null = null,
): PacedCloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    ...(auth.mode === 'anonymous'
      ? {}
      : {
          MicrosoftAppId: auth.appId,
          MicrosoftAppPassword: auth.appPassword ?? undefined,
          MicrosoftAppType: auth.appType,
          MicrosoftAppTenantId: auth.appTenantId ?? undefined,
        }),
    ...(oauthUrl !== null ? { OAuthUrl: oauthUrl } : {}),
  };
  return new PacedCloudAdapter(new FailClosedAuthentication(options, auth.mode === 'anonymous'), pacer);
}
