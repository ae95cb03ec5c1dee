// A walk over every action of every card, in English and in Dutch: from the cards a person starts with
// (dashboards, self-service, help, audit, escalations, a case card), each Action.Execute a card offers is
// clicked as Teams sends it back, to a bounded depth. Every answer must be in the card's language, with no
// raw enum value, no unresolved template expression and no card over Teams' 80 KB.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR } from '../../src/i18n';
import { PROJECT_ROOT } from '../../src/paths/project-root';
import { CARD_BUDGET_BYTES } from '../../src/views/render-card';
import type { RosterMember } from '../support/connector-stand-in';
import {
  BOT,
  BotUnderTest,
  cardActions,
  cardText,
  invokeActivity,
  mention,
  person,
  rosterMember,
  type CardAction,
  type Person,
} from './bot-harness';

type Language = 'en' | 'nl';

const lotte = person('lotte');
const ruben = person('ruben');
const james = person('james');
const ENV = { PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000000' };
const ROSTER: RosterMember[] = [lotte, ruben, james].map((p) => rosterMember(p));

const MAX_DEPTH = 3;
/** Distinct actions followed per verb on one card (a list of 60 devices needs no 60 clicks). */
const PER_VERB = 2;

/** What a person types into a card's inputs before pressing its button. */
const INPUTS: Record<string, Record<string, string>> = {
  'case.create': { topic: 'enrollment', severity: 'high', reason: 'Walk', note: 'Walked' },
  'user.change': { query: 'daan.smit@northwind.example' },
  'case.assign': { assignee: 'ruben.devries@northwind.example' },
  'case.resolve': { resolution: 'Resolved on the walk' },
};

/**
 * Enum values, raw booleans and internal verbs that must never be read by a person. Words that are also
 * plain English or Dutch ("unknown", "error", "open") are left out.
 */
const RAW_VALUES =
  /\b(noncompliant|nonCompliant|inGracePeriod|configManager|notApplicable|notAssigned|requiredInstall|availableWithoutEnrollment|requiredUninstall|azureADJoined|azureADRegistered|hybridAzureADJoined|enrollmentRestrictionsEnforced|userValidation|accountValidation|deviceNotSupported|featureNotSupported|clientDisconnected|userAbandonment|uninstallFailed|pendingInstall|notInstalled|lockedOut|true|false|null|undefined|NaN|[a-z]+(?:\.[a-z]+)*\.open|case\.[a-z]+)\b/;

/**
 * Any lowerCamelCase token: how Graph spells enum values ("enabledForAzureAd", "windowsManagementCloudApi"),
 * so one the locales do not know yet is caught too. Product names spelled that way are taken out first.
 */
const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z]*\b/;
const BRAND_WORDS = /\b(iOS|iPadOS|macOS|iPhone|iPad|eSIM)\b/g;

function leafStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) leafStrings(item, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) leafStrings(v, out);
  return out;
}

/**
 * Texts that exist in one language only: the static parts (between placeholders) of every locale string
 * that reads differently in the other language, long enough not to be a shared word.
 */
function phrasesOnlyIn(language: Language): string[] {
  const other: Language = language === 'en' ? 'nl' : 'en';
  const read = (lng: Language): string[] =>
    readdirSync(join(LOCALES_DIR, lng))
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => leafStrings(JSON.parse(readFileSync(join(LOCALES_DIR, lng, f), 'utf8')) as unknown));
  const mine = read(language);
  const theirs = new Set(read(other));
  // Graph's own texts (policy names, Microsoft's failure reasons) are in English wherever they are read.
  const seedDir = join(PROJECT_ROOT, 'src', 'demo-tenant', 'seed');
  const graphText = readdirSync(seedDir)
    .map((f) => readFileSync(join(seedDir, f), 'utf8'))
    .join('\n');
  const theirText = `${[...theirs].join('\n')}\n${graphText}`;
  return [
    ...new Set(
      mine
        .filter((s) => !theirs.has(s))
        .flatMap((s) => s.split(/\{\{[^}]*\}\}|\$t\([^)]*\)/))
        .map((part) => part.trim())
        .filter((part) => part.length >= 18 && !theirText.includes(part)),
    ),
  ];
}

interface Visit {
  card: unknown;
  depth: number;
  path: string;
}

interface Problem {
  path: string;
  problem: string;
}

