import type {
  DeviceCompliancePolicyState,
  DeviceConfigurationState,
  DeviceConfigurationSettingState,
  DeviceCompliancePolicySettingState,
} from '@microsoft/microsoft-graph-types-beta';
import {
  POLICY_STATUSES_WORST_FIRST,
  type PolicySettingState,
  type PolicyState,
  type PolicyStatus,
} from '../troubleshooting/report';
import { asRecord } from './graph-response';
import { textOrNull } from './odata-type';

const SEVERITY: readonly PolicyStatus[] = POLICY_STATUSES_WORST_FIRST;
const HEALTHY: ReadonlySet<PolicyStatus> = new Set(['compliant', 'remediated', 'notApplicable']);

export function policyStatus(value: string | null | undefined): PolicyStatus {
  return SEVERITY.find((s) => s.toLowerCase() === (value ?? '').toLowerCase()) ?? 'unknown';
}

const severity = (status: PolicyStatus): number => SEVERITY.indexOf(status);

export function sortWorstFirst(policies: PolicyState[]): PolicyState[] {
  return policies.sort(
    (a, b) => severity(a.state) - severity(b.state) || a.displayName.localeCompare(b.displayName),
  );
}

export function mapPolicyStates(
  states: readonly (DeviceCompliancePolicyState | DeviceConfigurationState)[],
): PolicyState[] {
  return sortWorstFirst(
    states.map((p) => {
      const settings: (DeviceConfigurationSettingState | DeviceCompliancePolicySettingState)[] =
        p.settingStates ?? [];
      return {
        id: p.id ?? '',
        displayName: p.displayName ?? p.id ?? '',
        platform: p.platformType ?? 'unknown',
        state: policyStatus(p.state),
        settingCount: typeof p.settingCount === 'number' ? p.settingCount : settings.length,
        failingSettings: settings
          .map(mapSetting)
          .filter((s) => !HEALTHY.has(s.state))
          .sort((a, b) => severity(a.state) - severity(b.state)),
      };
    }),
  );
}

function mapSetting(
  s: DeviceConfigurationSettingState | DeviceCompliancePolicySettingState,
): PolicySettingState {
  return {
    setting: s.setting ?? s.settingName ?? '',
    settingName: textOrNull(s.settingName),
    state: policyStatus(s.state),
    errorCode: typeof s.errorCode === 'number' && s.errorCode !== 0 ? s.errorCode : null,
    errorDescription: textOrNull(s.errorDescription),
    currentValue: textOrNull(s.currentValue),
  };
}

/**
 * The portal's localized status words (`PolicyStatus_loc`) for the report fallback. The numeric `PolicyStatus`
 * codes are undocumented, so without a word the state stays `unknown` rather than guessed.
 */
const REPORT_WORDS: ReadonlyMap<string, PolicyStatus> = new Map([
  ['succeeded', 'compliant'],
  ['success', 'compliant'],
  ['compliant', 'compliant'],
  ['error', 'error'],
  ['failed', 'error'],
  ['conflict', 'conflict'],
  ['not compliant', 'nonCompliant'],
  ['noncompliant', 'nonCompliant'],
  ['not applicable', 'notApplicable'],
  ['notapplicable', 'notApplicable'],
  ['pending', 'unknown'],
  ['in progress', 'unknown'],
  ['remediated', 'remediated'],
]);

/** Maps the table of `getConfigurationPoliciesReportForDevice`: `{Schema:[{Column}], Values:[[…]]}`. */
export function mapConfigurationReport(body: unknown): { policies: PolicyState[]; truncated: boolean } {
  const report = asRecord(body);
  const schema = Array.isArray(report?.Schema) ? (report.Schema as unknown[]) : [];
  const rows = Array.isArray(report?.Values) ? (report.Values as unknown[]) : [];
  const columns = schema.map((c) => asRecord(c)?.Column);
  const column = (row: unknown[], name: string): unknown => row[columns.indexOf(name)];
  const policies = rows.filter(Array.isArray).map((row: unknown[]): PolicyState => {
    const rawId = column(row, 'PolicyId');
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : '';
    const word = column(row, 'PolicyStatus_loc');
    const status =
      typeof word === 'string'
        ? (REPORT_WORDS.get(word.trim().toLowerCase()) ?? policyStatus(word))
        : 'unknown';
    const name = column(row, 'PolicyName');
    return {
      id,
      displayName: typeof name === 'string' && name !== '' ? name : id,
      platform: 'unknown',
      state: status,
      settingCount: 0,
      failingSettings: [],
    };
  });
  const total = typeof report?.TotalRowCount === 'number' ? report.TotalRowCount : rows.length;
  return { policies: sortWorstFirst(policies), truncated: total > rows.length };
}

