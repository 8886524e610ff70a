import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuiltinEmbedder } from '../../../src/core/embedding/builtin/builtinEmbedder';
import {
  builtinFallbackWarning,
  createEmbedder,
  type EmbedderSelection,
} from '../../../src/core/embedding/select';
import { TransformersEmbedder } from '../../../src/core/embedding/transformers';
import { loadTransformers, type LoadTransformers } from '../../../src/core/embedding/transformersLoader';
import { createTinyModel, shareTypedArraysWithNative, TINY_MODEL_SHAPE } from '../../support/tinyModel';

shareTypedArraysWithNative();

let modelsDir: string;
let emptyModelsDir: string;

beforeAll(async () => {
  modelsDir = mkdtempSync(path.join(os.tmpdir(), 'quellen-select-'));
  emptyModelsDir = mkdtempSync(path.join(os.tmpdir(), 'quellen-select-empty-'));
  await createTinyModel(modelsDir, 'test/tiny-bert');
});

afterAll(() => {
  rmSync(modelsDir, { recursive: true, force: true });
  rmSync(emptyModelsDir, { recursive: true, force: true });
});

function recordingLog() {
  return { warn: jest.fn<void, [string]>(), info: jest.fn<void, [string]>() };
}

function selection(overrides: Partial<EmbedderSelection>): EmbedderSelection {
  return {
    mode: 'auto',
    modelId: 'test/tiny-bert',
    modelsDir,
    allowRemote: false,
    builtinDimensions: 64,
    batchSize: 8,
    ...overrides,
  };
}

describe('createEmbedder', () => {
  it('GIVEN auto and a model in MODELS_DIR THEN uses transformers without warning', async () => {
    const log = recordingLog();
    const embedder = await createEmbedder(selection({ mode: 'auto' }), log);
    expect(embedder).toBeInstanceOf(TransformersEmbedder);
    expect(embedder.id).toBe('transformers:test/tiny-bert:q8');
    expect(embedder.dimensions).toBe(TINY_MODEL_SHAPE.hidden);
    expect((embedder as TransformersEmbedder).batchSize).toBe(8);
    expect(log.warn).not.toHaveBeenCalled();
    const vector = await embedder.embedQuery('Wer hat den Gesetzentwurf beschlossen?');
    expect(vector).toHaveLength(TINY_MODEL_SHAPE.hidden);
  });

  it('GIVEN auto and no model THEN falls back to the built-in embedder with exactly one warning saying what is lost and how to fix it', async () => {
    const log = recordingLog();
    const embedder = await createEmbedder(selection({ mode: 'auto', modelsDir: emptyModelsDir }), log);
    expect(embedder).toBeInstanceOf(BuiltinEmbedder);
    expect(embedder.dimensions).toBe(64);
    expect(log.warn).toHaveBeenCalledTimes(1);
    const warning = log.warn.mock.calls[0]?.[0] ?? '';
    expect(warning).toContain('cannot match English questions to German articles by meaning');
    expect(warning).toContain('quellen model fetch');
    expect(warning).toContain(`copy ${emptyModelsDir} here`);
    expect(warning).toContain('EMBEDDINGS=builtin');
    expect(warning).toContain(path.join(emptyModelsDir, 'test/tiny-bert/config.json'));
    expect(warning).not.toContain('\n');
  });

  it('GIVEN auto and a transformers.js that cannot load THEN falls back with one warning', async () => {
    const log = recordingLog();
    const loader: LoadTransformers = () => Promise.reject(new Error('Cannot find module onnxruntime-node'));
    const embedder = await createEmbedder(selection({ mode: 'auto', loader }), log);
    expect(embedder).toBeInstanceOf(BuiltinEmbedder);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]?.[0]).toBe(
      builtinFallbackWarning('test/tiny-bert', modelsDir, 'Cannot find module onnxruntime-node'),
    );
    // One line, the fix said once, and the setting that silences it.
    const warning = log.warn.mock.calls[0]![0] as string;
    expect(warning).not.toContain('\n');
    expect(warning.match(/quellen model fetch/g)).toHaveLength(1);
    expect(warning).toContain('EMBEDDINGS=builtin');
  });

  it('GIVEN transformers mode and no model THEN throws the one-line error naming the missing file and the fix', async () => {
    const log = recordingLog();
    await expect(
      createEmbedder(selection({ mode: 'transformers', modelsDir: emptyModelsDir }), log),
    ).rejects.toThrow(
      `embedding model test/tiny-bert is not available (missing ${path.join(emptyModelsDir, 'test/tiny-bert/config.json')}); ` +
        `run "quellen model fetch" on a machine with internet access, or copy the folder test/tiny-bert into MODELS_DIR (${emptyModelsDir})`,
    );
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('GIVEN transformers mode and a model THEN uses it', async () => {
    const embedder = await createEmbedder(selection({ mode: 'transformers' }), recordingLog());
    expect(embedder).toBeInstanceOf(TransformersEmbedder);
  });

  it('GIVEN builtin mode THEN never loads transformers.js, even when the model exists', async () => {
    const log = recordingLog();
    const loader = jest.fn<ReturnType<LoadTransformers>, []>(() => loadTransformers());
    const createTransformers = jest.fn(() => Promise.reject(new Error('must not be called')));
    const embedder = await createEmbedder(selection({ mode: 'builtin', loader, createTransformers }), log);
    expect(embedder).toBeInstanceOf(BuiltinEmbedder);
    expect(embedder.dimensions).toBe(64);
    expect(loader).not.toHaveBeenCalled();
    expect(createTransformers).not.toHaveBeenCalled();
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('passes model id, MODELS_DIR, remote permission and batch size to the transformers embedder', async () => {
    const createTransformers = jest.fn(() => Promise.reject(new Error('offline')));
    await createEmbedder(
      selection({
        mode: 'auto',
        modelId: 'Xenova/multilingual-e5-small',
        allowRemote: true,
        batchSize: 32,
        createTransformers,
      }),
      recordingLog(),
    );
    expect(createTransformers).toHaveBeenCalledWith({
      modelId: 'Xenova/multilingual-e5-small',
      modelsDir,
      allowRemote: true,
      batchSize: 32,
    });
  });
});
