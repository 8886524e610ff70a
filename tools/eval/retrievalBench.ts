import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import type { Passage } from '../../src/core/types';
import { percentile } from './retrievalMetrics';

/**
 * Build, save, load and query times of the lexical index on synthetic German passages, to check
 * the start-up budget (load ≤ 2 s at 100k passages) without needing a real collection.
 */

/** Deterministic PRNG (mulberry32), so every run indexes the same text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = (
  'ver be ge ent er zer an auf aus ein mit nach vor zu ab bei um über unter wirt schaft regier ung ' +
  'ernähr bahn hof land tag stadt haus stra ße kampf kräf te welt pro gramm recht sprech ung geld ' +
  'markt arbeit nehm er schule kinder garten wasser werk strom netz zeit ung polit ik wahl kreis ' +
  'bürger meister ge richt straf tat ort teil bundes länder volk wirt kirch gemein de rat haus'
).split(' ');
const FUNCTION_WORDS =
  'der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es an'.split(' ');

/** A vocabulary of German-looking words (simple words and compounds of them), most frequent first. */
function vocabulary(size: number, random: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const parts = 1 + Math.floor(random() * (random() < 0.3 ? 5 : 3));
    let word = '';
    for (let i = 0; i < parts; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (random() < 0.25) word += ['en', 'er', 'es', 'n', 's'][Math.floor(random() * 5)];
    words.add(word);
  }
  return [...words];
}

/** `count` passages of about `chars` characters, words drawn from a Zipf distribution. */
export function syntheticPassages(
  count: number,
  chars = 400,
  seed = 42,
  vocabularySize = 200_000,
): Passage[] {
  const random = prng(seed);
  const words = vocabulary(vocabularySize, random);
  // Zipf(1): P(rank r) ∝ 1/r, sampled through the inverse of the approximate CDF ln(r)/ln(N).
  const zipf = () =>
    words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length))) - 1)]!;
  const passages: Passage[] = [];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < chars) {
      let word = random() < 0.4 ? FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)]! : zipf();
      if (random() < 0.3) word = word[0]!.toUpperCase() + word.slice(1);
      text += (text ? ' ' : '') + word + (random() < 0.08 ? '.' : '');
    }
    const articleId = `synthetic/${Math.floor(i / 10)}.md`;
    passages.push({
      id: `${articleId}#${i % 10}`,
      articleId,
      ordinal: i % 10,
      paragraphStart: 1,
      paragraphEnd: 1,
      start: 0,
      end: text.length,
      text,
      kind: 'text',
      ...(i % 10 === 0 ? { section: 'Überblick' } : {}),
    });
  }
  return passages;
}

export interface LexicalBenchResult {
  passages: number;
  buildMs: number;
  serializeMs: number;
  bytes: number;
  loadMs: number;
  /** The first query after load also builds the compound vocabulary. */
  firstQueryMs: number;
  queryP50Ms: number;
  queryP95Ms: number;
  identicalAfterLoad: boolean;
}

/** Builds, saves to a temp file, reloads and queries a lexical index over synthetic passages. */
export function benchLexicalIndex(count = 100_000, queries = 200): LexicalBenchResult {
  const passages = syntheticPassages(count);
  let started = performance.now();
  const index = new PostingsLexicalIndex().withChanges([], passages);
  const buildMs = performance.now() - started;

  const dir = mkdtempSync(path.join(os.tmpdir(), 'quellen-lexbench-'));
  const file = path.join(dir, 'lexical.bin');
  started = performance.now();
  writeFileSync(file, index.toBuffer());
  const serializeMs = performance.now() - started;
  const bytes = readFileSync(file).length;

  started = performance.now();
  const loaded = PostingsLexicalIndex.fromBuffer(readFileSync(file));
  const loadMs = performance.now() - started;
  rmSync(dir, { recursive: true, force: true });

  const random = prng(7);
  const questions = Array.from({ length: queries }, () => {
    const words = passages[Math.floor(random() * passages.length)]!.text.split(' ');
    const from = Math.floor(random() * Math.max(1, words.length - 6));
    return words.slice(from, from + 6).join(' ');
  });
  started = performance.now();
  loaded.search(questions[0]!, 50);
  const firstQueryMs = performance.now() - started;
  const latencies: number[] = [];
  let identicalAfterLoad = true;
  for (const question of questions) {
    const t = performance.now();
    const hits = loaded.search(question, 50);
    latencies.push(performance.now() - t);
    if (latencies.length <= 20 && JSON.stringify(hits) !== JSON.stringify(index.search(question, 50))) {
      identicalAfterLoad = false;
    }
  }
  return {
    passages: count,
    buildMs,
    serializeMs,
    bytes,
    loadMs,
    firstQueryMs,
    queryP50Ms: percentile(latencies, 50),
    queryP95Ms: percentile(latencies, 95),
    identicalAfterLoad,
  };
}
