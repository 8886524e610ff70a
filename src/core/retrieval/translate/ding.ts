/**
 * Parser for the Ding dictionary format (Debian package `trans-de-en`, file `/usr/share/trans/de-en`):
 *
 *     Luftwaffe {f} [mil.] | Deutsche Luftwaffe :: air force | German Air Force
 *
 * German side and English side are separated by ` :: `; both sides hold the same number of
 * `|`-separated groups (a headword, then its inflected forms and example phrases), which pair up in order;
 * within a group `;` separates synonyms. Annotations (`{f}`, `[mil.]`, `(of a thing)`, `/USAF/`,
 * `<alternative spelling>`, `~cross-reference`) are not part of the words and are stripped.
 */

/** One German↔English synonym pair taken from a dictionary line. */
export interface DingPair {
  /** English words as written (case kept), annotations and placeholders removed. */
  english: string;
  /** German words as written, annotations and placeholders removed. */
  german: string;
  /** 0 for the headword group of the line, 1… for the inflected forms and phrases after it. */
  group: number;
  /** Position of the German synonym within its group (0 = first, usually the most common). */
  germanRank: number;
  /** Position of the English synonym within its group. */
  englishRank: number;
  /** Number of English synonyms in the group: a translation shared by many is less specific. */
  englishCount: number;
  /** Whether either side carried a usage or subject label (`[mil.]`, `[ugs.]`, `[Ös.]`, `[archaic]`). */
  labelled: boolean;
}

