import type { StartupProbeResult } from './startupProbe';
import type { EmbedderBenchResult } from '../modelgen/measure';
import type { EfSearchPoint } from './peers';
import type { LatencySummary } from './stats';

/** Everything measured at one corpus size (all times in milliseconds). */
export interface SizeResult {
  targetPassages: number;
  articles: number;
  /** Live passages after the full build. */
  passages: number;
  corpusOrigin: string;
  /** 1-minute load average when this size started and ended (the host is shared). */
  loadAverage: [number, number];
  questions: { latency: number; warmup: number; gold: number };
  generateMs: number;
  /** `Indexer.update` of a full build (articles already read; chunking is in `otherMs`). */
  build: {
    ms: number;
    /** `service.reindex`: reading the files, the build, and loading the new snapshot. */
    wallMs: number;
    /** Process CPU time of that `service.reindex`. */
    serviceCpuMs: number;
    passagesPerSecond: number;
    embeddingMs: number;
    insertingMs: number;
    writingMs: number;
    otherMs: number;
  };
  /** `Indexer.update` after 1 % of the articles changed. */
  incremental: {
    changedArticles: number;
    embeddedPassages: number;
    ms: number;
    wallMs: number;
    serviceCpuMs: number;
    shareOfFull: number;
    embeddingMs: number;
    insertingMs: number;
    writingMs: number;
  };
  /** `QuellenService.ask` stage timings over the question set, after a warm-up. */
  query: Record<
    'embed' | 'dense' | 'lexical' | 'fusion' | 'answer' | 'total' | 'totalWithoutEmbed' | 'totalCpu',
    LatencySummary
  >;
  startup: {
    /** Wall time of `node dist/cli/main.js ask "…"` from spawn to exit, per run. */
    cliMs: number[];
    cliMedianMs: number;
    /** Fastest run: the least disturbed by other processes on a shared machine. */
    cliMinMs: number;
    /** Medians of the probe's milestones, counted from its process start. */
    probeMedian: Pick<
      StartupProbeResult,
      'modulesMs' | 'appMs' | 'openMs' | 'answerMs' | 'openOnlyMs' | 'cpuMs'
    >;
    /** Peak RSS of the probe process (load + one answer). */
    peakRssMiB: number;
  };
  /** Load phases measured in the worker (warm file cache). */
  load: {
    indexLoadMs: number;
    lexicalRebuildMs: number;
    lexicalRebuildCpuMs: number;
    lexicalSerializeMs: number;
    lexicalLoadMs: number;
    lexicalBytes: number;
  };
  disk: {
    files: Record<string, number>;
    bytes: number;
    bytesPerPassage: number;
    vectorsBytesPerPassage: number;
  };
  memory: {
    /** Peak RSS of the worker after the full build and the queries (before peers were built). */
    servingPeakRssMiB: number;
    workerPeakRssMiB: number;
  };
  /** HNSW against hnswlib's exact `BruteforceSearch` on the same vectors. */
  exact: {
    k: number;
    queries: number;
    recall: number;
    minRecall: number;
    m: number;
    efConstruction: number;
    efSearch: number;
    hnsw: LatencySummary;
    exact: LatencySummary;
    /** quellen's flat (exact) index on the same vectors. */
    flat?: LatencySummary;
    flatRecall?: number;
    /** Recall and p50 latency of the same graph at other efSearch values. */
    sweep: EfSearchPoint[];
  };
  peers: {
    ours: { lexicalBuildMs: number; lexical: LatencySummary; r1: number };
    /** Absent when the peers were not run at this size ({@link SizeResult.peers.skipped}). */
    minisearch?: { buildMs: number; query: LatencySummary; r1: number };
    /** Orama's hybrid search over the same passages and vectors (absent in older results). */
    orama?: {
      buildMs: number;
      query: LatencySummary;
      r1: number;
      /**
       * Questions the latency and R@1 figures are over, when the time budget cut them short
       * (absent: all of them).
       */
      sampled?: { latency: number; r1: number; of: { latency: number; r1: number } };
      heapMiB: number;
      /** `null`: Orama's serialisation outgrew a JavaScript string. */
      savedBytesPerPassage: number | null;
    };
    /** LanceDB's hybrid search over the same passages and vectors (absent when it was not run). */
    lancedb?: {
      /** Writing the table and its full-text index. */
      buildMs: number;
      /** One hybrid search, the question's vector given. */
      query: LatencySummary;
      r1: number;
      /** As for Orama. */
      sampled?: { latency: number; r1: number; of: { latency: number; r1: number } };
      /** Growth of the worker's resident memory while building (native memory, not heap). */
      rssMiB: number;
      /** The table folder on disk, indexes included. */
      diskBytesPerPassage: number;
    };
    /** Why LanceDB has no figures at this size although it was to be measured. */
    lancedbError?: string;
    naive?: { chunks: number; buildMs: number; query: LatencySummary; scan: LatencySummary; r1: number };
    /** Why MiniSearch, Orama, LanceDB and the naive pipeline were not run at this size. */
    skipped?: string;
  };
}

/** The host the numbers were measured on. */
export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

/** A whole `npm run bench` run. */
export interface BenchReport {
  date: string;
  command: string;
  quick: boolean;
  machine: MachineInfo;
  durationMs: number;
  sizes: SizeResult[];
  /** The neural path on a generated model of multilingual-e5-small's shape (absent when it failed). */
  neural?: EmbedderBenchResult;
  neuralError?: string;
  notes: string[];
}
