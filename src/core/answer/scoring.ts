import { DEFAULT_RERANKING, type Reranker, type RerankingOptions } from '../rerank/reranker';
import type { Article, Embedder, Passage, QueryExpander, QueryExpansion, ScoredPassage } from '../types';
import type { ArticleLookup } from './citations';
import { sentenceSpans } from './spans';
import {
  asksForPlace,
  asksForPerson,
  namesPerson,
  hasLeaderWord,
  asksForLeader,
  asksForReason,
  givesReason,
  statesReason,
  countedTerms,
  countedWords,
  countsTerms,
  expectedAnswerType,
  expectedMeasure,
  lastAsked,
  mentionsMoneySubject,
  moneySubjects,
  showsAnswerType,
  asksForLength,
  yesOrNoVerb,
  datedByDayOnly,
  takesDayAsDate,
  showsMeasure,
  showsPlace,
  placeWords,
  type AnswerType,
  type Measure,
} from './answerType';
import { asSearched } from '../text/fillers';
import { contentTerms, termMatch, termSet } from '../text/termMatch';
import type { SynonymLookup } from '../text/synonyms';
import { fold } from '../text/analysis';
import { detectLanguage } from './language';
import { mentionsName, questionNames } from './names';
import { NAME_REACH } from './unmentioned';
import {
  conceptCoverage,
  contextualCoverage,
  cosine,
  localIdf,
  phraseAwareIdf,
  termCoverage,
  weightedConcepts,
} from './terms';

/** Knobs of sentence scoring and of the relevance score; defaults in {@link DEFAULT_SCORING}. */
export interface ScoringOptions {
  /** How many of the best passages are read for sentences. */
  maxPassages: number;
  /** Upper bound on sentences embedded per question (the best passages' sentences come first). */
  maxSentences: number;
  /**
   * Upper bound on further sentences read from `ScoringDeps.context` (passages near the best one
   * in its article that retrieval did not return), on top of `maxSentences`. They earn the second
   * passage's rank bonus and count for nothing in the relevance report. 0 reads none.
   */
  contextSentences: number;
  /** Weight of embedding similarity in a sentence's score; the rest is weighted term overlap. */
  denseWeight: number;
  /** Bonus for sentences of the best passage, shrinking with passage rank. */
  rankBonus: number;
  /** Added to a sentence's score when the question asks where and the sentence names a place (`showsPlace`). */
  placeBonus: number;
  /** Added to a sentence's score when the question asks who and the sentence names someone (`namesPerson`). */
  personBonus: number;
  /**
   * Added on top of `personBonus` when the question asks who leads (`asksForLeader`) and the
   * sentence names someone beside a word for leading (`namesLeader`); only where `personBonus`
   * applies (0 there turns this off too).
   */
  leaderBonus: number;
  /**
   * Added on top of `leaderBonus` when that sentence stands in the article of the best passage: the
   * question is most likely about that article's company or institution ("Wer leitet die
   * Drogeriekette?" and "… wie Vorstandschefin Karin Hollweg …"), while a leader named in another
   * article leads something else.
   */
  topArticleLeaderBonus: number;
  /**
   * Added to a sentence's score when the question asks why (`asksForReason`) and the sentence
   * gives a reason or a purpose (`givesReason`: "weil", "wegen", "aus … Gründen", ", um … zu").
   */
  reasonBonus: number;
  /** Factor applied to sentences from photo captions: short and name-dense, they rarely answer anything. */
  captionFactor: number;
  /** Weight of question-term coverage in the relevance score; the rest is dense evidence. */
  coverageWeight: number;
  /**
   * Cosine similarity that counts as "no evidence" (rescaled to 0). Models like e5 put unrelated
   * texts near 0.7; the built-in hashing embedder near 0. The lead calibrates this per embedder.
   */
  denseFloor: number;
  /**
   * Added to a sentence's score when the question asks for a count, a date or a span of time
   * (see answerType.ts) and the sentence shows one; half of it for a date given by its day alone
   * ("am Sonntag", `datedByDayOnly`) when the question does not take the day as its answer
   * (`takesDayAsDate`).
   */
  answerTypeBonus: number;
  /**
   * Added on top when a count question's counted word follows a number in the sentence ("Wie viele
   * Soldaten …" and "Rund 30 syrische Soldaten …"): the number counts what was asked about.
   */
  countBonus: number;
  /**
   * Added on top of `answerTypeBonus` when the question asks for a unit (an amount of money, an
   * age, a length; see `expectedMeasure`) and the sentence states an amount of it.
   */
  measureBonus: number;
  /** Share of a question term's weight earned by a sentence whose passage, not the sentence, has it. */
  contextCredit: number;
  /** Whether neighbouring question terms that always occur together (one name) share one weight. */
  groupPhrases: boolean;
  /** Whether question terms that none of the read passages has are left out of sentence overlap. */
  skipAbsentTerms: boolean;
  /**
   * Whether a translated question's sentence overlap counts each of its concepts once (see
   * `QueryExpansion.concepts`, `weightedConcepts`) instead of each translation as a term of its own.
   */
  byConcept: boolean;
  /**
   * Factor applied to sentences from an article that lacks a name the question names (see
   * `questionNames`) while another read article has it: "How full were Lufthansa's planes?" is
   * not answered from an article without Lufthansa because a sentence there says "voll". 1 turns
   * this off.
   */
  unnamedFactor: number;
}

