// A small Graph-compatible HTTP server for tests: it answers every request in docs/graph-requests.md with
// bodies in the shapes of the documented samples (shared/reference/graph-samples), supports $batch, paging
// with nextLink, ConsistencyLevel checks, and injectable faults. Same control surface as the demo tenant.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  method?: string;
  /** Matched against the path after /v1.0 or /beta, without the query. */
  path: RegExp | string;
  status: number;
  /** How many requests to fail; unlimited when absent. */
  times?: number;
  retryAfterSeconds?: number;
  /** Wait this long before answering (a hanging request). */
  hangMs?: number;
  /** Close the connection without answering (a reset), for requests sent on their own or a whole $batch. */
  dropConnection?: boolean;
}

export interface RecordedRequest {
  method: string;
  version: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  viaBatch: boolean;
  body?: unknown;
}

export interface FixtureGraphServer {
  url: string;
  close(): Promise<void>;
  setLatency(ms: number): void;
  faults: { add(fault: Fault): void; clear(): void };
  requests: RecordedRequest[];
  resetRequests(): void;
}

/** The answer that is no answer: the connection is closed (see Fault.dropConnection). */
const DROP: Reply = { status: 0 };

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const NOW = Date.now();
const daysAgo = (days: number): string => new Date(NOW - days * 86_400_000).toISOString();

/** The fixture tenant, small and fixed: what the tests assert against. */
export const FIXTURE = {
  adele: {
    id: '6e7b768e-07e2-4810-8459-485f84f8f204',
    displayName: 'Adele Vance',
    userPrincipalName: 'AdeleV@contoso.example',
    mail: 'adele.vance@contoso.example',
  },
  guest: {
    id: '0c3f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    displayName: "Pat O'Neil",
    userPrincipalName: 'pat_fabrikam.example#EXT#@contoso.example',
    mail: 'pat@fabrikam.example',
  },
  alexes: ['Alex Wilber', 'Alex Darrow'],
  helpdeskGroupId: 'b1d3a8c2-0000-4000-8000-000000000001',
  devices: [
    {
      id: '705c034c-034c-705c-4c03-5c704c035c70',
      name: 'ADELE-LAPTOP',
      entra: 'aad00000-0000-4000-8000-000000000001',
    },
    {
      id: '805c034c-034c-705c-4c03-5c704c035c71',
      name: 'Adele iPhone',
      entra: 'aad00000-0000-4000-8000-000000000002',
    },
  ],
} as const;

const INTUNE_A = 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5';

const users = [
  {
    ...FIXTURE.adele,
    jobTitle: 'Retail Manager',
    department: 'Retail',
    officeLocation: '18/2111',
    accountEnabled: true,
    userType: 'Member',
    assignedPlans: [
      {
        assignedDateTime: daysAgo(300),
        capabilityStatus: 'Enabled',
        service: 'SCO',
        servicePlanId: INTUNE_A,
      },
      {
        assignedDateTime: daysAgo(300),
        capabilityStatus: 'Enabled',
        service: 'SCO',
        servicePlanId: '882e1d05-acd1-4ccb-8708-6ee03664b117',
      },
    ],
  },
  {
    ...FIXTURE.guest,
    jobTitle: null,
    department: null,
    officeLocation: null,
    accountEnabled: true,
    userType: 'Guest',
    assignedPlans: [],
  },
  ...FIXTURE.alexes.map((name, i) => ({
    id: `a1e00000-0000-4000-8000-00000000000${i}`,
    displayName: name,
    userPrincipalName: `${name.split(' ')[1]?.toLowerCase() ?? 'x'}@contoso.example`,
    mail: null,
    jobTitle: null,
    department: null,
    officeLocation: null,
    accountEnabled: true,
    userType: 'Member',
    assignedPlans: [],
  })),
];

