import type * as Graph from '@microsoft/microsoft-graph-types';
import type * as Beta from '@microsoft/microsoft-graph-types-beta';

// The demo tenant's data, as Graph entities plus the relationships Graph computes server-side
// (group membership, policy targeting). Routes read it; only the seed builds it.

/** Graph's derived types carry their type name; the typings leave it out. */
export type Typed<T> = T & { '@odata.type': string };

export interface DemoGroup {
  entity: Graph.Group & { id: string; displayName: string };
  /** Direct members: user ids and (for nesting) group ids. */
  memberIds: string[];
}

export interface DemoEnrollmentConfiguration {
  entity: Typed<Graph.DeviceEnrollmentConfiguration> & { id: string };
  assignments: Graph.EnrollmentConfigurationAssignment[];
}

export interface DemoAppProtectionPolicy {
  entity: Typed<Graph.TargetedManagedAppProtection> & { id: string };
  targetGroupIds: string[];
}

export interface DemoAppRegistration {
  entity: Typed<Graph.ManagedAppRegistration> & { id: string; userId: string };
  appliedPolicyIds: string[];
}

export type DemoUser = Graph.User & { id: string; displayName: string; userPrincipalName: string };

export type DemoManagedDevice = Typed<Beta.ManagedDevice> & {
  id: string;
  userId: string;
  deviceName: string;
};

/** Intune role-based access: definitions with their permissions, assignments, scope tags (beta shapes). */
export interface DemoRoleDefinition {
  entity: Typed<Beta.RoleDefinition> & { id: string; displayName: string };
}

export interface DemoRoleAssignment {
  entity: Typed<Beta.DeviceAndAppManagementRoleAssignment> & { id: string; displayName: string };
  roleDefinitionId: string;
}

export interface TenantData {
  tenantId: string;
  organisationName: string;
  domain: string;
  /** The "now" the seed's relative dates were computed from. */
  now: Date;
  deviceManagement: Typed<Graph.DeviceManagement> & { id: string };
  users: DemoUser[];
  groups: DemoGroup[];
  managedDevices: DemoManagedDevice[];
  /** Entra ID device objects (`/devices`), keyed to managed devices by deviceId = azureADDeviceId. */
  entraDevices: (Graph.Device & { id: string; deviceId: string })[];
  /** By managed device id. */
  compliancePolicyStates: Map<string, Typed<Beta.DeviceCompliancePolicyState>[]>;
  /** By managed device id: template profiles, the only ones the deprecated deviceConfigurationStates lists. */
  configurationStates: Map<string, Typed<Beta.DeviceConfigurationState>[]>;
  /** By managed device id: Settings catalog policies (configurationPolicies), seen only in the reports API. */
  settingsCatalogStates: Map<string, { id: string; displayName: string; state: string }[]>;
  appIntentAndStates: (Typed<Beta.MobileAppIntentAndState> & { userId: string })[];
  troubleshootingEvents: (Typed<Beta.EnrollmentTroubleshootingEvent> & { id: string; userId: string })[];
  appRegistrations: DemoAppRegistration[];
  appProtectionPolicies: DemoAppProtectionPolicy[];
  /** By user id. */
  appDiagnostics: Map<string, Typed<Graph.ManagedAppDiagnosticStatus>[]>;
  enrollmentConfigurations: DemoEnrollmentConfiguration[];
  roleScopeTags: (Typed<Beta.RoleScopeTag> & { id: string; displayName: string })[];
  roleDefinitions: DemoRoleDefinition[];
  roleAssignments: DemoRoleAssignment[];
}
