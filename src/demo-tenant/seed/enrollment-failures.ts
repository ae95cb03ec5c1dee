import type * as Beta from '@microsoft/microsoft-graph-types-beta';
import { ENROLLMENT_FAILURE_CATEGORIES } from '../../troubleshooting/report';

// The enrollment failures the demo tenant reports. failureReason values are the failure names the
// Intune troubleshooting pane shows (the 20-row list of the 2019 help-desk-operators page), which is the
// text Graph's `failureReason` carries; tests and views refer to them through these constants.

export const FAILURE_REASONS = {
  timeoutOrFailure: 'Timeout or Failure',
  userNotFoundOrLicensed: 'User not found or licensed',
  deviceAlreadyEnrolled: 'Device already enrolled',
  notOnboardedIntoIntune: 'Not onboarded into Intune',
  enrollmentAuthorizationFailed: 'Enrollment authorization failed',
  deviceNotSupported: 'Device not supported',
  enrollmentRestrictionsNotMet: 'Enrollment restrictions not met',
  deviceVersionTooLow: 'Device version too low',
  deviceVersionTooHigh: 'Device version too high',
  deviceCannotBeEnrolledAsPersonal: 'Device cannot be enrolled as personal',
  devicePlatformBlocked: 'Device platform blocked',
  bulkTokenExpired: 'Bulk token expired',
  autopilotDeviceNotFound: 'Autopilot device or details not found',
  autopilotProfileNotFound: 'Autopilot profile not found or not assigned',
  autopilotEnrollmentMethodUnexpected: 'Autopilot enrollment method unexpected',
  autopilotDeviceRemoved: 'Autopilot device removed',
  deviceCapReached: 'Device cap reached',
  appleOnboarding: 'Apple onboarding',
  deviceNotPreregistered: 'Device not preregistered',
  featureNotSupported: 'Feature not supported',
  /** Not one of the 20 portal rows: the service's own maintenance window (failureCategory inMaintenance). */
  accountInMaintenance: 'Account in maintenance',
} as const;

export type FailureReasonKey = keyof typeof FAILURE_REASONS;
export type FailureReason = (typeof FAILURE_REASONS)[FailureReasonKey];

/** The 12 values of deviceEnrollmentFailureReason, the type of failureCategory. */
export const FAILURE_CATEGORIES =
  ENROLLMENT_FAILURE_CATEGORIES satisfies readonly Beta.DeviceEnrollmentFailureReason[];

const SUPPORT = 'https://learn.microsoft.com/troubleshoot/mem/intune/device-enrollment';
const ENROLLMENT = 'https://learn.microsoft.com/intune/intune-service/enrollment';
const AUTOPILOT = 'https://learn.microsoft.com/autopilot';

interface FailureDefinition {
  category: Beta.DeviceEnrollmentFailureReason;
  /** What the beta troubleshootingErrorDetails carries; written for the demo, in the service's style. */
  details: {
    failure: string;
    failureDetails: string;
    remediation: string;
    resources: { text: string; link: string }[];
  };
}

function definition(
  category: Beta.DeviceEnrollmentFailureReason,
  failure: string,
  failureDetails: string,
  remediation: string,
  resources: [string, string][],
): FailureDefinition {
  return {
    category,
    details: {
      failure,
      failureDetails,
      remediation,
      resources: resources.map(([text, link]) => ({ text, link })),
    },
  };
}

