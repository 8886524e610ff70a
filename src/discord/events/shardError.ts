import { Events } from 'discord.js';
import type { Event } from './types';

export const shardError = {
  name: Events.ShardError,
  execute: ({ ctx }, err, shardId) => ctx.logger.error({ err, shardId }, 'gateway error'),
} satisfies Event<Events.ShardError>;
