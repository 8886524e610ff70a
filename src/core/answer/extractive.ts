import type {
  Answer,
  AnswerLanguage,
  Article,
  Citation,
  Embedder,
  QueryExpander,
  ScoredPassage,
} from '../types';
import type { AnswerOptions, Answerer } from './answerer';
import { inlineQuote, lookupFor, makeCitation, type ArticleFetch, type ArticleLookup } from './citations';
import { resolveAnswerLanguage, type AnswerLanguageSetting } from './language';
import { abstentionText, inQuotationMarks, phrasesFor } from './phrases';
import {
  articleMayCoverPeriods,
  articleMayCoverYears,
  countsTerms,
  degreeQuestion,
  lastAsked,
  measureRequired,
  questionPeriods,
  questionYears,
  showsAskedType,
  statesCalendarDate,
  type AnswerType,
} from './answerType';
import {
  readableArticle,
  scoreSentences,
  statesMeasureOnTopic,
  type ScoredSentence,
  type ScoringOptions,
} from './scoring';
import { contentTerms, termMatch } from '../text/termMatch';
import { asSearched } from '../text/fillers';
import type { SynonymLookup } from '../text/synonyms';
import { jaccard } from './terms';
import { verifyCitations } from './verify';
import { namesUnknownToCollection, unmentionedNames } from './unmentioned';
import { DEFAULT_RERANKING, type Reranker, type RerankingOptions } from '../rerank/reranker';

/** Settings of {@link ExtractiveAnswerer}; all but `embedder` and `articles` have defaults. */
export interface ExtractiveAnswererOptions {
  embedder: Embedder;
  /** Reads the articles of the retrieved passages (once per question). */
  articles: ArticleFetch;
  /** Query expansion shared with retrieval (English → German words for an English question). */
  expandQuery?: QueryExpander;
  /**
   * Whether a question for a count or a point in time (see `expectedAnswerType`) is refused when
   * its best sentence shows none, or, for a count, does not mention what is counted; numbers the
   * question itself names do not count. Default true.
   */
  refuseUnstatedKind?: boolean;
  /**
   * Without a re-ranker, the best sentence must stand in one of the first this many distinct
   * articles of the retrieved passages that can be read, or the answerer abstains (default 2; 0
   * turns this off). Retrieval ranks whole passages, which tells the question's topic better than
   * one sentence sharing a few of its words does.
   */
  topicArticles?: number;
  /** Relevance score (see `relevanceScore`) below which the answerer abstains. Default {@link DEFAULT_MIN_RELEVANCE}. */
  minRelevance?: number;
  /**
   * How much lower the threshold is for a question matched through its translation (see
   * `RelevanceReport.translated`). Default {@link TRANSLATED_RELEVANCE_DISCOUNT}.
   */
  translatedDiscount?: number;
  /** Answer language: `auto` (from the question, default), `de` or `en`. */
  language?: AnswerLanguageSetting;
  /** At most this many quoted sentences (1–3, default 3). */
  maxQuotes?: number;
  /**
   * Further sentences must score at least this share of the best one's score (default 0.35) and
   * cover a question term the chosen ones do not: a two-part question gets one quote per part.
   */
  minScoreRatio?: number;
  /** The share required of further sentences from another passage than the chosen ones. Default 0.7. */
  nearbyScoreRatio?: number;
  /**
   * Places left after the sentences that add a part of the question go to sentences scoring at
   * least this share of the best one's (default 0.9), under the same checks (no near-duplicate,
   * within `maxChars`, `nearbyScoreRatio` for another passage): the scores cannot tell them apart,
   * so both are shown. Above 1 turns this off.
   */
  tieScoreRatio?: number;
  /** Sentences sharing at least this share of terms with a chosen one are near-duplicates. Default 0.5. */
  duplicateJaccard?: number;
  /** Keeps the quoted text short: further sentences must fit within this many characters. Default 600. */
  maxChars?: number;
  /** How many nearest articles an abstention names. Default 3. */
  maxNearest?: number;
  scoring?: Partial<ScoringOptions>;
  /**
   * A cross-encoder that re-scores the best sentences; with it, its score (not `minRelevance`)
   * decides abstention. Optional: the answerer is complete without one.
   */
  reranker?: Reranker;
  reranking?: Partial<RerankingOptions>;
  /** German synonyms for telling sentences apart (see `ScoringDeps.synonyms`). Optional. */
  synonyms?: SynonymLookup;
}

