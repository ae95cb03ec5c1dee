// Operations: readiness, graceful shutdown with a turn in flight, outbound retry on 429, and the turn's
// log line. Each test starts the real application in demo mode.
import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import { envToConfig, type Env } from '../../src/config';
import { PLAYGROUND_PEOPLE, DEMO_TENANT_ID } from '../../src/demo-tenant';
import { createLogger, silentLogger, type Logger } from '../../src/logging/logger';
import { ConnectorStandIn } from '../support/connector-stand-in';
import { advance, fakeClock, until } from '../support/fake-clock';

const agent = PLAYGROUND_PEOPLE.agent;
const daan = PLAYGROUND_PEOPLE.others.find((p) => p.userPrincipalName.startsWith('daan'))!;

interface Running {
  app: RunningApp;
  connector: ConnectorStandIn;
  lines: Record<string, unknown>[];
  stop(): Promise<void>;
}

async function start(env: Env = {}, logger?: Logger): Promise<Running> {
  const dataDir = await mkdtemp(join(tmpdir(), 'helpdesk-ops-'));
  const lines: Record<string, unknown>[] = [];
  const connector = await ConnectorStandIn.start();
  const app = await startApp(
    envToConfig({ PORT: '0', PLAYGROUND: 'off', DATA_DIR: dataDir, ...env }),
    logger ?? createLogger((line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
  );
  return {
    app,
    connector,
    lines,
    async stop() {
      await app.close(2000);
      await connector.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function message(connector: ConnectorStandIn, text: string, conversationId = 'ops-chat'): object {
  return {
    type: 'message',
    id: `m-${Math.random()}`,
    text,
    locale: 'en-US',
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:lotte', name: agent.displayName, aadObjectId: agent.id },
    recipient: { id: '28:bot', name: 'Helpdesk Troubleshooter' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: DEMO_TENANT_ID },
    channelData: { tenant: { id: DEMO_TENANT_ID } },
  };
}

const post = (app: RunningApp, body: object) =>
  fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('operations', () => {
  it('is ready when Graph answers and storage is writable, with a JSON body', async () => {
    const running = await start();
    try {
      const response = await fetch(`${running.app.url}/readyz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ready', checks: { graph: 'ok', storage: 'ok' } });
      assert.deepEqual(await (await fetch(`${running.app.url}/healthz`)).json(), { status: 'ok' });
    } finally {
      await running.stop();
    }
  });

  it('is not ready, and says why, when Graph cannot be reached', async () => {
    const running = await start(
      { GRAPH_BASE_URL: 'http://127.0.0.1:9', HELPDESK_GROUP_IDS: DEMO_TENANT_ID },
      silentLogger,
    );
    try {
      const response = await fetch(`${running.app.url}/readyz`);
      assert.equal(response.status, 503);
      const body = (await response.json()) as { status: string; checks: Record<string, string> };
      assert.equal(body.status, 'notReady');
      assert.equal(body.checks.graph, 'failed', 'the reason is logged, not told to whoever asks');
      assert.equal(body.checks.storage, 'ok');
    } finally {
      await running.stop();
    }
  });

  it('finishes a turn in flight on shutdown, refuses new ones meanwhile, and reports a clean stop', async () => {
    const running = await start();
    const { app, connector } = running;
    try {
      app.demoTenant!.setLatency(400);
      const inFlight = post(app, message(connector, `troubleshoot ${daan.userPrincipalName}`));
      // The typing indicator goes out as the turn begins; Graph's latency keeps it in flight.
      await until(
        () => connector.activitiesIn('ops-chat').some((a) => a.type === 'typing'),
        'the turn began',
      );
      const closing = app.close(10_000);
      const refused = await post(app, message(connector, 'help', 'other-chat'));
      assert.equal(refused.status, 503);
      assert.equal((await inFlight).status, 200);
      assert.equal(await closing, true);
      const cards = connector.cardsIn('ops-chat').map((c) => JSON.stringify(c));
      assert.ok(
        cards.some((c) => c.includes('Troubleshooting: Daan Smit')),
        'the in-flight turn got its card',
      );
    } finally {
      await connector.close();
    }
  });

  it('retries a reply that Teams throttles with 429 and Retry-After', async () => {
    const running = await start();
    try {
      running.connector.failNext({ status: 429, retryAfterSeconds: 1 });
      const clock = fakeClock(['setTimeout', 'clearTimeout']);
      let waited = 0;
      try {
        const posted = post(running.app, message(running.connector, 'help'));
        await until(() => running.connector.attempts === 1, 'the throttled reply');
        while (running.connector.attempts < 2 && waited < 5_000) {
          await advance(clock, 100);
          waited += 100;
        }
        assert.equal((await posted).status, 200);
      } finally {
        clock.restore();
      }
      assert.equal(running.connector.cardsIn('ops-chat').length, 1, 'the help card arrived');
      assert.equal(running.connector.attempts, 2);
      assert.ok(waited >= 1_000, `sent again after ${waited} ms of the clock, Retry-After said 1 s`);
    } finally {
      await running.stop();
    }
  });

  it('keeps a Graph error message that quotes the query out of the log', async () => {
    const running = await start();
    try {
      running.app.demoTenant!.faults.add({
        path: '/users',
        status: 500,
        message: "Invalid filter clause near 'Zoë Secret-Name'",
      });
      await post(running.app, message(running.connector, 'troubleshoot Zoë Secret-Name'));
      const all = JSON.stringify(running.lines);
      assert.ok(
        running.lines.some((l) => l.event === 'turn.failed'),
        'the failure is logged',
      );
      assert.ok(!all.includes('Secret-Name'), 'the typed name is not in the log');
      assert.match(all, /Graph answered HTTP 500/);
    } finally {
      await running.stop();
    }
  });

  it('writes one log line per turn with ids and counts, and no personal data or tokens', async () => {
    const running = await start();
    try {
      await post(running.app, message(running.connector, `troubleshoot ${daan.userPrincipalName}`));
      const turn = running.lines.find((l) => l.event === 'turn');
      assert.ok(turn, 'a turn line');
      assert.equal(turn.command, 'troubleshoot');
      assert.equal(turn.outcome, 'shown');
      assert.equal(turn.kind, 'message');
      assert.equal(typeof turn.durationMs, 'number');
      assert.ok((turn.graphRequests as number) > 0 && (turn.graphRoundTrips as number) > 0);
      assert.equal(turn.graphRetries, 0);
      assert.ok((turn.cardBytes as number) > 1000);
      assert.match(String(turn.correlationId), /^[0-9a-f-]{36}$/);
      // The correlation id reached Graph as client-request-id.
      const sent = running.app.demoTenant!.requests.map((r) => r.headers['client-request-id']);
      assert.ok(sent.includes(String(turn.correlationId)));
      const all = JSON.stringify(running.lines);
      for (const personal of [
        daan.userPrincipalName,
        daan.displayName,
        agent.displayName,
        agent.userPrincipalName,
        'Bearer',
      ]) {
        assert.ok(!all.includes(personal), `log contains ${personal}`);
      }
    } finally {
      await running.stop();
    }
  });
});
