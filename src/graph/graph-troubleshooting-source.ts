import { GUID } from '../ids/guid';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Device as EntraDevice, User } from '@microsoft/microsoft-graph-types';
import type {
  DeviceCompliancePolicyState,
  DeviceConfigurationState,
  ManagedDevice,
} from '@microsoft/microsoft-graph-types-beta';
import {
  areaOf,
  reportWithAreas,
  withArea,
  type Area,
  type Device,
  type GraphStats,
  type ReportOptions,
  type ReportProgress,
  type DevicePolicies,
  type PolicyState,
  type TroubleshootingReport,
  type TroubleshootingSource,
  type UserIdentity,
  type UserResolution,
} from '../troubleshooting/report';
import { available, unavailable } from './area';
import {
  DEVICE_REQUESTS,
  LOADING,
  USER_REQUEST,
  failureOf,
  type AreaReading,
  type ReadSoFar,
  type Rows,
} from './area-reading';
import { BATCH_LIMIT, sendBatched, type BatchRequest } from './batch';
import { GraphRequestError } from './errors';
import { GraphHttp } from './graph-http';
import {
  ENTRA_IN_LIMIT,
  PERMISSION,
  PROBLEM_COMPLIANCE_STATES,
  checkMemberGroupsRequest,
  compliancePolicyStatesRequest,
  CONFIGURATION_SWEEP_TOP,
  configurationReportRequest,
  configurationSettingsRequest,
  configurationStatesRequest,
  configurationSweepRequest,
  entraDevicesRequest,
  userByKeyRequest,
  usersByMailRequest,
  usersSearchRequest,
} from './graph-requests';
import { collectionItems, type GraphOutcome } from './graph-response';
import { entraComplianceById, entraDeviceIds } from './map-devices';
import {
  mapConfigurationReport,
  mapConfigurationSettings,
  mapConfigurationSweep,
  mapPolicyStates,
  type ConfigurationSweep,
} from './map-policies';
import { mapUserIdentity } from './map-user';
import { newOperation, type OperationContext } from './operation-context';
import { DEFAULT_PAGE_CAP, collectPages, type PageCap } from './paging';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { TtlCache } from '../caching/ttl-cache';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from './cache-settings';

