import { startHarness, waitUntil, type Harness } from './bot/harness';

/** The world's default text channel, made an ask channel. */
const ASK_CHANNEL = '1200000000000000200';

/**
 * End to end: an ask channel (`ASK_CHANNEL_IDS`) answers every new message without a mention, in
 * a thread, in the language it is written in. The server's locale is `de` here (the other suites
 * run with Discord's default `en-US`).
 */
describe('quellen Discord bot: an ask channel', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { ASK_CHANNEL_IDS: ASK_CHANNEL, RATE_LIMIT_PER_MINUTE: '100' },
      emulator: { world: { preferredLocale: 'de' } },
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
});
