import type { Group } from '@microsoft/microsoft-graph-types';
import type { GroupMembership } from '../troubleshooting/report';

export function mapGroups(direct: readonly Group[], transitive: readonly Group[]): GroupMembership[] {
  const directIds = new Set(direct.map((g) => g.id ?? ''));
  const all = new Map<string, Group>();
  for (const group of [...transitive, ...direct]) if (group.id) all.set(group.id, group);
  return [...all.values()]
    .map((g) => ({
      id: g.id ?? '',
      displayName: g.displayName ?? g.id ?? '',
      membershipType: (g.groupTypes ?? []).includes('DynamicMembership')
        ? ('dynamic' as const)
        : ('assigned' as const),
      direct: directIds.has(g.id ?? ''),
      securityEnabled: typeof g.securityEnabled === 'boolean' ? g.securityEnabled : null,
      mailEnabled: typeof g.mailEnabled === 'boolean' ? g.mailEnabled : null,
    }))
    .sort((a, b) => Number(b.direct) - Number(a.direct) || a.displayName.localeCompare(b.displayName));
}
