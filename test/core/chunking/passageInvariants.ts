import type { Article, Passage } from '../../../src/core/types';

/** Matches a UTF-16 surrogate without its partner. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks the chunker's invariants; plain throws instead of `expect` keep the property test fast. */
export function checkPassages(article: Article, passages: Passage[], maxChars: number): void {
  const fail = (message: string, passage?: Passage): never => {
    throw new Error(`${message}${passage ? `: ${JSON.stringify(passage)}` : ''}`);
  };
  const covered = new Uint8Array(article.text.length);
  let blockIndex = 0;
  passages.forEach((passage, ordinal) => {
    if (passage.ordinal !== ordinal || passage.id !== `${article.id}#${ordinal}`)
      fail('bad ordinal or id', passage);
    if (passage.start < 0 || passage.end > article.text.length || passage.end <= passage.start) {
      fail('offsets out of bounds', passage);
    }
    if (passage.text !== article.text.slice(passage.start, passage.end))
      fail('not a verbatim slice', passage);
    if (passage.text.length > maxChars) fail(`longer than ${maxChars}`, passage);
    if (LONE_SURROGATE.test(passage.text)) fail('splits a surrogate pair', passage);
    // Passages come in text order (overlap may step back within one block only).
    while (blockIndex > 0 && article.blocks[blockIndex]!.start > passage.start) blockIndex--;
    while (article.blocks[blockIndex]!.end <= passage.start) blockIndex++;
    const inside = [];
    for (let b = blockIndex; b < article.blocks.length && article.blocks[b]!.start < passage.end; b++) {
      inside.push(article.blocks[b]!);
    }
    if (inside.some((b) => b.kind === 'heading')) fail('crosses a heading', passage);
    if (passage.paragraphStart !== inside[0]!.paragraph) fail('wrong paragraphStart', passage);
    if (passage.paragraphEnd !== inside[inside.length - 1]!.paragraph) fail('wrong paragraphEnd', passage);
    if ((passage.kind === 'caption') !== inside.every((b) => b.kind === 'caption'))
      fail('wrong kind', passage);
    covered.fill(1, passage.start, passage.end);
  });
  for (const block of article.blocks) {
    if (block.kind === 'heading') continue;
    for (let i = block.start; i < block.end; i++) {
      if (covered[i] === 0 && !/\s/.test(article.text[i]!)) fail(`text at ${i} is in no passage`);
    }
  }
}
