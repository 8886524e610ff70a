/** Connection settings of an OpenAI-compatible Chat Completions endpoint (Ollama, llama.cpp, vLLM, OpenAI). */
export interface LlmConfig {
  /** E.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  /** Sent as a bearer token; never appears in errors or logs. */
  apiKey?: string;
  timeoutMs: number;
  /** Defaults to the global `fetch`; tests may pass their own. */
  fetch?: typeof fetch;
  /** Default 0: answers should stick to the passages, not be creative. */
  temperature?: number;
  /** Default 512. */
  maxTokens?: number;
}

/** One chat message of the request. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Why an LLM call failed; every kind makes the caller fall back to the extractive path. */
export type LlmErrorKind = 'timeout' | 'network' | 'http' | 'malformed' | 'empty' | 'too-large';

/** Longest response body read from the endpoint; a chat completion of a few sentences is far smaller. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** A failed LLM call. The message is one line and never contains the API key. */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Minimal structured logger (pino's `warn(obj, msg)` fits). */
export interface WarnLogger {
  warn(details: object, message: string): void;
}

const MAX_DETAIL_CHARS = 200;

/**
 * Sends one Chat Completions request and returns the first choice's message content.
 * Throws {@link LlmError} on timeout, network and HTTP errors (reading OpenAI-style
 * `{ error: { message, type, code } }` bodies), malformed JSON and empty choices.
 */
export async function chatComplete(config: LlmConfig, messages: readonly ChatMessage[]): Promise<string> {
  const doFetch = config.fetch ?? fetch;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const body = JSON.stringify({
    model: config.model,
    messages,
    temperature: config.temperature ?? 0,
    max_tokens: config.maxTokens ?? 512,
    stream: false,
  });
  const redact = (text: string): string => redactSecret(text, config.apiKey);

  let raw: string;
  let status: number;
  try {
    // One signal covers both the response headers and the body, so a stalled body times out too.
    const response = await doFetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    status = response.status;
    raw = await readLimited(response, MAX_RESPONSE_BYTES);
    if (!response.ok) throw httpError(status, raw, redact);
  } catch (error) {
    if (error instanceof LlmError) throw error;
    const name = (error as { name?: string } | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new LlmError('timeout', `LLM request timed out after ${config.timeoutMs} ms`);
    }
    throw new LlmError(
      'network',
      `LLM request failed: ${oneLine(redact(String((error as Error)?.message ?? error)))}`,
    );
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new LlmError('malformed', `LLM response is not JSON (HTTP ${status})`, status);
  }
  const choices = (parsed as { choices?: unknown }).choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new LlmError('empty', 'LLM response has no choices', status);
  }
  const content = (choices[0] as { message?: { content?: unknown } } | undefined)?.message?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new LlmError('empty', 'LLM response has no message content', status);
  }
  return content;
}

function httpError(status: number, raw: string, redact: (text: string) => string): LlmError {
  let detail = '';
  let code: string | undefined;
  try {
    const error = (JSON.parse(raw) as { error?: { message?: unknown; type?: unknown; code?: unknown } })
      .error;
    if (error && typeof error === 'object') {
      code =
        typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined;
      if (typeof error.message === 'string') detail = error.message;
    } else if (typeof error === 'string') {
      detail = error; // Ollama and some proxies send `{ "error": "…" }`
    }
  } catch {
    detail = raw;
  }
  // Redacted before it is shortened: a key cut in half by the limit would no longer be recognised.
  const suffix = detail ? `: ${oneLine(redact(detail))}` : '';
  const label = code ? ` (${code})` : '';
  return new LlmError('http', redact(`LLM request failed: HTTP ${status}${label}${suffix}`), status, code);
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL_CHARS ? `${line.slice(0, MAX_DETAIL_CHARS)}…` : line;
}

/**
 * Removes a secret from a text, including the partially masked forms servers echo back
 * (OpenAI's "Incorrect API key provided: sk-abc…xyz").
 */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let result = text.split(secret).join('***');
  if (secret.length >= 8) {
    const head = escapeRegExp(secret.slice(0, 4));
    const tail = escapeRegExp(secret.slice(-4));
    result = result.replace(new RegExp(`${head}[^\\s"']*${tail}`, 'g'), '***');
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The response body as text, refusing (and cancelling) one longer than `maxBytes`. */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new LlmError('too-large', `LLM response is larger than ${maxBytes} bytes`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
