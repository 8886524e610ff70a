/**
 * Candidates pgvector's HNSW search keeps (`hnsw.ef_search`) unless `PGVECTOR_EF_SEARCH` says
 * otherwise; pgvector accepts 1–1000. More candidates find more of the nearest passages and take
 * longer (README, Scaling out, measures both by collection size).
 */
export const DEFAULT_EF_SEARCH = 200;
