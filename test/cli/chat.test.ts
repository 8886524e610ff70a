import { writeFile } from 'node:fs/promises';
import { languageWithoutWords } from '../../src/cli/locale';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { answerBatch } from '../../src/cli/batch';
import { handleChatLine, runChat } from '../../src/cli/chat';
import { tempApp, tempCollection } from '../support/tempCollection';

describe('terminal chat and batch answers', () => {
  let collection: Awaited<ReturnType<typeof tempCollection>>;
  let service: Awaited<ReturnType<typeof tempApp>>['service'];

  beforeAll(async () => {
    collection = await tempCollection();
    service = (await tempApp(collection)).service;
    await service.open();
  });
  afterAll(async () => {
    await collection.cleanup();
  });

  /** Everything the chat writes for these input lines. */
  async function transcript(lines: string, locale: 'de' | 'en'): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk) => (written += String(chunk)));
    const done = runChat(service, { input, output, locale });
    input.end(lines);
    await done;
    return written;
  }

  test('a question gets the answer with numbered sources and quotes', async () => {
    const reply = await handleChatLine(service, 'Wo spielte das Mariinski-Orchester?', 'de');
    expect(reply?.text).toMatch(/\[1\]/);
    expect(reply?.text).toContain('Quellen:');
    expect(reply?.text).toContain('Amphitheater von Palmyra');
  });

  test("an answer speaks its question's language, whatever the terminal's", async () => {
    const german = await handleChatLine(service, 'Wo spielte das Mariinski-Orchester?', 'en');
    expect(german?.text).toMatch(/^Laut den Artikeln/);
    expect(german?.text).toContain('Quellen:');
    expect(german?.text).not.toContain('Sources:');
  });

  test("a question without words is refused in the terminal's language", async () => {
    expect((await handleChatLine(service, '???', 'en'))?.text).toMatch(/^The articles don't say/);
    expect((await handleChatLine(service, '?!', 'de'))?.text).toMatch(/^Dazu finde ich/);
    // Only a question without words, and only while ANSWER_LANGUAGE is auto.
    expect(languageWithoutWords('???', 'en')).toEqual({ language: 'en' });
    expect(languageWithoutWords('???', 'en', 'de')).toEqual({});
    expect(languageWithoutWords('Wer?', 'en')).toEqual({});
  });

  test('slash commands list articles, show status and summaries; unknown ones are explained', async () => {
    expect((await handleChatLine(service, '/articles', 'en'))?.text).toContain('000_fb4c95536d1c9c6c.txt');
    expect((await handleChatLine(service, '/status', 'en'))?.text).toMatch(/Articles: 2\nPassages: \d+/);
    const withOutbound = await handleChatLine(service, '/status', 'en', undefined, {
      outbound: () => 'Leaves this host: nothing',
    });
    expect(withOutbound?.text).toMatch(/Uptime: .*\nLeaves this host: nothing$/);
    // The summary's labels are the reader's language, as on Discord; its sentences the article's.
    expect((await handleChatLine(service, '/summary 001_b7a14c772971f96e', 'en'))?.text).toMatch(
      /^Summary: [\s\S]*\nSources:\n/,
    );
    expect((await handleChatLine(service, '/summary 001_b7a14c772971f96e', 'de'))?.text).toMatch(
      /^Zusammenfassung: /,
    );
    expect((await handleChatLine(service, '/frobnicate', 'de'))?.text).toBe(
      'Unbekannter Befehl /frobnicate. /help zeigt alle Befehle.',
    );
    expect((await handleChatLine(service, '/summary gibtsnicht', 'de'))?.text).toBe(
      'Den Artikel „gibtsnicht“ kenne ich nicht. /articles listet sie auf.',
    );
    expect((await handleChatLine(service, '/summary', 'de'))?.text).toMatch(
      /^Welcher Artikel\? \/summary <Artikel>/,
    );
    expect((await handleChatLine(service, '/summary  ', 'en'))?.text).toMatch(
      /^Which article\? \/summary <article>/,
    );
    expect(await handleChatLine(service, '   ', 'de')).toBeUndefined();
    expect((await handleChatLine(service, '/quit', 'de'))?.quit).toBe(true);
    // The plain words leave too; they are not sent as questions.
    for (const word of ['quit', 'Exit', 'tschüss']) {
      expect(await handleChatLine(service, word, 'de')).toEqual({ text: '', quit: true });
    }
  });

  test('thanks get a short reply, not a search', async () => {
    expect(await handleChatLine(service, 'Danke!', 'de')).toEqual({
      text: 'Alles klar. Frag mich gern etwas zu den Artikeln.',
    });
    expect((await handleChatLine(service, 'ok, thanks', 'en'))?.text).toBe(
      'All right. Ask me anything about the articles.',
    );
  });

  test('a short follow-up is read against the question before it', async () => {
    const alone = await handleChatLine(service, 'Und wann war das?', 'de');
    expect(alone?.text).toMatch(/^Dazu finde ich in den Artikeln nichts/);
    const followUp = await handleChatLine(service, 'Und wann war das?', 'de', undefined, {}, [
      'Wer hat das Konzert in Palmyra dirigiert?',
    ]);
    expect(followUp?.text).toMatch(/^Laut den Artikeln/);
    expect(followUp?.text).toContain('6. Mai');
    expect(followUp?.asked).toBe('Wer hat das Konzert in Palmyra dirigiert? Und wann war das?');
  });

  test('a short question with a subject of its own is not answered from the question before', async () => {
    // Alone it is refused; joined to the concert question it would quote "unter Leitung von
    // Dirigent …", whose passage never mentions a Grabung.
    const refused = await handleChatLine(service, 'Wer leitet die Grabung?', 'de', undefined, {}, [
      'Wer hat das Konzert in Palmyra dirigiert?',
    ]);
    expect(refused?.text).toMatch(/^Dazu finde ich in den Artikeln nichts/);
    expect(refused?.text).not.toContain('Gergijew');
    expect(refused?.asked).toBe('Wer leitet die Grabung?');
  });

  test('a follow-up that only refers back is asked with the question before, and asks what it asks', async () => {
    const festival = await tempCollection();
    try {
      await writeFile(
        path.join(festival.docs, 'jazz.md'),
        '# Jazzfestival in Kranichfeld\n\nDas 20. Jazzfestival in Kranichfeld hat mit 14.200 Besuchern einen ' +
          'Rekord aufgestellt. Das Budget lag in diesem Jahr bei 720.000 Euro.\n\nFestivalleiter Thomas Grube ' +
          'führte den Erfolg auf das gute Wetter zurück.\n',
      );
      const app = await tempApp(festival);
      await app.service.reindex();
      const reply = await handleChatLine(app.service, 'Und wer leitet es?', 'de', undefined, {}, [
        'Wie hoch war das Budget des Jazzfestivals?',
      ]);
      // The leader of the festival first, not the budget the question before asked for, nor the
      // conductor of another article.
      expect(reply?.text).toMatch(/^Laut den Artikeln: „Festivalleiter Thomas Grube/);
      expect(reply?.text).not.toContain('Gergijew');
      expect(reply?.asked).toBe('Wie hoch war das Budget des Jazzfestivals? Und wer leitet es?');
      // In the follow-up's language, whatever the question before was asked in.
      const german = await handleChatLine(app.service, 'Und wer leitet es?', 'en', undefined, {}, [
        'What was the budget of the jazz festival?',
      ]);
      expect(german?.text).toMatch(/^Laut den Artikeln: „Festivalleiter Thomas Grube/);
      // A follow-up with words of its own is asked alone first, written in lower case or not.
      const own = await handleChatLine(app.service, 'wer hat es in palmyra dirigiert?', 'de', undefined, {}, [
        'Wie hoch war das Budget des Jazzfestivals?',
      ]);
      expect(own?.text).toContain('Gergijew');
      expect(own?.asked).toBe('wer hat es in palmyra dirigiert?');
    } finally {
      await festival.cleanup();
    }
  });

  test('a follow-up answered on its own keeps the subject it refers back to for the next one', async () => {
    const previous = ['Wer hat das Konzert in Palmyra dirigiert?'];
    const pieces = await handleChatLine(
      service,
      'Welche Stücke hat er dort gespielt?',
      'de',
      undefined,
      {},
      previous,
    );
    expect(pieces?.text).toContain('Bach');
    expect(pieces?.asked).toBe(
      'Wer hat das Konzert in Palmyra dirigiert? Welche Stücke hat er dort gespielt?',
    );
    // Asked without a question before, or after one whose subjects the answer does not speak of,
    // it is remembered as typed.
    expect(
      (
        await handleChatLine(service, 'Welche Stücke hat er dort gespielt?', 'de', undefined, {}, [
          'Wie hoch war das Budget des Jazzfestivals in Kranichfeld?',
        ])
      )?.asked,
    ).toBe('Welche Stücke hat er dort gespielt?');
  });

  test('a refused follow-up is remembered as typed, so refusals do not pile up', async () => {
    const refused = await handleChatLine(service, 'Und wie lange dauert das?', 'de', undefined, {}, [
      'Wie backt man ein Sauerteigbrot?',
    ]);
    expect(refused?.text).toMatch(/^Dazu finde ich in den Artikeln nichts/);
    expect(refused?.asked).toBe('Und wie lange dauert das?');
  });

  test('a question answered on its own is not joined to the one before, however short', async () => {
    const alone = await handleChatLine(service, 'Wo spielte das Mariinski-Orchester?', 'de');
    const after = await handleChatLine(service, 'Wo spielte das Mariinski-Orchester?', 'de', undefined, {}, [
      'Wie viele Menschen werden in Deir al-Sor belagert?',
    ]);
    expect(after?.text).toContain('Amphitheater von Palmyra');
    expect(after?.text).not.toContain('110.000');
    expect(after?.text).toBe(alone?.text);
  });

  test('runChat remembers the questions asked for follow-ups', async () => {
    const written = await transcript(
      'Wer hat das Konzert in Palmyra dirigiert?\nDanke!\nUnd wann war das?\n/quit\n',
      'de',
    );
    const replies = written.split('\n> ');
    expect(replies.at(-2)).toContain('6. Mai');
  });

  test('runChat reads lines until input ends and writes the replies', async () => {
    const written = await transcript('/articles\n/quit\n', 'en');
    expect(written).toContain('quellen: ask a question');
    expect(written).toContain('Articles (2):');
  });

  test("after a German question the chat's own messages are German too", async () => {
    const written = await transcript(
      '/summary gibtsnicht\nWo spielte das Mariinski-Orchester?\n/summary gibtsnicht\n/quit\n',
      'en',
    );
    expect(written).toContain('I don\'t know the article "gibtsnicht". /articles lists them.');
    expect(written).toContain('Den Artikel „gibtsnicht“ kenne ich nicht.');
    expect(written.indexOf("I don't know")).toBeLessThan(written.indexOf('Den Artikel'));
  });

  test('batch mode writes one JSON line per question, and an error line for a broken one', async () => {
    const file = path.join(collection.root, 'questions.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ id: 'q1', question: 'Wie viele Menschen werden in Deir al-Sor belagert?' }),
        '{not json',
        JSON.stringify({ id: 'q3', question: 'Wer erfand das Telefon?' }),
        '',
      ].join('\n'),
    );
    const lines: string[] = [];
    const result = await answerBatch(service, file, (line) => lines.push(line));
    expect(result).toEqual({ answered: 2, failed: 1 });
    const [first, broken, third] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ id: 'q1', abstained: false, language: 'de' });
    expect(JSON.stringify(first?.citations)).toContain('110.000');
    expect(broken).toEqual({ id: 'line-2', error: 'line 2: not valid JSON' });
    expect(third).toMatchObject({ id: 'q3', abstained: true, citations: [] });
  });

  test('batch mode names a missing questions file in one line', async () => {
    const missing = path.join(collection.root, 'fehlt.jsonl');
    await expect(answerBatch(service, missing, () => undefined)).rejects.toThrow(
      `${missing}: unreadable: file not found`,
    );
  });
});
