import type * as Beta from '@microsoft/microsoft-graph-types-beta';

import { stableGuid } from '../stable-id';

// What Northwind's Intune admins have deployed per platform: compliance policies (with their settings),
// configuration profiles and required apps. A seeded device gets its platform's set, all healthy, and
// the device's spec overrides only what should be broken. Adding a policy here adds it to every device.

export type Platform = 'Windows' | 'iOS' | 'Android' | 'macOS';

export interface PolicySetting {
  /** The setting id Intune reports, e.g. Windows10CompliancePolicy.BitLockerEnabled. */
  setting: string;
  settingName: string;
  /** currentValue reported when the device complies. */
  compliantValue: string;
}

export interface PolicyDefinition {
  id: string;
  displayName: string;
  platformType: Beta.PolicyPlatformType;
  version: number;
  settings: PolicySetting[];
}

export interface AppDefinition {
  id: string;
  displayName: string;
  version: string;
  intent: Beta.MobileAppIntent;
}

function policy(
  key: string,
  displayName: string,
  platformType: Beta.PolicyPlatformType,
  settings: [string, string, string][],
): PolicyDefinition {
  return {
    id: stableGuid(`policy:${key}`),
    displayName,
    platformType,
    version: 3,
    settings: settings.map(([setting, settingName, compliantValue]) => ({
      setting,
      settingName,
      compliantValue,
    })),
  };
}

function app(key: string, displayName: string, version: string, intent: Beta.MobileAppIntent): AppDefinition {
  return { id: stableGuid(`app:${key}`), displayName, version, intent };
}

/** Intune's built-in policy that every enrolled device reports next to the assigned ones. */
export const DEFAULT_COMPLIANCE_POLICY: PolicyDefinition = policy(
  'default-compliance',
  'Default Device Compliance Policy',
  'all',
  [
    ['DefaultDeviceCompliancePolicy.RequireRemainContact', 'Is active', 'true'],
    [
      'DefaultDeviceCompliancePolicy.RequireDeviceCompliancePolicyAssigned',
      'Has a compliance policy assigned',
      'true',
    ],
    ['DefaultDeviceCompliancePolicy.RequireUserExistence', 'Enrolled user exists', 'true'],
  ],
);

export const COMPLIANCE_POLICIES: Record<Platform, PolicyDefinition> = {
  Windows: policy('compliance-windows', 'NW - Windows 11 compliance', 'windows10AndLater', [
    ['Windows10CompliancePolicy.BitLockerEnabled', 'Require BitLocker', 'true'],
    [
      'Windows10CompliancePolicy.SecureBootEnabled',
      'Require Secure Boot to be enabled on the device',
      'true',
    ],
    ['Windows10CompliancePolicy.OsMinimumVersion', 'Minimum OS version', '10.0.22631'],
    ['Windows10CompliancePolicy.DefenderEnabled', 'Microsoft Defender Antimalware', 'true'],
    ['Windows10CompliancePolicy.PasswordRequired', 'Require a password to unlock mobile devices', 'true'],
  ]),
  iOS: policy('compliance-ios', 'NW - iOS/iPadOS compliance', 'iOS', [
    ['IosCompliancePolicy.PasscodeRequired', 'Require a password to unlock mobile devices', 'true'],
    ['IosCompliancePolicy.OsMinimumVersion', 'Minimum OS version', '17.0'],
    ['IosCompliancePolicy.SecurityBlockJailbrokenDevices', 'Jailbroken devices', 'false'],
  ]),
  Android: policy(
    'compliance-android',
    'NW - Android Enterprise work profile compliance',
    'androidWorkProfile',
    [
      [
        'AndroidWorkProfileCompliancePolicy.PasswordRequired',
        'Require a password to unlock mobile devices',
        'true',
      ],
      ['AndroidWorkProfileCompliancePolicy.OsMinimumVersion', 'Minimum OS version', '12.0'],
      ['AndroidWorkProfileCompliancePolicy.SecurityBlockJailbrokenDevices', 'Rooted devices', 'false'],
      [
        'AndroidWorkProfileCompliancePolicy.StorageRequireEncryption',
        'Require encryption of data storage',
        'true',
      ],
    ],
  ),
  macOS: policy('compliance-macos', 'NW - macOS compliance', 'macOS', [
    [
      'MacOSCompliancePolicy.StorageRequireEncryption',
      'Require encryption of data storage (FileVault)',
      'true',
    ],
    ['MacOSCompliancePolicy.OsMinimumVersion', 'Minimum OS version', '14.0'],
    ['MacOSCompliancePolicy.FirewallEnabled', 'Firewall', 'true'],
  ]),
};

