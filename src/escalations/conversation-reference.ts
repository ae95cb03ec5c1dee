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

/** Teams addresses a channel thread as "<channel>;messageid=<id>"; a new post goes to the channel itself. */
export function channelRoot(reference: ConversationReference): ConversationReference {
  // Without activityId too: a continuation with one would send its message as a reply to that message.
  const { activityId: _thread, ...rest } = reference;
  const conversation = rest.conversation;
  if (!conversation?.id) return rest;
  return { ...rest, conversation: { ...conversation, id: conversation.id.split(';')[0] ?? conversation.id } };
}

/** The same channel's reference, addressed to another conversation id (where an earlier card was posted). */
export function inConversation(
  reference: ConversationReference,
  conversationId: string,
): ConversationReference {
  const conversation = reference.conversation;
  if (!conversation || conversationId === '') return reference;
  return { ...reference, conversation: { ...conversation, id: conversationId } };
}