export interface GraphTroubleshootingSourceOptions {
  /** From `createGraphClient`. */
  client: Client;
  /** The same base URL the client was built with; nextLinks are only followed under it. */
  baseUrl: string;
  /** The report's areas, in the registry's order (src/areas/): what round trip 1 reads and how it is assembled. */
  areas: readonly AreaReading[];
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

interface PerDevice {
  /** By Intune device id. */
  compliance: Map<string, Area<PolicyState[]>>;
  configuration: Map<string, Area<PolicyState[]>>;
  entraCompliance: Map<string, boolean | null>;
}

interface Shared {
  http: GraphHttp;
  areas: readonly AreaReading[];
  budgetMs: number;
  retry: RetryPolicy;
  pageCap: PageCap;
  now: () => Date;
  reports: TtlCache<string, TroubleshootingReport> | null;
  resolutions: TtlCache<string, UserResolution | UserIdentity | null> | null;
  /** Null when reads are never shared between callers (delegated mode). */
  inFlight: Map<string, ReportRun> | null;
  /** Graph is read with each agent's own token: a refusal is their Intune role's, not a missing app permission. */
  perCaller: boolean;
}

/** Statuses with which Graph refuses the reports action (not offered in this cloud or tenant). */
/** Profiles whose settings are read with a report: their cost grows with problems, this bounds it. */
const MAX_SETTING_READS = 20;
/** Healthy devices whose compliance policies the policies view reads, most recently checked in first. */
const ALL_COMPLIANCE_RECENT = 100;

const REPORT_REFUSED: ReadonlySet<number> = new Set([400, 404, 405, 501]);
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
    const report = await this.reportFor(user.id, user, options).complete;
    if (report === null) throw new Error('A report for a known user is never null');
    return report;
  }

  async getReportByKey(key: string, options: ReportOptions = {}): Promise<TroubleshootingReport | null> {
    return this.reportFor(key, null, options).complete;
  }

  async getReportWithin(key: string, withinMs: number, options: ReportOptions = {}): Promise<ReportProgress> {
    const run = this.reportFor(key, null, options);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), withinMs);
    });
    try {
      const first = await Promise.race([run.complete, deadline]);
      if (first !== 'late') return { report: first, complete: null };
      return { report: run.snapshot(), complete: run.complete };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Starts (or joins) the reading of one report. `key` is the UPN or object id; reports are cached by object
   * id, and a UPN typed before maps to it, so a second lookup of the same person costs nothing.
   */
  private reportFor(key: string, known: UserIdentity | null, options: ReportOptions): ReportRun {
    const run = this.startReport(key, known, options);
    if (options.allCompliance !== true) return run;
    return {
      complete: run.complete.then((report) =>
        report === null ? report : this.addAllCompliance(report, options.showsDevice),
      ),
      snapshot: run.snapshot,
    };
  }

  private startReport(key: string, known: UserIdentity | null, options: ReportOptions): ReportRun {
    const wanted = key.trim().toLowerCase();
    const id = (known?.id ?? this.knownIdOf(wanted) ?? wanted).toLowerCase();
    const cached = options.fresh ? undefined : this.shared.reports?.get(id);
    if (cached !== undefined) {
      const missing = missingDetail(cached, options);
      return missing.length === 0 ? settledRun(cached) : this.addDetail(cached, missing);
    }
    const running = this.shared.inFlight?.get(id) ?? this.shared.inFlight?.get(wanted);
    // A report read for another viewer may lack the detail of devices only this one may see.
    if (running !== undefined) return this.completed(running, options);
    const parts = newParts(known);
    const forget = (): void => {
      if (this.shared.inFlight?.get(wanted) === run) this.shared.inFlight.delete(wanted);
      if (this.shared.inFlight?.get(id) === run) this.shared.inFlight.delete(id);
    };
    // Cache and in-flight entry are settled before any caller sees the report.
    const complete = this.operation((ctx) => this.buildReport(key, known, ctx, options, parts)).then(
      (report) => {
        forget();
        if (report === null) {
          this.shared.resolutions?.set(`id:${wanted}`, null);
          return report;
        }
        this.shared.resolutions?.set(`id:${wanted}`, report.user);
        this.shared.resolutions?.set(`id:${report.user.id.toLowerCase()}`, report.user);
        return this.keep(report);
      },
      (error: unknown) => {
        forget();
        throw error;
      },
    );
    const run: ReportRun = this.shared.perCaller
      ? {
          complete: complete.then((r) => (r === null ? null : refusedToAgent(this.shared.areas, r))),
          snapshot: () => {
            const snapshot = snapshotOf(parts, this.shared.now(), this.shared.areas);
            return snapshot === null ? null : refusedToAgent(this.shared.areas, snapshot);
          },
        }
      : { complete, snapshot: () => snapshotOf(parts, this.shared.now(), this.shared.areas) };
    this.shared.inFlight?.set(wanted, run);
    if (id !== wanted) this.shared.inFlight?.set(id, run);
    return run;
  }

  private knownIdOf(key: string): string | undefined {
    const known = this.shared.resolutions?.get(`id:${key}`);
    return known !== undefined && known !== null && !('kind' in known) ? known.id : undefined;
  }

  /** A run joined in flight, with the detail this caller needs that its first reader did not. */
  private completed(run: ReportRun, options: ReportOptions): ReportRun {
    const complete = run.complete.then((report) => {
      if (report === null) return null;
      const missing = missingDetail(report, options);
      return missing.length === 0 ? report : this.addDetail(report, missing).complete;
    });
    return { complete, snapshot: run.snapshot };
  }

  /**
   * Devices whose policies were not read with the report (an agent opened one, or it was out of the first
   * reader's scope): read them now, one round trip.
   */
  private addDetail(report: TroubleshootingReport, deviceIds: readonly string[]): ReportRun {
    const complete = this.operation(async (ctx) => {
      const devices = report.devices.status === 'ok' ? report.devices.data : [];
      const wanted = devices.filter((d) => deviceIds.includes(d.id));
      if (wanted.length === 0) return report;
      const details = await this.deviceDetails(
        wanted.map((d) => ({
          id: d.id,
          complianceState: 'noncompliant',
          azureADDeviceId: d.azureADDeviceId,
        })),
        new Map(),
        {},
        ctx,
      );
      const entraOf = (d: Device): boolean | null | undefined =>
        d.entraCompliant === null
          ? details.entraCompliance.get((d.azureADDeviceId ?? '').toLowerCase())
          : undefined;
      let compliancePolicies = report.compliancePolicies;
      let configurationPolicies = report.configurationPolicies;
      for (const device of wanted) {
        compliancePolicies = withDevice(compliancePolicies, device, details.compliance.get(device.id));
        configurationPolicies = withDevice(
          configurationPolicies,
          device,
          details.configuration.get(device.id),
        );
      }
      const merged: TroubleshootingReport = {
        ...report,
        devices:
          report.devices.status === 'ok'
            ? {
                ...report.devices,
                data: devices.map((d) => {
                  const entra = wanted.includes(d) ? entraOf(d) : undefined;
                  return entra === undefined ? d : { ...d, entraCompliant: entra };
                }),
              }
            : report.devices,
        compliancePolicies,
        configurationPolicies,
      };
      return this.keep(merged);
    });
    return { complete, snapshot: () => report };
  }

  /**
   * The compliance policies view was opened: the policy states of the viewer's most recently checked-in devices
   * not read yet, in one round trip. The choice depends only on the viewer's scope, not on who opened the view
   * before: an agent who sees more devices than the first reader gets theirs read too, and opening it again
   * reads nothing. The report says how many were read.
   */
  private async addAllCompliance(
    report: TroubleshootingReport,
    showsDevice: ReportOptions['showsDevice'],
  ): Promise<TroubleshootingReport> {
    const area = report.compliancePolicies;
    if (report.devices.status !== 'ok' || area.status !== 'ok') return report;
    const read = new Set(area.data.map((d) => d.deviceId));
    // Nothing is read about devices outside the viewer's Intune scope (issue 13), here either.
    const unread = report.devices.data
      .filter((d) => showsDevice === undefined || showsDevice(d.scopeTagIds))
      .sort((a, b) => (b.lastSyncDateTime ?? '').localeCompare(a.lastSyncDateTime ?? ''))
      .slice(0, ALL_COMPLIANCE_RECENT)
      .filter((d) => !read.has(d.id));
    const marked = { ...report, complianceReadRecent: ALL_COMPLIANCE_RECENT };
    if (unread.length === 0) return this.keep(marked);
    return this.operation(async (ctx) => {
      const results = await sendBatched(
        this.shared.http,
        unread.map((d, i) => ({ id: `compliance-${i}`, ...compliancePolicyStatesRequest(d.id) })),
        ctx,
      );
      const rows = await Promise.all(
        unread.map((_, i) =>
          this.rows<DeviceCompliancePolicyState>(results.get(`compliance-${i}`), undefined, ctx),
        ),
      );
      const added: DevicePolicies[] = unread.map((d, i) => {
        const r = rows[i];
        return {
          deviceId: d.id,
          deviceName: d.name,
          policies:
            r?.ok === true
              ? available(mapPolicyStates(r.items), r.truncated)
              : unavailable(r?.ok === false ? r.error : failureOf(undefined), PERMISSION.configuration),
        };
      });
      return this.keep({ ...marked, compliancePolicies: { ...area, data: [...area.data, ...added] } });
    });
  }

  /** Caches `report` unless an area failed in a way the next lookup may not (see isCacheable). */
  private keep(report: TroubleshootingReport): TroubleshootingReport {
    if (isCacheable(this.shared.areas, report))
      this.shared.reports?.set(report.user.id.toLowerCase(), report);
    return report;
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
      // A report asked for by this key a moment ago already learned that no user has it.
      const knownAbsent = this.shared.resolutions?.get(`id:${text.toLowerCase()}`) === null;
      const byKey = knownAbsent ? null : await this.userByKey(text, ctx);
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

  /**
   * One report: round trip 1 reads the user (by UPN or object id) and every area at once; round trip 2 reads
   * policy detail only for devices with a problem (and `detailFor`). Null when Graph has no such user.
   */
  private async buildReport(
    key: string,
    known: UserIdentity | null,
    ctx: OperationContext,
    options: ReportOptions,
    parts: Parts,
  ): Promise<TroubleshootingReport | null> {
    const started = Date.now();
    parts.stats = () => ({
      requests: ctx.stats.requests,
      roundTrips: ctx.stats.roundTrips,
      retries: ctx.stats.retries,
      durationMs: Date.now() - started,
    });
    const requests = this.shared.areas.flatMap((area) =>
      area.requests.map((r): BatchRequest & { single: boolean } => ({
        id: r.id,
        ...r.build(key),
        single: r.single === true,
      })),
    );
    // Each version's batch is awaited on its own, so a slow beta batch does not hold back the v1.0 areas.
    const byVersion = (version: 'v1.0' | 'beta'): Promise<Map<string, GraphOutcome>> =>
      sendBatched(
        this.shared.http,
        requests.filter((r) => r.version === version).map(({ single: _single, ...request }) => request),
        ctx,
      );
    const v1 = byVersion('v1.0');
    const beta = byVersion('beta');
    // Not awaited when there is no such user; the budget's end then aborts it.
    beta.catch(() => undefined);
    const batchOf = (id: string): Promise<Map<string, GraphOutcome>> =>
      requests.find((r) => r.id === id)?.version === 'beta' ? beta : v1;
    const first = await batchOf(USER_REQUEST);
    const userOutcome = first.get(USER_REQUEST);
    if (userOutcome?.ok) parts.user = mapUserIdentity(userOutcome.response.body as User);
    else if (known !== null) parts.user = known;
    else if (isNoSuchUser(userOutcome)) return null;
    else throw failureOf(userOutcome);
    const read = new Map<string, Promise<Rows<unknown>>>();
    const rows = <T>(id: string): Promise<Rows<T>> => {
      const request = requests.find((r) => r.id === id);
      const once =
        read.get(id) ??
        batchOf(id).then((outcomes) => this.rows<unknown>(outcomes.get(id), request?.headers, ctx));
      read.set(id, once);
      return once as Promise<Rows<T>>;
    };
    const settled = requests.map(({ id, single }) =>
      single
        ? batchOf(id).then((outcomes) => {
            parts.objects.set(id, outcomes.get(id) ?? { ok: false, error: failureOf(undefined) });
          })
        : rows(id).then((value) => {
            parts.rows.set(id, value);
          }),
    );

    // Each area pages on its own; round trip 2 waits only for the device list and the user's Entra devices.
    const devices = rows<ManagedDevice>(DEVICE_REQUESTS.managed);
    const registered = rows<EntraDevice>(DEVICE_REQUESTS.registered);
    const owned = rows<EntraDevice>(DEVICE_REQUESTS.owned);
    const sweep = beta.then((outcomes) => outcomes.get(DEVICE_REQUESTS.sweep));
    const details = Promise.all([devices, registered, owned, sweep]).then(async ([d, r, o, s]) => {
      const entra = entraComplianceById([...(r.ok ? r.items : []), ...(o.ok ? o.items : [])]);
      parts.entra = entra;
      if (!d.ok) {
        parts.details = emptyDetails();
        return;
      }
      // A sweep Graph refuses leaves profile problems of compliant devices to be seen when a device is opened.
      const first = s?.ok ? mapConfigurationSweep(s.response.body) : null;
      if (first) parts.sweep = first.byDevice;
      const [details, later] = await Promise.all([
        this.deviceDetails(d.items, entra, options, ctx, first ?? undefined, parts.user?.id),
        first ? this.sweepRest(key, first.rowsRead, first.totalRows, ctx) : Promise.resolve(null),
      ]);
      // Problems only the later pages named: read in one more round trip.
      if (later) for (const [id, list] of later.byDevice) parts.sweep?.set(id, list);
      const missing = (later?.problems ?? []).filter(
        (p) => !details.compliance.has(deviceIdIn(d.items, p.deviceId)),
      );
      const rest: ConfigurationSweep = {
        problemDeviceIds: new Set(missing.map((p) => p.deviceId)),
        problems: missing,
        byDevice: new Map(),
        rowsRead: 0,
        totalRows: 0,
      };
      parts.details =
        missing.length > 0
          ? mergeDetails(
              details,
              await this.deviceDetails(
                d.items,
                entra,
                { showsDevice: options.showsDevice },
                ctx,
                rest,
                parts.user?.id,
                true,
              ),
            )
          : details;
    });
    await Promise.all([...settled, details]);
    return assemble(parts, this.shared.now(), this.shared.areas);
  }

  /**
   * Round trip 2, for devices with a problem only (plus the one an agent opened): compliance policy states
   * with their settings, the configuration-profile report, and Entra compliance the user's own Entra devices
   * did not give. A user with 500 healthy devices costs nothing here.
   */
  private async deviceDetails(
    devices: readonly ManagedDevice[],
    entra: ReadonlyMap<string, boolean | null>,
    { detailFor, showsDevice }: Pick<ReportOptions, 'detailFor' | 'showsDevice'>,
    ctx: OperationContext,
    sweep?: ConfigurationSweep,
    userId = '',
    onlyThose = false,
  ): Promise<PerDevice> {
    const ids = devices
      .filter((d) => showsDevice === undefined || showsDevice(tagIds(d.roleScopeTagIds)))
      .filter(
        (d) =>
          (sweep?.problemDeviceIds.has((d.id ?? '').toLowerCase()) ?? false) ||
          (!onlyThose &&
            (PROBLEM_COMPLIANCE_STATES.has(d.complianceState ?? '') ||
              (d.id !== undefined && d.id === detailFor))),
      )
      .map((d) => d.id ?? '')
      .filter((id) => id !== '');
    const wanted = new Set(ids);
    // The settings of profiles the sweep found in error or conflict: their names, errors and values.
    const settingsFor =
      userId === ''
        ? []
        : (sweep?.problems ?? [])
            .map((p) => ({ ...p, deviceId: deviceIdIn(devices, p.deviceId) }))
            .filter((p) => wanted.has(p.deviceId))
            .slice(0, MAX_SETTING_READS);
    const missingEntra = entraDeviceIds(devices.filter((d) => wanted.has(d.id ?? ''))).filter(
      (id) => !entra.has(id),
    );
    const entraChunks: string[][] = [];
    for (let i = 0; i < missingEntra.length; i += ENTRA_IN_LIMIT)
      entraChunks.push(missingEntra.slice(i, i + ENTRA_IN_LIMIT));
    const requests: BatchRequest[] = [
      ...ids.flatMap((id, i) => [
        { id: `compliance-${i}`, ...compliancePolicyStatesRequest(id) },
        { id: `report-${i}`, ...configurationReportRequest(id) },
      ]),
      ...entraChunks.map((chunk, k) => ({ id: `entra-${k}`, ...entraDevicesRequest(chunk) })),
      ...settingsFor.map((p, k) => ({
        id: `settings-${k}`,
        ...configurationSettingsRequest(p.policyId, p.deviceId, userId),
      })),
    ];
    const results =
      requests.length > 0
        ? await sendBatched(this.shared.http, requests, ctx)
        : new Map<string, GraphOutcome>();

    // Tenants where the report action is refused fall back to the deprecated per-device states.
    const fallback = ids.flatMap((id, i) => {
      const outcome = results.get(`report-${i}`);
      const status =
        outcome && !outcome.ok && outcome.error instanceof GraphRequestError ? outcome.error.status : 0;
      return REPORT_REFUSED.has(status)
        ? [{ id: `configuration-${i}`, ...configurationStatesRequest(id) }]
        : [];
    });
    const [compliance, entraRows, fallbackResults] = await Promise.all([
      Promise.all(
        ids.map((_, i) =>
          this.rows<DeviceCompliancePolicyState>(results.get(`compliance-${i}`), undefined, ctx),
        ),
      ),
      Promise.all(
        entraChunks.map((_, k) => this.rows<EntraDevice>(results.get(`entra-${k}`), undefined, ctx)),
      ),
      fallback.length > 0
        ? sendBatched(this.shared.http, fallback, ctx)
        : Promise.resolve(new Map<string, GraphOutcome>()),
    ]);
    const configuration = await Promise.all(
      ids.map(async (id, i): Promise<[string, Area<PolicyState[]>]> => {
        const report = results.get(`report-${i}`);
        const old = fallbackResults.get(`configuration-${i}`);
        if (old !== undefined) {
          const r = await this.rows<DeviceConfigurationState>(old, undefined, ctx);
          return [
            id,
            r.ok
              ? available(mapPolicyStates(r.items), r.truncated)
              : unavailable(r.error, PERMISSION.configuration),
          ];
        }
        if (report === undefined || !report.ok)
          return [id, unavailable(failureOf(report), PERMISSION.configuration)];
        const mapped = mapConfigurationReport(report.response.body);
        const policies = mapped.policies.map((policy) => {
          const k = settingsFor.findIndex((p) => p.deviceId === id && p.policyId === policy.id);
          const outcome = k < 0 ? undefined : results.get(`settings-${k}`);
          return outcome?.ok
            ? { ...policy, failingSettings: mapConfigurationSettings(outcome.response.body) }
            : policy;
        });
        return [id, available(policies, mapped.truncated)];
      }),
    );
    return {
      compliance: new Map(
        compliance.map((r, i) => [
          ids[i] ?? '',
          r.ok
            ? available(mapPolicyStates(r.items), r.truncated)
            : unavailable(r.error, PERMISSION.configuration),
        ]),
      ),
      configuration: new Map(configuration),
      // Entra compliance is a detail of the Devices area: without it the column stays empty.
      entraCompliance: entraComplianceById(entraRows.flatMap((r) => (r.ok ? r.items : []))),
    };
  }

  /**
   * The sweep's pages after the first, read together (the first page gave the total), at most as many rows as
   * any other list. Devices with a profile in error or conflict on them.
   */
  private async sweepRest(
    key: string,
    read: number,
    total: number,
    ctx: OperationContext,
  ): Promise<ConfigurationSweep | null> {
    const cap = Math.min(total, this.shared.pageCap.maxPages * CONFIGURATION_SWEEP_TOP);
    const requests: BatchRequest[] = [];
    for (let skip = read; read > 0 && skip < cap; skip += CONFIGURATION_SWEEP_TOP)
      requests.push({ id: `sweep-${skip}`, ...configurationSweepRequest(key, skip) });
    if (requests.length === 0) return null;
    const results = await sendBatched(this.shared.http, requests, ctx);
    const pages = [...results.values()].flatMap((outcome) =>
      outcome.ok ? [mapConfigurationSweep(outcome.response.body)] : [],
    );
    const problems = pages.flatMap((p) => p.problems);
    const byDevice = new Map<string, PolicyState[]>();
    for (const page of pages)
      for (const [id, list] of page.byDevice) byDevice.set(id, [...(byDevice.get(id) ?? []), ...list]);
    return {
      problemDeviceIds: new Set(problems.map((p) => p.deviceId)),
      problems,
      byDevice,
      rowsRead: 0,
      totalRows: 0,
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
    areas: options.areas,
    budgetMs: options.timeBudgetMs ?? 20_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    pageCap: options.pageCap ?? DEFAULT_PAGE_CAP,
    now: options.now ?? (() => new Date()),
    reports: cache === null ? null : new TtlCache(cache.ttlMs, cache.maxEntries),
    resolutions: cache === null ? null : new TtlCache(cache.ttlMs, cache.maxEntries),
    inFlight: options.perCaller ? null : new Map(),
    perCaller: options.perCaller === true,
  };
}

/** What one report has read so far: filled in as answers arrive, so a first card can go out before the rest. */
interface Parts {
  user: UserIdentity | null;
  /** Single objects of round trip 1, by request id. */
  objects: Map<string, GraphOutcome>;
  /** Collections of round trip 1 after paging, by request id. */
  rows: Map<string, Rows<unknown>>;
  entra: Map<string, boolean | null> | null;
  details: PerDevice | null;
  /** Profile states of every device from the sweep, by lower-case device id; null when it was not read. */
  sweep: Map<string, PolicyState[]> | null;
  stats: () => GraphStats;
}

interface ReportRun {
  complete: Promise<TroubleshootingReport | null>;
  /** The report as far as it is read; areas still on their way are `loading`. */
  snapshot: () => TroubleshootingReport | null;
}

function newParts(user: UserIdentity | null): Parts {
  return {
    user,
    objects: new Map(),
    rows: new Map(),
    entra: null,
    details: null,
    sweep: null,
    stats: () => ({ requests: 0, roundTrips: 0, retries: 0, durationMs: 0 }),
  };
}

function settledRun(report: TroubleshootingReport): ReportRun {
  return { complete: Promise.resolve(report), snapshot: () => report };
}

function deviceIdIn(devices: readonly ManagedDevice[], lowerId: string): string {
  return devices.find((d) => (d.id ?? '').toLowerCase() === lowerId)?.id ?? lowerId;
}

function mergeDetails(a: PerDevice, b: PerDevice): PerDevice {
  return {
    compliance: new Map([...a.compliance, ...b.compliance]),
    configuration: new Map([...a.configuration, ...b.configuration]),
    entraCompliance: new Map([...a.entraCompliance, ...b.entraCompliance]),
  };
}

function emptyDetails(): PerDevice {
  return { compliance: new Map(), configuration: new Map(), entraCompliance: new Map() };
}

function snapshotOf(parts: Parts, now: Date, areas: readonly AreaReading[]): TroubleshootingReport | null {
  return parts.user === null ? null : assemble(parts, now, areas);
}

/** Builds the report from what has been read, area by area in the registry's order; the rest is `loading`. */
function assemble(parts: Parts, now: Date, areas: readonly AreaReading[]): TroubleshootingReport {
  const user = parts.user;
  if (user === null) throw new Error('A report needs its user');
  const details = parts.details;
  const assembled = new Map<string, Area<unknown>>();
  const read: ReadSoFar = {
    now,
    rows: <T>(id: string) => parts.rows.get(id) as Rows<T> | undefined,
    object: (id) => parts.objects.get(id),
    area: <T>(key: string) => (assembled.get(key) ?? LOADING) as Area<T>,
    entraCompliance: new Map([...(parts.entra ?? []), ...(details?.entraCompliance ?? [])]),
    policyDetail: details,
    sweep: parts.sweep,
  };
  for (const area of areas) assembled.set(area.key, area.assemble(read));
  return {
    ...reportWithAreas({ generatedAt: now.toISOString(), user }, LOADING, assembled),
    stats: parts.stats(),
  };
}

/** Each area, and the areas inside its data (a device's policies), through `each`. */
function eachArea(
  areas: readonly AreaReading[],
  report: TroubleshootingReport,
  each: (area: Area<unknown>) => Area<unknown>,
): TroubleshootingReport {
  return areas.reduce((changed, reading) => {
    const area = areaOf(changed, reading.key);
    if (area === undefined) return changed;
    const outer = each(area);
    const inner =
      outer.status === 'ok' && reading.nested ? { ...outer, data: reading.nested(outer.data, each) } : outer;
    return withArea(changed, reading.key, inner);
  }, report);
}

/** In delegated mode a 401/403 comes from the agent's own Intune role: the report says so, area by area. */
function refusedToAgent(areas: readonly AreaReading[], report: TroubleshootingReport): TroubleshootingReport {
  return eachArea(areas, report, (a) =>
    a.status === 'unavailable' && a.kind === 'permission' ? { ...a, kind: 'roleDenied' } : a,
  );
}

/**
 * Devices this caller needs policy detail of that the report does not hold: those with a problem the caller
 * may see, and the one they opened.
 */
function missingDetail(report: TroubleshootingReport, options: ReportOptions): string[] {
  const area = report.compliancePolicies;
  if (area.status !== 'ok' || report.devices.status !== 'ok') return [];
  const read = new Set(area.data.map((d) => d.deviceId));
  const { showsDevice, detailFor } = options;
  return report.devices.data
    .filter((d) => showsDevice === undefined || showsDevice(d.scopeTagIds))
    .filter((d) => PROBLEM_COMPLIANCE_STATES.has(d.complianceState) || d.id === detailFor)
    .filter((d) => !read.has(d.id))
    .map((d) => d.id);
}

function tagIds(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : undefined;
}

function withDevice(
  area: Area<DevicePolicies[]>,
  device: Device,
  policies: Area<PolicyState[]> | undefined,
): Area<DevicePolicies[]> {
  if (area.status !== 'ok' || policies === undefined) return area;
  return {
    ...area,
    data: [
      ...area.data.filter((d) => d.deviceId !== device.id),
      { deviceId: device.id, deviceName: device.name, policies },
    ],
  };
}

/** 404 (absent) and 400 (not a valid UPN or id) both mean "no such user". */
function isNoSuchUser(outcome: GraphOutcome | undefined): boolean {
  return (
    outcome !== undefined &&
    !outcome.ok &&
    outcome.error instanceof GraphRequestError &&
    (outcome.error.status === 404 || outcome.error.status === 400)
  );
}

function isCacheable(areas: readonly AreaReading[], report: TroubleshootingReport): boolean {
  const all: Area<unknown>[] = [];
  eachArea(areas, report, (a) => {
    all.push(a);
    return a;
  });
  // A transient failure must not stick for the cache's lifetime: the next lookup asks Graph again.
  return all.every((a) => a.status === 'ok' || !TRANSIENT.has(a.kind));
}
