/** Reading articles from files: see {@link readArticle} and {@link FileArticleSource}. */
export {
  readArticle,
  formatOf,
  SUPPORTED_EXTENSIONS,
  type ReadOptions,
  type ReadResult,
} from './read-article';
export { loadHtmlReader, type HtmlReader } from './html';
export { FileArticleSource, type FileArticleSourceOptions } from './file-source';
