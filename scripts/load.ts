// Load: N concurrent helpdesk agents drive /api/messages in demo mode for a while, mixing dashboards,
// drill-downs and failure rows; replies go to a local connector stand-in. Prints throughput, latency
// percentiles, errors and memory. Bounded in count and time; loopback only.
// Usage: npm run load -- [--agents=50] [--seconds=60] [--latency=20] [--cache=on|off]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app';
import { envToConfig } from '../src/config';
import { DEMO_DOMAIN, DEMO_TENANT_ID, PEOPLE, userIdFor } from '../src/demo-tenant';
import { createLogger } from '../src/logging/logger';
import { ConnectorStandIn } from '../test/support/connector-stand-in';

function arg(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 3);
}

function numberArg(name: string, fallback: number, max: number): number {
  const value = Number(arg(name, String(fallback)));
  if (!Number.isFinite(value) || value < 0 || value > max) throw new Error(`--${name} must be 0..${max}`);
  return value;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const AGENTS = [PEOPLE.lotte, PEOPLE.ruben, PEOPLE.emma];
const SUBJECTS = Object.values(PEOPLE);
const DRILL_DOWNS = [
  'devices.open',
  'apps.open',
  'compliance.open',
  'configuration.open',
  'groups.open',
  'restrictions.open',
  'appProtection.open',
];

async function main(): Promise<void> {
  const agents = Math.round(numberArg('agents', 50, 500));
  const seconds = numberArg('seconds', 60, 600);
  const latencyMs = numberArg('latency', 20, 5000);
  const cache = arg('cache', 'on') !== 'off';

  const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-load-'));
  const connector = await ConnectorStandIn.start();
  let logLines = 0;
  let graphRequests = 0;
  const logger = createLogger((line) => {
    logLines++;
    const match = /"graphRequests":(\d+)/.exec(line);
    if (match) graphRequests += Number(match[1]);
  });
  const app = await startApp(
    envToConfig({ PORT: '0', PLAYGROUND: 'off', DATA_DIR: dataDir, TURNS_PER_MINUTE: '1000000' }),
    logger,
  );
  app.demoTenant?.setLatency(latencyMs);

  const latencies: number[] = [];
  const counts = { dashboard: 0, drillDown: 0, failureRow: 0 };
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;

  const base = (agent: (typeof AGENTS)[number], conversation: string) => ({
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'en-US',
    from: { id: `29:${agent.key}`, name: 'Agent', aadObjectId: userIdFor(agent.key) },
    recipient: { id: '28:bot', name: 'Helpdesk Troubleshooter' },
    conversation: { id: conversation, conversationType: 'personal', tenantId: DEMO_TENANT_ID },
    channelData: { tenant: { id: DEMO_TENANT_ID } },
  });

  async function turn(body: object): Promise<unknown> {
    if (!cache) app.source.clearCache();
    const started = performance.now();
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    if (response.status !== 200 || text.includes('Something went wrong')) errors++;
    return text ? (JSON.parse(text) as unknown) : null;
  }

  async function runAgent(index: number): Promise<void> {
    const agent = AGENTS[index % AGENTS.length]!;
    const conversation = `load-${index}`;
    let i = 0;
    while (Date.now() < deadline) {
      const subject = SUBJECTS[(index + i) % SUBJECTS.length]!;
      const userId = userIdFor(subject.key);
      const invoke = (verb: string, data: object) =>
        turn({
          ...base(agent, conversation),
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data } },
        });
      const pick = i % 5;
      if (pick < 2) {
        counts.dashboard++;
        await turn({
          ...base(agent, conversation),
          type: 'message',
          id: `${index}-${i}`,
          text: `troubleshoot ${subject.key}@${DEMO_DOMAIN}`,
        });
      } else if (pick < 4) {
        counts.drillDown++;
        await invoke(DRILL_DOWNS[i % DRILL_DOWNS.length]!, { userId });
      } else {
        counts.failureRow++;
        const list = JSON.stringify(await invoke('failures.open', { userId }));
        const failureId = /"failureId":"([^"]+)"/.exec(list)?.[1];
        if (failureId) await invoke('failure.open', { userId, failureId });
      }
      i++;
    }
  }

  global.gc?.();
  const memoryStart = process.memoryUsage();
  const started = performance.now();
  // The stand-in keeps what it received for tests; here only the count matters, so its memory is freed as
  // it goes, and the heap is sampled to show whether the bot's own memory levels off.
  let received = 0;
  const samples: string[] = [];
  const sampler = setInterval(
    () => {
      received += connector.sent.length;
      connector.sent.splice(0);
      global.gc?.();
      samples.push(mb(process.memoryUsage().heapUsed));
    },
    Math.max(1000, (seconds * 1000) / 6),
  );
  await Promise.all(Array.from({ length: agents }, (_, i) => runAgent(i)));
  clearInterval(sampler);
  received += connector.sent.length;
  const elapsed = (performance.now() - started) / 1000;
  global.gc?.();
  const memoryEnd = process.memoryUsage();

  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `Load: ${agents} agents for ${seconds} s, demo tenant latency ${latencyMs} ms, report cache ${cache ? 'on' : 'off'}`,
  );
  console.log(
    `turns            ${latencies.length} (dashboards ${counts.dashboard}, drill-downs ${counts.drillDown}, failure rows ${counts.failureRow})`,
  );
  console.log(`turns per second ${(latencies.length / elapsed).toFixed(1)}`);
  console.log(
    `turn latency     p50 ${percentile(sorted, 50).toFixed(0)} ms · p95 ${percentile(sorted, 95).toFixed(0)} ms · p99 ${percentile(sorted, 99).toFixed(0)} ms`,
  );
  console.log(`errors           ${errors}`);
  console.log(`graph requests   ${graphRequests} (HTTP calls to Graph, a $batch counts once)`);
  console.log(
    `memory           heap ${mb(memoryStart.heapUsed)} → ${mb(memoryEnd.heapUsed)} · rss ${mb(memoryStart.rss)} → ${mb(memoryEnd.rss)}`,
  );
  console.log(`heap over time   ${samples.join(' → ')} (after GC)`);
  console.log(`log lines        ${logLines}; replies received by the connector stand-in ${received}`);

  await app.close(5000);
  await connector.close();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
