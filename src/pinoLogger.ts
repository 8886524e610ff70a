import pino from 'pino';
import prettyStream from 'pino-pretty';
import type { Logger } from './core/logger';

/**
 * Replaces every occurrence of a secret in a string, every interaction token in a Discord URL and
 * every user:password in a URL. Used on each finished log line, so a token that slips into an
 * error message, a URL or a stack trace is still never written.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length > 0) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed.replace(INTERACTION_TOKEN, '$1[redacted]').replace(URL_CREDENTIALS, '$1[redacted]@');
}

/**
 * Interaction tokens in Discord URLs (`/webhooks/<app>/<token>`, `/interactions/<id>/<token>`):
 * a failed edit's error names its URL, and the token in it can post for 15 minutes.
 */
const INTERACTION_TOKEN = /(\/(?:webhooks|interactions)\/\d{15,21}\/)[A-Za-z0-9._-]{20,}/g;
/** `user:password@` in any URL. */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@"]+@/gi;

/**
 * Logs (pino) to stderr, so stdout stays clean for `--json` output: JSON lines with ISO times and
 * level names, or (`format: 'pretty'`) one readable line per entry for a terminal. Secrets are
 * removed from every line before it is written, in either format.
 */
export function createLogger(options: {
  level: string;
  secrets: readonly string[];
  format?: 'json' | 'pretty';
  destination?: NodeJS.WritableStream;
}): Logger & pino.Logger {
  const destination = options.destination ?? process.stderr;
  const pretty = options.format === 'pretty';
  return pino(
    {
      level: options.level,
      base: undefined,
      // The pretty printer reads pino's numeric levels and epoch times; JSON readers get names.
      ...(pretty
        ? {}
        : {
            timestamp: pino.stdTimeFunctions.isoTime,
            formatters: { level: (label: string) => ({ level: label }) },
          }),
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'headers.authorization'],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite: (line) => scrubSecrets(line, options.secrets),
      },
    },
    pretty
      ? prettyStream({
          destination,
          colorize: (destination as { isTTY?: boolean }).isTTY === true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          singleLine: true,
        })
      : (destination as pino.DestinationStream),
  );
}
