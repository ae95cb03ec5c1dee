import { GUID } from '../guid';
import type { Client } from '@microsoft/microsoft-graph-client';
import type {
  DeviceEnrollmentConfiguration,
  Device as EntraDevice,
  Group,
  ManagedAppDiagnosticStatus,
  ManagedAppPolicy,
  ManagedAppRegistration,
  User,
} from '@microsoft/microsoft-graph-types';
import type {
  DeviceCompliancePolicyState,
  DeviceConfigurationState,
  EnrollmentTroubleshootingEvent,
  ManagedDevice,
  MobileAppIntentAndState,
} from '@microsoft/microsoft-graph-types-beta';
import type {
  Area,
  Device,
  ReportOptions,
  DevicePolicies,
  PolicyState,
  TroubleshootingReport,
  TroubleshootingSource,
  UserIdentity,
  UserResolution,
} from '../troubleshooting/report';
import { available, unavailable } from './area';
import { BATCH_LIMIT, sendBatched, type BatchRequest } from './batch';
import { GraphRequestError, type GraphFailure } from './errors';
import { GraphHttp } from './graph-http';
import {
  ENTRA_IN_LIMIT,
  PERMISSION,
  checkMemberGroupsRequest,
  compliancePolicyStatesRequest,
  configurationReportRequest,
  configurationStatesRequest,
  entraDevicesRequest,
  roundTripOneRequests,
  userByKeyRequest,
  usersByMailRequest,
  usersSearchRequest,
  type RoundTripOneId,
} from './graph-requests';
import { collectionItems, type GraphOutcome } from './graph-response';
import { mapAccount } from './map-account';
import { mapAppProtection } from './map-app-protection';
import { mapApps } from './map-apps';
import { entraComplianceById, entraDeviceIds, mapDevices } from './map-devices';
import { mapEnrollmentFailures } from './map-enrollment-failures';
import { mapEnrollmentRestrictions } from './map-enrollment-restrictions';
import { mapGroups } from './map-groups';
import { mapLicense } from './map-license';
import { mapConfigurationReport, mapPolicyStates } from './map-policies';
import { mapUserIdentity } from './map-user';
import { newOperation, type OperationContext } from './operation-context';
import { DEFAULT_PAGE_CAP, collectPages, type PageCap } from './paging';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { TtlCache } from '../ttl-cache';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from './cache-settings';

export interface GraphTroubleshootingSourceOptions {
  /** From `createGraphClient`. */
  client: Client;
  /** The same base URL the client was built with; nextLinks are only followed under it. */
  baseUrl: string;
  /** Whole budget of one report or lookup; requests still open then are aborted. Default 20 s. */
  timeBudgetMs?: number;
  retry?: Partial<RetryPolicy>;
  pageCap?: PageCap;
  /** Reuse of reports and lookups; `null` turns it off. Default 60 s, 200 entries. */
  cache?: CacheSettings | null;
  /**
   * Each caller reads with their own token (delegated mode): nothing read for one caller is reused for
   * another, neither from the cache nor by joining a report in flight, since Graph may show them different things.
   */
  perCaller?: boolean;
  now?: () => Date;
}

/** Rows of one collection after paging, or why they could not be read. */
type Rows<T> = { ok: true; items: T[]; truncated: boolean } | { ok: false; error: GraphFailure };

interface PerDevice {
  /** By Intune device id. */
  compliance: Map<string, Area<PolicyState[]>>;
  configuration: Map<string, Area<PolicyState[]>>;
  entraCompliance: Map<string, boolean | null>;
}

interface Shared {
  http: GraphHttp;
  budgetMs: number;
  retry: RetryPolicy;
  pageCap: PageCap;
  now: () => Date;
  reports: TtlCache<string, TroubleshootingReport> | null;
  resolutions: TtlCache<string, UserResolution | UserIdentity | null> | null;
  /** Null when reads are never shared between callers (delegated mode). */
  inFlight: Map<string, Promise<TroubleshootingReport>> | null;
}

