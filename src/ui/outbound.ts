import type { Config } from '../config';
import { t, type Locale } from './messages';

/** One kind of connection quellen may open to another host, and the setting that stops it. */
export interface Outbound {
  kind: 'model' | 'llm' | 'discord';
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
  >,
): Outbound[] {
  const outbound: Outbound[] = [];
  if ((config.EMBEDDINGS !== 'builtin' || config.RERANK_MODEL) && config.ALLOW_REMOTE_MODELS)
    outbound.push({ kind: 'model', host: 'huggingface.co' });
  if (config.LLM_BASE_URL && config.LLM_MODEL)
    outbound.push({ kind: 'llm', host: new URL(config.LLM_BASE_URL).host });
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
    const key = kind === 'model' ? 'outboundModel' : kind === 'llm' ? 'outboundLlm' : 'outboundDiscord';
    lines.push(`  ${host}: ${t(locale, key, { model: models, dir: config.MODELS_DIR })}`);
  }
  return lines.join('\n');
}
