// The only reader of process.env. Reading (readEnv) and validating (envToConfig) are separate steps so
// that tests feed plain objects, and every bad variable is reported at once, by name.

import { GUID } from './ids/guid';
import { parseConnectionString, type AppInsightsTarget } from './telemetry/app-insights-exporter';

export type Env = Readonly<Record<string, string | undefined>>;

export type BotAuth =
  | { mode: 'anonymous' }
  | {
      mode: 'authenticated';
      appId: string;
      appPassword: string | null;
      appTenantId: string | null;
      appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    };

export type GraphCredentialKind = 'clientSecret' | 'clientCertificate' | 'managedIdentity' | 'none';

export type GraphConfig =
  /** No Azure credentials and no GRAPH_BASE_URL: the embedded demo tenant on loopback. */
  | { mode: 'demo' }
  | {
      mode: 'remote';
      baseUrl: string;
      credential: GraphCredentialKind;
      tenantId: string | null;
      clientId: string | null;
    };

export type StorageConfig =
  /** Embedded: JSON files under DATA_DIR/state, written atomically. One host. */
  | { kind: 'file'; dir: string }
  /** Azure Blob Storage, shared by several bot instances. */
  | { kind: 'azure-blob'; connectionString: string; container: string };

/** Who is an agent: members of Entra groups, or holders of an Intune role that may read managed devices. */
export type AccessMode = 'groups' | 'intune-roles';

/** How the bot reads Graph: its own application permissions, or as the agent (Teams SSO + on-behalf-of). */
export type GraphAuth = 'app' | 'delegated';

/** The Azure Bot OAuth connection through which delegated mode gets the agent's Graph token. */
export interface OAuthSettings {
  /** The connection's name on the Azure Bot resource (OAUTH_CONNECTION_NAME). */
  connectionName: string;
  /** The Bot Framework token service (OAuthUrl), e.g. a regional one; null = botbuilder's default. */
  apiUrl: string | null;
}

export interface Config {
  port: number;
  bot: BotAuth;
  /** Set only with GRAPH_AUTH=delegated. */
  oauth: OAuthSettings | null;
  graph: GraphConfig;
  /** Entra groups whose transitive members are helpdesk agents; null = the demo tenant's group. */
  helpdeskGroupIds: readonly string[] | null;
  accessMode: AccessMode;
  graphAuth: GraphAuth;
  /** Tenants whose activities are served; null = the demo tenant; 'any' only in anonymous local mode. */
  allowedTenantIds: readonly string[] | 'any' | null;
  /** Start the Microsoft 365 Agents Playground beside the bot (demo mode only). */
  playground: boolean;
  /** Who is signed in to the Playground: the start of a demo person's UPN; null = the helpdesk agent. */
  playgroundUser: string | null;
  dataDir: string;
  /** Turns one person may start per minute before the bot asks them to slow down. */
  turnsPerMinute: number;
  /** Escalation cases, channel and conversation references. */
  storage: StorageConfig;
  /** Application Insights export of the per-turn events; null = logs to stdout only. */
  appInsights: AppInsightsTarget | null;
  /** Days the audit trail keeps entries (AUDIT_RETENTION_DAYS, default 400). */
  auditRetentionDays: number;
}

