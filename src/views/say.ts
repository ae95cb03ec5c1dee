// Puts the diagnosis' language-free texts (keys + parameters) into the reader's language.
import type { Translator } from '../i18n';
import type { Text, TextParam } from '../troubleshooting/diagnosis';
import { formatDate, relativeTime } from './format';
import { plain } from './render-card';

function param(value: TextParam, tr: Translator, now: Date): string | number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return plain(value);
  if ('key' in value) return say(value, tr, now);
  if ('ago' in value) return relativeTime(value.ago, now, tr);
  if ('date' in value) return formatDate(value.date, tr);
  const items = value.list.map((item) => String(param(item, tr, now)));
  return new Intl.ListFormat(tr.locale, { style: 'long', type: 'conjunction' }).format(items);
}

export function say(text: Text, tr: Translator, now: Date): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) params[name] = param(value, tr, now);
  return tr.t(text.key, {
    ...params,
    // Only a neutral "other" word: a stored case's texts must not name any other key.
    ...(text.fallbackKey !== undefined && text.fallbackKey.endsWith('.other')
      ? { defaultValue: tr.t(text.fallbackKey) }
      : text.fallback !== undefined
        ? { defaultValue: plain(text.fallback) }
        : {}),
  });
}
