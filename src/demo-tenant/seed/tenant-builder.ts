import type * as Graph from '@microsoft/microsoft-graph-types';
import type * as Beta from '@microsoft/microsoft-graph-types-beta';

import { POLICY_STATUSES_WORST_FIRST } from '../../troubleshooting/report';
import { stableGuid } from '../stable-id';
import {
  APPS,
  COMPLIANCE_POLICIES,
  CONFIGURATION_PROFILES,
  DEFAULT_COMPLIANCE_POLICY,
  EXTRA_PROFILES,
  OPERATING_SYSTEM_NAME,
  type Platform,
  type PolicyDefinition,
} from './catalog';
import { FAILURE_DEFINITIONS, FAILURE_REASONS, type FailureReasonKey } from './enrollment-failures';
import type {
  DemoAppProtectionPolicy,
  DemoAppRegistration,
  DemoEnrollmentConfiguration,
  DemoGroup,
  DemoManagedDevice,
  DemoRoleAssignment,
  DemoRoleDefinition,
  DemoUser,
  TenantData,
  Typed,
} from './model';

// Builder functions for the seed: one call adds a person, a device, a failure… with realistic defaults,
// so the organisation file reads like a description of the people and their problems.

export const INTUNE_A_PLAN_ID = 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5';
export const INTUNE_O365_PLAN_ID = '882e1d05-acd1-4ccb-8708-6ee03664b117';
const EXCHANGE_PLAN_ID = 'efb87545-963c-4e0d-99df-69c6916d9eb0';
const TEAMS_PLAN_ID = '57ff2da0-773e-42df-b2af-ffb7a2317929';
const AAD_PREMIUM_PLAN_ID = '41781fb2-bc02-4b7c-bd55-b576c07bb09d';
const INTUNE_MDM_APP_ID = '0000000a-0000-0000-c000-000000000000';
const NULL_GUID = '00000000-0000-0000-0000-000000000000';

/** Which Intune-related license the person holds. `o365Mdm` is basic mobility only: not an Intune license. */
export type LicenseKind = 'intune' | 'intuneSuspended' | 'o365Mdm' | 'none';

export interface PersonSpec {
  /** Stable key: the id is derived from it, and it is the UPN's local part unless `upnLocal` is given. */
  key: string;
  givenName: string;
  surname: string;
  displayName?: string;
  upnLocal?: string;
  /** The mail address's local part when it differs from the UPN's (e.g. it keeps an apostrophe). */
  mailLocal?: string;
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
  license?: LicenseKind;
  accountEnabled?: boolean;
  /** A B2B guest from another organisation: `#EXT#` UPN, userType Guest. */
  guestFrom?: string;
}

export type DeviceOwnership = 'company' | 'personal';

export interface SettingOverride {
  /** The last part of the setting id, e.g. BitLockerEnabled. */
  setting: string;
  state?: Beta.ComplianceStatus;
  currentValue?: string;
  errorCode?: number;
  errorDescription?: string;
}

export interface ProfileOverride extends SettingOverride {
  /** The profile's display name. */
  profile: string;
}

export interface DeviceSpec {
  name: string;
  platform: Platform;
  osVersion: string;
  model: string;
  manufacturer: string;
  ownership?: DeviceOwnership;
  joinType?: Beta.JoinType;
  managementAgent?: Beta.ManagementAgentType;
  enrollmentType?: Beta.DeviceEnrollmentType;
  /** Provisioned by Windows Autopilot; default: every company-owned Windows device. */
  autopilot?: boolean;
  /** Defaults to a few hours ago. */
  lastSyncDaysAgo?: number;
  enrolledDaysAgo?: number;
  /** Overrides the state derived from the compliance settings (e.g. inGracePeriod, error). */
  complianceState?: Beta.ComplianceState;
  failingCompliance?: SettingOverride[];
  profileIssues?: ProfileOverride[];
  extraProfiles?: (keyof typeof EXTRA_PROFILES)[];
  /** Install state per app display name, for apps that are not in their default state. */
  apps?: Record<string, Beta.ResultantAppState>;
  /** Entra ID's isCompliant when it lags behind Intune; derived from complianceState otherwise. */
  entraCompliant?: boolean;
  /** False for a device that never registered in Entra ID (azureADDeviceId is the empty GUID). */
  registeredInEntra?: boolean;
  serialNumber?: string;
  /** Intune scope tags; by default the tag of the owner's office, else Default ("0"). */
  scopeTagIds?: string[];
}

export interface RoleAssignmentSpec {
  key: string;
  displayName: string;
  description: string;
  roleKey: string;
  adminGroups: string[];
  scopeType: Exclude<Beta.RoleAssignmentScopeType, 'unknownFutureValue'>;
  scopeGroups?: string[];
  scopeTagIds: string[];
}

export interface FailureSpec {
  reason: FailureReasonKey;
  /** Overrides the category usually reported with the reason. */
  category?: Beta.DeviceEnrollmentFailureReason;
  daysAgo: number;
  platform: Platform;
  osVersion: string;
  enrollmentType: Beta.DeviceEnrollmentType;
  /** Whether the beta troubleshootingErrorDetails is filled in (the service leaves it empty for some events). */
  withDetails: boolean;
}

