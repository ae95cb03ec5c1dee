// The inputs of "Escalate to tier 2" (dashboard) and "Contact the helpdesk" (self-service).
import { CASE_LIMITS, CASE_SEVERITIES, CASE_TOPICS, type CaseTopic } from '../escalations';
import type { Translator } from '../i18n';
import type { Diagnosis } from '../troubleshooting/diagnosis';

export interface EscalationFormData {
  strings: Record<
    | 'title'
    | 'topicLabel'
    | 'severityLabel'
    | 'reasonLabel'
    | 'reasonPlaceholder'
    | 'reasonRequired'
    | 'noteLabel'
    | 'notePlaceholder'
    | 'submit',
    string
  >;
  topics: { title: string; value: string }[];
  severities: { title: string; value: string }[];
  defaultTopic: CaseTopic;
  reasonMax: number;
  noteMax: number;
  /** What the submit button sends besides the inputs (the subject, and the card to show again). */
  data: Record<string, unknown>;
}

/** The topic the likeliest cause points at, so the case lands in the right channel by default. */
export function suggestedTopic(diagnosis: Diagnosis): CaseTopic {
  return diagnosis.findings[0]?.topic ?? 'other';
}

export function escalationForm(
  tr: Translator,
  audience: 'agent' | 'self',
  defaultTopic: CaseTopic,
  data: Record<string, unknown> = {},
): EscalationFormData {
  const { t } = tr;
  return {
    strings: {
      title: t(audience === 'agent' ? 'cases.escalate' : 'cases.contactHelpdesk'),
      topicLabel: t('cases.topicLabel'),
      severityLabel: t('cases.severityLabel'),
      reasonLabel: t('cases.reasonLabel'),
      reasonPlaceholder: t('cases.reasonPlaceholder'),
      reasonRequired: t('cases.reasonRequired'),
      noteLabel: t(audience === 'agent' ? 'cases.noteLabel' : 'cases.noteLabelSelf'),
      notePlaceholder: t(audience === 'agent' ? 'cases.notePlaceholder' : 'cases.notePlaceholderSelf'),
      submit: t('cases.submit'),
    },
    topics: CASE_TOPICS.map((value) => ({ title: t(`cases.topic.${value}`), value })),
    severities: CASE_SEVERITIES.map((value) => ({ title: t(`cases.severity.${value}`), value })),
    defaultTopic,
    reasonMax: CASE_LIMITS.reason,
    noteMax: CASE_LIMITS.note,
    data,
  };
}
