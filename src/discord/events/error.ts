import { Events } from 'discord.js';
import type { Event } from './types';

/** A client error; never the client or REST objects themselves, which hold the token. */
export const error = {
  name: Events.Error,
  execute: ({ ctx }, err) => ctx.logger.error({ err }, 'discord client error'),
} satisfies Event<Events.Error>;
