import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const written: string[] = [];

// Registered when a test file imports this module: every folder written for it goes after its tests.
afterAll(() => {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A two-paragraph XQuAD pair and a three-row MLQA file in a temp folder, removed after the file's tests. */
export function writeTinyData(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quellen-eval-'));
  written.push(dir);
  mkdirSync(path.join(dir, 'xquad'));
  mkdirSync(path.join(dir, 'mlqa'));
  // Answers are spans of the German paragraphs in both files, as in XQuAD.
  const answers = [['Santa Clara'], ['Basel und Köln', 'Rhein']];
  const squad = (contexts: string[], questions: string[][]) => ({
    version: '1.1',
    data: [
      {
        title: 'T',
        paragraphs: contexts.map((context, p) => ({
          context,
          qas: questions[p]!.map((question, q) => ({
            id: `id-${p}-${q}`,
            question,
            answers: [{ text: answers[p]![q]! }],
          })),
        })),
      },
    ],
  });
  writeFileSync(
    path.join(dir, 'xquad', 'xquad.de.json'),
    JSON.stringify(
      squad(
        ['Die Panthers gewannen den Super Bowl in Santa Clara.', 'Der Rhein fließt durch Basel und Köln.'],
        [
          ['Wo gewannen die Panthers?'],
          ['Durch welche Städte fließt der Rhein?', 'Wie heißt der Fluss in Köln?'],
        ],
      ),
    ),
  );
  writeFileSync(
    path.join(dir, 'xquad', 'xquad.en.json'),
    JSON.stringify(
      squad(
        ['The Panthers won the Super Bowl in Santa Clara.', 'The Rhine flows through Basel and Cologne.'],
        [
          ['Where did the Panthers win?'],
          ['Which cities does the Rhine flow through?', 'What is the river in Cologne?'],
        ],
      ),
    ),
  );
  const rows = [
    {
      id: 'm1',
      question: 'Wer regierte Preußen?',
      context: 'Friedrich Wilhelm IV. regierte Preußen.',
      answers: { text: ['Friedrich Wilhelm IV.'] },
    },
    {
      id: 'm2',
      question: 'Wann regierte Friedrich Wilhelm?',
      context: 'Friedrich Wilhelm IV. regierte Preußen.',
      answers: { text: [] },
    },
    {
      id: 'm3',
      question: 'Was ist Basalt?',
      context: 'Basalt ist ein vulkanisches Gestein.',
      answers: { text: ['vulkanisches Gestein'] },
    },
  ];
  writeFileSync(
    path.join(dir, 'mlqa', 'mlqa_de-de_dev.jsonl'),
    rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  return dir;
}
