// The domain model of one troubleshooting report. Nothing here knows about Graph JSON or Teams:
// src/graph/ maps Graph entities into these types, src/views/ turns them into card data.

/** Why an area of the report could not be read. Shown to agents so they can act on it. */
export interface Unavailable {
  status: 'unavailable';
  /**
   * `loading`: still on its way when a first card had to go out; the card is updated when it arrives.
   * `roleDenied`: read with the agent's own token (delegated mode), and their Intune role does not allow it.
   */
  kind:
    'permission' | 'roleDenied' | 'throttled' | 'timeout' | 'notFound' | 'notLicensed' | 'error' | 'loading';
  /** The Graph permission that is most likely missing, for `permission`. */
  permission?: string;
  httpStatus?: number;
  graphCode?: string;
  /** Graph's `request-id` and `date` response headers: what Microsoft support asks for. */
  requestId?: string;
  date?: string;
}

export interface Available<T> {
  status: 'ok';
  data: T;
  /** True when a long list was cut at the paging cap; `data` then holds the first part. */
  truncated: boolean;
}

export type Area<T> = Available<T> | Unavailable;

export interface UserIdentity {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  accountEnabled: boolean | null;
  /** `Guest` user type, or an `#EXT#` UPN. */
  isGuest: boolean;
}

export type UserResolution =
  | { kind: 'found'; user: UserIdentity }
  | { kind: 'ambiguous'; candidates: UserIdentity[]; searched: string }
  | { kind: 'notFound'; searched: string };

export type SubscriptionState =
  'pending' | 'active' | 'warning' | 'disabled' | 'deleted' | 'blocked' | 'lockedOut' | 'unknown';

export interface AccountStatus {
  subscriptionState: SubscriptionState;
  /** The portal's "Active" / "Inactive": active and warning still serve devices. */
  isActive: boolean;
}

export interface LicenseStatus {
  hasIntuneLicense: boolean;
  /** Intune-related service plans found on the user (enabled or not). */
  intunePlans: { servicePlanId: string; name: string; capabilityStatus: string }[];
}

export type ComplianceState =
  'unknown' | 'compliant' | 'noncompliant' | 'conflict' | 'error' | 'inGracePeriod' | 'configManager';

export interface Device {
  id: string;
  name: string;
  /** managementAgent: mdm, eas, configurationManagerClientMdm, … */
  managedBy: string;
  joinType: 'azureADJoined' | 'azureADRegistered' | 'hybridAzureADJoined' | 'unknown';
  ownership: 'company' | 'personal' | 'unknown';
  complianceState: ComplianceState;
  /** Entra ID's view (`isCompliant` of the Entra device); null when not known. */
  entraCompliant: boolean | null;
  operatingSystem: string;
  osVersion: string;
  model: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  lastSyncDateTime: string | null;
  enrolledDateTime: string | null;
  /** No check-in for more than STALE_CHECKIN_DAYS days. */
  isStale: boolean;
  azureADDeviceId: string | null;
  /** Intune scope tag ids (`roleScopeTagIds`); absent or empty = the Default tag, as Intune treats it. */
  scopeTagIds?: readonly string[];
  /** Graph's deviceEnrollmentType (`userEnrollment`, `androidEnterpriseDedicatedDevice`, …); null when not read. */
  enrollmentType?: string | null;
  /** Provisioned by Windows Autopilot. */
  autopilotEnrolled?: boolean;
}

export const STALE_CHECKIN_DAYS = 7;

/** Graph's complianceStatus values, worst first: what an agent must look at comes on top. */
export const POLICY_STATUSES_WORST_FIRST = [
  'error',
  'conflict',
  'nonCompliant',
  'unknown',
  'notAssigned',
  'remediated',
  'compliant',
  'notApplicable',
] as const;

export type PolicyStatus = (typeof POLICY_STATUSES_WORST_FIRST)[number];

export interface PolicySettingState {
  setting: string;
  settingName: string | null;
  state: PolicyStatus;
  errorCode: number | null;
  errorDescription: string | null;
  currentValue: string | null;
}

export interface PolicyState {
  id: string;
  displayName: string;
  platform: string;
  state: PolicyStatus;
  settingCount: number;
  /** Settings that are not compliant/remediated/notApplicable, worst first. */
  failingSettings: PolicySettingState[];
}

/**
 * Policy detail of one device. Read with the report for devices with a problem (non-compliant, in error,
 * in conflict, in grace period) and on demand for a device an agent opens; other devices have no entry.
 */
export interface DevicePolicies {
  deviceId: string;
  deviceName: string;
  /** Worst state first (error, conflict, nonCompliant, …). */
  policies: Area<PolicyState[]>;
}

export type AppInstallState =
  | 'installed'
  | 'failed'
  | 'notInstalled'
  | 'uninstallFailed'
  | 'pendingInstall'
  | 'notApplicable'
  | 'unknown';

