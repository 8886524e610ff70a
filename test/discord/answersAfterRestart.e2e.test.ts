import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CallbackType, MessageFlag, OptionType } from './emulator';
import { contentOf, startHarness, type Harness } from './bot/harness';

/** End to end: the buttons under an answer keep working after the bot restarts (server locale en-US). */
describe('quellen Discord bot: answers behind buttons survive a restart', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { RATE_LIMIT_PER_MINUTE: '100' },
      emulator: { world: { preferredLocale: 'en-US' } },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('shows the sources and takes a 👎 with its reason for an answer given before the restart', async () => {
    const asked = h.emulator.sendInteraction({
      kind: 'chatInput',
      commandName: 'ask',
      options: [
        { name: 'question', type: OptionType.String, value: 'Who conducted the concert in Palmyra?' },
      ],
      locale: 'en-US',
    });
    const edit = await h.emulator.waitForOriginalEdit(asked, 15_000);
    const messageId = h.emulator.interaction(asked.token)!.originalMessageId!;
    const buttons = (edit.body as { components: Array<{ components: Array<{ custom_id: string }> }> })
      .components[0]!.components;
    const sourcesId = buttons.find((c) => c.custom_id.startsWith('q:src:'))!.custom_id;
    const downId = buttons.find((c) => c.custom_id.endsWith(':down'))!.custom_id;
    const answerId = downId.split(':')[2]!;
    const kept = path.join(h.dirs.root, 'embeddings', 'answers');
    expect(await readdir(kept)).toContain(`${answerId}.json`);

    await h.restart();

    const sources = h.emulator.sendInteraction({
      kind: 'component',
      customId: sourcesId,
      messageId,
      locale: 'en-US',
    });
    const shown = await h.emulator.waitForCallback(sources, 10_000);
    const data = (shown.body as { data: { flags: number; embeds?: Array<{ description: string }> } }).data;
    expect(data.flags & MessageFlag.Ephemeral).toBe(MessageFlag.Ephemeral);
    expect(contentOf(data)).not.toMatch(/no longer stored|nicht mehr gespeichert/);
    expect((data.embeds ?? []).map((e) => e.description).join('\n')).toMatch(/\*\*.{20,}\*\*/);

    const click = h.emulator.sendInteraction({
      kind: 'component',
      customId: downId,
      messageId,
      locale: 'en-US',
    });
    const modal = await h.emulator.waitForCallback(click, 10_000);
    expect(modal.body).toMatchObject({ type: CallbackType.Modal, data: { custom_id: `q:why:${answerId}` } });
    const submit = h.emulator.sendInteraction({
      kind: 'modalSubmit',
      customId: `q:why:${answerId}`,
      fields: { reason: 'The conductor is missing.' },
      messageId,
      locale: 'en-US',
    });
    await h.emulator.waitForCallback(submit, 10_000);
    const last = JSON.parse((await readFile(h.dirs.feedback, 'utf8')).trim().split('\n').at(-1)!) as Record<
      string,
      unknown
    >;
    expect(last).toMatchObject({
      answerId,
      vote: 'down',
      question: 'Who conducted the concert in Palmyra?',
      reason: 'The conductor is missing.',
    });
  });
});
