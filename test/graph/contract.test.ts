import { FIXTURE, startFixtureGraphServer } from '../support/fixture-graph-server';
import { describeContract } from './contract';

describeContract('fixture Graph server', async () => ({
  ...(await startFixtureGraphServer()),
  typicalUpn: FIXTURE.adele.userPrincipalName,
  typicalDeviceCount: FIXTURE.devices.length,
  typicalProblemDeviceCount: 1,
  mailNotUpn: FIXTURE.guest.mail,
  ambiguousName: 'Alex',
  guestUpn: FIXTURE.guest.userPrincipalName,
}));
