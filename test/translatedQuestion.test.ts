import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempApp, tempCollection } from './support/tempCollection';

describe('an English question about the sample articles', () => {
  // The dictionary's lines for the question's words; the supplement adds IS → "Islamischer Staat".
  const DING = [
    'zerstören {vt}; vernichten {vt} | zerstörend | zerstört :: to destroy | destroying | destroyed',
    'Palmyra {n} [geogr.] :: Palmyra',
  ].join('\n');

  it('counts a word and its translation in one sentence once, so a sentence naming IS twice does not win', async () => {
    const collection = await tempCollection();
    try {
      const file = path.join(collection.root, 'de-en');
      writeFileSync(file, DING);
      const app = await tempApp(collection, { DICTIONARY_PATH: file });
      await app.service.reindex({ full: true, by: 'test' });
      const { answer } = await app.service.ask('What did IS destroy in Palmyra?');
      expect(answer.abstained).toBe(false);
      const quotes = answer.citations.map((citation) => citation.quote);
      // The sentence that answers holds IS and Palmyra; the exclave sentence holds IS written
      // out and abbreviated ("Terrormiliz "Islamischer Staat" (IS)"), counted as three terms before.
      expect(quotes).toContainEqual(
        expect.stringContaining('mehrere Tempel aus vorislamischer Zeit gesprengt'),
      );
      expect(quotes[0]).not.toContain('Exklave');
    } finally {
      await collection.cleanup();
    }
  });
});
