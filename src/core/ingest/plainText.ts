/**
 * Structure of plain-text articles: blank-line separated paragraphs, heuristic sub-headings and
 * agency-credited photo captions.
 */

import { collapseWhitespace, type BlockDraft } from './blocks';
import { dateLine, isCaption, looksLikeHeading } from './heuristics';

/**
 * Splits plain text into paragraphs and classifies them. Paragraphs are separated by blank lines;
 * a text without any blank line is taken to have one paragraph per line. A heading-like line only
 * counts as a heading when a paragraph or caption follows it (a run of short lines is more likely
 * a list than a cascade of headings). Each draft points into the text (`offset` added), so the
 * article can quote the file's own characters.
 */
export function plainTextBlocks(text: string, offset = 0): BlockDraft[] {
  const separator = /\n[ \t]*\n/.test(text) ? /\n(?:[ \t]*\n)+/g : /\n/g;
  const paragraphs: Array<{ text: string; start: number; end: number }> = [];
  let from = 0;
  const push = (start: number, end: number): void => {
    const collapsed = collapseWhitespace(text.slice(start, end));
    if (/[\p{L}\p{N}]/u.test(collapsed)) paragraphs.push({ text: collapsed, start, end });
  };
  // In the first paragraph (a title line and what stands under it), a line that only states a
  // date ("Datum: 15. September 2024") is a block of its own even without blank lines around it:
  // it dates the article, it is no text. A date without a label ("15. September 2024") only as
  // the last line under the title: inside a hard-wrapped sentence ("… wurde am\n15. September
  // 2024\nfeierlich eröffnet") it is text. Further down such lines stay inside their paragraph.
  const take = (to: number): void => {
    let start = from;
    const lines = paragraphs.length === 0 ? [...text.slice(from, to).matchAll(/[^\n]+/g)] : [];
    for (const [i, line] of lines.entries()) {
      const closing = i > 0 && i === lines.length - 1;
      if (dateLine(line[0], { bare: closing }) === undefined) continue;
      const lineStart = from + line.index;
      push(start, lineStart);
      push(lineStart, lineStart + line[0].length);
      start = lineStart + line[0].length;
    }
    push(start, to);
  };
  for (const match of text.matchAll(separator)) {
    take(match.index);
    from = match.index + match[0].length;
  }
  take(text.length);

  const kinds = paragraphs.map((p) =>
    isCaption(p.text) ? 'caption' : looksLikeHeading(p.text) ? 'heading?' : 'paragraph',
  );
  // A date line under the title line is the article's date (taken out later), not what follows
  // the title: the title is a heading when a paragraph or caption comes after its date.
  let afterTitle = 1;
  while (afterTitle < paragraphs.length && dateLine(paragraphs[afterTitle]!.text) !== undefined) afterTitle++;
  return paragraphs.map((p, i) => {
    const source = { start: offset + p.start, end: offset + p.end };
    const kind = kinds[i]!;
    if (kind !== 'heading?') return { kind, text: p.text, source };
    const next = kinds[i === 0 ? afterTitle : i + 1];
    const heading = next === 'paragraph' || next === 'caption';
    return { kind: heading ? 'heading' : 'paragraph', text: p.text, source };
  });
}
