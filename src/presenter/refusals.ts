// Every refusal a flow can give, with its words (messages.<message> and messages.<message>Title), how
// it looks and what the audit trail records. A new refusal is one line here; a reason without one does
// not compile.
import type { AuditOutcome } from '../audit/audit-log';
import type { RefusalReason } from '../flows/outcomes';
import type { MessageTone } from '../views/message-view';

export interface RefusalEntry {
  /** The message key under `messages.`. */
  message: string;
  tone: MessageTone;
  outcome: AuditOutcome;
}

export const REFUSALS: { readonly [R in RefusalReason]: RefusalEntry } = {
  tenant: { message: 'tenant', tone: 'error', outcome: 'denied' },
  noIdentity: { message: 'noIdentity', tone: 'error', outcome: 'denied' },
  notAgent: { message: 'notAgent', tone: 'warning', outcome: 'denied' },
  // The words a non-agent gets, so a scoped agent learns nothing about people outside their scope.
  outOfScope: { message: 'notAgent', tone: 'warning', outcome: 'denied' },
  badAction: { message: 'badAction', tone: 'warning', outcome: 'invalid' },
  emptyQuery: { message: 'changeUserEmpty', tone: 'info', outcome: 'invalid' },
  userGone: { message: 'userGone', tone: 'warning', outcome: 'notFound' },
  rateLimited: { message: 'slowDown', tone: 'warning', outcome: 'denied' },
  tooLong: { message: 'tooLong', tone: 'warning', outcome: 'invalid' },
  intuneRoleDenied: { message: 'intuneRoleDenied', tone: 'warning', outcome: 'denied' },
  channelOnly: { message: 'channelOnly', tone: 'info', outcome: 'invalid' },
  unknownTopic: { message: 'unknownTopic', tone: 'warning', outcome: 'invalid' },
  tooManyCases: { message: 'tooManyCases', tone: 'info', outcome: 'denied' },
  caseGone: { message: 'caseGone', tone: 'warning', outcome: 'notFound' },
  // Told the same as for a case that does not exist, so a guessed id reveals nothing.
  caseHidden: { message: 'caseGone', tone: 'warning', outcome: 'denied' },
  assigneeNotAgent: { message: 'assigneeNotAgent', tone: 'warning', outcome: 'invalid' },
};
