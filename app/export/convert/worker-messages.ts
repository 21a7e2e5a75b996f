import type { ConvertFailure } from './convert-line';

/** Messages to the conversion worker. */
export type ToWorker = { type: 'chunk'; lines: string[] } | { type: 'finish' } | { type: 'discard' };

/** Messages from it: one per message received, in order. */
export type FromWorker =
  | { type: 'converted'; objects: number; failures: ConvertFailure[] }
  | { type: 'finished'; lines: number }
  | { type: 'discarded' }
  | { type: 'failed'; message: string };
