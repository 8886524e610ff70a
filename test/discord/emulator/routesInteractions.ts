import {
  apiError,
  formError,
  type Route,
  type RouteContext,
  type RouteRequest,
  type RouteResponse,
} from './router';
import { InteractionType, MessageFlag, type InteractionRecord } from './store';
import type { EmulatedMessage, Json } from './types';
import { isEmptyMessage, validateAutocomplete, validateMessageBody, validateModal } from './validation';

/** Interaction callback types (API v10). */
export const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

const UNKNOWN_INTERACTION = (): RouteResponse => apiError(404, 10062, 'Unknown interaction');
const UNKNOWN_WEBHOOK = (): RouteResponse => apiError(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = (): RouteResponse => apiError(404, 10008, 'Unknown Message');

/** Which callback types each interaction type accepts. */
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

function interactionMetadata(record: InteractionRecord): Json {
  return {
    id: record.id,
    type: record.type,
    user: record.user,
    authorizing_integration_owners: record.guildId ? { '0': record.guildId } : { '1': record.user.id },
    ...(record.commandName ? { name: record.commandName } : {}),
  };
}

function createResponseMessage(
  ctx: RouteContext,
  record: InteractionRecord,
  data: Json,
  req: RouteRequest,
  extraFlags = 0,
) {
  const message = ctx.store.createMessage(record.channelId, ctx.world.botUser, data, {
    application_id: record.applicationId,
    webhook_id: record.applicationId,
    type: record.type === InteractionType.ApplicationCommand ? 20 : 0,
    flags: ((typeof data.flags === 'number' ? data.flags : 0) & ~MessageFlag.Loading) | extraFlags,
    interaction_metadata: interactionMetadata(record),
  });
  message.attachments = ctx.store.resolveAttachments(data, req.files);
  return message;
}

function callbackResult(
  req: RouteRequest,
  record: InteractionRecord,
  message: EmulatedMessage | undefined,
): RouteResponse {
  if (req.query.with_response !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id: record.id,
        type: record.type,
        response_message_id: message?.id,
        response_message_loading: message ? (message.flags & MessageFlag.Loading) !== 0 : undefined,
        response_message_ephemeral: message ? (message.flags & MessageFlag.Ephemeral) !== 0 : undefined,
      },
      resource: { type: record.responseType, ...(message ? { message } : {}) },
    },
  };
}

function handleCallback(req: RouteRequest, ctx: RouteContext): RouteResponse {
  const record = ctx.store.interactions.get(req.params.token!);
  if (!record || record.id !== req.params.id) return UNKNOWN_INTERACTION();
  if (record.responseType !== undefined)
    return apiError(400, 40060, 'Interaction has already been acknowledged.');
  if (Date.now() - record.createdAt > ctx.settings.interactionCallbackTimeoutMs) return UNKNOWN_INTERACTION();
  const type = req.body.type;
  const data = (typeof req.body.data === 'object' && req.body.data !== null ? req.body.data : {}) as Json;
  if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[record.type] ?? []).includes(type)) {
    return formError({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        type: {
          _errors: [
            { code: 'INTERACTION_CALLBACK_TYPE_INVALID', message: 'Invalid interaction callback type' },
          ],
        },
      },
    });
  }
  let message: EmulatedMessage | undefined;
  switch (type) {
    case CallbackType.ChannelMessageWithSource: {
      const invalid = validateMessageBody(data, ['data']);
      if (invalid) return formError(invalid);
      if (isEmptyMessage(data, req.files.length)) return apiError(400, 50006, 'Cannot send an empty message');
      message = createResponseMessage(ctx, record, data, req);
      ctx.events.messageCreate(message);
      break;
    }
    case CallbackType.DeferredChannelMessageWithSource: {
      // The "thinking…" placeholder is a real message with the Loading flag until @original is edited.
      message = createResponseMessage(ctx, record, { ...data, content: '' }, req, MessageFlag.Loading);
      ctx.events.messageCreate(message);
      break;
    }
    case CallbackType.DeferredUpdateMessage:
      message = record.sourceMessageId ? ctx.store.findMessage(record.sourceMessageId) : undefined;
      break;
    case CallbackType.UpdateMessage: {
      const invalid = validateMessageBody(data, ['data']);
      if (invalid) return formError(invalid);
      message = record.sourceMessageId ? ctx.store.findMessage(record.sourceMessageId) : undefined;
      if (!message) return UNKNOWN_MESSAGE();
      ctx.store.editMessage(message, data, req.files);
      ctx.events.messageUpdate(message);
      break;
    }
    case CallbackType.ApplicationCommandAutocompleteResult: {
      const invalid = validateAutocomplete(data);
      if (invalid) return formError(invalid);
      break;
    }
    case CallbackType.Modal: {
      const invalid = validateModal(data);
      if (invalid) return formError(invalid);
      break;
    }
  }
  record.responseType = type;
  record.responseData = data;
  record.originalMessageId = message?.id;
  return callbackResult(req, record, message);
}

