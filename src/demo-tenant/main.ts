import { startDemoTenant } from './index';

// Runs the demo tenant on its own: `tsx src/demo-tenant/main.ts [port]` (default 5990).

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 5990);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid port: ${process.argv[2]}`);
  const tenant = await startDemoTenant({ port });
  process.stdout.write(`Demo tenant (Microsoft Graph compatible) listening on ${tenant.url}\n`);
  const stop = (): void => {
    void tenant.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