const groups = [
  {
    id: FIXTURE.helpdeskGroupId,
    displayName: 'Helpdesk',
    groupTypes: [],
    securityEnabled: true,
    mailEnabled: false,
  },
  {
    id: 'b1d3a8c2-0000-4000-8000-000000000002',
    displayName: 'All Retail',
    groupTypes: ['DynamicMembership'],
    securityEnabled: true,
    mailEnabled: false,
  },
  {
    id: 'b1d3a8c2-0000-4000-8000-000000000003',
    displayName: 'iOS Pilot',
    groupTypes: [],
    securityEnabled: true,
    mailEnabled: false,
  },
  {
    id: 'b1d3a8c2-0000-4000-8000-000000000004',
    displayName: 'Contoso Staff',
    groupTypes: ['Unified'],
    securityEnabled: false,
    mailEnabled: true,
  },
];
const directGroupIds = new Set([groups[1]!.id, groups[2]!.id]);

const managedDevices = [
  {
    '@odata.type': '#microsoft.graph.managedDevice',
    id: FIXTURE.devices[0].id,
    deviceName: FIXTURE.devices[0].name,
    managementAgent: 'mdm',
    joinType: 'azureADJoined',
    managedDeviceOwnerType: 'company',
    complianceState: 'noncompliant',
    operatingSystem: 'Windows',
    osVersion: '10.0.22631.3880',
    model: 'Surface Laptop 5',
    manufacturer: 'Microsoft Corporation',
    serialNumber: '0F33M2F223350H',
    lastSyncDateTime: daysAgo(1),
    enrolledDateTime: daysAgo(200),
    azureADDeviceId: FIXTURE.devices[0].entra,
  },
  {
    '@odata.type': '#microsoft.graph.managedDevice',
    id: FIXTURE.devices[1].id,
    deviceName: FIXTURE.devices[1].name,
    managementAgent: 'mdm',
    joinType: 'azureADRegistered',
    managedDeviceOwnerType: 'personal',
    complianceState: 'compliant',
    operatingSystem: 'iOS',
    osVersion: '17.5.1',
    model: 'iPhone 15',
    manufacturer: 'Apple',
    serialNumber: 'F2LXK1ABCD',
    lastSyncDateTime: daysAgo(12),
    enrolledDateTime: daysAgo(90),
    azureADDeviceId: FIXTURE.devices[1].entra,
  },
];

const enrollmentConfigurations = [
  {
    '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
    id: 'tenant_DefaultPlatformRestrictions',
    displayName: 'All users and all devices',
    priority: 0,
    iosRestriction: {
      platformBlocked: false,
      personalDeviceEnrollmentBlocked: false,
      osMinimumVersion: null,
      osMaximumVersion: null,
    },
    windowsRestriction: {
      platformBlocked: false,
      personalDeviceEnrollmentBlocked: true,
      osMinimumVersion: null,
      osMaximumVersion: null,
    },
    assignments: [
      { id: 'a0', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } },
    ],
  },
  {
    '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
    id: 'tenant_DefaultLimit',
    displayName: 'All users and all devices',
    priority: 0,
    limit: 15,
    assignments: [
      { id: 'a1', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } },
    ],
  },
  {
    '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
    id: 'f3c1e2d4-limit-pilot',
    displayName: 'iOS pilot limit',
    priority: 1,
    limit: 2,
    assignments: [
      {
        id: 'a2',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: groups[2]!.id },
      },
    ],
  },
  {
    '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
    id: 'f3c1e2d4-limit-other',
    displayName: 'Kiosk limit',
    priority: 2,
    limit: 1,
    assignments: [
      {
        id: 'a3',
        target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'not-a-group-of-adele' },
      },
    ],
  },
];

/** Graph takes the object id or the UPN in `/users/{id | userPrincipalName}/…` paths. */
function isAdele(key: string): boolean {
  const wanted = decodeURIComponent(key).toLowerCase();
  return wanted === FIXTURE.adele.id || wanted === FIXTURE.adele.userPrincipalName.toLowerCase();
}

