import type { DeviceManagement } from '@microsoft/microsoft-graph-types';
import type { AccountStatus, SubscriptionState } from '../troubleshooting/report';
import { asRecord } from './graph-response';

const STATES: readonly SubscriptionState[] = [
  'pending',
  'active',
  'warning',
  'disabled',
  'deleted',
  'blocked',
  'lockedOut',
];

export function mapAccount(body: unknown): AccountStatus {
  // The documented example wraps the singleton in `value`; the live service returns it at top level.
  const record = asRecord(body);
  const entity = (asRecord(record?.value) ?? record ?? {}) as DeviceManagement;
  const raw = entity.subscriptionState ?? '';
  const subscriptionState = STATES.find((s) => s.toLowerCase() === raw.toLowerCase()) ?? 'unknown';
  // The portal's "Active" covers warning too: devices are still served during the warning period.
  return { subscriptionState, isActive: subscriptionState === 'active' || subscriptionState === 'warning' };
}
