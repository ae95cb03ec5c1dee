// Intune role-based access control as Graph returns it (beta: roleScopeTagIds exist only there), and the
// membership checks that decide who holds a role and whom it covers. Separate from the report's batches:
// these reads are about the tenant's roles, not about one person, and are cached by the caller.
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  allowsReadingDevices,
  type AssignmentScopeType,
  type IntuneRoleAssignment,
  type IntuneRoleDefinition,
  type IntuneRoles,
} from '../access/intune-scope';
import { BATCH_LIMIT, sendBatched, type BatchRequest } from './batch';
import { GraphPermissionError, GraphRequestError } from './errors';
import { GraphHttp } from './graph-http';
import { asRecord, collectionItems, type GraphOutcome } from './graph-response';
import { pathSegment } from './odata';
import { newOperation, type OperationContext } from './operation-context';
import { collectPages } from './paging';
import { DEFAULT_RETRY_POLICY } from './retry-policy';

/** Needed for the role reads: the assignments and definitions are not readable with device permissions. */
export const RBAC_PERMISSION = 'DeviceManagementRBAC.Read.All';

const SCOPE_TYPES: readonly AssignmentScopeType[] = [
  'resourceScope',
  'allDevices',
  'allLicensedUsers',
  'allDevicesAndLicensedUsers',
];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

/** `rolePermissions` and its older twin `permissions`: both carry resourceActions (and plain `actions`). */
export function mapRoleDefinition(raw: unknown): IntuneRoleDefinition | null {
  const record = asRecord(raw);
  const id = record?.id;
  if (record === null || typeof id !== 'string' || id === '') return null;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const permissions = [...list(record.rolePermissions), ...list(record.permissions)].map(asRecord);
  const allowed: string[] = [];
  const notAllowed: string[] = [];
  for (const permission of permissions) {
    allowed.push(...strings(permission?.actions));
    for (const action of list(permission?.resourceActions).map(asRecord)) {
      allowed.push(...strings(action?.allowedResourceActions));
      notAllowed.push(...strings(action?.notAllowedResourceActions));
    }
  }
  return {
    id,
    displayName: typeof record.displayName === 'string' ? record.displayName : id,
    isBuiltIn: record.isBuiltIn === true || record.isBuiltInRoleDefinition === true,
    allowedActions: [...new Set(allowed)],
    notAllowedActions: [...new Set(notAllowed)],
  };
}

export function mapRoleAssignment(raw: unknown, roleDefinitionId: string): IntuneRoleAssignment | null {
  const record = asRecord(raw);
  const id = record?.id;
  if (record === null || typeof id !== 'string' || id === '') return null;
  const scopeType = SCOPE_TYPES.find((s) => s === record.scopeType) ?? 'resourceScope';
  return {
    id,
    displayName: typeof record.displayName === 'string' ? record.displayName : id,
    roleDefinitionId,
    adminGroupIds: strings(record.members),
    scopeType,
    // Older assignments carry their scope groups in scopeMembers.
    scopeGroupIds: [...new Set([...strings(record.resourceScopes), ...strings(record.scopeMembers)])],
    scopeTagIds: strings(record.roleScopeTagIds),
  };
}

export class GraphIntuneRoles {
  private readonly http: GraphHttp;

  constructor(
    client: Client,
    baseUrl: string,
    private readonly budgetMs = 20_000,
  ) {
    this.http = new GraphHttp(client, baseUrl);
  }

  private async operation<T>(
    correlationId: string | undefined,
    run: (ctx: OperationContext) => Promise<T>,
  ): Promise<T> {
    const ctx = newOperation(this.budgetMs, correlationId, DEFAULT_RETRY_POLICY);
    try {
      return await run(ctx);
    } finally {
      ctx.budget.dispose();
    }
  }

  /**
   * Definitions with their permissions and every assignment (members, scope, tags) in one round trip; then,
   * for roles that may read devices, which assignments are theirs (that list gives ids only). An assignment
   * the full list returned without its members is read on its own.
   */
  async readRoles(correlationId?: string): Promise<IntuneRoles> {
    try {
      return await this.readRolesOnce(correlationId);
    } catch (error) {
      // Without the role reads nobody can be recognised as an agent: say which permission is missing.
      if (error instanceof GraphRequestError && error.status === 403)
        throw new GraphPermissionError(RBAC_PERMISSION, error);
      throw error;
    }
  }

