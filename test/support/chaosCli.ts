import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The repository root. */
export const REPO = path.resolve(__dirname, '../..');

/** Newest modification time (ms) of any file below `dir`, 0 when it does not exist. */
function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * How to start the `quellen` CLI (or with `entry` 'main', what `npm start` runs): the compiled `dist/` when it is newer than every source
 * file (faster start), else the sources through tsx's loader in the same process. (tsx's own
 * `cli.mjs` runs the program in a grandchild process, which a SIGKILL of the child would miss.)
 */
export function cliInvocation(
  repo = REPO,
  entry: 'cli/main' | 'main' = 'cli/main',
): { args: string[]; via: 'dist' | 'tsx' } {
  const compiled = path.join(repo, `dist/${entry}.js`);
  let distTime: number;
  try {
    distTime = statSync(compiled).mtimeMs;
  } catch {
    distTime = 0;
  }
  if (distTime > 0 && newestMtime(path.join(repo, 'dist')) >= newestMtime(path.join(repo, 'src'))) {
    return { args: [compiled], via: 'dist' };
  }
  // An absolute URL: `--import` resolves bare names from the working directory (a temp folder).
  const loader = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
  return { args: ['--import', loader, path.join(repo, `src/${entry}.ts`)], via: 'tsx' };
}

/** Environment of a CLI run over a temp collection: built-in embedder, no dictionary, no network. */
export function cliEnv(dirs: { root: string; docs: string; index: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    EMBEDDINGS: 'builtin',
    DICTIONARY_PATH: '/nonexistent',
    THESAURUS_PATH: '/nonexistent',
    DOCS_DIR: dirs.docs,
    INDEX_DIR: dirs.index,
    MODELS_DIR: path.join(dirs.root, 'models'),
    FEEDBACK_LOG: path.join(dirs.root, 'feedback.jsonl'),
    LOG_LEVEL: 'warn',
  };
}

/** A running CLI process with its output collected. */
export interface CliProcess {
  child: ChildProcess;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Calls `listener` for every complete stderr line from now on. */
  onStderrLine(listener: (line: string) => void): void;
}

/**
 * Starts `quellen <args>` (or with `entry` 'main', `npm start`) in `cwd` (the temp root, so no
 * `.env` of the repository is read).
 */
export function startCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  entry: 'cli/main' | 'main' = 'cli/main',
): CliProcess {
  const { args: prefix } = cliInvocation(REPO, entry);
  const started = performance.now();
  const child = spawn(process.execPath, [...prefix, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const listeners: Array<(line: string) => void> = [];
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    stderr += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const listener of listeners) listener(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, ms: performance.now() - started })),
  );
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    onStderrLine: (listener) => void listeners.push(listener),
  };
}

/** Runs `quellen <args>` to the end; kills it after `timeoutMs`. */
export async function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const proc = startCli(args, cwd, env);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  try {
    const { code, ms } = await proc.exited;
    return { code, stdout: proc.stdout, stderr: proc.stderr, ms };
  } finally {
    clearTimeout(timer);
  }
}

/** Percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Whether the long forms of the chaos suites were asked for (`npm run test:chaos`). */
export const CHAOS_LONG = process.env.CHAOS_LONG === '1';
