import { embedderLabel } from '../../src/ui/messages';

describe('embedderLabel', () => {
  it('describes the built-in embedder instead of showing its settings id', () => {
    const id = 'builtin:hash-v4-a5:d256:u0.5:b0:c1:g3-4:x0.5:n0:l4:t0.7:p2.5:stem';
    expect(embedderLabel(id, 256, 'en')).toBe(
      'built-in (hashed word features, 256 dimensions, no model files)',
    );
    expect(embedderLabel(id, 256, 'de')).toBe(
      'eingebaut (gehashte Wortmerkmale, 256 Dimensionen, ohne Modelldateien)',
    );
  });

  it('names a model by its name, without the precision suffix', () => {
    expect(embedderLabel('transformers:Xenova/multilingual-e5-small:q8', 384, 'en')).toBe(
      'Xenova/multilingual-e5-small (384 dimensions)',
    );
    expect(embedderLabel('transformers:Xenova/multilingual-e5-small:fp32', 384, 'de')).toBe(
      'Xenova/multilingual-e5-small (384 Dimensionen)',
    );
    expect(embedderLabel('transformers:Xenova/multilingual-e5-small:q8:len256', 384, 'en')).toBe(
      'Xenova/multilingual-e5-small (384 dimensions)',
    );
  });

  it('shows any other id as it is', () => {
    expect(embedderLabel('custom-embedder', 8, 'en')).toBe('custom-embedder (8 dimensions)');
  });
});
