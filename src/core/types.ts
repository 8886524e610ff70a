/**
 * Domain types shared by every stage of the pipeline:
 * files → {@link Article} → {@link Passage} → vectors → index → answers.
 *
 * Offsets are always UTF-16 code-unit offsets into {@link Article.text}, so that
 * `article.text.slice(start, end)` reproduces a passage or quote verbatim.
 */

/** What a block of an article is, as a reader would see it. */
export type BlockKind = 'paragraph' | 'heading' | 'caption';

/** One structural unit of an article's text. */
export interface Block {
  kind: BlockKind;
  /** Offsets into {@link Article.text}. */
  start: number;
  end: number;
  /**
   * Paragraph number as a reader counts them (1-based). Only paragraphs and captions
   * are counted; headings carry the number of the paragraph that follows them.
   */
  paragraph: number;
}

/** An article read from the collection, normalised to plain text with structure. */
export interface Article {
  /** Path relative to the collection root, with forward slashes. Stable across runs. */
  id: string;
  title: string;
  /** ISO date or partial date (`2017-01`, `2017-01-15`), when known. */
  date?: string;
  url?: string;
  author?: string;
  tags: string[];
  /** Plain text: blocks joined by a blank line ("\n\n"). */
  text: string;
  blocks: Block[];
  /** sha256 (hex) of the raw file bytes; decides whether an article changed. */
  contentHash: string;
  format: 'txt' | 'md' | 'html';
  /**
   * The file as it was when read, where a later read may trust it: a file whose size, inode and
   * change times are all still these is the same file and is not read again. Absent for files
   * changed moments before they were read (a change within the same clock tick could hide).
   */
  file?: FileStamp;
}

/** What a file's metadata says about its content (see {@link Article.file}). */
export interface FileStamp {
  bytes: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A citable slice of an article, the unit of retrieval. */
export interface Passage {
  /** `${articleId}#${ordinal}`. */
  id: string;
  articleId: string;
  /** 0-based position of the passage within its article. */
  ordinal: number;
  /** The sub-heading the passage sits under, if any. */
  section?: string;
  /** First and last paragraph number covered (inclusive, 1-based). */
  paragraphStart: number;
  paragraphEnd: number;
  /** Offsets into the article text; `text === article.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  kind: 'text' | 'caption';
}

/** A file that could not be read as an article, with a one-line reason. */
export interface SkippedFile {
  /** Path relative to the collection root. */
  path: string;
  reason: string;
}

/** Chunking settings; part of the index manifest (a change forces a rebuild). */
export interface ChunkingOptions {
  /** Passages grow sentence by sentence up to this many characters. */
  maxChars: number;
  /** Sentences of overlap between consecutive passages of one paragraph run. */
  overlapSentences: number;
}

/** Turns texts into unit-length vectors. Implementations: built-in hashing, transformers.js. */
export interface Embedder {
  /** Identifies model and settings; stored in the manifest, a change forces a rebuild. */
  readonly id: string;
  readonly dimensions: number;
  embedPassages(texts: readonly string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

/** Where articles come from (the `docs/` folder, an in-memory list in tests). */
export interface ArticleSource {
  /** Reads every article; unreadable files are reported, never thrown. */
  readAll(options?: ReadAllOptions): Promise<{ articles: Article[]; skipped: SkippedFile[] }>;
}

/** Options of {@link ArticleSource.readAll}. */
export interface ReadAllOptions {
  /**
   * Articles read before, by id: a file whose {@link Article.file} stamp still matches, or whose
   * bytes hash to its known article's `contentHash`, is that article, not parsed again (the index
   * keeps that article's passages anyway).
   */
  known?: (id: string) => Article | undefined;
}

/**
 * A question rewritten for searching articles written in another language (English → German):
 * retrieval searches `text`, and answer scoring matches sentences against it.
 */
export interface QueryExpansion {
  /** The words to search: the translations, then the question's own words worth keeping. */
  text: string;
  /**
   * The question's concepts in order, each as the words that stand for it: an English word or
   * phrase's translations with the word itself ("IS" → "IS", "Islamischer Staat"), a number, a
   * name. Words of `text` may appear in none (they then stand alone). A sentence that holds several
   * words of one concept holds that concept once.
   */
  concepts?: ReadonlyArray<readonly string[]>;
  /**
   * Words of the question that the dictionary translates but the collection writes in none of
   * their spellings, the word itself included ("Australia" where no article has "Australien"):
   * the collection does not speak of them.
   */
  unknown?: readonly string[];
  /** Words of the question the dictionary knows as common words, not only as names ("Board", not "Hungary"). */
  common?: readonly string[];
}

/** Expands a question for searching (see {@link QueryExpansion}); safe to call on any question. */
export type QueryExpander = (question: string) => Promise<QueryExpansion>;

/** A passage found for a question, with the scores that ranked it. */
export interface ScoredPassage {
  passage: Passage;
  /** Score used for ranking (higher is better): the fused score, plus the weighted focus when re-ranked by it. */
  score: number;
  /** Cosine similarity from the dense index, when the passage was found there. */
  dense?: number;
  /** BM25 score from the lexical index, when the passage was found there. */
  lexical?: number;
  /** Weighted share of the question's terms in the passage's best sentence, when re-ranked by it. */
  focus?: number;
}

/** One numbered source of an answer. `quote` and `passage` are verbatim slices of the article text. */
export interface Citation {
  /** The number used by the `[n]` marker in the answer text. */
  n: number;
  articleId: string;
  title: string;
  date?: string;
  url?: string;
  /** Paragraph number (1-based, as a reader counts) where the quote starts. */
  paragraph: number;
  section?: string;
  quote: string;
  /** Offsets of the quote in the article text. */
  quoteStart: number;
  quoteEnd: number;
  passage: string;
  passageId: string;
  score: number;
}

export type AnswerLanguage = 'de' | 'en';

/** What a question gets back: an answer with citations, or an honest abstention. */
export interface Answer {
  question: string;
  /** Answer text with inline `[n]` markers that refer to {@link citations}. */
  text: string;
  abstained: boolean;
  language: AnswerLanguage;
  citations: Citation[];
  /** When abstaining: the articles that came closest, so the user knows where to look. */
  nearestArticles: Array<{ articleId: string; title: string }>;
  /** Who wrote the answer text. */
  mode: 'extractive' | 'llm';
  /**
   * Names the question asks about that the article of the first quote does not mention, as asked
   * (the answer text says so). Extractive answers only; left out when there are none.
   */
  unmentioned?: string[];
}
