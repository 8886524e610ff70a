import { once } from 'node:events';
import { REST } from '@discordjs/rest';
import type { DiscordAPIError } from 'discord.js';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType as DjsChannelType,
  Client,
  Events,
  GatewayIntentBits,
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type Interaction,
  type Message,
  type TextChannel,
} from 'discord.js';
import {
  CallbackType,
  OptionType,
  startEmulator,
  type DiscordEmulator,
  type RecordedRequest,
} from './emulator';

/** What the tiny inline bot observed, so tests can assert on the client side too. */
interface BotLog {
  errors: unknown[];
  caught: Array<{ command: string; code: unknown; status: unknown }>;
  historySizes: number[];
  mentionsHandled: string[];
}

/** A deliberately small bot: enough behaviour to exercise every emulator feature from a real client. */
function attachBot(client: Client, log: BotLog, gates: Map<string, Promise<void>>): void {
  const handle = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) {
      const typed = String(interaction.options.getFocused());
      await interaction.respond([{ name: `${typed} (Vorschlag)`, value: `${typed}-1` }]);
      return;
    }
    if (interaction.isButton()) {
      await interaction.update({ content: `geklickt: ${interaction.customId}`, components: [] });
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    const gate = gates.get(interaction.commandName);
    if (gate) await gate;
    switch (interaction.commandName) {
      case 'frage': {
        await interaction.deferReply();
        await interaction.editReply({
          content: `Antwort auf: ${interaction.options.getString('text', true)}`,
        });
        return;
      }
      case 'mehr':
        await interaction.deferReply({ flags: 64 });
        await interaction.editReply('Teil 1');
        await interaction.followUp({ content: 'Teil 2', flags: 64 });
        return;
      case 'ping':
        await interaction.reply({
          content: `pong <@${interaction.user.id}>`,
          allowedMentions: { parse: [] },
        });
        return;
      case 'admin': {
        const allowed = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
        await interaction.reply({ content: allowed ? 'erlaubt' : 'verboten', flags: 64 });
        return;
      }
      case 'lang':
        try {
          await interaction.reply({ content: 'x'.repeat(2001) });
        } catch (error) {
          log.caught.push({
            command: 'lang',
            code: (error as DiscordAPIError).code,
            status: (error as DiscordAPIError).status,
          });
          await interaction.reply({ content: 'gekürzt' });
        }
        return;
      case 'spaet':
        try {
          await interaction.reply({ content: 'zu spät' });
        } catch (error) {
          log.caught.push({
            command: 'spaet',
            code: (error as DiscordAPIError).code,
            status: (error as DiscordAPIError).status,
          });
        }
        return;
      case 'knopf': {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('quelle:1').setLabel('Quelle').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'Quellen', components: [row] });
        return;
      }
      case 'datei': {
        const attachment = interaction.options.getAttachment('datei', true);
        const body = await (await fetch(attachment.url)).text();
        await interaction.reply({
          content: `${attachment.name}: ${body.length} Zeichen`,
          files: [{ attachment: Buffer.from(body.toUpperCase()), name: 'echo.txt' }],
        });
        return;
      }
    }
  };
  client.on(Events.InteractionCreate, (interaction) => {
    handle(interaction).catch((error: unknown) => log.errors.push(error));
  });
  client.on(Events.MessageCreate, (message: Message) => {
    const run = async (): Promise<void> => {
      if (message.author.bot || !client.user || !message.mentions.users.has(client.user.id)) return;
      log.mentionsHandled.push(message.content);
      const thread = await message.startThread({ name: 'Antwort' });
      await thread.sendTyping();
      await thread.send({
        content: `Zu "${message.content}": siehe Quelle [1]`,
        allowedMentions: { parse: [] },
      });
      const history = await thread.messages.fetch({ limit: 10 });
      log.historySizes.push(history.size);
    };
    run().catch((error: unknown) => log.errors.push(error));
  });
}

const isCallbackFor = (id: string) => (r: RecordedRequest) => r.path.startsWith(`/interactions/${id}/`);

