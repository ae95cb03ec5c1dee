import type { JsonObject } from '../json';
import type { ApiVersion } from '../graph-request';

// Per-user collections that only an area's descriptor reads (src/areas/): a new area's demo data goes here,
// and src/demo-tenant/routes/user-collection-routes.ts serves each one at /users/{id | upn}/{name}.

export interface UserCollection {
  /** The segment under the user, as in Graph: `/users/{id}/{name}`. */
  name: string;
  /** Versions that have this path. */
  versions: readonly ApiVersion[];
  /** Graph's entity type of one row, for `@odata.type`. */
  type: string;
  /** Rows by the person's key (the local part of their UPN, as in PEOPLE); nobody else has any. */
  rows: Readonly<Record<string, readonly JsonObject[]>>;
}

export const USER_COLLECTIONS: readonly UserCollection[] = [];
