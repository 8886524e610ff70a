import {
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type Client,
  type RepliableInteraction,
} from 'discord.js';
import { describeError } from '../ui/describeError';
import { toLocale } from '../ui/messages';
import type { BotContext } from './context';
import { textReply, type ReplyPayload } from './format/reply';
import { quoteUserText } from './format/text';

/**
 * Discord errors that mean "too late to answer this interaction": expired (10062), already
 * acknowledged (40060), webhook token gone (50027), message deleted (10008). Telling the user
 * is impossible, so they are logged and dropped.
 */
const GONE = new Set<number>([
  RESTJSONErrorCodes.UnknownInteraction,
  RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
  RESTJSONErrorCodes.InvalidWebhookToken,
  RESTJSONErrorCodes.UnknownWebhook,
  RESTJSONErrorCodes.UnknownMessage,
]);

/** Whether an error says the interaction can no longer be answered. */
export function isGoneInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && typeof error.code === 'number' && GONE.has(error.code);
}

/** The payload as an ephemeral reply (only the clicking/typing user sees it). */
export function ephemeral(payload: ReplyPayload): ReplyPayload & { flags: MessageFlags.Ephemeral } {
  return { ...payload, flags: MessageFlags.Ephemeral };
}

/**
 * Posts a bot-written text to a channel (a log or feedback channel); a channel the bot cannot
 * reach or write to is logged with `what`, never thrown.
 */
export async function postToChannel(
  client: Client,
  channelId: string,
  content: string,
  ctx: Pick<BotContext, 'logger'>,
  what: string,
): Promise<void> {
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) throw new Error(`channel ${channelId} does not take messages`);
    await channel.send(textReply(content));
  } catch (error) {
    ctx.logger.warn({ err: error, channelId }, `could not post ${what}`);
  }
}

/** Loggable facts about an interaction (never its token). */
export function describeInteraction(interaction: RepliableInteraction): Record<string, unknown> {
  return {
    interactionId: interaction.id,
    command: interaction.isCommand() ? interaction.commandName : undefined,
    customId: interaction.isMessageComponent() ? interaction.customId : undefined,
    userId: interaction.user.id,
    guildId: interaction.guildId,
  };
}

/**
 * The error boundary of every interaction handler: the user gets a short, translated message
 * (ephemeral where Discord allows it), the log gets the cause; nothing is rethrown.
 */
export async function reportError(
  interaction: RepliableInteraction,
  error: unknown,
  ctx: BotContext,
): Promise<void> {
  const where = describeInteraction(interaction);
  if (isGoneInteraction(error)) {
    ctx.logger.warn(
      { ...where, code: (error as DiscordAPIError).code },
      'interaction expired or already answered',
    );
    return;
  }
  const { message, expected } = describeError(error, toLocale(interaction.locale), quoteUserText);
  if (expected) ctx.logger.debug({ ...where, err: error }, 'user error');
  else ctx.logger.error({ ...where, err: error }, 'interaction handler failed');
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply(textReply(message));
    else if (interaction.replied) await interaction.followUp(ephemeral(textReply(message)));
    else await interaction.reply(ephemeral(textReply(message)));
  } catch (replyError) {
    ctx.logger.warn({ ...where, err: replyError }, 'could not tell the user about an error');
  }
}
