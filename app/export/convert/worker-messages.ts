import type { ConvertFailure, Kept } from './convert-line';

/** Messages to the conversion worker. */
export type ToWorker =
  /** A page's JSON text (`data` = its indicators) with what dedupe kept of each. */
  | { type: 'page'; text: string; kept: Kept[]; refresh: boolean }
  | { type: 'finish' }
  | { type: 'discard' };

/** Messages from it: one per message received, in order. */
export type FromWorker =
  | { type: 'converted'; objects: number; failures: ConvertFailure[] }
  | { type: 'finished'; lines: number }
  | { type: 'discarded' }
  | { type: 'failed'; message: string };
