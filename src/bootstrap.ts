import dotenv from 'dotenv';
import { createApp, type AppContext, type AppOptions } from './app';
import { loadConfig, secretsOf, type Config } from './config';
import { isUserError, type UserErrorCode } from './core/errors';
import { terminalLocale } from './cli/locale';
import { describeError } from './ui/describeError';
import type { Locale } from './ui/messages';
import { indexProblemText } from './ui/reasons';

import { createLogger } from './pinoLogger';
import type { Logger } from './core/logger';

/*
 * The one bootstrap of every entry point (npm start, the quellen CLI, a shard process,
 * deploy-commands, the developer tools): configuration read once and validated, one logger,
 * one composition root (createApp), and one way to turn a failure into a line and an exit code.
 */

/** Loads `.env` (quietly: stdout is for results) and validates the configuration. */
export function readConfig(overrides: Partial<Record<string, string>> = {}): Config {
  const before = new Set(Object.keys(process.env));
  const fromFile = dotenv.config({ quiet: true }).parsed ?? {};
  // dotenv never overrides the environment: a key set before it came from there.
  const sourceOf = (key: string): string =>
    key in overrides ? 'the command' : !before.has(key) && key in fromFile ? '.env' : 'the environment';
  return loadConfig({ ...process.env, ...overrides }, process.cwd(), sourceOf);
}

/**
 * The logger of a process, on stderr at LOG_LEVEL with the configured secrets removed: readable
 * lines on a terminal, JSON lines otherwise (LOG_FORMAT chooses).
 */
export function processLogger(config: Config): Logger {
  const format =
    config.LOG_FORMAT === 'auto' ? (process.stderr.isTTY ? 'pretty' : 'json') : config.LOG_FORMAT;
  return createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config), format });
}

/**
 * Reads the configuration and builds the application (see {@link createApp}); `options` may
 * depend on the configuration.
 */
export async function openApp(
  overrides: Partial<Record<string, string>> = {},
  options: AppOptions | ((config: Config) => AppOptions) = {},
): Promise<AppContext> {
  const config = readConfig(overrides);
  return createApp(config, processLogger(config), typeof options === 'function' ? options(config) : options);
}

/** What to run next, for errors a command line can point on from. */
const COMMAND_HINTS: Partial<Record<UserErrorCode, Record<Locale, string>>> = {
  ARTICLE_NOT_FOUND: { en: '"quellen articles" lists them.', de: '„quellen articles“ listet sie auf.' },
  EMPTY_QUESTION: {
    en: 'Usage: quellen ask "<question>" or quellen ask --batch <file>.',
    de: 'Aufruf: quellen ask "<Frage>" oder quellen ask --batch <Datei>.',
  },
};

/**
 * Errors about what the person typed, said in the terminal's language (German or English). Why
 * the index cannot be used has German wordings of its own (`indexProblemText`); the others
 * (settings) keep their English message, which names files and settings.
 */
const TRANSLATED: ReadonlySet<UserErrorCode> = new Set([
  'ARTICLE_NOT_FOUND',
  'ARTICLE_AMBIGUOUS',
  'EMPTY_QUESTION',
  'QUESTION_TOO_LONG',
  'INVALID_DATE',
  'INVALID_DATE_RANGE',
]);

/**
 * Runs a command and turns failures into one clear line on stderr and an exit code:
 * 2 for configuration errors, 1 for everything else. Unexpected errors also print the
 * stack when LOG_LEVEL is debug or trace.
 */
export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (isUserError(error)) {
      // Invalid settings exit with 2, as a usage error does; the message says what to fix.
      process.exitCode = error.code === 'INVALID_CONFIG' ? 2 : 1;
      const locale = TRANSLATED.has(error.code) ? terminalLocale() : 'en';
      // Why the index cannot be used is said in the terminal's language where a wording exists.
      const message =
        error.code === 'INDEX_UNUSABLE'
          ? indexProblemText(error.message, terminalLocale())
          : locale === 'en'
            ? error.message
            : describeError(error, locale).message;
      const hint = COMMAND_HINTS[error.code]?.[locale];
      process.stderr.write(`quellen: ${message}${hint ? ` ${hint}` : ''}\n`);
      return;
    }
    process.exitCode = 1;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`quellen: ${message.split('\n')[0]}\n`);
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') && error instanceof Error) {
      process.stderr.write(`${error.stack}\n`);
    }
  }
}
