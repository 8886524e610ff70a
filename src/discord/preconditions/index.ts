import type { ChatInputCommandInteraction } from 'discord.js';
import { t, type Locale } from '../../ui/messages';
import type { BotContext } from '../context';
import { ModeratorOnly } from './ModeratorOnly';
import { QuestionLimit } from './QuestionLimit';
import type { Precondition, Refusal } from './types';

/** The named preconditions commands may declare (one file each, as Sapphire keeps them). */
export const preconditions = { ModeratorOnly, QuestionLimit } satisfies Record<string, Precondition>;

/** The text of a refusal in a locale. */
export function refusalText(refusal: Refusal, locale: Locale): string {
  return 'text' in refusal ? refusal.text : t(locale, refusal.key, refusal.params);
}

export type PreconditionName = keyof typeof preconditions;

/** Runs the named checks in order and returns the first refusal, if any. */
export async function firstRefusal(
  names: readonly PreconditionName[],
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
): Promise<Refusal | undefined> {
  for (const name of names) {
    const refusal = await preconditions[name](interaction, ctx);
    if (refusal) {
      ctx.logger.warn(
        {
          userId: interaction.user.id,
          guildId: interaction.guildId,
          command: interaction.commandName,
          refusal,
        },
        `precondition ${name} refused`,
      );
      return refusal;
    }
  }
  return undefined;
}

export type { Precondition, Refusal } from './types';
