import type { ChatInputCommandInteraction } from 'discord.js';
import type { MessageKey } from '../ui/messages';
import type { BotContext } from './context';
import { isModerator, servesGuild, type ServerMember } from './permissions';

/**
 * Named checks a command declares and the interaction router runs before `execute`, in the
 * declared order (Sapphire's preconditions). A check answers `undefined` to let the command run,
 * or the key of the message that tells the user why not; the router replies with it, ephemeral.
 */
export type Precondition = (
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
) => Promise<MessageKey | undefined>;

/**
 * Moderator commands change the collection that every served server shares, so they count only
 * in a server listed in `GUILD_IDS`, and only from the member's server-level standing there.
 */
const ModeratorOnly: Precondition = async (interaction, ctx) => {
  const { GUILD_IDS, MOD_ROLE_IDS } = ctx.config;
  if (GUILD_IDS.length === 0) return 'moderationNeedsGuildIds';
  if (!interaction.inGuild()) return 'notInGuild';
  if (!servesGuild(interaction.guildId, GUILD_IDS)) return 'guildNotServed';
  const member = await serverMember(interaction, ctx);
  return member && isModerator(member, MOD_ROLE_IDS) ? undefined : 'notModerator';
};

export const preconditions = { ModeratorOnly } satisfies Record<string, Precondition>;

export type PreconditionName = keyof typeof preconditions;

/** Runs the named checks in order and returns the first refusal, if any. */
export async function firstRefusal(
  names: readonly PreconditionName[],
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
): Promise<MessageKey | undefined> {
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