function userData(id: string, route: string): unknown[] | null {
  if (!isAdele(id)) return route === 'getManagedAppDiagnosticStatuses' ? [] : [];
  switch (route) {
    case 'managedAppRegistrations':
      return [
        {
          '@odata.type': '#microsoft.graph.iosManagedAppRegistration',
          id: '5496aa60-aa60-5496-60aa-965460aa9654',
          lastSyncDateTime: daysAgo(2),
          applicationVersion: '4.2410.0',
          platformVersion: '17.5.1',
          deviceType: 'iPhone',
          deviceName: FIXTURE.devices[1].name,
          flaggedReasons: ['rootedDevice'],
          appIdentifier: {
            '@odata.type': '#microsoft.graph.iosMobileAppIdentifier',
            bundleId: 'com.microsoft.office.outlook',
          },
          appliedPolicies: [{ id: 'p-ios', displayName: 'iOS app protection' }],
        },
      ];
    case 'getManagedAppPolicies':
      return [
        {
          '@odata.type': '#microsoft.graph.iosManagedAppProtection',
          id: 'p-ios',
          displayName: 'iOS app protection',
          lastModifiedDateTime: daysAgo(30),
        },
      ];
    case 'getManagedAppDiagnosticStatuses':
      return [
        { validationName: 'Intune App SDK version', state: 'ok', mitigationInstruction: null },
        { validationName: 'Device health', state: 'warning', mitigationInstruction: 'Update iOS.' },
      ];
    case 'mobileAppIntentAndStates':
      return [
        {
          id: FIXTURE.devices[0].id,
          managedDeviceIdentifier: FIXTURE.devices[0].id,
          userId: id,
          mobileAppList: [
            {
              applicationId: 'app-1',
              displayName: 'Company Portal',
              mobileAppIntent: 'requiredInstall',
              displayVersion: '11.2',
              installState: 'installed',
            },
            {
              applicationId: 'app-2',
              displayName: 'Contoso VPN',
              mobileAppIntent: 'requiredInstall',
              displayVersion: '2.0',
              installState: 'failed',
            },
          ],
        },
      ];
    case 'deviceManagementTroubleshootingEvents':
      return [
        {
          '@odata.type': '#microsoft.graph.enrollmentTroubleshootingEvent',
          id: 'ev-old',
          eventDateTime: daysAgo(20),
          correlationId: 'c-old',
          operatingSystem: 'Android',
          osVersion: '14',
          enrollmentType: 'userEnrollment',
          failureCategory: 'deviceNotSupported',
          failureReason: 'Device not supported',
        },
        {
          '@odata.type': '#microsoft.graph.enrollmentTroubleshootingEvent',
          id: 'ev-new',
          eventDateTime: daysAgo(3),
          correlationId: 'c-new',
          operatingSystem: 'iOS',
          osVersion: '17.5',
          enrollmentType: 'userEnrollment',
          failureCategory: 'enrollmentRestrictionsEnforced',
          failureReason: 'Device cap reached',
          troubleshootingErrorDetails: {
            context: 'Enrollment',
            failure: 'Device cap reached',
            failureDetails: 'The user has reached the device limit.',
            remediation: 'Remove a device or raise the limit.',
            resources: [{ text: 'Device limit restrictions', link: 'https://learn.microsoft.com/intune/' }],
          },
        },
      ];
    default:
      return null;
  }
}

function policyStates(deviceId: string, kind: 'compliance' | 'configuration'): unknown[] {
  if (deviceId !== FIXTURE.devices[0].id) {
    return [
      {
        id: `${kind}-ok`,
        displayName: `${kind} baseline`,
        platformType: 'iOS',
        state: 'compliant',
        settingCount: 1,
        settingStates: [],
      },
    ];
  }
  return [
    {
      id: `${kind}-ok`,
      displayName: 'A compliant one',
      platformType: 'windows10AndLater',
      state: 'compliant',
      settingCount: 3,
      settingStates: [],
    },
    {
      id: `${kind}-bad`,
      displayName: 'BitLocker',
      platformType: 'windows10AndLater',
      state: 'error',
      settingCount: 2,
      settingStates: [
        {
          setting: 'Windows10CompliancePolicy.BitLockerEnabled',
          settingName: 'Require BitLocker',
          state: 'error',
          errorCode: -2016281112,
          errorDescription: 'Not encrypted',
          currentValue: 'false',
        },
        {
          setting: 'Windows10CompliancePolicy.SecureBootEnabled',
          settingName: 'Secure Boot',
          state: 'compliant',
          errorCode: 0,
          errorDescription: null,
          currentValue: 'true',
        },
      ],
    },
  ];
}

function graphError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: {
      error: {
        code,
        message,
        innerError: { date: '2025-02-13T10:17:06', 'request-id': `req-${status}`, 'client-request-id': 'x' },
      },
    },
  };
}

