// Composition: config → Graph (or the embedded demo tenant) → access → bot → HTTP server. The one place
// that constructs clients; tests start the whole application through it.
import { areaReadings } from './areas';
import type { Server } from 'restify';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RateLimiter } from './access/rate-limiter';
import { IntuneRoleDirectory } from './access/intune-role-directory';
import { RoleDirectory, type AgentDirectory } from './access/role-directory';
import { ContainerClient } from '@azure/storage-blob';
import type { AuditLog } from './audit/audit-log';
import { BlobAuditLog } from './audit/blob-audit-log';
import { FileAuditLog } from './audit/file-audit-log';
import { AgentSignIn } from './bot/agent-sign-in';
import { createAdapter } from './bot/create-adapter';
import { createMessageEndpoint } from './bot/message-endpoint';
import { HelpdeskBot } from './bot/helpdesk-bot';
import { Flows } from './flows';
import type { Config } from './config';
import { DEMO_HELPDESK_GROUP_ID, DEMO_TENANT_ID, startDemoTenant, type DemoTenant } from './demo-tenant';
import { createCredential, createGraphClient } from './graph/create-graph-client';
import { GraphIntuneRoles } from './graph/graph-intune-roles';
import { GraphTroubleshootingSource } from './graph/graph-troubleshooting-source';
import { InFlight } from './concurrency/in-flight';
import { describeError, type Logger } from './logging/logger';
import { CaseRepository, ChannelRegistry } from './escalations';
import { CorruptionMonitor, createStorage } from './storage';
import { TeamsCaseCourier } from './bot/case-courier';
import { TeamsMessenger } from './bot/teams-messenger';
import { ChannelNotices } from './bot/channel-notices';
import { ActionSeal } from './bot/action-seal';
import { GreetingLedger } from './bot/greeting-ledger';
import { TeamsLife } from './bot/teams-life';
import { createServer, listen } from './server';
import type { TokenCredential } from '@azure/identity';
import { TurnTokens } from './graph/turn-token';

export interface RunningApp {
  /** http://127.0.0.1:PORT (or the bound address). */
  url: string;
  port: number;
  source: GraphTroubleshootingSource;
  /** The embedded demo tenant, in demo mode. */
  demoTenant: DemoTenant | null;
  /**
   * Stops taking turns, lets the ones in flight finish (up to the deadline), then closes everything.
   * Resolves true when nothing was cut short.
   */
  close(deadlineMs?: number): Promise<boolean>;
}

const READINESS_PROBE_KEY = 'readiness-probe';

/** How long a shutdown waits for turns in flight (Graph's own time budget per report is 20 s). */
export const SHUTDOWN_DEADLINE_MS = 25_000;

/** Any HTTP answer means the Graph-compatible server is up; only a network failure is not. */
async function graphAnswers(baseUrl: string): Promise<void> {
  await fetch(`${baseUrl}/v1.0/$metadata`, { signal: AbortSignal.timeout(4000) });
}

