import type { Article, ChunkingOptions, Passage } from '../../src/core/types';

/** Chunking settings the fake chunker claims to use. */
export const FAKE_CHUNKING: ChunkingOptions = { maxChars: 400, overlapSentences: 0 };

/**
 * Fake chunker: one passage per paragraph or caption block, tracking the latest heading as
 * its section. Passage text is exactly `article.text.slice(start, end)`.
 */
export function chunkByBlock(article: Article): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  for (const block of article.blocks) {
    const text = article.text.slice(block.start, block.end);
    if (block.kind === 'heading') {
      section = text;
      continue;
    }
    const ordinal = passages.length;
    passages.push({
      id: `${article.id}#${ordinal}`,
      articleId: article.id,
      ordinal,
      ...(section === undefined ? {} : { section }),
      paragraphStart: block.paragraph,
      paragraphEnd: block.paragraph,
      start: block.start,
      end: block.end,
      text,
      kind: block.kind === 'caption' ? 'caption' : 'text',
    });
  }
  return passages;
}
