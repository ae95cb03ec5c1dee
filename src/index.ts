// Entry point: read the configuration, start the application, and in demo mode the Playground beside it.
import { startApp } from './app';
import { ConfigError, envToConfig, readEnv } from './config';
import { DEMO_TENANT_ID, PLAYGROUND_PEOPLE } from './demo-tenant';
import { createLogger, describeError } from './logging/logger';
import { signInAs, startPlayground } from './playground/start-playground';
import { AppInsightsExporter } from './telemetry/app-insights-exporter';

async function main(): Promise<void> {
  let config;
  try {
    config = envToConfig(readEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const exporter = config.appInsights ? new AppInsightsExporter(config.appInsights) : null;
  const logger = createLogger((line) => {
    process.stdout.write(`${line}\n`);
    exporter?.ingest(line);
  });
  const people = signInAs(PLAYGROUND_PEOPLE, config.playgroundUser);
  if (config.playground && people === null) {
    const choices = [
      PLAYGROUND_PEOPLE.agent,
      ...PLAYGROUND_PEOPLE.others,
      ...PLAYGROUND_PEOPLE.signInOnly,
    ].map((p) => p.userPrincipalName.split('.')[0]);
    process.stderr.write(
      `PLAYGROUND_USER: no demo person "${config.playgroundUser ?? ''}"; choose one of ${choices.join(', ')}\n`,
    );
    process.exit(1);
  }
  const app = await startApp(config, logger);
  const playground = config.playground
    ? startPlayground(
        {
          botEndpoint: `${app.url}/api/messages`,
          tenantId: DEMO_TENANT_ID,
          people: people ?? PLAYGROUND_PEOPLE,
          dataDir: config.dataDir,
          env: readEnv(),
        },
        logger,
      )
    : null;

  const playgroundPort = playground ? await playground.ready : null;
  process.stdout.write(
    config.graph.mode === 'demo'
      ? `\nHelpdesk bot on ${app.url}/api/messages, reading the demo tenant at ${app.demoTenant?.url ?? ''}.\n` +
          (playgroundPort !== null
            ? `Open the Agents Playground at http://localhost:${playgroundPort} and type: troubleshoot daan\n\n`
            : '\n')
      : `\nHelpdesk bot listening on port ${app.port}.\n\n`,
  );

  const stop = (signal: string): void => {
    logger.info('app.stopping', { signal });
    playground?.stop();
    app
      .close()
      .then(() => exporter?.close())
      .then(
        // Exit 0 even when the deadline cut turns short: the orchestrator asked us to stop.
        () => process.exit(0),
        (error: unknown) => {
          logger.error('app.stopFailed', { error: describeError(error) });
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${describeError(error)}\n`);
  process.exit(1);
});
