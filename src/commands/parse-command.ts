// Turns a chat message into a command. Pure: the bot layer passes the text and the mentions it got from
// Teams, and acts on the result. Keywords come in English and Dutch; case and spacing don't matter.
import type { Language } from '../i18n';

/** Longest name, UPN or email the bot searches for; longer text is refused before it reaches Graph. */
export const MAX_QUERY_LENGTH = 200;

export interface Mention {
  /** The Teams id of the mentioned account (29:… for people, 28:… for bots). */
  id: string;
  name: string;
  /** The markup in the message text, e.g. `<at>Adele Vance</at>`. */
  text: string;
}

export type Target =
  | { kind: 'self' }
  | { kind: 'text'; text: string }
  | { kind: 'mention'; mention: Mention }
  | { kind: 'missing' };

export type Command =
  | { kind: 'troubleshoot'; target: Target; language: Language }
  | { kind: 'audit'; target: Target; language: Language }
  | { kind: 'useChannel'; topic: string | null; language: Language }
  | { kind: 'escalations'; language: Language }
  | { kind: 'help'; language: Language }
  | { kind: 'unknown'; language: Language | null };

export interface MessageInput {
  text: string;
  mentions: readonly Mention[];
  /** The bot's own Teams id; its mention is removed before parsing. */
  botId: string | null;
}

const SELF_WORDS = new Set(['me', 'myself', 'mij', 'mijzelf', 'mezelf', 'ik']);

type Build = (argument: string, mentions: readonly Mention[], language: Language) => Command;

function troubleshoot(argument: string, mentions: readonly Mention[], language: Language): Command {
  const mention = mentions.find((m) => argument.includes(m.text) || argument.includes(m.name));
  if (mention) return { kind: 'troubleshoot', target: { kind: 'mention', mention }, language };
  const text = argument.replace(/^["'“”‘’]+|["'“”‘’]+$/g, '').trim();
  if (text === '') return { kind: 'troubleshoot', target: { kind: 'missing' }, language };
  if (SELF_WORDS.has(text.toLowerCase())) return { kind: 'troubleshoot', target: { kind: 'self' }, language };
  return { kind: 'troubleshoot', target: { kind: 'text', text }, language };
}

function audit(argument: string, mentions: readonly Mention[], language: Language): Command {
  const parsed = troubleshoot(argument, mentions, language);
  return parsed.kind === 'troubleshoot' ? { kind: 'audit', target: parsed.target, language } : parsed;
}

/** Dutch topic names, as the help card and the escalation form show them. */
const TOPIC_ALIASES: ReadonlyMap<string, string> = new Map([
  ['inschrijving', 'enrollment'],
  ['naleving', 'compliance'],
  ['overig', 'other'],
]);

const useChannel: Build = (argument, _mentions, language) => {
  const topic = argument.trim().toLowerCase();
  return { kind: 'useChannel', topic: TOPIC_ALIASES.get(topic) ?? (topic || null), language };
};
const escalations: Build = (_argument, _mentions, language) => ({ kind: 'escalations', language });
const self: Build = (_argument, _mentions, language) => ({
  kind: 'troubleshoot',
  target: { kind: 'self' },
  language,
});
const help: Build = (_argument, _mentions, language) => ({ kind: 'help', language });

/** The words of each command, by language: lower-case, matched at the start of the message on word boundaries. */
const KEYWORDS: readonly [Build, Partial<Record<Language, readonly string[]>>][] = [
  [troubleshoot, { en: ['troubleshoot'], nl: ['problemen oplossen', 'probleemoplossing'] }],
  [self, { en: ['my status'], nl: ['mijn status'] }],
  [useChannel, { en: ['use this channel for escalations'], nl: ['gebruik dit kanaal voor escalaties'] }],
  [escalations, { en: ['escalations'], nl: ['escalaties'] }],
  [audit, { en: ['audit'] }],
  [help, { en: ['help', '?'], nl: ['hulp'] }],
];

interface Rule {
  words: string;
  language: Language;
  build: Build;
}

// Longest keyword sequence first, so that one that starts with another's words still wins.
const RULES: readonly Rule[] = KEYWORDS.flatMap(([build, byLanguage]) =>
  (Object.entries(byLanguage) as [Language, readonly string[]][]).flatMap(([language, words]) =>
    words.map((w) => ({ words: w, language, build })),
  ),
).sort((a, b) => b.words.length - a.words.length);

function stripMarkup(text: string): string {
  return text
    .replace(/&nbsp;/gi, ' ')
    .replace(/<\/?(p|div|span|br)\b[^>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function removeBotMention(input: MessageInput): { text: string; mentions: Mention[] } {
  let text = input.text;
  const others: Mention[] = [];
  for (const mention of input.mentions) {
    if (input.botId !== null && mention.id === input.botId) text = text.split(mention.text).join(' ');
    else others.push(mention);
  }
  return { text: stripMarkup(text), mentions: others };
}

export function parseCommand(input: MessageInput): Command {
  const { text, mentions } = removeBotMention(input);
  const lower = text.toLowerCase();
  for (const rule of RULES) {
    if (lower === rule.words || lower.startsWith(`${rule.words} `)) {
      return rule.build(text.slice(rule.words.length).trim(), mentions, rule.language);
    }
  }
  const dutchHint = /\b(wie|mij|hoe|wat|apparaat|inschrijven)\b/.test(lower);
  return { kind: 'unknown', language: dutchHint ? 'nl' : null };
}
