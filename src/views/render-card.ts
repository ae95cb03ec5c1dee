// Expands a cards/<name>.json template with its data. Templates hold layout only; every string arrives in
// the data (from locales), so one template serves every language.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { PROJECT_ROOT } from '../paths/project-root';

export const CARDS_DIR = join(PROJECT_ROOT, 'cards');
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams accepts 100 KB per message and recommends staying within 80 KB. */
export const CARD_BUDGET_BYTES = 80 * 1024;

export type CardName =
  | 'dashboard'
  | 'help'
  | 'message'
  | 'candidates'
  | 'report-list'
  | 'report-sections'
  | 'enrollment-failures'
  | 'failure-details'
  | 'self-service'
  | 'private-result'
  | 'case'
  | 'case-list'
  | 'welcome'
  | 'device-logs';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

const templates = new Map<CardName, unknown>();

function loadTemplate(name: CardName): unknown {
  let template = templates.get(name);
  if (template === undefined) {
    template = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as unknown;
    templates.set(name, template);
  }
  return template;
}

export function renderCard(name: CardName, data: object): AdaptiveCard {
  const card = new Template(loadTemplate(name)).expand({ $root: data }) as AdaptiveCard;
  return card;
}

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * Text from Graph or from a user goes into TextBlocks, which render Markdown links. A zero-width space
 * between "]" and "(" keeps a device named "[click](https://…)" from becoming a link, and shows as typed.
 */
export function plain(text: string | null | undefined): string {
  return (text ?? '').replace(/\]\s*\(/g, ']\u200b(');
}
