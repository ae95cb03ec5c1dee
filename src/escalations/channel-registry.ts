// Where to post and whom to tell: the tier-2 channels' conversation references per topic, and each
// requester's personal conversation reference, kept on the Storage port so they survive a restart.
// A channel that Teams says is gone (deleted, archived, the bot removed) or that refused a case card is
// kept but marked unreachable: it gets no cases until an agent takes it again with the command.
import { readVersioned, updateDocument, type Storage } from '../storage';
import type { CasePerson, CaseTopic, ChannelTopic } from './case-workflow';
import type { ConversationReference } from './conversation-reference';

export const UNREACHABLE_REASONS = [
  'channelDeleted',
  'teamArchived',
  'teamDeleted',
  'botRemoved',
  'deliveryFailed',
] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export interface Unreachable {
  reason: UnreachableReason;
  at: string;
  /** When the agent was told the channel is back; it is offered once, never taken back silently. */
  offeredBackAt: string | null;
}

export interface ChannelRegistration {
  topic: ChannelTopic;
  reference: ConversationReference;
  setBy: CasePerson;
  setAt: string;
  /** The team the channel belongs to (channelData.team.id); null on registrations made before it was kept. */
  teamId: string | null;
  unreachable: Unreachable | null;
}

/** What a Teams event is about: one channel, or every channel of one team (of the event's tenant). */
export type ChannelScope = ({ kind: 'channel'; channelId: string } | { kind: 'team'; teamId: string }) & {
  tenantId?: string;
};

/** The channel's own id: a reference may name a thread in it ("<channel>;messageid=<id>"). */
export function channelIdOf(registration: Pick<ChannelRegistration, 'reference'>): string {
  const id = registration.reference.conversation?.id ?? '';
  return id.split(';')[0] ?? id;
}

function inScope(registration: ChannelRegistration, scope: ChannelScope): boolean {
  const registeredTenant = registration.reference.conversation?.tenantId;
  if (scope.tenantId && registeredTenant && registeredTenant.toLowerCase() !== scope.tenantId.toLowerCase())
    return false;
  const channelId = channelIdOf(registration);
  if (scope.kind === 'channel') return channelId !== '' && channelId === scope.channelId;
  // A team's General channel has the team's id, which also covers registrations without a team id.
  return registration.teamId === scope.teamId || channelId === scope.teamId;
}

export interface RequesterReference {
  aadObjectId: string;
  reference: ConversationReference;
  updatedAt: string;
}

export interface ChannelRegistryOptions {
  keyPrefix?: string;
}

export const CHANNEL_TOPICS: readonly ChannelTopic[] = [
  'default',
  'enrollment',
  'apps',
  'compliance',
  'other',
];

