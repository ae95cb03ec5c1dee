// The diagnosis over the demo tenant's people: one row per rule, with the finding it must put at the given
// rank, its evidence and its fix, in English and in Dutch.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE, startDemoTenant, userIdFor, type DemoTenant } from '../../src/demo-tenant';
import type { DeviceManagementSubscriptionState } from '@microsoft/microsoft-graph-types';
import { createTranslator, LOCALES_DIR, type Language } from '../../src/i18n';
import {
  diagnose,
  type Diagnosis,
  type Finding,
  type FindingRule,
  type Text,
} from '../../src/troubleshooting/diagnosis';
import type { TroubleshootingReport } from '../../src/troubleshooting/report';
import { checkedLines } from '../../src/views/dashboard-view';
import { say } from '../../src/views/say';
import { sourceFor } from '../graph/source-for';

const NOW = new Date('2026-11-25T10:00:00Z');

interface Expected {
  title: string;
  evidence: string[];
  fix: string;
}

interface Row {
  rule: FindingRule;
  person: keyof typeof PEOPLE;
  /** Where the finding must rank; 0 = first. */
  rank?: number;
  subscriptionState?: DeviceManagementSubscriptionState;
  action: string | null;
  en: Expected;
  nl: Expected;
}

const ROWS: Row[] = [
  {
    rule: 'tenantInactive',
    person: 'james',
    subscriptionState: 'lockedOut',
    action: null,
    en: {
      title: 'The Intune subscription is not active',
      evidence: ['Subscription state: locked out'],
      fix: 'renew or reactivate the Intune subscription',
    },
    nl: {
      title: 'Het Intune-abonnement is niet actief',
      evidence: ['Status van het abonnement: vergrendeld'],
      fix: 'Intune-abonnement verlengen of opnieuw activeren',
    },
  },
  {
    rule: 'accountDisabled',
    person: 'noah',
    action: 'devices.open',
    en: {
      title: 'The user account is disabled in Entra ID',
      evidence: ['2 devices enrolled, 2 of them silent for 30 days or more'],
      fix: 'otherwise retire the devices',
    },
    nl: {
      title: 'Het gebruikersaccount is uitgeschakeld in Entra ID',
      evidence: ['2 apparaten ingeschreven, waarvan 2 al 30 dagen of langer stil'],
      fix: 'trek anders de apparaten in',
    },
  },
  {
    rule: 'noLicense',
    person: 'olivia',
    action: 'failure.open',
    en: {
      title: 'No Intune license',
      evidence: [
        'No Intune service plan is assigned to the user',
        '1 enrollment attempt failed on user validation because of it',
      ],
      fix: 'Assign a license that includes Microsoft Intune Plan 1',
    },
    nl: {
      title: 'Geen Intune-licentie',
      evidence: ['1 inschrijvingspoging mislukte daardoor op de gebruikersvalidatie'],
      fix: 'Wijs een licentie toe met Microsoft Intune Plan 1',
    },
  },
  {
    rule: 'deviceLimit',
    person: 'thomas',
    action: 'restrictions.open',
    en: {
      title: 'Device limit reached (5 of 5)',
      evidence: [
        '5 of 5 devices enrolled (limit from Contractor device limit; not counted: 1 Autopilot device)',
        '1 attempt, 2 hours ago',
        'Thomas Tab: last check-in 45 days ago, a candidate to retire',
      ],
      fix: 'Retire Thomas Tab (silent for 30 days or more), or raise the limit in Contractor device limit.',
    },
    nl: {
      title: 'Apparaatlimiet bereikt (5 van 5)',
      evidence: [
        '5 van 5 apparaten ingeschreven (limiet uit Contractor device limit; telt niet mee: 1 Autopilot-apparaat)',
        '1 poging, 2 uur geleden',
        'Thomas Tab: 45 dagen geleden voor het laatst gemeld',
      ],
      fix: 'Trek Thomas Tab in (30 dagen of langer stil), of verhoog de limiet in Contractor device limit.',
    },
  },
  {
    rule: 'restrictionBlock',
    person: 'bram',
    action: 'failure.open',
    en: {
      title: 'Device platform blocked: blocked by BYOD restricted platforms',
      evidence: [
        'BYOD restricted platforms blocks macOS for this user',
        '2 attempts since',
        'latest 1 hour ago',
      ],
      fix: 'Allow macOS in BYOD restricted platforms',
    },
    nl: {
      title: 'Apparaatplatform geblokkeerd: geblokkeerd door BYOD restricted platforms',
      evidence: [
        'BYOD restricted platforms blokkeert macOS voor deze gebruiker',
        '2 pogingen sinds',
        'laatste 1 uur geleden',
      ],
      fix: 'Sta macOS toe in BYOD restricted platforms',
    },
  },
  {
    rule: 'restrictionBlock',
    person: 'hugo',
    rank: 1,
    action: 'failure.open',
    en: {
      title: 'blocked by BYOD restricted platforms',
      evidence: [
        'BYOD restricted platforms allows Android device administrator 12.0 or later; the device runs 11',
      ],
      fix: 'Have the device updated to 12.0 or later',
    },
    nl: {
      title: 'geblokkeerd door BYOD restricted platforms',
      evidence: [
        'BYOD restricted platforms staat Android-apparaatbeheerder 12.0 of hoger toe; het apparaat heeft 11',
      ],
      fix: 'Laat het apparaat bijwerken naar 12.0 of hoger',
    },
  },
  {
    rule: 'enrollmentFailure',
    person: 'daan',
    action: 'failure.open',
    en: {
      title: 'iOS/iPadOS timeout or failure',
      evidence: ['2 attempts since', 'latest 4 hours ago', 'On iOS 18.2.1'],
      fix: 'Ask the user to start the enrollment again',
    },
    nl: {
      title: 'Time-out of fout op iOS/iPadOS',
      evidence: ['2 pogingen sinds', 'laatste 4 uur geleden', 'Op iOS 18.2.1'],
      fix: 'Vraag de gebruiker de inschrijving opnieuw te starten',
    },
  },
  {
    rule: 'deviceNoncompliant',
    person: 'sander',
    action: 'device.open',
    en: {
      title: 'NW-LT-0088 is not compliant',
      evidence: [
        'Require BitLocker: off (NW - Windows 11 compliance)',
        "OS version 10.0.19045.5247 is below the policy's minimum (NW - Windows 11 compliance)",
        'Entra ID still says compliant',
      ],
      fix: 'Have the user fix Require BitLocker and Minimum OS version on NW-LT-0088',
    },
    nl: {
      title: 'NW-LT-0088 is niet conform',
      evidence: [
        'Require BitLocker: uit (NW - Windows 11 compliance)',
        'Besturingssysteemversie 10.0.19045.5247 is lager dan het minimum van het beleid (NW - Windows 11 compliance)',
        'Entra ID zegt nog conform',
      ],
      fix: 'Laat de gebruiker Require BitLocker en Minimum OS version op NW-LT-0088 oplossen',
    },
  },
  {
    rule: 'deviceNoncompliant',
    person: 'thomas',
    rank: 6,
    action: 'device.open',
    en: {
      title: 'Thomas Tab is not compliant',
      evidence: [
        'Not in contact with Intune within the compliance validity period (Default Device Compliance Policy)',
      ],
      fix: 'Thomas Tab has lost contact with Intune: have the user turn it on, connect it to the internet and sync',
    },
    nl: {
      title: 'Thomas Tab is niet conform',
      evidence: ['Geen contact met Intune binnen de geldigheidsduur van de nalevingsstatus'],
      fix: 'Thomas Tab heeft geen contact meer met Intune',
    },
  },
  {
    rule: 'deviceGracePeriod',
    person: 'isabel',
    action: 'device.open',
    en: {
      title: 'Isabel iPhone is in grace period',
      evidence: ['Require a password to unlock mobile devices: off'],
      fix: 'before the grace period ends',
    },
    nl: {
      title: 'Isabel iPhone is in respijtperiode',
      evidence: ['Require a password to unlock mobile devices: uit'],
      fix: 'voordat de respijtperiode afloopt',
    },
  },
  {
    rule: 'appProtectionFlagged',
    person: 'zoe',
    action: 'appProtection.open',
    en: {
      title: 'on Zoë Pixel is blocked by app protection: the device is rooted or jailbroken',
      evidence: ['Registered on Android 13'],
      fix: 'Work data stays blocked on Zoë Pixel',
    },
    nl: {
      title: 'op Zoë Pixel is geblokkeerd door app-beveiliging: het apparaat is geroot of gejailbreakt',
      evidence: ['Geregistreerd op Android 13'],
      fix: 'Werkgegevens blijven geblokkeerd op Zoë Pixel',
    },
  },

  {
    rule: 'configurationConflict',
    person: 'siobhan',
    action: 'device.open',
    en: {
      title: 'Conflicting profiles set Recovery password rotation on NW-LT-0157',
      evidence: [
        'Set differently by NW - BitLocker silent encryption and NW - Finance BitLocker (legacy)',
        'On NW-LT-0157',
      ],
      fix: 'Keep Recovery password rotation in one profile only',
    },
    nl: {
      title: 'Profielen stellen Recovery password rotation verschillend in op NW-LT-0157',
      evidence: [
        'Verschillend ingesteld door NW - BitLocker silent encryption en NW - Finance BitLocker (legacy)',
        'Op NW-LT-0157',
      ],
      fix: 'Laat Recovery password rotation in één profiel staan',
    },
  },
  {
    rule: 'configurationError',
    person: 'yara',
    rank: 1,
    action: 'device.open',
    en: {
      title: 'NW - iOS Wi-Fi Northwind-Corp failed on Yara iPhone',
      evidence: ['Network name (SSID): Remediation failed (error -2016281112)', 'On Yara iPhone'],
      fix: 'Check the Network name (SSID) value in NW - iOS Wi-Fi Northwind-Corp',
    },
    nl: {
      title: 'NW - iOS Wi-Fi Northwind-Corp is mislukt op Yara iPhone',
      evidence: ['Network name (SSID): Remediation failed (fout -2016281112)', 'Op Yara iPhone'],
      fix: 'Controleer de waarde van Network name (SSID) in NW - iOS Wi-Fi Northwind-Corp',
    },
  },
  {
    rule: 'appInstallFailed',
    person: 'marco',
    action: 'device.open',
    en: {
      title: 'Northwind VPN Client failed to install on NW-LT-0222',
      evidence: ['NW-LT-0222: Failed (Required, version 5.2.1)'],
      fix: "Check Northwind VPN Client's requirements and assignment",
    },
    nl: {
      title: 'Installatie van Northwind VPN Client op NW-LT-0222 is mislukt',
      evidence: ['NW-LT-0222: Mislukt (Vereist, versie 5.2.1)'],
      fix: 'Controleer de vereisten en toewijzing van Northwind VPN Client',
    },
  },
  {
    rule: 'staleDevices',
    person: 'mila',
    action: 'device.open',
    en: {
      title: 'Mila Galaxy has not checked in recently',
      evidence: ['Mila Galaxy: last check-in 21 days ago'],
      fix: 'open Company Portal on the device and sync',
    },
    nl: {
      title: 'Mila Galaxy heeft zich niet recent gemeld',
      evidence: ['Mila Galaxy: 21 dagen geleden voor het laatst gemeld'],
      fix: 'de Bedrijfsportal op het apparaat openen en synchroniseren',
    },
  },
];