/** The devices whose profiles the per-user sweep reports in error or conflict, and how much of it was read. */
export interface ConfigurationSweep {
  problemDeviceIds: Set<string>;
  /** Each profile in error or conflict on a device (lower-case device id). */
  problems: { deviceId: string; policyId: string }[];
  /** Every profile state read, by lower-case device id (no settings: those come per failing profile). */
  byDevice: Map<string, PolicyState[]>;
  rowsRead: number;
  totalRows: number;
}

const PROBLEM_PROFILE_STATES: ReadonlySet<PolicyStatus> = new Set(['error', 'conflict']);

/** Maps one page of the per-user configuration sweep (`IntuneDeviceId`, `PolicyStatus_loc` columns). */
export function mapConfigurationSweep(body: unknown): ConfigurationSweep {
  const report = asRecord(body);
  const schema = Array.isArray(report?.Schema) ? (report.Schema as unknown[]) : [];
  const rows = Array.isArray(report?.Values) ? (report.Values as unknown[]) : [];
  const columns = schema.map((c) => asRecord(c)?.Column);
  const device = columns.indexOf('IntuneDeviceId');
  const word = columns.indexOf('PolicyStatus_loc');
  const policy = columns.indexOf('PolicyId');
  const name = columns.indexOf('PolicyName');
  const problemDeviceIds = new Set<string>();
  const problems: ConfigurationSweep['problems'] = [];
  const byDevice = new Map<string, PolicyState[]>();
  for (const row of rows) {
    if (!Array.isArray(row) || device < 0 || word < 0) continue;
    const id: unknown = row[device];
    const status: unknown = row[word];
    const policyId: unknown = policy < 0 ? '' : row[policy];
    if (typeof id !== 'string' || typeof status !== 'string') continue;
    const state = REPORT_WORDS.get(status.trim().toLowerCase()) ?? policyStatus(status);
    const displayName: unknown = name < 0 ? '' : row[name];
    const key = id.toLowerCase();
    byDevice.set(key, [
      ...(byDevice.get(key) ?? []),
      {
        id: typeof policyId === 'string' ? policyId : '',
        displayName:
          typeof displayName === 'string' && displayName !== ''
            ? displayName
            : typeof policyId === 'string'
              ? policyId
              : '',
        platform: 'unknown',
        state,
        settingCount: 0,
        failingSettings: [],
      },
    ]);
    if (!PROBLEM_PROFILE_STATES.has(state)) continue;
    problemDeviceIds.add(id.toLowerCase());
    if (typeof policyId === 'string' && policyId !== '')
      problems.push({ deviceId: id.toLowerCase(), policyId });
  }
  const total = typeof report?.TotalRowCount === 'number' ? report.TotalRowCount : rows.length;
  for (const list of byDevice.values()) sortWorstFirst(list);
  return { problemDeviceIds, problems, byDevice, rowsRead: rows.length, totalRows: total };
}

/**
 * Maps `getConfigurationSettingsReport` for one profile on one device: its settings that did not succeed,
 * worst first. States come from the `SettingStatus_loc` words, as for the profile report.
 */
export function mapConfigurationSettings(body: unknown): PolicySettingState[] {
  const report = asRecord(body);
  const schema = Array.isArray(report?.Schema) ? (report.Schema as unknown[]) : [];
  const rows = Array.isArray(report?.Values) ? (report.Values as unknown[]) : [];
  const columns = schema.map((c) => asRecord(c)?.Column);
  const text = (row: unknown[], name: string): string | null => {
    const value: unknown = row[columns.indexOf(name)];
    return columns.includes(name) && (typeof value === 'string' || typeof value === 'number') && value !== ''
      ? String(value)
      : null;
  };
  return rows
    .filter(Array.isArray)
    .map((row: unknown[]): PolicySettingState => {
      const word = text(row, 'SettingStatus_loc') ?? '';
      const code = Number(text(row, 'ErrorCode'));
      const name = text(row, 'SettingName');
      return {
        setting: name ?? '',
        settingName: name,
        state: REPORT_WORDS.get(word.trim().toLowerCase()) ?? policyStatus(word),
        errorCode: Number.isFinite(code) && code !== 0 ? code : null,
        errorDescription: text(row, 'ErrorDescription'),
        currentValue: text(row, 'CurrentValue'),
      };
    })
    .filter((s) => s.setting !== '' && !HEALTHY.has(s.state))
    .sort((a, b) => severity(a.state) - severity(b.state));
}
