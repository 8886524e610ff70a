import { randomBytes } from 'node:crypto';
import { InteractionType, type EmulatorStore, type InteractionRecord } from './store';
import type { EmulatedUser, Json } from './types';
import { interactionMemberPayload, memberPayload, type World, type WorldUser } from './world';

/** Application command option types (API v10). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

/** Who sends an interaction and where. */
export interface InteractionActor {
  /** Key of a world user (`member`, `moderator`, or one from `WorldOptions.users`); default `member`. */
  user?: string;
  /** Channel (or thread) id; default the world's text channel. Ignored for `dm`. */
  channelId?: string;
  /** Send from the user's DM with the bot instead of the guild. */
  dm?: boolean;
  /**
   * Send from another server than the world's (one the bot was invited to elsewhere): the payload
   * names that server and a channel of it, with the actor's permissions as the member's there.
   */
  guildId?: string;
  /** User locale; default `de`. */
  locale?: string;
}

/** A file to attach through an attachment option. */
export interface AttachmentInput {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

/** One option value of a chat input command, as the user filled it in. */
export interface CommandOptionInput {
  name: string;
  type: number;
  value?: string | number | boolean;
  /** Marks the option being typed in an autocomplete interaction. */
  focused?: boolean;
  /** Nested options of a subcommand (group). */
  options?: CommandOptionInput[];
  /** For `OptionType.Attachment`: the file; the emulator serves it and fills `resolved.attachments`. */
  attachment?: AttachmentInput;
}

/** A slash command invocation (also used for autocomplete, with one option `focused`). */
export interface ChatInputInput extends InteractionActor {
  commandName: string;
  options?: CommandOptionInput[];
}

/** A click on (or selection in) a component of a stored message. */
export interface ComponentInput extends InteractionActor {
  customId: string;
  /** Id of the message carrying the component (must be stored, e.g. the bot's reply). */
  messageId: string;
  /** 2 button (default), 3 string select, … */
  componentType?: number;
  values?: string[];
}

/** A submitted modal: text input values by custom id. */
export interface ModalSubmitInput extends InteractionActor {
  customId: string;
  fields: Record<string, string>;
  /** When the modal was opened from a component: that message. */
  messageId?: string;
}

/** What `sendInteraction` helpers return, so tests can await the bot's callback and webhook requests. */
export interface InteractionHandle {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  /** The exact INTERACTION_CREATE payload sent. */
  payload: Json;
}

/** Builds INTERACTION_CREATE payloads and registers the interaction's lifecycle in the store. */
export class InteractionFactory {
  constructor(
    private readonly world: World,
    private readonly store: EmulatorStore,
  ) {}

  /** Chat input command (type 2). */
  chatInput(input: ChatInputInput): { payload: Json; record: InteractionRecord } {
    return this.build(InteractionType.ApplicationCommand, input, input.commandName, this.commandData(input));
  }

  /** Autocomplete (type 4); exactly one option should be `focused`. */
  autocomplete(input: ChatInputInput): { payload: Json; record: InteractionRecord } {
    return this.build(InteractionType.Autocomplete, input, input.commandName, this.commandData(input));
  }

  /** Message component (type 3). */
  component(input: ComponentInput): { payload: Json; record: InteractionRecord } {
    const message = this.store.findMessage(input.messageId);
    if (!message) throw new Error(`emulator: unknown message ${input.messageId}`);
    const componentType = input.componentType ?? 2;
    const data: Json = {
      custom_id: input.customId,
      component_type: componentType,
      ...(componentType !== 2 ? { values: input.values ?? [] } : {}),
    };
    return this.build(
      InteractionType.MessageComponent,
      { ...input, channelId: input.channelId ?? message.channel_id },
      undefined,
      data,
      { message },
      message.id,
    );
  }

