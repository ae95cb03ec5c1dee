import { snapshotEvidence, type CasePerson, type NewCaseInput } from '../../src/escalations';
import { NOW, sampleReport } from '../support/sample-report';

export { NOW };

export const LOTTE: CasePerson = {
  aadObjectId: 'b302c4b2-63a5-5aa8-a32c-8c238c55af7c',
  name: 'Lotte Bakker',
};
export const ANN: CasePerson = { aadObjectId: '6f1d2c3b-1111-4a5b-9c8d-000000000001', name: 'Ann Tier-Two' };
export const BOB: CasePerson = { aadObjectId: '6f1d2c3b-2222-4a5b-9c8d-000000000002', name: 'Bob Tier-Two' };

export function minutesLater(minutes: number): Date {
  return new Date(NOW.getTime() + minutes * 60_000);
}

export function newCaseInput(overrides: Partial<NewCaseInput> = {}): NewCaseInput {
  const report = sampleReport();
  return {
    topic: 'enrollment',
    severity: 'high',
    reason: 'iPhone will not enroll',
    note: 'Tried twice after a reboot; device cap message.',
    subject: {
      id: report.user.id,
      displayName: report.user.displayName,
      upn: report.user.userPrincipalName,
    },
    requester: { ...LOTTE, role: 'agent' },
    evidence: snapshotEvidence(report, NOW),
    ...overrides,
  };
}
