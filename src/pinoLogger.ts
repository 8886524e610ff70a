import pino from 'pino';
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
 * Structured JSON logs (pino) to stderr, so stdout stays clean for `--json` output.
 * Secrets are removed from every line before it is written.
 */
export function createLogger(options: {
  level: string;
  secrets: readonly string[];
  destination?: NodeJS.WritableStream;
}): Logger & pino.Logger {
  const destination = options.destination ?? process.stderr;
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'headers.authorization'],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite: (line) => scrubSecrets(line, options.secrets),
      },
    },
    destination as pino.DestinationStream,
  );
}
