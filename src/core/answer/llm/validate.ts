import type { Article, Citation, Embedder } from '../../types';
import { makeCitation } from '../citations';
import { sentenceSpans, type SentenceSpan } from '../spans';
import { contentTerms } from '../../text/termMatch';
import { cosine, localIdf, termCoverage } from '../terms';

/** A numbered source the model was shown: a slice of an article. */
export interface CitableSource {
  /** The number the model saw, `[n]`. */
  n: number;
  article: Article;
  start: number;
  end: number;
  passageId: string;
  section?: string;
}

/** Model output with markers normalised and each cited source mapped to a verbatim quote. */
export interface AttachedCitations {
  text: string;
  citations: Citation[];
  /** Markers that referred to no source and were removed. */
  unknownMarkers: number[];
}

/*
 * Models write citations in many shapes: "[1, 2]", "[1;3]", "[Passage 2]", "[Quelle 1]".
 * They are rewritten to "[1] [2]" so one marker syntax remains.
 */
export function normaliseMarkers(text: string): string {
  return text
    .replace(/\[(?:passage|source|quelle|abschnitt|absatz|paragraph)\s*(\d{1,3})\]/gi, '[$1]')
    .replace(/\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})+)\]/g, (_all, list: string) =>
      list
        .split(/[,;]/)
        .map((n) => `[${n.trim()}]`)
        .join(' '),
    );
}

const MARKER = /\[(\d{1,3})\]/g;

/**
 * Splits model text into claims: sentences, each with the markers that follow it ("… Palmyra. [1]"
 * belongs to the sentence before the marker).
 */
function claims(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["“”»«]?(?:\s*\[\d{1,3}\])*)\s+(?!\[\d)/u)
    .filter((part) => part.trim() !== '');
}

/**
 * Validates model output: unknown markers are removed, and each cited source `[n]` gets a citation
 * whose quote is the source's sentence that best matches the claims citing it (embedding similarity
 * plus term overlap), sliced verbatim from the article. Citations keep the source numbers; the caller
 * verifies and renumbers them.
 */
export async function attachCitations(
  output: string,
  sources: readonly CitableSource[],
  embedder: Embedder,
): Promise<AttachedCitations> {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const unknownMarkers: number[] = [];
  const normalised = normaliseMarkers(output.trim());
  const text = normalised.replace(/[ \t]*\[(\d{1,3})\]/g, (marker, digits: string) => {
    if (byNumber.has(Number(digits))) return marker;
    unknownMarkers.push(Number(digits));
    return '';
  });

  const claimsBySource = new Map<number, string[]>();
  for (const claim of claims(text)) {
    const plain = claim.replace(MARKER, ' ').trim();
    for (const match of claim.matchAll(MARKER)) {
      const n = Number(match[1]);
      const list = claimsBySource.get(n) ?? [];
      if (!list.includes(plain)) list.push(plain);
      claimsBySource.set(n, list);
    }
  }

  const citations: Citation[] = [];
  for (const [n, claimTexts] of claimsBySource) {
    const source = byNumber.get(n)!;
    const spans = sentenceSpans(source.article, source.start, source.end).filter((s) => s.kind !== 'heading');
    const best = await bestMatchingSentence(claimTexts.join(' '), source.article, spans, embedder);
    if (!best) continue;
    citations.push(
      makeCitation(n, {
        article: source.article,
        quoteStart: best.span.start,
        quoteEnd: best.span.end,
        passageStart: source.start,
        passageEnd: source.end,
        passageId: source.passageId,
        section: source.section,
        score: best.score,
      }),
    );
  }
  return { text, citations, unknownMarkers };
}

async function bestMatchingSentence(
  claim: string,
  article: Article,
  spans: readonly SentenceSpan[],
  embedder: Embedder,
): Promise<{ span: SentenceSpan; score: number } | undefined> {
  if (spans.length === 0) return undefined;
  if (spans.length === 1) return { span: spans[0]!, score: 1 };
  const texts = spans.map((span) => article.text.slice(span.start, span.end));
  const [claimVector, ...vectors] = await embedder.embedPassages([claim, ...texts]);
  const claimTerms = contentTerms(claim);
  const termSets = texts.map((text) => new Set(contentTerms(text)));
  const idf = localIdf(claimTerms, termSets);
  let best: { span: SentenceSpan; score: number } | undefined;
  spans.forEach((span, i) => {
    const vector = vectors[i];
    const dense = claimVector && vector ? cosine(claimVector, vector) : 0;
    const score = 0.5 * dense + 0.5 * termCoverage(claimTerms, termSets[i]!, idf);
    if (!best || score > best.score) best = { span, score };
  });
  return best;
}
