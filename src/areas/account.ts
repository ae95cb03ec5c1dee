// The tenant's Intune account: active or not (the pane's "Account status").
import { fromObject, type NamedReading } from '../graph/area-reading';
import { PERMISSION, getRequest } from '../graph/graph-requests';
import { mapAccount } from '../graph/map-account';
import { areaValue } from '../views/dashboard-view';
import { defineArea } from './area';

const reading: NamedReading<'account'> = {
  key: 'account',
  permission: PERMISSION.managedDevices,
  requests: [
    {
      id: 'account',
      single: true,
      build: () => getRequest('v1.0', '/deviceManagement?$select=id,subscriptionState'),
    },
  ],
  assemble: (read) => fromObject(read, 'account', PERMISSION.managedDevices, mapAccount),
};

export const accountArea = defineArea({
  reading,
  dashboard: {
    status: (report, tr) => {
      const { t } = tr;
      return [
        {
          label: t('dashboard.accountStatus'),
          ...areaValue(report.account, tr, (a) => ({
            // The portal shows Active or Inactive; the exact state matters only when it is not plain "active".
            value:
              a.subscriptionState === 'active'
                ? t('dashboard.active')
                : `${t(a.isActive ? 'dashboard.active' : 'dashboard.inactive')} (${t(`subscriptionState.${a.subscriptionState}`)})`,
            color: a.isActive ? 'Good' : 'Attention',
          })),
        },
      ];
    },
  },
  verbs: {},
});
