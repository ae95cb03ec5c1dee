// `troubleshoot me` and the self-service buttons: the requester's own report, by the object id Teams vouches
// for. Agents get their dashboard; everyone else the plain-language self-service view.
import type { Role } from '../access/access-policy';
import type { AccessGate, Admitted, Requester } from './access-gate';
import type { LookupOutcome, ReportShown } from './outcomes';
import type { TroubleshootFlow } from './troubleshoot-flow';

export interface SelfServiceFlowDeps {
  gate: AccessGate;
  troubleshoot: TroubleshootFlow;
}

const viewFor = (role: Role): ReportShown['view'] => (role === 'agent' ? 'dashboard' : 'selfService');

export class SelfServiceFlow {
  constructor(private readonly deps: SelfServiceFlowDeps) {}

  async forSelf(requester: Requester): Promise<LookupOutcome> {
    const { gate, troubleshoot } = this.deps;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    const { requesterId } = admitted;
    if (admitted.recheck !== undefined) {
      // Whether the dashboard or the self-service view applies depends on the role itself.
      const { role, reach } = await admitted.recheck;
      const checked: Admitted = { ok: true, requesterId, role, reach };
      return troubleshoot.forUserId(checked, requesterId, { view: viewFor(role) });
    }
    return troubleshoot.forUserId(admitted, requesterId, { view: viewFor(admitted.role) });
  }
}
