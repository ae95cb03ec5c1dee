import type { MobileAppIntentAndState } from '@microsoft/microsoft-graph-types-beta';
import type { AppInstall, AppInstallState } from '../troubleshooting/report';
import { textOrNull } from './odata-type';

/** Failures first, then what is still pending, then the settled states. */
const ORDER: readonly AppInstallState[] = [
  'failed',
  'uninstallFailed',
  'pendingInstall',
  'notInstalled',
  'unknown',
  'installed',
  'notApplicable',
];

/** `mobileAppIntentAndStates` has one item per managed device, each with the device's app list. */
export function mapApps(
  intents: readonly MobileAppIntentAndState[],
  deviceNames: ReadonlyMap<string, string>,
): AppInstall[] {
  const apps: AppInstall[] = [];
  for (const item of intents) {
    const deviceId = item.managedDeviceIdentifier ?? '';
    for (const app of item.mobileAppList ?? []) {
      apps.push({
        deviceId,
        deviceName: deviceNames.get(deviceId) ?? deviceId,
        appId: app.applicationId ?? '',
        displayName: app.displayName ?? app.applicationId ?? '',
        version: textOrNull(app.displayVersion),
        intent: app.mobileAppIntent ?? 'notAvailable',
        installState: ORDER.find((s) => s === app.installState) ?? 'unknown',
      });
    }
  }
  const rank = (a: AppInstall): number => ORDER.indexOf(a.installState);
  return apps.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
}
