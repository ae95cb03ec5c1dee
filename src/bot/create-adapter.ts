// botbuilder's CloudAdapter. With an app id it validates every incoming JWT (401 otherwise); without one
// it runs anonymously, which config.ts allows only for local use.
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { BotAuth } from '../config';

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
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}
