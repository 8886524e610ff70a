import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';

/** A member's standing in one server: server-level permissions (never a channel's) and role ids. */
export interface ServerMember {
  /** Permissions from the member's roles in the server (the owner and Administrator have all). */
  permissions: Readonly<PermissionsBitField>;
  roleIds: readonly string[];
}

/**
 * Whether a member moderates the collection: Manage Server or Administrator in the server, or one
 * of the configured moderator roles. Callers must pass server-level permissions: the channel-level
 * value an interaction carries includes overwrites and says nothing about the server.
 */
export function isModerator(member: ServerMember, modRoleIds: readonly string[]): boolean {
  const { permissions } = member;
  if (
    permissions.has(PermissionFlagsBits.Administrator) ||
    permissions.has(PermissionFlagsBits.ManageGuild)
  ) {
    return true;
  }
  return modRoleIds.some((id) => member.roleIds.includes(id));
}

/**
 * Whether the bot serves a server: every server when `GUILD_IDS` is empty, otherwise only the
 * listed ones. Direct messages (`guildId` null) belong to no server and are always served.
 */
export function servesGuild(guildId: string | null, guildIds: readonly string[]): boolean {
  return guildId === null || guildIds.length === 0 || guildIds.includes(guildId);
}
