import { Events } from 'discord.js';
import type { Event } from './types';

export const shardDisconnect = {
  name: Events.ShardDisconnect,
  execute: ({ ctx }, event, shardId) =>
    ctx.logger.warn({ code: event.code, shardId }, 'gateway disconnected'),
} satisfies Event<Events.ShardDisconnect>;
