// The benchmark's demo tenants, in a process of their own: Graph serves from other machines, so its serving time
// must not share the bot's event loop and heap. Started by scripts/bench.ts over IPC; never on its own.
import { startDemoTenant, type DemoTenant } from '../src/demo-tenant';
import type { BenchTenantReply, BenchTenantRequest } from './bench-tenant-protocol';

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('bench-tenant runs only as a child of scripts/bench.ts');
  const latencyMs = Number(process.argv[2] ?? '100');
  const tenants: DemoTenant[] = [
    await startDemoTenant({ port: 0, latencyMs }),
    // The same tenant paging managed devices 20 at a time, as Graph is free to: the honest worst case.
    await startDemoTenant({
      port: 0,
      latencyMs,
      pageSizes: { managedDevices: { defaultPageSize: 20, maxPageSize: 20 } },
    }),
  ];
  const reply = (message: BenchTenantReply): void => {
    send(message);
  };
  process.on('message', (message: BenchTenantRequest) => {
    const tenant = tenants[message.tenant];
    if (tenant === undefined) return;
    if (message.op === 'reset') {
      tenant.resetRequests();
      reply({ id: message.id, graph: 0, http: 0 });
    } else {
      reply({
        id: message.id,
        graph: tenant.requests.filter((r) => r.path !== '/$batch').length,
        http: tenant.requests.filter((r) => !r.viaBatch).length,
      });
    }
  });
  process.on('disconnect', () => {
    void Promise.all(tenants.map((t) => t.close())).then(() => process.exit(0));
  });
  reply({ id: 0, urls: tenants.map((t) => t.url), graph: 0, http: 0 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