export interface AppInstall {
  deviceId: string;
  deviceName: string;
  appId: string;
  displayName: string;
  version: string | null;
  /** mobileAppIntent: requiredInstall, available, requiredUninstall, … */
  intent: string;
  installState: AppInstallState;
}

export interface AppRegistration {
  id: string;
  appIdentifier: string;
  platform: string;
  applicationVersion: string | null;
  deviceName: string | null;
  deviceType: string | null;
  platformVersion: string | null;
  lastSyncDateTime: string | null;
  flaggedReasons: string[];
  appliedPolicies: { id: string; displayName: string }[];
}

export interface AppProtection {
  registrations: AppRegistration[];
  /** The app protection policies that target the user (getManagedAppPolicies). */
  policies: { id: string; displayName: string; kind: string; lastModifiedDateTime: string | null }[];
  /** getManagedAppDiagnosticStatuses: validations with a state other than ok, with Intune's mitigation. */
  diagnostics: { validationName: string; state: string; mitigationInstruction: string | null }[];
}

export interface PlatformRule {
  platform: 'ios' | 'android' | 'androidForWork' | 'windows' | 'windowsMobile' | 'macOS' | 'linux';
  platformBlocked: boolean;
  personalDeviceEnrollmentBlocked: boolean;
  osMinimumVersion: string | null;
  osMaximumVersion: string | null;
}

export interface EnrollmentRestriction {
  id: string;
  displayName: string;
  kind: 'platform' | 'limit' | 'windowsHello' | 'enrollmentStatusPage' | 'other';
  /** Lower wins; the tenant default has the highest number. */
  priority: number;
  isDefault: boolean;
  platforms: PlatformRule[];
  /** Device limit, for `limit`. */
  limit: number | null;
}

export interface EnrollmentRestrictions {
  /** Applicable restrictions, by priority (the one that wins first within each kind). */
  restrictions: EnrollmentRestriction[];
  /** The effective device limit against the user's enrolled device count. */
  deviceLimit: number | null;
  /** The devices that count toward the device limit (see restrictions-in-effect.ts). */
  enrolledDeviceCount: number;
  /** The user's devices the device limit does not count, by how they were enrolled. */
  uncountedDevices: UncountedDevices[];
}

/** Enrollment methods the Intune device limit does not count: shared, userless or admin-enrolled devices. */
export type UncountedEnrollment =
  'dedicated' | 'userless' | 'enrollmentManager' | 'autopilot' | 'coManagement' | 'automatic' | 'bulk';

export interface UncountedDevices {
  kind: UncountedEnrollment;
  count: number;
}

export interface GroupMembership {
  id: string;
  displayName: string;
  membershipType: 'assigned' | 'dynamic';
  /** Direct member (memberOf) or only through nesting (transitiveMemberOf). */
  direct: boolean;
  securityEnabled: boolean | null;
  mailEnabled: boolean | null;
}

/** Graph's deviceEnrollmentFailureReason, the type of an enrollment event's failureCategory. */
export const ENROLLMENT_FAILURE_CATEGORIES = [
  'unknown',
  'authentication',
  'authorization',
  'accountValidation',
  'userValidation',
  'deviceNotSupported',
  'inMaintenance',
  'badRequest',
  'featureNotSupported',
  'enrollmentRestrictionsEnforced',
  'clientDisconnected',
  'userAbandonment',
] as const;

export type EnrollmentFailureCategory = (typeof ENROLLMENT_FAILURE_CATEGORIES)[number];

export interface EnrollmentFailure {
  id: string;
  occurredAt: string;
  operatingSystem: string | null;
  osVersion: string | null;
  category: EnrollmentFailureCategory;
  /** Graph's failureReason text, e.g. "Device cap reached". */
  failureReason: string | null;
  correlationId: string | null;
  enrollmentType: string | null;
  managedDeviceId: string | null;
  /** Microsoft's own text (beta troubleshootingErrorDetails), when Graph returns it. */
  microsoftDetails: {
    context: string | null;
    failure: string | null;
    failureDetails: string | null;
    remediation: string | null;
    resources: { text: string; link: string }[];
  } | null;
}

export interface GraphStats {
  requests: number;
  roundTrips: number;
  retries: number;
  durationMs: number;
}

/** The areas every report has, each read and shown as its descriptor in src/areas/ declares. */
export interface ReportAreas {
  account: Area<AccountStatus>;
  license: Area<LicenseStatus>;
  devices: Area<Device[]>;
  compliancePolicies: Area<DevicePolicies[]>;
  configurationPolicies: Area<DevicePolicies[]>;
  apps: Area<AppInstall[]>;
  appProtection: Area<AppProtection>;
  enrollmentRestrictions: Area<EnrollmentRestrictions>;
  groups: Area<GroupMembership[]>;
  enrollmentFailures: Area<EnrollmentFailure[]>;
}

/** The named areas, in the pane's order. */
export const REPORT_AREA_KEYS: readonly (keyof ReportAreas)[] = [
  'account',
  'license',
  'devices',
  'compliancePolicies',
  'configurationPolicies',
  'apps',
  'appProtection',
  'enrollmentRestrictions',
  'groups',
  'enrollmentFailures',
];

