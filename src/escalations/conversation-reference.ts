// Where a message can be sent later (a channel, a person's chat): the project's own shape of the reference
// Teams gives each activity, so escalations store and compare addresses without the bot SDK. It has the
// fields botbuilder's Partial<ConversationReference> has, so the bot passes one straight to its adapter.

export interface ConversationParty {
  id: string;
  name: string;
  aadObjectId?: string;
}

export interface ConversationAccount {
  id: string;
  name: string;
  isGroup: boolean;
  conversationType: string;
  tenantId?: string;
  aadObjectId?: string;
}

export interface ConversationReference {
  activityId?: string;
  user?: ConversationParty;
  bot?: ConversationParty;
  conversation?: ConversationAccount;
  channelId?: string;
  locale?: string;
  serviceUrl?: string;
}
