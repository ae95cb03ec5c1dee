// Collecting data from the device: which of Microsoft's "send logs to IT" guides fit the person's devices.
// The guides are Microsoft's end-user help pages; the steps on the card summarize them.
import type { TroubleshootingReport } from './report';

export type LogPlatform = 'ios' | 'android' | 'macos' | 'windows';

export type LogGuide =
  | 'iosReport'
  | 'iosAppLogs'
  | 'androidEmail'
  | 'androidVerbose'
  | 'androidUsb'
  | 'androidEnrollment'
  | 'macosReport'
  | 'windowsReport';

const USER_HELP = 'https://learn.microsoft.com/mem/intune/user-help';

/** Each guide and the user-help page it summarizes (checked against MicrosoftDocs/memdocs user-help). */
export const LOG_GUIDES: Readonly<Record<LogPlatform, readonly { guide: LogGuide; url: string }[]>> = {
  ios: [
    { guide: 'iosReport', url: `${USER_HELP}/send-errors-to-your-it-admin-ios` },
    { guide: 'iosAppLogs', url: `${USER_HELP}/retrieve-ios-app-logs` },
  ],
  android: [
    { guide: 'androidEnrollment', url: `${USER_HELP}/send-logs-to-your-it-admin-by-email-android` },
    {
      guide: 'androidVerbose',
      url: `${USER_HELP}/use-verbose-logging-to-help-your-it-administrator-fix-device-issues-android`,
    },
    { guide: 'androidEmail', url: `${USER_HELP}/send-logs-to-your-it-admin-by-email-android` },
    { guide: 'androidUsb', url: `${USER_HELP}/send-logs-to-your-it-admin-using-cable-android` },
  ],
  macos: [{ guide: 'macosReport', url: `${USER_HELP}/send-errors-macos` }],
  windows: [{ guide: 'windowsReport', url: `${USER_HELP}/send-logs-to-your-it-admin-cp-windows` }],
};

const ORDER: readonly LogPlatform[] = ['ios', 'android', 'macos', 'windows'];

export function logPlatformOf(operatingSystem: string | null): LogPlatform | null {
  const os = (operatingSystem ?? '').toLowerCase();
  if (os.startsWith('ios') || os.startsWith('ipados') || os === 'iphone' || os === 'ipad') return 'ios';
  if (os.startsWith('android')) return 'android';
  if (os.startsWith('mac')) return 'macos';
  if (os.startsWith('windows')) return 'windows';
  return null;
}

/**
 * The platforms of the person's devices and of their failed enrollments (a phone that never enrolled has
 * no device record). Nothing known: the two mobile platforms, where collecting logs matters most.
 */
export function logPlatforms(report: TroubleshootingReport): LogPlatform[] {
  const found = new Set<LogPlatform>();
  const devices = report.devices.status === 'ok' ? report.devices.data : [];
  for (const device of devices) {
    const platform = logPlatformOf(device.operatingSystem);
    if (platform) found.add(platform);
  }
  const failures = report.enrollmentFailures.status === 'ok' ? report.enrollmentFailures.data : [];
  for (const failure of failures) {
    const platform = logPlatformOf(failure.operatingSystem);
    if (platform) found.add(platform);
  }
  if (found.size === 0) return ['ios', 'android'];
  return ORDER.filter((p) => found.has(p));
}
