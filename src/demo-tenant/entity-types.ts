import type { EntityType } from './projection';

// The selectable properties of the entity types the bot reads with $select. Not every property Graph
// has, but every one a troubleshooting client plausibly asks for; unknown names get Graph's 400.

const set = (names: string): ReadonlySet<string> => new Set(names.split(/\s+/).filter((n) => n !== ''));

export const USER_TYPE: EntityType = {
  name: 'microsoft.graph.user',
  properties: set(`
    id displayName givenName surname userPrincipalName mail mailNickname jobTitle department officeLocation
    accountEnabled userType assignedPlans assignedLicenses usageLocation preferredLanguage businessPhones
    mobilePhone companyName createdDateTime creationType externalUserState employeeId employeeType city
    country state streetAddress postalCode otherMails proxyAddresses onPremisesSyncEnabled
    onPremisesSamAccountName onPremisesUserPrincipalName identities deviceEnrollmentLimit ageGroup
    showInAddressList signInSessionsValidFromDateTime`),
  // Graph returns this small set when a user is read without $select.
  defaultProperties: [
    'businessPhones',
    'displayName',
    'givenName',
    'jobTitle',
    'mail',
    'mobilePhone',
    'officeLocation',
    'preferredLanguage',
    'surname',
    'userPrincipalName',
    'id',
  ],
};

export const GROUP_TYPE: EntityType = {
  name: 'microsoft.graph.group',
  properties: set(`
    id displayName description groupTypes securityEnabled mailEnabled mail mailNickname membershipRule
    membershipRuleProcessingState createdDateTime visibility classification isAssignableToRole
    onPremisesSyncEnabled proxyAddresses renewedDateTime securityIdentifier`),
};

export const DEVICE_TYPE: EntityType = {
  name: 'microsoft.graph.device',
  properties: set(`
    id deviceId displayName accountEnabled isCompliant isManaged mdmAppId operatingSystem
    operatingSystemVersion trustType approximateLastSignInDateTime registrationDateTime manufacturer model
    deviceOwnership profileType enrollmentType onPremisesSyncEnabled physicalIds systemLabels`),
};

export const MANAGED_DEVICE_TYPE: EntityType = {
  name: 'microsoft.graph.managedDevice',
  properties: set(`
    id userId deviceName managedDeviceName userPrincipalName userDisplayName emailAddress managementAgent
    managedDeviceOwnerType complianceState complianceGracePeriodExpirationDateTime operatingSystem osVersion
    model manufacturer serialNumber imei meid lastSyncDateTime enrolledDateTime azureADDeviceId
    azureADRegistered deviceEnrollmentType deviceRegistrationState isEncrypted isSupervised jailBroken
    exchangeAccessState exchangeAccessStateReason exchangeLastSuccessfulSyncDateTime easActivated
    easDeviceId easActivationDateTime partnerReportedThreatState totalStorageSpaceInBytes
    freeStorageSpaceInBytes physicalMemoryInBytes wiFiMacAddress ethernetMacAddress deviceCategoryDisplayName
    phoneNumber subscriberCarrier androidSecurityPatchLevel managementCertificateExpirationDate
    requireUserEnrollmentApproval iccid udid notes remoteAssistanceSessionUrl
    remoteAssistanceSessionErrorDetails activationLockBypassCode configurationManagerClientEnabledFeatures
    deviceActionResults deviceHealthAttestationState`),
  betaOnly: set(`
    joinType managementState deviceType ownerType autopilotEnrolled enrollmentProfileName chassisType
    skuFamily skuNumber processorArchitecture specificationVersion securityPatchLevel bootstrapTokenEscrowed
    enrolledByUserPrincipalName hardwareInformation managementFeatures lostModeState usersLoggedOn
    windowsActiveMalwareCount windowsRemediatedMalwareCount aadRegistered azureActiveDirectoryDeviceId
    roleScopeTagIds retireAfterDateTime preferMdmOverGroupPolicyAppliedDateTime
    configurationManagerClientHealthState configurationManagerClientInformation`),
};

export const DEVICE_MANAGEMENT_TYPE: EntityType = {
  name: 'microsoft.graph.deviceManagement',
  properties: set(`id subscriptionState settings intuneAccountId intuneBrand deviceProtectionOverview`),
};

/** Intune types the demo projects without validating the names. */
export const UNVALIDATED = (name: string): EntityType => ({ name, properties: null });
