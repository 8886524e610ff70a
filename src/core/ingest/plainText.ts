/**
 * Structure of plain-text articles: blank-line separated paragraphs, heuristic sub-headings and
 * agency-credited photo captions.
 */

import { collapseWhitespace, type BlockDraft } from './blocks';
import { isCaption, looksLikeHeading } from './heuristics';

/**
 * Splits plain text into paragraphs and classifies them. Paragraphs are separated by blank lines;
 * a text without any blank line is taken to have one paragraph per line. A heading-like line only
 * counts as a heading when a paragraph or caption follows it (a run of short lines is more likely
 * a list than a cascade of headings).
 */
export function plainTextBlocks(text: string): BlockDraft[] {
  const separator = /\n[ \t]*\n/.test(text) ? /\n(?:[ \t]*\n)+/ : /\n/;
  const paragraphs = text
    .split(separator)
    .map(collapseWhitespace)
    .filter((p) => /[\p{L}\p{N}]/u.test(p));

  const kinds = paragraphs.map((p) =>
    isCaption(p) ? 'caption' : looksLikeHeading(p) ? 'heading?' : 'paragraph',
  );
  return paragraphs.map((p, i) => {
    const kind = kinds[i]!;
    if (kind !== 'heading?') return { kind, text: p };
    const next = kinds[i + 1];
    return { kind: next === 'paragraph' || next === 'caption' ? 'heading' : 'paragraph', text: p };
  });
}
