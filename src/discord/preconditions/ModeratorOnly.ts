import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context';
import { isModerator, servesGuild, type ServerMember } from '../permissions';
import type { Precondition } from './types';

/**
 * Moderator commands change the collection that every served server shares, so they count only
 * in a server listed in `GUILD_IDS`, and only from the member's server-level standing there.
 */
export const ModeratorOnly: Precondition = async (interaction, ctx) => {
  const { GUILD_IDS, MOD_ROLE_IDS } = ctx.config;
  if (GUILD_IDS.length === 0) return { key: 'moderationNeedsGuildIds' };
  if (!interaction.inGuild()) return { key: 'notInGuild' };
  if (!servesGuild(interaction.guildId, GUILD_IDS)) return { key: 'guildNotServed' };
  const member = await serverMember(interaction, ctx);
  return member && isModerator(member, MOD_ROLE_IDS) ? undefined : { key: 'notModerator' };
};

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
