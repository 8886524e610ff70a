import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  benchQuestions,
  generateCorpus,
  loadSourceMaterial,
  mutateArticles,
  type BenchArticle,
} from '../../tools/bench/corpus';

/** One passage per paragraph: fast and good enough to test the generator's bookkeeping. */
const paragraphs = (article: BenchArticle): number => article.content.split('\n\n').length - 2;

const builtin = loadSourceMaterial({});

describe('generateCorpus', () => {
  it('produces identical files for the same seed', () => {
    const a = generateCorpus(builtin, { targetPassages: 300, seed: 5, countPassages: paragraphs });
    const b = generateCorpus(builtin, { targetPassages: 300, seed: 5, countPassages: paragraphs });
    expect(b).toEqual(a);
  });

  it('produces different text for another seed', () => {
    const a = generateCorpus(builtin, { targetPassages: 300, seed: 5, countPassages: paragraphs });
    const b = generateCorpus(builtin, { targetPassages: 300, seed: 6, countPassages: paragraphs });
    expect(b.articles.map((x) => x.content)).not.toEqual(a.articles.map((x) => x.content));
  });

  it('stops as soon as the passage target is reached', () => {
    const { articles, passages } = generateCorpus(builtin, {
      targetPassages: 250,
      seed: 1,
      countPassages: paragraphs,
    });
    const counted = articles.map(paragraphs);
    expect(passages).toBe(counted.reduce((sum, n) => sum + n, 0));
    expect(passages).toBeGreaterThanOrEqual(250);
    expect(passages - counted[counted.length - 1]!).toBeLessThan(250);
  });

  it('writes markdown articles with a date and a title under unique paths', () => {
    const { articles } = generateCorpus(builtin, { targetPassages: 100, seed: 2, countPassages: paragraphs });
    expect(new Set(articles.map((a) => a.file)).size).toBe(articles.length);
    for (const article of articles) {
      expect(article.file).toMatch(/^gen\/\d{3}\/\d{6}\.md$/);
      expect(article.content).toMatch(/^---\ndate: \d{4}-\d{2}-\d{2}\n---\n\n# \S/);
    }
  });

  it('puts gold articles first', () => {
    const material = { ...builtin, goldArticles: [{ file: 'gold/1.txt', content: 'A.\n\nB.\n\nC.\n' }] };
    const { articles } = generateCorpus(material, { targetPassages: 50, seed: 2, countPassages: () => 1 });
    expect(articles[0]!.file).toBe('gold/1.txt');
  });
});

describe('mutateArticles', () => {
  const { articles } = generateCorpus(builtin, { targetPassages: 2000, seed: 3, countPassages: paragraphs });

  it('changes 1 % of the articles, each one once, deterministically', () => {
    const changed = mutateArticles(articles, 0.01, 9);
    expect(changed).toHaveLength(Math.round(articles.length * 0.01));
    expect(new Set(changed.map((a) => a.file)).size).toBe(changed.length);
    expect(mutateArticles(articles, 0.01, 9)).toEqual(changed);
    const before = new Map(articles.map((a) => [a.file, a.content]));
    for (const article of changed) {
      expect(article.content).not.toBe(before.get(article.file));
      expect(article.content.startsWith(before.get(article.file)!)).toBe(true);
    }
  });

  it('changes at least one article and never a gold one', () => {
    const withGold = [{ file: 'xquad/0/0.txt', content: 'x' }, ...articles.slice(0, 3)];
    const changed = mutateArticles(withGold, 0.01, 1);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.file.startsWith('gen/')).toBe(true);
  });
});

describe('benchQuestions', () => {
  it('derives the requested number of questions from generated articles, deterministically', () => {
    const { articles } = generateCorpus(builtin, { targetPassages: 300, seed: 4, countPassages: paragraphs });
    const questions = benchQuestions(builtin, articles, 50, 4);
    expect(questions).toHaveLength(50);
    expect(benchQuestions(builtin, articles, 50, 4)).toEqual(questions);
    for (const question of questions) expect(question).toMatch(/^Was ist über .+ bekannt\?$/);
  });

  it('uses gold questions whose article is in the corpus first', () => {
    const material = {
      ...builtin,
      goldQuestions: [
        { question: 'Wer war da?', articleId: 'gold/1.txt' },
        { question: 'Fehlt?', articleId: 'gold/missing.txt' },
      ],
    };
    const articles = [
      { file: 'gold/1.txt', content: 'x' },
      ...generateCorpus(builtin, { targetPassages: 100, seed: 1, countPassages: paragraphs }).articles,
    ];
    const questions = benchQuestions(material, articles, 5, 1);
    expect(questions[0]).toBe('Wer war da?');
    expect(questions).not.toContain('Fehlt?');
  });
});

describe('loadSourceMaterial with the shared evaluation data', () => {
  const dataDir = path.resolve(__dirname, '../../../shared/data');
  const present = existsSync(path.join(dataDir, 'xquad', 'xquad.de.json'));

  (present ? it : it.skip)('keeps XQuAD paragraphs verbatim as gold and out of the sentence pool', () => {
    const material = loadSourceMaterial({ dataDir });
    expect(material.goldArticles.length).toBeGreaterThan(200);
    const goldFiles = new Set(material.goldArticles.map((a) => a.file));
    expect(material.goldQuestions.length).toBeGreaterThan(500);
    for (const question of material.goldQuestions) expect(goldFiles.has(question.articleId)).toBe(true);
    const pool = new Set(material.documents.flat());
    const goldSentence = material.goldArticles[0]!.content.split('. ')[0]!;
    expect([...pool].some((sentence) => sentence.startsWith(goldSentence))).toBe(false);
  });

  if (!present) console.log(`skipping shared-data corpus test: no XQuAD under ${dataDir}`);
});
