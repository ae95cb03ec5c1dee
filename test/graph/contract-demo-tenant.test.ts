import { DEMO_DOMAIN, PEOPLE, startDemoTenant } from '../../src/demo-tenant';
import { describeContract } from './contract';

const upn = (key: string): string => `${key}@${DEMO_DOMAIN}`;

describeContract('embedded demo tenant', async () => ({
  ...(await startDemoTenant({ port: 0 })),
  typicalUpn: upn(PEOPLE.james.key),
  typicalDeviceCount: 2,
  typicalProblemDeviceCount: 0,
  mailNotUpn: `${PEOPLE.siobhan.mailLocal}@${DEMO_DOMAIN}`,
  ambiguousName: PEOPLE.sanneDeBoer.givenName,
  guestUpn: `${PEOPLE.grace.key}_${PEOPLE.grace.guestFrom}#EXT#@${DEMO_DOMAIN}`,
}));
