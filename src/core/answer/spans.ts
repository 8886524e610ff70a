import { splitSentences } from '../chunking/sentences';
import type { Article, BlockKind } from '../types';

/** A sentence of an article: offsets into its text (trimmed) and the kind of block it sits in. */
export interface SentenceSpan {
  start: number;
  end: number;
  kind: BlockKind;
  paragraph: number;
}

/**
 * The sentences of `article.text` within [from, to), split block by block so a sentence never
 * crosses a paragraph break, trimmed of surrounding whitespace (offsets stay verbatim).
 */
export function sentenceSpans(article: Article, from = 0, to = article.text.length): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const blocks =
    article.blocks.length > 0
      ? article.blocks
      : [{ kind: 'paragraph' as const, start: 0, end: article.text.length, paragraph: 1 }];
  for (const block of blocks) {
    const start = Math.max(block.start, from);
    const end = Math.min(block.end, to);
    if (end <= start) continue;
    for (const sentence of splitSentences(article.text, start, end)) {
      const trimmed = trimSpan(article.text, Math.max(sentence.start, start), Math.min(sentence.end, end));
      if (trimmed) spans.push({ ...trimmed, kind: block.kind, paragraph: block.paragraph });
    }
  }
  return spans;
}

function trimSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return end > start ? { start, end } : undefined;
}
