// The enrollment restrictions that apply to the user, against their devices. Not generic: it is assembled
// from three reads (the tenant's restrictions, the user's groups, the devices the limit counts).
import type { DeviceEnrollmentConfiguration, Group } from '@microsoft/microsoft-graph-types';
import { available, unavailable } from '../graph/area';
import { DEVICE_REQUESTS, LOADING, type NamedReading } from '../graph/area-reading';
import { PERMISSION, getRequest } from '../graph/graph-requests';
import { mapEnrollmentRestrictions } from '../graph/map-enrollment-restrictions';
import type { Translator } from '../i18n';
import { isAtDeviceLimit, type Diagnosis } from '../troubleshooting/diagnosis';
import type { Device, EnrollmentRestrictions } from '../troubleshooting/report';
import {
  countTowardLimit,
  limitInEffect,
  restrictionGroups,
} from '../troubleshooting/restrictions-in-effect';
import type { Color } from '../views/color';
import { enrollmentRestrictionsCard } from '../views/enrollment-restrictions-view';
import { plain } from '../views/render-card';
import { say } from '../views/say';
import { defineArea, opens, section } from './area';
import { GROUP_REQUESTS } from './groups';
import { parseReport } from './verb-payloads';

const reading: NamedReading<'enrollmentRestrictions'> = {
  key: 'enrollmentRestrictions',
  permission: PERMISSION.serviceConfig,
  requests: [
    // beta: the single-platform restrictions Intune creates today are not in v1.0.
    {
      id: 'enrollmentConfigurations',
      build: () => getRequest('beta', '/deviceManagement/deviceEnrollmentConfigurations?$expand=assignments'),
    },
  ],
  assemble: (read) => {
    const configurations = read.rows<DeviceEnrollmentConfiguration>('enrollmentConfigurations');
    const transitive = read.rows<Group>(GROUP_REQUESTS.transitive);
    const devices = read.rows(DEVICE_REQUESTS.managed);
    if (configurations === undefined || transitive === undefined || devices === undefined) return LOADING;
    if (!configurations.ok) return unavailable(configurations.error, PERMISSION.serviceConfig);
    if (!transitive.ok) return unavailable(transitive.error, PERMISSION.groups);
    if (!devices.ok) return unavailable(devices.error, PERMISSION.managedDevices);
    const mapped = read.area<Device[]>('devices');
    // The enrolled count the device limit sees, and the devices it leaves out.
    const { counted, uncounted } = countTowardLimit(mapped.status === 'ok' ? mapped.data : []);
    return available(
      mapEnrollmentRestrictions(
        configurations.items,
        new Set(transitive.items.flatMap((g) => (g.id ? [g.id] : []))),
        counted,
        uncounted,
      ),
      configurations.truncated || transitive.truncated,
    );
  },
};

/**
 * The restriction that matters for this person: the one a finding names as the block, else the device limit
 * when it is reached, else the ones in effect per kind.
 */
function restrictionsSummary(
  data: EnrollmentRestrictions,
  diagnosis: Diagnosis,
  tr: Translator,
  now: Date,
): { summary: string; color: Color } {
  const { t } = tr;
  const block = diagnosis.findings.find((f) => f.rule === 'restrictionBlock');
  const blockedBy = block?.evidence[0];
  if (blockedBy) return { summary: say(blockedBy, tr, now), color: 'Attention' };
  const limit = limitInEffect(data);
  const limitLine = (): string =>
    t('restrictions.summaryLimit', {
      name: plain(limit?.displayName ?? ''),
      enrolled: data.enrolledDeviceCount,
      count: data.deviceLimit ?? 0,
    });
  if (limit && isAtDeviceLimit(data)) return { summary: limitLine(), color: 'Attention' };
  const kinds = restrictionGroups(data).flatMap((group) => {
    const names = group.restrictions
      .filter((r) => r.standing.kind === 'inEffect')
      .map((r) => plain(r.restriction.displayName));
    if (names.length === 0) return [];
    const kind = t(`restrictions.kind.${group.kind}`);
    return [
      group.kind === 'limit' && data.deviceLimit !== null
        ? t('restrictions.summaryKindLimit', {
            kind,
            name: names[0],
            enrolled: data.enrolledDeviceCount,
            count: data.deviceLimit,
          })
        : t('restrictions.summaryKind', {
            kind,
            names: new Intl.ListFormat(tr.locale, { style: 'long', type: 'conjunction' }).format(names),
          }),
    ];
  });
  return {
    summary: kinds.length > 0 ? kinds.join(' · ') : t('dashboard.count', { count: data.restrictions.length }),
    color: 'Default',
  };
}

export const enrollmentRestrictionsArea = defineArea({
  reading,
  dashboard: {
    section: section(
      (tr) => tr.t('sections.enrollmentRestrictions'),
      'restrictions.open',
      (report) => report.enrollmentRestrictions,
      (data, tr, now, diagnosis) => restrictionsSummary(data, diagnosis, tr, now),
    ),
  },
  verbs: {
    'restrictions.open': opens(
      parseReport,
      () => (report, tr, now) => enrollmentRestrictionsCard(report, tr, now),
    ),
  },
});
