import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stub received. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when it was not JSON). */
  body: ChatRequestBody | undefined;
}

/** The parts of a Chat Completions request the tests look at. */
export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  [key: string]: unknown;
}

/** What the stub sends back for one request. */
export interface StubReply {
  status?: number;
  /** An object is sent as JSON; a string is sent as is (for malformed bodies). */
  body: unknown;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
}

/** Decides the reply per request; tests set it with {@link LlmStub.respond}. */
export type StubHandler = (request: StubRequest) => StubReply;

/** A successful Chat Completions body whose single choice carries `content`. */
export function completion(
  content: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: 0,
    model: 'stub-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    ...extra,
  };
}

/** An OpenAI-style error body. */
export function errorBody(message: string, type: string, code: string | null): Record<string, unknown> {
  return { error: { message, type, param: null, code } };
}

/**
 * A local OpenAI-compatible Chat Completions server on 127.0.0.1 (random port), scriptable
 * per test, recording every request.
 */
export class LlmStub {
  readonly requests: StubRequest[] = [];
  private handler: StubHandler = () => ({
    status: 500,
    body: errorBody('no reply scripted', 'server_error', null),
  });
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    /** Base URL to configure clients with, e.g. `http://127.0.0.1:PORT/v1`. */
    readonly baseUrl: string,
  ) {}

  /** Starts a stub on a random local port. */
  static async start(): Promise<LlmStub> {
    const started: { stub?: LlmStub } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        started.stub?.handle(req.method ?? '', req.url ?? '', req.headers, Buffer.concat(chunks), res),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const stub = new LlmStub(server, `http://127.0.0.1:${port}/v1`);
    started.stub = stub;
    return stub;
  }

  /** Scripts the reply: a fixed reply or a function of the request. */
  respond(reply: StubReply | StubHandler): void {
    this.handler = typeof reply === 'function' ? reply : () => reply;
  }

  /** The last request received. */
  get last(): StubRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  /** Stops the server, dropping connections that are still waiting for a delayed reply. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    raw: Buffer,
    res: ServerResponse,
  ): void {
    let body: ChatRequestBody | undefined;
    try {
      body = JSON.parse(raw.toString('utf8')) as ChatRequestBody;
    } catch {
      body = undefined;
    }
    const request: StubRequest = { method, path, headers, body };
    this.requests.push(request);
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(`Unknown route ${method} ${path}`, 'invalid_request_error', null)));
      return;
    }
    const reply = this.handler(request);
    const send = (): void => {
      if (res.destroyed) return;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(text);
    };
    if (reply.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        send();
      }, reply.delayMs);
      this.timers.add(timer);
    } else {
      send();
    }
  }
}
