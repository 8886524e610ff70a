/**
 * A local Discord emulator (REST + gateway on 127.0.0.1) for end-to-end tests of a real discord.js v14 client.
 *
 * Usage:
 * ```ts
 * const emulator = await startEmulator({ heartbeatIntervalMs: 1000 });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiUrl } });
 * client.on(Events.InteractionCreate, handler);
 * const ready = once(client, Events.ClientReady);
 * await client.login(emulator.token);
 * await ready;
 *
 * const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'frage',
 *   options: [{ name: 'text', type: OptionType.String, value: 'Wer?' }], user: 'moderator' });
 * const callback = await emulator.waitForCallback(handle);          // POST /interactions/{id}/{token}/callback
 * const edit = await emulator.waitForOriginalEdit(handle);          // PATCH /webhooks/{app}/{token}/messages/@original
 * expect((edit.body as { content: string }).content).toContain('…');
 *
 * emulator.failNext({ method: 'POST', pathPattern: '/messages', status: 429, retryAfterSeconds: 0.2 });
 * emulator.dropGateway();                                            // client RESUMEs, missed events are replayed
 *
 * await client.destroy();
 * await emulator.close();
 * ```
 * The world (one guild, a text channel, @everyone + Moderator roles, users `member` and `moderator`, the bot) is in
 * `emulator.world`. Requests are recorded in `emulator.requests`; paths are relative to `/api/v10` and URL-decoded.
 * discord.js retries 5xx responses 3 times, so a 500 reaches the bot only with `failNext({ status: 500, count: 4 })`.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayEvents } from './events';
import { FaultInjector } from './faults';
import { GatewayServer } from './gateway';
import { RestFrontEnd } from './http';
import {
  InteractionFactory,
  type AttachmentInput,
  type ChatInputInput,
  type ComponentInput,
  type InteractionHandle,
  type ModalSubmitInput,
} from './interactions';
import type { RouteContext } from './router';
import { appRoutes } from './routesApp';
import { channelRoutes, threadChannel } from './routesChannels';
import { interactionRoutes } from './routesInteractions';
import { EmulatorStore, type InteractionRecord } from './store';
import type {
  DelaySpec,
  EmulatedAttachment,
  EmulatedChannel,
  EmulatedMessage,
  FailSpec,
  GatewayFrame,
  RecordedRequest,
  RegisteredCommand,
  RequestPredicate,
} from './types';
import {
  ChannelType,
  createWorld,
  guildCreatePayload,
  findMember,
  memberPayload,
  type World,
  type WorldOptions,
} from './world';

export * from './types';
export { OptionType } from './interactions';
export type {
  AttachmentInput,
  ChatInputInput,
  CommandOptionInput,
  ComponentInput,
  InteractionActor,
  InteractionHandle,
  ModalSubmitInput,
} from './interactions';
export { CallbackType } from './routesInteractions';
export { Intent, Op } from './gateway';
export { MessageFlag, InteractionType, type InteractionRecord } from './store';
export {
  Permission,
  MEMBER_PERMISSIONS,
  ChannelType,
  type World,
  type WorldOptions,
  type WorldUser,
} from './world';
export type { DiscordErrorBody, FormErrors } from './validation';

/** Options of {@link startEmulator}; all optional. */
export interface EmulatorOptions {
  /** Bot token the emulator accepts (REST `Authorization: Bot <token>`, IDENTIFY). Default `emulator-token`. */
  token?: string;
  /** HELLO heartbeat interval; Discord uses ~41 s, tests may use ~1 s to exercise heartbeats. Default 41250. */
  heartbeatIntervalMs?: number;
  /** Time the bot has for the initial callback (Discord: 3 s). Later callbacks get 10062. Default 3000. */
  interactionCallbackTimeoutMs?: number;
  /** Lifetime of the interaction webhook token (Discord: 15 min). Default 900000. */
  interactionTokenLifetimeMs?: number;
  world?: WorldOptions;
  /** Port to listen on (default: any free port). */
  port?: number;
  /** Receives diagnostic lines (default: silent). */
  log?: (line: string) => void;
}

/** An interaction to dispatch; `kind` selects the interaction type. */
export type InteractionInput =
  | ({ kind: 'chatInput' } & ChatInputInput)
  | ({ kind: 'autocomplete' } & ChatInputInput)
  | ({ kind: 'component' } & ComponentInput)
  | ({ kind: 'modalSubmit' } & ModalSubmitInput);