  private async readRolesOnce(correlationId?: string): Promise<IntuneRoles> {
    return this.operation(correlationId, async (ctx) => {
      const [definitionItems, assignmentItems] = await Promise.all([
        this.list('/deviceManagement/roleDefinitions', ctx),
        this.list('/deviceManagement/roleAssignments', ctx),
      ]);
      const definitions = definitionItems.flatMap((item) => mapRoleDefinition(item) ?? []);
      const full = new Map(
        assignmentItems.flatMap((item) => {
          const record = asRecord(item);
          const id = record?.id;
          return typeof id === 'string' && id !== '' && Array.isArray(record?.members)
            ? [[id.toLowerCase(), item] as const]
            : [];
        }),
      );

      const readers = definitions.filter(allowsReadingDevices);
      const lists = await this.all(
        readers.map((d, i) => ({
          id: `definition-${i}`,
          method: 'GET' as const,
          version: 'beta' as const,
          url: `/deviceManagement/roleDefinitions/${pathSegment(d.id)}/roleAssignments`,
        })),
        ctx,
      );
      const links = readers.flatMap((d, i) =>
        collectionItems(okBody(lists.get(`definition-${i}`))).flatMap((a) => {
          const id = asRecord(a)?.id;
          return typeof id === 'string' && id !== '' ? [{ id, definitionId: d.id }] : [];
        }),
      );
      const missing = links.filter((link) => !full.has(link.id.toLowerCase()));
      const details = await this.all(
        missing.map((link, i) => ({
          id: `assignment-${i}`,
          method: 'GET' as const,
          version: 'beta' as const,
          url: `/deviceManagement/roleAssignments/${pathSegment(link.id)}`,
        })),
        ctx,
      );
      missing.forEach((link, i) => full.set(link.id.toLowerCase(), okBody(details.get(`assignment-${i}`))));
      const assignments = links.flatMap(
        (link) => mapRoleAssignment(full.get(link.id.toLowerCase()), link.definitionId) ?? [],
      );
      return { definitions, assignments };
    });
  }

  /** Every item of a beta collection, all pages. */
  private async list(url: string, ctx: OperationContext): Promise<unknown[]> {
    const first = await this.http.send({ method: 'GET', version: 'beta', url }, ctx);
    if (!first.ok) throw first.error;
    const paged = await collectPages(this.http, first.response.body, undefined, ctx, {
      maxItems: 2000,
      maxPages: 20,
    });
    if (paged.pageFailure) throw paged.pageFailure;
    return paged.items;
  }

  /** The groups among `groupIds` that the user is a transitive member of (checkMemberGroups, 20 a call). */
  async memberGroups(
    userKey: string,
    groupIds: readonly string[],
    correlationId?: string,
  ): Promise<string[]> {
    const ids = [...new Set(groupIds.map((g) => g.toLowerCase()))];
    if (ids.length === 0) return [];
    return this.operation(correlationId, async (ctx) => {
      const requests: BatchRequest[] = [];
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
        requests.push({
          id: `check-${i}`,
          method: 'POST',
          version: 'v1.0',
          url: `/users/${pathSegment(userKey)}/checkMemberGroups`,
          body: { groupIds: ids.slice(i, i + BATCH_LIMIT) },
        });
      }
      const outcomes =
        requests.length === 1 && requests[0]
          ? new Map([[requests[0].id, await this.http.send(requests[0], ctx)]])
          : await sendBatched(this.http, requests, ctx);
      const found: string[] = [];
      for (const outcome of outcomes.values()) {
        if (!outcome.ok) {
          // No such user: a member of nothing.
          if (outcome.error instanceof GraphRequestError && outcome.error.status === 404) return [];
          throw outcome.error;
        }
        found.push(...strings(collectionItems(outcome.response.body)).map((g) => g.toLowerCase()));
      }
      return found;
    });
  }

  private async all(requests: BatchRequest[], ctx: OperationContext): Promise<Map<string, GraphOutcome>> {
    if (requests.length === 0) return new Map();
    const outcomes = await sendBatched(this.http, requests, ctx);
    for (const outcome of outcomes.values()) if (!outcome.ok) throw outcome.error;
    return outcomes;
  }
}

function okBody(outcome: GraphOutcome | undefined): unknown {
  return outcome?.ok ? outcome.response.body : null;
}
