// What the query pool and its workers say to each other (the worker module itself runs on import,
// so what both sides share lives here).
export interface WorkerSource {
  file: string;
  /** Media type of the file's syntax. */
  format: string;
  /** Graph for the file's default-graph triples (N-Quads keep their own). */
  graph?: string;
  /** The size the file had when it was written: a file of another size is not the published one. */
  size?: number;
}

export interface WorkerDataset {
  base: string;
  sources: WorkerSource[];
  /** N-Quads loaded after the files (data that has no file of its own: the SPARQL test suites). */
  extra: string[];
  /** Graphs written since the files were: each replaces the graph of that name. */
  graphs?: [string, string][];
  /** Answers larger than this are refused here, before they cross to the main thread. */
  maxResultBytes: number;
  /**
   * How much the worker's memory may grow beyond what the data took: the engine's memory never
   * shrinks, so a worker past it after a query is replaced once it has answered.
   */
  growthBytes?: number;
}

export interface QueryMessage {
  id: number;
  query: string;
  format: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** The query names its own dataset (FROM / FROM NAMED): no union default graph then. */
  ownDataset?: boolean;
}

/** A graph's new content (N-Quads), to replace the worker's copy: sent after each write. */
export interface ReplaceMessage {
  replace: string;
  nquads: string;
}

/** What a worker answers a query with. */
export type QueryReply = (
  | { id: number; body: Uint8Array; etag: string }
  | { id: number; error: string; fatal?: boolean }
  | { id: number; tooLarge: number; cap: number }
) & { recycle?: boolean };

/** A worker's start failure when a source is not as published: the pool writes it again and starts another. */
export const STALE = 'stale source';

