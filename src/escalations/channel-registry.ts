// Where to post and whom to tell: the tier-2 channels' conversation references per topic, and each
// requester's personal conversation reference, kept on the Storage port so they survive a restart.
import type { ConversationReference, Storage, StoreItem } from 'botbuilder';
import { readVersioned, updateDocument } from '../storage';
import type { CasePerson, CaseTopic, ChannelTopic } from './case-workflow';

export interface ChannelRegistration {
  topic: ChannelTopic;
  reference: Partial<ConversationReference>;
  setBy: CasePerson;
  setAt: string;
}

export interface RequesterReference {
  aadObjectId: string;
  reference: Partial<ConversationReference>;
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

function registrationOf(item: StoreItem | undefined): ChannelRegistration | null {
  if (!item) return null;
  const { topic, reference, setBy, setAt } = item as ChannelRegistration;
  return { topic, reference, setBy, setAt };
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

  /** The newest choice replaces the previous one; that is what "use this channel" asks for. */
  async setChannel(
    topic: ChannelTopic,
    reference: Partial<ConversationReference>,
    by: CasePerson,
    now: Date,
  ): Promise<ChannelRegistration> {
    const registration: ChannelRegistration = {
      topic,
      reference: plain(reference),
      setBy: { aadObjectId: by.aadObjectId, name: by.name },
      setAt: now.toISOString(),
    };
    await updateDocument<ChannelRegistration, void>(this.storage, this.channelKey(topic), () => ({
      write: registration,
      result: undefined,
    }));
    return registration;
  }

  /** The topic's own channel, else the default one; null when neither is set. */
  async getChannel(topic: CaseTopic): Promise<ChannelRegistration | null> {
    const keys = [this.channelKey(topic), this.channelKey('default')];
    const items = await this.storage.read(keys);
    for (const key of keys) {
      const registration = registrationOf(items[key] as StoreItem | undefined);
      if (registration) return registration;
    }
    return null;
  }

  /** Every topic that has a channel of its own, 'default' first. */
  async listChannels(): Promise<ChannelRegistration[]> {
    const items = await this.storage.read(CHANNEL_TOPICS.map((t) => this.channelKey(t)));
    return CHANNEL_TOPICS.flatMap((topic) => {
      const registration = registrationOf(items[this.channelKey(topic)] as StoreItem | undefined);
      return registration ? [registration] : [];
    });
  }

  async removeChannel(topic: ChannelTopic): Promise<void> {
    await this.storage.delete([this.channelKey(topic)]);
  }

  async setRequesterReference(
    aadObjectId: string,
    reference: Partial<ConversationReference>,
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

  async getRequesterReference(aadObjectId: string): Promise<Partial<ConversationReference> | null> {
    const stored = await readVersioned<RequesterReference>(this.storage, this.requesterKey(aadObjectId));
    return stored?.value.reference ?? null;
  }
}
