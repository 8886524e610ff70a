import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/logger';
import type { Answer } from '../../src/core/types';
import { percentile } from './retrievalMetrics';

/** One line of `eval/dev_qa.jsonl`. */
export interface DevQuestion {
  id: string;
  lang: string;
  question: string;
  /** Article id without extension. */
  article?: string;
  gold_passage_contains?: string;
  answer_any?: string[];
  answerable?: boolean;
}

/** How one question went. */
export interface AnswerCheck {
  id: string;
  question: string;
  answerable: boolean;
  abstained: boolean;
  /** Answerable: the answer (text or quotes) contains one of the expected strings. */
  answerCorrect?: boolean;
  /** Answerable: a citation's passage contains the gold passage text. */
  citationCorrect?: boolean;
  /** Every citation's quote and passage are verbatim slices of the article file's text. */
  verbatim: boolean;
  ms: number;
}

export interface AnswerEvalResult {
  questions: number;
  answerable: number;
  answerCorrect: number;
  citationCorrect: number;
  unanswerable: number;
  abstainedCorrectly: number;
  verbatim: number;
  latency: { p50Ms: number; p95Ms: number };
  checks: AnswerCheck[];
}

function stem(articleId: string): string {
  return articleId.replace(/\.[^./]+$/, '');
}

/** Checks one answer against a dev question (pure, for tests). */
export function checkAnswer(
  question: DevQuestion,
  answer: Answer,
  articleText: (id: string) => string | undefined,
  ms: number,
): AnswerCheck {
  const answerable = question.answerable !== false;
  const verbatim = answer.citations.every((c) => {
    const text = articleText(c.articleId);
    return text !== undefined && text.slice(c.quoteStart, c.quoteEnd) === c.quote && text.includes(c.passage);
  });
  const check: AnswerCheck = {
    id: question.id,
    question: question.question,
    answerable,
    abstained: answer.abstained,
    verbatim,
    ms,
  };
  if (!answerable) return check;
  const haystack = `${answer.text}\n${answer.citations.map((c) => c.quote).join('\n')}`.toLowerCase();
  check.answerCorrect =
    !answer.abstained && (question.answer_any ?? []).some((s) => haystack.includes(s.toLowerCase()));
  check.citationCorrect = answer.citations.some(
    (c) =>
      (question.article === undefined || stem(c.articleId) === question.article) &&
      question.gold_passage_contains !== undefined &&
      c.passage.includes(question.gold_passage_contains),
  );
  return check;
}

/**
 * Answers the development questions over the sample articles (indexed into a temp folder
 * with the same settings as the app) and checks answers, citations and abstentions.
 */
export async function runAnswerEval(options: {
  articlesDir: string;
  questionsFile: string;
  env?: NodeJS.ProcessEnv;
}): Promise<AnswerEvalResult> {
  const questions = (await readFile(options.questionsFile, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as DevQuestion);
  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-eval-'));
  let close: (() => Promise<void>) | undefined;
  try {
    const docs = path.join(root, 'docs');
    await cp(options.articlesDir, docs, { recursive: true });
    const base = loadConfig(options.env ?? process.env);
    const config = {
      ...base,
      DOCS_DIR: docs,
      INDEX_DIR: path.join(root, 'embeddings'),
      LLM_BASE_URL: undefined,
    };
    const { service } = await createApp(config, silentLogger);
    close = () => service.close();
    await service.open();
    const texts = new Map<string, string>();
    for (const { id } of await service.articles()) texts.set(id, (await service.article(id)).text);
    const articleText = (id: string): string | undefined => texts.get(id);
    const checks: AnswerCheck[] = [];
    for (const question of questions) {
      const started = performance.now();
      const { answer } = await service.ask(question.question);
      checks.push(checkAnswer(question, answer, articleText, performance.now() - started));
    }
    const answerable = checks.filter((c) => c.answerable);
    const unanswerable = checks.filter((c) => !c.answerable);
    const times = checks.map((c) => c.ms);
    return {
      questions: checks.length,
      answerable: answerable.length,
      answerCorrect: answerable.filter((c) => c.answerCorrect).length,
      citationCorrect: answerable.filter((c) => c.citationCorrect).length,
      unanswerable: unanswerable.length,
      abstainedCorrectly: unanswerable.filter((c) => c.abstained).length,
      verbatim: checks.filter((c) => c.verbatim).length,
      latency: { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) },
      checks,
    };
  } finally {
    // Closed first: the index writes its lexical cache in the background, and removing the folder
    // while it does fails with ENOTEMPTY.
    await close?.();
    await rm(root, { recursive: true, force: true });
  }
}

/** A short text report of the answer evaluation. */
export function formatAnswerEval(result: AnswerEvalResult): string {
  const lines = [
    `answers (dev_qa, ${result.questions} questions): answer right ${result.answerCorrect}/${result.answerable}, ` +
      `citation at gold passage ${result.citationCorrect}/${result.answerable}, ` +
      `unanswerable abstained ${result.abstainedCorrectly}/${result.unanswerable}, ` +
      `quotes verbatim ${result.verbatim}/${result.questions}; latency p50 ${result.latency.p50Ms.toFixed(1)} ms, p95 ${result.latency.p95Ms.toFixed(1)} ms`,
  ];
  for (const check of result.checks) {
    const ok = check.answerable ? check.answerCorrect && check.citationCorrect : check.abstained;
    if (!ok) {
      lines.push(
        `  miss ${check.id}: ${check.question} (abstained ${check.abstained}, answer ${check.answerCorrect ?? '-'}, citation ${check.citationCorrect ?? '-'})`,
      );
    }
  }
  return lines.join('\n');
}
