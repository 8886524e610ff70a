import { startHarness, waitUntil, type Harness } from './bot/harness';

/** The world's default text channel, made an ask channel. */
const ASK_CHANNEL = '1200000000000000200';
/** A forum channel made an ask channel, and one that is not. */
const ASK_FORUM = '1200000000000000210';
const OTHER_FORUM = '1200000000000000211';

/**
 * End to end: an ask channel (`ASK_CHANNEL_IDS`) answers every new message without a mention, in
 * a thread, in the language it is written in; an ask forum answers every new post inside it. The server's locale is `de` here (the other suites
 * run with Discord's default `en-US`).
 */
describe('quellen Discord bot: an ask channel', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { ASK_CHANNEL_IDS: `${ASK_CHANNEL},${ASK_FORUM}`, RATE_LIMIT_PER_MINUTE: '100' },
      emulator: {
        world: {
          preferredLocale: 'de',
          forums: [
            { id: ASK_FORUM, name: 'fragen' },
            { id: OTHER_FORUM, name: 'plaudern' },
          ],
          users: [{ key: 'other', id: '1200000000000000498', username: 'bob' }],
        },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const botMessagesIn = (channelId: string) =>
    h.emulator.messagesIn(channelId).filter((m) => m.author.id === h.emulator.world.botUser.id);

  it('answers a message without a mention in a thread of its own', async () => {
    expect(h.emulator.world.channel.id).toBe(ASK_CHANNEL);
    const before = h.emulator.threads().length;
    const message = h.emulator.sendMessage({ content: 'Welches Orchester spielte in Palmyra?' });
    await waitUntil(() => h.emulator.threads().length > before, 10_000, 'thread created');
    const thread = h.emulator.threads().at(-1)!;
    expect(thread.id).toBe(message.id);
    await waitUntil(() => botMessagesIn(thread.id).length > 0, 15_000, 'answer in the thread');
    const answer = botMessagesIn(thread.id)[0]!;
    expect(answer.content).toContain('[1]');
    expect(answer.content).toMatch(/Mariinski/);
    expect(answer.mentions).toEqual([]);
  });

  it('answers an English question in English although the server is German', async () => {
    const before = h.emulator.threads().length;
    h.emulator.sendMessage({ content: 'Who conducted the orchestra in Palmyra?' });
    await waitUntil(() => h.emulator.threads().length > before, 10_000, 'thread created');
    const thread = h.emulator.threads().at(-1)!;
    await waitUntil(() => botMessagesIn(thread.id).length > 0, 15_000, 'answer in the thread');
    const reply = botMessagesIn(thread.id)[0]!;
    // Answered or abstained, the bot's own words are English (no dictionary in the harness).
    expect(reply.content).toMatch(
      /^(According to the articles:|The articles don't say anything about that\.)/,
    );
    expect(reply.content).not.toMatch(/Laut den Artikeln|Dazu finde ich/);
  });

  it('leaves thanks and chatter in the channel alone', async () => {
    const threads = h.emulator.threads().length;
    const posted = h.emulator.requests.filter((r) => r.method === 'POST').length;
    h.emulator.sendMessage({ content: 'Danke!' });
    h.emulator.sendMessage({ content: 'ok 👍' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.emulator.threads().length).toBe(threads);
    expect(h.emulator.requests.filter((r) => r.method === 'POST').length).toBe(posted);
  });

  it('answers a new forum post inside the post, reading its title with its text', async () => {
    const threads = h.emulator.threads().length;
    const { thread } = h.emulator.createForumPost({
      forumId: ASK_FORUM,
      // What is asked stands in the title only.
      title: 'Welches Orchester spielte in Palmyra?',
      content: 'Weiß das jemand?',
    });
    await waitUntil(() => botMessagesIn(thread.id).length > 0, 15_000, 'answer in the post');
    const answer = botMessagesIn(thread.id)[0]!;
    expect(answer.content).toMatch(/Mariinski/);
    expect(answer.content).toContain('[1]');
    expect(answer.mentions).toEqual([]);
    // Answered in the post itself: no thread of its own, nothing in the text channel.
    expect(h.emulator.threads().length).toBe(threads + 1);
  });

  it('answers a post in the language of its title when the text is empty', async () => {
    const { thread } = h.emulator.createForumPost({
      forumId: ASK_FORUM,
      title: 'Which orchestra played in Palmyra?',
      content: '',
    });
    await waitUntil(() => botMessagesIn(thread.id).length > 0, 15_000, 'answer in the post');
    const reply = botMessagesIn(thread.id)[0]!;
    // The server is German; the title is English, so are the bot's words and buttons.
    expect(reply.content).toMatch(
      /^(According to the articles:|The articles don't say anything about that\.)/,
    );
    expect(JSON.stringify(reply.components)).not.toContain('"Quellen"');
  });

  it('in a post, answers its author without a mention and others only with one; thanks are left alone', async () => {
    const { thread } = h.emulator.createForumPost({
      forumId: ASK_FORUM,
      title: 'Deir al-Sor',
      content: 'Wer kontrolliert Deir al-Sor?',
    });
    await waitUntil(() => botMessagesIn(thread.id).length === 1, 15_000, 'first answer');

    h.emulator.sendMessage({ channelId: thread.id, author: 'other', content: 'Und was ist mit Palmyra?' });
    h.emulator.sendMessage({ channelId: thread.id, content: 'Danke!' });
    h.emulator.sendMessage({ channelId: thread.id, content: 'Welches Orchester spielte in Palmyra?' });
    await waitUntil(() => botMessagesIn(thread.id).length === 2, 15_000, 'follow-up of the author');
    expect(botMessagesIn(thread.id)[1]!.content).toMatch(/Mariinski/);

    const bot = h.emulator.world.botUser.id;
    h.emulator.sendMessage({
      channelId: thread.id,
      author: 'other',
      content: `<@${bot}> Welches Orchester spielte in Palmyra?`,
    });
    await waitUntil(() => botMessagesIn(thread.id).length === 3, 15_000, 'answer to a mention');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(botMessagesIn(thread.id)).toHaveLength(3);
  });

  it('leaves posts in a forum that is no ask channel alone', async () => {
    const posted = h.emulator.requests.filter((r) => r.method === 'POST').length;
    const { thread } = h.emulator.createForumPost({
      forumId: OTHER_FORUM,
      title: 'Palmyra',
      content: 'Welches Orchester spielte in Palmyra?',
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(botMessagesIn(thread.id)).toEqual([]);
    expect(h.emulator.requests.filter((r) => r.method === 'POST').length).toBe(posted);
  });
});
