/**
 * Public types of the Discord emulator. Payload shapes follow Discord API v10 (snake_case, as on the wire);
 * they are deliberately loose (`Json` for nested parts the emulator does not interpret) so tests stay short.
 */

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** A Discord user as sent on the wire. */
export interface EmulatedUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  public_flags: number;
}

/** A role as sent on the wire (permissions is a decimal bit string). */
export interface EmulatedRole {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  icon: string | null;
  unicode_emoji: string | null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
}

/** A guild text channel, thread or DM channel as sent on the wire. */
export interface EmulatedChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  owner_id?: string;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
  last_message_id?: string | null;
  rate_limit_per_user?: number;
  permission_overwrites?: Json[];
  flags?: number;
  recipients?: EmulatedUser[];
  thread_metadata?: Json;
  message_count?: number;
  member_count?: number;
  total_message_sent?: number;
}

/** A file attachment; `url` points at the emulator's own `/attachments/...` route. */
export interface EmulatedAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
}

/** A message as sent on the wire. */
export interface EmulatedMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: EmulatedUser;
  member?: Json;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: EmulatedUser[];
  mention_roles: string[];
  attachments: EmulatedAttachment[];
  embeds: Json[];
  components: Json[];
  pinned: boolean;
  type: number;
  flags: number;
  application_id?: string;
  webhook_id?: string;
  message_reference?: Json;
  referenced_message?: EmulatedMessage | null;
  interaction_metadata?: Json;
  thread?: EmulatedChannel;
}

/** A registered application command, as returned by the commands routes. */
export interface RegisteredCommand extends Json {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  version: string;
}

/** An uploaded multipart file part. */
export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

/** One HTTP request the emulator received (REST, webhooks, interaction callbacks, attachment downloads). */
export interface RecordedRequest {
  /** Increasing number in arrival order. */
  seq: number;
  method: string;
  /** Path below the API version prefix, URL-decoded per segment, e.g. `/webhooks/1/abc/messages/@original`. */
  path: string;
  /** Path as it arrived, e.g. `/api/v10/webhooks/1/abc/messages/%40original`. */
  rawPath: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` part of a multipart body; undefined when empty. */
  body: unknown;
  files: RecordedFile[];
  /** Whether the request carried the expected `Authorization: Bot <token>` header. */
  authorized: boolean;
  /** Filled in once the response is sent. */
  response?: { status: number; body: unknown };
  receivedAt: number;
}

/** Predicate over recorded requests. */
export type RequestPredicate = (request: RecordedRequest) => boolean;

/** Which requests a fault applies to. Strings match as substrings of {@link RecordedRequest.path}. */
export interface FaultMatcher {
  method?: string;
  pathPattern?: string | RegExp;
}

/** A failure to inject into upcoming matching requests. */
export interface FailSpec extends FaultMatcher {
  status: number;
  /** For 429: seconds sent in `retry-after` (fractions allowed so tests stay fast) and `retry_after`. */
  retryAfterSeconds?: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** For 429: a global rate limit (`x-ratelimit-global`, `global: true`). */
  global?: boolean;
  /** Response body override. */
  body?: Json;
}

/** A delay to inject into upcoming matching requests. */
export interface DelaySpec extends FaultMatcher {
  ms: number;
  count?: number;
}

/** One gateway frame, in either direction. */
export interface GatewayFrame {
  direction: 'in' | 'out';
  connection: number;
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  at: number;
}