export interface AppRegistrationSpec {
  app: 'outlook' | 'teams' | 'edge';
  platform: 'iOS' | 'Android';
  deviceName: string;
  deviceModel: string;
  platformVersion: string;
  appVersion: string;
  flaggedReasons?: string[];
  lastSyncDaysAgo?: number;
  /** App protection policy keys applied to this registration; none when the user is not targeted. */
  policies: string[];
}

export interface PlatformRule {
  platformBlocked?: boolean;
  personalDeviceEnrollmentBlocked?: boolean;
  osMinimumVersion?: string | null;
  osMaximumVersion?: string | null;
}

type PlatformRestrictionKey = 'ios' | 'android' | 'windows' | 'windowsMobile' | 'macOS';

interface ConfigurationSpec {
  key: string;
  displayName: string;
  description: string;
  /** Group keys; empty for the tenant default (assigned to all licensed users). */
  groups: string[];
  /** Lower wins. Omitted for the default, which gets a number above every other of its kind. */
  priority?: number;
}

const APP_IDENTIFIERS: Record<AppRegistrationSpec['app'], { ios: string; android: string; name: string }> = {
  outlook: { ios: 'com.microsoft.Office.Outlook', android: 'com.microsoft.office.outlook', name: 'Outlook' },
  teams: { ios: 'com.microsoft.skype.teams', android: 'com.microsoft.teams', name: 'Teams' },
  edge: { ios: 'com.microsoft.msedge', android: 'com.microsoft.emmx', name: 'Edge' },
};

const DEVICE_TYPE: Record<Platform, Beta.DeviceType> = {
  Windows: 'desktop',
  iOS: 'iPhone',
  Android: 'androidForWork',
  macOS: 'macMDM',
};

const TRUST_TYPE: Record<Beta.JoinType, string> = {
  azureADJoined: 'AzureAd',
  hybridAzureADJoined: 'ServerAd',
  azureADRegistered: 'Workplace',
  unknown: 'Workplace',
};

/** Severity order used to roll setting states up into a policy state (worst wins). */
const SEVERITY: readonly Beta.ComplianceStatus[] = POLICY_STATUSES_WORST_FIRST;

export function userIdFor(key: string): string {
  return stableGuid(`user:${key}`);
}

export function groupIdFor(key: string): string {
  return stableGuid(`group:${key}`);
}

interface DynamicGroupRule {
  groupKey: string;
  matches: (user: DemoUser) => boolean;
}

export class TenantBuilder {
  private readonly users = new Map<string, DemoUser>();
  private readonly groups = new Map<string, DemoGroup>();
  private readonly dynamicRules: DynamicGroupRule[] = [];
  private readonly devices: DemoManagedDevice[] = [];
  private readonly entraDevices: TenantData['entraDevices'] = [];
  private readonly compliancePolicyStates: TenantData['compliancePolicyStates'] = new Map();
  private readonly configurationStates: TenantData['configurationStates'] = new Map();
  private readonly settingsCatalogStates: TenantData['settingsCatalogStates'] = new Map();
  private readonly appIntentAndStates: TenantData['appIntentAndStates'] = [];
  private readonly troubleshootingEvents: TenantData['troubleshootingEvents'] = [];
  private readonly appRegistrations: DemoAppRegistration[] = [];
  private readonly appProtectionPolicies = new Map<string, DemoAppProtectionPolicy>();
  private readonly diagnosticsByUser: TenantData['appDiagnostics'] = new Map();
  private readonly enrollmentConfigurations: (DemoEnrollmentConfiguration & {
    kind: string;
    isDefault: boolean;
  })[] = [];
  private readonly roleScopeTags: TenantData['roleScopeTags'] = [];
  private readonly officeTags = new Map<string, string>();
  private readonly roleDefinitions = new Map<string, DemoRoleDefinition>();
  private readonly roleAssignments: DemoRoleAssignment[] = [];
  private failureCount = 0;

  constructor(
    private readonly now: Date,
    private readonly tenant: { tenantId: string; organisationName: string; domain: string },
  ) {}

  /** An ISO timestamp `days` before now (fractions allowed). */
  daysAgo(days: number): string {
    return new Date(this.now.getTime() - days * 86_400_000).toISOString();
  }

  private user(key: string): DemoUser {
    const user = this.users.get(key);
    if (!user) throw new Error(`Seed error: unknown person '${key}'`);
    return user;
  }

  private group(key: string): DemoGroup {
    const group = this.groups.get(key);
    if (!group) throw new Error(`Seed error: unknown group '${key}'`);
    return group;
  }

