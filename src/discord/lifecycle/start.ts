import type { AppContext } from '../../app';
import { QuellenBot } from '../bot';
import { installProcessHandlers } from './process';
import { LocalRateLimits, serveRateLimits } from '../state/rateLimit';
import { createShardManager } from './sharding';

/**
 * Starts the Discord bot (called by `npm start` when DISCORD_TOKEN is set): one client, or a
 * ShardingManager with one process per shard when SHARDS is set. Runs until SIGINT/SIGTERM.
 */
export async function startBot(app: AppContext): Promise<void> {
  const { config, logger } = app;
  if (config.SHARDS !== undefined) {
    const manager = createShardManager(config);
    manager.on('shardCreate', (shard) => logger.info({ shardId: shard.id }, 'shard started'));
    serveRateLimits(manager, new LocalRateLimits(config.RATE_LIMIT_PER_MINUTE));
    installProcessHandlers(logger, async () => {
      for (const shard of manager.shards.values()) shard.kill();
    });
    await manager.spawn();
    return;
  }
  const bot = new QuellenBot(app);
  installProcessHandlers(logger, () => bot.stop());
  await bot.start();
}
