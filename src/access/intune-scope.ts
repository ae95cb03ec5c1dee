// Intune role-based access, decided the way Intune decides it: an agent is a member of an admin group of a
// role assignment whose role may read managed devices; the assignment's scope (groups, all users, all
// devices) says whom they may look at, its scope tags which of those people's devices. Pure.
import type { EvidenceSnapshot, SnapshotList } from '../escalations/evidence-snapshot';
import type { Area, TroubleshootingReport } from '../troubleshooting/report';

/** Intune's built-in Default scope tag: what untagged objects and untagged assignments carry. */
export const DEFAULT_SCOPE_TAG = '0';

/** The resource action that lets a role read managed devices (and so use the troubleshooting pane). */
export const READ_MANAGED_DEVICES = 'Microsoft.Intune_ManagedDevices_Read';

/** A role definition reduced to what decides access: the resource actions it allows and denies. */
export interface IntuneRoleDefinition {
  id: string;
  displayName: string;
  isBuiltIn: boolean;
  allowedActions: readonly string[];
  notAllowedActions: readonly string[];
}

export type AssignmentScopeType =
  'resourceScope' | 'allDevices' | 'allLicensedUsers' | 'allDevicesAndLicensedUsers';

export interface IntuneRoleAssignment {
  id: string;
  displayName: string;
  roleDefinitionId: string;
  /** Admin groups: their transitive members hold the role. */
  adminGroupIds: readonly string[];
  scopeType: AssignmentScopeType;
  /** Scope groups (`resourceScopes`), for `resourceScope`. */
  scopeGroupIds: readonly string[];
  scopeTagIds: readonly string[];
}

export interface IntuneRoles {
  definitions: readonly IntuneRoleDefinition[];
  assignments: readonly IntuneRoleAssignment[];
}

/** One assignment an agent holds, as far as seeing people and devices goes. */
export interface ScopeGrant {
  assignmentId: string;
  /** The assignment covers every person ("all users" or "all devices"). */
  everyone: boolean;
  scopeGroupIds: readonly string[];
  scopeTagIds: readonly string[];
}

/** How far an agent reaches: everyone and every device (group mode), or what their assignments grant. */
export type Reach = { kind: 'everything' } | { kind: 'grants'; grants: readonly ScopeGrant[] };

export const EVERYTHING: Reach = { kind: 'everything' };

/** What an agent may see of one person: nothing, or the person and their devices with these tags. */
export type SubjectView = { covered: false } | { covered: true; tags: ReadonlySet<string> | 'any' };

export const NOT_COVERED: SubjectView = { covered: false };
export const FULL_VIEW: SubjectView = { covered: true, tags: 'any' };

function matches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  if (p === '*') return true;
  return p.endsWith('*') ? a.startsWith(p.slice(0, -1)) : p === a;
}

/** Decided from the permissions Graph returns, never from the role's name: built-in and custom alike. */
export function allowsReadingDevices(definition: IntuneRoleDefinition): boolean {
  const allowed = definition.allowedActions.some((a) => matches(a, READ_MANAGED_DEVICES));
  const denied = definition.notAllowedActions.some((a) => matches(a, READ_MANAGED_DEVICES));
  return allowed && !denied;
}

/** Assignments that make someone an agent: their role may read managed devices. */
export function agentAssignments(roles: IntuneRoles): IntuneRoleAssignment[] {
  const readers = new Set(roles.definitions.filter(allowsReadingDevices).map((d) => d.id.toLowerCase()));
  return roles.assignments.filter(
    (a) => readers.has(a.roleDefinitionId.toLowerCase()) && a.adminGroupIds.length > 0,
  );
}

/** Every admin group whose members might be agents. */
export function adminGroupIds(assignments: readonly IntuneRoleAssignment[]): string[] {
  return [...new Set(assignments.flatMap((a) => a.adminGroupIds.map((g) => g.toLowerCase())))];
}

function tagsOf(ids: readonly string[] | undefined): string[] {
  const tags = (ids ?? []).map((t) => t.trim()).filter((t) => t !== '');
  return tags.length > 0 ? tags : [DEFAULT_SCOPE_TAG];
}

/** The grants of someone who is a member of `memberOf` (admin group ids, lower case). */
export function reachOf(assignments: readonly IntuneRoleAssignment[], memberOf: ReadonlySet<string>): Reach {
  const grants = assignments
    .filter((a) => a.adminGroupIds.some((g) => memberOf.has(g.toLowerCase())))
    .map((a): ScopeGrant => ({
      assignmentId: a.id,
      everyone: a.scopeType !== 'resourceScope',
      scopeGroupIds: a.scopeGroupIds.map((g) => g.toLowerCase()),
      scopeTagIds: tagsOf(a.scopeTagIds),
    }));
  return { kind: 'grants', grants };
}

/** True when some people may be outside this reach (no grant covers everyone): lists then leave them out. */
export function isScopedToGroups(reach: Reach): boolean {
  return reach.kind === 'grants' && !reach.grants.some((g) => g.everyone);
}

