// Who may see whom. Pure: the bot layer supplies the facts (tenant, role, ids) and acts on the answer.
import { isGuid } from '../ids/guid';

export type Role = 'agent' | 'user';

export type AllowedTenants = readonly string[] | 'any';

export function isTenantAllowed(tenantId: string | null | undefined, allowed: AllowedTenants): boolean {
  if (allowed === 'any') return true;
  if (!tenantId) return false;
  return allowed.includes(tenantId.toLowerCase());
}

/** Agents may troubleshoot anyone in the tenant; everyone else only themselves, by Entra object id. */
export function canView(role: Role, requesterId: string, targetId: string): boolean {
  return role === 'agent' || requesterId.toLowerCase() === targetId.toLowerCase();
}

export function isObjectId(value: unknown): value is string {
  return isGuid(value);
}
