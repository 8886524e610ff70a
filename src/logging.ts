import pino from 'pino';
import type { Logger } from './core/logger';

/**
 * Replaces every occurrence of a secret in a string. Used on each finished log line, so a
 * token that slips into an error message, a URL or a stack trace is still never written.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret.length > 0) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed;
}

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