export function isAgentReach(reach: Reach): boolean {
  return reach.kind === 'everything' || reach.grants.length > 0;
}

/**
 * The scope groups whose membership still decides what the agent sees of a person: none when grants that
 * cover everyone already give every tag the group-scoped grants could add.
 */
export function scopeGroupsToCheck(reach: Reach): string[] {
  if (reach.kind === 'everything') return [];
  const everyoneTags = new Set(reach.grants.filter((g) => g.everyone).flatMap((g) => g.scopeTagIds));
  const scoped = reach.grants.filter((g) => !g.everyone && g.scopeTagIds.some((t) => !everyoneTags.has(t)));
  return [...new Set(scoped.flatMap((g) => g.scopeGroupIds))].sort();
}

/** What the agent sees of a person who is a transitive member of `subjectGroups` (among the checked ones). */
export function viewOfSubject(reach: Reach, subjectGroups: ReadonlySet<string>): SubjectView {
  if (reach.kind === 'everything') return FULL_VIEW;
  const covering = reach.grants.filter(
    (g) => g.everyone || g.scopeGroupIds.some((id) => subjectGroups.has(id)),
  );
  if (covering.length === 0) return NOT_COVERED;
  return { covered: true, tags: new Set(covering.flatMap((g) => g.scopeTagIds)) };
}

/** The same person is always covered for themselves, with all their devices (what an end user sees). */
export function deviceVisible(view: SubjectView, scopeTagIds: readonly string[] | undefined): boolean {
  if (!view.covered) return false;
  if (view.tags === 'any') return true;
  const visible = view.tags;
  return tagsOf(scopeTagIds).some((t) => visible.has(t));
}

/** The ids of the devices outside the view's scope tags. */
function hiddenDevices(
  devices: readonly { id: string; scopeTagIds?: readonly string[] | undefined }[],
  view: SubjectView,
): Set<string> {
  return new Set(devices.filter((d) => !deviceVisible(view, d.scopeTagIds)).map((d) => d.id));
}

/**
 * The report as this agent may see it: devices outside their scope tags are counted, not shown, and every
 * row tied to such a device (policies, apps, enrollment events) goes with it.
 */
export function restrictReport(report: TroubleshootingReport, view: SubjectView): TroubleshootingReport {
  if (view.covered && view.tags === 'any') return report;
  if (report.devices.status !== 'ok') return report;
  const hidden = hiddenDevices(report.devices.data, view);
  if (hidden.size === 0) return { ...report, devicesOutOfScope: 0 };
  // An area that could not be read stays as it is: there are no rows to take out.
  const keep = <T>(area: Area<T[]>, deviceOf: (row: T) => string | null): Area<T[]> =>
    area.status === 'ok'
      ? {
          ...area,
          data: area.data.filter((row) => {
            const id = deviceOf(row);
            return id === null || !hidden.has(id);
          }),
        }
      : area;
  return {
    ...report,
    devices: keep(report.devices, (d) => d.id),
    compliancePolicies: keep(report.compliancePolicies, (p) => p.deviceId),
    configurationPolicies: keep(report.configurationPolicies, (p) => p.deviceId),
    apps: keep(report.apps, (a) => a.deviceId),
    enrollmentFailures: keep(report.enrollmentFailures, (f) => f.managedDeviceId),
    // Areas only their descriptor knows (src/areas/) have no device filter here: withheld, never shown whole.
    ...(report.moreAreas && {
      moreAreas: Object.fromEntries(
        Object.keys(report.moreAreas).map((key) => [
          key,
          { status: 'unavailable', kind: 'roleDenied' } as const,
        ]),
      ),
    }),
    devicesOutOfScope: hidden.size,
  };
}

/** A case's frozen evidence as this agent may see it (devices by their tags, and what hangs off them). */
export function restrictEvidence(evidence: EvidenceSnapshot, view: SubjectView): EvidenceSnapshot {
  if (view.covered && view.tags === 'any') return evidence;
  if (evidence.devices.status !== 'ok') return evidence;
  const hidden = hiddenDevices(evidence.devices.rows, view);
  if (hidden.size === 0) return evidence;
  const drop = <T extends { deviceId: string }>(list: SnapshotList<T>): SnapshotList<T> => {
    if (list.status !== 'ok') return list;
    const rows = list.rows.filter((r) => !hidden.has(r.deviceId));
    return { ...list, rows, total: list.total - (list.rows.length - rows.length) };
  };
  return {
    ...evidence,
    devices: {
      ...evidence.devices,
      rows: evidence.devices.rows.filter((d) => !hidden.has(d.id)),
      total: evidence.devices.total - hidden.size,
    },
    complianceProblems: drop(evidence.complianceProblems),
    failingApps: drop(evidence.failingApps),
    // A finding that names a hidden device goes as a whole: its texts may name or count it.
    ...(evidence.findings
      ? { findings: evidence.findings.filter((f) => !f.deviceIds.some((id) => hidden.has(id))) }
      : {}),
    devicesOutOfScope: hidden.size,
  };
}
