// The area registry: every area is one descriptor, and what the source, the dashboard and the verb table
// show comes from iterating it. A fake descriptor registered beside the real ones shows up in all three.
import { strict as assert } from 'node:assert';
import { AREAS, areaReadings, areaVerbNames, areaVerbTable, dashboardAreas } from '../../src/areas';
import { defineArea, opens, ownArea, section, type AreaView, type ViewReads } from '../../src/areas/area';
import { parseList, type ReportPayload, type VerbParser } from '../../src/areas/verb-payloads';
import { FULL_VIEW, restrictReport } from '../../src/access/intune-scope';
import { CARD_VERBS, createCardVerbs } from '../../src/bot/card-verbs';
import {
  DEMO_DOMAIN,
  PEOPLE,
  startDemoTenant,
  type DemoTenant,
  type UserCollection,
} from '../../src/demo-tenant';
import { fromCollections } from '../../src/graph/area-reading';
import { PERMISSION, getRequest, userPath } from '../../src/graph/graph-requests';
import { createTranslator } from '../../src/i18n';
import { diagnose } from '../../src/troubleshooting/diagnosis';
import { REPORT_AREA_KEYS, type TroubleshootingReport } from '../../src/troubleshooting/report';
import { dashboardView } from '../../src/views/dashboard-view';
import { renderList } from '../../src/views/report-list';
import { NOW, sampleReport } from '../support/sample-report';
import { sourceFor } from '../graph/source-for';

const LANGUAGES = ['en-US', 'nl-NL'] as const;
/** What i18next returns for a key it does not have: the key itself. */
const LOOKS_LIKE_A_KEY = /^(\w+:)?[a-z]\w*(\.\w+)+$/;

/** A made-up area, as a new one would be written: one Graph collection, a list view, a dashboard row. */
const loaners = defineArea({
  reading: {
    key: 'loaners',
    permission: PERMISSION.managedDevices,
    requests: [{ id: 'loaners', build: (key) => getRequest('beta', `${userPath(key)}/loanerDevices`) }],
    assemble: (read) =>
      fromCollections(read, ['loaners'], PERMISSION.managedDevices, ([rows]) =>
        (rows ?? []).map((row) => String((row as { displayName?: unknown }).displayName)),
      ),
  },
  dashboard: {
    section: section(
      (tr) => tr.t('sections.groups'),
      'loaners.open',
      (report) => ownArea<string[]>(report, 'loaners'),
      (names) => ({ summary: `${names.length} loaners`, color: 'Default' }),
    ),
  },
  verbs: {
    'loaners.open': opens(
      parseList,
      (p) => (report, tr) =>
        renderList<string>({
          report,
          tr,
          titleKey: 'sections.groups',
          verb: 'loaners.open',
          area: ownArea<string[]>(report, 'loaners'),
          pageSize: 10,
          page: p.page,
          summary: (names) => `${names.length} loaners`,
          row: (name) => ({
            title: name,
            status: '',
            color: 'Default',
            details: '',
            lines: [],
            verb: '',
            action: {},
          }),
        }),
    ),
  },
});

/** Its demo data: two loaners for Sander, none for anyone else. */
const LOANER_DEVICES: UserCollection = {
  name: 'loanerDevices',
  versions: ['beta'],
  type: 'microsoft.graph.loanerDevice',
  rows: {
    [PEOPLE.sander.key]: [
      { id: 'loaner-1', displayName: 'Loaner laptop 7' },
      { id: 'loaner-2', displayName: 'Loaner iPad 3' },
    ],
  },
};

/** The verb table's rows as a recording maker sees them: each verb's parser, view and reads. */
interface Made {
  parse: VerbParser<ReportPayload>;
  view: (payload: ReportPayload) => AreaView;
  reads?: (payload: ReportPayload) => ViewReads;
}
const record = <P extends ReportPayload>(
  parse: VerbParser<P>,
  view: (payload: P) => AreaView,
  reads?: (payload: P) => ViewReads,
): Made => ({ parse, view, reads }) as unknown as Made;

