import { SnowflakeGenerator } from './snowflake';
import type {
  EmulatedAttachment,
  EmulatedChannel,
  EmulatedMessage,
  EmulatedUser,
  Json,
  RecordedFile,
  RegisteredCommand,
} from './types';
import { ChannelType, type World } from './world';

/** Message flags the emulator interprets. */
export const MessageFlag = { Ephemeral: 1 << 6, Loading: 1 << 7 } as const;

/** Interaction kinds, as in the payload's `type`. */
export const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;

/** Lifecycle of one interaction as the emulator tracks it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  channelId: string;
  guildId: string | undefined;
  user: EmulatedUser;
  commandName: string | undefined;
  createdAt: number;
  /** Callback type once acknowledged. */
  responseType: number | undefined;
  /** The message `@original` refers to (the reply, the deferred placeholder, or the clicked message). */
  originalMessageId: string | undefined;
  /** For component/modal interactions: the message the component was on. */
  sourceMessageId: string | undefined;
  followUpIds: string[];
  /** Choices (type 8) or modal (type 9) the bot answered with. */
  responseData: Json | undefined;
}

/** Content fields copied from a create/edit body onto a message. */
const CONTENT_FIELDS = ['content', 'embeds', 'components', 'tts'] as const;

/** Stored state of the emulated Discord: channels, messages, interactions, commands, attachments. */
export class EmulatorStore {
  readonly ids = new SnowflakeGenerator();
  readonly channels = new Map<string, EmulatedChannel>();
  private readonly messages = new Map<string, EmulatedMessage[]>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly attachments = new Map<string, { attachment: EmulatedAttachment; data: Buffer }>();
  /** Commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, RegisteredCommand[]>();
  /** Channel ids the bot sent typing to, in order. */
  readonly typing: string[] = [];

  constructor(
    readonly world: World,
    private readonly baseUrl: () => string,
  ) {
    this.channels.set(world.channel.id, world.channel);
    for (const forum of world.forums) this.channels.set(forum.id, forum);
  }

  /** Guild channels of the world's guild that are not threads. */
  guildChannels(): EmulatedChannel[] {
    return [...this.channels.values()].filter(
      (c) =>
        (c.type === ChannelType.GuildText || c.type === ChannelType.GuildForum) &&
        c.guild_id === this.world.guild.id,
    );
  }