  /** Modal submit (type 5) with classic action-row text inputs. */
  modalSubmit(input: ModalSubmitInput): { payload: Json; record: InteractionRecord } {
    const message = input.messageId ? this.store.findMessage(input.messageId) : undefined;
    const data: Json = {
      custom_id: input.customId,
      components: Object.entries(input.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value }],
      })),
    };
    return this.build(
      InteractionType.ModalSubmit,
      input,
      undefined,
      data,
      message ? { message } : {},
      message?.id,
    );
  }

  private actor(input: InteractionActor): WorldUser {
    const key = input.user ?? 'member';
    const actor = this.world.users[key];
    if (!actor) throw new Error(`emulator: unknown world user "${key}"`);
    return actor;
  }

  private commandData(input: ChatInputInput): Json {
    const guildCommand = this.store.commands
      .get(this.world.guild.id)
      ?.find((c) => c.name === input.commandName);
    const globalCommand = this.store.commands.get('global')?.find((c) => c.name === input.commandName);
    const command = input.dm ? globalCommand : (guildCommand ?? globalCommand);
    const resolved = {
      attachments: {} as Record<string, unknown>,
      users: {} as Record<string, unknown>,
      members: {} as Record<string, unknown>,
    };
    const options = (input.options ?? []).map((o) => this.option(o, resolved, input.dm === true));
    const hasResolved = Object.values(resolved).some((r) => Object.keys(r).length > 0);
    return {
      id: command?.id ?? this.store.ids.next(),
      name: input.commandName,
      type: 1,
      ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      ...(options.length > 0 ? { options } : {}),
      ...(hasResolved
        ? {
            resolved: Object.fromEntries(
              Object.entries(resolved).filter(([, r]) => Object.keys(r).length > 0),
            ),
          }
        : {}),
    };
  }

  private option(
    input: CommandOptionInput,
    resolved: {
      attachments: Record<string, unknown>;
      users: Record<string, unknown>;
      members: Record<string, unknown>;
    },
    dm: boolean,
  ): Json {
    if (input.options) {
      return {
        name: input.name,
        type: input.type,
        options: input.options.map((o) => this.option(o, resolved, dm)),
      };
    }
    let value = input.value;
    if (input.type === OptionType.Attachment && input.attachment) {
      const { filename, content, contentType } = input.attachment;
      const attachment = this.store.addAttachment(filename, Buffer.from(content), contentType);
      resolved.attachments[attachment.id] = attachment;
      value = attachment.id;
    }
    if (input.type === OptionType.User && typeof value === 'string') {
      const member = Object.values(this.world.users).find((u) => u.user.id === value);
      if (member) {
        resolved.users[value] = member.user;
        if (!dm) resolved.members[value] = { ...memberPayload(member, false), permissions: '0' };
      }
    }
    return { name: input.name, type: input.type, value, ...(input.focused ? { focused: true } : {}) };
  }

  private build(
    type: number,
    input: InteractionActor,
    commandName: string | undefined,
    data: Json,
    extra: Json = {},
    sourceMessageId?: string,
  ): { payload: Json; record: InteractionRecord } {
    const actor = this.actor(input);
    const id = this.store.ids.next();
    const token = `emulator-${randomBytes(24).toString('base64url')}`;
    const guildId = input.dm ? undefined : (input.guildId ?? this.world.guild.id);
    const channel = input.dm
      ? this.store.dmChannel(actor.user)
      : guildId !== this.world.guild.id
        ? this.store.foreignChannel(guildId!)
        : this.store.channels.get(input.channelId ?? this.world.channel.id);
    if (!channel) throw new Error(`emulator: unknown channel ${input.channelId}`);
    const payload: Json = {
      id,
      application_id: this.world.applicationId,
      type,
      data,
      ...(guildId
        ? {
            guild_id: guildId,
            guild: { id: guildId, locale: this.world.guild.preferredLocale, features: [] },
          }
        : {}),
      channel,
      channel_id: channel.id,
      ...(guildId ? { member: interactionMemberPayload(this.world, actor) } : { user: actor.user }),
      token,
      version: 1,
      app_permissions: this.world.botPermissions.toString(),
      locale: input.locale ?? 'de',
      ...(guildId ? { guild_locale: this.world.guild.preferredLocale } : {}),
      entitlements: [],
      authorizing_integration_owners: guildId ? { '0': guildId } : { '1': actor.user.id },
      context: guildId ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      ...extra,
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      applicationId: this.world.applicationId,
      channelId: channel.id,
      guildId,
      user: actor.user as EmulatedUser,
      commandName,
      createdAt: Date.now(),
      responseType: undefined,
      originalMessageId: undefined,
      sourceMessageId,
      followUpIds: [],
      responseData: undefined,
    };
    this.store.interactions.set(token, record);
    return { payload, record };
  }
}