function render(text: Text, language: Language): string {
  return say(text, createTranslator(language), NOW);
}

describe('diagnosis: one finding per rule, over the demo tenant', () => {
  const tenants = new Map<string, DemoTenant>();
  const reports = new Map<string, TroubleshootingReport>();

  async function reportOf(
    person: keyof typeof PEOPLE,
    state?: DeviceManagementSubscriptionState,
  ): Promise<TroubleshootingReport> {
    const id = `${person}|${state ?? ''}`;
    const cached = reports.get(id);
    if (cached) return cached;
    let tenant = tenants.get(state ?? '');
    if (!tenant) {
      tenant = await startDemoTenant({ port: 0, now: NOW, ...(state ? { subscriptionState: state } : {}) });
      tenants.set(state ?? '', tenant);
    }
    const source = sourceFor(tenant.url);
    const user = await source.getUserById(userIdFor(PEOPLE[person].key));
    assert.ok(user, person);
    const report = await source.getReport(user);
    reports.set(id, report);
    return report;
  }

  after(async () => {
    for (const tenant of tenants.values()) await tenant.close();
  });

  for (const row of ROWS) {
    const rank = row.rank ?? 0;
    describe(`${row.rule}: ${row.person}`, () => {
      let finding: Finding;
      let diagnosis: Diagnosis;
      before(async () => {
        diagnosis = diagnose(await reportOf(row.person, row.subscriptionState), NOW);
        const found = diagnosis.findings[rank];
        assert.ok(found, `${row.person} has a finding at rank ${rank}`);
        finding = found;
      });

      it(`ranks ${row.rule} ${rank === 0 ? 'first' : `at ${rank + 1}`}, opening ${row.action ?? 'nothing'}`, () => {
        assert.equal(finding.rule, row.rule, diagnosis.findings.map((f) => f.rule).join(', '));
        assert.equal(finding.action?.verb ?? null, row.action);
      });

      for (const language of ['en', 'nl'] as const) {
        it(`says what, the evidence and the fix in ${language === 'en' ? 'English' : 'Dutch'}`, () => {
          const expected = row[language];
          const title = render(finding.title, language);
          const evidence = finding.evidence.map((e) => render(e, language)).join('\n');
          const fix = render(finding.fix, language);
          assert.ok(title.includes(expected.title), `title: ${title}`);
          for (const line of expected.evidence)
            assert.ok(evidence.includes(line), `evidence:\n${evidence}\nlacks: ${line}`);
          assert.ok(fix.includes(expected.fix), `fix: ${fix}`);
          for (const text of [title, evidence, fix, render(finding.userFix, language)]) {
            assert.doesNotMatch(text, /\{\{|diagnosis:|failures:|undefined|null|\btrue\b|\bfalse\b/, text);
          }
        });
      }
    });
  }

  it('collapses identical failures: Daan’s two timeouts are one finding with the count and the latest time', async () => {
    const { findings } = diagnose(await reportOf('daan'), NOW);
    const timeouts = findings.filter((f) => render(f.title, 'en') === 'iOS/iPadOS timeout or failure');
    assert.equal(timeouts.length, 1);
    assert.equal(timeouts[0]?.failureIds.length, 2);
  });

  it('user-validation failures without a license are one finding, not two', async () => {
    const { findings } = diagnose(await reportOf('olivia'), NOW);
    assert.deepEqual(
      findings.map((f) => f.rule),
      ['noLicense'],
    );
  });

  it('ranks what blocks all work first, then the cause of the most recent failure', async () => {
    const hugo = diagnose(await reportOf('hugo'), NOW).findings.map((f) => f.rule);
    assert.deepEqual(hugo, ['noLicense', 'restrictionBlock']);
    const thomas = diagnose(await reportOf('thomas'), NOW).findings;
    const times = thomas.filter((f) => f.tier === 'recentFailure').map((f) => Date.parse(f.latest ?? ''));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'recent failures newest first',
    );
    assert.equal(
      thomas.findIndex((f) => f.tier === 'recentFailure'),
      0,
    );
  });

  it('collapses devices failing in the same way: Wouter’s six scanners are one finding', async () => {
    const { findings } = diagnose(await reportOf('wouter'), NOW);
    const first = findings[0];
    assert.equal(first?.rule, 'deviceNoncompliant');
    assert.equal(first?.deviceIds.length, 6);
    assert.equal(render(first.title, 'en'), '6 devices are not compliant');
    assert.equal(render(first.title, 'nl'), '6 apparaten zijn niet conform');
    // The scanners' value is their own OS version, not the policy's minimum.
    assert.equal(
      render(first.evidence[0] ?? { key: '' }, 'en'),
      "OS version 11 is below the policy's minimum (NW - Android Enterprise work profile compliance)",
    );
    assert.match(
      render(first.evidence[1] ?? { key: '' }, 'en'),
      /On 6 devices: WH-SCAN-\d+, WH-SCAN-\d+, WH-SCAN-\d+, and 3 more/,
    );
  });

  it('shared scanners without a user get a fix for IT, not for “the user”, in English and Dutch', async () => {
    const { findings } = diagnose(await reportOf('wouter'), NOW);
    const scanners = findings.find((f) => f.rule === 'deviceNoncompliant');
    assert.ok(scanners);
    const en = render(scanners.fix, 'en');
    const nl = render(scanners.fix, 'nl');
    assert.match(
      en,
      /^Shared devices have no user to ask: fix Minimum OS version on these 6 devices yourself/,
    );
    assert.match(en, /then sync from the Intune admin center/);
    assert.match(nl, /^Gedeelde apparaten hebben geen gebruiker .*Intune-beheercentrum/);
    for (const text of [en, nl]) assert.doesNotMatch(text, /Have the user|Laat de gebruiker/);
    assert.match(render(scanners.userFix, 'en'), /is a shared device that IT manages: tell IT/);
    assert.match(render(scanners.userFix, 'nl'), /is een gedeeld apparaat dat IT beheert: laat IT weten/);
    // Among the stale devices is a tablet with a user (WH-TABLET-02): that one the user can sync.
    const stale = findings.find((f) => f.rule === 'staleDevices');
    assert.match(render(stale?.fix ?? { key: '' }, 'en'), /^Have the user open Company Portal/);
  });

  it('counts only the enrollments the device limit counts: dedicated and Autopilot devices are left out', async () => {
    for (const [person, enrolled, uncounted] of [
      [
        'wouter',
        3,
        [
          { kind: 'dedicated', count: 56 },
          { kind: 'autopilot', count: 1 },
        ],
      ],
      ['kees', 0, [{ kind: 'dedicated', count: 500 }]],
    ] as const) {
      const report = await reportOf(person);
      assert.equal(report.enrollmentRestrictions.status, 'ok');
      if (report.enrollmentRestrictions.status !== 'ok') continue;
      assert.equal(report.enrollmentRestrictions.data.enrolledDeviceCount, enrolled, person);
      assert.deepEqual(report.enrollmentRestrictions.data.uncountedDevices, uncounted, person);
      const rules = diagnose(report, NOW).findings.map((f) => f.rule);
      assert.ok(!rules.includes('deviceLimit'), `${person}: ${rules.join(', ')}`);
    }
  });

  it('says no placeholder and no raw built-in setting: every fix names what to do, in both languages', async () => {
    for (const person of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]) {
      for (const f of diagnose(await reportOf(person), NOW).findings) {
        for (const language of ['en', 'nl'] as const) {
          const lines = [f.title, f.fix, f.userFix, ...f.evidence].map((t) => render(t, language));
          for (const line of lines) {
            assert.doesNotMatch(line, / — |\(—\)|^—|—$/, `${person}: ${line}`);
            assert.doesNotMatch(
              line,
              /Is active|Has a compliance policy assigned|Enrolled user exists/,
              `${person}: ${line}`,
            );
            assert.doesNotMatch(line, /Minimum OS version: \d/, `${person}: ${line}`);
          }
        }
      }
    }
  });

  it('nothing found says what was checked; zero devices is said as such', async () => {
    const james = diagnose(await reportOf('james'), NOW);
    assert.deepEqual(james.findings, []);
    const [en] = checkedLines(james, createTranslator('en'));
    assert.match(
      en ?? '',
      /^Nothing stands out\. Checked: account and subscription, license, 2 devices, \d+ policy states, \d+ apps, app protection, enrollment restrictions, and 0 enrollment failures in 30 days\.$/,
    );
    const [nl] = checkedLines(james, createTranslator('nl'));
    assert.match(nl ?? '', /^Niets valt op\. Gecontroleerd: account en abonnement, licentie, 2 apparaten, /);
    const pieter = diagnose(await reportOf('pieter'), NOW);
    assert.equal(pieter.deviceCount, 0);
    assert.match(checkedLines(pieter, createTranslator('en'))[0] ?? '', /Checked: .*0 devices/);
  });

  it('every key a finding can use exists in English and Dutch', async () => {
    const keys = new Set<string>();
    const collect = (text: Text): void => {
      keys.add(text.key);
      for (const p of Object.values(text.params ?? {})) {
        if (typeof p === 'object' && 'key' in p) collect(p);
        if (typeof p === 'object' && 'list' in p)
          for (const i of p.list) if (typeof i === 'object' && 'key' in i) collect(i);
      }
    };
    for (const person of Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]) {
      for (const f of diagnose(await reportOf(person), NOW).findings) {
        for (const text of [f.title, f.fix, f.userFix, ...f.evidence]) collect(text);
      }
    }
    for (const language of ['en', 'nl']) {
      const t = createTranslator(language);
      for (const key of keys) {
        const [ns, path] = key.includes(':') ? key.split(':') : ['common', key];
        const file = JSON.parse(readFileSync(join(LOCALES_DIR, language, `${ns}.json`), 'utf8')) as Record<
          string,
          unknown
        >;
        const base = (path ?? '').split('.');
        let node: unknown = file;
        for (const part of base.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[part];
        const last = base[base.length - 1] ?? '';
        const leaf = node as Record<string, unknown> | unknown[] | undefined;
        const exists =
          leaf !== undefined &&
          (Array.isArray(leaf)
            ? leaf[Number(last)] !== undefined
            : last in leaf || `${last}_one` in leaf || `${last}_other` in leaf);
        assert.ok(exists, `${language}: ${key} (${t.language})`);
      }
    }
  });
});