/**
 * Sentence scoring and relevance defaults for the built-in embedder: `coverageWeight`/`denseFloor`
 * chosen with `DEFAULT_MIN_RELEVANCE` on the abstention calibration, the rest on the answer-selection
 * eval's tuning halves (tools/eval/REPORT.md).
 */
export const DEFAULT_SCORING: ScoringOptions = {
  maxPassages: 5,
  maxSentences: 48,
  contextSentences: 10,
  denseWeight: 0.35,
  rankBonus: 0.2,
  placeBonus: 0.1,
  personBonus: 0.2,
  leaderBonus: 0.2,
  topArticleLeaderBonus: 0.2,
  reasonBonus: 0.2,
  captionFactor: 0.5,
  coverageWeight: 0.4,
  denseFloor: 0,
  answerTypeBonus: 0.2,
  countBonus: 0.2,
  measureBonus: 0.2,
  contextCredit: 0.5,
  groupPhrases: true,
  skipAbsentTerms: true,
  byConcept: true,
  unnamedFactor: 0.7,
};

/** A candidate answer sentence with its evidence. */
export interface ScoredSentence {
  article: Article;
  passage: Passage;
  /** 0-based rank of the passage in the retrieved list (1 for a passage of `ScoringDeps.context`). */
  rank: number;
  start: number;
  end: number;
  text: string;
  terms: ReadonlySet<string>;
  /** The terms of the passage the sentence was read from. */
  contextTerms: ReadonlySet<string>;
  caption: boolean;
  /** Cosine similarity to the question. */
  dense: number;
  /** IDF-weighted share of the question's content terms found in the sentence. */
  overlap: number;
  /** Combined score used for picking (higher is better). */
  score: number;
  /** The question asks for a count, a time, a unit or a reason, and the sentence gives one. */
  showsAnswer: boolean;
  /** The re-ranker's score of the sentence, in [0, 1], when it was read by one. */
  rerank?: number;
  /** Read from `ScoringDeps.context`, not from a retrieved passage. */
  fromContext: boolean;
}

/**
 * How strongly the retrieved passages speak to the question. `score` is what abstention compares
 * with its threshold; the parts are returned so the threshold can be calibrated.
 */
