import { DEVICE_TYPE, GROUP_TYPE, USER_TYPE } from '../entity-types';
import { GraphError, unsupportedQuery, userNotFound } from '../graph-error';
import type { GraphRequest } from '../graph-request';
import { isJsonObject, toJson, type JsonObject } from '../json';
import { directGroupsOf, transitiveGroupsOf } from '../membership';
import { compileFilter } from '../odata-filter';
import { compileSearch } from '../odata-search';
import { contextUrl, page, selectSuffix } from '../paging';
import { project, validateSelect, type EntityType } from '../projection';
import type { Route, RouteContext } from '../route';
import type { DemoGroup, DemoUser, TenantData } from '../seed/model';

// Entra ID (directory) routes: users, their groups, checkMemberGroups, groups and Entra devices.

const USER_FILTER_PROPERTIES = new Set([
  'id',
  'mail',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'userType',
  'accountEnabled',
]);
const USER_SEARCH_PROPERTIES = new Set([
  'displayName',
  'mail',
  'userPrincipalName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'mailNickname',
]);
const TOKENIZED = new Set(['displayName']);
const DEVICE_FILTER_PROPERTIES = new Set(['deviceId', 'id', 'displayName', 'operatingSystem']);

export function findUser(data: TenantData, idOrUpn: string): DemoUser {
  const wanted = idOrUpn.toLowerCase();
  const user = data.users.find(
    (u) => u.id.toLowerCase() === wanted || u.userPrincipalName.toLowerCase() === wanted,
  );
  if (!user) throw userNotFound(idOrUpn);
  return user;
}

/** Advanced directory queries ($search, $count) need the ConsistencyLevel header, as in Graph. */
function requireEventual(request: GraphRequest): void {
  const eventual = request.headers.consistencylevel?.toLowerCase() === 'eventual';
  if (request.query.search !== null && !eventual) {
    throw unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  if (request.query.count && !eventual) {
    throw new GraphError(400, 'Request_BadRequest', '$count is not currently supported.');
  }
}

function noExpand(request: GraphRequest, typeName: string): void {
  const [first] = request.query.expand ?? [];
  if (first !== undefined) {
    throw new GraphError(
      400,
      'BadRequest',
      `Could not find a property named '${first}' on type '${typeName}'.`,
    );
  }
}

/** What every directory list checks first: advanced-query headers, a $select the type has, no $expand. */
function checkQuery(request: GraphRequest, type: EntityType): void {
  requireEventual(request);
  validateSelect(request.query.select, type, request.version);
  noExpand(request, type.name);
}

function sortBy(items: JsonObject[], request: GraphRequest): JsonObject[] {
  const order = request.query.orderby;
  if (!order) return items;
  const direction = order.descending ? -1 : 1;
  const key = (item: JsonObject): string => {
    const value = item[order.property];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
  };
  return [...items].sort((a, b) => key(a).localeCompare(key(b)) * direction);
}

/** A top-level directory collection (`/users`, `/devices`) and the query options the demo takes on it. */
interface DirectoryCollection {
  name: 'users' | 'devices';
  type: EntityType;
  /** The entity name Graph puts in a $filter error, e.g. `User`. */
  filterResource: string;
  filterProperties: ReadonlySet<string>;
  /** The properties $search looks in; null where the demo has no $search. */
  search: { properties: ReadonlySet<string>; tokenized: ReadonlySet<string> } | null;
  orderable: boolean;
}

const USERS: DirectoryCollection = {
  name: 'users',
  type: USER_TYPE,
  filterResource: 'User',
  filterProperties: USER_FILTER_PROPERTIES,
  search: { properties: USER_SEARCH_PROPERTIES, tokenized: TOKENIZED },
  orderable: true,
};

const DEVICES: DirectoryCollection = {
  name: 'devices',
  type: DEVICE_TYPE,
  filterResource: 'Device',
  filterProperties: DEVICE_FILTER_PROPERTIES,
  search: null,
  orderable: false,
};

function listCollection(
  collection: DirectoryCollection,
  entities: readonly object[],
  { request, baseUrl, pageSizes }: RouteContext,
): JsonObject {
  const { type, search } = collection;
  checkQuery(request, type);
  let items = entities.map(toJson);
  if (request.query.filter !== null) {
    items = items.filter(
      compileFilter(request.query.filter, collection.filterProperties, collection.filterResource),
    );
  }
  if (request.query.search !== null) {
    if (!search) throw unsupportedQuery(`The demo tenant does not support $search on ${collection.name}.`);
    items = items.filter(compileSearch(request.query.search, search.properties, search.tokenized));
  }
  const ordered = collection.orderable ? sortBy(items, request) : items;
  return page(
    baseUrl,
    request,
    ordered.map((item) => project(item, type, request.query.select, request.version)),
    { context: `${collection.name}${selectSuffix(request)}`, ...pageSizes.directory },
  );
}

function getUser({ request, data, baseUrl, param }: RouteContext): JsonObject {
  validateSelect(request.query.select, USER_TYPE, request.version);
  noExpand(request, USER_TYPE.name);
  const user = findUser(data, param('user'));
  return {
    '@odata.context': contextUrl(baseUrl, request, `users${selectSuffix(request)}/$entity`),
    ...project(toJson(user), USER_TYPE, request.query.select, request.version),
  };
}

function groupList(
  context: RouteContext,
  groupsOf: (data: TenantData, id: string) => DemoGroup[],
  cast: boolean,
): JsonObject {
  const { request, data, param } = context;
  if (request.query.filter !== null || request.query.search !== null) {
    requireEventual(request);
    throw unsupportedQuery('The demo tenant does not support $filter or $search on group memberships.');
  }
  checkQuery(request, GROUP_TYPE);
  const user = findUser(data, param('user'));
  const groups = groupsOf(data, user.id).map((group) => group.entity);
  return linkedObjects(context, { name: 'groups', type: GROUP_TYPE, orderable: true }, groups, cast);
}

/**
 * A user's linked directory objects, cast to one type (`…/memberOf/microsoft.graph.group`) or not: then the
 * collection is directoryObjects, so each item says what it is.
 */
function linkedObjects(
  { request, baseUrl, pageSizes }: RouteContext,
  kind: { name: 'groups' | 'devices'; type: EntityType; orderable: boolean },
  entities: readonly object[],
  cast: boolean,
): JsonObject {
  const items = entities.map((entity) => {
    const projected = project(toJson(entity), kind.type, request.query.select, request.version);
    return cast ? projected : { '@odata.type': `#${kind.type.name}`, ...projected };
  });
  const context = cast ? `${kind.name}${selectSuffix(request)}` : 'directoryObjects';
  const ordered = kind.orderable ? sortBy(items, request) : items;
  return page(baseUrl, request, ordered, { context, ...pageSizes.directory });
}

function checkMemberGroups({ request, data, baseUrl, param }: RouteContext): JsonObject {
  const user = findUser(data, param('user'));
  const body = request.body;
  const groupIds = isJsonObject(body) ? body.groupIds : undefined;
  if (!Array.isArray(groupIds) || !groupIds.every((id): id is string => typeof id === 'string')) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      "The request body must contain 'groupIds', an array of strings.",
    );
  }
  if (groupIds.length > 20) {
    throw new GraphError(
      400,
      'Request_BadRequest',
      'The maximum number of groupIds in checkMemberGroups is 20.',
    );
  }
  const memberOf = new Set(transitiveGroupsOf(data, user.id).map((g) => g.entity.id.toLowerCase()));
  return {
    '@odata.context': contextUrl(baseUrl, request, 'Collection(Edm.String)'),
    value: groupIds.filter((id) => memberOf.has(id.toLowerCase())),
  };
}