describe('areas: the registry', () => {
  it('has one descriptor per named area of the report, in the pane order, with request ids used once', () => {
    const named = (key: string): boolean => (REPORT_AREA_KEYS as readonly string[]).includes(key);
    assert.deepEqual(AREAS.map((a) => a.reading.key).filter(named), [
      'account',
      'license',
      'devices',
      'apps',
      'compliancePolicies',
      'configurationPolicies',
      'appProtection',
      'enrollmentRestrictions',
      'groups',
      'enrollmentFailures',
    ]);
    const keys = AREAS.map((a) => a.reading.key);
    assert.equal(new Set(keys).size, keys.length, keys.join(', '));
    const ids = AREAS.flatMap((a) => a.reading.requests.map((r) => r.id));
    assert.equal(new Set(ids).size, ids.length, ids.join(', '));
  });

  it("every descriptor's verbs are card verbs with a handler", () => {
    const handlers = createCardVerbs();
    for (const verb of areaVerbNames()) {
      assert.ok(CARD_VERBS.includes(verb), verb);
      assert.equal(typeof handlers.get(verb), 'function', verb);
    }
    assert.ok(areaVerbNames().length >= 10);
  });

  it('every area has a dashboard row, with its words in English and in Dutch', () => {
    const report = sampleReport();
    for (const area of AREAS) {
      const { status, section: row } = area.dashboard;
      assert.ok(status !== undefined || row !== undefined, `${area.reading.key} has no dashboard row`);
      const texts = LANGUAGES.map((language) => {
        const tr = createTranslator(language);
        const diagnosis = diagnose(report, NOW);
        const words = [
          ...(status?.(report, tr, NOW) ?? []).flatMap((r) => [r.label, r.value]),
          ...(row ? [row(report, tr, NOW, diagnosis)] : []).flatMap((r) => [r.title, r.summary]),
        ];
        for (const word of words) {
          assert.notEqual(word.trim(), '', `${area.reading.key} (${language}): an empty text`);
          assert.doesNotMatch(word, LOOKS_LIKE_A_KEY, `${area.reading.key} (${language}): ${word}`);
        }
        return words.join(' | ');
      });
      assert.notEqual(texts[0], texts[1], `${area.reading.key}: the same words in English and Dutch`);
    }
  });

  it('the dashboard shows the rows of the registry, in its order', () => {
    const tr = createTranslator('en-US');
    const report = sampleReport();
    const diagnosis = diagnose(report, NOW);
    const data = dashboardView(report, tr, NOW, dashboardAreas());
    assert.deepEqual(
      data.sections.map((s) => s.verb),
      AREAS.flatMap((a) =>
        a.dashboard.section ? [a.dashboard.section(report, tr, NOW, diagnosis).verb] : [],
      ),
    );
    assert.deepEqual(
      data.status.map((s) => s.label),
      AREAS.flatMap((a) => a.dashboard.status?.(report, tr, NOW) ?? []).map((s) => s.label),
    );
    // The pane's sections, all there and in its order (an added area's row may sit anywhere among them).
    const pane = [
      'devices.open',
      'apps.open',
      'compliance.open',
      'configuration.open',
      'appProtection.open',
      'restrictions.open',
      'groups.open',
      'failures.open',
    ];
    assert.deepEqual(
      data.sections.map((s) => s.verb).filter((verb) => pane.includes(verb)),
      pane,
    );
  });

  it('an area only its descriptor knows is withheld from an agent who may not see all of the devices', () => {
    const report: TroubleshootingReport = {
      ...sampleReport(),
      moreAreas: { loaners: { status: 'ok', data: ['Loaner laptop 7'], truncated: false } },
    };
    // The sample's devices carry only the Default tag: a Netherlands-only agent sees none of them.
    const scoped = restrictReport(report, { covered: true, tags: new Set(['1']) });
    assert.ok((scoped.devicesOutOfScope ?? 0) > 0);
    assert.deepEqual(ownArea(scoped, 'loaners'), { status: 'unavailable', kind: 'roleDenied' });
    assert.deepEqual(ownArea(restrictReport(report, FULL_VIEW), 'loaners'), report.moreAreas?.loaners);
  });

  describe('a made-up area registered beside the real ones', () => {
    let tenant: DemoTenant;
    let report: TroubleshootingReport;
    const upn = (key: string): string => `${key}@${DEMO_DOMAIN}`;
    const withLoaners = areaReadings([...AREAS, loaners]);
    before(async () => {
      tenant = await startDemoTenant({ port: 0, userCollections: [LOANER_DEVICES] });
      const read = await sourceFor(tenant.url, { areas: withLoaners }).getReportByKey(upn(PEOPLE.sander.key));
      assert.ok(read !== null);
      report = read;
    });
    afterEach(() => {
      tenant.faults.clear();
    });
    after(async () => {
      await tenant.close();
    });

    it('is read in the same round trips as the others and lands in the report', () => {
      assert.deepEqual(ownArea(report, 'loaners'), {
        status: 'ok',
        data: ['Loaner laptop 7', 'Loaner iPad 3'],
        truncated: false,
      });
      // Sander has a device with a problem: its policy detail is the one more round trip, as without the area.
      assert.equal(report.stats.roundTrips, 2);
      assert.equal(report.groups.status, 'ok');
    });

    it('is empty for someone without rows, and says which permission is missing when Graph refuses it', async () => {
      const james = await sourceFor(tenant.url, { areas: withLoaners }).getReportByKey(upn(PEOPLE.james.key));
      assert.deepEqual(james && ownArea(james, 'loaners'), { status: 'ok', data: [], truncated: false });
      tenant.faults.add({ path: /\/loanerDevices$/, status: 403 });
      const refused = await sourceFor(tenant.url, { areas: withLoaners }).getReportByKey(
        upn(PEOPLE.james.key),
      );
      const area = refused && ownArea(refused, 'loaners');
      assert.equal(area?.status, 'unavailable');
      assert.equal(area?.status === 'unavailable' && area.kind, 'permission');
      assert.equal(area?.status === 'unavailable' && area.permission, PERMISSION.managedDevices);
      // Read with the agent's own token, the refusal is their Intune role's.
      const asAgent = await sourceFor(tenant.url, { areas: withLoaners, perCaller: true }).getReportByKey(
        upn(PEOPLE.james.key),
      );
      const denied = asAgent && ownArea(asAgent, 'loaners');
      assert.equal(denied?.status === 'unavailable' && denied.kind, 'roleDenied');
    });

    it('shows its row on the dashboard, after the real ones', () => {
      const tr = createTranslator('en-US');
      const data = dashboardView(report, tr, NOW, dashboardAreas([...AREAS, loaners]));
      assert.deepEqual(data.sections.at(-1), {
        title: tr.t('sections.groups'),
        verb: 'loaners.open',
        summary: '2 loaners',
        color: 'Default',
      });
      assert.equal(
        data.sections.length,
        dashboardView(report, tr, NOW, dashboardAreas()).sections.length + 1,
      );
    });

    it('has its verb in the verb table, with its parser and its view', () => {
      assert.ok(areaVerbNames([...AREAS, loaners]).includes('loaners.open' as never));
      const table = areaVerbTable(record, [...AREAS, loaners]) as Record<string, Made>;
      const made = table['loaners.open'];
      assert.ok(made !== undefined);
      assert.equal(made.parse({ userId: 'not a guid' }), null);
      const payload = made.parse({ userId: report.user.id, page: 0 });
      assert.ok(payload !== null);
      const card = JSON.stringify(made.view(payload)(report, createTranslator('nl-NL'), NOW));
      assert.ok(card.includes('Loaner laptop 7') && card.includes('Loaner iPad 3'), card);
      assert.ok(card.includes('Groepslidmaatschap'), 'the Dutch title');
    });
  });
});