  /** A text channel of another server than the world's (created on first use). */
  foreignChannel(guildId: string): EmulatedChannel {
    const existing = [...this.channels.values()].find((c) => c.guild_id === guildId);
    if (existing) return existing;
    const channel: EmulatedChannel = { ...this.world.channel, id: this.ids.next(), guild_id: guildId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Threads of the guild. */
  threads(): EmulatedChannel[] {
    return [...this.channels.values()].filter(
      (c) => c.type === ChannelType.PublicThread || c.type === ChannelType.PrivateThread,
    );
  }

  /** The DM channel with a user (created on first use). */
  dmChannel(user: EmulatedUser): EmulatedChannel {
    const existing = [...this.channels.values()].find(
      (c) => c.type === ChannelType.DM && c.recipients?.[0]?.id === user.id,
    );
    if (existing) return existing;
    const channel: EmulatedChannel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      last_message_id: null,
      recipients: [user],
      flags: 0,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Messages of a channel, oldest first. */
  messagesIn(channelId: string): EmulatedMessage[] {
    return [...(this.messages.get(channelId) ?? [])];
  }

  /** Finds a message in a channel (or in any channel when `channelId` is undefined). */
  findMessage(messageId: string, channelId?: string): EmulatedMessage | undefined {
    const lists = channelId ? [this.messages.get(channelId) ?? []] : [...this.messages.values()];
    for (const list of lists) {
      const found = list.find((m) => m.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  /** Removes a message; returns whether it existed. */
  deleteMessage(channelId: string, messageId: string): boolean {
    const list = this.messages.get(channelId);
    const index = list?.findIndex((m) => m.id === messageId) ?? -1;
    if (!list || index === -1) return false;
    list.splice(index, 1);
    return true;
  }

  /** Stores a file and returns the attachment object pointing at the emulator's download route. */
  addAttachment(
    filename: string,
    data: Buffer,
    contentType?: string,
    description?: string,
  ): EmulatedAttachment {
    const id = this.ids.next();
    const url = `${this.baseUrl()}/attachments/${id}/${encodeURIComponent(filename)}`;
    const attachment: EmulatedAttachment = {
      id,
      filename,
      size: data.length,
      url,
      proxy_url: url,
      ...(contentType ? { content_type: contentType } : {}),
      ...(description ? { description } : {}),
    };
    this.attachments.set(id, { attachment, data });
    return attachment;
  }

  /**
   * Turns uploaded files plus the body's `attachments` list into attachment objects. discord.js names file
   * parts `files[n]` and lists `{ id: n }` in `attachments`; ids of existing attachments keep them on edits.
   */
  resolveAttachments(
    body: Json,
    files: RecordedFile[],
    existing: EmulatedAttachment[] = [],
  ): EmulatedAttachment[] {
    const listed = Array.isArray(body.attachments) ? (body.attachments as Json[]) : undefined;
    const result: EmulatedAttachment[] = [];
    if (listed) {
      for (const entry of listed) {
        const kept = existing.find((a) => a.id === String(entry.id));
        if (kept) result.push(kept);
      }
    } else {
      result.push(...existing);
    }
    files.forEach((file, index) => {
      const key = /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(index);
      const meta = listed?.find((entry) => String(entry.id) === key);
      const filename = typeof meta?.filename === 'string' ? meta.filename : file.filename;
      const description = typeof meta?.description === 'string' ? meta.description : undefined;
      result.push(this.addAttachment(filename, file.data, file.contentType, description));
    });
    return result;
  }

  /** Creates and stores a message. */
  createMessage(
    channelId: string,
    author: EmulatedUser,
    body: Json,
    extra: Partial<EmulatedMessage> = {},
  ): EmulatedMessage {
    const channel = this.channels.get(channelId);
    const id = extra.id ?? this.ids.next();
    const content = typeof body.content === 'string' ? body.content : '';
    const message: EmulatedMessage = {
      id,
      channel_id: channelId,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
      author,
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: this.parseUserMentions(content),
      mention_roles: this.parseRoleMentions(content),
      attachments: [],
      embeds: Array.isArray(body.embeds) ? (body.embeds as Json[]) : [],
      components: Array.isArray(body.components) ? (body.components as Json[]) : [],
      pinned: false,
      type: 0,
      flags: typeof body.flags === 'number' ? body.flags : 0,
      ...extra,
    };
    const list = this.messages.get(channelId) ?? [];
    list.push(message);
    this.messages.set(channelId, list);
    if (channel) {
      channel.last_message_id = id;
      if (channel.message_count !== undefined) channel.message_count += 1;
      if (channel.total_message_sent !== undefined) channel.total_message_sent += 1;
    }
    return message;
  }

  /** Applies an edit body to a stored message. */
  editMessage(message: EmulatedMessage, body: Json, files: RecordedFile[]): EmulatedMessage {
    for (const field of CONTENT_FIELDS) {
      if (body[field] !== undefined && body[field] !== null)
        (message as unknown as Json)[field] = body[field];
    }
    if (typeof body.content === 'string') {
      message.mentions = this.parseUserMentions(body.content);
      message.mention_roles = this.parseRoleMentions(body.content);
    }
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.resolveAttachments(body, files, message.attachments);
    }
    if (typeof body.flags === 'number') message.flags = (message.flags & MessageFlag.Ephemeral) | body.flags;
    message.flags &= ~MessageFlag.Loading;
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  /** Users mentioned as `<@id>` / `<@!id>` in content, as far as the world knows them. */
  parseUserMentions(content: string): EmulatedUser[] {
    const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!);
    const known = [this.world.botUser, ...Object.values(this.world.users).map((u) => u.user)];
    return [...new Set(ids)].flatMap((id) => known.filter((u) => u.id === id));
  }

  private parseRoleMentions(content: string): string[] {
    return [...new Set([...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!))];
  }
}
