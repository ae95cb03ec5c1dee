import type { BatchRequest } from './batch';
import { GUID } from '../ids/guid';
import { filterLiteral, pathSegment, queryString, searchClause } from './odata';

// The requests listed in docs/graph-requests.md. Round trip 1 is the sum of each area's requests, which its
// descriptor (src/areas/) declares with the builders here; the reads that follow (round trip 2) are built here.

export const IDENTITY_SELECT =
  'id,displayName,userPrincipalName,mail,jobTitle,department,officeLocation,accountEnabled,userType';

/** The user's identity and licence in one read: it also tells whether the UPN or id typed exists. */
export const USER_SELECT = `${IDENTITY_SELECT},assignedPlans`;

const GROUP_SELECT = 'id,displayName,groupTypes,securityEnabled,mailEnabled';
const ENTRA_DEVICE_SELECT = 'id,deviceId,isCompliant,isManaged';

/**
 * Page size asked of directory relationships (memberOf, transitiveMemberOf, registeredDevices, ownedDevices):
 * Graph documents 999 as their maximum `$top`.
 */
export const DIRECTORY_TOP = 999;

/**
 * Page size asked of a user's managed devices. Graph's docs name no maximum for Intune collections (paging.md:
 * "different APIs might have different default and maximum page sizes"); Intune serves up to 1,000 per page,
 * so 999 stays within it and matches the directory maximum.
 */
export const MANAGED_DEVICES_TOP = 999;

/** Compliance states for which an agent needs the per-policy detail at once. */
export const PROBLEM_COMPLIANCE_STATES: ReadonlySet<string> = new Set([
  'noncompliant',
  'error',
  'conflict',
  'inGracePeriod',
]);

const DEVICE_SELECT =
  'id,deviceName,managementAgent,joinType,managedDeviceOwnerType,complianceState,operatingSystem,osVersion,' +
  'model,manufacturer,serialNumber,lastSyncDateTime,enrolledDateTime,azureADDeviceId,roleScopeTagIds,' +
  'deviceEnrollmentType,autopilotEnrolled';

/** `$search`, `$count` and casts on directory objects are advanced queries: 400 without this header. */
export const EVENTUAL = { ConsistencyLevel: 'eventual' } as const;

/** Least-privileged application permission that each request needs. */
export const PERMISSION = {
  user: 'User.Read.All',
  groups: 'GroupMember.Read.All',
  managedDevices: 'DeviceManagementManagedDevices.Read.All',
  apps: 'DeviceManagementApps.Read.All',
  serviceConfig: 'DeviceManagementServiceConfig.Read.All',
  configuration: 'DeviceManagementConfiguration.Read.All',
  entraDevices: 'Device.Read.All',
} as const;

type Spec = Omit<BatchRequest, 'id'>;

export function getRequest(
  version: BatchRequest['version'],
  url: string,
  headers?: Record<string, string>,
): Spec {
  return {
    method: 'GET',
    version,
    url,
    ...(headers ? { headers } : {}),
  };
}

// R1
export function userByKeyRequest(upnOrId: string): Spec {
  return getRequest('v1.0', `/users/${pathSegment(upnOrId)}?${queryString({ $select: IDENTITY_SELECT })}`);
}

// R2
export function usersByMailRequest(address: string): Spec {
  const literal = filterLiteral(address);
  const filter = `mail eq ${literal} or userPrincipalName eq ${literal}`;
  return getRequest('v1.0', `/users?${queryString({ $filter: filter, $select: IDENTITY_SELECT })}`);
}

// R3
export function usersSearchRequest(text: string): Spec {
  const search = ['displayName', 'mail', 'userPrincipalName'].map((p) => searchClause(p, text)).join(' OR ');
  const query = queryString({ $search: search, $count: 'true', $top: '10', $select: IDENTITY_SELECT });
  return getRequest('v1.0', `/users?${query}`, { ...EVENTUAL });
}

// A1
export function checkMemberGroupsRequest(userId: string, groupIds: readonly string[]): Spec {
  return {
    method: 'POST',
    version: 'v1.0',
    url: `/users/${pathSegment(userId)}/checkMemberGroups`,
    body: { groupIds },
  };
}

/** `/users/{id | userPrincipalName}`: Graph accepts either, so a typed UPN is resolved in the batch itself. */
export function userPath(userKey: string): string {
  return `/users/${pathSegment(userKey)}`;
}

/** The user's identity and licence (round trip 1, the request the report's user is read from). */
export function userWithPlansRequest(userKey: string): Spec {
  return getRequest('v1.0', `${userPath(userKey)}?${queryString({ $select: USER_SELECT })}`);
}

/** The user's groups, direct (`memberOf`) or through nesting too (`transitiveMemberOf`). */
export function userGroupsRequest(userKey: string, relation: 'memberOf' | 'transitiveMemberOf'): Spec {
  const query = queryString({ $select: GROUP_SELECT, $top: String(DIRECTORY_TOP), $count: 'true' });
  return getRequest('v1.0', `${userPath(userKey)}/${relation}/microsoft.graph.group?${query}`, {
    ...EVENTUAL,
  });
}

/** Entra's isCompliant of the user's devices: the ones they registered and the ones they own (joined). */
export function userEntraDevicesRequest(
  userKey: string,
  relation: 'registeredDevices' | 'ownedDevices',
): Spec {
  const query = queryString({ $select: ENTRA_DEVICE_SELECT, $top: String(DIRECTORY_TOP), $count: 'true' });
  return getRequest('v1.0', `${userPath(userKey)}/${relation}/microsoft.graph.device?${query}`, {
    ...EVENTUAL,
  });
}

