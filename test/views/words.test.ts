// Graph enum values the locales do not know read as a neutral word, and counts take the right plural form,
// in English and Dutch.
import { strict as assert } from 'node:assert';
import { createTranslator } from '../../src/i18n';
import { deviceLines, policiesCard } from '../../src/views/list-views';
import { cardText } from '../bot/bot-harness';
import { device, sampleReport, NOW } from '../support/sample-report';

describe('views: words for Graph values and plurals', () => {
  it('a management agent newer than the locales reads "another management agent", not its enum name', () => {
    const newer = device(1, { managedBy: 'windowsManagementCloudApi' });
    const en = deviceLines(newer, createTranslator('en'), NOW).lines.join('\n');
    const nl = deviceLines(newer, createTranslator('nl'), NOW).lines.join('\n');
    assert.match(en, /Another management agent/);
    assert.match(nl, /Een andere beheeragent/);
    for (const text of [en, nl]) assert.doesNotMatch(text, /windowsManagementCloudApi/);
  });

  it('a value that is not a word at all reads the neutral word too', () => {
    const tr = createTranslator('nl');
    assert.equal(tr.word('managedBy', 'a.b'), 'Een andere beheeragent');
    assert.equal(tr.word('managedBy', null), 'Een andere beheeragent');
    assert.equal(tr.word('managedBy', 'mdm'), 'Intune');
  });

  it('one device is one device: "on 1 device", "op 1 apparaat"', () => {
    const report = sampleReport({ devices: 1 });
    const en = cardText(policiesCard('compliance', report, createTranslator('en'), 0));
    const nl = cardText(policiesCard('compliance', report, createTranslator('nl'), 0));
    assert.match(en, /on 1 device ·/);
    assert.match(nl, /op 1 apparaat ·/);
    assert.doesNotMatch(nl, /1 apparaten/);
    assert.doesNotMatch(en, /1 devices/);
  });

  it('with detail read for some devices only, a failing policy says on how many, not "of" all devices', () => {
    const report = sampleReport({ devices: 3 });
    assert.ok(report.compliancePolicies.status === 'ok');
    const firstOnly = {
      ...report,
      compliancePolicies: { ...report.compliancePolicies, data: report.compliancePolicies.data.slice(0, 1) },
    };
    const en = cardText(policiesCard('compliance', firstOnly, createTranslator('en'), 0));
    const nl = cardText(policiesCard('compliance', firstOnly, createTranslator('nl'), 0));
    assert.match(en, /Failing on 1 device\n/);
    assert.match(en, /1 of 3 devices \(read for devices with a problem\)/);
    assert.match(nl, /Mislukt op 1 apparaat\n/);
    assert.doesNotMatch(en, /of 3 devices\n/);
  });
});
