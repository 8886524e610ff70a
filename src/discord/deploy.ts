import { REST, Routes } from 'discord.js';
import type { Config } from '../config';
import type { Logger } from '../core/logger';
import { commandPayloads } from './commands';

/**
 * Registers the slash commands globally (may take a while to show up) or for one guild (at
 * once). The bot itself never registers commands at start-up.
 */
export async function deployCommands(
  config: Config,
  options: { guildId?: string },
  logger: Logger,
): Promise<{ count: number; scope: string }> {
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set; it is needed to register commands.');
  const rest = new REST({
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
    // A one-shot client: no background sweepers that would keep the process alive.
    handlerSweepInterval: 0,
    hashSweepInterval: 0,
  }).setToken(config.DISCORD_TOKEN);
  const application = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = commandPayloads();
  const scope = options.guildId ? `guild ${options.guildId}` : 'global';
  const route = options.guildId
    ? Routes.applicationGuildCommands(application.id, options.guildId)
    : Routes.applicationCommands(application.id);
  const registered = (await rest.put(route, { body })) as unknown[];
  logger.info(
    { count: registered.length, scope, bytes: JSON.stringify(body).length },
    'slash commands registered',
  );
  return { count: registered.length, scope };
}
