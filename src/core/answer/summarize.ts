import type { AnswerLanguage, Article, Citation, Embedder, Passage } from '../types';
import { inlineQuote, makeCitation } from './citations';
import { detectLanguage } from './language';
import { phrasesFor } from './phrases';
import { sentenceSpans, type SentenceSpan } from './spans';
import { contentTerms } from '../text/termMatch';
import { cosine } from './terms';
import { verifyCitationList } from './verify';

/** A short summary of one article made of its key sentences, each cited verbatim. */
export interface Summary {
  articleId: string;
  title: string;
  date?: string;
  url?: string;
  /** The key sentences in article order, each followed by its `[n]` marker. */
  text: string;
  language: AnswerLanguage;
  citations: Citation[];
  /** Who wrote the summary text. */
  mode: 'extractive' | 'llm';
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  embedder: Embedder;
  /** Number of key sentences, 3–6 (default 4); short articles give fewer. */
  sentences?: number;
  /** The article's indexed passages; when given, citations point at them instead of at whole paragraphs. */
  passages?: readonly Passage[];
  /** MMR trade-off between centrality (1) and diversity (0). Default 0.6. */
  lambda?: number;
  /** Upper bound on sentences embedded (the article's first ones). Default 150. */
  maxCandidates?: number;
}

/** Sentences shorter than this many content terms are skipped unless the article has nothing else. */
const MIN_TERMS = 3;
/** Sentences this similar to a chosen one are repeats, whatever their centrality. */
const DUPLICATE_COSINE = 0.85;
/* News articles put the gist first; a small bonus for early sentences breaks ties that way. */
const LEAD_BONUS = 0.05;

/**
 * Summarises an article with its 3–6 most central sentences (similarity to the article's
 * centroid), chosen with MMR so they do not repeat each other, skipping headings and captions,
 * and returned in article order with one verified citation each.
 *
 * @example const summary = await summarize(article, { embedder, sentences: 4 });
 */
export async function summarize(article: Article, options: SummarizeOptions): Promise<Summary> {
  const count = Math.min(6, Math.max(3, Math.floor(options.sentences ?? 4)));
  const lambda = options.lambda ?? 0.6;
  const language = detectLanguage(article.text.slice(0, 2000));
  const spans = summaryCandidates(article).slice(0, options.maxCandidates ?? 150);

  let chosen: Array<{ span: SentenceSpan; score: number }>;
  if (spans.length <= count) {
    chosen = spans.map((span) => ({ span, score: 1 }));
  } else {
    const vectors = await options.embedder.embedPassages(
      spans.map((s) => article.text.slice(s.start, s.end)),
    );
    chosen = selectCentralDiverse(spans, vectors, count, lambda);
  }
  chosen.sort((a, b) => a.span.start - b.span.start);

  const citations = chosen.map(({ span, score }, i) =>
    citationFor(article, span, score, i + 1, options.passages),
  );
  const text = citations.map((c) => `${inlineQuote(c.quote)} [${c.n}]`).join(' ');
  return buildSummary(article, language, text, citations, 'extractive');
}

/** Verifies a summary's citations against the article and assembles it; used by both summarisers. */
export function buildSummary(
  article: Article,
  language: AnswerLanguage,
  text: string,
  citations: Citation[],
  mode: Summary['mode'],
): Summary {
  const verified = verifyCitationList(text, citations, (id) => (id === article.id ? article : undefined));
  const summary: Summary = {
    articleId: article.id,
    title: article.title,
    text: verified.citations.length > 0 ? verified.text : phrasesFor(language).emptyArticle,
    language,
    citations: verified.citations,
    mode,
  };
  if (article.date !== undefined) summary.date = article.date;
  if (article.url !== undefined) summary.url = article.url;
  return summary;
}

/** The article's paragraph sentences worth summarising; falls back to any sentence of a text-poor article. */
export function summaryCandidates(article: Article): SentenceSpan[] {
  const all = sentenceSpans(article).filter(
    (s) => contentTerms(article.text.slice(s.start, s.end)).length > 0,
  );
  const paragraphs = all.filter((s) => s.kind === 'paragraph');
  const substantial = paragraphs.filter(
    (s) => contentTerms(article.text.slice(s.start, s.end)).length >= MIN_TERMS,
  );
  if (substantial.length > 0) return substantial;
  return paragraphs.length > 0 ? paragraphs : all;
}

/** MMR over centrality (cosine to the normalised centroid, plus a small lead bonus); scores are centralities. */
function selectCentralDiverse(
  spans: readonly SentenceSpan[],
  vectors: readonly Float32Array[],
  count: number,
  lambda: number,
): Array<{ span: SentenceSpan; score: number }> {
  const dims = vectors[0]?.length ?? 0;
  const centroid = new Float32Array(dims);
  for (const vector of vectors) for (let d = 0; d < dims; d += 1) centroid[d]! += vector[d] ?? 0;
  let norm = 0;
  for (let d = 0; d < dims; d += 1) norm += centroid[d]! * centroid[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dims; d += 1) centroid[d]! /= norm;

  const n = spans.length;
  const centrality = vectors.map((v, i) => cosine(v, centroid) + LEAD_BONUS * (1 - i / n));
  const selected: number[] = [];
  while (selected.length < count && selected.length < n) {
    let bestIndex = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i += 1) {
      if (selected.includes(i)) continue;
      let redundancy = 0;
      for (const j of selected) redundancy = Math.max(redundancy, cosine(vectors[i]!, vectors[j]!));
      const value =
        redundancy >= DUPLICATE_COSINE
          ? Number.NEGATIVE_INFINITY
          : lambda * centrality[i]! - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break; // only repeats are left
    selected.push(bestIndex);
  }
  return selected.map((i) => ({ span: spans[i]!, score: centrality[i]! }));
}

function citationFor(
  article: Article,
  span: SentenceSpan,
  score: number,
  n: number,
  passages?: readonly Passage[],
): Citation {
  const passage = passages?.find(
    (p) =>
      p.articleId === article.id &&
      p.start <= span.start &&
      span.end <= p.end &&
      article.text.slice(p.start, p.end) === p.text,
  );
  const block = article.blocks.find((b) => b.start <= span.start && span.end <= b.end);
  const passageStart = passage?.start ?? block?.start ?? span.start;
  const passageEnd = passage?.end ?? block?.end ?? span.end;
  return makeCitation(n, {
    article,
    quoteStart: span.start,
    quoteEnd: span.end,
    passageStart,
    passageEnd,
    passageId: passage?.id ?? `${article.id}#p${span.paragraph}`,
    section: passage?.section,
    score,
  });
}
