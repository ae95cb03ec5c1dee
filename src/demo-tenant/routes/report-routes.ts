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

/** The columns the demo knows, with their types; an enum column comes with its `_loc` word, as in Graph. */
const COLUMN_TYPES: Record<string, string> = {
  IntuneDeviceId: 'String',
  DeviceName: 'String',
  PolicyId: 'String',
  PolicyName: 'String',
  PolicyType: 'Int32',
  PolicyStatus: 'Int32',
  UPN: 'String',
  UserId: 'String',
};
const DEFAULT_SELECT = ['PolicyId', 'PolicyName', 'PolicyType', 'PolicyStatus', 'UPN'];
const ENUM_COLUMNS: ReadonlySet<string> = new Set(['PolicyStatus']);

/** The value of `<column> eq '<literal>'` in a report filter, quotes undoubled; null when absent. */
function filterValue(filter: string, column: string): string | null {
  const match = new RegExp(`\\b${column} eq '((?:[^']|'')*)'`, 'i').exec(filter);
  return match?.[1] === undefined ? null : match[1].replace(/''/g, "'");
}

function configurationPoliciesReport({ request, data }: RouteContext): JsonObject {
  const body = request.body;
  const filter = isJsonObject(body) && typeof body.filter === 'string' ? body.filter : '';
  const deviceId = filterValue(filter, 'IntuneDeviceId');
  const userId = filterValue(filter, 'UserId');
  const upn = filterValue(filter, 'UPN');
  if (deviceId === null && userId === null && upn === null)
    throw new GraphError(
      400,
      'BadRequest',
      'The report filter must name an IntuneDeviceId, a UserId or a UPN.',
    );
  const same = (a: string | null | undefined, b: string | null): boolean =>
    b !== null && (a ?? '').toLowerCase() === b.toLowerCase();
  const devices = data.managedDevices.filter(
    (d) => same(d.id, deviceId) || same(d.userId, userId) || same(d.userPrincipalName, upn),
  );
  // The filter names the profile families asked for: template profiles and Settings catalog policies.
  const families = (name: string): boolean => filter.includes(`'${name}'`);
  const rows = devices.flatMap((device) => {
    const templates = families('Microsoft.Management.Services.Api.DeviceConfiguration')
      ? (data.configurationStates.get(device.id) ?? [])
      : [];
    const catalog = families('DeviceManagementConfigurationPolicy')
      ? (data.settingsCatalogStates.get(device.id) ?? [])
      : [];
    return [
      ...templates.map((t) => ({ id: t.id ?? '', displayName: t.displayName ?? '', state: t.state ?? '' })),
      ...catalog,
    ]
      .sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)))
      .map((state) => ({ device, state }));
  });
  const select =
    isJsonObject(body) && Array.isArray(body.select) && body.select.length > 0
      ? body.select.filter((c): c is string => typeof c === 'string')
      : DEFAULT_SELECT;
  const unknown = select.find((c) => !(c in COLUMN_TYPES));
  if (unknown !== undefined) throw new GraphError(400, 'BadRequest', `Unknown column '${unknown}'.`);
  const columns = select.flatMap((c): [string, string][] =>
    ENUM_COLUMNS.has(c)
      ? [
          [c, COLUMN_TYPES[c] ?? 'String'],
          [`${c}_loc`, 'String'],
        ]
      : [[c, COLUMN_TYPES[c] ?? 'String']],
  );
  const skip = isJsonObject(body) && typeof body.skip === 'number' ? body.skip : 0;
  const top = isJsonObject(body) && typeof body.top === 'number' ? body.top : 50;
  const values = rows.map(({ device, state }) => {
    const status = STATUS[state.state] ?? PENDING;
    const cell: Record<string, string | number> = {
      IntuneDeviceId: device.id,
      DeviceName: device.deviceName ?? '',
      PolicyId: state.id,
      PolicyName: state.displayName,
      PolicyType: 0,
      PolicyStatus: status.code,
      PolicyStatus_loc: status.word,
      UPN: device.userPrincipalName ?? '',
      UserId: device.userId ?? '',
    };
    return columns.map(([column]) => cell[column] ?? '');
  });
  return {
    TotalRowCount: values.length,
    Schema: columns.map(([Column, PropertyType]) => ({ Column, PropertyType })),
    Values: values.slice(skip, skip + top),
    SessionId: '',
  };
}

const SETTING_COLUMNS: Record<string, string> = {
  SettingName: 'String',
  SettingStatus: 'Int32',
  ErrorCode: 'Int32',
  ErrorDescription: 'String',
  CurrentValue: 'String',
};
const SETTING_WORDS: Record<string, string> = { nonCompliant: 'Not compliant' };

// The settings of one profile on one device, as the portal shows them when a profile is opened on a device.
function configurationSettingsReport({ request, data }: RouteContext): JsonObject {
  const body = request.body;
  const filter = isJsonObject(body) && typeof body.filter === 'string' ? body.filter : '';
  const policyId = filterValue(filter, 'PolicyId');
  const deviceId = filterValue(filter, 'DeviceId');
  if (policyId === null || deviceId === null)
    throw new GraphError(400, 'BadRequest', 'The report filter must name a PolicyId and a DeviceId.');
  const device = data.managedDevices.find((d) => d.id.toLowerCase() === deviceId.toLowerCase());
  const policy = device
    ? (data.configurationStates.get(device.id) ?? []).find((p) => p.id === policyId)
    : undefined;
  const select =
    isJsonObject(body) && Array.isArray(body.select) && body.select.length > 0
      ? body.select.filter((c): c is string => typeof c === 'string')
      : Object.keys(SETTING_COLUMNS);
  const unknown = select.find((c) => !(c in SETTING_COLUMNS));
  if (unknown !== undefined) throw new GraphError(400, 'BadRequest', `Unknown column '${unknown}'.`);
  const columns = select.flatMap((c): [string, string][] =>
    c === 'SettingStatus'
      ? [
          [c, 'Int32'],
          [`${c}_loc`, 'String'],
        ]
      : [[c, SETTING_COLUMNS[c] ?? 'String']],
  );
  const values = (policy?.settingStates ?? []).map((setting) => {
    const state = setting.state ?? '';
    const status = STATUS[state] ?? PENDING;
    const cell: Record<string, string | number> = {
      SettingName: setting.settingName ?? setting.setting ?? '',
      SettingStatus: status.code,
      SettingStatus_loc: SETTING_WORDS[state] ?? status.word,
      ErrorCode: setting.errorCode ?? 0,
      ErrorDescription: setting.errorDescription ?? '',
      CurrentValue: setting.currentValue ?? '',
    };
    return columns.map(([column]) => cell[column] ?? '');
  });
  const skip = isJsonObject(body) && typeof body.skip === 'number' ? body.skip : 0;
  const top = isJsonObject(body) && typeof body.top === 'number' ? body.top : 50;
  return {
    TotalRowCount: values.length,
    Schema: columns.map(([Column, PropertyType]) => ({ Column, PropertyType })),
    Values: values.slice(skip, skip + top),
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
  {
    method: 'POST',
    pattern: '/deviceManagement/reports/getConfigurationSettingsReport',
    versions: ['beta'],
    handler: configurationSettingsReport,
  },
];
