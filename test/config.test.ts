import path from 'node:path';
import { ConfigError, loadConfig, parseDuration, secretsOf } from '../src/config';

describe('loadConfig', () => {
  test('an empty environment gives documented defaults with paths resolved against cwd', () => {
    const config = loadConfig({}, '/srv/quellen');
    expect(config.DOCS_DIR).toBe(path.resolve('/srv/quellen/docs'));
    expect(config.INDEX_DIR).toBe(path.resolve('/srv/quellen/embeddings'));
    expect(config.EMBEDDINGS).toBe('auto');
    expect(config.EMBEDDING_MODEL).toBe('Xenova/multilingual-e5-small');
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(5);
    expect(config.REINDEX_INTERVAL).toBeUndefined();
    expect(config.MOD_ROLE_IDS).toEqual([]);
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  test('blank values count as unset, as in a copied .env.example', () => {
    const config = loadConfig({ LLM_BASE_URL: '', DISCORD_TOKEN: '  ', TOP_K: '' });
    expect(config.LLM_BASE_URL).toBeUndefined();
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.TOP_K).toBe(6);
  });

  test('parses lists, booleans, numbers and durations', () => {
    const config = loadConfig({
      MOD_ROLE_IDS: '123456789012345678, 223456789012345678',
      WATCH_DOCS: 'yes',
      TOP_K: '8',
      REINDEX_INTERVAL: '6h',
      SHARDS: 'auto',
    });
    expect(config.MOD_ROLE_IDS).toEqual(['123456789012345678', '223456789012345678']);
    expect(config.WATCH_DOCS).toBe(true);
    expect(config.TOP_K).toBe(8);
    expect(config.REINDEX_INTERVAL).toBe(6 * 3_600_000);
    expect(config.SHARDS).toBe('auto');
  });

  test('reports every invalid variable on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ EMBEDDINGS: 'gpu', TOP_K: '-1', MOD_ROLE_IDS: 'moderators', REINDEX_INTERVAL: 'often' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    // One kind of error reaches the user: invalid settings are a UserError with their own code.
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' });
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(
      expect.arrayContaining(['EMBEDDINGS', 'TOP_K', 'MOD_ROLE_IDS.0', 'REINDEX_INTERVAL']),
    );
    expect((error as ConfigError).message.split('\n')).toHaveLength(problems.length + 1);
    // A word setting lists the words it takes, as the other settings' errors say what they take.
    expect(problems).toContain(
      'EMBEDDINGS: "gpu" (from the environment): must be one of auto, transformers, builtin',
    );
  });

  test('an LLM endpoint without a model is refused with a hint', () => {
    expect(() => loadConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/LLM_MODEL: required/);
  });
});

describe('parseDuration', () => {
  test.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    ['off', undefined],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});

test('secretsOf lists only the values that are set', () => {
  expect(secretsOf({ DISCORD_TOKEN: 'abc.def.ghi', LLM_API_KEY: undefined })).toEqual(['abc.def.ghi']);
});

test('the postgres backend needs a postgres:// DATABASE_URL, and its password is a secret', () => {
  expect(() => loadConfig({ INDEX_BACKEND: 'postgres' })).toThrow(
    /DATABASE_URL: required when INDEX_BACKEND is postgres/,
  );
  const wrong = () => loadConfig({ INDEX_BACKEND: 'postgres', DATABASE_URL: 'mysql://u:hunter22@db/q' });
  expect(wrong).toThrow(/DATABASE_URL: must be a URL like postgres:/);
  // The value is never shown: it holds a password.
  expect(wrong).not.toThrow(/hunter22/);
  const config = loadConfig({
    INDEX_BACKEND: 'postgres',
    DATABASE_URL: 'postgres://quellen:p%40ss-w0rd@db.example:5432/quellen',
    DATABASE_READ_URL: 'postgresql://reader:r3plica-pw@replica.example/quellen',
  });
  expect(config.INDEX_BACKEND).toBe('postgres');
  expect(secretsOf(config)).toEqual(
    expect.arrayContaining([
      'p@ss-w0rd',
      'r3plica-pw',
      'postgres://quellen:p%40ss-w0rd@db.example:5432/quellen',
    ]),
  );
  expect(loadConfig({}).INDEX_BACKEND).toBe('embedded');
});

test('refuses credentials inside URLs, naming the setting that holds them', () => {
  expect(() => loadConfig({ LLM_BASE_URL: 'https://alice:secret@llm.example/v1', LLM_MODEL: 'm' })).toThrow(
    'LLM_BASE_URL: must not contain a user name or password (put the key into LLM_API_KEY)',
  );
  expect(() => loadConfig({ DISCORD_API_URL: 'https://u:p@proxy.example/api' })).toThrow(
    'DISCORD_API_URL: must not contain a user name or password',
  );
});

test('a problem names the variable, its value and where it came from, but never a secret', () => {
  expect(() =>
    loadConfig({ TOP_K: 'many' }, '/', (key) => (key === 'TOP_K' ? '.env' : 'the environment')),
  ).toThrow('TOP_K: "many" (from .env): must be a number');
  expect(() => loadConfig({ CHUNK_MAX_CHARS: '0' })).toThrow(
    'CHUNK_MAX_CHARS: "0" (from the environment): must be greater than 0',
  );
  // In a list, the bad entry is named.
  expect(() => loadConfig({ ASK_CHANNEL_IDS: '1200000000000000210, 123' })).toThrow(
    'ASK_CHANNEL_IDS.1: "1200000000000000210, 123" (from the environment): "123" is not a Discord snowflake id (15–21 digits)',
  );
  expect(() => loadConfig({ CHUNK_MAX_CHARS: '10' })).toThrow(
    'CHUNK_MAX_CHARS: "10" (from the environment): must be at least 100 (a passage holds a few sentences)',
  );
  expect(() => loadConfig({ LLM_BASE_URL: 'https://alice:secret@llm.example/v1', LLM_MODEL: 'm' })).toThrow(
    /^Invalid configuration:\n {2}- LLM_BASE_URL: must not contain/,
  );
});

test("PGVECTOR_EF_SEARCH defaults to 200 and stays within pgvector's 1–1000", () => {
  expect(loadConfig({}).PGVECTOR_EF_SEARCH).toBe(200);
  expect(loadConfig({ PGVECTOR_EF_SEARCH: '400' }).PGVECTOR_EF_SEARCH).toBe(400);
  expect(() => loadConfig({ PGVECTOR_EF_SEARCH: '1001' })).toThrow(
    /PGVECTOR_EF_SEARCH: "1001" .*must be at most 1000, the most pgvector accepts/,
  );
  expect(() => loadConfig({ PGVECTOR_EF_SEARCH: '0' })).toThrow(/PGVECTOR_EF_SEARCH/);
});
