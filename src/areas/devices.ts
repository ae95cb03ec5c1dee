// The user's Intune devices, with Entra's compliance beside Intune's. Not generic: the source follows the
// devices with a problem into round trip 2 (policy detail, Entra compliance of hybrid-joined devices), so it
// knows these requests by id (DEVICE_REQUESTS).
import type { ManagedDevice } from '@microsoft/microsoft-graph-types-beta';
import { available, unavailable } from '../graph/area';
import { DEVICE_REQUESTS, LOADING, type NamedReading } from '../graph/area-reading';
import { PERMISSION, userEntraDevicesRequest, userManagedDevicesRequest } from '../graph/graph-requests';
import { mapDevices } from '../graph/map-devices';
import type { Translator } from '../i18n';
import { isDeviceProblem } from '../troubleshooting/diagnosis';
import type { Device } from '../troubleshooting/report';
import { deviceDetailsCard } from '../views/device-details-view';
import { devicesCard } from '../views/list-views';
import { defineArea, opens, section } from './area';
import { parseDevice, parseList } from './verb-payloads';

const reading: NamedReading<'devices'> = {
  key: 'devices',
  permission: PERMISSION.managedDevices,
  requests: [
    { id: DEVICE_REQUESTS.managed, build: userManagedDevicesRequest },
    // Entra's isCompliant of the user's devices: the ones they registered and the ones they own (joined).
    { id: DEVICE_REQUESTS.registered, build: (key) => userEntraDevicesRequest(key, 'registeredDevices') },
    { id: DEVICE_REQUESTS.owned, build: (key) => userEntraDevicesRequest(key, 'ownedDevices') },
  ],
  assemble: (read) => {
    const devices = read.rows<ManagedDevice>(DEVICE_REQUESTS.managed);
    if (devices === undefined) return LOADING;
    return devices.ok
      ? available(mapDevices(devices.items, read.entraCompliance, read.now), devices.truncated)
      : unavailable(devices.error, PERMISSION.managedDevices);
  },
};

/** "2 compliant · 1 in grace period · 0 not compliant": every state that occurs, so the parts add up. */
function devicesSummary(devices: readonly Device[], tr: Translator): string {
  const { t } = tr;
  const count = (test: (d: Device) => boolean): number => devices.filter(test).length;
  const parts: [string, number][] = [
    ['compliant', count((d) => d.complianceState === 'compliant')],
    ['noncompliant', count(isDeviceProblem)],
    ['inGracePeriod', count((d) => d.complianceState === 'inGracePeriod')],
    ['configManager', count((d) => d.complianceState === 'configManager')],
    ['unknown', count((d) => d.complianceState === 'unknown')],
  ];
  return t('dashboard.devicesSummary', {
    count: devices.length,
    parts: parts
      // Compliant and not compliant always; the other states only when a device is in them.
      .filter(([, n], i) => i < 2 || n > 0)
      .map(([state, n]) => t(`dashboard.deviceParts.${state}`, { count: n }))
      .join(' · '),
  });
}

export const devicesArea = defineArea({
  reading,
  dashboard: {
    section: section(
      (tr) => tr.t('sections.devices'),
      'devices.open',
      (report) => report.devices,
      (d, tr) => ({
        summary: d.length === 0 ? tr.t('diagnosis:view.noDevices') : devicesSummary(d, tr),
        color: d.some(isDeviceProblem) ? 'Attention' : 'Default',
      }),
    ),
  },
  verbs: {
    'devices.open': opens(
      parseList,
      (p) => (report, tr, now) => devicesCard(report, tr, now, p.page, p.filter),
    ),
    'device.open': opens(
      parseDevice,
      (p) => (report, tr, now) => deviceDetailsCard(report, p.deviceId, tr, now, p.back),
      // A device's policies are read when it is opened; an id that is not one of the user's devices reads nothing.
      (p) => (p.deviceId ? { detailFor: p.deviceId } : {}),
    ),
  },
});
