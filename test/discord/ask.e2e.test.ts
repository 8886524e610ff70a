import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { CallbackType, MessageFlag, OptionType, type RecordedRequest } from './emulator';
import { contentOf, ephemeralReply, startHarness, waitUntil, type Harness } from './bot/harness';
import { commandPayloads } from '../../src/discord/commands';
import { deployCommands } from '../../src/discord/deploy';

/** End to end: a real discord.js client (QuellenBot) against the local emulator — questions, buttons, lists, mentions. */
describe('quellen Discord bot: questions and answers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { RATE_LIMIT_PER_MINUTE: '100' },
      emulator: {
        world: { users: [{ key: 'otherbot', id: '1200000000000000499', username: 'otherbot', bot: true }] },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const ask = (question: string, extra: Record<string, unknown> = {}) =>
    h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [{ name: 'question', type: OptionType.String, value: question }],
      ...extra,
    });

  /** Waits for the bot's `count`-th message in a channel and returns it. */
  async function botReply(channelId: string, count: number, what: string) {
    const bot = h.emulator.world.botUser.id;
    const replies = () => h.emulator.messagesIn(channelId).filter((m) => m.author.id === bot);
    await waitUntil(() => replies().length >= count, 15_000, what);
    return replies()[count - 1]!;
  }

  /** Sends /ask and returns the PATCH of @original and the stored message id. */
  async function askAndWait(question: string): Promise<{ edit: RecordedRequest; messageId: string }> {
    const handle = ask(question);
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    expect(callback.body).toMatchObject({ type: CallbackType.DeferredChannelMessageWithSource });
    const edit = await h.emulator.waitForOriginalEdit(handle, 15_000);
    expect(edit.response?.status).toBe(200);
    const messageId = h.emulator.interaction(handle.token)?.originalMessageId;
    expect(messageId).toBeDefined();
    return { edit, messageId: messageId! };
  }

  it('registers every command for the guild, globally, and for GUILD_IDS only through deployCommands, with German localizations', async () => {
    const guild = h.emulator.registeredCommands(h.emulator.world.guild.id);
    expect(guild.map((c) => c.name).sort()).toEqual([
      'add-article',
      'articles',
      'ask',
      'help',
      'reindex',
      'status',
      'summary',
    ]);
    expect(guild.find((c) => c.name === 'ask')?.name_localizations).toMatchObject({ de: 'frage' });
    expect(guild.find((c) => c.name === 'reindex')?.default_member_permissions).toBe('32');

    const global = await deployCommands({ ...h.app.config, GUILD_IDS: [] }, {}, h.app.logger);
    expect(global).toEqual({ count: 7, scope: 'global' });
    expect(
      h.emulator
        .registeredCommands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(guild.map((c) => c.name).sort());

    // A private bot: commands only in the servers of GUILD_IDS, none left global to show twice.
    const owned = await deployCommands(h.app.config, {}, h.app.logger);
    expect(owned).toEqual({ count: 7, scope: `guild ${h.emulator.world.guild.id}` });
    expect(h.emulator.registeredCommands()).toEqual([]);
    expect(h.emulator.registeredCommands(h.emulator.world.guild.id)).toHaveLength(7);
    const size = JSON.stringify(commandPayloads()).length;
    process.stdout.write(`command registrations JSON: ${size} bytes\n`);
    expect(size).toBeLessThan(8000);
  });

  it('defers /ask at once, then edits in an answer with [1], the cited article, buttons and no mentions', async () => {
    const { edit } = await askAndWait('Welches Orchester spielte im Amphitheater von Palmyra?');
    const body = edit.body as {
      content: string;
      embeds: Array<{ description: string }>;
      components: Array<{ components: Array<{ custom_id: string; label?: string }> }>;
      allowed_mentions: { parse: string[] };
    };
    expect(body.content).toContain('[1]');
    expect(body.content).toMatch(/Mariinski/);
    expect(body.embeds[0]?.description).toContain('[1]');
    expect(body.embeds[0]?.description).toMatch(/Abs\. \d+/);
    const ids = body.components.flatMap((row) => row.components.map((c) => c.custom_id));
    // Sources, 👍, 👎, and (in a text channel) continue in a thread.
    expect(ids).toHaveLength(4);
    expect(body.components[0]?.components[0]?.label).toBe('Quellen');
    expect(body.components[0]?.components[3]?.label).toBe('Im Thread weiterfragen');
    expect(body.allowed_mentions.parse).toEqual([]);
  });

  it('shows the verbatim quotes in their context ephemerally on "Sources" and answers an unknown answer id kindly', async () => {
    const { edit, messageId } = await askAndWait('Wer dirigierte das Konzert in Palmyra?');
    const sourcesId = (edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> })
      .components[0]!.components[0]!.custom_id;
    const click = h.emulator.sendInteraction({ kind: 'component', customId: sourcesId, messageId });
    const callback = await h.emulator.waitForCallback(click, 10_000);
    const data = (callback.body as { data: { flags: number; embeds: Array<{ description: string }> } }).data;
    expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    const article = await readFile(`${h.dirs.docs}/000_fb4c95536d1c9c6c.txt`, 'utf8');
    const quoted = data.embeds.map((e) => e.description).join('\n');
    // Each quote stands in bold within its passage.
    const firstQuote = /\n> .*?\*\*(.+?)\*\*/.exec(quoted)?.[1] ?? '';
    expect(firstQuote.length).toBeGreaterThan(20);
    // Escaping only adds backslashes; the words are the article's own.
    expect(article.replace(/\s+/g, ' ')).toContain(
      firstQuote.replace(/\\/g, '').replace(/…$/, '').trim().slice(0, 40),
    );

    const stale = h.emulator.sendInteraction({
      kind: 'component',
      customId: 'q:src:doesnotexist',
      messageId,
    });
    const staleCallback = await h.emulator.waitForCallback(stale, 10_000);
    expect(contentOf((staleCallback.body as { data: unknown }).data)).toMatch(/nicht mehr gespeichert/);
  });

  it('continues an /ask answer in a thread on a click: follow-ups there need no mention, a second click finds it', async () => {
    const { edit, messageId } = await askAndWait('Welches Orchester spielte in Palmyra?');
    const threadId = (edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> })
      .components[0]!.components[3]!.custom_id;
    const before = h.emulator.threads().length;
    const click = h.emulator.sendInteraction({ kind: 'component', customId: threadId, messageId });
    const callback = await h.emulator.waitForCallback(click, 10_000);
    const data = (callback.body as { data: { flags: number; content: string } }).data;
    expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(h.emulator.threads().length).toBe(before + 1);
    const thread = h.emulator.threads().at(-1)!;
    expect(thread.id).toBe(messageId);
    expect(thread.name).toBe('Welches Orchester spielte in Palmyra?');
    expect(data.content).toContain(`<#${thread.id}>`);
    expect((await botReply(thread.id, 1, 'welcome')).content).toMatch(/^Folgefragen zu „Welches Orchester/);

    h.emulator.sendMessage({ content: 'und wer hat dirigiert?', channelId: thread.id });
    const followUp = await botReply(thread.id, 2, 'follow-up answered');
    expect(followUp.content).toMatch(/Gergijew/);

    const again = h.emulator.sendInteraction({ kind: 'component', customId: threadId, messageId });
    const second = await h.emulator.waitForCallback(again, 10_000);
    expect(contentOf((second.body as { data: unknown }).data)).toContain(`<#${thread.id}>`);
    expect(h.emulator.threads().length).toBe(before + 1);
  });

  it('appends a 👍 vote to FEEDBACK_LOG with a salted hash of the user, never the raw id', async () => {
    const { edit, messageId } = await askAndWait('Wann wurde Palmyra zurückerobert?');
    const upId = (
      edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> }
    ).components[0]!.components.find((c) => c.custom_id.endsWith(':up'))!.custom_id;
    const click = h.emulator.sendInteraction({
      kind: 'component',
      customId: upId,
      messageId,
      user: 'member',
    });
    const callback = await h.emulator.waitForCallback(click, 10_000);
    const data = (callback.body as { data: { flags: number; content: string } }).data;
    expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(data.content).toBe('Danke für die Rückmeldung!');
    const lines = (await readFile(h.dirs.feedback, 'utf8')).trim().split('\n');
    const entry = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    const userId = h.emulator.world.users.member!.user.id;
    expect(entry).toMatchObject({
      // The answer's key, so that a changed vote replaces the earlier one in `quellen feedback`.
      answerId: upId.split(':')[2],
      question: 'Wann wurde Palmyra zurückerobert?',
      vote: 'up',
      guildId: h.emulator.world.guild.id,
    });
    expect(entry.user).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.user).not.toBe(createHash('sha256').update(userId).digest('hex'));
    expect(JSON.stringify(entry)).not.toContain(userId);
    expect(Array.isArray(entry.citations)).toBe(true);
  });

  it('autocompletes article titles (type 8) and summarises the chosen article', async () => {
    const auto = h.emulator.sendInteraction({
      kind: 'autocomplete',
      commandName: 'summary',
      options: [{ name: 'article', type: OptionType.String, value: '', focused: true }],
    });
    const callback = await h.emulator.waitForCallback(auto, 10_000);
    expect(callback.body).toMatchObject({ type: 8 });
    const choices = (callback.body as { data: { choices: Array<{ name: string; value: string }> } }).data
      .choices;
    const titles = (await h.app.service.articles()).map((a) => a.title);
    expect(choices).toHaveLength(2);
    for (const title of titles) expect(choices.some((c) => c.name.startsWith(title.slice(0, 60)))).toBe(true);

    const handle = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'summary',
      options: [
        { name: 'article', type: OptionType.String, value: choices[0]!.value },
        { name: 'length', type: OptionType.Integer, value: 3 },
      ],
    });
    const edit = await h.emulator.waitForOriginalEdit(handle, 15_000);
    expect(contentOf(edit.body)).toMatch(/^\*\*Zusammenfassung: /);
    expect(contentOf(edit.body)).toContain('[1]');
  });

  it('echoes an unknown article name privately, before deferring, without a live link, markup or ping', async () => {
    const hostile =
      '[Hier neu anmelden](https://evil.example/login)[b](https://evil.example/2) **WICHTIG** @everyone';
    const handle = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'summary',
      options: [{ name: 'article', type: OptionType.String, value: hostile }],
    });
    // Refused before the public defer: an ephemeral reply only the asker sees.
    const edit = (await ephemeralReply(h, handle)).content;
    expect(edit).toMatch(/^Den Artikel „/);
    const live = edit.replace(/\\[\s\S]/g, ' ');
    expect(live).not.toMatch(/\]\(/);
    expect(live).not.toMatch(/https?:\/\//);
    expect(live).not.toMatch(/\*\*/);
    expect(live).not.toMatch(/@everyone/);
  });

  it('filters /ask by article date with since/until, and refuses a bad date privately before deferring', async () => {
    const dated = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Was geschah mit den Soldaten?' },
        { name: 'since', type: OptionType.String, value: '2017-01' },
      ],
    });
    const edit = contentOf((await h.emulator.waitForOriginalEdit(dated, 15_000)).body);
    expect(edit).toContain('[1]');
    // Others see only "used /ask": the answer's first line repeats the question.
    expect(edit.split('\n')[0]).toBe('**Frage:** Was geschah mit den Soldaten?');
    // The Palmyra article has no date: neither its title nor its sentences may appear.
    expect(edit).not.toContain('Andächtig lauschten');

    const bad = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Was geschah?' },
        { name: 'until', type: OptionType.String, value: 'gestern' },
      ],
    });
    const data = await ephemeralReply(h, bad);
    expect(data.content).toBe('Das Datum „gestern“ verstehe ich nicht: bitte JJJJ, JJJJ-MM oder JJJJ-MM-TT.');
  });

  it('answers a command it does not know (an old registration) privately instead of not at all', async () => {
    const handle = h.emulator.sendInteraction({ kind: 'chatInput', commandName: 'veraltet' });
    const data = await ephemeralReply(h, handle);
    expect(data.content).toMatch(/^Diesen Befehl kenne ich \(noch\) nicht\./);
  });

  it('explains itself on /help (privately, in the user locale) and on a bare mention', async () => {
    const handle = h.emulator.sendInteraction({ kind: 'chatInput', commandName: 'help', locale: 'en-US' });
    const data = await ephemeralReply(h, handle);
    expect(data.content).toMatch(/^\*\*quellen\*\* answers questions/);
    expect(data.content).toContain('`/ask`');

    const bot = h.emulator.world.botUser.id;
    h.emulator.sendMessage({ content: `<@${bot}>` });
    await waitUntil(
      () =>
        h.emulator
          .messagesIn(h.emulator.world.channel.id)
          // Too short to tell its language: the server's locale (en-US, as Discord reports for most servers).
          .some((m) => m.author.id === bot && m.content.startsWith('**quellen** answers questions')),
      10_000,
      'help for a bare mention',
    );
  });

  it('pages /articles with Previous/Next buttons that update the message', async () => {
    // Ten more articles make two pages.
    const { writeFile } = await import('node:fs/promises');
    for (let i = 0; i < 10; i += 1) {
      await writeFile(
        `${h.dirs.docs}/extra_${i}.md`,
        `# Extra ${i}\n\nDieser Artikel Nummer ${i} handelt von Testdaten.\n`,
      );
    }
    await h.app.service.reindex({ by: 'test' });
    const handle = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'articles',
      locale: 'en-US',
    });
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    const data = (
      callback.body as {
        data: {
          embeds: Array<{ footer: { text: string } }>;
          components: Array<{ components: Array<{ custom_id: string; disabled: boolean; label: string }> }>;
        };
      }
    ).data;
    expect(data.embeds[0]?.footer.text).toBe('Page 1 of 2');
    const [previous, next] = data.components[0]!.components;
    expect(previous).toMatchObject({ disabled: true, label: 'Previous' });
    expect(next).toMatchObject({ disabled: false, label: 'Next' });
    await waitUntil(() => h.emulator.interaction(handle.token)?.originalMessageId !== undefined);
    const messageId = h.emulator.interaction(handle.token)!.originalMessageId!;
    const click = h.emulator.sendInteraction({
      kind: 'component',
      customId: next!.custom_id,
      messageId,
      locale: 'en-US',
    });
    const update = await h.emulator.waitForCallback(click, 10_000);
    expect(update.body).toMatchObject({ type: CallbackType.UpdateMessage });
    expect(
      (update.body as { data: { embeds: Array<{ footer: { text: string } }> } }).data.embeds[0]?.footer.text,
    ).toBe('Page 2 of 2');
  });

  it('reports /status privately with articles, passages, embedder and uptime in the user locale', async () => {
    const handle = h.emulator.sendInteraction({ kind: 'chatInput', commandName: 'status', locale: 'en-GB' });
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    expect((callback.body as { data: { flags: number } }).data.flags & MessageFlag.Ephemeral).toBe(
      MessageFlag.Ephemeral,
    );
    const fields = (
      callback.body as { data: { embeds: Array<{ fields: Array<{ name: string; value: string }> }> } }
    ).data.embeds[0]!.fields;
    const byName = Object.fromEntries(fields.map((f) => [f.name, f.value]));
    expect(Number(byName.Articles)).toBe(h.app.service.status().articles);
    expect(Number(byName.Passages)).toBeGreaterThan(0);
    // The built-in embedder, described in the user's language rather than by its settings id.
    expect(byName.Embedder).toBe(
      `built-in (hashed word features, ${h.app.embedder.dimensions} dimensions, no model files)`,
    );
    expect(byName.Uptime).toMatch(/\d+ (s|min)/);
  });

  it('answers a mention in a new thread with citations, then a follow-up in the thread without a mention', async () => {
    const bot = h.emulator.world.botUser.id;
    const before = h.emulator.threads().length;
    const message = h.emulator.sendMessage({ content: `<@${bot}> Welches Orchester spielte in Palmyra?` });
    await waitUntil(() => h.emulator.threads().length > before, 10_000, 'thread created');
    const thread = h.emulator.threads().at(-1)!;
    expect(thread.id).toBe(message.id);
    expect(thread.name).toBe('Welches Orchester spielte in Palmyra?');
    const answer = await botReply(thread.id, 1, 'answer in thread');
    expect(answer.content).toContain('[1]');
    expect(answer.content).toMatch(/Mariinski/);
    expect(answer.components.length).toBe(1);

    h.emulator.sendMessage({ content: 'und wer hat dirigiert?', channelId: thread.id });
    const followUp = await botReply(thread.id, 2, 'follow-up answered');
    expect(followUp.content).toContain('[1]');
    expect(followUp.content).toMatch(/Gergijew/);
  });

  it('in its thread answers the asker without a mention, others only with one, and no thanks', async () => {
    const bot = h.emulator.world.botUser.id;
    const before = h.emulator.threads().length;
    h.emulator.sendMessage({ content: `<@${bot}> Wo liegt Deir al-Sor?` });
    await waitUntil(() => h.emulator.threads().length > before, 10_000, 'thread created');
    const thread = h.emulator.threads().at(-1)!;
    await botReply(thread.id, 1, 'answer in thread');
    const other = 'moderator';
    h.emulator.sendMessage({ content: 'Danke!', channelId: thread.id });
    h.emulator.sendMessage({
      content: 'Und wie viele Menschen sind dort eingeschlossen?',
      channelId: thread.id,
      author: other,
    });
    h.emulator.sendMessage({
      content: `<@${bot}> Wer belagert die Stadt?`,
      channelId: thread.id,
      author: other,
    });
    const third = await botReply(thread.id, 2, 'the mentioned question answered');
    expect(third.content).toContain('[1]');
    // Give the two ignored messages time to have been answered, had they been.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const bot2 = h.emulator.messagesIn(thread.id).filter((m) => m.author.id === bot);
    expect(bot2).toHaveLength(2);
  });

  it('answers a direct message in place, without a thread and without needing a mention', async () => {
    const threads = h.emulator.threads().length;
    const question = h.emulator.sendMessage({ content: 'Welches Orchester spielte in Palmyra?', dm: true });
    const answer = await botReply(question.channel_id, 1, 'answer in the DM');
    expect(answer.content).toContain('[1]');
    expect(answer.content).toMatch(/Mariinski/);
    expect(answer.message_reference?.message_id).toBe(question.id);
    expect(h.emulator.threads().length).toBe(threads);
    // A follow-up in the same conversation is read against the question before it.
    h.emulator.sendMessage({ content: 'und wer hat dirigiert?', dm: true });
    const followUp = await botReply(question.channel_id, 2, 'follow-up in the DM');
    expect(followUp.content).toMatch(/Gergijew/);
    // A short question with a subject of its own is not answered from the concert's passages.
    h.emulator.sendMessage({ content: 'Wer leitet die Grabung?', dm: true });
    const ownSubject = await botReply(question.channel_id, 3, 'a new subject in the DM');
    expect(ownSubject.content).not.toMatch(/Gergijew/);
    expect(ownSubject.content).toMatch(/^Dazu finde ich in den Artikeln nichts/);
  });

  it('reads a follow-up in a DM against a joined follow-up before it, as the terminal chat does', async () => {
    const asked = jest.spyOn(h.app.service, 'ask');
    try {
      const first = h.emulator.sendMessage({
        content: 'Wer hat das Konzert in Palmyra dirigiert?',
        dm: true,
        author: 'moderator',
      });
      const channel = first.channel_id;
      const before = h.emulator
        .messagesIn(channel)
        .filter((m) => m.author.id === h.emulator.world.botUser.id).length;
      await botReply(channel, before + 1, 'first answer');
      h.emulator.sendMessage({
        content: 'Welche Stücke hat er dort gespielt?',
        dm: true,
        author: 'moderator',
      });
      const pieces = await botReply(channel, before + 2, 'follow-up answered joined');
      expect(pieces.content).toMatch(/Bach/);
      h.emulator.sendMessage({ content: 'Und wann war das?', dm: true, author: 'moderator' });
      await botReply(channel, before + 3, 'second follow-up answered');
      // The second follow-up is searched after both questions before it, not only after the
      // follow-up as typed ("Welche Stücke hat er dort gespielt? Und wann war das?").
      expect(asked.mock.calls.map(([text]) => text)).toContain(
        'Wer hat das Konzert in Palmyra dirigiert? Welche Stücke hat er dort gespielt? Und wann war das?',
      );
    } finally {
      asked.mockRestore();
    }
  });

  it('reads a follow-up in a thread against a joined follow-up before it, as in a DM', async () => {
    const bot = h.emulator.world.botUser.id;
    const before = h.emulator.threads().length;
    h.emulator.sendMessage({ content: `<@${bot}> Wer hat das Konzert in Palmyra dirigiert?` });
    await waitUntil(() => h.emulator.threads().length > before, 10_000, 'thread created');
    const thread = h.emulator.threads().at(-1)!;
    await botReply(thread.id, 1, 'answer in thread');
    const asked = jest.spyOn(h.app.service, 'ask');
    try {
      h.emulator.sendMessage({ content: 'Welche Stücke hat er dort gespielt?', channelId: thread.id });
      await botReply(thread.id, 2, 'follow-up answered joined');
      h.emulator.sendMessage({ content: 'Und wann war das?', channelId: thread.id });
      await botReply(thread.id, 3, 'second follow-up answered');
      expect(asked.mock.calls.map(([text]) => text)).toContain(
        'Wer hat das Konzert in Palmyra dirigiert? Welche Stücke hat er dort gespielt? Und wann war das?',
      );
    } finally {
      asked.mockRestore();
    }
  });

  it('ignores other bots, messages without a mention, and empty messages', async () => {
    const count = h.emulator.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/messages'),
    ).length;
    const bot = h.emulator.world.botUser.id;
    h.emulator.sendMessage({
      content: `<@${bot}> Welches Orchester spielte in Palmyra?`,
      author: 'otherbot',
    });
    h.emulator.sendMessage({ content: 'Welches Orchester spielte in Palmyra?' });
    h.emulator.sendMessage({ content: '   ' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      h.emulator.requests.filter((r) => r.method === 'POST' && r.path.includes('/messages')).length,
    ).toBe(count);
  });

  it('neutralises @everyone and role/user mentions echoed from a question and sends no allowed mentions', async () => {
    const handle = ask('@everyone <@&123456789012345678> <@456789012345678901> Palmyra?');
    const edit = await h.emulator.waitForOriginalEdit(handle, 15_000);
    const body = edit.body as {
      content: string;
      allowed_mentions: { parse: string[]; replied_user?: boolean };
    };
    expect(body.allowed_mentions.parse).toEqual([]);
    const all = JSON.stringify(edit.body);
    expect(all).not.toMatch(/@everyone/);
    expect(all).not.toMatch(/<@&\d+>/);
    expect(all).not.toMatch(/<@!?\d+>/);
  });
});