function getGroup({ request, data, baseUrl, param }: RouteContext): JsonObject {
  validateSelect(request.query.select, GROUP_TYPE, request.version);
  const wanted = param('group').toLowerCase();
  const group = data.groups.find((g) => g.entity.id.toLowerCase() === wanted);
  if (!group) {
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${param('group')}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return {
    '@odata.context': contextUrl(baseUrl, request, `groups${selectSuffix(request)}/$entity`),
    ...project(toJson(group.entity), GROUP_TYPE, request.query.select, request.version),
  };
}

/**
 * The user's Entra devices: `registeredDevices` are the ones they registered (personal Windows, phones),
 * `ownedDevices` the ones they joined (Entra joined Windows). Hybrid joined devices have neither link.
 */
function userEntraDevices(relation: 'registered' | 'owned', cast: boolean) {
  return (context: RouteContext): JsonObject => {
    const { request, data, param } = context;
    checkQuery(request, DEVICE_TYPE);
    const user = findUser(data, param('user'));
    const linked = new Set(
      data.managedDevices
        .filter((d) => d.userId === user.id)
        .filter((d) =>
          relation === 'owned'
            ? d.joinType === 'azureADJoined'
            : d.joinType !== 'azureADJoined' && d.joinType !== 'hybridAzureADJoined',
        )
        .map((d) => (d.azureADDeviceId ?? '').toLowerCase()),
    );
    const devices = data.entraDevices.filter((d) => linked.has(d.deviceId.toLowerCase()));
    return linkedObjects(context, { name: 'devices', type: DEVICE_TYPE, orderable: false }, devices, cast);
  };
}

export const DIRECTORY_ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/users', handler: (c) => listCollection(USERS, c.data.users, c) },
  { method: 'GET', pattern: '/users/{user}', handler: getUser },
  { method: 'GET', pattern: '/users/{user}/memberOf', handler: (c) => groupList(c, directGroupsOf, false) },
  {
    method: 'GET',
    pattern: '/users/{user}/memberOf/microsoft.graph.group',
    handler: (c) => groupList(c, directGroupsOf, true),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/transitiveMemberOf',
    handler: (c) => groupList(c, transitiveGroupsOf, false),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/transitiveMemberOf/microsoft.graph.group',
    handler: (c) => groupList(c, transitiveGroupsOf, true),
  },
  { method: 'POST', pattern: '/users/{user}/checkMemberGroups', handler: checkMemberGroups },
  {
    method: 'GET',
    pattern: '/users/{user}/registeredDevices',
    handler: userEntraDevices('registered', false),
  },
  {
    method: 'GET',
    pattern: '/users/{user}/registeredDevices/microsoft.graph.device',
    handler: userEntraDevices('registered', true),
  },
  { method: 'GET', pattern: '/users/{user}/ownedDevices', handler: userEntraDevices('owned', false) },
  {
    method: 'GET',
    pattern: '/users/{user}/ownedDevices/microsoft.graph.device',
    handler: userEntraDevices('owned', true),
  },
  { method: 'GET', pattern: '/groups/{group}', handler: getGroup },
  { method: 'GET', pattern: '/devices', handler: (c) => listCollection(DEVICES, c.data.entraDevices, c) },
];
