import type { EmulatedChannel, EmulatedRole, EmulatedUser, Json } from './types';

/**
 * Permission bits the emulator needs (Discord API v10). Defined here rather than imported from discord.js so
 * the emulator stays an independent oracle for the client under test.
 */
export const Permission = {
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** Permissions of @everyone in the default world: an ordinary member who can chat and use commands. */
export const MEMBER_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.UseExternalEmojis |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads;

/** Channel types used by the emulator. */
export const ChannelType = {
  GuildText: 0,
  DM: 1,
  PublicThread: 11,
  PrivateThread: 12,
  GuildForum: 15,
} as const;

/** A guild member of the emulated world. */
export interface WorldUser {
  user: EmulatedUser;
  roleIds: string[];
  /** Explicit guild permissions; when absent they are computed from @everyone plus the member's roles. */
  permissions?: bigint;
  joinedAt: string;
}

/** Options for the emulated world; everything has a default. */
export interface WorldOptions {
  applicationId?: string;
  applicationFlags?: number;
  botUsername?: string;
  guildId?: string;
  guildName?: string;
  preferredLocale?: string;
  channelId?: string;
  channelName?: string;
  /** Forum channels besides the text channel. */
  forums?: Array<{ id: string; name: string }>;
  moderatorRoleId?: string;
  /** Roles besides @everyone and Moderator. */
  roles?: Array<{ id: string; name: string; permissions: bigint }>;
  /** Permissions the bot has in the channel of an interaction (`app_permissions`). */
  botPermissions?: bigint;
  /** Extra members besides the default `moderator` (has the Moderator role with Manage Guild) and `member`. */
  users?: Array<{
    key: string;
    id: string;
    username: string;
    roleIds?: string[];
    permissions?: bigint;
    bot?: boolean;
  }>;
}

/** The emulated world: one guild with one text channel, an @everyone and a Moderator role, and members. */
export interface World {
  applicationId: string;
  applicationFlags: number;
  botUser: EmulatedUser;
  botPermissions: bigint;
  guild: { id: string; name: string; preferredLocale: string; ownerId: string };
  /** The default text channel. */
  channel: EmulatedChannel;
  /** Forum channels (`WorldOptions.forums`). */
  forums: EmulatedChannel[];
  /** Roles by key: always `everyone` and `moderator`, plus `WorldOptions.roles` by id. */
  roles: { everyone: EmulatedRole; moderator: EmulatedRole } & Record<string, EmulatedRole>;
  /** Members by key; always has `moderator` and `member`. */
  users: Record<string, WorldUser>;
}

/** Builds a user object. */
export function makeUser(id: string, username: string, bot = false): EmulatedUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: bot ? null : username,
    avatar: null,
    ...(bot ? { bot: true } : {}),
    public_flags: 0,
  };
}

