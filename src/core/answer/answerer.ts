import type { Answer, AnswerLanguage, Passage, QueryExpansion, ScoredPassage } from '../types';

/** Per-question options of {@link Answerer.answer}. */
export interface AnswerOptions {
  /** Answer in this language instead of the configured/detected one. */
  language?: AnswerLanguage;
  /**
   * The question's expansion as retrieval made it from the question as asked (e.g. German words
   * for an English question), so the answerer does not translate the question a second time.
   */
  expansion?: QueryExpansion;
  /**
   * Further passages of the best retrieved passage's article that retrieval did not return, the
   * ones nearest to that passage first. An answerer may quote them (the article states what a
   * reworded question asks in a sentence retrieval did not rank); whether it answers at all is
   * judged on the retrieved passages alone.
   */
  context?: readonly Passage[];
}

/**
 * Turns a question and the passages retrieval found for it (best first) into an answer whose
 * citations have been verified against the article texts, or an honest abstention.
 */
export interface Answerer {
  answer(question: string, retrieved: ScoredPassage[], options?: AnswerOptions): Promise<Answer>;
}
