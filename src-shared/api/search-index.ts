/** Semantic index: filled in by the search-index domain (issue 5). */
export const searchIndexApi = {};
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the domain
export interface SearchIndexEvents {}
