import type { Config } from '../config';
import type { Logger } from '../core/logger';

/** Registers the slash commands globally or for one guild (placeholder until the Discord adapter lands). */
export async function deployCommands(
  _config: Config,
  _options: { guildId?: string },
  _logger: Logger,
): Promise<{ count: number; scope: string }> {
  throw new Error('the Discord adapter is not part of this build yet');
}
