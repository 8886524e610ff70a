import { ANALYSIS_VERSION } from '../../../src/core/text/analysis';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  BuiltinEmbedder,
  DEFAULT_BUILTIN_SETTINGS,
  builtinEmbedderId,
} from '../../../src/core/embedding/builtin/builtinEmbedder';

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

const embedder = new BuiltinEmbedder();
const embed = (text: string): Float32Array => embedder.embedSync(text);

const WFP =
  'Das Welternährungsprogramm der Vereinten Nationen versorgt in diesem Jahr mehr als 80 Millionen Menschen ' +
  'mit Nahrungsmitteln, vor allem in Syrien, im Jemen und im Südsudan.';
const EXCLAVE =
  'Die Regierungsexklave rund um den Flughafen ist nur noch über eine schmale Straße erreichbar, ' +
  'seit die Rebellen den Norden der Stadt kontrollieren.';
const FOOTBALL =
  'Die Verteidigung der Panthers ließ in der Saison nur 308 Punkte zu und stellte mit 24 Interceptions ' +
  'den Bestwert der Liga auf.';

describe('BuiltinEmbedder', () => {
  it('keeps different scores and numbers apart, as it keeps years apart', async () => {
    const [draw, win, y2015, y2016] = await embedder.embedPassages(['2:2', '2:1', '2015', '2016']);
    expect(cosine(draw!, win!)).toBeCloseTo(cosine(y2015!, y2016!), 6);
    expect(cosine(draw!, win!)).toBeLessThan(0.05);
  });

  describe('determinism and statelessness', () => {
    it('gives the same text an identical vector across instances and calls', async () => {
      const other = new BuiltinEmbedder();
      const [first] = await other.embedPassages([WFP]);
      expect(Array.from(embed(WFP))).toEqual(Array.from(first!));
      expect(Array.from(embed(WFP))).toEqual(Array.from(embed(WFP)));
    });

    it("does not let other texts in a batch change a text's vector", async () => {
      const alone = await new BuiltinEmbedder().embedPassages([EXCLAVE]);
      const batch = await new BuiltinEmbedder().embedPassages([WFP, FOOTBALL, EXCLAVE, WFP]);
      expect(Array.from(batch[2]!)).toEqual(Array.from(alone[0]!));
    });

    it('treats queries and passages identically', async () => {
      const [passage] = await embedder.embedPassages([FOOTBALL]);
      expect(Array.from(await embedder.embedQuery(FOOTBALL))).toEqual(Array.from(passage!));
    });

    it('returns one vector per passage, in order', async () => {
      const vectors = await embedder.embedPassages([WFP, EXCLAVE, FOOTBALL]);
      expect(vectors.map((v) => Array.from(v))).toEqual(
        [WFP, EXCLAVE, FOOTBALL].map((t) => Array.from(embed(t))),
      );
      expect(await embedder.embedPassages([])).toEqual([]);
    });
  });

  describe('vector shape', () => {
    it.each([16, 256, 384, 511])(
      'produces unit vectors of exactly %i dimensions when asked for them',
      (dimensions) => {
        const sized = new BuiltinEmbedder({ dimensions });
        const vector = sized.embedSync(WFP);
        expect(sized.dimensions).toBe(dimensions);
        expect(vector).toBeInstanceOf(Float32Array);
        expect(vector).toHaveLength(dimensions);
        expect(norm(vector)).toBeCloseTo(1, 5);
      },
    );

    it('defaults to 256 dimensions', () => {
      expect(embedder.dimensions).toBe(256);
      expect(embed(WFP)).toHaveLength(256);
    });

    it.each([
      ['empty', ''],
      ['whitespace', '  \n\t '],
      ['punctuation', '?!… — „“ ()'],
      ['emoji', '🙂🙂🙂'],
      ['a lone surrogate', '\ud800 x'],
      ['control characters', '\u0000\u0001\u001f'],
      ['stop words only', 'Wer ist das?'],
      ['a single letter', 'a'],
      ['digits', '110.000 2016'],
    ])('gives %s input a finite unit vector', (_name, text) => {
      const vector = embed(text);
      expect(vector.every((x) => Number.isFinite(x))).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 5);
    });

    it('gives huge input (1 MB) a finite unit vector', () => {
      const huge = `${WFP} ${EXCLAVE} ${FOOTBALL} Donaudampfschifffahrtsgesellschaftskapitän`.repeat(2400);
      expect(huge.length).toBeGreaterThan(1_000_000);
      const vector = embed(huge);
      expect(vector.every((x) => Number.isFinite(x))).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 5);
    });

    it('maps every featureless text to one fixed vector, nearly orthogonal to real text', () => {
      const empty = embed('');
      expect(Array.from(embed(' ?! '))).toEqual(Array.from(empty));
      for (const text of [WFP, EXCLAVE, FOOTBALL])
        expect(Math.abs(cosine(empty, embed(text)))).toBeLessThan(0.3);
    });

    it('gives stop-word-only questions distinct vectors', () => {
      expect(cosine(embed('Wer ist das?'), embed('Wo war er?'))).toBeLessThan(0.9);
    });

    it('keeps arbitrary strings finite and unit length (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
          const vector = embed(text);
          return vector.every((x) => Number.isFinite(x)) && Math.abs(norm(vector) - 1) < 1e-5;
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('similarity', () => {
    it('ranks a paraphrased question closest to its passage', () => {
      const question = embed('Wie viele Menschen versorgt das Welternährungsprogramm mit Nahrungsmitteln?');
      expect(cosine(question, embed(WFP))).toBeGreaterThan(cosine(question, embed(EXCLAVE)));
      expect(cosine(question, embed(WFP))).toBeGreaterThan(cosine(question, embed(FOOTBALL)));
    });

    it('matches a compound through its parts ("Ernährungsprogramm" ~ "Welternährungsprogramm")', () => {
      const query = embed('Was leistet das Ernährungsprogramm?');
      expect(cosine(query, embed(WFP))).toBeGreaterThan(cosine(query, embed(EXCLAVE)) + 0.1);
      expect(cosine(query, embed(WFP))).toBeGreaterThan(cosine(query, embed(FOOTBALL)) + 0.1);
    });

    it('matches a compound through its head ("Exklave" ~ "Regierungsexklave")', () => {
      const query = embed('Wo liegt die Exklave?');
      expect(cosine(query, embed(EXCLAVE))).toBeGreaterThan(cosine(query, embed(WFP)) + 0.1);
      expect(cosine(query, embed(EXCLAVE))).toBeGreaterThan(cosine(query, embed(FOOTBALL)) + 0.1);
    });

    it('matches inflected forms through stemming', () => {
      const query = embed('Rebell kontrolliert Stadt');
      expect(cosine(query, embed(EXCLAVE))).toBeGreaterThan(cosine(query, embed(WFP)) + 0.1);
    });

    it('folds ß and umlauts: spelling variants map (nearly) onto each other', () => {
      expect(Array.from(embed('Straße'))).toEqual(Array.from(embed('Strasse')));
      expect(Array.from(embed('Ernährung in Köln'))).toEqual(Array.from(embed('Ernahrung in Koln')));
      const variant = embed('die strasse in koln ist gesperrt');
      const original = embed('Die Straße in Köln ist gesperrt');
      expect(cosine(variant, original)).toBeGreaterThan(0.9);
      expect(cosine(variant, original)).toBeGreaterThan(cosine(variant, embed(FOOTBALL)) + 0.5);
    });
  });

  describe('id and settings', () => {
    it('names algorithm version and dimensions in the id', () => {
      // The text analysis stems the words it hashes: its version is part of the id.
      expect(embedder.id).toMatch(new RegExp(`^builtin:hash-v4-a${ANALYSIS_VERSION}:d256:`));
      expect(new BuiltinEmbedder({ dimensions: 384 }).id).toMatch(/^builtin:hash-v4-a\d+:d384:/);
    });

    it('changes the id whenever a setting changes', () => {
      const ids = new Set([
        builtinEmbedderId(DEFAULT_BUILTIN_SETTINGS),
        new BuiltinEmbedder({ capitalWeight: 1 }).id,
        new BuiltinEmbedder({ charNgramMax: 5 }).id,
        new BuiltinEmbedder({ tfExponent: 1 }).id,
        new BuiltinEmbedder({ bigramWeight: 0.3 }).id,
      ]);
      expect(ids.size).toBe(5);
      expect(new BuiltinEmbedder({}).id).toBe(builtinEmbedderId(DEFAULT_BUILTIN_SETTINGS));
    });

    it.each([
      [{ dimensions: 0 }],
      [{ dimensions: 2.5 }],
      [{ charNgramMin: 4, charNgramMax: 3 }],
      [{ unigramWeight: -1 }],
      [{ tfExponent: Number.NaN }],
      [{ unigramWeight: 0, charWeight: 0, bigramWeight: 0 }],
    ])('rejects invalid settings %j', (options) => {
      expect(() => new BuiltinEmbedder(options)).toThrow(RangeError);
    });
  });

  describe('retrieval quality on XQuAD de (from ../shared)', () => {
    const file = path.resolve(__dirname, '../../../../shared/data/xquad/xquad.de.json');
    const present = existsSync(file);
    if (!present) console.log(`skipping XQuAD quality check: ${file} not found`);
    (present ? it : it.skip)('puts the gold paragraph first for most German questions (dense only)', () => {
      const squad = JSON.parse(readFileSync(file, 'utf8')) as {
        data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ question: string }> }> }>;
      };
      // The first 80 of 240 paragraphs keep the test fast; the full suite is src/eval/measureBuiltin.ts.
      const paragraphs = squad.data.flatMap((article) => article.paragraphs).slice(0, 80);
      const vectors = paragraphs.map((p) => embed(p.context));
      let hits = 0;
      let total = 0;
      paragraphs.forEach((paragraph, gold) => {
        for (const qa of paragraph.qas) {
          const q = embed(qa.question);
          const goldScore = cosine(q, vectors[gold]!);
          if (vectors.every((v, i) => i === gold || cosine(q, v) < goldScore)) hits++;
          total++;
        }
      });
      expect(total).toBe(426);
      // Measured 0.784 here; hashed stemmed unigrams alone reach 0.653 on the same questions.
      expect(hits / total).toBeGreaterThan(0.75);
    });
  });
});
