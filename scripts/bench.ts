// Measures, per row of the Graph-cost goals (README), what one lookup costs against the embedded demo tenant
// with a simulated Graph latency: sequential round trips, Graph requests (batch sub-requests counted),
// p50/p95 time to the report and its ratio to one round trip, CPU per dashboard render and heap per report.
// The demo tenant runs in a child process (scripts/bench-tenant.ts), as Graph runs elsewhere.
// Usage: npm run bench -- [--latency=100] [--runs=10]
import { areaReadings, dashboardAreas } from '../src/areas';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { DEMO_DOMAIN, PEOPLE, userIdFor } from '../src/demo-tenant';
import { IntuneRoleDirectory } from '../src/access/intune-role-directory';
import { AccessGate } from '../src/flows/access-gate';
import { TroubleshootFlow } from '../src/flows/troubleshoot-flow';
import { CallStats } from '../src/graph/call-stats';
import { createGraphClient } from '../src/graph/create-graph-client';
import { GraphIntuneRoles } from '../src/graph/graph-intune-roles';
import { GraphHttp } from '../src/graph/graph-http';
import { GraphTroubleshootingSource } from '../src/graph/graph-troubleshooting-source';
import { newOperation } from '../src/graph/operation-context';
import { createTranslator } from '../src/i18n';
import { present } from '../src/presenter/present';
import type { TroubleshootingReport } from '../src/troubleshooting/report';
import { dashboardView } from '../src/views/dashboard-view';
import { renderCard } from '../src/views/render-card';
import type { BenchTenantReply, BenchTenantRequest } from './bench-tenant-protocol';

/** One of the child's demo tenants: its URL, and its request log read over IPC. */
interface RemoteTenant {
  url: string;
  resetRequests(): Promise<void>;
  count(): Promise<{ graph: number; http: number }>;
}

async function startTenants(latencyMs: number): Promise<{ tenants: RemoteTenant[]; stop: () => void }> {
  const child: ChildProcess = fork(join(__dirname, 'bench-tenant.ts'), [String(latencyMs)], {
    execArgv: ['--import', 'tsx'],
  });
  const waiting = new Map<number, (reply: BenchTenantReply) => void>();
  let nextId = 1;
  const [first] = (await once(child, 'message')) as [BenchTenantReply];
  child.on('message', (reply: BenchTenantReply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = (tenant: 0 | 1, op: BenchTenantRequest['op']): Promise<BenchTenantReply> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, tenant, op } satisfies BenchTenantRequest);
    });
  const tenants = (first.urls ?? []).map((url, index): RemoteTenant => ({
    url,
    resetRequests: async () => {
      await ask(index === 0 ? 0 : 1, 'reset');
    },
    count: () => ask(index === 0 ? 0 : 1, 'count'),
  }));
  return { tenants, stop: () => child.disconnect() };
}

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

interface Row {
  label: string;
  /** Goals from the issue: round trips, ratio to one round trip, Graph requests (null: no goal). */
  goal: { roundTrips: string; ratio: string; requests: string };
  lookup: (
    source: GraphTroubleshootingSource,
  ) => Promise<{ report: TroubleshootingReport; roundTrips: number }>;
}

const upn = (key: string): string => `${key}@${DEMO_DOMAIN}`;

function byKey(key: string): Row['lookup'] {
  return async (source) => {
    const report = await source.getReportByKey(key);
    if (report === null) throw new Error(`Seed user ${key} not found`);
    return { report, roundTrips: report.stats.roundTrips };
  };
}

const ROWS: Row[] = [
  {
    label: 'UPN typed, no device with a problem (James, 2)',
    goal: { roundTrips: '1', ratio: '≤ 1.5', requests: '—' },
    lookup: byKey(upn(PEOPLE.james.key)),
  },
  {
    label: 'object id typed, no device with a problem',
    goal: { roundTrips: '1', ratio: '≤ 1.5', requests: '—' },
    lookup: byKey(userIdFor(PEOPLE.james.key)),
  },
  {
    label: 'UPN typed, a device with a problem (Sander, 2)',
    goal: { roundTrips: '2', ratio: '≤ 2.5', requests: '—' },
    lookup: byKey(upn(PEOPLE.sander.key)),
  },
  {
    label: '80 devices, 2 non-compliant (Fleur)',
    goal: { roundTrips: '≤ 2', ratio: '≤ 2.5', requests: '≤ 25' },
    lookup: byKey(upn(PEOPLE.fleur.key)),
  },
  {
    label: '500 devices, 5 non-compliant (Kees)',
    goal: { roundTrips: '≤ 3', ratio: '≤ 3', requests: '≤ 40' },
    lookup: byKey(upn(PEOPLE.kees.key)),
  },
  {
    label: 'a name typed: "James Patel" (search + report)',
    goal: { roundTrips: '+ 1', ratio: '+ 1', requests: '—' },
    lookup: async (source) => {
      const resolution = await source.resolveUser('James Patel');
      if (resolution.kind !== 'found') throw new Error('James Patel is not found by name');
      const report = await source.getReport(resolution.user);
      // resolveUser reports no stats: a name is one `$search` request, one round trip before the report.
      return { report, roundTrips: 1 + report.stats.roundTrips };
    },
  },
];

