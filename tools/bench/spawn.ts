import { rm } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { since } from './stats';

/** What a finished child process left behind. */
export interface ChildRun {
  /** Wall time from spawn to exit. */
  wallMs: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A script next to `fromFile` with the same extension (`.js` when running from `dist/`, `.ts`
 * under tsx), so the benchmark spawns what it was itself started from.
 */
export function siblingScript(fromFile: string, relative: string): string {
  return path.resolve(path.dirname(fromFile), `${relative}${path.extname(fromFile)}`);
}

/**
 * Runs `node <script> …args` in a fresh process with the current Node flags (so a loader like
 * tsx, or `--cpu-prof`, carries over) and collects its output.
 *
 * @param options.echoStderr forward the child's stderr lines as they arrive (progress)
 */
export function runNode(
  script: string,
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    echoStderr?: (line: string) => void;
    /** Node flags of the child (default: this process's, so a loader like tsx carries over). */
    execArgv?: readonly string[];
  } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(options.execArgv ?? process.execArgv), script, ...args], {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!options.echoStderr) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.echoStderr(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending && options.echoStderr) options.echoStderr(pending);
      resolve({ wallMs: since(started), code, stdout, stderr });
    });
  });
}

/** Marks the line of a child's stdout that carries its JSON result. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** The JSON result a child printed with {@link RESULT_PREFIX}; throws with the child's last error line. */
export function parseChildResult<T>(run: ChildRun, what: string): T {
  const line = run.stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (run.code !== 0 || !line) {
    const reason = run.stderr.trim().split('\n').pop() ?? `exit code ${String(run.code)}`;
    throw new Error(`${what} failed: ${reason}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/**
 * Runs a worker script's measurement with the JSON input from the command line, prints the
 * result for {@link parseChildResult}, and removes the input's work folder at the end.
 */
export function runWorker<I extends { workDir: string }, R>(measure: (input: I) => Promise<R>): void {
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  measure(input)
    .then((result) => void process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`))
    .finally(() => rm(input.workDir, { recursive: true, force: true }))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
}
