// The user's failed enrollment attempts, with Microsoft's own explanation when Graph gives it.
import type { EnrollmentTroubleshootingEvent } from '@microsoft/microsoft-graph-types-beta';
import { fromCollections, type NamedReading } from '../graph/area-reading';
import { PERMISSION, getRequest, userPath } from '../graph/graph-requests';
import { mapEnrollmentFailures } from '../graph/map-enrollment-failures';
import { enrollmentFailuresCard, failureDetailsCard } from '../views/enrollment-failures-view';
import { defineArea, opens, section } from './area';
import { parseFailure, parseList } from './verb-payloads';

const reading: NamedReading<'enrollmentFailures'> = {
  key: 'enrollmentFailures',
  permission: PERMISSION.managedDevices,
  requests: [
    {
      id: 'enrollmentFailures',
      build: (key) => getRequest('beta', `${userPath(key)}/deviceManagementTroubleshootingEvents`),
    },
  ],
  assemble: (read) =>
    fromCollections(read, ['enrollmentFailures'], PERMISSION.managedDevices, ([events]) =>
      mapEnrollmentFailures((events ?? []) as EnrollmentTroubleshootingEvent[]),
    ),
};

export const enrollmentFailuresArea = defineArea({
  reading,
  dashboard: {
    section: section(
      (tr) => tr.t('sections.enrollmentFailures'),
      'failures.open',
      (report) => report.enrollmentFailures,
      (f, tr) => ({
        summary: tr.t('dashboard.count', { count: f.length }),
        color: f.length > 0 ? 'Attention' : 'Default',
      }),
    ),
  },
  verbs: {
    'failures.open': opens(parseList, (p) => (report, tr) => enrollmentFailuresCard(report, tr, p.page)),
    'failure.open': opens(
      parseFailure,
      (p) => (report, tr, now) => failureDetailsCard(report, p.failureId, tr, 'agent', p.back, now),
    ),
  },
});
