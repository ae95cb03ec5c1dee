import type { BatchRequest } from './batch';
import { filterLiteral, pathSegment, queryString, searchClause } from './odata';

// Every request listed in docs/graph-requests.md, built in one place.

export const IDENTITY_SELECT =
  'id,displayName,userPrincipalName,mail,jobTitle,department,officeLocation,accountEnabled,userType';

const GROUP_SELECT = 'id,displayName,groupTypes,securityEnabled,mailEnabled';
const DEVICE_SELECT =
  'id,deviceName,managementAgent,joinType,managedDeviceOwnerType,complianceState,operatingSystem,osVersion,' +
  'model,manufacturer,serialNumber,lastSyncDateTime,enrolledDateTime,azureADDeviceId,roleScopeTagIds';

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

export type RoundTripOneId =
  | 'license'
  | 'account'
  | 'memberOf'
  | 'transitiveMemberOf'
  | 'appRegistrations'
  | 'appPolicies'
  | 'appDiagnostics'
  | 'enrollmentConfigurations'
  | 'devices'
  | 'apps'
  | 'enrollmentFailures';

type Spec = Omit<BatchRequest, 'id'>;

const get = (version: BatchRequest['version'], url: string, headers?: Record<string, string>): Spec => ({
  method: 'GET',
  version,
  url,
  ...(headers ? { headers } : {}),
});

// R1
export function userByKeyRequest(upnOrId: string): Spec {
  return get('v1.0', `/users/${pathSegment(upnOrId)}?${queryString({ $select: IDENTITY_SELECT })}`);
}

// R2
export function usersByMailRequest(address: string): Spec {
  const literal = filterLiteral(address);
  const filter = `mail eq ${literal} or userPrincipalName eq ${literal}`;
  return get('v1.0', `/users?${queryString({ $filter: filter, $select: IDENTITY_SELECT })}`);
}

// R3
export function usersSearchRequest(text: string): Spec {
  const search = ['displayName', 'mail', 'userPrincipalName'].map((p) => searchClause(p, text)).join(' OR ');
  const query = queryString({ $search: search, $count: 'true', $top: '10', $select: IDENTITY_SELECT });
  return get('v1.0', `/users?${query}`, { ...EVENTUAL });
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

/** Round trip 1: every area that needs only the user id (requests 1–11). */
export function roundTripOneRequests(userId: string): (BatchRequest & { id: RoundTripOneId })[] {
  const user = `/users/${pathSegment(userId)}`;
  const groups = queryString({ $select: GROUP_SELECT, $top: '999', $count: 'true' });
  return [
    { id: 'license', ...get('v1.0', `${user}?$select=id,accountEnabled,userType,assignedPlans`) },
    { id: 'account', ...get('v1.0', '/deviceManagement?$select=id,subscriptionState') },
    { id: 'memberOf', ...get('v1.0', `${user}/memberOf/microsoft.graph.group?${groups}`, { ...EVENTUAL }) },
    {
      id: 'transitiveMemberOf',
      ...get('v1.0', `${user}/transitiveMemberOf/microsoft.graph.group?${groups}`, { ...EVENTUAL }),
    },
    { id: 'appRegistrations', ...get('v1.0', `${user}/managedAppRegistrations?$expand=appliedPolicies`) },
    { id: 'appPolicies', ...get('v1.0', `${user}/getManagedAppPolicies`) },
    { id: 'appDiagnostics', ...get('v1.0', `${user}/getManagedAppDiagnosticStatuses`) },
    // beta: the single-platform restrictions Intune creates today are not in v1.0.
    {
      id: 'enrollmentConfigurations',
      ...get('beta', '/deviceManagement/deviceEnrollmentConfigurations?$expand=assignments'),
    },
    { id: 'devices', ...get('beta', `${user}/managedDevices?${queryString({ $select: DEVICE_SELECT })}`) },
    { id: 'apps', ...get('beta', `${user}/mobileAppIntentAndStates`) },
    { id: 'enrollmentFailures', ...get('beta', `${user}/deviceManagementTroubleshootingEvents`) },
  ];
}

// 12
export function compliancePolicyStatesRequest(deviceId: string): Spec {
  return get(
    'beta',
    `/deviceManagement/managedDevices/${pathSegment(deviceId)}/deviceCompliancePolicyStates`,
  );
}

// 13
export function configurationStatesRequest(deviceId: string): Spec {
  return get('beta', `/deviceManagement/managedDevices/${pathSegment(deviceId)}/deviceConfigurationStates`);
}

/** Entra caps the `in` operator at 15 expressions per filter clause by default. */
export const ENTRA_IN_LIMIT = 15;

// 14
export function entraDevicesRequest(azureADDeviceIds: readonly string[]): Spec {
  const filter = `deviceId in (${azureADDeviceIds.map(filterLiteral).join(',')})`;
  return get(
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

/**
 * The Intune portal's own per-device profile report, the replacement for deviceConfigurationStates (deprecated
 * from May 2026). Reports actions take `{select, filter, skip, top, orderBy}`; the filter names the profile
 * families the portal shows on a device's "Device configuration" blade. Not documented on learn.microsoft.com
 * (the action page says "Not yet documented"); shape taken from the reports API's common body.
 */
export function configurationPoliciesReportBody(intuneDeviceId: string): Record<string, unknown> {
  const families = [
    'Microsoft.Management.Services.Api.DeviceConfiguration',
    'DeviceManagementConfigurationPolicy',
    'DeviceConfigurationAdmxPolicy',
    'Microsoft.Management.Services.Api.DeviceManagementIntent',
  ];
  const familyFilter = families.map((f) => `(PolicyBaseTypeName eq ${filterLiteral(f)})`).join(' or ');
  return {
    select: [...CONFIGURATION_REPORT_COLUMNS],
    filter: `(${familyFilter}) and (IntuneDeviceId eq ${filterLiteral(intuneDeviceId)})`,
    skip: 0,
    top: 500,
    orderBy: ['PolicyName'],
  };
}

// Fallback for 13
export function configurationReportRequest(intuneDeviceId: string): Spec {
  return {
    method: 'POST',
    version: 'beta',
    url: '/deviceManagement/reports/getConfigurationPoliciesReportForDevice',
    body: configurationPoliciesReportBody(intuneDeviceId),
  };
}
