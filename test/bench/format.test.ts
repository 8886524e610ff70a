import {
  checkTargets,
  formatReadmeSection,
  formatReport,
  README_END,
  README_START,
  replaceReadmeSection,
} from '../../tools/bench/format';
import type { BenchReport, SizeResult } from '../../tools/bench/results';
import { summarizeLatencies } from '../../tools/bench/stats';

describe('replaceReadmeSection', () => {
  it('appends a Performance heading with markers when the README has none', () => {
    const result = replaceReadmeSection('# quellen\n\nText.\n', 'numbers');
    expect(result).toBe(`# quellen\n\nText.\n\n## Performance\n\n${README_START}\nnumbers\n${README_END}\n`);
  });

  it('replaces only the text between the markers', () => {
    const readme = `# q\n\n## Performance\n\n${README_START}\nold\nlines\n${README_END}\n\n## License\nMIT\n`;
    expect(replaceReadmeSection(readme, 'new')).toBe(
      `# q\n\n## Performance\n\n${README_START}\nnew\n${README_END}\n\n## License\nMIT\n`,
    );
  });

  it('is idempotent for the same section', () => {
    const once = replaceReadmeSection('# q\n', 'numbers');
    expect(replaceReadmeSection(once, 'numbers')).toBe(once);
  });

  it('refuses a README with only one marker or markers out of order', () => {
    expect(() => replaceReadmeSection(`a ${README_START} b`, 'x')).toThrow(/markers/);
    expect(() => replaceReadmeSection(`${README_END} a ${README_START}`, 'x')).toThrow(/markers/);
  });
});

const latency = (value: number) => summarizeLatencies([value]);

function sizeResult(
  overrides: {
    p95?: number;
    recall?: number;
    buildMs?: number;
    share?: number;
    startupMs?: number;
    bytes?: number;
    lexicalP95?: number;
    passages?: number;
    rssMiB?: number;
    withoutPeers?: boolean;
  } = {},
): SizeResult {
  const passages = overrides.passages ?? 100_000;
  const buildMs = overrides.buildMs ?? 60_000;
  return {
    targetPassages: passages,
    articles: 15_000,
    passages,
    corpusOrigin: 'test',
    loadAverage: [1, 2],
    questions: { latency: 200, warmup: 20, gold: 500 },
    generateMs: 1,
    build: {
      ms: buildMs,
      wallMs: buildMs,
      serviceCpuMs: buildMs,
      passagesPerSecond: (passages * 1000) / buildMs,
      embeddingMs: 1,
      insertingMs: 1,
      writingMs: 1,
      otherMs: 1,
    },
    incremental: {
      changedArticles: 150,
      embeddedPassages: 1000,
      ms: (overrides.share ?? 0.015) * buildMs,
      wallMs: 1,
      serviceCpuMs: 1,
      shareOfFull: overrides.share ?? 0.015,
      embeddingMs: 1,
      insertingMs: 1,
      writingMs: 1,
    },
    query: {
      embed: latency(1),
      dense: latency(1),
      lexical: latency(overrides.lexicalP95 ?? 2),
      fusion: latency(0.1),
      answer: latency(5),
      total: latency(10),
      totalWithoutEmbed: { ...latency(9), p95: overrides.p95 ?? 12 },
      totalCpu: latency(9),
    },
    startup: {
      cliMs: [overrides.startupMs ?? 900],
      cliMedianMs: overrides.startupMs ?? 900,
      cliMinMs: 800,
      probeMedian: { modulesMs: 1, appMs: 1, openMs: 1, answerMs: 1, openOnlyMs: 1, cpuMs: 1 },
      peakRssMiB: overrides.rssMiB ?? 300,
    },
    load: {
      indexLoadMs: 1,
      lexicalRebuildMs: 1,
      lexicalRebuildCpuMs: 1,
      lexicalSerializeMs: 1,
      lexicalLoadMs: 1,
      lexicalBytes: 1,
    },
    disk: { files: {}, bytes: 1, bytesPerPassage: overrides.bytes ?? 1500, vectorsBytesPerPassage: 1200 },
    memory: { servingPeakRssMiB: 1, workerPeakRssMiB: 1 },
    exact: {
      k: 10,
      queries: 200,
      recall: overrides.recall ?? 0.999,
      minRecall: 0.9,
      m: 16,
      efConstruction: 100,
      efSearch: 128,
      hnsw: latency(0.5),
      exact: latency(10),
      sweep: [{ efSearch: 256, recall: 0.995, minRecall: 0.9, p50Ms: 0.7 }],
    },
    peers: overrides.withoutPeers
      ? { ours: { lexicalBuildMs: 1, lexical: latency(2), r1: 0.8 }, skipped: 'too slow' }
      : {
          ours: { lexicalBuildMs: 1, lexical: latency(2), r1: 0.8 },
          minisearch: { buildMs: 1, query: latency(30), r1: 0.7 },
          lancedb: { buildMs: 2, query: latency(20), r1: 0.75, rssMiB: 300, diskBytesPerPassage: 1200 },
          naive: { chunks: 1, buildMs: 1, query: latency(50), scan: latency(49), r1: 0.6 },
        },
  };
}

