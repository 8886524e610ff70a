import { openApp, runCommand } from '../../bootstrap';
import { QuellenBot } from '../bot';
import { installProcessHandlers } from './process';
import { ShardRateLimits } from '../state/rateLimit';

/**
 * Entry script of one shard process (started by the ShardingManager from `startBot`). The
 * manager passes the token as DISCORD_TOKEN and the shard as SHARDS / SHARD_COUNT, which the
 * discord.js client reads itself; our own SHARDS setting is cleared so the config does not
 * read a shard id as a shard count. The parent already brought the index up to date.
 */
async function main(): Promise<void> {
  const shardId = process.env.SHARDS;
  const app = await openApp({ SHARDS: '' });
  await app.reranker?.ready();
  await app.service.open({ follow: true });
  // One budget per user across all shards: the manager keeps it (see serveRateLimits).
  const rateLimits = process.send
    ? new ShardRateLimits(app.config.RATE_LIMIT_PER_MINUTE, {
        send: (message) => process.send?.(message),
        on: (event, listener) => process.on(event, listener),
      })
    : undefined;
  const bot = new QuellenBot(app, {
    backgroundJobs: shardId === undefined || shardId === '0',
    ...(rateLimits ? { rateLimits } : {}),
  });
  installProcessHandlers(app.logger, () => bot.stop());
  await bot.start();
}

if (require.main === module) void runCommand(main);
