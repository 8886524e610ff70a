import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CallbackType, MEMBER_PERMISSIONS, OptionType } from './emulator';
import { contentOf, ephemeralReply, startHarness, waitUntil, type Harness } from './bot/harness';

/**
 * Lets `act` run instead of embedding the passages that contain `marker` (hold them, fail them);
 * every other text, questions included, is embedded at once. `restore()` undoes it.
 */
function interceptEmbedding(h: Harness, marker: string, act: () => Promise<void>): { restore(): void } {
  const embedder = h.app.embedder;
  const original = embedder.embedPassages.bind(embedder);
  const spy = jest.spyOn(embedder, 'embedPassages').mockImplementation(async (texts) => {
    if (texts.some((text) => text.includes(marker))) await act();
    return original(texts);
  });
  return { restore: () => spy.mockRestore() };
}

/** Holds the embedding of passages containing `marker` until `release()`. */
function holdEmbedding(h: Harness, marker: string): { release(): void; restore(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { restore } = interceptEmbedding(h, marker, () => gate);
  return { release: () => release(), restore };
}

/** A role without Manage Server that MOD_ROLE_IDS names; `helper` has it. */
const HELPER_ROLE = '1200000000000000301';
/** A server the bot was invited to that is not in GUILD_IDS. */
const FOREIGN_GUILD = '1300000000000000100';

/** End to end: moderator commands (/reindex, /add-article) and their server-side permission checks. */
describe('quellen Discord bot: moderation', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { MOD_ROLE_IDS: HELPER_ROLE, MAX_ARTICLE_BYTES: '8192', RATE_LIMIT_PER_MINUTE: '100' },
      emulator: {
        world: {
          roles: [{ id: HELPER_ROLE, name: 'Helfer', permissions: MEMBER_PERMISSIONS }],
          users: [
            // Has a configured moderator role but not Manage Server.
            { key: 'helper', id: '1200000000000000403', username: 'helper', roleIds: [HELPER_ROLE] },
            // An interaction of theirs claims Administrator (as in a server of their own, or a
            // channel's overwrites); in the world's server their roles grant nothing of the kind.
            {
              key: 'intruder',
              id: '1200000000000000404',
              username: 'intruder',
              permissions: (1n << 3n) | MEMBER_PERMISSIONS,
            },
          ],
        },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const slash = (
    commandName: string,
    user: string,
    options: Parameters<Harness['emulator']['sendInteraction']>[0] extends infer I
      ? I extends { options?: infer O }
        ? O
        : never
      : never = [],
  ) => h.emulator.sendInteraction({ kind: 'chatInput', commandName, user, options });

  /** All PATCHes of an interaction's original response so far. */
  const edits = (token: string) =>
    h.emulator.requests
      .filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`))
      .map((r) => contentOf(r.body));

  it('refuses /reindex for a member even though the interaction reaches the bot (server-side check)', async () => {
    const lastBefore = h.app.service.status().lastReindex?.at;
    const handle = slash('reindex', 'member');
    const data = await ephemeralReply(h, handle);
    expect(data.content).toMatch(/nur Moderatorinnen und Moderatoren/);
    expect(h.app.service.status().lastReindex?.at).toBe(lastBefore);
    expect(h.app.service.status().reindexing).toBeUndefined();
  });

  it('refuses /add-article and /reindex sent from another server, even from its administrator, writing nothing', async () => {
    const docsBefore = (await readdir(h.dirs.docs)).sort();
    const lastBefore = h.app.service.status().lastReindex?.at;
    for (const user of ['intruder', 'moderator']) {
      const added = h.emulator.sendInteraction({
        kind: 'chatInput',
        commandName: 'add-article',
        user,
        guildId: FOREIGN_GUILD,
        options: [
          {
            name: 'file',
            type: OptionType.Attachment,
            attachment: { filename: 'fremd.md', content: '# Fremd\n\nFremder Text.\n' },
          },
        ],
      });
      const reindexed = h.emulator.sendInteraction({
        kind: 'chatInput',
        commandName: 'reindex',
        user,
        guildId: FOREIGN_GUILD,
      });
      for (const handle of [added, reindexed]) {
        const data = await ephemeralReply(h, handle);
        expect(data.content).toBe(
          'Dieser Server gehört nicht zu denen, für die dieser Bot Fragen beantwortet.',
        );
      }
    }
    expect((await readdir(h.dirs.docs)).sort()).toEqual(docsBefore);
    expect(h.app.service.status().lastReindex?.at).toBe(lastBefore);
    expect(h.app.service.status().reindexing).toBeUndefined();
  });

  it('refuses a member whose interaction claims Administrator that their server roles do not grant', async () => {
    const handle = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'add-article',
      user: 'intruder',
      options: [
        {
          name: 'file',
          type: OptionType.Attachment,
          attachment: { filename: 'fremd.md', content: '# Fremd\n\nFremder Text.\n' },
        },
      ],
    });
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    expect(contentOf((callback.body as { data: unknown }).data)).toMatch(
      /nur Moderatorinnen und Moderatoren/,
    );
    expect((await h.app.service.articles()).some((a) => a.id === 'fremd.md')).toBe(false);
  });

  it('runs /reindex for a moderator with progress and a final summary, refuses a second run naming who started it, and keeps answering', async () => {
    await writeFile(
      path.join(h.dirs.docs, 'neu.md'),
      '# Neuer Artikel\n\nDie Zitadelle von Aleppo ist eine Burg in Syrien.\n',
    );
    // Hold only the indexing of the new article (a sample article names Aleppo too, and an
    // answer reads its sentences); questions must not wait for the gate.
    const held = holdEmbedding(h, 'Zitadelle von Aleppo');
    const first = slash('reindex', 'moderator');
    try {
      await h.emulator.waitForCallback(first, 10_000);
      await waitUntil(
        () => edits(first.token).some((c) => c.includes('Aktualisiere den Index')),
        10_000,
        'progress edit',
      );

      const second = slash('reindex', 'helper');
      const refused = await h.emulator.waitForOriginalEdit(second, 10_000);
      expect(contentOf(refused.body)).toMatch(/läuft bereits \(gestartet von @mod um <t:\d+:T>\)/);

      const question = h.emulator.sendInteraction({
        kind: 'chatInput',
        commandName: 'ask',
        options: [
          { name: 'question', type: OptionType.String, value: 'Welches Orchester spielte in Palmyra?' },
        ],
      });
      const answered = await h.emulator.waitForOriginalEdit(question, 10_000);
      expect(contentOf(answered.body)).toContain('[1]');
    } finally {
      held.release();
      held.restore();
    }
    await waitUntil(
      () =>
        edits(first.token).some((c) =>
          c.startsWith('Index aktualisiert: 1 neu, 0 geändert, 0 entfernt, 2 unverändert'),
        ),
      10_000,
      'final summary edit',
    );
  });

  it('allows /reindex for a member with a MOD_ROLE_IDS role but without Manage Server', async () => {
    const handle = slash('reindex', 'helper');
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    // Progress and summary are the moderator's own: the channel does not see them.
    expect(callback.body).toMatchObject({
      type: CallbackType.DeferredChannelMessageWithSource,
      data: { flags: 64 },
    });
    await waitUntil(
      () => edits(handle.token).some((c) => c.startsWith('Index aktualisiert: 0 neu')),
      15_000,
      'summary',
    );
  });

  it('posts the summary to the channel when the run outlives the interaction, without pinging anyone', async () => {
    await writeFile(path.join(h.dirs.docs, 'lang.md'), '# Lange Arbeit\n\nDie Burg steht seit 800 Jahren.\n');
    const held = holdEmbedding(h, 'Burg steht');
    const channel = h.emulator.world.channel.id;
    const before = h.emulator.messagesIn(channel).length;
    const handle = slash('reindex', 'moderator');
    try {
      await h.emulator.waitForCallback(handle, 10_000);
      // Fifteen minutes pass: Discord no longer takes edits of this reply.
      h.emulator.expireInteraction(handle.token, 16 * 60_000);
    } finally {
      held.release();
      held.restore();
    }
    // The bot's own channel messages, not the (ephemeral) interaction replies.
    const posted = () =>
      h.emulator
        .messagesIn(channel)
        .slice(before)
        .filter((m) => (((m as { flags?: number }).flags ?? 0) & 64) === 0 && m.content !== '');
    await waitUntil(() => posted().length > 0, 15_000, 'summary in the channel');
    expect(posted()).toHaveLength(1);
    expect(posted()[0]!.content).toMatch(/^Index aktualisiert: 1 neu, .* \(gestartet von @mod\)$/);
    expect(posted()[0]!.mentions).toEqual([]);
  });

  const upload = (filename: string, content: Buffer | string, user = 'moderator') =>
    h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'add-article',
      user,
      options: [{ name: 'file', type: OptionType.Attachment, attachment: { filename, content } }],
    });

  /** The user-visible text of an upload: the immediate reply or the edit after deferring. */
  async function uploadText(handle: ReturnType<typeof upload>): Promise<string> {
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    if ((callback.body as { type: number }).type === CallbackType.ChannelMessageWithSource) {
      return contentOf((callback.body as { data: unknown }).data);
    }
    return contentOf((await h.emulator.waitForOriginalEdit(handle, 15_000)).body);
  }

  it('saves and indexes a valid upload, and reports the same file again as unchanged', async () => {
    const text =
      '# Der Euphrat\n\nDer Euphrat fließt durch Deir al-Sor und ist der längste Fluss Westasiens.\n';
    expect(await uploadText(upload('euphrat.md', text))).toMatch(
      /^Artikel „Der Euphrat“ gespeichert \(euphrat\.md\)\.\nIndex aktualisiert: 1 neu/,
    );
    expect((await h.app.service.articles()).some((a) => a.id === 'euphrat.md')).toBe(true);
    // The moderator started that index run as a person, never as one of the bot's own starters.
    expect(h.app.service.status().lastReindex?.by).toBe('@mod');
    expect(await uploadText(upload('euphrat.md', text))).toMatch(/ist bereits vorhanden/);
  });

  it('refuses path tricks, wrong types, oversized files, invalid UTF-8 and non-moderators, writing nothing', async () => {
    const before = (await readdir(h.dirs.docs)).sort();
    const rootBefore = (await readdir(h.dirs.root)).sort();
    expect(await uploadText(upload('../../x.md', '# x\n\nText.'))).toMatch(/^Upload abgelehnt: .*Pfad/);
    expect(await uploadText(upload('tool.exe', 'MZ'))).toMatch(
      /^Upload abgelehnt: tool\.exe: Dateityp nicht unterstützt/,
    );
    expect(await uploadText(upload('gross.txt', 'a'.repeat(9000)))).toBe(
      'Upload abgelehnt: die Datei ist größer als 8 KB.',
    );
    expect(
      await uploadText(upload('kaputt.txt', Buffer.from([0x48, 0x61, 0xff, 0xfe, 0x6c, 0x6c, 0x6f]))),
    ).toBe('Upload abgelehnt: kaputt.txt: kein gültiger UTF-8-Text (bitte als UTF-8 speichern).');
    expect(await uploadText(upload('frech.md', '# Frech\n\nText.', 'member'))).toMatch(/nur Moderatorinnen/);
    expect((await readdir(h.dirs.docs)).sort()).toEqual(before);
    expect((await readdir(h.dirs.root)).sort()).toEqual(rootBefore);
    expect((await readdir(path.dirname(h.dirs.root))).includes('x.md')).toBe(false);
  });
});

describe('quellen Discord bot: moderation without GUILD_IDS', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { GUILD_IDS: '' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('answers questions but refuses moderator commands with a hint to set GUILD_IDS', async () => {
    const refused = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'reindex',
      user: 'moderator',
    });
    const data = await ephemeralReply(h, refused);
    expect(data.content).toMatch(/^Moderationsbefehle sind aus: .*GUILD_IDS/);
    expect(h.app.service.status().reindexing).toBeUndefined();

    const question = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Welches Orchester spielte in Palmyra?' },
      ],
    });
    expect(contentOf((await h.emulator.waitForOriginalEdit(question, 10_000)).body)).toContain('[1]');
  });
});

describe('quellen Discord bot: a server outside GUILD_IDS', () => {
  let h: Harness;

  beforeAll(async () => {
    // The collection belongs to another server; the emulated one merely invited the bot.
    h = await startHarness({ env: { GUILD_IDS: FOREIGN_GUILD } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('politely refuses questions there, by command and by mention, and does nothing else', async () => {
    const asked = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Welches Orchester spielte in Palmyra?' },
      ],
    });
    const data = await ephemeralReply(h, asked);
    expect(data.content).toBe('Dieser Server gehört nicht zu denen, für die dieser Bot Fragen beantwortet.');

    const bot = h.emulator.world.botUser.id;
    const channel = h.emulator.world.channel.id;
    h.emulator.sendMessage({ content: `<@${bot}> Welches Orchester spielte in Palmyra?` });
    await waitUntil(
      () => h.emulator.messagesIn(channel).some((m) => m.author.id === bot),
      10_000,
      'refusal of a mention',
    );
    const replies = h.emulator.messagesIn(channel).filter((m) => m.author.id === bot);
    expect(replies.map((m) => m.content)).toEqual([
      'Dieser Server gehört nicht zu denen, für die dieser Bot Fragen beantwortet.',
    ]);
    expect(h.emulator.requests.some((r) => r.method === 'POST' && r.path.includes('/threads'))).toBe(false);
  });
});

describe('quellen Discord bot: a moderators\u2019 log and feedback channel', () => {
  let h: Harness;
  /** The world's default text channel serves as the log channel. */
  const LOG_CHANNEL = '1200000000000000200';

  beforeAll(async () => {
    h = await startHarness({ env: { MOD_LOG_CHANNEL_ID: LOG_CHANNEL, FEEDBACK_CHANNEL_ID: LOG_CHANNEL } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('gets the public summary of every reindex, while progress stays with the moderator', async () => {
    expect(h.emulator.world.channel.id).toBe(LOG_CHANNEL);
    await writeFile(path.join(h.dirs.docs, 'neu.md'), '# Neu\n\nDie Zitadelle von Aleppo ist eine Burg.\n');
    const handle = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'reindex',
      user: 'moderator',
    });
    const callback = await h.emulator.waitForCallback(handle, 10_000);
    expect(callback.body).toMatchObject({ data: { flags: 64 } });
    await waitUntil(
      () =>
        h.emulator.requests.some(
          (r) =>
            r.method === 'PATCH' &&
            r.path.endsWith(`/${handle.token}/messages/@original`) &&
            contentOf(r.body).startsWith('Index aktualisiert: 1 neu'),
        ),
      15_000,
      'private summary',
    );
    // Channel messages everyone sees; the moderator's own (ephemeral) reply is not one of them.
    const logged = () =>
      h.emulator
        .messagesIn(LOG_CHANNEL)
        .filter((m) => (((m as { flags?: number }).flags ?? 0) & 64) === 0 && m.content.startsWith('Index'));
    await waitUntil(() => logged().length > 0, 10_000, 'summary in the log channel');
    expect(logged().map((m) => m.content)).toEqual([
      expect.stringMatching(/^Index aktualisiert: 1 neu, .* \(gestartet von @mod\)$/),
    ]);
  });

  it('is told when a reindex fails, and the previous index keeps answering', async () => {
    await writeFile(
      path.join(h.dirs.docs, 'kaputt.md'),
      '# Kaputt\n\nDieser Artikel lässt das Einbetten scheitern.\n',
    );
    const failing = interceptEmbedding(h, 'scheitern', () => Promise.reject(new Error('embedding failed')));
    try {
      const handle = h.emulator.sendInteraction({
        kind: 'chatInput',
        commandName: 'reindex',
        user: 'moderator',
      });
      await h.emulator.waitForCallback(handle, 10_000);
      const failed = () =>
        h.emulator
          .messagesIn(LOG_CHANNEL)
          .filter((m) => m.content.startsWith('Die Aktualisierung des Index'));
      await waitUntil(() => failed().length > 0, 15_000, 'failure in the log channel');
      expect(failed()[0]!.content).toBe(
        'Die Aktualisierung des Index (gestartet von @mod) ist fehlgeschlagen; der bisherige Index bleibt in Gebrauch. Details stehen im Log des Bots.',
      );
      expect(h.app.service.status().articles).toBe(3);
    } finally {
      failing.restore();
    }
  });

  it('asks what was wrong on 👎 and posts it with the question, the answer and its sources', async () => {
    const asked = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Welches Orchester spielte in Palmyra?' },
      ],
    });
    const edit = await h.emulator.waitForOriginalEdit(asked, 15_000);
    const messageId = h.emulator.interaction(asked.token)!.originalMessageId!;
    const downId = (
      edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> }
    ).components[0]!.components.find((c) => c.custom_id.endsWith(':down'))!.custom_id;
    const answerId = downId.split(':')[2]!;

    const click = h.emulator.sendInteraction({
      kind: 'component',
      customId: downId,
      messageId,
      user: 'member',
    });
    const modal = await h.emulator.waitForCallback(click, 10_000);
    expect(modal.body).toMatchObject({ type: CallbackType.Modal, data: { custom_id: `q:why:${answerId}` } });
    // The 👎 counts before the form is filled in (closing it keeps the vote).
    const lines = async () => (await readFile(h.dirs.feedback, 'utf8')).trim().split('\n');
    expect(JSON.parse((await lines()).at(-1)!)).toMatchObject({ answerId, vote: 'down' });

    const submit = h.emulator.sendInteraction({
      kind: 'modalSubmit',
      customId: `q:why:${answerId}`,
      fields: { reason: 'Der Dirigent fehlt. @everyone' },
      messageId,
      user: 'member',
    });
    const thanks = await h.emulator.waitForCallback(submit, 10_000);
    expect((thanks.body as { data: { flags: number } }).data.flags & 64).toBe(64);
    expect(JSON.parse((await lines()).at(-1)!)).toMatchObject({
      answerId,
      vote: 'down',
      reason: 'Der Dirigent fehlt. @everyone',
    });
    const posted = () => h.emulator.messagesIn(LOG_CHANNEL).filter((m) => m.content.startsWith('👎'));
    await waitUntil(() => posted().length > 0, 10_000, 'feedback in the channel');
    const post = posted()[0]!;
    expect(post.content).toMatch(/^👎 Welches Orchester spielte in Palmyra\?\n> Laut den Artikeln/);
    // Markdown is escaped ("000\\_fb…" shows as "000_fb…").
    expect(post.content).toMatch(/\[1\] 000\\_fb4c95536d1c9c6c\.txt ¶ \d+/);
    expect(post.content).toContain('Was falsch war: Der Dirigent fehlt.');
    // Their own words are shown, but ping nobody.
    expect(post.content).not.toMatch(/@everyone/);
    expect(post.mentions).toEqual([]);
  });
});