function report(size: SizeResult | SizeResult[], neuralRatio?: number): BenchReport {
  const base: BenchReport = {
    date: '2026-01-01',
    command: 'node dist/cli/main.js bench',
    quick: false,
    machine: {
      cpuModel: 'CPU',
      cores: 2,
      memoryGiB: 24,
      node: 'v20',
      platform: 'Linux',
      loadAverage: [1, 1, 1],
    },
    durationMs: 60_000,
    sizes: Array.isArray(size) ? size : [size],
    notes: [],
  };
  if (neuralRatio === undefined) return base;
  base.neural = {
    modelId: 'm',
    shape: {
      layers: 12,
      hidden: 384,
      heads: 12,
      ffn: 1536,
      vocabSize: 250037,
      maxPositions: 512,
      typeVocabSize: 2,
      seed: 1,
    },
    passages: 10,
    meanChars: 400,
    meanTokens: 100,
    maxTokens: 150,
    rows: [
      {
        batchSize: 16,
        ours: 10,
        oursPretokenized: 10,
        raw: 11,
        oursUnsorted: 9,
        ratio: 1.5,
        cpuRatio: neuralRatio,
        pretokenizedCpuRatio: 1,
      },
    ],
    queryMs: { ours: 20, raw: 19, ratio: 1.05 },
    loadAverage: 3,
  };
  return base;
}

describe('checkTargets', () => {
  it('meets every target with figures inside the limits', () => {
    const checks = checkTargets(report(sizeResult(), 1.05));
    expect(checks).toHaveLength(9);
    expect(checks.every((check) => check.ok)).toBe(true);
  });

  it('says by how much a missed target is missed', () => {
    const checks = checkTargets(
      report(sizeResult({ p95: 30, lexicalP95: 6, startupMs: 3000, bytes: 2500, share: 0.08 }), 1.21),
    );
    const missed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.target, c.miss]));
    expect(missed).toEqual({
      '≤ 15 ms': '15.0 ms (100 %)',
      '≤ 5 ms': '1.0 ms (20 %)',
      '≤ 1 s': '2.00 s (200 %)',
      '≤ 2,000 bytes/passage': '500 bytes (25 %)',
      '≤ 2 % of full build': '6.0 points',
      '≤ 1.10×': '0.11× (10 %)',
    });
  });

  it('checks the build against the rate of 100k passages in 120 s', () => {
    const slow = checkTargets(report(sizeResult({ buildMs: 150_000 })));
    const build = slow.find((check) => check.name.startsWith('full build'))!;
    expect(build.ok).toBe(false);
    expect(build.value).toBe('667 passages/s (150.00 s)');
  });

  it('checks that quellen is faster than each peer and more often right, naming where it is not', () => {
    const size = sizeResult();
    const ahead = checkTargets(report(size)).find((check) => check.name.startsWith('ahead of every peer'))!;
    expect(ahead).toMatchObject({ ok: true, value: 'all 3 peers' });
    size.peers.lancedb = { ...size.peers.lancedb!, query: { ...size.peers.lancedb!.query, p50: 4 }, r1: 0.8 };
    const behind = checkTargets(report(size)).find((check) => check.name.startsWith('ahead of every peer'))!;
    expect(behind).toMatchObject({
      ok: false,
      value: 'behind LanceDB on latency (4.00 vs 9.00 ms), LanceDB on R@1 (0.800 vs 0.800)',
      miss: '2 of 6 comparisons',
    });
    // Without evaluation data R@1 is not a number (null once written as JSON): latency alone.
    const unranked = sizeResult();
    unranked.peers.ours.r1 = Number.NaN;
    unranked.peers.lancedb = { ...unranked.peers.lancedb!, r1: null as unknown as number };
    expect(
      checkTargets(report(unranked)).find((check) => check.name.startsWith('ahead of every peer')),
    ).toMatchObject({ ok: true, value: 'all 3 peers (R@1 not compared: no evaluation data)' });
    // Without peers at that size there is nothing to compare.
    const none = checkTargets(report(sizeResult({ withoutPeers: true })));
    expect(none.some((check) => check.name.startsWith('ahead of every peer'))).toBe(false);
  });

  it('flags recall below 0.99', () => {
    const recall = checkTargets(report(sizeResult({ recall: 0.98 }))).find(
      (check) => check.target === '≥ 0.99',
    )!;
    expect(recall.ok).toBe(false);
  });
});

