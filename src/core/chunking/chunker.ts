/**
 * Cutting an article into citable passages.
 */

import type { Article, Block, ChunkingOptions, Passage } from '../types';
import { splitSentences } from './sentences';

/** Starting point; the lead tunes these by measurement (they are part of the index manifest). */
export const DEFAULT_CHUNKING: ChunkingOptions = { maxChars: 500, overlapSentences: 1 };

/** A piece of a long paragraph: a sentence, or part of a sentence longer than `maxChars`. */
interface Unit {
  start: number;
  end: number;
  /** Part of an over-long sentence: never repeated as overlap. */
  piece: boolean;
}

/**
 * Cuts an article into passages:
 * - a passage never crosses a heading; `section` is the text of the heading it sits under;
 * - each caption is a passage of its own (`kind: 'caption'`);
 * - consecutive short paragraphs of one section merge while the passage stays within `maxChars`;
 * - a paragraph longer than `maxChars` is split at sentence boundaries, consecutive parts sharing
 *   `overlapSentences` sentences; a sentence longer than `maxChars` is split at whitespace.
 *
 * Every passage is a verbatim slice: `passage.text === article.text.slice(passage.start, passage.end)`.
 * Only paragraphs longer than `maxChars` need sentence splitting, which keeps this fast.
 *
 * @example
 * const passages = chunkArticle(article, DEFAULT_CHUNKING);
 * passages[0]?.id; // → 'syrien/palmyra.txt#0'
 */
export function chunkArticle(article: Article, options: ChunkingOptions): Passage[] {
  const maxChars = Math.max(1, Math.floor(options.maxChars));
  const overlap = Math.max(0, Math.floor(options.overlapSentences));
  const text = article.text;
  const passages: Passage[] = [];
  let section: string | undefined;

  const emit = (start: number, end: number, first: Block, last: Block, kind: Passage['kind']): void => {
    const ordinal = passages.length;
    const passage: Passage = {
      id: `${article.id}#${ordinal}`,
      articleId: article.id,
      ordinal,
      paragraphStart: first.paragraph,
      paragraphEnd: last.paragraph,
      start,
      end,
      text: text.slice(start, end),
      kind,
    };
    if (section !== undefined) passage.section = section;
    passages.push(passage);
  };

  // Pending short paragraphs that merge into one passage.
  let groupFirst: Block | undefined;
  let groupLast: Block | undefined;
  const flushGroup = (): void => {
    if (groupFirst && groupLast) emit(groupFirst.start, groupLast.end, groupFirst, groupLast, 'text');
    groupFirst = groupLast = undefined;
  };

  for (const block of article.blocks) {
    if (block.end <= block.start) continue;
    if (block.kind === 'heading') {
      flushGroup();
      // A heading of a plain-text file may be hard-wrapped; the section names it on one line.
      section = text.slice(block.start, block.end).replace(/\s+/g, ' ');
      continue;
    }
    if (block.kind === 'caption') {
      flushGroup();
      splitBlock(text, block, maxChars, overlap, (start, end) => emit(start, end, block, block, 'caption'));
      continue;
    }
    if (block.end - block.start > maxChars) {
      flushGroup();
      splitBlock(text, block, maxChars, overlap, (start, end) => emit(start, end, block, block, 'text'));
    } else if (
      groupFirst &&
      groupLast &&
      block.end - groupFirst.start <= maxChars &&
      // A plain-text article keeps the file's text: what lies between two blocks (a date line
      // read as metadata, a "* * *" separator) must not enter a merged passage.
      !/\S/.test(text.slice(groupLast.end, block.start))
    ) {
      groupLast = block;
    } else {
      flushGroup();
      groupFirst = groupLast = block;
    }
  }
  flushGroup();
  return passages;
}

/**
 * Splits one block into parts of at most `maxChars` (unless it fits already) at sentence
 * boundaries, with `overlap` sentences repeated at the start of the next part.
 */
function splitBlock(
  text: string,
  block: Block,
  maxChars: number,
  overlap: number,
  emit: (start: number, end: number) => void,
): void {
  if (block.end - block.start <= maxChars) {
    emit(block.start, block.end);
    return;
  }
  const units: Unit[] = [];
  for (const sentence of splitSentences(text, block.start, block.end)) {
    if (sentence.end - sentence.start <= maxChars) units.push({ ...sentence, piece: false });
    else splitAtWhitespace(text, sentence.start, sentence.end, maxChars, units);
  }

  let i = 0;
  while (i < units.length) {
    const first = units[i]!;
    let j = i;
    while (j + 1 < units.length && units[j + 1]!.end - first.start <= maxChars) j++;
    emit(first.start, units[j]!.end);
    const next = j + 1;
    if (next >= units.length) break;
    // Overlap: the last sentences of this part, as far as they fit with the next one. At most
    // j - i of them, so every part starts later than the one before.
    let shared = Math.min(overlap, j - i);
    while (shared > 0 && !fitsAsOverlap(units, next - shared, next, maxChars)) shared--;
    i = next - shared;
  }
}

function fitsAsOverlap(units: readonly Unit[], from: number, next: number, maxChars: number): boolean {
  for (let k = from; k < next; k++) if (units[k]!.piece) return false;
  return units[next]!.end - units[from]!.start <= maxChars;
}

const SPACE = /\s/;

/** Cuts `[start, end)` into pieces of at most `maxChars`, preferring whitespace as the cut. */
function splitAtWhitespace(text: string, start: number, end: number, maxChars: number, out: Unit[]): void {
  let pos = start;
  while (end - pos > maxChars) {
    let cut = -1;
    for (let k = pos + maxChars; k > pos; k--) {
      if (SPACE.test(text[k]!)) {
        cut = k;
        break;
      }
    }
    let nextPos: number;
    if (cut > pos) {
      let pieceEnd = cut;
      while (pieceEnd > pos && SPACE.test(text[pieceEnd - 1]!)) pieceEnd--;
      out.push({ start: pos, end: pieceEnd, piece: true });
      nextPos = cut;
    } else {
      cut = pos + maxChars;
      // Never cut a surrogate pair in half; with maxChars 1 the pair becomes one (longer) piece.
      if (isHighSurrogate(text.charCodeAt(cut - 1))) cut = cut - 1 > pos ? cut - 1 : cut + 1;
      out.push({ start: pos, end: cut, piece: true });
      nextPos = cut;
    }
    while (nextPos < end && SPACE.test(text[nextPos]!)) nextPos++;
    pos = nextPos;
  }
  if (end > pos) out.push({ start: pos, end, piece: true });
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
