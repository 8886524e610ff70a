import type { BenchReport, SizeResult } from './results';
import { ratio } from './stats';

/** Turning a {@link BenchReport} into the terminal table, the target check and the README section. */

/** One target of the issue, checked against the largest measured size. */
export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  ok: boolean;
  /** How far off a missed target is, e.g. "+3.1 ms (12 %)". */
  miss?: string;
}

/** README markers that enclose the generated Performance section. */
export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const seconds = (ms: number): string => fixed(ms / 1000, 2);
const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const size = (count: number): string =>
  count >= 1_000_000
    ? `${Math.round(count / 100_000) / 10}M`
    : count >= 1000
      ? `${Math.round(count / 1000)}k`
      : String(count);

/** A target that a figure must not exceed; `shown` overrides how the figure is written. */
function atMost(
  name: string,
  target: string,
  value: number,
  limit: number,
  unit: string,
  digits = 1,
  options: { shown?: string } = {},
): TargetCheck {
  return {
    name,
    target,
    value: options.shown ?? `${fixed(value, 2)}${unit}`,
    ok: value <= limit,
    ...(value > limit ? { miss: missBy(value, limit, unit, digits) } : {}),
  };
}

function missBy(value: number, limit: number, unit: string, digits = 1): string {
  const over = Math.abs(value - limit);
  return `${over.toFixed(digits)}${unit} (${Math.round((over / limit) * 100)} %)`;
}

/** The size the 100k targets are checked at: the largest size of at most 100k passages. */
const STANDARD_TARGET_SIZE = 100_000;
/** The size of the large-collection targets (`--large`). */
const LARGE_TARGET_SIZE = 1_000_000;

/**
 * The issue's targets: those for 100k passages on the largest size up to 100k, those for 1M
 * passages on a size of 1M when the run has one (`--large`), and the neural figures.
 */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const standard = report.sizes
    .filter((s) => s.targetPassages <= STANDARD_TARGET_SIZE)
    .sort((a, b) => a.targetPassages - b.targetPassages);
  const largest = standard[standard.length - 1];
  const checks: TargetCheck[] = [];
  if (largest) {
    const at = `at ${size(largest.passages)}`;
    const p95 = largest.query.totalWithoutEmbed.p95;
    checks.push(atMost(`query total p95 without query embedding ${at}`, '≤ 15 ms', p95, 15, ' ms'));
    checks.push(atMost(`lexical search p95 ${at}`, '≤ 5 ms', largest.query.lexical.p95, 5, ' ms'));
    const recall = largest.exact.recall;
    checks.push({
      name: `HNSW recall@10 vs exact ${at}`,
      target: '≥ 0.99',
      value: fixed(recall, 4),
      ok: recall >= 0.99,
      ...(recall < 0.99 ? { miss: missBy(recall, 0.99, '', 4) } : {}),
    });
    // 100k passages in 120 s is a rate; smaller sizes are checked against the same rate.
    const rate = largest.build.passagesPerSecond;
    const wanted = 100_000 / 120;
    checks.push({
      name: `full build rate ${at}`,
      target: '≥ 833 passages/s (100k in 120 s)',
      value: `${fixed(rate, 0)} passages/s (${seconds(largest.build.ms)} s)`,
      ok: rate >= wanted,
      ...(rate < wanted ? { miss: missBy(rate, wanted, ' passages/s', 0) } : {}),
    });
    const share = largest.incremental.shareOfFull;
    checks.push({
      name: `incremental 1 % update ${at}`,
      target: '≤ 2 % of full build',
      value: `${fixed(share * 100, 1)} %`,
      ok: share <= 0.02,
      ...(share > 0.02 ? { miss: `${fixed((share - 0.02) * 100, 1)} points` } : {}),
    });
    const startup = largest.startup.cliMedianMs / 1000;
    checks.push(atMost(`start-up to first answer ${at}`, '≤ 1 s', startup, 1, ' s', 2));
    checks.push(
      atMost(
        `index on disk ${at}`,
        '≤ 2,000 bytes/passage',
        largest.disk.bytesPerPassage,
        2000,
        ' bytes',
        0,
        {
          shown: `${fixed(largest.disk.bytesPerPassage, 0)} bytes/passage`,
        },
      ),
    );
  }
  if (largest) {
    const check = peerCheck(largest);
    if (check) checks.push(check);
  }
  const large = report.sizes.find((s) => s.targetPassages >= LARGE_TARGET_SIZE);
  if (large) {
    const at = `at ${size(large.passages)}`;
    const p95 = large.query.totalWithoutEmbed.p95;
    checks.push(atMost(`query total p95 without query embedding ${at}`, '≤ 40 ms', p95, 40, ' ms'));
    const startup = large.startup.cliMedianMs / 1000;
    checks.push(atMost(`start-up to first answer ${at}`, '≤ 3 s', startup, 3, ' s', 2));
    // A process answering from the index: the start-up probe (opens the index, answers once).
    const rssGiB = large.startup.peakRssMiB / 1024;
    checks.push(
      atMost(`peak RSS of a process answering from the index ${at}`, '≤ 4 GiB', rssGiB, 4, ' GiB', 2),
    );
  }
  const row = neuralRow(report);
  if (row) {
    checks.push({
      name: `neural overhead, batch ${row.batchSize} (ours / raw session.run, CPU time)`,
      target: '≤ 1.10×',
      value: `${times(row.cpuRatio)} (wall ${times(row.ratio)})`,
      ok: row.cpuRatio <= 1.1,
      ...(row.cpuRatio > 1.1 ? { miss: missBy(row.cpuRatio, 1.1, '×', 2) } : {}),
    });
  }
  return checks;
}

