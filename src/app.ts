// Composition: config → Graph (or the embedded demo tenant) → access → bot → HTTP server. The one place
// that constructs clients; tests start the whole application through it.
import type { Server } from 'restify';
import { join } from 'node:path';
import { RateLimiter } from './access/rate-limiter';
import { RoleDirectory } from './access/role-directory';
import { FileAuditLog } from './audit/file-audit-log';
import { createAdapter } from './bot/create-adapter';
import { HelpdeskBot } from './bot/helpdesk-bot';
import { Troubleshooter } from './bot/troubleshooter';
import type { Config } from './config';
import { DEMO_HELPDESK_GROUP_ID, DEMO_TENANT_ID, startDemoTenant, type DemoTenant } from './demo-tenant';
import { createCredential, createGraphClient } from './graph/create-graph-client';
import { GraphTroubleshootingSource } from './graph/graph-troubleshooting-source';
import type { Logger } from './logger';
import { createServer, listen } from './server';
import type { TokenCredential } from '@azure/identity';

export interface RunningApp {
  /** http://127.0.0.1:PORT (or the bound address). */
  url: string;
  port: number;
  source: GraphTroubleshootingSource;
  /** The embedded demo tenant, in demo mode. */
  demoTenant: DemoTenant | null;
  close(): Promise<void>;
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
  const client = createGraphClient({ baseUrl, credential: graphCredential(config) });
  const source = new GraphTroubleshootingSource({ client, baseUrl });

  const helpdeskGroupIds = config.helpdeskGroupIds ?? [DEMO_HELPDESK_GROUP_ID];
  const allowedTenants = config.allowedTenantIds ?? [DEMO_TENANT_ID.toLowerCase()];
  const roles = new RoleDirectory(source, helpdeskGroupIds);
  const audit = new FileAuditLog(join(config.dataDir, 'audit'));
  const troubleshooter = new Troubleshooter({ source, roles, audit, allowedTenants, logger });
  const rateLimiter = new RateLimiter(config.turnsPerMinute, 60_000);
  const bot = new HelpdeskBot({ troubleshooter, audit, rateLimiter, logger });
  const adapter = createAdapter(config.bot);
  const server: Server = createServer({ adapter, bot, logger });

  // Anonymous mode accepts unauthenticated activities, so it listens on loopback only.
  const host = config.bot.mode === 'anonymous' ? '127.0.0.1' : undefined;
  const port = await listen(server, config.port, host);
  logger.info('app.started', {
    port,
    graph: demoTenant ? 'demo' : baseUrl,
    auth: config.bot.mode,
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    source,
    demoTenant,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      await demoTenant?.close();
    },
  };
}
