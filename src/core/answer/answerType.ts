import { fold, isStopword, stem, tokenize } from '../text/analysis';
import { termMatch } from '../text/termMatch';

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

const COUNT_QUESTION = /\b(wie ?viele?n?|how many)\s+(.+)$/i;
const COUNTED_WORDS = 3;

/**
 * The words that name what a count question counts: "Wie viele syrische Soldaten sind …" →
 * "Soldaten" (German nouns are capitalised), "How many Russian soldiers have …" → "Russian
 * soldiers" (the words before the first stop word). Empty for other questions.
 */
export function countedWords(question: string): string {
  const match = COUNT_QUESTION.exec(question);
  if (!match?.[1] || !match[2]) return '';
  const words = (match[2].match(/[\p{L}\p{N}-]+/gu) ?? []).slice(0, COUNTED_WORDS);
  const german = /^wie/i.test(match[1]);
  const nouns = german ? words.filter((word) => /^\p{Lu}/u.test(word)) : [];
  if (nouns.length > 0) return nouns.join(' ');
  const counted: string[] = [];
  for (const word of words) {
    if (isStopword(fold(word))) break;
    counted.push(word);
  }
  return counted.join(' ');
}

/**
 * The stems of a count question's counted words, with their translation when a translator is
 * given (English questions about German articles). Stop words are kept: "Menschen" is one.
 */
export function countedTerms(question: string, translate?: (text: string) => string): string[] {
  const words = countedWords(question);
  if (words === '') return [];
  const text = translate ? `${words} ${translate(words)}` : words;
  return [...new Set(tokenize(text).map((token) => stem(token.toLowerCase())))];
}

/** How far after a number the counted word may stand ("30 syrische Soldaten", "hundert getötete Zivilisten"). */
const COUNT_REACH = 3;

/**
 * Whether a sentence puts a number right before one of the counted terms, as in "Rund 30 syrische
 * Soldaten wurden …" for "Wie viele Soldaten …": a number next to another noun ("von drei Seiten")
 * counts something else.
 */
export function countsTerms(sentence: string, countedTerms: readonly string[]): boolean {
  if (countedTerms.length === 0) return false;
  const tokens = tokenize(sentence).map((token) => token.toLowerCase());
  for (let i = 0; i < tokens.length; i += 1) {
    if (!NUMBER.test(tokens[i]!)) continue;
    const following = new Set(tokens.slice(i + 1, i + 1 + COUNT_REACH).map(stem));
    if (countedTerms.some((term) => termMatch(term, following) > 0)) return true;
  }
  return false;
}
