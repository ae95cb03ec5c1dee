// The user's groups, direct and through nesting.
import type { Group } from '@microsoft/microsoft-graph-types';
import { fromCollections, type NamedReading } from '../graph/area-reading';
import { PERMISSION, userGroupsRequest } from '../graph/graph-requests';
import { mapGroups } from '../graph/map-groups';
import { groupsCard } from '../views/list-views';
import { defineArea, opens, section } from './area';
import { parseList } from './verb-payloads';

/** Its requests' ids: enrollment restrictions are matched against the transitive groups too. */
export const GROUP_REQUESTS = { direct: 'memberOf', transitive: 'transitiveMemberOf' } as const;

const reading: NamedReading<'groups'> = {
  key: 'groups',
  permission: PERMISSION.groups,
  requests: [
    { id: GROUP_REQUESTS.direct, build: (key) => userGroupsRequest(key, 'memberOf') },
    { id: GROUP_REQUESTS.transitive, build: (key) => userGroupsRequest(key, 'transitiveMemberOf') },
  ],
  assemble: (read) =>
    fromCollections(
      read,
      [GROUP_REQUESTS.direct, GROUP_REQUESTS.transitive],
      PERMISSION.groups,
      ([direct, transitive]) => mapGroups((direct ?? []) as Group[], (transitive ?? []) as Group[]),
    ),
};

export const groupsArea = defineArea({
  reading,
  dashboard: {
    section: section(
      (tr) => tr.t('sections.groups'),
      'groups.open',
      (report) => report.groups,
      (g, tr) => ({
        summary: tr.t('dashboard.groupsSummary', {
          count: g.length,
          dynamic: g.filter((x) => x.membershipType === 'dynamic').length,
        }),
        color: 'Default',
      }),
    ),
  },
  verbs: {
    'groups.open': opens(parseList, (p) => (report, tr) => groupsCard(report, tr, p.page)),
  },
});
