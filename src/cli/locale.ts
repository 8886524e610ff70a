import { toLocale, type Locale } from '../ui/messages';

/** The locale of the terminal, from LC_ALL / LC_MESSAGES / LANG. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG, 'en');
}
