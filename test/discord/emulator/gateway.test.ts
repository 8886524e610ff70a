import { once } from 'node:events';
import WebSocket from 'ws';
import { Intent, Op, startEmulator, type DiscordEmulator } from './index';

interface Frame {
  op: number;
  t: string | null;
  s: number | null;
  d: Record<string, unknown> | null;
}

/** A raw gateway client that queues frames so tests can await them in order. */
async function connect(url: string): Promise<{ socket: WebSocket; next(t?: string): Promise<Frame> }> {
  const socket = new WebSocket(`${url}?v=10&encoding=json`);
  const frames: Frame[] = [];
  const waiting: Array<() => void> = [];
  socket.on('message', (raw) => {
    frames.push(JSON.parse(raw.toString()) as Frame);
    waiting.splice(0).forEach((wake) => wake());
  });
  await once(socket, 'open');
  const next = async (t?: string): Promise<Frame> => {
    for (;;) {
      const index = frames.findIndex((f) => t === undefined || f.t === t);
      if (index !== -1) return frames.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return { socket, next };
}

describe('emulated gateway (raw WebSocket client)', () => {
  let emulator: DiscordEmulator;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    emulator = await startEmulator({ heartbeatIntervalMs: 500 });
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.terminate());
    await emulator.close();
  });

  async function identify(intents: number) {
    const client = await connect(emulator.gatewayUrl);
    sockets.push(client.socket);
    const hello = await client.next();
    expect(hello).toMatchObject({ op: Op.Hello, d: { heartbeat_interval: 500 } });
    client.socket.send(
      JSON.stringify({ op: Op.Identify, d: { token: emulator.token, intents, properties: {} } }),
    );
    const ready = await client.next('READY');
    const guild = await client.next('GUILD_CREATE');
    return { ...client, ready, guild };
  }

  it('answers IDENTIFY with READY (seq 1) and GUILD_CREATE (seq 2), and heartbeats with op 11', async () => {
    const { socket, next, ready, guild } = await identify(Intent.Guilds);
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      user: { id: emulator.world.botUser.id, bot: true },
      application: { id: emulator.world.applicationId },
      guilds: [{ id: emulator.world.guild.id, unavailable: true }],
      shard: [0, 1],
    });
    expect(String(ready.d?.resume_gateway_url)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/gateway-resume$/);
    expect(guild.s).toBe(2);
    expect(guild.d).toMatchObject({ id: emulator.world.guild.id, member_count: 3, unavailable: false });
    socket.send(JSON.stringify({ op: Op.Heartbeat, d: 2 }));
    expect((await next()).op).toBe(Op.HeartbeatAck);
  });

  it('closes with 4004 on a wrong token', async () => {
    const client = await connect(emulator.gatewayUrl);
    sockets.push(client.socket);
    await client.next();
    client.socket.send(JSON.stringify({ op: Op.Identify, d: { token: 'wrong', intents: 0 } }));
    const [code] = (await once(client.socket, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('strips content of unmentioned guild messages without the MessageContent intent', async () => {
    const { next } = await identify(Intent.Guilds | Intent.GuildMessages);
    emulator.sendMessage({ content: 'geheim' });
    expect((await next('MESSAGE_CREATE')).d).toMatchObject({ content: '', author: { username: 'alice' } });
    emulator.sendMessage({ content: `<@${emulator.world.botUser.id}> sichtbar` });
    expect((await next('MESSAGE_CREATE')).d).toMatchObject({
      content: `<@${emulator.world.botUser.id}> sichtbar`,
    });
  });

  it('sends no message events without the GuildMessages intent', async () => {
    const { next } = await identify(Intent.Guilds);
    emulator.sendMessage({ content: 'still' });
    emulator.sendInteraction({ kind: 'chatInput', commandName: 'frage' });
    expect((await next()).t).toBe('INTERACTION_CREATE');
  });

  it('replays events missed while disconnected on RESUME, then sends RESUMED', async () => {
    const first = await identify(Intent.Guilds);
    const sessionId = first.ready.d?.session_id;
    emulator.dropGateway({ code: 4000 });
    await once(first.socket, 'close');
    const missed = emulator.sendInteraction({ kind: 'chatInput', commandName: 'frage' });
    const second = await connect(String(first.ready.d?.resume_gateway_url));
    sockets.push(second.socket);
    await second.next();
    second.socket.send(
      JSON.stringify({ op: Op.Resume, d: { token: emulator.token, session_id: sessionId, seq: 2 } }),
    );
    const replayed = await second.next();
    expect(replayed).toMatchObject({ t: 'INTERACTION_CREATE', s: 3, d: { id: missed.id } });
    expect(await second.next()).toMatchObject({ t: 'RESUMED', s: 4 });
  });

  it('answers RESUME of an unknown session with a non-resumable INVALID_SESSION', async () => {
    const client = await connect(emulator.gatewayUrl);
    sockets.push(client.socket);
    await client.next();
    client.socket.send(
      JSON.stringify({ op: Op.Resume, d: { token: emulator.token, session_id: 'nope', seq: 1 } }),
    );
    expect(await client.next()).toMatchObject({ op: Op.InvalidSession, d: false });
  });

  it('requires the bot Authorization header on REST routes but not on interaction callbacks', async () => {
    const noAuth = await fetch(`${emulator.apiUrl}/v10/users/@me`);
    expect(noAuth.status).toBe(401);
    const withAuth = await fetch(`${emulator.apiUrl}/v10/users/@me`, {
      headers: { authorization: `Bot ${emulator.token}` },
    });
    expect(await withAuth.json()).toMatchObject({ id: emulator.world.botUser.id, bot: true });
    const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'frage' });
    const callback = await fetch(
      `${emulator.apiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 5 }),
      },
    );
    expect(callback.status).toBe(204);
    expect(emulator.requests.map((r) => [r.path.split('/')[1], r.authorized])).toEqual([
      ['users', false],
      ['users', true],
      ['interactions', false],
    ]);
  });

  it('delays matching requests by delayNext and answers unknown routes with 404', async () => {
    emulator.delayNext({ pathPattern: '/gateway/bot', ms: 200 });
    const started = Date.now();
    await fetch(`${emulator.apiUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${emulator.token}` },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const unknown = await fetch(`${emulator.apiUrl}/v10/nowhere`);
    expect(unknown.status).toBe(404);
  });
});