  person(spec: PersonSpec, groupKeys: string[] = []): string {
    const id = userIdFor(spec.key);
    const local = spec.upnLocal ?? spec.key;
    const domain = this.tenant.domain;
    const guest = spec.guestFrom !== undefined;
    const userPrincipalName = guest ? `${local}_${spec.guestFrom}#EXT#@${domain}` : `${local}@${domain}`;
    const mail = guest ? `${local}@${spec.guestFrom}` : `${spec.mailLocal ?? local}@${domain}`;
    const license = spec.license ?? (guest ? 'none' : 'intune');
    const user: DemoUser = {
      id,
      displayName: spec.displayName ?? `${spec.givenName} ${spec.surname}`,
      givenName: spec.givenName,
      surname: spec.surname,
      userPrincipalName,
      mail,
      mailNickname: guest ? `${local}_${spec.guestFrom}#EXT#` : local,
      jobTitle: spec.jobTitle ?? null,
      department: spec.department ?? null,
      officeLocation: spec.officeLocation ?? null,
      accountEnabled: spec.accountEnabled ?? true,
      userType: guest ? 'Guest' : 'Member',
      usageLocation: guest ? null : 'NL',
      preferredLanguage: guest ? null : 'nl-NL',
      businessPhones: [],
      mobilePhone: null,
      companyName: guest ? null : this.tenant.organisationName,
      createdDateTime: this.daysAgo(400 + (this.users.size % 7) * 31),
      creationType: guest ? 'Invitation' : null,
      externalUserState: guest ? 'Accepted' : null,
      assignedPlans: this.assignedPlans(license),
      assignedLicenses: [],
    };
    this.users.set(spec.key, user);
    for (const groupKey of groupKeys) this.group(groupKey).memberIds.push(id);
    return id;
  }

  private assignedPlans(license: LicenseKind): Graph.AssignedPlan[] {
    const assignedDateTime = this.daysAgo(380);
    const plan = (
      servicePlanId: string,
      service: string,
      capabilityStatus = 'Enabled',
    ): Graph.AssignedPlan => ({
      assignedDateTime,
      capabilityStatus,
      service,
      servicePlanId,
    });
    const office = [plan(EXCHANGE_PLAN_ID, 'exchange'), plan(TEAMS_PLAN_ID, 'TeamspaceAPI')];
    switch (license) {
      case 'intune':
        return [...office, plan(AAD_PREMIUM_PLAN_ID, 'AADPremiumService'), plan(INTUNE_A_PLAN_ID, 'SCO')];
      case 'intuneSuspended':
        return [...office, plan(INTUNE_A_PLAN_ID, 'SCO', 'Suspended')];
      case 'o365Mdm':
        return [...office, plan(INTUNE_O365_PLAN_ID, 'SCO')];
      case 'none':
        return [];
    }
  }

  securityGroup(key: string, displayName: string, description: string, parentKeys: string[] = []): string {
    return this.addGroup(
      key,
      { displayName, description, groupTypes: [], securityEnabled: true, mailEnabled: false },
      parentKeys,
    );
  }

  microsoft365Group(key: string, displayName: string, description: string): string {
    return this.addGroup(key, {
      displayName,
      description,
      groupTypes: ['Unified'],
      securityEnabled: false,
      mailEnabled: true,
      mail: `${key}@${this.tenant.domain}`,
    });
  }

  /** A dynamic security group; `matches` is how the demo evaluates the rule (Graph does this server-side). */
  dynamicGroup(
    key: string,
    displayName: string,
    membershipRule: string,
    matches: (user: DemoUser) => boolean,
  ): string {
    this.dynamicRules.push({ groupKey: key, matches });
    return this.addGroup(key, {
      displayName,
      description: `Dynamic: ${membershipRule}`,
      groupTypes: ['DynamicMembership'],
      securityEnabled: true,
      mailEnabled: false,
      membershipRule,
      membershipRuleProcessingState: 'On',
    });
  }

  private addGroup(
    key: string,
    fields: Graph.Group & { displayName: string },
    parentKeys: string[] = [],
  ): string {
    const id = groupIdFor(key);
    this.groups.set(key, {
      entity: {
        id,
        mailNickname: key,
        mail: null,
        membershipRule: null,
        membershipRuleProcessingState: null,
        createdDateTime: this.daysAgo(700 - this.groups.size),
        visibility: fields.groupTypes?.includes('Unified') ? 'Private' : null,
        ...fields,
      },
      memberIds: [],
    });
    for (const parent of parentKeys) this.group(parent).memberIds.push(id);
    return id;
  }

  addToGroups(personKey: string, groupKeys: string[]): void {
    const id = this.user(personKey).id;
    for (const groupKey of groupKeys) this.group(groupKey).memberIds.push(id);
  }

  /** A custom Intune scope tag; devices of people in `offices` carry it unless their spec says otherwise. */
  scopeTag(id: string, displayName: string, description: string, offices: string[]): void {
    this.roleScopeTags.push({
      '@odata.type': '#microsoft.graph.roleScopeTag',
      id,
      displayName,
      description,
      isBuiltIn: false,
    });
    for (const office of offices) this.officeTags.set(office, id);
  }

