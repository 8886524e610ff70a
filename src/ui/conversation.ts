import { MAX_QUESTION_CHARS } from '../core/service';

/**
 * Follow-ups in a conversation (a Discord thread or direct message, the terminal chat): "und wann
 * war das?" means nothing to retrieval on its own. When a follow-up is short or leans on a
 * pronoun, the previous question is put in front of it so both are searched together; a long,
 * self-contained question is searched as it is.
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

/** Whether a question reads as a follow-up that needs the previous turn to be understood. */
export function isFollowUp(question: string): boolean {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return false;
  return words.length <= SHORT_FOLLOW_UP_WORDS || words.some((word) => REFERRING.has(word));
}

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
  const last = [...previous].reverse().find((turn) => turn.trim().length > 0);
  if (!last || !isFollowUp(text)) return text;
  const room = maxChars - text.length - 1;
  const context = last.trim();
  if (context.length <= room) return `${context} ${text}`;
  const cut = context.slice(0, Math.max(0, room + 1)).replace(/\s+\S*$/, '');
  return cut.length > 0 ? `${cut} ${text}` : text;
}
