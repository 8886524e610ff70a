import {
  apiError,
  formError,
  type Route,
  type RouteContext,
  type RouteRequest,
  type RouteResponse,
} from './router';
import type { Json, RegisteredCommand } from './types';
import { FormErrorCollector, validateCommand } from './validation';
import { findMember, memberPayload } from './world';

function scopeOf(req: RouteRequest): string {
  return req.params.guild ?? 'global';
}

/** Checks the application (and guild) in the path; returns an error response when unknown. */
function checkScope(req: RouteRequest, ctx: RouteContext): RouteResponse | undefined {
  if (req.params.app !== ctx.world.applicationId) return apiError(404, 10002, 'Unknown Application');
  if (req.params.guild !== undefined && req.params.guild !== ctx.world.guild.id)
    return apiError(404, 10004, 'Unknown Guild');
  return undefined;
}

function toRegistered(
  ctx: RouteContext,
  req: RouteRequest,
  body: Json,
  existing?: RegisteredCommand,
): RegisteredCommand {
  const type = typeof body.type === 'number' ? body.type : 1;
  return {
    ...body,
    id: existing?.id ?? ctx.store.ids.next(),
    application_id: ctx.world.applicationId,
    ...(req.params.guild ? { guild_id: req.params.guild } : {}),
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    type,
    default_member_permissions: body.default_member_permissions ?? null,
    nsfw: body.nsfw ?? false,
    version: ctx.store.ids.next(),
  };
}

function validateCommands(list: Json[]): RouteResponse | undefined {
  const errors = new FormErrorCollector();
  list.forEach((command, i) => validateCommand(errors, command, [i]));
  const result = errors.result();
  return result ? formError(result) : undefined;
}

const commandRoutes = (prefix: string): Route[] => [
  {
    method: 'GET',
    pattern: `${prefix}/commands`,
    auth: true,
    handle: (req, ctx) =>
      checkScope(req, ctx) ?? { status: 200, body: ctx.store.commands.get(scopeOf(req)) ?? [] },
  },
  {
    method: 'PUT',
    pattern: `${prefix}/commands`,
    auth: true,
    handle(req, ctx) {
      const scopeError = checkScope(req, ctx);
      if (scopeError) return scopeError;
      const list = Array.isArray(req.record.body) ? (req.record.body as Json[]) : [];
      const invalid = validateCommands(list);
      if (invalid) return invalid;
      const previous = ctx.store.commands.get(scopeOf(req)) ?? [];
      // Bulk overwrite keeps ids of commands whose name and type are unchanged, like Discord.
      const next = list.map((body) =>
        toRegistered(
          ctx,
          req,
          body,
          previous.find((c) => c.name === body.name && c.type === (body.type ?? 1)),
        ),
      );
      ctx.store.commands.set(scopeOf(req), next);
      return { status: 200, body: next };
    },
  },
  {
    method: 'POST',
    pattern: `${prefix}/commands`,
    auth: true,
    handle(req, ctx) {
      const scopeError = checkScope(req, ctx);
      if (scopeError) return scopeError;
      const invalid = validateCommands([req.body]);
      if (invalid) return invalid;
      const list = ctx.store.commands.get(scopeOf(req)) ?? [];
      const index = list.findIndex((c) => c.name === req.body.name && c.type === (req.body.type ?? 1));
      const command = toRegistered(ctx, req, req.body, list[index]);
      if (index === -1) list.push(command);
      else list[index] = command;
      ctx.store.commands.set(scopeOf(req), list);
      return { status: index === -1 ? 201 : 200, body: command };
    },
  },
  {
    method: 'DELETE',
    pattern: `${prefix}/commands/:command`,
    auth: true,
    handle(req, ctx) {
      const scopeError = checkScope(req, ctx);
      if (scopeError) return scopeError;
      const list = ctx.store.commands.get(scopeOf(req)) ?? [];
      const index = list.findIndex((c) => c.id === req.params.command);
      if (index === -1) return apiError(404, 10063, 'Unknown application command');
      list.splice(index, 1);
      return { status: 204 };
    },
  },
];

/** Gateway discovery, users, application, commands and guild routes (bot Authorization required). */
export const appRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/gateway/bot',
    auth: true,
    handle: (_req, ctx) => ({
      status: 200,
      body: {
        url: ctx.settings.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      },
    }),
  },
  {
    method: 'GET',
    pattern: '/gateway',
    auth: false,
    handle: (_req, ctx) => ({ status: 200, body: { url: ctx.settings.gatewayUrl() } }),
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    auth: true,
    handle: (_req, ctx) => ({ status: 200, body: ctx.world.botUser }),
  },
  {
    method: 'GET',
    pattern: '/users/:user',
    auth: true,
    handle(req, ctx) {
      const member = findMember(ctx.world, req.params.user!);
      return member ? { status: 200, body: member.user } : apiError(404, 10013, 'Unknown User');
    },
  },
  {
    method: 'GET',
    pattern: '/applications/@me',
    auth: true,
    handle: (_req, ctx) => ({
      status: 200,
      body: {
        id: ctx.world.applicationId,
        name: ctx.world.botUser.username,
        icon: null,
        description: '',
        bot_public: false,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: ctx.world.applicationFlags,
        team: null,
        owner: ctx.world.users.moderator?.user,
        bot: ctx.world.botUser,
      },
    }),
  },
  ...commandRoutes('/applications/:app'),
  ...commandRoutes('/applications/:app/guilds/:guild'),
  {
    method: 'GET',
    pattern: '/guilds/:guild/members/:user',
    auth: true,
    handle(req, ctx) {
      if (req.params.guild !== ctx.world.guild.id) return apiError(404, 10004, 'Unknown Guild');
      const member = findMember(ctx.world, req.params.user!);
      return member ? { status: 200, body: memberPayload(member) } : apiError(404, 10007, 'Unknown Member');
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild/channels',
    auth: true,
    handle: (req, ctx) =>
      req.params.guild === ctx.world.guild.id
        ? { status: 200, body: ctx.store.guildChannels() }
        : apiError(404, 10004, 'Unknown Guild'),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild/roles',
    auth: true,
    handle: (req, ctx) =>
      req.params.guild === ctx.world.guild.id
        ? { status: 200, body: Object.values(ctx.world.roles) }
        : apiError(404, 10004, 'Unknown Guild'),
  },
];
