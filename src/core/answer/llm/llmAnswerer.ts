import type { Answer, Embedder, ScoredPassage } from '../../types';
import type { AnswerOptions, Answerer } from '../answerer';
import { lookupFor, type ArticleFetch, type ArticleLookup } from '../citations';
import { ExtractiveAnswerer, type ExtractiveAnswererOptions } from '../extractive';
import { resolveAnswerLanguage, type AnswerLanguageSetting } from '../language';
import { verifyCitations } from '../verify';
import { chatComplete, LlmError, type LlmConfig, type WarnLogger } from './chatCompletions';
import { buildAnswerMessages, type PromptSource } from './prompt';
import { attachCitations, type CitableSource } from './validate';

/** Settings of {@link LlmAnswerer}. */
export interface LlmAnswererOptions {
  llm: LlmConfig;
  embedder: Embedder;
  /** Reads the articles of the retrieved passages (once per question). */
  articles: ArticleFetch;
  /** Answers when the LLM cannot; default an {@link ExtractiveAnswerer} with the same embedder, articles and `extractive` settings. */
  fallback?: Answerer;
  /** Settings of the default fallback (relevance threshold, language, …). */
  extractive?: Omit<ExtractiveAnswererOptions, 'embedder' | 'articles'>;
  /** Answer language: `auto` (default), `de` or `en`. */
  language?: AnswerLanguageSetting;
  /** How many of the best passages the model sees. Default 6. */
  maxPassages?: number;
  logger?: WarnLogger;
}

/**
 * Answers with an OpenAI-compatible LLM that may only use the numbered passages and must cite
 * them with `[n]`. The output is validated (unknown markers removed, every citation mapped to a
 * verbatim quote of its passage, then verified); on any failure — timeout, HTTP error, malformed
 * response, no valid citation — the extractive answer is returned instead. When the extractive
 * answerer abstains for lack of relevant passages, the LLM is not asked at all.
 */
export class LlmAnswerer implements Answerer {
  private readonly fallback: Answerer;

  constructor(private readonly options: LlmAnswererOptions) {
    this.fallback =
      options.fallback ??
      new ExtractiveAnswerer({
        language: options.language,
        ...options.extractive,
        embedder: options.embedder,
        articles: options.articles,
      });
  }

  async answer(question: string, retrieved: ScoredPassage[], options: AnswerOptions = {}): Promise<Answer> {
    const language = options.language ?? resolveAnswerLanguage(question, this.options.language);
    const extractive = await this.fallback.answer(question, retrieved, { ...options, language });
    if (extractive.abstained) return extractive;

    const lookup = await lookupFor(this.options.articles, retrieved);
    const sources = this.sources(retrieved, lookup);
    if (sources.length === 0) return extractive;
    const prompt: PromptSource[] = sources.map((s) => {
      const entry: PromptSource = {
        n: s.n,
        title: s.article.title,
        text: s.article.text.slice(s.start, s.end),
      };
      if (s.article.date !== undefined) entry.date = s.article.date;
      return entry;
    });

    let output: string;
    try {
      output = await chatComplete(this.options.llm, buildAnswerMessages(question, prompt, language));
    } catch (error) {
      this.warn(error, 'LLM answer failed; using the extractive answer');
      return extractive;
    }

    const attached = await attachCitations(output, sources, this.options.embedder);
    const draft: Answer = {
      question,
      text: attached.text,
      abstained: false,
      language,
      citations: attached.citations,
      nearestArticles: [],
      mode: 'llm',
    };
    const { answer, problems } = verifyCitations(draft, lookup);
    if (attached.unknownMarkers.length > 0 || problems.length > 0) {
      this.options.logger?.warn({ unknownMarkers: attached.unknownMarkers, problems }, 'LLM answer repaired');
    }
    if (answer.abstained || answer.citations.length === 0) {
      this.options.logger?.warn({}, 'LLM answer has no valid citation; using the extractive answer');
      return extractive;
    }
    return answer;
  }

  private sources(retrieved: readonly ScoredPassage[], lookup: ArticleLookup): CitableSource[] {
    const sources: CitableSource[] = [];
    const max = this.options.maxPassages ?? 6;
    for (const { passage } of retrieved) {
      if (sources.length >= max) break;
      const article = lookup(passage.articleId);
      if (!article || article.text.slice(passage.start, passage.end) !== passage.text) continue;
      const source: CitableSource = {
        n: sources.length + 1,
        article,
        start: passage.start,
        end: passage.end,
        passageId: passage.id,
      };
      if (passage.section !== undefined) source.section = passage.section;
      sources.push(source);
    }
    return sources;
  }

  private warn(error: unknown, message: string): void {
    const details =
      error instanceof LlmError
        ? { kind: error.kind, status: error.status, code: error.code, error: error.message }
        : { error: String(error) };
    this.options.logger?.warn(details, message);
  }
}
