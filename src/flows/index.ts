// The flows of one turn, built around the turn's Graph context: the same source, whose requests carry the
// turn's correlation id. The access gate is shared by all turns (it holds nothing of one turn).
import type { AllowedTenants } from '../access/access-policy';
import type { AgentDirectory } from '../access/role-directory';
import type { AuditLog } from '../audit/audit-log';
import type { TroubleshootingSource } from '../troubleshooting/report';
import { AccessGate } from './access-gate';
import { AuditFlow } from './audit-flow';
import { EscalationDesk, type EscalationDeskDeps, type EscalationFlow } from './escalation-flow';
import { SelfServiceFlow } from './self-service-flow';
import { TroubleshootFlow } from './troubleshoot-flow';

export interface FlowsDeps {
  source: TroubleshootingSource;
  roles: AgentDirectory;
  audit: AuditLog;
  allowedTenants: AllowedTenants;
  /** Cases, channels and the courier of the escalation desk (it shares the role directory). */
  escalations: Omit<EscalationDeskDeps, 'roles'>;
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
  escalation: EscalationFlow;
}

export class Flows {
  readonly gate: AccessGate;
  private readonly desk: EscalationDesk;

  constructor(private readonly deps: FlowsDeps) {
    this.gate = new AccessGate({ roles: deps.roles, allowedTenants: deps.allowedTenants });
    this.desk = new EscalationDesk({ ...deps.escalations, roles: deps.roles });
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
      escalation: this.desk.forTurn({ gate, source, troubleshoot }),
    };
  }
}

export type { Admission, Admitted, Requester } from './access-gate';
export type { AuditTarget } from './audit-flow';
export type { CaseCourier, CaseDelivery, CaseVerb, EscalationOutcome } from './escalation-flow';
export * from './outcomes';
