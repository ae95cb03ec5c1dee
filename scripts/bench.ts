// Measures how long a troubleshooting report takes against the embedded demo tenant with a simulated
// Graph latency, and how many requests and sequential round trips it costs.
// Usage: npx tsx scripts/bench.ts [--latency=100] [--runs=10]
import { DEMO_DOMAIN, PEOPLE, startDemoTenant } from '../src/demo-tenant';
import { createGraphClient } from '../src/graph/create-graph-client';
import { GraphHttp } from '../src/graph/graph-http';
import { GraphTroubleshootingSource } from '../src/graph/graph-troubleshooting-source';
import { newOperation } from '../src/graph/operation-context';

function numberArg(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

async function main(): Promise<void> {
  const latencyMs = numberArg('latency', 100);
  const runs = Math.max(1, Math.round(numberArg('runs', 10)));
  const tenant = await startDemoTenant({ port: 0, latencyMs });
  try {
    const client = createGraphClient({ baseUrl: tenant.url, credential: null });
    const source = new GraphTroubleshootingSource({
      client,
      baseUrl: tenant.url,
      cache: null,
      timeBudgetMs: 60_000,
    });

    const http = new GraphHttp(client, tenant.url);
    const roundTrip: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      await http.send({ method: 'GET', version: 'v1.0', url: '/deviceManagement' }, newOperation(10_000));
      roundTrip.push(performance.now() - started);
    }
    const oneRoundTrip = percentile(
      [...roundTrip].sort((a, b) => a - b),
      50,
    );

    console.log(
      `Demo tenant latency ${latencyMs} ms; one round trip measured at ${oneRoundTrip.toFixed(0)} ms; ${runs} runs each.`,
    );
    console.log(
      'user                         devices  HTTP req  Graph req  round trips  retries  p50 ms  p95 ms  p50/round trip',
    );
    for (const person of [PEOPLE.james, PEOPLE.wouter]) {
      const resolution = await source.resolveUser(`${person.key}@${DEMO_DOMAIN}`);
      if (resolution.kind !== 'found') throw new Error(`Seed user ${person.key} not found`);
      const times: number[] = [];
      let last = { http: 0, graph: 0, roundTrips: 0, retries: 0, devices: 0 };
      for (let run = 0; run < runs; run += 1) {
        tenant.resetRequests();
        const started = performance.now();
        const report = await source.getReport(resolution.user);
        times.push(performance.now() - started);
        last = {
          http: report.stats.requests,
          graph: tenant.requests.filter((r) => r.path !== '/$batch').length,
          roundTrips: report.stats.roundTrips,
          retries: report.stats.retries,
          devices: report.devices.status === 'ok' ? report.devices.data.length : 0,
        };
      }
      const sorted = times.sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      console.log(
        [
          resolution.user.userPrincipalName.padEnd(28),
          String(last.devices).padStart(7),
          String(last.http).padStart(9),
          String(last.graph).padStart(10),
          String(last.roundTrips).padStart(12),
          String(last.retries).padStart(8),
          p50.toFixed(0).padStart(7),
          percentile(sorted, 95).toFixed(0).padStart(7),
          (p50 / oneRoundTrip).toFixed(2).padStart(15),
        ].join(' '),
      );
    }
  } finally {
    await tenant.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
