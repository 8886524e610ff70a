import type { EventSink } from './events';
import type { EmulatorStore } from './store';
import type { Json, RecordedFile, RecordedRequest } from './types';
import type { DiscordErrorBody } from './validation';
import type { World } from './world';

/** Timing and addressing settings the routes need. */
export interface RouteSettings {
  interactionCallbackTimeoutMs: number;
  interactionTokenLifetimeMs: number;
  gatewayUrl(): string;
}

/** Everything a route handler may use. */
export interface RouteContext {
  store: EmulatorStore;
  world: World;
  events: EventSink;
  settings: RouteSettings;
}

/** A parsed request handed to a route handler. */
export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  /** JSON body (or `payload_json`); `{}` when absent or not an object. */
  body: Json;
  files: RecordedFile[];
  record: RecordedRequest;
}

/** What a handler returns; 204 responses have no body. */
export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One REST route. `pattern` uses `:name` segments, relative to `/api/v10`. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  /** Whether `Authorization: Bot <token>` is required (false for interaction callbacks and token webhooks). */
  auth: boolean;
  handle(req: RouteRequest, ctx: RouteContext): RouteResponse | Promise<RouteResponse>;
}

/** Builds a Discord-shaped error response. */
export function apiError(status: number, code: number, message: string): RouteResponse {
  return { status, body: { code, message } };
}

/** Builds a 400 response from a validation result. */
export function formError(error: DiscordErrorBody): RouteResponse {
  return { status: 400, body: error };
}

/** Result of matching a path against the route table. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

/** Finds the route for a decoded path split into segments. */
export function matchRoute(routes: readonly Route[], method: string, segments: string[]): RouteMatch {
  let pathMatched = false;
  for (const route of routes) {
    const parts = route.pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = parts.every((part, i) => {
      const segment = segments[i]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method) return { kind: 'found', route, params };
  }
  return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
}
