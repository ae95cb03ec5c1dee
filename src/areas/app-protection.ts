// App protection (MAM): the user's registered apps, the policies that target them, Intune's diagnostics.
import type {
  ManagedAppDiagnosticStatus,
  ManagedAppPolicy,
  ManagedAppRegistration,
} from '@microsoft/microsoft-graph-types';
import { fromCollections, type NamedReading } from '../graph/area-reading';
import { PERMISSION, getRequest, userPath } from '../graph/graph-requests';
import { mapAppProtection } from '../graph/map-app-protection';
import { appProtectionCard } from '../views/app-protection-view';
import { defineArea, opens, section } from './area';
import { parseReport } from './verb-payloads';

const IDS = ['appRegistrations', 'appPolicies', 'appDiagnostics'] as const;

const reading: NamedReading<'appProtection'> = {
  key: 'appProtection',
  permission: PERMISSION.apps,
  requests: [
    {
      id: 'appRegistrations',
      build: (key) => getRequest('v1.0', `${userPath(key)}/managedAppRegistrations?$expand=appliedPolicies`),
    },
    { id: 'appPolicies', build: (key) => getRequest('v1.0', `${userPath(key)}/getManagedAppPolicies`) },
    {
      id: 'appDiagnostics',
      build: (key) => getRequest('v1.0', `${userPath(key)}/getManagedAppDiagnosticStatuses`),
    },
  ],
  assemble: (read) =>
    fromCollections(read, IDS, PERMISSION.apps, ([registrations, policies, diagnostics]) =>
      mapAppProtection(
        (registrations ?? []) as ManagedAppRegistration[],
        (policies ?? []) as ManagedAppPolicy[],
        (diagnostics ?? []) as ManagedAppDiagnosticStatus[],
      ),
    ),
};

export const appProtectionArea = defineArea({
  reading,
  dashboard: {
    section: section(
      (tr) => tr.t('sections.appProtection'),
      'appProtection.open',
      (report) => report.appProtection,
      (data, tr) => ({
        summary: tr.t('dashboard.appProtectionSummary', {
          policies: tr.t('dashboard.appProtectionPolicies', { count: data.policies.length }),
          apps: tr.t('dashboard.registeredApps', { count: data.registrations.length }),
        }),
        color: data.registrations.some((r) => r.flaggedReasons.length > 0) ? 'Attention' : 'Default',
      }),
    ),
  },
  verbs: {
    'appProtection.open': opens(parseReport, () => (report, tr) => appProtectionCard(report, tr)),
  },
});