/** The neural row at the production batch size (16) or else the first measured one. */
function neuralRow(report: BenchReport) {
  const rows = report.neural?.rows ?? [];
  return rows.find((row) => row.batchSize === 16) ?? rows[0];
}

type Row = [string, ...string[]];

/** Rows of the per-size table: a label and one cell per size. */
function sizeRows(sizes: readonly SizeResult[]): Row[] {
  const each = (label: string, cell: (s: SizeResult) => string): Row => [label, ...sizes.map(cell)];
  const latency = (label: string, pick: (s: SizeResult) => { p50: number; p95: number; p99: number }): Row =>
    each(label, (s) => {
      const l = pick(s);
      return `${fixed(l.p50, 2)} / ${fixed(l.p95, 2)} / ${fixed(l.p99, 2)}`;
    });
  return [
    each('articles / passages', (s) => `${s.articles} / ${s.passages}`),
    each(
      'full build s (passages/s)',
      (s) => `${seconds(s.build.ms)} (${fixed(s.build.passagesPerSecond, 0)})`,
    ),
    each(
      '  embed / insert / write / other s',
      (s) =>
        `${seconds(s.build.embeddingMs)} / ${seconds(s.build.insertingMs)} / ${seconds(s.build.writingMs)} / ${seconds(s.build.otherMs)}`,
    ),
    each(
      '  CPU s of service.reindex (wall s)',
      (s) => `${seconds(s.build.serviceCpuMs)} (${seconds(s.build.wallMs)})`,
    ),
    each(
      'incremental 1 % s (share of full)',
      (s) => `${seconds(s.incremental.ms)} (${fixed(s.incremental.shareOfFull * 100, 1)} %)`,
    ),
    latency('query embed ms p50/p95/p99', (s) => s.query.embed),
    latency('  dense search', (s) => s.query.dense),
    latency('  lexical search', (s) => s.query.lexical),
    latency('  fusion', (s) => s.query.fusion),
    latency('  answer composition', (s) => s.query.answer),
    latency('  total', (s) => s.query.total),
    latency('  total without embed', (s) => s.query.totalWithoutEmbed),
    latency('  total, CPU time', (s) => s.query.totalCpu),
    each(
      'start-up to 1st answer s (CLI, median / min)',
      (s) => `${seconds(s.startup.cliMedianMs)} / ${seconds(s.startup.cliMinMs)}`,
    ),
    each(
      '  probe: app / open / answer s (CPU s)',
      (s) =>
        `${seconds(s.startup.probeMedian.appMs)} / ${seconds(s.startup.probeMedian.openMs)} / ${seconds(s.startup.probeMedian.answerMs)} (${seconds(s.startup.probeMedian.cpuMs)})`,
    ),
    each(
      '  index load / lexical rebuild s',
      (s) => `${seconds(s.load.indexLoadMs)} / ${seconds(s.load.lexicalRebuildMs)}`,
    ),
    each(
      '  lexical cache: MB / load s',
      (s) => `${fixed(s.load.lexicalBytes / 1e6, 1)} / ${seconds(s.load.lexicalLoadMs)}`,
    ),
    each(
      'peak RSS MiB (start-up / build+queries)',
      (s) => `${fixed(s.startup.peakRssMiB, 0)} / ${fixed(s.memory.servingPeakRssMiB, 0)}`,
    ),
    each(
      'disk bytes/passage (vectors)',
      (s) => `${fixed(s.disk.bytesPerPassage, 0)} (${fixed(s.disk.vectorsBytesPerPassage, 0)})`,
    ),
    each(
      'HNSW recall@10 vs exact (min)',
      (s) => `${fixed(s.exact.recall, 4)} (${fixed(s.exact.minRecall, 2)})`,
    ),
    each(
      '  HNSW / exact p50 ms (ratio)',
      (s) =>
        `${fixed(s.exact.hnsw.p50, 3)} / ${fixed(s.exact.exact.p50, 3)} (${times(ratio(s.exact.hnsw.p50, s.exact.exact.p50))})`,
    ),
    each('  flat index (`VECTOR_INDEX=flat`) p50 / p95 ms, recall@10', (s) =>
      s.exact.flat
        ? `${fixed(s.exact.flat.p50, 2)} / ${fixed(s.exact.flat.p95, 2)}, ${fixed(s.exact.flatRecall ?? Number.NaN, 4)}`
        : '–',
    ),
    each('  recall@10 at efSearch (p50 ms)', (s) =>
      s.exact.sweep
        .map((point) => `${point.efSearch}: ${fixed(point.recall, 3)} (${fixed(point.p50Ms, 2)})`)
        .join(', '),
    ),
    each(
      'BM25 build ms ours / minisearch (ratio)',
      (s) =>
        `${fixed(s.peers.ours.lexicalBuildMs, 0)} / ${fixed(s.peers.minisearch?.buildMs ?? Number.NaN, 0)} (${times(ratio(s.peers.ours.lexicalBuildMs, s.peers.minisearch?.buildMs ?? Number.NaN))})`,
    ),
    each(
      'BM25 query p50 ms ours / minisearch',
      (s) =>
        `${fixed(s.peers.ours.lexical.p50, 2)} / ${fixed(s.peers.minisearch?.query.p50 ?? Number.NaN, 2)} (${times(ratio(s.peers.ours.lexical.p50, s.peers.minisearch?.query.p50 ?? Number.NaN))})`,
    ),
    each('naive build s vs ours (ratio)', (s) =>
      s.peers.naive
        ? `${seconds(s.peers.naive.buildMs)} vs ${seconds(s.build.ms)} (${times(ratio(s.build.ms, s.peers.naive.buildMs))})`
        : '–',
    ),
    each('naive query p50 ms vs ours total', (s) =>
      s.peers.naive
        ? `${fixed(s.peers.naive.query.p50, 2)} vs ${fixed(s.query.total.p50, 2)} (${times(ratio(s.query.total.p50, s.peers.naive.query.p50))})`
        : '–',
    ),
    each('Orama hybrid build s (vectors given) vs ours insert+write', (s) =>
      s.peers.orama
        ? `${fixed(s.peers.orama.buildMs / 1000, 2)} vs ${fixed((s.build.insertingMs + s.build.writingMs) / 1000, 2)}`
        : '–',
    ),
    each('Orama query p50 / p95 ms vs ours total (ours / Orama p50)', (s) =>
      s.peers.orama
        ? `${fixed(s.peers.orama.query.p50, 2)} / ${fixed(s.peers.orama.query.p95, 2)}${sampledNote(s.peers.orama.sampled, 'latency')} vs ${fixed(s.query.total.p50, 2)} / ${fixed(s.query.total.p95, 2)} (${times(ratio(s.query.total.p50, s.peers.orama.query.p50))})`
        : '–',
    ),
    each('Orama heap MiB / saved bytes per passage', (s) =>
      s.peers.orama
        ? `${fixed(s.peers.orama.heapMiB, 0)} / ${
            s.peers.orama.savedBytesPerPassage === null
              ? 'over 512 MB in one part'
              : fixed(s.peers.orama.savedBytesPerPassage, 0)
          }`
        : '–',
    ),
    each('LanceDB hybrid build s (vectors given) vs ours insert+write', (s) =>
      s.peers.lancedb
        ? `${fixed(s.peers.lancedb.buildMs / 1000, 2)} vs ${fixed((s.build.insertingMs + s.build.writingMs) / 1000, 2)}`
        : '–',
    ),
    each('LanceDB query p50 / p95 ms vs ours total (ours / LanceDB p50)', (s) =>
      s.peers.lancedb
        ? `${fixed(s.peers.lancedb.query.p50, 2)} / ${fixed(s.peers.lancedb.query.p95, 2)}${sampledNote(s.peers.lancedb.sampled, 'latency')} vs ${fixed(s.query.total.p50, 2)} / ${fixed(s.query.total.p95, 2)} (${times(ratio(s.query.total.p50, s.peers.lancedb.query.p50))})`
        : '–',
    ),
    each('LanceDB RSS growth MiB / disk bytes per passage', (s) =>
      s.peers.lancedb
        ? `${fixed(s.peers.lancedb.rssMiB, 0)} / ${fixed(s.peers.lancedb.diskBytesPerPassage, 0)}`
        : '–',
    ),
    each(
      'XQuAD R@1 ours / minisearch / orama / lancedb / naive',
      (s) =>
        `${fixed(s.peers.ours.r1, 3)} / ${fixed(s.peers.minisearch?.r1 ?? Number.NaN, 3)} / ${s.peers.orama ? `${fixed(s.peers.orama.r1, 3)}${sampledNote(s.peers.orama.sampled, 'r1')}` : '–'} / ${s.peers.lancedb ? `${fixed(s.peers.lancedb.r1, 3)}${sampledNote(s.peers.lancedb.sampled, 'r1')}` : '–'} / ${fixed(s.peers.naive?.r1 ?? Number.NaN, 3)}`,
    ),
  ];
}

