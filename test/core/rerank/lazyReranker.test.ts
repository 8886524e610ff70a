import { LazyReranker, type Reranker } from '../../../src/core/rerank/reranker';

const constant: Reranker = { id: 'constant', score: (_q, texts) => Promise.resolve(texts.map(() => 0.5)) };

describe('LazyReranker', () => {
  it('loads once, on first use, shared by concurrent first questions', async () => {
    let loads = 0;
    const lazy = new LazyReranker('lazy', async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return constant;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([lazy.score('q', ['x']), lazy.score('q', ['y', 'z'])]);
    expect(a).toEqual([0.5]);
    expect(b).toEqual([0.5, 0.5]);
    await lazy.ready();
    await lazy.score('q', ['x']);
    expect(loads).toBe(1);
  });

  it('tries a failed load again on the next use and reports each failure', async () => {
    let loads = 0;
    const failures: unknown[] = [];
    const lazy = new LazyReranker(
      'lazy',
      () => {
        loads += 1;
        return loads === 1 ? Promise.reject(new Error('model missing; fetch it')) : Promise.resolve(constant);
      },
      (error) => failures.push(error),
    );
    // ready(): its caller reports the error.
    await expect(lazy.ready()).rejects.toThrow('model missing; fetch it');
    expect(failures).toHaveLength(0);
    // A question: the log gets the cause once per failed load, however many questions wait for it.
    loads = 0;
    await Promise.all([
      expect(lazy.score('q', ['x'])).rejects.toThrow('model missing; fetch it'),
      expect(lazy.score('q', ['y'])).rejects.toThrow('model missing; fetch it'),
    ]);
    expect(failures).toHaveLength(1);
    expect(await lazy.score('q', ['x'])).toEqual([0.5]);
    expect(loads).toBe(2);
  });
});