/**
 * Counted words (as `countedTerms` gives them) that many more specific words answer: people
 * ("Wie viele Menschen kamen ums Leben?" over "30.000 Einwohner"), the dead and injured ("Wie viele
 * Opfer …" over "hundert Tote"), and time and its units ("Wie viel Zeit blieb?" over "noch 17
 * Sekunden"). A count of them is not refused for want of the word.
 */
const GENERIC_COUNTED: ReadonlySet<string> = new Set([
  ...['mensch', 'person', 'leut', 'peopl'],
  ...['opf', 'todesopf', 'tot', 'verletz', 'victim', 'death', 'casualti', 'dead', 'injured'],
  ...['zeit', 'tim', 'mal', 'sekund', 'second', 'minut', 'stund', 'hour', 'tag', 'days', 'nacht', 'night'],
  ...['woch', 'week', 'monat', 'month', 'jahr', 'year', 'jahrzehnt', 'decad'],
]);

/**
 * Default relevance threshold, for the built-in embedder with {@link DEFAULT_SCORING}'s weighting,
 * calibrated for balanced accuracy on answerable against unanswerable questions (tools/eval/REPORT.md).
 * Another embedder needs its own calibration (`npm run eval` prints it).
 */
export const DEFAULT_MIN_RELEVANCE = 0.37;

/**
 * The threshold for a dense floor measured on the index (`unrelatedSimilarity`) instead of
 * {@link DEFAULT_SCORING}'s: calibrated the same way, with the built-in embedder under the measured
 * floor (tools/eval/REPORT.md). Unrelated text then counts as no dense evidence at all, so the
 * threshold is lower.
 */
export const MEASURED_FLOOR_MIN_RELEVANCE = 0.33;

/**
 * How much lower the relevance threshold is for a translated question (an English question
 * about German articles): the words the dictionary cannot translate count as uncovered, so the
 * same evidence scores lower. Calibrated with {@link DEFAULT_MIN_RELEVANCE} for the built-in
 * embedder (tools/eval/REPORT.md); the pipeline does not apply it with a measured dense floor,
 * where it is not calibrated.
 */
export const TRANSLATED_RELEVANCE_DISCOUNT = 0.03;

/**
 * Stems (as `contentTerms` gives them) of the words that only say which unit a question asks for,
 * and of English auxiliaries the German analysis keeps: "Wie alt ist er?", "How much does it
 * cost?" name nothing else.
 */
const UNIT_ONLY_TERMS: ReadonlySet<string> = new Set([
  'alt',
  'old',
  'ag',
  'age',
  'kost',
  'cost',
  'teu',
  'preis',
  'price',
  'schwer',
  'heavy',
  'weigh',
  'wieg',
  'lang',
  'long',
  'dau',
  'hoch',
  'high',
  'tall',
  'weit',
  'far',
  'gross',
  'big',
  'larg',
  'oft',
  'often',
  'prozent',
  'percent',
  'viel',
  'much',
  'many',
  'does',
  'did',
  'do',
]);

/** The kinds of fact whose absence from the best sentence refuses a question (`refuseUnstatedKind`). */
const ASKED_KINDS: ReadonlySet<AnswerType> = new Set(['number', 'time']);

