// `audit <who>`: the recorded lookups of one person; agents only, like any lookup of someone else.
import { isObjectId } from '../access/access-policy';
import { isScopedToGroups } from '../access/intune-scope';
import type { AuditLog } from '../audit/audit-log';
import type { TroubleshootingSource, UserIdentity } from '../troubleshooting/report';
import type { AccessGate, Requester } from './access-gate';
import { refused, type AuditLookupOutcome } from './outcomes';

/** Entries read per audit at most; beyond this the card says "10000 or more". */
export const AUDIT_SCAN_LIMIT = 10_000;

export type AuditTarget = { kind: 'text'; text: string } | { kind: 'objectId'; id: string };

export interface AuditFlowDeps {
  gate: AccessGate;
  /** The Graph source of this turn. */
  source: TroubleshootingSource;
  audit: AuditLog;
}

export class AuditFlow {
  constructor(private readonly deps: AuditFlowDeps) {}

  async forAudit(requester: Requester, target: AuditTarget, page = 0): Promise<AuditLookupOutcome> {
    const { gate, source } = this.deps;
    const admitted = await gate.admit(requester);
    if (!admitted.ok) return admitted.refusal;
    if (admitted.role !== 'agent') {
      return refused(
        'notAgent',
        target.kind === 'text' ? { query: target.text } : isObjectId(target.id) ? { id: target.id } : {},
      );
    }
    let user: UserIdentity | null;
    if (target.kind === 'objectId') {
      if (!isObjectId(target.id)) user = null;
      else {
        const [found, scope] = await Promise.all([
          source.getUserById(target.id),
          gate.viewOf(admitted, target.id),
        ]);
        if (!scope.covered) return refused('outOfScope');
        user = found;
      }
    } else {
      const resolution = await source.resolveUser(target.text);
      if (resolution.kind === 'ambiguous') {
        const { shown } = await gate.candidatesInScope(admitted, resolution.candidates);
        if (shown.length === 0) return refused('outOfScope', { query: target.text });
        if (shown.length > 1) {
          return {
            kind: 'candidates',
            query: target.text,
            purpose: 'audit',
            candidates: shown,
            found: resolution.candidates.length,
            scoped: isScopedToGroups(admitted.reach),
          };
        }
        user = shown[0] ?? null;
      } else user = resolution.kind === 'found' ? resolution.user : null;
    }
    if (!user) return { kind: 'notFound', query: target.kind === 'text' ? target.text : '' };
    const scope = await gate.viewOf(admitted, user.id);
    if (!scope.covered) return refused('outOfScope', { id: user.id });
    const names = [user.userPrincipalName, user.displayName, ...(user.mail ? [user.mail] : [])];
    // All of them (up to the scan limit), so the card can say the true total and page through it.
    const entries = await this.deps.audit.findBySubject({ id: user.id, names }, AUDIT_SCAN_LIMIT);
    return gate.confirm(admitted, { kind: 'audit', user, entries, scanLimit: AUDIT_SCAN_LIMIT, page });
  }
}