  /** A role definition with the resource actions it allows, as Intune lists built-in and custom roles. */
  roleDefinition(
    key: string,
    displayName: string,
    description: string,
    isBuiltIn: boolean,
    actions: string[],
  ): string {
    const id = stableGuid(`role-definition:${key}`);
    this.roleDefinitions.set(key, {
      entity: {
        '@odata.type': '#microsoft.graph.deviceAndAppManagementRoleDefinition',
        id,
        displayName,
        description,
        isBuiltIn,
        isBuiltInRoleDefinition: isBuiltIn,
        roleScopeTagIds: [],
        rolePermissions: [
          {
            actions: [],
            resourceActions: [{ allowedResourceActions: actions, notAllowedResourceActions: [] }],
          },
        ],
        permissions: [
          {
            actions: [],
            resourceActions: [{ allowedResourceActions: actions, notAllowedResourceActions: [] }],
          },
        ],
      },
    });
    return id;
  }

  roleAssignment(spec: RoleAssignmentSpec): void {
    const definition = this.roleDefinitions.get(spec.roleKey);
    if (!definition) throw new Error(`unknown role ${spec.roleKey}`);
    this.roleAssignments.push({
      roleDefinitionId: definition.entity.id,
      entity: {
        '@odata.type': '#microsoft.graph.deviceAndAppManagementRoleAssignment',
        id: stableGuid(`role-assignment:${spec.key}`),
        displayName: spec.displayName,
        description: spec.description,
        members: spec.adminGroups.map((g) => this.group(g).entity.id),
        scopeType: spec.scopeType,
        resourceScopes: (spec.scopeGroups ?? []).map((g) => this.group(g).entity.id),
        scopeMembers: [],
        roleScopeTagIds: spec.scopeTagIds,
      },
    });
  }

  device(personKey: string, spec: DeviceSpec): string {
    const user = this.user(personKey);
    const id = stableGuid(`device:${personKey}:${spec.name}`);
    const registered = spec.registeredInEntra ?? true;
    const azureADDeviceId = registered ? stableGuid(`entra-device-id:${personKey}:${spec.name}`) : NULL_GUID;
    const ownership = spec.ownership ?? 'company';
    const joinType = spec.joinType ?? this.defaultJoinType(spec.platform, ownership);
    const lastSyncDaysAgo = spec.lastSyncDaysAgo ?? 0.15 + (this.devices.length % 5) * 0.1;
    const enrolledDaysAgo = spec.enrolledDaysAgo ?? 120 + (this.devices.length % 9) * 23;
    const userInfo = {
      userId: user.id,
      userPrincipalName: user.userPrincipalName,
      userName: user.displayName,
    };

    const compliance = this.complianceStates(spec, lastSyncDaysAgo, userInfo);
    const failing = compliance.some((p) => p.state !== 'compliant' && p.state !== 'notApplicable');
    const complianceState: Beta.ComplianceState =
      spec.complianceState ?? (failing ? 'noncompliant' : 'compliant');
    const phone = spec.platform === 'iOS' || spec.platform === 'Android';

    const device: DemoManagedDevice = {
      '@odata.type': '#microsoft.graph.managedDevice',
      id,
      userId: user.id,
      deviceName: spec.name,
      managedDeviceName: `${user.mailNickname ?? 'user'}_${spec.platform}_${this.daysAgo(enrolledDaysAgo).slice(0, 10)}`,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName,
      emailAddress: user.mail ?? null,
      managementAgent: spec.managementAgent ?? 'mdm',
      managementState: 'managed',
      joinType,
      managedDeviceOwnerType: ownership,
      ownerType: ownership,
      complianceState,
      complianceGracePeriodExpirationDateTime:
        complianceState === 'inGracePeriod' ? this.daysAgo(-3) : '9999-12-31T23:59:59Z',
      operatingSystem: OPERATING_SYSTEM_NAME[spec.platform],
      osVersion: spec.osVersion,
      model: spec.model,
      manufacturer: spec.manufacturer,
      serialNumber:
        spec.serialNumber ?? stableGuid(`serial:${id}`).replace(/-/g, '').slice(0, 12).toUpperCase(),
      imei: phone ? `35${stableGuid(`imei:${id}`).replace(/\D/g, '').padEnd(13, '7').slice(0, 13)}` : null,
      lastSyncDateTime: this.daysAgo(lastSyncDaysAgo),
      enrolledDateTime: this.daysAgo(enrolledDaysAgo),
      azureADDeviceId,
      azureADRegistered: registered,
      deviceEnrollmentType: spec.enrollmentType ?? this.defaultEnrollmentType(spec.platform, ownership),
      deviceRegistrationState: registered ? 'registered' : 'notRegistered',
      deviceType: DEVICE_TYPE[spec.platform],
      chassisType: phone ? 'phone' : 'laptop',
      autopilotEnrolled: spec.autopilot ?? (spec.platform === 'Windows' && ownership === 'company'),
      isEncrypted: !compliance.some((p) =>
        p.settingStates?.some(
          (s) => /Encrypt|BitLocker|FileVault/.test(s.setting ?? '') && s.state !== 'compliant',
        ),
      ),
      isSupervised: spec.platform === 'iOS' && ownership === 'company',
      jailBroken: phone ? 'False' : 'Unknown',
      exchangeAccessState: 'none',
      exchangeAccessStateReason: 'none',
      partnerReportedThreatState: 'unknown',
      totalStorageSpaceInBytes: phone ? 128_000_000_000 : 512_000_000_000,
      freeStorageSpaceInBytes: phone ? 41_000_000_000 : 203_000_000_000,
      physicalMemoryInBytes: 0,
      wiFiMacAddress: stableGuid(`mac:${id}`).replace(/-/g, '').slice(0, 12),
      deviceCategoryDisplayName: 'Unknown',
      roleScopeTagIds: spec.scopeTagIds ?? [this.officeTags.get(user.officeLocation ?? '') ?? '0'],
    };
    this.devices.push(device);
    this.compliancePolicyStates.set(id, compliance);
    this.configurationStates.set(id, this.configurationStatesFor(spec, userInfo));
    if (spec.platform === 'Windows' || spec.platform === 'macOS') {
      const encryption = compliance.some((p) =>
        p.settingStates?.some(
          (s) => /Encrypt|BitLocker|FileVault/.test(s.setting ?? '') && s.state !== 'compliant',
        ),
      );
      this.settingsCatalogStates.set(id, [
        {
          id: stableGuid(`settings-catalog:${spec.platform}`),
          displayName:
            spec.platform === 'Windows' ? 'NW - Windows security baseline' : 'NW - macOS disk encryption',
          state: encryption ? 'error' : 'compliant',
        },
      ]);
    }
    this.appIntentAndStates.push(this.appStates(spec, id, user.id));

    if (registered) {
      this.entraDevices.push({
        id: stableGuid(`entra-object:${id}`),
        deviceId: azureADDeviceId,
        displayName: spec.name,
        accountEnabled: true,
        isCompliant:
          spec.entraCompliant ?? (complianceState === 'compliant' || complianceState === 'inGracePeriod'),
        isManaged: true,
        mdmAppId: INTUNE_MDM_APP_ID,
        operatingSystem: OPERATING_SYSTEM_NAME[spec.platform],
        operatingSystemVersion: spec.osVersion,
        trustType: TRUST_TYPE[joinType],
        approximateLastSignInDateTime: this.daysAgo(lastSyncDaysAgo + 0.05),
        registrationDateTime: this.daysAgo(enrolledDaysAgo),
        manufacturer: spec.manufacturer,
        model: spec.model,
        deviceOwnership: ownership === 'company' ? 'Company' : 'Personal',
        profileType: joinType === 'azureADRegistered' ? 'RegisteredDevice' : null,
      });
    }
    return id;
  }

