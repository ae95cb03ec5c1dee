import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envToConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { AppInsightsExporter, parseConnectionString } from '../../src/telemetry/app-insights-exporter';

const KEY = '11111111-2222-4333-8444-555555555555';

interface Received {
  path: string;
  body: {
    name: string;
    iKey: string;
    tags: Record<string, string>;
    data: { baseType: string; baseData: Record<string, unknown> };
  }[];
}

async function ingestionServer(status = 200): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) as Received['body'] });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

describe('Application Insights export', () => {
  it('reads the connection string, and config refuses a bad one by name', () => {
    assert.deepEqual(
      parseConnectionString(
        `InstrumentationKey=${KEY};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://x`,
      ),
      {
        instrumentationKey: KEY,
        ingestionEndpoint: 'https://westeurope-5.in.applicationinsights.azure.com',
      },
    );
    assert.equal(parseConnectionString('InstrumentationKey=nope'), null);
    assert.equal(
      parseConnectionString(`InstrumentationKey=${KEY};IngestionEndpoint=http://example.com`),
      null,
    );
    assert.throws(
      () => envToConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'garbage' }),
      /APPLICATIONINSIGHTS_CONNECTION_STRING/,
    );
    assert.equal(envToConfig({}).appInsights, null);
  });

  it('sends turns as custom events with measurements, and warnings as traces, with the correlation id', async () => {
    const ingestion = await ingestionServer();
    const exporter = new AppInsightsExporter(
      { instrumentationKey: KEY, ingestionEndpoint: ingestion.url },
      { flushIntervalMs: 60_000 },
    );
    const logger = createLogger((line) => exporter.ingest(line));
    const correlationId = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    logger.info('turn', {
      correlationId,
      command: 'troubleshoot',
      outcome: 'shown',
      durationMs: 120,
      graphRequests: 4,
      cardBytes: 9000,
    });
    logger.info('app.started', { port: 1 });
    logger.warn('mention.lookupFailed', { error: 'x' });
    await exporter.close();
    ingestion.server.close();

    assert.equal(ingestion.received.length, 1);
    assert.equal(ingestion.received[0]!.path, '/v2/track');
    const [turn, warning] = ingestion.received[0]!.body;
    assert.equal(turn!.name, 'Microsoft.ApplicationInsights.Event');
    assert.equal(turn!.iKey, KEY);
    assert.equal(turn!.tags['ai.operation.id'], correlationId);
    assert.deepEqual(turn!.data.baseData.measurements, {
      durationMs: 120,
      graphRequests: 4,
      cardBytes: 9000,
    });
    assert.deepEqual(turn!.data.baseData.properties, {
      correlationId,
      command: 'troubleshoot',
      outcome: 'shown',
    });
    assert.equal(warning!.data.baseType, 'MessageData');
    assert.equal(warning!.data.baseData.message, 'mention.lookupFailed');
    assert.equal(ingestion.received[0]!.body.length, 2, 'info lines other than turns are not exported');
    assert.equal(exporter.sent, 2);
  });

  it('drops (and counts) what the endpoint refuses, and never blocks or throws', async () => {
    const ingestion = await ingestionServer(503);
    const exporter = new AppInsightsExporter(
      { instrumentationKey: KEY, ingestionEndpoint: ingestion.url },
      { flushIntervalMs: 60_000, maxQueue: 3 },
    );
    for (let i = 0; i < 5; i++)
      exporter.ingest(JSON.stringify({ level: 'info', event: 'turn', durationMs: i }));
    exporter.ingest('not json');
    await exporter.close();
    ingestion.server.close();
    assert.equal(exporter.sent, 0);
    assert.equal(exporter.dropped, 5, 'two over the queue bound, three refused');
  });
});