/** Figures whose growth with the collection the growth table states. */
const GROWTH_FIGURES: ReadonlyArray<[label: string, pick: (s: SizeResult) => number, digits: number]> = [
  ['full build s', (s) => s.build.ms / 1000, 1],
  ['incremental 1 % s', (s) => s.incremental.ms / 1000, 2],
  ['query total p50 ms (without embed)', (s) => s.query.totalWithoutEmbed.p50, 2],
  ['query total p95 ms (without embed)', (s) => s.query.totalWithoutEmbed.p95, 2],
  ['dense search p50 ms', (s) => s.query.dense.p50, 2],
  ['lexical search p95 ms', (s) => s.query.lexical.p95, 2],
  ['start-up to 1st answer s', (s) => s.startup.cliMedianMs / 1000, 2],
  ['peak RSS at start-up MiB', (s) => s.startup.peakRssMiB, 0],
  ['peak RSS build+queries MiB', (s) => s.memory.servingPeakRssMiB, 0],
  ['disk bytes/passage', (s) => s.disk.bytesPerPassage, 0],
  ['HNSW recall@10', (s) => s.exact.recall, 4],
];

/**
 * How each figure grows from one size to the next tenfold one (10k → 100k → 1M), as a ratio:
 * only for runs with at least three sizes from 10k up (`--large`).
 */