describe('checkTargets with --large', () => {
  const sizes = (large: Parameters<typeof sizeResult>[0]) => [
    sizeResult({ passages: 10_000, buildMs: 5_000 }),
    sizeResult({ passages: 100_000, startupMs: 800 }),
    sizeResult({ passages: 1_000_000, buildMs: 900_000, withoutPeers: true, ...large }),
  ];

  it('checks the 100k targets at 100k and the 1M targets at 1M', () => {
    // In any order: the 100k targets are checked at the largest size up to 100k.
    const checks = checkTargets(
      report(sizes({ p95: 30, startupMs: 2500, rssMiB: 3000, recall: 0.9 }).reverse()),
    );
    expect(checks).toHaveLength(11);
    // Recall and start-up of the 1M size do not count against the 100k targets.
    expect(checks.every((check) => check.ok)).toBe(true);
    expect(checks.filter((check) => check.name.endsWith('at 1M')).map((check) => check.target)).toEqual([
      '≤ 40 ms',
      '≤ 3 s',
      '≤ 4 GiB',
    ]);
  });

  it('says by how much the 1M targets are missed', () => {
    const checks = checkTargets(report(sizes({ p95: 50, startupMs: 4500, rssMiB: 5120 })));
    const missed = Object.fromEntries(checks.filter((c) => !c.ok).map((c) => [c.target, c.miss]));
    expect(missed).toEqual({
      '≤ 40 ms': '10.0 ms (25 %)',
      '≤ 3 s': '1.50 s (50 %)',
      '≤ 4 GiB': '1.00 GiB (25 %)',
    });
  });

  it('states the growth of each figure and leaves out peers not run', () => {
    const r = report(sizes({}));
    r.command = 'npm run bench -- --large';
    const section = formatReadmeSection(r);
    expect(section).toContain('`npm run bench -- --large`');
    expect(section).toContain('| growth | 10k | 100k | 1M | 10k → 100k | 100k → 1M |');
    expect(section).toContain('| full build s | 5.0 | 60.0 | 900.0 | 12.00× | 15.00× |');
    expect(section).toContain('passages grow 10.00×, 10.00×');
    expect(section).toMatch(/\| naive build s vs ours \(ratio\) \| [^|]+ \| [^|]+ \| – \|/);
    expect(formatReadmeSection(report(sizeResult()))).not.toContain('Growth');
  });
});

describe('formatReport and formatReadmeSection', () => {
  it('show each size, the ratios and the exact command and machine', () => {
    const r = report(sizeResult(), 1.05);
    const text = formatReport(r);
    expect(text).toContain('100k passages');
    expect(text).toContain('0.07×'); // BM25 query p50 ours 2 / minisearch 30
    expect(text).toContain('20.00 / 20.00 vs 10.00 / 10.00 (0.50×)'); // LanceDB p50 / p95 vs ours total
    expect(text).toContain('300 / 1200'); // LanceDB RSS growth, disk bytes per passage
    expect(text).toContain('0.800 / 0.700 / – / 0.750 / 0.600'); // R@1 ours / minisearch / orama / lancedb / naive
    const section = formatReadmeSection(r);
    expect(section).toContain('`node dist/cli/main.js bench`');
    expect(section).toContain('2 cores, CPU, 24 GiB RAM, Node v20');
    expect(section).toContain('| 16 | 10.0 | 11.0 | 1.50× | 1.05× | 9.0 |');
  });
});
