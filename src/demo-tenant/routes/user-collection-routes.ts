import { UNVALIDATED } from '../entity-types';
import type { JsonObject } from '../json';
import { page } from '../paging';
import { project, validateSelect } from '../projection';
import type { Route, RouteContext } from '../route';
import type { UserCollection } from '../seed/user-collections';
import { findUser } from './directory-routes';

// The routes of the per-user collections in seed/user-collections.ts: paged, projected by $select, 404 for
// a user who does not exist, as Graph answers for a user's Intune collections.

function serve(collection: UserCollection) {
  return ({ request, data, baseUrl, param, pageSizes }: RouteContext): JsonObject => {
    const user = findUser(data, param('user'));
    const key = user.userPrincipalName.split('@')[0]?.toLowerCase() ?? '';
    const type = UNVALIDATED(collection.type);
    validateSelect(request.query.select, type, request.version);
    const items = (collection.rows[key] ?? []).map((row) =>
      project({ '@odata.type': `#${collection.type}`, ...row }, type, request.query.select, request.version),
    );
    return page(baseUrl, request, items, {
      context: `users('${user.id}')/${collection.name}`,
      ...pageSizes.intune,
    });
  };
}

export function userCollectionRoutes(collections: readonly UserCollection[]): Route[] {
  return collections.map((collection) => ({
    method: 'GET',
    pattern: `/users/{user}/${collection.name}`,
    versions: collection.versions,
    handler: serve(collection),
  }));
}
