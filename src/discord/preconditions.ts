import type { ChatInputCommandInteraction } from 'discord.js';
import { t, toLocale, type Locale, type MessageKey } from '../ui/messages';
import { rateLimited } from './answering';
import type { BotContext } from './context';
import { isModerator, servesGuild, type ServerMember } from './permissions';

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

/**
 * Moderator commands change the collection that every served server shares, so they count only
 * in a server listed in `GUILD_IDS`, and only from the member's server-level standing there.
 */
const ModeratorOnly: Precondition = async (interaction, ctx) => {
  const { GUILD_IDS, MOD_ROLE_IDS } = ctx.config;
  if (GUILD_IDS.length === 0) return { key: 'moderationNeedsGuildIds' };
  if (!interaction.inGuild()) return { key: 'notInGuild' };
  if (!servesGuild(interaction.guildId, GUILD_IDS)) return { key: 'guildNotServed' };
  const member = await serverMember(interaction, ctx);
  return member && isModerator(member, MOD_ROLE_IDS) ? undefined : { key: 'notModerator' };
};

/** Commands that answer from the collection take from the user's question budget. */
const QuestionLimit: Precondition = async (interaction, ctx) => {
  const limited = await rateLimited(ctx, 'questions', interaction.user.id, toLocale(interaction.locale));
  return limited ? { text: limited.text } : undefined;
};

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

/**
 * The invoking member's server-level standing, from the gateway cache (fetched when missing).
 * Undefined when it cannot be had: the caller then refuses, it never falls back to the
 * channel-level permissions the interaction carries.
 */
async function serverMember(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  ctx: BotContext,
): Promise<ServerMember | undefined> {
  try {
    const member = interaction.inCachedGuild()
      ? interaction.member
      : await (await interaction.client.guilds.fetch(interaction.guildId)).members.fetch(interaction.user.id);
    return { permissions: member.permissions, roleIds: [...member.roles.cache.keys()] };
  } catch (error) {
    ctx.logger.warn({ err: error, guildId: interaction.guildId }, 'could not look up the member');
    return undefined;
  }
}
