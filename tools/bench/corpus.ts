import type { Config } from '../../src/config';
import { chunkArticle } from '../../src/core/chunking/chunker';
import { readArticle } from '../../src/core/ingest/readArticle';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { availableData, loadGnadDistractors, loadMLQA, loadXQuAD } from '../eval/datasets';
import { halfOf } from '../eval/retrievalMetrics';
import { GERMAN_SAMPLE_SENTENCES } from '../modelgen/germanSample';
import { Prng } from '../modelgen/prng';

/**
 * The benchmark corpus: German articles generated deterministically (seeded) from real text when
 * it is present (the articles in `docs/`, 10kGNAD, MLQA contexts in `../shared/data`) or from the
 * built-in sample sentences otherwise, plus the XQuAD paragraphs verbatim so that retrieval
 * quality can be measured among the generated distractors. Used for evaluation only: the corpus
 * lives in a temporary folder and is never written into the repository.
 */

/** One file of the generated collection. */
export interface BenchArticle {
  /** Path relative to the collection folder (becomes the article id). */
  file: string;
  content: string;
}

/** A question whose answer lies in one article. */
export interface GoldQuestion {
  question: string;
  /** Article id (file path) that holds the answer. */
  articleId: string;
}

/** The text the generator draws from, and the questions with known answers. */
export interface SourceMaterial {
  /** Sentences per source document, in reading order. */
  documents: string[][];
  /** XQuAD paragraphs as article files (empty without the data). */
  goldArticles: BenchArticle[];
  /** XQuAD de→de questions of the report half, pointing at `goldArticles`. */
  goldQuestions: GoldQuestion[];
  /** Where the text came from, for the report. */
  origin: string;
}

const segmenter = new Intl.Segmenter('de', { granularity: 'sentence' });
const MIN_SENTENCE = 25;
const MAX_SENTENCE = 600;

/** Sentences of a text that are long enough to carry content and short enough to be sentences. */
export function sentencesOf(text: string): string[] {
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(text.replace(/\s+/g, ' '))) {
    const sentence = segment.trim();
    if (sentence.length >= MIN_SENTENCE && sentence.length <= MAX_SENTENCE) sentences.push(sentence);
  }
  return sentences;
}

/**
 * Reads the source text. Every part is optional: without `dataDir` (or with it absent) the
 * generator falls back to the built-in sample sentences and the articles in `docsDir`.
 */
export function loadSourceMaterial(options: { docsDir?: string; dataDir?: string }): SourceMaterial {
  const documents: string[][] = [];
  const origin: string[] = [];
  if (options.docsDir && existsSync(options.docsDir)) {
    const files = readdirSync(options.docsDir).filter((name) => /\.(txt|md)$/i.test(name));
    for (const name of files.sort())
      documents.push(sentencesOf(readFileSync(path.join(options.docsDir, name), 'utf8')));
    if (files.length > 0) origin.push(`${files.length} docs/ articles`);
  }
  const goldArticles: BenchArticle[] = [];
  const goldQuestions: GoldQuestion[] = [];
  const data = options.dataDir && existsSync(options.dataDir) ? availableData(options.dataDir) : undefined;
  if (options.dataDir && data?.gnad) {
    const units = loadGnadDistractors(options.dataDir);
    for (const unit of units) documents.push(sentencesOf(unit.text));
    origin.push(`${units.length} 10kGNAD articles`);
  }
  if (options.dataDir && data?.mlqa) {
    const units = loadMLQA(options.dataDir).units;
    for (const unit of units) documents.push(sentencesOf(unit.text));
    origin.push(`${units.length} MLQA contexts`);
  }
  if (options.dataDir && data?.xquad) {
    // XQuAD paragraphs stay out of the sentence pool: copies of their sentences in generated
    // articles would compete with the gold paragraph and blur R@1.
    const xquad = loadXQuAD(options.dataDir, 'de');
    const fileOf = (unitId: string): string => `${unitId}.txt`;
    for (const unit of xquad.units) goldArticles.push({ file: fileOf(unit.id), content: `${unit.text}\n` });
    for (const question of xquad.questions) {
      if (halfOf(question.id) === 'report')
        goldQuestions.push({ question: question.question, articleId: fileOf(question.unitId) });
    }
    origin.push(`${xquad.units.length} XQuAD de paragraphs verbatim`);
  }
  const pool = documents.filter((sentences) => sentences.length > 0);
  if (pool.length === 0 || pool.reduce((sum, sentences) => sum + sentences.length, 0) < 50) {
    pool.push([...GERMAN_SAMPLE_SENTENCES]);
    origin.push('built-in sample sentences');
  }
  return { documents: pool, goldArticles, goldQuestions, origin: origin.join(', ') };
}