/** Statuses with which Graph says an endpoint is gone or refused, as deviceConfigurationStates will be. */
const CONFIGURATION_STATES_GONE: ReadonlySet<number> = new Set([400, 404, 410]);
const TRANSIENT: ReadonlySet<string> = new Set(['throttled', 'timeout', 'error']);

/** The bot's TroubleshootingSource over Microsoft Graph (or the Graph-compatible demo tenant). */
export class GraphTroubleshootingSource implements TroubleshootingSource {
  private readonly shared: Shared;

  constructor(
    options: GraphTroubleshootingSourceOptions | Shared,
    private readonly correlationId?: string,
  ) {
    this.shared = 'http' in options ? options : toShared(options);
  }

  /** The same source whose requests carry `correlationId` (a GUID) as `client-request-id`. */
  withCorrelationId(correlationId: string): GraphTroubleshootingSource {
    return new GraphTroubleshootingSource(this.shared, correlationId);
  }

  clearCache(): void {
    this.shared.reports?.clear();
    this.shared.resolutions?.clear();
  }

  async resolveUser(text: string): Promise<UserResolution> {
    const searched = text.trim();
    if (searched === '') return { kind: 'notFound', searched };
    const key = `resolve:${searched.toLowerCase()}`;
    const cached = this.shared.resolutions?.get(key);
    if (cached !== undefined && cached !== null && 'kind' in cached) return cached;
    const resolution = await this.operation((ctx) => this.resolve(searched, ctx));
    this.shared.resolutions?.set(key, resolution);
    return resolution;
  }

  async getUserById(id: string): Promise<UserIdentity | null> {
    const key = `id:${id.toLowerCase()}`;
    const cached = this.shared.resolutions?.get(key);
    if (cached === null || (cached !== undefined && !('kind' in cached))) return cached;
    const user = await this.operation((ctx) => this.userByKey(id, ctx));
    this.shared.resolutions?.set(key, user);
    return user;
  }

