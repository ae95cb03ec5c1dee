// What tier 1 saw, frozen at escalation time: a bounded, serialisable summary of the report, so a case
// card stays the same however the user's devices change afterwards. No SDK imports: pure domain.
import type {
  AppInstallState,
  Area,
  ComplianceState,
  EnrollmentFailure,
  PolicyStatus,
  TroubleshootingReport,
} from '../troubleshooting/report';

/** Rows kept per list; a card cannot show more, and the case document stays small. */
export const SNAPSHOT_MAX_ROWS = 20;
const MAX_TEXT = 300;
const MAX_SETTINGS_PER_POLICY = 5;

export type SnapshotList<T> =
  | {
      status: 'ok';
      rows: readonly T[];
      /** Rows before the cut; `truncated` is true when rows were dropped here or by Graph paging. */
      total: number;
      truncated: boolean;
    }
  /** The area could not be read, which is not the same as "no rows". */
  | { status: 'unavailable'; kind: string };

export interface SnapshotDevice {
  id: string;
  name: string;
  operatingSystem: string;
  osVersion: string;
  ownership: string;
  complianceState: ComplianceState;
  entraCompliant: boolean | null;
  isStale: boolean;
  lastSyncDateTime: string | null;
  /** Intune scope tag ids; absent in cases stored before scope tags were kept (= the Default tag). */
  scopeTagIds?: readonly string[];
}

export interface SnapshotComplianceProblem {
  deviceId: string;
  deviceName: string;
  policy: string;
  state: PolicyStatus;
  failingSettings: readonly string[];
}

export interface SnapshotFailingApp {
  deviceId: string;
  deviceName: string;
  app: string;
  version: string | null;
  intent: string;
  installState: AppInstallState;
}

/** A failure row as the report has it, without Microsoft's long texts and the device link. */
export type SnapshotEnrollmentFailure = Omit<EnrollmentFailure, 'microsoftDetails' | 'managedDeviceId'>;

export interface EvidenceSnapshot {
  /** When the snapshot was taken (escalation time). */
  takenAt: string;
  /** When the report's data was read from Graph. */
  reportGeneratedAt: string;
  devices: SnapshotList<SnapshotDevice>;
  complianceProblems: SnapshotList<SnapshotComplianceProblem>;
  failingApps: SnapshotList<SnapshotFailingApp>;
  enrollmentFailures: SnapshotList<SnapshotEnrollmentFailure>;
  /** Devices left out for the agent reading the case (outside their scope tags); never stored. */
  devicesOutOfScope?: number;
}

const DEVICE_PROBLEM: ReadonlySet<ComplianceState> = new Set(['noncompliant', 'error', 'conflict']);
const POLICY_PROBLEM: ReadonlySet<PolicyStatus> = new Set(['error', 'conflict', 'nonCompliant']);
const APP_PROBLEM: ReadonlySet<AppInstallState> = new Set(['failed', 'uninstallFailed']);

function clip(text: string): string;
function clip(text: string | null): string | null;
function clip(text: string | null): string | null {
  if (text === null || text.length <= MAX_TEXT) return text;
  return `${text.slice(0, MAX_TEXT - 1)}…`;
}

function list<S, T>(area: Area<S>, rowsOf: (data: S) => T[]): SnapshotList<T> {
  if (area.status === 'unavailable') return { status: 'unavailable', kind: area.kind };
  const rows = rowsOf(area.data);
  return {
    status: 'ok',
    rows: rows.slice(0, SNAPSHOT_MAX_ROWS),
    total: rows.length,
    truncated: area.truncated || rows.length > SNAPSHOT_MAX_ROWS,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export function snapshotEvidence(report: TroubleshootingReport, now: Date): EvidenceSnapshot {
  const devices = list(report.devices, (data) =>
    data
      .map((d, order) => ({ d, order, rank: DEVICE_PROBLEM.has(d.complianceState) ? 0 : d.isStale ? 1 : 2 }))
      // Devices with a problem first, so the cut never drops the one the case is about.
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ d }): SnapshotDevice => ({
        id: d.id,
        name: clip(d.name),
        operatingSystem: clip(d.operatingSystem),
        osVersion: clip(d.osVersion),
        ownership: d.ownership,
        complianceState: d.complianceState,
        entraCompliant: d.entraCompliant,
        isStale: d.isStale,
        lastSyncDateTime: d.lastSyncDateTime,
        ...(d.scopeTagIds ? { scopeTagIds: [...d.scopeTagIds] } : {}),
      })),
  );

  const complianceProblems = list(report.compliancePolicies, (data) =>
    data.flatMap((device) =>
      device.policies.status === 'ok'
        ? device.policies.data
            .filter((p) => POLICY_PROBLEM.has(p.state))
            .map((p): SnapshotComplianceProblem => ({
              deviceId: device.deviceId,
              deviceName: clip(device.deviceName),
              policy: clip(p.displayName),
              state: p.state,
              failingSettings: p.failingSettings
                .slice(0, MAX_SETTINGS_PER_POLICY)
                .map((s) => clip(s.settingName ?? s.setting)),
            }))
        : [],
    ),
  );

  const failingApps = list(report.apps, (data) =>
    data
      .filter((a) => APP_PROBLEM.has(a.installState))
      .map((a): SnapshotFailingApp => ({
        deviceId: a.deviceId,
        deviceName: clip(a.deviceName),
        app: clip(a.displayName),
        version: clip(a.version),
        intent: a.intent,
        installState: a.installState,
      })),
  );

  const enrollmentFailures = list(report.enrollmentFailures, (data) =>
    [...data]
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .map((f): SnapshotEnrollmentFailure => ({
        id: f.id,
        occurredAt: f.occurredAt,
        operatingSystem: clip(f.operatingSystem),
        osVersion: clip(f.osVersion),
        category: f.category,
        failureReason: clip(f.failureReason),
        correlationId: f.correlationId,
        enrollmentType: f.enrollmentType,
      })),
  );

  return deepFreeze({
    takenAt: now.toISOString(),
    reportGeneratedAt: report.generatedAt,
    devices,
    complianceProblems,
    failingApps,
    enrollmentFailures,
  });
}
