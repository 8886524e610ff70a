import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Passage } from '../../src/core/types';

/**
 * Loaders for the external evaluation data in `../shared/data` (see each folder's SOURCE.md).
 * Every dataset paragraph (context) becomes one unit, treated like an article; questions point
 * at the unit that answers them.
 */

/** A dataset paragraph or a distractor article. */
export interface EvalUnit {
  id: string;
  text: string;
}

/** A question and the unit that holds its answer. */
export interface EvalQuestion {
  id: string;
  question: string;
  unitId: string;
  /** The gold answer spans, verbatim from the unit's (German) text. */
  answers: string[];
}

export interface RetrievalDataset {
  name: string;
  units: EvalUnit[];
  questions: EvalQuestion[];
}

interface SquadFile {
  data: Array<{
    title: string;
    paragraphs: Array<{
      context: string;
      qas: Array<{ id: string; question: string; answers?: Array<{ text: string }> }>;
    }>;
  }>;
}

function readSquad(file: string): SquadFile {
  return JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
}

/**
 * XQuAD: German paragraphs, with questions in `questionLanguage` (the files are parallel, so an
 * English question's gold is the German paragraph holding the same question id).
 */
export function loadXQuAD(dataDir: string, questionLanguage: 'de' | 'en'): RetrievalDataset {
  const german = readSquad(path.join(dataDir, 'xquad', 'xquad.de.json'));
  const questionsFile =
    questionLanguage === 'de' ? german : readSquad(path.join(dataDir, 'xquad', 'xquad.en.json'));
  const units: EvalUnit[] = [];
  const unitOfQuestion = new Map<string, string>();
  // The answers come from the German file: they are spans of the German paragraph either way.
  const answersOf = new Map<string, string[]>();
  german.data.forEach((article, a) =>
    article.paragraphs.forEach((paragraph, p) => {
      const id = `xquad/${a}/${p}`;
      units.push({ id, text: paragraph.context });
      for (const qa of paragraph.qas) {
        unitOfQuestion.set(qa.id, id);
        answersOf.set(
          qa.id,
          (qa.answers ?? []).map((answer) => answer.text),
        );
      }
    }),
  );
  const questions: EvalQuestion[] = [];
  for (const article of questionsFile.data) {
    for (const paragraph of article.paragraphs) {
      for (const qa of paragraph.qas) {
        const unitId = unitOfQuestion.get(qa.id);
        if (unitId) {
          questions.push({ id: qa.id, question: qa.question, unitId, answers: answersOf.get(qa.id) ?? [] });
        }
      }
    }
  }
  return { name: questionLanguage === 'de' ? 'XQuAD de→de' : 'XQuAD en→de', units, questions };
}

/** MLQA dev, German questions on German contexts; identical contexts become one unit. */
export function loadMLQA(dataDir: string): RetrievalDataset {
  const lines = readFileSync(path.join(dataDir, 'mlqa', 'mlqa_de-de_dev.jsonl'), 'utf8').split('\n');
  const unitByText = new Map<string, EvalUnit>();
  const questions: EvalQuestion[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as {
      id: string;
      question: string;
      context: string;
      answers?: { text?: string[] };
    };
    let unit = unitByText.get(row.context);
    if (!unit) {
      unit = { id: `mlqa/${unitByText.size}`, text: row.context };
      unitByText.set(row.context, unit);
    }
    questions.push({ id: row.id, question: row.question, unitId: unit.id, answers: row.answers?.text ?? [] });
  }
  return { name: 'MLQA de', units: [...unitByText.values()], questions };
}

/** The 1028 10kGNAD test articles, used as distractors (no questions point at them). */
export function loadGnadDistractors(dataDir: string): EvalUnit[] {
  const lines = readFileSync(path.join(dataDir, '10kgnad', 'test.jsonl'), 'utf8').split('\n');
  const units: EvalUnit[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; text: string };
    units.push({ id: row.id, text: row.text });
  }
  return units;
}

/** Which of the expected files exist under `dataDir`. */
export function availableData(dataDir: string): { xquad: boolean; mlqa: boolean; gnad: boolean } {
  return {
    xquad:
      existsSync(path.join(dataDir, 'xquad', 'xquad.de.json')) &&
      existsSync(path.join(dataDir, 'xquad', 'xquad.en.json')),
    mlqa: existsSync(path.join(dataDir, 'mlqa', 'mlqa_de-de_dev.jsonl')),
    gnad: existsSync(path.join(dataDir, '10kgnad', 'test.jsonl')),
  };
}

const segmenter = new Intl.Segmenter('de', { granularity: 'sentence' });

/**
 * Splits a unit into passages the way the app chunks articles: sentences packed up to `maxChars`,
 * consecutive passages sharing `overlapSentences` sentences. `maxChars` 0 keeps the unit whole.
 * Offsets refer to `unit.text`, as for real articles.
 */
export function chunkUnit(unit: EvalUnit, maxChars: number, overlapSentences = 1): Passage[] {
  const make = (ordinal: number, start: number, end: number): Passage => ({
    id: `${unit.id}#${ordinal}`,
    articleId: unit.id,
    ordinal,
    paragraphStart: 1,
    paragraphEnd: 1,
    start,
    end,
    text: unit.text.slice(start, end),
    kind: 'text',
  });
  if (maxChars <= 0 || unit.text.length <= maxChars) return [make(0, 0, unit.text.length)];
  const sentences = [...segmenter.segment(unit.text)].map((s) => ({
    start: s.index,
    end: s.index + s.segment.trimEnd().length,
  }));
  const passages: Passage[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= maxChars)
      last++;
    passages.push(make(passages.length, sentences[first]!.start, sentences[last]!.end));
    if (last + 1 >= sentences.length) break;
    first = Math.max(first + 1, last + 1 - overlapSentences);
  }
  return passages;
}
