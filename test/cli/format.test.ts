import {
  formatAnswer,
  formatFetchedModel,
  formatIndexSummary,
  formatStatus,
  formatSummary,
} from '../../src/cli/format';
import type { ServiceStatus } from '../../src/core/service';
import type { IndexSummary } from '../../src/core/index/indexer';
import { abstentionText } from '../../src/core/answer/phrases';
import type { Answer, AnswerLanguage } from '../../src/core/types';

function answerIn(language: AnswerLanguage, text: string): Answer {
  const quote = 'Die Musiker spielten im Amphitheater von Palmyra.';
  return {
    question: '',
    text,
    abstained: false,
    language,
    nearestArticles: [],
    mode: 'extractive',
    citations: [
      {
        n: 1,
        articleId: 'palmyra.txt',
        title: 'Konzert in Palmyra',
        date: '2016-05',
        paragraph: 2,
        quote,
        quoteStart: 10,
        quoteEnd: 10 + quote.length,
        passage: quote,
        passageId: 'palmyra.txt#1',
        score: 1,
      },
    ],
  };
}

describe('formatAnswer', () => {
  it('labels and quotes an English answer in English', () => {
    expect(formatAnswer(answerIn('en', 'According to the articles: “…” [1]'))).toBe(
      [
        'According to the articles: “…” [1]',
        '',
        'Sources:',
        '[1] Konzert in Palmyra (palmyra.txt, 2016-05), ¶ 2',
        '    “Die Musiker spielten im Amphitheater von Palmyra.”',
      ].join('\n'),
    );
  });

  it('labels and quotes a German answer in German', () => {
    expect(formatAnswer(answerIn('de', 'Laut den Artikeln: „…“ [1]'))).toBe(
      [
        'Laut den Artikeln: „…“ [1]',
        '',
        'Quellen:',
        '[1] Konzert in Palmyra (palmyra.txt, 2016-05), Abs. 2',
        '    „Die Musiker spielten im Amphitheater von Palmyra.“',
      ].join('\n'),
    );
  });
});

describe('formatSummary', () => {
  it("labels a summary in the reader's language, whatever the article's", () => {
    const { citations } = answerIn('de', '');
    const summary = {
      articleId: 'palmyra.txt',
      title: 'Konzert in Palmyra',
      text: 'Das Orchester spielte in Palmyra [1].',
      language: 'de' as const,
      citations,
      mode: 'extractive' as const,
    };
    const text = formatSummary(summary as Parameters<typeof formatSummary>[0], 'de');
    expect(text.split('\n')[0]).toBe('Zusammenfassung: Konzert in Palmyra');
    expect(text).toContain('\nQuellen:\n[1] Konzert in Palmyra (palmyra.txt, 2016-05), Abs. 2');
    expect(formatSummary(summary as Parameters<typeof formatSummary>[0], 'en')).toMatch(
      /^Summary: Konzert in Palmyra[\s\S]*\nSources:\n\[1\] .*¶ 2$/,
    );
  });
});

describe('formatAnswer under a filter', () => {
  it('says what was searched when it found nothing there, and nothing when it found an answer', () => {
    const nothing = {
      ...answerIn('en', "The articles don't say anything about that."),
      citations: [],
      abstained: true,
    };
    expect(formatAnswer(nothing, { since: '2024', until: '2024-06' })).toBe(
      "The articles don't say anything about that.\n(Searched only: articles from 2024, articles until 2024-06.)",
    );
    const german = { ...nothing, language: 'de' as const, text: 'Dazu finde ich in den Artikeln nichts.' };
    expect(formatAnswer(german, { article: 'palmyra' })).toBe(
      'Dazu finde ich in den Artikeln nichts.\n(Nur durchsucht: der Artikel „palmyra“.)',
    );
    expect(formatAnswer(nothing)).toBe("The articles don't say anything about that.");
    expect(
      formatAnswer(answerIn('en', 'According to the articles: “…” [1]'), { until: '2024' }),
    ).not.toContain('Searched only');
  });
});

