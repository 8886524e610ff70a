import { existsSync } from 'node:fs';
import path from 'node:path';
import { chunkUnit, loadGnadDistractors, loadMLQA, loadXQuAD } from '../../tools/eval/datasets';
import { writeTinyData } from './tinyData';

const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

describe('dataset loaders', () => {
  it('maps XQuAD questions of either language to the German paragraph with the same question id', () => {
    const dir = writeTinyData();
    const de = loadXQuAD(dir, 'de');
    const en = loadXQuAD(dir, 'en');
    expect(de.units.map((u) => u.text)).toEqual(en.units.map((u) => u.text));
    expect(en.units[1]!.text).toContain('Köln');
    expect(en.questions.map((q) => [q.id, q.unitId])).toEqual(de.questions.map((q) => [q.id, q.unitId]));
    expect(en.questions[2]).toEqual({
      id: 'id-1-1',
      question: 'What is the river in Cologne?',
      unitId: de.units[1]!.id,
      // The gold answer is the German span, also for the English question.
      answers: ['Rhein'],
    });
  });

  it('makes one MLQA unit per distinct context', () => {
    const mlqa = loadMLQA(writeTinyData());
    expect(mlqa.units).toHaveLength(2);
    expect(mlqa.questions.map((q) => q.unitId)).toEqual([
      mlqa.units[0]!.id,
      mlqa.units[0]!.id,
      mlqa.units[1]!.id,
    ]);
    expect(mlqa.questions.map((q) => q.answers)).toEqual([
      ['Friedrich Wilhelm IV.'],
      [],
      ['vulkanisches Gestein'],
    ]);
  });

  it('reads the shared datasets with their documented sizes', () => {
    if (!existsSync(SHARED_DATA)) {
      console.log(`skipped: ${SHARED_DATA} not found (shared evaluation data is absent)`);
      return;
    }
    const de = loadXQuAD(SHARED_DATA, 'de');
    expect([de.units.length, de.questions.length]).toEqual([240, 1190]);
    expect(loadXQuAD(SHARED_DATA, 'en').questions).toHaveLength(1190);
    const mlqa = loadMLQA(SHARED_DATA);
    expect([mlqa.units.length, mlqa.questions.length]).toEqual([456, 512]);
    expect(loadGnadDistractors(SHARED_DATA)).toHaveLength(1028);
  });
});

describe('chunkUnit', () => {
  const text =
    'Erster Satz über Palmyra. Zweiter Satz über die Armee. Dritter Satz über das Orchester. Vierter Satz zum Schluss.';

  it('keeps a short unit whole', () => {
    const [only, ...rest] = chunkUnit({ id: 'u', text }, 1000);
    expect(rest).toEqual([]);
    expect(only!.text).toBe(text);
    expect(chunkUnit({ id: 'u', text }, 0)).toHaveLength(1);
  });

  it('packs sentences up to the limit, with one sentence of overlap and exact offsets', () => {
    const passages = chunkUnit({ id: 'u', text }, 60, 1);
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.text).toBe(text.slice(p.start, p.end));
      expect(p.text.length).toBeLessThanOrEqual(60);
      expect(p.articleId).toBe('u');
    }
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `u#${i}`));
    expect(passages[1]!.text.startsWith('Zweiter')).toBe(true);
    expect(passages[0]!.text).toContain('Zweiter');
    expect(passages.at(-1)!.text.endsWith('Schluss.')).toBe(true);
  });
});
