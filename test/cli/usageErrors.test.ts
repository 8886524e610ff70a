import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main';
import { usageErrorLine } from '../../src/cli/usageErrors';

/** What `quellen <argv>` prints on stderr for a command-line mistake, with the terminal in `lang`. */
function stderrOf(argv: string[], lang: string): string {
  const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL, LC_MESSAGES: process.env.LC_MESSAGES };
  process.env.LANG = lang;
  delete process.env.LC_ALL;
  delete process.env.LC_MESSAGES;
  let written = '';
  const quiet = (command: Command): void => {
    command.exitOverride();
    command.configureOutput({ writeErr: (text) => (written += text), writeOut: () => undefined });
    command.commands.forEach(quiet);
  };
  try {
    const program = buildProgram();
    quiet(program);
    expect(() => program.parse(argv, { from: 'user' })).toThrow();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return written;
}

describe('command-line mistakes', () => {
  // Commander's own messages, as its installed version writes them: a wording it changes shows up here.
  it.each([
    [
      ['summary', 'a', '--sentences', '0'],
      'quellen: ungültiger Wert „0“ für --sentences <n>: erlaubt sind 3, 4, 5 oder 6. „quellen summary --help“ zeigt die Aufrufe.\n',
      "quellen: option '--sentences <n>' argument '0' is invalid: must be 3, 4, 5 or 6. \"quellen summary --help\" shows the usage.\n",
    ],
    [
      ['index', '--ful'],
      'quellen: unbekannte Option „--ful“ (meintest du --full?). „quellen index --help“ zeigt die Aufrufe.\n',
      'quellen: unknown option \'--ful\' (did you mean --full?). "quellen index --help" shows the usage.\n',
    ],
    [
      ['statsu'],
      'quellen: unbekannter Befehl „statsu“ (meintest du status?). „quellen --help“ zeigt die Aufrufe.\n',
      'quellen: unknown command \'statsu\' (did you mean status?). "quellen --help" shows the usage.\n',
    ],
    [
      ['ask', '--article'],
      'quellen: für --article <id> fehlt der Wert. „quellen ask --help“ zeigt die Aufrufe.\n',
      'quellen: option \'--article <id>\' argument missing. "quellen ask --help" shows the usage.\n',
    ],
    [
      ['status', 'extra'],
      'quellen: zu viele Argumente: erwartet 0, erhalten 1. „quellen status --help“ zeigt die Aufrufe.\n',
      'quellen: too many arguments for \'status\'. Expected 0 arguments but got 1. "quellen status --help" shows the usage.\n',
    ],
    [
      ['ask', 'Wer?', '--batch', 'fragen.jsonl'],
      'quellen: entweder eine Frage oder --batch <Datei>, nicht beides. „quellen ask --help“ zeigt die Aufrufe.\n',
      'quellen: give a question or --batch <file>, not both. "quellen ask --help" shows the usage.\n',
    ],
    [
      ['summary'],
      'quellen: es fehlt das Argument „article“. „quellen summary --help“ zeigt die Aufrufe.\n',
      'quellen: missing required argument \'article\'. "quellen summary --help" shows the usage.\n',
    ],
  ])('quellen %j says it in one line, in German and in English', (argv, german, english) => {
    expect(stderrOf(argv, 'de_DE.UTF-8')).toBe(german);
    expect(stderrOf(argv, 'C.UTF-8')).toBe(english);
  });

  it('keeps a message it has no wording for, in one line', () => {
    expect(usageErrorLine('error: something new\nand more\n', 'de', 'quellen x')).toBe(
      'quellen: something new and more. „quellen x --help“ zeigt die Aufrufe.\n',
    );
    expect(
      usageErrorLine("error: unknown option '--x'\n(Did you mean one of --a, --b?)\n", 'en', 'quellen'),
    ).toBe(
      'quellen: unknown option \'--x\' (did you mean one of --a, --b?). "quellen --help" shows the usage.\n',
    );
  });
});
