import path from 'node:path';
import { ShardingManager } from 'discord.js';
import type { Config } from '../../config';

/**
 * A ShardingManager for `SHARDS` (a number, or `auto` for Discord's recommendation). Each shard
 * is a child process running `dist/discord/lifecycle/shard.js`, which builds the app itself (config,
 * index) and runs the bot for its shard; only shard 0 runs the scheduled refresh and the
 * folder watcher, so they never race. Note: `auto` asks discord.com for the count, so with a
 * custom DISCORD_API_URL give a number.
 */
export function createShardManager(
  config: Pick<Config, 'SHARDS' | 'DISCORD_TOKEN'>,
  options: { file?: string } = {},
): ShardingManager {
  const file = options.file ?? path.join(__dirname, 'shard.js');
  return new ShardingManager(file, {
    totalShards: config.SHARDS ?? 'auto',
    token: config.DISCORD_TOKEN,
    mode: 'process',
    respawn: true,
  });
}
