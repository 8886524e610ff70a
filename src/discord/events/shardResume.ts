import { Events } from 'discord.js';
import type { Event } from './types';

export const shardResume = {
  name: Events.ShardResume,
  execute: ({ ctx }, shardId, replayed) => ctx.logger.info({ shardId, replayed }, 'gateway resumed'),
} satisfies Event<Events.ShardResume>;
