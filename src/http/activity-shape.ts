// The type of every activity field the bot or botbuilder reads, checked before the adapter sees it: a
// wrong type is the sender's mistake (400), never the bot's (500).
import { isLoopbackUrl } from '../config';

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isDateText: Check = (v) => typeof v === 'string' && v.length <= 64 && !Number.isNaN(Date.parse(v));
/** BCP 47 tags are short letters, digits and hyphens (Teams sends e.g. en-US); underscores are tolerated. */
const isLocale: Check = (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{0,35}$/.test(v);

/** Optional fields: present means the right type. */
function fields(shape: Record<string, Check>): Check {
  return (value) =>
    isRecord(value) &&
    Object.entries(shape).every(([name, check]) => value[name] === undefined || check(value[name]));
}

const account = fields({ id: isString, name: isString, aadObjectId: isString, role: isString });
const withId = fields({ id: isString, name: isString });
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

const ACTIVITY: Record<string, Check> = {
  id: isString,
  name: isString,
  text: isString,
  textFormat: isString,
  locale: isLocale,
  channelId: isString,
  serviceUrl: isString,
  replyToId: isString,
  timestamp: isDateText,
  localTimestamp: isDateText,
  expiration: isDateText,
  localTimezone: isString,
  deliveryMode: isString,
  callerId: isString,
  action: isString,
  topicName: isString,
  inputHint: isString,
  valueType: isString,
  label: isString,
  from: account,
  recipient: account,
  conversation: fields({
    id: isString,
    name: isString,
    tenantId: isString,
    conversationType: isString,
    isGroup: isBoolean,
    aadObjectId: isString,
    role: isString,
  }),
  channelData: fields({
    tenant: withId,
    team: withId,
    channel: withId,
    eventType: isString,
  }),
  entities: listOf(isRecord),
  attachments: listOf(isRecord),
  membersAdded: listOf(account),
  membersRemoved: listOf(account),
  relatesTo: isRecord,
};

/**
 * An invoke's value is an object for every invoke Teams sends; a card action's names its action and the action's
 * type, which botbuilder reads before any handler of ours could refuse it.
 */
function invokeProblem(name: unknown, value: unknown): string | null {
  if (value === undefined) return null;
  if (!isRecord(value)) return 'The field "value" of an invoke must be an object.';
  if (name !== 'adaptiveCard/action') return null;
  const { action } = value;
  if (!isRecord(action) || typeof action.type !== 'string') {
    return 'A card action needs "value.action" with a type.';
  }
  if (action.verb !== undefined && typeof action.verb !== 'string') {
    return 'The field "value.action.verb" has the wrong type.';
  }
  return null;
}

export interface ShapeOptions {
  /** Anonymous local mode: replies may go to loopback only, so no web page can aim the bot elsewhere. */
  loopbackServiceUrlOnly: boolean;
}

/** Null for a well-formed activity; otherwise a short reason naming the field (no echo of its value). */
export function activityProblem(body: unknown, options: ShapeOptions): string | null {
  if (!isRecord(body)) return 'The body must be a Bot Framework activity (a JSON object).';
  const { type } = body;
  if (typeof type !== 'string' || type.length === 0 || type.length > 100) {
    return 'The activity needs a type.';
  }
  for (const [name, check] of Object.entries(ACTIVITY)) {
    if (body[name] !== undefined && !check(body[name]))
      return `The activity field "${name}" has the wrong type.`;
  }
  if (typeof body.serviceUrl !== 'string') return 'The activity needs a serviceUrl.';
  // Every activity Teams sends names its conversation; a reply has nowhere to go without one.
  if (
    !isRecord(body.conversation) ||
    typeof body.conversation.id !== 'string' ||
    body.conversation.id === ''
  ) {
    return 'The activity needs a conversation id.';
  }
  const invoke = type === 'invoke' ? invokeProblem(body.name, body.value) : null;
  if (invoke !== null) return invoke;
  let serviceUrl: URL;
  try {
    serviceUrl = new URL(body.serviceUrl);
  } catch {
    return 'The activity field "serviceUrl" is not a URL.';
  }
  if (serviceUrl.protocol !== 'https:' && serviceUrl.protocol !== 'http:') {
    return 'The activity field "serviceUrl" is not an http(s) URL.';
  }
  if (options.loopbackServiceUrlOnly && !isLoopbackUrl(serviceUrl)) {
    return 'Without a bot registration, replies go to loopback only.';
  }
  return null;
}
