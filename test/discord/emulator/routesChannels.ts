import {
  apiError,
  formError,
  type Route,
  type RouteContext,
  type RouteRequest,
  type RouteResponse,
} from './router';
import type { EmulatedChannel, EmulatedMessage, Json } from './types';
import { FormErrorCollector, isEmptyMessage, validateMessageBody } from './validation';
import { ChannelType, type World } from './world';

const UNKNOWN_CHANNEL = (): RouteResponse => apiError(404, 10003, 'Unknown Channel');
const UNKNOWN_MESSAGE = (): RouteResponse => apiError(404, 10008, 'Unknown Message');

function channelOf(req: RouteRequest, ctx: RouteContext): EmulatedChannel | undefined {
  return ctx.store.channels.get(req.params.channel!);
}

/** A thread channel object under `parent`, owned by `ownerId` (not stored, not dispatched). */
export function threadChannel(
  world: World,
  parent: EmulatedChannel,
  body: Json,
  id: string,
  type: number,
  ownerId: string,
): EmulatedChannel {
  const autoArchive = typeof body.auto_archive_duration === 'number' ? body.auto_archive_duration : 4320;
  return {
    id,
    type,
    guild_id: parent.guild_id ?? world.guild.id,
    parent_id: parent.id,
    owner_id: ownerId,
    name: String(body.name),
    last_message_id: null,
    rate_limit_per_user: typeof body.rate_limit_per_user === 'number' ? body.rate_limit_per_user : 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: autoArchive,
      archive_timestamp: new Date().toISOString(),
      locked: false,
      create_timestamp: new Date().toISOString(),
      ...(type === ChannelType.PrivateThread ? { invitable: body.invitable !== false } : {}),
    },
  };
}

function createThread(
  ctx: RouteContext,
  parent: EmulatedChannel,
  body: Json,
  id: string,
  type: number,
): EmulatedChannel {
  const thread = threadChannel(ctx.world, parent, body, id, type, ctx.world.botUser.id);
  ctx.store.channels.set(id, thread);
  ctx.events.threadCreate(thread);
  return thread;
}

function validateThreadBody(body: Json): RouteResponse | undefined {
  const errors = new FormErrorCollector();
  errors.required(['name'], body.name);
  errors.maxLength(['name'], body.name, 100);
  const archive = body.auto_archive_duration;
  if (archive !== undefined && ![60, 1440, 4320, 10080].includes(archive as number)) {
    errors.add(
      ['auto_archive_duration'],
      'BASE_TYPE_CHOICES',
      'Value must be one of {60, 1440, 4320, 10080}.',
    );
  }
  const result = errors.result();
  return result ? formError(result) : undefined;
}

function isThread(channel: EmulatedChannel): boolean {
  return channel.type === ChannelType.PublicThread || channel.type === ChannelType.PrivateThread;
}

function messageReference(
  ctx: RouteContext,
  channelId: string,
  body: Json,
): Partial<EmulatedMessage> | RouteResponse {
  const reference = body.message_reference as Json | undefined;
  if (!reference || typeof reference.message_id !== 'string') return {};
  const referenced = ctx.store.findMessage(
    reference.message_id,
    (reference.channel_id as string) ?? channelId,
  );
  if (!referenced) {
    if (reference.fail_if_not_exists === false) return {};
    return formError({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        message_reference: {
          _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }],
        },
      },
    });
  }
  return {
    type: 19,
    message_reference: {
      type: 0,
      message_id: referenced.id,
      channel_id: referenced.channel_id,
      guild_id: referenced.guild_id,
    },
    referenced_message: referenced,
  };
}

