import type { Translator } from '../i18n';
import { renderCard, type AdaptiveCard } from './render-card';

export type MessageTone = 'info' | 'warning' | 'error';

const COLORS: Record<MessageTone, string> = { info: 'Default', warning: 'Warning', error: 'Attention' };

export interface MessageAction {
  title: string;
  verb: string;
  data: Record<string, string | number>;
}

/** A short card for refusals, "not found" and errors: a title and a few lines, all from messages.*. */
export function messageCard(
  tr: Translator,
  key: string,
  tone: MessageTone,
  params: Record<string, string | number> = {},
  extraLineKeys: string[] = [],
  actions: MessageAction[] = [],
): AdaptiveCard {
  return renderCard('message', {
    actions,
    title: tr.t(`messages.${key}Title`, params),
    color: COLORS[tone],
    lines: [
      tr.t(`messages.${key}`, params),
      ...extraLineKeys.map((k) => tr.t(`messages.${k}`, params)),
    ].filter(Boolean),
  });
}
