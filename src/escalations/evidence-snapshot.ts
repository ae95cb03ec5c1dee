// What tier 1 saw, frozen at escalation time: a bounded, serialisable summary of the report, so a case
// card stays the same however the user's devices change afterwards. No SDK imports: pure domain.
import {
  deviceRank,
  diagnose,
  isAppProblem,
  isPolicyProblem,
  type Finding,
  type Text,
  type TextParam,
} from '../troubleshooting/diagnosis';
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
/** The likely causes kept with a case: what tier 1 saw on top of the dashboard, and a little more. */
export const SNAPSHOT_MAX_FINDINGS = 5;

/** A finding as tier 1 saw it, language-free, so the case card reads in each reader's language. */
export interface SnapshotFinding {
  rule: Finding['rule'];
  severity: Finding['severity'];
  title: Text;
  evidence: readonly Text[];
  fix: Text;
  /** The devices it names, so a reader whose scope hides one of them does not see it. */
  deviceIds: readonly string[];
}

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
  /** Missing on cases escalated before the diagnosis existed. */
  findings?: readonly SnapshotFinding[];
  devices: SnapshotList<SnapshotDevice>;
  complianceProblems: SnapshotList<SnapshotComplianceProblem>;
  failingApps: SnapshotList<SnapshotFailingApp>;
  enrollmentFailures: SnapshotList<SnapshotEnrollmentFailure>;
  /** Devices left out for the agent reading the case (outside their scope tags); never stored. */
  devicesOutOfScope?: number;
}

function clipParam(value: TextParam): TextParam {
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number') return value;
  if ('key' in value) return clipText(value);
  if ('list' in value) return { list: value.list.map(clipParam) };
  return value;
}

function clipText(text: Text): Text {
  const params = text.params
    ? Object.fromEntries(Object.entries(text.params).map(([k, v]) => [k, clipParam(v)]))
    : undefined;
  return {
    key: text.key,
    ...(params ? { params } : {}),
    ...(text.fallback !== undefined ? { fallback: clip(text.fallback) } : {}),
    ...(text.fallbackKey !== undefined ? { fallbackKey: text.fallbackKey } : {}),
  };
}

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
      .map((d, order) => ({ d, order, rank: deviceRank(d) }))
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
            .filter((p) => isPolicyProblem(p.state))
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
      .filter((a) => isAppProblem(a.installState))
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

  const findings = diagnose(report, now)
    .findings.slice(0, SNAPSHOT_MAX_FINDINGS)
    .map((f): SnapshotFinding => ({
      rule: f.rule,
      severity: f.severity,
      title: clipText(f.title),
      evidence: f.evidence.map(clipText),
      fix: clipText(f.fix),
      deviceIds: [...f.deviceIds],
    }));

  return deepFreeze({
    takenAt: now.toISOString(),
    reportGeneratedAt: report.generatedAt,
    findings,
    devices,
    complianceProblems,
    failingApps,
    enrollmentFailures,
  });
}
