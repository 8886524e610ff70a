import type { Article, Block, Citation } from '../types';

/** Finds an article by id; `undefined` when it is not (or no longer) in the collection. */
export type ArticleLookup = (id: string) => Article | undefined;

/**
 * Reads articles by id, in one batch; ids not (or no longer) in the collection are left out.
 * How answerers get the texts they quote: an index in a database reads them over the network.
 */
export type ArticleFetch = (ids: readonly string[]) => Promise<ReadonlyMap<string, Article>>;

/** An {@link ArticleFetch} over articles at hand. */
export function fetchFrom(lookup: ArticleLookup): ArticleFetch {
  return async (ids) => {
    const found = new Map<string, Article>();
    for (const id of ids) {
      const article = lookup(id);
      if (article) found.set(id, article);
    }
    return found;
  };
}

/** The articles of retrieved passages, read in one batch, as a lookup. */
export async function lookupFor(
  fetch: ArticleFetch,
  retrieved: ReadonlyArray<{ passage: { articleId: string } }>,
): Promise<ArticleLookup> {
  const articles = await fetch([...new Set(retrieved.map((hit) => hit.passage.articleId))]);
  return (id) => articles.get(id);
}

/** The block that contains an offset of the article text (the last one starting at or before it). */
export function blockAt(article: Article, offset: number): Block | undefined {
  let found: Block | undefined;
  for (const block of article.blocks) {
    if (block.start <= offset && offset < block.end) return block;
    if (block.start <= offset) found = block;
  }
  return found;
}

/** Paragraph number (as a reader counts) of the paragraph containing `offset`; 1 when the article has no blocks. */
export function paragraphAt(article: Article, offset: number): number {
  return blockAt(article, offset)?.paragraph ?? 1;
}

/** What is needed to cite one verbatim quote. */
export interface QuoteSource {
  article: Article;
  quoteStart: number;
  quoteEnd: number;
  /** The surrounding passage, as offsets into the article text. */
  passageStart: number;
  passageEnd: number;
  passageId: string;
  section?: string;
  score: number;
}

/** Builds citation number `n` for a quote; quote and passage are sliced from the article text, so they are verbatim. */
export function makeCitation(n: number, source: QuoteSource): Citation {
  const { article } = source;
  const citation: Citation = {
    n,
    articleId: article.id,
    title: article.title,
    paragraph: paragraphAt(article, source.quoteStart),
    quote: article.text.slice(source.quoteStart, source.quoteEnd),
    quoteStart: source.quoteStart,
    quoteEnd: source.quoteEnd,
    passage: article.text.slice(source.passageStart, source.passageEnd),
    passageId: source.passageId,
    score: source.score,
  };
  if (article.date !== undefined) citation.date = article.date;
  if (article.url !== undefined) citation.url = article.url;
  if (source.section !== undefined) citation.section = source.section;
  return citation;
}

/** Collapses runs of whitespace (line breaks inside a quote) so the quote reads as one line in an answer. */
export function inlineQuote(quote: string): string {
  return quote.replace(/\s+/g, ' ').trim();
}
