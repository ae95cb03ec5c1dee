// The apps Intune installs (or fails to install) on the user's devices.
import type { MobileAppIntentAndState } from '@microsoft/microsoft-graph-types-beta';
import { fromCollections, type NamedReading } from '../graph/area-reading';
import { PERMISSION, getRequest, userPath } from '../graph/graph-requests';
import { mapApps } from '../graph/map-apps';
import { isAppProblem } from '../troubleshooting/diagnosis';
import type { Device } from '../troubleshooting/report';
import { areaValue } from '../views/dashboard-view';
import { clientAppsCard } from '../views/list-views';
import { defineArea, opens, section } from './area';
import { parseList } from './verb-payloads';

const reading: NamedReading<'apps'> = {
  key: 'apps',
  permission: PERMISSION.managedDevices,
  requests: [{ id: 'apps', build: (key) => getRequest('beta', `${userPath(key)}/mobileAppIntentAndStates`) }],
  assemble: (read) => {
    const devices = read.area<Device[]>('devices');
    const names = new Map(devices.status === 'ok' ? devices.data.map((d) => [d.id, d.name]) : []);
    return fromCollections(read, ['apps'], PERMISSION.managedDevices, ([intents]) =>
      mapApps((intents ?? []) as MobileAppIntentAndState[], names),
    );
  },
};

export const appsArea = defineArea({
  reading,
  dashboard: {
    status: (report, tr) => [
      {
        label: tr.t('dashboard.apps'),
        ...areaValue(report.apps, tr, (apps) => {
          const failed = apps.filter((a) => isAppProblem(a.installState)).length;
          const installed = apps.filter((a) => a.installState === 'installed').length;
          return {
            value: tr.t('dashboard.appsSummary', { count: apps.length, installed, failed }),
            color: failed > 0 ? 'Attention' : 'Default',
          };
        }),
      },
    ],
    section: section(
      (tr) => tr.t('sections.clientApps'),
      'apps.open',
      (report) => report.apps,
      (a, tr) => {
        const failed = a.filter((x) => isAppProblem(x.installState)).length;
        return {
          summary: tr.t('dashboard.appsShort', { count: a.length, failed }),
          color: failed > 0 ? 'Attention' : 'Default',
        };
      },
    ),
  },
  verbs: {
    'apps.open': opens(parseList, (p) => (report, tr) => clientAppsCard(report, tr, p.page, p.filter)),
  },
});