function growthLines(report: BenchReport, markdown: boolean): string[] {
  const sizes = report.sizes
    .filter((s) => s.targetPassages >= 10_000)
    .sort((a, b) => a.targetPassages - b.targetPassages);
  if (sizes.length < 3) return [];
  const header: Row = [
    'growth',
    ...sizes.map((s) => size(s.targetPassages)),
    ...sizes.slice(1).map((s, i) => `${size(sizes[i]!.targetPassages)} → ${size(s.targetPassages)}`),
  ];
  const rows: Row[] = GROWTH_FIGURES.map(([label, pick, digits]) => [
    label,
    ...sizes.map((s) => fixed(pick(s), digits)),
    ...sizes.slice(1).map((s, i) => times(ratio(pick(s), pick(sizes[i]!)))),
  ]);
  return [
    `Growth with the collection (ratio of each figure to the one at the size before; passages grow ${sizes
      .slice(1)
      .map((s, i) => times(s.passages / sizes[i]!.passages))
      .join(', ')}):`,
    '',
    ...(markdown ? markdownTable(header, rows) : textTable(header, rows)),
    '',
  ];
}

function textTable(header: Row, rows: readonly Row[]): string[] {
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (row: Row): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}

function markdownTable(header: Row, rows: readonly Row[]): string[] {
  const line = (row: Row): string => `| ${row.map((cell) => cell.trim()).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)];
}

function neuralLines(report: BenchReport, markdown: boolean): string[] {
  const neural = report.neural;
  if (!neural) return report.neuralError ? [`neural path not measured: ${report.neuralError}`] : [];
  const header: Row = [
    'batch',
    'ours passages/s',
    'raw session.run passages/s',
    'ours / raw wall time',
    'ours / raw CPU time',
    'ours unsorted passages/s',
  ];
  const rows: Row[] = neural.rows.map((row) => [
    String(row.batchSize),
    fixed(row.ours, 1),
    fixed(row.raw, 1),
    times(row.ratio),
    times(row.cpuRatio),
    fixed(row.oursUnsorted, 1),
  ]);
  const { shape } = neural;
  return [
    `Neural path: generated model of multilingual-e5-small's shape (${shape.layers} layers, hidden ${shape.hidden}, ${shape.heads} heads, FFN ${shape.ffn}, vocabulary ${shape.vocabSize}; random weights), ${neural.passages} corpus passages (mean ${fixed(neural.meanTokens, 0)} tokens, max ${neural.maxTokens}):`,
    '',
    ...(markdown ? markdownTable(header, rows) : textTable(header, rows)),
    '',
    `query embedding (median): ours ${fixed(neural.queryMs.ours, 1)} ms, raw ${fixed(neural.queryMs.raw, 1)} ms (${times(neural.queryMs.ratio)}); load average ${fixed(neural.loadAverage, 1)} at the end`,
  ];
}