export interface RelevanceReport {
  /** `coverageWeight * coverage + (1 - coverageWeight) * rescaled dense`, in [0, 1]. */
  score: number;
  /** Best share of the question's content terms matched by one passage with its article's title, in [0, 1]. */
  coverage: number;
  /** Best cosine similarity (from retrieval, else from the sentences). */
  dense: number;
  /**
   * Whether the question was matched through its expansion (an English question by its German
   * dictionary words): coverage then counts words the dictionary could not translate as missing.
   */
  translated: boolean;
  /** Best combined score of a sentence of the retrieved passages. */
  bestSentence: number;
  /** The question's content terms (with the expansion's, when there is one). */
  questionTerms: string[];
  /** The kind of fact the question asks for. */
  answerType: AnswerType;
  /**
   * A count question's counted words as terms (see `countedTerms`), with their translation for a
   * translated question: what a sentence answering it counts. Absent for other questions, and for
   * a translated one whose counted words have no translation.
   */
  counted?: string[];
  /** The unit the question asks about, if any. */
  measure?: Measure;
  /** Whether a retrieved sentence states an amount of that unit on the topic ({@link statesMeasureOnTopic}). */
  measureStated: boolean;
  /** The articles the question is taken to be about: the best passage's and the best sentence's. */
  topicArticles: string[];
  /** With a re-ranker: its score of the best sentence (0 when it did not read that one). */
  rerank?: number;
}

/** Everything scoring needs from outside. */
export interface ScoringDeps {
  embedder: Embedder;
  lookup: ArticleLookup;
  /**
   * Optional query expansion, the same one retrieval uses (e.g. English → German dictionary
   * words), so that an English question can match German sentences by their terms.
   */
  expandQuery?: QueryExpander;
  /** Translates a few words of the question (what a count question counts) into the articles' language. */
  translateWords?: (words: string) => Promise<string>;
  /** A cross-encoder that re-scores the best sentences (see {@link RerankingOptions}). */
  reranker?: Reranker;
  reranking?: Partial<RerankingOptions>;
  /**
   * German synonyms: a sentence holding a synonym of a German question's word counts as holding
   * the word when sentences are compared. The relevance score does not count them; what is read
   * off the best sentence (its article, the kind of fact it states) follows the choice they made.
   */
  synonyms?: SynonymLookup;
  /**
   * Further passages of the best passage's article, nearest to it first (see
   * `AnswerOptions.context`): their sentences may be chosen, but relevance is read from the
   * retrieved passages alone.
   */
  context?: readonly Passage[];
}

/** Candidate sentences (best first) and the relevance of the retrieved passages. */
export interface SentenceScores {
  /**
   * The sentences that may answer, best first: no fragment that only repeats the question's words
   * (a dateline). All sentences read from retrieved passages count as evidence in `relevance`;
   * those read from `ScoringDeps.context` are candidates only.
   */
  sentences: ScoredSentence[];
  relevance: RelevanceReport;
  /** The expansion the question was matched through, when it was expanded (see `RelevanceReport.translated`). */
  expansion?: QueryExpansion;
}

/**
 * Splits the best retrieved passages into sentences and scores each by embedding similarity to
 * the question combined with IDF-weighted term overlap, plus a small bonus for better passages.
 * The question counts without a reader's filler words and with "wie teuer" read as "was
 * kostet" (see `asSearched`), as retrieval searched it. Passages whose article is gone or whose
 * text no longer matches the article are skipped.
 */