describe('formatFetchedModel', () => {
  it('says where the model is, how big, and what to do with it, in both languages', () => {
    const fetched = {
      modelId: 'Xenova/multilingual-e5-small',
      dir: '/srv/models/Xenova/multilingual-e5-small',
      files: [{}, {}, {}, {}],
      totalBytes: 123_456_789,
    };
    expect(formatFetchedModel(fetched, 'en')).toBe(
      'Model Xenova/multilingual-e5-small is in /srv/models/Xenova/multilingual-e5-small (4 files, 117.7 MB); copy the folder into MODELS_DIR of a host without internet.',
    );
    expect(formatFetchedModel(fetched, 'de')).toBe(
      'Modell Xenova/multilingual-e5-small liegt in /srv/models/Xenova/multilingual-e5-small (4 Dateien, 117,7 MB); kopiere den Ordner nach MODELS_DIR eines Rechners ohne Internet.',
    );
  });
});

describe('formatIndexSummary', () => {
  const summary: IndexSummary = {
    added: 2,
    changed: 0,
    removed: 0,
    unchanged: 0,
    skipped: [],
    passages: 27,
    embeddedPassages: 27,
    deletedLabels: 0,
    compacted: false,
    rebuildReason: 'full rebuild requested',
    written: true,
    durationMs: 400,
    timings: { embeddingMs: 0, insertingMs: 0, writingMs: 0 },
  };

  it('says why the index was rebuilt after the summary, unless the person asked for the rebuild', () => {
    const reason = 'index was built with chunking 500/1 but 800/1 is configured; rebuilding';
    const unasked = formatIndexSummary({ ...summary, rebuildReason: reason }, 'en');
    expect(unasked.split('\n')).toEqual([
      'Index rebuilt: 2 articles, 0 skipped; 27 passages in 0.4 s.',
      '  Why it was rebuilt: index was built with chunking 500/1 but 800/1 is configured',
    ]);
    expect(formatIndexSummary({ ...summary, rebuildReason: reason }, 'de').split('\n')[1]).toBe(
      '  Grund für den Neuaufbau: der Index wurde mit der Zerlegung 500/1 gebaut, eingestellt ist 800/1',
    );
    const asked = formatIndexSummary(summary, 'de', { fullRequested: true });
    expect(asked).not.toContain('full rebuild requested');
    expect(asked.split('\n')).toHaveLength(1);
    // A rebuild counts no article as new: it says how many the index holds.
    expect(asked).toBe('Index neu aufgebaut: 2 Artikel, 0 übersprungen; 27 Passagen in 0,4 s.');
    // A first build is said as one, with no reason: there was no index to rebuild.
    const first = formatIndexSummary(
      { ...summary, rebuildReason: 'no index found in embeddings; rebuilding', firstBuild: true },
      'en',
    );
    expect(first).toBe('Index built: 2 articles, 0 skipped; 27 passages in 0.4 s.');
    const updated = formatIndexSummary(
      { ...summary, rebuildReason: undefined, added: 1, unchanged: 1 },
      'en',
    );
    expect(updated).toBe(
      'Index updated: 1 added, 0 changed, 0 removed, 1 unchanged, 0 skipped; 27 passages in 0.4 s.',
    );
  });

  it("lists skipped files with their reason in the reader's language", () => {
    const skipped = {
      ...summary,
      rebuildReason: undefined,
      skipped: [
        { path: 'scan.bin', reason: 'binary file, not text' },
        { path: 'odd.txt', reason: 'unreadable: ESTALE' },
      ],
    };
    expect(formatIndexSummary(skipped, 'de').split('\n').slice(1)).toEqual([
      '  scan.bin übersprungen: Binärdatei, kein Text',
      '  odd.txt übersprungen: nicht lesbar: ESTALE',
    ]);
    expect(formatIndexSummary(skipped, 'en').split('\n').slice(1)).toEqual([
      '  skipped scan.bin: binary file, not text',
      '  skipped odd.txt: unreadable: ESTALE',
    ]);
  });

  it('says when a skipped file was an indexed article, now left out', () => {
    const removed = {
      ...summary,
      rebuildReason: undefined,
      removed: 1,
      skipped: [
        { path: 'a.txt', reason: 'not valid UTF-8 text (save it as UTF-8)' },
        { path: 'scan.bin', reason: 'binary file, not text' },
      ],
      unreadable: ['a.txt'],
    };
    expect(formatIndexSummary(removed, 'en').split('\n').slice(1)).toEqual([
      '  skipped a.txt: not valid UTF-8 text (save it as UTF-8); the article was indexed and is left out until the file can be read again',
      '  skipped scan.bin: binary file, not text',
    ]);
    expect(formatIndexSummary(removed, 'de').split('\n')[1]).toBe(
      '  a.txt übersprungen: kein gültiger UTF-8-Text (bitte als UTF-8 speichern); der Artikel war im Index und fehlt darin, bis die Datei wieder gelesen werden kann',
    );
  });
});

