import { MAX_QUESTION_CHARS } from '../core/service';
import { fold, isCommonWord, isStopword } from '../core/text/analysis';
import { contentTerms, termMatch } from '../core/text/termMatch';
import type { Answer } from '../core/types';

/**
 * Follow-ups in a conversation (a Discord thread or direct message, the terminal chat): "und wann
 * war das?" means nothing to retrieval on its own. When a follow-up is short or leans on a
 * pronoun, the previous question is put in front of it so both are searched together; a long,
 * self-contained question is searched as it is. An answer to the joined question counts only when
 * it speaks of what the follow-up names of its own (see {@link speaksOf}).
 */

const REFERRING = new Set([
  // German
  'er',
  'sie',
  'es',
  'ihn',
  'ihm',
  'ihr',
  'ihnen',
  'sein',
  'seine',
  'seiner',
  'ihre',
  'ihrer',
  'deren',
  'dessen',
  'das',
  'dies',
  'diese',
  'dieser',
  'dieses',
  'diesem',
  'diesen',
  'dort',
  'da',
  'dann',
  'damals',
  'dabei',
  'davon',
  'dazu',
  'darauf',
  'daran',
  'danach',
  'davor',
  'dagegen',
  'dafür',
  'derselbe',
  // English
  'he',
  'she',
  'it',
  'its',
  'they',
  'them',
  'their',
  'him',
  'his',
  'her',
  'that',
  'this',
  'these',
  'those',
  'there',
  'then',
]);

/** Words of thanks and acknowledgement (German and English): a message of only these asks nothing. */
const CHATTER = new Set(
  (
    'danke dankeschön dankeschon vielen dank besten herzlichen merci super cool prima perfekt klasse toll ' +
    'gut sehr alles klar ok okay okey jo ja nein passt top genial thanks thank you thx ty cheers great ' +
    'nice awesome perfect got it makes sense yes no good lol haha'
  ).split(' '),
);

/**
 * Whether a message in a thread is chatter rather than a question: thanks, "ok", an emoji. It
 * has no question mark and every word is a word of thanks or acknowledgement.
 */