function targetLines(report: BenchReport, markdown: boolean): string[] {
  const checks = checkTargets(report);
  const header: Row = ['target', 'wanted', 'measured', 'result'];
  const rows: Row[] = checks.map((check) => [
    check.name,
    check.target,
    check.value,
    check.ok ? 'met' : `missed by ${check.miss ?? '?'}`,
  ]);
  return markdown ? markdownTable(header, rows) : textTable(header, rows);
}

function machineLine(report: BenchReport): string {
  const m = report.machine;
  return `${m.cores} cores, ${m.cpuModel}, ${fixed(m.memoryGiB, 0)} GiB RAM, Node ${m.node}, ${m.platform}; load average at start ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')}`;
}

/** The terminal report: per-size table (medians and percentiles of one run), neural path, targets. */
export function formatReport(report: BenchReport): string {
  const header: Row = ['', ...report.sizes.map((s) => `${size(s.targetPassages)} passages`)];
  return [
    `${report.command} — ${report.date}, ${machineLine(report)}`,
    `corpus: ${report.sizes[0]?.corpusOrigin ?? '–'}; built-in embedder; ${report.sizes[0]?.questions.latency ?? 0} questions after ${report.sizes[0]?.questions.warmup ?? 0} warm-up`,
    '',
    `load average (1 min) per size, start → end: ${report.sizes.map((s) => `${s.loadAverage[0].toFixed(1)} → ${s.loadAverage[1].toFixed(1)}`).join(', ')}`,
    '',
    ...textTable(header, sizeRows(report.sizes)),
    '',
    ...growthLines(report, false),
    ...neuralLines(report, false),
    '',
    ...targetLines(report, false),
    ...report.notes.map((note) => `note: ${note}`),
  ].join('\n');
}

/** The README Performance section (between the markers), in Markdown. */
export function formatReadmeSection(report: BenchReport): string {
  const header: Row = ['', ...report.sizes.map((s) => `${size(s.targetPassages)} passages`)];
  return [
    `Measured ${report.date} with \`${report.command}\` (${Math.round(report.durationMs / 60000)} min) on ${machineLine(report)}.`,
    'The machine is shared and noisy: figures are medians and percentiles of one run, and ratios compare systems measured in that same run.',
    `Corpus: German articles generated deterministically from ${report.sizes[0]?.corpusOrigin ?? '–'} (evaluation data, never stored in the repository); built-in embedder; latencies over ${report.sizes[0]?.questions.latency ?? 0} questions after a warm-up; times in ms unless marked s; latencies as p50 / p95 / p99.`,
    `Load average (1 min) per size, start → end: ${report.sizes.map((s) => `${s.loadAverage[0].toFixed(1)} → ${s.loadAverage[1].toFixed(1)}`).join(', ')} (2 cores; CPU-time rows are the steadier figures when it is high).`,
    '',
    ...markdownTable(header, sizeRows(report.sizes)),
    '',
    ...growthLines(report, true),
    ...neuralLines(report, true),
    '',
    ...targetLines(report, true),
    ...(report.notes.length > 0 ? ['', ...report.notes.map((note) => `- ${note}`)] : []),
  ].join('\n');
}