describe('formatAnswer for an abstention', () => {
  const nearest = [
    { articleId: 'tatort.txt', title: '„Tatort“-Kommissar tritt ab' },
    { articleId: 'palmyra.txt', title: 'Konzert in Palmyra' },
  ];
  const abstained = (text: string): Answer => ({
    ...answerIn('de', text),
    abstained: true,
    citations: [],
    nearestArticles: nearest,
  });

  it('does not list the nearest articles again when the text names them, titles with quotes included', () => {
    const text = abstentionText(
      'de',
      nearest.map((article) => article.title),
    );
    expect(formatAnswer(abstained(text))).toBe(text);
  });

  it('lists them with their ids when the text does not', () => {
    expect(formatAnswer(abstained('Dazu finde ich in den Artikeln nichts.'))).toBe(
      [
        'Dazu finde ich in den Artikeln nichts.',
        '  - „Tatort“-Kommissar tritt ab (tatort.txt)',
        '  - Konzert in Palmyra (palmyra.txt)',
      ].join('\n'),
    );
  });
});

describe('formatStatus', () => {
  const status: ServiceStatus = {
    articles: 4,
    passages: 15,
    embedder: 'builtin:hash',
    dims: 256,
    backend: { kind: 'embedded', location: 'embeddings' },
    vectorIndex: 'hnsw',
    builtAt: '2026-12-07T02:00:00.000Z',
    skipped: [],
    startedAt: '2026-12-07T02:00:00.000Z',
  };
  const now = new Date('2026-12-07T02:01:05.000Z');

  it('leaves out what an index that could not be opened holds: nothing was counted', () => {
    const unusable = formatStatus({ ...status, articles: 0, passages: 0, builtAt: undefined }, 'en', now, {
      session: false,
      usable: false,
    });
    expect(unusable).not.toMatch(/Articles|Passages|Index built|Vector index/);
    expect(unusable).toMatch(/^Embedder: .*\nIndex stored: in files \(embeddings\)$/);
    expect(formatStatus(status, 'en', now, { session: false })).toMatch(/^Articles: 4\nPassages: 15\n/);
  });

  it("tells a session's own last reindex only when there was one", () => {
    const fresh = formatStatus(status, 'de', now);
    expect(fresh).not.toContain('Letzte Aktualisierung');
    expect(fresh).toContain('Laufzeit: 1 min 5 s');
    const summary = {} as IndexSummary;
    const reindexed = formatStatus(
      { ...status, lastReindex: { at: '2026-12-07T02:01:00.000Z', by: 'terminal', summary } },
      'en',
      now,
    );
    expect(reindexed).toMatch(/Last reindex: 2026-12-07 02:01 UTC \(.+\)\nUptime: 1 min 5 s/);
    expect(reindexed).toContain('Index built: 2026-12-07 02:00 UTC');
  });
});
