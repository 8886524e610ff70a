import type { ArticleInfo, ServiceStatus } from '../../../src/core/service';
import {
  articlesPage,
  formatUptime,
  reindexSummaryText,
  statusToReply,
} from '../../../src/discord/format/views';

const articles: ArticleInfo[] = Array.from({ length: 23 }, (_, i) => ({
  id: `a${i}.txt`,
  title: `Titel ${i}`,
  passages: i,
}));

describe('articlesPage', () => {
  it('GIVEN 23 articles THEN page 3 shows three, with Previous enabled and Next disabled', () => {
    const reply = articlesPage(articles, 3, 'en');
    expect(reply.embeds[0]?.description?.split('\n')).toEqual([
      '21. **Titel 20** · 20 passages',
      '22. **Titel 21** · 21 passages',
      '23. **Titel 22** · 22 passages',
    ]);
    expect(reply.embeds[0]?.footer?.text).toBe('Page 3 of 3');
    const [prev, next] = reply.components[0]!.components as Array<{ custom_id: string; disabled: boolean }>;
    expect(prev).toMatchObject({ custom_id: 'q:art:2', disabled: false });
    expect(next).toMatchObject({ custom_id: 'q:art:3', disabled: true });
  });

  it('clamps out-of-range pages and shows no buttons for a single page', () => {
    expect(articlesPage(articles, 99, 'de').embeds[0]?.footer?.text).toBe('Seite 3 von 3');
    expect(articlesPage(articles.slice(0, 3), 1, 'de').components).toEqual([]);
    expect(articlesPage([], 1, 'de').content).toBe('Es sind noch keine Artikel indexiert.');
  });
});

/** A status with nothing skipped; tests override what they look at. */
const baseStatus: ServiceStatus = {
  articles: 2,
  passages: 30,
  embedder: 'builtin',
  dims: 256,
  backend: { kind: 'embedded', location: 'embeddings' },
  vectorIndex: 'flat',
  skipped: [],
  startedAt: '2024-01-01T00:00:00.000Z',
};

describe('status and reindex texts', () => {
  it('formats uptime compactly', () => {
    expect(formatUptime(42_000)).toBe('42 s');
    expect(formatUptime(3_725_000)).toBe('1 h 2 min');
    expect(formatUptime(2 * 86_400_000 + 3_600_000)).toBe('2 d 1 h');
  });

  it('shows the last reindex as a Discord timestamp with who ran it', () => {
    const status: ServiceStatus = {
      ...baseStatus,
      lastReindex: { at: '2024-01-01T00:00:00.000Z', by: '@everyone', summary: {} as never },
    };
    const fields = statusToReply(status, 'de', new Date('2024-01-01T00:01:30.000Z')).embeds[0]!.fields!;
    expect(fields.map((f) => [f.name, f.value])).toEqual([
      ['Artikel', '2'],
      ['Passagen', '30'],
      ['Embedder', 'eingebaut (gehashte Wortmerkmale, 256 Dimensionen, ohne Modelldateien)'],
      ['Index liegt', 'in Dateien'],
      ['Vektorindex', 'flach (exakt)'],
      ['Letzte Aktualisierung', '<t:1704067200:f> (@\u200beveryone)'],
      ['Laufzeit', '1 min 30 s'],
    ]);
  });

  it("names the product's own starters of a reindex in the reader's language, people as they are", () => {
    const status = (by: string): ServiceStatus => ({
      ...baseStatus,
      lastReindex: { at: '2024-01-01T00:00:00.000Z', by, summary: {} as never },
      reindexing: { by, startedAt: '2024-01-01T00:01:00.000Z' },
    });
    const now = new Date('2024-01-01T00:01:30.000Z');
    const last = (by: string, locale: 'de' | 'en'): string | undefined =>
      statusToReply(status(by), locale, now).embeds[0]!.fields!.find((f) =>
        ['Letzte Aktualisierung', 'Last reindex'].includes(f.name),
      )?.value;
    expect(last('start-up', 'de')).toBe('<t:1704067200:f> (Programmstart)');
    expect(last('start-up', 'en')).toBe('<t:1704067200:f> (start-up)');
    expect(last('watcher', 'de')).toBe('<t:1704067200:f> (Ordnerüberwachung)');
    expect(last('schedule', 'en')).toBe('<t:1704067200:f> (schedule)');
    expect(last('@anna', 'de')).toBe('<t:1704067200:f> (@anna)');
    expect(statusToReply(status('cli'), 'de', now).embeds[0]!.description).toBe(
      'Aktualisierung läuft (gestartet über die Kommandozeile um <t:1704067260:T>)',
    );
  });

  it('summarises a reindex with added / changed / removed / skipped', () => {
    const text = reindexSummaryText(
      {
        added: 1,
        changed: 2,
        removed: 3,
        unchanged: 4,
        passages: 50,
        durationMs: 1234,
        skipped: [{ path: 'x.pdf', reason: 'unsupported' }],
      } as never,
      'en',
    );
    expect(text).toBe(
      'Index updated: 1 added, 2 changed, 3 removed, 4 unchanged, 1 skipped; 50 passages in 1.2 s.\n• x.pdf: unsupported',
    );
  });

  it("gives the reason a file was skipped in the reader's language", () => {
    const summary = {
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 1,
      passages: 5,
      durationMs: 100,
      skipped: [{ path: 'scan.txt', reason: 'binary file, not text' }],
    } as never;
    expect(reindexSummaryText(summary, 'de').split('\n')[1]).toBe('• scan.txt: Binärdatei, kein Text');
    expect(reindexSummaryText(summary, 'en').split('\n')[1]).toBe('• scan.txt: binary file, not text');
  });

  it('says when a skipped file was an indexed article, now left out', () => {
    const summary = {
      added: 0,
      changed: 0,
      removed: 1,
      unchanged: 1,
      passages: 5,
      durationMs: 100,
      skipped: [{ path: 'scan.txt', reason: 'binary file, not text' }],
      unreadable: ['scan.txt'],
    } as never;
    expect(reindexSummaryText(summary, 'en').split('\n')[1]).toBe(
      '• scan.txt: binary file, not text; the article was indexed and is left out until the file can be read again',
    );
  });
});
