import type { ChatInputCommandInteraction } from 'discord.js';
import type { MessageKey } from '../../ui/messages';
import type { BotContext } from '../context';
/** Why a command may not run: the message that tells the user, with its parameters, or a text. */
export type Refusal = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

/**
 * Named checks a command declares and the interaction router runs before `execute`, in the
 * declared order (Sapphire's preconditions). A check answers `undefined` to let the command run,
 * or a {@link Refusal}; the router replies with it, ephemeral.
 */
export type Precondition = (
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
) => Promise<Refusal | undefined>;
