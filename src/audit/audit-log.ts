// Who looked up whom, when, from which conversation, and what came of it. Ids and outcomes only: no
// device data, no Graph payloads, no tokens.

export type AuditOutcome = 'shown' | 'denied' | 'notFound' | 'ambiguous' | 'invalid' | 'failed';

export interface AuditEntry {
  time: string;
  requesterId: string | null;
  requesterName: string;
  tenantId: string | null;
  /** The person looked at, when known (an Entra object id). */
  targetId: string | null;
  /** The command or card verb, e.g. `troubleshoot` or `failure.open`. */
  action: string;
  conversationId: string;
  conversationKind: 'personal' | 'groupChat' | 'channel';
  outcome: AuditOutcome;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** The newest entries about one person, newest first. */
  findByTarget(targetId: string, limit: number): Promise<AuditEntry[]>;
}
