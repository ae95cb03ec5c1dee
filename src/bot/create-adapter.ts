// botbuilder's CloudAdapter. With an app id it validates every incoming JWT (401 otherwise); without one
// it runs anonymously, which config.ts allows only for local use.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Activity } from 'botbuilder';
// botbuilder does not re-export this class, and CloudAdapter maps only this class to 401.
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotAuth } from '../config';

/**
 * Fails closed: when a token cannot be validated for any reason (for example the signing keys cannot be
 * fetched), the request is unauthorized (401), not an internal error (500).
 */
class FailClosedAuthentication extends ConfigurationBotFrameworkAuthentication {
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

export function createAdapter(auth: BotAuth): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions =
    auth.mode === 'anonymous'
      ? {}
      : {
          MicrosoftAppId: auth.appId,
          MicrosoftAppPassword: auth.appPassword ?? undefined,
          MicrosoftAppType: auth.appType,
          MicrosoftAppTenantId: auth.appTenantId ?? undefined,
        };
  return new CloudAdapter(new FailClosedAuthentication(options));
}
