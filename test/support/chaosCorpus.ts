import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitSentences } from '../../src/core/chunking/sentences';
import { seededRandom } from '../fakes/articles';

/** The repository's sample articles, the source of every generated sentence. */
import { SAMPLE_DOCS, SAMPLE_FILES } from './samples';

export { SAMPLE_DOCS } from './samples';

/** One generated article and the fact only it states. */
export interface GeneratedArticle {
  /** Path relative to the collection root (the article id). */
  id: string;
  /** A sentence that occurs in this article only. */
  fact: string;
  /** A question whose answer is {@link fact}. */
  question: string;
  /** File content. */
  content: string;
}

/** A generated collection: articles by id, in a deterministic order. */
export interface ChaosCorpus {
  articles: GeneratedArticle[];
  /** Sentences of the sample articles that the generator recombined. */
  pool: string[];
}

/** Sentences of the sample articles (30–320 characters, no photo captions). */
export function sampleSentences(): string[] {
  const sentences: string[] = [];
  for (const name of SAMPLE_FILES) {
    const text = readFileSync(path.join(SAMPLE_DOCS, name), 'utf8');
    for (const paragraph of text.split(/\n\s*\n/)) {
      const flat = paragraph.replace(/\s+/g, ' ').trim();
      for (const span of splitSentences(flat)) {
        const sentence = flat.slice(span.start, span.end).trim();
        if (sentence.length >= 30 && sentence.length <= 320 && /[.!?]$/.test(sentence))
          sentences.push(sentence);
      }
    }
  }
  return [...new Set(sentences)];
}

const SYLLABLES = [
  'ba',
  'lur',
  'ken',
  'mo',
  'rif',
  'tan',
  'sel',
  'quo',
  'wim',
  'der',
  'zap',
  'hul',
  'nor',
  'gis',
];
const ENDINGS = ['dorf', 'hausen', 'feld', 'burg', 'stedt', 'ingen', 'au', 'heim'];
const THINGS: ReadonlyArray<[string, string]> = [
  ['Windräder', 'Windräder'],
  ['Brunnen', 'Brunnen'],
  ['Schulen', 'Schulen'],
  ['Brücken', 'Brücken'],
  ['Bäckereien', 'Bäckereien'],
];

/** A pronounceable place name that is unique per index (the syllables encode the number). */
function placeName(index: number): string {
  let name = '';
  let rest = index;
  do {
    name += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  name += ENDINGS[index % ENDINGS.length];
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Generates `count` small German articles (plain text, a few paragraphs of recombined sample
 * sentences plus one fact sentence of their own) from a seed; the same seed gives the same files.
 */
export function generateCorpus(
  count: number,
  seed: number,
  options: { pool?: readonly string[]; firstIndex?: number; folder?: string } = {},
): ChaosCorpus {
  const pool = options.pool ?? sampleSentences();
  const firstIndex = options.firstIndex ?? 0;
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const articles: GeneratedArticle[] = [];
  for (let i = 0; i < count; i += 1) {
    const place = placeName(firstIndex + i);
    const [thing] = pick(THINGS);
    const year = 1990 + Math.floor(random() * 30);
    const number = 10 + Math.floor(random() * 990);
    const fact = `Die Gemeinde ${place} meldete im Jahr ${year} genau ${number} neue ${thing}.`;
    const paragraphs: string[] = [];
    const paragraphCount = 2 + Math.floor(random() * 3);
    const factAt = Math.floor(random() * paragraphCount);
    for (let p = 0; p < paragraphCount; p += 1) {
      const sentences = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(pool));
      if (p === factAt) sentences.splice(Math.floor(random() * (sentences.length + 1)), 0, fact);
      paragraphs.push(sentences.join(' '));
    }
    const folder = `${options.folder ?? 'teil'}-${String(i % 10)}`;
    articles.push({
      id: `${folder}/artikel-${String(firstIndex + i).padStart(5, '0')}.txt`,
      fact,
      question: `Wie viele neue ${thing} meldete die Gemeinde ${place} im Jahr ${year}?`,
      content: `Bericht aus ${place}\n\n${paragraphs.join('\n\n')}\n`,
    });
  }
  return { articles, pool: [...pool] };
}

/** Writes the articles below `dir` (replacing what was there). */
export async function writeCorpus(dir: string, articles: readonly GeneratedArticle[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const folders = new Set(articles.map((article) => path.dirname(article.id)));
  for (const folder of folders) await mkdir(path.join(dir, folder), { recursive: true });
  // Batches keep the number of open files bounded.
  for (let i = 0; i < articles.length; i += 64) {
    await Promise.all(
      articles.slice(i, i + 64).map((article) => writeFile(path.join(dir, article.id), article.content)),
    );
  }
}

/** sha256 (hex) of an article file's content, as the manifest records it. */
export function contentHashOf(content: string): string {
  return createHash('sha256').update(Buffer.from(content, 'utf8')).digest('hex');
}

/** A second state of a collection: some articles removed, some edited (text shifted), some added. */
export interface CorpusVariant {
  articles: GeneratedArticle[];
  removed: GeneratedArticle[];
  edited: GeneratedArticle[];
  added: GeneratedArticle[];
}

/**
 * Derives another state of `base`: every `every`-th article removed, every `every`-th (offset by
 * one) edited by a new first paragraph, so that every later offset moves, and `every`-th as many
 * new articles (plus three) added at the end.
 */
export function deriveVariant(base: ChaosCorpus, seed: number, every = 25): CorpusVariant {
  const removed: GeneratedArticle[] = [];
  const edited: GeneratedArticle[] = [];
  const articles: GeneratedArticle[] = [];
  const random = seededRandom(seed);
  base.articles.forEach((article, i) => {
    if (i % every === 0) {
      removed.push(article);
      return;
    }
    if (i % every === 1) {
      const lead = base.pool[Math.floor(random() * base.pool.length)]!;
      const [title, ...rest] = article.content.split('\n\n');
      const changed = { ...article, content: [title, `Nachtrag: ${lead}`, ...rest].join('\n\n') };
      edited.push(changed);
      articles.push(changed);
      return;
    }
    articles.push(article);
  });
  const added = generateCorpus(Math.floor(base.articles.length / every) + 3, seed, {
    pool: base.pool,
    firstIndex: base.articles.length + 100_000,
    folder: 'neu',
  }).articles;
  return { articles: [...articles, ...added], removed, edited, added };
}

/** Makes the files below `dir` equal `to`, given that they hold `from` now (writes only the difference). */
export async function syncCorpus(
  dir: string,
  from: readonly GeneratedArticle[],
  to: readonly GeneratedArticle[],
): Promise<void> {
  const wanted = new Map(to.map((article) => [article.id, article]));
  for (const article of from) {
    if (!wanted.has(article.id)) await rm(path.join(dir, article.id), { force: true });
  }
  const present = new Map(from.map((article) => [article.id, article.content]));
  for (const article of to) {
    if (present.get(article.id) === article.content) continue;
    await mkdir(path.join(dir, path.dirname(article.id)), { recursive: true });
    await writeFile(path.join(dir, article.id), article.content);
  }
}
