import type { User } from '@microsoft/microsoft-graph-types';
import type { LicenseStatus } from '../troubleshooting/report';

/**
 * Service plans that license a user for Intune. INTUNE_A is from Microsoft's licensing reference; EDU, SMBIZ,
 * GOV and VL come from third-party plan lists (their ids cannot match anything else, so a wrong one is inert).
 */
const INTUNE_USER_PLANS: ReadonlyMap<string, string> = new Map([
  ['c1ec4a95-1f05-45b3-a911-aa3fa01094f5', 'INTUNE_A'],
  ['da24caf9-af8e-485c-b7c8-e73336da2693', 'INTUNE_EDU'],
  ['8e9ff0ff-aa7a-4b20-83c1-2f636b600ac2', 'INTUNE_SMBIZ'],
  ['d216f254-796f-4dab-bbfa-710686e646b9', 'INTUNE_A_GOV'],
  ['3e170737-c728-4eae-bbb9-3f3360f7184c', 'INTUNE_A_VL'],
]);

/** Shown because agents mistake it for Intune: basic mobility for Office 365, not an Intune license. */
const NOT_INTUNE_PLANS: ReadonlyMap<string, string> = new Map([
  ['882e1d05-acd1-4ccb-8708-6ee03664b117', 'INTUNE_O365'],
]);

export function mapLicense(user: User): LicenseStatus {
  const intunePlans: LicenseStatus['intunePlans'] = [];
  let hasIntuneLicense = false;
  for (const plan of user.assignedPlans ?? []) {
    const id = (plan.servicePlanId ?? '').toLowerCase();
    const name = INTUNE_USER_PLANS.get(id) ?? NOT_INTUNE_PLANS.get(id);
    if (name === undefined) continue;
    const capabilityStatus = plan.capabilityStatus ?? 'Unknown';
    intunePlans.push({ servicePlanId: id, name, capabilityStatus });
    if (INTUNE_USER_PLANS.has(id) && capabilityStatus === 'Enabled') hasIntuneLicense = true;
  }
  return { hasIntuneLicense, intunePlans };
}