  private defaultJoinType(platform: Platform, ownership: DeviceOwnership): Beta.JoinType {
    if (platform === 'Windows') return ownership === 'company' ? 'azureADJoined' : 'azureADRegistered';
    return 'azureADRegistered';
  }

  private defaultEnrollmentType(platform: Platform, ownership: DeviceOwnership): Beta.DeviceEnrollmentType {
    if (platform === 'Windows') return ownership === 'company' ? 'windowsAzureADJoin' : 'userEnrollment';
    if (platform === 'iOS' || platform === 'macOS')
      return ownership === 'company' ? 'appleBulkWithUser' : 'userEnrollment';
    return ownership === 'company' ? 'androidEnterpriseCorporateWorkProfile' : 'userEnrollment';
  }

  private settingStates(
    policy: PolicyDefinition,
    overrides: SettingOverride[],
    userInfo: { userId: string; userPrincipalName: string; userName: string },
  ): Beta.DeviceCompliancePolicySettingState[] {
    for (const override of overrides) {
      if (!policy.settings.some((s) => s.setting.endsWith(`.${override.setting}`))) {
        throw new Error(`Seed error: '${policy.displayName}' has no setting '${override.setting}'`);
      }
    }
    return policy.settings.map((setting) => {
      const override = overrides.find((o) => setting.setting.endsWith(`.${o.setting}`));
      return {
        setting: setting.setting,
        settingName: setting.settingName,
        instanceDisplayName: null,
        state: override?.state ?? (override ? 'nonCompliant' : 'compliant'),
        errorCode: override?.errorCode ?? 0,
        errorDescription: override?.errorDescription ?? (override ? null : 'No error'),
        currentValue: override?.currentValue ?? setting.compliantValue,
        settingInstanceId: null,
        sources: [{ id: policy.id, displayName: policy.displayName, sourceType: 'deviceConfiguration' }],
        userId: userInfo.userId,
        userPrincipalName: userInfo.userPrincipalName,
        userName: userInfo.userName,
        userEmail: userInfo.userPrincipalName,
      };
    });
  }

