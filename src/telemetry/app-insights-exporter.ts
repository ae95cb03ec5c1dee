// Optional export of the bot's log events to Application Insights, through its public ingestion endpoint
// (the "track" API of the connection string's IngestionEndpoint). Turns become custom events with
// measurements; warnings and errors become traces. The same fields as the log: ids and counts only.
// Export never blocks a turn: events are queued, sent in batches, and dropped (counted) when it fails.
import { GUID } from '../ids/guid';

export interface AppInsightsTarget {
  instrumentationKey: string;
  ingestionEndpoint: string;
}

const DEFAULT_INGESTION = 'https://dc.services.visualstudio.com';

/** Parses "InstrumentationKey=…;IngestionEndpoint=https://…;…"; null when it is not usable. */
export function parseConnectionString(connectionString: string): AppInsightsTarget | null {
  const parts = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const key = parts.get('instrumentationkey') ?? '';
  const endpoint = parts.get('ingestionendpoint') ?? DEFAULT_INGESTION;
  if (!GUID.test(key)) return null;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost')
      return null;
    return { instrumentationKey: key, ingestionEndpoint: url.origin };
  } catch {
    return null;
  }
}

type LogRecord = Record<string, unknown> & { time?: unknown; level?: unknown; event?: unknown };

interface Envelope {
  name: string;
  time: string;
  iKey: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

const SEVERITY: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface ExporterOptions {
  flushIntervalMs?: number;
  maxBatch?: number;
  /** Events kept while the endpoint is slow; older ones are dropped first. */
  maxQueue?: number;
  send?: (url: string, body: string) => Promise<number>;
}

async function post(url: string, body: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return response.status;
}

export class AppInsightsExporter {
  private queue: Envelope[] = [];
  private readonly timer: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();
  dropped = 0;
  sent = 0;

  constructor(
    private readonly target: AppInsightsTarget,
    private readonly options: ExporterOptions = {},
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? 5000);
    this.timer.unref();
  }

  /** Takes one JSON log line. */
  ingest(line: string): void {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      return;
    }
    const envelope = this.toEnvelope(record);
    if (!envelope) return;
    this.queue.push(envelope);
    const max = this.options.maxQueue ?? 1000;
    if (this.queue.length > max) this.dropped += this.queue.splice(0, this.queue.length - max).length;
    if (this.queue.length >= (this.options.maxBatch ?? 100)) void this.flush();
  }

  private toEnvelope(record: LogRecord): Envelope | null {
    const time = typeof record.time === 'string' ? record.time : new Date().toISOString();
    const event = typeof record.event === 'string' ? record.event : 'log';
    const level = typeof record.level === 'string' ? record.level : 'info';
    const properties: Record<string, string> = {};
    const measurements: Record<string, number> = {};
    for (const [key, value] of Object.entries(record)) {
      if (key === 'time' || key === 'level' || key === 'event') continue;
      if (typeof value === 'number') measurements[key] = value;
      else if (typeof value === 'string' || typeof value === 'boolean') properties[key] = String(value);
    }
    const tags = {
      'ai.cloud.role': 'helpdesk-bot',
      ...(properties.correlationId ? { 'ai.operation.id': properties.correlationId } : {}),
    };
    const iKey = this.target.instrumentationKey;
    if (event === 'turn') {
      return {
        name: 'Microsoft.ApplicationInsights.Event',
        time,
        iKey,
        tags,
        data: { baseType: 'EventData', baseData: { ver: 2, name: 'turn', properties, measurements } },
      };
    }
    if (level === 'warn' || level === 'error') {
      return {
        name: 'Microsoft.ApplicationInsights.Message',
        time,
        iKey,
        tags,
        data: {
          baseType: 'MessageData',
          baseData: {
            ver: 2,
            message: event,
            severityLevel: SEVERITY[level] ?? 1,
            properties: {
              ...properties,
              ...Object.fromEntries(Object.entries(measurements).map(([k, v]) => [k, String(v)])),
            },
          },
        },
      };
    }
    return null;
  }

  /** Sends what is queued; one send at a time, so batches stay in order. */
  flush(): Promise<void> {
    this.sending = this.sending.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 100);
        try {
          const status = await (this.options.send ?? post)(
            `${this.target.ingestionEndpoint}/v2/track`,
            JSON.stringify(batch),
          );
          if (status >= 200 && status < 300) this.sent += batch.length;
          else this.dropped += batch.length;
        } catch {
          this.dropped += batch.length;
        }
      }
    });
    return this.sending;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
