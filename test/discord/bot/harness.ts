import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type AppContext } from '../../../src/app';
import { copySamples } from '../../support/samples';
import { loadConfig, secretsOf } from '../../../src/config';
import { QuellenBot, type BotOptions } from '../../../src/discord/bot';
import { deployCommands } from '../../../src/discord/deploy';
import { createLogger } from '../../../src/pinoLogger';
import {
  CallbackType,
  MessageFlag,
  startEmulator,
  type DiscordEmulator,
  type EmulatorOptions,
  type InteractionHandle,
} from '../emulator';

/** The repository's sample articles. */
export { SAMPLE_DOCS } from '../../support/samples';

/** A realistic-looking fake token, so a leak into the logs would be recognisable. */
export const FAKE_TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEt.quellen-e2e-secret-token-0123456789';

/** A running bot against a running emulator, with temp folders and captured logs. */
export interface Harness {
  emulator: DiscordEmulator;
  app: AppContext;
  bot: QuellenBot;
  dirs: { root: string; docs: string; index: string; feedback: string };
  /** Every log line written so far (JSON). */
  logs: string[];
  /** Stops the bot and its app as a process exit would, and starts new ones on the same files. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts an emulator, copies the sample articles into a temp DOCS_DIR, builds the real app
 * (builtin embeddings, no dictionary), registers the commands for the guild and logs the bot in.
 */
export async function startHarness(
  options: { env?: Record<string, string>; emulator?: EmulatorOptions; bot?: BotOptions } = {},
): Promise<Harness> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'quellen-discord-'));
  const dirs = {
    root,
    docs: path.join(root, 'docs'),
    index: path.join(root, 'index'),
    feedback: path.join(root, 'feedback', 'feedback.jsonl'),
  };
  await copySamples(dirs.docs);
  const emulator = await startEmulator({ heartbeatIntervalMs: 1000, token: FAKE_TOKEN, ...options.emulator });
  const config = loadConfig(
    {
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_API_URL: emulator.apiUrl,
      DOCS_DIR: dirs.docs,
      INDEX_DIR: dirs.index,
      FEEDBACK_LOG: dirs.feedback,
      EMBEDDINGS: 'builtin',
      DICTIONARY_PATH: path.join(root, 'no-dictionary'),
      THESAURUS_PATH: path.join(root, 'no-thesaurus'),
      LOG_LEVEL: 'debug',
      // The emulated server owns the collection, as a private bot's would; tests unset it with ''.
      GUILD_IDS: emulator.world.guild.id,
      ...options.env,
    },
    root,
  );
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', secrets: secretsOf(config), destination });
  const app = await createApp(config, logger);
  await app.service.open();
  await deployCommands(config, { guildId: emulator.world.guild.id }, logger);
  const bot = new QuellenBot(app, { progressIntervalMs: 50, ...options.bot });
  await bot.start();
  const harness: Harness = {
    emulator,
    app,
    bot,
    dirs,
    logs,
    restart: async () => {
      await harness.bot.stop();
      await harness.app.service.close();
      harness.app = await createApp(config, logger);
      await harness.app.service.open();
      harness.bot = new QuellenBot(harness.app, { progressIntervalMs: 50, ...options.bot });
      await harness.bot.start();
    },
    close: async () => {
      await harness.bot.stop();
      await harness.app.service.close();
      await emulator.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls `condition` until it holds (client-side effects land just after the emulator answered). */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The `content` of a recorded request body. */
export function contentOf(body: unknown): string {
  return (body as { content?: string } | undefined)?.content ?? '';
}

/** The bot's immediate reply to an interaction, checked to be an ephemeral message. */
export async function ephemeralReply(h: Harness, handle: InteractionHandle): Promise<{ content: string }> {
  const callback = await h.emulator.waitForCallback(handle, 10_000);
  expect(callback.body).toMatchObject({ type: CallbackType.ChannelMessageWithSource });
  const data = (callback.body as { data: { content: string; flags: number } }).data;
  expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
  return data;
}