/**
 * Answers by quoting: picks the 1–3 sentences of the retrieved passages (and of
 * `AnswerOptions.context`, passages near the best one in its article) that best answer the
 * question and cites each verbatim. Needs no LLM and no network.
 *
 * @example
 * const answerer = new ExtractiveAnswerer({ embedder, articles: fetchFrom((id) => articles.get(id)) });
 * const answer = await answerer.answer('Wo spielte das Orchester?', retrieved);
 */
export class ExtractiveAnswerer implements Answerer {
  private readonly opts: Required<
    Omit<ExtractiveAnswererOptions, 'scoring' | 'expandQuery' | 'reranker' | 'reranking' | 'synonyms'>
  > & {
    scoring: Partial<ScoringOptions>;
    expandQuery?: QueryExpander;
    reranker?: Reranker;
    reranking?: Partial<RerankingOptions>;
    synonyms?: SynonymLookup;
  };

  constructor(options: ExtractiveAnswererOptions) {
    this.opts = {
      minRelevance: DEFAULT_MIN_RELEVANCE,
      translatedDiscount: TRANSLATED_RELEVANCE_DISCOUNT,
      refuseUnstatedKind: true,
      topicArticles: 2,
      language: 'auto',
      maxQuotes: 3,
      minScoreRatio: 0.35,
      nearbyScoreRatio: 0.7,
      tieScoreRatio: 0.9,
      duplicateJaccard: 0.5,
      maxChars: 600,
      maxNearest: 3,
      scoring: {},
      ...options,
    };
    this.opts.maxQuotes = Math.min(3, Math.max(1, Math.floor(this.opts.maxQuotes)));
  }

