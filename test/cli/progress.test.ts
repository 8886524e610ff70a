import { lineReporter } from '../../src/cli/progress';

describe('lineReporter (progress without a terminal)', () => {
  test('writes on phase changes and completion, at most once per interval otherwise', () => {
    const lines: string[] = [];
    let clock = 0;
    const reporter = lineReporter(
      (line) => lines.push(line),
      1_000,
      () => clock,
    );
    reporter.update({ phase: 'embedding', done: 0, total: 100 });
    clock = 500;
    reporter.update({ phase: 'embedding', done: 40, total: 100 });
    clock = 1_200;
    reporter.update({ phase: 'embedding', done: 60, total: 100 });
    clock = 1_300;
    reporter.update({ phase: 'embedding', done: 100, total: 100 });
    reporter.update({ phase: 'writing', done: 0, total: 3 });
    expect(lines).toEqual([
      'embedding: 0/100 (0%)',
      'embedding: 60/100 (60%)',
      'embedding: 100/100 (100%)',
      'writing: 0/3 (0%)',
    ]);
  });
});