  private policyState<T extends string>(
    type: T,
    policy: PolicyDefinition,
    settingStates: Beta.DeviceCompliancePolicySettingState[],
    userInfo: { userId: string; userPrincipalName: string },
  ): Typed<Beta.DeviceCompliancePolicyState> {
    const states = settingStates.map((s) => s.state ?? 'unknown');
    const state = SEVERITY.find((severity) => states.includes(severity)) ?? 'unknown';
    return {
      '@odata.type': type,
      id: policy.id,
      displayName: policy.displayName,
      version: policy.version,
      platformType: policy.platformType,
      state,
      settingCount: settingStates.length,
      settingStates,
      userId: userInfo.userId,
      userPrincipalName: userInfo.userPrincipalName,
    };
  }

  private complianceStates(
    spec: DeviceSpec,
    lastSyncDaysAgo: number,
    userInfo: { userId: string; userPrincipalName: string; userName: string },
  ): Typed<Beta.DeviceCompliancePolicyState>[] {
    // Intune marks a device that has not checked in for 30 days as not "active" in the built-in policy.
    const inactive: SettingOverride[] =
      lastSyncDaysAgo > 30 ? [{ setting: 'RequireRemainContact', currentValue: 'false' }] : [];
    const type = '#microsoft.graph.deviceCompliancePolicyState';
    const builtIn = DEFAULT_COMPLIANCE_POLICY;
    const assigned = COMPLIANCE_POLICIES[spec.platform];
    return [
      this.policyState(
        type,
        assigned,
        this.settingStates(assigned, spec.failingCompliance ?? [], userInfo),
        userInfo,
      ),
      this.policyState(type, builtIn, this.settingStates(builtIn, inactive, userInfo), userInfo),
    ];
  }

  private configurationStatesFor(
    spec: DeviceSpec,
    userInfo: { userId: string; userPrincipalName: string; userName: string },
  ): Typed<Beta.DeviceConfigurationState>[] {
    const profiles = [
      ...CONFIGURATION_PROFILES[spec.platform],
      ...(spec.extraProfiles ?? []).map((key) => {
        const profile = EXTRA_PROFILES[key];
        if (!profile) throw new Error(`Seed error: unknown extra profile '${key}'`);
        return profile;
      }),
    ];
    const issues = spec.profileIssues ?? [];
    for (const issue of issues) {
      if (!profiles.some((p) => p.displayName === issue.profile)) {
        throw new Error(`Seed error: device '${spec.name}' has no profile '${issue.profile}'`);
      }
    }
    return profiles.map((profile) => {
      const overrides = issues.filter((issue) => issue.profile === profile.displayName);
      const settingStates = this.settingStates(profile, overrides, userInfo);
      return this.policyState('#microsoft.graph.deviceConfigurationState', profile, settingStates, userInfo);
    });
  }

  private appStates(
    spec: DeviceSpec,
    deviceId: string,
    userId: string,
  ): TenantData['appIntentAndStates'][number] {
    const apps = APPS[spec.platform];
    for (const name of Object.keys(spec.apps ?? {})) {
      if (!apps.some((a) => a.displayName === name))
        throw new Error(`Seed error: no app '${name}' on ${spec.platform}`);
    }
    return {
      '@odata.type': '#microsoft.graph.mobileAppIntentAndState',
      id: stableGuid(`app-intent:${deviceId}`),
      managedDeviceIdentifier: deviceId,
      userId,
      mobileAppList: apps.map((app) => ({
        applicationId: app.id,
        displayName: app.displayName,
        displayVersion: app.version,
        mobileAppIntent: app.intent,
        installState:
          spec.apps?.[app.displayName] ?? (app.intent === 'available' ? 'notInstalled' : 'installed'),
        supportedDeviceTypes: [
          {
            type: DEVICE_TYPE[spec.platform],
            minimumOperatingSystemVersion: null,
            maximumOperatingSystemVersion: null,
          },
        ],
      })),
    };
  }

  enrollmentFailure(personKey: string, spec: FailureSpec): string {
    const user = this.user(personKey);
    const definition = FAILURE_DEFINITIONS[spec.reason];
    const id = stableGuid(`enrollment-failure:${personKey}:${this.failureCount++}`);
    const details = spec.withDetails
      ? {
          context: `${OPERATING_SYSTEM_NAME[spec.platform]} ${spec.osVersion}, ${spec.enrollmentType}`,
          ...definition.details,
        }
      : null;
    this.troubleshootingEvents.push({
      '@odata.type': '#microsoft.graph.enrollmentTroubleshootingEvent',
      id,
      eventDateTime: this.daysAgo(spec.daysAgo),
      correlationId: stableGuid(`correlation:${id}`),
      managedDeviceIdentifier: NULL_GUID,
      operatingSystem: OPERATING_SYSTEM_NAME[spec.platform],
      osVersion: spec.osVersion,
      userId: user.id,
      deviceId: NULL_GUID,
      enrollmentType: spec.enrollmentType,
      failureCategory: spec.category ?? definition.category,
      failureReason: FAILURE_REASONS[spec.reason],
      troubleshootingErrorDetails: details,
      eventName: 'Enrollment failed',
      additionalInformation: [],
    });
    return id;
  }

