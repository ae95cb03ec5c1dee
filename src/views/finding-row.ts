// One finding of the diagnosis as a card row, shared by the dashboard, the findings list and self-service.
import type { Translator } from '../i18n';
import type { Finding } from '../troubleshooting/diagnosis';
import type { Color } from './color';
import { say } from './say';

export interface FindingRow {
  title: string;
  evidence: string;
  fix: string;
  color: Color;
  verb: string;
  action: Record<string, string>;
}

/** One finding as a row: what, the evidence in figures, the fix, and what opens when it is clicked. */
export function findingRow(
  finding: Finding,
  userId: string,
  tr: Translator,
  now: Date,
  audience: 'agent' | 'self' = 'agent',
): FindingRow {
  const action = audience === 'agent' ? finding.action : finding.userAction;
  return {
    title: say(finding.title, tr, now),
    evidence: finding.evidence
      .slice(0, 3)
      .map((e) => say(e, tr, now))
      .join(' · '),
    fix: tr.t('diagnosis:view.fix', {
      fix: say(audience === 'agent' ? finding.fix : finding.userFix, tr, now),
    }),
    color: finding.severity === 'critical' ? 'Attention' : 'Warning',
    verb: action?.verb ?? '',
    action: action ? { ...(audience === 'agent' ? { userId } : {}), ...action.data } : {},
  };
}
