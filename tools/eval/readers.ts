import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { chunkArticle } from '../../src/core/chunking/chunker';
import { normalizeText } from '../../src/core/ingest/decode';
import { FileArticleSource } from '../../src/core/ingest/fileSource';
import { silentLogger } from '../../src/core/logger';
import type { Answer, Citation } from '../../src/core/types';
import { percentile } from './retrievalMetrics';

/**
 * Reader questions: questions written the way readers ask (German and English, many reworded,
 * a quarter unanswerable and mostly near the topic) over 10kGNAD news articles and the samples,
 * by someone who saw neither the code nor the tuning data. Split by article into a tuning half
 * and a report half (`reader-questions/{tune,report}.jsonl` beside this file).
 */
export interface ReaderQuestion {
  id: string;
  lang: 'de' | 'en';
  question: string;
  /** `gnad10-test-NNNN` (a 10kGNAD row) or a sample article's id without extension; null: off-topic. */
  article: string | null;
  answerable: boolean;
  kind: string;
  reworded: boolean;
  near_topic?: boolean;
  /** Any of these (verbatim from the article) in the answer shows it is right. */
  answer_any?: string[];
  /** The article's span that states the answer. */
  evidence?: string;
}

/** How one reader question went. */
export interface ReaderCheck {
  id: string;
  half: 'tune' | 'report';
  lang: string;
  kind: string;
  reworded: boolean;
  answerable: boolean;
  nearTopic: boolean;
  abstained: boolean;
  /** Answerable: not abstained, the fact in the answer, and a quote overlapping the evidence. */
  right: boolean;
  /** Answerable: the first citation's quote overlaps the evidence. */
  firstCitationRight: boolean;
  /** Answerable: the passage of the first citation overlaps the evidence (compare with `baselineRight`). */
  firstPassageRight: boolean;
  /** Answerable: a default MiniSearch over the same passages ranks an evidence passage first. */
  baselineRight: boolean;
  /** Every quote is the file's text (as read) between its offsets. */
  exact: boolean;
  question: string;
  /** How many sentences the answer quotes (0 when it abstained). */
  quotes: number;
  firstQuote?: string;
}

/** Counts of one group of checks. */
export interface ReaderTally {
  answerable: number;
  right: number;
  firstCitationRight: number;
  firstPassageRight: number;
  baselineRight: number;
  falseAbstentions: number;
  unanswerable: number;
  abstained: number;
}

export interface ReaderEvalResult {
  articles: number;
  checks: ReaderCheck[];
  latency: { p50Ms: number; p95Ms: number };
}

/** The question files in the repository (`tools/eval/reader-questions/`). */
export const READER_QUESTIONS_DIR = path.resolve(__dirname, 'reader-questions');

/** Reads one JSON-lines file of reader questions. */
export async function readReaderQuestions(file: string): Promise<ReaderQuestion[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ReaderQuestion);
}

/** Where an answer's quotes overlap `[start, end)` of the article text. */
function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/**
 * Where `span` stands in `text`, whitespace runs matching any whitespace run: the questions' evidence
 * may be written with other whitespace than the file holds. `[0, 0]` if absent.
 */
export function locate(text: string, span: string): [number, number] {
  const pattern = span
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  const match = new RegExp(pattern).exec(text);
  return match ? [match.index, match.index + match[0].length] : [0, 0];
}

/**
 * Where a citation's passage stands in the article's text: the occurrence of its text that holds
 * the quote (undefined when none does).
 */
function passageSpan(text: string, citation: Citation): [number, number] | undefined {
  for (let at = text.indexOf(citation.passage); at !== -1; at = text.indexOf(citation.passage, at + 1)) {
    const end = at + citation.passage.length;
    if (at <= citation.quoteStart && citation.quoteEnd <= end) return [at, end];
  }
  return undefined;
}

