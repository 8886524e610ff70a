import dotenv from 'dotenv';
import { createApp, type AppContext } from '../app';
import { ConfigError, loadConfig, secretsOf, type Config } from '../config';
import { isUserError } from '../core/errors';
import { IndexLoadError, IndexLockedError } from '../core/index/errors';
import { createLogger } from '../logging';
import { toLocale, type Locale } from '../ui/messages';

/** The locale of the terminal, from LC_ALL / LC_MESSAGES / LANG. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG, 'en');
}

/** Loads `.env` (quietly: stdout is for results) and validates the configuration. */
export function readConfig(overrides: Partial<Record<string, string>> = {}): Config {
  dotenv.config({ quiet: true });
  return loadConfig({ ...process.env, ...overrides });
}

/** Builds the application for a CLI command. */
export async function openApp(overrides: Partial<Record<string, string>> = {}): Promise<AppContext> {
  const config = readConfig(overrides);
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  return createApp(config, logger);
}

/**
 * Runs a command and turns failures into one clear line on stderr and an exit code:
 * 2 for configuration errors, 1 for everything else. Unexpected errors also print the
 * stack when LOG_LEVEL is debug or trace.
 */
export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    process.exitCode = error instanceof ConfigError ? 2 : 1;
    if (
      error instanceof ConfigError ||
      isUserError(error) ||
      error instanceof IndexLockedError ||
      error instanceof IndexLoadError
    ) {
      process.stderr.write(`quellen: ${error.message}\n`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`quellen: ${message.split('\n')[0]}\n`);
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') && error instanceof Error) {
      process.stderr.write(`${error.stack}\n`);
    }
  }
}