  async answer(question: string, retrieved: ScoredPassage[], options: AnswerOptions = {}): Promise<Answer> {
    const language = options.language ?? resolveAnswerLanguage(question, this.opts.language);
    const { embedder } = this.opts;
    const lookup = await lookupFor(this.opts.articles, retrieved);
    const { expansion } = options;
    const expandQuery = expansion !== undefined ? async () => expansion : this.opts.expandQuery;
    const expander = this.opts.expandQuery;
    const translateWords = expander ? async (words: string) => (await expander(words)).text : undefined;
    const { reranker, reranking, synonyms } = this.opts;
    const deps = {
      embedder,
      lookup,
      ...(expandQuery ? { expandQuery } : {}),
      ...(translateWords ? { translateWords } : {}),
      ...(reranker ? { reranker, ...(reranking ? { reranking } : {}) } : {}),
      ...(synonyms ? { synonyms } : {}),
      ...(options.context ? { context: options.context } : {}),
    };
    const {
      sentences: candidates,
      relevance,
      expansion: expanded,
    } = await scoreSentences(question, retrieved, deps, this.opts.scoring);
    // Whether to answer is judged on the retrieved passages' sentences; the passages near the best
    // one (`options.context`) only offer more to quote once it is answered.
    const sentences = candidates.filter((sentence) => !sentence.fromContext);
    // A question for an amount of some unit ("Wie schwer …", "What does it cost?") that no
    // sentence on the topic states an amount of is not answered by the articles, however close
    // the topic: quoting a topical sentence would look like an answer.
    const unitRequired = relevance.measure !== undefined && measureRequired(relevance.measure);
    const unstated = unitRequired && !relevance.measureStated;
    // A question for a unit that names nothing else ("Wie alt ist er?" asked alone, "Was kostet
    // es?") does not say what it is about: any sentence stating an age or a price would do. Unless
    // everything retrieved is one article's (an article filter says what "it" is).
    const unitOnly =
      relevance.measure !== undefined &&
      new Set(retrieved.map((hit) => hit.passage.articleId)).size > 1 &&
      contentTerms(asSearched(question)).every((term) => UNIT_ONLY_TERMS.has(term));
    // Likewise a count or a date asked for that the best sentence does not give ("Wie viel Strom
    // soll die Anlage liefern?" over a sentence about the plant): the topic is there, the fact is
    // not. A question for a unit is left to the unit check above (an age stands as a year of
    // birth, "1981 geboren"), and units told in words as often as in amounts ("selten") to scoring.
    const kindRequired =
      this.opts.refuseUnstatedKind &&
      relevance.measure === undefined &&
      ASKED_KINDS.has(relevance.answerType) &&
      (relevance.answerType !== 'number' || !degreeQuestion(lastAsked(question)));
    const bestLacksKind =
      kindRequired &&
      sentences[0] !== undefined &&
      !showsAskedType(sentences[0].text, relevance.answerType, question);
    // A photo caption right beside the paragraph of the best sentence tells when what it shows
    // happened ("REUTERS Konzert in Palmyra am 6. Mai" under the paragraph about the concert): a
    // time question is answered from it, the caption first, when it names a date and shares a
    // word with the question.
    const caption =
      bestLacksKind && relevance.answerType === 'time'
        ? candidates.find(
            (candidate) =>
              candidate.caption &&
              statesCalendarDate(candidate.text) &&
              relevance.questionTerms.some((term) => termMatch(term, candidate.terms) > 0) &&
              besideBlock(candidate, sentences[0]!),
          )
        : undefined;
    const kindUnstated = bestLacksKind && caption === undefined;
    // A count question whose best sentence does not mention what is counted ("Wie viele Zuschauer
    // waren bei dem Konzert?" over a sentence about the concert's programme) is near the topic, not
    // answered: a number there counts something else. Unless the first sentence to quote (one of
    // the context) counts it.
    const counted = relevance.counted ?? [];
    const countedUnmentioned =
      kindRequired &&
      relevance.answerType === 'number' &&
      counted.length > 0 &&
      !counted.some((term) => GENERIC_COUNTED.has(term)) &&
      sentences[0] !== undefined &&
      !counted.some((term) => termMatch(term, sentences[0]!.terms) > 0) &&
      !(candidates[0] !== undefined && countsTerms(candidates[0].text, counted));
    // A translated question about a name that the collection writes in no spelling ("What is
    // the capital of Australia?" where no article has Australia or Australien) is not about
    // these articles, whatever sentence shares its other words.
    const unknownName = namesUnknownToCollection(question, expanded).length > 0;
    // Likewise a question about a year that no article on the topic names.
    const years = questionYears(question);
    const otherYear = sentences[0] !== undefined && !articleMayCoverYears(sentences[0].article, years);
    // And a numbered period ("im zweiten Quartal") it names others of but not that one.
    const otherPeriod =
      sentences[0] !== undefined && !articleMayCoverPeriods(sentences[0].article, questionPeriods(question));
    // A best sentence from none of the articles the best passages come from matches the question's
    // words, not its topic (a near-topic or off-topic question in a larger collection). A
    // re-ranker, which reads the question with each sentence, is left to judge that itself.
    const offTopic =
      relevance.rerank === undefined &&
      this.opts.topicArticles > 0 &&
      sentences[0] !== undefined &&
      !topicArticles(retrieved, lookup, this.opts.topicArticles).has(sentences[0].article.id);
    // A re-ranker judges each sentence against the question; without one, the relevance score
    // of the retrieved passages decides.
    const irrelevant =
      relevance.rerank !== undefined
        ? relevance.rerank < { ...DEFAULT_RERANKING, ...reranking }.minScore
        : relevance.score <
          this.opts.minRelevance - (relevance.translated ? this.opts.translatedDiscount : 0);
    if (
      sentences.length === 0 ||
      unknownName ||
      unstated ||
      unitOnly ||
      kindUnstated ||
      countedUnmentioned ||
      otherYear ||
      otherPeriod ||
      offTopic ||
      irrelevant
    ) {
      return abstain(question, language, retrieved, lookup, this.opts.maxNearest);
    }
    // A sentence of the context is quoted only where it states what the retrieved passages had to
    // state for an answer: the unit or the kind of fact asked for.
    const quotable = candidates.filter(
      (sentence) =>
        !sentence.fromContext ||
        ((!unitRequired || sentence.showsAnswer) &&
          (!kindRequired || showsAskedType(sentence.text, relevance.answerType, question))),
    );
    // A question for an amount of a unit is answered first by a sentence that states one on the
    // topic (`statesMeasureOnTopic`, as `measureStated` reads it), where a topical sentence without
    // it scores higher; a sentence of the context may lead too, as it may be quoted only where it
    // states the unit. The best sentence keeps its place after it, and the cut-offs of `pick` stay
    // relative to it.
    const best = quotable[0];
    const lead =
      unitRequired && best && !best.showsAnswer
        ? quotable.findIndex((sentence) => statesMeasureOnTopic(sentence, relevance.topicArticles))
        : -1;
    const leading = caption !== undefined ? quotable.indexOf(caption) : lead;
    const ordered =
      leading > 0 ? [quotable[leading]!, ...quotable.filter((_, i) => i !== leading)] : quotable;
    const chosen = this.pick(ordered, relevance.questionTerms, best?.score ?? 0);
    const citations: Citation[] = chosen.map((sentence, i) =>
      makeCitation(i + 1, {
        article: sentence.article,
        quoteStart: sentence.start,
        quoteEnd: sentence.end,
        passageStart: sentence.passage.start,
        passageEnd: sentence.passage.end,
        passageId: sentence.passage.id,
        section: sentence.passage.section,
        score: sentence.score,
      }),
    );
    const p = phrasesFor(language);
    const quotes = citations.map((c) => `${inQuotationMarks(inlineQuote(c.quote), language)} [${c.n}]`);
    const draft: Answer = {
      question,
      text: `${p.answerLead} ${quotes.join(' ')}`,
      abstained: false,
      language,
      citations,
      nearestArticles: [],
      mode: 'extractive',
    };
    const { answer } = verifyCitations(draft, lookup);
    // A name asked about that the first quote's article never mentions is said plainly: the
    // quote is about something else ("in Aleppo" answered from an article about Deir al-Sor).
    const first = answer.citations[0];
    const quoted = first && !answer.abstained ? lookup(first.articleId) : undefined;
    if (!first || !quoted) return answer;
    const unmentioned = unmentionedNames(question, {
      quote: { article: quoted, passageText: first.passage },
      read: readArticles(retrieved, lookup),
      ...(expanded ? { expansion: expanded } : {}),
      ...(synonyms ? { synonyms } : {}),
    });
    if (unmentioned.length === 0) return answer;
    // First, so that no one reads the quote as the answer before the caveat.
    return { ...answer, text: `${p.unmentioned(unmentioned)} ${answer.text}`, unmentioned };
  }