/** A user message to dispatch as MESSAGE_CREATE. */
export interface SendMessageInput {
  content: string;
  /** World user key; default `member`. */
  author?: string;
  /** Default the world's text channel; may be a thread id. Ignored for `dm`. */
  channelId?: string;
  /** Send in the author's DM with the bot. */
  dm?: boolean;
  /** Extra mentioned user ids (mentions written as `<@id>` in content are detected anyway). */
  mentions?: string[];
  /** Id of a message this one replies to. */
  replyTo?: string;
}

interface Waiter {
  predicate: RequestPredicate;
  resolve(request: RecordedRequest): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** A running emulator. Create with {@link startEmulator}; always `close()` it. */
export class DiscordEmulator {
  readonly world: World;
  readonly token: string;
  private readonly store: EmulatorStore;
  private readonly faults = new FaultInjector();
  private readonly gateway: GatewayServer;
  private readonly events: GatewayEvents;
  private readonly factory: InteractionFactory;
  private readonly server: Server;
  private readonly recorded: RecordedRequest[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve(): void }>();
  private port = 0;

  /** @internal Use {@link startEmulator}. */
  constructor(private readonly options: EmulatorOptions = {}) {
    this.token = options.token ?? 'emulator-token';
    this.world = createWorld(options.world);
    this.store = new EmulatorStore(this.world, () => this.baseUrl);
    this.gateway = new GatewayServer({
      checkToken: (token) => token === this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      resumeUrl: () => `ws://127.0.0.1:${this.port}/gateway-resume`,
      readyPayload: () => ({
        v: 10,
        user: this.world.botUser,
        user_settings: {},
        guilds: [{ id: this.world.guild.id, unavailable: true }],
        application: { id: this.world.applicationId, flags: this.world.applicationFlags },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['["discord-emulator"]'],
      }),
      initialEvents: () => [
        {
          t: 'GUILD_CREATE',
          d: guildCreatePayload(this.world, this.store.guildChannels(), this.store.threads()),
        },
      ],
      membersChunk: (request) => this.membersChunk(request),
      newId: () => this.store.ids.next().toString(),
    });
    this.events = new GatewayEvents(this.gateway, this.world, (id) => this.store.channels.get(id)?.type);
    this.factory = new InteractionFactory(this.world, this.store);
    const ctx: RouteContext = {
      store: this.store,
      world: this.world,
      events: this.events,
      settings: {
        interactionCallbackTimeoutMs: options.interactionCallbackTimeoutMs ?? 3000,
        interactionTokenLifetimeMs: options.interactionTokenLifetimeMs ?? 15 * 60 * 1000,
        gatewayUrl: () => this.gatewayUrl,
      },
    };
    const frontEnd = new RestFrontEnd({
      routes: [...appRoutes, ...channelRoutes, ...interactionRoutes],
      ctx,
      store: this.store,
      faults: this.faults,
      checkAuth: (header) => header === `Bot ${this.token}`,
      onRecord: (record) => this.recorded.push(record),
      onResponded: (record) => this.notify(record),
      sleep: (ms) => this.sleep(ms),
      log: options.log ?? (() => undefined),
    });
    this.server = createServer(frontEnd.handle);
    this.server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** @internal Starts listening; called by {@link startEmulator}. */
  async listen(): Promise<void> {
    this.server.listen(this.options.port ?? 0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:PORT`; attachments are served below it. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Value for discord.js `rest.api` (REST calls then go to `${apiUrl}/v10/...`). */
  get apiUrl(): string {
    return `${this.baseUrl}/api`;
  }

  /** Gateway URL returned by `GET /gateway/bot`. Resumes use a distinct `/gateway-resume` URL. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** All requests so far, in arrival order (responses filled in once sent). */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Every gateway frame sent or received so far. */
  get gatewayFrames(): readonly GatewayFrame[] {
    return this.gateway.frames;
  }

  /** Number of open gateway connections. */
  get gatewayConnections(): number {
    return this.gateway.openConnections;
  }

  /** When false, heartbeats go unacknowledged so the client treats the connection as a zombie. */
  set ackHeartbeats(value: boolean) {
    this.gateway.ackHeartbeats = value;
  }

  /**
   * Resolves with the first answered request matching `predicate`, looking at past requests first.
   * Rejects after `timeoutMs` with a list of the requests seen.
   */
  waitForRequest(predicate: RequestPredicate, timeoutMs = 5000): Promise<RecordedRequest> {
    const past = this.recorded.find((r) => r.response !== undefined && predicate(r));
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.recorded
            .map((r) => `${r.method} ${r.path} → ${r.response?.status ?? '…'}`)
            .join('\n  ');
          reject(new Error(`emulator: no matching request within ${timeoutMs} ms; seen:\n  ${seen}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Waits for the bot's interaction callback (`POST /interactions/{id}/{token}/callback`). */
  waitForCallback(handle: InteractionHandle, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/interactions/${handle.id}/${handle.token}/callback`,
      timeoutMs,
    );
  }

  /** Waits for an edit of the interaction's original response (`PATCH /webhooks/{app}/{token}/messages/@original`). */
  waitForOriginalEdit(handle: InteractionHandle, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest(
      (r) =>
        r.method === 'PATCH' &&
        r.path === `/webhooks/${handle.applicationId}/${handle.token}/messages/@original`,
      timeoutMs,
    );
  }

  /** Waits for a follow-up message (`POST /webhooks/{app}/{token}`). */
  waitForFollowUp(handle: InteractionHandle, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/webhooks/${handle.applicationId}/${handle.token}`,
      timeoutMs,
    );
  }

  /** Waits for a gateway frame matching `predicate` (past frames first). */
  waitForGatewayFrame(predicate: (frame: GatewayFrame) => boolean, timeoutMs = 5000): Promise<GatewayFrame> {
    const past = this.gateway.frames.find(predicate);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`emulator: no matching gateway frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.gateway.onFrame((frame) => {
        if (!predicate(frame)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(frame);
      });
    });
  }

  /** Messages of a channel or thread, oldest first (including ephemeral interaction responses). */
  messagesIn(channelId: string): EmulatedMessage[] {
    return this.store.messagesIn(channelId);
  }

  /** A channel or thread by id. */
  channel(channelId: string) {
    return this.store.channels.get(channelId);
  }

  /** Threads created so far. */
  threads() {
    return this.store.threads();
  }

  /** Commands registered globally, or for `guildId`. */
  registeredCommands(guildId?: string): RegisteredCommand[] {
    return [...(this.store.commands.get(guildId ?? 'global') ?? [])];
  }

  /** The emulator's view of an interaction (acknowledged? which callback type? original message?). */
  interaction(token: string): InteractionRecord | undefined {
    return this.store.interactions.get(token);
  }

  /**
   * Ages an interaction by `ms` (default: past the callback window) without waiting, so tests can check how
   * the bot handles 10062 "Unknown interaction" or 50027 "Invalid Webhook Token".
   */
  expireInteraction(token: string, ms = (this.options.interactionCallbackTimeoutMs ?? 3000) + 1): void {
    const record = this.store.interactions.get(token);
    if (!record) throw new Error('emulator: unknown interaction token');
    record.createdAt -= ms;
  }

  /** Channel ids the bot sent a typing indicator to, in order. */
  get typing(): readonly string[] {
    return this.store.typing;
  }

  /**
   * Makes the next `count` (default 1) matching API requests fail. 429s carry `retry-after`, `x-ratelimit-*`
   * and `{ message, retry_after, global }`. discord.js retries 429s after the delay and 5xx up to 3 times.
   */
  failNext(spec: FailSpec): void {
    this.faults.fail(spec);
  }

  /** Delays the next `count` (default 1) matching API requests by `ms`. */
  delayNext(spec: DelaySpec): void {
    this.faults.delay(spec);
  }

  /** Drops all queued failures and delays. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Dispatches INTERACTION_CREATE and returns ids and token for awaiting the bot's responses. */
  sendInteraction(input: InteractionInput): InteractionHandle {
    const built =
      input.kind === 'chatInput'
        ? this.factory.chatInput(input)
        : input.kind === 'autocomplete'
          ? this.factory.autocomplete(input)
          : input.kind === 'component'
            ? this.factory.component(input)
            : this.factory.modalSubmit(input);
    this.events.interactionCreate(built.payload);
    const { id, token, applicationId, channelId } = built.record;
    return { id, token, applicationId, channelId, payload: built.payload };
  }

  /** Stores a user message and dispatches MESSAGE_CREATE (subject to the client's intents). */
  sendMessage(input: SendMessageInput): EmulatedMessage {
    const key = input.author ?? 'member';
    const author = this.world.users[key];
    if (!author) throw new Error(`emulator: unknown world user "${key}"`);
    const channel = input.dm
      ? this.store.dmChannel(author.user)
      : this.store.channels.get(input.channelId ?? this.world.channel.id);
    if (!channel) throw new Error(`emulator: unknown channel ${input.channelId}`);
    const referenced = input.replyTo ? this.store.findMessage(input.replyTo, channel.id) : undefined;
    const message = this.store.createMessage(
      channel.id,
      author.user,
      { content: input.content },
      {
        ...(referenced
          ? {
              type: 19,
              message_reference: {
                type: 0,
                message_id: referenced.id,
                channel_id: channel.id,
                guild_id: channel.guild_id,
              },
              referenced_message: referenced,
            }
          : {}),
      },
    );
    for (const id of input.mentions ?? []) {
      const user = findMember(this.world, id)?.user;
      if (user && !message.mentions.some((u) => u.id === id)) message.mentions.push(user);
    }
    this.events.messageCreate(message);
    return message;
  }

  /**
   * A member opens a post in a forum channel, as Discord does it: THREAD_CREATE for the post's
   * thread (owned by the member, named by the title), then MESSAGE_CREATE for its starter message,
   * which lives in the thread and shares the thread's id.
   */
  createForumPost(input: { forumId: string; title: string; content: string; author?: string }): {
    thread: EmulatedChannel;
    message: EmulatedMessage;
  } {
    const forum = this.store.channels.get(input.forumId);
    if (forum?.type !== ChannelType.GuildForum) throw new Error(`emulator: ${input.forumId} is no forum`);
    const author = this.world.users[input.author ?? 'member'];
    if (!author) throw new Error(`emulator: unknown world user "${input.author}"`);
    const id = this.store.ids.next();
    const thread = threadChannel(
      this.world,
      forum,
      { name: input.title, auto_archive_duration: 4320 },
      id,
      ChannelType.PublicThread,
      author.user.id,
    );
    this.store.channels.set(id, thread);
    this.events.threadCreate(thread);
    const message = this.store.createMessage(id, author.user, { content: input.content }, { id });
    this.events.messageCreate(message);
    return { thread, message };
  }

  /** Stores a file the emulator serves under `/attachments/...` (e.g. for a message or an option). */
  addAttachment(input: AttachmentInput): EmulatedAttachment {
    return this.store.addAttachment(input.filename, Buffer.from(input.content), input.contentType);
  }

  /** Closes the client's gateway socket with `code` (default 4000, resumable); the session stays for RESUME. */
  dropGateway(options: { code?: number } = {}): void {
    this.gateway.drop(options.code ?? 4000);
  }

  /** Sends op 7 RECONNECT to connected clients. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Stops the HTTP and gateway servers and all timers. */
  async close(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('emulator: closed'));
    }
    this.waiters.clear();
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.resolve();
    }
    this.sleeps.clear();
    await this.gateway.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private notify(record: RecordedRequest): void {
    for (const waiter of [...this.waiters]) {
      if (!waiter.predicate(record)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(record);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }

  private membersChunk(request: Record<string, unknown>): Record<string, unknown> {
    const members = [...Object.values(this.world.users)];
    const ids = Array.isArray(request.user_ids) ? (request.user_ids as string[]) : undefined;
    const query = typeof request.query === 'string' ? request.query.toLowerCase() : '';
    const selected = members.filter((m) =>
      ids ? ids.includes(m.user.id) : m.user.username.toLowerCase().startsWith(query),
    );
    return {
      guild_id: this.world.guild.id,
      members: selected.map((m) => memberPayload(m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids ? ids.filter((id) => !members.some((m) => m.user.id === id)) : [],
      ...(typeof request.nonce === 'string' ? { nonce: request.nonce } : {}),
    };
  }
}

/** Starts an emulator on 127.0.0.1 (a free port unless `options.port`). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<DiscordEmulator> {
  const emulator = new DiscordEmulator(options);
  await emulator.listen();
  return emulator;
}
