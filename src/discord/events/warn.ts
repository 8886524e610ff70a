import { Events } from 'discord.js';
import type { Event } from './types';

export const warn = {
  name: Events.Warn,
  execute: ({ ctx }, message) => ctx.logger.warn({ detail: message }, 'discord client warning'),
} satisfies Event<Events.Warn>;