// Placeholders for objects in phrases ("to give sb. sth.", "jdm. etw. geben") carry no content.
const ENGLISH_PLACEHOLDERS =
  /(?<![\p{L}])(?:sb\.|sth\.|sb\.'s|sth\.'s|sb\.’s|sth\.’s|one's|one’s|oneself)(?![\p{L}])/gu;
const GERMAN_PLACEHOLDERS = /(?<![\p{L}])(?:jd\.|jdn\.|jdm\.|jds\.|etw\.|etw\.'s)(?![\p{L}])/gu;

/** A synonym with its annotations removed. */
export interface DingSynonym {
  text: string;
  /**
   * Whether it carried a square-bracket label marking a specialised sense: a technical subject (`[ornith.]`,
   * `[chem.]`), a register (`[ugs.]`, `[archaic]`) or a regional German variant (`[Ös.]`). English regional
   * labels and news subjects (`[Br.]`, `[pol.]`, `[mil.]`) do not count; notes like `(veraltet)` do.
   */
  labelled: boolean;
}

// prettier-ignore
const NEUTRAL_LABELS: ReadonlySet<string> = new Set([
  'Br.', 'Am.', 'eAm.', 'Can.', 'Austr.', 'Dt.', 'geogr.', 'pol.', 'mil.', 'econ.', 'fin.', 'jur.', 'adm.',
  'soc.', 'hist.', 'sport', 'relig.', 'envir.', 'fig.', 'übtr.', 'formal', 'transp.', 'aviat.', 'naut.', 'art',
  'lit.', 'school', 'stud.', 'cook.', 'pol',
]);

/** Notes in parentheses that mark a rare or obsolete word, like a label would. */
const RARE_NOTE = /^(?:ungebräuchlich|veraltet|selten|obsolete|archaic|rare)\b/;

const OPENING = '([{<';
const CLOSING = ')]}>';

/**
 * Splits one side of a line into `|`-groups of `;`-synonyms in a single pass, dropping bracketed
 * annotations on the way. Annotations may themselves hold `;` or `|` ("Spielplan (Theater; Kino)",
 * "seit {prp; +Dat.}"), so separators count only outside brackets.
 */
function splitSide(side: string, placeholders: RegExp): DingSynonym[][] {
  const groups: DingSynonym[][] = [];
  let synonyms: DingSynonym[] = [];
  let text = '';
  let labelled = false;
  let depth = 0;
  const endSynonym = (): void => {
    const cleaned = clean(text, placeholders);
    if (cleaned !== '') synonyms.push({ text: cleaned, labelled });
    text = '';
    labelled = false;
  };
  // Runs of plain text are copied whole; only the structural characters are looked at one by one.
  let skipTo = 0;
  for (const match of side.matchAll(/[^()[\]{}<>;|/]+|./gsu)) {
    const run = match[0];
    const offset = match.index;
    if (offset < skipTo) continue;
    const c = run.length === 1 ? run : '';
    if (c === '/' && depth === 0 && (offset === 0 || side.charAt(offset - 1) === ' ')) {
      // An abbreviation ("/USAF/", "/Gov.; Govt./") may hold a ";" too; skip to its closing slash.
      const close = side.slice(offset + 1).search(/\/(?=$|[\s;|])/);
      if (close >= 0) {
        skipTo = offset + close + 2;
        text += ' ';
        continue;
      }
    }
    if (c !== '' && OPENING.includes(c)) {
      if (depth === 0 && c === '[') {
        const close = side.indexOf(']', offset);
        if (!NEUTRAL_LABELS.has(side.slice(offset + 1, close < 0 ? undefined : close).trim()))
          labelled = true;
      } else if (depth === 0 && c === '(' && RARE_NOTE.test(side.slice(offset + 1, offset + 20))) {
        labelled = true;
      }
      depth++;
      text += ' ';
    } else if (c !== '' && CLOSING.includes(c)) {
      if (depth > 0) depth--;
    } else if (depth > 0) {
      continue;
    } else if (c === ';') {
      endSynonym();
    } else if (c === '|' && text.endsWith(' ')) {
      endSynonym();
      groups.push(synonyms);
      synonyms = [];
    } else {
      text += run;
    }
  }
  endSynonym();
  groups.push(synonyms);
  return groups;
}

/** Removes what brackets did not cover: `~cross-references`, placeholders, punctuation, stray slashes. */
function clean(text: string, placeholders: RegExp): string {
  let out = text;
  // Slashes left are alternatives ("program/programme", "sich / jdn."), not abbreviations.
  if (out.includes('/')) out = out.replace(/\//g, ' ');
  if (out.includes('~')) out = out.replace(/~\S+/g, ' ');
  if (out.includes('.') || out.includes("'") || out.includes('’')) out = out.replace(placeholders, ' ');
  return out
    .replace(/…|\.\.\.|[!?"„“”:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The synonyms of one `|`-group of a dictionary line, German and English side. */
export interface DingGroup {
  /** 0 for the headword group of the line, 1… for the inflected forms and phrases after it. */
  index: number;
  german: DingSynonym[];
  english: DingSynonym[];
}

/**
 * Parses one line of a Ding file into its groups of synonyms. Comment lines (`#`) and malformed lines
 * give none.
 */
export function parseDingGroups(line: string): DingGroup[] {
  if (line.startsWith('#')) return [];
  const separator = line.indexOf(' :: ');
  if (separator < 0) return [];
  const germanGroups = splitSide(line.slice(0, separator), GERMAN_PLACEHOLDERS);
  const englishGroups = splitSide(line.slice(separator + 4), ENGLISH_PLACEHOLDERS);
  // The format promises parallel groups; if a line breaks that, only its headwords are trustworthy.
  const groupCount = germanGroups.length === englishGroups.length ? germanGroups.length : 1;
  const groups: DingGroup[] = [];
  for (let index = 0; index < groupCount; index++) {
    groups.push({ index, german: germanGroups[index] ?? [], english: englishGroups[index] ?? [] });
  }
  return groups;
}

/**
 * Parses one line of a Ding file into synonym pairs. Comment lines (`#`) and malformed lines give none.
 *
 * @example
 * parseDingLine('Luftwaffe {f} [mil.] | Deutsche Luftwaffe :: air force | German Air Force')
 * // → [{ english: 'air force', german: 'Luftwaffe', group: 0, … },
 * //    { english: 'German Air Force', german: 'Deutsche Luftwaffe', group: 1, … }]
 */
export function parseDingLine(line: string): DingPair[] {
  const pairs: DingPair[] = [];
  for (const { index, german, english } of parseDingGroups(line)) {
    english.forEach((en, englishRank) => {
      german.forEach((de, germanRank) => {
        pairs.push({
          english: en.text,
          german: de.text,
          group: index,
          germanRank,
          englishRank,
          englishCount: english.length,
          labelled: en.labelled || de.labelled,
        });
      });
    });
  }
  return pairs;
}
