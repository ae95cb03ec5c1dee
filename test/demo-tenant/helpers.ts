import type { DemoTenant } from '../../src/demo-tenant';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function call(
  tenant: DemoTenant,
  method: 'GET' | 'POST',
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const url = path.startsWith('http') ? path : `${tenant.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = (await response.json()) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, body };
}

export const get = (tenant: DemoTenant, path: string, headers?: Record<string, string>): Promise<Reply> =>
  call(tenant, 'GET', path, { headers });

export const EVENTUAL = { ConsistencyLevel: 'eventual' };

export function values(reply: Reply): Record<string, unknown>[] {
  const value = reply.body.value;
  if (!Array.isArray(value)) throw new Error(`No value array in ${JSON.stringify(reply.body).slice(0, 300)}`);
  return value as Record<string, unknown>[];
}

/** Follows @odata.nextLink to the end, sending `headers` on every page (Graph does not carry them over). */
export async function getAll(
  tenant: DemoTenant,
  path: string,
  headers?: Record<string, string>,
): Promise<{ items: Record<string, unknown>[]; pages: number; first: Reply }> {
  const first = await get(tenant, path, headers);
  if (first.status !== 200) throw new Error(`${path} -> ${first.status} ${JSON.stringify(first.body)}`);
  const items = [...values(first)];
  let pages = 1;
  let next = first.body['@odata.nextLink'];
  while (typeof next === 'string') {
    const reply = await get(tenant, next, headers);
    if (reply.status !== 200) throw new Error(`${next} -> ${reply.status}`);
    items.push(...values(reply));
    pages++;
    next = reply.body['@odata.nextLink'];
  }
  return { items, pages, first };
}
