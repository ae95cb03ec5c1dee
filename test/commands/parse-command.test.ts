import { strict as assert } from 'node:assert';
import { parseCommand, type Mention } from '../../src/commands/parse-command';

const BOT_ID = '28:bot-id';
const botMention: Mention = { id: BOT_ID, name: 'Helpdesk Bot', text: '<at>Helpdesk Bot</at>' };
const adele: Mention = { id: '29:adele', name: 'Adele Vance', text: '<at>Adele Vance</at>' };

const parse = (text: string, mentions: Mention[] = []) => parseCommand({ text, mentions, botId: BOT_ID });

describe('parseCommand', () => {
  it('reads a UPN, an email and a display name after "troubleshoot"', () => {
    for (const who of ['adele.vance@contoso.example', 'Adele Vance', "Siobhán O'Brien", 'ade']) {
      assert.deepEqual(parse(`troubleshoot ${who}`), {
        kind: 'troubleshoot',
        target: { kind: 'text', text: who },
        language: 'en',
      });
    }
  });

  it('ignores case and surrounding whitespace, and keeps the case of the name', () => {
    assert.deepEqual(parse('   TROUBLESHOOT    Adele Vance  '), {
      kind: 'troubleshoot',
      target: { kind: 'text', text: 'Adele Vance' },
      language: 'en',
    });
  });

  it('removes the bot mention in channels and group chats', () => {
    assert.deepEqual(parse('<at>Helpdesk Bot</at> troubleshoot meganb@contoso.example', [botMention]), {
      kind: 'troubleshoot',
      target: { kind: 'text', text: 'meganb@contoso.example' },
      language: 'en',
    });
  });

  it('turns an @mention of a person into a mention target', () => {
    const command = parse('<at>Helpdesk Bot</at> troubleshoot <at>Adele Vance</at>', [botMention, adele]);
    assert.deepEqual(command, {
      kind: 'troubleshoot',
      target: { kind: 'mention', mention: adele },
      language: 'en',
    });
  });

  it('understands "me", "my status" and their Dutch forms as the sender', () => {
    for (const [text, language] of [
      ['troubleshoot me', 'en'],
      ['my status', 'en'],
      ['mijn status', 'nl'],
      ['probleemoplossing mij', 'nl'],
      ['Problemen oplossen ik', 'nl'],
    ] as const) {
      assert.deepEqual(parse(text), { kind: 'troubleshoot', target: { kind: 'self' }, language }, text);
    }
  });

  it('understands the Dutch alias with a name', () => {
    assert.deepEqual(parse('probleemoplossing Sanne de Vries'), {
      kind: 'troubleshoot',
      target: { kind: 'text', text: 'Sanne de Vries' },
      language: 'nl',
    });
  });

  it('asks for a target when none is given', () => {
    assert.deepEqual(parse('troubleshoot'), {
      kind: 'troubleshoot',
      target: { kind: 'missing' },
      language: 'en',
    });
    assert.deepEqual(parse('troubleshoot "  "'), {
      kind: 'troubleshoot',
      target: { kind: 'missing' },
      language: 'en',
    });
  });

  it('reads audit with a name or a mention', () => {
    assert.deepEqual(parse('audit daan.smit@northwind.example'), {
      kind: 'audit',
      target: { kind: 'text', text: 'daan.smit@northwind.example' },
      language: 'en',
    });
    assert.deepEqual(parse('<at>Helpdesk Bot</at> audit <at>Adele Vance</at>', [botMention, adele]), {
      kind: 'audit',
      target: { kind: 'mention', mention: adele },
      language: 'en',
    });
  });

  it('reads the escalation channel commands with an optional topic, in both languages', () => {
    assert.deepEqual(parse('<at>Helpdesk Bot</at> use this channel for escalations', [botMention]), {
      kind: 'useChannel',
      topic: null,
      language: 'en',
    });
    assert.deepEqual(parse('use this channel for escalations Enrollment'), {
      kind: 'useChannel',
      topic: 'enrollment',
      language: 'en',
    });
    assert.deepEqual(parse('gebruik dit kanaal voor escalaties apps'), {
      kind: 'useChannel',
      topic: 'apps',
      language: 'nl',
    });
    assert.deepEqual(parse('escalations'), { kind: 'escalations', language: 'en' });
    assert.deepEqual(parse('Escalaties'), { kind: 'escalations', language: 'nl' });
  });

  it('recognises help in both languages and leaves anything else unknown', () => {
    assert.deepEqual(parse('help'), { kind: 'help', language: 'en' });
    assert.deepEqual(parse('Hulp'), { kind: 'help', language: 'nl' });
    assert.equal(parse('what is the weather').kind, 'unknown');
    assert.equal(parse('troubleshooting is fun').kind, 'unknown');
    assert.deepEqual(parse('wie ben jij'), { kind: 'unknown', language: 'nl' });
  });

  it('strips HTML that Teams wraps around text', () => {
    assert.deepEqual(parse('<p>troubleshoot&nbsp;Adele</p>'), {
      kind: 'troubleshoot',
      target: { kind: 'text', text: 'Adele' },
      language: 'en',
    });
  });
});
