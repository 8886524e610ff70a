import type { IncomingMessage, ServerResponse } from 'node:http';
import { failureResponse, type FaultInjector } from './faults';
import { multipartBoundary, parseMultipart } from './multipart';
import { matchRoute, type Route, type RouteContext, type RouteResponse } from './router';
import type { EmulatorStore } from './store';
import type { Json, RecordedFile, RecordedRequest } from './types';

/** The API prefix discord.js appends to the `rest.api` option. */
const API_PREFIX = /^\/api\/v\d+(?=\/)/;

/** What the HTTP front end needs from the emulator. */
export interface HttpDeps {
  routes: readonly Route[];
  ctx: RouteContext;
  store: EmulatorStore;
  faults: FaultInjector;
  /** Whether an Authorization header value is the expected `Bot <token>`. */
  checkAuth(header: string | undefined): boolean;
  /** Called when a request arrives and again once its response is set. */
  onRecord(record: RecordedRequest): void;
  onResponded(record: RecordedRequest): void;
  /** Sleeps that `close()` can cut short. */
  sleep(ms: number): Promise<void>;
  log(line: string): void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; files: RecordedFile[] } {
  if (raw.length === 0) return { body: undefined, files: [] };
  const boundary = multipartBoundary(contentType);
  if (boundary) {
    const parts = parseMultipart(raw, boundary);
    const payload = parts.find((p) => p.name === 'payload_json');
    const files = parts
      .filter((p) => p.filename !== undefined)
      .map((p) => ({ field: p.name, filename: p.filename!, contentType: p.contentType, data: p.data }));
    return { body: payload ? JSON.parse(payload.data.toString('utf8')) : undefined, files };
  }
  const text = raw.toString('utf8');
  if (contentType?.includes('json')) return { body: JSON.parse(text), files: [] };
  return { body: text, files: [] };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/**
 * The REST front end: records every request, applies injected delays/failures, checks authorization, routes,
 * and serves uploaded/registered attachments under `/attachments/{id}/{filename}`.
 */
export class RestFrontEnd {
  private seq = 0;

  constructor(private readonly deps: HttpDeps) {}

  /** Node `http` request listener. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.process(req, res).catch((error: unknown) => {
      this.deps.log(`emulator: internal error ${String(error)}`);
      send(res, 500, { message: '500: Internal Server Error', code: 0 });
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const prefix = API_PREFIX.exec(url.pathname)?.[0] ?? '';
    const segments = url.pathname.slice(prefix.length).split('/').filter(Boolean).map(safeDecode);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(', ') : (v ?? ''),
      ]),
    );
    let parsed: { body: unknown; files: RecordedFile[] };
    try {
      parsed = parseBody(raw, headers['content-type']);
    } catch {
      parsed = { body: raw.toString('utf8'), files: [] };
    }
    const record: RecordedRequest = {
      seq: ++this.seq,
      method,
      path: `/${segments.join('/')}`,
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: parsed.body,
      files: parsed.files,
      authorized: this.deps.checkAuth(headers.authorization),
      receivedAt: Date.now(),
    };
    this.deps.onRecord(record);
    const response = prefix ? await this.route(record, segments) : this.serveStatic(record, segments, res);
    if (response === undefined) return; // static file already written
    record.response = { status: response.status, body: response.body };
    send(res, response.status, response.body, response.headers);
    this.deps.onResponded(record);
  }

  private async route(record: RecordedRequest, segments: string[]): Promise<RouteResponse> {
    const delay = this.deps.faults.takeDelay(record.method, record.path);
    if (delay) await this.deps.sleep(delay.ms);
    const failure = this.deps.faults.takeFailure(record.method, record.path);
    if (failure) return failureResponse(failure);
    const match = matchRoute(this.deps.routes, record.method, segments);
    if (match.kind === 'not-found') return { status: 404, body: { message: '404: Not Found', code: 0 } };
    if (match.kind === 'method-not-allowed')
      return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
    if (match.route.auth && !record.authorized)
      return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    const body = (
      typeof record.body === 'object' && record.body !== null && !Array.isArray(record.body)
        ? record.body
        : {}
    ) as Json;
    return match.route.handle(
      { params: match.params, query: record.query, body, files: record.files, record },
      this.deps.ctx,
    );
  }

  private serveStatic(
    record: RecordedRequest,
    segments: string[],
    res: ServerResponse,
  ): RouteResponse | undefined {
    const [root, id] = segments;
    const stored = root === 'attachments' && id ? this.deps.store.attachments.get(id) : undefined;
    if (record.method !== 'GET' || !stored)
      return { status: 404, body: { message: '404: Not Found', code: 0 } };
    record.response = { status: 200, body: undefined };
    res
      .writeHead(200, {
        'content-type': stored.attachment.content_type ?? 'application/octet-stream',
        'content-length': String(stored.data.length),
      })
      .end(stored.data);
    this.deps.onResponded(record);
    return undefined;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
