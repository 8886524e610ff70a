import path from 'node:path';
import { z } from 'zod';
import { UserError } from './core/errors';
import { VECTOR_INDEX_KINDS } from './core/index/vectorIndex';
import { DEFAULT_EF_SEARCH } from './postgres/defaults';

/**
 * All configuration, read once from the environment (after dotenv has loaded `.env`) and
 * validated. Every variable is documented in `.env.example` and the README table.
 */

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const idList = z
  .string()
  .transform((value) =>
    value
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  )
  .pipe(
    z.array(
      // Named in the message: in a list, the path says only which place it holds.
      z.string().regex(/^\d{15,21}$/, {
        error: (issue) => `"${String(issue.input)}" is not a Discord snowflake id (15–21 digits)`,
      }),
    ),
  );

/** One of a few words, with an error that lists them the way the other settings' errors read. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `must be one of ${values.join(', ')}` });

const positiveInt = z.coerce
  .number({ message: 'must be a number' })
  .int({ message: 'must be a whole number' })
  .positive({ message: 'must be greater than 0' });
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** Parses a duration like "30m", "6h", "1d", "90s" or "off" into milliseconds (undefined = off). */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'off' || value === '0') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value);
  if (!match) throw new Error(`"${text}" is not a duration like 90s, 30m, 6h or 1d (or "off")`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * unit);
}

const duration = z
  .string()
  .default('off')
  .transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Whether a URL carries `user:password@` (which would be logged and sent wherever it goes). */
function hasCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

const postgresUrl = z.string().refine((url) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}, 'must be a URL like postgres://quellen:password@db.example:5432/quellen');

