// Every action on a card answers in the card's language: the language (and the reader's time zone) ride
// along in each action's data, so the next card does not fall back to whatever locale Teams sends.
import type { Translator } from '../i18n';
import type { AdaptiveCard } from './render-card';

/** Keys in an action's data that the bot sets itself; their values are validated when they come back. */
export const CARD_LANGUAGE_KEY = 'lang';
export const CARD_TIME_ZONE_KEY = 'tz';

const DATA_ACTIONS = new Set(['Action.Execute', 'Action.Submit']);

function stamp(value: unknown, extra: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => stamp(item, extra));
  if (value === null || typeof value !== 'object') return value;
  const node: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) node[key] = stamp(child, extra);
  if (typeof node.type === 'string' && DATA_ACTIONS.has(node.type)) {
    const data = node.data;
    // Action.Submit may carry a string; Teams passes that through untouched, so it is left alone.
    if (data === undefined || (data !== null && typeof data === 'object' && !Array.isArray(data)))
      node.data = { ...(data as Record<string, unknown> | undefined), ...extra };
  }
  return node;
}

/** The card with the reader's language and time zone in the data of every Action.Execute and Action.Submit. */
export function withCardLanguage(card: AdaptiveCard, tr: Translator): AdaptiveCard {
  return stamp(card, { [CARD_LANGUAGE_KEY]: tr.language, [CARD_TIME_ZONE_KEY]: tr.timeZone }) as AdaptiveCard;
}
