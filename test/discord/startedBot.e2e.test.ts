import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CallbackType, MessageFlag, OptionType, startEmulator, type DiscordEmulator } from './emulator';
import { contentOf, FAKE_TOKEN as TOKEN, waitUntil } from './bot/harness';
import { copySamples } from '../support/samples';
import { runCli, startCli, type CliProcess } from '../support/chaosCli';

/**
 * End to end as the README starts the bot: `quellen deploy-commands`, then `npm start` (the
 * compiled entry, or the sources through tsx) with a token, against the emulator at
 * DISCORD_API_URL. The server locale is Discord's default `en-US`.
 */
describe('quellen Discord bot started with npm start', () => {
  let emulator: DiscordEmulator;
  let root: string;
  let env: NodeJS.ProcessEnv;
  let bot: CliProcess | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'quellen-started-'));
    await copySamples(path.join(root, 'docs'));
    emulator = await startEmulator({ heartbeatIntervalMs: 1000, token: TOKEN });
    env = {
      PATH: process.env.PATH,
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emulator.apiUrl,
      GUILD_IDS: emulator.world.guild.id,
      EMBEDDINGS: 'builtin',
      DICTIONARY_PATH: path.join(root, 'no-dictionary'),
      THESAURUS_PATH: path.join(root, 'no-thesaurus'),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
  }, 30_000);

  afterAll(async () => {
    bot?.child.kill('SIGKILL');
    await emulator?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function start(): Promise<CliProcess> {
    const started = startCli([], root, env, 'main');
    let ready = false;
    started.onStderrLine((line) => {
      if (line.includes('discord bot ready')) ready = true;
    });
    await waitUntil(() => ready || started.child.exitCode !== null, 60_000, 'bot ready');
    if (!ready) throw new Error(`the bot did not start: ${started.stderr.slice(-2000)}`);
    return started;
  }

  async function stop(started: CliProcess): Promise<void> {
    started.child.kill('SIGTERM');
    const { code } = await started.exited;
    expect(code).toBe(0);
    expect(started.stderr).toContain('shutting down');
    // Closing the gateway on purpose is no outage.
    const afterShutdown = started.stderr.slice(started.stderr.indexOf('shutting down'));
    expect(afterShutdown).not.toMatch(/gateway reconnecting|gateway disconnected/);
    expect(started.stderr).not.toContain(TOKEN);
  }

  it('registers the commands, answers /ask, and keeps its buttons working across a restart', async () => {
    const deployed = await runCli(['deploy-commands', '--guild', emulator.world.guild.id], root, env);
    expect(deployed.code).toBe(0);
    expect(emulator.registeredCommands(emulator.world.guild.id).map((c) => c.name)).toContain('ask');

    bot = await start();
    const asked = emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Welches Orchester spielte in Palmyra?' },
      ],
    });
    const edit = await emulator.waitForOriginalEdit(asked, 30_000);
    expect(contentOf(edit.body) + JSON.stringify(edit.body)).toMatch(/Mariinski/);
    const messageId = emulator.interaction(asked.token)!.originalMessageId!;
    const buttons = (edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> })
      .components[0]!.components;
    const sourcesId = buttons.find((c) => c.custom_id.startsWith('q:src:'))!.custom_id;
    const downId = buttons.find((c) => c.custom_id.endsWith(':down'))!.custom_id;
    await stop(bot);

    bot = await start();
    const sources = emulator.sendInteraction({ kind: 'component', customId: sourcesId, messageId });
    const shown = await emulator.waitForCallback(sources, 10_000);
    const data = (shown.body as { data: { flags: number; embeds?: Array<{ description: string }> } }).data;
    expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect((data.embeds ?? []).map((e) => e.description).join('\n')).toMatch(/Mariinski/);

    const click = emulator.sendInteraction({ kind: 'component', customId: downId, messageId });
    const modal = await emulator.waitForCallback(click, 10_000);
    expect(modal.body).toMatchObject({ type: CallbackType.Modal });
    const feedback = await readFile(path.join(root, 'embeddings', 'feedback.jsonl'), 'utf8');
    expect(JSON.parse(feedback.trim().split('\n').at(-1)!)).toMatchObject({
      vote: 'down',
      question: 'Welches Orchester spielte in Palmyra?',
    });
    await stop(bot);
    bot = undefined;
  }, 180_000);
});
