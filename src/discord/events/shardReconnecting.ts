import { Events } from 'discord.js';
import type { Event } from './types';

export const shardReconnecting = {
  name: Events.ShardReconnecting,
  execute: ({ ctx }, shardId) => ctx.logger.info({ shardId }, 'gateway reconnecting'),
} satisfies Event<Events.ShardReconnecting>;