// --- ACCESS_MODE=intune-roles: the whole troubleshoot flow (agent check, scope check, report) -------------

/** Every HTTP call of a flow, counted the way one operation counts its own (CallStats: longest chain). */
let flowStats: CallStats | null = null;
const httpPrototype = GraphHttp.prototype as unknown as {
  sendOnce: (this: GraphHttp, ...args: unknown[]) => Promise<unknown>;
};
const sendOnce = httpPrototype.sendOnce;
httpPrototype.sendOnce = async function (this: GraphHttp, ...args: unknown[]): Promise<unknown> {
  const end = flowStats?.begin();
  try {
    return await sendOnce.apply(this, args);
  } finally {
    end?.();
  }
};

interface FlowRow {
  label: string;
  goal: string;
  /** What is warm before the measured turn: nothing, the role data, or the role data and the agent's standing. */
  warm: 'nothing' | 'roles' | 'roles+agent';
  text: string;
}

const RUBEN = PEOPLE.ruben.key;
const FLOW_ROWS: FlowRow[] = [
  { label: 'UPN, everything cold (roles unread)', goal: '—', warm: 'nothing', text: upn(PEOPLE.sander.key) },
  { label: 'UPN, roles cached, agent check expired', goal: '2', warm: 'roles', text: upn(PEOPLE.sander.key) },
  { label: 'UPN, roles and agent cached', goal: '2', warm: 'roles+agent', text: upn(PEOPLE.sander.key) },
  { label: 'name, roles cached, agent check expired', goal: '+ 1', warm: 'roles', text: 'Sander Mulder' },
  { label: 'name, roles and agent cached', goal: '+ 1', warm: 'roles+agent', text: 'Sander Mulder' },
];

async function measureFlows(tenant: RemoteTenant, runs: number, oneRoundTrip: number): Promise<void> {
  const client = createGraphClient({ baseUrl: tenant.url, credential: null });
  const tr = createTranslator('en');
  const requester = { aadObjectId: userIdFor(RUBEN), name: 'Ruben de Vries', tenantId: null };
  console.log(
    [
      'case (Ruben, Netherlands helpdesk → Sander)'.padEnd(44),
      'round trips',
      'Graph req',
      'p50 ms',
      'p95 ms',
      'ratio',
      'goal: trips',
    ].join(' | '),
  );
  for (const row of FLOW_ROWS) {
    const times: number[] = [];
    let trips = 0;
    let graph = 0;
    for (let run = 0; run < runs; run += 1) {
      const source = new GraphTroubleshootingSource({
        areas: areaReadings(),
        client,
        baseUrl: tenant.url,
        cache: null,
        timeBudgetMs: 60_000,
      });
      let clock = Date.now();
      const roles = new IntuneRoleDirectory(new GraphIntuneRoles(client, tenant.url), { now: () => clock });
      // Ruben's own turn a while ago read the role data and his standing.
      if (row.warm !== 'nothing') await roles.standingOf(userIdFor(RUBEN));
      // Two minutes later (an agent's usual pace) his standing has expired; the role data (5 minutes) has not.
      if (row.warm === 'roles') clock += 2 * 60_000;
      const flow = new TroubleshootFlow({
        gate: new AccessGate({ roles, allowedTenants: 'any' }),
        source,
        firstAnswerMs: 60_000,
      });
      await tenant.resetRequests();
      flowStats = new CallStats();
      const started = performance.now();
      const result = present(await flow.forText(requester, row.text), tr);
      times.push(performance.now() - started);
      if (result.outcome !== 'shown') throw new Error(`${row.label}: ${result.outcome}`);
      trips = flowStats.roundTrips;
      flowStats = null;
      graph = (await tenant.count()).graph;
    }
    const sorted = times.sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    console.log(
      [
        row.label.padEnd(44),
        String(trips).padStart(11),
        String(graph).padStart(9),
        p50.toFixed(0).padStart(6),
        percentile(sorted, 95).toFixed(0).padStart(6),
        (p50 / oneRoundTrip).toFixed(2).padStart(5),
        row.goal,
      ].join(' | '),
    );
  }
}

