// Structured JSON lines. Callers pass ids and counts, never tokens, secrets or Graph payloads.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export type LogSink = (line: string) => void;

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  sink: LogSink = (line) => process.stdout.write(`${line}\n`),
  minLevel: LogLevel = 'info',
): Logger {
  const log = (level: LogLevel, event: string, fields: LogFields = {}): void => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  };
  return {
    log,
    info: (event, fields) => log('info', event, fields),
    warn: (event, fields) => log('warn', event, fields),
    error: (event, fields) => log('error', event, fields),
  };
}

export const silentLogger: Logger = createLogger(() => undefined);

/** The name and message of an error, for a log line; never its payload. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
