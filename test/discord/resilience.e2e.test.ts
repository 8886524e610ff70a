import { OptionType } from './emulator';
import { contentOf, FAKE_TOKEN, startHarness, waitUntil, type Harness } from './bot/harness';

/** End to end: rate limits, Discord failures, gateway drops and expired interactions are survived. */
describe('quellen Discord bot: resilience', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  let userCount = 0;
  const ask = (question: string, user = 'member') =>
    h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      user,
      options: [{ name: 'question', type: OptionType.String, value: question }],
    });

  /** A fresh world user per test, so the rate limit of one test does not leak into the next. */
  function freshUser(): string {
    userCount += 1;
    const key = `user${userCount}`;
    h.emulator.world.users[key] = {
      user: {
        id: `12000000000000009${String(userCount).padStart(2, '0')}`,
        username: key,
        discriminator: '0',
        global_name: key,
        avatar: null,
        public_flags: 0,
      },
      roleIds: [],
      joinedAt: '2024-01-01T00:00:00.000Z',
    };
    return key;
  }

  it('tells a user who asked more than RATE_LIMIT_PER_MINUTE questions when to retry, ephemerally', async () => {
    const user = freshUser();
    for (let i = 0; i < 3; i += 1) {
      const handle = ask('Welches Orchester spielte in Palmyra?', user);
      await h.emulator.waitForOriginalEdit(handle, 15_000);
    }
    const limited = ask('Noch eine Frage?', user);
    const callback = await h.emulator.waitForCallback(limited, 10_000);
    const data = callback.body as { type: number; data: { content: string; flags: number } };
    expect(data.type).toBe(4);
    expect(data.data.flags & 64).toBe(64);
    expect(data.data.content).toMatch(
      /^Langsam bitte: höchstens 3 Fragen pro Minute\. Versuch es in \d+ s wieder\.$/,
    );

    // Mentions count against the same limit; the user was told already, so nothing is posted.
    const bot = h.emulator.world.botUser.id;
    const channel = h.emulator.world.channel.id;
    const before = h.emulator.messagesIn(channel).filter((m) => m.author.id === bot).length;
    h.emulator.sendMessage({ content: `<@${bot}> Und jetzt?`, author: user });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emulator.messagesIn(channel).filter((m) => m.author.id === bot)).toHaveLength(before);
  });

  it('posts one public notice per window to a user who spams mentions, and answers none past the limit', async () => {
    const user = freshUser();
    const userId = h.emulator.world.users[user]!.user.id;
    const bot = h.emulator.world.botUser.id;
    const channel = h.emulator.world.channel.id;
    const threadRequests = () =>
      h.emulator.requests.filter((r) => r.method === 'POST' && r.path.includes('/threads')).length;
    const notices = () =>
      h.emulator
        .messagesIn(channel)
        .filter(
          (m) =>
            m.author.id === bot &&
            m.content.startsWith('Langsam bitte') &&
            (m as { referenced_message?: { author: { id: string } } }).referenced_message?.author.id ===
              userId,
        );
    const threadsBefore = threadRequests();
    for (let i = 0; i < 8; i += 1)
      h.emulator.sendMessage({ content: `<@${bot}> Was ist mit Frage ${i}?`, author: user });
    await waitUntil(() => notices().length > 0, 10_000, 'rate-limit notice');
    await waitUntil(() => threadRequests() - threadsBefore >= 3, 10_000, 'three answered mentions');
    // Every message has been handled once the notice and the answers are out; give stragglers time.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(notices()).toHaveLength(1);
    expect(threadRequests() - threadsBefore).toBe(3);
  });

  it('limits /summary like /ask, and clicks and autocomplete by their own budget', async () => {
    const user = freshUser();
    const summary = () =>
      h.emulator.sendInteraction({
        kind: 'chatInput',
        commandName: 'summary',
        user,
        options: [{ name: 'article', type: OptionType.String, value: '000_fb4c95536d1c9c6c.txt' }],
      });
    for (let i = 0; i < 3; i += 1) await h.emulator.waitForOriginalEdit(summary(), 15_000);
    const limited = await h.emulator.waitForCallback(summary(), 10_000);
    expect((limited.body as { data: { content: string } }).data.content).toMatch(/^Langsam bitte/);

    // 3 questions a minute allow 60 autocompletes (their own budget); past that there are no choices.
    const other = freshUser();
    const choices: number[] = [];
    for (let i = 0; i < 62; i += 1) {
      const auto = h.emulator.sendInteraction({
        kind: 'autocomplete',
        commandName: 'summary',
        user: other,
        options: [{ name: 'article', type: OptionType.String, value: '', focused: true }],
      });
      const callback = await h.emulator.waitForCallback(auto, 10_000);
      choices.push((callback.body as { data: { choices: unknown[] } }).data.choices.length);
    }
    expect(choices.slice(0, 60).every((n) => n > 0)).toBe(true);
    expect(choices.slice(60)).toEqual([0, 0]);
    // Typing used none of the budget for clicks and commands.
    const listed = h.emulator.sendInteraction({ kind: 'chatInput', commandName: 'articles', user: other });
    const callback = await h.emulator.waitForCallback(listed, 10_000);
    expect(JSON.stringify(callback.body)).not.toContain('Zu viele Klicks');
  });

  it('survives a 429 with retry-after on the answer edit and still delivers the answer', async () => {
    h.emulator.failNext({
      method: 'PATCH',
      pathPattern: '/messages/@original',
      status: 429,
      retryAfterSeconds: 0.2,
    });
    const handle = ask('Welches Orchester spielte in Palmyra?', freshUser());
    await waitUntil(
      () =>
        h.emulator.requests.some(
          (r) =>
            r.method === 'PATCH' &&
            r.path.includes(handle.token) &&
            r.response?.status === 200 &&
            contentOf(r.body).includes('[1]'),
        ),
      15_000,
      'answer after 429',
    );
    expect(h.emulator.requests.some((r) => r.path.includes(handle.token) && r.response?.status === 429)).toBe(
      true,
    );
  });

  it('survives a burst of 500s (logged, user told) and answers the next question', async () => {
    h.emulator.failNext({ method: 'PATCH', pathPattern: '/messages/@original', status: 500, count: 4 });
    const user = freshUser();
    const failing = ask('Welches Orchester spielte in Palmyra?', user);
    await waitUntil(
      () =>
        h.emulator.requests.filter((r) => r.path.includes(failing.token) && r.response?.status === 500)
          .length === 4,
      20_000,
      'four 500s',
    );
    await waitUntil(
      () => h.logs.some((line) => line.includes('interaction handler failed')),
      10_000,
      'error logged',
    );
    const next = ask('Wer dirigierte in Palmyra?', user);
    const edit = await h.emulator.waitForOriginalEdit(next, 15_000);
    expect(contentOf(edit.body)).toContain('[1]');
  });

  it('resumes after a dropped gateway connection and answers the next question', async () => {
    h.emulator.dropGateway();
    await h.emulator.waitForGatewayFrame((f) => f.direction === 'in' && f.op === 6, 15_000);
    const handle = ask('Welches Orchester spielte in Palmyra?', freshUser());
    const edit = await h.emulator.waitForOriginalEdit(handle, 15_000);
    expect(contentOf(edit.body)).toContain('[1]');
  });

  it('does not crash on an expired interaction (10062) and keeps answering', async () => {
    const user = freshUser();
    const expired = ask('Welches Orchester spielte in Palmyra?', user);
    h.emulator.expireInteraction(expired.token);
    const callback = await h.emulator.waitForCallback(expired, 10_000);
    expect(callback.response?.status).toBe(404);
    await waitUntil(
      () => h.logs.some((line) => line.includes('interaction expired or already answered')),
      10_000,
      'expiry logged',
    );
    const next = ask('Wer dirigierte in Palmyra?', user);
    const edit = await h.emulator.waitForOriginalEdit(next, 15_000);
    expect(contentOf(edit.body)).toContain('[1]');
  });

  it('survives a REST response so slow that the interaction window closes, and answers the next question', async () => {
    const user = freshUser();
    const expiries = () =>
      h.logs.filter((line) => line.includes('interaction expired or already answered')).length;
    const expiriesBefore = expiries();
    // The deferral reaches Discord after the 3 s window: Discord answers 10062.
    h.emulator.delayNext({ method: 'POST', pathPattern: '/callback', ms: 3_300 });
    const slow = ask('Welches Orchester spielte in Palmyra?', user);
    const callback = await h.emulator.waitForCallback(slow, 10_000);
    expect(callback.response?.status).toBe(404);
    expect((callback.response?.body as { code?: number } | undefined)?.code).toBe(10062);
    await waitUntil(() => expiries() > expiriesBefore, 10_000, 'late deferral logged');
    const next = ask('Wer dirigierte in Palmyra?', user);
    const edit = await h.emulator.waitForOriginalEdit(next, 15_000);
    expect(contentOf(edit.body)).toContain('[1]');
  }, 30_000);

  it('never writes the token to the logs', () => {
    expect(h.logs.length).toBeGreaterThan(10);
    expect(h.logs.some((line) => line.includes('discord bot ready'))).toBe(true);
    const all = h.logs.join('');
    expect(all).not.toContain(FAKE_TOKEN);
    expect(all).not.toContain(FAKE_TOKEN.split('.')[2]);
  });
});