function makeRole(id: string, name: string, permissions: bigint, position: number): EmulatedRole {
  return {
    id,
    name,
    color: 0,
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/** Creates the world from options (defaults are valid snowflakes, fixed so test output is stable). */
export function createWorld(options: WorldOptions = {}): World {
  const applicationId = options.applicationId ?? '1200000000000000001';
  const guildId = options.guildId ?? '1200000000000000100';
  const moderatorRoleId = options.moderatorRoleId ?? '1200000000000000300';
  const joinedAt = '2024-01-01T00:00:00.000Z';
  const users: Record<string, WorldUser> = {
    moderator: { user: makeUser('1200000000000000401', 'mod'), roleIds: [moderatorRoleId], joinedAt },
    member: { user: makeUser('1200000000000000402', 'alice'), roleIds: [], joinedAt },
  };
  for (const extra of options.users ?? []) {
    users[extra.key] = {
      user: makeUser(extra.id, extra.username, extra.bot ?? false),
      roleIds: extra.roleIds ?? [],
      ...(extra.permissions !== undefined ? { permissions: extra.permissions } : {}),
      joinedAt,
    };
  }
  return {
    applicationId,
    applicationFlags: options.applicationFlags ?? 0,
    // A bot user's id equals its application's id on Discord.
    botUser: makeUser(applicationId, options.botUsername ?? 'quellen', true),
    botPermissions:
      options.botPermissions ??
      (MEMBER_PERMISSIONS | Permission.ManageMessages | Permission.ManageChannels) &
        ~Permission.Administrator,
    guild: {
      id: guildId,
      name: options.guildName ?? 'Quellen Test',
      preferredLocale: options.preferredLocale ?? 'en-US',
      ownerId: users.moderator!.user.id,
    },
    channel: guildChannel(options.channelId ?? '1200000000000000200', ChannelType.GuildText, {
      name: options.channelName ?? 'general',
      guildId,
      position: 0,
    }),
    forums: (options.forums ?? []).map((forum, i) => ({
      ...guildChannel(forum.id, ChannelType.GuildForum, { name: forum.name, guildId, position: 1 + i }),
      available_tags: [],
      default_reaction_emoji: null,
      default_sort_order: null,
      default_forum_layout: 0,
    })),
    roles: {
      // Discord gives @everyone the guild's id.
      everyone: makeRole(guildId, '@everyone', MEMBER_PERMISSIONS, 0),
      moderator: makeRole(moderatorRoleId, 'Moderator', MEMBER_PERMISSIONS | Permission.ManageGuild, 1),
      ...Object.fromEntries(
        (options.roles ?? []).map((role, i) => [
          role.id,
          makeRole(role.id, role.name, role.permissions, 2 + i),
        ]),
      ),
    },
    users,
  };
}

/** A top-level channel of the guild as GUILD_CREATE lists it. */
function guildChannel(
  id: string,
  type: number,
  at: { name: string; guildId: string; position: number },
): EmulatedChannel {
  return {
    id,
    type,
    name: at.name,
    guild_id: at.guildId,
    parent_id: null,
    position: at.position,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    permission_overwrites: [],
    flags: 0,
  };
}

/** Guild-level permissions of a member: explicit, or @everyone plus roles (Administrator implies all). */
export function memberPermissions(world: World, member: WorldUser): bigint {
  if (member.permissions !== undefined) return member.permissions;
  let bits = BigInt(world.roles.everyone.permissions);
  for (const role of Object.values(world.roles)) {
    if (member.roleIds.includes(role.id)) bits |= BigInt(role.permissions);
  }
  return bits & Permission.Administrator ? (1n << 50n) - 1n : bits;
}

/** Member object as in GUILD_CREATE / MESSAGE_CREATE (without `user` when `withUser` is false). */
export function memberPayload(member: WorldUser, withUser = true): Json {
  return {
    ...(withUser ? { user: member.user } : {}),
    nick: null,
    avatar: null,
    banner: null,
    roles: member.roleIds,
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Member object as in INTERACTION_CREATE: with `user` and the computed `permissions` bit string. */
export function interactionMemberPayload(world: World, member: WorldUser): Json {
  return { ...memberPayload(member), permissions: memberPermissions(world, member).toString() };
}

/** The bot's own guild member. */
export function botMember(world: World): WorldUser {
  return {
    user: world.botUser,
    roleIds: [],
    permissions: world.botPermissions,
    joinedAt: '2024-01-01T00:00:00.000Z',
  };
}

/** GUILD_CREATE payload for the world's guild. */
export function guildCreatePayload(
  world: World,
  channels: EmulatedChannel[],
  threads: EmulatedChannel[],
): Json {
  const members = [botMember(world), ...Object.values(world.users)];
  return {
    id: world.guild.id,
    name: world.guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: world.guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: Object.values(world.roles),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: world.channel.id,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: world.guild.preferredLocale,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    max_video_channel_users: 25,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members: members.map((m) => memberPayload(m)),
    channels: channels.map(({ guild_id: _omit, ...rest }) => rest),
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Finds a member by user id. */
export function findMember(world: World, userId: string): WorldUser | undefined {
  if (userId === world.botUser.id) return botMember(world);
  return Object.values(world.users).find((m) => m.user.id === userId);
}