export interface TroubleshootingReport extends ReportAreas {
  generatedAt: string;
  user: UserIdentity;
  /**
   * Areas only their descriptor knows (src/areas/), by its key: the problem finder, the escalation evidence
   * and the scope filter read the named areas above, a new area's own view reads it back here.
   */
  moreAreas?: Readonly<Record<string, Area<unknown>>>;
  /** Devices left out because their scope tags are outside the viewer's Intune role scope. */
  devicesOutOfScope?: number;
  /**
   * Set once the compliance policies view asked for every device's policies: besides the devices with a
   * problem, at most this many others (the most recently checked in) were read.
   */
  complianceReadRecent?: number;
  stats: GraphStats;
}

function isNamedArea(key: string): key is keyof ReportAreas {
  return (REPORT_AREA_KEYS as readonly string[]).includes(key);
}

/** The area `key` names: a named area of every report, or one only its descriptor knows. */
export function areaOf(report: TroubleshootingReport, key: string): Area<unknown> | undefined {
  return isNamedArea(key) ? report[key] : report.moreAreas?.[key];
}

/**
 * A report of `areas` by key (an assembling source's): named areas it lacks are `pending`, keys that are
 * not named areas go to `moreAreas`.
 */
export function reportWithAreas(
  base: Pick<TroubleshootingReport, 'generatedAt' | 'user'>,
  pending: Unavailable,
  areas: ReadonlyMap<string, Area<unknown>>,
): Omit<TroubleshootingReport, 'stats'> {
  const more = [...areas].filter(([key]) => !isNamedArea(key));
  return {
    ...base,
    // Each named area was assembled by the descriptor that declared its type for that key.
    ...(Object.fromEntries(REPORT_AREA_KEYS.map((key) => [key, areas.get(key) ?? pending])) as Record<
      keyof ReportAreas,
      Area<unknown>
    > as ReportAreas),
    ...(more.length > 0 ? { moreAreas: Object.fromEntries(more) } : {}),
  };
}

/** The report with area `key` set to `area`. */
export function withArea(
  report: TroubleshootingReport,
  key: string,
  area: Area<unknown>,
): TroubleshootingReport {
  // The descriptor that assembled `area` declared its type for `key`.
  if (isNamedArea(key)) return { ...report, [key]: area };
  return { ...report, moreAreas: { ...report.moreAreas, [key]: area } };
}

/** Every area of a report, in the pane's order, then those only their descriptor knows. */
export function reportAreas(report: TroubleshootingReport): Area<unknown>[] {
  return [...REPORT_AREA_KEYS.map((key) => report[key]), ...Object.values(report.moreAreas ?? {})];
}

export interface ReportOptions {
  /** Read Graph again even when a recent report is cached (the card's Refresh). */
  fresh?: boolean;
  /** A device whose policy detail must be in the report (an agent opened it), read on demand. */
  detailFor?: string;
  /** The compliance policies view is open: read the policies of devices not read yet (capped for fleets). */
  allCompliance?: boolean;
  /**
   * Whether the viewer may see a device with these scope tags (Intune scope). Nothing beyond the device
   * list is read about the others: no policy states, no Entra lookups. Absent = every device.
   */
  showsDevice?: (scopeTagIds: readonly string[] | undefined) => boolean;
}

/** A report answered within a deadline: complete, or as far as it was read with the rest still coming. */
export interface ReportProgress {
  /** Null when no such user exists (or, if `complete` is set, when not even the user was read in time). */
  report: TroubleshootingReport | null;
  /** The whole report, when `report` still has areas loading (or is null for lack of time). */
  complete: Promise<TroubleshootingReport | null> | null;
}

/** What the bot needs from the directory and Intune. Implemented by src/graph/. */
export interface TroubleshootingSource {
  /** Resolve free text (UPN, email, display name or prefix) to one user, candidates, or none. */
  resolveUser(text: string): Promise<UserResolution>;
  /** Look a user up by Entra object id (an @mention, the activity's sender). */
  getUserById(id: string): Promise<UserIdentity | null>;
  /** True when the user is a transitive member of any of the groups. */
  isMemberOfAnyGroup(userId: string, groupIds: readonly string[]): Promise<boolean>;
  /** Every area of the report for one resolved user. */
  getReport(user: UserIdentity, options?: ReportOptions): Promise<TroubleshootingReport>;
  /**
   * The report of the user with this UPN or object id, the user read in the same round trip as their data;
   * null when Graph has no such user.
   */
  getReportByKey?(key: string, options?: ReportOptions): Promise<TroubleshootingReport | null>;
  /** As getReportByKey, but answers within `withinMs` with what has been read, the rest to follow. */
  getReportWithin?(key: string, withinMs: number, options?: ReportOptions): Promise<ReportProgress>;
  /** The same source, sending `correlationId` (a GUID) to Graph as client-request-id. */
  withCorrelationId?(correlationId: string): TroubleshootingSource;
}
