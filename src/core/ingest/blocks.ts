/**
 * Building an article's text and block list from the blocks a format parser found.
 */

import type { Block, BlockKind } from '../types';

/** A block as a format parser found it, text not yet normalised. */
export interface BlockDraft {
  kind: BlockKind;
  text: string;
  /**
   * Where the block stands in the decoded file, when it is a slice of it (plain text): then the
   * article text is the file's text and the block points into it, so quotes keep its whitespace.
   */
  source?: { start: number; end: number };
}

const NEEDS_COLLAPSE = /^\s|\s$|[^\S ]| {2}/;

/** Collapses runs of whitespace (including line breaks) to single spaces and trims. */
export function collapseWhitespace(text: string): string {
  // Most paragraphs are clean already; testing is much cheaper than replacing.
  if (!NEEDS_COLLAPSE.test(text)) return text;
  return text.replace(/\s+/g, ' ').trim();
}

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/**
 * Joins drafts into the article text (blocks separated by "\n\n", whitespace inside a block
 * collapsed) and numbers paragraphs as a reader counts them: paragraphs and captions count,
 * a heading carries the number of the paragraph after it. Drafts without a letter or digit
 * ("* * *", stray punctuation) are dropped.
 */
export function assembleBlocks(drafts: readonly BlockDraft[]): { text: string; blocks: Block[] } {
  const parts: string[] = [];
  const blocks: Block[] = [];
  let offset = 0;
  let paragraph = 0;
  for (const draft of drafts) {
    const text = collapseWhitespace(draft.text);
    if (!HAS_CONTENT.test(text)) continue;
    if (parts.length > 0) offset += 2;
    if (draft.kind !== 'heading') paragraph++;
    blocks.push({
      kind: draft.kind,
      start: offset,
      end: offset + text.length,
      paragraph: draft.kind === 'heading' ? paragraph + 1 : paragraph,
    });
    parts.push(text);
    offset += text.length;
  }
  return { text: parts.join('\n\n'), blocks };
}

/**
 * Numbers drafts that point into `source` (see {@link BlockDraft.source}) as blocks of that text,
 * trimmed of surrounding whitespace; the article text is `source` itself, unchanged, so a quote is
 * the file's text between its offsets. Numbering and dropped drafts as in {@link assembleBlocks};
 * a draft without `source` is dropped.
 */
export function placeBlocks(
  source: string,
  drafts: readonly BlockDraft[],
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let paragraph = 0;
  for (const draft of drafts) {
    if (!draft.source || !HAS_CONTENT.test(draft.text)) continue;
    let { start, end } = draft.source;
    while (start < end && /\s/.test(source[start]!)) start += 1;
    while (end > start && /\s/.test(source[end - 1]!)) end -= 1;
    if (draft.kind !== 'heading') paragraph++;
    blocks.push({
      kind: draft.kind,
      start,
      end,
      paragraph: draft.kind === 'heading' ? paragraph + 1 : paragraph,
    });
  }
  return { text: source, blocks };
}