export function isChatter(text: string): boolean {
  if (text.includes('?')) return false;
  // Custom emoji, user, role and channel mentions are no words.
  const plain = text.replace(/<a?:\w+:\d+>|<@[!&]?\d+>|<#\d+>/g, ' ');
  const words = plain.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.every((word) => CHATTER.has(word));
}

/** Follow-ups with at most this many words are always combined with the previous question. */
export const SHORT_FOLLOW_UP_WORDS = 5;

/** Whether a question refers back with a pronoun or an adverb ("er", "dort", "it", "there"). */
export function refersBack(question: string): boolean {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.some((word) => REFERRING.has(word));
}

/** Whether a question reads as a follow-up that needs the previous turn to be understood. */
export function isFollowUp(question: string): boolean {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return false;
  return words.length <= SHORT_FOLLOW_UP_WORDS || refersBack(question);
}

/**
 * Whether a follow-up leans on the question before for what it is about: it refers back ("es",
 * "das", "it", "there"), names no subject of its own, and brings at most one search term the
 * question before lacks ("Und wer leitet es?" after a question about a festival; not "wer hat es
 * in palmyra dirigiert?", whose lower-case subject only its own terms show). Alone, such a
 * question would be answered about whatever else matches its one word.
 */
export function leansOnPrevious(question: string, previous: string): boolean {
  if (previous.trim().length === 0 || !refersBack(question)) return false;
  const before = new Set(contentTerms(previous));
  const own = contentTerms(question).filter((term) => !before.has(term));
  return own.length <= MAX_OWN_TERMS_LEANING && ownSubjects(question, previous).length === 0;
}

/** Search terms of its own a follow-up may bring and still lean on the question before. */
const MAX_OWN_TERMS_LEANING = 1;

/**
 * The text to search for: the question itself, or the last previous question followed by
 * the question when it is a follow-up. `previous` is oldest first. The carried-over question is
 * cut (at a word) so that the whole stays within `maxChars`: a follow-up is never refused as too
 * long because of what came before it.
 */
export function resolveFollowUp(
  question: string,
  previous: readonly string[],
  maxChars: number = MAX_QUESTION_CHARS,
): string {
  const text = question.trim();
  const last = lastQuestion(previous);
  if (!last || !isFollowUp(text)) return text;
  const room = maxChars - text.length - 1;
  const context = last.trim();
  if (context.length <= room) return `${context} ${text}`;
  const cut = context.slice(0, Math.max(0, room + 1)).replace(/\s+\S*$/, '');
  return cut.length > 0 ? `${cut} ${text}` : text;
}

/** The last non-empty previous question, if any. */
export function lastQuestion(previous: readonly string[]): string | undefined {
  return [...previous].reverse().find((turn) => turn.trim().length > 0);
}

/** A subject a follow-up names: the word as folded, and its content terms. */
export interface Subject {
  word: string;
  terms: string[];
}

/**
 * Nouns that ask for the kind of fact, or frame the question, rather than name a topic: "Und die
 * Kosten?", "Und im Jahr davor?", "Noch eine Frage: …" stay follow-ups of the question before.
 */
const FRAMING_NOUNS = new Set(
  (
    'kosten preis preise betrag summe hohe zahl anzahl datum zeitpunkt zeit uhrzeit ort grund grunde ' +
    'ursache ergebnis name namen alter dauer grosse gewicht wert jahr jahre jahren tag tage monat ' +
    'stadt land gegner rolle titel folgen details vorjahr ' +
    'woche ende anfang beginn frage fragen artikel text antwort quelle quellen ' +
    'cost costs price amount number date time place reason result name age size weight value ' +
    'year years day month week end question article answer source city country opponent role ' +
    'what when where who whom whose why which how'
  ).split(' '),
);

const ASKS_FOR_KIND = /\b(welche[mnrs]?|wie viele|which|what)\s+$/iu;

/**
 * The subjects a follow-up brings of its own: its capitalised words that do not open a sentence
 * (German nouns, names in either language), are no common or framing word ("Kosten", "Jahr",
 * "Frage") and are not in the question before ("Grabung" in "Wer leitet die Grabung?" after "Wer
 * dirigierte das Konzert in Palmyra?"; none in "Und wann war das?", "Und die Kosten?" or "Und
 * wann war das Konzert?"). A follow-up written in lower case names none.
 */
export function ownSubjects(question: string, previous: string): Subject[] {
  const before = new Set(contentTerms(previous));
  const subjects: Subject[] = [];
  for (const match of question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)) {
    const word = match[0];
    const opensSentence =
      /^[\s"'„“”«»‚‘’(]*$/u.test(question.slice(0, match.index)) ||
      /[.!?:;][\s"'„“”«»‚‘’(]*$/u.test(question.slice(0, match.index));
    if (opensSentence || !/^\p{Lu}/u.test(word)) continue;
    // The noun a question word asks for names the kind of answer ("in welcher Stadt?", "which
    // club?"), which the answer gives by name, not by that word.
    if (ASKS_FOR_KIND.test(question.slice(0, match.index))) continue;
    const folded = fold(word);
    if (isCommonWord(folded) || isStopword(folded) || FRAMING_NOUNS.has(folded)) continue;
    const terms = contentTerms(word);
    if (terms.length > 0 && !terms.every((term) => before.has(term))) subjects.push({ word: folded, terms });
  }
  return subjects;
}

/** Shortest subject found inside a longer word ("Grabung" in "Ausgrabung"; not "Rat" in "Kuratorin"). */
const INSIDE_MIN_LENGTH = 5;

/**
 * Whether an answer to a joined follow-up speaks of the follow-up's own subjects: a passage it
 * quotes holds one of them, as a word, inside a compound ("Ausgrabung" for "Grabung") or in
 * another form. True when there are none. An answer that holds none of them answers the question
 * before, not this one.
 */
export function speaksOf(answer: Answer, subjects: readonly Subject[]): boolean {
  if (subjects.length === 0) return true;
  return answer.citations.some((citation) => {
    const text = fold(citation.passage);
    const terms = new Set(contentTerms(citation.passage));
    return subjects.some(
      ({ word, terms: own }) =>
        (word.length >= INSIDE_MIN_LENGTH && text.includes(word)) ||
        own.every((term) => termMatch(term, terms) > 0),
    );
  });
}

/** One answered turn of a conversation, for {@link rememberedTurn}. */
export interface AnsweredTurn {
  /** The question as typed. */
  question: string;
  /** The question joined to the one before ({@link resolveFollowUp}); the question when not a follow-up. */
  joined: string;
  /** The question before it (empty when none). */
  before: string;
  /** The answer given. */
  answer: Answer;
  /** Whether `answer` answers the joined question rather than the question alone. */
  answeredJoined: boolean;
}

/**
 * What a conversation keeps of a turn for the next follow-up (a Discord thread or DM, the
 * terminal chat): the joined question when the answer was to it, or when a follow-up answered on
 * its own refers back and its answer speaks of the question before's subjects ("Welche Stücke hat
 * er dort gespielt?" after "Wer hat das Konzert in Palmyra dirigiert?"), so that the next one
 * ("Und wann war das?") keeps the topic; otherwise the question as typed. A refused turn is kept
 * as typed, so that refusals do not pile up into one question.
 */
export function rememberedTurn(turn: AnsweredTurn): string {
  const { question, joined, answer } = turn;
  if (answer.abstained || joined === question.trim()) return question;
  if (turn.answeredJoined) return joined;
  const topic = ownSubjects(turn.before, '');
  return refersBack(question) && topic.length > 0 && speaksOf(answer, topic) ? joined : question;
}
