import {
  ChainedTokenCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { AuthenticationHandler, Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { isLoopbackUrl } from '../config';
import { DelegatedAuthHandler, type TurnAccessToken } from './delegated-auth';
import { GraphSettingsError } from './errors';

export interface GraphClientSettings {
  /**
   * Graph's service root without version: `https://graph.microsoft.com`, a national cloud
   * (`https://graph.microsoft.us`, `https://microsoftgraph.chinacloudapi.cn`), or a loopback Graph-compatible server.
   */
  baseUrl: string;
  /**
   * The app's own credential; or `{ delegated }`, the signed-in agent's token of the turn in progress; `null`
   * sends no Authorization header and is only accepted for loopback base URLs.
   */
  credential: TokenCredential | { delegated: TurnAccessToken } | null;
}

export type CredentialSettings =
  /** AZURE_TENANT_ID + AZURE_CLIENT_ID + secret or certificate, as @azure/identity reads them. */
  | { kind: 'environment'; authorityHost?: string }
  /** A system-assigned identity, or the user-assigned one with `clientId`. */
  | { kind: 'managedIdentity'; clientId?: string }
  /** The environment's app registration when present, else the managed identity. */
  | { kind: 'environmentThenManagedIdentity'; authorityHost?: string; managedIdentityClientId?: string };

export function createCredential(settings: CredentialSettings): TokenCredential {
  switch (settings.kind) {
    case 'environment':
      return environmentCredential(settings.authorityHost);
    case 'managedIdentity':
      return managedIdentityCredential(settings.clientId);
    case 'environmentThenManagedIdentity':
      return new ChainedTokenCredential(
        environmentCredential(settings.authorityHost),
        managedIdentityCredential(settings.managedIdentityClientId),
      );
  }
}

function environmentCredential(authorityHost: string | undefined): TokenCredential {
  return authorityHost === undefined
    ? new EnvironmentCredential()
    : new EnvironmentCredential({ authorityHost });
}

function managedIdentityCredential(clientId: string | undefined): TokenCredential {
  return clientId === undefined
    ? new ManagedIdentityCredential()
    : new ManagedIdentityCredential({ clientId });
}

/** Validates and normalizes the base URL (no trailing slash); throws GraphSettingsError when unusable. */
export function parseGraphBaseUrl(settings: GraphClientSettings): URL {
  let url: URL;
  try {
    url = new URL(settings.baseUrl);
  } catch {
    throw new GraphSettingsError(`Graph base URL is not a URL: ${settings.baseUrl}`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new GraphSettingsError('Graph base URL must not have a query or fragment');
  }
  if (settings.credential === null && !isLoopbackUrl(url)) {
    throw new GraphSettingsError(`A Graph base URL without a credential must be loopback, not ${url.host}`);
  }
  if (settings.credential !== null && 'delegated' in settings.credential) {
    // The agent's token may travel in clear text only to a loopback stand-in.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
      throw new GraphSettingsError('A Graph base URL used with delegated tokens must be https');
    }
  } else if (settings.credential !== null && url.protocol !== 'https:') {
    // The SDK attaches tokens to https hosts only; a token must not travel in clear text anyway.
    throw new GraphSettingsError('A Graph base URL used with a credential must be https');
  }
  if (settings.credential === null && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GraphSettingsError(`Unsupported Graph base URL scheme ${url.protocol}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/**
 * The SDK client with our own middleware chain. The SDK's RetryHandler is left out on purpose: it never retries
 * sub-requests inside a $batch and may sleep up to 180 s per attempt, so retries live in graph-http.ts and
 * batch.ts under one per-report time budget. Its TelemetryHandler is left out because it strips the
 * client-request-id header on hosts it does not know as Graph (the loopback demo tenant).
 */
export function createGraphClient(settings: GraphClientSettings): Client {
  const baseUrl = parseGraphBaseUrl(settings);
  const transport = new HTTPMessageHandler();
  if (settings.credential === null) {
    return Client.initWithMiddleware({ baseUrl: baseUrl.href, middleware: transport });
  }
  if ('delegated' in settings.credential) {
    const delegated = new DelegatedAuthHandler(settings.credential.delegated, baseUrl.origin);
    delegated.setNext(transport);
    return Client.initWithMiddleware({ baseUrl: baseUrl.href, middleware: delegated });
  }
  const authProvider = new TokenCredentialAuthenticationProvider(settings.credential, {
    scopes: [`${baseUrl.origin}/.default`],
  });
  const authentication = new AuthenticationHandler(authProvider);
  authentication.setNext(transport);
  return Client.initWithMiddleware({
    baseUrl: baseUrl.href,
    middleware: authentication,
    // The SDK only sends the token to hosts it knows as Graph, or to these (national clouds, proxies).
    customHosts: new Set([baseUrl.hostname]),
  });
}
