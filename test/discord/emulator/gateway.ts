import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { GatewayFrame, Json } from './types';

/** Gateway opcodes (API v10). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Gateway intents the emulator filters on. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Close codes after which Discord does not allow a resume. */
const NON_RESUMABLE = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);

/** Builds an event's payload for a session's intents; `undefined` means the session does not get it. */
export type EventBuilder = (intents: number) => unknown;

interface SessionEvent {
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Recent dispatches, replayed on RESUME. */
  history: SessionEvent[];
  socket: WebSocket | undefined;
  valid: boolean;
}

/** What the gateway needs from the rest of the emulator. */
export interface GatewayDeps {
  /** Accepts a token from IDENTIFY/RESUME. */
  checkToken(token: unknown): boolean;
  heartbeatIntervalMs: number;
  resumeUrl(): string;
  /** READY payload minus session fields. */
  readyPayload(): Json;
  /** Events sent right after READY (GUILD_CREATE for each guild). */
  initialEvents(): Array<{ t: string; d: unknown }>;
  /** GUILD_MEMBERS_CHUNK payload for an op 8 request. */
  membersChunk(request: Json): Json;
  newId(): string;
}

const HISTORY_LIMIT = 1000;

/**
 * The gateway side of the emulator: JSON encoding, no compression, one shard. Sessions survive dropped sockets
 * so a client can RESUME and get the events it missed.
 */
export class GatewayServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly socketSessions = new Map<WebSocket, Session>();
  private readonly frameListeners = new Set<(frame: GatewayFrame) => void>();
  private connectionCount = 0;
  /** Every frame sent or received, in order. */
  readonly frames: GatewayFrame[] = [];
  /** When false, heartbeats are not acknowledged (zombie-connection tests). */
  ackHeartbeats = true;

  constructor(private readonly deps: GatewayDeps) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  /** Takes over an HTTP upgrade request. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Number of currently open client sockets. */
  get openConnections(): number {
    return [...this.wss.clients].filter((c) => c.readyState === WebSocket.OPEN).length;
  }

  /** Sends (or, while disconnected, buffers for RESUME) an event to every valid session. */
  dispatch(t: string, build: EventBuilder): void {
    for (const session of this.sessions.values()) {
      if (!session.valid) continue;
      const d = build(session.intents);
      if (d === undefined) continue;
      this.dispatchTo(session, t, d);
    }
  }

  /** Closes client sockets with `code`; for resumable codes the session stays so the client can RESUME. */
  drop(code = 4000): void {
    for (const [socket, session] of this.socketSessions) {
      if (NON_RESUMABLE.has(code)) session.valid = false;
      session.socket = undefined;
      this.socketSessions.delete(socket);
      socket.close(code, 'emulator drop');
    }
  }

  /** Sends op 7 RECONNECT, which makes discord.js reconnect and resume. */
  requestReconnect(): void {
    for (const socket of this.socketSessions.keys()) this.send(socket, { op: Op.Reconnect, d: null });
  }

  /** Calls `listener` for every frame from now on; returns an unsubscribe function. */
  onFrame(listener: (frame: GatewayFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** Terminates all sockets and stops the server. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.sessions.clear();
    this.socketSessions.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    const connection = ++this.connectionCount;
    (socket as WebSocket & { emulatorConnection?: number }).emulatorConnection = connection;
    socket.on('message', (raw) => this.onMessage(socket, connection, raw.toString()));
    socket.on('close', (code) => {
      const session = this.socketSessions.get(socket);
      if (!session) return;
      this.socketSessions.delete(socket);
      if (session.socket === socket) session.socket = undefined;
      if (NON_RESUMABLE.has(code)) session.valid = false;
    });
    socket.on('error', () => undefined);
    this.send(socket, { op: Op.Hello, d: { heartbeat_interval: this.deps.heartbeatIntervalMs } });
  }

  private onMessage(socket: WebSocket, connection: number, raw: string): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      payload = JSON.parse(raw) as { op?: unknown; d?: unknown };
    } catch {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = typeof payload.op === 'number' ? payload.op : -1;
    this.record({ direction: 'in', connection, op, d: payload.d, at: Date.now() });
    const d = (payload.d ?? {}) as Json;
    switch (op) {
      case Op.Heartbeat:
        if (this.ackHeartbeats) this.send(socket, { op: Op.HeartbeatAck });
        return;
      case Op.Identify:
        return this.identify(socket, d);
      case Op.Resume:
        return this.resume(socket, d);
      case Op.RequestGuildMembers: {
        const session = this.socketSessions.get(socket);
        if (session) this.dispatchTo(session, 'GUILD_MEMBERS_CHUNK', this.deps.membersChunk(d));
        return;
      }
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        return;
      default:
        socket.close(4001, 'Unknown opcode.');
    }
  }

  private identify(socket: WebSocket, d: Json): void {
    if (this.socketSessions.has(socket)) {
      socket.close(4005, 'Already authenticated.');
      return;
    }
    if (!this.deps.checkToken(d.token)) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const session: Session = {
      id: this.deps.newId(),
      intents: typeof d.intents === 'number' ? d.intents : 0,
      seq: 0,
      history: [],
      socket,
      valid: true,
    };
    this.sessions.set(session.id, session);
    this.socketSessions.set(socket, session);
    this.dispatchTo(session, 'READY', {
      ...this.deps.readyPayload(),
      session_id: session.id,
      resume_gateway_url: this.deps.resumeUrl(),
      shard: Array.isArray(d.shard) ? d.shard : [0, 1],
    });
    for (const event of this.deps.initialEvents()) this.dispatchTo(session, event.t, event.d);
  }

  private resume(socket: WebSocket, d: Json): void {
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session || !session.valid || !this.deps.checkToken(d.token)) {
      this.send(socket, { op: Op.InvalidSession, d: false });
      return;
    }
    if (session.socket && session.socket !== socket) session.socket.close(4000, 'Session resumed elsewhere');
    session.socket = socket;
    this.socketSessions.set(socket, session);
    const since = typeof d.seq === 'number' ? d.seq : 0;
    for (const event of session.history) {
      if (event.s > since) this.send(socket, { op: Op.Dispatch, t: event.t, s: event.s, d: event.d });
    }
    this.dispatchTo(session, 'RESUMED', null);
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event = { t, s: session.seq, d };
    session.history.push(event);
    if (session.history.length > HISTORY_LIMIT) session.history.shift();
    if (session.socket?.readyState === WebSocket.OPEN) {
      this.send(session.socket, { op: Op.Dispatch, ...event });
    }
  }

  private send(socket: WebSocket, frame: { op: number; t?: string; s?: number; d?: unknown }): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    const connection = (socket as WebSocket & { emulatorConnection?: number }).emulatorConnection ?? 0;
    const full = { op: frame.op, d: frame.d ?? null, s: frame.s ?? null, t: frame.t ?? null };
    this.record({
      direction: 'out',
      connection,
      op: full.op,
      t: full.t,
      s: full.s,
      d: full.d,
      at: Date.now(),
    });
    socket.send(JSON.stringify(full));
  }

  private record(frame: GatewayFrame): void {
    this.frames.push(frame);
    for (const listener of this.frameListeners) listener(frame);
  }
}