/** The user's Intune managed devices (beta: enrollment type, Autopilot and scope tags). */
export function userManagedDevicesRequest(userKey: string): Spec {
  const query = queryString({ $select: DEVICE_SELECT, $top: String(MANAGED_DEVICES_TOP) });
  return getRequest('beta', `${userPath(userKey)}/managedDevices?${query}`);
}

// 12
export function compliancePolicyStatesRequest(deviceId: string): Spec {
  return getRequest(
    'beta',
    `/deviceManagement/managedDevices/${pathSegment(deviceId)}/deviceCompliancePolicyStates`,
  );
}

// Fallback for 13: deprecated by Graph from May 2026 and blind to Settings catalog profiles.
export function configurationStatesRequest(deviceId: string): Spec {
  return getRequest(
    'beta',
    `/deviceManagement/managedDevices/${pathSegment(deviceId)}/deviceConfigurationStates`,
  );
}

/** Entra caps the `in` operator at 15 expressions per filter clause by default. */
export const ENTRA_IN_LIMIT = 15;

// 14
/** Entra compliance of devices with a problem that the user neither registered nor owns (hybrid joined). */
export function entraDevicesRequest(azureADDeviceIds: readonly string[]): Spec {
  const filter = `deviceId in (${azureADDeviceIds.map(filterLiteral).join(',')})`;
  return getRequest(
    'v1.0',
    `/devices?${queryString({ $filter: filter, $select: 'deviceId,isCompliant,isManaged' })}`,
  );
}

/** Columns asked of the configuration-policies report; `_loc` columns come with the enum columns. */
export const CONFIGURATION_REPORT_COLUMNS = [
  'PolicyId',
  'PolicyName',
  'PolicyType',
  'PolicyStatus',
  'UPN',
] as const;

const PROFILE_FAMILIES = [
  'Microsoft.Management.Services.Api.DeviceConfiguration',
  'DeviceManagementConfigurationPolicy',
  'DeviceConfigurationAdmxPolicy',
  'Microsoft.Management.Services.Api.DeviceManagementIntent',
];

function familyFilter(): string {
  return PROFILE_FAMILIES.map((f) => `(PolicyBaseTypeName eq ${filterLiteral(f)})`).join(' or ');
}

/** Columns asked of the sweep: which device, which profile, in which state. */
export const CONFIGURATION_SWEEP_COLUMNS = [
  'IntuneDeviceId',
  'PolicyId',
  'PolicyName',
  'PolicyStatus',
] as const;

/** Rows per page of the sweep; further pages are read together, by `skip`. */
export const CONFIGURATION_SWEEP_TOP = 500;

/**
 * The profile states of every device of one user in one table, so that a profile in error or conflict on a
 * device that is otherwise compliant is known with the first answer. The rows are the portal's per-device
 * configuration report's; the user is named by object id (`UserId`) or, when the UPN was typed, by `UPN`.
 */
export function configurationSweepRequest(userKey: string, skip: number): Spec {
  const user = GUID.test(userKey)
    ? `(UserId eq ${filterLiteral(userKey.toLowerCase())})`
    : `(UPN eq ${filterLiteral(userKey)})`;
  return {
    method: 'POST',
    version: 'beta',
    url: '/deviceManagement/reports/getConfigurationPoliciesReportForDevice',
    body: {
      select: [...CONFIGURATION_SWEEP_COLUMNS],
      filter: `(${familyFilter()}) and ${user}`,
      skip,
      top: CONFIGURATION_SWEEP_TOP,
      orderBy: ['IntuneDeviceId', 'PolicyName'],
    },
  };
}

/**
 * The Intune portal's own per-device profile report: template profiles, Settings catalog
 * (`DeviceManagementConfigurationPolicy`), administrative templates and endpoint security intents, which
 * deviceConfigurationStates (deprecated from May 2026) does not cover. Reports actions take `{select, filter, skip, top, orderBy}`; the filter names the profile
 * families the portal shows on a device's "Device configuration" blade. Not documented on learn.microsoft.com
 * (the action page says "Not yet documented"); shape taken from the reports API's common body.
 */
export function configurationPoliciesReportBody(intuneDeviceId: string): Record<string, unknown> {
  return {
    select: [...CONFIGURATION_REPORT_COLUMNS],
    filter: `(${familyFilter()}) and (IntuneDeviceId eq ${filterLiteral(intuneDeviceId)})`,
    skip: 0,
    top: 500,
    orderBy: ['PolicyName'],
  };
}

// 13
export function configurationReportRequest(intuneDeviceId: string): Spec {
  return {
    method: 'POST',
    version: 'beta',
    url: '/deviceManagement/reports/getConfigurationPoliciesReportForDevice',
    body: configurationPoliciesReportBody(intuneDeviceId),
  };
}

/** Columns asked of a profile's settings on one device. */
export const CONFIGURATION_SETTINGS_COLUMNS = [
  'SettingName',
  'SettingStatus',
  'ErrorCode',
  'ErrorDescription',
  'CurrentValue',
] as const;

/**
 * The settings of one profile on one device, with their state, error and value: what the portal shows when a
 * profile on a device's "Device configuration" blade is opened. Sent only for profiles in error or conflict.
 */
export function configurationSettingsRequest(policyId: string, intuneDeviceId: string, userId: string): Spec {
  return {
    method: 'POST',
    version: 'beta',
    url: '/deviceManagement/reports/getConfigurationSettingsReport',
    body: {
      select: [...CONFIGURATION_SETTINGS_COLUMNS],
      filter:
        `(PolicyId eq ${filterLiteral(policyId)}) and (DeviceId eq ${filterLiteral(intuneDeviceId)})` +
        ` and (UserId eq ${filterLiteral(userId)})`,
      skip: 0,
      top: 50,
      orderBy: ['SettingName'],
    },
  };
}