  /**
   * The first sentence (the best, or one stating what is asked), plus up to two more that score
   * close enough to the best score `top`, are no near-duplicates of a chosen one, and add a
   * question term the chosen ones do not yet cover (else they are redundant). Places left go to
   * sentences scoring nearly as well as `top` (a tie: either may be the answer). Sentences far from
   * the chosen ones (another passage) must score closer still: a stray sentence sharing one generic
   * word with the question should not pad the answer. The chosen sentences come in the order
   * given; the rest after the first must be in descending score.
   */
  private pick(
    sentences: readonly ScoredSentence[],
    questionTerms: readonly string[],
    top: number,
  ): ScoredSentence[] {
    const [best, ...rest] = sentences;
    if (!best) return [];
    const chosen = [best];
    const covered = new Set(questionTerms.filter((term) => termMatch(term, best.terms) > 0));
    let chars = best.text.length;
    // Shared by both passes: the quote fits, repeats no chosen one, and a sentence of another
    // passage scores closer to the best.
    const admissible = (sentence: ScoredSentence): boolean => {
      if (chars + sentence.text.length > this.opts.maxChars) return false;
      const duplicate = chosen.some(
        (other) =>
          (other.article.id === sentence.article.id &&
            other.start < sentence.end &&
            sentence.start < other.end) ||
          jaccard(other.terms, sentence.terms) >= this.opts.duplicateJaccard,
      );
      if (duplicate) return false;
      const nearby = chosen.some((other) => other.passage.id === sentence.passage.id);
      return nearby || sentence.score >= top * this.opts.nearbyScoreRatio;
    };
    const take = (sentence: ScoredSentence): void => {
      chosen.push(sentence);
      chars += sentence.text.length;
    };
    for (const sentence of rest) {
      if (chosen.length >= this.opts.maxQuotes) break;
      if (sentence.score < top * this.opts.minScoreRatio) break;
      if (!admissible(sentence)) continue;
      const adds = questionTerms.filter((term) => !covered.has(term) && termMatch(term, sentence.terms) > 0);
      // A sentence stating what is asked (a number, a date, a reason) when no chosen one does adds the answer.
      const addsAnswer = sentence.showsAnswer && !chosen.some((other) => other.showsAnswer);
      if (questionTerms.length > 0 && adds.length === 0 && !addsAnswer) continue;
      for (const term of adds) covered.add(term);
      take(sentence);
    }
    // Ties fill the places left: they never crowd out a sentence that adds a part of the question.
    for (const sentence of rest) {
      if (chosen.length >= this.opts.maxQuotes) break;
      if (this.opts.tieScoreRatio > 1 || sentence.score < top * this.opts.tieScoreRatio) break;
      if (!chosen.includes(sentence) && admissible(sentence)) take(sentence);
    }
    // In the order given.
    return chosen.sort((a, b) => sentences.indexOf(a) - sentences.indexOf(b));
  }
}

