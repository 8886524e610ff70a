import { runCommand } from '../src/bootstrap';
import { UserError } from '../src/core/errors';
import { SHARED_INDEX_NOT_REBUILT } from '../src/core/service';

describe('runCommand', () => {
  const saved = { env: { ...process.env }, exitCode: process.exitCode };
  let written: string[];
  beforeEach(() => {
    written = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    delete process.env.LC_ALL;
    delete process.env.LC_MESSAGES;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved.env };
    process.exitCode = saved.exitCode;
  });

  const fail = (error: Error) => runCommand(() => Promise.reject(error));
  const notFound = new UserError('ARTICLE_NOT_FOUND', 'No article "x".', { article: 'x' });

  it('says what the person typed wrong in the terminal language, with the hint', async () => {
    process.env.LANG = 'de_DE.UTF-8';
    await fail(notFound);
    await fail(
      new UserError('INVALID_DATE_RANGE', 'The start date 2018 lies after the end date 2017.', {
        from: '2018',
        to: '2017',
      }),
    );
    expect(written).toEqual([
      'quellen: Den Artikel „x“ kenne ich nicht. „quellen articles“ listet sie auf.\n',
      'quellen: Das Anfangsdatum 2018 liegt nach dem Enddatum 2017.\n',
    ]);
    expect(process.exitCode).toBe(1);
  });

  it('answers an empty question with how to ask, in the terminal language', async () => {
    const empty = new UserError('EMPTY_QUESTION', 'Please ask a question.');
    process.env.LANG = 'de_DE.UTF-8';
    await fail(empty);
    process.env.LANG = 'en_US.UTF-8';
    await fail(empty);
    expect(written).toEqual([
      'quellen: Bitte stell eine Frage. Aufruf: quellen ask "<Frage>" oder quellen ask --batch <Datei>.\n',
      'quellen: Please ask a question. Usage: quellen ask "<question>" or quellen ask --batch <file>.\n',
    ]);
  });

  it('says why a reference too short to look for found no article', async () => {
    process.env.LANG = 'de_DE.UTF-8';
    await fail(new UserError('ARTICLE_NOT_FOUND', 'No article "00".', { article: '00', minChars: 3 }));
    expect(written).toEqual([
      'quellen: Den Artikel „00“ kenne ich nicht: Ein Teil einer Kennung oder eines Titels braucht mindestens 3 Zeichen. „quellen articles“ listet sie auf.\n',
    ]);
  });

  it('says why the index cannot be used in the terminal language', async () => {
    const unusable = new UserError(
      'INDEX_UNUSABLE',
      `index file is damaged: e/vectors.hnsw (checksum mismatch): ${SHARED_INDEX_NOT_REBUILT}.`,
      { reason: 'corrupt' },
    );
    process.env.LANG = 'de_DE.UTF-8';
    await fail(unusable);
    process.env.LANG = 'en_US.UTF-8';
    await fail(unusable);
    expect(written[0]).toMatch(
      /^quellen: Indexdatei ist beschädigt: e\/vectors\.hnsw \(Prüfsumme stimmt nicht\): Der Index wird geteilt .*\.\n$/,
    );
    expect(written[1]).toBe(`quellen: ${unusable.message}\n`);
    expect(process.exitCode).toBe(1);
  });

  it('keeps the English message elsewhere, and for settings in any language', async () => {
    process.env.LANG = 'en_US.UTF-8';
    await fail(notFound);
    process.env.LANG = 'de_DE.UTF-8';
    await fail(new UserError('INVALID_CONFIG', 'TOP_K must be a number, got "x".'));
    expect(written).toEqual([
      'quellen: No article "x". "quellen articles" lists them.\n',
      'quellen: TOP_K must be a number, got "x".\n',
    ]);
    expect(process.exitCode).toBe(2);
  });
});
