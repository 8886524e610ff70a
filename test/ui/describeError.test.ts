import { UserError } from '../../src/core/errors';
import { describeError } from '../../src/ui/describeError';
import { actorLabel, startedBy } from '../../src/ui/messages';

describe('who started an index run', () => {
  it("words the product's own starters with their preposition, people by name", () => {
    expect(startedBy('start-up', 'de')).toBe('gestartet beim Programmstart');
    expect(startedBy('cli', 'de')).toBe('gestartet über die Kommandozeile');
    expect(startedBy('watcher', 'en')).toBe('started by the folder watcher');
    expect(startedBy('@anna', 'de')).toBe('gestartet von @anna');
    expect(startedBy('@watcher', 'de')).toBe('gestartet von @watcher');
    expect(actorLabel('schedule', 'de')).toBe('Zeitplan');
    expect(actorLabel('@schedule', 'de')).toBe('@schedule');
    // Names that are properties of every object are names too.
    expect(startedBy('constructor', 'en')).toBe('started by constructor');
    expect(actorLabel('__proto__', 'de')).toBe('__proto__');
  });
});

describe('describeError', () => {
  it('says who started the running reindex in the reader’s language, quoted', () => {
    const running = (by: string) =>
      new UserError('REINDEX_RUNNING', 'a reindex is running', { by, startedAt: '10:00' });
    expect(describeError(running('start-up'), 'de').message).toBe(
      'Eine Aktualisierung läuft bereits (gestartet beim Programmstart um 10:00).',
    );
    expect(describeError(running('schedule'), 'en').message).toBe(
      'A reindex is already running (started on schedule at 10:00).',
    );
    expect(describeError(running('@a*b'), 'de', (text) => text.replace('*', '\\*')).message).toBe(
      'Eine Aktualisierung läuft bereits (gestartet von @a\\*b um 10:00).',
    );
  });

  it('gives a refused upload’s reason in the reader’s language', () => {
    const refused = new UserError('UPLOAD_REJECTED', 'scan.txt: binary file, not text.', {
      file: 'scan.txt',
    });
    expect(describeError(refused, 'de').message).toBe('Upload abgelehnt: scan.txt: Binärdatei, kein Text.');
    expect(describeError(refused, 'en').message).toBe('Upload rejected: scan.txt: binary file, not text.');
  });
});
