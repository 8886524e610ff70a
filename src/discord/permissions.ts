import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';

/** The parts of an interaction the moderator check reads. */
export interface ModeratorCheckInput {
  /** Permissions of the invoking member in the channel (null outside a guild). */
  memberPermissions: Readonly<PermissionsBitField> | null;
  /** A cached GuildMember (roles in a manager) or the raw API member (role ids). */
  member: { roles: { cache: { has(id: string): boolean } } | readonly string[] } | null;
}

/**
 * Server-side check for moderator commands. Discord's command permissions are only a
 * default that server admins can change, so every moderator command checks again here:
 * Manage Server, Administrator, or one of the configured moderator roles.
 */
export function isModerator(input: ModeratorCheckInput, modRoleIds: readonly string[]): boolean {
  const permissions = input.memberPermissions;
  if (!input.member || !permissions) return false;
  if (
    permissions.has(PermissionFlagsBits.Administrator) ||
    permissions.has(PermissionFlagsBits.ManageGuild)
  ) {
    return true;
  }
  const roles = input.member.roles;
  return modRoleIds.some((id) =>
    Array.isArray(roles)
      ? roles.includes(id)
      : (roles as { cache: { has(id: string): boolean } }).cache.has(id),
  );
}
