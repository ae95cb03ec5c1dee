// How the Graph source reads one area of the report: the port each area's descriptor (src/areas/) fills in.
// The source sends every area's requests in round trip 1, pages the collections, and asks each area, in the
// registry's order, to assemble itself from what has been read so far.
import type { Area, PolicyState, ReportAreas, Unavailable } from '../troubleshooting/report';
import { available, unavailable } from './area';
import type { BatchRequest } from './batch';
import { GraphRequestError, type GraphFailure } from './errors';
import type { GraphOutcome } from './graph-response';

/** Rows of one collection after paging, or why they could not be read. */
export type Rows<T> = { ok: true; items: T[]; truncated: boolean } | { ok: false; error: GraphFailure };

/** One request of round trip 1, its id unique over every area. */
export interface AreaRequest {
  id: string;
  build: (userKey: string) => Omit<BatchRequest, 'id'>;
  /** One object (the user, the tenant's account), not a collection to page through. */
  single?: boolean;
}

/** Policy detail read per device in round trip 2 (by Intune device id), and Entra compliance by Entra id. */
export interface PolicyDetail {
  compliance: ReadonlyMap<string, Area<PolicyState[]>>;
  configuration: ReadonlyMap<string, Area<PolicyState[]>>;
}

/** What one report has read so far, as an area's `assemble` sees it. */
export interface ReadSoFar {
  now: Date;
  /** A collection's rows after paging; undefined while still on its way. */
  rows<T>(id: string): Rows<T> | undefined;
  /** A single object's answer; undefined while its batch is on its way. */
  object(id: string): GraphOutcome | undefined;
  /** An area assembled before this one (earlier in the registry); loading when it is not there. */
  area<T>(key: string): Area<T>;
  /** Entra `isCompliant` by Entra device id, from the user's Entra devices and round trip 2. */
  entraCompliance: ReadonlyMap<string, boolean | null>;
  /** Round trip 2's policy detail; null while it is on its way. */
  policyDetail: PolicyDetail | null;
  /** Profile states of every device from the configuration sweep, by lower-case device id; null if not read. */
  sweep: ReadonlyMap<string, PolicyState[]> | null;
}

/** One area as the Graph source reads it. */
export interface AreaReading<T = unknown> {
  /** The report's field (a key of ReportAreas), or the area's own key in `moreAreas`. */
  key: string;
  /** The least-privileged application permission its requests need: named when Graph refuses them. */
  permission: string;
  requests: readonly AreaRequest[];
  assemble(read: ReadSoFar): Area<T>;
  /** Areas inside the data (a device's policies), for the refusal and cache checks that look at every area. */
  nested?(data: T, each: (area: Area<unknown>) => Area<unknown>): T;
}

/** A reading whose `key` is a named area of the report, so its data type is checked against the report's. */
export type NamedReading<K extends keyof ReportAreas> = AreaReading<
  ReportAreas[K] extends Area<infer T> ? T : never
> & { key: K };

/** Ids of requests the source's own reading relies on: the user, and the devices that round trip 2 follows. */
export const USER_REQUEST = 'license';
export const DEVICE_REQUESTS = {
  managed: 'devices',
  registered: 'registeredDevices',
  owned: 'ownedDevices',
  sweep: 'configurationSweep',
} as const;

export const LOADING: Unavailable = { status: 'unavailable', kind: 'loading' };

export function failureOf(outcome: GraphOutcome | undefined): GraphFailure {
  if (outcome !== undefined && !outcome.ok) return outcome.error;
  return new GraphRequestError(0, 'missingResponse', 'No answer for this request', undefined, undefined);
}

/**
 * The generic area: one or more collections mapped together; loading until every one is read, unavailable
 * (with the first failure) when any is not.
 */
export function fromCollections<R>(
  read: ReadSoFar,
  ids: readonly string[],
  permission: string,
  map: (lists: unknown[][]) => R,
): Area<R> {
  const rows = ids.map((id) => read.rows<unknown>(id));
  if (rows.some((r) => r === undefined)) return LOADING;
  const lists: unknown[][] = [];
  let truncated = false;
  for (const r of rows) {
    if (r === undefined) return LOADING;
    if (!r.ok) return unavailable(r.error, permission);
    lists.push(r.items);
    truncated ||= r.truncated;
  }
  return available(map(lists), truncated);
}

/** The generic area of one object (not paged). */
export function fromObject<R>(
  read: ReadSoFar,
  id: string,
  permission: string,
  map: (body: unknown) => R,
): Area<R> {
  const outcome = read.object(id);
  if (outcome === undefined) return LOADING;
  return outcome.ok ? available(map(outcome.response.body)) : unavailable(failureOf(outcome), permission);
}