export async function scoreSentences(
  asked: string,
  retrieved: readonly ScoredPassage[],
  deps: ScoringDeps,
  options: Partial<ScoringOptions> = {},
): Promise<SentenceScores> {
  const opts = { ...DEFAULT_SCORING, ...options };
  // Scored without a reader's filler words, as retrieval searched it; expanded as asked, as
  // retrieval did (a German question comes back as it was asked).
  const question = asSearched(asked);
  const questionTerms = contentTerms(question);
  const expanding = await deps.expandQuery?.(asked);
  const expansion = expanding?.text.trim() ?? '';
  const expanded = expansion && expansion !== asked.trim();
  const matchTerms = expanded ? [...new Set([...questionTerms, ...contentTerms(expansion)])] : questionTerms;
  const collected = collectCandidates(retrieved, deps.context ?? [], deps.lookup, opts);
  const { passageTerms, passageDense } = collected;
  // A German question asked in other words than the article's: its synonyms tell sentences apart.
  // Not a translated one, whose dictionary words are already a choice of synonyms, nor an English
  // one left untranslated ("art", "gift" are German stems too).
  const synonymous = deps.synonyms !== undefined && !expanded && detectLanguage(question) === 'de';
  const synonymsFor = (list: readonly Candidate[]): Candidate[] =>
    synonymous ? withSynonyms(list, questionTerms, deps.synonyms!) : [...list];
  const candidates = synonymsFor(collected.candidates);
  // The context (passages near the best one) is scored with what the retrieved sentences set
  // (term weights, names asked, the kind of fact) and changes none of it: only more to quote.
  const further = synonymsFor(collected.context);
  const unnamed = opts.unnamedFactor !== 1 ? articlesMissingNames(question, candidates) : new Set<Article>();

  let coverage = 0;
  for (const terms of passageTerms) {
    coverage = Math.max(coverage, termCoverage(questionTerms, terms));
    if (expanded) coverage = Math.max(coverage, expandedCoverage(questionTerms, matchTerms, terms));
  }

  let sentences: ScoredSentence[] = [];
  let fromContext: ScoredSentence[] = [];
  // The best embedding similarity of any sentence read, fragments included (see below).
  let readDense = Number.NEGATIVE_INFINITY;
  // The kind of fact wanted is the last question's (a chat's follow-up after the one before).
  const last = lastAsked(question);
  const measure = expectedMeasure(last);
  // "Wie hoch war der Umsatz?" wants an amount of the revenue, not the fine the article mentions.
  const sums = measure === 'money' ? moneySubjects(last) : [];
  const answerType = expectedAnswerType(last);
  // Read from the question once, for every sentence.
  const lengthAsked = answerType === 'duration' && asksForLength(last);
  const dayIsWeak = answerType === 'time' && !takesDayAsDate(last);
  const place = opts.placeBonus !== 0 && asksForPlace(last);
  const named = place ? placeWords(expanded ? `${question}\n${expansion}` : question) : undefined;
  // Not when a date or an amount is asked for too ("Wer war es, und wann?").
  const person =
    opts.personBonus !== 0 && answerType === 'other' && measure === undefined && asksForPerson(last);
  const leader = person && opts.leaderBonus !== 0 && asksForLeader(last);
  const reason = opts.reasonBonus !== 0 && asksForReason(last);
  let measureStated = false;
  let counted: string[] = [];
  let countedKnown = false;
  let topicArticles: string[] = [];
  let rerank: number | undefined;
  if (candidates.length > 0) {
    const [queryVector, vectors] = await Promise.all([
      // Like retrieval, the original words stay next to the expansion: names match in any language.
      deps.embedder.embedQuery(expanded ? `${question}\n${expansion}` : question),
      deps.embedder.embedPassages([...candidates, ...further].map((candidate) => candidate.text)),
    ]);
    const pool = candidates.map((candidate) => candidate.terms);
    // A term no passage has cannot tell sentences apart; counting it would only shrink every
    // overlap and hand the choice to the embedding (untranslated English words, mostly).
    // (A sentence holding a synonym of the term holds it too.)
    const overlapTerms = opts.skipAbsentTerms
      ? matchTerms.filter(
          (term) =>
            passageTerms.some((terms) => termMatch(term, terms) > 0) ||
            (synonymous && candidates.some((c) => c.terms.has(term))),
        )
      : matchTerms;
    // A translated question's words are counted by the concept they stand for: "Islamischer
    // Staat (IS)" holds one concept of "What did IS destroy …?", not three of its terms.
    const concepts =
      expanded && opts.byConcept && expanding?.concepts
        ? weightedConcepts(expanding.concepts, overlapTerms, pool, opts.groupPhrases)
        : undefined;
    const idf = concepts
      ? undefined
      : opts.groupPhrases
        ? phraseAwareIdf(overlapTerms, pool)
        : localIdf(overlapTerms, pool);
    // The counted words are translated only for a translated question: a German question's
    // "Tickets" or "Jobs" read as English on their own. Their translation is the one the question's
    // translation chose for them in context; translated alone, a word such as "people" may not
    // even be taken for English.
    if (answerType === 'number') {
      const words = countedWords(last);
      const translation =
        !expanded || words === ''
          ? undefined
          : (translationInContext(words, expanding?.concepts) ??
            (deps.translateWords ? await deps.translateWords(words) : undefined));
      counted = countedTerms(last, translation);
      // An English word the dictionary leaves as it is names nothing a German sentence holds.
      const untranslated = new Set(expanded ? countedTerms(last) : []);
      countedKnown = counted.length > 0 && (!expanded || counted.some((term) => !untranslated.has(term)));
    }
    const counting = counted.length > 0 && opts.countBonus !== 0;
    const scored = (candidate: Candidate, vector: Float32Array | undefined): ScoredSentence => {
      const dense = vector ? cosine(queryVector, vector) : 0;
      const overlap = concepts
        ? conceptCoverage(concepts, candidate.terms, candidate.contextTerms, opts.contextCredit)
        : contextualCoverage(overlapTerms, candidate.terms, candidate.contextTerms, opts.contextCredit, idf);
      let score =
        opts.denseWeight * dense +
        (1 - opts.denseWeight) * overlap +
        (opts.rankBonus * (opts.maxPassages - candidate.rank)) / opts.maxPassages;
      const showsType = answerType !== 'other' && showsAnswerType(candidate.text, answerType, lengthAsked);
      // A date given by its day alone says less than a date (see `datedByDayOnly`).
      const byDayOnly = showsType && dayIsWeak && datedByDayOnly(candidate.text);
      if (showsType) score += byDayOnly ? opts.answerTypeBonus / 2 : opts.answerTypeBonus;
      const showsUnit =
        measure !== undefined &&
        showsMeasure(candidate.text, measure) &&
        (sums.length === 0 || mentionsMoneySubject(candidate.text, sums));
      if (showsUnit) score += opts.measureBonus;
      if (counting && countsTerms(candidate.text, counted)) score += opts.countBonus;
      if (
        place &&
        showsPlace(candidate.text, {
          atArticleStart: candidate.start < DATELINE_REACH,
          ...(named ? { named } : {}),
        })
      ) {
        score += opts.placeBonus;
      }
      if (person && namesPerson(candidate.text, question)) {
        score += opts.personBonus;
        // namesLeader, without asking namesPerson twice.
        if (leader && hasLeaderWord(candidate.text)) {
          score += opts.leaderBonus;
          if (candidate.article.id === candidates[0]!.article.id) score += opts.topArticleLeaderBonus;
        }
      }
      if (reason && givesReason(candidate.text)) score += opts.reasonBonus;
      // A reason stated in a clause or a verb of cause, not a noun that may only name one.
      const statesAskedReason = reason && statesReason(candidate.text);
      if (candidate.caption) score *= opts.captionFactor;
      if (unnamed.has(candidate.article)) score *= opts.unnamedFactor;
      const showsAnswer = measure !== undefined ? showsUnit : (showsType && !byDayOnly) || statesAskedReason;
      return { ...candidate, dense, overlap, score, showsAnswer };
    };
    sentences = candidates.map((candidate, i) => scored(candidate, vectors[i]));
    sentences.sort(bySentenceScore);
    for (const sentence of sentences) readDense = Math.max(readDense, sentence.dense);
    // A fragment with no word beyond the question's own (a dateline, "Heilbronn.", for "Who is the
    // mayor of Heilbronn?") cannot state what is asked; it still counts as evidence below. A
    // sentence of three terms or more may. When the question asks yes or no, so may a statement
    // that says yes or no in the question's words: "Verletzt wurde niemand." for "Wurde jemand
    // verletzt?" (see `answersYesOrNo`), not a title, a byline or the question itself.
    const questionWords = new Set(matchTerms);
    const yesOrNo = yesOrNoVerb(last);
    const says = (sentence: ScoredSentence) =>
      sentence.terms.size >= MIN_ECHO_TERMS ||
      [...sentence.terms].some((term) => !questionWords.has(term)) ||
      (yesOrNo !== undefined && !sentence.caption && answersYesOrNo(sentence.text, yesOrNo));
    sentences = sentences.filter(says);
    fromContext = further
      .map((candidate, i) => scored(candidate, vectors[candidates.length + i]))
      .filter(says)
      .sort(bySentenceScore);
    if (deps.reranker) {
      await rerankSentences(question, sentences, deps.reranker, deps.reranking);
      rerank = sentences[0]?.rerank ?? 0;
      // Read apart, so that they take none of the places the retrieved sentences are read in.
      if (fromContext.length > 0) await rerankSentences(question, fromContext, deps.reranker, deps.reranking);
    }
    topicArticles = [
      ...new Set([candidates[0]!.article.id, ...(sentences[0] ? [sentences[0].article.id] : [])]),
    ];
    measureStated = measure !== undefined && sentences.some((s) => statesMeasureOnTopic(s, topicArticles));
  }

  const dense = Math.max(passageDense, readDense);
  // A floor at (or above) 1 would divide by zero: no embedder puts unrelated texts that close.
  const floor = Number.isFinite(opts.denseFloor) ? Math.min(opts.denseFloor, 0.95) : 0;
  const denseEvidence = Math.min(1, Math.max(0, (dense - floor) / (1 - floor)));
  const score = opts.coverageWeight * coverage + (1 - opts.coverageWeight) * denseEvidence;
  return {
    // Ranked together: a sentence of the article beyond the retrieved passages may be the best.
    sentences: fromContext.length > 0 ? [...sentences, ...fromContext].sort(bySentenceScore) : sentences,
    relevance: {
      score,
      coverage,
      dense: Number.isFinite(dense) ? dense : 0,
      translated: Boolean(expanded),
      bestSentence: sentences[0]?.score ?? 0,
      questionTerms: matchTerms,
      answerType,
      ...(countedKnown ? { counted } : {}),
      ...(measure ? { measure } : {}),
      measureStated,
      topicArticles,
      ...(rerank !== undefined ? { rerank } : {}),
    },
    ...(expanded && expanding ? { expansion: expanding } : {}),
  };
}