  async isMemberOfAnyGroup(userId: string, groupIds: readonly string[]): Promise<boolean> {
    const ids = [...new Set(groupIds)];
    if (ids.length === 0) return false;
    return this.operation(async (ctx) => {
      const chunks: string[][] = [];
      // checkMemberGroups accepts at most 20 group ids per call.
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) chunks.push(ids.slice(i, i + BATCH_LIMIT));
      const outcomes = await Promise.all(
        chunks.map((chunk) => this.shared.http.send(checkMemberGroupsRequest(userId, chunk), ctx)),
      );
      for (const outcome of outcomes) if (!outcome.ok) throw outcome.error;
      return outcomes.some((o) => o.ok && collectionItems(o.response.body).length > 0);
    });
  }

  async getReport(user: UserIdentity, options: ReportOptions = {}): Promise<TroubleshootingReport> {
    const key = user.id.toLowerCase();
    const cached = options.fresh ? undefined : this.shared.reports?.get(key);
    if (cached !== undefined) return cached;
    const running = this.shared.inFlight?.get(key);
    if (running !== undefined) return running;
    const report = this.operation((ctx) => this.buildReport(user, ctx)).finally(() => {
      this.shared.inFlight?.delete(key);
    });
    this.shared.inFlight?.set(key, report);
    const result = await report;
    if (isCacheable(result)) this.shared.reports?.set(key, result);
    return result;
  }

  private async operation<T>(run: (ctx: OperationContext) => Promise<T>): Promise<T> {
    const ctx = newOperation(this.shared.budgetMs, this.correlationId, this.shared.retry);
    try {
      return await run(ctx);
    } finally {
      ctx.budget.dispose();
    }
  }

  // --- resolving who -------------------------------------------------------------------------------------

  private async resolve(text: string, ctx: OperationContext): Promise<UserResolution> {
    const isName = /\s/.test(text);
    const hasAt = text.includes('@');
    if (!isName && (hasAt || GUID.test(text))) {
      const byKey = await this.userByKey(text, ctx);
      if (byKey !== null) return { kind: 'found', user: byKey };
      if (!hasAt) return { kind: 'notFound', searched: text };
      const byMail = await this.listUsers(usersByMailRequest(text), ctx);
      const single = byMail.length === 1 ? byMail[0] : undefined;
      if (single !== undefined) return { kind: 'found', user: single };
      if (byMail.length > 1) return { kind: 'ambiguous', candidates: byMail, searched: text };
    }
    const matches = await this.listUsers(usersSearchRequest(text), ctx);
    const only = matches.length === 1 ? matches[0] : undefined;
    if (only !== undefined) return { kind: 'found', user: only };
    if (matches.length === 0) return { kind: 'notFound', searched: text };
    return { kind: 'ambiguous', candidates: matches, searched: text };
  }

  /** R1: 404 (absent) and 400 (not a valid UPN or id) both mean "no such key". */
  private async userByKey(key: string, ctx: OperationContext): Promise<UserIdentity | null> {
    const outcome = await this.shared.http.send(userByKeyRequest(key), ctx);
    if (outcome.ok) return mapUserIdentity(outcome.response.body as User);
    if (
      outcome.error instanceof GraphRequestError &&
      (outcome.error.status === 404 || outcome.error.status === 400)
    ) {
      return null;
    }
    throw outcome.error;
  }

  private async listUsers(request: Omit<BatchRequest, 'id'>, ctx: OperationContext): Promise<UserIdentity[]> {
    const outcome = await this.shared.http.send(request, ctx);
    if (!outcome.ok) throw outcome.error;
    return (collectionItems(outcome.response.body) as User[])
      .map(mapUserIdentity)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  // --- the report ----------------------------------------------------------------------------------------

  private async buildReport(user: UserIdentity, ctx: OperationContext): Promise<TroubleshootingReport> {
    const started = Date.now();
    const requests = roundTripOneRequests(user.id);
    const first = await sendBatched(this.shared.http, requests, ctx);
    const rows = <T>(id: RoundTripOneId): Promise<Rows<T>> =>
      this.rows<T>(first.get(id), requests.find((r) => r.id === id)?.headers, ctx);

    // Each area pages on its own; round trip 2 waits only for the full device list.
    const devicesRows = rows<ManagedDevice>('devices');
    const perDevice = devicesRows.then((d) => (d.ok ? this.roundTripTwo(d.items, ctx) : null));
    const [
      devices,
      memberOf,
      transitive,
      registrations,
      appPolicies,
      diagnostics,
      configurations,
      apps,
      events,
    ] = await Promise.all([
      devicesRows,
      rows<Group>('memberOf'),
      rows<Group>('transitiveMemberOf'),
      rows<ManagedAppRegistration>('appRegistrations'),
      rows<ManagedAppPolicy>('appPolicies'),
      rows<ManagedAppDiagnosticStatus>('appDiagnostics'),
      rows<DeviceEnrollmentConfiguration>('enrollmentConfigurations'),
      rows<MobileAppIntentAndState>('apps'),
      rows<EnrollmentTroubleshootingEvent>('enrollmentFailures'),
    ]);
    const details = await perDevice;
    const now = this.shared.now();

    const mappedDevices: Area<Device[]> = devices.ok
      ? available(mapDevices(devices.items, details?.entraCompliance ?? new Map(), now), devices.truncated)
      : unavailable(devices.error, PERMISSION.managedDevices);
    const license = first.get('license');
    const account = first.get('account');

    return {
      generatedAt: now.toISOString(),
      user,
      account: account?.ok
        ? available(mapAccount(account.response.body))
        : unavailable(failureOf(account), PERMISSION.managedDevices),
      license: license?.ok
        ? available(mapLicense(license.response.body as User))
        : unavailable(failureOf(license), PERMISSION.user),
      devices: mappedDevices,
      compliancePolicies: devicePolicies(mappedDevices, details?.compliance),
      configurationPolicies: devicePolicies(mappedDevices, details?.configuration),
      apps: apps.ok
        ? available(mapApps(apps.items, deviceNames(mappedDevices)), apps.truncated)
        : unavailable(apps.error, PERMISSION.managedDevices),
      appProtection:
        registrations.ok && appPolicies.ok && diagnostics.ok
          ? available(
              mapAppProtection(registrations.items, appPolicies.items, diagnostics.items),
              registrations.truncated || appPolicies.truncated || diagnostics.truncated,
            )
          : unavailable(firstFailure(registrations, appPolicies, diagnostics), PERMISSION.apps),
      enrollmentRestrictions: !configurations.ok
        ? unavailable(configurations.error, PERMISSION.serviceConfig)
        : !transitive.ok
          ? unavailable(transitive.error, PERMISSION.groups)
          : !devices.ok
            ? unavailable(devices.error, PERMISSION.managedDevices)
            : available(
                mapEnrollmentRestrictions(
                  configurations.items,
                  new Set(transitive.items.flatMap((g) => (g.id ? [g.id] : []))),
                  devices.items.length,
                ),
                configurations.truncated || transitive.truncated,
              ),
      groups:
        memberOf.ok && transitive.ok
          ? available(mapGroups(memberOf.items, transitive.items), memberOf.truncated || transitive.truncated)
          : unavailable(firstFailure(memberOf, transitive), PERMISSION.groups),
      enrollmentFailures: events.ok
        ? available(mapEnrollmentFailures(events.items), events.truncated)
        : unavailable(events.error, PERMISSION.managedDevices),
      stats: {
        requests: ctx.stats.requests,
        roundTrips: ctx.stats.roundTrips,
        retries: ctx.stats.retries,
        durationMs: Date.now() - started,
      },
    };
  }

  /** Round trip 2: per-device policy states and the devices' Entra compliance, all batches in parallel. */
  private async roundTripTwo(devices: readonly ManagedDevice[], ctx: OperationContext): Promise<PerDevice> {
    const ids = devices.map((d) => d.id ?? '');
    const entraIds = entraDeviceIds(devices);
    const entraChunks: string[][] = [];
    for (let i = 0; i < entraIds.length; i += ENTRA_IN_LIMIT)
      entraChunks.push(entraIds.slice(i, i + ENTRA_IN_LIMIT));
    const requests: BatchRequest[] = [
      ...ids.flatMap((id, i) => [
        { id: `compliance-${i}`, ...compliancePolicyStatesRequest(id) },
        { id: `configuration-${i}`, ...configurationStatesRequest(id) },
      ]),
      ...entraChunks.map((chunk, k) => ({ id: `entra-${k}`, ...entraDevicesRequest(chunk) })),
    ];
    const results =
      requests.length > 0
        ? await sendBatched(this.shared.http, requests, ctx)
        : new Map<string, GraphOutcome>();

    // deviceConfigurationStates is deprecated; when Graph refuses it, ask the portal's report for that device.
    const gone = ids.flatMap((id, i) => {
      const outcome = results.get(`configuration-${i}`);
      const status =
        outcome && !outcome.ok && outcome.error instanceof GraphRequestError ? outcome.error.status : 0;
      return CONFIGURATION_STATES_GONE.has(status)
        ? [{ id: `report-${i}`, ...configurationReportRequest(id) }]
        : [];
    });
    const [compliance, configuration, entra, reports] = await Promise.all([
      Promise.all(
        ids.map((_, i) =>
          this.rows<DeviceCompliancePolicyState>(results.get(`compliance-${i}`), undefined, ctx),
        ),
      ),
      Promise.all(
        ids.map((_, i) =>
          this.rows<DeviceConfigurationState>(results.get(`configuration-${i}`), undefined, ctx),
        ),
      ),
      Promise.all(
        entraChunks.map((_, k) => this.rows<EntraDevice>(results.get(`entra-${k}`), undefined, ctx)),
      ),
      gone.length > 0
        ? sendBatched(this.shared.http, gone, ctx)
        : Promise.resolve(new Map<string, GraphOutcome>()),
    ]);

    return {
      compliance: new Map(
        compliance.map((r, i) => [
          ids[i] ?? '',
          r.ok
            ? available(mapPolicyStates(r.items), r.truncated)
            : unavailable(r.error, PERMISSION.configuration),
        ]),
      ),
      configuration: new Map(
        configuration.map((r, i): [string, Area<PolicyState[]>] => {
          const id = ids[i] ?? '';
          if (r.ok) return [id, available(mapPolicyStates(r.items), r.truncated)];
          const report = reports.get(`report-${i}`);
          if (report === undefined) return [id, unavailable(r.error, PERMISSION.configuration)];
          if (!report.ok) return [id, unavailable(report.error, PERMISSION.configuration)];
          const mapped = mapConfigurationReport(report.response.body);
          return [id, available(mapped.policies, mapped.truncated)];
        }),
      ),
      // Entra compliance is a detail of the Devices area: without it the column stays empty.
      entraCompliance: entraComplianceById(entra.flatMap((r) => (r.ok ? r.items : []))),
    };
  }

  private async rows<T>(
    outcome: GraphOutcome | undefined,
    headers: Record<string, string> | undefined,
    ctx: OperationContext,
  ): Promise<Rows<T>> {
    if (outcome === undefined || !outcome.ok) return { ok: false, error: failureOf(outcome) };
    const paged = await collectPages(
      this.shared.http,
      outcome.response.body,
      headers,
      ctx,
      this.shared.pageCap,
    );
    // A page that failed (throttled, timed out) makes the area unavailable with its reason: a silently
    // shortened list would look complete and would be cached as if it were.
    if (paged.pageFailure) return { ok: false, error: paged.pageFailure };
    return { ok: true, items: paged.items as T[], truncated: paged.truncated };
  }
}

