// The flows of one turn, built around the turn's Graph context: the same source, whose requests carry the
// turn's correlation id. The access gate is shared by all turns (it holds nothing of one turn).
import type { AllowedTenants } from '../access/access-policy';
import type { AgentDirectory } from '../access/role-directory';
import type { AuditLog } from '../audit/audit-log';
import type { TroubleshootingSource } from '../troubleshooting/report';
import { AccessGate } from './access-gate';
import { AuditFlow } from './audit-flow';
import { SelfServiceFlow } from './self-service-flow';
import { TroubleshootFlow } from './troubleshoot-flow';

export interface FlowsDeps {
  source: TroubleshootingSource;
  roles: AgentDirectory;
  audit: AuditLog;
  allowedTenants: AllowedTenants;
  /** Time to the first answer of a lookup; the rest of a slow report follows in `later`. */
  firstAnswerMs?: number;
}

export interface TurnFlows {
  gate: AccessGate;
  /** The Graph source of this turn. */
  source: TroubleshootingSource;
  troubleshoot: TroubleshootFlow;
  selfService: SelfServiceFlow;
  audit: AuditFlow;
}

export class Flows {
  readonly gate: AccessGate;

  constructor(private readonly deps: FlowsDeps) {
    this.gate = new AccessGate({ roles: deps.roles, allowedTenants: deps.allowedTenants });
  }

  /** The flows for one turn, whose Graph requests carry the turn's correlation id. */
  forTurn(correlationId: string): TurnFlows {
    const { deps, gate } = this;
    const source = deps.source.withCorrelationId?.(correlationId) ?? deps.source;
    const troubleshoot = new TroubleshootFlow({ gate, source, firstAnswerMs: deps.firstAnswerMs });
    return {
      gate,
      source,
      troubleshoot,
      selfService: new SelfServiceFlow({ gate, troubleshoot }),
      audit: new AuditFlow({ gate, source, audit: deps.audit }),
    };
  }
}

export type { Admission, Admitted, Requester } from './access-gate';
export type { AuditTarget } from './audit-flow';
export * from './outcomes';
