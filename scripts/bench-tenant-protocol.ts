// Messages between scripts/bench.ts and the demo tenants it runs in a child process (scripts/bench-tenant.ts).
export interface BenchTenantRequest {
  id: number;
  /** 0: Graph's page sizes; 1: managed devices paged 20 at a time. */
  tenant: 0 | 1;
  op: 'reset' | 'count';
}

export interface BenchTenantReply {
  id: number;
  /** Graph requests since the last reset, batch sub-requests counted, the $batch envelopes not. */
  graph: number;
  /** HTTP requests since the last reset: $batch envelopes and requests sent on their own. */
  http: number;
  /** Only in the first message: the tenants' base URLs, by index. */
  urls?: string[];
}
