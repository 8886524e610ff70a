import { toLocale, type Locale } from '../ui/messages';

/** The locale of the terminal, from LC_ALL / LC_MESSAGES / LANG. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG, 'en');
}

/**
 * The answer language for a question that has no words to tell it from ("?", "!!!"): the
 * terminal's. A question with words is answered in its own language, and a fixed
 * `ANSWER_LANGUAGE` is kept (none is returned then).
 */
export function languageWithoutWords(
  question: string,
  locale: Locale,
  setting: 'auto' | Locale = 'auto',
): { language?: Locale } {
  return setting !== 'auto' || /\p{L}/u.test(question) ? {} : { language: locale };
}
