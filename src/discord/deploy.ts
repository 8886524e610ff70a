import { REST, Routes } from 'discord.js';
import type { Config } from '../config';
import type { Logger } from '../core/logger';
import { commandPayloads } from './commands';

/**
 * Registers the slash commands. With `--guild` for that server only; otherwise for each server
 * in `GUILD_IDS` (guild commands: at once, and only there), clearing any global registration so
 * members do not see every command twice; without `GUILD_IDS` globally (may take a while to show
 * up, and appears in every server the bot joins). The bot itself never registers commands.
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
  const guildIds = options.guildId ? [options.guildId] : config.GUILD_IDS;
  if (guildIds.length === 0) {
    const registered = (await rest.put(Routes.applicationCommands(application.id), { body })) as unknown[];
    logger.info({ count: registered.length, scope: 'global' }, 'slash commands registered');
    return { count: registered.length, scope: 'global' };
  }
  let count = 0;
  for (const guildId of guildIds) {
    const route = Routes.applicationGuildCommands(application.id, guildId);
    count = ((await rest.put(route, { body })) as unknown[]).length;
    logger.info({ count, scope: `guild ${guildId}` }, 'slash commands registered');
  }
  if (!options.guildId) {
    await rest.put(Routes.applicationCommands(application.id), { body: [] });
    logger.info('global slash commands cleared (GUILD_IDS is set)');
  }
  const scope = guildIds.length === 1 ? `guild ${guildIds[0]}` : `${guildIds.length} guilds`;
  return { count, scope };
}