export const CONFIGURATION_PROFILES: Record<Platform, PolicyDefinition[]> = {
  Windows: [
    policy('profile-win-update', 'NW - Windows Update ring (Broad)', 'windows10AndLater', [
      [
        'WindowsUpdateForBusinessConfiguration.QualityUpdatesDeferralPeriodInDays',
        'Quality update deferral period',
        '7',
      ],
      [
        'WindowsUpdateForBusinessConfiguration.AutomaticUpdateMode',
        'Automatic update behavior',
        'autoInstallAtMaintenanceTime',
      ],
    ]),
    policy('profile-win-wifi', 'NW - Wi-Fi Northwind-Corp', 'windows10AndLater', [
      ['Windows81WifiConfiguration.Ssid', 'Wi-Fi name (SSID)', 'Northwind-Corp'],
      ['Windows81WifiConfiguration.SecurityType', 'Wireless security type', 'wpa2Enterprise'],
    ]),
    policy('profile-win-bitlocker', 'NW - BitLocker silent encryption', 'windows10AndLater', [
      ['Windows10EndpointProtectionConfiguration.BitLockerEncryptDevice', 'Encrypt devices', 'true'],
      [
        'Windows10EndpointProtectionConfiguration.BitLockerRecoveryPasswordRotation',
        'Recovery password rotation',
        'enabledForAzureAd',
      ],
    ]),
    policy('profile-win-edge', 'NW - Edge security baseline', 'windows10AndLater', [
      ['Windows10GeneralConfiguration.EdgeSmartScreenEnabled', 'Microsoft Defender SmartScreen', 'true'],
      [
        'Windows10GeneralConfiguration.EdgeHomepageUrls',
        'Homepage URLs',
        'https://intranet.northwind.example',
      ],
    ]),
  ],
  iOS: [
    policy('profile-ios-wifi', 'NW - iOS Wi-Fi Northwind-Corp', 'iOS', [
      ['IosWiFiConfiguration.Ssid', 'Network name (SSID)', 'Northwind-Corp'],
    ]),
    policy('profile-ios-restrictions', 'NW - iOS device restrictions', 'iOS', [
      ['IosGeneralDeviceConfiguration.PasscodeMinimumLength', 'Minimum passcode length', '6'],
      ['IosGeneralDeviceConfiguration.CameraBlocked', 'Block camera', 'false'],
    ]),
  ],
  Android: [
    policy('profile-android-restrictions', 'NW - Android work profile restrictions', 'androidWorkProfile', [
      [
        'AndroidWorkProfileGeneralDeviceConfiguration.WorkProfileBlockCamera',
        'Block camera in work profile',
        'false',
      ],
      [
        'AndroidWorkProfileGeneralDeviceConfiguration.WorkProfileDataSharingType',
        'Data sharing between work and personal profiles',
        'preventAny',
      ],
    ]),
    policy('profile-android-wifi', 'NW - Android Wi-Fi Northwind-Corp', 'androidWorkProfile', [
      ['AndroidWorkProfileWiFiConfiguration.Ssid', 'Network name (SSID)', 'Northwind-Corp'],
    ]),
  ],
  macOS: [
    policy('profile-mac-filevault', 'NW - macOS FileVault', 'macOS', [
      ['MacOSEndpointProtectionConfiguration.FileVaultEnabled', 'Enable FileVault', 'true'],
    ]),
    policy('profile-mac-wifi', 'NW - macOS Wi-Fi Northwind-Corp', 'macOS', [
      ['MacOSWiFiConfiguration.Ssid', 'Network name (SSID)', 'Northwind-Corp'],
    ]),
  ],
};

export const APPS: Record<Platform, AppDefinition[]> = {
  Windows: [
    app('win-company-portal', 'Company Portal', '11.2.1002.0', 'requiredInstall'),
    app('win-m365', 'Microsoft 365 Apps for enterprise', '16.0.18025.20160', 'requiredInstall'),
    app('win-teams', 'Microsoft Teams', '25044.2208.3471.2155', 'requiredInstall'),
    app('win-vpn', 'Northwind VPN Client', '5.2.1', 'requiredInstall'),
    app('win-7zip', '7-Zip', '24.09', 'available'),
  ],
  iOS: [
    app('ios-authenticator', 'Microsoft Authenticator', '6.8.20', 'requiredInstall'),
    app('ios-outlook', 'Microsoft Outlook', '4.2450.0', 'requiredInstall'),
    app('ios-teams', 'Microsoft Teams', '7.1.0', 'requiredInstall'),
    app('ios-expenses', 'Northwind Expenses', '3.4.0', 'available'),
  ],
  Android: [
    app('android-authenticator', 'Microsoft Authenticator', '6.2501.0', 'requiredInstall'),
    app('android-outlook', 'Microsoft Outlook', '4.2450.1', 'requiredInstall'),
    app('android-teams', 'Microsoft Teams', '1416/1.0.0.2025', 'requiredInstall'),
    app('android-scanner', 'Northwind Scanner', '2.9.3', 'requiredInstall'),
  ],
  macOS: [
    app('mac-company-portal', 'Company Portal', '5.2501.0', 'requiredInstall'),
    app('mac-m365', 'Microsoft 365 Apps for Mac', '16.93', 'requiredInstall'),
    app('mac-teams', 'Microsoft Teams', '25044.2208.3471.2155', 'available'),
  ],
};

export const OPERATING_SYSTEM_NAME: Record<Platform, string> = {
  Windows: 'Windows',
  iOS: 'iOS',
  Android: 'Android',
  macOS: 'macOS',
};

/** Profiles assigned to a few devices only, on top of their platform's set (e.g. to produce a conflict). */
export const EXTRA_PROFILES: Record<string, PolicyDefinition> = {
  financeLegacyBitLocker: policy(
    'profile-finance-bitlocker-legacy',
    'NW - Finance BitLocker (legacy)',
    'windows10AndLater',
    [
      ['Windows10EndpointProtectionConfiguration.BitLockerEncryptDevice', 'Encrypt devices', 'true'],
      [
        'Windows10EndpointProtectionConfiguration.BitLockerRecoveryPasswordRotation',
        'Recovery password rotation',
        'disabled',
      ],
    ],
  ),
  kioskLockdown: policy('profile-android-kiosk', 'NW - Warehouse scanner lockdown', 'androidWorkProfile', [
    ['AndroidDeviceOwnerGeneralDeviceConfiguration.KioskModeApps', 'Kiosk apps', 'Northwind Scanner'],
  ]),
};
