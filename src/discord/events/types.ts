import type { Client, ClientEvents } from 'discord.js';
import type { Command } from '../commands';
import type { BotContext } from '../context';

/** What every gateway event handler gets besides the event's own arguments. */
export interface EventScope {
  ctx: BotContext;
  client: Client;
  commands: ReadonlyMap<string, Command>;
}

/**
 * One gateway event, one file (the discord.js template's shape): the bot subscribes `execute`
 * to `name`, once when `once` is set. Handlers never throw; each is its own error boundary.
 */
export interface Event<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(scope: EventScope, ...args: ClientEvents[K]): void | Promise<void>;
}
