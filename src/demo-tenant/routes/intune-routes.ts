import { DEVICE_MANAGEMENT_TYPE, MANAGED_DEVICE_TYPE, UNVALIDATED } from '../entity-types';
import { GraphError } from '../graph-error';
import type { GraphRequest } from '../graph-request';
import { toJson, type JsonObject } from '../json';
import { transitiveGroupsOf } from '../membership';
import { compileFilter } from '../odata-filter';
import { contextUrl, page, selectSuffix } from '../paging';
import { project, validateSelect, type EntityType } from '../projection';
import type { Route, RouteContext } from '../route';
import type { DemoManagedDevice, TenantData } from '../seed/model';
import { findUser } from './directory-routes';

// Intune routes: the tenant's subscription, managed devices and their policy states, apps, app
// protection, enrollment restrictions and enrollment failures.

/** Properties of enrollmentTroubleshootingEvent that exist only in beta. */
const BETA_EVENT_PROPERTIES = ['troubleshootingErrorDetails', 'eventName', 'additionalInformation'];

const MANAGED_DEVICE_FILTER_PROPERTIES = new Set([
  'userId',
  'userPrincipalName',
  'deviceName',
  'operatingSystem',
  'complianceState',
  'azureADDeviceId',
]);

function expandOnly(request: GraphRequest, allowed: readonly string[], typeName: string): Set<string> {
  const expand = new Set<string>();
  for (const item of request.query.expand ?? []) {
    // $expand=assignments($select=…) style options are not needed by the bot; the bare name is.
    const name = item.replace(/\(.*\)$/, '');
    if (!allowed.includes(name)) {
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a navigation property named '${name}' on type '${typeName}'.`,
      );
    }
    expand.add(name);
  }
  return expand;
}

function projectAll(items: JsonObject[], type: EntityType, request: GraphRequest): JsonObject[] {
  validateSelect(request.query.select, type, request.version);
  return items.map((item) => project(item, type, request.query.select, request.version));
}

function filtered(
  items: JsonObject[],
  request: GraphRequest,
  properties: ReadonlySet<string>,
  resource: string,
): JsonObject[] {
  if (request.query.search !== null)
    throw new GraphError(400, 'BadRequest', `$search is not supported on ${resource}.`);
  return request.query.filter === null
    ? items
    : items.filter(compileFilter(request.query.filter, properties, resource));
}

/** A page of an Intune collection, in Intune's page sizes. */
function intunePage(
  { request, baseUrl, pageSizes }: RouteContext,
  items: JsonObject[],
  context: string,
): JsonObject {
  return page(baseUrl, request, items, { context, ...pageSizes.intune });
}

function findDevice(data: TenantData, id: string): DemoManagedDevice {
  const device = data.managedDevices.find((d) => d.id.toLowerCase() === id.toLowerCase());
  if (!device) {
    throw new GraphError(
      404,
      'ResourceNotFound',
      `Resource not found: managedDevice with id '${id}' does not exist.`,
    );
  }
  return device;
}

function getDeviceManagement({ request, data, baseUrl }: RouteContext): JsonObject {
  validateSelect(request.query.select, DEVICE_MANAGEMENT_TYPE, request.version);
  return {
    '@odata.context': contextUrl(baseUrl, request, `deviceManagement${selectSuffix(request)}`),
    ...project(toJson(data.deviceManagement), DEVICE_MANAGEMENT_TYPE, request.query.select, request.version),
  };
}

function enrollmentConfigurations(route: RouteContext): JsonObject {
  const { request, data } = route;
  const expand = expandOnly(request, ['assignments'], 'microsoft.graph.deviceEnrollmentConfiguration');
  // Single-platform restrictions exist only in beta; v1.0 lists the legacy multi-platform kind alone.
  const visible = data.enrollmentConfigurations.filter(
    ({ entity }) =>
      request.version === 'beta' ||
      entity['@odata.type'] !== '#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration',
  );
  const items = visible.map(({ entity, assignments }) => {
    const item = project(
      toJson(entity),
      UNVALIDATED('microsoft.graph.deviceEnrollmentConfiguration'),
      request.query.select,
      request.version,
    );
    if (expand.has('assignments')) item.assignments = assignments.map(toJson);
    return item;
  });
  const context = `deviceManagement/deviceEnrollmentConfigurations${expand.has('assignments') ? '(assignments())' : ''}`;
  return intunePage(route, items, context);
}

function managedDevices(
  items: DemoManagedDevice[],
  context: string,
  { request, baseUrl, pageSizes }: RouteContext,
): JsonObject {
  const list = filtered(items.map(toJson), request, MANAGED_DEVICE_FILTER_PROPERTIES, 'managedDevice');
  return page(baseUrl, request, projectAll(list, MANAGED_DEVICE_TYPE, request), {
    context: `${context}${selectSuffix(request)}`,
    ...pageSizes.managedDevices,
  });
}

/** A `/users/{user}/…` collection: the rows of that user, listed by `list` under the user's context URL. */
function ofUser<T extends { userId: string }>(
  rowsOf: (data: TenantData) => readonly T[],
  segment: string,
  list: (rows: T[], context: string, route: RouteContext) => JsonObject,
): (route: RouteContext) => JsonObject {
  return (route) => {
    const user = findUser(route.data, route.param('user'));
    const rows = rowsOf(route.data).filter((row) => row.userId === user.id);
    return list(rows, `users('${user.id}')/${segment}`, route);
  };
}

function getManagedDevice({ request, data, baseUrl, param }: RouteContext): JsonObject {
  validateSelect(request.query.select, MANAGED_DEVICE_TYPE, request.version);
  const device = findDevice(data, param('device'));
  return {
    '@odata.context': contextUrl(
      baseUrl,
      request,
      `deviceManagement/managedDevices${selectSuffix(request)}/$entity`,
    ),
    ...project(toJson(device), MANAGED_DEVICE_TYPE, request.query.select, request.version),
  };
}

function policyStates(kind: 'deviceCompliancePolicyStates' | 'deviceConfigurationStates') {
  return (route: RouteContext): JsonObject => {
    const { request, data, param } = route;
    const device = findDevice(data, param('device'));
    const states =
      (kind === 'deviceCompliancePolicyStates' ? data.compliancePolicyStates : data.configurationStates).get(
        device.id,
      ) ?? [];
    const typeName =
      kind === 'deviceCompliancePolicyStates' ? 'deviceCompliancePolicyState' : 'deviceConfigurationState';
    const items = projectAll(states.map(toJson), UNVALIDATED(`microsoft.graph.${typeName}`), request);
    return intunePage(route, items, `deviceManagement/managedDevices('${device.id}')/${kind}`);
  };
}

function mobileAppIntentAndStates(
  states: TenantData['appIntentAndStates'],
  context: string,
  route: RouteContext,
): JsonObject {
  const type = UNVALIDATED('microsoft.graph.mobileAppIntentAndState');
  return intunePage(route, projectAll(states.map(toJson), type, route.request), context);
}

function troubleshootingEvents(
  events: TenantData['troubleshootingEvents'],
  context: string,
  route: RouteContext,
): JsonObject {
  const { request } = route;
  const items = [...events]
    .sort((a, b) => String(b.eventDateTime).localeCompare(String(a.eventDateTime)))
    .map((event) => {
      const item = toJson(event);
      // v1.0 has no troubleshootingErrorDetails: the bot must call beta to get Microsoft's remediation text.
      if (request.version === 'v1.0') for (const property of BETA_EVENT_PROPERTIES) delete item[property];
      return item;
    });
  return intunePage(
    route,
    projectAll(items, UNVALIDATED('microsoft.graph.enrollmentTroubleshootingEvent'), request),
    context,
  );
}

function targetedPolicies(data: TenantData, userId: string): TenantData['appProtectionPolicies'] {
  const groupIds = new Set(transitiveGroupsOf(data, userId).map((g) => g.entity.id));
  return data.appProtectionPolicies.filter((p) => p.targetGroupIds.some((id) => groupIds.has(id)));
}

function managedAppRegistrations(route: RouteContext): JsonObject {
  const { request, data, param } = route;
  const user = findUser(data, param('user'));
  const expand = expandOnly(
    request,
    ['appliedPolicies', 'intendedPolicies', 'operations'],
    'microsoft.graph.managedAppRegistration',
  );
  const targeted = targetedPolicies(data, user.id);
  const items = data.appRegistrations
    .filter((r) => r.entity.userId === user.id)
    .map((registration) => {
      const item = project(
        toJson(registration.entity),
        UNVALIDATED('microsoft.graph.managedAppRegistration'),
        request.query.select,
        request.version,
      );
      const applied = data.appProtectionPolicies.filter((p) =>
        registration.appliedPolicyIds.includes(p.entity.id),
      );
      if (expand.has('appliedPolicies')) item.appliedPolicies = applied.map((p) => toJson(p.entity));
      if (expand.has('intendedPolicies')) item.intendedPolicies = targeted.map((p) => toJson(p.entity));
      if (expand.has('operations')) item.operations = [];
      return item;
    });
  return intunePage(route, items, `users('${user.id}')/managedAppRegistrations`);
}

function managedAppPolicies(route: RouteContext): JsonObject {
  const { request, data, param } = route;
  const user = findUser(data, param('user'));
  const items = targetedPolicies(data, user.id).map((p) => toJson(p.entity));
  return intunePage(
    route,
    projectAll(items, UNVALIDATED('microsoft.graph.managedAppPolicy'), request),
    'Collection(microsoft.graph.managedAppPolicy)',
  );
}

function managedAppDiagnosticStatuses({ request, data, baseUrl, param }: RouteContext): JsonObject {
  const user = findUser(data, param('user'));
  return {
    '@odata.context': contextUrl(baseUrl, request, 'Collection(microsoft.graph.managedAppDiagnosticStatus)'),
    value: (data.appDiagnostics.get(user.id) ?? []).map(toJson),
  };
}

// --- role-based access control (beta) -------------------------------------------------------------------

function noQueryOptions(request: GraphRequest, resource: string): void {
  if (request.query.filter !== null || request.query.search !== null || request.query.expand !== null) {
    throw new GraphError(
      400,
      'BadRequest',
      `Query options are not supported on ${resource} in the demo tenant.`,
    );
  }
}

/** A role-based access control collection: a page of its entities, taking no query options in the demo. */
function rbacList(
  name: 'roleDefinitions' | 'roleAssignments' | 'roleScopeTags',
  entitiesOf: (data: TenantData) => readonly object[],
): (route: RouteContext) => JsonObject {
  return (route) => {
    noQueryOptions(route.request, name);
    return intunePage(route, entitiesOf(route.data).map(toJson), `deviceManagement/${name}`);
  };
}

function findRoleDefinition(data: TenantData, id: string): TenantData['roleDefinitions'][number] {
  const found = data.roleDefinitions.find((d) => d.entity.id.toLowerCase() === id.toLowerCase());
  if (!found) throw new GraphError(404, 'ResourceNotFound', `roleDefinition with id '${id}' does not exist.`);
  return found;
}

/** A definition's assignments come as the base roleAssignment type: no admin groups, no scope tags. */
function definitionAssignments(route: RouteContext): JsonObject {
  const { request, data, param } = route;
  noQueryOptions(request, 'roleAssignments');
  const definition = findRoleDefinition(data, param('definition'));
  const items = data.roleAssignments
    .filter((a) => a.roleDefinitionId === definition.entity.id)
    .map(({ entity }) => ({
      '@odata.type': '#microsoft.graph.roleAssignment',
      id: entity.id,
      displayName: entity.displayName,
      description: entity.description ?? null,
      scopeType: entity.scopeType ?? 'resourceScope',
      resourceScopes: entity.resourceScopes ?? [],
      scopeMembers: entity.scopeMembers ?? [],
    }));
  return intunePage(
    route,
    items,
    `deviceManagement/roleDefinitions('${definition.entity.id}')/roleAssignments`,
  );
}

function getRoleAssignment({ request, data, baseUrl, param }: RouteContext): JsonObject {
  noQueryOptions(request, 'roleAssignments');
  const id = param('assignment');
  const found = data.roleAssignments.find((a) => a.entity.id.toLowerCase() === id.toLowerCase());
  if (!found) throw new GraphError(404, 'ResourceNotFound', `roleAssignment with id '${id}' does not exist.`);
  return {
    '@odata.context': contextUrl(baseUrl, request, 'deviceManagement/roleAssignments/$entity'),
    ...toJson(found.entity),
  };
}

export const INTUNE_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/deviceManagement', handler: getDeviceManagement },
  {
    method: 'GET',
    pattern: '/deviceManagement/deviceEnrollmentConfigurations',
    handler: enrollmentConfigurations,
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/managedDevices',
    handler: (c) => managedDevices(c.data.managedDevices, 'deviceManagement/managedDevices', c),
  },
  { method: 'GET', pattern: '/deviceManagement/managedDevices/{device}', handler: getManagedDevice },
  {
    method: 'GET',
    pattern: '/deviceManagement/managedDevices/{device}/deviceCompliancePolicyStates',
    handler: policyStates('deviceCompliancePolicyStates'),
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/managedDevices/{device}/deviceConfigurationStates',
    handler: policyStates('deviceConfigurationStates'),
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/troubleshootingEvents',
    handler: (c) =>
      troubleshootingEvents(c.data.troubleshootingEvents, 'deviceManagement/troubleshootingEvents', c),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/managedDevices',
    handler: ofUser((data) => data.managedDevices, 'managedDevices', managedDevices),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/managedDevices/{device}/deviceCompliancePolicyStates',
    handler: policyStates('deviceCompliancePolicyStates'),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/managedDevices/{device}/deviceConfigurationStates',
    handler: policyStates('deviceConfigurationStates'),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/mobileAppIntentAndStates',
    versions: ['beta'],
    handler: ofUser((data) => data.appIntentAndStates, 'mobileAppIntentAndStates', mobileAppIntentAndStates),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/deviceManagementTroubleshootingEvents',
    handler: ofUser(
      (data) => data.troubleshootingEvents,
      'deviceManagementTroubleshootingEvents',
      troubleshootingEvents,
    ),
  },
  { method: 'GET', pattern: '/users/{user}/managedAppRegistrations', handler: managedAppRegistrations },
  {
    method: 'GET',
    pattern: '/deviceManagement/roleDefinitions',
    versions: ['beta'],
    handler: rbacList('roleDefinitions', (data) => data.roleDefinitions.map((d) => d.entity)),
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/roleDefinitions/{definition}/roleAssignments',
    versions: ['beta'],
    handler: definitionAssignments,
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/roleAssignments',
    versions: ['beta'],
    handler: rbacList('roleAssignments', (data) => data.roleAssignments.map((a) => a.entity)),
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/roleAssignments/{assignment}',
    versions: ['beta'],
    handler: getRoleAssignment,
  },
  {
    method: 'GET',
    pattern: '/deviceManagement/roleScopeTags',
    versions: ['beta'],
    handler: rbacList('roleScopeTags', (data) => data.roleScopeTags),
  },
  { method: 'GET', pattern: '/users/{user}/getManagedAppPolicies', handler: managedAppPolicies },
  {
    method: 'GET',
    pattern: '/users/{user}/getManagedAppDiagnosticStatuses',
    handler: managedAppDiagnosticStatuses,
  },
];