  appProtectionPolicy(
    key: string,
    platform: 'iOS' | 'Android',
    displayName: string,
    groupKeys: string[],
  ): string {
    const id = `T_${stableGuid(`app-protection:${key}`)}`;
    this.appProtectionPolicies.set(key, {
      entity: {
        '@odata.type':
          platform === 'iOS'
            ? '#microsoft.graph.iosManagedAppProtection'
            : '#microsoft.graph.androidManagedAppProtection',
        id,
        displayName,
        description: `App protection for ${platform} work apps`,
        createdDateTime: this.daysAgo(500),
        lastModifiedDateTime: this.daysAgo(40),
        version: '"5a0d2b00-0000-0d00-0000-65b8f1a20000"',
        isAssigned: true,
        pinRequired: true,
        minimumPinLength: 6,
        dataBackupBlocked: true,
        allowedOutboundDataTransferDestinations: 'managedApps',
        periodOfflineBeforeAccessCheck: 'PT12H',
        periodOfflineBeforeWipeIsEnforced: 'P90D',
      },
      targetGroupIds: groupKeys.map((groupKey) => this.group(groupKey).entity.id),
    });
    return id;
  }

  appRegistration(personKey: string, spec: AppRegistrationSpec): string {
    const user = this.user(personKey);
    const identifier = APP_IDENTIFIERS[spec.app];
    const ios = spec.platform === 'iOS';
    const id = stableGuid(`app-registration:${personKey}:${spec.app}:${spec.deviceName}`);
    const appliedPolicyIds = spec.policies.map((key) => {
      const policy = this.appProtectionPolicies.get(key);
      if (!policy) throw new Error(`Seed error: unknown app protection policy '${key}'`);
      return policy.entity.id;
    });
    this.appRegistrations.push({
      entity: {
        '@odata.type': ios
          ? '#microsoft.graph.iosManagedAppRegistration'
          : '#microsoft.graph.androidManagedAppRegistration',
        id,
        userId: user.id,
        createdDateTime: this.daysAgo(90),
        lastSyncDateTime: this.daysAgo(spec.lastSyncDaysAgo ?? 0.3),
        applicationVersion: spec.appVersion,
        managementSdkVersion: ios ? '19.7.0' : '10.4.1',
        platformVersion: spec.platformVersion,
        deviceType: spec.deviceModel,
        deviceTag: stableGuid(`device-tag:${id}`),
        deviceName: spec.deviceName,
        flaggedReasons: (spec.flaggedReasons ?? []) as Graph.ManagedAppFlaggedReason[],
        appIdentifier: ios
          ? {
              '@odata.type': '#microsoft.graph.iosMobileAppIdentifier',
              bundleId: identifier.ios,
            }
          : {
              '@odata.type': '#microsoft.graph.androidMobileAppIdentifier',
              packageId: identifier.android,
            },
        version: '1',
      },
      appliedPolicyIds,
    });
    return id;
  }

  appDiagnostics(
    personKey: string,
    statuses: { validationName: string; state: string; mitigationInstruction: string | null }[],
  ): void {
    this.diagnosticsByUser.set(
      this.user(personKey).id,
      statuses.map((status) => ({ '@odata.type': 'microsoft.graph.managedAppDiagnosticStatus', ...status })),
    );
  }

  platformRestriction(
    spec: ConfigurationSpec,
    rules: Partial<Record<PlatformRestrictionKey, PlatformRule>>,
  ): string {
    const restriction = (
      key: PlatformRestrictionKey,
    ): Graph.DeviceEnrollmentPlatformRestriction & { '@odata.type': string } => ({
      '@odata.type': 'microsoft.graph.deviceEnrollmentPlatformRestriction',
      platformBlocked: rules[key]?.platformBlocked ?? false,
      personalDeviceEnrollmentBlocked: rules[key]?.personalDeviceEnrollmentBlocked ?? false,
      osMinimumVersion: rules[key]?.osMinimumVersion ?? null,
      osMaximumVersion: rules[key]?.osMaximumVersion ?? null,
    });
    return this.addConfiguration(spec, 'platform', 'DefaultPlatformRestrictions', {
      '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration',
      iosRestriction: restriction('ios'),
      windowsRestriction: restriction('windows'),
      windowsMobileRestriction: restriction('windowsMobile'),
      androidRestriction: restriction('android'),
      macOSRestriction: restriction('macOS'),
    });
  }

  /** The beta single-platform kind that Intune creates today (one platform per restriction). */
  singlePlatformRestriction(
    spec: ConfigurationSpec,
    platformType: 'android' | 'androidForWork' | 'ios' | 'mac' | 'windows' | 'linux',
    rule: PlatformRule,
  ): string {
    return this.addConfiguration(spec, 'platform', 'DefaultPlatformRestrictions', {
      '@odata.type': '#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration',
      deviceEnrollmentConfigurationType: 'singlePlatformRestriction',
      platformType,
      platformRestriction: {
        '@odata.type': 'microsoft.graph.deviceEnrollmentPlatformRestriction',
        platformBlocked: rule.platformBlocked ?? false,
        personalDeviceEnrollmentBlocked: rule.personalDeviceEnrollmentBlocked ?? false,
        osMinimumVersion: rule.osMinimumVersion ?? null,
        osMaximumVersion: rule.osMaximumVersion ?? null,
        blockedManufacturers: [],
        blockedSkus: [],
      },
    });
  }