function toShared(options: GraphTroubleshootingSourceOptions): Shared {
  const cache = options.perCaller
    ? null
    : options.cache === undefined
      ? DEFAULT_CACHE_SETTINGS
      : options.cache;
  return {
    http: new GraphHttp(options.client, options.baseUrl),
    budgetMs: options.timeBudgetMs ?? 20_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    pageCap: options.pageCap ?? DEFAULT_PAGE_CAP,
    now: options.now ?? (() => new Date()),
    reports: cache === null ? null : new TtlCache(cache.ttlMs, cache.maxEntries),
    resolutions: cache === null ? null : new TtlCache(cache.ttlMs, cache.maxEntries),
    inFlight: options.perCaller ? null : new Map(),
  };
}

function failureOf(outcome: GraphOutcome | undefined): GraphFailure {
  if (outcome !== undefined && !outcome.ok) return outcome.error;
  return new GraphRequestError(0, 'missingResponse', 'No answer for this request', undefined, undefined);
}

function firstFailure(...rows: Rows<unknown>[]): GraphFailure {
  for (const r of rows) if (!r.ok) return r.error;
  return failureOf(undefined);
}

function deviceNames(devices: Area<Device[]>): Map<string, string> {
  return new Map(devices.status === 'ok' ? devices.data.map((d) => [d.id, d.name]) : []);
}

