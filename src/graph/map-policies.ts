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
