// Finding 5 over real HTTP: audit fails closed, and denied attempts name whom they were about.
import { strict as assert } from 'node:assert';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BotUnderTest, assertExcludes, assertIncludes, person } from '../bot/bot-harness';

const lotte = person('lotte');
const james = person('james');
const daan = person('daan');

describe('security: the audit trail', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await BotUnderTest.start({ PORT: '0', PLAYGROUND: 'off', TURNS_PER_MINUTE: '1000' });
  });
  after(() => bot.close());

  it('refuses a lookup whose audit record cannot be written, with a clear message, and shows nothing', async () => {
    const auditDir = join(bot.dataDir, 'audit');
    await rm(auditDir, { recursive: true, force: true });
    // A file where the audit directory should be: no entry can be written (even as root).
    await writeFile(auditDir, 'not a directory');
    try {
      const typed = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
      assertIncludes(typed.text, "I can't show this right now", 'audit trail');
      assertExcludes(typed.text, 'Troubleshooting: Daan Smit', daan.upn);
      const clicked = await bot.click('dashboard.open', { userId: daan.id }, { from: lotte });
      assertIncludes(clicked.text, "I can't show this right now");
      assertExcludes(clicked.text, 'Troubleshooting: Daan Smit', daan.upn);
      const self = await bot.say('troubleshoot me', { from: james });
      assertIncludes(self.text, "I can't show this right now");
    } finally {
      await rm(auditDir, { force: true });
      await mkdir(auditDir);
    }
    const again = await bot.say(`troubleshoot ${daan.upn}`, { from: lotte });
    assertIncludes(again.text, 'Troubleshooting: Daan Smit');
  });

  it('records who tried whom when refused, and `audit <person>` shows those attempts', async () => {
    const typed = await bot.say('troubleshoot daan smit', { from: james });
    assertIncludes(typed.text, 'helpdesk agents');
    const byUpn = await bot.say(`troubleshoot ${daan.upn}`, { from: james });
    assertIncludes(byUpn.text, 'helpdesk agents');
    const forged = await bot.click('dashboard.open', { userId: daan.id }, { from: james });
    assert.equal(forged.httpStatus, 200);
    const audit = await bot.say(`audit ${daan.upn}`, { from: lotte });
    const denials = audit.text.split('\n').filter((line) => line === 'James Patel');
    assert.equal(denials.length, 3, audit.text);
    assert.equal(audit.text.split('\n').filter((line) => line === 'denied').length, 3, audit.text);
  });
});
