import { Intent, type GatewayServer } from './gateway';
import { MessageFlag } from './store';
import type { EmulatedChannel, EmulatedMessage, Json } from './types';
import { findMember, memberPayload, type World } from './world';

/** Gateway events the REST side and the test helpers emit. */
export interface EventSink {
  messageCreate(message: EmulatedMessage): void;
  messageUpdate(message: EmulatedMessage): void;
  messageDelete(message: EmulatedMessage): void;
  threadCreate(thread: EmulatedChannel): void;
  interactionCreate(payload: Json): void;
}

/**
 * Turns state changes into gateway dispatches the way Discord filters them: message events need the
 * GuildMessages / DirectMessages intent, and without MessageContent a guild message arrives with empty
 * content unless it mentions the bot or is the bot's own. Message events carry the extra field
 * `channel_type`, as Discord's do: discord.js needs it to build an uncached DM channel.
 */
export class GatewayEvents implements EventSink {
  constructor(
    private readonly gateway: GatewayServer,
    private readonly world: World,
    private readonly channelType: (channelId: string) => number | undefined,
  ) {}

  messageCreate(message: EmulatedMessage): void {
    this.dispatchMessage('MESSAGE_CREATE', message);
  }

  messageUpdate(message: EmulatedMessage): void {
    this.dispatchMessage('MESSAGE_UPDATE', message);
  }

  messageDelete(message: EmulatedMessage): void {
    if (message.flags & MessageFlag.Ephemeral) return;
    const required = message.guild_id ? Intent.GuildMessages : Intent.DirectMessages;
    this.gateway.dispatch('MESSAGE_DELETE', (intents) =>
      intents & required
        ? {
            id: message.id,
            channel_id: message.channel_id,
            ...(message.guild_id ? { guild_id: message.guild_id } : {}),
          }
        : undefined,
    );
  }

  threadCreate(thread: EmulatedChannel): void {
    this.gateway.dispatch('THREAD_CREATE', (intents) =>
      intents & Intent.Guilds ? { ...thread, newly_created: true } : undefined,
    );
  }

  interactionCreate(payload: Json): void {
    this.gateway.dispatch('INTERACTION_CREATE', () => payload);
  }

  private dispatchMessage(t: string, message: EmulatedMessage): void {
    if (message.flags & MessageFlag.Ephemeral) return;
    const inGuild = message.guild_id !== undefined;
    const required = inGuild ? Intent.GuildMessages : Intent.DirectMessages;
    const member = inGuild ? findMember(this.world, message.author.id) : undefined;
    const channelType = this.channelType(message.channel_id);
    const full: Json = {
      ...message,
      ...(channelType !== undefined ? { channel_type: channelType } : {}),
      ...(member ? { member: memberPayload(member, false) } : {}),
    };
    const privileged =
      !inGuild ||
      message.author.id === this.world.botUser.id ||
      message.mentions.some((u) => u.id === this.world.botUser.id);
    this.gateway.dispatch(t, (intents) => {
      if (!(intents & required)) return undefined;
      if (privileged || intents & Intent.MessageContent) return full;
      return { ...full, content: '', embeds: [], attachments: [], components: [] };
    });
  }
}
