// The bot's own Teams messages (welcome, introduction, channel notices, delivery outcomes) in English and
// Dutch: fully expanded, valid Adaptive Cards 1.5, no raw keys, and Dutch cards free of the English text.
import { strict as assert } from 'node:assert';
import { createTranslator } from '../../src/i18n';
import type { AdaptiveCard } from '../../src/views/render-card';
import {
  channelBackCard,
  channelUnreachableCard,
  deliveredElsewhereCard,
  introductionCard,
  notDeliveredCard,
  textOnlyCard,
  welcomeCard,
} from '../../src/views/teams-life-view';
import { cardText } from '../bot/bot-harness';
import { cardProblems } from '../support/validate-card';

const BOT = 'Helpdesk Troubleshooter';
const cards: Record<string, (locale: string) => AdaptiveCard> = {
  welcomeAgent: (l) => welcomeCard(createTranslator(l), 'agent', BOT),
  welcomeUser: (l) => welcomeCard(createTranslator(l), 'user', BOT),
  introductionTeam: (l) => introductionCard(createTranslator(l), 'team', BOT),
  introductionGroupChat: (l) => introductionCard(createTranslator(l), 'groupChat', BOT),
  unreachable: (l) =>
    channelUnreachableCard(createTranslator(l), 'apps', 'deliveryFailed', 'ConversationNotFound', true, BOT),
  unreachableDefault: (l) =>
    channelUnreachableCard(createTranslator(l), 'default', 'teamArchived', null, false, BOT),
  back: (l) => channelBackCard(createTranslator(l), 'compliance', 'teamUnarchived', BOT),
  deliveredElsewhere: (l) => deliveredElsewhereCard(createTranslator(l), 'HD-ABC123', 'default'),
  notDeliveredAgent: (l) => notDeliveredCard(createTranslator(l), 'HD-ABC123', 'agent'),
  notDeliveredUser: (l) => notDeliveredCard(createTranslator(l), 'HD-ABC123', 'user'),
  textOnly: (l) => textOnlyCard(createTranslator(l)),
};

describe('cards: living in Teams', () => {
  for (const [name, render] of Object.entries(cards)) {
    for (const locale of ['en-US', 'nl-NL']) {
      it(`${name} (${locale}) expands fully and parses as an Adaptive Card 1.5`, () => {
        const card = render(locale);
        const json = JSON.stringify(card);
        assert.doesNotMatch(json, /\$\{/);
        assert.doesNotMatch(json, /"(text|title)":"(teams|common):/, 'a raw i18n key');
        assert.doesNotMatch(
          json,
          /"(text|title)":"(welcome|introduction|notice|delivery|quiet)\./,
          'a raw key',
        );
        assert.equal(card.version, '1.5');
        assert.deepEqual(cardProblems(card), []);
      });
    }
    it(`${name} in Dutch is not the English card`, () => {
      const en = cardText(render('en-US'));
      const nl = cardText(render('nl-NL'));
      for (const line of nl.split('\n')) assert.ok(!en.split('\n').includes(line) || line.length < 25, line);
    });
  }

  it('the bot name from the activity cannot become a link', () => {
    const card = introductionCard(createTranslator('en-US'), 'team', '[click](https://evil.example)');
    assert.doesNotMatch(JSON.stringify(card), /\]\(https/);
  });
});
