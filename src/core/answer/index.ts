/** Everything after retrieval: answers with verified citations, abstention, summaries, answer language. */
export type { AnswerOptions, Answerer } from './answerer';
export { blockAt, makeCitation, paragraphAt, type ArticleLookup } from './citations';
export {
  abstain,
  DEFAULT_MIN_RELEVANCE,
  ExtractiveAnswerer,
  type ExtractiveAnswererOptions,
} from './extractive';
export {
  detectLanguage,
  parseAnswerLanguageSetting,
  resolveAnswerLanguage,
  type AnswerLanguageSetting,
} from './language';
export { abstentionText, phrasesFor } from './phrases';
export {
  DEFAULT_SCORING,
  relevanceScore,
  scoreSentences,
  type RelevanceReport,
  type ScoredSentence,
  type ScoringDeps,
  type ScoringOptions,
  type SentenceScores,
} from './scoring';
export { summarize, type SummarizeOptions, type Summary } from './summarize';
export { verifyCitationList, verifyCitations, type VerifiedAnswer, type VerifiedCitations } from './verify';
export { chatComplete, LlmError, redactSecret, type LlmConfig, type WarnLogger } from './llm/client';
export { LlmAnswerer, type LlmAnswererOptions } from './llm/llmAnswerer';
export { LlmSummarizer, type LlmSummarizerOptions } from './llm/llmSummarizer';