/** Scores one answer (pure, for tests). */
export function checkReaderAnswer(
  question: ReaderQuestion,
  half: 'tune' | 'report',
  answer: Answer,
  articleText: (id: string) => string | undefined,
  baselineTop: { articleId: string; start: number; end: number } | undefined,
): ReaderCheck {
  const exact = answer.citations.every(
    (c) => articleText(c.articleId)?.slice(c.quoteStart, c.quoteEnd) === c.quote,
  );
  const check: ReaderCheck = {
    id: question.id,
    half,
    lang: question.lang,
    kind: question.kind,
    reworded: question.reworded,
    answerable: question.answerable,
    nearTopic: question.near_topic === true,
    abstained: answer.abstained,
    right: false,
    firstCitationRight: false,
    firstPassageRight: false,
    baselineRight: false,
    exact,
    question: question.question,
    quotes: answer.abstained ? 0 : answer.citations.length,
    ...(answer.citations[0] ? { firstQuote: answer.citations[0].quote } : {}),
  };
  if (!question.answerable || !question.article || !question.evidence) return check;
  const goldId = `${question.article}.txt`;
  const text = articleText(goldId) ?? '';
  const evidence = locate(text, question.evidence);
  const hits = answer.citations.map(
    (c) => c.articleId === goldId && overlaps([c.quoteStart, c.quoteEnd], evidence),
  );
  const haystack = `${answer.text}\n${answer.citations.map((c) => c.quote).join('\n')}`.toLowerCase();
  const holdsFact = (question.answer_any ?? []).some((s) => haystack.includes(s.toLowerCase()));
  check.right = !answer.abstained && holdsFact && hits.some(Boolean);
  check.firstCitationRight = !answer.abstained && hits[0] === true;
  const first = answer.citations[0];
  const passage = first && first.articleId === goldId ? passageSpan(text, first) : undefined;
  check.firstPassageRight = !answer.abstained && passage !== undefined && overlaps(passage, evidence);
  check.baselineRight =
    baselineTop !== undefined &&
    baselineTop.articleId === goldId &&
    overlaps([baselineTop.start, baselineTop.end], evidence);
  return check;
}

/** Sums a group of checks. */
export function tally(checks: readonly ReaderCheck[]): ReaderTally {
  const answerable = checks.filter((c) => c.answerable);
  const unanswerable = checks.filter((c) => !c.answerable);
  return {
    answerable: answerable.length,
    right: answerable.filter((c) => c.right).length,
    firstCitationRight: answerable.filter((c) => c.firstCitationRight).length,
    firstPassageRight: answerable.filter((c) => c.firstPassageRight).length,
    baselineRight: answerable.filter((c) => c.baselineRight).length,
    falseAbstentions: answerable.filter((c) => c.abstained).length,
    unanswerable: unanswerable.length,
    abstained: unanswerable.filter((c) => c.abstained).length,
  };
}

/**
 * Asks every reader question of both halves through the app the way `quellen ask` does (the
 * product's own factory and settings, over one collection of all their articles), and scores
 * each against a default MiniSearch over the same passages, in the same run.
 */
