import { UserError } from '../errors';
import type { ArticleInfo, CatalogueEntry } from './backend';

/**
 * The articles of a generation as people find them: by id, title or a part of either. An index
 * in this process keeps them in memory; an index in a database asks it.
 */
export interface ArticleCatalogue {
  /** Number of articles. */
  readonly size: number;
  /**
   * The article a reference names: exact id, id without extension, title (case-insensitive), or a
   * unique start of its id, part of its title or part of its id (at least 3 characters).
   * @throws UserError `ARTICLE_NOT_FOUND` | `ARTICLE_AMBIGUOUS`
   */
  find(reference: string): Promise<ArticleInfo>;
  /** Every article, sorted by id (`localeCompare`). */
  list(): Promise<ArticleInfo[]>;
  /** Articles whose title or id contains the text (for autocomplete), best matches first. */
  search(text: string, limit: number): Promise<ArticleInfo[]>;
}

/**
 * The lookups {@link findByReference} makes, each over lower-case text; lists are ordered by id
 * (UTF-16 code units) and cut at `limit`.
 */
export interface ReferenceLookups {
  exact(id: string): Promise<CatalogueEntry | undefined>;
  /** The first article whose id without extension, or whose title, is `folded`. */
  stemOrTitle(folded: string): Promise<CatalogueEntry | undefined>;
  idStartingWith(folded: string, limit: number): Promise<CatalogueEntry[]>;
  /** Articles whose searched title ({@link CatalogueEntry.searchTitle}) contains `folded`. */
  titleContaining(folded: string, limit: number): Promise<CatalogueEntry[]>;
  idContaining(folded: string, limit: number): Promise<CatalogueEntry[]>;
}

/** How many candidates an ambiguous reference names. */
const NAMED_CANDIDATES = 5;

/** The shortest part of an id or title that {@link findByReference} looks for. */
export const MIN_REFERENCE_CHARS = 3;

/** The rules of {@link ArticleCatalogue.find}, over any store's lookups. */
export async function findByReference(reference: string, lookups: ReferenceLookups): Promise<ArticleInfo> {
  const wanted = reference.trim();
  const exact = await lookups.exact(wanted);
  if (exact) return infoOf(exact);
  const folded = wanted.toLowerCase();
  const named = await lookups.stemOrTitle(folded);
  if (named) return infoOf(named);
  if (folded.length >= MIN_REFERENCE_CHARS) {
    const byId = await lookups.idStartingWith(folded, 2);
    if (byId.length === 1) return infoOf(byId[0]!);
    // A unique part of a title ("Deir al-Sor") or of an id ("bruecke" for "lokal/bruecke.html") is
    // enough; several matches are named, not guessed.
    const inTitle = await lookups.titleContaining(folded, NAMED_CANDIDATES + 1);
    if (inTitle.length === 1) return infoOf(inTitle[0]!);
    const inId = await lookups.idContaining(folded, NAMED_CANDIDATES + 1);
    if (inTitle.length === 0 && inId.length === 1) return infoOf(inId[0]!);
    const partial = [...new Map([...inTitle, ...inId].map((entry) => [entry.id, entry])).values()];
    if (partial.length > 1) {
      const candidates = partial
        .slice(0, NAMED_CANDIDATES)
        .map((article) => `"${article.title}" (${article.id})`)
        .join(', ');
      throw new UserError('ARTICLE_AMBIGUOUS', `"${wanted}" fits several articles: ${candidates}.`, {
        article: wanted,
        candidates,
      });
    }
  }
  if (folded.length < MIN_REFERENCE_CHARS) {
    // Said, so that "00" for an id starting with 00 is not taken for an article that is missing.
    throw new UserError(
      'ARTICLE_NOT_FOUND',
      `No article "${wanted}": a part of an id or title needs at least ${MIN_REFERENCE_CHARS} characters.`,
      { article: wanted, minChars: MIN_REFERENCE_CHARS },
    );
  }
  throw new UserError('ARTICLE_NOT_FOUND', `No article "${wanted}".`, { article: wanted });
}

/** How well an article matches autocomplete text: title start 0, in title 1, in id 2, else 3. */
export function autocompleteRank(entry: Pick<ArticleInfo, 'id' | 'title'>, folded: string): number {
  const title = entry.title.toLowerCase();
  if (title.startsWith(folded)) return 0;
  if (title.includes(folded)) return 1;
  return entry.id.toLowerCase().includes(folded) ? 2 : 3;
}

/** Autocomplete order: by rank, then by id as the list is sorted. */
export function byAutocomplete(folded: string) {
  return (a: ArticleInfo, b: ArticleInfo): number =>
    autocompleteRank(a, folded) - autocompleteRank(b, folded) || a.id.localeCompare(b.id);
}

/** The article's description without what finding it needs. */
export function infoOf({
  searchTitle: _searchTitle,
  ...info
}: ArticleInfo & { searchTitle?: string }): ArticleInfo {
  return info;
}

/** A catalogue held in memory (the embedded backend). */
export class MemoryCatalogue implements ArticleCatalogue, ReferenceLookups {
  /** Entries in id order (UTF-16 code units), so that "the first" is the same in every store. */
  private readonly entries: readonly CatalogueEntry[];
  private readonly byId: ReadonlyMap<string, CatalogueEntry>;

  constructor(entries: Iterable<CatalogueEntry>) {
    this.entries = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.byId = new Map(this.entries.map((entry) => [entry.id, entry]));
  }

  get size(): number {
    return this.entries.length;
  }

  find(reference: string): Promise<ArticleInfo> {
    return findByReference(reference, this);
  }

  async list(): Promise<ArticleInfo[]> {
    return this.entries.map(infoOf).sort((a, b) => a.id.localeCompare(b.id));
  }

  async search(text: string, limit: number): Promise<ArticleInfo[]> {
    const folded = text.trim().toLowerCase();
    const all = await this.list();
    if (folded === '') return all.slice(0, limit);
    return all
      .filter((info) => autocompleteRank(info, folded) < 3)
      .sort(byAutocomplete(folded))
      .slice(0, limit);
  }

  async exact(id: string): Promise<CatalogueEntry | undefined> {
    return this.byId.get(id);
  }

  async stemOrTitle(folded: string): Promise<CatalogueEntry | undefined> {
    return this.entries.find(
      (entry) =>
        entry.id.replace(/\.[^./]+$/, '').toLowerCase() === folded || entry.title.toLowerCase() === folded,
    );
  }

  async idStartingWith(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.first((entry) => entry.id.toLowerCase().startsWith(folded), limit);
  }

  async titleContaining(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.first((entry) => entry.searchTitle.includes(folded), limit);
  }

  async idContaining(folded: string, limit: number): Promise<CatalogueEntry[]> {
    return this.first((entry) => entry.id.toLowerCase().includes(folded), limit);
  }

  private first(accept: (entry: CatalogueEntry) => boolean, limit: number): CatalogueEntry[] {
    const found: CatalogueEntry[] = [];
    for (const entry of this.entries) {
      if (found.length >= limit) break;
      if (accept(entry)) found.push(entry);
    }
    return found;
  }
}