/** Channel, message, thread and typing routes (bot Authorization required). */
export const channelRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels/:channel',
    auth: true,
    handle: (req, ctx) => {
      const channel = channelOf(req, ctx);
      return channel ? { status: 200, body: channel } : UNKNOWN_CHANNEL();
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel/messages',
    auth: true,
    handle(req, ctx) {
      if (!channelOf(req, ctx)) return UNKNOWN_CHANNEL();
      const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        const errors = new FormErrorCollector();
        errors.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
        return formError(errors.result()!);
      }
      let messages = ctx.store.messagesIn(req.params.channel!);
      const { before, after } = req.query;
      if (before) messages = messages.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) messages = messages.filter((m) => BigInt(m.id) > BigInt(after));
      // Discord returns newest first.
      return { status: 200, body: messages.reverse().slice(0, limit) };
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    handle(req, ctx) {
      const message = ctx.store.findMessage(req.params.message!, req.params.channel!);
      return message ? { status: 200, body: message } : UNKNOWN_MESSAGE();
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel/messages',
    auth: true,
    handle(req, ctx) {
      const channel = channelOf(req, ctx);
      if (!channel) return UNKNOWN_CHANNEL();
      // A forum holds posts (threads), never messages of its own.
      if (channel.type === ChannelType.GuildForum) {
        return apiError(400, 50008, 'Cannot send messages in a non-text channel');
      }
      const invalid = validateMessageBody(req.body);
      if (invalid) return formError(invalid);
      if (isEmptyMessage(req.body, req.files.length))
        return apiError(400, 50006, 'Cannot send an empty message');
      if (isThread(channel) && (channel.thread_metadata as Json | undefined)?.locked === true) {
        return apiError(403, 50083, 'Thread is archived');
      }
      const reference = messageReference(ctx, channel.id, req.body);
      if ('status' in reference) return reference;
      const message = ctx.store.createMessage(channel.id, ctx.world.botUser, req.body, reference);
      message.attachments = ctx.store.resolveAttachments(req.body, req.files);
      ctx.events.messageCreate(message);
      return { status: 200, body: message };
    },
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    handle(req, ctx) {
      const message = ctx.store.findMessage(req.params.message!, req.params.channel!);
      if (!message) return UNKNOWN_MESSAGE();
      if (message.author.id !== ctx.world.botUser.id) {
        return apiError(403, 50005, 'Cannot edit a message authored by another user');
      }
      const invalid = validateMessageBody(req.body);
      if (invalid) return formError(invalid);
      ctx.store.editMessage(message, req.body, req.files);
      ctx.events.messageUpdate(message);
      return { status: 200, body: message };
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel/messages/:message',
    auth: true,
    handle(req, ctx) {
      const message = ctx.store.findMessage(req.params.message!, req.params.channel!);
      if (!message) return UNKNOWN_MESSAGE();
      ctx.store.deleteMessage(message.channel_id, message.id);
      ctx.events.messageDelete(message);
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel/typing',
    auth: true,
    handle(req, ctx) {
      if (!channelOf(req, ctx)) return UNKNOWN_CHANNEL();
      ctx.store.typing.push(req.params.channel!);
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    pattern: '/channels/:channel/messages/:message/reactions/:emoji/@me',
    auth: true,
    handle: (req, ctx) =>
      ctx.store.findMessage(req.params.message!, req.params.channel!) ? { status: 204 } : UNKNOWN_MESSAGE(),
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channel/messages/:message/reactions/:emoji/@me',
    auth: true,
    handle: (req, ctx) =>
      ctx.store.findMessage(req.params.message!, req.params.channel!) ? { status: 204 } : UNKNOWN_MESSAGE(),
  },
  {
    method: 'POST',
    pattern: '/channels/:channel/messages/:message/threads',
    auth: true,
    handle(req, ctx) {
      const channel = channelOf(req, ctx);
      if (!channel) return UNKNOWN_CHANNEL();
      const message = ctx.store.findMessage(req.params.message!, channel.id);
      if (!message) return UNKNOWN_MESSAGE();
      const invalid = validateThreadBody(req.body);
      if (invalid) return invalid;
      if (message.thread || ctx.store.channels.has(message.id)) {
        return apiError(400, 160004, 'A thread has already been created for this message');
      }
      // A thread started from a message takes the message's id.
      const thread = createThread(ctx, channel, req.body, message.id, ChannelType.PublicThread);
      message.thread = thread;
      return { status: 201, body: thread };
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channel/threads',
    auth: true,
    handle(req, ctx) {
      const channel = channelOf(req, ctx);
      if (!channel) return UNKNOWN_CHANNEL();
      const invalid = validateThreadBody(req.body);
      if (invalid) return invalid;
      const type =
        req.body.type === ChannelType.PrivateThread ? ChannelType.PrivateThread : ChannelType.PublicThread;
      const thread = createThread(ctx, channel, req.body, ctx.store.ids.next(), type);
      return { status: 201, body: thread };
    },
  },
  {
    method: 'PUT',
    pattern: '/channels/:channel/thread-members/@me',
    auth: true,
    handle: (req, ctx) => (channelOf(req, ctx) ? { status: 204 } : UNKNOWN_CHANNEL()),
  },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    auth: true,
    handle(req, ctx) {
      const recipient = Object.values(ctx.world.users).find((u) => u.user.id === req.body.recipient_id);
      if (!recipient) return apiError(404, 10013, 'Unknown User');
      return { status: 200, body: ctx.store.dmChannel(recipient.user) };
    },
  },
];
