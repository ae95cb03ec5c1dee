import type { TenantData } from './model';
import { DEMO_DOMAIN, DEMO_ORGANISATION_NAME, DEMO_TENANT_ID, PEOPLE, type PersonName } from './people';
import { TenantBuilder, type DeviceSpec, type PersonSpec } from './tenant-builder';

// The seeded organisation: groups, people, devices, failures and policies. Dates are relative to `now`,
// so a demo run next year still shows "last check-in 2 hours ago" and "stale for 12 days".

const HEALTHY_DIAGNOSTICS = [
  { validationName: 'Minimum app version', state: 'ok', mitigationInstruction: null },
  { validationName: 'Minimum OS version', state: 'ok', mitigationInstruction: null },
  { validationName: 'Jailbroken/rooted devices', state: 'ok', mitigationInstruction: null },
];

const laptop = (name: string, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  name,
  platform: 'Windows',
  osVersion: '10.0.22631.4602',
  model: 'Latitude 7440',
  manufacturer: 'Dell Inc.',
  ...extra,
});

const iphone = (name: string, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  name,
  platform: 'iOS',
  osVersion: '18.2.1',
  model: 'iPhone 15',
  manufacturer: 'Apple',
  ...extra,
});

const android = (name: string, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  name,
  platform: 'Android',
  osVersion: '14',
  model: 'Galaxy S23',
  manufacturer: 'samsung',
  ...extra,
});

const mac = (name: string, extra: Partial<DeviceSpec> = {}): DeviceSpec => ({
  name,
  platform: 'macOS',
  osVersion: '14.7.2',
  model: 'MacBook Air (M2, 2022)',
  manufacturer: 'Apple',
  ...extra,
});

/** `count` dedicated Android devices of one person; the ones numbered in `outdated` fail the OS minimum. */
function fleet(b: TenantBuilder, person: string, prefix: string, count: number, outdated: number[]): void {
  for (let n = 1; n <= count; n++) {
    const failing = outdated.includes(n);
    b.device(person, {
      name: `${prefix}-${String(n).padStart(3, '0')}`,
      platform: 'Android',
      osVersion: failing ? '11' : '14',
      model: 'TC58',
      manufacturer: 'Zebra Technologies',
      enrollmentType: 'androidEnterpriseDedicatedDevice',
      joinType: 'unknown',
      failingCompliance: failing ? [{ setting: 'OsMinimumVersion', currentValue: '11' }] : [],
    });
  }
}

const PROJECT_TOPICS = [
  'Cross-dock',
  'Fleet',
  'Customs',
  'Cold chain',
  'Last mile',
  'Warehouse',
  'Carrier',
  'Returns',
];