/**
 * Replaces the text between {@link README_START} and {@link README_END}, or appends a
 * `## Performance` section with the markers when they are absent. Everything else stays.
 * @throws when only one marker is present or they are in the wrong order
 */
export function replaceReadmeSection(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  const block = `${README_START}\n${section.trim()}\n${README_END}`;
  if (start < 0 && end < 0) {
    const base = readme.replace(/\s*$/, '');
    return `${base}${base ? '\n\n' : ''}## Performance\n\n${block}\n`;
  }
  if (start < 0 || end < start) throw new Error('README.md: bench markers are incomplete or out of order');
  return readme.slice(0, start) + block + readme.slice(end + README_END.length);
}

/**
 * Each peer measured at a size, with the latency that compares with quellen's query path
 * without embedding the question: MiniSearch's search, Orama's and LanceDB's hybrid search given
 * the question's vector, the naive pipeline's scan.
 */
function peerComparisons(s: SizeResult): Array<{ name: string; p50Ms: number; r1: number }> {
  const { minisearch, orama, lancedb, naive } = s.peers;
  return [
    ...(minisearch ? [{ name: 'MiniSearch', p50Ms: minisearch.query.p50, r1: minisearch.r1 }] : []),
    ...(orama ? [{ name: 'Orama', p50Ms: orama.query.p50, r1: orama.r1 }] : []),
    ...(lancedb ? [{ name: 'LanceDB', p50Ms: lancedb.query.p50, r1: lancedb.r1 }] : []),
    ...(naive ? [{ name: 'the naive pipeline', p50Ms: naive.scan.p50, r1: naive.r1 }] : []),
  ];
}

/**
 * Whether quellen is faster (without embedding the question) and more often right (R@1) than
 * each peer measured at a size; R@1 is compared only where both were measured.
 */
function peerCheck(s: SizeResult): TargetCheck | undefined {
  const peers = peerComparisons(s);
  if (peers.length === 0) return undefined;
  const ours = { p50Ms: s.query.totalWithoutEmbed.p50, r1: s.peers.ours.r1 };
  const measured = (value: number | null | undefined): value is number =>
    typeof value === 'number' && Number.isFinite(value);
  const behind: string[] = [];
  let compared = 0;
  for (const peer of peers) {
    compared += 1;
    if (peer.p50Ms <= ours.p50Ms)
      behind.push(`${peer.name} on latency (${fixed(peer.p50Ms, 2)} vs ${fixed(ours.p50Ms, 2)} ms)`);
    if (!measured(peer.r1) || !measured(ours.r1)) continue;
    compared += 1;
    if (peer.r1 >= ours.r1) behind.push(`${peer.name} on R@1 (${fixed(peer.r1, 3)} vs ${fixed(ours.r1, 3)})`);
  }
  const unranked = compared < peers.length * 2 ? ' (R@1 not compared: no evaluation data)' : '';
  return {
    name: `ahead of every peer at ${size(s.passages)} (query p50 without embedding, XQuAD R@1)`,
    target: 'faster and more often right than each',
    value:
      behind.length === 0 ? `all ${peers.length} peers${unranked}` : `behind ${behind.join(', ')}${unranked}`,
    ok: behind.length === 0,
    ...(behind.length > 0 ? { miss: `${behind.length} of ${compared} comparisons` } : {}),
  };
}

/** " (first n of m questions)" when a peer's time budget cut its questions short. */
function sampledNote(
  sampled: { latency: number; r1: number; of: { latency: number; r1: number } } | undefined,
  which: 'latency' | 'r1',
): string {
  if (!sampled || sampled[which] >= sampled.of[which]) return '';
  return ` (first ${sampled[which]} of ${sampled.of[which]} questions)`;
}