function readStorage(env: Env, dataDir: string, problems: string[]): StorageConfig {
  const kind = (nonEmpty(env, 'STORAGE') ?? 'file').toLowerCase();
  const connectionString = nonEmpty(env, 'STORAGE_CONNECTION_STRING');
  const container = nonEmpty(env, 'STORAGE_CONTAINER') ?? 'helpdesk-bot';
  if (kind === 'file') {
    if (connectionString !== null)
      problems.push('STORAGE_CONNECTION_STRING is set but STORAGE is file: set STORAGE=azure-blob');
    return { kind: 'file', dir: `${dataDir}/state` };
  }
  if (kind === 'azure-blob') {
    if (connectionString === null)
      problems.push('STORAGE_CONNECTION_STRING is required when STORAGE is azure-blob');
    // Blob container names: 3-63 lower-case letters, digits and single hyphens.
    if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
      problems.push(`STORAGE_CONTAINER: not a valid blob container name: "${container}"`);
    }
    return { kind: 'azure-blob', connectionString: connectionString ?? '', container };
  }
  problems.push(`STORAGE: expected file or azure-blob, got "${kind}"`);
  return { kind: 'file', dir: `${dataDir}/state` };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function nonEmpty(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function guidList(env: Env, name: string, problems: string[]): string[] | null {
  const raw = nonEmpty(env, name);
  if (raw === null) return null;
  const ids = raw
    .split(/[,;\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = ids.filter((id) => !GUID.test(id));
  if (bad.length > 0) problems.push(`${name}: not a GUID: ${bad.join(', ')}`);
  return ids.map((id) => id.toLowerCase());
}

function readPort(env: Env, problems: string[]): number {
  const raw = nonEmpty(env, 'PORT');
  if (raw === null) return 3978;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT: expected a whole number from 0 to 65535, got "${raw}"`);
    return 3978;
  }
  return port;
}

function readBotAuth(env: Env, problems: string[]): BotAuth {
  const appId = nonEmpty(env, 'MicrosoftAppId');
  const appPassword = nonEmpty(env, 'MicrosoftAppPassword');
  const appTenantId = nonEmpty(env, 'MicrosoftAppTenantId');
  const rawType = nonEmpty(env, 'MicrosoftAppType');
  if (appId === null) {
    if (appPassword !== null) problems.push('MicrosoftAppPassword is set but MicrosoftAppId is not');
    return { mode: 'anonymous' };
  }
  if (!GUID.test(appId)) problems.push(`MicrosoftAppId: not a GUID: "${appId}"`);
  const appType = APP_TYPES.find((t) => t.toLowerCase() === (rawType ?? 'MultiTenant').toLowerCase());
  if (!appType) {
    problems.push(`MicrosoftAppType: expected one of ${APP_TYPES.join(', ')}, got "${rawType}"`);
    return { mode: 'anonymous' };
  }
  if (appTenantId !== null && !GUID.test(appTenantId)) {
    problems.push(`MicrosoftAppTenantId: not a GUID: "${appTenantId}"`);
  }
  if (appType === 'SingleTenant' && appTenantId === null) {
    problems.push('MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant');
  }
  if (appType !== 'UserAssignedMSI' && appPassword === null) {
    problems.push(`MicrosoftAppPassword is required when MicrosoftAppType is ${appType}`);
  }
  return { mode: 'authenticated', appId, appPassword, appTenantId, appType };
}

function readGraph(env: Env, problems: string[]): GraphConfig {
  const rawBaseUrl = nonEmpty(env, 'GRAPH_BASE_URL');
  const tenantId = nonEmpty(env, 'AZURE_TENANT_ID');
  const clientId = nonEmpty(env, 'AZURE_CLIENT_ID');
  const secret = nonEmpty(env, 'AZURE_CLIENT_SECRET');
  const certificatePath = nonEmpty(env, 'AZURE_CLIENT_CERTIFICATE_PATH');
  const anyAzure = tenantId ?? clientId ?? secret ?? certificatePath;

  if (rawBaseUrl === null && anyAzure === null) return { mode: 'demo' };

  let baseUrl = 'https://graph.microsoft.com';
  let loopback = false;
  if (rawBaseUrl !== null) {
    try {
      const url = new URL(rawBaseUrl);
      loopback = isLoopbackUrl(url);
      if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:')) {
        problems.push(
          `GRAPH_BASE_URL: must be https (http is allowed only on loopback), got "${rawBaseUrl}"`,
        );
      }
      if (url.pathname !== '/' && url.pathname !== '') {
        problems.push(`GRAPH_BASE_URL: give the host only, without a version path, got "${rawBaseUrl}"`);
      }
      baseUrl = url.origin;
    } catch {
      problems.push(`GRAPH_BASE_URL: not a URL: "${rawBaseUrl}"`);
    }
  }

  if (secret !== null && certificatePath !== null) {
    problems.push('AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH are both set: choose one');
  }
  if ((secret !== null || certificatePath !== null) && (tenantId === null || clientId === null)) {
    problems.push(
      'AZURE_TENANT_ID and AZURE_CLIENT_ID are required with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH',
    );
  }
  if (tenantId !== null && !GUID.test(tenantId)) problems.push(`AZURE_TENANT_ID: not a GUID: "${tenantId}"`);
  if (clientId !== null && !GUID.test(clientId)) problems.push(`AZURE_CLIENT_ID: not a GUID: "${clientId}"`);

  let credential: GraphCredentialKind;
  if (secret !== null) credential = 'clientSecret';
  else if (certificatePath !== null) credential = 'clientCertificate';
  // A loopback Graph with no Azure credential is a local Graph-compatible server: no token.
  else if (loopback && anyAzure === null) credential = 'none';
  else credential = 'managedIdentity';

  return { mode: 'remote', baseUrl, credential, tenantId, clientId };
}

function readOAuth(
  env: Env,
  graphAuth: GraphAuth,
  graph: GraphConfig,
  problems: string[],
): OAuthSettings | null {
  const connectionName = nonEmpty(env, 'OAUTH_CONNECTION_NAME');
  const rawApiUrl = nonEmpty(env, 'OAuthUrl');
  if (graphAuth !== 'delegated') {
    if (connectionName !== null)
      problems.push('OAUTH_CONNECTION_NAME is set but GRAPH_AUTH is not delegated');
    return null;
  }
  if (graph.mode === 'demo') {
    problems.push(
      'GRAPH_AUTH=delegated needs a real tenant (GRAPH_BASE_URL or Azure credentials): demo mode reads as the app',
    );
  }
  if (connectionName === null) {
    problems.push(
      'OAUTH_CONNECTION_NAME is required with GRAPH_AUTH=delegated (the Azure Bot OAuth connection)',
    );
  } else if (!/^[\w .-]{1,100}$/.test(connectionName)) {
    problems.push(
      `OAUTH_CONNECTION_NAME: letters, digits, spaces, dots, hyphens and underscores only, got "${connectionName}"`,
    );
  }
  let apiUrl: string | null = null;
  if (rawApiUrl !== null) {
    try {
      const url = new URL(rawApiUrl);
      if (url.protocol !== 'https:' && !(isLoopbackUrl(url) && url.protocol === 'http:')) {
        problems.push(`OAuthUrl: must be https (http is allowed only on loopback), got "${rawApiUrl}"`);
      }
      apiUrl = url.href.replace(/\/+$/, '');
    } catch {
      problems.push(`OAuthUrl: not a URL: "${rawApiUrl}"`);
    }
  }
  return { connectionName: connectionName ?? '', apiUrl };
}

export function envToConfig(env: Env): Config {
  const problems: string[] = [];
  const port = readPort(env, problems);
  const bot = readBotAuth(env, problems);
  const graph = readGraph(env, problems);
  const helpdeskGroupIds = guidList(env, 'HELPDESK_GROUP_IDS', problems);
  const allowedFromEnv = guidList(env, 'ALLOWED_TENANT_IDS', problems);

  // Anonymous mode accepts unsigned activities: fine for a local Graph stand-in, never for a real tenant.
  if (bot.mode === 'anonymous' && graph.mode === 'remote' && graph.credential !== 'none') {
    problems.push(
      'MicrosoftAppId is required when Graph is a real tenant: without it the bot accepts unsigned activities',
    );
  }
  const rawAccessMode = nonEmpty(env, 'ACCESS_MODE')?.toLowerCase() ?? null;
  let accessMode: AccessMode;
  if (rawAccessMode === 'groups' || rawAccessMode === 'intune-roles') accessMode = rawAccessMode;
  else {
    if (rawAccessMode !== null) {
      problems.push(`ACCESS_MODE: expected groups or intune-roles, got "${rawAccessMode}"`);
    }
    // The demo tenant keeps its helpdesk group unless asked otherwise; a real tenant without groups uses roles.
    accessMode = helpdeskGroupIds !== null || graph.mode === 'demo' ? 'groups' : 'intune-roles';
  }
  if (accessMode === 'groups' && graph.mode === 'remote' && helpdeskGroupIds === null) {
    problems.push(
      'HELPDESK_GROUP_IDS is required with ACCESS_MODE=groups outside demo mode (without it nobody is a helpdesk agent)',
    );
  }
  if (accessMode === 'intune-roles' && helpdeskGroupIds !== null) {
    problems.push(
      'HELPDESK_GROUP_IDS is set but ACCESS_MODE is intune-roles, where Intune role assignments decide who is an agent: unset one of them',
    );
  }
  const rawGraphAuth = nonEmpty(env, 'GRAPH_AUTH')?.toLowerCase() ?? 'app';
  let graphAuth: GraphAuth = 'app';
  if (rawGraphAuth === 'delegated') graphAuth = 'delegated';
  else if (rawGraphAuth !== 'app') {
    problems.push(`GRAPH_AUTH: expected app or delegated, got "${rawGraphAuth}"`);
  }
  const oauth = readOAuth(env, graphAuth, graph, problems);
  // Without an app id the sign-in state is unsigned: only a local token service stand-in accepts that.
  if (bot.mode === 'anonymous' && oauth !== null && !(oauth.apiUrl && isLoopbackUrl(new URL(oauth.apiUrl)))) {
    problems.push(
      'MicrosoftAppId is required with GRAPH_AUTH=delegated (the token service signs in the bot)',
    );
  }
  if (helpdeskGroupIds !== null && helpdeskGroupIds.length > 20) {
    problems.push('HELPDESK_GROUP_IDS: at most 20 groups (Graph checkMemberGroups takes 20)');
  }

  let allowedTenantIds: Config['allowedTenantIds'];
  if (allowedFromEnv !== null) allowedTenantIds = allowedFromEnv;
  else if (bot.mode === 'authenticated' && bot.appTenantId !== null)
    allowedTenantIds = [bot.appTenantId.toLowerCase()];
  else if (graph.mode === 'demo') allowedTenantIds = null;
  else if (bot.mode === 'anonymous') allowedTenantIds = 'any';
  else {
    problems.push(
      'ALLOWED_TENANT_IDS (or MicrosoftAppTenantId) is required for a multi-tenant bot registration',
    );
    allowedTenantIds = [];
  }

  const playgroundRaw = (nonEmpty(env, 'PLAYGROUND') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(playgroundRaw)) {
    problems.push(`PLAYGROUND: expected on or off, got "${playgroundRaw}"`);
  }

  const rawRate = nonEmpty(env, 'TURNS_PER_MINUTE');
  const turnsPerMinute = rawRate === null ? 60 : Number(rawRate);
  if (!Number.isInteger(turnsPerMinute) || turnsPerMinute < 1) {
    problems.push(`TURNS_PER_MINUTE: expected a whole number of at least 1, got "${rawRate}"`);
  }

  const dataDir = nonEmpty(env, 'DATA_DIR') ?? '.data';
  const storage = readStorage(env, dataDir, problems);

  const rawRetention = nonEmpty(env, 'AUDIT_RETENTION_DAYS');
  const auditRetentionDays = rawRetention === null ? 400 : Number(rawRetention);
  if (!Number.isInteger(auditRetentionDays) || auditRetentionDays < 1 || auditRetentionDays > 36500) {
    problems.push(
      `AUDIT_RETENTION_DAYS: expected a whole number of days from 1 to 36500, got "${rawRetention}"`,
    );
  }

  const rawInsights = nonEmpty(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING');
  const appInsights = rawInsights === null ? null : parseConnectionString(rawInsights);
  if (rawInsights !== null && appInsights === null) {
    problems.push(
      'APPLICATIONINSIGHTS_CONNECTION_STRING: expected InstrumentationKey=<guid> and an https IngestionEndpoint',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    bot,
    oauth,
    graph,
    helpdeskGroupIds,
    accessMode,
    graphAuth,
    allowedTenantIds,
    playground: graph.mode === 'demo' && playgroundRaw === 'on',
    playgroundUser: nonEmpty(env, 'PLAYGROUND_USER')?.toLowerCase() ?? null,
    dataDir,
    turnsPerMinute,
    storage,
    appInsights,
    auditRetentionDays,
  };
}

export function readEnv(): Env {
  return process.env;
}