const schema = z.object({
  DOCS_DIR: z.string().min(1).default('docs'),
  INDEX_DIR: z.string().min(1).default('embeddings'),
  /** `hnsw` (approximate graph, any size) or `flat` (exact, for small collections). */
  VECTOR_INDEX: oneOf(VECTOR_INDEX_KINDS).default('hnsw'),
  /** `embedded` (files in INDEX_DIR, loaded by each process) or `postgres` (PostgreSQL with pgvector, shared). */
  INDEX_BACKEND: oneOf(['embedded', 'postgres']).default('embedded'),
  DATABASE_URL: optionalText.pipe(postgresUrl.optional()),
  /** A read replica that answers questions; writes and migrations go to DATABASE_URL. */
  DATABASE_READ_URL: optionalText.pipe(postgresUrl.optional()),
  /** Connections each process keeps to each database at most. */
  DATABASE_POOL_SIZE: positiveInt.max(100, { message: 'must be at most 100' }).default(10),
  /** Candidates pgvector's HNSW search keeps (`hnsw.ef_search`): more finds more of the nearest passages, slower. */
  PGVECTOR_EF_SEARCH: positiveInt
    .max(1000, { message: 'must be at most 1000, the most pgvector accepts' })
    .default(DEFAULT_EF_SEARCH),
  MODELS_DIR: z.string().min(1).default('models'),
  MAX_ARTICLE_BYTES: positiveInt.default(5 * 1024 * 1024),

  EMBEDDINGS: oneOf(['auto', 'transformers', 'builtin']).default('auto'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  ALLOW_REMOTE_MODELS: boolean.default(true),
  EMBED_BATCH_SIZE: positiveInt.default(16),
  /** A cross-encoder (Hugging Face id) that re-scores candidate sentences; optional, needs the model files. */
  RERANK_MODEL: optionalText,
  /** The re-ranker score below which answers abstain; calibrate it for the model (default 0.1). */
  RERANK_MIN_SCORE: optionalText.pipe(
    z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'must be a number from 0 to 1, e.g. 0.1')
      .transform(Number)
      .optional(),
  ),
  BUILTIN_DIMENSIONS: positiveInt.default(256),

  // A passage holds a few sentences; fewer characters would cut sentences apart.
  CHUNK_MAX_CHARS: positiveInt
    .min(100, { message: 'must be at least 100 (a passage holds a few sentences)' })
    .default(500),
  CHUNK_OVERLAP_SENTENCES: z.coerce.number().int().min(0).max(5).default(1),

  TOP_K: positiveInt.max(50, { message: 'must be at most 50' }).default(6),
  ANSWER_LANGUAGE: oneOf(['auto', 'de', 'en']).default('auto'),
  DICTIONARY_PATH: z.string().default('/usr/share/trans/de-en'),
  THESAURUS_PATH: z.string().default('/usr/share/openthesaurus-de/openthesaurus.txt'),

  LLM_BASE_URL: optionalText.pipe(
    z
      .url({ message: 'must be a URL like http://127.0.0.1:11434/v1' })
      .refine((url) => !hasCredentials(url), {
        message: 'must not contain a user name or password (put the key into LLM_API_KEY)',
      })
      .optional(),
  ),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TIMEOUT_MS: positiveInt.default(20_000),

  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: optionalText.pipe(
    z
      .url({ message: 'must be a URL like https://discord.com/api' })
      .refine((url) => !hasCredentials(url), { message: 'must not contain a user name or password' })
      .optional(),
  ),
  GUILD_IDS: idList.default([]),
  MOD_ROLE_IDS: idList.default([]),
  ALLOWED_CHANNEL_IDS: idList.default([]),
  /** Text and forum channels where every new message or post is a question, answered without a mention. */
  ASK_CHANNEL_IDS: idList.default([]),
  /** A channel that gets the public summary of every reindex; optional. */
  MOD_LOG_CHANNEL_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be a Discord snowflake id (15–21 digits)')
      .optional(),
  ),
  RATE_LIMIT_PER_MINUTE: positiveInt.default(5),
  REINDEX_INTERVAL: duration,
  WATCH_DOCS: boolean.default(false),
  SHARDS: z
    .union([z.literal('auto'), positiveInt.transform(String)])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'auto' ? 'auto' : Number(value))),
  FEEDBACK_LOG: z.string().min(1).default('embeddings/feedback.jsonl'),
  /** Where answers are kept for their buttons, so the buttons work after a restart (bounded). */
  ANSWERS_DIR: z.string().min(1).default('embeddings/answers'),
  /** A channel where every 👎 is posted with the question, the answer, its sources and what was wrong. */
  FEEDBACK_CHANNEL_ID: optionalText.pipe(
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be a Discord snowflake id (15–21 digits)')
      .optional(),
  ),

  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` lines for people, `json` lines for machines; `auto`: pretty on a terminal. */
  LOG_FORMAT: oneOf(['auto', 'pretty', 'json']).default('auto'),
});

type RawConfig = z.output<typeof schema>;

/** Validated configuration with paths resolved against the working directory. */
export interface Config extends Omit<
  RawConfig,
  'DOCS_DIR' | 'INDEX_DIR' | 'MODELS_DIR' | 'FEEDBACK_LOG' | 'ANSWERS_DIR'
> {
  DOCS_DIR: string;
  INDEX_DIR: string;
  MODELS_DIR: string;
  FEEDBACK_LOG: string;
  ANSWERS_DIR: string;
}

/** Settings whose values never appear in an error message: secrets, and URLs that may carry one. */
const UNSHOWN = new Set([
  'DISCORD_TOKEN',
  'LLM_API_KEY',
  'LLM_BASE_URL',
  'DISCORD_API_URL',
  'DATABASE_URL',
  'DATABASE_READ_URL',
]);

/** A value as an error message may show it: quoted and capped, never a secret. */
function shownValue(key: string, value: string): string | undefined {
  if (UNSHOWN.has(key)) return undefined;
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
}

/**
 * `INVALID_CONFIG`: the environment holds invalid settings; the message lists each problem on its
 * own line (values shown only when they are not secrets).
 */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(
      'INVALID_CONFIG',
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      { problems: problems.length },
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment into a {@link Config}. Empty strings count as unset, so a
 * copied `.env.example` with blank values works as is.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  /** Where a variable came from, for the error message (default: the environment). */
  sourceOf: (key: string) => string = () => 'the environment',
): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'config');
        const value = input[key];
        const shown = value === undefined ? undefined : shownValue(key, value);
        const given = shown === undefined ? '' : ` ${shown} (from ${sourceOf(key)}):`;
        return `${issue.path.join('.') || 'config'}:${given} ${issue.message}`;
      }),
    );
  }
  const raw = result.data;
  if (raw.RERANK_MIN_SCORE !== undefined && !raw.RERANK_MODEL) {
    throw new ConfigError(['RERANK_MIN_SCORE: only used with RERANK_MODEL (set both, or neither)']);
  }
  if (raw.INDEX_BACKEND === 'postgres' && !raw.DATABASE_URL) {
    throw new ConfigError([
      'DATABASE_URL: required when INDEX_BACKEND is postgres (e.g. postgres://quellen:password@db.example:5432/quellen)',
    ]);
  }
  if (raw.LLM_BASE_URL && !raw.LLM_MODEL) {
    throw new ConfigError(['LLM_MODEL: required when LLM_BASE_URL is set (e.g. llama3.1:8b)']);
  }
  const resolve = (dir: string): string => path.resolve(cwd, dir);
  return {
    ...raw,
    DOCS_DIR: resolve(raw.DOCS_DIR),
    INDEX_DIR: resolve(raw.INDEX_DIR),
    MODELS_DIR: resolve(raw.MODELS_DIR),
    FEEDBACK_LOG: resolve(raw.FEEDBACK_LOG),
    ANSWERS_DIR: resolve(raw.ANSWERS_DIR),
  };
}

/** Values that must never reach logs or error messages. */
export function secretsOf(
  config: Pick<Config, 'DISCORD_TOKEN' | 'LLM_API_KEY'> &
    Partial<Pick<Config, 'DATABASE_URL' | 'DATABASE_READ_URL'>>,
): string[] {
  // A connection string's password, and the string itself, which holds it.
  const database = [config.DATABASE_URL, config.DATABASE_READ_URL].flatMap((url) =>
    url === undefined ? [] : [url, passwordOf(url)],
  );
  return [config.DISCORD_TOKEN, config.LLM_API_KEY, ...database].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 6,
  );
}

/** The password in a connection string, decoded; undefined when there is none. */
function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
