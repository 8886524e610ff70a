/**
 * Measures the dictionary query translator on XQuAD en→de: English questions retrieving the German
 * paragraphs (240 paragraphs, 1190 questions), BM25 with German analysis, with and without translation.
 * Reports both halves of the deterministic question split (tune on `tune`, quote `report`), load time and
 * memory of the translator, and checks the English dev questions of ../shared/eval/dev_qa.jsonl.
 *
 * Usage:
 *   npx tsx src/eval/measureTranslation.ts [--dictionary /usr/share/trans/de-en] [--data ../shared/data]
 *     [--alternatives 2] [--keep-names] [--ranking '{"commonness":0.3}'] [--cache-dir DIR] [--no-cache]
 *     [--quick]   (skips the quellen lexical index rows)
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { analyze } from '../../src/core/text/analysis';
import { PostingsLexicalIndex } from '../../src/core/retrieval/postingsLexicalIndex';
import {
  DEFAULT_DICTIONARY_PATH,
  DictionaryTranslator,
  detectEnglish,
} from '../../src/core/retrieval/translate/dictionaryTranslator';
import { DEFAULT_RANKING, type LexiconRanking } from '../../src/core/retrieval/translate/lexicon';
import { chunkUnit, loadXQuAD } from './datasets';
import {
  goldRank,
  halfOf,
  metricsFromRanks,
  percentile,
  type Half,
  type RankingMetrics,
} from './retrievalMetrics';

const { values: args } = parseArgs({
  options: {
    dictionary: { type: 'string', default: DEFAULT_DICTIONARY_PATH },
    data: { type: 'string', default: path.resolve(__dirname, '../../../shared/data') },
    alternatives: { type: 'string', default: '2' },
    ranking: { type: 'string', default: '{}' },
    'cache-dir': { type: 'string', default: path.join(tmpdir(), 'quellen-translate-cache') },
    'no-cache': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'keep-names': { type: 'boolean', default: false },
  },
});

type Search = (query: string) => string[];

function format(m: RankingMetrics): string {
  return `R@1 ${m.r1.toFixed(3)}  R@5 ${m.r5.toFixed(3)}  MRR ${m.mrr.toFixed(3)}  (n=${m.n})`;
}

async function main(): Promise<void> {
  const dataset = loadXQuAD(args.data, 'en');
  const plain = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => analyze(text),
    processTerm: (term) => term,
  });
  plain.addAll(dataset.units);
  const plainSearch: Search = (query) => plain.search(query).map((r) => r.id as string);
  const vocabulary = new Set(dataset.units.flatMap((unit) => analyze(unit.text)));

  const ranking: LexiconRanking = {
    ...DEFAULT_RANKING,
    ...(JSON.parse(args.ranking) as Partial<LexiconRanking>),
  };
  const cacheDir = args['no-cache'] ? undefined : args['cache-dir'];
  // Run with `node --expose-gc` for retained (not transient) heap figures.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  const options = {
    maxAlternatives: Number(args.alternatives),
    translateNames: !args['keep-names'],
    ranking,
    ...(cacheDir ? { cacheDir } : {}),
  };
  const translator = await DictionaryTranslator.load(args.dictionary, options);
  const loadMs = performance.now() - started;
  const cpuMs = (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000;
  if (translator === null) {
    console.log(`no dictionary at ${args.dictionary}: install the Debian package trans-de-en`);
    process.exitCode = 1;
    return;
  }
  const peakHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  console.log(
    `translator load ${loadMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (${cacheDir ? 'cache ' + cacheDir : 'no cache'}); ` +
      `heap +${peakHeapMb.toFixed(0)} MB right after loading` +
      (gc ? `, +${heapMb.toFixed(0)} MB retained` : ''),
  );
  started = performance.now();
  const withVocabulary = await DictionaryTranslator.load(args.dictionary, { ...options, vocabulary });
  console.log(`second load ${(performance.now() - started).toFixed(0)} ms`);
  if (withVocabulary === null) return;

  const latencies: number[] = [];
  const timed =
    (t: DictionaryTranslator) =>
    (q: string): string => {
      const start = performance.now();
      const text = t.translate(q).text;
      latencies.push(performance.now() - start);
      return text;
    };
  const translate = timed(translator);
  const translateVocabulary = timed(withVocabulary);

  const systems: Array<[string, Search, (q: string) => string]> = [
    ['minisearch BM25 stemmed, no translation', plainSearch, (q) => q],
    ['minisearch BM25 stemmed, translated', plainSearch, translate],
    ['minisearch BM25 stemmed, translated + vocabulary', plainSearch, translateVocabulary],
  ];
  if (!args.quick) {
    const lexical = new PostingsLexicalIndex();
    lexical.add(dataset.units.flatMap((unit) => chunkUnit(unit, 0)));
    const lexicalSearch: Search = (query) =>
      lexical.search(query, 50).map((hit) => hit.id.split('#')[0] ?? '');
    // What the app passes: the index's word families and, for choosing senses, its postings.
    const withIndex = translator.withVocabulary({
      has: (term) => lexical.hasWordFamily(term),
      passagesWith: (term) => lexical.passagesWith(term),
    });
    const withIndexFamilies = translator.withVocabulary({ has: (term) => lexical.hasWordFamily(term) });
    systems.push(
      ['quellen lexical index, no translation', lexicalSearch, (q) => q],
      ['quellen lexical index, translated', lexicalSearch, translate],
      ['quellen lexical index, translated + vocabulary', lexicalSearch, translateVocabulary],
    );
    systems.push(
      ['quellen lexical index, translated + index vocabulary', lexicalSearch, timed(withIndexFamilies)],
      ['quellen lexical index, translated + index vocabulary and senses', lexicalSearch, timed(withIndex)],
    );
  }

  for (const [name, search, rewrite] of systems) {
    const ranks: Record<Half, Array<number | undefined>> = { tune: [], report: [] };
    for (const question of dataset.questions) {
      ranks[halfOf(question.id)].push(goldRank(search(rewrite(question.question)), question.unitId));
    }
    console.log(
      `${name}\n  tune   ${format(metricsFromRanks(ranks.tune))}\n  report ${format(metricsFromRanks(ranks.report))}`,
    );
  }
  console.log(
    `translate latency: median ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms`,
  );

  const falseEnglish = dataset.questions.filter((q) => !detectEnglish(q.question)).length;
  const german = loadXQuAD(args.data, 'de').questions;
  const falseGerman = german.filter((q) => detectEnglish(q.question)).length;
  console.log(
    `detectEnglish: ${falseEnglish}/${dataset.questions.length} English questions taken for German, ` +
      `${falseGerman}/${german.length} German questions taken for English`,
  );

  checkDevQuestions(path.resolve(args.data, '..'), translator);
}

/**
 * For the English dev questions: the translated query and the terms it shares with the gold paragraph
 * (the paragraph of the article that holds `gold_passage_contains`).
 */
function checkDevQuestions(sharedDir: string, translator: DictionaryTranslator): void {
  const devPath = path.join(sharedDir, 'eval', 'dev_qa.jsonl');
  if (!existsSync(devPath)) return;
  console.log(
    'dev questions (lang en): translated query; terms shared with the gold paragraph (without → with)',
  );
  for (const line of readFileSync(devPath, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as {
      lang: string;
      question: string;
      article?: string;
      gold_passage_contains?: string;
    };
    if (row.lang !== 'en' || row.article === undefined || row.gold_passage_contains === undefined) continue;
    const articlePath = path.join(sharedDir, 'articles', `${row.article}.txt`);
    if (!existsSync(articlePath)) continue;
    const paragraph = readFileSync(articlePath, 'utf8')
      .split(/\n\s*\n/)
      .find((p) => p.replace(/\s+/g, ' ').includes(row.gold_passage_contains ?? ''));
    const gold = new Set(analyze(paragraph ?? row.gold_passage_contains));
    const shared = (text: string): string =>
      [...new Set(analyze(text))].filter((t) => gold.has(t)).join(', ') || '-';
    const { text } = translator.translate(row.question);
    console.log(`  ${row.question}\n    → ${text}\n    shared: ${shared(row.question)} → ${shared(text)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
