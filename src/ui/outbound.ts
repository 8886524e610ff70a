import type { Config } from '../config';
import { t, type Locale } from './messages';

/** One kind of connection quellen may open to another host, and the setting that stops it. */
export interface Outbound {
  kind: 'model' | 'llm' | 'discord' | 'database';
  /** The host contacted (never a credential or a path). */
  host: string;
}

/**
 * What may leave this host under a configuration, by the service it goes to: a one-time model
 * download (the Hugging Face hub and its file hosts), the LLM endpoint, Discord (its API, gateway
 * and attachment hosts). Pure: it reads the settings, not the network.
 */
export function outboundConnections(
  config: Pick<
    Config,
    | 'EMBEDDINGS'
    | 'RERANK_MODEL'
    | 'ALLOW_REMOTE_MODELS'
    | 'LLM_BASE_URL'
    | 'LLM_MODEL'
    | 'DISCORD_TOKEN'
    | 'DISCORD_API_URL'
  > &
    Partial<Pick<Config, 'INDEX_BACKEND' | 'DATABASE_URL' | 'DATABASE_READ_URL'>>,
): Outbound[] {
  const outbound: Outbound[] = [];
  if ((config.EMBEDDINGS !== 'builtin' || config.RERANK_MODEL) && config.ALLOW_REMOTE_MODELS)
    outbound.push({ kind: 'model', host: 'huggingface.co' });
  if (config.LLM_BASE_URL && config.LLM_MODEL)
    outbound.push({ kind: 'llm', host: new URL(config.LLM_BASE_URL).host });
  if (config.INDEX_BACKEND === 'postgres') {
    for (const url of [config.DATABASE_URL, config.DATABASE_READ_URL]) {
      const host = url ? databaseHost(url) : undefined;
      if (host && !outbound.some((entry) => entry.kind === 'database' && entry.host === host))
        outbound.push({ kind: 'database', host });
    }
  }
  if (config.DISCORD_TOKEN)
    outbound.push({
      kind: 'discord',
      host: config.DISCORD_API_URL ? new URL(config.DISCORD_API_URL).host : 'discord.com',
    });
  return outbound;
}

/** The status lines saying what may leave this host, each with what it sends and how to stop it. */
export function formatOutbound(
  outbound: readonly Outbound[],
  config: Pick<Config, 'EMBEDDINGS' | 'EMBEDDING_MODEL' | 'RERANK_MODEL' | 'MODELS_DIR'>,
  locale: Locale,
): string {
  const models = [
    ...(config.EMBEDDINGS !== 'builtin' ? [config.EMBEDDING_MODEL] : []),
    ...(config.RERANK_MODEL ? [config.RERANK_MODEL] : []),
  ].join(', ');
  if (outbound.length === 0) return `${t(locale, 'outboundTitle')}: ${t(locale, 'outboundNothing')}`;
  const lines = [`${t(locale, 'outboundTitle')}:`];
  for (const { kind, host } of outbound) {
    const key =
      kind === 'model'
        ? 'outboundModel'
        : kind === 'llm'
          ? 'outboundLlm'
          : kind === 'database'
            ? 'outboundDatabase'
            : 'outboundDiscord';
    lines.push(`  ${host}: ${t(locale, key, { model: models, dir: config.MODELS_DIR })}`);
  }
  return lines.join('\n');
}

/**
 * The host and port of a database on another host; undefined for one on this host (loopback,
 * a Unix socket), which nothing leaves for.
 */
function databaseHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname;
    if (host === '' || host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)) {
      return undefined;
    }
    return `${host}:${parsed.port || '5432'}`;
  } catch {
    return undefined;
  }
}
