import type { Locale } from '../ui/messages';

/*
 * Commander reports a mistyped command line in English, over several lines ("error: unknown
 * option '--ful'", then "(Did you mean --full?)"). quellen says it in one line, in the terminal's
 * language, with where to look next.
 */
type Wording = [RegExp, (...parts: string[]) => string];

const GERMAN: readonly Wording[] = [
  [/^unknown command '(.+)'$/, (name) => `unbekannter Befehl „${name}“`],
  [/^unknown option '(.+)'$/, (flag) => `unbekannte Option „${flag}“`],
  [
    /^option '(.+)' argument '(.*)' is invalid\.(?: (.+))?$/,
    (flags, value, why) => `ungültiger Wert „${value}“ für ${flags}${why ? `: ${why}` : ''}`,
  ],
  [/^option '(.+)' argument missing$/, (flags) => `für ${flags} fehlt der Wert`],
  [/^required option '(.+)' not specified$/, (flags) => `${flags} fehlt`],
  [/^missing required argument '(.+)'$/, (name) => `es fehlt das Argument „${name}“`],
  [
    /^too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)$/,
    (_command, expected, got) => `zu viele Argumente: erwartet ${expected}, erhalten ${got}`,
  ],
  [
    /^(.+) cannot be used with (.+)$/,
    (one, other) => `${one} kann nicht zusammen mit ${other} verwendet werden`,
  ],
];

const SUGGESTION = /\n\(Did you mean (one of )?(.+)\?\)$/;

/**
 * One line for a command-line mistake commander reports (`str` as commander hands it to
 * `outputError`): the message in the locale, commander's suggestion, and the help to read.
 */
export function usageErrorLine(str: string, locale: Locale, command: string): string {
  let message = str.trimEnd().replace(/^error: /, '');
  let suggestion = '';
  const suggested = SUGGESTION.exec(message);
  if (suggested) {
    message = message.slice(0, suggested.index);
    const [, oneOf, names] = suggested;
    suggestion =
      locale === 'de'
        ? ` (meintest du ${oneOf ? 'eine davon: ' : ''}${names}?)`
        : ` (did you mean ${oneOf ? 'one of ' : ''}${names}?)`;
  }
  message = message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '');
  if (locale === 'en') message = message.replace(/ is invalid\. (?=\S)/, ' is invalid: ');
  else {
    for (const [pattern, wording] of GERMAN) {
      const match = pattern.exec(message);
      if (match) {
        message = wording(...match.slice(1));
        break;
      }
    }
  }
  const help =
    locale === 'de' ? `„${command} --help“ zeigt die Aufrufe.` : `"${command} --help" shows the usage.`;
  return `quellen: ${message}${suggestion}. ${help}\n`;
}
