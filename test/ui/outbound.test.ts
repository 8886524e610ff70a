import { loadConfig } from '../../src/config';
import { formatOutbound, outboundConnections } from '../../src/ui/outbound';

const configOf = (env: Record<string, string>) => loadConfig(env);

describe('what leaves this host', () => {
  it('is nothing with the built-in embedder, no LLM and no Discord token', () => {
    const config = configOf({ EMBEDDINGS: 'builtin' });
    expect(outboundConnections(config)).toEqual([]);
    expect(formatOutbound([], config, 'en')).toBe('Leaves this host: nothing');
    expect(formatOutbound([], config, 'de')).toBe('Verlässt diesen Rechner: nichts');
  });

  it('is the model download by default, and not when remote models are off', () => {
    expect(outboundConnections(configOf({}))).toEqual([{ kind: 'model', host: 'huggingface.co' }]);
    expect(outboundConnections(configOf({ ALLOW_REMOTE_MODELS: 'false' }))).toEqual([]);
  });

  it('is the download of a re-ranking model with the built-in embedder, naming the model', () => {
    const config = configOf({ EMBEDDINGS: 'builtin', RERANK_MODEL: 'org/reranker' });
    const outbound = outboundConnections(config);
    expect(outbound).toEqual([{ kind: 'model', host: 'huggingface.co' }]);
    expect(formatOutbound(outbound, config, 'en')).toContain('the model org/reranker when');
    expect(
      outboundConnections(configOf({ RERANK_MODEL: 'org/reranker', ALLOW_REMOTE_MODELS: 'false' })),
    ).toEqual([]);
    const both = configOf({ RERANK_MODEL: 'org/reranker' });
    expect(formatOutbound(outboundConnections(both), both, 'de')).toContain(
      'Modells Xenova/multilingual-e5-small, org/reranker,',
    );
  });

  it('names the LLM and Discord hosts, never a key, a token or a path', () => {
    const config = configOf({
      EMBEDDINGS: 'builtin',
      LLM_BASE_URL: 'https://llm.example.org:8443/v1/secret-path',
      LLM_MODEL: 'm',
      LLM_API_KEY: 'sk-do-not-print',
      DISCORD_TOKEN: 'token-do-not-print',
    });
    const outbound = outboundConnections(config);
    expect(outbound).toEqual([
      { kind: 'llm', host: 'llm.example.org:8443' },
      { kind: 'discord', host: 'discord.com' },
    ]);
    const text = formatOutbound(outbound, config, 'en');
    expect(text).toMatch(/^Leaves this host:\n {2}llm\.example\.org:8443: every question/);
    expect(text).toContain('discord.com: the bot');
    expect(text).not.toMatch(/do-not-print|secret-path/);
  });
});

describe('what leaves this host for the index', () => {
  it('is the database on another host, named without its credentials, and nothing for one on this host', () => {
    const remote = configOf({
      EMBEDDINGS: 'builtin',
      INDEX_BACKEND: 'postgres',
      DATABASE_URL: 'postgres://quellen:pw-do-not-print@db.example:6543/quellen',
      DATABASE_READ_URL: 'postgres://reader:pw2-do-not-print@replica.example/quellen',
    });
    const outbound = outboundConnections(remote);
    expect(outbound).toEqual([
      { kind: 'database', host: 'db.example:6543' },
      { kind: 'database', host: 'replica.example:5432' },
    ]);
    const text = formatOutbound(outbound, remote, 'en');
    expect(text).toContain('db.example:6543: the index: the articles');
    expect(text).not.toMatch(/do-not-print|quellen:/);
    expect(formatOutbound(outbound, remote, 'de')).toContain('die Suchwörter jeder Frage');
    for (const url of [
      'postgres://q@127.0.0.1:5432/q',
      'postgres://q@localhost/q',
      'postgresql:///q?host=/run/postgresql',
    ]) {
      expect(
        outboundConnections(
          configOf({ EMBEDDINGS: 'builtin', INDEX_BACKEND: 'postgres', DATABASE_URL: url }),
        ),
      ).toEqual([]);
    }
    // The embedded backend ignores a DATABASE_URL left in the environment.
    expect(
      outboundConnections(configOf({ EMBEDDINGS: 'builtin', DATABASE_URL: 'postgres://q@db.example/q' })),
    ).toEqual([]);
  });
});