export const FAILURE_DEFINITIONS: Record<FailureReasonKey, FailureDefinition> = {
  timeoutOrFailure: definition(
    'clientDisconnected',
    'The enrollment timed out.',
    'The device stopped talking to Intune before enrollment finished, usually because the user paused for too long.',
    'Ask the user to start enrollment again and complete it in one go. If Company Portal keeps failing, sign in at https://portal.manage.microsoft.com from a browser, then reinstall Company Portal.',
    [['Troubleshoot iOS/iPadOS enrollment errors', `${SUPPORT}/troubleshoot-ios-enrollment-errors`]],
  ),
  userNotFoundOrLicensed: definition(
    'userValidation',
    'The user has no Intune license or no longer exists.',
    'Intune could not find a valid license for the user who tried to enroll.',
    'Assign a license that includes Microsoft Intune Plan 1 in the Microsoft 365 admin center, wait for it to apply, and enroll again.',
    [
      [
        'Assign licenses to users',
        'https://learn.microsoft.com/intune/intune-service/fundamentals/licenses-assign',
      ],
    ],
  ),
  deviceAlreadyEnrolled: definition(
    'badRequest',
    'The device is still enrolled by another user.',
    'Company Portal was used on a device that another account has already enrolled.',
    'Have the enrolling account remove its work or school account from the device (or retire the old device record in Intune), then enroll again with the right user.',
    [['Troubleshoot Windows enrollment errors', `${SUPPORT}/troubleshoot-windows-enrollment-errors`]],
  ),
  notOnboardedIntoIntune: definition(
    'accountValidation',
    'The MDM authority is not set.',
    'The tenant has no mobile device management authority configured, so Intune cannot accept enrollments.',
    'Set the MDM authority to Intune and check that the user synced to Entra ID with a matching UPN.',
    [
      [
        'Set the MDM authority',
        'https://learn.microsoft.com/intune/intune-service/fundamentals/mdm-authority-set',
      ],
    ],
  ),
  enrollmentAuthorizationFailed: definition(
    'authorization',
    'An outdated Company Portal was used.',
    'The enrollment request came from a Company Portal version Intune no longer accepts.',
    'Remove Company Portal, install the current version from the store and enroll again.',
    [['Troubleshoot iOS/iPadOS enrollment errors', `${SUPPORT}/troubleshoot-ios-enrollment-errors`]],
  ),
  deviceNotSupported: definition(
    'deviceNotSupported',
    'The device does not meet the minimum requirements.',
    'The device model or operating system edition is not supported for Intune enrollment.',
    'Check the device against the supported operating systems list; Windows Home must be upgraded to Pro or higher.',
    [
      [
        'Supported operating systems',
        'https://learn.microsoft.com/intune/intune-service/fundamentals/supported-devices-browsers',
      ],
    ],
  ),
  enrollmentRestrictionsNotMet: definition(
    'enrollmentRestrictionsEnforced',
    'An enrollment restriction blocked the device.',
    'A device platform restriction assigned to the user does not allow this enrollment.',
    'Find the platform restriction with the highest priority among the user’s groups and adjust it, or enroll a device it allows.',
    [['Create device platform restrictions', `${ENROLLMENT}/create-device-platform-restrictions`]],
  ),
  deviceVersionTooLow: definition(
    'enrollmentRestrictionsEnforced',
    'The OS version is below the allowed minimum.',
    'The platform restriction requires a newer operating system version than the device runs.',
    'Update the device, or lower the minimum version in the platform restriction.',
    [['Create device platform restrictions', `${ENROLLMENT}/create-device-platform-restrictions`]],
  ),
  deviceVersionTooHigh: definition(
    'enrollmentRestrictionsEnforced',
    'The OS version is above the allowed maximum.',
    'The platform restriction caps the operating system version below what the device runs.',
    'Raise or clear the maximum version in the platform restriction.',
    [['Create device platform restrictions', `${ENROLLMENT}/create-device-platform-restrictions`]],
  ),
  deviceCannotBeEnrolledAsPersonal: definition(
    'enrollmentRestrictionsEnforced',
    'Personal devices are blocked for this user.',
    'The restriction blocks personally owned devices and this device is not registered as corporate.',
    'Add the device’s serial number or IMEI as a corporate identifier, use a corporate enrollment method, or allow personal devices in the restriction.',
    [['Add corporate identifiers', `${ENROLLMENT}/corporate-identifiers-add`]],
  ),
  devicePlatformBlocked: definition(
    'enrollmentRestrictionsEnforced',
    'The device platform is blocked.',
    'The platform restriction that applies to the user blocks this platform.',
    'Allow the platform in the restriction that applies to the user (bulk enrollment always uses the default restriction).',
    [['Create device platform restrictions', `${ENROLLMENT}/create-device-platform-restrictions`]],
  ),
  bulkTokenExpired: definition(
    'authentication',
    'The provisioning package token expired.',
    'The bulk enrollment token in the provisioning package is no longer valid.',
    'Create a new provisioning package with a fresh bulk token in Windows Configuration Designer.',
    [['Bulk enrollment for Windows devices', `${ENROLLMENT}/windows-bulk-enroll`]],
  ),
  autopilotDeviceNotFound: definition(
    'unknown',
    'The device is not registered in Windows Autopilot.',
    'Intune could not find an Autopilot registration for this device’s hardware hash.',
    'Import the hardware hash (or have the OEM register it) and confirm the device is listed under Windows Autopilot devices.',
    [['Troubleshoot Autopilot OOBE issues', `${AUTOPILOT}/troubleshoot-oobe`]],
  ),
  autopilotProfileNotFound: definition(
    'unknown',
    'No Autopilot profile is assigned.',
    'The device is registered but no deployment profile has been assigned to it yet.',
    'Assign a deployment profile to a group that contains the device and wait until its profile status shows Assigned.',
    [['Configure Autopilot profiles', `${AUTOPILOT}/profiles`]],
  ),
  autopilotEnrollmentMethodUnexpected: definition(
    'badRequest',
    'The device used an enrollment method its Autopilot profile does not allow.',
    'A self-deploying or pre-provisioned device tried to enroll again outside the Autopilot flow.',
    'Delete the Intune device record and redeploy the device through Autopilot.',
    [['Troubleshoot Autopilot device enrollment', `${AUTOPILOT}/troubleshoot-device-enrollment`]],
  ),
  autopilotDeviceRemoved: definition(
    'accountValidation',
    'The device was removed from Autopilot.',
    'The device’s Autopilot registration was deleted from this tenant.',
    'Register the device in Autopilot again by importing its hardware hash.',
    [['Deregister and register devices', `${AUTOPILOT}/registration-overview`]],
  ),
  deviceCapReached: definition(
    'enrollmentRestrictionsEnforced',
    'The user has reached the device limit.',
    'The device limit restriction that applies to the user does not allow another device.',
    'Retire devices the user no longer uses, or raise the limit in the device limit restriction.',
    [['Create device limit restrictions', `${ENROLLMENT}/create-device-limit-restrictions`]],
  ),
  appleOnboarding: definition(
    'accountValidation',
    'The Apple MDM push certificate is missing or expired.',
    'Intune blocks every iOS/iPadOS and macOS enrollment until a valid Apple MDM push certificate is in place.',
    'Renew the Apple MDM push certificate with the same Apple ID in the Intune admin center.',
    [['Get an Apple MDM push certificate', `${ENROLLMENT}/apple-mdm-push-certificate-get`]],
  ),
  deviceNotPreregistered: definition(
    'enrollmentRestrictionsEnforced',
    'The device is not pre-registered as corporate.',
    'Personal enrollment is blocked and the device is not in the corporate device identifiers list.',
    'Add the device as a corporate identifier before enrollment, or use a corporate enrollment method.',
    [['Add corporate identifiers', `${ENROLLMENT}/corporate-identifiers-add`]],
  ),
  featureNotSupported: definition(
    'featureNotSupported',
    'The enrollment method is not set up for this tenant.',
    'The user tried an enrollment method that the tenant’s Intune configuration does not support.',
    'Check the enrollment method’s setup (for Windows: the MDM user scope in Entra ID; for Apple: the ADE token and profile).',
    [['Troubleshoot Windows enrollment errors', `${SUPPORT}/troubleshoot-windows-enrollment-errors`]],
  ),
  accountInMaintenance: definition(
    'inMaintenance',
    'The Intune service was in maintenance.',
    'The tenant’s Intune account was in a maintenance window when the device tried to enroll.',
    'Wait for the maintenance to finish (see Service health in the Microsoft 365 admin center) and enroll again.',
    [['Check service health', 'https://learn.microsoft.com/microsoft-365/enterprise/view-service-health']],
  ),
};
