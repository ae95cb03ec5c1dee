import { GraphError } from '../graph-error';
import { isJsonObject, type JsonObject } from '../json';
import type { Route, RouteContext } from '../route';

// The Intune reports action the bot reads configuration profiles from: a table ({TotalRowCount, Schema,
// Values}) of the device's template profiles and Settings catalog policies, built from the same seed.

const STATUS: Record<string, { code: number; word: string }> = {
  compliant: { code: 2, word: 'Succeeded' },
  remediated: { code: 2, word: 'Succeeded' },
  notApplicable: { code: 1, word: 'Not applicable' },
  nonCompliant: { code: 5, word: 'Error' },
  error: { code: 5, word: 'Error' },
  conflict: { code: 6, word: 'Conflict' },
};
const PENDING = { code: 3, word: 'Pending' };

const COLUMNS: [string, string][] = [
  ['PolicyId', 'String'],
  ['PolicyName', 'String'],
  ['PolicyType', 'Int32'],
  ['PolicyStatus', 'Int32'],
  ['PolicyStatus_loc', 'String'],
  ['UPN', 'String'],
];

function configurationPoliciesReport({ request, data }: RouteContext): JsonObject {
  const body = request.body;
  const filter = isJsonObject(body) && typeof body.filter === 'string' ? body.filter : '';
  const match = /IntuneDeviceId eq '([^']+)'/i.exec(filter);
  if (!match?.[1]) throw new GraphError(400, 'BadRequest', 'The report filter must name an IntuneDeviceId.');
  const deviceId = match[1];
  const device = data.managedDevices.find((d) => d.id.toLowerCase() === deviceId.toLowerCase());
  // The filter names the profile families asked for: template profiles and Settings catalog policies.
  const families = (name: string): boolean => filter.includes(`'${name}'`);
  const templates = families('Microsoft.Management.Services.Api.DeviceConfiguration')
    ? device
      ? (data.configurationStates.get(device.id) ?? [])
      : []
    : [];
  const catalog = families('DeviceManagementConfigurationPolicy')
    ? device
      ? (data.settingsCatalogStates.get(device.id) ?? [])
      : []
    : [];
  const states = [
    ...templates.map((t) => ({ id: t.id ?? '', displayName: t.displayName ?? '', state: t.state ?? '' })),
    ...catalog,
  ];
  const skip = isJsonObject(body) && typeof body.skip === 'number' ? body.skip : 0;
  const top = isJsonObject(body) && typeof body.top === 'number' ? body.top : 50;
  const rows = [...states]
    .sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)))
    .map((state) => {
      const status = STATUS[state.state] ?? PENDING;
      return [state.id, state.displayName, 0, status.code, status.word, device?.userPrincipalName ?? ''];
    });
  return {
    TotalRowCount: rows.length,
    Schema: COLUMNS.map(([Column, PropertyType]) => ({ Column, PropertyType })),
    Values: rows.slice(skip, skip + top),
    SessionId: '',
  };
}

export const REPORT_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/deviceManagement/reports/getConfigurationPoliciesReportForDevice',
    versions: ['beta'],
    handler: configurationPoliciesReport,
  },
];