export async function runReaderEval(options: {
  questionsDir: string;
  sharedDir: string;
  env?: NodeJS.ProcessEnv;
  configure?: (config: Config) => Config;
  /** Unrelated 10kGNAD articles put beside the questions' own (default 0): how answers hold as the collection grows. */
  distractors?: number;
}): Promise<ReaderEvalResult> {
  const halves = {
    tune: await readReaderQuestions(path.join(options.questionsDir, 'tune.jsonl')),
    report: await readReaderQuestions(path.join(options.questionsDir, 'report.jsonl')),
  };
  const all = [
    ...halves.tune.map((q) => ({ q, half: 'tune' as const })),
    ...halves.report.map((q) => ({ q, half: 'report' as const })),
  ];
  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-readers-'));
  try {
    const docs = path.join(root, 'docs');
    await mkdir(docs, { recursive: true });
    const wanted = new Set(all.map(({ q }) => q.article).filter((a): a is string => a !== null));
    const gnad = (await readFile(path.join(options.sharedDir, 'data', '10kgnad', 'test.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { id: string; text: string });
    let distractors = options.distractors ?? 0;
    for (const row of gnad) {
      if (wanted.has(row.id)) await writeFile(path.join(docs, `${row.id}.txt`), row.text);
      else if (distractors > 0) {
        distractors -= 1;
        await writeFile(path.join(docs, `${row.id}.txt`), row.text);
      }
    }
    for (const id of wanted) {
      const sample = path.join(options.sharedDir, 'articles', `${id}.txt`);
      if (!id.startsWith('gnad10-') && existsSync(sample))
        await copyFile(sample, path.join(docs, `${id}.txt`));
    }
    const base = loadConfig(options.env ?? process.env);
    const config = (options.configure ?? ((c: Config) => c))({
      ...base,
      DOCS_DIR: docs,
      INDEX_DIR: path.join(root, 'embeddings'),
      LLM_BASE_URL: undefined,
    });
    const { service } = await createApp(config, silentLogger);
    try {
      await service.open();
      // The baseline indexes the same passages the app does, chunked with the same settings.
      const { articles } = await new FileArticleSource(docs, {
        maxBytes: config.MAX_ARTICLE_BYTES,
      }).readAll();
      const passages = articles.flatMap((article) =>
        chunkArticle(article, {
          maxChars: config.CHUNK_MAX_CHARS,
          overlapSentences: config.CHUNK_OVERLAP_SENTENCES,
        }),
      );
      const baseline = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
      baseline.addAll(passages.map((p, id) => ({ id, text: p.text })));
      // Quotes are checked against the files themselves (as read: line breaks and Unicode form
      // normalised), not against the app's copy of their text; a quote from a distractor too.
      const files = new Map<string, string>();
      for (const name of await readdir(docs)) {
        files.set(name, normalizeText(await readFile(path.join(docs, name), 'utf8')));
      }
      const articleText = (id: string): string | undefined => files.get(id);
      const checks: ReaderCheck[] = [];
      const times: number[] = [];
      for (const { q, half } of all) {
        const started = performance.now();
        const { answer } = await service.ask(q.question);
        times.push(performance.now() - started);
        const top = baseline.search(q.question)[0];
        const passage = top ? passages[top.id as number] : undefined;
        const baselineTop = passage
          ? { articleId: passage.articleId, start: passage.start, end: passage.end }
          : undefined;
        checks.push(checkReaderAnswer(q, half, answer, articleText, baselineTop));
      }
      return {
        articles: wanted.size,
        checks,
        latency: { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) },
      };
    } finally {
      await service.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const pct = (n: number, of: number): string => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)} %`);

/** One table row: answerable right, first citation and its passage, MiniSearch, false abstentions, unanswerable abstained. */
function row(label: string, t: ReaderTally): string {
  return (
    `| ${label} | ${t.right}/${t.answerable} (${pct(t.right, t.answerable)}) | ` +
    `${pct(t.firstCitationRight, t.answerable)} | ${pct(t.firstPassageRight, t.answerable)} | ` +
    `${pct(t.baselineRight, t.answerable)} | ` +
    `${pct(t.falseAbstentions, t.answerable)} | ${t.abstained}/${t.unanswerable} (${pct(t.abstained, t.unanswerable)}) |`
  );
}

/** The reader-question report: each half by language, by reworded/literal and by kind. */
export function formatReaderEval(
  result: ReaderEvalResult,
  options: { misses?: 'tune' | 'none' } = {},
): string {
  const lines: string[] = [
    `reader questions (${result.checks.length} over ${result.articles} articles; latency p50 ${result.latency.p50Ms.toFixed(1)} ms, p95 ${result.latency.p95Ms.toFixed(1)} ms)`,
  ];
  for (const half of ['tune', 'report'] as const) {
    const checks = result.checks.filter((c) => c.half === half);
    lines.push(
      '',
      `${half} half:`,
      '| group | answered right | first citation right | its passage right | MiniSearch first passage | abstained (answerable) | unanswerable abstained |',
      '|---|---|---|---|---|---|---|',
      row('all', tally(checks)),
      row('German', tally(checks.filter((c) => c.lang === 'de'))),
      row('English', tally(checks.filter((c) => c.lang === 'en'))),
      row('reworded', tally(checks.filter((c) => c.reworded))),
      row('literal', tally(checks.filter((c) => !c.reworded))),
      row('near-topic', tally(checks.filter((c) => !c.answerable && c.nearTopic))),
    );
    for (const kind of [...new Set(checks.map((c) => c.kind))].sort()) {
      lines.push(row(`kind ${kind}`, tally(checks.filter((c) => c.kind === kind))));
    }
    const inexact = checks.filter((c) => !c.exact).length;
    lines.push(`quotes exact: ${checks.length - inexact}/${checks.length}`);
    // More quotes per answer make "right" (any quote) easier: the average is reported beside it.
    const answered = checks.filter((c) => !c.abstained);
    const quotes = answered.reduce((sum, c) => sum + c.quotes, 0);
    lines.push(`quotes per answer: ${answered.length === 0 ? '–' : (quotes / answered.length).toFixed(2)}`);
  }
  if (options.misses === 'tune') {
    lines.push('', 'tune-half misses:');
    for (const c of result.checks.filter((c) => c.half === 'tune')) {
      const ok = c.answerable ? c.right : c.abstained;
      if (!ok)
        lines.push(
          `  ${c.id} [${c.lang} ${c.kind}${c.reworded ? ' reworded' : ''}${c.answerable ? '' : ' unanswerable'}] ${c.question} → ${c.abstained ? 'abstained' : (c.firstQuote ?? '').slice(0, 120)}`,
        );
    }
  }
  return lines.join('\n');
}
