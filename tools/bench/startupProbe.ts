import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/pinoLogger';
import { RESULT_PREFIX } from './spawn';
import { cpuMs, peakRssKiB } from './stats';

/**
 * A fresh process that does what `quellen ask` does (configuration, composition root, index
 * load, one question) and reports when each step finished, counted from process start, plus
 * its peak RSS. Spawned by the benchmark with the index folder in its environment:
 * `node dist/bench/startupProbe.js "<question>"`.
 */

/** What the probe prints (milliseconds since the process started). */
export interface StartupProbeResult {
  /** Node bootstrap plus loading this script's modules. */
  modulesMs: number;
  /** Configuration, embedder, dictionary and service objects built. */
  appMs: number;
  /** Index loaded from disk and lexical index rebuilt (`service.open`). */
  openMs: number;
  /** First answer composed. */
  answerMs: number;
  /** `service.open` alone. */
  openOnlyMs: number;
  /** Process CPU time (user + system) up to the answer. */
  cpuMs: number;
  maxRssKiB: number;
  abstained: boolean;
}

async function main(question: string): Promise<void> {
  const modulesMs = performance.now();
  const config = loadConfig(process.env);
  const app = await createApp(config, createLogger({ level: config.LOG_LEVEL, secrets: [] }));
  const appMs = performance.now();
  await app.service.open({ rebuild: false });
  const openMs = performance.now();
  const { answer } = await app.service.ask(question);
  const answerMs = performance.now();
  const result: StartupProbeResult = {
    modulesMs,
    appMs,
    openMs,
    answerMs,
    openOnlyMs: openMs - appMs,
    cpuMs: cpuMs(),
    maxRssKiB: peakRssKiB(),
    abstained: answer.abstained,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main(process.argv[2] ?? 'Was ist passiert?').catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