/** Options of {@link generateCorpus}. */
export interface GenerateOptions {
  /** Stop once the articles hold at least this many passages. */
  targetPassages: number;
  seed: number;
  /** Passages the indexer will make of one article (parse + chunk, or an estimate in tests). */
  countPassages: (article: BenchArticle) => number;
}

/** A generated collection and its passage count. */
export interface GeneratedCorpus {
  articles: BenchArticle[];
  passages: number;
}

function pick<T>(rng: Prng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)]!;
}

function between(rng: Prng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

/** A news-like article: a title, a date, and paragraphs of sentences from 2–3 source documents. */
function generateArticle(rng: Prng, documents: readonly string[][], ordinal: number): BenchArticle {
  const sources = Array.from({ length: between(rng, 2, 3) }, () => pick(rng, documents));
  const paragraphs: string[] = [];
  const count = between(rng, 3, 10);
  for (let p = 0; p < count; p += 1) {
    // Sentences drawn apart (kept in source order) rather than contiguous runs: a pool of ~25k
    // sentences has too few runs for 100k passages, and duplicate passages (identical vectors)
    // degrade an HNSW graph in a way real collections do not.
    const source = pick(rng, sources);
    const length = Math.min(source.length, between(rng, 1, 5));
    const chosen = new Set<number>();
    while (chosen.size < length) chosen.add(Math.floor(rng.next() * source.length));
    paragraphs.push(
      [...chosen]
        .sort((a, b) => a - b)
        .map((i) => source[i]!)
        .join(' '),
    );
  }
  const titleWords = pick(rng, pick(rng, sources))
    .replace(/[.!?:;,"„“]+/g, '')
    .split(' ')
    .slice(0, between(rng, 3, 8));
  const date = `${2010 + (ordinal % 12)}-${String(1 + (ordinal % 12)).padStart(2, '0')}-${String(1 + (ordinal % 28)).padStart(2, '0')}`;
  const folder = String(Math.floor(ordinal / 1000)).padStart(3, '0');
  return {
    file: `gen/${folder}/${String(ordinal).padStart(6, '0')}.md`,
    content: `---\ndate: ${date}\n---\n\n# ${titleWords.join(' ')}\n\n${paragraphs.join('\n\n')}\n`,
  };
}

/**
 * The gold articles (as many as fit) followed by generated ones until `targetPassages` is
 * reached. The same material, target and seed always give the same files.
 */
export function generateCorpus(material: SourceMaterial, options: GenerateOptions): GeneratedCorpus {
  const rng = new Prng(options.seed);
  const articles: BenchArticle[] = [];
  let passages = 0;
  for (const article of material.goldArticles) {
    if (passages >= options.targetPassages) break;
    articles.push(article);
    passages += options.countPassages(article);
  }
  // Short documents (one- or two-sentence contexts) would be copied whole again and again.
  const rich = material.documents.filter((sentences) => sentences.length >= 6);
  const sources = rich.length >= 10 ? rich : material.documents;
  for (let ordinal = 0; passages < options.targetPassages; ordinal += 1) {
    const article = generateArticle(rng, sources, ordinal);
    articles.push(article);
    passages += options.countPassages(article);
  }
  return { articles, passages };
}

/**
 * Changes `share` of the generated articles (at least one) by appending a paragraph, as an edit
 * would; returns the changed articles. Gold articles stay as they are.
 */
export function mutateArticles(
  articles: readonly BenchArticle[],
  share: number,
  seed: number,
): BenchArticle[] {
  const candidates = articles.filter((article) => article.file.startsWith('gen/'));
  const wanted = Math.min(candidates.length, Math.max(1, Math.round(articles.length * share)));
  const rng = new Prng(seed);
  // Partial Fisher–Yates: the first `wanted` slots are a seeded sample without repeats.
  const order = candidates.map((_, i) => i);
  for (let i = 0; i < wanted; i += 1) {
    const j = i + Math.floor(rng.next() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, wanted).map((index) => {
    const article = candidates[index]!;
    return {
      file: article.file,
      content: `${article.content}\nNachtrag: Der Artikel wurde nach Hinweisen von Lesern überarbeitet und um Angaben zur Lage ergänzt (Fassung ${seed}).\n`,
    };
  });
}

/**
 * A fixed set of questions: gold questions first (real questions, evenly spread), topped up with
 * questions derived from generated articles ("Was ist über … bekannt?").
 */
export function benchQuestions(
  material: SourceMaterial,
  articles: readonly BenchArticle[],
  count: number,
  seed: number,
): string[] {
  const present = new Set(articles.map((article) => article.file));
  const gold = material.goldQuestions.filter((q) => present.has(q.articleId));
  const questions: string[] = [];
  const step = gold.length / Math.min(count, gold.length);
  for (let i = 0; i < Math.min(count, gold.length); i += 1)
    questions.push(gold[Math.floor(i * step)]!.question);
  const rng = new Prng(seed);
  const generated = articles.filter((article) => article.file.startsWith('gen/'));
  for (let guard = 0; questions.length < count && generated.length > 0 && guard < count * 20; guard += 1) {
    const body = pick(rng, generated).content.split('\n\n').slice(2);
    const sentence = sentencesOf(body.join(' '));
    if (sentence.length === 0) continue;
    const words = pick(rng, sentence)
      .replace(/[.!?:;,"„“()]+/g, '')
      .split(' ')
      .filter((word) => word.length > 3);
    if (words.length < 3) continue;
    const start = Math.floor(rng.next() * Math.max(1, words.length - 4));
    questions.push(`Was ist über ${words.slice(start, start + 4).join(' ')} bekannt?`);
  }
  return questions;
}

/** Writes the articles below `dir` (creating sub-folders). */
export async function writeCorpus(dir: string, articles: readonly BenchArticle[]): Promise<void> {
  const folders = new Set(articles.map((article) => path.dirname(path.join(dir, article.file))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  for (const article of articles) await writeFile(path.join(dir, article.file), article.content);
}

/**
 * {@link generateCorpus} with passages counted as the product would chunk the articles under
 * `config` (its reader and chunker), so a target size is one in passages quellen indexes.
 */
export function generateCorpusFor(
  material: SourceMaterial,
  config: Pick<Config, 'MAX_ARTICLE_BYTES' | 'CHUNK_MAX_CHARS' | 'CHUNK_OVERLAP_SENTENCES'>,
  options: { targetPassages: number; seed: number },
): GeneratedCorpus {
  const chunking = { maxChars: config.CHUNK_MAX_CHARS, overlapSentences: config.CHUNK_OVERLAP_SENTENCES };
  return generateCorpus(material, {
    ...options,
    countPassages: (article) => {
      const read = readArticle(article.file, Buffer.from(article.content), {
        maxBytes: config.MAX_ARTICLE_BYTES,
      });
      return read.ok ? chunkArticle(read.article, chunking).length : 0;
    },
  });
}
