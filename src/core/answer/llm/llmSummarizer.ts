import type { Article, Embedder, Passage } from '../../types';
import { detectLanguage } from '../language';
import { buildSummary, summarize, type Summary } from '../summarize';
import { chatComplete, LlmError, type LlmConfig, type WarnLogger } from './chatCompletions';
import { buildSummaryMessages, type PromptSource } from './prompt';
import { attachCitations, type CitableSource } from './validate';

/** Settings of {@link LlmSummarizer}. */
export interface LlmSummarizerOptions {
  llm: LlmConfig;
  embedder: Embedder;
  /** The model sees the article's paragraphs up to about this many characters. Default 12000. */
  maxChars?: number;
  logger?: WarnLogger;
}

/**
 * Summarises an article with an LLM that sees its numbered paragraphs and must cite them; every
 * citation is mapped to a verbatim sentence of the cited paragraph and verified. Falls back to
 * the extractive {@link summarize} on any failure or when no valid citation remains.
 */
export class LlmSummarizer {
  constructor(private readonly options: LlmSummarizerOptions) {}

  async summarize(
    article: Article,
    request: { sentences?: number; passages?: readonly Passage[] } = {},
  ): Promise<Summary> {
    const fallback = (): Promise<Summary> =>
      summarize(article, { ...request, embedder: this.options.embedder });
    const sentences = Math.min(6, Math.max(3, Math.floor(request.sentences ?? 4)));
    const language = detectLanguage(article.text.slice(0, 2000));
    const sources = this.paragraphs(article);
    if (sources.length === 0) return fallback();
    const prompt: PromptSource[] = sources.map((s) => ({
      n: s.n,
      title: article.title,
      text: article.text.slice(s.start, s.end),
    }));

    let output: string;
    try {
      output = await chatComplete(
        this.options.llm,
        buildSummaryMessages(article.title, prompt, language, sentences),
      );
    } catch (error) {
      const details =
        error instanceof LlmError ? { kind: error.kind, status: error.status, error: error.message } : {};
      this.options.logger?.warn(details, 'LLM summary failed; using the extractive summary');
      return fallback();
    }
    const attached = await attachCitations(output, sources, this.options.embedder);
    const summary = buildSummary(article, language, attached.text, attached.citations, 'llm');
    if (summary.citations.length === 0) {
      this.options.logger?.warn({}, 'LLM summary has no valid citation; using the extractive summary');
      return fallback();
    }
    return summary;
  }

  /** The article's paragraphs (no headings or captions), numbered, up to the character budget. */
  private paragraphs(article: Article): CitableSource[] {
    const max = this.options.maxChars ?? 12000;
    const sources: CitableSource[] = [];
    let chars = 0;
    for (const block of article.blocks) {
      if (block.kind !== 'paragraph') continue;
      const length = block.end - block.start;
      if (sources.length > 0 && chars + length > max) break;
      chars += length;
      sources.push({
        n: sources.length + 1,
        article,
        start: block.start,
        end: block.end,
        passageId: `${article.id}#p${block.paragraph}`,
      });
    }
    return sources;
  }
}
