// Reports in the domain's shape for view tests: a realistic one and one as large as a big tenant makes.
import type {
  AppInstall,
  Device,
  DevicePolicies,
  EnrollmentFailure,
  GroupMembership,
  TroubleshootingReport,
} from '../../src/troubleshooting/report';

export const NOW = new Date('2026-11-25T10:00:00Z');
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();

export function device(i: number, overrides: Partial<Device> = {}): Device {
  return {
    id: `d${i}000000-0000-4000-8000-000000000000`.slice(0, 36),
    name: `LAPTOP-${String(i).padStart(4, '0')}`,
    managedBy: 'mdm',
    joinType: 'azureADJoined',
    ownership: 'company',
    complianceState: 'compliant',
    entraCompliant: true,
    operatingSystem: 'Windows',
    osVersion: '10.0.22631.4460',
    model: 'Surface Laptop 6',
    manufacturer: 'Microsoft',
    serialNumber: `SN${i}`,
    lastSyncDateTime: daysAgo(1),
    enrolledDateTime: daysAgo(200),
    isStale: false,
    azureADDeviceId: null,
    ...overrides,
  };
}

export function failure(i: number, overrides: Partial<EnrollmentFailure> = {}): EnrollmentFailure {
  return {
    id: `failure-${i}`,
    occurredAt: daysAgo(i % 40),
    operatingSystem: 'iOS',
    osVersion: '17.5',
    category: 'enrollmentRestrictionsEnforced',
    failureReason: 'Device cap reached',
    correlationId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`,
    enrollmentType: 'userEnrollment',
    managedDeviceId: null,
    microsoftDetails: null,
    ...overrides,
  };
}

function group(i: number): GroupMembership {
  return {
    id: `g-${i}`,
    displayName: `Group ${i}`,
    membershipType: i % 3 === 0 ? 'dynamic' : 'assigned',
    direct: i % 2 === 0,
    securityEnabled: true,
    mailEnabled: false,
  };
}

function apps(devices: Device[]): AppInstall[] {
  return devices.flatMap((d, i) => [
    {
      deviceId: d.id,
      deviceName: d.name,
      appId: `app-a-${i}`,
      displayName: 'Microsoft Teams',
      version: '24295.605.3225.8804',
      intent: 'requiredInstall',
      installState: i === 0 ? 'failed' : 'installed',
    },
    {
      deviceId: d.id,
      deviceName: d.name,
      appId: `app-b-${i}`,
      displayName: 'Company Portal',
      version: null,
      intent: 'available',
      installState: 'pendingInstall',
    },
  ]);
}

function policies(devices: Device[], failing: boolean): DevicePolicies[] {
  return devices.map((d, i) => ({
    deviceId: d.id,
    deviceName: d.name,
    policies: {
      status: 'ok',
      truncated: false,
      data: [
        {
          id: `p-${i}`,
          displayName: 'Windows baseline',
          platform: 'windows10AndLater',
          state: failing && i === 0 ? 'nonCompliant' : 'compliant',
          settingCount: 3,
          failingSettings:
            failing && i === 0
              ? [
                  {
                    setting: 'Windows10CompliancePolicy.BitLockerEnabled',
                    settingName: 'BitLockerEnabled',
                    state: 'nonCompliant',
                    errorCode: 0,
                    errorDescription: null,
                    currentValue: 'false',
                  },
                ]
              : [],
        },
      ],
    },
  }));
}

export function sampleReport(
  options: { devices?: number; groups?: number; failures?: number } = {},
): TroubleshootingReport {
  const devices = Array.from({ length: options.devices ?? 3 }, (_, i) =>
    device(
      i + 1,
      i === 0
        ? { complianceState: 'noncompliant', entraCompliant: false }
        : i === 2
          ? { isStale: true, lastSyncDateTime: daysAgo(30) }
          : {},
    ),
  );
  const failures = Array.from({ length: options.failures ?? 2 }, (_, i) =>
    failure(
      i + 1,
      i === 1
        ? {
            failureReason: 'Something new',
            category: 'unknown',
            microsoftDetails: {
              context: 'Enrollment',
              failure: 'The device could not enroll.',
              failureDetails: 'Details from Microsoft.',
              remediation: 'Try again later.',
              resources: [
                { text: 'Docs', link: 'https://learn.microsoft.com/intune' },
                { text: 'Bad', link: 'javascript:alert(1)' },
              ],
            },
          }
        : {},
    ),
  );
  return {
    generatedAt: NOW.toISOString(),
    user: {
      id: '0b5e6c1e-52a8-4a55-8a2b-1d3f0a0b0c01',
      displayName: "Siobhán O'Brien",
      userPrincipalName: 'siobhan.obrien@northwind.example',
      mail: 'siobhan.obrien@northwind.example',
      jobTitle: 'Account manager',
      department: 'Sales',
      officeLocation: 'Utrecht',
      accountEnabled: true,
      isGuest: false,
    },
    account: { status: 'ok', truncated: false, data: { subscriptionState: 'active', isActive: true } },
    license: { status: 'ok', truncated: false, data: { hasIntuneLicense: true, intunePlans: [] } },
    devices: { status: 'ok', truncated: false, data: devices },
    compliancePolicies: { status: 'ok', truncated: false, data: policies(devices, true) },
    configurationPolicies: {
      status: 'unavailable',
      kind: 'permission',
      permission: 'DeviceManagementConfiguration.Read.All',
      httpStatus: 403,
      requestId: 'req-1',
      date: 'Wed, 25 Nov 2026 10:00:00 GMT',
    },
    apps: { status: 'ok', truncated: false, data: apps(devices) },
    appProtection: {
      status: 'ok',
      truncated: false,
      data: {
        policies: [
          {
            id: 'mam-1',
            displayName: 'Protect Outlook',
            kind: 'iosManagedAppProtection',
            lastModifiedDateTime: daysAgo(10),
          },
        ],
        registrations: [
          {
            id: 'reg-1',
            appIdentifier: 'com.microsoft.Office.Outlook',
            platform: 'iOS',
            applicationVersion: '4.2440.0',
            deviceName: 'iPhone',
            deviceType: 'iPhone15,2',
            platformVersion: '17.5',
            lastSyncDateTime: daysAgo(2),
            flaggedReasons: ['rootedDevice'],
            appliedPolicies: [{ id: 'mam-1', displayName: 'Protect Outlook' }],
          },
        ],
        diagnostics: [
          { validationName: 'Minimum OS version', state: 'warning', mitigationInstruction: 'Update iOS.' },
        ],
      },
    },
    enrollmentRestrictions: {
      status: 'ok',
      truncated: false,
      data: {
        restrictions: [
          {
            id: 'r-1',
            displayName: 'Sales: no personal iPhones',
            kind: 'platform',
            priority: 1,
            isDefault: false,
            platforms: [
              {
                platform: 'ios',
                platformBlocked: false,
                personalDeviceEnrollmentBlocked: true,
                osMinimumVersion: '16.0',
                osMaximumVersion: null,
              },
              {
                platform: 'android',
                platformBlocked: true,
                personalDeviceEnrollmentBlocked: false,
                osMinimumVersion: null,
                osMaximumVersion: null,
              },
            ],
            limit: null,
          },
          {
            id: 'r-2',
            displayName: 'All users and all devices',
            kind: 'limit',
            priority: 0,
            isDefault: true,
            platforms: [],
            limit: 5,
          },
        ],
        deviceLimit: 5,
        enrolledDeviceCount: devices.length,
        uncountedDevices: [],
      },
    },
    groups: {
      status: 'ok',
      truncated: false,
      data: Array.from({ length: options.groups ?? 4 }, (_, i) => group(i)),
    },
    enrollmentFailures: { status: 'ok', truncated: false, data: failures },
    stats: { requests: 14, roundTrips: 2, retries: 0, durationMs: 220 },
  };
}
