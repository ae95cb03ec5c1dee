import type { Device as EntraDevice } from '@microsoft/microsoft-graph-types';
import type { ManagedDevice } from '@microsoft/microsoft-graph-types-beta';
import { STALE_CHECKIN_DAYS, type ComplianceState, type Device } from '../troubleshooting/report';
import { dateOrNull, textOrNull } from './odata-type';

const COMPLIANCE: readonly ComplianceState[] = [
  'unknown',
  'compliant',
  'noncompliant',
  'conflict',
  'error',
  'inGracePeriod',
  'configManager',
];
const JOIN_TYPES: readonly Device['joinType'][] = [
  'azureADJoined',
  'azureADRegistered',
  'hybridAzureADJoined',
];
const DAY_MS = 24 * 60 * 60 * 1000;

/** An Intune device without an Entra registration reports this all-zero id. */
const NO_ENTRA_DEVICE = '00000000-0000-0000-0000-000000000000';

/** The Entra device ids worth asking `/devices` about. */
export function entraDeviceIds(devices: readonly ManagedDevice[]): string[] {
  const ids = devices
    .map((d) => (d.azureADDeviceId ?? '').toLowerCase())
    .filter((id) => id !== '' && id !== NO_ENTRA_DEVICE);
  return [...new Set(ids)];
}

/** `deviceId` → `isCompliant` from `/devices?$filter=deviceId in (…)`. */
export function entraComplianceById(entraDevices: readonly EntraDevice[]): Map<string, boolean | null> {
  const byId = new Map<string, boolean | null>();
  for (const device of entraDevices) {
    if (device.deviceId) byId.set(device.deviceId.toLowerCase(), device.isCompliant ?? null);
  }
  return byId;
}

export function mapDevices(
  devices: readonly ManagedDevice[],
  entraCompliance: ReadonlyMap<string, boolean | null>,
  now: Date,
): Device[] {
  return devices.map((d) => mapDevice(d, entraCompliance, now)).sort(byLastSyncNewestFirst);
}

function mapDevice(
  d: ManagedDevice,
  entraCompliance: ReadonlyMap<string, boolean | null>,
  now: Date,
): Device {
  const lastSync = dateOrNull(d.lastSyncDateTime);
  const azureADDeviceId = textOrNull(d.azureADDeviceId);
  return {
    id: d.id ?? '',
    name: d.deviceName ?? d.id ?? '',
    managedBy: d.managementAgent ?? 'unknown',
    joinType: JOIN_TYPES.find((j) => j === d.joinType) ?? 'unknown',
    ownership:
      d.managedDeviceOwnerType === 'company' || d.managedDeviceOwnerType === 'personal'
        ? d.managedDeviceOwnerType
        : 'unknown',
    complianceState: COMPLIANCE.find((c) => c === d.complianceState) ?? 'unknown',
    entraCompliant:
      azureADDeviceId === null ? null : (entraCompliance.get(azureADDeviceId.toLowerCase()) ?? null),
    operatingSystem: d.operatingSystem ?? '',
    osVersion: d.osVersion ?? '',
    model: textOrNull(d.model),
    manufacturer: textOrNull(d.manufacturer),
    serialNumber: textOrNull(d.serialNumber),
    lastSyncDateTime: lastSync,
    enrolledDateTime: dateOrNull(d.enrolledDateTime),
    // A device that never checked in is as unreachable as one that stopped.
    isStale: lastSync === null || now.getTime() - Date.parse(lastSync) > STALE_CHECKIN_DAYS * DAY_MS,
    azureADDeviceId,
    scopeTagIds: (d.roleScopeTagIds ?? []).filter((t): t is string => typeof t === 'string' && t !== ''),
    enrollmentType: textOrNull(d.deviceEnrollmentType),
    autopilotEnrolled: d.autopilotEnrolled === true,
  };
}

function byLastSyncNewestFirst(a: Device, b: Device): number {
  const time = (d: Device): number => (d.lastSyncDateTime === null ? 0 : Date.parse(d.lastSyncDateTime));
  return time(b) - time(a) || a.name.localeCompare(b.name);
}
