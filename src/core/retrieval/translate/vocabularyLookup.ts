import type { CoveringVocabulary, VocabularyLookup } from '../../index/backend';
import type { PostingsLexicalIndex } from '../postingsLexicalIndex';
import type { DictionaryTranslator, TranslatedQuery, TranslationVocabulary } from './dictionaryTranslator';

/** Rounds of fetching after which a translation is given with what is known (never reached in practice). */
const MAX_ROUNDS = 8;

/**
 * Translates a query over a collection whose vocabulary is fetched on demand. The translator asks
 * about terms synchronously; a term the fetched vocabulary does not cover is answered as absent
 * and noted, and once the run is over the noted terms are fetched and the query translated
 * again, until a run asks about nothing new. The last run saw the answers the whole vocabulary
 * would give, so the translation is the same as over an index held in this process, which
 * answers every term in the first round.
 */
export async function translateOver(
  translator: DictionaryTranslator,
  lookup: VocabularyLookup,
  query: string,
): Promise<TranslatedQuery> {
  const asked = new Set<string>();
  let translated: TranslatedQuery = { text: query, terms: [] };
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const vocabulary = await lookup.lookup([...asked]);
    const missed = new Set<string>();
    translated = translator.withVocabulary(recording(vocabulary, missed)).translate(query);
    if (missed.size === 0) return translated;
    for (const term of missed) asked.add(term);
  }
  return translated;
}

/** The vocabulary, with each term it does not cover noted in `missed` and answered as absent. */
function recording(vocabulary: CoveringVocabulary, missed: Set<string>): TranslationVocabulary {
  const covered = (term: string): boolean => {
    if (vocabulary.covers(term)) return true;
    missed.add(term);
    return false;
  };
  return {
    has: (term) => covered(term) && vocabulary.has(term),
    ...(vocabulary.passagesWith
      ? { passagesWith: (term: string) => (covered(term) ? vocabulary.passagesWith!(term) : []) }
      : {}),
    ...(vocabulary.hasTerm ? { hasTerm: (term: string) => covered(term) && vocabulary.hasTerm!(term) } : {}),
    ...(vocabulary.endsCompound
      ? { endsCompound: (term: string) => covered(term) && vocabulary.endsCompound!(term) }
      : {}),
  };
}

type LexicalTerms = Pick<PostingsLexicalIndex, 'hasWordFamily' | 'passagesWith' | 'hasTerm' | 'endsCompound'>;

/** What the translator asks of a lexical index held in this process: its word families and postings. */
export function lexicalTranslationVocabulary(lexical: LexicalTerms): CoveringVocabulary {
  return {
    covers: () => true,
    has: (term) => lexical.hasWordFamily(term),
    passagesWith: (term) => lexical.passagesWith(term),
    hasTerm: (term) => lexical.hasTerm(term),
    endsCompound: (term) => lexical.endsCompound(term),
  };
}

/** The vocabulary of a lexical index held in this process: it answers for every term at once. */
export function lexicalVocabulary(lexical: LexicalTerms): VocabularyLookup {
  const vocabulary = lexicalTranslationVocabulary(lexical);
  return { lookup: async () => vocabulary };
}