function graphCredential(config: Config): TokenCredential | null {
  if (config.graph.mode !== 'remote' || config.graph.credential === 'none') return null;
  if (config.graph.credential === 'managedIdentity') {
    return createCredential({
      kind: 'managedIdentity',
      ...(config.graph.clientId ? { clientId: config.graph.clientId } : {}),
    });
  }
  // @azure/identity reads AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or certificate path itself;
  // managed identity stays in the chain for hosts that have one.
  return createCredential({ kind: 'environmentThenManagedIdentity' });
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const demoTenant = config.graph.mode === 'demo' ? await startDemoTenant({ port: 0 }) : null;
  const baseUrl = demoTenant ? demoTenant.url : config.graph.mode === 'remote' ? config.graph.baseUrl : '';
  // Delegated mode reads Graph as the agent: the token of the turn in progress, never the app's own.
  const turnTokens = config.graphAuth === 'delegated' && config.oauth ? new TurnTokens() : null;
  const credential = turnTokens ? null : graphCredential(config);
  const client = createGraphClient({
    baseUrl,
    credential: turnTokens ? { delegated: () => turnTokens.current() } : credential,
  });
  const source = new GraphTroubleshootingSource({
    client,
    baseUrl,
    areas: areaReadings(),
    perCaller: turnTokens !== null,
  });

  const helpdeskGroupIds = config.helpdeskGroupIds ?? [DEMO_HELPDESK_GROUP_ID];
  const allowedTenants = config.allowedTenantIds ?? [DEMO_TENANT_ID.toLowerCase()];
  const roles: AgentDirectory =
    config.accessMode === 'intune-roles'
      ? new IntuneRoleDirectory(new GraphIntuneRoles(client, baseUrl))
      : new RoleDirectory(source, helpdeskGroupIds);
  const auditDir = join(config.dataDir, 'audit');
  // With Blob storage the trail lives there too, so every instance appends to and reads one trail.
  const audit: AuditLog =
    config.storage.kind === 'azure-blob'
      ? new BlobAuditLog(new ContainerClient(config.storage.connectionString, config.storage.container), {
          retentionDays: config.auditRetentionDays,
        })
      : new FileAuditLog(auditDir, { retentionDays: config.auditRetentionDays });
  const rateLimiter = new RateLimiter(config.turnsPerMinute, 60_000);
  const adapter = createAdapter(config.bot, undefined, config.oauth?.apiUrl ?? null);
  const corruption = new CorruptionMonitor();
  corruption.onCorrupt(({ key, setAsideAs }) => logger.error('storage.corruptSetAside', { key, setAsideAs }));
  const storage = createStorage(config.storage, corruption);
  const channels = new ChannelRegistry(storage);
  const messenger = new TeamsMessenger(
    adapter,
    config.bot.mode === 'authenticated' ? config.bot.appId : '',
    logger,
  );
  const notices = new ChannelNotices({ channels, messenger, logger });
  const cases = new CaseRepository(storage, {
    corruption,
    onIndexError: (error, id) => logger.warn('case.indexFailed', { caseId: id, error: describeError(error) }),
  });
  const courier = new TeamsCaseCourier({ cases, channels, roles, messenger, notices, logger });
  const flows = new Flows({
    source,
    roles,
    audit,
    allowedTenants,
    escalations: { cases, channels, courier },
  });
  const delegated =
    turnTokens && config.oauth
      ? { signIn: new AgentSignIn(config.oauth.connectionName, logger), tokens: turnTokens }
      : null;
  const ledger = new GreetingLedger(storage);
  // Before the first turn: "welcome once" relies on the ledger's documents existing.
  await ledger.prepare();
  const life = new TeamsLife({ ledger, channels, notices, roles, allowedTenants, logger });
  const bot = new HelpdeskBot({
    flows,
    audit,
    rateLimiter,
    logger,
    messenger,
    life,
    delegated,
    seal: await ActionSeal.load(storage),
  });
  const inFlight = new InFlight();
  const server: Server = createServer({
    messages: createMessageEndpoint(adapter, bot, logger),
    logger,
    inFlight,
    anonymous: config.bot.mode === 'anonymous',
    readiness: {
      graph: async () => {
        if (credential) await credential.getToken(`${baseUrl}/.default`);
        else await graphAnswers(baseUrl);
      },
      storage: async () => {
        if (config.storage.kind === 'file') {
          await mkdir(auditDir, { recursive: true });
          await access(auditDir, constants.W_OK);
        }
        await storage.read([READINESS_PROBE_KEY]);
        // Serving, but a document was set aside and someone should look at it.
        return corruption.documents.length > 0 ? 'degraded' : undefined;
      },
    },
  });

  // Anonymous mode accepts unauthenticated activities, so it listens on loopback only.
  const host = config.bot.mode === 'anonymous' ? '127.0.0.1' : undefined;
  const port = await listen(server, config.port, host);
  logger.info('app.started', {
    port,
    graph: demoTenant ? 'demo' : baseUrl,
    auth: config.bot.mode,
    access: config.accessMode,
    graphAuth: config.graphAuth,
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    source,
    demoTenant,
    async close(deadlineMs = SHUTDOWN_DEADLINE_MS) {
      const finished = await inFlight.drain(deadlineMs);
      if (!finished) logger.warn('app.shutdownDeadline', { cutShort: inFlight.active });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await demoTenant?.close();
      logger.info('app.stopped', { cleanly: finished });
      return finished;
    },
  };
}