  deviceLimit(spec: ConfigurationSpec, limit: number): string {
    return this.addConfiguration(spec, 'limit', 'DefaultLimit', {
      '@odata.type': '#microsoft.graph.deviceEnrollmentLimitConfiguration',
      limit,
    });
  }

  windowsHelloForBusiness(spec: ConfigurationSpec): string {
    return this.addConfiguration(spec, 'windowsHello', 'DefaultWindowsHelloForBusiness', {
      '@odata.type': '#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration',
      state: 'enabled',
      pinMinimumLength: 6,
      pinMaximumLength: 127,
      pinUppercaseCharactersUsage: 'allowed',
      pinLowercaseCharactersUsage: 'allowed',
      pinSpecialCharactersUsage: 'allowed',
      securityDeviceRequired: true,
      unlockWithBiometricsEnabled: true,
      remotePassportEnabled: false,
      pinPreviousBlockCount: 0,
      pinExpirationInDays: 0,
      enhancedBiometricsState: 'enabled',
    });
  }

  private addConfiguration(
    spec: ConfigurationSpec,
    kind: string,
    defaultSuffix: string,
    fields: Record<string, unknown> & { '@odata.type': string },
  ): string {
    const isDefault = spec.groups.length === 0;
    // Intune gives the tenant defaults ids of the form <guid>_DefaultLimit and so on.
    const id = isDefault
      ? `${stableGuid(`tenant-default:${this.tenant.tenantId}`)}_${defaultSuffix}`
      : stableGuid(`enrollment-configuration:${spec.key}`);
    const assignments: Graph.EnrollmentConfigurationAssignment[] = isDefault
      ? [
          {
            id: `${id}_allLicensedUsers`,
            target: {
              '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget',
            },
          },
        ]
      : spec.groups.map((groupKey) => {
          const groupId = this.group(groupKey).entity.id;
          return {
            id: `${id}_${groupId}`,
            target: {
              '@odata.type': '#microsoft.graph.groupAssignmentTarget',
              groupId,
            },
          };
        });
    this.enrollmentConfigurations.push({
      kind,
      isDefault,
      entity: {
        ...fields,
        id,
        displayName: spec.displayName,
        description: spec.description,
        priority: spec.priority ?? 0,
        createdDateTime: this.daysAgo(isDefault ? 900 : 200),
        lastModifiedDateTime: this.daysAgo(isDefault ? 300 : 25),
        version: isDefault ? 1 : 4,
      },
      assignments,
    });
    return id;
  }

  build(): TenantData {
    // Dynamic membership is evaluated once all people exist, like the directory would.
    for (const rule of this.dynamicRules) {
      const group = this.group(rule.groupKey);
      for (const user of this.users.values()) if (rule.matches(user)) group.memberIds.push(user.id);
    }
    // The default of each kind ranks after every custom configuration of that kind.
    for (const configuration of this.enrollmentConfigurations) {
      if (!configuration.isDefault) continue;
      const others = this.enrollmentConfigurations.filter(
        (c) => c.kind === configuration.kind && !c.isDefault,
      );
      configuration.entity.priority = Math.max(0, ...others.map((c) => c.entity.priority ?? 0)) + 1;
    }
    return {
      ...this.tenant,
      now: this.now,
      deviceManagement: {
        '@odata.type': '#microsoft.graph.deviceManagement',
        id: stableGuid(`device-management:${this.tenant.tenantId}`),
        subscriptionState: 'active',
      },
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      managedDevices: this.devices,
      entraDevices: this.entraDevices,
      compliancePolicyStates: this.compliancePolicyStates,
      configurationStates: this.configurationStates,
      settingsCatalogStates: this.settingsCatalogStates,
      appIntentAndStates: this.appIntentAndStates,
      troubleshootingEvents: this.troubleshootingEvents,
      appRegistrations: this.appRegistrations,
      appProtectionPolicies: [...this.appProtectionPolicies.values()],
      appDiagnostics: this.diagnosticsByUser,
      enrollmentConfigurations: this.enrollmentConfigurations.map(({ entity, assignments }) => ({
        entity,
        assignments,
      })),
      roleScopeTags: [
        {
          '@odata.type': '#microsoft.graph.roleScopeTag',
          id: '0',
          displayName: 'Default',
          description: 'Default scope tag',
          isBuiltIn: true,
        },
        ...this.roleScopeTags,
      ],
      roleDefinitions: [...this.roleDefinitions.values()],
      roleAssignments: this.roleAssignments,
    };
  }
}