/** Conversation references carry no secrets, but a round trip through JSON drops anything not plain data. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function registrationOf(item: object | undefined | null): ChannelRegistration | null {
  if (!item) return null;
  const { topic, reference, setBy, setAt, teamId, unreachable } = item as Partial<ChannelRegistration>;
  if (topic === undefined || reference === undefined || setBy === undefined || setAt === undefined)
    return null;
  return { topic, reference, setBy, setAt, teamId: teamId ?? null, unreachable: unreachable ?? null };
}

export class ChannelRegistry {
  private readonly prefix: string;

  constructor(
    private readonly storage: Storage,
    options: ChannelRegistryOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'escalations/';
  }

  private channelKey(topic: ChannelTopic): string {
    return `${this.prefix}channels/${topic}`;
  }

  private requesterKey(aadObjectId: string): string {
    return `${this.prefix}requesters/${aadObjectId.toLowerCase()}`;
  }

  /** The newest choice replaces the previous one (and makes it reachable); that is what "use this channel" asks for. */
  async setChannel(
    topic: ChannelTopic,
    reference: ConversationReference,
    by: CasePerson,
    now: Date,
    teamId: string | null = null,
  ): Promise<ChannelRegistration> {
    const registration: ChannelRegistration = {
      topic,
      reference: plain(reference),
      setBy: { aadObjectId: by.aadObjectId, name: by.name },
      setAt: now.toISOString(),
      teamId,
      unreachable: null,
    };
    await updateDocument<ChannelRegistration, void>(this.storage, this.channelKey(topic), () => ({
      write: registration,
      result: undefined,
    }));
    return registration;
  }

  /** The topic's own reachable channel, else the reachable default one; null when neither is there. */
  async getChannel(topic: CaseTopic): Promise<ChannelRegistration | null> {
    const keys = [this.channelKey(topic), this.channelKey('default')];
    const items = await this.storage.read(keys);
    for (const key of keys) {
      const registration = registrationOf(items[key]);
      if (registration && registration.unreachable === null) return registration;
    }
    return null;
  }

  /** The registration of a topic as stored, reachable or not. */
  async getRegistration(topic: ChannelTopic): Promise<ChannelRegistration | null> {
    const items = await this.storage.read([this.channelKey(topic)]);
    return registrationOf(items[this.channelKey(topic)]);
  }

  /**
   * Where a case card may go, in the order to try: the topic's own channel, the default one, then every
   * other reachable channel; each channel once.
   */
  async deliveryOrder(topic: CaseTopic): Promise<ChannelRegistration[]> {
    const all = (await this.listChannels()).filter((r) => r.unreachable === null);
    const rank = (r: ChannelRegistration): number => (r.topic === topic ? 0 : r.topic === 'default' ? 1 : 2);
    const seen = new Set<string>();
    return [...all]
      .sort((a, b) => rank(a) - rank(b))
      .filter((r) => {
        const id = channelIdOf(r);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
  }

  /**
   * Marks every reachable registration in `scope` unreachable; returns those that changed, so that each
   * agent is told once however often Teams repeats the event and whichever instance receives it.
   */
  async markUnreachable(
    scope: ChannelScope,
    reason: UnreachableReason,
    now: Date,
  ): Promise<ChannelRegistration[]> {
    return this.changeEach(scope, (current) =>
      current.unreachable === null
        ? { ...current, unreachable: { reason, at: now.toISOString(), offeredBackAt: null } }
        : null,
    );
  }

  /**
   * Registrations in `scope` that became unreachable for one of `reasons` and were not offered back yet:
   * they are marked as offered (still unreachable) and returned, for the agent to take them again.
   */
  async offerBack(
    scope: ChannelScope,
    reasons: readonly UnreachableReason[],
    now: Date,
  ): Promise<ChannelRegistration[]> {
    return this.changeEach(scope, (current) =>
      current.unreachable !== null &&
      current.unreachable.offeredBackAt === null &&
      reasons.includes(current.unreachable.reason)
        ? { ...current, unreachable: { ...current.unreachable, offeredBackAt: now.toISOString() } }
        : null,
    );
  }

  /** Removes the registrations in `scope` (a team deleted for good); returns them. */
  async removeChannels(scope: ChannelScope): Promise<ChannelRegistration[]> {
    const removed = (await this.listChannels()).filter((r) => inScope(r, scope));
    if (removed.length > 0) await this.storage.delete(removed.map((r) => this.channelKey(r.topic)));
    return removed;
  }

  private async changeEach(
    scope: ChannelScope,
    change: (current: ChannelRegistration) => ChannelRegistration | null,
  ): Promise<ChannelRegistration[]> {
    const changed: ChannelRegistration[] = [];
    for (const candidate of await this.listChannels()) {
      if (!inScope(candidate, scope)) continue;
      const next = await updateDocument<ChannelRegistration, ChannelRegistration | null>(
        this.storage,
        this.channelKey(candidate.topic),
        (stored) => {
          // Decided again on the stored value: another event or instance may have got there first.
          const current = registrationOf(stored);
          const updated = current && inScope(current, scope) ? change(current) : null;
          return updated ? { write: updated, result: updated } : { result: null };
        },
      );
      if (next) changed.push(next);
    }
    return changed;
  }

  /** Every topic that has a channel of its own, 'default' first. */
  async listChannels(): Promise<ChannelRegistration[]> {
    const items = await this.storage.read(CHANNEL_TOPICS.map((t) => this.channelKey(t)));
    return CHANNEL_TOPICS.flatMap((topic) => {
      const registration = registrationOf(items[this.channelKey(topic)]);
      return registration ? [registration] : [];
    });
  }

  async removeChannel(topic: ChannelTopic): Promise<void> {
    await this.storage.delete([this.channelKey(topic)]);
  }

  async setRequesterReference(
    aadObjectId: string,
    reference: ConversationReference,
    now: Date,
  ): Promise<void> {
    const stored: RequesterReference = {
      aadObjectId: aadObjectId.toLowerCase(),
      reference: plain(reference),
      updatedAt: now.toISOString(),
    };
    await updateDocument<RequesterReference, void>(this.storage, this.requesterKey(aadObjectId), () => ({
      write: stored,
      result: undefined,
    }));
  }

  async getRequesterReference(aadObjectId: string): Promise<ConversationReference | null> {
    const stored = await readVersioned<RequesterReference>(this.storage, this.requesterKey(aadObjectId));
    return stored?.value.reference ?? null;
  }
}
