import { DEMO_DOMAIN, PEOPLE, startDemoTenant } from './src/demo-tenant';
import { sourceFor } from './test/graph/source-for';
import { createTranslator } from './src/i18n';
import { createCardVerbs } from './src/bot/card-verbs';
import * as views from './src/views/enrollment-restrictions-view';
import * as lists from './src/views/list-views';
import { dashboardCard } from './src/bot/troubleshooter';
import { selfServiceCard } from './src/views/self-service-view';
import { deviceDetailsCard } from './src/views/device-details-view';
function texts(e: any, out: string[] = []): string[] {
  if (Array.isArray(e)) e.forEach((x) => texts(x, out));
  else if (e && typeof e === 'object') {
    if (typeof e.text === 'string') out.push(e.text);
    if (typeof e.title === 'string') out.push(`[${e.title}]`);
    if (e.type === 'Fact') out.push(`${e.title}: ${e.value}`);
    for (const [k, v] of Object.entries(e)) if (k !== 'text') texts(v, out);
  }
  return out;
}
(async () => {
  const tenant = await startDemoTenant({ port: 0 });
  const source = sourceFor(tenant.url);
  const [lang, name, view, arg] = process.argv.slice(2);
  const tr = createTranslator(lang);
  const r = await source.resolveUser(`${(PEOPLE as any)[name!].key}@${DEMO_DOMAIN}`);
  if (r.kind !== 'found') return;
  const report = await source.getReport(r.user);
  const now = new Date();
  let card: any;
  switch (view) {
    case 'restrictions': card = views.enrollmentRestrictionsCard(report, tr, now); break;
    case 'devices': card = lists.devicesCard(report, tr, now, 0, arg); break;
    case 'compliance': card = lists.policiesCard('compliance', report, tr, 0, arg); break;
    case 'configuration': card = lists.policiesCard('configuration', report, tr, 0, arg); break;
    case 'apps': card = lists.clientAppsCard(report, tr, 0, arg); break;
    case 'findings': card = lists.findingsCard(report, tr, now, 0); break;
    case 'self': card = selfServiceCard(report, tr, now); break;
    case 'device': card = deviceDetailsCard(report, (report.devices as any).data.find((d: any) => d.name === arg).id, tr, now); break;
    default: card = dashboardCard(report, tr, now);
  }
  console.log(texts(card.body ?? card).join('\n'));
  console.log(texts(card.actions ?? []).join(' '));
  console.log('bytes', JSON.stringify(card).length);
  await tenant.close();
})();
