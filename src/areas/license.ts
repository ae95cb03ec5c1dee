// The user's sign-in and Intune licence, read with the user themselves (the report's first request).
import type { User } from '@microsoft/microsoft-graph-types';
import { USER_REQUEST, fromObject, type NamedReading } from '../graph/area-reading';
import { PERMISSION, userWithPlansRequest } from '../graph/graph-requests';
import { mapLicense } from '../graph/map-license';
import { areaValue } from '../views/dashboard-view';
import { defineArea } from './area';

const reading: NamedReading<'license'> = {
  key: 'license',
  permission: PERMISSION.user,
  // The source reads the report's user from this answer too: a typed UPN is resolved in the same batch.
  requests: [{ id: USER_REQUEST, single: true, build: userWithPlansRequest }],
  assemble: (read) => fromObject(read, USER_REQUEST, PERMISSION.user, (body) => mapLicense(body as User)),
};

export const licenseArea = defineArea({
  reading,
  dashboard: {
    status: (report, tr) => {
      const { t } = tr;
      const disabled = report.user.accountEnabled === false;
      return [
        {
          label: t('dashboard.signIn'),
          value: disabled ? t('dashboard.accountDisabled') : t('dashboard.accountEnabled'),
          color: disabled ? 'Attention' : 'Good',
        },
        {
          label: t('dashboard.license'),
          ...areaValue(report.license, tr, (l) => ({
            value: l.hasIntuneLicense ? t('dashboard.licensed') : t('dashboard.notLicensed'),
            color: l.hasIntuneLicense ? 'Good' : 'Attention',
          })),
        },
      ];
    },
  },
  verbs: {},
});
