// Parses a card with the Adaptive Cards renderer (under jsdom) as a 1.5 card and returns every problem it
// reports: unknown element or action types, bad enum values, duplicate ids, missing urls.
import { JSDOM } from 'jsdom';

interface ValidationEvent {
  message: string;
  event: number;
}
interface SerializationContextLike {
  eventCount: number;
  getEventAt(index: number): ValidationEvent;
}
interface AdaptiveCardsModule {
  AdaptiveCard: new () => {
    parse(json: unknown, context: SerializationContextLike): void;
    validateProperties(): { validationEvents: ValidationEvent[] };
  };
  SerializationContext: new (version: unknown) => SerializationContextLike;
  Versions: { v1_5: unknown };
}

let cards: AdaptiveCardsModule | null = null;

function load(): AdaptiveCardsModule {
  if (cards) return cards;
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const globals = globalThis as unknown as Record<string, unknown>;
  for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Node']) {
    if (globals[name] === undefined) globals[name] = (dom.window as unknown as Record<string, unknown>)[name];
  }
  // The package's main entry is ESM without extensions; its UMD bundle loads in Node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the DOM globals exist
  cards = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  return cards;
}

export function cardProblems(json: unknown): string[] {
  const { AdaptiveCard, SerializationContext, Versions } = load();
  const context = new SerializationContext(Versions.v1_5);
  const card = new AdaptiveCard();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}
