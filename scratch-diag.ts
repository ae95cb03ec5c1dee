import { DEMO_DOMAIN, PEOPLE, startDemoTenant } from './src/demo-tenant';
import { sourceFor } from './test/graph/source-for';
import { diagnose } from './src/troubleshooting/diagnosis';
import { say } from './src/views/say';
import { createTranslator } from './src/i18n';
(async () => {
  const tenant = await startDemoTenant({ port: 0 });
  const source = sourceFor(tenant.url);
  const lang = process.argv[2] ?? 'en';
  const tr = createTranslator(lang);
  for (const name of (process.argv[3] ?? 'daan,thomas,sander,olivia,hugo,kevin,siobhan,marco,zoe,noah,pieter,isabel,yara,sanneWillems,wouter,james,lars').split(',')) {
    const r = await source.resolveUser(`${(PEOPLE as any)[name].key}@${DEMO_DOMAIN}`);
    if (r.kind !== 'found') continue;
    const report = await source.getReport(r.user);
    const now = new Date();
    const d = diagnose(report, now);
    console.log(`== ${name}: ${d.findings.length}`);
    for (const f of d.findings.slice(0, 5)) {
      console.log(` [${f.rule}/${f.tier}] ${say(f.title, tr, now)} -> ${f.action?.verb ?? '-'}`);
      for (const e of f.evidence) console.log(`     · ${say(e, tr, now)}`);
      console.log(`     fix: ${say(f.fix, tr, now)}`);
      console.log(`     user: ${say(f.userFix, tr, now)}`);
    }
  }
  await tenant.close();
})();