async function oneRoundTripMs(tenant: RemoteTenant): Promise<number> {
  const client = createGraphClient({ baseUrl: tenant.url, credential: null });
  const http = new GraphHttp(client, tenant.url);
  const times: number[] = [];
  for (let i = 0; i < 7; i += 1) {
    const started = performance.now();
    await http.send({ method: 'GET', version: 'v1.0', url: '/deviceManagement' }, newOperation(10_000));
    times.push(performance.now() - started);
  }
  return percentile(
    [...times].sort((a, b) => a - b),
    50,
  );
}

function heapPerReport(report: TroubleshootingReport): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return NaN;
  const copies = 50;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: copies }, () => structuredClone(report));
  gc();
  const after = process.memoryUsage().heapUsed;
  return kept.length > 0 ? (after - before) / copies : NaN;
}

function cpuPerRender(report: TroubleshootingReport): number {
  const tr = createTranslator('en');
  const now = new Date();
  renderCard('dashboard', dashboardView(report, tr, now, dashboardAreas()));
  const renders = 20;
  const started = process.cpuUsage();
  for (let i = 0; i < renders; i += 1)
    renderCard('dashboard', dashboardView(report, tr, now, dashboardAreas()));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / renders;
}

async function measure(
  tenant: RemoteTenant,
  rows: readonly Row[],
  runs: number,
  oneRoundTrip: number,
  withGoals: boolean,
): Promise<void> {
  const client = createGraphClient({ baseUrl: tenant.url, credential: null });
  const header = [
    'case'.padEnd(48),
    'devices',
    'round trips',
    'Graph req',
    'HTTP req',
    'p50 ms',
    'p95 ms',
    'ratio',
    'render CPU ms',
    'heap/report KB',
  ];
  if (withGoals) header.push('goal: trips / ratio / Graph req');
  console.log(header.join(' | '));
  for (const row of rows) {
    const times: number[] = [];
    let last: { report: TroubleshootingReport; roundTrips: number; graph: number; http: number } | null =
      null;
    for (let run = 0; run < runs; run += 1) {
      // A fresh source each run: no cached report, no cached resolution (the agent's role is not read here).
      const source = new GraphTroubleshootingSource({
        areas: areaReadings(),
        client,
        baseUrl: tenant.url,
        cache: null,
        timeBudgetMs: 60_000,
      });
      await tenant.resetRequests();
      const started = performance.now();
      const { report, roundTrips } = await row.lookup(source);
      times.push(performance.now() - started);
      last = { report, roundTrips, ...(await tenant.count()) };
    }
    if (last === null) continue;
    const sorted = times.sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const devices = last.report.devices.status === 'ok' ? last.report.devices.data.length : 0;
    const cells = [
      row.label.padEnd(48),
      String(devices).padStart(7),
      String(last.roundTrips).padStart(11),
      String(last.graph).padStart(9),
      String(last.http).padStart(8),
      p50.toFixed(0).padStart(6),
      percentile(sorted, 95).toFixed(0).padStart(6),
      (p50 / oneRoundTrip).toFixed(2).padStart(5),
      cpuPerRender(last.report).toFixed(2).padStart(13),
      (heapPerReport(last.report) / 1024).toFixed(0).padStart(14),
    ];
    if (withGoals) cells.push(`${row.goal.roundTrips} / ${row.goal.ratio} / ${row.goal.requests}`);
    console.log(cells.join(' | '));
  }
}

async function main(): Promise<void> {
  const latencyMs = numberArg('latency', 100);
  const runs = Math.max(1, Math.round(numberArg('runs', 10)));
  const { tenants, stop } = await startTenants(latencyMs);
  const [tenant, smallPages] = tenants;
  if (tenant === undefined || smallPages === undefined) throw new Error('The bench tenants did not start');
  try {
    const oneRoundTrip = await oneRoundTripMs(tenant);
    console.log(
      `Demo tenant with ${latencyMs} ms added to every HTTP round trip; one round trip measured at ` +
        `${oneRoundTrip.toFixed(0)} ms; ${runs} runs per case; report cache off; agent role cached; ` +
        'the tenant in a process of its own.',
    );
    console.log(
      'Page sizes as Graph: directory 100 (max 999), managed devices and other Intune collections 1,000.',
    );
    await measure(tenant, ROWS, runs, oneRoundTrip, true);
    console.log('\nThe same with managed devices paged 20 at a time (Graph may page smaller than asked):');
    await measure(smallPages, ROWS.slice(3, 5), runs, oneRoundTrip, false);
    console.log(
      '\nACCESS_MODE=intune-roles, the whole troubleshoot flow: agent check, scope check, report (Sander has a' +
        ' device with a problem: 2 round trips for the report alone):',
    );
    await measureFlows(tenant, runs, oneRoundTrip);
    if ((globalThis as { gc?: () => void }).gc === undefined)
      console.log('(heap per report needs node --expose-gc: npm run bench does that)');
  } finally {
    stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