describe('bot: a walk over every action of every card', function () {
  this.timeout(600_000);
  let bot: BotUnderTest;
  const foreign: Record<Language, string[]> = { en: phrasesOnlyIn('nl'), nl: phrasesOnlyIn('en') };

  before(async () => {
    bot = await BotUnderTest.start(ENV, ROSTER);
    await bot.say(`<at>${BOT.name}</at> use this channel for escalations`, {
      from: lotte,
      conversationType: 'channel',
      conversationId: '19:walk-tier2@thread.tacv2;messageid=1',
      mentions: [mention(BOT)],
    });
  });
  after(() => bot.close());

  async function click(action: CardAction, from: Person, language: Language): Promise<unknown> {
    // The client's locale is the other language: only the card can say which one to answer in.
    const locale = language === 'en' ? 'nl-NL' : 'en-US';
    const data = { ...action.data, ...INPUTS[action.verb] };
    const activity = invokeActivity(bot.connector.url, action.verb, data, {
      from,
      locale,
      conversationId: `a:1walk-${from.teamsId}-${language}`,
    });
    const response = await bot.post(activity);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { value?: unknown };
    return body.value;
  }

  function check(card: unknown, language: Language, path: string): Problem[] {
    const problems: Problem[] = [];
    const json = JSON.stringify(card);
    const text = cardText(card);
    if (json.includes('${')) problems.push({ path, problem: 'an unresolved ${…}' });
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes >= CARD_BUDGET_BYTES) problems.push({ path, problem: `${bytes} bytes` });
    const raw = RAW_VALUES.exec(text) ?? CAMEL_CASE.exec(text.replace(BRAND_WORDS, ''));
    if (raw)
      problems.push({
        path,
        problem: `raw value “${raw[0]}” in: ${text.slice(Math.max(0, raw.index - 60), raw.index + 40)}`,
      });
    const wrong = foreign[language].find((phrase) => text.includes(phrase));
    if (wrong) problems.push({ path, problem: `“${wrong}” is not ${language}` });
    for (const a of cardActions(card)) {
      if (a.data.lang !== language)
        problems.push({ path, problem: `${a.verb} carries lang ${String(a.data.lang)}` });
    }
    return problems;
  }

  async function walk(
    start: unknown,
    from: Person,
    language: Language,
    name: string,
  ): Promise<{ clicks: number; problems: Problem[] }> {
    const problems: Problem[] = [...check(start, language, name)];
    const seen = new Set<string>();
    const queue: Visit[] = [{ card: start, depth: 0, path: name }];
    let clicks = 0;
    while (queue.length > 0) {
      const visit = queue.shift();
      if (!visit || visit.depth >= MAX_DEPTH) continue;
      const perVerb = new Map<string, number>();
      for (const action of cardActions(visit.card)) {
        const taken = perVerb.get(action.verb) ?? 0;
        if (taken >= PER_VERB) continue;
        const key = `${action.verb} ${JSON.stringify({ ...action.data, lang: undefined, tz: undefined })}`;
        if (seen.has(key)) continue;
        seen.add(key);
        perVerb.set(action.verb, taken + 1);
        const card = await click(action, from, language);
        clicks++;
        const path = `${visit.path} › ${action.verb} “${action.title}”`;
        problems.push(...check(card, language, path));
        queue.push({ card, depth: visit.depth + 1, path });
      }
    }
    return { clicks, problems };
  }

  for (const language of ['en', 'nl'] as const) {
    const troubleshoot = language === 'en' ? 'troubleshoot' : 'probleemoplossing';
    const starts: { name: string; from: Person; text: string }[] = [
      ...['daan', 'thomas', 'wouter', 'grace', 'pieter', 'yara'].map((who) => ({
        name: `${troubleshoot} ${who}`,
        from: lotte,
        text: `${troubleshoot} ${who === 'grace' ? 'grace' : person(who as 'daan').upn}`,
      })),
      { name: 'self-service', from: james, text: language === 'en' ? 'my status' : 'mijn status' },
      { name: 'help (agent)', from: lotte, text: language === 'en' ? 'help' : 'hulp' },
      { name: 'audit', from: lotte, text: `audit ${person('daan').upn}` },
      { name: 'escalations', from: ruben, text: language === 'en' ? 'escalations' : 'escalaties' },
    ];
    it(`${language}: every answer is in ${language}, in words, fully expanded and within 80 KB`, async () => {
      const problems: Problem[] = [];
      let clicks = 0;
      for (const start of starts) {
        const locale = language === 'en' ? 'en-US' : 'nl-NL';
        // Each start card in its own conversation, so that earlier walks' messages do not count.
        const turn = await bot.say(start.text, {
          from: start.from,
          locale,
          conversationId: `a:1walk-start-${language}-${start.name}`,
        });
        const result = await walk(turn.card, start.from, language, start.name);
        clicks += result.clicks;
        problems.push(...result.problems);
      }
      assert.ok(clicks > 100, `only ${clicks} clicks`);
      assert.deepEqual(
        problems.map((p) => `${p.path}: ${p.problem}`),
        [],
      );
    });
  }
});