/** Resolves the interaction behind a webhook token, or the error response to send. */
function webhookInteraction(req: RouteRequest, ctx: RouteContext): InteractionRecord | RouteResponse {
  const record = ctx.store.interactions.get(req.params.token!);
  if (!record || record.applicationId !== req.params.app) return UNKNOWN_WEBHOOK();
  if (Date.now() - record.createdAt > ctx.settings.interactionTokenLifetimeMs) {
    return apiError(401, 50027, 'Invalid Webhook Token');
  }
  return record;
}

function webhookMessage(
  req: RouteRequest,
  ctx: RouteContext,
  record: InteractionRecord,
): EmulatedMessage | undefined {
  const messageId = req.params.message === '@original' ? record.originalMessageId : req.params.message;
  if (!messageId) return undefined;
  if (messageId !== record.originalMessageId && !record.followUpIds.includes(messageId)) return undefined;
  return ctx.store.findMessage(messageId);
}

function isRecord(value: InteractionRecord | RouteResponse): value is InteractionRecord {
  return 'token' in value;
}

/** Interaction callback and interaction webhook routes (no bot Authorization; the token authorizes). */
export const interactionRoutes: Route[] = [
  { method: 'POST', pattern: '/interactions/:id/:token/callback', auth: false, handle: handleCallback },
  {
    method: 'POST',
    pattern: '/webhooks/:app/:token',
    auth: false,
    handle(req, ctx) {
      const record = webhookInteraction(req, ctx);
      if (!isRecord(record)) return record;
      if (record.responseType === undefined) return UNKNOWN_WEBHOOK();
      const invalid = validateMessageBody(req.body);
      if (invalid) return formError(invalid);
      if (isEmptyMessage(req.body, req.files.length))
        return apiError(400, 50006, 'Cannot send an empty message');
      const message = createResponseMessage(ctx, record, req.body, req);
      record.followUpIds.push(message.id);
      ctx.events.messageCreate(message);
      return req.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/webhooks/:app/:token/messages/:message',
    auth: false,
    handle(req, ctx) {
      const record = webhookInteraction(req, ctx);
      if (!isRecord(record)) return record;
      const message = webhookMessage(req, ctx, record);
      return message ? { status: 200, body: message } : UNKNOWN_MESSAGE();
    },
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/:app/:token/messages/:message',
    auth: false,
    handle(req, ctx) {
      const record = webhookInteraction(req, ctx);
      if (!isRecord(record)) return record;
      const message = webhookMessage(req, ctx, record);
      if (!message) return UNKNOWN_MESSAGE();
      const invalid = validateMessageBody(req.body);
      if (invalid) return formError(invalid);
      ctx.store.editMessage(message, req.body, req.files);
      ctx.events.messageUpdate(message);
      return { status: 200, body: message };
    },
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:app/:token/messages/:message',
    auth: false,
    handle(req, ctx) {
      const record = webhookInteraction(req, ctx);
      if (!isRecord(record)) return record;
      const message = webhookMessage(req, ctx, record);
      if (!message) return UNKNOWN_MESSAGE();
      ctx.store.deleteMessage(message.channel_id, message.id);
      ctx.events.messageDelete(message);
      return { status: 204 };
    },
  },
];