function devicePolicies(
  devices: Area<Device[]>,
  perDevice: ReadonlyMap<string, Area<PolicyState[]>> | undefined,
): Area<DevicePolicies[]> {
  if (devices.status !== 'ok') return devices;
  const entries = devices.data.map((d) => ({
    deviceId: d.id,
    deviceName: d.name,
    policies: perDevice?.get(d.id) ?? unavailable(failureOf(undefined), PERMISSION.configuration),
  }));
  // One cause for every device (a missing permission, the budget) is one cause for the whole area.
  const first = entries[0]?.policies;
  if (first?.status === 'unavailable' && entries.every((e) => e.policies.status === 'unavailable'))
    return first;
  return available(entries, devices.truncated);
}

function isCacheable(report: TroubleshootingReport): boolean {
  const areas: Area<unknown>[] = [
    report.account,
    report.license,
    report.devices,
    report.compliancePolicies,
    report.configurationPolicies,
    report.apps,
    report.appProtection,
    report.enrollmentRestrictions,
    report.groups,
    report.enrollmentFailures,
  ];
  for (const list of [report.compliancePolicies, report.configurationPolicies]) {
    if (list.status === 'ok') areas.push(...list.data.map((d) => d.policies));
  }
  // A transient failure must not stick for the cache's lifetime: the next lookup asks Graph again.
  return areas.every((a) => a.status === 'ok' || !TRANSIENT.has(a.kind));
}
