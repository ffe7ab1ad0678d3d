/**
 * The chain view's paging and order vocabulary, shared by the model and the
 * page (a `.server` module's values never reach the browser bundle).
 */
export const CHAIN_COLUMNS = ["upstream", "downstream", "other"] as const;
export type ChainColumnKey = (typeof CHAIN_COLUMNS)[number];

/** name: by the counterpart's name; stage: lifecycle order; score: the weakest first (attention). */
export const CHAIN_SORTS = ["name", "stage", "score"] as const;
export type ChainSort = (typeof CHAIN_SORTS)[number];

/** Rows per column and page. */
export const CHAIN_PAGE_SIZE = 25;
