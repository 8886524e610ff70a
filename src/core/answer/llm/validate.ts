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
 * Splits model text into claims: lines (a bullet is a claim of its own, punctuated or not), then
 * sentences, each with the markers that follow it ("… Palmyra. [1]" belongs to the sentence before
 * the marker).
 */
function claims(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?…]["“”»«‘’]?(?:\s*\[\d{1,3}\])*)\s+(?!\[\d)/u))
    .filter((part) => part.trim() !== '');
}

/** Model output longer than this is cut before validation (an answer is a few sentences). */
export const MAX_OUTPUT_CHARS = 4000;

/**
 * A claim stays only when a sentence of a source it cites supports it at least this much (the score
 * that also picks the quote: half embedding similarity, half the idf-weighted share of the claim's
 * terms in the sentence). With the built-in embedder, restatements of a source sentence score
 * 0.33–0.81 on the test fixtures and an English restatement of a German sentence 0.24, while a
 * claim about something its source does not mention scores 0 to 0.16.
 */
export const MIN_CLAIM_SUPPORT = 0.2;

const URL = /(?:\b[a-z][a-z0-9+.-]{1,20}:\/\/|\bwww\.)[^\s<>()[\]"]+/gi;

/** Whether `url` stands in `text` as a whole link, not merely as the start of a longer one. */
function holdsUrl(text: string, url: string): boolean {
  for (let at = text.indexOf(url); at >= 0; at = text.indexOf(url, at + 1)) {
    const next = text[at + url.length];
    if (next === undefined || /[\s<>()[\]"'.,;:!?]/.test(next)) return true;
  }
  return false;
}

/**
 * Validates model output. Unknown markers are removed; a sentence without a valid marker is
 * dropped (every claim must name its source), and so is one that no source it cites supports
 * ({@link MIN_CLAIM_SUPPORT}); a URL that stands in none of its cited sources is removed. Each cited
 * source `[n]` then gets a citation whose quote is the source's sentence that best matches the
 * claims citing it, sliced verbatim from the article. Citations keep the source numbers; the
 * caller verifies and renumbers them.
 */
export async function attachCitations(
  output: string,
  sources: readonly CitableSource[],
  embedder: Embedder,
): Promise<AttachedCitations> {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const unknownMarkers: number[] = [];
  const normalised = normaliseMarkers(output.trim().slice(0, MAX_OUTPUT_CHARS));
  const marked = normalised.replace(/[ \t]*\[(\d{1,3})\]/g, (marker, digits: string) => {
    if (byNumber.has(Number(digits))) return marker;
    unknownMarkers.push(Number(digits));
    return '';
  });

  const kept: string[] = [];
  const claimsBySource = new Map<number, Set<string>>();
  for (const raw of claims(marked)) {
    const cited = [...new Set([...raw.matchAll(MARKER)].map((match) => Number(match[1])))];
    if (cited.length === 0) continue;
    const texts = cited.map((n) => {
      const source = byNumber.get(n)!;
      return source.article.text.slice(source.start, source.end);
    });
    const claim = raw.replace(URL, (url) => (texts.some((text) => holdsUrl(text, url)) ? url : ''));
    const plain = claim.replace(MARKER, ' ').replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(plain)) continue;
    let support = 0;
    for (const n of cited) {
      const best = await bestMatchingSentence(plain, byNumber.get(n)!, embedder);
      support = Math.max(support, best?.score ?? 0);
    }
    if (support < MIN_CLAIM_SUPPORT) continue;
    kept.push(claim.replace(/[ \t]+/g, ' ').trim());
    for (const n of cited) {
      const set = claimsBySource.get(n) ?? new Set<string>();
      set.add(plain);
      claimsBySource.set(n, set);
    }
  }
  const text = kept.join(' ');

  const citations: Citation[] = [];
  for (const [n, claimTexts] of claimsBySource) {
    const source = byNumber.get(n)!;
    const best = await bestMatchingSentence([...claimTexts].join(' '), source, embedder);
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
  source: CitableSource,
  embedder: Embedder,
): Promise<{ span: SentenceSpan; score: number } | undefined> {
  const { article } = source;
  const spans = sentenceSpans(article, source.start, source.end).filter((s) => s.kind !== 'heading');
  if (spans.length === 0) return undefined;
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