/**
 * Whether a sentence states an amount of the unit asked for on the topic: it stands in one of
 * `topicArticles` (an amount in another article speaks of something else: "2.500 Jahre alt" for
 * "Wie alt ist Nadal?"), and shares a question term or stands in the best passage (an English
 * question without a dictionary shares no term with German sentences).
 */
export function statesMeasureOnTopic(sentence: ScoredSentence, topicArticles: readonly string[]): boolean {
  return (
    sentence.showsAnswer &&
    topicArticles.includes(sentence.article.id) &&
    (sentence.overlap > 0 || sentence.rank === 0)
  );
}

/** A sentence of this many terms may answer in the question's own words; a shorter one must add one. */
const MIN_ECHO_TERMS = 3;

// Folded words that say no (or yes) in a statement.
const POLARITY =
  /\b(niemand|niemanden|nicht|nichts|nie|niemals|kein|keine|keinen|keinem|keiner|keines|weder|ja|nein|no|not|none|nobody|never|nothing|yes)\b|n['’]t\b/;

/**
 * Whether a sentence in a yes/no question's own words answers it: a statement (not a question)
 * of three words or more that says no or yes, or that has the question's verb ("Verletzt wurde
 * jemand." for "Wurde jemand verletzt?"). A title, a byline or a caption has neither.
 */
function answersYesOrNo(text: string, verb: string): boolean {
  const trimmed = text.trim();
  if (trimmed.endsWith('?')) return false;
  const words: string[] = fold(trimmed).match(/[\p{L}\p{N}'’]+/gu) ?? [];
  if (words.length < 3) return false;
  return POLARITY.test(words.join(' ')) || words.includes(verb);
}

const bySentenceScore = (a: ScoredSentence, b: ScoredSentence): number =>
  b.score - a.score || a.rank - b.rank || a.start - b.start;

/** Adds the re-ranker's score (times its weight) to the best sentences' scores and sorts again. */
async function rerankSentences(
  question: string,
  sentences: ScoredSentence[],
  reranker: Reranker,
  options: Partial<RerankingOptions> = {},
): Promise<void> {
  const { candidates, weight } = { ...DEFAULT_RERANKING, ...options };
  const read = sentences.slice(0, Math.max(0, candidates));
  const scores = await reranker.score(
    question,
    read.map((sentence) => sentence.text),
  );
  read.forEach((sentence, i) => {
    const score = Math.min(1, Math.max(0, scores[i] ?? 0));
    sentence.rerank = score;
    sentence.score += weight * score;
  });
  sentences.sort(bySentenceScore);
}

/*
 * An expansion lists several alternatives per question word, so its coverage is counted against
 * the number of original question terms (concepts), not against all alternatives.
 */
function expandedCoverage(
  questionTerms: readonly string[],
  matchTerms: readonly string[],
  terms: ReadonlySet<string>,
): number {
  if (questionTerms.length === 0) return 0;
  let matched = 0;
  for (const term of matchTerms) matched += termMatch(term, terms);
  return Math.min(1, matched / questionTerms.length);
}

/**
 * The candidates with each question term added to the terms of a sentence that lacks it but holds
 * one of its synonyms ("Urlaub" for "Ferien"): counted as the word itself, as a form of it would
 * be. Sentence term sets are copied, not changed.
 */
function withSynonyms(
  candidates: readonly Candidate[],
  questionTerms: readonly string[],
  synonyms: SynonymLookup,
): Candidate[] {
  const known = questionTerms
    .map((term) => ({ term, others: synonyms.synonymsOf(term) }))
    .filter(({ others }) => others.length > 0);
  if (known.length === 0) return [...candidates];
  return candidates.map((candidate) => {
    let terms: Set<string> | undefined;
    for (const { term, others } of known) {
      if (candidate.terms.has(term)) continue;
      if (!others.some((other) => candidate.terms.has(other))) continue;
      terms ??= new Set(candidate.terms);
      terms.add(term);
    }
    return terms ? { ...candidate, terms } : candidate;
  });
}

/**
 * The candidates' articles that lack a name of the question (see `questionNames`) which another
 * of them has. Names none of them has (an English spelling of a German name) do not count. An
 * article is read up to {@link NAME_REACH} characters, and in the passages retrieved from it.
 */
function articlesMissingNames(question: string, candidates: readonly Candidate[]): Set<Article> {
  // Cheap checks first: one article has nothing to compare with, and most questions name nothing.
  if (new Set(candidates.map((candidate) => candidate.article)).size < 2) return new Set();
  const names = questionNames(question, detectLanguage(question));
  if (names.length === 0) return new Set();
  const texts = new Map<Article, string[]>();
  for (const { article, passage } of candidates) {
    const parts = texts.get(article) ?? [article.title, article.text.slice(0, NAME_REACH)];
    if (passage.end > NAME_REACH && !parts.includes(passage.text)) parts.push(passage.text);
    texts.set(article, parts);
  }
  const folded = new Map([...texts].map(([article, parts]) => [article, fold(parts.join('\n'))]));
  const known = names.filter((name) => [...folded.values()].some((text) => mentionsName(text, name)));
  return new Set(
    [...folded]
      .filter(([, text]) => !known.every((name) => mentionsName(text, name)))
      .map(([article]) => article),
  );
}

/**
 * The article a retrieved passage can be quoted from, or undefined when the article is gone or
 * its text no longer matches the passage (changed since indexing): such a passage is not read.
 */
export function readableArticle(passage: Passage, lookup: ArticleLookup): Article | undefined {
  const article = lookup(passage.articleId);
  return article && article.text.slice(passage.start, passage.end) === passage.text ? article : undefined;
}

/** How far into an article a dateline may stand (after a title sentence the text may open with). */
const DATELINE_REACH = 300;

/** The passage rank that sentences read from `ScoringDeps.context` take for the rank bonus. */
const CONTEXT_RANK = 1;

type Candidate = Omit<ScoredSentence, 'dense' | 'overlap' | 'score' | 'showsAnswer'>;

function collectCandidates(
  retrieved: readonly ScoredPassage[],
  context: readonly Passage[],
  lookup: ArticleLookup,
  opts: ScoringOptions,
): {
  candidates: Candidate[];
  context: Candidate[];
  passageTerms: Array<ReadonlySet<string>>;
  passageDense: number;
} {
  const seen = new Set<string>();
  // Reads a passage's sentences into `into` until `limit` of them are held.
  const read = (
    into: Candidate[],
    limit: number,
    passage: Passage,
    article: Article,
    rank: number,
    fromContext: boolean,
  ): ReadonlySet<string> => {
    // Read without keeping: retrieval's focus keeps the sentences of the passages it ranks, and
    // these sentences are slices of whole articles.
    const contextTerms = termSet(passage.text, { remember: false });
    for (const span of sentenceSpans(article, passage.start, passage.end)) {
      if (span.kind === 'heading' || into.length >= limit) continue;
      const key = `${article.id}:${span.start}`;
      if (seen.has(key)) continue;
      const text = article.text.slice(span.start, span.end);
      const terms = termSet(text, { remember: false });
      if (terms.size === 0) continue;
      seen.add(key);
      into.push({
        article,
        passage,
        rank,
        start: span.start,
        end: span.end,
        text,
        terms,
        contextTerms,
        caption: span.kind === 'caption' || passage.kind === 'caption',
        fromContext,
      });
    }
    return contextTerms;
  };
  const candidates: Candidate[] = [];
  const passageTerms: Array<ReadonlySet<string>> = [];
  let passageDense = Number.NEGATIVE_INFINITY;
  let rank = 0;
  for (const hit of retrieved) {
    if (rank >= opts.maxPassages) break;
    const { passage } = hit;
    const article = readableArticle(passage, lookup);
    if (!article) continue;
    const contextTerms = read(candidates, opts.maxSentences, passage, article, rank, false);
    // The title names what every passage of its article is about: "Wie hoch war die
    // Wahlbeteiligung in Lindenau?" is covered by a passage on turnout under "Wahl in Lindenau".
    passageTerms.push(new Set([...contextTerms, ...contentTerms(article.title)]));
    if (hit.dense !== undefined) passageDense = Math.max(passageDense, hit.dense);
    rank += 1;
  }
  // The passages near the best one in its article; their sentences rank as the second passage's
  // would, behind the passage retrieval judged best. Sentences already read are not read again.
  const further: Candidate[] = [];
  for (const passage of context) {
    if (further.length >= opts.contextSentences) break;
    const article = readableArticle(passage, lookup);
    if (article) read(further, opts.contextSentences, passage, article, CONTEXT_RANK, true);
  }
  return { candidates, context: further, passageTerms, passageDense };
}

/**
 * The raw relevance score of retrieved passages for a question, as abstention sees it, for
 * calibrating the answerers' `minRelevance` on evaluation data.
 */
export async function relevanceScore(
  question: string,
  retrieved: readonly ScoredPassage[],
  deps: ScoringDeps,
  options: Partial<ScoringOptions> = {},
): Promise<RelevanceReport> {
  return (await scoreSentences(question, retrieved, deps, options)).relevance;
}

/**
 * The words of the concepts (see `QueryExpansion.concepts`) that hold one of `words` as written:
 * the words' translations chosen in the context of the whole question. Undefined when none does.
 */
function translationInContext(
  words: string,
  concepts: ReadonlyArray<readonly string[]> | undefined,
): string | undefined {
  if (!concepts) return undefined;
  const asked = new Set(words.split(/\s+/).map((word) => word.toLowerCase()));
  const found = concepts.filter((concept) => concept.some((word) => asked.has(word.toLowerCase())));
  return found.length > 0 ? found.flat().join(' ') : undefined;
}
