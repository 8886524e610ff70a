import type { AppContext } from '../app';

/** Starts the Discord bot (placeholder until the Discord adapter lands). */
export async function startBot(app: AppContext): Promise<void> {
  app.logger.error('The Discord adapter is not available in this build.');
  process.exitCode = 1;
}
