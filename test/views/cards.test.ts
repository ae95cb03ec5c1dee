import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator, LOCALES_DIR } from '../../src/i18n';
import { appProtectionCard } from '../../src/views/app-protection-view';
import { candidatesCard } from '../../src/views/candidates-view';
import { deviceDetailsCard } from '../../src/views/device-details-view';
import { enrollmentFailuresCard, failureDetailsCard } from '../../src/views/enrollment-failures-view';
import { enrollmentRestrictionsCard } from '../../src/views/enrollment-restrictions-view';
import { helpCard } from '../../src/views/help-view';
import { auditCard } from '../../src/views/audit-view';
import { privateResultCard } from '../../src/views/private-result-view';
import { selfServiceCard } from '../../src/views/self-service-view';
import { clientAppsCard, devicesCard, groupsCard, policiesCard } from '../../src/views/list-views';
import { messageCard } from '../../src/views/message-view';
import {
  CARD_BUDGET_BYTES,
  CARDS_DIR,
  cardBytes,
  renderCard,
  type AdaptiveCard,
} from '../../src/views/render-card';
import { createCardVerbs } from '../../src/bot/card-verbs';
import { dashboardCard } from '../../src/presenter/present';
import { NOW, sampleReport } from '../support/sample-report';
import { cardProblems } from '../support/validate-card';

type Render = (locale: string) => AdaptiveCard;

const report = sampleReport();
// A text that is only a key path from the locale files ("dashboard.title") means a missing translation.
const NAMESPACES = Object.keys(
  JSON.parse(readFileSync(join(LOCALES_DIR, 'en', 'common.json'), 'utf8')) as object,
);
const RAW_KEY = new RegExp(
  `"(text|title|value|placeholder|label)":"(failures:)?(${NAMESPACES.join('|')}|entries|view)\\.[\\w.-]+"`,
);
const huge = sampleReport({ devices: 200, groups: 500, failures: 100 });

function views(r: typeof report): Record<string, Render> {
  const tr = (locale: string) => createTranslator(locale);
  return {
    dashboard: (l) => dashboardCard(r, tr(l), NOW),
    devices: (l) => devicesCard(r, tr(l), NOW, 0),
    deviceDetails: (l) =>
      deviceDetailsCard(r, r.devices.status === 'ok' ? r.devices.data[0]!.id : '', tr(l), NOW),
    clientApps: (l) => clientAppsCard(r, tr(l), 0),
    compliance: (l) => policiesCard('compliance', r, tr(l), 0),
    configuration: (l) => policiesCard('configuration', r, tr(l), 0),
    appProtection: (l) => appProtectionCard(r, tr(l)),
    restrictions: (l) => enrollmentRestrictionsCard(r, tr(l)),
    groups: (l) => groupsCard(r, tr(l), 0),
    failures: (l) => enrollmentFailuresCard(r, tr(l), 0),
    failureDetails: (l) => failureDetailsCard(r, 'failure-2', tr(l)),
    failureDetailsSelf: (l) => failureDetailsCard(r, 'failure-1', tr(l), 'self'),
    help: (l) => helpCard(tr(l), 'agent'),
    helpUser: (l) => helpCard(tr(l), 'user'),
    selfService: (l) => selfServiceCard(r, tr(l), NOW),
    candidates: (l) =>
      candidatesCard('sanne', [r.user, { ...r.user, id: 'x', displayName: 'Sanne Jansen' }], tr(l)),
    privateResult: (l) =>
      privateResultCard(tr(l), 'Lotte Bakker', '29:lotte', {
        verb: 'dashboard.open',
        data: { userId: r.user.id },
      }),
    audit: (l) =>
      auditCard(
        r.user,
        [
          {
            time: NOW.toISOString(),
            requesterId: r.user.id,
            requesterName: 'Lotte Bakker',
            tenantId: null,
            targetId: r.user.id,
            action: 'troubleshoot',
            conversationId: 'c',
            conversationKind: 'channel',
            outcome: 'denied',
          },
        ],
        tr(l),
      ),
    message: (l) => messageCard(tr(l), 'notFound', 'warning', { query: 'nobody' }, ['notFoundHint']),
  };
}

