/**
 * Titles for articles that do not state one.
 */

import { splitSentences } from '../chunking/sentences';
import type { Block } from '../types';

/** Length a derived title is shortened to (before the ellipsis). */
export const MAX_TITLE_CHARS = 80;

/**
 * Shortens `text` to at most `max` characters at a word boundary, marking the cut with "…".
 *
 * @example shortenTitle('Andächtig lauschten die russischen Soldaten …', 30) // → 'Andächtig lauschten die…'
 */
export function shortenTitle(text: string, max = MAX_TITLE_CHARS): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  // Do not split a surrogate pair when there was no space to cut at.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—(„"“]+$/u, '')}…`;
}

/**
 * A title from the article's first sentence: the first paragraph's (or, without paragraphs, the first
 * block's) first sentence on one line, a single final period dropped, shortened to
 * {@link MAX_TITLE_CHARS}. Plain-text blocks point into the file, so the sentence may span lines.
 */
export function titleFromFirstSentence(text: string, blocks: readonly Block[]): string | undefined {
  const block = blocks.find((b) => b.kind === 'paragraph') ?? blocks[0];
  if (!block) return undefined;
  // Only the head of a long paragraph is needed to find its first sentence.
  const end = Math.min(block.end, block.start + 2000);
  const first = splitSentences(text, block.start, end)[0];
  const sentence = first ? text.slice(first.start, first.end) : text.slice(block.start, end);
  const title = sentence
    .replace(/\s+/g, ' ')
    .replace(/(?<!\.)\.$/, '')
    .trim();
  return title === '' ? undefined : shortenTitle(title);
}
