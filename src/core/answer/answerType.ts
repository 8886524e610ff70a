import { fold } from '../text/analysis';

/**
 * What kind of fact a question asks for, from its question words (German and English). Only the
 * kinds a sentence's surface can show are told apart: a count or amount, a point in time, a span
 * of time. Everything else is `other`.
 */
export type AnswerType = 'number' | 'time' | 'duration' | 'other';

// Folded text (lower case, umlauts and ß spelled out), so "Wie viele" and "wieviele" both match.
const QUESTION_PATTERNS: ReadonlyArray<[Exclude<AnswerType, 'other'>, RegExp]> = [
  ['duration', /\b(wie lange|how long|seit wie vielen|for how many (years|months|weeks|days))\b/],
  [
    'time',
    /\b(wann|seit wann|bis wann|ab wann|when|since when|until when|in welchem (jahr|monat|jahrhundert)|an welchem tag|(what|which) (year|month|date|day|century)|what time)\b/,
  ],
  [
    'number',
    /\b(wie ?viele?n?|wie hoch|wie gross|wie weit|wie alt|how many|how much|how high|how large|how big|how far|how old|what (percentage|number|share)|welche(r|n)? (zahl|anzahl|summe|hohe))\b/,
  ],
];

/** The kind of fact a question asks for. */
export function expectedAnswerType(question: string): AnswerType {
  const text = fold(question);
  for (const [type, pattern] of QUESTION_PATTERNS) if (pattern.test(text)) return type;
  return 'other';
}

// "ein"/"one" are left out: they are articles far more often than counts.
const NUMBER_WORDS =
  'zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|dutzend|millionen?|milliarden?|hunderte|tausende|dutzende|' +
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|millions?|billions?';
const NUMBER = new RegExp(`(\\d|\\b(${NUMBER_WORDS})\\b|\\w(zehn|zig|hundert|tausend)\\b)`);
const MONTHS =
  'januar|janner|februar|marz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|may|june|july|october|december';
const WEEKDAYS =
  'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const TIME = new RegExp(
  `\\b(1[0-9]{3}|20[0-9]{2}|(${MONTHS})|(${WEEKDAYS})|jahrhunderts?|jahrzehnts?|century|decade|gestern|heute|morgen|yesterday|today)\\b`,
);
const UNITS =
  'jahre?n?s?|monate?n?s?|wochen?|tage?n?s?|stunden?|minuten?|jahrzehnte?n?|jahrhunderte?n?|years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries';
const DURATION = new RegExp(
  `((\\d+|\\b(${NUMBER_WORDS}|einem|einer|einen|ein|eine|a|an|one|mehreren|mehrere|several|wenigen|few))\\s+(${UNITS})\\b)|\\bseit\\b|\\bsince\\b`,
);

/** Whether a sentence shows a fact of the given kind (`other` is always shown). */
export function showsAnswerType(sentence: string, type: AnswerType): boolean {
  if (type === 'other') return true;
  const text = fold(sentence);
  if (type === 'number') return NUMBER.test(text);
  if (type === 'time') return TIME.test(text) || DURATION.test(text);
  return DURATION.test(text);
}
