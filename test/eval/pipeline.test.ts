import { rmSync } from 'node:fs';
import * as pipeline from '../../src/core/pipeline';
import { BuiltinEmbedder } from '../../src/core/embedding/builtin/builtinEmbedder';
import { prepareSelection, scoreSelection } from '../../tools/eval/answerSelection';
import { buildCorpus, hybridSystem } from '../../tools/eval/retrievalSystems';
import { closeTempApps, tempApp, tempCollection } from '../support/tempCollection';
import { writeTinyData } from './tinyData';

/** What is measured is what ships: the app and the tools build the pipeline through one factory. */
describe('one answering pipeline for the app and the tools', () => {
  afterEach(() => jest.restoreAllMocks());

  it('the app answers through createPipeline', async () => {
    const collection = await tempCollection();
    try {
      const spy = jest.spyOn(pipeline, 'createPipeline');
      const { service } = await tempApp(collection);
      await service.open();
      await service.ask('Welches Orchester spielte in Palmyra?');
      expect(spy).toHaveBeenCalled();
    } finally {
      await closeTempApps();
      await collection.cleanup();
    }
  });

  it('the retrieval eval ranks and the answer-selection eval answers through the same factory', async () => {
    const retrieval = jest.spyOn(pipeline, 'createPipeline');
    const answering = jest.spyOn(pipeline, 'createAnswerer');
    const embedder = new BuiltinEmbedder({ dimensions: 64 });
    const corpus = await buildCorpus(
      [{ id: 'u1', text: 'Der Rhein fließt durch Basel und Köln.' }],
      embedder,
      { maxChars: 500, overlapSentences: 1 },
      new Map(),
    );
    await hybridSystem(corpus, embedder).rank('Wo fließt der Rhein?', 5);
    expect(retrieval).toHaveBeenCalledTimes(1);

    const dataDir = writeTinyData();
    try {
      const prepared = await prepareSelection({
        dataDir,
        embedder,
        topK: 6,
        chunkMaxChars: 500,
        overlapSentences: 1,
        maxQuestionsPerSuite: 2,
      });
      await scoreSelection(prepared);
      expect(retrieval.mock.calls.length).toBeGreaterThan(1);
      expect(answering).toHaveBeenCalled();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