/** Whether two sentences of one article stand in blocks next to each other (a caption and its paragraph). */
function besideBlock(a: ScoredSentence, b: ScoredSentence): boolean {
  if (a.article.id !== b.article.id) return false;
  const blockOf = (offset: number) =>
    a.article.blocks.findIndex((block) => block.start <= offset && offset < block.end);
  const [i, j] = [blockOf(a.start), blockOf(b.start)];
  return i >= 0 && j >= 0 && Math.abs(i - j) === 1;
}

/** The distinct articles of the retrieved passages that can be read (see `readableArticle`). */
function readArticles(retrieved: readonly ScoredPassage[], lookup: ArticleLookup): Article[] {
  const articles = new Set<Article>();
  for (const hit of retrieved) {
    const article = readableArticle(hit.passage, lookup);
    if (article) articles.add(article);
  }
  return [...articles];
}

/** The ids of the first `count` distinct articles of the retrieved passages that can be read (see `readableArticle`). */
function topicArticles(
  retrieved: readonly ScoredPassage[],
  lookup: ArticleLookup,
  count: number,
): Set<string> {
  const ids = new Set<string>();
  for (const hit of retrieved) {
    if (ids.size >= count) break;
    if (readableArticle(hit.passage, lookup)) ids.add(hit.passage.articleId);
  }
  return ids;
}

/** An abstention naming the distinct articles of the retrieved passages, best first. */
export function abstain(
  question: string,
  language: AnswerLanguage,
  retrieved: readonly ScoredPassage[],
  lookup: ArticleLookup,
  maxNearest = 3,
): Answer {
  const nearest = new Map<string, string>();
  for (const hit of retrieved) {
    if (nearest.size >= maxNearest) break;
    const article = lookup(hit.passage.articleId);
    if (article && !nearest.has(article.id)) nearest.set(article.id, article.title);
  }
  const nearestArticles = [...nearest].map(([articleId, title]) => ({ articleId, title }));
  return {
    question,
    text: abstentionText(
      language,
      nearestArticles.map((entry) => entry.title),
    ),
    abstained: true,
    language,
    citations: [],
    nearestArticles,
    mode: 'extractive',
  };
}