export function buildNorthwind(now: Date): TenantData {
  const b = new TenantBuilder(now, {
    tenantId: DEMO_TENANT_ID,
    organisationName: DEMO_ORGANISATION_NAME,
    domain: DEMO_DOMAIN,
  });
  const key = (name: PersonName): string => PEOPLE[name].key;

  // Groups. "Helpdesk Tier 2" is nested inside "Helpdesk Agents", so its members are agents only transitively.
  b.securityGroup('helpdesk-agents', 'Helpdesk Agents', 'People allowed to use the troubleshooting bot');
  b.securityGroup('helpdesk-tier2', 'Helpdesk Tier 2', 'Second-line support engineers', ['helpdesk-agents']);
  b.securityGroup('sg-license-e3', 'SG-License-M365-E3', 'Group-based licensing: Microsoft 365 E3');
  b.securityGroup(
    'sg-byod-restricted',
    'SG-Intune-BYOD-Restricted',
    'Stricter enrollment rules for personal devices',
  );
  b.securityGroup('sg-contractors', 'SG-Contractors', 'External contractors and guests');
  b.securityGroup(
    'sg-warehouse-devices',
    'SG-Warehouse-Scanner-Owners',
    'Owners of shared warehouse scanners',
  );
  b.dynamicGroup(
    'all-employees',
    'All Employees',
    '(user.userType -eq "Member") and (user.accountEnabled -eq true)',
    (u) => u.userType === 'Member' && u.accountEnabled === true,
  );
  for (const office of ['Rotterdam', 'Utrecht', 'London']) {
    b.dynamicGroup(
      `office-${office.toLowerCase()}`,
      `Office ${office}`,
      `(user.officeLocation -eq "${office}")`,
      (u) => u.officeLocation === office,
    );
  }
  for (const department of ['Finance', 'Sales', 'Logistics', 'IT', 'HR', 'Marketing']) {
    b.microsoft365Group(
      `dept-${department.toLowerCase()}`,
      `${department} Team`,
      `Everyone in ${department}`,
    );
  }
  b.securityGroup('all-projects', 'All Project Teams', 'Every project team (nested)');
  const projectKeys: string[] = [];
  for (let n = 1; n <= 145; n++) {
    const topic = PROJECT_TOPICS[n % PROJECT_TOPICS.length] ?? 'General';
    const projectKey = `prj-${String(n).padStart(3, '0')}`;
    b.securityGroup(
      projectKey,
      `PRJ-${String(n).padStart(3, '0')} ${topic} wave ${Math.ceil(n / 8)}`,
      `Project team ${n}`,
      ['all-projects'],
    );
    projectKeys.push(projectKey);
  }

  // Intune role-based access: a Netherlands and a United Kingdom helpdesk, each limited to its own people
  // (a scope group) and its own devices (a scope tag), and one Intune administrator who sees everything.
  // Devices carry the tag of their owner's office unless a device says otherwise (see below).
  b.scopeTag('1', 'Netherlands', 'Devices and policies of the Rotterdam and Utrecht offices', [
    'Rotterdam',
    'Utrecht',
  ]);
  b.scopeTag('2', 'United Kingdom', 'Devices and policies of the London office', ['London']);
  b.dynamicGroup(
    'scope-nl',
    'Intune Scope - Netherlands',
    '(user.officeLocation -in ["Rotterdam","Utrecht"])',
    (u) => u.officeLocation === 'Rotterdam' || u.officeLocation === 'Utrecht',
  );
  b.dynamicGroup(
    'scope-uk',
    'Intune Scope - United Kingdom',
    '(user.officeLocation -eq "London")',
    (u) => u.officeLocation === 'London',
  );
  b.securityGroup('intune-admins', 'Intune Administrators', 'Full Intune administration, every country');
  b.securityGroup('intune-helpdesk-nl', 'Intune Helpdesk NL', 'Help Desk Operators for the Netherlands');
  b.securityGroup('intune-helpdesk-uk', 'Intune Helpdesk UK', 'Service desk for the United Kingdom');
  b.securityGroup(
    'intune-app-packagers',
    'Intune App Packagers',
    'Package and assign apps; no device access',
  );
  const readDevices = 'Microsoft.Intune_ManagedDevices_Read';
  b.roleDefinition(
    'help-desk-operator',
    'Help Desk Operator',
    'Performs remote tasks on users and devices, and can assign applications or policies to users or devices.',
    true,
    [
      'Microsoft.Intune_Organization_Read',
      readDevices,
      'Microsoft.Intune_ManagedApps_Read',
      'Microsoft.Intune_MobileApps_Read',
      'Microsoft.Intune_DeviceConfigurations_Read',
      'Microsoft.Intune_DeviceCompliancePolices_Read',
      'Microsoft.Intune_RemoteTasks_SyncDevice',
      'Microsoft.Intune_RemoteTasks_RebootNow',
    ],
  );
  b.roleDefinition(
    'intune-administrator',
    'Intune Administrator (Northwind)',
    'Every Intune permission, every country.',
    false,
    [
      'Microsoft.Intune_Organization_Read',
      readDevices,
      'Microsoft.Intune_ManagedDevices_Update',
      'Microsoft.Intune_ManagedDevices_Delete',
      'Microsoft.Intune_ManagedApps_Read',
      'Microsoft.Intune_MobileApps_Read',
      'Microsoft.Intune_Roles_Read',
    ],
  );
  b.roleDefinition(
    'uk-service-desk',
    'Northwind UK Service Desk',
    'Custom role: reads devices and apps of the people it is scoped to.',
    false,
    ['Microsoft.Intune_Organization_Read', readDevices, 'Microsoft.Intune_ManagedApps_Read'],
  );
  b.roleDefinition(
    'app-packager',
    'Northwind App Packager',
    'Custom role: packages and assigns apps; no access to devices.',
    false,
    [
      'Microsoft.Intune_MobileApps_Read',
      'Microsoft.Intune_MobileApps_Create',
      'Microsoft.Intune_MobileApps_Assign',
    ],
  );
  b.roleAssignment({
    key: 'intune-admins',
    displayName: 'Intune administrators - all countries',
    description: 'Every user and device, every scope tag',
    roleKey: 'intune-administrator',
    adminGroups: ['intune-admins'],
    scopeType: 'allDevicesAndLicensedUsers',
    scopeTagIds: ['0', '1', '2'],
  });
  b.roleAssignment({
    key: 'helpdesk-nl',
    displayName: 'Helpdesk Netherlands',
    description: 'Rotterdam and Utrecht users, Netherlands devices',
    roleKey: 'help-desk-operator',
    adminGroups: ['intune-helpdesk-nl'],
    scopeType: 'resourceScope',
    scopeGroups: ['scope-nl'],
    scopeTagIds: ['1'],
  });
  b.roleAssignment({
    key: 'helpdesk-uk',
    displayName: 'Helpdesk United Kingdom',
    description: 'London users, United Kingdom devices',
    roleKey: 'uk-service-desk',
    adminGroups: ['intune-helpdesk-uk'],
    scopeType: 'resourceScope',
    scopeGroups: ['scope-uk'],
    scopeTagIds: ['2'],
  });
  b.roleAssignment({
    key: 'app-packagers',
    displayName: 'App packagers',
    description: 'Apps for everyone',
    roleKey: 'app-packager',
    adminGroups: ['intune-app-packagers'],
    scopeType: 'allLicensedUsers',
    scopeTagIds: ['0'],
  });

  // People.
  const departmentGroups = new Set(['finance', 'sales', 'logistics', 'it', 'hr', 'marketing']);
  for (const name of Object.keys(PEOPLE) as PersonName[]) {
    const spec: PersonSpec = PEOPLE[name];
    const dept = (spec.department ?? '').toLowerCase();
    const licensed = spec.license === undefined && spec.guestFrom === undefined;
    b.person(spec, [
      ...(departmentGroups.has(dept) ? [`dept-${dept}`] : []),
      ...(licensed ? ['sg-license-e3'] : []),
    ]);
  }
  b.addToGroups(key('lotte'), ['helpdesk-agents']);
  b.addToGroups(key('ruben'), ['helpdesk-tier2']);
  b.addToGroups(key('emma'), ['helpdesk-tier2']);
  b.addToGroups(key('lotte'), ['intune-admins']);
  b.addToGroups(key('ruben'), ['intune-helpdesk-nl']);
  b.addToGroups(key('emma'), ['intune-helpdesk-uk']);
  b.addToGroups(key('femke'), ['intune-app-packagers']);
  for (const name of ['daan', 'sanneWillems', 'hugo', 'zoe', 'thomas', 'bram'] as const)
    b.addToGroups(key(name), ['sg-byod-restricted']);
  for (const name of ['thomas', 'grace', 'jerome'] as const) b.addToGroups(key(name), ['sg-contractors']);
  b.addToGroups(key('wouter'), ['sg-warehouse-devices']);
  b.addToGroups(key('anouk'), projectKeys);
  b.addToGroups(key('sanneDeBoer'), projectKeys.slice(0, 3));
  b.addToGroups(key('sander'), projectKeys.slice(10, 12));

  // Enrollment restrictions. The defaults get the highest priority number of their kind in build().
  b.platformRestriction(
    {
      key: 'default-platforms',
      displayName: 'All users and all devices',
      description:
        'This is the default Device Type Restriction applied with the lowest priority to all users regardless of group membership.',
      groups: [],
    },
    { windowsMobile: { platformBlocked: true } },
  );
  b.platformRestriction(
    {
      key: 'byod-restricted',
      displayName: 'BYOD restricted platforms',
      description: 'Personal iOS blocked, Android 12 or later, no macOS',
      groups: ['sg-byod-restricted'],
      priority: 1,
    },
    {
      ios: { personalDeviceEnrollmentBlocked: true },
      android: { osMinimumVersion: '12.0' },
      macOS: { platformBlocked: true },
      windowsMobile: { platformBlocked: true },
    },
  );
  b.platformRestriction(
    {
      key: 'contractor-platforms',
      displayName: 'Contractor platforms',
      description: 'Contractors: corporate Windows only, iOS up to 17',
      groups: ['sg-contractors'],
      priority: 2,
    },
    {
      windows: { personalDeviceEnrollmentBlocked: true },
      ios: { osMaximumVersion: '17.9' },
      macOS: { platformBlocked: true },
      windowsMobile: { platformBlocked: true },
    },
  );
  b.singlePlatformRestriction(
    {
      key: 'contractor-android',
      displayName: 'Contractor Android: work profile only',
      description: 'Android device administrator blocked for contractors',
      groups: ['sg-contractors'],
      priority: 3,
    },
    'android',
    { platformBlocked: true },
  );
  b.deviceLimit(
    {
      key: 'default-limit',
      displayName: 'All users and all devices',
      description:
        'This is the default Device Limit Restriction applied with the lowest priority to all users regardless of group membership.',
      groups: [],
    },
    15,
  );
  b.deviceLimit(
    {
      key: 'contractor-limit',
      displayName: 'Contractor device limit',
      description: 'Contractors may enroll 5 devices',
      groups: ['sg-contractors'],
      priority: 1,
    },
    5,
  );
  b.windowsHelloForBusiness({
    key: 'default-whfb',
    displayName: 'All users and all devices',
    description:
      'This is the default Windows Hello for Business configuration applied with the lowest priority to all users regardless of group membership.',
    groups: [],
  });

  // App protection.
  b.appProtectionPolicy('ios-work', 'iOS', 'NW - iOS work apps protection', ['all-employees']);
  b.appProtectionPolicy('android-work', 'Android', 'NW - Android work apps protection', ['all-employees']);
  b.appProtectionPolicy('ios-byod', 'iOS', 'NW - iOS BYOD strict protection', ['sg-byod-restricted']);

  // Helpdesk agents.
  b.device(key('lotte'), laptop('NW-LT-0142'));
  b.device(key('lotte'), iphone('Lotte iPhone'));
  b.appRegistration(key('lotte'), {
    app: 'outlook',
    platform: 'iOS',
    deviceName: 'Lotte iPhone',
    deviceModel: 'iPhone 15',
    platformVersion: '18.2.1',
    appVersion: '4.2450.0',
    policies: ['ios-work'],
  });
  b.appDiagnostics(key('lotte'), HEALTHY_DIAGNOSTICS);
  b.device(key('ruben'), laptop('NW-LT-0177', { model: 'EliteBook 840 G10', manufacturer: 'HP' }));
  b.device(key('emma'), mac('Emma MacBook'));

  // Healthy people.
  b.device(key('sanneDeBoer'), laptop('NW-LT-0203'));
  b.device(key('sanneDeBoer'), iphone('Sanne iPhone', { model: 'iPhone 14' }));
  b.appRegistration(key('sanneDeBoer'), {
    app: 'outlook',
    platform: 'iOS',
    deviceName: 'Sanne iPhone',
    deviceModel: 'iPhone 14',
    platformVersion: '18.2.1',
    appVersion: '4.2450.0',
    policies: ['ios-work'],
  });
  b.appRegistration(key('sanneDeBoer'), {
    app: 'teams',
    platform: 'iOS',
    deviceName: 'Sanne iPhone',
    deviceModel: 'iPhone 14',
    platformVersion: '18.2.1',
    appVersion: '7.1.0',
    policies: ['ios-work'],
  });
  b.appDiagnostics(key('sanneDeBoer'), HEALTHY_DIAGNOSTICS);
  b.device(
    key('james'),
    laptop('NW-LT-0311', { model: 'Surface Laptop 6', manufacturer: 'Microsoft Corporation' }),
  );
  // Enrolled before the country tags existed: it carries only the Default tag.
  b.device(key('james'), iphone('James iPhone', { model: 'iPhone 16 Pro', scopeTagIds: ['0'] }));
  b.device(key('isabel'), mac('NW-MB-0019', { model: 'MacBook Pro (M3, 2023)' }));
  b.device(
    key('isabel'),
    iphone('Isabel iPhone', {
      complianceState: 'inGracePeriod',
      failingCompliance: [{ setting: 'PasscodeRequired', currentValue: 'false' }],
    }),
  );

  // Sanne Willems: rooted personal Android, non-compliant, flagged by app protection.
  b.device(
    key('sanneWillems'),
    android('Sanne Galaxy', {
      ownership: 'personal',
      enrollmentType: 'userEnrollment',
      failingCompliance: [
        { setting: 'SecurityBlockJailbrokenDevices', currentValue: 'true' },
        { setting: 'PasswordRequired', currentValue: 'false' },
      ],
      apps: { 'Microsoft Teams': 'pendingInstall' },
    }),
  );
  b.appRegistration(key('sanneWillems'), {
    app: 'outlook',
    platform: 'Android',
    deviceName: 'Sanne Galaxy',
    deviceModel: 'SM-S911B',
    platformVersion: '14',
    appVersion: '4.2450.1',
    flaggedReasons: ['rootedDevice'],
    policies: ['android-work'],
  });
  b.appDiagnostics(key('sanneWillems'), [
    { validationName: 'Minimum app version', state: 'ok', mitigationInstruction: null },
    {
      validationName: 'Jailbroken/rooted devices',
      state: 'failed',
      mitigationInstruction:
        'Your device is rooted. Work data is blocked on rooted devices; use a device that is not rooted.',
    },
  ]);

  // Sander Mulder: non-compliant Windows (BitLocker off, old build) while Entra still says compliant; a stale iPad.
  b.device(
    key('sander'),
    laptop('NW-LT-0088', {
      osVersion: '10.0.19045.5247',
      model: 'ThinkPad T14 Gen 2',
      manufacturer: 'LENOVO',
      failingCompliance: [
        { setting: 'BitLockerEnabled', currentValue: 'false' },
        { setting: 'OsMinimumVersion', currentValue: '10.0.19045.5247' },
      ],
      entraCompliant: true,
      apps: { 'Northwind VPN Client': 'failed' },
    }),
  );
  b.device(
    key('sander'),
    // Bought and enrolled by the London office: tagged for the United Kingdom, though Sander is Dutch.
    iphone('Sander iPad', {
      model: 'iPad (10th generation)',
      osVersion: '17.6.1',
      lastSyncDaysAgo: 12,
      scopeTagIds: ['2'],
    }),
  );

  // Daan Smit: iOS enrollments keep failing; his laptop is fine.
  b.device(key('daan'), laptop('NW-LT-0251'));
  b.enrollmentFailure(key('daan'), {
    reason: 'timeoutOrFailure',
    category: 'clientDisconnected',
    daysAgo: 0.2,
    platform: 'iOS',
    osVersion: '18.2.1',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('daan'), {
    reason: 'timeoutOrFailure',
    category: 'userAbandonment',
    daysAgo: 1.1,
    platform: 'iOS',
    osVersion: '18.2.1',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('daan'), {
    reason: 'deviceCannotBeEnrolledAsPersonal',
    daysAgo: 2,
    platform: 'iOS',
    osVersion: '18.2.1',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('daan'), {
    reason: 'enrollmentAuthorizationFailed',
    daysAgo: 3,
    platform: 'iOS',
    osVersion: '18.1',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('daan'), {
    reason: 'appleOnboarding',
    daysAgo: 20,
    platform: 'iOS',
    osVersion: '18.1',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('daan'), {
    reason: 'enrollmentRestrictionsNotMet',
    daysAgo: 4,
    platform: 'macOS',
    osVersion: '15.2',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });

  // Femke Jansen: Windows Autopilot and provisioning failures.
  b.device(key('femke'), iphone('Femke iPhone', { model: 'iPhone 13' }));
  b.enrollmentFailure(key('femke'), {
    reason: 'autopilotDeviceNotFound',
    daysAgo: 0.5,
    platform: 'Windows',
    osVersion: '10.0.26100.2605',
    enrollmentType: 'windowsAzureADJoin',
    withDetails: true,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'autopilotProfileNotFound',
    daysAgo: 0.6,
    platform: 'Windows',
    osVersion: '10.0.26100.2605',
    enrollmentType: 'windowsAzureADJoin',
    withDetails: false,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'autopilotEnrollmentMethodUnexpected',
    daysAgo: 1.5,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsAzureADJoinUsingDeviceAuth',
    withDetails: true,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'autopilotDeviceRemoved',
    daysAgo: 6,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsAzureADJoin',
    withDetails: true,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'bulkTokenExpired',
    daysAgo: 9,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsBulkAzureDomainJoin',
    withDetails: false,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'deviceNotSupported',
    daysAgo: 11,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsAutoEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('femke'), {
    reason: 'featureNotSupported',
    daysAgo: 14,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsAutoEnrollment',
    withDetails: true,
  });

  // Thomas Wright: contractor at his 5-device limit (six devices: Autopilot ones are not counted).
  b.device(
    key('thomas'),
    laptop('NW-LT-C014', { model: 'ThinkPad X1 Carbon Gen 11', manufacturer: 'LENOVO' }),
  );
  b.device(key('thomas'), iphone('Thomas iPhone', { osVersion: '17.7.2', model: 'iPhone 12' }));
  b.device(key('thomas'), android('Thomas Pixel', { model: 'Pixel 8', manufacturer: 'Google' }));
  b.device(key('thomas'), android('Thomas Tab', { model: 'Galaxy Tab S9', lastSyncDaysAgo: 45 }));
  b.device(
    key('thomas'),
    iphone('Thomas iPad', { model: 'iPad Air (5th generation)', osVersion: '17.7.2', lastSyncDaysAgo: 9 }),
  );
  // His own laptop counts toward the limit; the Autopilot laptop above does not.
  b.device(
    key('thomas'),
    laptop('Thomas Surface', {
      ownership: 'personal',
      model: 'Surface Laptop 7',
      manufacturer: 'Microsoft Corporation',
    }),
  );
  b.enrollmentFailure(key('thomas'), {
    reason: 'deviceCapReached',
    daysAgo: 0.1,
    platform: 'Android',
    osVersion: '14',
    enrollmentType: 'androidEnterpriseCorporateWorkProfile',
    withDetails: true,
  });
  b.enrollmentFailure(key('thomas'), {
    reason: 'devicePlatformBlocked',
    daysAgo: 2,
    platform: 'macOS',
    osVersion: '15.2',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('thomas'), {
    reason: 'deviceNotPreregistered',
    daysAgo: 3,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('thomas'), {
    reason: 'deviceAlreadyEnrolled',
    daysAgo: 5,
    platform: 'Windows',
    osVersion: '10.0.22631.4602',
    enrollmentType: 'windowsAutoEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('thomas'), {
    reason: 'deviceVersionTooHigh',
    daysAgo: 7,
    platform: 'iOS',
    osVersion: '18.2.1',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('thomas'), {
    reason: 'accountInMaintenance',
    daysAgo: 25,
    platform: 'Android',
    osVersion: '14',
    enrollmentType: 'androidEnterpriseCorporateWorkProfile',
    withDetails: false,
  });

  // Bram Visser: his personal MacBook is blocked by the BYOD restriction; he tried twice.
  b.device(key('bram'), laptop('NW-LT-0305'));
  b.enrollmentFailure(key('bram'), {
    reason: 'devicePlatformBlocked',
    daysAgo: 1 / 24,
    platform: 'macOS',
    osVersion: '15.2',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('bram'), {
    reason: 'devicePlatformBlocked',
    daysAgo: 1.3,
    platform: 'macOS',
    osVersion: '15.2',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });

  // Mila Bos: everything fine, except a phone that has not checked in for three weeks.
  b.device(key('mila'), laptop('NW-LT-0318'));
  b.device(key('mila'), android('Mila Galaxy', { model: 'Galaxy A54', lastSyncDaysAgo: 21 }));

  // Licensing problems.
  b.enrollmentFailure(key('olivia'), {
    reason: 'userNotFoundOrLicensed',
    daysAgo: 0.3,
    platform: 'iOS',
    osVersion: '18.2.1',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.enrollmentFailure(key('olivia'), {
    reason: 'notOnboardedIntoIntune',
    daysAgo: 30,
    platform: 'Android',
    osVersion: '13',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('hugo'), {
    reason: 'userNotFoundOrLicensed',
    daysAgo: 1,
    platform: 'Android',
    osVersion: '11',
    enrollmentType: 'userEnrollment',
    withDetails: false,
  });
  b.enrollmentFailure(key('hugo'), {
    reason: 'deviceVersionTooLow',
    daysAgo: 1.2,
    platform: 'Android',
    osVersion: '11',
    enrollmentType: 'userEnrollment',
    withDetails: true,
  });
  b.device(key('kevin'), laptop('NW-LT-0399', { lastSyncDaysAgo: 3 }));

  // Configuration profiles in conflict and in error; apps failing.
  b.device(
    key('siobhan'),
    laptop('NW-LT-0157', {
      extraProfiles: ['financeLegacyBitLocker'],
      profileIssues: [
        {
          profile: 'NW - BitLocker silent encryption',
          setting: 'BitLockerRecoveryPasswordRotation',
          state: 'conflict',
          currentValue: 'enabledForAzureAd',
        },
        {
          profile: 'NW - Finance BitLocker (legacy)',
          setting: 'BitLockerRecoveryPasswordRotation',
          state: 'conflict',
          currentValue: 'enabledForAzureAd',
        },
        {
          profile: 'NW - Wi-Fi Northwind-Corp',
          setting: 'SecurityType',
          state: 'error',
          errorCode: -2016281112,
          errorDescription: 'Remediation failed',
          currentValue: 'wpa2Personal',
        },
      ],
    }),
  );
  b.device(
    key('marco'),
    laptop('NW-LT-0222', {
      apps: {
        'Northwind VPN Client': 'failed',
        'Microsoft Teams': 'pendingInstall',
        'Company Portal': 'uninstallFailed',
        '7-Zip': 'installed',
      },
    }),
  );
  b.device(
    key('marco'),
    android('Marco Galaxy', {
      apps: { 'Northwind Scanner': 'failed', 'Microsoft Outlook': 'pendingInstall' },
    }),
  );
  b.device(
    key('yara'),
    laptop('NW-LT-0264', {
      complianceState: 'inGracePeriod',
      failingCompliance: [{ setting: 'DefenderEnabled', currentValue: 'false' }],
    }),
  );
  b.device(
    key('yara'),
    iphone('Yara iPhone', {
      profileIssues: [
        {
          profile: 'NW - iOS Wi-Fi Northwind-Corp',
          setting: 'Ssid',
          state: 'error',
          errorCode: -2016281112,
          errorDescription: 'Remediation failed',
        },
      ],
    }),
  );

  // App protection without enrollment, and a rooted phone.
  b.device(key('zoe'), mac('Zoë MacBook'));
  b.appRegistration(key('zoe'), {
    app: 'teams',
    platform: 'Android',
    deviceName: 'Zoë Pixel',
    deviceModel: 'Pixel 7a',
    platformVersion: '13',
    appVersion: '1416/1.0.0.2024',
    flaggedReasons: ['rootedDevice'],
    policies: ['android-work'],
  });
  b.appDiagnostics(key('zoe'), [
    {
      validationName: 'Jailbroken/rooted devices',
      state: 'failed',
      mitigationInstruction:
        'Work data is wiped from rooted devices. Remove root access or use another device.',
    },
    {
      validationName: 'Minimum OS version',
      state: 'warning',
      mitigationInstruction: 'Update Android to version 14 or later.',
    },
  ]);
  b.appRegistration(key('lars'), {
    app: 'outlook',
    platform: 'iOS',
    deviceName: 'Lars iPhone',
    deviceModel: 'iPhone 11',
    platformVersion: '16.7.10',
    appVersion: '4.2301.0',
    lastSyncDaysAgo: 16,
    policies: ['ios-work'],
  });
  b.appRegistration(key('lars'), {
    app: 'edge',
    platform: 'iOS',
    deviceName: 'Lars iPhone',
    deviceModel: 'iPhone 11',
    platformVersion: '16.7.10',
    appVersion: '131.2903.86',
    lastSyncDaysAgo: 16,
    policies: [],
  });
  b.appDiagnostics(key('lars'), [
    {
      validationName: 'Minimum app version',
      state: 'failed',
      mitigationInstruction: 'Update Outlook from the App Store to version 4.2400 or later.',
    },
    {
      validationName: 'Minimum OS version',
      state: 'warning',
      mitigationInstruction: 'Update iOS to version 17 or later.',
    },
  ]);

  // A disabled account whose devices stopped checking in.
  b.device(key('noah'), laptop('NW-LT-0056', { lastSyncDaysAgo: 41 }));
  b.device(key('noah'), iphone('Noah iPhone', { lastSyncDaysAgo: 66, osVersion: '17.5.1' }));

  // Wouter Kok: 60 shared warehouse devices (paging).
  for (let n = 1; n <= 56; n++) {
    const stale = n % 14 === 0;
    const outdated = n % 9 === 0;
    b.device(key('wouter'), {
      name: `WH-SCAN-${String(n).padStart(3, '0')}`,
      platform: 'Android',
      osVersion: outdated ? '11' : '13',
      model: 'TC52',
      manufacturer: 'Zebra Technologies',
      enrollmentType: 'androidEnterpriseDedicatedDevice',
      joinType: 'unknown',
      extraProfiles: ['kioskLockdown'],
      lastSyncDaysAgo: stale ? 10 + n / 7 : undefined,
      failingCompliance: outdated ? [{ setting: 'OsMinimumVersion', currentValue: '11' }] : [],
      profileIssues:
        n === 17
          ? [
              {
                profile: 'NW - Warehouse scanner lockdown',
                setting: 'KioskModeApps',
                state: 'error',
                errorCode: -2016281112,
                errorDescription: 'Remediation failed',
              },
            ]
          : [],
    });
  }
  b.device(key('wouter'), laptop('NW-LT-0190'));
  b.device(key('wouter'), iphone('Wouter iPhone'));
  b.device(key('wouter'), android('WH-TABLET-01', { model: 'Galaxy Tab Active4 Pro' }));
  b.device(key('wouter'), android('WH-TABLET-02', { model: 'Galaxy Tab Active4 Pro', lastSyncDaysAgo: 8 }));

  // Fleur Visser: 80 field tablets, two of them below the minimum OS version.
  fleet(b, key('fleur'), 'FS-TAB', 80, [23, 61]);
  // Kees Dekker: 500 handheld scanners, five of them non-compliant.
  fleet(b, key('kees'), 'RT-SCAN', 500, [41, 142, 250, 333, 478]);

  // Anouk Vermeulen: one healthy laptop, about 150 groups.
  b.device(key('anouk'), laptop('NW-LT-0128'));

  return b.build();
}
