import {
  chatComplete,
  LlmError,
  redactSecret,
  type LlmConfig,
} from '../../../../src/core/answer/llm/chatCompletions';
import { LlmStub, completion, errorBody } from '../../../support/llmStub';

const API_KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
let stub: LlmStub;
beforeAll(async () => {
  stub = await LlmStub.start();
});
afterAll(async () => {
  await stub.close();
});

function config(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return { baseUrl: `${stub.baseUrl}/`, model: 'm', apiKey: API_KEY, timeoutMs: 1000, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LlmError) return error;
    throw error;
  }
  throw new Error('expected an LlmError');
}

const messages = [{ role: 'user' as const, content: 'Hallo' }];

describe('chatComplete', () => {
  it('posts a Chat Completions request and returns the first choice', async () => {
    stub.respond({ body: completion('Antwort [1]') });
    await expect(chatComplete(config(), messages)).resolves.toBe('Antwort [1]');
    const request = stub.last!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toMatchObject({ model: 'm', messages, temperature: 0, stream: false });
  });

  it('refuses a response body over 64 KB without reading it all', async () => {
    stub.respond({ body: completion('x'.repeat(10 * 1024 * 1024)) });
    const error = await failure(chatComplete(config(), messages));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe('LLM response is larger than 65536 bytes');
  });

  it('sends no Authorization header without an API key', async () => {
    stub.respond({ body: completion('ok') });
    await chatComplete(config({ apiKey: undefined }), messages);
    expect(stub.last!.headers.authorization).toBeUndefined();
  });

  it('reports OpenAI-style HTTP errors in one line, with the key redacted even when partly masked', async () => {
    const masked = `${API_KEY.slice(0, 6)}************${API_KEY.slice(-4)}`;
    stub.respond({
      status: 401,
      body: errorBody(
        `Incorrect API key provided: ${masked}.\nSee the docs.`,
        'invalid_request_error',
        'invalid_api_key',
      ),
    });
    const error = await failure(chatComplete(config(), messages));
    expect(error).toMatchObject({ kind: 'http', status: 401, code: 'invalid_api_key' });
    expect(error.message).toBe(
      'LLM request failed: HTTP 401 (invalid_api_key): Incorrect API key provided: ***. See the docs.',
    );
  });

  it('reads plain string error bodies (Ollama) and non-JSON error pages', async () => {
    stub.respond({ status: 404, body: { error: 'model "m" not found, try pulling it first' } });
    expect((await failure(chatComplete(config(), messages))).message).toBe(
      'LLM request failed: HTTP 404: model "m" not found, try pulling it first',
    );
    stub.respond({ status: 502, body: '<html>Bad Gateway</html>' });
    expect((await failure(chatComplete(config(), messages))).message).toBe(
      'LLM request failed: HTTP 502: <html>Bad Gateway</html>',
    );
  });

  it('classifies timeouts, malformed JSON, missing choices and empty content', async () => {
    stub.respond({ body: completion('late'), delayMs: 1000 });
    expect((await failure(chatComplete(config({ timeoutMs: 100 }), messages))).kind).toBe('timeout');
    stub.respond({ body: 'not json' });
    expect((await failure(chatComplete(config(), messages))).kind).toBe('malformed');
    stub.respond({ body: { object: 'chat.completion' } });
    expect((await failure(chatComplete(config(), messages))).kind).toBe('empty');
    stub.respond({ body: completion('   ') });
    expect((await failure(chatComplete(config(), messages))).kind).toBe('empty');
  });

  it('reports an unreachable server as a network error without the key', async () => {
    const error = await failure(chatComplete(config({ baseUrl: 'http://127.0.0.1:1/v1' }), messages));
    expect(error.kind).toBe('network');
    expect(error.message).not.toContain(API_KEY);
  });
});

describe('errors of a long response', () => {
  it('never show part of the key when the limit would cut through it', async () => {
    // The key straddles the 200-character limit of the detail.
    stub.respond({
      status: 401,
      body: errorBody(`${'x'.repeat(190)} ${API_KEY} rest`, 'invalid_request_error', null),
    });
    const error = await failure(chatComplete(config(), messages));
    expect(error.message).not.toContain(API_KEY.slice(0, 8));
  });
});

describe('redactSecret', () => {
  it('removes the secret and masked forms of it but leaves other text alone', () => {
    expect(redactSecret(`key=${API_KEY}!`, API_KEY)).toBe('key=***!');
    expect(redactSecret('nothing secret here', API_KEY)).toBe('nothing secret here');
    expect(redactSecret('text', undefined)).toBe('text');
  });
});