function ok(body: unknown): Reply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
}

function page(
  origin: string,
  version: string,
  path: string,
  items: unknown[],
  query: URLSearchParams,
  pageSize: number,
): Reply {
  const skip = Number(query.get('$skiptoken') ?? '0');
  const slice = items.slice(skip, skip + pageSize);
  const next =
    skip + pageSize < items.length ? `${origin}/${version}${path}?$skiptoken=${skip + pageSize}` : undefined;
  return ok({ ...(next ? { '@odata.nextLink': next } : {}), value: slice });
}

function literals(filter: string): string[] {
  return [...filter.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
}

function searchTerm(search: string): string {
  const clause = /"[A-Za-z]+:((?:[^"\\]|\\.)*)"/.exec(search);
  return (clause?.[1] ?? '').replace(/\\(.)/g, '$1').toLowerCase();
}

function identity(u: (typeof users)[number]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(u).filter(([key]) => key !== 'assignedPlans'));
}

export async function startFixtureGraphServer(
  options: { latencyMs?: number; groupPageSize?: number } = {},
): Promise<FixtureGraphServer> {
  let latency = options.latencyMs ?? 0;
  const groupPageSize = options.groupPageSize ?? 100;
  const faults: (Fault & { used: number })[] = [];
  const requests: RecordedRequest[] = [];
  let origin = '';

  const route = (
    method: string,
    version: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: unknown,
  ): Reply => {
    const eventual = headers.consistencylevel === 'eventual';
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/users' && query.has('$search')) {
      if (!eventual)
        return graphError(
          400,
          'Request_BadRequest',
          'Request with $search query parameter only works through MSGraph with a special request header: ConsistencyLevel: eventual',
        );
      const term = searchTerm(query.get('$search') ?? '');
      // displayName is tokenized (every word of the term prefixes a word of the name); mail and UPN are prefixes.
      const words = term.split(/\s+/).filter((w) => w !== '');
      const hits = users.filter((u) => {
        const nameWords = u.displayName.toLowerCase().split(/\s+/);
        const byName = words.length > 0 && words.every((w) => nameWords.some((n) => n.startsWith(w)));
        return (
          byName ||
          (u.mail ?? '').toLowerCase().startsWith(term) ||
          u.userPrincipalName.toLowerCase().startsWith(term)
        );
      });
      return ok({ '@odata.count': hits.length, value: hits.map(identity) });
    }
    if (method === 'GET' && path === '/users' && query.has('$filter')) {
      const wanted = literals(query.get('$filter') ?? '').map((s) => s.toLowerCase());
      const hits = users.filter(
        (u) =>
          wanted.includes((u.mail ?? '').toLowerCase()) || wanted.includes(u.userPrincipalName.toLowerCase()),
      );
      return ok({ value: hits.map(identity) });
    }
    if ((m = /^\/users\/([^/]+)$/.exec(path)) && method === 'GET') {
      const key = decodeURIComponent(m[1] ?? '').toLowerCase();
      const user = users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
      if (!user)
        return graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return ok(query.get('$select')?.includes('assignedPlans') ? user : identity(user));
    }
    if ((m = /^\/users\/([^/]+)\/checkMemberGroups$/.exec(path)) && method === 'POST') {
      const ids = (body as { groupIds?: string[] }).groupIds ?? [];
      if (ids.length > 20) return graphError(400, 'Request_BadRequest', 'Too many group ids');
      const mine = m[1] === FIXTURE.adele.id ? groups.map((g) => g.id) : [];
      return ok({ value: ids.filter((id) => mine.includes(id)) });
    }
    if (method === 'GET' && path === '/deviceManagement')
      return ok({ id: 'dm', subscriptionState: 'active' });
    if ((m = /^\/users\/([^/]+)\/(memberOf|transitiveMemberOf)\/microsoft\.graph\.group$/.exec(path))) {
      if (!eventual)
        return graphError(400, 'Request_BadRequest', 'ConsistencyLevel: eventual is required for this query');
      const all = isAdele(m[1] ?? '') ? groups : [];
      const list = m[2] === 'memberOf' ? all.filter((g) => directGroupIds.has(g.id)) : all;
      return page(origin, version, path, list, query, groupPageSize);
    }
    if (
      (m =
        /^\/users\/([^/]+)\/(managedAppRegistrations|getManagedAppPolicies|getManagedAppDiagnosticStatuses|mobileAppIntentAndStates|deviceManagementTroubleshootingEvents)$/.exec(
          path,
        ))
    ) {
      return ok({ value: userData(m[1] ?? '', m[2] ?? '') ?? [] });
    }
    if (path === '/deviceManagement/deviceEnrollmentConfigurations')
      return ok({ value: enrollmentConfigurations });
    if ((m = /^\/users\/([^/]+)\/managedDevices$/.exec(path)) && version === 'beta') {
      return ok({ value: isAdele(m[1] ?? '') ? managedDevices : [] });
    }
    // The iPhone is registered by Adele; the laptop's owner link is missing (as for hybrid joined devices).
    if ((m = /^\/users\/([^/]+)\/(registeredDevices|ownedDevices)\/microsoft\.graph\.device$/.exec(path))) {
      if (!eventual)
        return graphError(400, 'Request_BadRequest', 'ConsistencyLevel: eventual is required for this query');
      const mine = isAdele(m[1] ?? '') && m[2] === 'registeredDevices';
      return ok({
        value: mine
          ? [{ id: 'entra-object-2', deviceId: FIXTURE.devices[1].entra, isCompliant: true, isManaged: true }]
          : [],
      });
    }
    if (
      (m =
        /^\/deviceManagement\/managedDevices\/([^/]+)\/(deviceCompliancePolicyStates|deviceConfigurationStates)$/.exec(
          path,
        ))
    ) {
      return ok({
        value: policyStates(
          m[1] ?? '',
          m[2] === 'deviceCompliancePolicyStates' ? 'compliance' : 'configuration',
        ),
      });
    }
    if (path === '/deviceManagement/reports/getConfigurationPoliciesReportForDevice' && method === 'POST') {
      const rawFilter = (body as { filter?: unknown }).filter;
      const filter = typeof rawFilter === 'string' ? rawFilter : '';
      const deviceId = /IntuneDeviceId eq '([^']+)'/.exec(filter)?.[1] ?? '';
      const forUser =
        filter.includes(`UPN eq '${FIXTURE.adele.userPrincipalName}'`) ||
        filter.includes(`UserId eq '${FIXTURE.adele.id}'`);
      if (forUser) {
        // The sweep: every device's profiles in one table; the iPhone's are fine.
        return {
          status: 200,
          headers: { 'content-type': 'application/octet-stream' },
          body: {
            TotalRowCount: 3,
            Schema: [
              { Column: 'IntuneDeviceId', PropertyType: 'String' },
              { Column: 'PolicyId', PropertyType: 'String' },
              { Column: 'PolicyName', PropertyType: 'String' },
              { Column: 'PolicyStatus', PropertyType: 'Int32' },
              { Column: 'PolicyStatus_loc', PropertyType: 'String' },
            ],
            Values: [
              [FIXTURE.devices[0].id, 'cfg-wifi', 'Wi-Fi profile', 5, 'Error'],
              [FIXTURE.devices[0].id, 'cfg-vpn', 'VPN profile', 2, 'Succeeded'],
              [FIXTURE.devices[1].id, 'cfg-vpn', 'VPN profile', 2, 'Succeeded'],
            ],
          },
        };
      }
      const rows =
        deviceId === FIXTURE.devices[0].id
          ? [
              ['cfg-wifi', 'Wi-Fi profile', 'Wi-Fi', 5, 'Error', FIXTURE.adele.userPrincipalName],
              ['cfg-vpn', 'VPN profile', 'VPN', 2, 'Succeeded', FIXTURE.adele.userPrincipalName],
            ]
          : [];
      return {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        body: {
          TotalRowCount: rows.length,
          Schema: [
            { Column: 'PolicyId', PropertyType: 'String' },
            { Column: 'PolicyName', PropertyType: 'String' },
            { Column: 'PolicyType', PropertyType: 'String' },
            { Column: 'PolicyStatus', PropertyType: 'Int32' },
            { Column: 'PolicyStatus_loc', PropertyType: 'String' },
            { Column: 'UPN', PropertyType: 'String' },
          ],
          Values: rows,
        },
      };
    }
    if (path === '/devices' && version === 'v1.0') {
      const wanted = literals(query.get('$filter') ?? '');
      if (wanted.length > 15)
        return graphError(400, 'Request_UnsupportedQuery', 'Too many expressions in the in operator');
      return ok({
        value: FIXTURE.devices
          .filter((d) => wanted.includes(d.entra))
          .map((d, i) => ({ deviceId: d.entra, isCompliant: i !== 0, isManaged: true })),
      });
    }
    return graphError(404, 'UnknownRoute', `No fixture for ${method} /${version}${path}`);
  };

  const faultFor = (method: string, path: string): (Fault & { used: number }) | undefined => {
    const fault = faults.find(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)) &&
        (f.times === undefined || f.used < f.times),
    );
    if (fault) fault.used += 1;
    return fault;
  };

  const answer = async (
    method: string,
    version: string,
    target: string,
    headers: Record<string, string>,
    body: unknown,
    viaBatch: boolean,
  ): Promise<Reply> => {
    const url = new URL(target, 'http://fixture');
    const path = url.pathname;
    requests.push({ method, version, path, query: url.searchParams, headers, viaBatch, body });
    const fault = faultFor(method, path);
    if (fault?.dropConnection) return DROP;
    if (fault?.hangMs) await new Promise((r) => setTimeout(r, fault.hangMs));
    if (fault) {
      const reply =
        fault.status === 429
          ? graphError(429, 'TooManyRequests', 'Please retry again later.')
          : graphError(
              fault.status,
              fault.status === 403 ? 'Authorization_RequestDenied' : 'FixtureFault',
              'Injected fault',
            );
      if (fault.retryAfterSeconds !== undefined)
        reply.headers = { ...reply.headers, 'Retry-After': String(fault.retryAfterSeconds) };
      if (fault.status < 400) return route(method, version, path, url.searchParams, headers, body);
      return reply;
    }
    return route(method, version, path, url.searchParams, headers, body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const m = /^\/(v1\.0|beta)(\/.*)$/.exec(req.url ?? '');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    let reply: Reply;
    if (!m) reply = graphError(404, 'BadVersion', 'Unknown version');
    else if (m[2] === '/$batch' && req.method === 'POST') {
      const version = m[1] ?? '';
      requests.push({
        method: 'POST',
        version,
        path: '/$batch',
        query: new URLSearchParams(),
        headers,
        viaBatch: false,
      });
      const batchFault = faultFor('POST', '/$batch');
      if (batchFault?.dropConnection) {
        req.socket.destroy();
        return;
      }
      if (batchFault?.hangMs) await new Promise((r) => setTimeout(r, batchFault.hangMs));
      const subs =
        (
          body as {
            requests?: {
              id: string;
              method: string;
              url: string;
              headers?: Record<string, string>;
              body?: unknown;
            }[];
          }
        ).requests ?? [];
      if (subs.length > 20) reply = graphError(400, 'BadRequest', 'Batch request limit exceeded');
      else {
        const responses = await Promise.all(
          subs.map(async (s) => {
            const subHeaders: Record<string, string> = {};
            for (const [k, v] of Object.entries(s.headers ?? {})) subHeaders[k.toLowerCase()] = v;
            const r = await answer(s.method, version, s.url, subHeaders, s.body, true);
            const isJson = (r.headers?.['content-type'] ?? 'application/json').includes('json');
            return {
              id: s.id,
              status: r.status,
              headers: r.headers ?? {},
              body: isJson ? r.body : Buffer.from(JSON.stringify(r.body)).toString('base64'),
            };
          }),
        );
        reply = ok({ responses: responses.reverse() });
      }
    } else {
      reply = await answer(req.method ?? 'GET', m[1] ?? '', m[2] ?? '/', headers, body, false);
      if (reply === DROP) {
        req.socket.destroy();
        return;
      }
    }
    if (res.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'request-id': `req-${reply.status}`,
      ...reply.headers,
    });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    setLatency: (ms) => {
      latency = ms;
    },
    faults: {
      add: (fault) => faults.push({ ...fault, used: 0 }),
      clear: () => {
        faults.length = 0;
      },
    },
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
  };
}