describe('cards', () => {
  for (const locale of ['en-US', 'nl-NL']) {
    for (const [name, render] of Object.entries(views(report))) {
      it(`${name} (${locale}) expands fully and parses as an Adaptive Card 1.5`, () => {
        const card = render(locale);
        const json = JSON.stringify(card);
        assert.doesNotMatch(json, /\$\{/, 'an unresolved template expression');
        assert.doesNotMatch(json, RAW_KEY, 'a raw i18n key');
        assert.equal(card.version, '1.5');
        assert.deepEqual(cardProblems(card), []);
      });
    }
  }

  it('every verb a card can send has a handler in the bot', () => {
    const handled = new Set(createCardVerbs().keys());
    const sent = new Set<string>();
    for (const locale of ['en-US', 'nl-NL']) {
      for (const render of Object.values(views(report))) {
        for (const match of JSON.stringify(render(locale)).matchAll(/"verb":"([^"]+)"/g)) sent.add(match[1]!);
      }
    }
    for (const name of readdirSync(CARDS_DIR)) {
      for (const match of readFileSync(join(CARDS_DIR, name), 'utf8').matchAll(/"verb": "([a-zA-Z.]+)"/g))
        sent.add(match[1]!);
    }
    assert.ok(sent.size >= 15, `found ${sent.size} verbs`);
    assert.deepEqual(
      [...sent].filter((verb) => !handled.has(verb)),
      [],
    );
  });

  it('every card template is used by a view', () => {
    const templates = readdirSync(CARDS_DIR).map((f) => f.replace(/\.json$/, ''));
    for (const name of templates)
      assert.doesNotThrow(() => renderCard(name as Parameters<typeof renderCard>[0], {}));
    assert.ok(templates.length >= 8);
  });

  it('the shared card in a channel carries no personal details and refreshes for the requester only', () => {
    const card = privateResultCard(createTranslator('en-US'), 'Lotte Bakker', '29:lotte', {
      verb: 'dashboard.open',
      data: { userId: report.user.id },
    });
    const json = JSON.stringify(card);
    for (const personal of [report.user.displayName, report.user.userPrincipalName, 'LAPTOP-', 'Sales']) {
      assert.ok(!json.includes(personal), `leaks ${personal}`);
    }
    assert.deepEqual(card.refresh, {
      action: {
        type: 'Action.Execute',
        title: 'Show',
        verb: 'dashboard.open',
        data: { userId: report.user.id },
      },
      userIds: ['29:lotte'],
    });
  });

  it('the same card reads in Dutch and English', () => {
    const en = JSON.stringify(dashboardCard(report, createTranslator('en-US'), NOW));
    const nl = JSON.stringify(dashboardCard(report, createTranslator('nl-NL'), NOW));
    assert.match(en, /Likely causes/);
    assert.match(nl, /Waarschijnlijke oorzaken/);
    assert.match(nl, /gisteren|vorige maand/);
  });

  describe('size', () => {
    for (const [name, render] of Object.entries(views(huge))) {
      it(`${name} stays within ${CARD_BUDGET_BYTES / 1024} KB for 200 devices, 500 groups and 100 failures`, () => {
        for (const locale of ['en-US', 'nl-NL'])
          assert.ok(
            cardBytes(render(locale)) < CARD_BUDGET_BYTES,
            `${locale}: ${cardBytes(render(locale))} bytes`,
          );
      });
    }

    it('pages long lists and says how many there are', () => {
      const tr = createTranslator('en-US');
      const first = JSON.stringify(groupsCard(huge, tr, 0));
      assert.match(first, /Page 1 of 20 \(500 in all\)/);
      assert.match(first, /"verb":"groups.open","data":\{"userId":"[^"]+","page":1\}/);
      const last = JSON.stringify(groupsCard(huge, tr, 19));
      assert.match(last, /Page 20 of 20/);
      assert.doesNotMatch(last, /Next ›/);
      assert.match(JSON.stringify(groupsCard(huge, tr, 999)), /Page 20 of 20/);
      assert.match(JSON.stringify(enrollmentFailuresCard(huge, tr, 1)), /Page 2 of 10/);
    });
  });
});
