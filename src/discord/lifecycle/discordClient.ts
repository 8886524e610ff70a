import { Client, GatewayIntentBits, Partials } from 'discord.js';
import type { Config } from '../../config';
import { NO_MENTIONS } from '../format/reply';

/**
 * A discord.js client with the intents the bot needs (Guilds, GuildMessages, MessageContent,
 * DirectMessages), no mentions by default, and the REST base URL from DISCORD_API_URL.
 */
export function createClient(
  config: Pick<Config, 'DISCORD_API_URL'>,
  options: { shards?: number[]; shardCount?: number } = {},
): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    // DM channels are not cached up front; without this partial DMs never reach the bot.
    partials: [Partials.Channel],
    allowedMentions: { ...NO_MENTIONS, parse: [] },
    ...(config.DISCORD_API_URL ? { rest: { api: config.DISCORD_API_URL } } : {}),
    ...(options.shards ? { shards: options.shards } : {}),
    ...(options.shardCount ? { shardCount: options.shardCount } : {}),
  });
}
