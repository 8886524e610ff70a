import { error } from './error';
import { interactionCreate } from './interactionCreate';
import { messageCreate } from './messageCreate';
import { shardDisconnect } from './shardDisconnect';
import { shardError } from './shardError';
import { shardReconnecting } from './shardReconnecting';
import { shardResume } from './shardResume';
import type { Event } from './types';
import { warn } from './warn';

/** Every gateway event the bot listens to. */
export const events: readonly Event[] = [
  interactionCreate,
  messageCreate,
  error,
  warn,
  shardError,
  shardDisconnect,
  shardReconnecting,
  shardResume,
] as readonly Event[];

export type { Event, EventScope } from './types';