/** Polls `condition` (client-side effects happen just after the emulator answered). */
async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Discord emulator driven by a real discord.js client', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  let readyMs = 0;
  const log: BotLog = { errors: [], caught: [], historySizes: [], mentionsHandled: [] };
  const gates = new Map<string, Promise<void>>();

  beforeAll(async () => {
    emulator = await startEmulator({ heartbeatIntervalMs: 1000 });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      rest: { api: emulator.apiUrl },
    });
    attachBot(client, log, gates);
    const started = Date.now();
    const ready = once(client, Events.ClientReady);
    await client.login(emulator.token);
    await ready;
    readyMs = Date.now() - started;
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  afterEach(() => {
    expect(log.errors).toEqual([]);
  });

  it('reaches ClientReady quickly with the guild and its text channel cached', async () => {
    expect(readyMs).toBeLessThan(3000);
    expect(client.user?.id).toBe(emulator.world.botUser.id);
    const guild = client.guilds.cache.get(emulator.world.guild.id);
    expect(guild?.channels.cache.get(emulator.world.channel.id)?.type).toBe(DjsChannelType.GuildText);
    expect(guild?.roles.cache.get(emulator.world.roles.moderator.id)?.name).toBe('Moderator');
    const gatewayBot = await emulator.waitForRequest((r) => r.path === '/gateway/bot');
    expect(gatewayBot.authorized).toBe(true);
    expect(gatewayBot.headers.authorization).toBe(`Bot ${emulator.token}`);
    const heartbeat = await emulator.waitForGatewayFrame((f) => f.direction === 'in' && f.op === 1, 3000);
    await emulator.waitForGatewayFrame(
      (f) => f.direction === 'out' && f.op === 11 && f.at >= heartbeat.at,
      3000,
    );
  });

  it('records deferReply as callback type 5 and editReply as a PATCH of @original with the content', async () => {
    const handle = emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'frage',
      options: [{ name: 'text', type: OptionType.String, value: 'Wer regiert?' }],
    });
    const callback = await emulator.waitForCallback(handle);
    expect(callback.body).toMatchObject({ type: CallbackType.DeferredChannelMessageWithSource });
    expect(callback.headers.authorization).toBeUndefined();
    const edit = await emulator.waitForOriginalEdit(handle);
    expect(edit.rawPath).toContain('%40original');
    expect(edit.body).toMatchObject({ content: 'Antwort auf: Wer regiert?' });
    expect(edit.response?.status).toBe(200);
    const original = emulator
      .messagesIn(emulator.world.channel.id)
      .find((m) => m.id === emulator.interaction(handle.token)?.originalMessageId);
    expect(original).toMatchObject({ content: 'Antwort auf: Wer regiert?', flags: 0 });
  });

  it('records an ephemeral deferred reply, its edit and a follow-up sent with wait=true', async () => {
    const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'mehr' });
    expect((await emulator.waitForCallback(handle)).body).toMatchObject({ type: 5, data: { flags: 64 } });
    const followUp = await emulator.waitForFollowUp(handle);
    expect(followUp.query.wait).toBe('true');
    expect(followUp.body).toMatchObject({ content: 'Teil 2', flags: 64 });
    expect(followUp.response?.status).toBe(200);
    const record = emulator.interaction(handle.token)!;
    const stored = emulator
      .messagesIn(handle.channelId)
      .filter((m) => [record.originalMessageId, ...record.followUpIds].includes(m.id));
    expect(stored.map((m) => [m.content, m.flags])).toEqual([
      ['Teil 1', 64],
      ['Teil 2', 64],
    ]);
  });

  it('records allowed_mentions of a plain reply', async () => {
    const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'ping', user: 'moderator' });
    const callback = await emulator.waitForCallback(handle);
    expect(callback.body).toMatchObject({
      type: CallbackType.ChannelMessageWithSource,
      data: {
        content: `pong <@${emulator.world.users.moderator!.user.id}>`,
        allowed_mentions: { parse: [] },
      },
    });
    expect(callback.response?.status).toBe(204);
  });

  it('passes member permissions so the bot can tell moderators from members', async () => {
    const mod = emulator.sendInteraction({ kind: 'chatInput', commandName: 'admin', user: 'moderator' });
    const member = emulator.sendInteraction({ kind: 'chatInput', commandName: 'admin', user: 'member' });
    expect((await emulator.waitForCallback(mod)).body).toMatchObject({
      data: { content: 'erlaubt', flags: 64 },
    });
    expect((await emulator.waitForCallback(member)).body).toMatchObject({ data: { content: 'verboten' } });
  });

  it('registers commands through @discordjs/rest and routes the next interaction to the registered id', async () => {
    const rest = new REST({ api: emulator.apiUrl }).setToken(emulator.token);
    const command = new SlashCommandBuilder()
      .setName('frage')
      .setDescription('Stellt eine Frage')
      .addStringOption((o) =>
        o.setName('text').setDescription('Frage').setRequired(true).setAutocomplete(true),
      );
    await rest.put(Routes.applicationGuildCommands(emulator.world.applicationId, emulator.world.guild.id), {
      body: [command.toJSON()],
    });
    const registered = emulator.registeredCommands(emulator.world.guild.id);
    expect(registered.map((c) => c.name)).toEqual(['frage']);
    expect(emulator.registeredCommands()).toEqual([]);
    const put = await emulator.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put.authorized).toBe(true);

    const invalid = rest.put(Routes.applicationCommands(emulator.world.applicationId), {
      body: [{ name: 'Groß', description: 'x', type: 1 }],
    });
    await expect(invalid).rejects.toMatchObject({ code: 50035, status: 400 });

    const seen = once(client, Events.InteractionCreate);
    emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'frage',
      options: [{ name: 'text', type: OptionType.String, value: 'x' }],
    });
    const [interaction] = (await seen) as [Interaction];
    expect(interaction.isChatInputCommand() && interaction.commandId).toBe(registered[0]!.id);
  });

  it('answers autocomplete with callback type 8 and the choices', async () => {
    const handle = emulator.sendInteraction({
      kind: 'autocomplete',
      commandName: 'frage',
      options: [{ name: 'text', type: OptionType.String, value: 'Klima', focused: true }],
    });
    const callback = await emulator.waitForCallback(handle);
    expect(callback.body).toMatchObject({
      type: CallbackType.ApplicationCommandAutocompleteResult,
      data: { choices: [{ name: 'Klima (Vorschlag)', value: 'Klima-1' }] },
    });
  });

  it('delivers a button click on the reply and records the update (type 7)', async () => {
    const command = emulator.sendInteraction({ kind: 'chatInput', commandName: 'knopf' });
    await emulator.waitForCallback(command);
    const messageId = emulator.interaction(command.token)?.originalMessageId;
    expect(messageId).toBeDefined();
    const click = emulator.sendInteraction({
      kind: 'component',
      customId: 'quelle:1',
      messageId: messageId!,
    });
    const callback = await emulator.waitForCallback(click);
    expect(callback.body).toMatchObject({
      type: CallbackType.UpdateMessage,
      data: { content: 'geklickt: quelle:1', components: [] },
    });
    expect(emulator.messagesIn(emulator.world.channel.id).find((m) => m.id === messageId)?.content).toBe(
      'geklickt: quelle:1',
    );
  });

  it('serves an attachment option for download and parses the multipart upload of the reply', async () => {
    const handle = emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'datei',
      options: [
        {
          name: 'datei',
          type: OptionType.Attachment,
          attachment: { filename: 'notiz.txt', content: 'hallo welt', contentType: 'text/plain' },
        },
      ],
    });
    const callback = await emulator.waitForCallback(handle);
    expect(callback.response?.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'notiz.txt: 10 Zeichen' } });
    expect(callback.files.map((f) => [f.filename, f.data.toString()])).toEqual([['echo.txt', 'HALLO WELT']]);
    const download = await emulator.waitForRequest((r) => r.path.startsWith('/attachments/'));
    expect(download.response?.status).toBe(200);
    const reply = emulator.messagesIn(emulator.world.channel.id).at(-1)!;
    expect(reply.attachments[0]?.filename).toBe('echo.txt');
    expect(await (await fetch(reply.attachments[0]!.url)).text()).toBe('HALLO WELT');
  });

  it('rejects content over 2000 characters with a 50035 form error the bot can catch and recover from', async () => {
    const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'lang' });
    const first = await emulator.waitForCallback(handle);
    expect(first.response).toMatchObject({
      status: 400,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          data: {
            content: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
            },
          },
        },
      },
    });
    const second = await emulator.waitForRequest((r) => isCallbackFor(handle.id)(r) && r.seq > first.seq);
    expect(second.response?.status).toBe(204);
    await waitUntil(() => log.caught.length > 0);
    expect(log.caught).toContainEqual({ command: 'lang', code: 50035, status: 400 });
  });

  it('answers 10062 for a callback after the token expired and 40060 for a second callback', async () => {
    let release!: () => void;
    gates.set('spaet', new Promise<void>((resolve) => (release = resolve)));
    const seen = once(client, Events.InteractionCreate);
    const late = emulator.sendInteraction({ kind: 'chatInput', commandName: 'spaet' });
    await seen;
    emulator.expireInteraction(late.token);
    release();
    const callback = await emulator.waitForCallback(late);
    expect(callback.response).toMatchObject({
      status: 404,
      body: { code: 10062, message: 'Unknown interaction' },
    });
    await waitUntil(() => log.caught.some((c) => c.command === 'spaet'));
    expect(log.caught).toContainEqual({ command: 'spaet', code: 10062, status: 404 });
    gates.delete('spaet');

    // discord.js refuses a second reply itself, so the raw route is used to check the emulator's answer.
    const twice = emulator.sendInteraction({ kind: 'chatInput', commandName: 'unbekannt' });
    const route = Routes.interactionCallback(twice.id, twice.token);
    const body = { type: 4, data: { content: 'eins' } };
    await client.rest.post(route, { body, auth: false });
    await expect(client.rest.post(route, { body, auth: false })).rejects.toMatchObject({
      status: 400,
      code: 40060,
      rawError: { message: 'Interaction has already been acknowledged.' },
    });
  });

  it('lets discord.js retry a 429 after retry-after and succeed', async () => {
    const channel = client.channels.cache.get(emulator.world.channel.id) as TextChannel;
    const path = `/channels/${channel.id}/messages`;
    emulator.failNext({ method: 'POST', pathPattern: path, status: 429, retryAfterSeconds: 0.3 });
    const before = emulator.requests.length;
    const started = Date.now();
    const sent = await channel.send('nach dem Limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sent.content).toBe('nach dem Limit');
    const attempts = emulator.requests.slice(before).filter((r) => r.method === 'POST' && r.path === path);
    expect(attempts.map((r) => r.response?.status)).toEqual([429, 200]);
    expect(attempts[0]!.response?.body).toEqual({
      message: 'You are being rate limited.',
      retry_after: 0.3,
      global: false,
    });
  });

  it('surfaces a persistent 500 as an error the bot can catch (after discord.js retries)', async () => {
    const channel = client.channels.cache.get(emulator.world.channel.id) as TextChannel;
    emulator.failNext({
      method: 'POST',
      pathPattern: `/channels/${channel.id}/messages`,
      status: 500,
      count: 4,
    });
    const before = emulator.requests.length;
    await expect(channel.send('kaputt')).rejects.toMatchObject({ status: 500 });
    expect(emulator.requests.slice(before).map((r) => r.response?.status)).toEqual([500, 500, 500, 500]);
  });

  it('resumes after a dropped gateway, replays the missed interaction and the bot handles it', async () => {
    const readyFrame = emulator.gatewayFrames.find((f) => f.t === 'READY');
    const sessionId = (readyFrame?.d as { session_id: string }).session_id;
    emulator.dropGateway({ code: 4000 });
    // Sent while the socket is down: it must arrive through the RESUME replay.
    const handle = emulator.sendInteraction({ kind: 'chatInput', commandName: 'ping' });
    const resume = await emulator.waitForGatewayFrame((f) => f.direction === 'in' && f.op === 6, 5000);
    expect(resume.d).toMatchObject({ session_id: sessionId, token: emulator.token });
    await emulator.waitForGatewayFrame((f) => f.direction === 'out' && f.t === 'RESUMED', 5000);
    const callback = await emulator.waitForCallback(handle, 5000);
    expect(callback.response?.status).toBe(204);
    expect(emulator.gatewayFrames.filter((f) => f.direction === 'in' && f.op === 2)).toHaveLength(1);
    expect(emulator.gatewayConnections).toBe(1);
  });

  it('delivers a mention as messageCreate; the bot starts a thread, posts into it and reads its history', async () => {
    emulator.sendMessage({ content: 'ohne Erwähnung' });
    const question = emulator.sendMessage({ content: `<@${emulator.world.botUser.id}> Was ist passiert?` });
    expect(question.mentions.map((u) => u.id)).toEqual([emulator.world.botUser.id]);
    const threadPost = await emulator.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${question.id}/messages`,
    );
    expect(threadPost.body).toMatchObject({
      content: expect.stringContaining('siehe Quelle [1]'),
      allowed_mentions: { parse: [] },
    });
    await emulator.waitForRequest(
      (r) => r.method === 'GET' && r.path === `/channels/${question.id}/messages`,
    );
    expect(emulator.threads()).toEqual([
      expect.objectContaining({ id: question.id, parent_id: emulator.world.channel.id, name: 'Antwort' }),
    ]);
    expect(emulator.messagesIn(question.id).map((m) => m.author.id)).toEqual([emulator.world.botUser.id]);
    expect(emulator.typing).toContain(question.id);
    expect(emulator.gatewayFrames.some((f) => f.t === 'THREAD_CREATE')).toBe(true);
    await waitUntil(() => log.historySizes.length > 0);
    expect(log.mentionsHandled).toEqual([`<@${emulator.world.botUser.id}> Was ist passiert?`]);
    expect(log.historySizes).toEqual([1]);
  });
});
